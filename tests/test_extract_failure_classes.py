"""The failure classes found on real reports (issue 8), each with sentences written for
these tests in the style of wire reports and ACLED notes. One behaviour per case."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from observatory.extract.reader import _accuses, _mask_months
from observatory.fatalities import CasualtyKind, CasualtyMention, find_casualties
from observatory.ingest import make_document
from observatory.records import GeoPrecision


def _extract(extractor: Any, text: str, published: dt.date) -> Any:
    return extractor.extract(make_document(text, id="t", published=published))


def _kinds_and_places(extractor: Any, text: str, published: dt.date) -> set[tuple[str, str | None]]:
    return {
        (c.sub_event_type, c.location.name if c.location else None)
        for c in _extract(extractor, text, published).claims
    }


def _one(extractor: Any, text: str, published: dt.date = dt.date(2022, 5, 15)) -> Any:
    """The one claim coded from ``text`` (the date of the ACLED-style notes by default)."""
    (claim,) = _extract(extractor, text, published).claims
    return claim


def _killed(text: str) -> list[CasualtyMention]:
    """The figures of the dead ``find_casualties`` reads in ``text``."""
    return [c for c in find_casualties(text) if c.kind is CasualtyKind.KILLED]


# --- 0. word-sense traps: the month "May" is not the modal verb "may"


@pytest.mark.parametrize("month", ["May", "June", "March"])
def test_a_report_dated_in_may_keeps_its_event(extractor: Any, month: str) -> None:
    day = dt.date(2022, {"May": 5, "June": 6, "March": 3}[month], 9)
    text = f"On 9 {month} 2022, regime forces shelled Kafr Nabl town in Idlib governorate."
    got = _extract(extractor, text, day)
    assert [(c.event_type, c.sub_event_type, c.date) for c in got.claims] == [
        ("Explosions/Remote violence", "Shelling/artillery/missile attack", day)
    ]


def test_the_modal_verb_may_still_marks_speculation(extractor: Any) -> None:
    text = "Rebels may attack the town of Kafr Nabl in the coming days, a commander warned."
    assert _extract(extractor, text, dt.date(2022, 5, 9)).claims == ()


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("On 9 May 2022, forces", "On 9 xxx 2022, forces"),
        ("in March the army", "in xxxxx the army"),
        ("May 3 was quiet", "xxx 3 was quiet"),
        ("They may attack", "They may attack"),
        ("a March of thousands", "a March of thousands"),
    ],
)
def test_month_names_in_dates_are_masked_for_the_cues(text: str, masked: str) -> None:
    assert _mask_months(text) == masked


# --- 1. an unknown village keeps its name, placed at the enclosing unit


def test_unknown_village_keeps_the_name_it_read(extractor: Any) -> None:
    text = "On 9 May 2022, regime forces shelled Qqzzyrat village in Idlib governorate."
    claim = _one(extractor, text, dt.date(2022, 5, 9))
    assert claim.location is not None
    assert claim.location.name == "Qqzzyrat"
    assert claim.location.admin1 == "Idlib"
    assert claim.location.geo_precision >= GeoPrecision.NEAR


# --- 3. one incident is one event


def test_deaths_without_an_event_word_join_the_bombing(extractor: Any) -> None:
    text = (
        "A car bomb exploded near a bakery in the town of Azaz on Tuesday. "
        "Fourteen civilians were killed in Azaz, a monitor said."
    )
    got = _extract(extractor, text, dt.date(2016, 5, 11))
    assert [(c.event_type, c.fatalities.best if c.fatalities else None) for c in got.claims] == [
        ("Explosions/Remote violence", 14)
    ]


def test_a_generic_attack_at_the_bombing_is_the_bombing(extractor: Any) -> None:
    text = (
        "A suicide bomber blew himself up at a checkpoint in Azaz on Tuesday, killing "
        "nine people. The attack was the deadliest in the town this year."
    )
    got = _extract(extractor, text, dt.date(2016, 5, 11))
    assert [c.event_type for c in got.claims] == ["Explosions/Remote violence"]


# --- 4. deaths are deaths


@pytest.mark.parametrize(
    "text",
    [
        "Warplanes have pounded the province for several months, killing hundreds of people.",
        "Air strikes killed 40 civilians in the province in May, the monitor said.",
        "Protesters marched in Binnish on Friday, condemning the bombardment that has killed "
        "hundreds of civilians since late April.",
    ],
)
def test_figures_for_a_period_are_tolls_not_event_deaths(extractor: Any, text: str) -> None:
    got = _extract(extractor, text, dt.date(2019, 6, 14))
    assert all(c.fatalities is None for c in got.claims)


def test_a_truce_carries_no_deaths(extractor: Any) -> None:
    text = (
        "A ceasefire was agreed in Daraa on Monday, in a war in which more than 300,000 "
        "people have been killed."
    )
    got = _extract(extractor, text, dt.date(2016, 9, 20))
    assert all(c.fatalities is None for c in got.claims)


@pytest.mark.parametrize(
    "text",
    [
        "August 12 2016 Terrorists executed militants in the town.",
        "In 2016 fighters were killed there.",
        "12 May, 2016 Gunmen stormed the village.",
    ],
)
def test_a_year_is_not_a_count(text: str) -> None:
    assert [c.count.best for c in find_casualties(text)] == []


# --- 5. background is not news; a date opening the report is its filing date


def test_a_dateline_date_does_not_split_the_headline_from_the_story(extractor: Any) -> None:
    text = (
        "Air strikes kill ten civilians in Raqqa\n\n"
        "24 November 2016 Air strikes kill ten civilians in Raqqa. Ten civilians were "
        "killed on Wednesday in air strikes on the city of Raqqa, activists said."
    )
    got = _extract(extractor, text, dt.date(2016, 11, 24))
    assert [(c.date, c.fatalities.best if c.fatalities else None) for c in got.claims] == [
        (dt.date(2016, 11, 23), 10)
    ]


# --- 7. ACLED's note style


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        (
            "On 26 January 2022, around 200 teachers gathered in front of the governorate "
            "building in Daraa city to demand higher salaries. [size=around 200]",
            "Peaceful protest",
        ),
        (
            "On 3 February 2022, residents blocked the main road in Tafas town, Daraa, "
            "demanding the release of detainees.",
            "Peaceful protest",
        ),
    ],
)
def test_acled_protest_notes_are_coded(extractor: Any, text: str, sub_event_type: str) -> None:
    day = dt.date.fromisoformat("2022-01-26" if "January" in text else "2022-02-03")
    got = _extract(extractor, text, day)
    assert [(c.sub_event_type, c.date) for c in got.claims] == [(sub_event_type, day)]


def test_troops_gathering_are_not_a_protest(extractor: Any) -> None:
    text = "Government forces gathered near the town of Tafas on Monday."
    got = _extract(extractor, text, dt.date(2022, 2, 3))
    assert all(c.event_type != "Protests" for c in got.claims)


# --- 6. not everything is Syria


def test_a_report_placed_only_abroad_keeps_its_country(extractor: Any) -> None:
    text = (
        "On 26 January 2022, an IED exploded near a patrol in Tal Afar, Ninewa, killing 2 soldiers."
    )
    claim = _one(extractor, text, dt.date(2022, 1, 26))
    assert claim.location is not None and claim.location.country == "IQ"


@pytest.mark.parametrize(
    ("text", "police"),
    [
        (
            "On 9 May 2022, unidentified gunmen shot dead two policemen in Kirkuk city. The "
            "police later arrested a suspect.",
            "Iraqi police",
        ),
        ("On 9 May 2022, the police dispersed a sit-in of teachers in Beirut.", "Lebanese police"),
        (
            "On 9 May 2022, the police dispersed a sit-in of teachers in Daraa city.",
            "Syrian police",
        ),
    ],
)
def test_a_report_about_another_country_reads_its_local_names(
    extractor: Any, text: str, police: str
) -> None:
    got = _extract(extractor, text, dt.date(2022, 5, 9))
    actors = {a for c in got.claims for a in (c.actor1, c.actor2, *c.assoc_actors) if a}
    assert police in actors


@pytest.mark.parametrize(
    "text",
    [
        # "Roe" folds like Rawah (Iraq), "CONAIE" like Konya (Turkey)
        "On 8 May 2022, demonstrators rallied in Seattle (Washington) against the overturning "
        "of Roe v. Wade.",
        "On 21 June 2022, supporters of CONAIE blocked a highway near Tulcan (Carchi).",
    ],
)
def test_a_short_word_or_an_acronym_abroad_is_no_place_by_folding(
    extractor: Any, text: str
) -> None:
    countries = {m.place.country for m in extractor.geocoder.mentions(text) if m.place}
    assert countries and not countries & {"IQ", "TR"}


def test_a_place_abroad_in_capitals_or_short_is_still_read(extractor: Any) -> None:
    mentions = extractor.geocoder.mentions("On 2 May 2022, JNIM militants attacked a post in Gao.")
    assert [(m.name, m.place.country if m.place else None) for m in mentions] == [("Gao", "ML")]
    (beirut,) = extractor.geocoder.mentions("BEIRUT, May 9 (Reuters) - A blast shook the port.")
    assert beirut.place is not None and beirut.place.country == "LB"


def test_a_syrian_report_is_not_pulled_abroad_by_a_dateline(extractor: Any) -> None:
    text = (
        "Last updated Oct 26 2016 BEIRUT Air strikes killed 12 people in the town of Saraqeb "
        "in Idlib province on Wednesday, a monitor said."
    )
    got = _extract(extractor, text, dt.date(2016, 10, 26))
    assert {c.location.country for c in got.claims if c.location} == {"SY"}


def test_an_arabic_article_an_joins_the_name(extractor: Any) -> None:
    """ "an" is an English article, but "an-Nu'man" holds the Arabic one (sun letters)."""
    text = "Warplanes struck the vegetable market in Ma'arrat an-Nu'man, south of Idlib."
    names = [
        (m.name, m.place.admin1 if m.place else None) for m in extractor.geocoder.mentions(text)
    ]
    assert names[0] == ("Ma'arrat an-Nu'man", "Idlib")


def test_a_massacre_by_warplanes_is_the_air_strike(extractor: Any) -> None:
    text = (
        "Toll of Kafr Nabl massacre rises to 13\n\n"
        "The number of civilians killed in the massacre committed by the warplanes of the "
        "regime in the market of Kafr Nabl yesterday has risen to 13."
    )
    got = _extract(extractor, text, dt.date(2019, 6, 12))
    assert [(c.event_type, c.fatalities.best if c.fatalities else None) for c in got.claims] == [
        ("Explosions/Remote violence", 13)
    ]


@pytest.mark.parametrize(
    ("text", "event_type", "deaths"),
    [
        (
            "On 26 January 2022, regime forces clashed with HTS fighters near Kafr Nabl, "
            "Idlib. 3 fatalities.",
            "Battles",
            3,
        ),
        (
            "On 26 January 2022, gunmen killed a man in Tafas town, Daraa. 1 fatality.",
            "Violence against civilians",
            1,
        ),
    ],
)
def test_acled_closing_fatalities_count_the_event(
    extractor: Any, text: str, event_type: str, deaths: int
) -> None:
    got = _extract(extractor, text, dt.date(2022, 1, 26))
    assert [(c.event_type, c.fatalities.best if c.fatalities else None) for c in got.claims] == [
        (event_type, deaths)
    ]


@pytest.mark.parametrize("text", ["Airstrike " * 3000, "clashes in Idlib " * 2000])
def test_thousands_of_event_words_are_one_event(extractor: Any, text: str) -> None:
    """Repeated trigger words are read for their first ones only (the time is in
    benchmarks/fuzz_*.py; here only what comes out)."""
    got = _extract(extractor, text, dt.date(2020, 1, 1))
    assert len(got.claims) == 1


# --- session 3: classes read from the FA-KES misses


def test_an_agency_byline_date_is_not_the_event_date(extractor: Any) -> None:
    text = (
        "Troops kill villagers in raid Monitor AFP Sunday 8 Mar 2015 At least 20 people were "
        "executed by regime forces in the village of Kafr Zeita in Hama province earlier this "
        "week, a monitor said Sunday."
    )
    claim = _one(extractor, text, dt.date(2015, 3, 8))
    assert claim.date_window is not None
    assert claim.date_window[0] < dt.date(2015, 3, 8)  # "earlier this week", not the byline


def test_a_neighbourhood_named_with_its_city_is_the_place(extractor: Any) -> None:
    text = (
        "Four civilians were killed in rebel shelling of al-Sheikh Maqsoud neighbourhood in "
        "Aleppo city on Tuesday, state media said."
    )
    claim = _one(extractor, text, dt.date(2016, 4, 6))
    assert claim.location is not None and claim.location.name == "Sheikh Maqsoud"


def test_a_river_is_not_the_scene_when_a_town_is_named(extractor: Any) -> None:
    text = (
        "Militants on Monday attacked army positions south of the town of Tabaqa, a "
        "stronghold on the Euphrates River, the Observatory said."
    )
    claim = _one(extractor, text, dt.date(2016, 6, 14))
    assert claim.location is not None and claim.location.feature != "river"


@pytest.mark.parametrize(
    "text",
    [
        # the headline's figure told again in the lead
        "90 soldiers killed in jihadist assault\n\nAt least 90 army troops were killed when "
        "jihadists stormed a base near Raqqa on Thursday, the monitor said.",
        # a total and the list it sums
        "A jihadist counterattack near Tabqa on Monday left 90 fighters dead, the monitor "
        "said. Forty regime fighters and 50 jihadists were killed in the clashes, it said.",
    ],
)
def test_a_figure_told_twice_is_counted_once(extractor: Any, text: str) -> None:
    got = _extract(extractor, text, dt.date(2014, 7, 26))
    assert sum(c.fatalities.best or 0 for c in got.claims if c.fatalities) == 90


def test_two_parties_with_different_figures_are_still_summed(extractor: Any) -> None:
    text = (
        "Clashes near Tabqa on Monday killed 12 regime fighters, the monitor said. Nine "
        "jihadists were also killed in the fighting, it said."
    )
    got = _extract(extractor, text, dt.date(2016, 6, 14))
    assert sum(c.fatalities.best or 0 for c in got.claims if c.fatalities) == 21


def test_an_unplaced_lead_joins_the_one_event_the_body_places(extractor: Any) -> None:
    text = (
        "14 Nov 2017 Air strikes on a market in a rebel-held town have killed at least 40 "
        "people, a monitor said on Tuesday. Three strikes hit the town of Atarib on Monday, "
        "the monitor said."
    )
    got = _extract(extractor, text, dt.date(2017, 11, 14))
    assert [(c.location.name if c.location else None, c.date) for c in got.claims] == [
        ("Al-Atarib", dt.date(2017, 11, 13))
    ]
    assert got.claims[0].fatalities is not None and got.claims[0].fatalities.best == 40


@pytest.mark.parametrize(
    "places",
    [
        # commas lost in the source text: the items are told by their place nouns
        "the neighbourhood of al-Rashidin the area around the town of Kafr Naha",
        # the unit holding one item named before the list goes on
        "the town of Kafr Naha west Aleppo and the Ramouseh area",
    ],
)
def test_each_place_of_a_list_without_commas_is_an_event(extractor: Any, places: str) -> None:
    text = f"Warplanes targeted {places} with incendiary bombs on Wednesday, activists said."
    got = _extract(extractor, text, dt.date(2016, 8, 12))
    assert len({c.location.name for c in got.claims if c.location}) == 2


def test_a_hyphenated_name_opening_a_report_is_not_a_dateline(extractor: Any) -> None:
    text = "Shells hit the neighbourhood of al-Rashidin on Monday, killing two civilians."
    claim = _one(extractor, text, dt.date(2016, 8, 9))
    assert claim.location is not None and claim.location.name == "Al-Rashidin"


def test_a_cued_village_spelt_otherwise_is_found_by_its_consonants(extractor: Any) -> None:
    # the packaged UCDP layer spells it "Batabo"; reports write "Batbo"
    text = "Air strikes on the village of Batbo killed at least 12 people on Wednesday."
    claim = _one(extractor, text, dt.date(2016, 11, 17))
    assert claim.location is not None and claim.location.name == "Batabo"


def test_a_cued_name_is_not_forced_onto_a_distant_spelling(extractor: Any) -> None:
    text = "Fighting raged in the village of Haseen near the Iraqi border on Tuesday."
    claim = _one(extractor, text, dt.date(2014, 4, 11))
    assert claim.location is None or claim.location.name != "Al Husayniyah"


@pytest.mark.parametrize(
    "background",
    [
        "The battle for the province has killed some 300 fighters on both sides, it said.",
        "Government warplanes have killed thousands of children and women, he said.",
    ],
)
def test_running_totals_are_not_added_to_the_event(extractor: Any, background: str) -> None:
    text = (
        "Clashes killed 12 rebels near the town of Markada on Saturday, the Observatory said. "
        + background
    )
    got = _extract(extractor, text, dt.date(2014, 3, 30))
    assert sum(c.fatalities.best or 0 for c in got.claims if c.fatalities) == 12


def test_a_headline_total_of_the_events_below_is_a_toll(extractor: Any) -> None:
    text = (
        "Over 60 militants were killed in clashes with the army in Hama on Saturday, a "
        "military source said. "
        "About 40 militants were killed in clashes with the army near the town of Souran on "
        "Saturday, a military source said. In the east of the province, 20 militants were "
        "killed in clashes near the town of Salamiyah on Saturday, the source added."
    )
    got = _extract(extractor, text, dt.date(2016, 5, 21))
    assert sum(c.fatalities.best or 0 for c in got.claims if c.fatalities) == 60
    assert any(t.deaths.low >= 60 for t in got.tolls)  # "over 60"


def test_teasers_for_other_stories_are_not_read(extractor: Any) -> None:
    text = (
        "Car bomb kills 12 in Syrian border town\n\n"
        "Monday 4 Jul 2016 Car bomb kills 12 in Syrian border town AFP Print Tweet Views 512 "
        "Related Air strikes kill 40 in Idlib market Rebels shell Aleppo killing nine "
        "Car bomb kills 12 in Syrian border town - A car bomb killed 12 people in the town of "
        "Azaz on Monday, a monitor said."
    )
    got = _extract(extractor, text, dt.date(2016, 7, 4))
    assert [c.fatalities.best if c.fatalities else None for c in got.claims] == [12]


@pytest.mark.parametrize(
    "sentence",
    [
        "Moscow says its jets have not bombed Aleppo since October 18, officials said.",
        "The army massed troops in preparation for the capture of Raqqa, the ministry said.",
        "The general asked for authorisation to resume air strikes on Aleppo, he said.",
    ],
)
def test_denied_and_intended_actions_are_not_events(extractor: Any, sentence: str) -> None:
    assert _extract(extractor, sentence, dt.date(2016, 10, 28)).claims == ()


def test_an_undated_development_in_a_news_story_is_background(extractor: Any) -> None:
    text = (
        "Air strikes killed 12 people in the town of Douma on Tuesday, a monitor said. "
        "The town lies in Eastern Ghouta, east of the capital. "
        "Rescue workers searched the rubble for survivors. "
        "Doctors said hospitals were overwhelmed. "
        "Nearby villages were brought back under government control by reconciliation deals."
    )
    got = _extract(extractor, text, dt.date(2017, 4, 4))
    assert {c.event_type for c in got.claims} == {"Explosions/Remote violence"}


def test_a_dated_development_in_a_news_story_stays(extractor: Any) -> None:
    text = (
        "Air strikes killed 12 people in the town of Douma on Tuesday, a monitor said. "
        "The town lies in Eastern Ghouta, east of the capital. "
        "Rescue workers searched the rubble for survivors. "
        "Doctors said hospitals were overwhelmed. "
        "On Wednesday rebels and the government agreed a truce in the town of Harasta."
    )
    got = _extract(extractor, text, dt.date(2017, 4, 5))
    assert "Strategic developments" in {c.event_type for c in got.claims}


def test_a_death_toll_of_no_one_named_counts_the_event_just_told(extractor: Any) -> None:
    text = (
        "A suicide bomber blew himself up near a bakery in the city of Hasakah on Tuesday. "
        "The bomber rode a motorcycle into the crowd. Kurdish police put the death toll at 16."
    )
    got = _extract(extractor, text, dt.date(2016, 7, 5))
    assert sum(c.fatalities.best or 0 for c in got.claims if c.fatalities) >= 16


def test_a_page_tag_line_names_no_event_place(extractor: Any) -> None:
    text = (
        "Date of publication 4 April 2017 Tags Syria Saraqib Rebels Airstrikes At least "
        "19 civilians were killed in air strikes in Idlib province on Tuesday, a monitor said."
    )
    got = _extract(extractor, text, dt.date(2017, 4, 4))
    assert [c.location.name if c.location else None for c in got.claims] != ["Saraqib"]
    assert len(got.claims) == 1


# --- session 4: monitors' headline English (quoted names, present tense, clauses on "and")


def test_quote_marks_around_names_are_not_read_and_evidence_keeps_them(extractor: Any) -> None:
    text = (
        "At least 12 fighters of the “Northern Storm” brigade were killed in clashes"
        " with the “Islamic State” near Akhtarin"
    )
    claim = _one(extractor, text, dt.date(2016, 6, 13))
    assert claim.fatalities is not None
    assert (claim.fatalities.low, claim.fatalities.best) == (12, 12)
    assert claim.location is not None and claim.location.name == "Akhtarin"
    for span in claim.evidence:
        assert span.text == text[span.start : span.end]
    assert any("“" in span.text for span in claim.evidence)


@pytest.mark.parametrize(
    "text",
    [
        "Hayyaat Tahrir al-Sham executes 3 men in Idlib city",
        "The Islamic State beheads 3 men in Idlib city",
        "ISIS slaughtered 3 men in Idlib city",
    ],
)
def test_killings_told_in_the_present_tense_or_as_slaughter(extractor: Any, text: str) -> None:
    claim = _one(extractor, text, dt.date(2016, 6, 13))
    assert claim.sub_event_type == "Attack"
    assert claim.fatalities is not None and claim.fatalities.best == 3
    assert claim.location is not None and claim.location.name == "Idlib"


def test_and_with_a_new_subject_starts_a_new_event(extractor: Any) -> None:
    text = "Regime forces shelled Kafr Nabl and the Islamic State executed 2 men in Maskanah"
    got = {
        (
            c.sub_event_type,
            c.location.name if c.location else None,
            c.fatalities and c.fatalities.best,
        )
        for c in _extract(extractor, text, dt.date(2016, 6, 13)).claims
    }
    assert got == {
        # (the record spelled as written: the same town as GeoNames' "Kafranbel")
        ("Shelling/artillery/missile attack", "Kafr Nabl", None),
        ("Attack", "Maskanah", 2),
    }


def test_and_between_two_places_of_one_event_still_joins_them(extractor: Any) -> None:
    text = "Russian and Syrian jets bombed Kafr Nabl and Maskanah on Monday."
    got = _kinds_and_places(extractor, text, dt.date(2016, 6, 13))
    assert got == {("Air/drone strike", "Kafr Nabl"), ("Air/drone strike", "Maskanah")}


def test_the_article_of_a_name_does_not_make_the_verb_after_it_definite(extractor: Any) -> None:
    text = "Warplanes kill 5 children in Kafr Nabl. The Islamic State shells Maskanah city."
    got = _kinds_and_places(extractor, text, dt.date(2016, 6, 13))
    assert ("Shelling/artillery/missile attack", "Maskanah") in got


@pytest.mark.parametrize(
    ("text", "count", "subject"),
    [
        ("7 persons at least killed in the shelling", (7, 7, None), "persons"),
        (
            "17 members of the Islamic State group, including a commander were killed",
            (17, 17, 17),
            "members of the Islamic State group",
        ),
        (
            "9 people, including 2 children and a woman killed in the raid",
            (9, 9, 9),
            "people",
        ),
        (
            "16 fighters of Jaish al-Islam and the Rahman Legion were killed",
            (16, 16, 16),
            "fighters of Jaish al-Islam and the Rahman Legion",
        ),
    ],
)
def test_headline_figures(text: str, count: tuple[int, int, int | None], subject: str) -> None:
    first = find_casualties(text)[0]
    assert (first.count.low, first.count.best, first.count.high) == count
    assert first.subject == subject


# --- session 4: ACLED's Syrian note style


def test_the_dead_that_open_the_next_sentence_are_the_event_just_told(extractor: Any) -> None:
    claim = _one(
        extractor,
        "On 8 May 2022, an IED exploded targeting an SDF vehicle near Qqzzyrat in Deir"
        " ez-Zor countryside. 1 SDF member was killed.",
    )
    assert claim.sub_event_type == "Remote explosive/landmine/IED"
    assert claim.fatalities is not None and claim.fatalities.best == 1


@pytest.mark.parametrize(
    "text",
    [
        "On 8 May 2022, an IED exploded near Qqzzyrat in Deir ez-Zor countryside.",
        "On 8 May 2022, an IED exploded in Qqzzyrat in Deir ez-Zor governorate.",
        "On 8 May 2022, an IED exploded in Qqzzyrat, Deir ez-Zor.",
    ],
)
def test_an_unknown_place_before_a_known_unit_keeps_its_name(extractor: Any, text: str) -> None:
    claim = _one(extractor, text)
    assert claim.location is not None
    assert claim.location.name == "Qqzzyrat"
    assert claim.location.admin1 == "Deir ez-Zor"


def test_an_unknown_word_before_a_place_abroad_is_not_made_a_place(extractor: Any) -> None:
    text = "On 8 May 2022, traders protested near Qqzzyrat district in Bishkek city."
    claim = _one(extractor, text)
    assert claim.location is not None and claim.location.name != "Qqzzyrat"


@pytest.mark.parametrize(
    ("text", "name", "precision"),
    [
        ("in Manbij countryside", "Manbij", GeoPrecision.NEAR),
        # (the record spelled as written; GeoNames spells the same town "Jisr ash Shughur")
        ("in the western countryside of Jisr al-Shughur", "Jisr al-Shughur", GeoPrecision.NEAR),
        ("in Idlib countryside", "Idlib", GeoPrecision.REGION),
        ("in Damascus countryside", "Rural Damascus", GeoPrecision.REGION),
        ("near the villages of Manbij", "Aleppo", GeoPrecision.REGION),
    ],
)
def test_the_countryside_of_a_town_is_near_it_and_of_a_province_seat_the_province(
    extractor: Any, text: str, name: str, precision: GeoPrecision
) -> None:
    claim = _one(extractor, f"On 12 May 2022, a landmine exploded {text}, killing a child.")
    assert claim.location is not None
    assert (claim.location.name, claim.location.geo_precision) == (name, precision)


def test_a_mine_left_over_from_past_fighting_explodes_today(extractor: Any) -> None:
    claim = _one(
        extractor,
        "On 12 May 2022, a landmine left over from previous fighting exploded in Kafr Nabl,"
        " killing a child.",
    )
    assert claim.sub_event_type == "Remote explosive/landmine/IED"
    assert claim.fatalities is not None and claim.fatalities.best == 1


def test_a_body_found_shot_is_a_killing(extractor: Any) -> None:
    claim = _one(
        extractor, "On 5 May 2022, the body of a man was found with gunshot wounds in Kafr Nabl."
    )
    assert claim.sub_event_type == "Attack"
    assert claim.fatalities is not None and claim.fatalities.best == 1


@pytest.mark.parametrize(
    ("text", "dead"),
    [
        ("7 casualties and tens of injuries in shelling on the town", [7]),
        ("5 casualties at least and a large number of wounded in air raids", [5]),
        ("8 casualties including 7 children and women in the massacre of the town", [8]),
        ("12 casualties, including 3 children, were killed in the raids", [12]),
        ("13 casualties and injuries in shelling on the town", []),
        ("Warplanes killed a family of seven people in the town", [7]),
        ("A family of 6 was killed in shelling on the town", [6]),
        ("The attack caused 20 casualties", []),
    ],
)
def test_casualties_are_the_dead_only_when_the_text_says_so(text: str, dead: list[int]) -> None:
    assert [
        m.count.best for m in find_casualties(text) if m.kind.value == "killed" and not m.subset
    ] == dead


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        ("A shell killed a man in Kafr Nabl", "Shelling/artillery/missile attack"),
        ("A child was killed in bombing by regime helicopters on Kafr Nabl", "Air/drone strike"),
        ("4 casualties in bombing by regime’s helicopters on Kafr Nabl", "Air/drone strike"),
    ],
)
def test_single_shells_and_bombing_by_aircraft(
    extractor: Any, text: str, sub_event_type: str
) -> None:
    claim = _one(extractor, text, dt.date(2016, 6, 13))
    assert claim.sub_event_type == sub_event_type


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        ("On 15 May 2022, youths threw stones at police in Kafr Nabl.", "Mob violence"),
        (
            "On 15 May 2022, rioters set the town council's office in Kafr Nabl ablaze.",
            "Mob violence",
        ),
        (
            "On 15 May 2022, protesters torched the municipal building in Kafr Nabl.",
            "Violent demonstration",
        ),
    ],
)
def test_stones_thrown_at_someone_and_arson_by_a_crowd(
    extractor: Any, text: str, sub_event_type: str
) -> None:
    assert _one(extractor, text).sub_event_type == sub_event_type


def test_tyres_burned_with_no_crowd_at_anyone_are_no_riot(extractor: Any) -> None:
    text = "On 15 May 2022, residents burned tyres in the streets of Kafr Nabl."
    assert _extract(extractor, text, dt.date(2022, 5, 15)).claims == ()


def test_at_before_a_place_is_english_not_the_article_of_a_longer_name(extractor: Any) -> None:
    text = "A car bomb exploded in the neighborhood of Qqzzyrat at Aleppo, killing 7."
    claim = _one(extractor, text, dt.date(2016, 6, 13))
    assert claim.location is not None
    assert claim.location.admin1 == "Aleppo"  # was the country: "at Aleppo" read as a name's tail
    assert claim.location.geo_precision < GeoPrecision.REGION


def test_the_two_neighbourhoods_are_the_places_just_named_not_the_sources_city(
    extractor: Any,
) -> None:
    text = (
        "Shelling hit the al-Joura and al-Qusour neighborhoods of Deir Ezzor on Sunday. A"
        " source at Deir Ezzor Police Command said 40 rocket shells hit the two neighborhoods."
    )
    got = {c.location.name for c in _extract(extractor, text, dt.date(2016, 10, 31)).claims}
    # the quarters of one city hit together are one event (at the first named)
    assert got == {"Al-Joura"}


@pytest.mark.parametrize(
    "text",
    [
        "The protests became an armed uprising after Assad's forces cracked down on them.",
        "The conflict began with peaceful protests in Daraa in March 2011.",
        "The war started as protests against the government in Kafr Nabl.",
    ],
)
def test_how_the_war_began_is_background(extractor: Any, text: str) -> None:
    assert _extract(extractor, text, dt.date(2016, 6, 13)).claims == ()


@pytest.mark.parametrize(
    "text",
    [
        "8 dead in Kafr Nabl and the regime forces regain control of Qqzzyrat",
        "Regime forces regained control of Qqzzyrat near Kafr Nabl on Monday",
    ],
)
def test_control_of_an_unknown_name_is_a_territory_event(extractor: Any, text: str) -> None:
    got = _extract(extractor, text, dt.date(2016, 6, 13)).claims
    assert any(c.sub_event_type == "Government regains territory" for c in got)


# --- session 5: where the source sits, page stamps, quarters of one city, word senses


def test_a_page_time_stamp_is_not_the_events_date(extractor: Any) -> None:
    text = (
        "Coalition raid on Raqqa kills 12\n\n"
        "14.03.2017(updated 1720 14.03.2017) Get short URL 410 An air strike by the US-led "
        "coalition on Monday in Raqqa killed 12 civilians, a local source said."
    )
    claim = _one(extractor, text, dt.date(2017, 3, 14))
    assert claim.date == dt.date(2017, 3, 13)


def test_the_city_of_a_source_is_weaker_than_the_scene(extractor: Any) -> None:
    text = (
        "A missile strike on Syrias Tiyas airbase killed three soldiers on Monday, "
        "a military source in Homs told the agency."
    )
    claim = _one(extractor, text, dt.date(2018, 4, 10))
    assert claim.location is not None and "Tiyas" in claim.location.name


def test_the_governor_of_a_city_names_no_scene(extractor: Any) -> None:
    text = (
        "Rockets hit the village of Kafr Nabl on Monday, killing two children. "
        "The Homs governor said the attack was carried out by terrorists."
    )
    places = {c.location.name for c in _extract(extractor, text, dt.date(2018, 4, 10)).claims}
    assert not any("Homs" in p for p in places)


def test_where_the_shells_came_from_is_not_where_they_fell(extractor: Any) -> None:
    text = (
        "Two civilians were killed on Tuesday when shells fired by militants positioned in "
        "al-Rashdiyeh fell on the al-Joura neighbourhood of Deir Ezzor."
    )
    claim = _one(extractor, text, dt.date(2016, 9, 7))
    assert claim.location is not None and claim.location.name != "Rashdiyeh"
    assert claim.location.admin1 == "Deir ez-Zor"


def test_quarters_named_together_and_their_city_are_one_event(extractor: Any) -> None:
    text = (
        "Three civilians were killed on Sunday when ISIS targeted residential areas in Deir "
        "Ezzor with rocket shells. A reporter in the city said 15 rocket shells fell on "
        "al-Joura and al-Qusour neighbourhoods. The attack killed three civilians and "
        "wounded five."
    )
    claims = _extract(extractor, text, dt.date(2016, 10, 31)).claims
    assert len(claims) == 1
    assert claims[0].fatalities is not None and claims[0].fatalities.best == 3


def test_a_city_and_a_quarter_with_other_dead_stay_two_events(extractor: Any) -> None:
    text = (
        "Clashes went on in Hama countryside on Monday. Government shelling also hit Kafr "
        "Zita. Air strikes on rebel-held districts of Aleppo killed at least 12 civilians on "
        "Monday. Air raids on the al-Marjeh neighbourhood killed 17 people on Monday."
    )
    claims = _extract(extractor, text, dt.date(2016, 10, 17)).claims
    assert sorted(c.fatalities.best for c in claims if c.fatalities) == [12, 17]


def test_a_city_told_beside_its_one_quarter_joins_it(extractor: Any) -> None:
    text = (
        "Clashes went on in Hama countryside on Monday. Government shelling also hit Kafr "
        "Zita. Rockets fired by militants hit residential areas of Aleppo on Monday. Five "
        "rocket shells fell on the al-Marjeh neighbourhood, killing two civilians."
    )
    claims = _extract(extractor, text, dt.date(2016, 10, 17)).claims
    places = [c.location.name for c in claims if c.location is not None]
    assert "Al-Marjeh" in places and "Aleppo" not in places


def test_an_attack_told_right_after_air_raids_is_one_of_them(extractor: Any) -> None:
    text = (
        "Air raids also hit the countryside west of Aleppo on Wednesday. An attack on the "
        "village of Kafr Naha killed at least nine people, the Observatory said."
    )
    kinds = _kinds_and_places(extractor, text, dt.date(2016, 11, 16))
    assert ("Air/drone strike", "Kafr Naha") in kinds
    assert not any(k == "Attack" for k, _ in kinds)


@pytest.mark.parametrize(
    "text",
    [
        "This photo captured from the town of Nusaybin shows smoke rising over Qamishli.",
        "Assad has rallied the countrys minorities behind his government in Damascus.",
        "The Turkish deployment was protested by Damascus on Monday.",
        "Shelling continued in Aleppo, the Russian centre for reconciliation said on Monday.",
    ],
)
def test_word_senses_that_tell_no_event(extractor: Any, text: str) -> None:
    kinds = {k for k, _ in _kinds_and_places(extractor, text, dt.date(2016, 8, 12))}
    assert not kinds & {
        "Non-state actor overtakes territory",
        "Peaceful protest",
        "Agreement",
        "Armed clash",
    }


def test_that_attack_points_back_to_the_background_it_follows(extractor: Any) -> None:
    text = (
        "Barrel bombs hit Saraqeb on Monday night, wounding 20 people. Inspectors found that "
        "nerve gas was used in Khan Sheikhoun in 2017. Washington blamed Damascus for that "
        "attack, which it says killed 90 people."
    )
    claims = _extract(extractor, text, dt.date(2019, 8, 2)).claims
    assert all(c.fatalities is None or c.fatalities.best != 90 for c in claims)


def test_the_perfect_with_bombings_in_the_plural_is_a_running_total(extractor: Any) -> None:
    text = (
        "Regime shelling killed four people in Jisr al-Shughur on Sunday. At least 340 "
        "civilians have been killed in regime and Russian bombings of the province, the "
        "Observatory said. Among those killed were 71 children and 40 women."
    )
    got = _extract(extractor, text, dt.date(2019, 6, 3))
    assert [c.fatalities.best for c in got.claims if c.fatalities] == [4]
    assert [t.deaths.low for t in got.tolls] == [340]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "At least 40 soldiers were killed on Thursday as IS fighters advanced on an army "
            "position near Tabqa.",
            "Armed clash",
        ),
        (
            "The Brigade 93 base near Ain Issa has fallen from army control, the monitor "
            "said on Friday.",
            "Non-state actor overtakes territory",
        ),
    ],
)
def test_an_advance_on_a_position_and_a_base_fallen_from_control(
    extractor: Any, text: str, kind: str
) -> None:
    kinds = {k for k, _ in _kinds_and_places(extractor, text, dt.date(2014, 7, 26))}
    assert kind in kinds


def test_advancing_on_the_ground_is_no_clash(extractor: Any) -> None:
    text = "Coalition jets struck Deir Ezzor on Monday while the militants continued to advance on the ground."
    kinds = {k for k, _ in _kinds_and_places(extractor, text, dt.date(2014, 10, 15))}
    assert kinds == {"Air/drone strike"}


@pytest.mark.parametrize(
    ("text", "admin1"),
    [
        (
            "Three suicide car bombs hit a checkpoint in the Dahiyet al-Assad neighbourhood of Aleppo on Friday.",
            "Aleppo",
        ),
        (
            "Shells hit Dahiyat al-Assad near Harasta in the Damascus countryside on Friday.",
            "Rural Damascus",
        ),
    ],
)
def test_a_name_two_cities_have_is_read_in_the_reports_city(
    extractor: Any, text: str, admin1: str
) -> None:
    claim = _one(extractor, text, dt.date(2016, 10, 29))
    assert claim.location is not None and claim.location.admin1 == admin1


@pytest.mark.parametrize(
    ("text", "north_km", "east_km"),
    [
        ("Regime forces stormed the village of Qarmazan north of Aleppo on Tuesday.", 10.0, 0.0),
        ("Air strikes hit the village of Qarmazan, 30 km west of Aleppo, on Tuesday.", 0.0, -30.0),
        (
            "Gunmen abducted five men in the village of Qarmazan a few kilometres south-east of "
            "Aleppo on Tuesday.",
            -3.0 / 2**0.5,
            3.0 / 2**0.5,
        ),
    ],
)
def test_an_unknown_place_in_a_direction_from_a_town_is_moved_that_way(
    extractor: Any, text: str, north_km: float, east_km: float
) -> None:
    claim = _one(extractor, text, dt.date(2015, 2, 18))
    loc = claim.location
    assert loc is not None and loc.name == "Qarmazan" and loc.geo_precision == GeoPrecision.NEAR
    aleppo = (36.20124, 37.16117)
    got_north = (loc.latitude - aleppo[0]) * 111.2
    got_east = (loc.longitude - aleppo[1]) * 111.2 * 0.8067  # cos(36.2 degrees)
    assert abs(got_north - north_km) < 0.5 and abs(got_east - east_km) < 0.5


def test_pro_damascus_media_name_a_side_not_a_scene(extractor: Any) -> None:
    text = (
        "A car bomb hit a bus convoy in the Rashidin district of Aleppo on Saturday. "
        "Pro-Damascus media said a suicide attacker detonated the car bomb and killed at "
        "least 20 people."
    )
    places = {c.location.name for c in _extract(extractor, text, dt.date(2017, 4, 15)).claims}
    assert "Damascus" not in places


def test_strikes_that_have_intensified_since_are_a_trend(extractor: Any) -> None:
    text = (
        "Air strikes on rebel-held east Aleppo have intensified since a ceasefire collapsed "
        "in September, residents said."
    )
    assert _extract(extractor, text, dt.date(2016, 10, 30)).claims == ()


def test_the_day_of_a_deal_told_beside_a_bombing_does_not_date_what_follows(
    extractor: Any,
) -> None:
    text = (
        "A bomb hit a bus convoy outside Aleppo on Saturday, killing people evacuated from "
        "two villages the day before in a deal between the warring sides. State media said "
        "a suicide attacker detonated a car bomb and killed at least 22 people."
    )
    got = _extract(extractor, text, dt.date(2017, 4, 16)).claims
    bombs = [c for c in got if c.event_type.startswith("Explosions")]
    assert {c.date for c in bombs} == {dt.date(2017, 4, 15)}


def test_the_blast_told_again_at_a_quarter_of_the_city_is_the_same_blast(
    extractor: Any,
) -> None:
    text = (
        "A bomb exploded near a bus convoy in Aleppo on Saturday, killing 24 people. "
        "The blast hit buses in the Rashidin area on the city's outskirts. People waiting "
        "in the Ramousah garage heard the blast."
    )
    got = _extract(extractor, text, dt.date(2017, 4, 15)).claims
    assert [(c.location.name, c.fatalities.best) for c in got] == [("Al-Rashidin", 24)]


def test_that_after_said_opens_a_clause_not_an_anaphor(extractor: Any) -> None:
    text = (
        "A helicopter dropped a chlorine barrel on the Zubdiya district of Aleppo on "
        "Wednesday, killing three people. A news site said that Russian warplanes also "
        "targeted the Ramousah area with phosphorus bombs."
    )
    places = {c.location.name for c in _extract(extractor, text, dt.date(2016, 8, 12)).claims}
    assert "Ramouseh" in places


def test_a_camp_lost_to_government_forces_is_regained_territory(extractor: Any) -> None:
    text = "The Handarat camp was lost to government forces on Saturday, the monitor said."
    kinds = _kinds_and_places(extractor, text, dt.date(2016, 9, 25))
    assert ("Government regains territory", "Handarat") in kinds


def test_dead_of_another_day_are_another_event_of_the_kind_just_told(extractor: Any) -> None:
    text = (
        "Rebel rockets killed three people in Damascus on Friday, state media said. Six had "
        "been killed the previous day, including a coach who was struck by shrapnel as he "
        "left his Damascus sports club."
    )
    got = _extract(extractor, text, dt.date(2017, 11, 17)).claims
    assert sorted((c.date, c.sub_event_type, c.fatalities.best) for c in got) == [
        (dt.date(2017, 11, 16), "Shelling/artillery/missile attack", 6),
        (dt.date(2017, 11, 17), "Shelling/artillery/missile attack", 3),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "In retaliation for the Ghouta shelling, rebels fired rockets on Damascus on Friday "
        "killing three civilians.",
        "In retaliation for the latest Ghouta shelling rebels fired rockets on Damascus on "
        "Friday killing three civilians.",
    ],
)
def test_a_fronted_cause_leaves_the_main_clause_its_event(extractor: Any, text: str) -> None:
    kinds = _kinds_and_places(extractor, text, dt.date(2017, 11, 17))
    assert ("Shelling/artillery/missile attack", "Damascus") in kinds


def test_what_a_clash_stemmed_from_is_its_cause(extractor: Any) -> None:
    text = (
        "On 9 June 2022, armed fighters from two villages clashed in Wewak throughout the day. The "
        "conflict stemmed from the killing of a youth by a settler on 5 June 2022."
    )
    got = _extract(extractor, text, dt.date(2022, 6, 9)).claims
    assert [(c.sub_event_type, c.date) for c in got] == [("Armed clash", dt.date(2022, 6, 9))]


@pytest.mark.parametrize(
    "text",
    [
        "Fighting raged on the border between Aleppo and Raqa province on Sunday.",
        "Air strikes hit Aleppo, Hama and Latakia provinces on Sunday.",
    ],
)
def test_names_listed_before_provinces_are_provinces_too(extractor: Any, text: str) -> None:
    got = _extract(extractor, text, dt.date(2015, 2, 15)).claims
    aleppo = [c.location for c in got if c.location is not None and c.location.admin1 == "Aleppo"]
    assert aleppo and all(p.geo_precision == GeoPrecision.REGION for p in aleppo)


def test_two_perpetrators_strikes_on_one_city_are_two_events(extractor: Any) -> None:
    text = (
        "Syrian government warplanes killed at least 70 people in an opposition district "
        "outside Damascus on Thursday. Jaish al-Islam rebels fired rockets on Damascus on "
        "Thursday, killing 10 people."
    )
    got = _extract(extractor, text, dt.date(2015, 2, 6)).claims
    kinds = sorted((c.sub_event_type, c.fatalities.best if c.fatalities else None) for c in got)
    assert kinds == [("Air/drone strike", 70), ("Shelling/artillery/missile attack", 10)]
    assert len({c.id for c in got}) == 2


def test_the_air_force_striking_is_an_air_strike(extractor: Any) -> None:
    text = "The Syrian air force struck rebel reinforcements near Mallah Farms on Thursday."
    kinds = {k for k, _ in _kinds_and_places(extractor, text, dt.date(2016, 6, 30))}
    assert "Air/drone strike" in kinds


def test_a_quarter_of_a_direction_of_a_city_is_in_the_city(extractor: Any) -> None:
    text = "Mortar fire hit the al-Tadamon neighbourhood of southern Damascus on Sunday."
    claim = _one(extractor, text, dt.date(2014, 4, 6))
    assert claim.location is not None and claim.location.geo_precision == GeoPrecision.TOWN


@pytest.mark.parametrize(
    "text",
    [
        "On 19 June 2022, several dozen supporters of a jailed journalist demanded his release "
        "in Rustavi. [size=several dozen]",
        "On 12 May 2022, Fridays for Future organization held its weekly climate strike in "
        "Tartu, Estonia. [size=no report]",
    ],
)
def test_acleds_crowd_size_tag_marks_a_demonstration(extractor: Any, text: str) -> None:
    (claim,) = _extract(extractor, text, dt.date(2022, 6, 19)).claims
    assert claim.event_type == "Protests" and claim.location is not None
    assert claim.location.country in {"GE", "EE"}


def test_plural_weekdays_are_no_places(extractor: Any) -> None:
    text = "On 12 May 2022, Fridays for Future activists marched in Tartu. [size=no report]"
    (claim,) = _extract(extractor, text, dt.date(2022, 5, 12)).claims
    assert claim.location is not None and claim.location.name == "Tartu"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("On 1 May 2022, a man was shot on a road in Budi, Mueang Yala (Yala).", "Attack"),
        (
            "On 1 May 2022, in Kale town (Kale district, Sagaing region), soldiers shot two "
            "civilians, a woman in Aung Thit Sa ward and a man in Myay Man Ward.",
            "Attack",
        ),
        (
            "On 1 May 2022, soldiers raided Jameeco Misra village (Balcad, Middle Shabelle). Both "
            "sides exchanged gunfire.",
            "Armed clash",
        ),
    ],
)
def test_shootings_and_exchanges_of_gunfire(extractor: Any, text: str, kind: str) -> None:
    claims = _extract(extractor, text, dt.date(2022, 5, 1)).claims
    assert kind in {c.sub_event_type for c in claims}
    assert all(c.location is not None and c.location.country != "SY" for c in claims)


def test_the_axes_of_a_town_place_a_battle_there(extractor: Any) -> None:
    text = (
        "Russian warplanes struck Khan Sheikhoun on Wednesday.\n\nThe number of those killed in "
        "the battles on the axes of Kafr Zeita and Tal Malah rose to 41 since yesterday morning."
    )
    got = _extract(extractor, text, dt.date(2019, 6, 12)).claims
    battles = [c for c in got if c.event_type == "Battles"]
    assert battles and all(c.location.admin1 == "Hama" for c in battles)


def test_a_report_abroad_falls_back_to_its_own_country_not_the_default(extractor: Any) -> None:
    text = (
        "On 25 March 2022, in Ciudad de Mexico - Zzyzxtlan, some 500 activists protested to "
        "demand that the Mexican government stop the train project. [size=some 500]"
    )
    (claim,) = _extract(extractor, text, dt.date(2022, 3, 25)).claims
    assert claim.location is not None and claim.location.country == "MX"


def test_the_dead_of_a_battle_since_yesterday_are_its_dead(extractor: Any) -> None:
    text = (
        "The Observatory said 30 regime soldiers and 39 rebel fighters had been killed in "
        "battles around Al Maleh north of Aleppo since Wednesday afternoon."
    )
    (claim,) = _extract(extractor, text, dt.date(2016, 6, 30)).claims
    assert claim.fatalities is not None and claim.fatalities.best == 69


def test_the_dead_since_a_weekday_long_ago_stay_a_toll(extractor: Any) -> None:
    text = "At least 120 civilians have been killed in air strikes on Idlib since Monday."
    got = _extract(extractor, text, dt.date(2019, 6, 14))
    assert all(c.fatalities is None for c in got.claims)


def test_the_outskirts_of_a_city_are_not_a_town_fifty_km_off(extractor: Any) -> None:
    text = (
        "At least 14 civilians were killed by coalition air strikes on the outskirts of Raqqa, "
        "a TV channel reported on Sunday. Coalition strikes also hit Tabqa, causing casualties."
    )
    places = {c.location.name for c in _extract(extractor, text, dt.date(2017, 4, 30)).claims}
    assert len(places) == 2


def test_fights_in_a_town_are_a_clash(extractor: Any) -> None:
    text = "Ten IS militants were killed during fights in the town of Tabqa on Saturday night."
    kinds = {k for k, _ in _kinds_and_places(extractor, text, dt.date(2017, 4, 16))}
    assert kinds == {"Armed clash"}


def test_also_tells_one_more_event_in_a_quarter(extractor: Any) -> None:
    text = (
        "Two people were killed by a mortar round that hit the Damascus Opera House on Sunday. "
        "Mortar fire also wounded three people in the Abbasids neighbourhood of northeast "
        'Damascus, SANA said, blaming "terrorists" - its term for those fighting to oust Assad.'
    )
    got = _extract(extractor, text, dt.date(2014, 4, 6)).claims
    shelling = [c for c in got if c.sub_event_type == "Shelling/artillery/missile attack"]
    assert len(shelling) == 2 and not any(c.event_type == "Battles" for c in got)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "The Syrian army foiled on Saturday an attack by militants on military posts in "
            "Hama countryside, killing many of them.",
            "Armed clash",
        ),
        ("Police foiled a bomb attack in Homs on Saturday.", "Disrupted weapons use"),
    ],
)
def test_a_foiled_attack_on_posts_is_a_clash_a_foiled_bomb_is_not(
    extractor: Any, text: str, kind: str
) -> None:
    kinds = {k for k, _ in _kinds_and_places(extractor, text, dt.date(2016, 5, 21))}
    assert kind in kinds


@pytest.mark.parametrize(
    "text",
    [
        "Russia has intensified its air raids in support of regime forces battling militants "
        "across the country.",
        "A coalition raid at the weekend killed scores of Syrian soldiers fighting the Islamic "
        "State group in the east.",
    ],
)
def test_forces_fighting_someone_says_who_they_are(extractor: Any, text: str) -> None:
    kinds = {k for k, _ in _kinds_and_places(extractor, text, dt.date(2017, 10, 6))}
    assert "Armed clash" not in kinds


@pytest.mark.parametrize(
    ("text", "dead"),
    [
        ("Another child was killed in the shelling of Saqba on Friday.", 1),
        ("Another two civilians died in the air raid on Saqba on Friday.", 2),
        ("Another 20 people were killed when shells hit Saqba on Friday.", 20),
    ],
)
def test_another_counts_the_dead(extractor: Any, text: str, dead: int) -> None:
    got = _extract(extractor, text, dt.date(2017, 11, 17)).claims
    assert [c.fatalities.best for c in got if c.fatalities] == [dead]


def test_dead_told_at_another_town_are_another_event(extractor: Any) -> None:
    text = (
        "Government shelling and air strikes killed seven people on Friday in Douma, a "
        "monitor said. Another child was killed in Harasta."
    )
    got = _extract(extractor, text, dt.date(2017, 11, 17)).claims
    by_place = {c.location.name: c for c in got}
    assert set(by_place) == {"Duma", "Harasta"}
    assert by_place["Harasta"].event_type == "Explosions/Remote violence"
    assert by_place["Harasta"].fatalities.best == 1
    assert by_place["Duma"].fatalities.best == 7


def test_a_namesake_far_from_the_town_it_is_told_by_is_not_the_place(extractor: Any) -> None:
    # a village north-east of Aleppo whose name a village in Homs also bears
    text = (
        "A barrel bomb killed 12 civilians on Tuesday in the village of al-Bureij northeast "
        "of Aleppo, activists said."
    )
    (claim,) = _extract(extractor, text, dt.date(2015, 7, 22)).claims
    assert claim.location.name == "al-Bureij"
    assert claim.location.admin1 == "Aleppo"
    assert claim.location.latitude > 36.2  # north-east of the city, not in Homs (34.8 N)


def test_dead_also_killed_the_day_before_are_not_the_lead_event(extractor: Any) -> None:
    text = (
        "Regime helicopters dropped a barrel bomb on the village of Tal Sheer northeast of "
        "Aleppo, killing 12 civilians. Twenty civilians were also killed yesterday when "
        "the air force pounded the al-Shaar neighbourhood of Aleppo."
    )
    got = _extract(extractor, text, dt.date(2015, 7, 22)).claims
    assert sorted(c.fatalities.best for c in got) == [12, 20]


@pytest.mark.parametrize(
    "text",
    [
        "Militants executed five men in Mayadin on Monday on charges of killing another member.",
        "Gunmen shot dead two men in Mayadin on Monday who were accused of killing 3 fighters.",
    ],
)
def test_a_killing_someone_is_charged_with_is_not_this_events_dead(
    extractor: Any, text: str
) -> None:
    got = _extract(extractor, text, dt.date(2017, 4, 24)).claims
    assert [c.fatalities.best for c in got if c.fatalities] in ([5], [2])


def test_an_attack_told_at_no_place_is_the_bombing_not_a_battle_far_off(extractor: Any) -> None:
    text = (
        "The bomber rode a motorcycle when he attacked a crowd outside a bakery. A suicide "
        "bomber blew himself up in the Nashwa neighbourhood of Hasakah city, a monitor said. "
        "Islamic State claimed the attack. Kurdish police put the death toll at 11.\n\n"
        "Meanwhile fighting between IS militants and the SDF has forced thousands to flee "
        "Manbij, where the alliance seized a road junction last week."
    )
    got = _extract(extractor, text, dt.date(2016, 7, 5)).claims
    dead = {c.event_type: c.fatalities.best if c.fatalities else None for c in got}
    assert dead["Explosions/Remote violence"] == 11
    assert dead.get("Battles") is None


def test_a_place_near_a_city_is_that_place_not_the_city(extractor: Any) -> None:
    text = (
        "Government shelling on the rebel-held area of Eastern Ghouta near Damascus killed at "
        "least 12 civilians on Friday, a monitor said."
    )
    (claim,) = _extract(extractor, text, dt.date(2017, 11, 17)).claims
    assert claim.location.name == "Eastern Ghouta"


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        ("40 fighters were killed near Tabqa and another six outside Raqqa.", [40, 6]),
        ("Nine civilians were killed in Douma and four more in Harasta.", [9, 4]),
        # a verb of their own, or a part of the figure before: not more dead
        ("Three civilians were killed and more than twenty others suffered from gas.", [3]),
        ("106 died yesterday, including 21 soldiers and 44 other persons.", [106]),
    ],
)
def test_more_dead_told_after_a_figure(text: str, figures: list[int]) -> None:
    dead = [c for c in _killed(text) if not c.subset]
    assert [c.count.best for c in dead if "including" not in text[: c.span.start]] == figures


def test_the_dead_of_a_strike_told_place_by_place_are_its_events(extractor: Any) -> None:
    text = (
        "At least 45 IS militants were killed in coalition air strikes overnight in northern "
        "and eastern Syria, a monitor said on Saturday. The monitor said 40 militants were "
        "killed around the town of Shadadi in Hasakeh province and another five outside "
        "the town of Kobane."
    )
    got = _extract(extractor, text, dt.date(2014, 10, 4))
    by_place = {c.location.name: c.fatalities.best for c in got.claims}
    assert by_place == {"Al-Shaddadi": 40, "Ayn al Arab": 5}
    assert [t.deaths.best for t in got.tolls] == [45]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Rebels shot down a Syrian army helicopter near Saraqeb on Monday.", "Armed clash"),
        ("A Russian helicopter was shot down near Saraqeb on Monday.", "Armed clash"),
        ("The army shot down a drone near Hama on Monday.", "Disrupted weapons use"),
        (
            "The Syrian Air Force destroyed IS positions in the Shaer gas field on Monday.",
            "Air/drone strike",
        ),
    ],
)
def test_an_aircraft_shot_down_is_a_clash_a_drone_is_not(
    extractor: Any, text: str, kind: str
) -> None:
    kinds = {k for k, _ in _kinds_and_places(extractor, text, dt.date(2016, 8, 2))}
    assert kinds == {kind}


def test_all_five_on_board_are_five_dead(extractor: Any) -> None:
    text = "A helicopter was shot down near Saraqeb on Monday, killing all five people on board."
    (claim,) = _extract(extractor, text, dt.date(2016, 8, 2)).claims
    assert claim.fatalities.best == 5


@pytest.mark.parametrize(
    ("text", "dead"),
    [
        ("A number of militants at the centre were killed in the operation.", 10),
        ("Twelve fighters at the checkpoint died on Sunday.", 12),
        ("About ten militants aboard six motorcycles were killed.", 10),
    ],
)
def test_where_the_dead_were_stands_between_them_and_their_fate(text: str, dead: int) -> None:
    (c,) = _killed(text)
    assert c.count.best == dead


def test_a_quarter_of_a_quarter_is_in_the_city_named(extractor: Any) -> None:
    text = (
        "Troops repelled an attack in Maan in the northern Hama countryside. In Daraa "
        "province an army unit destroyed in an operation in al-Arbaeen neighborhood in "
        "Daraa al-Balad area a command center of al-Nusra."
    )
    places = {
        c.location.name: c.location.admin1
        for c in _extract(extractor, text, dt.date(2016, 5, 21)).claims
    }
    assert places.get("Al-Arbaeen") == "Daraa"


def test_a_loss_told_in_the_tail_is_an_event_a_day_earlier(extractor: Any) -> None:
    text = (
        "Rebels seized the Handarat camp north of Aleppo early on Sunday, a day after it "
        "was lost to government forces, a monitor said."
    )
    got = _extract(extractor, text, dt.date(2016, 9, 25)).claims
    assert sorted((c.sub_event_type, c.date.isoformat()) for c in got) == [
        ("Government regains territory", "2016-09-24"),
        ("Non-state actor overtakes territory", "2016-09-25"),
    ]


@pytest.mark.parametrize(
    ("text", "coded"),
    [
        ("IS fighters seized 40 villages near Kobane on Friday in a two-day offensive.", True),
        ("IS fighters have besieged Kobane for weeks in a ten-day offensive.", False),
    ],
)
def test_a_push_of_a_few_days_is_an_event_a_long_campaign_is_not(
    extractor: Any, text: str, coded: bool
) -> None:
    got = _extract(extractor, text, dt.date(2014, 9, 20)).claims
    assert bool(got) is coded


def test_a_cited_source_is_no_background_and_a_countrys_army_no_place(extractor: Any) -> None:
    text = (
        "IS fighters fired rocket shells on the Joura district of Deir ez-Zor on Thursday. "
        "On Wednesday media reported citing a military source that the Syria army had killed "
        "28 and wounded 30 IS militants in the city."
    )
    got = _extract(extractor, text, dt.date(2017, 5, 18)).claims
    clash = [c for c in got if c.event_type == "Battles"]
    assert [c.fatalities.best for c in clash] == [28]
    assert clash[0].location.admin1 == "Deir ez-Zor"


@pytest.mark.parametrize(
    ("text", "coded"),
    [
        ("Since late last week the rebels have taken over the border crossing at Kasab.", True),
        ("Since Thursday rebels have seized three villages near Kasab.", True),
        ("Since 2012 the rebels have seized the border crossing at Kasab.", False),
    ],
)
def test_since_a_few_days_back_is_news_since_a_year_is_history(
    extractor: Any, text: str, coded: bool
) -> None:
    got = _extract(extractor, text, dt.date(2014, 3, 30)).claims
    assert bool(got) is coded


def test_regime_bombs_are_strikes(extractor: Any) -> None:
    text = "Five civilians were killed by regime bombs that landed on Douma, a monitor said."
    (claim,) = _extract(extractor, text, dt.date(2016, 6, 30)).claims
    assert claim.event_type == "Explosions/Remote violence"
    assert claim.fatalities.best == 5


@pytest.mark.parametrize(
    ("text", "dead"),
    [
        ("Warplanes struck the town on Monday, killing a man and his wife.", ["a man", "his wife"]),
        ("Gunmen shot dead a farmer and his son near Daraa.", ["a farmer", "his son"]),
        # the death a protest is about: the noun "death of" adds no relative
        ("They demanded an inquiry into the death of a mother and her son.", ["a mother"]),
    ],
)
def test_a_relative_named_after_the_dead_is_one_more(text: str, dead: list[str]) -> None:
    got = _killed(text)
    assert [c.span.text for c in got] == dead
    assert all(c.count.best == 1 for c in got)


@pytest.mark.parametrize(
    ("text", "dead"),
    [
        # SOHR's English: casualties an attack caused are its dead, the wounded are "injuries"
        ("3 casualties in the aerial bombing on Nawa", [3]),
        ("10 casualties at least in raids by warplanes on Arbin", [10]),
        # summed with the wounded, or at a place only: not a count of the dead
        ("13 casualties and injuries in shelling on Douma", []),
        ("More than 500 casualties in Aleppo", []),
    ],
)
def test_casualties_of_an_attack_are_its_dead(text: str, dead: list[int]) -> None:
    got = [c.count.best for c in _killed(text)]
    assert got == dead


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Regime helicopters bomb Morek in the northern countryside of Hama.", "Air/drone strike"),
        ("15 explosive barrels target Daraa al-Balad.", "Air/drone strike"),
        ("The Islamic State pulls back from Dabiq.", "Non-violent transfer of territory"),
        ("Raids target the southern countryside of Hama.", "Air/drone strike"),
        (
            "Regime’s helicopters intensively bomb the countryside of Jisr al-Shughur.",
            "Air/drone strike",
        ),
        (
            "Regime forces bomb Jobar on the outskirts of the capital.",
            "Shelling/artillery/missile attack",
        ),
        (
            "Factions target regime positions in Salma at Jabal al-Akrad.",
            "Shelling/artillery/missile attack",
        ),
        (
            "A bomb targeting a commander of Jabhat al-Nusra inside Idlib city.",
            "Remote explosive/landmine/IED",
        ),
        ("Regime forces advance over Jaish al-Islam in the Eastern Ghouta.", "Armed clash"),
        (
            "The Syrian Democratic Forces advance further in the countryside of Al-Hasakah at "
            "the expense of the Islamic State.",
            "Armed clash",
        ),
        (
            "Syria Democratic Forces expand their control in the eastern countryside of Raqqa.",
            "Non-state actor overtakes territory",
        ),
    ],
)
def test_headline_verbs_in_the_present(extractor: Any, text: str, kind: str) -> None:
    kinds = {k for k, _ in _kinds_and_places(extractor, text, dt.date(2016, 10, 16))}
    assert kind in kinds


def test_continuous_clashes_make_only_the_clashes_a_campaign(extractor: Any) -> None:
    text = "Helicopters bomb Morek and continuous clashes rage in the countryside of Raqqa."
    kinds = {k for k, _ in _kinds_and_places(extractor, text, dt.date(2017, 1, 7))}
    assert kinds == {"Air/drone strike"}
    text = "Regime forces have shelled Douma for weeks."
    assert not _extract(extractor, text, dt.date(2017, 1, 7)).claims


# --- actors: who took part, as ACLED names them


def test_the_employer_of_a_source_is_no_party_to_the_event(extractor: Any) -> None:
    text = (
        "According to a source at Hama Police Command, two people were killed when rockets "
        "fired by terrorists hit the Arbaeen neighbourhood of Hama city on Tuesday."
    )
    claim = _one(extractor, text, dt.date(2016, 9, 14))
    actors = {claim.actor1, claim.actor2, *claim.assoc_actors}
    assert "Syrian police" not in actors and "Civilians" in actors
    text = "A military source said army units destroyed a convoy of militants near Palmyra."
    assert _one(extractor, text, dt.date(2016, 9, 14)).actor1 == "Syrian government forces"
    # the police taking part are still an actor
    text = "Police clashed with gunmen in the Waer neighbourhood of Homs on Tuesday."
    claim = _one(extractor, text, dt.date(2016, 9, 14))
    assert "Syrian police" in {claim.actor1, claim.actor2}


@pytest.mark.parametrize(
    ("text", "author"),
    [
        ("A roadside bomb exploded in the town of Azaz on Monday, killing four civilians.", None),
        ("A suicide bomber blew himself up at a checkpoint in Jableh, killing six people.", None),
        (
            "An ISIS car bomb exploded in the town of Azaz on Monday, killing four civilians.",
            "Islamic State",
        ),
    ],
)
def test_an_unclaimed_bomb_is_an_unidentified_armed_groups(
    extractor: Any, text: str, author: str | None
) -> None:
    claim = _one(extractor, text, dt.date(2016, 8, 26))
    assert claim.actor1 == (author or "Unidentified armed group")
    assert claim.actor2 == "Civilians"


def test_a_government_beside_a_strike_is_no_party_to_it(extractor: Any) -> None:
    text = (
        "Russian warplanes struck the town of Saraqeb on Sunday, killing nine civilians, in "
        "an escalation that the United Nations blamed on the Syrian government and its allies."
    )
    claim = _one(extractor, text, dt.date(2016, 10, 17))
    assert "Government of Syria" not in claim.assoc_actors
    assert claim.actor1 == "Russian military"


@pytest.mark.parametrize(
    ("text", "author"),
    [
        (
            "Russian warplanes struck the town of Saraqeb on Sunday, killing nine civilians.",
            "Russian military",
        ),
        (
            "The US-led coalition fighter jets destroyed two bridges over the Euphrates in Deir "
            "Ezzor province on Friday.",
            "US-led coalition",
        ),
        (
            "The Syrian Air Force destroyed Daesh positions near the Shaer gas field on Friday.",
            "Syrian government forces",
        ),
    ],
)
def test_an_event_word_that_opens_with_its_author(extractor: Any, text: str, author: str) -> None:
    assert _one(extractor, text, dt.date(2016, 10, 17)).actor1 == author


def test_civilians_suffer_violence_they_do_not_author_it(extractor: Any) -> None:
    text = "Two civilians were killed when shells hit the Midan neighbourhood of Aleppo on Monday."
    claim = _one(extractor, text, dt.date(2016, 10, 17))
    assert claim.actor1 != "Civilians" and claim.actor2 == "Civilians"


@pytest.mark.parametrize("weapon", ["bombs", "explosive barrels", "mortar shells"])
def test_an_actors_weapon_names_the_actor(extractor: Any, weapon: str) -> None:
    text = f"Nine civilians were killed by regime {weapon} in the town of Saraqeb on Sunday."
    claim = _one(extractor, text, dt.date(2016, 10, 17))
    assert (claim.actor1, claim.actor2) == ("Syrian government forces", "Civilians")


# --- 8. sub-types: a grenade, a mine


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # the blast of a grenade is the grenade's
        (
            "On 15 June 2022, militants lobbed a grenade at policemen in Anantnag town. One "
            "policeman was injured in the explosion.",
            "Grenade",
        ),
        # an explosive thrown by hand is a grenade; a petrol bomb is a riot's
        ("On 6 May 2022, armed men threw an explosive device into a home in Celaya.", "Grenade"),
        (
            "On 6 May 2022, protesters threw petrol bombs at police in Celaya.",
            "Violent demonstration",
        ),
        # fired from a launcher, it is a shell
        (
            "On 25 January 2022, Russian forces fired grenade launchers at Ukrainian positions "
            "near Avdiivka.",
            "Shelling/artillery/missile attack",
        ),
        # mines laid for an attack are ACLED's remote explosive, not an armed clash
        (
            "On 30 January 2022, in Myaing township (Magway region), local defence forces "
            "attacked the military troops with mines, killing two soldiers.",
            "Remote explosive/landmine/IED",
        ),
        (
            "On 18 January 2022, near Kanbalu (Sagaing region), a local defence force carried out "
            "a mine attack against two military trucks.",
            "Remote explosive/landmine/IED",
        ),
        # a device that is named stays what it is
        (
            "On 6 May 2022, a roadside bomb exploded near a patrol in Tal Afar.",
            "Remote explosive/landmine/IED",
        ),
    ],
)
def test_a_grenade_or_a_mine(extractor: Any, text: str, kind: str) -> None:
    day = dt.datetime.strptime(text.split(",")[0][3:], "%d %B %Y").date()
    assert _one(extractor, text, day).sub_event_type == kind


# --- 7. ACLED's note style: a note with a crowd's size tells one demonstration or riot


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # the crowd's own violence, with no armed group: mob violence
        (
            "On 29 January 2022, motorists cornered and beat up two men suspected to be robbers "
            "in Ruaraka (Nairobi). [size=no report]",
            "Mob violence",
        ),
        (
            "On 24 March 2022, members of two rival political parties clashed in Bhadrak town "
            "(Odisha). [size=no report]",
            "Mob violence",
        ),
        # what demonstrators do when they turn violent; in a crowd's note it needs no
        # word for the demonstration
        (
            "On 4 February 2022, in Port-au-Prince (Ouest), people erected barricades of "
            "burning tires to demand that the prime minister hand over power. [size=no report]",
            "Violent demonstration",
        ),
        (
            "On 3 February 2022, in Vila Velha, residents blocked an avenue by setting obstacles "
            "on fire to demand paved roads. [size=no report]",
            "Violent demonstration",
        ),
        (
            "On 5 June 2022, students demonstrated against poor food, burning down a hut of a "
            "teacher in Pabbo (Amuru). [size=no report]",
            "Violent demonstration",
        ),
        # the crowd arrested or gassed: a protest with intervention; an arrest it protests
        # is its motive
        (
            "On 12 April 2022, unemployed people staging a demonstration were detained by police "
            "in Agartala (Tripura). [size=no report]",
            "Protest with intervention",
        ),
        (
            "On 24 April 2022, hundreds of people took to the streets in Nantes. Police forces "
            "used tear gases to disperse them. [size=hundreds]",
            "Protest with intervention",
        ),
        (
            "On 25 February 2022, party members staged a protest in Ulhasnagar city (Thane) "
            "against the arrest of a minister. [size=no report]",
            "Peaceful protest",
        ),
        (
            "On 22 January 2022, protesters gathered in San Juan (Merida) to demand the release "
            "of seven workers who were arrested by police. [size=no report]",
            "Peaceful protest",
        ),
        # the violence a demonstration protests is not a second event
        (
            "On 9 March 2022, residents gathered in Jos (Plateau) to protest the killing of two "
            "farmers by gunmen. [size=hundreds]",
            "Peaceful protest",
        ),
    ],
)
def test_a_note_with_a_crowd_size_is_one_crowd_event(extractor: Any, text: str, kind: str) -> None:
    day = dt.datetime.strptime(text.split(",")[0][3:], "%d %B %Y").date()
    claim = _one(extractor, text, day)
    assert claim.sub_event_type == kind
    if kind == "Mob violence":
        assert claim.actor1 == "Rioters"


def test_an_armed_groups_attack_stays_an_attack_beside_a_size(extractor: Any) -> None:
    text = (
        "On 9 March 2022, Islamic State fighters beat up two traders in a market in Jos "
        "(Plateau). [size=no report]"
    )
    assert _one(extractor, text, dt.date(2022, 3, 9)).event_type != "Riots"


# --- session 8: the setting of violence; governorates abroad


@pytest.mark.parametrize(
    "text",
    [
        "On 5 May 2022, an IED exploded near a military patrol in Jasim town in Daraa "
        "governorate. Casualties unknown.",
        "On 5 May 2022, gunmen ambushed a joint patrol of police and soldiers near Tafas "
        "(Daraa) and clashed with them for an hour. 2 fatalities.",
        "On 5 May 2022, rebels attacked a convoy of army reinforcements near Morek in Hama "
        "governorate. 4 fatalities.",
    ],
)
def test_a_patrol_or_reinforcements_are_the_setting_of_violence(extractor: Any, text: str) -> None:
    """A patrol hit by a bomb, an ambushed convoy of reinforcements: one violent event, not
    also a strategic development of the patrol's or the reinforcements' own."""
    claims = _extract(extractor, text, dt.date(2022, 5, 6)).claims
    assert claims and all(c.event_type != "Strategic developments" for c in claims)


def test_a_patrol_alone_is_still_a_development(extractor: Any) -> None:
    text = (
        "On 5 May 2022, Russian and Turkish forces conducted a joint patrol between Darbasiyah "
        "and Amuda in Hasakah governorate."
    )
    assert [c.sub_event_type for c in _extract(extractor, text, dt.date(2022, 5, 6)).claims] == [
        "Other"
    ]


@pytest.mark.parametrize(
    ("text", "country", "admin1"),
    [
        (
            "On 5 May 2022, unidentified gunmen shot dead a man in Wadi Hamra village in Abyan "
            "governorate. 1 fatality.",
            "YE",
            "Abyan",
        ),
        (
            "On 5 May 2022, an IED exploded near a checkpoint in Qaryat Nasr village in Erbil "
            "governorate. Casualties unknown.",
            "IQ",
            "Arbil",
        ),
    ],
)
def test_a_note_in_a_governorate_abroad_stays_abroad(
    extractor: Any, text: str, country: str, admin1: str
) -> None:
    """An unknown village in a governorate abroad is placed at that governorate, not at the
    Syrian village or town whose name folds like the governorate's."""
    claim = _one(extractor, text, dt.date(2022, 5, 6))
    assert claim.location is not None
    assert (claim.location.country, claim.location.admin1) == (country, admin1)


@pytest.mark.parametrize(
    ("text", "actor1", "actor2", "ally"),
    [
        (
            "On 18 April 2022, regime forces and Iranian-backed militias clashed with IS cells "
            "near Al-Sukhnah in Homs governorate. 3 fatalities.",
            "Syrian government forces",
            "Islamic State",
            "Iranian-backed militias",
        ),
        (
            "On 18 April 2022, the SDF and the US-led coalition clashed with IS near Hajin in "
            "Deir ez-Zor governorate. 3 fatalities.",
            "Syrian Democratic Forces",
            "Islamic State",
            "US-led coalition",
        ),
    ],
)
def test_the_first_of_a_coordinated_subject_leads_and_the_others_are_allies(
    extractor: Any, text: str, actor1: str, actor2: str, ally: str
) -> None:
    """ "X and Y clashed with Z": X is actor 1, Y its associated actor, Z actor 2 (it was Y
    first and X the target)."""
    claim = _one(extractor, text)
    assert (claim.actor1, claim.actor2) == (actor1, actor2)
    assert ally in claim.assoc_actors


@pytest.mark.parametrize(
    ("text", "country", "place"),
    [
        (
            "On 14 May 2022, Security Belt Forces clashed with AQAP militants in Mudiyah "
            "district in Abyan governorate. 5 fatalities.",
            "YE",
            "Mudiyah",
        ),
        (
            "On 14 May 2022, Peshmerga forces clashed with IS members near Makhmour. 2 fatalities.",
            "IQ",
            "Mexmur",
        ),
        (
            "On 5 May 2022, Houthi forces clashed with tribal gunmen in Saada. 1 fatality.",
            "YE",
            None,
        ),
    ],
)
def test_actors_of_one_country_say_where_the_places_are(
    extractor: Any, text: str, country: str, place: str | None
) -> None:
    """Houthi forces, AQAP, the Peshmerga fight in one country: a note naming them has its
    places there, not in the Syrian village whose name folds alike (or nowhere)."""
    claim = _one(extractor, text)
    assert claim.location is not None and claim.location.country == country
    if place is not None:
        assert claim.location.name == place


def test_actors_that_fight_in_syria_leave_syrian_places_alone(extractor: Any) -> None:
    """Jabhat Fatah al-Sham is Syrian: the Palestinian Fatah's name inside it says nothing
    of where its places are."""
    claim = _one(
        extractor,
        "On 5 May 2016, Jabhat Fatah al-Sham fighters clashed with regime forces in Abyan "
        "village in Aleppo countryside.",
        dt.date(2016, 5, 6),
    )
    assert claim.location is not None and claim.location.country == "SY"


@pytest.mark.parametrize(
    "text",
    [
        "Police shot dead three protesters in Khartoum on Monday.",
        "Security forces opened fire on peaceful demonstrators in Yangon on Sunday, killing at "
        "least 18 people.",
        "Troops fired live ammunition into a crowd of mourners in Mandalay, killing two.",
    ],
)
def test_a_states_violence_on_demonstrators_is_excessive_force(extractor: Any, text: str) -> None:
    """ACLED codes state forces killing or shooting at demonstrators as a protest event,
    excessive force against protesters, not an attack on civilians."""
    claim = _one(extractor, text, dt.date(2021, 3, 9))
    assert (claim.event_type, claim.sub_event_type) == (
        "Protests",
        "Excessive force against protesters",
    )


def test_gunmen_killing_demonstrators_stay_an_attack(extractor: Any) -> None:
    claim = _one(
        extractor, "Gunmen shot dead three protesters in Khartoum on Monday.", dt.date(2021, 3, 9)
    )
    assert claim.sub_event_type == "Attack"


def test_fighting_between_clans_is_a_clash_not_a_mob(extractor: Any) -> None:
    """Clan and tribal militias are armed, organised sides (ACLED: identity militias)."""
    claim = _one(
        extractor,
        "On 9 March 2021, fighting between two rival clans near Dhusamareb left 15 dead.",
        dt.date(2021, 3, 10),
    )
    assert claim.sub_event_type == "Armed clash"


def test_acleds_closing_one_fatality_counts(extractor: Any) -> None:
    """ACLED's closing "1 fatality." is the event's dead, like "2 fatalities." (the
    singular was read as no figure at all when the story named the victim without a verb
    of killing)."""
    claim = _one(
        extractor,
        "On 14 May 2022, IS claimed the assassination of a regime officer in Al Mayadin "
        "(Deir ez-Zor). 1 fatality.",
    )
    assert claim.fatalities is not None and claim.fatalities.best == 1


def test_the_figure_an_acled_coder_kept_is_the_events(extractor: Any) -> None:
    """ "Fatalities coded as 3 (the group reported 13)": the note's own figure wins over the
    claims it reports, and the claim shows where it came from."""
    text = (
        "On 14 May 2022, rebels clashed with the army near Bazarak (Panjshir), killing 13 "
        "soldiers according to the rebels. Fatalities coded as 3 (the rebels' figure is "
        "unverified)."
    )
    claim = _one(extractor, text)
    assert claim.fatalities is not None
    assert (claim.fatalities.low, claim.fatalities.best, claim.fatalities.high) == (3, 3, 3)
    assert any(e.text == "Fatalities coded as 3" for e in claim.evidence)


# --- generic words for armed men ("rebels", "terrorists", "militants") stay the actor unless
# the clause names a group on their own side of the event word


@pytest.mark.parametrize(
    ("text", "initiator"),
    [
        (
            "Rebels shelled the residential quarters of Hama city on Tuesday, killing three "
            "civilians, the Observatory said.",
            "Syrian opposition rebels",
        ),
        (
            "Four civilians were killed on Tuesday when terrorist groups fired rocket shells "
            "on al-Midan neighbourhood in Aleppo city, SANA reported.",
            "Syrian opposition rebels",
        ),
    ],
)
def test_the_victims_do_not_displace_a_generic_initiator(
    extractor: Any, text: str, initiator: str
) -> None:
    claim = _one(extractor, text, dt.date(2016, 5, 11))
    assert (claim.actor1, claim.actor2) == (initiator, "Civilians")


def test_the_other_side_does_not_displace_a_generic_initiator(extractor: Any) -> None:
    text = (
        "Militants attacked an army checkpoint near the town of Sukhnah on Tuesday, killing "
        "two soldiers."
    )
    claim = _one(extractor, text, dt.date(2016, 5, 11))
    assert (claim.actor1, claim.actor2) == ("Unidentified armed group", "Syrian government forces")


def test_a_named_group_on_the_same_side_still_wins_over_the_generic_word(extractor: Any) -> None:
    text = (
        "Gunmen, believed to be Islamic State members, attacked a checkpoint near the town of "
        "Sukhnah on Tuesday, killing two soldiers."
    )
    assert _one(extractor, text, dt.date(2016, 5, 11)).actor1 == "Islamic State"


# --- an air strike a report tells without its author


def test_an_unattributed_syrian_air_strike_is_the_air_forces(extractor: Any) -> None:
    text = (
        "Air strikes on the rebel-held town of Maarat al-Numan killed seven civilians on "
        "Tuesday, the Observatory said."
    )
    claim = _one(extractor, text, dt.date(2016, 5, 11))
    assert (claim.actor1, claim.actor2) == ("Syrian government forces", "Civilians")
    assert "author not named" in claim.notes


def test_an_unattributed_strike_is_the_air_force_the_report_names(extractor: Any) -> None:
    text = (
        "Russian warplanes struck the town of Maarat al-Numan on Tuesday, killing four people, "
        "the Observatory said. Later in the day air strikes also hit Kafr Nabl, killing five "
        "civilians."
    )
    got = _extract(extractor, text, dt.date(2016, 5, 11))
    assert {(c.location.name, c.actor1) for c in got.claims} == {
        ("Maarat al-Numan", "Russian military"),
        ("Kafr Nabl", "Russian military"),
    }


@pytest.mark.parametrize(
    "text",
    [
        # the report says nobody knows whose
        "Unidentified warplanes struck Maarat al-Numan on Tuesday, killing five civilians.",
        # many sides fly drones
        "A drone strike hit a car near Maarat al-Numan on Tuesday, killing two men.",
        # two air forces named: which one struck is not told
        "Russian jets bombed Kafr Nabl on Monday. Syrian helicopters dropped barrel bombs on "
        "Hass the same day. On Tuesday air strikes hit Maarat al-Numan, killing five civilians.",
        # the government's own positions: another air force
        "Air strikes on army positions near Maarat al-Numan killed five soldiers on Tuesday.",
        # abroad: no table names the air force over Iraq
        "Air strikes hit the old city of Mosul on Tuesday, killing twelve civilians.",
    ],
)
def test_no_author_is_guessed_where_the_sky_is_shared(extractor: Any, text: str) -> None:
    got = _extract(extractor, text, dt.date(2016, 5, 11))
    strikes = [c for c in got.claims if c.sub_event_type == "Air/drone strike"]
    assert strikes
    assert strikes[-1].actor1 is None


# --- armed groups the actor tables do not know keep the name the report gives them


@pytest.mark.parametrize(
    ("text", "actor1", "actor2"),
    [
        (
            "On 3 March 2022, Ahl al-Haqq militants ambushed Syrian army soldiers near Kafr "
            "Nabl in Idlib governorate, killing 2 soldiers.",
            "Ahl al-Haqq",
            "Syrian government forces",
        ),
        (
            "On 3 March 2022, an IED planted by Ahl al-Haqq militants exploded near Kafr Nabl "
            "in Idlib governorate, killing 2 civilians.",
            "Ahl al-Haqq",
            "Civilians",
        ),
        (
            "Members of the Suqour al-Ghab Brigade attacked an army checkpoint near Kafr Nabl "
            "on Tuesday, killing two soldiers.",
            "Suqour al-Ghab Brigade",
            "Syrian government forces",
        ),
    ],
)
def test_an_unknown_group_keeps_its_name(
    extractor: Any, text: str, actor1: str, actor2: str
) -> None:
    claim = _one(extractor, text, dt.date(2022, 3, 5))
    assert (claim.actor1, claim.actor2) == (actor1, actor2)


@pytest.mark.parametrize(
    "text",
    [
        # a people, a creed, a place, a sentence's first word: no names
        "Kurdish fighters attacked an army checkpoint near Kafr Nabl on Tuesday.",
        "Islamist militants attacked an army checkpoint near Kafr Nabl on Tuesday.",
        "Idlib rebels attacked an army checkpoint near Kafr Nabl on Tuesday.",
        "Suspected militants attacked an army checkpoint near Kafr Nabl on Tuesday.",
    ],
)
def test_no_group_is_made_of_words_that_name_none(extractor: Any, text: str) -> None:
    claim = _one(extractor, text, dt.date(2022, 3, 9))
    assert claim.actor1 in {"Syrian opposition rebels", "Unidentified armed group", "YPG"}


def test_a_crowds_organisers_are_no_armed_group(extractor: Any) -> None:
    text = (
        "Hundreds of members of the Green Dawn Movement protested in front of the governorate "
        "building in Homs on Tuesday, demanding the release of detainees."
    )
    claim = _one(extractor, text, dt.date(2022, 3, 9))
    assert (claim.event_type, claim.actor1) == ("Protests", "Protesters")


def test_the_subject_of_a_labelled_note_acts(extractor: Any) -> None:
    text = (
        "Non-violent activity: On 3 March 2022, HTS fighters chased away farmers near Kafr "
        "Nabl (Maarrat an Nu'man, Idlib)."
    )
    assert _one(extractor, text, dt.date(2022, 3, 5)).actor1 == extractor.actors.canonical("HTS")


def test_rebels_fly_no_aircraft(extractor: Any) -> None:
    text = (
        "Rebel fighters in Kafr Nabl came under air strikes on Tuesday, and six civilians "
        "were killed."
    )
    (strike,) = [
        c
        for c in _extract(extractor, text, dt.date(2016, 5, 11)).claims
        if c.sub_event_type == "Air/drone strike"
    ]
    assert (strike.actor1, strike.actor2) == ("Syrian government forces", "Civilians")


def test_a_groups_drone_stays_its_own(extractor: Any) -> None:
    text = "An Islamic State drone struck a checkpoint near Raqqa on Tuesday, killing two fighters."
    assert _one(extractor, text, dt.date(2016, 5, 11)).actor1 == "Islamic State"


def test_what_a_peaceful_crowd_protests_against_is_no_party(extractor: Any) -> None:
    text = (
        "On 3 May 2022, around 200 people protested in front of the governorate building in "
        "Homs against the government's decision to raise bread prices."
    )
    claim = _one(extractor, text, dt.date(2022, 5, 5))
    assert (claim.sub_event_type, claim.actor1, claim.actor2) == (
        "Peaceful protest",
        "Protesters",
        None,
    )
    # (nor an associate: ACLED names the crowd's members and organisers, not its object;
    # see tests/test_protest_objects.py)
    assert claim.assoc_actors == ()


def test_whose_area_it_is_names_no_party(extractor: Any) -> None:
    text = (
        "Government warplanes pounded rebel areas of Maarat al-Numan on Tuesday, killing "
        "seven civilians, the Observatory said."
    )
    claim = _one(extractor, text, dt.date(2016, 5, 11))
    assert (claim.actor1, claim.actor2, claim.assoc_actors) == (
        "Syrian government forces",
        "Civilians",
        (),
    )


@pytest.mark.parametrize(
    "text",
    [
        "The Syrian opposition accused government forces of killing 40 civilians with poison "
        "gas in Douma on Tuesday.",
        "Activists held regime forces responsible for a chemical attack that killed 40 "
        "civilians in Douma on Tuesday.",
    ],
)
def test_the_accuser_tells_the_accused_acts(extractor: Any, text: str) -> None:
    claim = _one(extractor, text, dt.date(2016, 5, 11))
    assert (claim.actor1, claim.actor2) == ("Syrian government forces", "Civilians")


@pytest.mark.parametrize(
    ("text", "accuses"),
    [
        ("The opposition held regime forces responsible for the attack.", True),
        ("The opposition blamed regime forces for the attack.", True),
        # holding ground, or captives, is no accusation
        ("Rebels holding army positions on the hills shelled the town.", False),
        ("Rebels held regime soldiers captive for a week.", False),
    ],
)
def test_holding_is_an_accusation_only_with_responsible(
    extractor: Any, text: str, accuses: bool
) -> None:
    first, second = extractor.actors.find(text)[:2]
    assert _accuses(text, first, second) is accuses


@pytest.mark.parametrize(
    ("text", "actor1", "assoc"),
    [
        # "<event noun> by the X": X struck
        (
            "Airstrikes by the US-led coalition killed at least 21 civilians in the town of "
            "Manbij on Monday, activists said.",
            "US-led coalition",
            (),
        ),
        # each adjective names an air force; the first acts, the other is its ally
        (
            "Six civilians were killed on Tuesday when Russian or Syrian war planes struck a camp "
            "for displaced people near Sarmada.",
            "Russian military",
            ("Syrian government forces",),
        ),
        (
            "At least 11 civilians were killed on Friday in Syrian or Russian air raids on the "
            "town of Mayadin.",
            "Syrian government forces",
            ("Russian military",),
        ),
    ],
)
def test_strike_authors_named_as_adjectives_or_after_by(
    extractor: Any, text: str, actor1: str, assoc: tuple[str, ...]
) -> None:
    claim = _one(extractor, text, dt.date(2016, 8, 3))
    assert (claim.actor1, claim.actor2) == (actor1, "Civilians")
    assert tuple(a for a in claim.assoc_actors if a != "Civilians") == assoc


def test_an_ally_named_anywhere_is_no_target(extractor: Any) -> None:
    text = (
        "Both Russian and Syrian warplanes pounded Aleppo on Monday in support of an offensive "
        "by regime forces on the rebel-held east of the city."
    )
    got = _extract(extractor, text, dt.date(2016, 10, 17))
    assert got.claims
    for claim in got.claims:
        assert claim.actor2 != "Russian military"
        assert "Russian military" in {claim.actor1, *claim.assoc_actors}


@pytest.mark.parametrize(
    "text",
    [
        # ACLED's violence against civilians is against civilians, whoever the victim
        "On 5 March 2022, unidentified gunmen attacked and injured a local journalist on a "
        "highway near Comilla.",
        # told again as "the attack": the victims stay
        "On 5 March 2022, armed individuals killed two persons at a filling station in "
        "Nnewi. The reason for the attack is unknown.",
    ],
)
def test_violence_against_civilians_names_the_civilians(extractor: Any, text: str) -> None:
    claim = _one(extractor, text, dt.date(2022, 3, 7))
    assert claim.event_type == "Violence against civilians"
    assert claim.actor2 == "Civilians"


@pytest.mark.parametrize(
    "text",
    [
        # an execution that does not say whom: ACLED's captured fighters
        "The monitor said some of those killed were summarily executed by ISIS militants in "
        "Raqqa on Friday.",
        # the victims named right after the event word fought
        "ISIS militants beheaded two captured soldiers in Raqqa on Friday.",
    ],
)
def test_executed_fighters_are_no_civilians(extractor: Any, text: str) -> None:
    claim = _one(extractor, text, dt.date(2017, 7, 21))
    assert claim.event_type == "Violence against civilians"
    assert "Civilians" not in {claim.actor1, claim.actor2, *claim.assoc_actors}


def test_an_armed_group_named_after_the_victim_did_it(extractor: Any) -> None:
    text = (
        "On 28 May 2022, a man was shot and killed in his shop in Santa Rita during a "
        "birthday party by armed individuals. 1 fatality."
    )
    claim = _one(extractor, text, dt.date(2022, 5, 30))
    assert (claim.actor1, claim.actor2) == ("Unidentified armed group", "Civilians")


@pytest.mark.parametrize(
    ("text", "actor2"),
    [
        (
            "On 3 March 2022, police arrested three men suspected of drug trafficking in Lagos.",
            "Civilians",
        ),
        ("On 3 March 2022, soldiers looted shops and burned houses in Lagos.", "Civilians"),
        # the arrested are named: they are the second actor
        ("On 3 March 2022, police arrested two ISIS militants in Lagos.", "Islamic State"),
    ],
)
def test_arrests_and_looting_are_done_to_civilians(extractor: Any, text: str, actor2: str) -> None:
    assert _one(extractor, text, dt.date(2022, 3, 4)).actor2 == actor2


def test_those_arrested_at_a_protest_are_its_crowd(extractor: Any) -> None:
    text = (
        "On 24 January 2022, people demonstrated in Marburg against coronavirus measures. "
        "One person was arrested."
    )
    claim = _one(extractor, text, dt.date(2022, 1, 26))
    assert claim.sub_event_type == "Protest with intervention"
    assert "Civilians" not in {claim.actor1, claim.actor2, *claim.assoc_actors}


def test_the_civilians_a_blast_wounded_are_its_second_actor(extractor: Any) -> None:
    text = (
        "On 4 April 2022, a bomb exploded in the market of Loikaw town, wounding two boys "
        "aged eight and nine."
    )
    claim = _one(extractor, text, dt.date(2022, 4, 6))
    assert claim.event_type == "Explosions/Remote violence"
    assert claim.actor2 == "Civilians"


@pytest.mark.parametrize(
    ("text", "published", "civilians"),
    [
        (
            "On 10 May 2022, in Sao Paulo, a group of residents attacked a man accused of "
            "harassing a woman on a bus.",
            dt.date(2022, 5, 12),
            True,
        ),
        (
            "On 18 June 2022, a mob beat and killed a man accused of robbery in Cofimvaba.",
            dt.date(2022, 6, 20),
            True,
        ),
        # two crowds fight: rioters on both sides
        (
            "On 19 March 2022, at least 10 people were injured in a clash between two groups of "
            "party supporters in Sonaimuri over a land dispute.",
            dt.date(2022, 3, 21),
            False,
        ),
        # "a mob of youths" is who acts, not whom
        (
            "On 27 February 2022, a mob of youths pelted stones at a police team in Mathura.",
            dt.date(2022, 3, 1),
            False,
        ),
    ],
)
def test_a_mob_on_people_is_violence_on_civilians(
    extractor: Any, text: str, published: dt.date, civilians: bool
) -> None:
    claims = _extract(extractor, text, published).claims
    assert claims
    assert all(c.event_type == "Riots" for c in claims)
    named = {a for c in claims for a in (c.actor2, *c.assoc_actors)}
    assert ("Civilians" in named) is civilians


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        (
            "Gunmen stormed a church during Sunday mass in Kaduna and killed 12 worshippers.",
            "Attack",
        ),
        (
            "Government troops stormed a village near Aleppo overnight, killing 12 people.",
            "Attack",
        ),
        ("ISIS fighters stormed an army post near Palmyra on Monday.", "Armed clash"),
        # the words between a crowd and its grievance do no violence of their own
        (
            "Protesters burned tires and blocked roads in Beirut in protest against the fuel "
            "price hike.",
            "Violent demonstration",
        ),
    ],
)
def test_storming_and_crowd_violence_sub_types(
    extractor: Any, text: str, sub_event_type: str
) -> None:
    got = _extract(extractor, text, dt.date(2022, 3, 1)).claims
    assert sub_event_type in {c.sub_event_type for c in got}


def test_a_crowd_that_riots_is_the_rioters(extractor: Any) -> None:
    claim = _one(
        extractor,
        "On 27 February 2022, villagers lynched a man suspected of stealing a goat in Kisumu.",
        dt.date(2022, 3, 1),
    )
    assert (claim.sub_event_type, claim.actor1, claim.actor2) == (
        "Mob violence",
        "Rioters",
        "Civilians",
    )


@pytest.mark.parametrize(
    ("text", "protest"),
    [
        (
            "On 28 February 2022, traders in Kano shut their shops in protest against the new "
            "market tax.",
            True,
        ),
        ("On 28 February 2022, workers in Kano downed tools in protest over unpaid wages.", True),
        # no crowd: a minister's resignation is no protest event
        ("On 28 February 2022, the minister resigned in protest against the decision.", False),
    ],
)
def test_what_a_crowd_does_in_protest_is_the_protest(
    extractor: Any, text: str, protest: bool
) -> None:
    got = _extract(extractor, text, dt.date(2022, 3, 1)).claims
    assert ("Peaceful protest" in {c.sub_event_type for c in got}) is protest


@pytest.mark.parametrize(
    ("text", "admin1"),
    [
        # "<name> State": the state, not a town abroad spelt like it
        (
            "On 4 March 2022, armed herders attacked a village in Benue State, killing 17 farmers.",
            "Benue",
        ),
        # a place inside an actor's name is not where it happened
        (
            "On 1 March 2022, Boko Haram fighters attacked a village in Yobe State, killing "
            "five farmers.",
            "Yobe",
        ),
    ],
)
def test_states_and_places_inside_names(extractor: Any, text: str, admin1: str) -> None:
    claim = _one(extractor, text, dt.date(2022, 3, 5))
    assert claim.location is not None
    assert (claim.location.country, claim.location.admin1) == ("NG", admin1)


@pytest.mark.parametrize(
    ("text", "actors"),
    [
        # the speaker only tells what others did
        (
            "The Syrian opposition said 1300 people were killed in a chemical attack on Zamalka "
            "on Wednesday.",
            set(),
        ),
        ("Syrian opposition: 1300 killed in chemical attack on Zamalka on Wednesday.", set()),
        # the speaker tells what it did, or what it suffered
        (
            "The Syrian army said it killed 20 Nusra Front fighters in Jobar on Wednesday.",
            {"Syrian government forces", "Al-Nusra Front"},
        ),
        (
            "The Turkish military said one of its soldiers was killed in a car bomb in al-Bab on "
            "Wednesday.",
            {"Turkish military"},
        ),
        (
            "The Islamic State claimed responsibility for the bombing in Jableh on Wednesday, "
            "which killed 20 people.",
            {"Islamic State"},
        ),
    ],
)
def test_a_speaker_is_no_party_to_what_others_did(
    extractor: Any, text: str, actors: set[str]
) -> None:
    got = _extract(extractor, text, dt.date(2016, 8, 24)).claims
    assert got
    named = {a for c in got for a in (c.actor1, c.actor2, *c.assoc_actors)} - {None, "Civilians"}
    assert named == actors


@pytest.mark.parametrize(
    "text",
    [
        '"Idlib is being slaughtered and the world is watching," read one banner carried by '
        "protesters in Atarib on Friday.",
        'Protesters in Atarib carried banners reading "Stop the bombing of Idlib" on Friday.',
    ],
)
def test_a_slogan_tells_no_event(extractor: Any, text: str) -> None:
    got = _extract(extractor, text, dt.date(2019, 6, 14)).claims
    assert {c.event_type for c in got} <= {"Protests"}


def test_a_day_after_an_event_is_no_day_after_publication() -> None:
    from observatory.dates import find_dates

    text = "The protests came a day after an observation post near Morek was hit by mortar fire."
    assert find_dates(text, published=dt.date(2019, 6, 14)) == []


def test_blame_for_an_attack_told_as_background_is_no_new_attack(extractor: Any) -> None:
    text = (
        "Thousands demonstrated in Atarib on Friday. The protests "
        "came a day after an observation post near Morek was hit by mortar fire. Ankara "
        "blamed regime forces for the attack."
    )
    got = _extract(extractor, text, dt.date(2019, 6, 14)).claims
    assert {c.event_type for c in got} == {"Protests"}
    assert {c.date for c in got} == {dt.date(2019, 6, 14)}


def test_a_strike_and_its_interception_are_one_event(extractor: Any) -> None:
    claim = _one(
        extractor,
        "On 4 March 2022, Houthi rebels fired a ballistic missile at the Saudi city of Jizan, "
        "which was intercepted by air defences.",
        dt.date(2022, 3, 5),
    )
    assert claim.sub_event_type == "Disrupted weapons use"


def test_a_group_of_one_country_places_what_names_no_known_place(extractor: Any) -> None:
    claim = _one(
        extractor,
        "On 4 March 2022, Al-Shabaab militants overran a military base in Lower Shabelle "
        "region, killing at least 20 soldiers.",
        dt.date(2022, 3, 5),
    )
    assert claim.location is not None and claim.location.country == "SO"
    assert claim.actor1 == "Al Shabaab"


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        (
            "On 4 March 2022, police in Nairobi arrested 12 people during a demonstration "
            "against rising food prices.",
            "Protest with intervention",
        ),
        (
            "On 3 March 2022, police shot dead three protesters during a rally in Nairobi.",
            "Excessive force against protesters",
        ),
    ],
)
def test_a_protest_is_the_protesters_and_the_police_intervene(
    extractor: Any, text: str, sub_event_type: str
) -> None:
    claim = _one(extractor, text, dt.date(2022, 3, 5))
    assert (claim.sub_event_type, claim.actor1, claim.actor2) == (
        sub_event_type,
        "Protesters",
        "Police Forces of Kenya",
    )
