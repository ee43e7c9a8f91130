"""SQLite and PostgreSQL give the same answers: one varied store, every read compared.

A seeded generator writes the same few hundred events (dated, undated and windowed; precise,
imprecise and placeless; with figures open-ended, closed or missing; every status) with
their documents, claims, tolls and links to both backends; then each query of the
Repository is asked of both and the answers must be equal.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from factories import make_claim, make_document, make_event, make_place, make_toll
from observatory.records import (
    AuditEntry,
    DatePrecision,
    Event,
    Fatalities,
    GeoPrecision,
    Link,
    ReviewStatus,
    StageVersion,
)
from observatory.settings import Settings
from observatory.store.base import EventQuery, SourceState
from store_backends import backend_named

pytestmark = pytest.mark.postgres

ADMIN1 = ["Aleppo", "Idlib", "Hama", "Deir ez-Zor", "Rif Dimashq", "Ar-Raqqa", None]
TYPES = [
    ("Battles", "Armed clash"),
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Violence against civilians", "Attack"),
]
ACTORS = ["Military Forces of Syria", "Islamic State", "Civilians", "Hay'at Tahrir al-Sham", None]
NOTES = ["Shelling hit a market.", "An air strike on a bakery.", "Clashes near Ḥama airport."]
STAGES = (StageVersion(name="extract.rules", version="1"),)


def _event(rng: random.Random, i: int) -> Event:
    event_type, sub = rng.choice(TYPES)
    day = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(400))
    shape = rng.random()
    date: dt.date | None = day
    window = None
    precision = DatePrecision.DAY
    if shape < 0.15:
        date, window, precision = None, (day, day + dt.timedelta(days=30)), DatePrecision.MONTH
    elif shape < 0.2:
        date, precision = None, DatePrecision.UNKNOWN
    admin1 = rng.choice(ADMIN1)
    place = None
    if admin1 is not None:
        place = make_place(
            name=f"Place {rng.randrange(40)}",
            admin1=admin1,
            latitude=round(rng.uniform(32.0, 37.0), 4),
            longitude=round(rng.uniform(35.5, 42.0), 4),
            geo_precision=rng.choice(list(GeoPrecision)),
        )
    low = rng.randrange(30)
    fatalities = rng.choice(
        [
            None,
            Fatalities(low=low, best=low + 2, high=None),
            Fatalities(low=low, best=low, high=low),
        ]
    )
    actors = rng.sample(ACTORS, 3)
    return make_event(
        id=f"e{i:04d}",
        event_type=event_type,
        sub_event_type=sub,
        date=date,
        date_window=window,
        date_precision=precision,
        location=place,
        actor1=actors[0],
        actor2=actors[1],
        assoc_actors=(actors[2],) if actors[2] else (),
        fatalities=fatalities,
        claim_ids=(f"c{i:04d}",),
        document_ids=(f"d{i % 50:03d}",),
        status=rng.choice(list(ReviewStatus)),
        notes=rng.choice(NOTES),
    )


def _fill(store: Any) -> list[Event]:
    rng = random.Random(20191)
    docs = [
        make_document(f"Report {j}: {rng.choice(NOTES)} {rng.choice(ADMIN1)}", id=f"d{j:03d}")
        for j in range(50)
    ]
    docs = [
        dataclasses.replace(d, ingested_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC)) for d in docs
    ]
    store.add_documents(docs)
    events = [_event(rng, i) for i in range(300)]
    for j in range(50):
        mine = [e for e in events if e.document_ids == (f"d{j:03d}",)]
        claims = [make_claim(id=e.claim_ids[0], document_id=f"d{j:03d}") for e in mine]
        tolls = [make_toll(id=f"t{j:03d}", document_id=f"d{j:03d}")] if j % 7 == 0 else []
        store.replace_claims(f"d{j:03d}", claims, tolls, stages=STAGES, settings={"j": j})
    links = [
        Link(claim_id=e.claim_ids[0], event_id=e.id, score=rng.random(), manual=rng.random() < 0.2)
        for e in events
    ]
    store.write_events(events[:150], links[:150])
    store.write_events(events[150:], links[150:], remove=["e0003"])
    at = dt.datetime(2024, 3, 1, 12, 0, tzinfo=dt.UTC)
    for k in range(5):
        store.add_audit(
            AuditEntry(id=None, at=at, who="ana", action="status", event_ids=(f"e{k:04d}",))
        )
    return events


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Any]]:
    tmp = tmp_path_factory.mktemp("parity")
    with backend_named("sqlite", tmp) as lite, backend_named("postgresql", tmp) as pg:
        a, b = lite.open(), pg.open()
        _fill(a)
        _fill(b)
        yield a, b
        a.close()
        b.close()


def _same(stores: tuple[Any, Any], call: Any) -> Any:
    a, b = (call(s) for s in stores)
    a, b = (list(x) if isinstance(x, Iterator) else x for x in (a, b))
    assert a == b
    return a


QUERIES = [
    EventQuery(),
    EventQuery(since=dt.date(2019, 6, 1)),
    EventQuery(until=dt.date(2019, 3, 1)),
    EventQuery(since=dt.date(2019, 5, 1), until=dt.date(2019, 5, 31)),
    EventQuery(admin1="idlib"),
    EventQuery(event_type="explosions/remote violence"),
    EventQuery(event_type="Attack"),
    EventQuery(sub_event_type="air/drone strike"),
    EventQuery(actor="civilians"),
    EventQuery(status=ReviewStatus.DISPUTED),
    EventQuery(event_ids=("e0010", "e0003", "e0200", "nope")),
    EventQuery(limit=17),
    EventQuery(bbox=(36.0, 33.0, 38.5, 35.0)),
    EventQuery(bbox=(41.0, 32.0, 36.0, 37.0)),  # crosses the antimeridian
    EventQuery(text="bakery"),
    EventQuery(text="hama airport"),
    EventQuery(text="tahrir"),
    EventQuery(text="isl*"),
    EventQuery(imprecise=True),
    EventQuery(imprecise=False, admin1="Aleppo"),
]


@pytest.mark.parametrize("query", QUERIES, ids=range(len(QUERIES)))
def test_events_counts_and_sums_agree(stores: tuple[Any, Any], query: EventQuery) -> None:
    found = _same(stores, lambda s: s.events(query))
    assert found or query.event_ids or query.text  # the data covers the filter
    _same(stores, lambda s: s.count_events(query))
    for by in ("day", "month", "admin1", "event_type"):
        _same(stores, lambda s, by=by: s.timeline(query, by=by))
    for cell in (0.25, 2.0):
        clusters = [sorted(s.map_clusters(query, cell_degrees=cell), key=repr) for s in stores]
        assert len(clusters[0]) == len(clusters[1])
        for x, y in zip(*clusters, strict=True):
            assert x.latitude == pytest.approx(y.latitude)
            assert x.longitude == pytest.approx(y.longitude)
            assert dataclasses.replace(x, latitude=0, longitude=0) == dataclasses.replace(
                y, latitude=0, longitude=0
            )


@pytest.mark.parametrize("query", [EventQuery(), EventQuery(admin1="Hama"), EventQuery(text="x")])
def test_event_pages_agree(stores: tuple[Any, Any], query: EventQuery) -> None:
    cursors: list[str | None] = [None, None]
    seen = 0
    while True:
        pages = [
            s.event_page(query, after=c, limit=23) for s, c in zip(stores, cursors, strict=True)
        ]
        assert pages[0].events == pages[1].events
        assert pages[0].versions == pages[1].versions
        seen += len(pages[0].events)
        if pages[0].next_cursor is None:
            assert pages[1].next_cursor is None
            break
        cursors = [p.next_cursor for p in pages]
    assert seen == stores[0].count_events(query)


def test_documents_claims_tolls_links_audit_agree(stores: tuple[Any, Any]) -> None:
    _same(stores, lambda s: s.documents())
    _same(stores, lambda s: s.documents(ids=["d007", "d001", "zz"]))
    _same(stores, lambda s: s.count_documents())
    _same(stores, lambda s: s.claims(since=dt.date(2016, 5, 3)))
    _same(stores, lambda s: s.claims(document_ids=["d004", "d002"]))
    _same(stores, lambda s: s.tolls())
    _same(stores, lambda s: s.tolls(since=dt.date(2016, 5, 4)))
    _same(stores, lambda s: s.claim_provenance("c0005"))
    _same(stores, lambda s: s.links())
    _same(stores, lambda s: s.links(event_ids=["e0001", "e0002"]))
    _same(stores, lambda s: s.links_near(low=0.3, high=0.6, limit=25))
    _same(stores, lambda s: s.audit_log())
    _same(stores, lambda s: s.audit_log(event_id="e0002"))
    _same(stores, lambda s: s.audit_chain())
    _same(stores, lambda s: s.audit_head())
    _same(stores, lambda s: s.event("e0042"))
    _same(stores, lambda s: s.event_version("e0042"))
    cursors: list[str | None] = [None, None]
    while True:
        pages = [s.document_page(after=c, limit=7) for s, c in zip(stores, cursors, strict=True)]
        assert pages[0].documents == pages[1].documents
        if pages[0].next_cursor is None:
            break
        cursors = [p.next_cursor for p in pages]


@pytest.mark.parametrize(
    "query", ["market", "Deir ez-Zor", "report 4", "rep*", "Ḥama", "HAMA", '"unbalanced', ""]
)
def test_search_agrees(stores: tuple[Any, Any], query: str) -> None:
    a, b = ([d.id for d in s.search(query, limit=100)] for s in stores)
    assert sorted(a) == sorted(b)


def test_writes_agree(tmp_path: Path) -> None:
    """Versions, tokens and watch state move the same way on both backends."""
    with backend_named("sqlite", tmp_path) as lite, backend_named("postgresql", tmp_path) as pg:
        for store in (a := lite.open(), b := pg.open()):
            _fill(store)
            store.write_events([make_event(id="e0001", claim_ids=("c0001",), notes="again")], [])
            store.bump_versions({"e0001": 2, "e0002": 1})
            store.add_token("ana", "analyst", "h1")
            store.add_token("bo", "viewer", "h2")
            store.revoke_token("bo")
            store.save_source_state(
                SourceState(source="https://example.org/feed", etag="x", failures=2)
            )
            store.mark_items_seen("https://example.org/feed", ["a", "b", "a"])
            store.mark_partition_done("run1", "p1", documents=5)
        _same((a, b), lambda s: [s.event_version(f"e{i:04d}") for i in range(5)])
        tokens = [
            [(t.name, t.role, t.revoked_at is None) for t in s.api_tokens(include_revoked=True)]
            for s in (a, b)
        ]
        assert tokens[0] == tokens[1]
        _same((a, b), lambda s: s.source_state("https://example.org/feed"))
        _same((a, b), lambda s: s.seen_items("https://example.org/feed", ["a", "c"]))
        _same((a, b), lambda s: s.done_partitions("run1"))
        a.close()
        b.close()


def test_the_main_job_gives_the_same_record(tmp_path: Path, settings: Settings) -> None:
    """``observatory run examples/`` then ``events --format jsonl``: the same lines on both."""
    from click.testing import CliRunner

    from observatory.cli import cli

    examples = Path(__file__).resolve().parents[1] / "examples"
    env = {"OBSERVATORY_GAZETTEER_PATH": settings.gazetteer_path}
    outputs = []
    with backend_named("sqlite", tmp_path) as lite, backend_named("postgresql", tmp_path) as pg:
        for db in (lite.db(), pg.db()):
            run = CliRunner().invoke(cli, ["--db", db, "run", str(examples)], env=env)
            assert run.exit_code == 0, run.output
            events = CliRunner().invoke(cli, ["--db", db, "events", "--format", "jsonl"], env=env)
            assert events.exit_code == 0, events.output
            outputs.append(events.stdout.splitlines())
    assert len(outputs[0]) > 30
    assert outputs[0] == outputs[1]
