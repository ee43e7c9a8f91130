"""Incremental linking into a store: only affected events change; a second run changes nothing.

Run against an in-memory fake of the Repository protocol and against each store backend.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from factories import make_document
from observatory.link import Linker, link_store
from observatory.records import (
    AuditEntry,
    Claim,
    Event,
    Fatalities,
    Link,
    StageVersion,
    Toll,
)
from observatory.settings import Settings
from observatory.store.base import EventQuery
from store_backends import BACKENDS, backend_named
from test_link_corpus import CORPUS, INCIDENTS, SOHR

SETTINGS = Settings()


def _bounds(date: dt.date | None, window: tuple[dt.date, dt.date] | None) -> tuple[Any, Any]:
    if window is not None:
        return window
    return (date, date)


class FakeRepo:
    """The parts of the Repository protocol linking and review use, in memory."""

    def __init__(self) -> None:
        self._claims: dict[str, Claim] = {}
        self._events: dict[str, Event] = {}
        self._links: dict[str, Link] = {}
        self._audit: list[AuditEntry] = []
        self.writes = 0

    def add_documents(self, documents: Iterable[Any], /) -> None:
        pass

    def replace_claims(
        self,
        document_id: str,
        claims: Sequence[Claim],
        tolls: Sequence[Toll],
        /,
        *,
        stages: Sequence[StageVersion],
        settings: Mapping[str, Any],
    ) -> None:
        for cid in [c for c, v in self._claims.items() if v.document_id == document_id]:
            del self._claims[cid]
            self._links.pop(cid, None)
        self._claims.update((c.id, c) for c in claims)

    def claims(
        self,
        *,
        ids: Iterable[str] | None = None,
        document_ids: Iterable[str] | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
    ) -> Iterator[Claim]:
        id_set = set(ids) if ids is not None else None
        doc_set = set(document_ids) if document_ids is not None else None
        for claim in list(self._claims.values()):
            first, last = _bounds(claim.date, claim.date_window)
            if id_set is not None and claim.id not in id_set:
                continue
            if doc_set is not None and claim.document_id not in doc_set:
                continue
            if since is not None and (last is None or last < since):
                continue
            if until is not None and (first is None or first > until):
                continue
            yield claim

    def events(self, query: EventQuery | None = None, /) -> Iterator[Event]:
        q = query or EventQuery()
        for event in sorted(self._events.values(), key=lambda e: e.id):
            first, last = _bounds(event.date, event.date_window)
            if q.since is not None and (last is None or last < q.since):
                continue
            if q.until is not None and (first is None or first > q.until):
                continue
            if q.event_ids is not None and event.id not in q.event_ids:
                continue
            if q.status is not None and event.status is not q.status:
                continue
            yield event

    def event(self, event_id: str, /) -> Event | None:
        return self._events.get(event_id)

    def links(
        self, *, event_ids: Iterable[str] | None = None, claim_ids: Iterable[str] | None = None
    ) -> Iterator[Link]:
        events = set(event_ids) if event_ids is not None else None
        claims = set(claim_ids) if claim_ids is not None else None
        for link in sorted(self._links.values(), key=lambda k: (k.event_id, k.claim_id)):
            if events is not None and link.event_id not in events:
                continue
            if claims is not None and link.claim_id not in claims:
                continue
            yield link

    def write_events(
        self, events: Sequence[Event], links: Sequence[Link], /, *, remove: Iterable[str] = ()
    ) -> None:
        self.writes += 1
        for event_id in remove:
            self._events.pop(event_id, None)
            for cid in [c for c, k in self._links.items() if k.event_id == event_id]:
                del self._links[cid]
        for event in events:
            self._events[event.id] = event
            for cid in [c for c, k in self._links.items() if k.event_id == event.id]:
                if cid not in event.claim_ids:
                    del self._links[cid]
        self._links.update((k.claim_id, k) for k in links)

    def add_audit(self, entry: AuditEntry, /) -> AuditEntry:
        stored = dataclasses.replace(entry, id=len(self._audit) + 1)
        self._audit.append(stored)
        return stored

    def audit_log(self, *, event_id: str | None = None) -> Iterator[AuditEntry]:
        for entry in self._audit:
            if event_id is None or event_id in entry.event_ids:
                yield entry

    def close(self) -> None:
        pass


@pytest.fixture(params=["fake", *BACKENDS])
def repo(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    if request.param == "fake":
        yield FakeRepo()
        return
    with backend_named(request.param, tmp_path) as backend:
        store = backend.open()
        yield store
        store.close()


def add(repo: Any, claims: Iterable[Claim]) -> list[str]:
    """Store claims document by document; returns the document ids."""
    by_doc: dict[str, list[Claim]] = {}
    for claim in claims:
        by_doc.setdefault(claim.document_id, []).append(claim)
    for doc, doc_claims in by_doc.items():
        repo.add_documents([make_document(text=f"A report written for tests: {doc}.", id=doc)])
        repo.replace_claims(doc, doc_claims, [], stages=[], settings={})
    return list(by_doc)


def partition(events: Iterable[Event]) -> set[frozenset[str]]:
    return {frozenset(e.claim_ids) for e in events}


def gold_partition() -> set[frozenset[str]]:
    return {frozenset(c.id for c in claims) for claims in INCIDENTS.values()}


def _published(claim: Claim) -> tuple[dt.date, str]:
    return (claim.published or dt.date.min, claim.document_id)


@pytest.mark.parametrize("reverse", [False, True])
def test_documents_one_at_a_time_give_the_batch_events(repo: Any, reverse: bool) -> None:
    docs = sorted({c.document_id for c in CORPUS})
    order = sorted(docs, key=lambda d: min(_published(c) for c in CORPUS if c.document_id == d))
    for doc in reversed(order) if reverse else order:
        add(repo, [c for c in CORPUS if c.document_id == doc])
        link_store(repo, settings=SETTINGS, document_ids=[doc])
    assert partition(repo.events()) == gold_partition()
    batch = Linker(settings=SETTINGS).link(CORPUS)
    assert partition(repo.events()) == partition(batch.events)
    links = {k.claim_id for k in repo.links()}
    assert links == {c.id for c in CORPUS}


def test_running_again_changes_nothing(repo: Any) -> None:
    docs = add(repo, CORPUS)
    first = link_store(repo, settings=SETTINGS)
    assert first.events_written == len(INCIDENTS)
    before = list(repo.events())
    again = link_store(repo, settings=SETTINGS)
    assert (again.events_written, again.events_removed) == (0, 0)
    again = link_store(repo, settings=SETTINGS, document_ids=docs)
    assert (again.events_written, again.events_removed) == (0, 0)
    assert list(repo.events()) == before


def test_toll_update_revises_the_event_and_keeps_its_history(repo: Any) -> None:
    add(repo, [c for c in CORPUS if c.document_id != "sohr-0505"])
    link_store(repo, settings=SETTINGS)
    before = {e.id: e for e in repo.events()}
    dez = next(e for e in before.values() if "c01" in e.claim_ids)
    assert dez.fatalities == Fatalities(low=40, best=60, high=68)
    docs = add(repo, [c for c in CORPUS if c.document_id == "sohr-0505"])
    report = link_store(repo, settings=SETTINGS, document_ids=docs)
    assert (report.events_written, report.events_removed) == (1, 0)
    after = {e.id: e for e in repo.events()}
    assert set(after) == set(before)
    revised = after[dez.id]
    assert revised.fatalities == Fatalities(low=40, best=86, high=86)
    sohr = [f.fatalities.best for f in revised.figures if f.claimant == SOHR]
    assert sohr == [68, 86]
    assert all(after[k] == before[k] for k in after if k != dez.id)


def test_reextracted_document_replaces_its_claims(repo: Any) -> None:
    add(repo, CORPUS)
    link_store(repo, settings=SETTINGS)
    # the AFP report is re-extracted: its claims now have new ids and a revised toll
    afp = [c for c in CORPUS if c.document_id == "afp-0504"]
    new = [dataclasses.replace(c, id=c.id + "-v2") for c in afp]
    repo.replace_claims("afp-0504", new, [], stages=[], settings={})
    link_store(repo, settings=SETTINGS, document_ids=["afp-0504"])
    ids = {cid for e in repo.events() for cid in e.claim_ids}
    assert {c.id for c in new} <= ids
    assert not {c.id for c in afp} & ids
    assert len(list(repo.events())) == len(INCIDENTS)
