"""Actors and claimants: canonical names, ACLED coding, and finding them in text.

    table = ActorTable.default()
    table.find("Nusra Front fighters attacked regime troops")   # -> 2 ActorMention
    table.find_claimants("..., the Observatory said.")            # -> 1 ClaimantMention
    table.canonical("ISIL")                                         # -> "Islamic State"
    table.info("Islamic State").acled_name                          # -> "Islamic State (Syria)"

The tables are data (``observatory/data/actors/*.toml`` plus the user's files named by
the ``actor_tables`` setting): adding a country's actors needs no code. See docs/actors.md.
"""

from __future__ import annotations

from observatory.actors.model import (
    ActorInfo,
    ActorKind,
    ActorMention,
    ClaimantInfo,
    ClaimantKind,
    ClaimantMention,
)
from observatory.actors.table import ActorTable
from observatory.actors.tables import bundled_files

__all__ = [
    "ActorInfo",
    "ActorKind",
    "ActorMention",
    "ActorTable",
    "ClaimantInfo",
    "ClaimantKind",
    "ClaimantMention",
    "bundled_files",
]
