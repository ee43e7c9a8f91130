"""Date expressions in conflict reports, resolved against the publication date.

:func:`find_dates` finds explicit dates ("April 10, 2014", "10/04/2014", "Wed 05 Apr 2017"),
weekdays ("Thursday", "at dawn Thursday", "after midnight Friday", "last Thursday"),
relative days ("yesterday", "overnight", "the day before"), windows ("this week", "the
past two days", "last month", "in March 2013") and durations that date nothing ("for
weeks", "since 2012"). Each becomes a :class:`DateMention` with its span, its kind, the
resolved day or window, a precision and a basis. The conventions (which days "last week"
covers, what "overnight" means, how a year is supplied) are in
``docs/dates-and-fatalities.md``.

Everything is one precompiled regular expression plus arithmetic: no dateparser in the
hot path.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from observatory.numbers import lower_aligned
from observatory.records import DateBasis, DatePrecision, Span
from observatory.regexfast import word_trie

__all__ = [
    "DateMention",
    "DateMentionKind",
    "find_dates",
    "is_background",
    "resolve_weekday",
]


class DateMentionKind(StrEnum):
    DAY = "day"  # one day ("Thursday", "April 10", "yesterday")
    PERIOD = "period"  # a window an event happened in ("this week", "last month")
    DURATION = "duration"  # a length that dates nothing ("for weeks", "since 2012")


@dataclass(frozen=True, slots=True, kw_only=True)
class DateMention:
    """One date expression. ``window`` is ``(first, last)`` possible day: ``(d, d)`` for a
    DAY (``(d - 1, d)`` for "overnight", which straddles two days), the window for a
    PERIOD, None for a DURATION or when nothing resolves (no publication date)."""

    span: Span
    kind: DateMentionKind
    date: dt.date | None
    window: tuple[dt.date, dt.date] | None
    precision: DatePrecision
    basis: DateBasis
    part_of_day: str | None = None


# -- vocabulary ---------------------------------------------------------------------------

_MONTHS: dict[str, int] = {}
for _i, _name in enumerate(
    (
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ),
    start=1,
):
    _MONTHS[_name] = _i
    _MONTHS[_name[:3]] = _i
_MONTHS["sept"] = 9

_WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
_WEEKDAY_ABBR = {"mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3}
_WEEKDAY_ABBR |= {"fri": 4, "sat": 5, "sun": 6}

_SMALL_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fourteen": 14,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "few": 4,
    "several": 4,
    "couple of": 2,
    "a couple of": 2,
    "a few": 4,
}

# Month names must be capitalised ("May 5", not "may"; "March 3", not "march").
_MONTH = (
    r"(?-i:(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?![a-z])\.?))(?![a-z])"
)
_WD_FULL = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_WD_ANY = r"(?:" + _WD_FULL + r"|mon|tues|tue|wed|thurs|thur|thu|fri|sat|sun)\.?"
_DAYNUM = (
    r"\b(?:[12]\d|3[01]|0?[1-9])(?!\d)(?:st|nd|rd|th)?\b(?![:.,]\d)"
    r"(?!-year|\s*(?:%|percent|km|kilomet|mile))"
)
_YEAR = r"(?:19\d\d|20\d\d)(?!\d)"
_NUMW = (
    r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen"
    r"|fifteen|twenty|thirty|few|several|a\s+few|(?:a\s+)?couple\s+of)"
)
_UNIT = r"(?:hours?|days?|weeks?|months?|years?)"


def _g(name: str, body: str) -> str:
    return f"(?P<{name}>{body})"


_ALTERNATIVES = [
    # 2014-04-10
    _g(
        "iso",
        r"\b"
        + _g("iso_y", r"\d{4}")
        + "-"
        + _g("iso_m", r"\d\d")
        + "-"
        + _g("iso_d", r"\d\d")
        + r"\b",
    ),
    # 10/04/2014, 10-04-2014, 10.04.2014 (day first unless impossible)
    _g(
        "num",
        r"\b"
        + _g("num_a", r"\d{1,2}")
        + _g("num_sep", r"[/.-]")
        + _g("num_b", r"\d{1,2}")
        + r"(?P=num_sep)"
        + _g("num_y", r"\d{4}")
        + r"\b",
    ),
    # between April 3 and 5 / from April 3 to April 5 / April 3-5, 2014
    _g(
        "rmd",
        r"(?:(?:between|from)\s+)?"
        + _g("rmd_m1", _MONTH)
        + r"\s+"
        + _g("rmd_d1", _DAYNUM)
        + r"\s*(?:-|–|to|and|until)\s*(?:"
        + _g("rmd_m2", _MONTH)
        + r"\s+)?"
        + _g("rmd_d2", _DAYNUM)
        + r"(?:,?\s+"
        + _g("rmd_y", _YEAR)
        + r")?",
    ),
    # between 3 and 5 April / 3-5 April 2014
    _g(
        "rdm",
        r"(?:(?:between|from)\s+)?(?:the\s+)?"
        + _g("rdm_d1", _DAYNUM)
        + r"\s*(?:-|–|to|and|until)\s*(?:the\s+)?"
        + _g("rdm_d2", _DAYNUM)
        + r"(?:\s+of)?\s+"
        + _g("rdm_m", _MONTH)
        + r"(?:,?\s+"
        + _g("rdm_y", _YEAR)
        + r")?",
    ),
    # (Wed) 05 Apr 2017 / Thursday, the 10th of April
    _g(
        "dm",
        r"(?:"
        + _g("dm_wd", _WD_ANY)
        + r",?\s+)?(?:the\s+)?"
        + _g("dm_d", _DAYNUM)
        + r"(?:\s+of)?\s+"
        + _g("dm_m", _MONTH)
        + r"(?:,?\s+"
        + _g("dm_y", _YEAR)
        + r")?",
    ),
    # (Thu) Jul 7 2016 / April 10, 2014 / April 10th
    _g(
        "md",
        r"(?:"
        + _g("md_wd", _WD_ANY)
        + r",?\s+)?"
        + _g("md_m", _MONTH)
        + r"\s+(?:the\s+)?"
        + _g("md_d", _DAYNUM)
        + r"(?!\d)(?:,?\s+"
        + _g("md_y", _YEAR)
        + r")?",
    ),
    # (in|since) March 2013
    _g(
        "my",
        r"(?:"
        + _g("my_pre", r"since|until|till")
        + r"\s+)?(?:(?:early|late|mid|mid-)\s*)?"
        + _g("my_m", _MONTH)
        + r",?\s+(?:of\s+)?"
        + _g("my_y", _YEAR),
    ),
    # in March / last March / since March
    _g(
        "mo",
        r"\b"
        + _g("mo_pre", r"in|during|since|until|till|early|late|mid|last|this|by|throughout")
        + r"[\s-]+(?:early\s+|late\s+|mid-?)?"
        + _g("mo_m", _MONTH)
        + r"(?!\s*\d)",
    ),
    # in 2012 / since 2012
    _g(
        "yr",
        r"\b"
        + _g("yr_pre", r"in|during|since|until|till|throughout|early|late|mid-|by")
        + r"\s*"
        + _g("yr_y", _YEAR)
        + r"(?!,\d|\s+(?:people|persons|civilians|soldiers|fighters|troops))",
    ),
    # yesterday, today, overnight, the day before, ...
    _g(
        "rel",
        r"\b(?:"
        + r"the\s+day\s+before\s+yesterday|yesterday|today|tonight|last\s+night|overnight"
        + r"|this\s+(?:morning|afternoon|evening)|earlier\s+today|later\s+today"
        + r"|the\s+(?:day\s+before|previous\s+day|day\s+after|next\s+day|following\s+day|same\s+day)"
        + r"|a\s+day\s+(?:earlier|before|later|after)|that\s+same\s+day|that\s+day|on\s+the\s+eve"
        + r"|the\s+previous\s+(?:night|evening)|the\s+following\s+(?:night|morning|evening)"
        + r")\b",
    ),
    # two days ago / three days later
    _g(
        "ago",
        r"\b"
        + _g("ago_n", _NUMW)
        + r"\s+"
        + _g("ago_u", _UNIT)
        + r"\s+"
        + _g("ago_w", r"ago|later|earlier")
        + r"\b",
    ),
    # for three days, for nearly two years: a duration
    _g(
        "dur",
        r"\bfor\s+(?:about\s+|nearly\s+|almost\s+|more\s+than\s+|over\s+|some\s+)?"
        + _NUMW
        + r"\s+"
        + _UNIT
        + r"\b",
    ),
    # this week, last month, the past two days, over the past 48 hours, for weeks, in recent days
    _g(
        "per",
        r"\b(?:"
        + _g("per_pre", r"for|over|in|during|within|throughout|through|of|since")
        + r"\s+)?(?:"
        + r"(?:the\s+)?"
        + _g("per_which", r"past|last|previous|coming|next|recent|this|earlier\s+this|later\s+this")
        + r"\s+(?:"
        + _g("per_n", _NUMW)
        + r"\s+)?"
        + _g("per_u", _UNIT)
        + r"|"
        + _g("per_bare", r"(?:days|weeks|months|years|hours)")
        + r")\b",
    ),
    # Thursday, last Thursday, Thursday evening
    _g(
        "wd",
        r"\b(?:"
        + _g("wd_rel", r"last|this|next|past|previous|coming")
        + r"\s+)?"
        + _g("wd_d", _WD_FULL)
        + r"(?:'s|’s|s(?=\s+[a-z]))?\b(?:\s+"
        + _g("wd_pod", r"morning|afternoon|evening|night|dawn|overnight")
        + r"\b)?",
    ),
]

# every alternative starts at a word start: checking that first makes the scan fast
_DATE_RE = re.compile(r"(?<![\w])(?:" + "|".join(_ALTERNATIVES) + ")", re.IGNORECASE)
_WORD_START_RE = re.compile(r"(?<![\w])\w+")
_FIRST_WORDS = frozenset(
    set(_MONTHS)
    | set(_WEEKDAYS)
    | set(_WEEKDAY_ABBR)
    | {w for phrase in _SMALL_NUMBERS for w in phrase.split()[:1]}
    | set(
        [
            "between",
            "from",
            "the",
            "in",
            "during",
            "since",
            "until",
            "till",
            "early",
            "late",
            "mid",
            "last",
            "this",
            "by",
            "throughout",
            "yesterday",
            "today",
            "tonight",
            "overnight",
            "earlier",
            "later",
            "that",
            "on",
            "for",
            "over",
            "within",
            "through",
            "of",
            "past",
            "previous",
            "coming",
            "next",
            "recent",
            "days",
            "weeks",
            "months",
            "years",
            "hours",
            "january",
            "february",
            "april",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ]
    )
)


def _alternatives_regex(names: tuple[str, ...]) -> re.Pattern[str] | None:
    """:data:`_DATE_RE` cut down to the named alternatives, in their order (None: none)."""
    if not names:
        return None
    picked = [a for a in _ALTERNATIVES if a[len("(?P<") : a.index(">")] in names]
    assert len(picked) == len(names), names
    return re.compile(r"(?<![\w])(?:" + "|".join(picked) + ")", re.IGNORECASE)


# The alternatives that can match at a frequent first word ("#": a word starting with a
# digit). An alternative left out cannot start with the word, so the cut-down regex
# matches exactly where and as :data:`_DATE_RE` does, without trying the other twelve at
# every "the", "in" and "of". Words not listed are matched with the whole regex.
_BY_FIRST_WORD: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "#": ("iso", "num", "rdm", "dm", "ago"),
        "the": ("rdm", "dm", "rel", "per"),
        "in": ("mo", "yr", "per"),
        "of": ("per",),
        "a": ("rel", "ago"),
        "an": ("ago",),
        "as": (),
        "on": ("rel",),
        "that": ("rel",),
        "by": ("mo", "yr"),
        "for": ("dur", "per"),
        "from": ("rmd", "rdm"),
        "between": ("rmd", "rdm"),
        "over": ("per",),
        "since": ("my", "mo", "yr", "per"),
        "during": ("mo", "yr", "per"),
        "throughout": ("mo", "yr", "per"),
        "within": ("per",),
        "through": ("per",),
        "last": ("mo", "rel", "per", "wd"),
        "this": ("mo", "rel", "per", "wd"),
        "earlier": ("rel", "per"),
        "early": ("my", "mo", "yr"),
        "late": ("my", "mo", "yr"),
    }
    | {
        w: ("ago",)
        for w in [
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "fourteen",
            "fifteen",
            "twenty",
            "thirty",
            "few",
            "several",
        ]
    }
)
_DATE_RE_FOR = MappingProxyType({w: _alternatives_regex(n) for w, n in _BY_FIRST_WORD.items()})

# Month names match in any case on the lower-cased text: a looser test than _MONTH
_MONTH_LOOSE = _MONTH.lower().replace("(?-i:", "(?:")


def _loose(names: tuple[str, ...]) -> str:
    """The named alternatives for ``lower_aligned(text)``, without groups: they match
    wherever the IGNORECASE alternatives match the text (and, month names in any case, at
    some more places). A cheap test inside the word-start regex. (The separator that
    "10/04/2014" repeats is spelt out for each of "/", "." and "-": a look-behind, where
    these tests go, cannot refer back to a group.)"""
    picked = [a for a in _ALTERNATIVES if a[len("(?P<") : a.index(">")] in names]
    body = "|".join(picked).replace(_MONTH, _MONTH_LOOSE)
    repeated = r"(?P<num_sep>[/.-])(?P<num_b>\d{1,2})(?P=num_sep)"
    assert ("(?P<num_sep>" in body) == (repeated in body)
    body = body.replace(repeated, r"(?:/\d{1,2}/|\.\d{1,2}\.|-\d{1,2}-)")
    body = re.sub(r"\(\?P<\w+>", "(?:", body)
    assert "(?P" not in body and not re.search(r"(?<![\\?])[A-Z]", body)
    return "(?:" + body + ")"


_CHECKED = ("the", "in", "of", "a", "on", "that", "by")  # the most frequent, rarely dates
_PLURALS = {w + "s" for w in _CHECKED} - {"as"}
_STARTING_WORDS = frozenset(
    {w + s for w in _FIRST_WORDS - set(_CHECKED) - {"as"} for s in ("", "s")} | _PLURALS
)
assert all(w.isalpha() for w in _STARTING_WORDS)
# Every word start that may begin a date, on ``lower_aligned(text)``: a word of _FIRST_WORDS
# (plural or not) or starting with a digit. The frequent words of _BY_FIRST_WORD and digits
# are candidates only where their alternatives could match (checked by a look-ahead,
# inside the regex engine); "as" never is. Each branch begins with what it consumes, a
# digit or a word, and checks the look-ahead from behind (``\d(?<=(?=...)\d)``): a branch
# that begins with a look-ahead is entered at every word start, one that begins with a
# character is passed over at once where the text holds another. The other words are one
# trie (``regexfast.word_trie``).
_DATE_START_RE = re.compile(
    r"(?<![\w])(?:\d(?<=(?="
    + _loose(_BY_FIRST_WORD["#"])
    + r")\d)"
    + "".join(f"|{w}(?!\\w)(?<=(?={_loose(_BY_FIRST_WORD[w])}){w})" for w in _CHECKED)
    + "|"
    + word_trie(_STARTING_WORDS)
    + r"(?!\w))"
)


def _date_starts(text: str, start: int, stop: int) -> Iterator[tuple[int, re.Pattern[str] | None]]:
    """Each word start that may begin a date (a digit first, or a word of _FIRST_WORDS, or
    one with an "s" added), with the regex to match there (None: nothing can match)."""
    low = lower_aligned(text)
    if low is None:
        for w in _WORD_START_RE.finditer(text, start, stop):
            word = w.group().lower()
            if word[0].isdigit() or word in _FIRST_WORDS or word.removesuffix("s") in _FIRST_WORDS:
                yield w.start(), _DATE_RE
        return
    digits = _DATE_RE_FOR["#"]
    for c in _DATE_START_RE.finditer(low, start, stop):
        word = c.group()
        if "a" <= word[0] <= "z":
            yield c.start(), _DATE_RE_FOR.get(word, _DATE_RE)
        else:  # a digit: the look-ahead matched
            yield c.start(), digits


_POD_BEFORE = re.compile(
    r"(?:\b(?P<pod>at\s+dawn|before\s+dawn|at\s+dusk|at\s+noon|after\s+midnight|before\s+midnight"
    r"|in\s+the\s+early\s+hours\s+of|in\s+the\s+(?:morning|afternoon|evening)\s+of|early\s+on"
    r"|late\s+on|early|late|overnight)(?:\s+on)?\s+)$",
    re.IGNORECASE,
)
_HABITUAL = re.compile(r"\b(?:every|each|on)\s+$", re.IGNORECASE)

_PREFIX_POD = {
    "at dawn": "dawn",
    "before dawn": "dawn",
    "at dusk": "evening",
    "at noon": "noon",
    "after midnight": "after midnight",
    "before midnight": "night",
    "in the early hours of": "early hours",
    "in the morning of": "morning",
    "in the afternoon of": "afternoon",
    "in the evening of": "evening",
    "early on": "early",
    "late on": "late",
    "early": "early",
    "late": "late",
    "overnight": "overnight",
}


def resolve_weekday(weekday: int, *, published: dt.date) -> dt.date:
    """The most recent day with ``weekday`` (Monday 0) on or before ``published``."""
    return published - dt.timedelta(days=(published.weekday() - weekday) % 7)


def is_background(
    mention: DateMention, *, published: dt.date | None, max_age_days: int = 30
) -> bool:
    """True when the mention dates something that ended more than ``max_age_days`` before
    publication (history, not news), or when it is a duration ("since 2012")."""
    if mention.kind is DateMentionKind.DURATION:
        return True
    if published is None or mention.window is None:
        return False
    return mention.window[1] < published - dt.timedelta(days=max_age_days)


# -- resolution helpers -------------------------------------------------------------------


def _lower(s: str) -> str:
    return " ".join(s.lower().split())


def _month(name: str) -> int:
    key = name.lower().rstrip(".")
    return _MONTHS.get(key) or _MONTHS[key[:3]]


def _day(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _year_for(m: int, d: int, published: dt.date | None) -> int | None:
    """The year that puts month/day on or before publication (2 days' tolerance)."""
    if published is None:
        return None
    candidate = _safe_date(published.year, m, d)
    if candidate is None:  # 29 February in a non-leap publication year
        return published.year - 1
    if candidate > published + dt.timedelta(days=2):
        return published.year - 1
    return published.year


def _month_window(y: int, m: int) -> tuple[dt.date, dt.date]:
    first = dt.date(y, m, 1)
    nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
    return first, nxt - dt.timedelta(days=1)


def _count(text: str | None) -> int:
    if not text:
        return 1
    t = _lower(text)
    if t.isdigit():
        return int(t)
    return _SMALL_NUMBERS.get(t, 4)


def _unit_days(unit: str, n: int) -> int:
    u = unit.lower().rstrip("s")
    if u == "hour":
        return max(1, -(-n // 24))
    if u == "day":
        return n
    if u == "week":
        return 7 * n
    if u == "month":
        return 30 * n
    return 365 * n


@dataclass(frozen=True, slots=True)
class _Resolved:
    kind: DateMentionKind
    date: dt.date | None
    window: tuple[dt.date, dt.date] | None
    precision: DatePrecision
    basis: DateBasis
    part_of_day: str | None = None


_UNRESOLVED_DAY = _Resolved(
    DateMentionKind.DAY, None, None, DatePrecision.UNKNOWN, DateBasis.RELATIVE
)
_UNRESOLVED_PERIOD = _Resolved(
    DateMentionKind.PERIOD, None, None, DatePrecision.UNKNOWN, DateBasis.RELATIVE
)


def _day_result(d: dt.date | None, basis: DateBasis, pod: str | None = None) -> _Resolved:
    if d is None:
        return _Resolved(DateMentionKind.DAY, None, None, DatePrecision.UNKNOWN, basis, pod)
    return _Resolved(DateMentionKind.DAY, d, (d, d), DatePrecision.DAY, basis, pod)


def _period(first: dt.date, last: dt.date, precision: DatePrecision, basis: DateBasis) -> _Resolved:
    if last < first:
        first, last = last, first
    return _Resolved(DateMentionKind.PERIOD, None, (first, last), precision, basis)


def _duration(basis: DateBasis) -> _Resolved:
    return _Resolved(DateMentionKind.DURATION, None, None, DatePrecision.UNKNOWN, basis)


def _explicit_day(y: int | None, m: int, d: int, published: dt.date | None) -> _Resolved | None:
    if not 1 <= m <= 12 or not 1 <= d <= 31:
        return None
    year = y if y is not None else _year_for(m, d, published)
    if year is None:
        return _day_result(None, DateBasis.EXPLICIT)
    date = _safe_date(year, m, d)
    if date is None:
        return None
    return _day_result(date, DateBasis.EXPLICIT)


def _explicit_range(
    y: int | None, m1: int, d1: int, m2: int, d2: int, published: dt.date | None
) -> _Resolved | None:
    year = y if y is not None else _year_for(m1, d1, published)
    if year is None:
        return _Resolved(
            DateMentionKind.PERIOD, None, None, DatePrecision.UNKNOWN, DateBasis.EXPLICIT
        )
    first = _safe_date(year, m1, d1)
    last = _safe_date(year + (m2 < m1), m2, d2)
    if first is None or last is None or last < first:
        return None
    return _period(first, last, DatePrecision.RANGE, DateBasis.EXPLICIT)


def _resolve_rel(phrase: str, published: dt.date | None, anchor: dt.date | None) -> _Resolved:
    p = _lower(phrase)
    rel = DateBasis.RELATIVE
    if p in ("today", "earlier today", "later today"):
        return _day_result(published, rel)
    if p in ("this morning", "this afternoon", "this evening"):
        return _day_result(published, rel, p.split()[1])
    if p == "tonight":
        return _day_result(published, rel, "night")
    if published is None and anchor is None and not p.startswith(("the ", "a ", "that", "on ")):
        return _day_result(None, rel)
    if p == "yesterday":
        return _day_result(published - dt.timedelta(days=1) if published else None, rel)
    if p == "the day before yesterday":
        return _day_result(published - dt.timedelta(days=2) if published else None, rel)
    if p == "last night":
        return _day_result(published - dt.timedelta(days=1) if published else None, rel, "night")
    if p == "overnight":
        if published is None:
            return _day_result(None, rel, "overnight")
        return _Resolved(
            DateMentionKind.DAY,
            published,
            (published - dt.timedelta(days=1), published),
            DatePrecision.DAY,
            rel,
            "overnight",
        )
    base = anchor if anchor is not None else published
    if base is None:
        return _day_result(None, rel)
    if p in ("the day before", "the previous day", "a day earlier", "a day before", "on the eve"):
        return _day_result(base - dt.timedelta(days=1), rel)
    if p in ("the previous night", "the previous evening"):
        return _day_result(base - dt.timedelta(days=1), rel, p.split()[-1])
    if p in ("the day after", "the next day", "the following day", "a day later", "a day after"):
        return _day_result(base + dt.timedelta(days=1), rel)
    if p.startswith("the following "):
        return _day_result(base + dt.timedelta(days=1), rel, p.split()[-1])
    return _day_result(base, rel)  # the same day, that day


def _resolve_ago(m: re.Match[str], published: dt.date | None, anchor: dt.date | None) -> _Resolved:
    n = _count(m.group("ago_n"))
    unit = m.group("ago_u").lower().rstrip("s")
    which = m.group("ago_w").lower()
    base = published if which == "ago" else (anchor if anchor is not None else published)
    if base is None:
        return _day_result(None, DateBasis.RELATIVE) if unit == "day" else _UNRESOLVED_PERIOD
    sign = 1 if which == "later" else -1
    if unit == "day":
        return _day_result(base + dt.timedelta(days=sign * n), DateBasis.RELATIVE)
    if unit == "hour":
        return _day_result(base, DateBasis.RELATIVE) if n < 24 else _UNRESOLVED_PERIOD
    span = _unit_days(unit, n)
    centre = base + dt.timedelta(days=sign * span)
    slack = dt.timedelta(days=3 if unit == "week" else 15 if unit == "month" else 182)
    precision = (
        DatePrecision.WEEK
        if unit == "week"
        else DatePrecision.MONTH
        if unit == "month"
        else DatePrecision.RANGE
    )
    return _period(centre - slack, centre + slack, precision, DateBasis.RELATIVE)


def _resolve_per(m: re.Match[str], published: dt.date | None) -> _Resolved | None:
    pre = _lower(m.group("per_pre") or "")
    rel = DateBasis.RELATIVE
    if m.group("per_bare"):
        # "for weeks", "for days": a duration; "in days" (= soon) and bare plurals are not dates
        return _duration(rel) if pre in ("for", "over", "since") else None
    which = _lower(m.group("per_which"))
    unit = m.group("per_u").lower()
    plural = unit.endswith("s")
    u = unit.rstrip("s")
    n_text = m.group("per_n")
    if pre in ("for", "since"):
        return _duration(rel)
    if published is None:
        return _UNRESOLVED_PERIOD
    pub = published
    days = dt.timedelta
    if which in ("this", "earlier this", "later this") and not plural:
        if u == "week":
            return (
                _period(pub - days(6), pub, DatePrecision.WEEK, rel)
                if which != "later this"
                else None
            )
        if u == "month":
            return _period(pub.replace(day=1), pub, DatePrecision.MONTH, rel)
        if u == "year":
            return _period(dt.date(pub.year, 1, 1), pub, DatePrecision.RANGE, rel)
        return None
    if which in ("last", "previous") and not plural and n_text is None:
        if u == "week":  # the previous calendar week, Monday to Sunday
            monday = pub - days(pub.weekday() + 7)
            return _period(monday, monday + days(6), DatePrecision.WEEK, rel)
        if u == "month":
            first_this = pub.replace(day=1)
            last_prev = first_this - days(1)
            return _period(last_prev.replace(day=1), last_prev, DatePrecision.MONTH, rel)
        if u == "year":
            return _period(
                dt.date(pub.year - 1, 1, 1), dt.date(pub.year - 1, 12, 31), DatePrecision.RANGE, rel
            )
        return None  # "last day", "last hour": not a date
    if which in ("coming", "next"):
        return None  # the future: announcements, not events
    # past / last N / recent: a window ending on publication
    if n_text is None:
        n = 4 if (which == "recent" or plural) and u == "day" else 1
        if plural and u != "day":
            n = 4 if u == "week" else 3
    else:
        n = _count(n_text)
    span = _unit_days(u, n)
    precision = DatePrecision.WEEK if u == "week" and n == 1 else DatePrecision.RANGE
    return _period(pub - days(span), pub, precision, rel)


def _resolve_weekday_match(m: re.Match[str], published: dt.date | None) -> _Resolved:
    wd = _WEEKDAYS[m.group("wd_d").lower()]
    rel = _lower(m.group("wd_rel") or "")
    pod = m.group("wd_pod")
    pod = pod.lower() if pod else None
    if published is None:
        return _day_result(None, DateBasis.RELATIVE, pod)
    if rel == "next" or rel == "coming":
        ahead = (wd - published.weekday()) % 7 or 7
        day = published + dt.timedelta(days=ahead)
    elif rel in ("last", "past", "previous") and published.weekday() == wd:
        day = published - dt.timedelta(days=7)
    else:
        day = resolve_weekday(wd, published=published)
    if pod == "overnight":
        return _Resolved(
            DateMentionKind.DAY,
            day,
            (day, day + dt.timedelta(days=1)),
            DatePrecision.DAY,
            DateBasis.RELATIVE,
            pod,
        )
    return _day_result(day, DateBasis.RELATIVE, pod)


def _resolve_match(
    m: re.Match[str], published: dt.date | None, anchor: dt.date | None
) -> _Resolved | None:
    kind = m.lastgroup
    if kind == "iso":
        return _explicit_day(
            int(m.group("iso_y")), int(m.group("iso_m")), int(m.group("iso_d")), published
        )
    if kind == "num":
        a, b, y = int(m.group("num_a")), int(m.group("num_b")), int(m.group("num_y"))
        if a > 12 or b <= 12:
            return _explicit_day(y, b, a, published)  # day first
        return _explicit_day(y, a, b, published)  # 4/25/2017: month first
    if kind == "rmd":
        m1 = _month(m.group("rmd_m1"))
        m2 = _month(m.group("rmd_m2")) if m.group("rmd_m2") else m1
        ry = int(m.group("rmd_y")) if m.group("rmd_y") else None
        return _explicit_range(
            ry, m1, _day(m.group("rmd_d1")), m2, _day(m.group("rmd_d2")), published
        )
    if kind == "rdm":
        mo = _month(m.group("rdm_m"))
        ry = int(m.group("rdm_y")) if m.group("rdm_y") else None
        return _explicit_range(
            ry, mo, _day(m.group("rdm_d1")), mo, _day(m.group("rdm_d2")), published
        )
    if kind in ("dm", "md"):
        y_text = m.group(f"{kind}_y")
        return _explicit_day(
            int(y_text) if y_text else None,
            _month(m.group(f"{kind}_m")),
            _day(m.group(f"{kind}_d")),
            published,
        )
    if kind == "my":
        if m.group("my_pre") and m.group("my_pre").lower() == "since":
            return _duration(DateBasis.EXPLICIT)
        first, last = _month_window(int(m.group("my_y")), _month(m.group("my_m")))
        return _period(first, last, DatePrecision.MONTH, DateBasis.EXPLICIT)
    if kind == "mo":
        pre = m.group("mo_pre").lower()
        if pre == "since":
            return _duration(DateBasis.EXPLICIT)
        if published is None:
            return _Resolved(
                DateMentionKind.PERIOD, None, None, DatePrecision.UNKNOWN, DateBasis.EXPLICIT
            )
        mo = _month(m.group("mo_m"))
        year = published.year if mo <= published.month else published.year - 1
        if pre == "last" and mo == published.month:
            year -= 1
        first, last = _month_window(year, mo)
        return _period(first, last, DatePrecision.MONTH, DateBasis.EXPLICIT)
    if kind == "yr":
        pre = m.group("yr_pre").lower()
        if pre == "since":
            return _duration(DateBasis.EXPLICIT)
        y = int(m.group("yr_y"))
        return _period(
            dt.date(y, 1, 1), dt.date(y, 12, 31), DatePrecision.RANGE, DateBasis.EXPLICIT
        )
    if kind == "rel":
        return _resolve_rel(m.group("rel"), published, anchor)
    if kind == "ago":
        return _resolve_ago(m, published, anchor)
    if kind == "per":
        return _resolve_per(m, published)
    if kind == "dur":
        return _duration(DateBasis.RELATIVE)
    if kind == "wd":
        return _resolve_weekday_match(m, published)
    return None


def find_dates(
    text: str, *, published: dt.date | None, start: int = 0, end: int | None = None
) -> list[DateMention]:
    """Every date expression in ``text[start:end]``, in order, with offsets into ``text``.

    Relative days ("the day before", "the next day") count from the nearest preceding DAY
    mention in the slice, else from ``published``. With ``published`` None, only explicit
    dates with a year resolve; the rest come back with ``date`` None and precision unknown.
    """
    stop = len(text) if end is None else end
    mentions: list[DateMention] = []
    anchor: dt.date | None = None
    last_end = start
    for w_start, pattern in _date_starts(text, start, stop):
        if w_start < last_end or pattern is None:
            continue
        m = pattern.match(text, w_start, stop)
        if m is None:
            continue
        last_end = m.end()
        if (
            m.lastgroup == "wd"
            and m.group(0).lower().endswith("s")
            and _HABITUAL.search(text, max(start, m.start() - 8), m.start())
        ):
            continue  # "on Fridays", "every Friday": habitual
        resolved = _resolve_match(m, published, anchor)
        if resolved is None:
            continue
        if (
            anchor is None
            and resolved.basis is DateBasis.RELATIVE
            and published is not None
            and resolved.date is not None
            and resolved.date > published
            and m.group().lower().endswith(("after", "later"))
        ):
            # "the protests came a day after a post was hit": after an event the text tells,
            # not after the day it was published ("talks resume next Friday" stays)
            continue
        s, e = m.start(), m.end()
        pod = resolved.part_of_day
        if resolved.kind is DateMentionKind.DAY and m.lastgroup in (
            "wd",
            "rel",
            "dm",
            "md",
            "iso",
            "num",
        ):
            before = _POD_BEFORE.search(text, max(start, s - 32), s)
            if before is not None and (not mentions or before.start() >= mentions[-1].span.end):
                pod = pod or _PREFIX_POD.get(_lower(before.group("pod")))
                s = before.start()
        window: tuple[dt.date, dt.date] | None
        if pod != resolved.part_of_day and pod == "overnight" and resolved.date is not None:
            window = (resolved.date, resolved.date + dt.timedelta(days=1))
        else:
            window = resolved.window
        mention = DateMention(
            span=Span(start=s, end=e, text=text[s:e], role="date"),
            kind=resolved.kind,
            date=resolved.date,
            window=window,
            precision=resolved.precision,
            basis=resolved.basis,
            part_of_day=pod,
        )
        mentions.append(mention)
        if mention.kind is DateMentionKind.DAY and mention.date is not None:
            anchor = mention.date
    return mentions
