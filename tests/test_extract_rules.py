"""Extraction rules on short reports written for these tests, one behaviour per row."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from observatory.evaluate import haversine_km
from observatory.ingest import make_document

PUB = dt.date(2016, 5, 12)  # a Thursday

# (report, expected claims as (event_type, sub_event_type, (lat, lon) within 10 km, date, best deaths))
CASES: list[tuple[str, list[tuple[str, str, tuple[float, float], dt.date | None, int | None]]]] = [
    (
        "Government forces and rebels clashed on Tuesday in the town of Saraqeb in Idlib "
        "province, killing six rebels and four soldiers, the monitor said.",
        [("Battles", "Armed clash", (35.86, 36.80), dt.date(2016, 5, 10), 10)],
    ),
    (
        "Warplanes struck the town of Douma on Wednesday, killing 12 civilians including "
        "three children, activists said.",
        [
            (
                "Explosions/Remote violence",
                "Air/drone strike",
                (33.57, 36.40),
                dt.date(2016, 5, 11),
                12,
            )
        ],
    ),
    (
        "Islamic State fighters captured the village of Tal Abyad after heavy fighting on Monday.",
        [
            (
                "Battles",
                "Non-state actor overtakes territory",
                (36.70, 38.95),
                dt.date(2016, 5, 9),
                None,
            )
        ],
    ),
    (
        "Syrian troops recaptured the town of Palmyra from Islamic State on Sunday, state "
        "television said.",
        [("Battles", "Government regains territory", (34.56, 38.27), dt.date(2016, 5, 8), None)],
    ),
    (
        "A car bomb exploded near a checkpoint in the city of Azaz on Wednesday, killing at "
        "least eight people.",
        [
            (
                "Explosions/Remote violence",
                "Remote explosive/landmine/IED",
                (36.59, 37.04),
                dt.date(2016, 5, 11),
                8,
            )
        ],
    ),
    (
        "Hundreds of people demonstrated in the city of Sweida on Thursday against rising "
        "prices, residents said.",
        [("Protests", "Peaceful protest", (32.71, 36.57), PUB, None)],
    ),
    (
        "Security forces arrested 15 young men in the town of Jasim on Monday during a raid.",
        [("Strategic developments", "Arrests", (32.99, 36.06), dt.date(2016, 5, 9), None)],
    ),
    (
        "Islamic State militants kidnapped 20 shepherds near the town of Palmyra on Tuesday.",
        [
            (
                "Violence against civilians",
                "Abduction/forced disappearance",
                (34.56, 38.27),
                dt.date(2016, 5, 10),
                None,
            )
        ],
    ),
    (
        "Gunmen shot dead a local council member in the town of Inkhil on Wednesday evening.",
        [("Violence against civilians", "Attack", (33.02, 36.13), dt.date(2016, 5, 11), 1)],
    ),
    (
        "Air defences intercepted two missiles over the Mezzeh airbase on Thursday, a military "
        "source said.",
        [("Strategic developments", "Disrupted weapons use", (33.48, 36.22), PUB, None)],
    ),
]

# behaviours added while measuring on the corpora, each written as a fresh report here
MORE_CASES: list[
    tuple[str, list[tuple[str, str, tuple[float, float], dt.date | None, int | None]]]
] = [
    (
        "A drone struck a car on the road between Ariha and Binnish on Tuesday, killing two "
        "men, a monitor said.",
        [
            (
                "Explosions/Remote violence",
                "Air/drone strike",
                (35.81, 36.61),
                dt.date(2016, 5, 10),
                2,
            )
        ],
    ),
    (
        "A drone of unknown affiliation struck a car on the road between Ariha and Binnish on "
        "Tuesday, killing two men, a monitor said.",
        [
            (
                "Explosions/Remote violence",
                "Air/drone strike",
                (35.81, 36.61),
                dt.date(2016, 5, 10),
                2,
            )
        ],
    ),
    (
        "Regime forces established a new military point in the town of Inkhil, north of "
        "Daraa, on Monday.",
        [
            (
                "Strategic developments",
                "Headquarters or base established",
                (33.02, 36.13),
                dt.date(2016, 5, 9),
                None,
            )
        ],
    ),
    (
        "Gunmen shot dead a teacher in the town of Inkhil, north of Daraa, on Monday.",
        [("Violence against civilians", "Attack", (33.02, 36.13), dt.date(2016, 5, 9), 1)],
    ),
    (
        "An angry crowd of residents beat to death a man accused of theft in the town of Azaz "
        "on Wednesday.",
        [("Riots", "Mob violence", (36.59, 37.04), dt.date(2016, 5, 11), 1)],
    ),
    (
        "Mortar shells fired by rebels hit a neighbourhood of the capital on Tuesday, killing "
        "three civilians.",
        [
            (
                "Explosions/Remote violence",
                "Shelling/artillery/missile attack",
                (33.51, 36.29),
                dt.date(2016, 5, 10),
                3,
            )
        ],
    ),
    (
        "Security forces dispersed a demonstration in the city of Sweida on Wednesday and "
        "arrested four protesters, activists said.",
        [("Protests", "Protest with intervention", (32.71, 36.57), dt.date(2016, 5, 11), None)],
    ),
    (
        "Air defences intercepted three missiles fired at the Mezzeh airbase on Wednesday, "
        "state media said.",
        [
            (
                "Strategic developments",
                "Disrupted weapons use",
                (33.48, 36.22),
                dt.date(2016, 5, 11),
                None,
            )
        ],
    ),
    (
        "Eleven people were killed in the town of Saraqeb on Tuesday, as warplanes carried "
        "out more than a dozen raids on the town, rescuers said.",
        [
            (
                "Explosions/Remote violence",
                "Air/drone strike",
                (35.86, 36.80),
                dt.date(2016, 5, 10),
                11,
            )
        ],
    ),
    (
        "Residents of Sweida protested on Thursday as the Syrian pound fell to a record low.",
        [("Protests", "Peaceful protest", (32.71, 36.57), PUB, None)],
    ),
]

NOT_EVENTS = [
    "The war in Syria, now in its sixth year, has killed hundreds of thousands of people.",
    "The offensive, launched by government forces with Russian air support, is likely to be long.",
    "The rebels had captured the town of Ariha before losing it to the army.",
    "Assassinations and bombings have become almost daily in the province of Daraa.",
    "The opposition denied reports that its fighters had shelled the town of Nubl.",
    "A full-scale assault on the city of Idlib could displace a million people, the UN warned.",
    "The war has killed more than 400,000 people since 2011, the monitor says.",
    "In 2013, rebels captured the city of Raqqa before losing it to Islamic State.",
    "Officials fear that clashes may erupt in the town of Tal Rifaat if talks fail.",
]


def _extract(extractor: Any, text: str) -> Any:
    doc = make_document(text, id="t", published=PUB)
    return extractor.extract(doc)


@pytest.mark.parametrize(
    ("text", "expected"), CASES + MORE_CASES, ids=[c[0][:40] for c in CASES + MORE_CASES]
)
def test_codes_events(extractor: Any, text: str, expected: list[tuple[Any, ...]]) -> None:
    claims = _extract(extractor, text).claims
    got = [
        (
            c.event_type,
            c.sub_event_type,
            (c.location.latitude, c.location.longitude) if c.location else (None, None),
            c.date,
            c.fatalities.best if c.fatalities else None,
        )
        for c in claims
    ]
    assert len(got) == len(expected), got
    for (etype, sub, place, date, best), row in zip(expected, got, strict=True):
        assert row[0] == etype and row[1] == sub, row
        lat, lon = row[2]
        assert lat is not None and lon is not None, row
        assert haversine_km(lat, lon, *place) <= 10, row
        assert row[3] == date, row
        assert row[4] == best, row


@pytest.mark.parametrize("text", NOT_EVENTS, ids=[t[:40] for t in NOT_EVENTS])
def test_statements_history_and_forecasts_are_not_events(extractor: Any, text: str) -> None:
    assert _extract(extractor, text).claims == ()


def test_national_toll_is_a_toll_not_an_event(extractor: Any) -> None:
    text = (
        "At least 45 people were killed across Syria on Wednesday, the Observatory said. "
        "In the town of Ariha, airstrikes killed seven civilians on Wednesday."
    )
    out = _extract(extractor, text)
    assert [t.deaths.best for t in out.tolls] == [45]
    assert [c.fatalities.best if c.fatalities else None for c in out.claims] == [7]


def test_toll_update_revises_the_same_event(extractor: Any) -> None:
    text = (
        "A suicide bomber blew himself up at a checkpoint in the town of Jableh on Monday, "
        "killing 20 people. The death toll from the bombing later rose to 28, the monitor said."
    )
    out = _extract(extractor, text)
    assert len(out.claims) == 1
    assert out.claims[0].fatalities is not None and out.claims[0].fatalities.best == 28


def test_one_claim_per_town_in_a_list(extractor: Any) -> None:
    text = (
        "Regime helicopters dropped barrel bombs on the towns of Kafr Zita, Latamneh and "
        "Morek on Tuesday, activists said."
    )
    claims = _extract(extractor, text).claims
    assert len(claims) == 3
    assert {c.event_type for c in claims} == {"Explosions/Remote violence"}


def test_every_field_has_evidence(extractor: Any) -> None:
    text = (
        "Rebels and government forces clashed in the town of Saraqeb on Tuesday, killing "
        "five fighters, the Syrian Observatory for Human Rights said."
    )
    (claim,) = _extract(extractor, text).claims
    roles = {s.role for s in claim.evidence}
    assert {"trigger", "location", "date", "fatalities", "sentence"} <= roles
    for span in claim.evidence:
        assert text[span.start : span.end] == span.text
