"""Administrative chains ("X village (District, Province)", "in X, Province"): the syntax,
the geocoder's reading of it, and the place the extractor codes. The notes are invented, in
the shape of ACLED's notes and of reports from Syria, Iraq, Lebanon, Yemen and elsewhere."""

from __future__ import annotations

import datetime as dt

import pytest

from observatory.gazetteer.build import admin1_variants, read_admin1_table
from observatory.gazetteer.chains import find_chains
from observatory.gazetteer.supplement import bundled_admin1_files
from observatory.geocode import Geocoder
from observatory.records import Document, GeoPrecision
from observatory.settings import Settings


@pytest.fixture(scope="module")
def geocoder(tmp_path_factory: pytest.TempPathFactory) -> Geocoder:
    path = tmp_path_factory.mktemp("geo-chains") / "gazetteer.sqlite"
    return Geocoder.from_settings(Settings(gazetteer_path=str(path)))


# ------------------------------------------------------------------------------ syntax
@pytest.mark.parametrize(
    ("text", "head", "units", "parenthesised"),
    [
        (
            "militias raided Kobalo village (Djugu, Ituri) at night",
            [("Kobalo", "village")],
            [("Djugu", None), ("Ituri", None)],
            True,
        ),
        (
            "in Tal Sha'ir village, Harim township (Idlib district, Idlib region), troops",
            [("Tal Sha'ir", "village"), ("Harim", "township")],
            [("Idlib", "district"), ("Idlib", "region")],
            True,
        ),
        (
            "fighters shelled Kafr Amma town of Atarib subdistrict (Jebel Saman, Aleppo).",
            [("Kafr Amma", "town"), ("Atarib", "subdistrict")],
            [("Jebel Saman", None), ("Aleppo", None)],
            True,
        ),
        (
            "a rally in Trois-Rivieres (Quebec) on",
            [("Trois-Rivieres", None)],
            [("Quebec", None)],
            True,
        ),
        (
            "gunmen fired at a shop in Port-au-Prince, Ouest, and fled",
            [("Port-au-Prince", None)],
            [("Ouest", None)],
            False,
        ),
        (
            "drones struck Jisr al-Shughur, Idlib.",
            [("Jisr al-Shughur", None)],
            [("Idlib", None)],
            False,
        ),
        (
            "picketed at the union office (Newfoundland and Labrador) to",
            [],
            [("Newfoundland and Labrador", None)],
            True,
        ),
    ],
)
def test_chain_syntax(
    text: str,
    head: list[tuple[str, str | None]],
    units: list[tuple[str, str | None]],
    parenthesised: bool,
) -> None:
    chains = [c for c in find_chains(text) if c.units[-1].name == units[-1][0]]
    assert len(chains) == 1
    chain = chains[0]
    assert [(h.name, h.unit) for h in chain.head] == head or not head
    assert [(u.name, u.unit) for u in chain.units] == units
    assert chain.parenthesised is parenthesised
    for name in (*chain.head, *chain.units):
        assert text[name.start : name.end] == name.name


@pytest.mark.parametrize(
    "text",
    [
        "shelling hit Aleppo, Idlib and Hama on Monday",  # a list, not a chain
        "Around 10 May 2022 (as reported), men clashed",  # a remark in parentheses
        "the Syrian Observatory for Human Rights (SOHR) said",  # no unit inside
        "between 3 - 10 June (coded as Dara), fighters",
    ],
)
def test_not_chains(text: str) -> None:
    assert not [c for c in find_chains(text) if c.parenthesised and len(c.units) > 1]
    assert not [c for c in find_chains(text) if c.units[-1].name in {"Idlib", "Hama"}]


def test_admin1_table_names_provinces_of_the_region() -> None:
    table: dict[tuple[str, str], str] = {}
    for path in bundled_admin1_files():
        table.update(read_admin1_table(path))
    names = {(cc, name) for (cc, _), name in table.items()}
    for expected in [("IQ", "Anbar"), ("IQ", "Kirkuk"), ("LB", "Nabatiye"), ("YE", "Abyan")]:
        assert expected in names
    assert admin1_variants("Basra Governorate") == ("Basra Governorate", "Basra")
    assert admin1_variants("Eastern Province") == ("Eastern Province",)  # not "Eastern"


# --------------------------------------------------------------------------- geocoding
def _chained(geocoder: Geocoder, text: str) -> list[tuple[str, str | None, str | None, int]]:
    return [
        (m.name, m.place.country, m.place.admin1, int(m.place.geo_precision))
        for m in geocoder.mentions(text)
        if m.place is not None and m.chained
    ]


@pytest.mark.parametrize(
    ("text", "name", "country", "admin1", "precision"),
    [
        # known head, resolved inside its containers
        ("On 2 June 2022, an IED hit a patrol in Hit (Hit, Al-Anbar).", "Hit", "IQ", "Anbar", 1),
        (
            "On 2 June 2022, drones struck a car in Bint Jbeil (Bint Jbeil, Nabatiye).",
            "Bint Jbeil",
            "LB",
            None,
            1,
        ),
        (
            "On 2 June 2022, students marched in Tehuacan, Puebla, to demand water.",
            "Tehuacan",
            "MX",
            "Puebla",
            1,
        ),
        (
            "On 2 June 2022, people rallied in Antioch (California) for rent control.",
            "Antioch",
            "US",
            "California",
            1,
        ),
        # the capital, not the province of its name nor the Bahamas' San Salvador
        (
            "On 2 June 2022, in San Salvador, San Salvador, lawyers protested.",
            "San Salvador",
            "SV",
            None,
            1,
        ),
        # a capitalised "City" is part of the name
        (
            "On 2 June 2022, neighbours protested in Daly City (California).",
            "Daly City",
            "US",
            "California",
            1,
        ),
        # Iraqi, Lebanese and Yemeni provinces as reports spell them (admin1/aliases.tsv)
        (
            "On 2 June 2022, an IED hit a patrol in Tal Afar (Tal Afar, Ninewa).",
            "Tal Afar",
            "IQ",
            "Ninawa",
            1,
        ),
        (
            "On 2 June 2022, shelling hit Kfar Kila (Marjayoun, Nabatieh).",
            "Kfar Kila",
            "LB",
            "Nabatiye",
            1,
        ),
        (
            "On 2 June 2022, gunmen attacked Zubaydiyat village (Khanaqin, Diyala).",
            "Zubaydiyat",
            "IQ",
            "Diyala",
            2,
        ),
        (
            "On 2 June 2022, a drone struck Wadi Zabqin village (Tyre, South).",
            "Wadi Zabqin",
            "LB",
            "Liban-Sud",
            2,
        ),
        # the homonym in another governorate loses to the chain's
        (
            "On 2 June 2022, gunmen shot a man in Tell Dhahab village (Al-Mayadin, Deir ez-Zor).",
            "Tell Dhahab",
            "SY",
            "Deir ez-Zor",
            2,
        ),
        # unknown head: the finest known unit, at ACLED's precision for it
        (
            "On 2 June 2022, regime forces shelled Zqaqiyat village (Maarrat An-Numan, Idlib).",
            "Zqaqiyat",
            "SY",
            "Idlib",
            2,
        ),
        ("On 2 June 2022, regime forces shelled Zqaqiyat, Idlib.", "Zqaqiyat", "SY", "Idlib", 3),
        (
            "On 2 June 2022, militants burned Bakwanga village (Foo Territory, Borno).",
            "Bakwanga",
            "NG",
            "Borno",
            3,
        ),
        (
            "On 2 June 2022, militias attacked Ngomboyo village (Djugu, Ituri).",
            "Ngomboyo",
            "CD",
            None,
            2,
        ),
    ],
)
def test_chain_places(
    geocoder: Geocoder, text: str, name: str, country: str, admin1: str | None, precision: int
) -> None:
    got = _chained(geocoder, text)
    assert len(got) == 1, got
    g_name, g_country, g_admin1, g_precision = got[0]
    assert g_name == name and g_country == country and g_precision == precision
    if admin1 is not None:
        assert g_admin1 == admin1


def test_chain_units_are_not_mentions_of_their_own(geocoder: Geocoder) -> None:
    text = "On 2 June 2022, unknown gunmen killed a shepherd in Tell Dhahab village (Al-Mayadin, Deir ez-Zor)."
    names = [m.name for m in geocoder.mentions(text)]
    assert names == ["Tell Dhahab"]


def test_a_list_is_not_a_chain(geocoder: Geocoder) -> None:
    text = "Warplanes struck Aleppo, Idlib and Hama on Monday."
    assert not _chained(geocoder, text)
    assert {m.place.name for m in geocoder.mentions(text) if m.place} >= {"Aleppo", "Idlib"}


def test_faraway_province_word_needs_a_cue(geocoder: Geocoder) -> None:
    # "Lara" (a Venezuelan state) and "Ouest" (Haiti) are not places of a Syrian report
    text = "Lara Ouest, a reporter, said Delta forces were seen."
    assert all(m.place is None or m.place.country == "SY" for m in geocoder.mentions(text))


# -------------------------------------------------------------------------- extraction
@pytest.mark.parametrize(
    ("text", "country", "precision", "name"),
    [
        (
            "On 9 May 2022, regime forces shelled Zqaqiyat village (Maarrat An-Numan, Idlib). Casualties unknown.",
            "SY",
            2,
            "Zqaqiyat",
        ),
        (
            "On 4 June 2022, an IED exploded in Hit (Hit, Al-Anbar), killing two soldiers.",
            "IQ",
            1,
            None,
        ),
        (
            "On 4 June 2022, militias attacked Ngomboyo village (Djugu, Ituri) and killed a farmer.",
            "CD",
            2,
            "Ngomboyo",
        ),
        (
            "On 4 June 2022, Russian forces shelled Malynivka, Zaporizhia. Casualties unknown.",
            "UA",
            1,
            "Malynivka",
        ),
    ],
)
def test_extraction_takes_the_chain(
    extractor: object, text: str, country: str, precision: int, name: str | None
) -> None:
    doc = Document(id="n", content_hash="n", text=text, published=dt.date(2022, 6, 4))
    claims = extractor.extract(doc).claims  # type: ignore[attr-defined]
    assert claims
    place = claims[0].location
    assert place.country == country
    assert int(place.geo_precision) == precision
    assert place.geo_precision != GeoPrecision.COUNTRY
    if name is not None:
        assert place.name == name


# ------------------------------------------------------------- places abroad, plain "in X"
@pytest.mark.parametrize(
    ("text", "name", "country", "precision"),
    [
        # a small town abroad under its own name after "in"
        ("About 300 people demonstrated in Kamenz against new rules.", "Kamenz", "DE", 1),
        # the city, not the province named after it
        ("Thousands marched in Kemerovo on Monday.", "Kemerovo", "RU", 1),
        # a home city beside a faraway province that folds alike (Finland's Haeme)
        ("Fighters were killed in Hama Breaks Siege", "Hamah", "SY", 1),
    ],
)
def test_places_abroad_after_in(
    geocoder: Geocoder, text: str, name: str, country: str, precision: int
) -> None:
    got = [
        (m.place.name, m.place.country, int(m.place.geo_precision))
        for m in geocoder.mentions(text)
        if m.place is not None
    ]
    assert (name, country, precision) in got


def test_an_outlet_in_parentheses_is_no_chain() -> None:
    assert not find_chains("Residents fled eastern Aleppo Syria. (AP) The offensive went on.")


def test_a_chained_name_said_again_is_the_same_place(geocoder: Geocoder) -> None:
    text = (
        "On 2 June 2022, in Zqaqiyat village (Maarrat An-Numan, Idlib), regime forces "
        "shelled Zqaqiyat village again."
    )
    places = {(m.place.name, m.place.latitude) for m in geocoder.mentions(text) if m.place}
    assert len(places) == 1


# ------------------------------------------------- a far place that folds alike is no reading
@pytest.mark.parametrize(
    ("text", "name", "country", "admin1"),
    [
        # (a Saudi city and Latin American villages fold like the name: none lies near Idlib)
        ("Regime forces shelled Metina, Idlib, on Sunday.", "Metina", "SY", "Idlib"),
        ("Turkish drones struck Metina region, Duhok, at dawn.", "Metina", "IQ", "Dahuk"),
        ("Residents protested in Malmi, Helsinki, against the pipeline.", "Malmi", "FI", None),
    ],
)
def test_a_far_homonym_spelled_otherwise_gives_way_to_the_named_container(
    geocoder: Geocoder, text: str, name: str, country: str, admin1: str | None
) -> None:
    placed = [m for m in geocoder.mentions(text) if m.place is not None]
    assert all(m.place is not None and m.place.country == country for m in placed)
    head = next((m for m in placed if m.name == name), None)
    if admin1 is not None:  # an unknown place in the unit named after it
        assert head is not None and head.place is not None
        assert head.place.admin1 == admin1
        assert head.place.geo_precision == GeoPrecision.REGION
    else:  # (Malmi is not in the index: the city named after it is the place)
        assert [m.place.name for m in placed if m.place is not None] == ["Helsinki"]


def test_places_of_two_countries_listed_with_commas_stay_a_list(geocoder: Geocoder) -> None:
    text = "Protests were held in Baghdad, Damascus and Beirut on Friday."
    placed = [(m.name, m.place.country) for m in geocoder.mentions(text) if m.place is not None]
    assert placed == [("Baghdad", "IQ"), ("Damascus", "SY"), ("Beirut", "LB")]


# --------------------------------------- the Palestinian governorates as a chain's container
@pytest.mark.parametrize(
    ("text", "name", "precision"),
    [
        ("Israeli forces shot a man in Huwara, Nablus, at dawn.", "Huwara", GeoPrecision.TOWN),
        ("Settlers attacked farmers in Turmus Ayya, Ramallah.", "Turmus Ayya", None),
        # (a hamlet no index knows: the governorate's seat, its admin1 the West Bank)
        ("Troops demolished a house in Khirbet Zqqrat, Hebron.", "Khirbet Zqqrat", None),
    ],
)
def test_a_palestinian_governorate_contains_the_place_before_it(
    geocoder: Geocoder, text: str, name: str, precision: GeoPrecision | None
) -> None:
    head = next(m for m in geocoder.mentions(text) if m.name == name)
    assert head.place is not None
    assert (head.place.country, head.place.admin1) == ("PS", "West Bank")
    if precision is not None:
        assert head.place.geo_precision == precision
