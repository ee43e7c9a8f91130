"""Linking new documents into an existing store, touching only the events they affect.

``link_store(repo, settings=..., document_ids=[...])``:

1. loads the new documents' claims (the *seed*);
2. adds the stored claims in their blocks: same governorate, date windows within
   ``link_window_days`` (plus one day for publication-date claims);
3. adds every claim an analyst merged with one of those (must-link groups);
4. adds every claim of the events those claims are in now, so events are re-linked whole;
5. links that set with the audit log's overrides, letting events keep their ids and
   review status (:func:`observatory.link.cluster.assign_event_ids`);
6. writes only the events whose content or links changed, and removes events whose
   claims all went elsewhere.

Running it again with the same documents finds the same set, gets the same events and
writes nothing. Without ``document_ids`` the whole store is re-linked the same way.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from observatory.link.blocking import effective_window
from observatory.link.core import Linker
from observatory.link.overrides import constraints_from
from observatory.records import Claim, Event, Link
from observatory.settings import Settings
from observatory.store.base import EventQuery, Repository

__all__ = ["LinkReport", "link_store"]


@dataclass(frozen=True, slots=True, kw_only=True)
class LinkReport:
    """What ``link_store`` did."""

    events_written: int  # new or changed events
    events_removed: int  # events whose claims all went to other events
    claims_linked: int  # claims considered (the new ones and their neighbours)
    unchanged: int  # events re-linked and found as they were


def _intervals(seed: Iterable[Claim], *, pad: int) -> dict[str, list[tuple[dt.date, dt.date]]]:
    """Per governorate (casefolded), merged date intervals around the seed claims."""
    raw: dict[str, list[tuple[dt.date, dt.date]]] = defaultdict(list)
    delta = dt.timedelta(days=pad)
    for claim in seed:
        window = effective_window(claim)
        admin1 = claim.location.admin1 if claim.location else None
        if window is None or not admin1:
            continue
        raw[admin1.casefold()].append((window[0] - delta, window[1] + delta))
    merged: dict[str, list[tuple[dt.date, dt.date]]] = {}
    for admin1, spans in raw.items():
        out: list[tuple[dt.date, dt.date]] = []
        for first, last in sorted(spans):
            if out and first <= out[-1][1] + dt.timedelta(days=1):
                out[-1] = (out[-1][0], max(out[-1][1], last))
            else:
                out.append((first, last))
        merged[admin1] = out
    return merged


def _neighbours(repo: Repository, seed: Iterable[Claim], *, pad: int) -> dict[str, Claim]:
    found: dict[str, Claim] = {}
    for admin1, spans in sorted(_intervals(seed, pad=pad).items()):
        for first, last in spans:
            for claim in repo.claims(since=first, until=last):
                if claim.location and (claim.location.admin1 or "").casefold() == admin1:
                    found[claim.id] = claim
    return found


def link_store(
    repo: Repository,
    *,
    settings: Settings,
    document_ids: Iterable[str] | None = None,
    claim_ids: Iterable[str] | None = None,
) -> LinkReport:
    """Link the claims of ``document_ids`` (and/or ``claim_ids``) into the store's events.

    With neither, re-link every claim in the store. Only changed events are written.
    """
    linker = Linker(settings=settings)
    overrides = list(repo.audit_log())
    constraints = constraints_from(overrides)
    if document_ids is None and claim_ids is None:
        claims = {c.id: c for c in repo.claims()}
        old_events = {e.id: e for e in repo.events()}
    else:
        docs = sorted(set(document_ids or ()))
        seed: dict[str, Claim] = {}
        if docs:
            seed.update((c.id, c) for c in repo.claims(document_ids=docs))
        if claim_ids is not None:
            seed.update((c.id, c) for c in repo.claims(ids=sorted(set(claim_ids))))
        pad = settings.link_window_days + 1
        claims = dict(seed)
        claims.update(_neighbours(repo, seed.values(), pad=pad))
        old_events = {}
        if docs:  # events still naming a re-extracted document's old claims
            for _admin1, spans in sorted(_intervals(seed.values(), pad=pad).items()):
                for first, last in spans:
                    for event in repo.events(EventQuery(since=first, until=last)):
                        if set(event.document_ids) & set(docs):
                            old_events[event.id] = event
        _close_over_groups(repo, claims, constraints.must)
        event_ids = {link.event_id for link in repo.links(claim_ids=sorted(claims))}
        if event_ids:
            old_events.update(
                (e.id, e) for e in repo.events(EventQuery(event_ids=tuple(sorted(event_ids))))
            )
        members = {cid for e in old_events.values() for cid in e.claim_ids} - set(claims)
        if members:
            claims.update((c.id, c) for c in repo.claims(ids=sorted(members)))
        _close_over_groups(repo, claims, constraints.must)

    previous = {
        cid: e.id for e in sorted(old_events.values(), key=lambda e: e.id) for cid in e.claim_ids
    }
    result = linker.link(
        list(claims.values()),
        overrides=overrides,
        existing_status={e.id: e.status for e in old_events.values()},
        previous=previous,
    )
    old_links = {link.claim_id: link for link in repo.links(claim_ids=sorted(claims))}
    by_event: dict[str, list[Link]] = defaultdict(list)
    for link in result.links:
        by_event[link.event_id].append(link)
    written: list[Event] = []
    links: list[Link] = []
    for event in result.events:
        event_links = by_event[event.id]
        if old_events.get(event.id) == event and all(
            _same_link(old_links.get(link.claim_id), link) for link in event_links
        ):
            continue
        written.append(event)
        links.extend(event_links)
    new_ids = {e.id for e in result.events}
    removed = sorted(set(old_events) - new_ids)
    if written or removed:
        repo.write_events(written, links, remove=removed)
    return LinkReport(
        events_written=len(written),
        events_removed=len(removed),
        claims_linked=len(claims),
        unchanged=len(result.events) - len(written),
    )


def _same_link(old: Link | None, new: Link) -> bool:
    return (
        old is not None
        and old.event_id == new.event_id
        and abs(old.score - new.score) < 1e-9
        and old.manual == new.manual
        and dict(old.features) == dict(new.features)
    )


def _close_over_groups(
    repo: Repository, claims: dict[str, Claim], must: frozenset[tuple[str, str]]
) -> None:
    """Add every claim an analyst merged with a claim already in ``claims``."""
    partners: dict[str, set[str]] = defaultdict(set)
    for a, b in must:
        partners[a].add(b)
        partners[b].add(a)
    missing: set[str] = set()
    frontier = [cid for cid in claims if cid in partners]
    seen = set(frontier)
    while frontier:
        cid = frontier.pop()
        for other in partners[cid]:
            if other not in seen:
                seen.add(other)
                frontier.append(other)
                if other not in claims:
                    missing.add(other)
    if missing:
        claims.update((c.id, c) for c in repo.claims(ids=sorted(missing)))
