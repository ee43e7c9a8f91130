"""The store on every backend: documents, claims, events, links, audit log, search, atomicity.

File-specific behaviour of SQLite is tested at the end; PostgreSQL-only behaviour in
test_store_postgres.py.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factories import make_claim, make_document, make_event, make_place, make_toll
from observatory.errors import StoreError
from observatory.records import (
    AuditEntry,
    DatePrecision,
    Link,
    ReviewStatus,
    StageVersion,
)
from observatory.store import open_store
from observatory.store.base import EventQuery, Repository
from observatory.store.sqlite import SQLiteStore
from store_backends import Backend

STAGES = (StageVersion(name="extract.rules", version="1"),)
Store = Any  # SQLiteStore or PostgresStore


@pytest.fixture
def store(backend: Backend) -> Iterator[Store]:
    s = backend.open()
    yield s
    s.close()


def _with_claims(store: Store, *claim_ids: str, document_id: str = "d1") -> None:
    if store.document(document_id) is None:
        store.add_documents([make_document(f"Report {document_id} text.", id=document_id)])
    claims = [make_claim(id=c, document_id=document_id) for c in claim_ids]
    store.replace_claims(document_id, claims, [], stages=STAGES, settings={})


def test_is_a_repository(store: Store) -> None:
    repo: Repository = store
    assert repo.count_documents() == 0


# ---------------------------------------------------------------------- documents
def test_document_round_trip(store: Store) -> None:
    doc = make_document(ingested_at=dt.datetime(2020, 1, 2, 3, 4, 5, tzinfo=dt.UTC))
    result = store.add_documents([doc])
    assert result.added == (doc.id,)
    assert store.document(doc.id) == doc
    assert list(store.documents()) == [doc]
    assert store.document("missing") is None


def test_ingested_at_is_stamped(store: Store) -> None:
    doc = make_document()
    store.add_documents([doc])
    stored = store.document(doc.id)
    assert stored is not None and stored.ingested_at is not None
    assert dataclasses.replace(stored, ingested_at=None) == doc


def test_same_text_under_another_id_is_a_duplicate(store: Store) -> None:
    first = make_document(id="a")
    again = make_document(id="b")  # same text, so same content hash
    assert store.add_documents([first, again]).duplicates == ("b",)
    assert store.count_documents() == 1


def test_documents_by_ids_keep_insertion_order(store: Store) -> None:
    docs = [make_document(f"Report number {i}.", id=f"d{i}") for i in range(5)]
    store.add_documents(docs)
    assert [d.id for d in store.documents(ids=["d3", "d1", "nope"])] == ["d1", "d3"]


# PostgreSQL cannot store NUL or unpaired surrogates (test_store_postgres.py checks the error)
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    texts=st.lists(
        st.text(
            st.characters(exclude_characters="\x00", exclude_categories=["Cs"]),
            min_size=1,
            max_size=40,
        ),
        max_size=12,
    )
)
def test_adding_twice_stores_each_document_once(backend: Backend, texts: list[str]) -> None:
    with backend.open() as store:
        docs = [make_document(t) for t in texts]
        first = store.add_documents(docs)
        second = store.add_documents(docs)
        distinct = {d.content_hash for d in docs}
        assert store.count_documents() == len(distinct) == len(first.added)
        assert second.added == ()
        assert len(second.duplicates) == len(docs)


def test_failed_batch_stores_nothing(store: Store) -> None:
    def docs() -> Iterator[object]:
        yield make_document("First report.", id="a")
        yield make_document("Second report.", id="b")
        raise RuntimeError("reader broke")

    with pytest.raises(RuntimeError):
        store.add_documents(docs())  # type: ignore[arg-type]
    assert store.count_documents() == 0


def test_documents_without_claims_can_be_written_while_iterating(store: Store) -> None:
    store.add_documents([make_document(f"Report {i}.", id=f"d{i}") for i in range(3)])
    _with_claims(store, "c0", document_id="d0")
    seen = []
    for doc in store.documents_without_claims():
        seen.append(doc.id)
        store.replace_claims(
            doc.id,
            [make_claim(id=f"c-{doc.id}", document_id=doc.id)],
            [],
            stages=STAGES,
            settings={},
        )
    assert seen == ["d1", "d2"]
    assert list(store.documents_without_claims()) == []


# ---------------------------------------------------------------------- search
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("shelling", ["d1"]),
        ("Deir ez-Zor", ["d1", "d2"]),
        ("airstrike Raqqa", ["d3"]),
        ("air*", ["d3"]),
        ("Ḥama", ["d2"]),  # diacritics folded
        ("nothing-like-this", []),
        ('"unbalanced', []),
        ("", []),
    ],
)
def test_search(store: Store, query: str, expected: list[str]) -> None:
    store.add_documents(
        [
            make_document("Shelling hit a market in Deir ez-Zor.", id="d1", title="Market shelled"),
            make_document("Fighters moved from Hama to Deir ez-Zor.", id="d2", title="Convoy"),
            make_document("An airstrike hit a bakery.", id="d3", title="Raqqa bakery"),
        ]
    )
    assert sorted(d.id for d in store.search(query)) == expected


# ---------------------------------------------------------------------- claims and tolls
def test_replace_claims_round_trip_and_provenance(store: Store) -> None:
    store.add_documents([make_document(id="d1")])
    claims = [make_claim(id="c1"), make_claim(id="c2", date=dt.date(2016, 5, 1))]
    tolls = [make_toll()]
    store.replace_claims("d1", claims, tolls, stages=STAGES, settings={"link_max_km": 25.0})
    assert list(store.claims()) == claims
    assert list(store.tolls()) == tolls
    assert list(store.claims(ids=["c2"])) == [claims[1]]
    assert store.claim_provenance("c1") == (STAGES, {"link_max_km": 25.0})
    assert store.claim_provenance("t1") == (STAGES, {"link_max_km": 25.0})

    store.replace_claims("d1", [make_claim(id="c3")], [], stages=STAGES, settings={})
    assert [c.id for c in store.claims()] == ["c3"]
    assert list(store.tolls()) == []


@pytest.mark.parametrize(
    ("since", "until", "expected"),
    [
        (None, None, ["c1", "c2", "c3"]),
        (dt.date(2016, 5, 2), None, ["c2", "c3"]),
        (None, dt.date(2016, 5, 2), ["c1", "c3"]),
        (dt.date(2016, 5, 20), dt.date(2016, 5, 21), ["c3"]),
        (dt.date(2017, 1, 1), None, []),
    ],
)
def test_claims_by_date(
    store: Store, since: dt.date | None, until: dt.date | None, expected: list[str]
) -> None:
    store.add_documents([make_document(id="d1")])
    claims = [
        make_claim(id="c1", date=dt.date(2016, 5, 1)),
        make_claim(id="c2", date=dt.date(2016, 5, 3)),
        make_claim(
            id="c3",
            date=None,
            date_window=(dt.date(2016, 5, 1), dt.date(2016, 5, 31)),
            date_precision=DatePrecision.MONTH,
        ),
    ]
    store.replace_claims("d1", claims, [], stages=STAGES, settings={})
    assert [c.id for c in store.claims(since=since, until=until)] == expected


def test_replace_claims_is_atomic(store: Store) -> None:
    _with_claims(store, "c1")
    bad = [make_claim(id="c2"), make_claim(id="c3", document_id="other")]
    with pytest.raises(StoreError, match="belongs to document"):
        store.replace_claims("d1", bad, [], stages=STAGES, settings={})
    assert [c.id for c in store.claims()] == ["c1"]


def test_claims_need_their_document(store: Store) -> None:
    with pytest.raises(StoreError, match="no document"):
        store.replace_claims("d9", [make_claim(document_id="d9")], [], stages=STAGES, settings={})


# ---------------------------------------------------------------------- events and links
def _events_fixture(store: Store) -> None:
    _with_claims(store, "c1", "c2", "c3")
    events = [
        make_event(id="e1", claim_ids=("c1",)),
        make_event(
            id="e2",
            date=dt.date(2016, 6, 10),
            event_type="Explosions/Remote violence",
            sub_event_type="Air/drone strike",
            location=make_place(name="Raqqa", admin1="Ar-Raqqa"),
            actor1="Military Forces of Russia",
            actor2=None,
            assoc_actors=("Civilians",),
            claim_ids=("c2",),
            status=ReviewStatus.VERIFIED,
        ),
        make_event(id="e3", date=None, location=None, claim_ids=("c3",)),
    ]
    links = [
        Link(claim_id=c, event_id=e, score=1.0)
        for c, e in (("c1", "e1"), ("c2", "e2"), ("c3", "e3"))
    ]
    store.write_events(events, links)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (EventQuery(), ["e1", "e2", "e3"]),
        (EventQuery(since=dt.date(2016, 6, 1)), ["e2"]),
        (EventQuery(until=dt.date(2016, 6, 1)), ["e1"]),
        (EventQuery(admin1="ar-raqqa"), ["e2"]),
        (EventQuery(event_type="air/drone strike"), ["e2"]),
        (EventQuery(event_type="Battles"), ["e1", "e3"]),
        (EventQuery(actor="islamic state"), ["e1", "e3"]),
        (EventQuery(actor="Civilians"), ["e2"]),
        (EventQuery(status=ReviewStatus.VERIFIED), ["e2"]),
        (EventQuery(event_ids=("e3", "e1")), ["e1", "e3"]),
        (EventQuery(limit=1), ["e1"]),
        (EventQuery(admin1="Deir ez-Zor", actor="Islamic State"), ["e1"]),
    ],
)
def test_event_filters(store: Store, query: EventQuery, expected: list[str]) -> None:
    _events_fixture(store)
    assert [e.id for e in store.events(query)] == expected


def test_event_round_trip(store: Store) -> None:
    _with_claims(store, "c1")
    event = make_event(assoc_actors=("Civilians",))
    store.write_events(
        [event], [Link(claim_id="c1", event_id="e1", score=0.8, features={"km": 1.0})]
    )
    assert store.event("e1") == event
    assert list(store.links()) == [
        Link(claim_id="c1", event_id="e1", score=0.8, features={"km": 1.0})
    ]


def test_writing_a_link_moves_the_claim(store: Store) -> None:
    _events_fixture(store)
    store.write_events(
        [make_event(id="e1", claim_ids=("c1", "c2")), make_event(id="e2", claim_ids=())],
        [Link(claim_id="c2", event_id="e1", score=0.9, manual=True)],
    )
    assert sorted(link.claim_id for link in store.links(event_ids=["e1"])) == ["c1", "c2"]
    assert list(store.links(event_ids=["e2"])) == []
    assert [link.manual for link in store.links(claim_ids=["c2"])] == [True]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    moves=st.lists(
        st.tuples(st.sampled_from(["c1", "c2", "c3"]), st.sampled_from(["e1", "e2"])), max_size=10
    )
)
def test_a_claim_ends_in_the_event_of_its_last_link(
    backend: Backend, moves: list[tuple[str, str]]
) -> None:
    with backend.open() as store:
        _with_claims(store, "c1", "c2", "c3")
        all_claims = ("c1", "c2", "c3")
        store.write_events([make_event(id=e, claim_ids=all_claims) for e in ("e1", "e2")], [])
        expected: dict[str, str] = {}
        for claim, event in moves:
            store.write_events([], [Link(claim_id=claim, event_id=event, score=0.5)])
            expected[claim] = event
        assert {link.claim_id: link.event_id for link in store.links()} == expected
        before = (list(store.events()), list(store.links()))
        store.write_events(before[0], before[1])  # writing the same again changes nothing
        assert (list(store.events()), list(store.links())) == before


def test_remove_deletes_events_and_their_links(store: Store) -> None:
    _events_fixture(store)
    store.write_events([], [], remove=["e2", "e3"])
    assert [e.id for e in store.events()] == ["e1"]
    assert [link.claim_id for link in store.links()] == ["c1"]


def test_rewriting_an_event_drops_links_to_claims_it_no_longer_has(store: Store) -> None:
    _with_claims(store, "c1", "c2")
    links = [Link(claim_id=c, event_id="e1", score=1.0) for c in ("c1", "c2")]
    store.write_events([make_event(claim_ids=("c1", "c2"))], links)
    store.write_events([make_event(claim_ids=("c1",))], [])
    assert [link.claim_id for link in store.links()] == ["c1"]


def test_write_events_is_atomic(store: Store) -> None:
    _events_fixture(store)
    before = (list(store.events()), list(store.links()))
    with pytest.raises(StoreError, match="writing events failed"):
        store.write_events(
            [make_event(id="e4", claim_ids=("c1",)), make_event(id="e1", notes="changed")],
            [Link(claim_id="no-such-claim", event_id="e4", score=1.0)],
            remove=["e2"],
        )
    assert (list(store.events()), list(store.links())) == before


def test_replacing_claims_drops_their_links(store: Store) -> None:
    _events_fixture(store)
    store.replace_claims("d1", [make_claim(id="c9")], [], stages=STAGES, settings={})
    assert list(store.links()) == []


def test_unlinked_claims_are_the_claims_in_no_event(store: Store) -> None:
    """What a run killed between extraction and linking leaves behind, found again."""
    _with_claims(store, "c1", "c2")
    _with_claims(store, "c3", document_id="d2")
    store.replace_claims(
        "d2",
        [make_claim(id="c3", document_id="d2")],
        [make_toll(document_id="d2")],
        stages=STAGES,
        settings={},
    )
    assert [c.id for c in store.unlinked_claims()] == ["c1", "c2", "c3"]  # tolls never link
    store.write_events(
        [make_event(id="e1", claim_ids=("c1", "c3"))],
        [Link(claim_id=c, event_id="e1", score=1.0) for c in ("c1", "c3")],
    )
    assert list(store.unlinked_claims()) == [make_claim(id="c2")]
    store.write_events([], [], remove=["e1"])  # an event removed: its claims are free again
    assert [c.id for c in store.unlinked_claims()] == ["c1", "c2", "c3"]
    store.write_events(
        [make_event(id="e2", claim_ids=("c1", "c2", "c3"))],
        [Link(claim_id=c, event_id="e2", score=1.0) for c in ("c1", "c2", "c3")],
    )
    assert list(store.unlinked_claims()) == []


# ---------------------------------------------------------------------- audit log
def test_audit_log_is_append_only(backend: Backend, store: Store) -> None:
    at = dt.datetime(2024, 3, 1, 12, 0, tzinfo=dt.UTC)
    first = store.add_audit(
        AuditEntry(id=None, at=at, who="ana", action="merge", event_ids=("e1", "e2"), reason="same")
    )
    second = store.add_audit(
        AuditEntry(id=None, at=at, who="ana", action="status", event_ids=("e3",), value="verified")
    )
    assert first.id is not None and second.id is not None and second.id > first.id
    assert list(store.audit_log()) == [first, second]
    assert list(store.audit_log(event_id="e2")) == [first]
    with pytest.raises(backend.errors, match="append-only"):
        store._conn.execute("DELETE FROM audit")
    with pytest.raises(backend.errors, match="append-only"):
        store._conn.execute("UPDATE audit SET who = 'someone else'")


# ---------------------------------------------------------------------- files
def test_file_store_is_wal_and_persists(tmp_path: Path) -> None:
    path = tmp_path / "obs.db"
    with SQLiteStore.open(path) as store:
        store.add_documents([make_document()])
        assert store._conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store._conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert store._conn.execute("PRAGMA busy_timeout").fetchone()[0] > 0
    with SQLiteStore.open(str(path)) as store:
        assert store.count_documents() == 1


def test_two_connections_see_each_others_writes(tmp_path: Path) -> None:
    path = tmp_path / "obs.db"
    with SQLiteStore.open(path) as writer, SQLiteStore.open(path) as reader:
        writer.add_documents([make_document()])
        assert reader.count_documents() == 1


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p / "missing" / "obs.db", "does not exist"),
        (
            lambda p: (
                (p / "notes.db").write_text("not a database at all, just words" * 100)
                and p / "notes.db"
            ),
            "is it an Observatory store",
        ),
    ],
)
def test_bad_store_paths_are_clear_errors(tmp_path: Path, make: object, message: str) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    with pytest.raises(StoreError, match=message):
        SQLiteStore.open(path)


def test_a_document_without_claims_is_extracted_once(backend: Backend) -> None:
    """Extraction that finds nothing still counts: the document is not offered again."""
    store = open_store(backend.db())
    doc = make_document(text="A statement with no event in it.")
    store.add_documents([doc])
    assert [d.id for d in store.documents_without_claims()] == [doc.id]
    store.replace_claims(doc.id, [], [], stages=[StageVersion(name="x", version="1")], settings={})
    assert list(store.documents_without_claims()) == []
    store.close()
