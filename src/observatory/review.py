"""Analyst overrides: merge events, split a claim off an event, set an event's status.

Each action appends an :class:`AuditEntry` (who, when, why, and the claims concerned) to
the store's audit log, then rewrites the affected events. Later automatic linking reads
the audit log and respects it (``observatory.link.overrides``): merged claims stay
together, a split claim stays apart from the claims it was split from, and a status stays
with the event that keeps the event's id (the one holding most of its claims).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from observatory.errors import ReviewError
from observatory.link.incremental import link_store
from observatory.link.overrides import MERGE, SPLIT, STATUS
from observatory.records import AuditEntry, Event, ReviewStatus
from observatory.settings import Settings
from observatory.store.base import Repository

__all__ = ["merge_events", "set_status", "split_claim"]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _event(repo: Repository, event_id: str) -> Event:
    event = repo.event(event_id)
    if event is None:
        raise ReviewError(f"no event {event_id!r}; list events with `observatory events`")
    return event


def _event_of(repo: Repository, claim_id: str) -> Event:
    for link in repo.links(claim_ids=[claim_id]):
        return _event(repo, link.event_id)
    raise ReviewError(f"claim {claim_id!r} is in no event; run `observatory link` first")


def merge_events(
    repo: Repository,
    event_ids: Sequence[str],
    *,
    who: str,
    reason: str,
    settings: Settings | None = None,
) -> Event:
    """Merge the events into one; returns it. The id kept is that of the largest event."""
    ids = list(dict.fromkeys(event_ids))
    if len(ids) < 2:
        raise ReviewError("merge needs at least two different event ids")
    events = [_event(repo, e) for e in ids]
    claim_ids = sorted({c for e in events for c in e.claim_ids})
    repo.add_audit(
        AuditEntry(
            id=None,
            at=_now(),
            who=who,
            action=MERGE,
            event_ids=tuple(ids),
            claim_ids=tuple(claim_ids),
            reason=reason,
        )
    )
    link_store(repo, settings=settings or Settings(), claim_ids=claim_ids)
    return _event_of(repo, claim_ids[0])


def split_claim(
    repo: Repository,
    claim_id: str,
    *,
    who: str,
    reason: str,
    settings: Settings | None = None,
) -> Event:
    """Take the claim out of its event; returns the event the claim is in afterwards."""
    event = _event_of(repo, claim_id)
    if len(event.claim_ids) < 2:
        raise ReviewError(f"claim {claim_id!r} is the only claim of event {event.id}")
    repo.add_audit(
        AuditEntry(
            id=None,
            at=_now(),
            who=who,
            action=SPLIT,
            event_ids=(event.id,),
            claim_ids=event.claim_ids,
            value=claim_id,
            reason=reason,
        )
    )
    link_store(repo, settings=settings or Settings(), claim_ids=event.claim_ids)
    return _event_of(repo, claim_id)


def set_status(
    repo: Repository, event_id: str, status: ReviewStatus, *, who: str, reason: str
) -> Event:
    """Mark the event verified, disputed, rejected (or unreviewed again); returns it."""
    event = _event(repo, event_id)
    repo.add_audit(
        AuditEntry(
            id=None,
            at=_now(),
            who=who,
            action=STATUS,
            event_ids=(event.id,),
            claim_ids=event.claim_ids,
            value=status.value,
            reason=reason,
        )
    )
    updated = dataclasses.replace(event, status=status)
    repo.write_events([updated], [])
    return updated
