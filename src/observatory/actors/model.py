"""The records the actor tables hand out: actors, claimants and their mentions in text."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from observatory.records import Span

__all__ = [
    "ARMED_KINDS",
    "DEFAULT_INTER",
    "STATE_KINDS",
    "ActorInfo",
    "ActorKind",
    "ActorMention",
    "ClaimantInfo",
    "ClaimantKind",
    "ClaimantMention",
]


class ActorKind(StrEnum):
    """What sort of actor a canonical name stands for (ACLED's actor types, refined)."""

    STATE_FORCES = "state_forces"  # a state's military, police, intelligence
    STATE = "state"  # the government as a political actor (decrees, dismissals)
    REBELS = "rebels"  # armed groups fighting the state, jihadist groups included
    POLITICAL_MILITIA = "political_militia"  # pro-government and other political militias
    IDENTITY_MILITIA = "identity_militia"  # tribal, clan, ethnic or sectarian militias
    EXTERNAL_FORCES = "external_forces"  # foreign states' forces, coalitions, peacekeepers
    PROTESTERS = "protesters"
    RIOTERS = "rioters"
    CIVILIANS = "civilians"
    UNIDENTIFIED = "unidentified"  # unidentified armed groups
    OTHER = "other"


# ACLED's inter codes: 1 state forces, 2 rebel groups, 3 political militias, 4 identity
# militias, 5 rioters, 6 protesters, 7 civilians, 8 external/other forces.
DEFAULT_INTER: dict[ActorKind, int] = {
    ActorKind.STATE_FORCES: 1,
    ActorKind.STATE: 1,
    ActorKind.REBELS: 2,
    ActorKind.POLITICAL_MILITIA: 3,
    ActorKind.IDENTITY_MILITIA: 4,
    ActorKind.RIOTERS: 5,
    ActorKind.PROTESTERS: 6,
    ActorKind.CIVILIANS: 7,
    ActorKind.EXTERNAL_FORCES: 8,
    ActorKind.UNIDENTIFIED: 3,
    ActorKind.OTHER: 8,
}

# Kinds whose actors are agents of a state (ACLED: an arrest by them is "Arrests", a
# seizure by anyone else is "Abduction/forced disappearance").
STATE_KINDS = frozenset({ActorKind.STATE_FORCES, ActorKind.STATE, ActorKind.EXTERNAL_FORCES})

# Kinds whose actors are armed groups, organised or not (who fight, shell, kill): never a
# crowd, civilians or a government as a political body.
ARMED_KINDS = frozenset(
    {
        ActorKind.STATE_FORCES,
        ActorKind.REBELS,
        ActorKind.POLITICAL_MILITIA,
        ActorKind.IDENTITY_MILITIA,
        ActorKind.EXTERNAL_FORCES,
        ActorKind.UNIDENTIFIED,
    }
)


@dataclass(frozen=True, slots=True, kw_only=True)
class ActorInfo:
    """One canonical actor and its ACLED coding.

    ``parent`` names a broader canonical actor it belongs to (YPG -> Syrian Democratic
    Forces, Free Syrian Army -> Syrian opposition rebels); ``tags`` are free labels
    ("jihadist", "kurdish", "pro-government"); ``source`` is the table file it came from.
    """

    canonical: str
    acled_name: str
    inter: int
    kind: ActorKind
    country: str | None
    aliases: tuple[str, ...]
    state_actor: bool
    parent: str | None = None
    tags: tuple[str, ...] = ()
    note: str = ""
    source: str = ""
    # the one country it fights in (ISO code): a report naming it is about that country
    theatre: str | None = None
    # the country (ISO code) whose air strikes it flies when a report names no author
    air_force: str | None = None
    # from each date on, the actor is coded as another canonical actor (ACLED codes the
    # Taliban as Afghanistan's forces from 15 August 2021): (first day, canonical), by date
    becomes: tuple[tuple[dt.date, str], ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ActorMention:
    """An actor named in text. ``span`` has role "actor" and indexes the document.

    ``generic`` is true for common nouns ("rebels", "militants", "gunmen") that reports
    also use for a group already named nearby: an extractor should prefer a specific
    actor from the same or the previous sentence. ``tags`` come from the alias
    ("Islamist rebels" -> ("islamist",)).
    """

    span: Span
    canonical: str
    info: ActorInfo
    text: str
    generic: bool = False
    tags: tuple[str, ...] = ()

    @property
    def is_state(self) -> bool:
        """A state's forces or the state itself."""
        return self.info.state_actor or self.info.kind in {ActorKind.STATE_FORCES, ActorKind.STATE}


class ClaimantKind(StrEnum):
    MONITOR = "monitor"  # SOHR, SNHR, VDC, LCC
    OUTLET = "outlet"  # news organisations
    AGENCY = "agency"  # state or group news agencies (SANA, Amaq)
    OFFICIAL = "official"  # ministries and official spokespeople
    ORGANISATION = "organisation"  # UN bodies, NGOs, rescue services
    WITNESS = "witness"  # activists, residents, witnesses
    SOURCE = "source"  # unnamed sources
    ACTOR = "actor"  # an armed actor speaking for itself ("the army said")


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimantInfo:
    """One canonical claimant. ``anonymous`` sources ("a military source") that speak to
    an outlet make the outlet the claimant."""

    name: str
    kind: ClaimantKind
    aliases: tuple[str, ...]
    anonymous: bool = False
    note: str = ""
    source: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimantMention:
    """A source the text attributes a claim to. ``span`` has role "claimant".

    ``via`` names the outlet a named source spoke to ("an activist told the Associated
    Press": name "activists", via "Associated Press"). ``kind`` is ACTOR when an armed
    actor is the source ("the army said").
    """

    span: Span
    name: str
    text: str
    kind: ClaimantKind
    via: str | None = None
