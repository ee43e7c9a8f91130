"""What only the PostgreSQL store does: URLs, clear errors, schemas, and concurrent writers.

The backend-neutral behaviour is tested on both backends by test_store.py and friends;
these tests need a server too (``postgres`` marker; skipped without OBSERVATORY_TEST_PG_URL).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from factories import make_claim, make_document, make_event
from observatory.audit import verify_audit
from observatory.errors import ConflictError, SchemaVersionError, StoreError
from observatory.records import AuditEntry, Link, StageVersion
from observatory.store import is_postgres_url, open_store
from observatory.store.postgres import PostgresStore, redact_url
from store_backends import PostgresBackend, backend_named

pytestmark = pytest.mark.postgres

STAGES = (StageVersion(name="extract.rules", version="1"),)


@pytest.fixture
def pg(tmp_path: Path) -> Iterator[PostgresBackend]:
    with backend_named("postgresql", tmp_path) as backend:
        assert isinstance(backend, PostgresBackend)
        yield backend


def _parallel(workers: int, job: Callable[[int], Any]) -> list[Any]:
    """Run ``job(0..workers-1)`` at once (each starts when all are ready)."""
    barrier = threading.Barrier(workers)

    def run(i: int) -> Any:
        barrier.wait()
        return job(i)

    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(run, range(workers)))


# ---------------------------------------------------------------------- opening
@pytest.mark.parametrize(
    ("db", "expected"),
    [
        ("postgresql://u:secret@h/db", True),
        ("postgres://h/db", True),
        ("observatory.db", False),
        ("/data/postgresql/store.db", False),
        (":memory:", False),
    ],
)
def test_the_db_setting_chooses_the_backend(db: str, expected: bool) -> None:
    assert is_postgres_url(db) is expected


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://ana:s3cr%40t@db.example/obs", "postgresql://ana:***@db.example/obs"),
        ("postgresql://db.example/obs?password=x&sslmode=require", "?password=***&sslmode"),
        ("postgresql://ana@db.example/obs", "postgresql://ana@db.example/obs"),
    ],
)
def test_passwords_are_kept_out_of_messages(url: str, shown: str) -> None:
    assert shown in redact_url(url)
    assert "s3cr" not in redact_url(url)


def test_an_unreachable_server_is_a_clear_error() -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(StoreError) as caught:
        open_store(f"postgresql://ana:hunter2@127.0.0.1:{port}/obs?connect_timeout=2")
    message = str(caught.value)
    assert "is the server running" in message and "hunter2" not in message
    assert f"127.0.0.1:{port}" in message


def test_a_missing_schema_is_a_clear_error(pg: PostgresBackend) -> None:
    url = pg.db().replace("search_path%3Dtest_", "search_path%3Dmissing_")
    with pytest.raises(StoreError, match="no schema to create tables in"):
        open_store(url)


def test_stores_in_two_schemas_are_separate(pg: PostgresBackend) -> None:
    with pg.open() as a, pg.open() as b:
        a.add_documents([make_document(id="d1")])
        assert (a.count_documents(), b.count_documents()) == (1, 0)


def test_a_newer_schema_is_refused(pg: PostgresBackend) -> None:
    db = pg.db()
    open_store(db).close()
    conn = pg.connect_to(db)
    conn.execute(
        "INSERT INTO schema_version (version, description, applied_at) VALUES (99, 'f', 'x')"
    )
    with pytest.raises(SchemaVersionError, match="schema version 99"):
        open_store(db)


@pytest.mark.parametrize(
    ("text", "problem"),
    [("A report\x00 with a NUL.", "a NUL character"), ("Broken \ud800 text.", "surrogate")],
)
def test_text_postgresql_cannot_hold_is_refused_clearly(
    pg: PostgresBackend, text: str, problem: str
) -> None:
    with pg.open() as store:
        with pytest.raises(StoreError, match=problem):
            bad = make_document(text, id="bad", content_hash="0" * 64)
            store.add_documents([make_document("A good report.", id="ok"), bad])
        assert store.count_documents() == 0  # nothing of the batch


def test_search_ranks_the_title_first(pg: PostgresBackend) -> None:
    with pg.open() as store:
        store.add_documents(
            [
                make_document("The bakery was hit; a bakery again.", id="d1", title="Raid"),
                make_document("A strike.", id="d2", title="Bakery strike"),
            ]
        )
        assert [d.id for d in store.search("bakery")] == ["d2", "d1"]


# ---------------------------------------------------------------------- concurrent writers
def test_concurrent_opens_of_a_new_store_migrate_it_once(pg: PostgresBackend) -> None:
    db = pg.db()
    stores = _parallel(6, lambda _: open_store(db))
    for store in stores:
        store.close()
    rows = pg.connect_to(db).execute("SELECT version FROM schema_version ORDER BY 1").fetchall()
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))


def test_concurrent_ingests_store_each_document_once(pg: PostgresBackend) -> None:
    db = pg.db()
    open_store(db).close()
    docs = [make_document(f"Report number {i} about shelling.", id=f"d{i}") for i in range(60)]

    def ingest(worker: int) -> tuple[str, ...]:
        with open_store(db) as store:
            order = docs if worker % 2 else list(reversed(docs))  # opposite orders
            return store.add_documents(order).added

    added = _parallel(6, ingest)
    assert sorted(i for batch in added for i in batch) == sorted(d.id for d in docs)
    with open_store(db) as store:
        assert store.count_documents() == 60


def test_concurrent_claim_replacements_leave_one_whole_extraction(pg: PostgresBackend) -> None:
    db = pg.db()
    with open_store(db) as store:
        store.add_documents([make_document(id="d1")])

    def extract(worker: int) -> None:
        claims = [make_claim(id=f"w{worker}-c{k}") for k in range(20)]
        with open_store(db) as store:
            for _ in range(5):
                store.replace_claims("d1", claims, [], stages=STAGES, settings={"w": worker})

    _parallel(4, extract)
    with open_store(db) as store:
        owners = {c.id.split("-")[0] for c in store.claims()}
        assert len(owners) == 1 and len(list(store.claims())) == 20


def test_concurrent_event_writes_in_any_order_do_not_fail(pg: PostgresBackend) -> None:
    """Writers that touch the same events in opposite orders neither deadlock nor fail."""
    db = pg.db()
    ids = [f"e{i:02d}" for i in range(30)]
    with open_store(db) as store:
        store.add_documents([make_document(id="d1")])
        claims = [make_claim(id=f"c{i:02d}") for i in range(30)]
        store.replace_claims("d1", claims, [], stages=STAGES, settings={})

    def write(worker: int) -> None:
        order = ids if worker % 2 else list(reversed(ids))
        events = [make_event(id=e, claim_ids=(f"c{e[1:]}",), notes=f"w{worker}") for e in order]
        links = [Link(claim_id=f"c{e[1:]}", event_id=e, score=0.5) for e in order]
        with open_store(db) as store:
            for _ in range(10):
                store.write_events(events, links)

    _parallel(6, write)
    with open_store(db) as store:
        events = list(store.events())
        assert [e.id for e in events] == ids
        assert len({e.notes for e in events}) == 1  # one writer's batch, whole
        assert {store.event_version(e) for e in ids} == {60}  # 6 writers x 10 writes


def test_two_analysts_with_one_version_one_wins(pg: PostgresBackend) -> None:
    db = pg.db()
    with open_store(db) as store:
        store.add_documents([make_document(id="d1")])
        store.replace_claims("d1", [make_claim(id="c1")], [], stages=STAGES, settings={})
        store.write_events([make_event(id="e1")], [])
        version = store.event_version("e1")
        assert version == 1

    def review(_: int) -> str:
        with open_store(db) as store:
            try:
                store.bump_versions({"e1": 1})
            except ConflictError:
                return "conflict"
            return "ok"

    outcomes = _parallel(8, review)
    assert sorted(outcomes) == ["conflict"] * 7 + ["ok"]
    with open_store(db) as store:
        assert store.event_version("e1") == 2


def test_concurrent_audit_appends_keep_one_unbroken_chain(pg: PostgresBackend) -> None:
    db = pg.db()
    open_store(db).close()
    at = dt.datetime(2024, 3, 1, 12, 0, tzinfo=dt.UTC)

    def append(worker: int) -> list[int]:
        with open_store(db) as store:
            entries = [
                store.add_audit(
                    AuditEntry(id=None, at=at, who=f"w{worker}", action="status", event_ids=("e",))
                )
                for _ in range(15)
            ]
        return [e.id for e in entries if e.id is not None]

    ids = sorted(i for batch in _parallel(6, append) for i in batch)
    assert len(ids) == 90
    with open_store(db) as store:
        result = verify_audit(store)
        assert result.ok, result
        head = store.audit_head()
        assert head is not None and head.entries == 90 and head.last_id == ids[-1]


def test_one_store_shared_by_threads(pg: PostgresBackend) -> None:
    """One store object used from many threads (as by a web server) stays consistent."""
    with pg.open() as store:
        assert isinstance(store, PostgresStore)

        def work(worker: int) -> int:
            docs = [
                make_document(f"Thread {worker} report {k}.", id=f"t{worker}-{k}")
                for k in range(10)
            ]
            store.add_documents(docs)
            return sum(1 for d in store.documents() if d.id.startswith(f"t{worker}-"))

        assert _parallel(8, work) == [10] * 8
        assert store.count_documents() == 80


def test_events_of_a_version_2_store_are_carried_into_the_serving_columns(
    pg: PostgresBackend,
) -> None:
    """Migration 3 fills the new columns and the record table from events already there."""
    import json

    from observatory import serialize
    from observatory.records import Fatalities
    from observatory.store.base import EventQuery
    from observatory.store.pg_migrations import MIGRATIONS, migrate

    db = pg.db()
    conn = pg.connect_to(db)
    migrate(conn, where="test", migrations=MIGRATIONS[:2])
    event = make_event(id="e1", fatalities=Fatalities(low=3, best=4, high=None))
    conn.execute(
        "INSERT INTO events (id, date, date_first, date_last, admin1, event_type,"
        " sub_event_type, status, data, updated_at)"
        " VALUES ('e1', '2016-05-03', '2016-05-03', '2016-05-03', 'Deir ez-Zor', 'Battles',"
        " 'Armed clash', 'unreviewed', %s::jsonb, 'x')",
        (json.dumps(serialize.event_to_json(event), default=str),),
    )
    with open_store(db) as store:
        assert store.event("e1") == event
        assert store.event_version("e1") == 1
        assert [e.id for e in store.events(EventQuery(text="clashed", admin1="deir ez-zor"))] == [
            "e1"
        ]
        assert [e.id for e in store.events(EventQuery(bbox=(40.0, 35.0, 40.5, 35.5)))] == ["e1"]
        (bucket,) = store.timeline(by="day")
        assert (bucket.key, bucket.deaths_low, bucket.deaths_best, bucket.deaths_high) == (
            "2016-05-03",
            3,
            4,
            None,
        )
