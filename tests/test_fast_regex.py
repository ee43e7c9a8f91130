"""Regular expressions rewritten for speed must match exactly what the plain ones match:
same spans, same groups. Each rewrite is compared with the plain pattern it replaces,
built here from the same pieces, on generated text in the style of reports."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from observatory import dates, geocode
from observatory.actors.matcher import alternation, capitalised_alternation
from observatory.numbers import lower_aligned, word_alternation
from observatory.regexfast import word_trie

# -- regexfast.word_trie ------------------------------------------------------------------

_LETTERS = st.text(alphabet="abcs", min_size=1, max_size=5)


@settings(max_examples=300, deadline=None)
@given(words=st.sets(_LETTERS, min_size=1, max_size=12), text=st.text(alphabet="abcs .-é9"))
def test_a_word_trie_matches_the_words_and_nothing_else(words: set[str], text: str) -> None:
    trie = re.compile(rf"(?<!\w)(?:{word_trie(words)})(?!\w)")
    plain = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")(?!\w)")
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)]
    for word in words:
        assert re.fullmatch(word_trie(words), word)
    # without a boundary after it, the trie takes the longest word at a position
    longest = re.compile(word_trie(words))
    for start in range(len(text)):
        m = longest.match(text, start)
        fits = [w for w in words if text.startswith(w, start)]
        assert (m and m.group()) == (max(fits, key=len) if fits else None)


def test_a_word_trie_of_nothing_matches_nothing() -> None:
    assert re.search(word_trie([]), "anything") is None
    with pytest.raises(ValueError):
        word_trie(["a", ""])


# -- dates._DATE_START_RE -----------------------------------------------------------------


def _plain_loose(names: tuple[str, ...]) -> str:
    """dates._loose as first written: the separator of "10/04/2014" by a back-reference."""
    picked = [a for a in dates._ALTERNATIVES if a[len("(?P<") : a.index(">")] in names]
    body = "|".join(picked).replace(dates._MONTH, dates._MONTH_LOOSE)
    body = body.replace("(?P<num_sep>", "(?P<loose_sep>").replace("(?P=num_sep)", "(?P=loose_sep)")
    body = re.sub(r"\(\?P<(?!loose_sep>)\w+>", "(?:", body)
    return "(?:" + body + ")"


# each branch a look-ahead, the words a plain alternation: what _DATE_START_RE replaces
_PLAIN_DATE_START = re.compile(
    r"(?<![\w])(?:(?=\d)(?="
    + _plain_loose(dates._BY_FIRST_WORD["#"])
    + r")\w"
    + "".join(
        f"|(?={w}(?!\\w))(?={_plain_loose(dates._BY_FIRST_WORD[w])}){w}" for w in dates._CHECKED
    )
    + "|(?:"
    + word_alternation(dates._FIRST_WORDS - set(dates._CHECKED) - {"as"})
    + "s?|"
    + word_alternation(dates._PLURALS)
    + r")(?!\w))"
)

_DATE_PIECES = st.sampled_from(
    [
        *("the", "in", "of", "a", "an", "on", "that", "by", "as", "thes", "ins", "ons", "bys"),
        *("between", "from", "since", "last", "this", "for", "over", "during", "early", "mid"),
        *("day", "days", "week", "weeks", "month", "year", "hours", "ago", "later", "earlier"),
        *("yesterday", "overnight", "eve", "previous", "following", "same", "past", "next"),
        *("march", "may", "april", "sept", "dec", "monday", "tues", "thurs", "friday", "sundays"),
        *("two", "three", "few", "several", "couple", "twenty", "1", "3", "12", "31", "2014"),
        *("10/04/2014", "10-04-2014", "10.04.2014", "10/04.2014", "2014-04-10", "3rd", "5th"),
        *(" ", "  ", "\n", ",", ".", "-", "/", "–", "'", "é", "_", "x", "killed", "%", "km"),
    ]
)


@settings(max_examples=400, deadline=None)
@given(
    pieces=st.lists(_DATE_PIECES, max_size=16),
    sep=st.sampled_from([" ", "", "  "]),
    cut=st.tuples(st.integers(0, 60), st.integers(0, 60)),
)
def test_date_starts_are_found_where_the_plain_pattern_finds_them(
    pieces: list[str], sep: str, cut: tuple[int, int]
) -> None:
    text = sep.join(pieces)
    pos, endpos = min(cut), max(cut)
    for a, b in ((0, len(text)), (pos, endpos)):
        want = [(m.span(), m.group()) for m in _PLAIN_DATE_START.finditer(text, a, b)]
        got = [(m.span(), m.group()) for m in dates._DATE_START_RE.finditer(text, a, b)]
        assert got == want


def test_date_starts_in_a_report() -> None:
    text = (
        "On 10/04/2014, the day before the talks, regime jets struck the town of Kafr Nabl; "
        "three days later, between 3 and 5 April, shelling went on for weeks. In the past "
        "two days, since March, a couple of strikes a day hit it, as on Thursday evening."
    )
    low = lower_aligned(text)
    assert low is not None
    want = [(m.span(), m.group()) for m in _PLAIN_DATE_START.finditer(low)]
    assert [(m.span(), m.group()) for m in dates._DATE_START_RE.finditer(low)] == want
    assert len(want) > 10


# -- actors: capitalised_alternation ------------------------------------------------------

_ALIASES = st.sampled_from(
    [
        *("Houthis", "houthi forces", "Al-Shabaab", "al shabab", "ISIS", "IS", "SDF", "Ansar"),
        *("Taliban", "the Taliban", "ttp", "TTP", "Boko Haram", "a", "A", "ı", "ſam", "9 brigade"),
        *("'s group", "ansar allah", "jas", "JAS-B"),
    ]
)
_THEATRE_PIECES = st.sampled_from(
    [
        *("Houthis", "Houthi forces", "houthis", "Al-Shabaab", "Al Shabab", "ISIS", "IS", "Is"),
        *("SDF", "Ansar Allah", "ANSAR", "Taliban", "The Taliban", "TTP", "Ttp", "Boko  Haram"),
        *("JAS", "JAS-B", "A", "I", "S", "Sam", "said", " ", "-", "\n", ",", "x", "é", "9", "_"),
    ]
)


@settings(max_examples=400, deadline=None)
@given(
    aliases=st.sets(_ALIASES, min_size=1, max_size=8),
    pieces=st.lists(_THEATRE_PIECES, max_size=14),
    sep=st.sampled_from([" ", ""]),
    pos=st.integers(0, 30),
)
def test_capitalised_alternation_matches_what_the_look_ahead_form_matches(
    aliases: set[str], pieces: list[str], sep: str, pos: int
) -> None:
    fast = re.compile(capitalised_alternation(aliases, not_after=r"[\w-]") + r"(?![\w-])")
    plain = re.compile(rf"(?=[A-Z])(?<![\w-]){alternation(aliases)}(?![\w-])")
    text = sep.join(pieces)
    assert [m.span() for m in fast.finditer(text, pos)] == [
        m.span() for m in plain.finditer(text, pos)
    ]


def test_theatres_read_as_before() -> None:
    from observatory.actors.table import ActorTable

    table = ActorTable.default()
    text = "Houthi forces and Al-Shabaab fighters; the Taliban. anti-Houthi, TTP-linked"
    plain = re.compile(rf"(?=[A-Z])(?<![\w-]){alternation(table._theatre_of)}(?![\w-])")
    assert table._theatre_rx is not None
    want = [m.span() for m in plain.finditer(text)]
    assert [m.span() for m in table._theatre_rx.finditer(text)] == want
    assert table.theatres(text) >= {"YE", "SO", "AF"}


# -- geocode: possessive name words, the bearing's gate -----------------------------------

_PLACE_PIECES = st.sampled_from(
    [
        *("the village of ", "control of ", "Kafr Nabl", "al-Bab", "Tal-Rifaat", "Homs", "X"),
        *(" village", " town", " sub-district", "in ", "near ", "at ", " in ", ", ", "Idlib"),
        *("ad-Dana", "Deir's", "’s", "'", "-", " ", "\n", ".", "é", "9", "_", "Area", "Ab"),
    ]
)


# the names as first written: an optional article, then letters given back on demand
_PLAIN_NAME = (
    r"(?:al-|el-|ad-|as-|ash-|az-|ar-|an-)?[A-Z][\w'’]+(?:[ \-](?:al-|el-)?[A-Z][\w'’]+){0,3}"
)


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(_PLACE_PIECES, max_size=16), pos=st.integers(0, 30))
def test_unknown_names_match_as_first_written(pieces: list[str], pos: int) -> None:
    text = "".join(pieces)
    for fast in (geocode._TRIGGER_UNKNOWN, geocode._LOCATIVE_UNKNOWN):
        source = fast.pattern.pattern
        assert geocode._UNKNOWN_NAME in source
        plain = re.compile(source.replace(geocode._UNKNOWN_NAME, _PLAIN_NAME), fast.pattern.flags)
        want = [(m.span(), m.groupdict()) for m in plain.finditer(text, pos)]
        assert [(m.span(), m.groupdict()) for m in fast.finditer(text, pos)] == want


# the capitalised runs as first written
_PLAIN_ART = "al|el|ad|ash|as|az|ar|an|at|ed|es|ez|ath|adh|et|en"
_PLAIN_CAP = r"(?:[A-Z]\.){2,}|[^\W\d_a-z][\w'’ʿʾ]*"
_PLAIN_RUN = re.compile(
    rf"(?<![\w'’])(?:(?:{_PLAIN_ART})-)?(?:{_PLAIN_CAP})"
    rf"(?:(?:[ \t]-[ \t]|[ \t]-|-[ \t]|[ \t]|-)(?:(?:{_PLAIN_ART}|bin|ibn|de|la|of)(?:[ \t]|-))*"
    rf"(?:(?:{_PLAIN_ART})-)?(?:{_PLAIN_CAP}))*"
)
_RUN_PIECES = st.sampled_from(
    [
        *("al-", "el-", "ash-", "ath-", "adh-", "at-", "as-", "ed-", "en-", "an ", "bin ", "of "),
        *(
            "Bab",
            "Deir",
            "Zor",
            "U.S.",
            "A.B",
            "U.",
            "N.",
            "É",
            "é",
            "Ω",
            "İdlib",
            "x",
            "la ",
            "de ",
        ),
        *(" ", " - ", "- ", " -", "-", "\t", "\n", "'", "’", ",", ".", "9", "_", "ʿ", "Tal'"),
    ]
)


@settings(max_examples=400, deadline=None)
@given(pieces=st.lists(_RUN_PIECES, max_size=16), pos=st.integers(0, 30))
def test_capitalised_runs_are_found_as_first_written(pieces: list[str], pos: int) -> None:
    text = "".join(pieces)
    want = [m.span() for m in _PLAIN_RUN.finditer(text, pos)]
    assert [m.span() for m in geocode._RUN.finditer(text, pos)] == want


_BEARING_PIECES = st.sampled_from(
    [
        *("North", "north", "NORTH", "south", "ſouth", "east", "West", "northeast", "south-west"),
        *("ern", " of ", "of", " the ", "city ", "town of ", "5 km ", "a few ", "several ", "10"),
        *("(6 miles) ", "miles ", "kilometres ", "Aleppo", "village", ",", " ", "\n", "é", "x"),
    ]
)


@settings(max_examples=400, deadline=None)
@given(pieces=st.lists(_BEARING_PIECES, max_size=12), cut=st.integers(0, 40))
@example(pieces=["ſouth", " of "], cut=0)  # "ſ" matches "s" in any case: not ASCII, searched
def test_the_bearing_gate_finds_what_the_search_finds(pieces: list[str], cut: int) -> None:
    text = "".join(pieces)
    start = min(cut, len(text))
    want = geocode._BEARING.search(text, start, len(text))
    got = geocode._bearing(text, start, len(text))
    assert (want and (want.span(), want.groupdict())) == (got and (got.span(), got.groupdict()))


@pytest.mark.parametrize("article", [*_PLAIN_ART.split("|"), "ab", "eh", "x"])
def test_every_article_begins_a_run_and_a_name_as_first_written(article: str) -> None:
    for text in (
        f"{article}-Bab",
        f"shelled {article}-Bab {article}-Deir and U.S.-{article}-Tal, {article}-bab",
        f"the village of {article}-Haseen hit; {article}-Kafr Nabl village; in {article}-Ma, Idlib",
    ):
        want = [m.span() for m in _PLAIN_RUN.finditer(text)]
        assert [m.span() for m in geocode._RUN.finditer(text)] == want
        for fast in (geocode._TRIGGER_UNKNOWN, geocode._LOCATIVE_UNKNOWN):
            source = fast.pattern.pattern.replace(geocode._UNKNOWN_NAME, _PLAIN_NAME)
            plain = re.compile(source, fast.pattern.flags)
            want_named = [(m.span(), m.groupdict()) for m in plain.finditer(text)]
            assert [(m.span(), m.groupdict()) for m in fast.finditer(text)] == want_named
