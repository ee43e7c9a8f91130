"""The tamper-evident audit log: every entry carries the hash of the one before it.

Each analyst action is an :class:`~observatory.records.AuditEntry`. When the store appends
one, it also appends a *chain link*: the SHA-256 of the entry's contents together with the
previous link's hash (:func:`entry_hash`; the first entry follows :data:`GENESIS`), and it
moves the *head* (last id, number of entries, last hash) in the same transaction.

:func:`verify_audit` recomputes the chain from the stored entries and reports what does
not add up:

- an entry edited after it was written (its hash no longer matches its contents);
- an entry deleted from the middle (the next entry no longer follows the one before it,
  or a chain link is left without its entry);
- entries deleted from the end (the head names a later entry than the log ends with);
- an entry slipped in outside Observatory (it has no chain link).

The head hash printed by ``observatory audit verify`` can be kept elsewhere and checked
later (``--expect HASH``): then even a rewrite of the whole chain by someone with write
access to the store is detected. Entries written before the chain existed (stores older
than schema version 5) are sealed into the chain with the first new entry.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from observatory.records import AuditEntry

if TYPE_CHECKING:
    from observatory.store.base import Repository

__all__ = [
    "GENESIS",
    "AuditHead",
    "AuditLink",
    "AuditProblem",
    "AuditVerification",
    "entry_hash",
    "verify_audit",
    "verify_chain",
]

GENESIS = "0" * 64
MIN_EXPECT_LENGTH = 12


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditLink:
    """One id of the audit log as stored: the entry and its chain link, either may be gone."""

    audit_id: int
    entry: AuditEntry | None
    prev_hash: str | None
    hash: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditHead:
    """The chain's head: its last entry's id and hash, and how many entries it holds."""

    last_id: int
    entries: int
    hash: str


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditProblem:
    """Something in the audit log that does not add up (``audit_id`` None: the log as a whole)."""

    audit_id: int | None
    problem: str

    def __str__(self) -> str:
        return f"entry {self.audit_id}: {self.problem}" if self.audit_id else self.problem


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditVerification:
    """The result of checking the chain."""

    entries: int  # chained entries checked
    unsealed: int  # entries from before the chain, not yet sealed into it
    head: str  # hash of the last chained entry as stored (GENESIS when none)
    problems: tuple[AuditProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def entry_hash(entry: AuditEntry, prev_hash: str) -> str:
    """SHA-256 (hex) of the entry's id and contents, chained to ``prev_hash``."""
    payload = json.dumps(
        [
            entry.id,
            entry.at.isoformat(),
            entry.who,
            entry.action,
            list(entry.event_ids),
            list(entry.claim_ids),
            entry.value,
            entry.reason,
            prev_hash,
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def verify_chain(
    links: Iterable[AuditLink], head: AuditHead | None, *, expect: str | None = None
) -> AuditVerification:
    """Check stored links (any order) against each other, the head, and ``expect``.

    ``expect`` is a head hash recorded earlier (at least 12 leading hex digits): it must
    still be in the chain.
    """
    problems: list[AuditProblem] = []
    prev = GENESIS
    last_id = 0
    entries = unsealed = 0
    hashes: list[str] = []
    for link in sorted(links, key=lambda item: item.audit_id):
        n = link.audit_id
        if link.hash is None or link.prev_hash is None:
            if head is None:
                unsealed += 1  # written before the chain existed: sealed with the next entry
            else:
                problems.append(
                    AuditProblem(
                        audit_id=n,
                        problem="is not in the chain: written outside Observatory, or its"
                        " chain link was deleted",
                    )
                )
            continue
        if link.prev_hash != prev:
            problems.append(
                AuditProblem(
                    audit_id=n,
                    problem="does not follow the entry before it: an earlier entry was deleted"
                    " or the chain was rewritten",
                )
            )
        if link.entry is None:
            problems.append(
                AuditProblem(audit_id=n, problem="was deleted (its chain link remains)")
            )
        elif link.entry.id != n or entry_hash(link.entry, link.prev_hash) != link.hash:
            problems.append(
                AuditProblem(
                    audit_id=n,
                    problem="was altered after it was written (its contents no longer match"
                    " its hash)",
                )
            )
        else:
            entries += 1
        prev = link.hash
        last_id = n
        hashes.append(link.hash)
    if head is None:
        if hashes:
            problems.append(
                AuditProblem(audit_id=None, problem="the chain's head record is missing")
            )
    elif head.hash != prev or head.last_id != last_id:
        problems.append(
            AuditProblem(
                audit_id=None,
                problem=f"the log ends at entry {last_id} ({len(hashes)} entries), but its head"
                f" records entry {head.last_id} ({head.entries} entries): the last entries"
                " were deleted",
            )
        )
    elif head.entries != len(hashes) and not problems:
        problems.append(
            AuditProblem(
                audit_id=None,
                problem=f"the head counts {head.entries} entries, the chain holds {len(hashes)}",
            )
        )
    if expect is not None:
        wanted = expect.strip().lower()
        if len(wanted) < MIN_EXPECT_LENGTH or not any(h.startswith(wanted) for h in hashes):
            problems.append(
                AuditProblem(
                    audit_id=None,
                    problem=f"the head hash recorded earlier ({expect}) is not in the chain:"
                    " the log was rewritten or cut since then",
                )
            )
    return AuditVerification(
        entries=entries, unsealed=unsealed, head=prev, problems=tuple(problems)
    )


def verify_audit(repo: Repository, *, expect: str | None = None) -> AuditVerification:
    """Check the store's audit chain (see :func:`verify_chain`)."""
    return verify_chain(repo.audit_chain(), repo.audit_head(), expect=expect)
