"""Date expressions resolved against the publication date."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from observatory.dates import DateMentionKind, find_dates, is_background, resolve_weekday
from observatory.records import DateBasis, DatePrecision

FRI = dt.date(2015, 3, 13)  # a Friday
WED = dt.date(2015, 3, 11)  # a Wednesday
D = dt.date.fromisoformat


def _only(text: str, published: dt.date | None = FRI):
    found = find_dates(text, published=published)
    assert len(found) == 1, [m.span.text for m in found]
    m = found[0]
    assert text[m.span.start : m.span.end] == m.span.text
    assert m.span.role == "date"
    return m


# -- one-day mentions ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "span", "day", "basis", "part"),
    [
        (
            "Jets struck the market on Thursday, residents said.",
            "Thursday",
            "2015-03-12",
            "relative",
            None,
        ),
        ("Shelling resumed on Friday in the old city.", "Friday", "2015-03-13", "relative", None),
        (
            "The convoy was hit last Thursday near the border.",
            "last Thursday",
            "2015-03-12",
            "relative",
            None,
        ),
        (
            "The convoy was hit last Friday near the border.",
            "last Friday",
            "2015-03-06",
            "relative",
            None,
        ),
        ("Talks are due to resume next Friday.", "next Friday", "2015-03-20", "relative", None),
        (
            "Gunmen stormed the village at dawn Thursday.",
            "at dawn Thursday",
            "2015-03-12",
            "relative",
            "dawn",
        ),
        (
            "They withdrew after midnight Friday.",
            "after midnight Friday",
            "2015-03-13",
            "relative",
            "after midnight",
        ),
        (
            "The raid came on Tuesday evening.",
            "Tuesday evening",
            "2015-03-10",
            "relative",
            "evening",
        ),
        ("Clashes broke out late Saturday.", "late Saturday", "2015-03-07", "relative", "late"),
        (
            "A car bomb exploded early on Sunday.",
            "early on Sunday",
            "2015-03-08",
            "relative",
            "early",
        ),
        ("Wednesday's blast destroyed a bakery.", "Wednesday's", "2015-03-11", "relative", None),
        ("Mortars fell on the district yesterday.", "yesterday", "2015-03-12", "relative", None),
        (
            "Mortars fell on the district late yesterday.",
            "late yesterday",
            "2015-03-12",
            "relative",
            "late",
        ),
        ("Fighting continued today.", "today", "2015-03-13", "relative", None),
        ("More strikes are expected tonight.", "tonight", "2015-03-13", "relative", "night"),
        (
            "A patrol was ambushed this morning.",
            "this morning",
            "2015-03-13",
            "relative",
            "morning",
        ),
        ("Rockets hit the airport last night.", "last night", "2015-03-12", "relative", "night"),
        (
            "Two villages were shelled the day before yesterday.",
            "the day before yesterday",
            "2015-03-11",
            "relative",
            None,
        ),
        (
            "The checkpoint was attacked three days ago.",
            "three days ago",
            "2015-03-10",
            "relative",
            None,
        ),
        ("Troops entered the town on March 9.", "March 9", "2015-03-09", "explicit", None),
        ("Troops entered the town on 9 March.", "9 March", "2015-03-09", "explicit", None),
        (
            "Troops entered the town on March 9, 2014.",
            "March 9, 2014",
            "2014-03-09",
            "explicit",
            None,
        ),
        ("It happened on the 9th of March.", "the 9th of March", "2015-03-09", "explicit", None),
        (
            "Bulletin dated 2015-03-09 reports shelling.",
            "2015-03-09",
            "2015-03-09",
            "explicit",
            None,
        ),
        ("Filed 09/03/2015 from the capital.", "09/03/2015", "2015-03-09", "explicit", None),
        ("Filed 09.03.2015 from the capital.", "09.03.2015", "2015-03-09", "explicit", None),
        ("Filed 3/25/2015 from the capital.", "3/25/2015", "2015-03-25", "explicit", None),
        (
            "Wed 11 Mar 2015 at 0914 the ministry said",
            "Wed 11 Mar 2015",
            "2015-03-11",
            "explicit",
            None,
        ),
        (
            "Sat Mar 7 2015 Rebels said they held the hill.",
            "Sat Mar 7 2015",
            "2015-03-07",
            "explicit",
            None,
        ),
        (
            "Monday, 9 March 2015 Aid reached the camp.",
            "Monday, 9 March 2015",
            "2015-03-09",
            "explicit",
            None,
        ),
        # a missing year puts the day on or before publication (two days' grace)
        ("The siege began on December 28.", "December 28", "2014-12-28", "explicit", None),
        ("A vote is set for March 15.", "March 15", "2015-03-15", "explicit", None),
    ],
)
def test_days(text: str, span: str, day: str, basis: str, part: str | None) -> None:
    m = _only(text)
    assert m.span.text == span
    assert m.kind is DateMentionKind.DAY
    assert m.date == D(day)
    assert m.window == (D(day), D(day))
    assert m.precision is DatePrecision.DAY
    assert m.basis is DateBasis(basis)
    assert m.part_of_day == part


def test_overnight_straddles_the_night_before_publication() -> None:
    m = _only("Warplanes pounded the suburbs overnight.")
    assert m.kind is DateMentionKind.DAY
    assert (m.date, m.window, m.part_of_day) == (FRI, (D("2015-03-12"), FRI), "overnight")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Rebels retreated on Friday after seizing the post the day before.",
            ["2015-03-13", "2015-03-12"],
        ),
        (
            "On March 2 the army shelled the town; the next day it entered.",
            ["2015-03-02", "2015-03-03"],
        ),
        (
            "The bodies were found on Tuesday, a day after the kidnapping.",
            ["2015-03-10", "2015-03-11"],
        ),
        ("Police said the previous day was calm.", ["2015-03-12"]),
        ("A second blast struck the same day.", ["2015-03-13"]),
        (
            "On 4 March talks failed; two days later the truce collapsed.",
            ["2015-03-04", "2015-03-06"],
        ),
    ],
)
def test_relative_days_count_from_the_last_day_mentioned(text: str, expected: list[str]) -> None:
    days = [m.date for m in find_dates(text, published=FRI) if m.kind is DateMentionKind.DAY]
    assert days == [D(d) for d in expected]


# -- windows and durations ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "span", "first", "last", "precision", "basis"),
    [
        (
            "Air raids intensified this week.",
            "this week",
            "2015-03-05",
            "2015-03-11",
            "week",
            "relative",
        ),
        (
            "Air raids intensified earlier this week.",
            "earlier this week",
            "2015-03-05",
            "2015-03-11",
            "week",
            "relative",
        ),
        ("The town fell last week.", "last week", "2015-03-02", "2015-03-08", "week", "relative"),
        (
            "Three raids over the past two days.",
            "over the past two days",
            "2015-03-09",
            "2015-03-11",
            "range",
            "relative",
        ),
        (
            "Dozens fled over the past 48 hours.",
            "over the past 48 hours",
            "2015-03-09",
            "2015-03-11",
            "range",
            "relative",
        ),
        (
            "Dozens fled in the last 24 hours.",
            "in the last 24 hours",
            "2015-03-10",
            "2015-03-11",
            "range",
            "relative",
        ),
        (
            "Troops advanced over the past few days.",
            "over the past few days",
            "2015-03-07",
            "2015-03-11",
            "range",
            "relative",
        ),
        (
            "Troops advanced in recent days.",
            "in recent days",
            "2015-03-07",
            "2015-03-11",
            "range",
            "relative",
        ),
        (
            "Troops advanced during the past week.",
            "during the past week",
            "2015-03-04",
            "2015-03-11",
            "week",
            "relative",
        ),
        (
            "The offensive began last month.",
            "last month",
            "2015-02-01",
            "2015-02-28",
            "month",
            "relative",
        ),
        (
            "Clashes erupted earlier this month.",
            "earlier this month",
            "2015-03-01",
            "2015-03-11",
            "month",
            "relative",
        ),
        (
            "The dam was taken earlier this year.",
            "earlier this year",
            "2015-01-01",
            "2015-03-11",
            "range",
            "relative",
        ),
        (
            "The base was lost last year.",
            "last year",
            "2014-01-01",
            "2014-12-31",
            "range",
            "relative",
        ),
        (
            "The base was lost in March 2013.",
            "March 2013",
            "2013-03-01",
            "2013-03-31",
            "month",
            "explicit",
        ),
        ("The base was lost in 2012.", "in 2012", "2012-01-01", "2012-12-31", "range", "explicit"),
        (
            "The base was lost in January.",
            "in January",
            "2015-01-01",
            "2015-01-31",
            "month",
            "explicit",
        ),
        (
            "Sieges between March 3 and 5 cut the road.",
            "between March 3 and 5",
            "2015-03-03",
            "2015-03-05",
            "range",
            "explicit",
        ),
        (
            "Sieges on March 3-5, 2014 cut the road.",
            "March 3-5, 2014",
            "2014-03-03",
            "2014-03-05",
            "range",
            "explicit",
        ),
        (
            "Sieges from 3 to 5 March cut the road.",
            "from 3 to 5 March",
            "2015-03-03",
            "2015-03-05",
            "range",
            "explicit",
        ),
    ],
)
def test_periods(text: str, span: str, first: str, last: str, precision: str, basis: str) -> None:
    m = _only(text, WED)
    assert m.span.text == span
    assert m.kind is DateMentionKind.PERIOD
    assert m.date is None
    assert m.window == (D(first), D(last))
    assert m.precision is DatePrecision(precision)
    assert m.basis is DateBasis(basis)


@pytest.mark.parametrize(
    "text",
    [
        "Rival factions have fought for the past four months.",
        "The town has been besieged for weeks.",
        "The group has held the area since 2012.",
        "The group has held the area since March.",
        "The two sides have clashed for three days.",
    ],
)
def test_durations_date_nothing(text: str) -> None:
    m = _only(text)
    assert m.kind is DateMentionKind.DURATION
    assert m.window is None and m.date is None
    assert is_background(m, published=FRI)


@pytest.mark.parametrize(
    "text",
    [
        "A 12-year-old boy was among the wounded.",
        "The strike hit 5 km north of the town.",
        "Turnout was 45 percent.",
        "At 10:30 the sirens sounded.",
        "He may visit the front.",
        "Protesters march on Fridays.",
        "Some 1,200 people fled.",
        "Forces fired 30 rockets.",
    ],
)
def test_no_dates(text: str) -> None:
    assert find_dates(text, published=FRI) == []


def test_without_publication_date_only_explicit_dates_resolve() -> None:
    found = find_dates(
        "On Thursday, April 10, 2014, and again on Friday, yesterday and May 3.", published=None
    )
    by_text = {m.span.text: m for m in found}
    assert by_text["Thursday, April 10, 2014"].date == D("2014-04-10")
    for relative in ("Friday", "yesterday", "May 3"):
        assert by_text[relative].date is None
        assert by_text[relative].precision is DatePrecision.UNKNOWN


def test_offsets_are_document_offsets() -> None:
    text = "Header line. Shelling on Tuesday. Calm on Wednesday."
    start = text.index("Shelling")
    end = text.index("Calm")
    found = find_dates(text, published=FRI, start=start, end=end)
    assert [m.span.text for m in found] == ["Tuesday"]
    assert text[found[0].span.start : found[0].span.end] == "Tuesday"


@pytest.mark.parametrize(
    ("day", "expected"),
    [("2015-03-13", False), ("2015-02-20", False), ("2015-01-10", True), ("2012-06-01", True)],
)
def test_is_background(day: str, expected: bool) -> None:
    text = f"It happened on {dt.date.fromisoformat(day):%d %B %Y}."
    assert is_background(_only(text), published=FRI) is expected


def test_nothing_is_background_without_publication_date() -> None:
    m = _only("It happened on 1 June 2012.", published=None)
    assert not is_background(m, published=None)


# -- properties ----------------------------------------------------------------------------
@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)), st.integers(0, 6))
def test_weekday_resolution_is_within_the_week_before(published: dt.date, weekday: int) -> None:
    day = resolve_weekday(weekday, published=published)
    assert day.weekday() == weekday
    assert 0 <= (published - day).days <= 6


_PIECES = [
    "Thursday",
    "last Friday",
    "next Monday",
    "yesterday",
    "overnight",
    "the day before",
    "the next day",
    "this week",
    "last week",
    "last month",
    "in March",
    "March 3",
    "3 March 2014",
    "between March 30 and 2",
    "from 28 to 3 February",
    "over the past two days",
    "in recent weeks",
    "for weeks",
    "since 2011",
    "in 2013",
    "12/12/2012",
    "2016-02-29",
    "Feb 29",
    "two days later",
    "three weeks ago",
    "earlier this year",
    "at dawn Sunday",
    "killed",
    "in the town",
    ",",
    ".",
]


@given(
    st.lists(st.sampled_from(_PIECES), max_size=12),
    st.one_of(st.none(), st.dates(min_value=dt.date(1995, 1, 1), max_value=dt.date(2030, 12, 31))),
)
def test_windows_are_never_inverted(pieces: list[str], published: dt.date | None) -> None:
    text = " ".join(pieces)
    for m in find_dates(text, published=published):
        assert text[m.span.start : m.span.end] == m.span.text
        if m.window is not None:
            assert m.window[0] <= m.window[1]
        if m.kind is DateMentionKind.DAY and m.date is not None:
            assert m.window is not None and m.window[0] <= m.date <= m.window[1]
        if m.kind is DateMentionKind.DURATION:
            assert m.window is None


# -- the fast paths read exactly as the plain ones ------------------------------------------

_CONTINUATIONS = [
    "",
    "day before",
    "day before yesterday",
    "previous day",
    "following morning",
    "same day",
    "past two days",
    "last week",
    "10th of April",
    "3 and 5 April",
    "5 April 2014",
    "eve",
    "day earlier",
    "few days ago",
    "couple of days later",
    "March 2013",
    "March",
    "march",
    "2012",
    "2012 people",
    "recent days",
    "weeks",
    "three days",
    "Thursday",
    "night",
    "morning",
    "April 3-5",
    "April 3 to April 5, 2014",
    "early March",
    "mid-2015",
    "excess of",
]
_PUBLISHED = dt.date(2016, 6, 1)


def test_cut_down_regexes_match_as_the_whole_one() -> None:
    from observatory.dates import _DATE_RE, _DATE_RE_FOR

    for word, pattern in _DATE_RE_FOR.items():
        firsts = (
            ["5", "12", "2014-04-10", "10/04/2014", "3"] if word == "#" else [word, word.title()]
        )
        for first in firsts:
            for rest in _CONTINUATIONS:
                text = f"{first} {rest}".strip() + " was"
                whole = _DATE_RE.match(text)
                cut = pattern.match(text) if pattern is not None else None
                assert (whole and (whole.span(), whole.lastgroup)) == (
                    cut and (cut.span(), cut.lastgroup)
                ), text


@given(
    st.lists(
        st.sampled_from(
            [
                "the",
                "in",
                "of",
                "a",
                "on",
                "that",
                "by",
                "as",
                "for",
                "from",
                "between",
                "over",
                "since",
                "during",
                "last",
                "this",
                "earlier",
                "early",
                "late",
                "The",
                "IN",
                "On",
                "5",
                "12",
                "2014",
                "10/04/2014",
                "2014-04-10",
                "day",
                "days",
                "before",
                "previous",
                "following",
                "same",
                "past",
                "two",
                "few",
                "weeks",
                "ago",
                "later",
                "Thursday",
                "Thursdays",
                "March",
                "march",
                "April",
                "10th",
                "3-5",
                "and",
                "to",
                "at",
                "dawn",
                "overnight",
                "yesterday",
                "eve",
                "recent",
                "month",
                "year",
                ",",
                ".",
            ]
        ),
        max_size=30,
    )
)
def test_lower_cased_path_reads_as_the_plain_one(words: list[str]) -> None:
    # "ı" (dotless i) makes numbers.lower_aligned refuse a text: the plain path then runs
    text = " ".join(words)
    for published in (_PUBLISHED, None):
        assert find_dates(text, published=published) == find_dates(
            text + " ı", published=published, end=len(text)
        )


def test_lower_cased_path_reads_as_the_plain_one_on_test_documents() -> None:
    import json
    from pathlib import Path

    data = Path(__file__).resolve().parent / "data"
    for name in ("extraction", "linking"):
        path = data / name / "docs.jsonl"
        if not path.exists():
            continue
        for line in path.open():
            if line.strip():
                text = json.loads(line)["text"]
                assert find_dates(text, published=_PUBLISHED) == find_dates(
                    text + " ı", published=_PUBLISHED, end=len(text)
                )
