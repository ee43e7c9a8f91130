"""ACLED's note style and sub-event types (issue 8, parts 7 and 8), with notes written for
these tests in the shape of ACLED's notes ("On 9 May 2022, X did Y in Z (District, Region).").
The sub-types follow ACLED's codebook definitions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from observatory.extract.triggers import ACLED_LABELS, find_triggers
from observatory.ingest import make_document

DAY = dt.date(2022, 6, 9)


def _claims(extractor: Any, text: str, published: dt.date = DAY) -> list[tuple[str, str]]:
    got = extractor.extract(make_document(text, id="t", published=published))
    return [(c.event_type, c.sub_event_type) for c in got.claims]


# --- a crowd's action is a protest


@pytest.mark.parametrize(
    "text",
    [
        "On 9 June 2022, fishermen blocked the coastal highway near Porto Belo (Santa Catarina) "
        "to demand compensation for an oil spill.",
        "On 9 June 2022, in Rivera (Huila), nurses carried out a march to demand unpaid wages.",
        "On 9 June 2022, dozens of residents displayed placards outside the town hall in Tamsui "
        "against a waste incinerator.",
        "On 9 June 2022, in Maturin (Monagas), protesters demanded access to running water.",
        "On 9 June 2022, students occupied the premises of their faculty in Padova (Veneto) "
        "against the closure of the library.",
        "On 9 June 2022, workers at a car plant gathered in Rennes to denounce the closure of "
        "their factory.",
        "On 9 June 2022, a collective of parents set up a protest camp in front of the ministry "
        "in Rabat.",
        "On 9 June 2022, in Taxco (Guerrero), teachers blocked the Taxco-Iguala highway to "
        "demand the payment of bonuses.",
        "On 9 June 2022, truck drivers blocked (means unspecified) the N3 road near Harrismith "
        "over unpaid wages.",
        "On 9 June 2022, dock workers formed a picket line outside the port of Vigo, demanding "
        "better pay.",
        "On 9 June 2022, nurses at a clinic began a strike in Tampere to call for higher wages.",
    ],
)
def test_a_crowds_action_is_a_protest(extractor: Any, text: str) -> None:
    assert _claims(extractor, text) == [("Protests", "Peaceful protest")]


@pytest.mark.parametrize(
    "text",
    [
        "On 9 June 2022, government forces gathered near the town of Tafas.",
        "On 9 June 2022, soldiers blocked the road to Tafas.",
        "On 9 June 2022, an air strike hit Hass as the children were gathered outside the school.",
        "On 9 June 2022, rebels launched an air strike on the base near Tafas.",
    ],
)
def test_forces_gathering_and_a_passive_gathering_are_no_protest(extractor: Any, text: str) -> None:
    assert all(etype != "Protests" for etype, _ in _claims(extractor, text))


def test_forces_that_say_what_for_protest(extractor: Any) -> None:
    text = "On 9 June 2022, around 200 police officers gathered in Lyon to demand a pay rise."
    assert _claims(extractor, text) == [("Protests", "Peaceful protest")]


# --- a past year cancels an event only when it dates the event


@pytest.mark.parametrize(
    "text",
    [
        # a year in a name
        "On 9 June 2022, members of the Dock Workers Local 2015 protested in Oakland.",
        "On 9 June 2022, members of the party held a protest in Hyderabad (Sindh), demanding "
        "the repeal of the Local Government Act 2021.",
        # a year after the event's own predicate
        "On 9 June 2022, fishermen blocked a railway near Fundao to demand compensation for "
        "the damage done by a dam that collapsed in 2015.",
    ],
)
def test_a_year_that_does_not_date_the_event_keeps_it(extractor: Any, text: str) -> None:
    assert _claims(extractor, text) == [("Protests", "Peaceful protest")]


def test_a_past_year_before_the_event_is_history(extractor: Any) -> None:
    assert _claims(extractor, "In March 2015, residents blocked the highway near Fundao.") == []


# --- ACLED's labels name the sub-type of the note's one event


@pytest.mark.parametrize(
    ("label", "sub_event_type"),
    [
        ("Property destruction", "Looting/property destruction"),
        ("Looting", "Looting/property destruction"),
        ("Displacement", "Other"),
        ("Movement of forces", "Change to group/activity"),
        ("Defusal", "Disrupted weapons use"),
    ],
)
def test_an_acled_label_names_the_sub_type(extractor: Any, label: str, sub_event_type: str) -> None:
    text = (
        f"{label}: On 9 June 2022, in Kibali village (Mahagi, Ituri), members of a militia "
        "were seen near the market after fighting between two militias."
    )
    assert _claims(extractor, text) == [("Strategic developments", sub_event_type)]


def test_labels_are_read_only_at_the_start_of_a_line() -> None:
    assert [t.label for t in find_triggers("Other: On 9 June 2022, ...")] == [True]
    assert not any(t.label for t in find_triggers("Many other: people"))
    assert set(ACLED_LABELS.values()) <= {
        "Looting/property destruction",
        "Other",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Non-violent transfer of territory",
        "Agreement",
        "Arrests",
    }


# --- a demonstration is one event, coded by its gravest form


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "On 9 June 2022, around 40 activists gathered in Tomsk against the war. "
            "Police intervened in the event, detaining at least 12 of its participants.",
            ("Protests", "Protest with intervention"),
        ),
        (
            "On 9 June 2022, teachers protested outside the town hall in Cadiz to demand "
            "better pay. Three persons were arrested.",
            ("Protests", "Protest with intervention"),
        ),
        (
            "On 9 June 2022, about 300 students gathered on campus in Pretoria to demand "
            "their grants. The group pelted stones at security guards and smashed windows.",
            ("Riots", "Violent demonstration"),
        ),
        (
            "On 9 June 2022, in Neuquen, residents blocked the main road with burning tyres to "
            "demand running water.",
            ("Riots", "Violent demonstration"),
        ),
        (
            "On 9 June 2022, hundreds of people demonstrated in Leipzig against the measures. "
            "Demonstrators clashed with police officers near the station.",
            ("Riots", "Violent demonstration"),
        ),
    ],
)
def test_a_demonstration_is_one_event_of_its_gravest_form(
    extractor: Any, text: str, expected: tuple[str, str]
) -> None:
    assert _claims(extractor, text) == [expected]


def test_demonstrators_who_riot_are_rioters(extractor: Any) -> None:
    text = (
        "On 9 June 2022, about 300 students gathered on campus in Pretoria to demand their "
        "grants. The group pelted stones at security guards."
    )
    (claim,) = extractor.extract(make_document(text, id="t", published=DAY)).claims
    assert claim.actor1 == "Rioters"


@pytest.mark.parametrize(
    "text",
    [
        "On 9 June 2022, forestry workers blocked Route 5 near Tirua as a protest against a "
        "series of attacks committed by armed groups against their companies.",
        "On 9 June 2022, moto-taxi drivers demonstrated in Mbuji-Mayi against fuel prices. "
        "Police forces erected barricades to stop the march.",
    ],
)
def test_what_a_protest_is_against_is_not_part_of_it(extractor: Any, text: str) -> None:
    assert _claims(extractor, text) == [("Protests", "Peaceful protest")]


def test_burning_tyres_without_a_demonstration_is_no_riot(extractor: Any) -> None:
    text = (
        "On 9 June 2022, warplanes struck the town of Kafr Nabl. Residents burned tyres to "
        "create smoke and hide the streets from the jets."
    )
    assert ("Riots", "Violent demonstration") not in _claims(extractor, text)


# --- an attack on people who do not fight back is an attack on civilians (ACLED's codebook)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "On 9 June 2022, in Campinas (Sao Paulo), a man was injured in a drive-by shooting "
            "by two armed individuals on a motorcycle. There were no fatalities.",
            ("Violence against civilians", "Attack"),
        ),
        (
            "On 9 June 2022, four men attacked and shot at a shopkeeper in Meerut city "
            "(Meerut district, UP) over a land dispute.",
            ("Violence against civilians", "Attack"),
        ),
        (
            "On 9 June 2022, suspected militants attacked a primary school in the village of "
            "Kassa (Gourma) and burned two classrooms.",
            ("Violence against civilians", "Attack"),
        ),
        (
            "On 9 June 2022, militants attacked an army checkpoint near Kassa (Gourma).",
            ("Battles", "Armed clash"),
        ),
        (
            "On 9 June 2022, gunmen opened fire on a police patrol near Kassa (Gourma).",
            ("Battles", "Armed clash"),
        ),
    ],
)
def test_one_armed_side_on_people_is_an_attack(
    extractor: Any, text: str, expected: tuple[str, str]
) -> None:
    assert _claims(extractor, text)[:1] == [expected]


def test_attack_motivation_is_no_second_event(extractor: Any) -> None:
    text = (
        "On 9 June 2022, in Campinas (Sao Paulo), a man was beaten up by three members of a "
        "gang. Attack motivation is unknown."
    )
    assert _claims(extractor, text) == [("Violence against civilians", "Attack")]


# --- an unorganised crowd's violence is mob violence; demonstrators' violence a riot


@pytest.mark.parametrize(
    "text",
    [
        "On 9 June 2022, residents beat a suspected thief in Nakonde (Muchinga).",
        "On 9 June 2022, a suspected cattle thief was beaten up and killed by villagers of "
        "Kaloko (Muchinga). 1 fatality.",
        "On 9 June 2022, a group of locals assaulted two forest guards with sticks near "
        "Raykera village (Gumla, Jharkhand).",
        "On 9 June 2022, a mob burned the house of a man accused of witchcraft in Kaloko "
        "(Muchinga).",
        "On 9 June 2022, rioters pelted stones at election staff carrying ballot boxes in "
        "Chankheli (Humla).",
    ],
)
def test_an_unorganised_crowds_violence_is_mob_violence(extractor: Any, text: str) -> None:
    assert _claims(extractor, text) == [("Riots", "Mob violence")]


def test_armed_men_who_beat_a_man_attack_him(extractor: Any) -> None:
    text = "On 9 June 2022, gunmen beat a trader in Kaloko (Muchinga)."
    assert _claims(extractor, text) == [("Violence against civilians", "Attack")]


# --- battle and killing words of ACLED's notes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "On 9 June 2022, Russian forces engaged in an offensive near Kupiansk, Kharkiv, "
            "but were repulsed by Ukrainian forces. Casualties unknown.",
            ("Battles", "Armed clash"),
        ),
        (
            "On 9 June 2022, in Niteroi (Rio de Janeiro), shoot-outs between unknown shooters "
            "took place in the Caramujo neighborhood. Casualties unknown.",
            ("Battles", "Armed clash"),
        ),
        (
            "On 9 June 2022, unknown gunmen killed an individual in the village of Kassa (Gourma).",
            ("Violence against civilians", "Attack"),
        ),
    ],
)
def test_acled_battle_and_killing_words(
    extractor: Any, text: str, expected: tuple[str, str]
) -> None:
    assert _claims(extractor, text) == [expected]


# --- the killing a crowd protests is not a second event; killing demonstrators is excessive force


@pytest.mark.parametrize(
    "text",
    [
        "On 9 June 2022, in Salto (Salto), relatives of a man who was found dead last week "
        "protested in front of the police station to demand an investigation.",
        "On 9 June 2022, students marched in Gonaives to call for justice after a student was "
        "killed days earlier.",
    ],
)
def test_the_killing_a_crowd_protests_is_no_second_event(extractor: Any, text: str) -> None:
    assert _claims(extractor, text) == [("Protests", "Peaceful protest")]


def test_killing_demonstrators_is_excessive_force(extractor: Any) -> None:
    text = (
        "On 9 June 2022, hundreds protested in Daraa city. Security forces opened fire, "
        "killing five demonstrators."
    )
    got = extractor.extract(make_document(text, id="t", published=DAY)).claims
    assert [(c.sub_event_type, c.fatalities.best if c.fatalities else None) for c in got] == [
        ("Excessive force against protesters", 5)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "On 9 June 2022, clashes erupted between two families in Bangou (Hauts-Plateaux) "
            "over a chieftaincy dispute.",
            ("Riots", "Mob violence"),
        ),
        (
            "On 9 June 2022, clashes broke out between two armed groups in Bangou "
            "(Hauts-Plateaux).",
            ("Battles", "Armed clash"),
        ),
    ],
)
def test_clashes_between_unarmed_groups_are_mob_violence(
    extractor: Any, text: str, expected: tuple[str, str]
) -> None:
    assert _claims(extractor, text) == [expected]
