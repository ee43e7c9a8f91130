"""Counts as reports write them: "68", "1,200", "sixty-eight", "a dozen", "dozens", "scores".

A :class:`Count` is a low / best / high triple (``high is None``: open-ended). Exact figures
have ``low == best == high``. Vague quantities follow ACLED's coding conventions for the
best figure ("several"/"many" 10, "dozens" 12, "hundreds" 100) with ``low`` never above
``best`` and an open ``high``; see ``docs/dates-and-fatalities.md`` for the full table and
the reasons. :func:`apply_qualifier` turns "at least", "more than", "nearly", "about",
"up to" ... into bands.

The regular expressions here (:data:`NUMBER_PATTERN`, :data:`QUALIFIER_PATTERN`) are also
the building blocks of :mod:`observatory.fatalities`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "FIRST_WORDS",
    "NUMBER_PATTERN",
    "QUALIFIER_PATTERN",
    "Count",
    "apply_qualifier",
    "parse_count",
    "parse_number_words",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class Count:
    """How many, as low / best / high. ``best is None``: no point estimate; ``high is None``:
    open-ended. Always ``0 <= low <= best <= high`` where they are set."""

    low: int
    best: int | None
    high: int | None

    def __post_init__(self) -> None:
        if self.low < 0:
            raise ValueError(f"count cannot be negative: {self.low}")
        if self.best is not None and self.best < self.low:
            raise ValueError(f"best {self.best} below low {self.low}")
        if self.high is not None and (
            self.high < self.low or (self.best is not None and self.best > self.high)
        ):
            raise ValueError(f"high {self.high} below low {self.low} or best {self.best}")

    @classmethod
    def exact(cls, n: int) -> Count:
        return cls(low=n, best=n, high=n)

    @property
    def is_exact(self) -> bool:
        return self.low == self.best == self.high


# -- number words ---------------------------------------------------------------------------

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
}
_TEENS = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {"thousand": 1_000, "million": 1_000_000}

_UNIT_RE = r"(?:one|two|three|four|five|six|seven|eight|nine)\b"
_SMALL_RE = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[-\s]" + _UNIT_RE + r"|\b)"
    r"|(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)\b"
    r"|" + _UNIT_RE + r")"
)
_HUND_RE = (
    r"(?:(?:a|one|two|three|four|five|six|seven|eight|nine)\s+hundred\b"
    r"(?:\s+(?:and\s+)?" + _SMALL_RE + r")?|" + _SMALL_RE + r")"
)
_THOU_RE = (
    r"(?:" + _HUND_RE + r"\s+thousand\b(?:,?\s+(?:and\s+)?" + _HUND_RE + r")?|" + _HUND_RE + r")"
)
_WORDS_RE = (
    r"(?:" + _THOU_RE + r"\s+million\b(?:,?\s+(?:and\s+)?" + _THOU_RE + r")?|" + _THOU_RE + r")"
)

_DIGITS_RE = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\s+(?:thousand|million)\b)?"

#: Vague quantities: the phrase (lower-case, single spaces) -> (low, best, high).
#: best follows ACLED's conventions; low is the most conservative reading not above best.
VAGUE: dict[str, tuple[int, int | None, int | None]] = {
    "a couple of": (2, 2, 2),
    "a couple": (2, 2, 2),
    "a few": (2, 3, None),
    "few": (2, 3, None),
    "several": (3, 10, None),
    "many": (2, 10, None),
    "numerous": (2, 10, None),
    "multiple": (2, 10, None),
    "a number of": (2, 10, None),
    "tens of": (10, 10, None),
    "tens": (10, 10, None),
    "dozens of": (12, 12, None),
    "dozens": (12, 12, None),
    "scores of": (20, 20, None),
    "scores": (20, 20, None),
    "hundreds of": (100, 100, None),
    "hundreds": (100, 100, None),
    "thousands of": (1000, 1000, None),
    "thousands": (1000, 1000, None),
    "tens of thousands of": (10_000, 10_000, None),
    "tens of thousands": (10_000, 10_000, None),
    "hundreds of thousands of": (100_000, 100_000, None),
    "hundreds of thousands": (100_000, 100_000, None),
}

_VAGUE_RE = (
    r"(?:(?:tens|dozens|hundreds)\s+of\s+thousands(?:\s+of)?"
    r"|(?:tens|dozens|scores|hundreds|thousands)(?:\s+of)?"
    r"|a\s+couple(?:\s+of)?|a\s+few|several|numerous|multiple|a\s+number\s+of|many)\b"
)
_DOZEN_RE = r"(?:(?:half\s+a|a|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+)?dozen\b"
_ONE_RE = r"(?:one|another|a|an)\b"

#: A number phrase: digits, number words, "a dozen", vague quantities, "a"/"an"/"one".
#: Case-insensitive; compile with ``re.IGNORECASE``.
NUMBER_PATTERN = (
    r"(?:"
    + _DIGITS_RE
    + r"|"
    + _DOZEN_RE
    + r"|"
    + _VAGUE_RE
    + r"|"
    + _WORDS_RE
    + r"|"
    + _ONE_RE
    + r")"
)

_QUALIFIERS: dict[str, str] = {
    # normalised phrase -> qualifier class
    "at least": "min",
    "no fewer than": "min",
    "no less than": "min",
    "not less than": "min",
    "a minimum of": "min",
    "a total of": "exact",
    "all": "exact",  # "killing all five people on board"
    "more than": "over",
    "over": "over",
    "upwards of": "over",
    "in excess of": "over",
    "nearly": "near",
    "almost": "near",
    "close to": "near",
    "just under": "near",
    "about": "approx",
    "around": "approx",
    "some": "approx",
    "approximately": "approx",
    "roughly": "approx",
    "an estimated": "approx",
    "estimated": "approx",
    "up to": "upto",
    "as many as": "upto",
    "at most": "max",
    "no more than": "max",
    "not more than": "max",
    "fewer than": "under",
    "less than": "under",
    "under": "under",
}

#: A qualifier before a number ("at least", "more than", "nearly", ...). Case-insensitive.
QUALIFIER_PATTERN = (
    r"(?:"
    + "|".join(sorted((q.replace(" ", r"\s+") for q in _QUALIFIERS), key=len, reverse=True))
    + r")\b"
)

#: The first word of every qualifier and number phrase: callers scanning long text can
#: test a word against this set before trying the full patterns.
FIRST_WORDS = frozenset(
    {q.split()[0] for q in _QUALIFIERS}
    | {v.split()[0] for v in VAGUE}
    | set(_UNITS)
    | set(_TEENS)
    | set(_TENS)
    | {"a", "an", "another", "half", "dozen"}
)

# The four characters whose lower case changes length (U+0130) or which match an ASCII
# letter only under re.IGNORECASE (U+0131, U+017F, U+212A). Without them, ``text.lower()`` has
# the same length as ``text``, the same word / digit / space characters at the same
# offsets, and a lower-case ASCII pattern matches it exactly where the IGNORECASE pattern
# matches ``text`` (checked over all of Unicode when this was written).
_UNALIGNED = re.compile("[\u0130\u0131\u017f\u212a]")


@lru_cache(maxsize=32)
def lower_aligned(text: str) -> str | None:
    """``text.lower()`` when its offsets are those of ``text`` and case-sensitive lower-case
    patterns on it match as IGNORECASE patterns on ``text``; None otherwise (the callers
    then read ``text`` the slow way). Cached: the extractor calls per sentence with the
    whole document."""
    if not text.isascii() and _UNALIGNED.search(text) is not None:
        return None
    low = text.lower()
    return low if len(low) == len(text) else None


def word_alternation(words: frozenset[str] | set[str]) -> str:
    """A regex alternation of lower-case ``words``, factored by first letter ("k(?:ill|idnap)
    |d(?:ead|ied)") so the regex engine tries one branch per position, not one per word.
    Longer words come first within a letter; append a boundary to match whole words."""
    by_first: dict[str, list[str]] = {}
    for word in words:
        by_first.setdefault(word[0], []).append(word[1:])
    parts = []
    for first, rests in sorted(by_first.items()):
        body = "|".join(re.escape(r) for r in sorted(set(rests), key=len, reverse=True))
        parts.append(re.escape(first) + "(?:" + body + ")")
    return "(?:" + "|".join(parts) + ")"


_SPACE = re.compile(r"[\s\u00a0]+")
_DIGITS = re.compile(r"^" + _DIGITS_RE + r"$")
_DOZEN = re.compile(r"^" + _DOZEN_RE + r"$")
_WORDS = re.compile(r"^" + _WORDS_RE + r"$")


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text.strip().lower())


def parse_number_words(text: str) -> int | None:
    """ "sixty-eight" -> 68, "two hundred and five" -> 205; None when not a well-formed
    number in words (no summing of "five five" as word2number would)."""
    phrase = _norm(text).replace("-", " ").replace(",", " ")
    if phrase in ("zero", "nil", "none"):
        return 0
    if not phrase or not _WORDS.match(_norm(text).replace(",", "")):
        return None
    total = 0
    current = 0
    for word in phrase.split():
        if word == "and":
            continue
        if word == "a":
            current = 1
        elif word in _UNITS:
            current += _UNITS[word]
        elif word in _TEENS:
            current += _TEENS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word in _SCALES:
            total += max(current, 1) * _SCALES[word]
            current = 0
        else:
            return None
    return total + current


def _parse_digits(phrase: str) -> int | None:
    scale = 1
    for word, factor in _SCALES.items():
        if phrase.endswith(word):
            scale = factor
            phrase = phrase[: -len(word)].strip()
    try:
        value = float(phrase.replace(",", ""))
    except ValueError:
        return None
    return round(value * scale)


def parse_count(text: str) -> Count | None:
    """Read one number phrase ("68", "1,200", "sixty-eight", "a dozen", "dozens of",
    "several", "a"); None when ``text`` is not one. Qualifiers are not read here: see
    :func:`apply_qualifier`."""
    return _parse_count(text)


@lru_cache(maxsize=4096)
def _parse_count(text: str) -> Count | None:
    """:func:`parse_count`, memoised: the same few phrases ("a", "two", "dozens") recur."""
    phrase = _norm(text)
    if not phrase:
        return None
    if _DIGITS.match(phrase):
        value = _parse_digits(phrase)
        return None if value is None else Count.exact(value)
    if phrase in VAGUE:
        low, best, high = VAGUE[phrase]
        return Count(low=low, best=best, high=high)
    if _DOZEN.match(phrase):
        head = phrase[: -len("dozen")].strip()
        if head in ("", "a", "one"):
            return Count.exact(12)
        if head == "half a":
            return Count.exact(6)
        factor = int(head) if head.isdigit() else parse_number_words(head)
        return None if factor is None else Count.exact(12 * factor)
    if phrase in ("a", "an", "another"):
        return Count.exact(1)  # "another child was killed": one more
    value = parse_number_words(phrase)
    return None if value is None else Count.exact(value)


def _band(n: int) -> int:
    """The half-width of an "about N" band: 10 % of N, at least 1."""
    return max(1, math.ceil(n * 0.1))


def qualifier_class(qualifier: str | None) -> str | None:
    """ "at least" -> "min", "more than" -> "over", ... (None for no or an unknown qualifier)."""
    if qualifier is None:
        return None
    return _qualifier_class(qualifier)


@lru_cache(maxsize=1024)
def _qualifier_class(qualifier: str) -> str | None:
    return _QUALIFIERS.get(_norm(qualifier))


def apply_qualifier(count: Count, qualifier: str | None) -> Count:
    """Widen ``count`` by a qualifier written before it.

    ========================================  ==========================================
    at least, no fewer than, a minimum of     low = best = N, high open
    more than, over, upwards of               low = best = N + 1, high open
    nearly, almost, close to, just under      low = N - band, best = high = N
    about, around, some, approximately        low = N - band, best = N, high = N + band
    up to, as many as                         low = 1, best = high = N
    at most, no more than                     low = 1, best none, high = N
    fewer than, less than, under              low = 1, best none, high = N - 1
    ========================================  ==========================================

    band = 10 % of N, at least 1. Vague counts ("dozens") keep their own low and best; only
    the open or closed end changes. Unknown qualifiers leave the count as it is.
    """
    kind = qualifier_class(qualifier)
    if kind is None or kind == "exact":
        return count
    n = count.best if count.best is not None else count.low
    exact = count.is_exact
    if kind == "min":
        return Count(low=count.low, best=count.best, high=None)
    if kind == "over":
        if not exact:
            return Count(low=count.low, best=count.best, high=None)
        return Count(low=n + 1, best=n + 1, high=None)
    if kind == "near":
        if not exact:
            return count
        return Count(low=max(0, n - _band(n)), best=n, high=n)
    if kind == "approx":
        if not exact:
            return count
        return Count(low=max(0, n - _band(n)), best=n, high=n + _band(n))
    if kind == "upto":
        return Count(low=min(1, n), best=n, high=n)
    if kind == "max":
        return Count(low=min(1, n), best=None, high=n)
    # "under": strictly fewer
    top = max(0, n - 1)
    return Count(low=min(1, top), best=None, high=top)
