"""Scanners rewritten for speed give what their plain regular expressions give.

Each rewrite keeps its plain pattern here as the specification and is compared with it on
generated text made of the words and characters the pattern cares about."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from observatory import fatalities
from observatory.extract import places, reader
from observatory.extract.reader import _mask_months
from observatory.fatalities import _TRIGGER_WORD, _TRIGGERS
from observatory.regexfast import prefix_trie
from observatory.text import GatedSearch, literal_prefixes

# --- "May" and "March" in dates, masked for the cues

_DATED_MONTH_SPEC = re.compile(
    r"(?:\d(?:st|nd|rd|th)?\s+|\b(?i:in|of|on|by|early|late|mid|since|until|last|next|this|"
    r"during)\s+)(?P<a>May|March)\b|\b(?P<b>May|March)(?=\s+\d)",
)


def _mask_months_spec(text: str) -> str:
    def mask(m: re.Match[str]) -> str:
        name = "a" if m.group("a") else "b"
        lo, hi = m.span(name)
        return m.group()[: lo - m.start()] + "x" * (hi - lo) + m.group()[hi - m.start() :]

    return _DATED_MONTH_SPEC.sub(mask, text)


_PIECES = st.sampled_from(
    [
        "May",
        "March",
        "Marches",
        "Mayor",
        "may",
        "In",
        "in",
        "within",
        "since",
        "Early",
        "mid",
        "this",
        "1st",
        "2nd",
        "3RD",
        "9",
        "2022",
        "x",
        "_",
        " ",
        "  ",
        "\n",
        "\t",
        "-",
        ",",
        ".",
        "(",
        "é",
        "٣",
    ]
)


@settings(max_examples=600, deadline=None)
@given(st.lists(_PIECES, max_size=14).map("".join))
def test_month_masking_matches_its_plain_pattern(text: str) -> None:
    assert _mask_months(text) == _mask_months_spec(text)


def test_month_masking_on_report_sentences() -> None:
    text = (
        "On 9 May 2022, regime forces shelled the village. The mayor said they may return "
        "in March; a March of thousands followed on the 1st March. May 3 was quiet, and "
        "since\nMay the Mayor's office has stayed shut."
    )
    assert _mask_months(text) == _mask_months_spec(text)
    assert "may return" in _mask_months(text) and "a March of" in _mask_months(text)


# --- a prefix trie finds a word of its set wherever the plain alternation does


@settings(max_examples=300, deadline=None)
@given(
    st.sets(st.text(alphabet="abcd", min_size=1, max_size=4), min_size=1, max_size=12),
    st.text(alphabet="abcd ", max_size=30),
)
def test_prefix_trie_finds_the_same_places_as_the_alternation(words: set[str], text: str) -> None:
    trie = re.compile(prefix_trie(words))
    plain = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))
    for i in range(len(text) + 1):
        assert (trie.match(text, i) is not None) == (plain.match(text, i) is not None)


def test_casualty_words_found_as_a_trie() -> None:
    plain = re.compile("|".join(re.escape(t) for t in _TRIGGERS))
    for sentence in (
        "the army shelled the town on tuesday",
        "three people were killed and 12 wounded",
        "the bodies of two men were found",
        "hundreds fled the fighting",
        "",
    ):
        assert bool(_TRIGGER_WORD.search(sentence)) == bool(plain.search(sentence))


# --- a gated search finds what the plain search finds

# every gated search of the extractor's modules, found where it is declared
_GATED = {
    f"{module.__name__.rsplit('.', 1)[-1]}.{name}": value.pattern
    for module in (reader, places, fatalities)
    for name, value in vars(module).items()
    if isinstance(value, GatedSearch)
}


def test_the_hot_cues_are_gated() -> None:
    assert {"reader._ANY_BEFORE_LOW", "reader._AGGREGATE_LOW", "places._DIRECTION_BEFORE"} <= set(
        _GATED
    )


_FILLER = ("killed", "the", "war", "has", "have", "been", "since", "2012", "not", "x", "ab")


def _cue_words(pattern: re.Pattern[str]) -> list[str]:
    prefixes = literal_prefixes(pattern)
    assert prefixes is not None
    return sorted(prefixes)


@pytest.mark.parametrize("pattern", list(_GATED.values()), ids=list(_GATED))
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_gated_search_finds_the_first_match_of_the_plain_search(
    pattern: re.Pattern[str], data: st.DataObject
) -> None:
    words = st.sampled_from([*_cue_words(pattern), *_FILLER])
    seps = st.sampled_from([" ", " ", "  ", ",", ".", "-", "\n", ""])
    pieces = data.draw(st.lists(st.tuples(words, seps), max_size=12))
    text = "".join(w + s for w, s in pieces)
    pos = data.draw(st.integers(0, len(text)))
    endpos = data.draw(st.integers(pos, len(text)))
    gated = GatedSearch(pattern).search(text, pos, endpos)
    plain = pattern.search(text, pos, endpos)
    assert (gated and (gated.span(), gated.groups())) == (plain and (plain.span(), plain.groups()))


def test_literal_prefixes_refuse_what_they_cannot_bound() -> None:
    assert literal_prefixes(re.compile(r"\b\w+ed")) is None  # any word
    assert literal_prefixes(re.compile(r"\d+ killed")) is None  # (Unicode digits)
    assert literal_prefixes(re.compile(r"(?i:killed)")) is None  # case ignored
    assert literal_prefixes(re.compile(r"(?:just )?killed")) == {"just ", "killed"}
    assert literal_prefixes(re.compile(r"\b(?:a|an) [xy]")) == {"a x", "a y", "an x", "an y"}
    with pytest.raises(ValueError):
        GatedSearch(re.compile(r"x?"))
