"""Tallies from events: low/best/high per group, rejected events out, tolls never summed."""

from __future__ import annotations

import datetime as dt

import pytest

from factories import make_event, make_place, make_toll
from observatory.records import Fatalities, ReviewStatus
from observatory.tally import TallyKey, TallyRow, tally, toll_lines, total

GOV, IS, SDF = "Military Forces of Syria", "Islamic State", "Syrian Democratic Forces"

EVENTS = [
    make_event(id="e1", date=dt.date(2016, 5, 3), fatalities=Fatalities(low=40, best=86, high=86)),
    make_event(
        id="e2",
        date=dt.date(2016, 5, 3),
        event_type="Explosions/Remote violence",
        actor1="Military Forces of Russia",
        actor2=IS,
        fatalities=Fatalities(low=10, best=10, high=None),
    ),
    make_event(
        id="e3",
        date=dt.date(2016, 5, 4),
        actor1=SDF,
        actor2=IS,
        location=make_place(name="Raqqa", admin1="Raqqa"),
        fatalities=Fatalities(low=3, best=None, high=6),
    ),
    make_event(id="e4", date=dt.date(2016, 6, 1), fatalities=None),
    make_event(
        id="e5",
        date=dt.date(2016, 5, 3),
        status=ReviewStatus.REJECTED,
        fatalities=Fatalities(low=100, best=100, high=100),
    ),
    make_event(id="e6", date=None, date_window=None, fatalities=Fatalities(low=1, best=1, high=1)),
]


@pytest.mark.parametrize(
    ("by", "expected"),
    [
        ((), [((), 5, 54, 100, None)]),
        (
            (TallyKey.DAY,),
            [
                (("2016-05-03",), 2, 50, 96, None),
                (("2016-05-04",), 1, 3, 3, 6),
                (("2016-06-01",), 1, 0, 0, 0),
                (("unknown",), 1, 1, 1, 1),
            ],
        ),
        (
            (TallyKey.MONTH, TallyKey.ADMIN1),
            [
                (("2016-05", "Deir ez-Zor"), 2, 50, 96, None),
                (("2016-05", "Raqqa"), 1, 3, 3, 6),
                (("2016-06", "Deir ez-Zor"), 1, 0, 0, 0),
                (("unknown", "Deir ez-Zor"), 1, 1, 1, 1),
            ],
        ),
        (
            (TallyKey.EVENT_TYPE,),
            [
                (("Battles",), 4, 44, 90, 93),
                (("Explosions/Remote violence",), 1, 10, 10, None),
            ],
        ),
    ],
)
def test_tally(by: tuple[TallyKey, ...], expected: list[tuple[object, ...]]) -> None:
    rows = tally(EVENTS, by=by)
    assert [(r.key, r.events, r.low, r.best, r.high) for r in rows] == expected


def test_actor_rows_count_an_event_under_each_actor() -> None:
    rows = {r.key[0]: r for r in tally(EVENTS, by=[TallyKey.ACTOR])}
    assert rows[IS].events == 5  # every event but the rejected one involves IS
    assert rows[GOV].events == 3  # e1, e4, e6
    assert sum(r.events for r in rows.values()) > total(EVENTS).events


def test_rejected_events_are_left_out() -> None:
    assert total(EVENTS).events == 5
    assert total([EVENTS[4]]) == TallyRow(key=(), events=0, low=0, best=0, high=0)


def test_tolls_are_listed_not_summed() -> None:
    tolls = [
        make_toll(id="t2", date_window=(dt.date(2016, 5, 4), dt.date(2016, 5, 4))),
        make_toll(id="t1"),
    ]
    lines = toll_lines(tolls)
    assert [t.toll_id for t in lines] == ["t1", "t2"]
    assert lines[0].scope == "Syria" and lines[0].low == 120
    assert total(EVENTS).low == 54  # unchanged by any toll
