"""Analyst overrides from the audit log, as constraints on linking.

- ``merge``: every claim in ``claim_ids`` (the claims of the merged events at the time)
  must be in one event (must-link).
- ``split``: the claim named by ``value`` may not share an event with the other claims in
  ``claim_ids`` (the claims of its event at the time): cannot-link. It also cancels the
  claim's earlier must-links.
- ``status``: the status (``value``) of the event ``event_ids[0]``.

Entries apply in the order they were made (``at``, then ``id``): a later split undoes an
earlier merge for that claim, and a later merge undoes an earlier split between the same
claims.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from observatory.records import AuditEntry, ReviewStatus

__all__ = ["MERGE", "SPLIT", "STATUS", "Constraints", "constraints_from"]

MERGE = "merge"
SPLIT = "split"
STATUS = "status"


@dataclass(frozen=True, slots=True, kw_only=True)
class Constraints:
    must: frozenset[tuple[str, str]] = frozenset()  # claim id pairs, each sorted
    cannot: frozenset[tuple[str, str]] = frozenset()
    statuses: Mapping[str, ReviewStatus] = field(default_factory=dict)  # event id -> status
    manual: frozenset[str] = frozenset()  # claims whose membership an analyst decided


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def constraints_from(entries: Sequence[AuditEntry]) -> Constraints:
    must: set[tuple[str, str]] = set()
    cannot: set[tuple[str, str]] = set()
    statuses: dict[str, ReviewStatus] = {}
    manual: set[str] = set()
    for entry in sorted(entries, key=lambda e: (e.at, e.id or 0)):
        if entry.action == MERGE:
            ids = sorted(set(entry.claim_ids))
            manual.update(ids)
            for i, a in enumerate(ids):
                for b in ids[i + 1 :]:
                    must.add((a, b))
                    cannot.discard((a, b))
        elif entry.action == SPLIT and entry.value:
            claim = entry.value
            manual.add(claim)
            must = {p for p in must if claim not in p}
            for other in entry.claim_ids:
                if other != claim:
                    cannot.add(_pair(claim, other))
        elif entry.action == STATUS and entry.value and entry.event_ids:
            statuses[entry.event_ids[0]] = ReviewStatus(entry.value)
    return Constraints(
        must=frozenset(must),
        cannot=frozenset(cannot),
        statuses=statuses,
        manual=frozenset(manual),
    )
