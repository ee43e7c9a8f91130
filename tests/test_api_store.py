"""The repository methods the API needs (migration 3), on every backend: versions, pages,
clusters, timeline, links near the threshold; and migrating a SQLite store that has events
(PostgreSQL's: test_store_postgres.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from factories import make_claim, make_document, make_event, make_place, make_toll
from observatory import serialize
from observatory.errors import BadCursor, ConflictError, ReviewError
from observatory.records import (
    DatePrecision,
    Event,
    Fatalities,
    GeoPrecision,
    Link,
    ReviewStatus,
)
from observatory.store.base import EventQuery
from observatory.store.migrations import MIGRATIONS, migrate
from observatory.store.sqlite import SQLiteStore
from store_backends import Backend


def _events(n: int) -> list[Event]:
    return [
        make_event(
            id=f"e{i:03d}",
            date=dt.date(2016, 5, 1) + dt.timedelta(days=i % 10),
            location=make_place(
                latitude=35.0 + (i % 5) * 0.5, longitude=38.0 + (i % 3) * 0.5, admin1=f"A{i % 3}"
            ),
            fatalities=Fatalities(low=i % 4, best=i % 4, high=None if i == 7 else i % 4),
        )
        for i in range(n)
    ]


@pytest.fixture
def store(backend: Backend) -> Iterator[Any]:
    s = backend.open()
    s.write_events(_events(30), [])
    yield s
    s.close()


def test_versions_start_at_one_and_every_write_adds_one(store: Any) -> None:
    assert store.event_version("e001") == 1
    event = store.event("e001")
    assert event is not None
    store.write_events([event], [])
    assert store.event_version("e001") == 2
    assert store.bump_versions({"e001": 2}) == {"e001": 3}
    with pytest.raises(ConflictError, match="version 3, not 2"):
        store.bump_versions({"e001": 2, "e002": 1})
    assert store.event_version("e002") == 1  # the failed check changed nothing
    with pytest.raises(ReviewError, match="no event"):
        store.bump_versions({"nope": 1})
    assert store.event_version("nope") is None


def test_pages_are_stable_and_complete(store: Any) -> None:
    seen: list[str] = []
    cursor = None
    while True:
        page = store.event_page(EventQuery(admin1="a1"), after=cursor, limit=4)
        seen.extend(e.id for e in page.events)
        cursor = page.next_cursor
        if cursor is None:
            break
    expected = sorted(
        (e for e in _events(30) if e.location and e.location.admin1 == "A1"),
        key=lambda e: (e.date, e.id),
        reverse=True,
    )
    assert seen == [e.id for e in expected]
    assert store.count_events(EventQuery(admin1="A1")) == len(seen)
    with pytest.raises(BadCursor):
        store.event_page(after="not-a-cursor")


@pytest.mark.parametrize(
    ("window", "since", "found"),
    [
        # a window that began long before `since` and runs past it: in every date read
        ((dt.date(2014, 1, 1), dt.date(2016, 5, 6)), dt.date(2016, 5, 5), True),
        ((dt.date(2014, 1, 1), dt.date(2016, 5, 6)), dt.date(2016, 5, 6), True),
        # the same window ended the day before `since`: in none
        ((dt.date(2014, 1, 1), dt.date(2016, 5, 4)), dt.date(2016, 5, 5), False),
    ],
)
def test_date_filters_find_events_whose_window_began_long_before(
    store: Any, window: tuple[dt.date, dt.date], since: dt.date, found: bool
) -> None:
    """Date filters bound the page order by the longest date window: an event whose window
    began years before `since` is still found, by pages, counts, clusters and the timeline,
    and also when a still longer window is added later."""
    wide = make_event(id="wide", date=None, date_window=window, date_precision=DatePrecision.RANGE)
    store.write_events([wide], [])
    query = EventQuery(since=since)
    later = [e for e in _events(30) if e.date is not None and e.date >= since]
    expected = [e.id for e in sorted(later, key=lambda e: (e.date, e.id), reverse=True)]
    expected += ["wide"] if found else []  # its first day is the oldest: last
    seen: list[str] = []
    cursor = None
    while True:
        page = store.event_page(query, after=cursor, limit=3)
        seen.extend(e.id for e in page.events)
        if (cursor := page.next_cursor) is None:
            break
    assert seen == expected
    assert store.count_events(query) == len(expected)
    assert sum(c.events for c in store.map_clusters(query, cell_degrees=180)) == len(expected)
    assert sum(b.events for b in store.timeline(query, by="month")) == len(expected)
    wider = make_event(
        id="wider",
        date=None,
        date_window=(dt.date(2001, 1, 1), since),
        date_precision=DatePrecision.RANGE,
    )
    store.write_events([wider], [])
    assert "wider" in {e.id for e in store.event_page(query, limit=100).events}


def test_clusters_and_timeline_sum_like_tallies(store: Any) -> None:
    clusters = store.map_clusters(cell_degrees=0.25)
    assert sum(c.events for c in clusters) == 30
    assert len(clusters) == 15
    open_cell = next(
        c for c in clusters if any(e == "e007" for e in [c.event_id]) or c.deaths_high is None
    )
    assert open_cell.deaths_high is None
    one = store.map_clusters(cell_degrees=180)
    assert len(one) == 1 and one[0].deaths_best == sum(i % 4 for i in range(30))
    days = store.timeline(by="day")
    assert [b.key for b in days] == [f"2016-05-{d:02d}" for d in range(1, 11)]
    assert sum(b.events for b in days) == 30
    assert store.timeline(by="month")[0].deaths_high is None  # e007 is open-ended


def test_json_pages_are_the_pages_of_events_without_building_them(store: Any) -> None:
    from observatory.api.views import brief_event_json, event_json

    varied = [
        make_event(
            id="windowed",
            date=None,
            date_window=(dt.date(2016, 4, 2), dt.date(2016, 4, 9)),
            date_precision=DatePrecision.RANGE,
        ),
        make_event(id="nowhere", location=None, fatalities=None, notes=""),
        dataclasses.replace(make_event(id="disputed"), status=ReviewStatus.DISPUTED),
    ]
    store.write_events(varied, [])
    for query in (EventQuery(), EventQuery(admin1="A1"), EventQuery(text="deir")):
        cursor = None
        while True:
            page = store.event_page(query, after=cursor, limit=7)
            fast = store.event_page_json(query, after=cursor, limit=7)
            assert fast.next_cursor == page.next_cursor and fast.versions == page.versions
            expected = [
                event_json(e, version=v, brief=True)
                for e, v in zip(page.events, page.versions, strict=True)
            ]
            assert [
                brief_event_json(d, version=v)
                for d, v in zip(fast.events, fast.versions, strict=True)
            ] == expected
            assert all("figures" not in d for d in fast.events)
            cursor = page.next_cursor
            if cursor is None:
                break


def test_governorates_are_those_of_kept_events_like_the_timeline(store: Any) -> None:
    assert store.governorates() == ["A0", "A1", "A2"]
    rejected = make_event(id="gone", location=make_place(admin1="Zz only rejected"))
    kept = make_event(id="kept", location=make_place(admin1="Aa kept"))
    unplaced = make_event(id="unplaced", location=None)
    no_admin1 = make_event(id="noadmin1", location=make_place(admin1=None))
    store.write_events(
        [dataclasses.replace(rejected, status=ReviewStatus.REJECTED), kept, unplaced, no_admin1],
        [],
    )
    names = store.governorates()
    assert names == ["A0", "A1", "A2", "Aa kept"]
    assert names == [b.key for b in store.timeline(by="admin1") if b.key]
    store.write_events([], [], remove=["kept"])
    assert store.governorates() == ["A0", "A1", "A2"]


def test_bbox_text_and_imprecise_filters(store: Any) -> None:
    box = store.count_events(EventQuery(bbox=(37.9, 34.9, 38.1, 35.1)))
    assert box == len([i for i in range(30) if i % 5 == 0 and i % 3 == 0])
    assert store.count_events(EventQuery(text="deir")) == 30
    assert store.count_events(EventQuery(text="nowhere")) == 0
    vague = make_event(id="vague", location=make_place(geo_precision=GeoPrecision.REGION))
    store.write_events([vague, make_event(id="noplace", location=None)], [])
    assert {e.id for e in store.events(EventQuery(imprecise=True))} == {"vague", "noplace"}


def test_links_near_documents_pages_and_tolls_by_date(backend: Backend) -> None:
    with backend.open() as store:
        docs = [make_document(text=f"Report number {i}.", id=f"d{i}") for i in range(5)]
        store.add_documents(docs)
        store.replace_claims(
            "d0",
            [make_claim(id="c1", document_id="d0"), make_claim(id="c2", document_id="d0")],
            [make_toll(document_id="d0")],
            stages=[],
            settings={},
        )
        store.write_events(
            [make_event(id="e1", claim_ids=("c1", "c2"))],
            [
                Link(claim_id="c1", event_id="e1", score=0.62),
                Link(claim_id="c2", event_id="e1", score=0.95),
            ],
        )
        assert [link.claim_id for link in store.links_near(low=0.5, high=0.7)] == ["c1"]
        first = store.document_page(limit=3)
        rest = store.document_page(after=first.next_cursor, limit=3)
        assert [d.id for d in first.documents + rest.documents] == [f"d{i}" for i in range(5)]
        assert rest.next_cursor is None
        assert len(list(store.tolls(since=dt.date(2016, 5, 3), until=dt.date(2016, 5, 3)))) == 1
        assert list(store.tolls(since=dt.date(2016, 5, 4))) == []


def test_migration_3_fills_the_new_columns_of_existing_events(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, where="old", migrations=MIGRATIONS[:2])
    event = make_event(id="old1")
    conn.execute(
        "INSERT INTO events (id, date, date_first, date_last, admin1, event_type, sub_event_type,"
        " status, data, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '')",
        (
            event.id,
            "2016-05-03",
            "2016-05-03",
            "2016-05-03",
            "Deir ez-Zor",
            event.event_type,
            event.sub_event_type,
            "unreviewed",
            json.dumps(serialize.event_to_json(event)),
        ),
    )
    conn.close()
    with SQLiteStore.open(path) as store:
        assert store.event_version("old1") == 1
        [cluster] = store.map_clusters(cell_degrees=1)
        assert (cluster.latitude, cluster.deaths_best) == (35.3359, 5)
        assert store.count_events(EventQuery(text="deir")) == 1
        assert [e.id for e in store.event_page().events] == ["old1"]
