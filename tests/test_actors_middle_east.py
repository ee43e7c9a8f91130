"""Middle East actors outside Syria (common_middle_east.toml, yemen.toml): names in notes written
the way ACLED's event notes are, ACLED names, and that Syrian reports read as before."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from observatory.actors import ActorKind, ActorTable
from observatory.evaluate_acled import actor_key


@pytest.fixture(scope="module")
def syria() -> ActorTable:
    return ActorTable.from_files([], country="SY")


@pytest.fixture(scope="module")
def yemen() -> ActorTable:
    return ActorTable.from_files([], country="YE")


def _found(table: ActorTable, text: str) -> list[tuple[str, str]]:
    return [(m.text, m.canonical) for m in table.find(text)]


# One sentence per actor family; the names carry their country, so they read the same
# whatever the default country is.
REGIONAL = [
    (
        "Houthi forces shelled positions of pro-Hadi forces in Hays district.",
        [("Houthi forces", "Houthi forces"), ("pro-Hadi forces", "Yemeni government forces")],
    ),
    (
        "Ansar Allah fighters attacked the Yemeni army near Marib.",
        [("Ansar Allah fighters", "Houthi forces"), ("Yemeni army", "Yemeni government forces")],
    ),
    (
        "AQAP militants attacked a checkpoint of the Southern Transitional Council forces.",
        [
            ("AQAP militants", "AQAP"),
            ("Southern Transitional Council forces", "Southern Transitional Council"),
        ],
    ),
    (
        "Security Belt forces arrested two men in Aden.",
        [("Security Belt forces", "Southern Transitional Council")],
    ),
    (
        "A Saudi-led coalition airstrike hit a farm.",
        [("Saudi-led coalition", "Saudi-led coalition")],
    ),
    ("Arab coalition warplanes struck the airport.", [("Arab coalition", "Saudi-led coalition")]),
    ("Saudi border guards shot a migrant.", [("Saudi border guards", "Saudi military")]),
    ("Saudi artillery shelled the border district.", [("Saudi", "Saudi military")]),
    ("Emirati forces withdrew from the port.", [("Emirati forces", "Emirati military")]),
    ("Iraqi police dispersed the sit-in.", [("Iraqi police", "Iraqi police")]),
    (
        "Peshmerga forces clashed with PKK fighters.",
        [("Peshmerga forces", "Peshmerga"), ("PKK fighters", "PKK")],
    ),
    (
        "Israeli settlers attacked farmers; Israeli border police intervened.",
        [("Israeli settlers", "Israeli settlers"), ("Israeli border police", "Israeli police")],
    ),
    (
        "Palestinian Islamic Jihad fired rockets; the Al-Quds Brigades claimed it.",
        [
            ("Palestinian Islamic Jihad", "Palestinian Islamic Jihad"),
            ("Al-Quds Brigades", "Palestinian Islamic Jihad"),
        ],
    ),
    (
        "Fatah members clashed with PA security forces in Nablus.",
        [("Fatah members", "Fatah"), ("PA security forces", "Palestinian security forces")],
    ),
    (
        "Iranian security forces and Basij members beat protesters.",
        [
            ("Iranian security forces", "Iranian police"),
            ("Basij members", "Basij"),
            ("protesters", "Protesters"),
        ],
    ),
    (
        "Turkish police detained 12 people; Turkish gendarmes raided a village.",
        [("Turkish police", "Turkish police"), ("Turkish gendarmes", "Turkish gendarmerie")],
    ),
    ("Lebanese police fired tear gas.", [("Lebanese police", "Lebanese police")]),
]


@pytest.mark.parametrize(("text", "expected"), REGIONAL)
@pytest.mark.parametrize("country", ["SY", "YE"])
def test_regional_actors(
    syria: ActorTable, yemen: ActorTable, country: str, text: str, expected: list[tuple[str, str]]
) -> None:
    table = syria if country == "SY" else yemen
    assert _found(table, text) == expected


def test_bare_coalition_depends_on_the_country(syria: ActorTable, yemen: ActorTable) -> None:
    text = "Coalition airstrikes hit Saada."
    assert [c for _, c in _found(syria, text)] == ["US-led coalition"]
    assert [c for _, c in _found(yemen, text)] == ["Saudi-led coalition"]
    assert [c for _, c in _found(yemen, "The coalition said the raid hit a depot.")] == [
        "Saudi-led coalition"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Government forces shelled the town.",
        "The army shelled the town.",
        "Security forces arrested two men.",
        "Regime warplanes struck the market.",
    ],
)
def test_syrian_local_names_stay_syrian(syria: ActorTable, yemen: ActorTable, text: str) -> None:
    assert [c for _, c in _found(syria, text)] == ["Syrian government forces"]
    if "Regime" not in text:
        assert [c for _, c in _found(yemen, text)] == ["Yemeni government forces"]


@pytest.mark.parametrize(
    ("acled", "canonical"),
    [
        ("Military Forces of Yemen (2016-) Supreme Political Council", "Houthi forces"),
        ("Houthi Movement", "Houthi forces"),
        ("Military Forces of Yemen (2012-) Hadi", "Yemeni government forces"),
        (
            "Military Forces of Yemen (2022-) Presidential Leadership Council",
            "Yemeni government forces",
        ),
        ("STC: Southern Transitional Council", "Southern Transitional Council"),
        ("AQAP: Al Qaeda in the Arabian Peninsula", "AQAP"),
        ("Operation Restoring Legitimacy", "Saudi-led coalition"),
        ("Police Forces of Iraq (2022-)", "Iraqi police"),
        ("PIJ: Palestinian Islamic Jihad", "Palestinian Islamic Jihad"),
        ("Settlers (Israel)", "Israeli settlers"),
        ("Police Forces of Israel (2022-)", "Israeli police"),
    ],
)
def test_acled_names_are_known(syria: ActorTable, acled: str, canonical: str) -> None:
    # as evaluate_acled looks them up: without the period first, then whole
    assert (syria.canonical(actor_key(acled)) or syria.canonical(acled)) == canonical


def test_yemen_kinds(yemen: ActorTable) -> None:
    houthis = yemen.info("Houthi forces")
    assert houthis is not None and houthis.kind is ActorKind.STATE_FORCES
    assert houthis.country == "Yemen"
    aqap = yemen.info("AQAP")
    assert aqap is not None and aqap.inter == 2
    coalition = yemen.info("Saudi-led coalition")
    assert coalition is not None and coalition.inter == 8


def test_extraction_names_both_sides() -> None:
    from observatory.extract import Extractor
    from observatory.ingest import make_document
    from observatory.records import PublishedBasis
    from observatory.settings import load_settings

    extractor = Extractor.from_settings(load_settings())
    text = (
        "On 3 March 2022, AQAP militants attacked a checkpoint of the Southern Transitional"
        " Council forces in Mudiyah district (Abyan), killing 3 STC fighters."
    )
    doc = make_document(
        text, id="me-1", published=dt.date(2022, 3, 4), published_basis=PublishedBasis.USER
    )
    claims = Extractor.extract(extractor, doc).claims
    assert claims
    assert {claims[0].actor1, claims[0].actor2} == {"AQAP", "Southern Transitional Council"}


@pytest.mark.parametrize(
    ("country", "army", "police"),
    [
        ("SY", "Syrian government forces", "Syrian police"),
        ("IQ", "Iraqi military", "Iraqi police"),
        ("TR", "Turkish military", "Turkish police"),
        ("LB", "Lebanese military", "Lebanese police"),
        ("JO", "Jordanian military", "Jordanian police"),
        ("YE", "Yemeni government forces", None),
    ],
)
def test_bare_army_and_police_are_the_default_countrys(
    country: str, army: str, police: str | None
) -> None:
    table = ActorTable.from_files([], country=country)
    text = "The army deployed near the square and police arrested three men."
    expected = [("The army", army)] + ([("police", police)] if police else [])
    assert _found(table, text) == expected


def test_bare_names_of_other_countries_stay_unknown_in_syria(syria: ActorTable) -> None:
    assert _found(syria, "Turkish gendarmes detained two men.") == [
        ("Turkish gendarmes", "Turkish gendarmerie")
    ]
    assert _found(syria, "Gendarmes detained two men.") == []
    assert ActorTable.from_files([], country="TR").canonical("gendarmes") == "Turkish gendarmerie"


@pytest.mark.parametrize(
    ("acled", "canonical"),
    [
        ("Military Forces of Iraq (2022-)", "Iraqi military"),
        ("Military Forces of Iraq (2022-) Popular Mobilization Forces", "Iranian-backed militias"),
        ("Military Forces of Turkey (2016-)", "Turkish military"),
        ("Military Forces of Iran (1989-)", "Iranian Revolutionary Guard Corps"),
    ],
)
def test_acled_state_names_of_any_period(syria: ActorTable, acled: str, canonical: str) -> None:
    assert (syria.canonical(actor_key(acled)) or syria.canonical(acled)) == canonical


def test_theatres_are_the_countries_of_actors_fighting_at_home() -> None:
    from observatory.actors.table import ActorTable

    table = ActorTable.default()
    assert table.theatres("Houthi forces shelled Hays; Peshmerga fighters moved.") == {"YE", "IQ"}
    # armies and groups that fight in Syria too give no theatre
    assert table.theatres("Turkish troops, Hezbollah and Jabhat Fatah al-Sham fought.") == set()


# --- any other country: the "*" template (any_country.toml)


def test_a_country_without_a_file_has_its_own_state() -> None:
    """With no file of Kenya's local names, "the army", "police", "the government" are
    Kenya's state under ACLED's names (they were nothing at all)."""
    table = ActorTable.from_files([], country="KE")
    text = "The army deployed near the square, police arrested three men and the government spoke."
    assert _found(table, text) == [
        ("The army", "Military Forces of Kenya"),
        ("police", "Police Forces of Kenya"),
        ("the government", "Government of Kenya"),
    ]
    police = table.info("Police Forces of Kenya")
    assert police is not None and police.kind is ActorKind.STATE_FORCES and police.state_actor
    assert police.acled_name == "Police Forces of Kenya"


def test_a_report_abroad_reads_that_countrys_state_not_syrias(syria: ActorTable) -> None:
    kenya = syria.for_country("KE")
    assert kenya.country == "KE"
    found = kenya.find("Police dispersed the protesters.")
    assert [(m.canonical, m.info.acled_name) for m in found] == [
        ("Police Forces of Kenya", "Police Forces of Kenya"),
        ("Protesters", "Protesters (Kenya)"),
    ]
    # a country whose forces another file names keeps those names
    assert _found(syria.for_country("IL"), "Police arrested two men.") == [
        ("Police", "Israeli police")
    ]
    # and the default country's own table is untouched
    assert _found(syria, "Police arrested two men.") == [("Police", "Syrian police")]


@pytest.mark.parametrize(
    ("name", "known"),
    [
        ("Police Forces of Kenya", "Police Forces of Kenya"),
        ("Military Forces of the Philippines", "Military Forces of the Philippines"),
        ("Government of Uganda", "Government of Uganda"),
        # not a country: an ACLED sub-unit's name after its parenthesis was cut
        ("Police Forces of India Punjab Police", None),
    ],
)
def test_template_names_are_known_for_every_country(
    syria: ActorTable, name: str, known: str | None
) -> None:
    assert syria.canonical(name) == known


def test_a_kenyan_note_read_in_syria_has_no_syrian_actors(extractor: Any) -> None:
    from observatory.ingest import make_document

    text = (
        "On 3 May 2022, police fired tear gas to disperse traders protesting against new "
        "taxes in Kisumu town (Kisumu). The government later suspended the taxes."
    )
    claims = extractor.extract(make_document(text, id="ke", published=dt.date(2022, 5, 4))).claims
    named = {a for c in claims for a in (c.actor1, c.actor2, *c.assoc_actors) if a}
    assert "Police Forces of Kenya" in named
    assert not any("Syria" in a for a in named)
