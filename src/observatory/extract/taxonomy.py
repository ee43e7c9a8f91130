"""ACLED's event taxonomy: 6 event types and 25 sub-event types, spelled as ACLED spells them."""

from __future__ import annotations

__all__ = [
    "BATTLES",
    "EVENT_TYPES",
    "EXPLOSIONS",
    "PROTESTS",
    "RIOTS",
    "STRATEGIC",
    "SUB_EVENT_PRIORITY",
    "VIOLENCE_AGAINST_CIVILIANS",
    "event_type_of",
]

BATTLES = "Battles"
EXPLOSIONS = "Explosions/Remote violence"
VIOLENCE_AGAINST_CIVILIANS = "Violence against civilians"
PROTESTS = "Protests"
RIOTS = "Riots"
STRATEGIC = "Strategic developments"

EVENT_TYPES: dict[str, tuple[str, ...]] = {
    BATTLES: (
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    ),
    EXPLOSIONS: (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    VIOLENCE_AGAINST_CIVILIANS: (
        "Sexual violence",
        "Attack",
        "Abduction/forced disappearance",
    ),
    PROTESTS: (
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    ),
    RIOTS: ("Violent demonstration", "Mob violence"),
    STRATEGIC: (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}

# When several sub-types describe one (type, location, day) claim, the highest wins.
SUB_EVENT_PRIORITY: dict[str, int] = {
    "Government regains territory": 30,
    "Non-state actor overtakes territory": 30,
    "Armed clash": 10,
    "Chemical weapon": 60,
    "Suicide bomb": 50,
    "Air/drone strike": 40,
    "Shelling/artillery/missile attack": 30,
    "Remote explosive/landmine/IED": 20,
    "Grenade": 10,
    "Sexual violence": 30,
    "Attack": 20,
    "Abduction/forced disappearance": 10,
    "Excessive force against protesters": 30,
    "Protest with intervention": 20,
    "Peaceful protest": 10,
    "Violent demonstration": 20,
    "Mob violence": 10,
    "Agreement": 70,
    "Arrests": 60,
    "Looting/property destruction": 55,
    "Headquarters or base established": 50,
    "Change to group/activity": 45,
    "Disrupted weapons use": 40,
    "Non-violent transfer of territory": 35,
    "Other": 0,
}

_TYPE_OF = {sub: etype for etype, subs in EVENT_TYPES.items() for sub in subs}


def event_type_of(sub_event_type: str) -> str:
    """The event type a sub-event type belongs to."""
    return _TYPE_OF[sub_event_type]
