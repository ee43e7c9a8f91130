"""Faster searches that must find exactly what the plain ones find: ``BoundarySearch``
(a pattern beginning with ``\\b``) and the chain pairs ("Tal Rifaat, Aleppo") tried only
before commas."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from observatory.extract import cues
from observatory.gazetteer.chains import _PAIR, _pairs
from observatory.text import BoundarySearch

_CUES = [
    cues.PROTRACTED,
    cues.BACKGROUND_TAIL,
    cues.LONG_AGO,
    cues.SPECULATIVE,
]
_PIECES = st.sampled_from(
    [
        "for several months",
        "for weeks",
        "in retaliation for",
        "over the deaths of",
        "two days after",
        "years ago",
        "could",
        "may have",
        "x",
        " ",
        "  ",
        ",",
        ".",
        "-",
        "'",
        "’",
        "\n",
        "the",
        "shelled",
        "campaign of",
        "daily strikes",
        "5-day siege",
        "é",
        "_",
        "9",
    ]
)


@pytest.mark.parametrize("rx", _CUES, ids=lambda rx: rx.pattern[:30])
@settings(max_examples=150, deadline=None)
@given(
    pieces=st.lists(_PIECES, max_size=14),
    cut=st.tuples(st.integers(0, 80), st.integers(0, 80)),
)
def test_boundary_search_finds_what_search_finds(
    rx: re.Pattern[str], pieces: list[str], cut: tuple[int, int]
) -> None:
    low = re.compile(rx.pattern)  # as the reader uses them: on lower-cased text
    fast = BoundarySearch(low)
    text = "".join(pieces).lower()
    pos, endpos = min(cut), max(cut)
    for a, b in ((0, len(text)), (pos, endpos), (pos, len(text))):
        want = low.search(text, a, b)
        got = fast.search(text, a, b)
        assert (want and (want.span(), want.groupdict())) == (got and (got.span(), got.groupdict()))


def test_boundary_search_at_the_start_and_after_a_word() -> None:
    fast = BoundarySearch(re.compile(r"\b(?:for|since) (?:weeks|months)\b"))
    assert fast.search("for weeks").span() == (0, 9)  # at the text's start
    assert fast.search("xfor weeks") is None
    assert fast.search("xfor weeks", 1) is None  # the word goes on before pos
    assert fast.search("x for weeks", 2).span() == (2, 11)
    assert fast.search("fought for weeks and for months", 10).span() == (21, 31)


@pytest.mark.parametrize(
    "pattern",
    [
        r"\ba|b",  # the \b belongs to one alternative only
        r"\b(?:a|-b)",  # "-" is no word character
        r"\b\s",
        r"\b(?:x?)",  # may match nothing
        r"\b[^a]",
        r"(?:\ba)",
    ],
)
def test_boundary_search_refuses_other_patterns(pattern: str) -> None:
    with pytest.raises(ValueError):
        BoundarySearch(re.compile(pattern))


_CHAIN_PIECES = st.sampled_from(
    [
        "Tal Rifaat",
        "Aleppo",
        "al-Bab",
        "Deir ez-Zor",
        "St. John's",
        "Homs",
        "province",
        "district",
        "city",
        "village",
        "and",
        "or",
        "the",
        "killed",
        "in",
        ",",
        ", ",
        ",\n",
        ". ",
        " ",
        "(",
        ")",
        "-",
        "3",
        "Syria",
        "’s",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_CHAIN_PIECES, max_size=20), st.sampled_from([" ", ""]))
def test_pairs_are_the_pattern_matches(pieces: list[str], sep: str) -> None:
    text = sep.join(pieces)
    want = [(m.span(), m.groupdict()) for m in _PAIR.finditer(text)]
    assert [(m.span(), m.groupdict()) for m in _pairs(text)] == want


@pytest.mark.parametrize(
    "text",
    [
        "Shelling hit Tal Rifaat, Aleppo province, on Monday.",
        "in Homs city, Homs, killing two",
        "Deir ez-Zor, Syria. Then al-Bab, Aleppo, and Idlib",
        "St. John's, Newfoundland, said",
        "Mosul,Iraq, Kirkuk, Iraq.",
    ],
)
def test_pairs_in_sentences(text: str) -> None:
    assert [m.span() for m in _pairs(text)] == [m.span() for m in _PAIR.finditer(text)]


@settings(max_examples=200, deadline=None)
@given(
    pieces=st.lists(
        st.sampled_from(
            [
                *("denied", "could", "had", "had been told", "last year", "in 2015", "not"),
                *("the", "x", " ", ",", "-", "previously", "planned", "mayor", "é", "9", "\n"),
            ]
        ),
        max_size=12,
    ),
    pos=st.integers(0, 40),
)
def test_the_reader_look_back_cues_match_where_any_before_matches(
    pieces: list[str], pos: int
) -> None:
    from observatory.extract.reader import _ANY_BEFORE_LOW

    plain = re.compile(cues.ANY_BEFORE.pattern)  # lower-case text, no flags
    text = "".join(pieces)
    want = plain.search(text, pos)
    got = _ANY_BEFORE_LOW.search(text, pos)
    assert (want and want.span()) == (got and got.span())


_PLACE_PIECES = st.sampled_from(
    [
        *("the village of ", "control of ", "Kafr Nabl", "al-Bab", "Tal-Rifaat", "Homs", "X"),
        *(" village", " town", " sub-district", "in ", "near ", "at ", " in ", ", ", "Idlib"),
        *("ad-Dana", "shelled ", "’s", "'", "-", " ", "\n", ".", "é", "9", "_", "Area"),
    ]
)


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(_PLACE_PIECES, max_size=16), pos=st.integers(0, 30))
def test_boundary_finditer_finds_what_finditer_finds(pieces: list[str], pos: int) -> None:
    from observatory.geocode import _LOCATIVE_UNKNOWN, _TRIGGER_UNKNOWN

    text = "".join(pieces)
    for fast in (_TRIGGER_UNKNOWN, _LOCATIVE_UNKNOWN):
        want = [(m.span(), m.groupdict()) for m in fast.pattern.finditer(text, pos)]
        assert [(m.span(), m.groupdict()) for m in fast.finditer(text, pos)] == want


_GROUP_PIECES = st.sampled_from(
    [
        *("members of the ", "Fighters from ", "gunmen of ", "Elements of the", "Martyrs", "X"),
        *("Brigade", "members", " of ", "the ", " ", "\n", ".", "-", "’", "é", "9", "_", "anti"),
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    pieces=st.lists(_GROUP_PIECES, max_size=14),
    cut=st.tuples(st.integers(0, 60), st.integers(0, 60)),
)
def test_members_of_a_group_found_as_finditer_finds_them(
    pieces: list[str], cut: tuple[int, int]
) -> None:
    from observatory.extract.named_groups import _MEMBERS_OF_NAME

    text = "".join(pieces)
    pos, endpos = min(cut), max(cut)
    want = [m.span() for m in _MEMBERS_OF_NAME.pattern.finditer(text, pos, endpos)]
    assert [m.span() for m in _MEMBERS_OF_NAME.finditer(text, pos, endpos)] == want
    got = _MEMBERS_OF_NAME.search(text, pos, endpos)
    assert (got and got.span()) == (want[0] if want else None)


_CLAUSE_PIECES = st.sampled_from(
    [
        *("rebels shelled the town", ", ", "; ", " - ", " – ", "—", "-", ",", ";", " ", "\n"),
        *("as ", "while ", "which ", "as well as ", "after", "meanwhile ", "”", "'", "x"),
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_CLAUSE_PIECES, max_size=14))
def test_clauses_are_cut_where_the_break_pattern_matches(pieces: list[str]) -> None:
    from observatory.text import _CLAUSE_BREAK, Segment, clauses

    text = "".join(pieces)
    cuts = [0, *(p for m in _CLAUSE_BREAK.finditer(text) for p in m.span()), len(text)]
    want = [(7 + s, 7 + e) for s, e in zip(cuts[::2], cuts[1::2], strict=True) if text[s:e].strip()]
    got = clauses(Segment(start=7, end=7 + len(text), text=text))
    assert [(c.start, c.end) for c in got] == want


_BEFORE_PIECES = st.sampled_from(
    [
        *("in ", "near ", "the ", "outskirts of ", "eastern ", "rebel-held ", "aleppo's ", "x"),
        *("shelled ", "people of ", "town of", " ", "  ", "\n", ",", "-", "’s ", "é", "9", "_"),
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_BEFORE_PIECES, max_size=12))
def test_a_locative_before_a_place_found_as_search_finds_it(pieces: list[str]) -> None:
    from observatory.extract.places import _LOCATIVE_BEFORE

    before = "".join(pieces)[-60:]
    want = _LOCATIVE_BEFORE.pattern.search(before)
    got = _LOCATIVE_BEFORE.search(before)
    assert (want and want.span()) == (got and got.span())
