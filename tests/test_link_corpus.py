"""Claim-level fixtures for linking: ten incidents told by one to four outlets each.

Hand-built Claim records (what the extractor would emit for reports written for these
tests), with the incident each claim belongs to. Six incidents are told by 2-4 outlets
with different wording, spellings, publication days and tolls; the rest make pairs that
are easy to confuse:

- Manbij on 1 July and Manbij on 2 July (same town, consecutive days, explicit dates);
- Douma and Harasta shelled on the same day (neighbouring towns, ~3.6 km apart);
- the Deir ez-Zor clash and that day's airstrikes on Deir ez-Zor (Battles vs
  Explosions/Remote violence).

Other test modules import ``CORPUS``, ``GOLD`` and ``claim``. The tests here measure
pairwise precision and recall of the links and the tallies against the known totals.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from observatory.link import Linker, pairwise_scores
from observatory.records import (
    Claim,
    DateBasis,
    DatePrecision,
    Fatalities,
    GeoPrecision,
    Place,
    Span,
)
from observatory.settings import Settings
from observatory.tally import TallyKey, tally, total

GOV = "Military Forces of Syria"
IS = "Islamic State"
SDF = "Syrian Democratic Forces"
REBELS = "Opposition Rebels"
RUSSIA = "Military Forces of Russia"
CIVILIANS = "Civilians"
SOHR = "Syrian Observatory for Human Rights"

# name -> (admin1, latitude, longitude, gazetteer id)
TOWNS: dict[str, tuple[str, float, float, str]] = {
    "Deir ez-Zor": ("Deir ez-Zor", 35.3359, 40.1408, "geonames:170794"),
    "Maarat al-Numan": ("Idlib", 35.6436, 36.6706, "geonames:169304"),
    "Raqqa": ("Raqqa", 35.9528, 39.0079, "geonames:163915"),
    "Douma": ("Rif Dimashq", 33.5711, 36.4017, "geonames:170654"),
    "Harasta": ("Rif Dimashq", 33.5586, 36.3653, "geonames:169577"),
    "Palmyra": ("Homs", 34.5601, 38.2673, "geonames:163345"),
    "Manbij": ("Aleppo", 36.5281, 37.9549, "geonames:166919"),
    "Aleppo": ("Aleppo", 36.2021, 37.1343, "geonames:170063"),
}
GOVERNORATES: dict[str, tuple[float, float]] = {"Aleppo": (36.2, 37.5)}


def place(name: str, *, precision: GeoPrecision = GeoPrecision.TOWN) -> Place:
    if precision is GeoPrecision.REGION:
        lat, lon = GOVERNORATES[name]
        return Place(
            name=f"{name} Governorate",
            country="SY",
            admin1=name,
            latitude=lat,
            longitude=lon,
            geo_precision=precision,
            gazetteer_id=f"admin1:{name}",
            feature="admin1",
        )
    admin1, lat, lon, gid = TOWNS[name]
    return Place(
        name=name,
        country="SY",
        admin1=admin1,
        latitude=lat,
        longitude=lon,
        geo_precision=precision,
        gazetteer_id=gid,
        feature="town",
    )


def claim(
    id: str,
    *,
    doc: str,
    day: str,
    town: str,
    type_: str = "Battles",
    sub: str = "Armed clash",
    actors: tuple[str | None, str | None] = (GOV, IS),
    deaths: tuple[int, int | None] | None = None,
    published: str | None = None,
    claimant: str = SOHR,
    basis: DateBasis = DateBasis.EXPLICIT,
    precision: GeoPrecision = GeoPrecision.TOWN,
    text: str = "",
    **extra: Any,
) -> Claim:
    """A claim as the extractor would make it; ``deaths`` is ``(low, high)``."""
    date = dt.date.fromisoformat(day)
    fat = None
    if deaths is not None:
        low, high = deaths
        fat = Fatalities(low=low, best=low, high=high)
    sentence = text or f"{sub} in {town}"
    return Claim(
        id=id,
        document_id=doc,
        event_type=type_,
        sub_event_type=sub,
        date=date,
        date_window=None,
        date_precision=DatePrecision.DAY,
        date_basis=basis,
        location=place(town, precision=precision),
        actor1=actors[0],
        actor2=actors[1],
        fatalities=fat,
        claimants=(claimant,),
        evidence=(Span(start=0, end=len(sentence), text=sentence, role="sentence"),),
        notes=sentence,
        published=dt.date.fromisoformat(published) if published else date,
        **extra,
    )


EXPL = "Explosions/Remote violence"

# incident -> claims
INCIDENTS: dict[str, list[Claim]] = {
    # 1. Deir ez-Zor clash: four outlets, toll revised 68 -> 86 by the monitor
    "dez-clash": [
        claim(
            "c01",
            doc="sohr-0503",
            day="2016-05-03",
            town="Deir ez-Zor",
            deaths=(68, 68),
            text="Fierce clashes between regime forces and IS fighters near the airport",
        ),
        claim(
            "c02",
            doc="afp-0504",
            day="2016-05-03",
            town="Deir ez-Zor",
            deaths=(60, None),
            published="2016-05-04",
            claimant="activists",
            basis=DateBasis.RELATIVE,
            text="At least 60 killed as Islamic State fighters attacked army positions",
        ),
        claim(
            "c03",
            doc="sana-0503",
            day="2016-05-03",
            town="Deir ez-Zor",
            actors=(GOV, None),
            deaths=(40, 40),
            claimant="SANA",
            text="Army units killed 40 terrorists attacking the airport",
        ),
        claim(
            "c04",
            doc="sohr-0505",
            day="2016-05-03",
            town="Deir ez-Zor",
            deaths=(86, 86),
            published="2016-05-05",
            text="Death toll of the airport fighting rose to 86",
        ),
    ],
    # 2. airstrike on a market: three outlets, one without a date in the text
    "maarat-strike": [
        claim(
            "c05",
            doc="sohr-0419",
            day="2016-04-19",
            town="Maarat al-Numan",
            type_=EXPL,
            sub="Air/drone strike",
            actors=(GOV, CIVILIANS),
            deaths=(44, 44),
            text="Warplanes struck the vegetable market",
        ),
        claim(
            "c06",
            doc="ap-0419",
            day="2016-04-19",
            town="Maarat al-Numan",
            type_=EXPL,
            sub="Air/drone strike",
            actors=(None, CIVILIANS),
            deaths=(37, 37),
            claimant="activists",
            text="Air raids on a crowded market killed 37",
        ),
        claim(
            "c07",
            doc="reuters-0420",
            day="2016-04-20",
            town="Maarat al-Numan",
            type_=EXPL,
            sub="Shelling/artillery/missile attack",
            actors=(GOV, None),
            deaths=(40, 50),
            published="2016-04-20",
            claimant="rescue workers",
            basis=DateBasis.PUBLICATION,
            text="Between 40 and 50 people were killed in the market attack",
        ),
    ],
    # 3. Raqqa bombing: suicide bomb vs roadside bomb wording
    "raqqa-bomb": [
        claim(
            "c08",
            doc="sohr-0612",
            day="2016-06-12",
            town="Raqqa",
            type_=EXPL,
            sub="Suicide bomb",
            actors=(IS, SDF),
            deaths=(9, 9),
        ),
        claim(
            "c09",
            doc="ara-0612",
            day="2016-06-12",
            town="Raqqa",
            type_=EXPL,
            sub="Remote explosive/landmine/IED",
            actors=(None, SDF),
            deaths=(7, None),
            claimant="Kurdish officials",
        ),
    ],
    # 4. and 5. Douma and Harasta shelled on the same day: neighbouring towns
    "douma-shelling": [
        claim(
            "c10",
            doc="sohr-0610",
            day="2016-06-10",
            town="Douma",
            type_=EXPL,
            sub="Shelling/artillery/missile attack",
            actors=(GOV, CIVILIANS),
            deaths=(12, 12),
        ),
        claim(
            "c11",
            doc="smart-0610",
            day="2016-06-10",
            town="Douma",
            type_=EXPL,
            sub="Shelling/artillery/missile attack",
            actors=(GOV, None),
            deaths=(14, 14),
            claimant="Douma civil defence",
        ),
        claim(
            "c12",
            doc="afp-0611",
            day="2016-06-10",
            town="Douma",
            type_=EXPL,
            sub="Air/drone strike",
            actors=(GOV, CIVILIANS),
            deaths=(12, None),
            published="2016-06-11",
            claimant="activists",
            basis=DateBasis.RELATIVE,
        ),
    ],
    "harasta-shelling": [
        claim(
            "c13",
            doc="sohr-0610b",
            day="2016-06-10",
            town="Harasta",
            type_=EXPL,
            sub="Shelling/artillery/missile attack",
            actors=(GOV, CIVILIANS),
            deaths=(3, 3),
        ),
        claim(
            "c14",
            doc="smart-0610b",
            day="2016-06-10",
            town="Harasta",
            type_=EXPL,
            sub="Shelling/artillery/missile attack",
            actors=(GOV, None),
            deaths=(4, 4),
            claimant="local council",
        ),
    ],
    # 6. Palmyra: one outlet says IS took the hills, another reports clashes
    "palmyra": [
        claim(
            "c15",
            doc="sohr-0520",
            day="2016-05-20",
            town="Palmyra",
            sub="Non-state actor overtakes territory",
            actors=(IS, GOV),
            deaths=(25, 25),
        ),
        claim(
            "c16",
            doc="ap-0521",
            day="2016-05-20",
            town="Palmyra",
            actors=(GOV, IS),
            deaths=(20, 30),
            published="2016-05-21",
            basis=DateBasis.RELATIVE,
            claimant="activists",
        ),
    ],
    # 7. and 8. Manbij on consecutive days: same town, same actors, explicit dates
    "manbij-0701": [
        claim(
            "c17",
            doc="sohr-0701",
            day="2016-07-01",
            town="Manbij",
            actors=(SDF, IS),
            deaths=(15, 15),
        ),
        claim(
            "c18",
            doc="ara-0702",
            day="2016-07-01",
            town="Manbij",
            actors=(SDF, IS),
            deaths=(11, 11),
            published="2016-07-02",
            claimant="SDF spokesman",
        ),
    ],
    "manbij-0702": [
        claim(
            "c19", doc="sohr-0702", day="2016-07-02", town="Manbij", actors=(SDF, IS), deaths=(6, 6)
        ),
        claim(
            "c20",
            doc="hawar-0702",
            day="2016-07-02",
            town="Manbij",
            actors=(SDF, IS),
            deaths=(5, None),
            claimant="SDF spokesman",
        ),
    ],
    # 9. airstrikes on Deir ez-Zor the day of the clash: a separate event
    "dez-strikes": [
        claim(
            "c21",
            doc="sohr-0503",
            day="2016-05-03",
            town="Deir ez-Zor",
            type_=EXPL,
            sub="Air/drone strike",
            actors=(RUSSIA, IS),
            deaths=(10, 10),
        ),
        claim(
            "c22",
            doc="afp-0504",
            day="2016-05-03",
            town="Deir ez-Zor",
            type_=EXPL,
            sub="Air/drone strike",
            actors=(RUSSIA, None),
            published="2016-05-04",
            claimant="activists",
            basis=DateBasis.RELATIVE,
        ),
    ],
    # 10. a province-level report of a town-level clash (all else agrees)
    "aleppo-clash": [
        claim(
            "c23",
            doc="sohr-0801",
            day="2016-08-01",
            town="Aleppo",
            actors=(GOV, REBELS),
            deaths=(12, 12),
        ),
        claim(
            "c24",
            doc="sana-0801",
            day="2016-08-01",
            town="Aleppo",
            actors=(GOV, REBELS),
            deaths=(12, 12),
            claimant="SANA",
            precision=GeoPrecision.REGION,
        ),
    ],
}

CORPUS: list[Claim] = [c for claims in INCIDENTS.values() for c in claims]
GOLD: dict[str, str] = {c.id: name for name, claims in INCIDENTS.items() for c in claims}

# Known deaths per incident as (low, best, high), following docs/linking.md's rule
KNOWN: dict[str, tuple[int, int, int | None]] = {
    "dez-clash": (40, 86, 86),
    "maarat-strike": (37, 40, 50),
    "raqqa-bomb": (7, 9, 9),
    "douma-shelling": (12, 12, 14),
    "harasta-shelling": (3, 4, 4),
    "palmyra": (20, 20, 30),
    "manbij-0701": (11, 11, 15),
    "manbij-0702": (5, 6, 6),
    "dez-strikes": (10, 10, 10),
    "aleppo-clash": (12, 12, 12),
}


@pytest.fixture(scope="module")
def result():  # type: ignore[no-untyped-def]
    return Linker(settings=Settings()).link(CORPUS)


def test_corpus_shape() -> None:
    multi = [name for name, claims in INCIDENTS.items() if len(claims) >= 2]
    assert len(multi) >= 6
    assert all(2 <= len(INCIDENTS[n]) <= 4 for n in multi)
    assert len({c.id for c in CORPUS}) == len(CORPUS)


def test_pairwise_precision_and_recall(result) -> None:  # type: ignore[no-untyped-def]
    predicted = {link.claim_id: link.event_id for link in result.links}
    precision, recall = pairwise_scores(predicted, GOLD)
    assert (precision, recall) == (1.0, 1.0)
    assert len(result.events) == len(INCIDENTS)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("manbij-0701", "manbij-0702"),
        ("douma-shelling", "harasta-shelling"),
        ("dez-clash", "dez-strikes"),
    ],
)
def test_confusable_pairs_stay_apart(result, first: str, second: str) -> None:  # type: ignore[no-untyped-def]
    event_of = {link.claim_id: link.event_id for link in result.links}
    a = {event_of[c.id] for c in INCIDENTS[first]}
    b = {event_of[c.id] for c in INCIDENTS[second]}
    assert len(a) == 1 and len(b) == 1 and a != b


def test_event_fatalities_match_known_figures(result) -> None:  # type: ignore[no-untyped-def]
    by_claim = {cid: e for e in result.events for cid in e.claim_ids}
    for name, claims in INCIDENTS.items():
        f = by_claim[claims[0].id].fatalities
        assert f is not None
        assert (f.low, f.best, f.high) == KNOWN[name], name


def test_tally_error_against_known_totals(result) -> None:  # type: ignore[no-untyped-def]
    row = total(result.events)
    assert row.events == len(INCIDENTS)
    assert row.low == sum(k[0] for k in KNOWN.values())
    assert row.best == sum(k[1] for k in KNOWN.values())
    assert row.high == sum(k[2] or 0 for k in KNOWN.values())
    # summing claims instead would count the Deir ez-Zor clash four times
    claim_sum = sum(c.fatalities.low for c in CORPUS if c.fatalities)
    assert claim_sum > row.high
    by_admin1 = {r.key: r.best for r in tally(result.events, by=[TallyKey.ADMIN1])}
    assert by_admin1[("Rif Dimashq",)] == 12 + 4
    assert by_admin1[("Deir ez-Zor",)] == 86 + 10


def test_links_explain_which_features_agreed(result) -> None:  # type: ignore[no-untyped-def]
    link = next(link for link in result.links if link.claim_id == "c24")
    assert link.features["place"] == 0.5  # province level
    assert link.features["type"] == 1.0 and link.features["fatalities"] == 1.0
    assert 0 < link.score <= 1
