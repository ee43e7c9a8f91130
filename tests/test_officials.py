"""Officials who take part in a demonstration (issue 8): ACLED names the government of the
country beside the protesters when sitting officials join them ("people, including the
mayor, marched", "two MPs took part"), never the official the crowd is against. The
sentences are written for these tests in the style of news reports and ACLED's notes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from observatory.actors import ActorTable
from observatory.extract.officials import find_participating_officials
from observatory.ingest import make_document
from observatory.text import sentences

DAY = dt.date(2023, 5, 4)


def _officials(text: str) -> list[str]:
    return [o.span.text for o in find_participating_officials(text, sentences(text))]


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "On 4 May 2023, about 200 residents, including the town's mayor, marched in "
            "Springdale to demand a new bridge.",
            "mayor",
        ),
        ("Two opposition MPs joined the rally outside the parliament.", "MPs"),
        ("State Senator Jane Roe (D) addressed the crowd.", "State Senator"),
        (
            "On 2 March 2023, four Congress MLAs along with party workers staged a sit-in "
            "outside the district office in Ranchi.",
            "MLAs",
        ),
        ("In attendance was John Smith, a Green Party councillor.", "councillor"),
        ("The march was led by the village sarpanch.", "sarpanch"),
        ("Around 300 farmers, joined by the local MLA, blocked the highway.", "MLA"),
        ("A member of the city council from the Labour Party took part in the vigil.", None),
        ("Mayor Ana Ruiz (PSOE) was present at the rally.", "Mayor"),
        (
            "Hundreds rallied at the State Capitol. Rep. Tom Baker (R) and "
            "Sen. Lia Moss (D) spoke at the event.",
            "Rep.",
        ),
    ],
)
def test_officials_in_the_crowd(text: str, title: str | None) -> None:
    found = _officials(text)
    assert found, text
    if title is not None:
        assert title in found


@pytest.mark.parametrize(
    "text",
    [
        "Residents protested against the mayor over rising rents.",
        "Farmers marched to the governor's office to demand compensation.",
        "Students demanded the resignation of the education minister.",
        "Supporters of a jailed MP rallied outside the court.",
        "A former mayor joined the protest.",
        "Teachers gathered in front of the minister's residence.",
        "Three BJP MLAs' supporters held a protest against the Assembly Speaker.",
        "Nurses staged a sit-in, urging the health minister to pay their wages.",
        "Workers burnt an effigy of the chief minister in the main square.",
        "The protest was called after the governor vetoed the bill.",
        "Villagers blocked the convoy of the state minister near the bridge.",
        "Activists gathered outside the office of the local MP to denounce the law.",
        "Mayor candidates held a debate at the town hall.",
        "Members of the student council staged a walkout.",
    ],
)
def test_officials_the_crowd_is_about(text: str) -> None:
    assert _officials(text) == []


def _protest(extractor: Any, text: str) -> Any:
    claims = extractor.extract(make_document(text, id="t", published=DAY)).claims
    protests = [c for c in claims if c.event_type == "Protests"]
    assert len(protests) == 1, claims
    return protests[0]


def test_a_protest_officials_join_names_their_government(extractor: Any) -> None:
    claim = _protest(
        extractor,
        "On 4 May 2023, hundreds of people rallied in Chicago (Illinois) against gun "
        "violence. Mayor Anna Lee and two state senators were present.",
    )
    assert claim.actor1 == "Protesters"
    assert "Government of the United States" in claim.assoc_actors
    assert any(s.text == "Mayor" and s.role == "actor" for s in claim.evidence)


def test_the_official_a_protest_is_against_names_no_government(extractor: Any) -> None:
    claim = _protest(
        extractor,
        "On 4 May 2023, hundreds of students protested in Lucknow (Uttar Pradesh) against the "
        "education minister, demanding his resignation.",
    )
    assert not any(a.startswith("Government of") for a in claim.assoc_actors)


def test_the_government_follows_the_place_of_the_protest(extractor: Any) -> None:
    claim = _protest(
        extractor,
        "On 4 May 2023, three opposition MLAs along with party workers staged a protest in "
        "Lucknow (Uttar Pradesh) over power cuts.",
    )
    assert "Government of India" in claim.assoc_actors


def test_officials_do_not_join_other_events(extractor: Any) -> None:
    claims = extractor.extract(
        make_document(
            "On 4 May 2023, gunmen shot dead a village head and two councillors in Kaduna.",
            id="t",
            published=DAY,
        )
    ).claims
    assert claims
    assert not any(a.startswith("Government of") for c in claims for a in c.assoc_actors)


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("US", "Government of the United States"),
        ("IN", "Government of India"),
        ("SY", "Government of Syria"),
        ("GB", "Government of the United Kingdom"),
    ],
)
def test_a_countrys_government(code: str, name: str) -> None:
    table = ActorTable.default()
    assert table.government(code) == name
    assert table.canonical(name) == name
    assert table.government(None) is None


def test_no_government_for_a_protest_placed_only_by_the_default_country(extractor: Any) -> None:
    """A report whose places the gazetteer does not know is placed in the default country,
    a guess: the officials' government is not guessed with it."""
    claim = _protest(
        extractor,
        "On 4 May 2023, about 40 residents, including the mayor, demonstrated in Qwertzbach "
        "to demand clean water.",
    )
    assert claim.location is None or claim.location.geo_precision == 4
    assert not any(a.startswith("Government of") for a in claim.assoc_actors)
