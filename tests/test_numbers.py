"""Counts as reports write them, and qualifiers as bands."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from observatory.numbers import Count, apply_qualifier, parse_count, parse_number_words

_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS = [
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _words(n: int, *, hyphen: bool = True, use_and: bool = True) -> str:
    """English words for 0 <= n < 1,000,000 (test helper)."""
    if n < 10:
        return _ONES[n]
    if n < 20:
        return _TEENS[n - 10]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (("-" if hyphen else " ") + _ONES[ones] if ones else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        head = f"{_ONES[hundreds]} hundred"
        if not rest:
            return head
        return f"{head} {'and ' if use_and else ''}{_words(rest, hyphen=hyphen)}"
    thousands, rest = divmod(n, 1000)
    head = f"{_words(thousands, hyphen=hyphen, use_and=use_and)} thousand"
    if not rest:
        return head
    sep = " and " if use_and and rest < 100 else " "
    return f"{head}{sep}{_words(rest, hyphen=hyphen, use_and=use_and)}"


@pytest.mark.parametrize(
    ("text", "low", "best", "high"),
    [
        ("68", 68, 68, 68),
        ("1,200", 1200, 1200, 1200),
        ("sixty-eight", 68, 68, 68),
        ("Sixty Eight", 68, 68, 68),
        ("twenty one", 21, 21, 21),
        ("two hundred and five", 205, 205, 205),
        ("a hundred", 100, 100, 100),
        ("a dozen", 12, 12, 12),
        ("dozen", 12, 12, 12),
        ("half a dozen", 6, 6, 6),
        ("two dozen", 24, 24, 24),
        ("dozens", 12, 12, None),
        ("dozens of", 12, 12, None),
        ("scores", 20, 20, None),
        ("tens of", 10, 10, None),
        ("hundreds", 100, 100, None),
        ("thousands of", 1000, 1000, None),
        ("tens of thousands", 10_000, 10_000, None),
        ("several", 3, 10, None),
        ("many", 2, 10, None),
        ("a number of", 2, 10, None),
        ("a few", 2, 3, None),
        ("a couple of", 2, 2, 2),
        ("one", 1, 1, 1),
        ("a", 1, 1, 1),
        ("an", 1, 1, 1),
        ("two", 2, 2, 2),
        ("5 thousand", 5000, 5000, 5000),
        ("1.5 million", 1_500_000, 1_500_000, 1_500_000),
    ],
)
def test_parse_count(text: str, low: int, best: int | None, high: int | None) -> None:
    assert parse_count(text) == Count(low=low, best=best, high=high)


@pytest.mark.parametrize("text", ["", "fighters", "five five", "twenty twenty", "seventh", "the"])
def test_not_a_count(text: str) -> None:
    assert parse_count(text) is None


@pytest.mark.parametrize(
    ("qualifier", "n", "expected"),
    [
        (None, 50, (50, 50, 50)),
        ("at least", 50, (50, 50, None)),
        ("no fewer than", 9, (9, 9, None)),
        ("more than", 50, (51, 51, None)),
        ("over", 100, (101, 101, None)),
        ("nearly", 70, (63, 70, 70)),
        ("almost", 10, (9, 10, 10)),
        ("about", 40, (36, 40, 44)),
        ("some", 40, (36, 40, 44)),
        ("approximately", 1, (0, 1, 2)),
        ("up to", 30, (1, 30, 30)),
        ("as many as", 30, (1, 30, 30)),
        ("at most", 5, (1, None, 5)),
        ("fewer than", 10, (1, None, 9)),
        ("a total of", 12, (12, 12, 12)),
        ("unheard-of qualifier", 12, (12, 12, 12)),
    ],
)
def test_apply_qualifier(
    qualifier: str | None, n: int, expected: tuple[int, int | None, int | None]
) -> None:
    low, best, high = expected
    assert apply_qualifier(Count.exact(n), qualifier) == Count(low=low, best=best, high=high)


def test_qualifier_on_vague_count_keeps_its_figures() -> None:
    dozens = parse_count("dozens")
    assert dozens is not None
    assert apply_qualifier(dozens, "more than") == dozens
    assert apply_qualifier(dozens, "at least") == dozens


def test_count_rejects_inverted_bands() -> None:
    with pytest.raises(ValueError):
        Count(low=5, best=3, high=None)
    with pytest.raises(ValueError):
        Count(low=1, best=5, high=4)


@given(st.integers(min_value=0, max_value=100_000))
def test_digits_round_trip(n: int) -> None:
    assert parse_count(str(n)) == Count.exact(n)
    assert parse_count(f"{n:,}") == Count.exact(n)


@given(st.integers(min_value=0, max_value=100_000), st.booleans(), st.booleans())
def test_words_round_trip(n: int, hyphen: bool, use_and: bool) -> None:
    words = _words(n, hyphen=hyphen, use_and=use_and)
    assert parse_number_words(words) == n
    assert parse_count(words) == Count.exact(n)


_QUALIFIERS = [None, "at least", "more than", "nearly", "about", "up to", "at most", "fewer than"]


@given(st.integers(min_value=0, max_value=100_000), st.sampled_from(_QUALIFIERS))
def test_qualified_counts_keep_their_order(n: int, qualifier: str | None) -> None:
    c = apply_qualifier(Count.exact(n), qualifier)
    assert c.low <= (c.best if c.best is not None else c.low)
    if c.high is not None:
        assert c.low <= c.high
        assert c.best is None or c.best <= c.high


# -- helpers for fast scanning (same results, less work) ------------------------------------


@pytest.mark.parametrize(
    ("text", "aligned"),
    [
        ("Five Soldiers were KILLED", True),
        ("Café in Raqqa, ‘two’ killed — Äleppo", True),
        ("İdlib", False),  # lower() is two characters long
        ("ı", False),
        ("ſ", False),
        ("\u212a", False),
    ],
)
def test_lower_aligned(text: str, aligned: bool) -> None:
    from observatory.numbers import lower_aligned

    assert lower_aligned(text) == (text.lower() if aligned else None)


@given(st.sets(st.text(alphabet="abcdefgh", min_size=1, max_size=5), min_size=1, max_size=8))
def test_word_alternation_matches_exactly_the_words(words: set[str]) -> None:
    import re

    from observatory.numbers import word_alternation

    pattern = re.compile(word_alternation(words) + r"\Z")
    for word in words:
        assert pattern.match(word)
    for probe in ("", "a", "ab", "abc", "hgf", "aaaa", "bead", "face"):
        assert (pattern.match(probe) is not None) == (probe in words)
