"""A report's publication date: from metadata strings, the URL, or the dateline.

:func:`parse_date` reads dates as corpora and feeds write them ("2017-04-05", "4/5/2017"
(month first, as FA-KES and most US-made corpora write it; day first when the first number
is over 12), "April 5, 2017", "Wed, 05 Apr 2017 10:00:00 GMT", ISO datetimes) and returns
None for anything it cannot read as one calendar day.

:func:`detect_published` looks at the URL (``/2014/04/11/``, ``/20140411/``), then at a
dateline in the first lines of the text ("Wed 05 Apr 2017 ...", "DAMASCUS, 2014-04-11
(SANA) -", "12 February 2015 ...", "BEIRUT, April 11 (Reuters) -" when a year is known from
the URL or the heading). A date preceded by a preposition ("on April 5, 2017") is an event
date, not a dateline, and is ignored.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from urllib.parse import urlsplit

from observatory.records import PublishedBasis

__all__ = ["date_from_dateline", "date_from_url", "detect_published", "parse_date"]

EARLIEST_YEAR = 1990
DATELINE_CHARS = 400  # how much of the text's opening a dateline may sit in
DATELINE_LINES = 3

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<m>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = (
    r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\.?"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
)
_YEAR = r"(?P<y>(?:19|20)\d{2})"
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?"

_DATELINE_PATTERNS = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"\b(?:{_WEEKDAY},?\s+)?{_DAY}\s+{_MONTH},?\s+{_YEAR}\b",  # Wed 05 Apr 2017
        rf"\b(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAY},?\s+{_YEAR}\b",  # Fri Sep 27 2013
        rf"\b{_YEAR}-(?P<mn>[01]\d)-{_DAY}\b",  # 2014-04-11
        rf"\b{_DAY}\.(?P<mn>[01]?\d)\.{_YEAR}\b",  # 24.08.2013
    )
)
# "BEIRUT, April 11 (Reuters) -": a wire dateline without a year.
_YEARLESS_DATELINE = re.compile(
    rf"^[A-Z][\w'.\- ]{{1,40}}(?:,\s*[\w'.\- ]{{1,30}})?,\s+{_MONTH}\s+{_DAY}\s*\(",
    re.IGNORECASE,
)
_EVENT_PREPOSITION = re.compile(
    r"\b(?:on|since|until|till|from|in|of|before|after|by|between|and|to|through|during|"
    r"than|last|next)\s*,?\s*$",
    re.IGNORECASE,
)
_YEAR_ANYWHERE = re.compile(r"\b((?:19|20)\d{2})\b")

_URL_DAY = (
    re.compile(r"/(?P<y>(?:19|20)\d{2})[/-](?P<m>[01]?\d)[/-](?P<d>[0-3]?\d)(?=[/_.\-?]|$)"),
    re.compile(r"[/_-](?P<y>(?:19|20)\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)(?=[/_.\-?]|$)"),
)
_URL_YEAR = re.compile(r"/(?P<y>(?:19|20)\d{2})(?:/|$)")

_SLASHED = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")


def _day(year: int, month: int, day: int) -> dt.date | None:
    if not EARLIEST_YEAR <= year <= dt.date.today().year + 1:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_date(value: str | None) -> dt.date | None:
    """One calendar day from a metadata string, or None when it does not name one."""
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    try:
        return _sane(dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date())
    except ValueError:
        pass
    slashed = _SLASHED.match(text)
    if slashed:
        first, second, year = (int(g) for g in slashed.groups())
        if first > 12:
            return _day(year, second, first)
        return _day(year, first, second)
    try:
        return _sane(email.utils.parsedate_to_datetime(text).date())
    except (TypeError, ValueError, IndexError):
        pass
    return _dateutil(text)


def _sane(day: dt.date) -> dt.date | None:
    return _day(day.year, day.month, day.day)


def _dateutil(text: str) -> dt.date | None:
    from dateutil import parser  # type: ignore[import-untyped,unused-ignore]

    results = []
    # Parsing with two different defaults tells a full date from one missing a part.
    for default in (dt.datetime(2001, 1, 1), dt.datetime(2002, 2, 2)):
        try:
            parsed = parser.parse(text, default=default)
        except (ValueError, OverflowError, TypeError):
            return None
        results.append(parsed.date())
    if results[0] != results[1]:
        return None
    return _sane(results[0])


def date_from_url(url: str | None) -> dt.date | None:
    """The day in a URL path (``/2014/04/11/``, ``/2014-04-11-...``, ``/20140411/``)."""
    if not url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:  # "http://[x" is not a URL (found by fuzzing)
        return None
    path = parts.path + ("?" + parts.query if parts.query else "")
    for pattern in _URL_DAY:
        for m in pattern.finditer(path):
            day = _day(int(m["y"]), int(m["m"]), int(m["d"]))
            if day is not None:
                return day
    return None


def _url_year(url: str | None) -> int | None:
    if not url:
        return None
    try:
        path = urlsplit(url).path
    except ValueError:
        return None
    m = _URL_YEAR.search(path)
    return int(m["y"]) if m else None


def _opening(text: str) -> list[str]:
    lines: list[str] = []
    budget = DATELINE_CHARS
    for line in text.split("\n"):
        if not line.strip():
            continue
        lines.append(line[:budget])
        budget -= len(lines[-1])
        if len(lines) >= DATELINE_LINES or budget <= 0:
            break
    return lines


def _month_of(m: re.Match[str]) -> int:
    named = m.groupdict().get("m")
    if named:
        return _MONTHS[named.lower().rstrip(".")]
    return int(m["mn"])


def date_from_dateline(text: str, *, year: int | None = None) -> dt.date | None:
    """The publication date in the text's dateline, or None.

    ``year`` resolves a year-less wire dateline ("BEIRUT, April 11 (Reuters) -"); without
    it, a year named elsewhere in the opening lines is used.
    """
    lines = _opening(text)
    for line in lines:
        found: list[tuple[int, dt.date]] = []
        for pattern in _DATELINE_PATTERNS:
            for m in pattern.finditer(line):
                if _EVENT_PREPOSITION.search(line[: m.start()]):
                    continue
                day = _day(int(m["y"]), _month_of(m), int(m["d"]))
                if day is not None:
                    found.append((m.start(), day))
        if found:
            return min(found, key=lambda item: item[0])[1]
    for line in lines:
        wire = _YEARLESS_DATELINE.match(line)
        if wire is None:
            continue
        hint = year
        if hint is None:
            years = _YEAR_ANYWHERE.findall(" ".join(lines))
            hint = int(years[0]) if years else None
        if hint is not None:
            return _day(hint, _month_of(wire), int(wire["d"]))
    return None


def detect_published(text: str, *, url: str | None = None) -> tuple[dt.date | None, PublishedBasis]:
    """The publication date from the URL, else the dateline, with its basis."""
    day = date_from_url(url)
    if day is not None:
        return day, PublishedBasis.URL
    day = date_from_dateline(text, year=_url_year(url))
    if day is not None:
        return day, PublishedBasis.DATELINE
    return None, PublishedBasis.NONE
