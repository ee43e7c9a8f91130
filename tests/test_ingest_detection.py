"""Publication date and outlet detection, as tables."""

from __future__ import annotations

import datetime as dt

import pytest

from observatory.ingest import canonical_outlet, detect_outlet, make_document, parse_date
from observatory.ingest.outlets import load_outlets, outlet_for_domain
from observatory.ingest.published import date_from_dateline, date_from_url
from observatory.records import PublishedBasis

D = dt.date


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.example.com/news/2014/04/11/clashes-in-deir-ezzor/", D(2014, 4, 11)),
        ("https://example.com/2016/3/2/shelling", D(2016, 3, 2)),
        ("https://example.com/archive/2017-05-03-landmine-palmyra.html", D(2017, 5, 3)),
        ("http://example.com/world/20150212/story.html", D(2015, 2, 12)),
        ("http://example.com/world/2015/13/45/story", None),  # not a calendar day
        ("http://example.com/world/2015/05/story", None),  # month only
        ("http://example.com/article/123456789", None),
        ("http://example.com/?p=20161011", None),
        (None, None),
    ],
)
def test_date_from_url(url: str | None, expected: D | None) -> None:
    assert date_from_url(url) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Wed 05 Apr 2017 Warplanes struck a town in Idlib.", D(2017, 4, 5)),
        ("DAMASCUS, 2014-04-11 (SANA) - Army units advanced.", D(2014, 4, 11)),
        ("12 February 2015 Casualties mount in the Eastern Ghouta.", D(2015, 2, 12)),
        ("Published February 18 2015 The army captured villages.", D(2015, 2, 18)),
        ("Fri Sep 27 2013 Bomb blast in a Damascus suburb.", D(2013, 9, 27)),
        ("Tuesday, 22 November 2016\nA photo went viral.", D(2016, 11, 22)),
        ("24.08.2013 State media accused rebels.", D(2013, 8, 24)),
        ("May 24, 2017 Civilians dead in strikes near Raqqa.", D(2017, 5, 24)),
        ("Rockets hit Homs 6 October 2016 Homs SANA-Terrorists fired shells.", D(2016, 10, 6)),
        # a wire dateline without a year takes one from the opening lines
        ("BEIRUT, April 11 (Reuters) - Fighting raged.\nFiled 2014", D(2014, 4, 11)),
        ("BEIRUT, April 11 (Reuters) - Fighting raged.", None),
        # event dates after a preposition are not datelines
        ("On April 5, 2017 warplanes struck Khan Sheikhoun.", None),
        ("Clashes continued since 12 February 2015 in the area.", None),
        ("Fighting raged on Thursday in the east.", None),
        ("Title\n\nSecond\nThird\nFourth line says 5 April 2017.", None),  # too deep
    ],
)
def test_date_from_dateline(text: str, expected: D | None) -> None:
    assert date_from_dateline(text) == expected


def test_yearless_dateline_takes_the_year_from_the_url() -> None:
    doc = make_document(
        "BEIRUT, April 11 (Reuters) - Fighting raged in the east.",
        url="https://example.com/world/2014/04/syria-story",
    )
    assert (doc.published, doc.published_basis) == (D(2014, 4, 11), PublishedBasis.DATELINE)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2017-04-05", D(2017, 4, 5)),
        ("2017-04-05T10:00:00Z", D(2017, 4, 5)),
        ("2017-04-05 23:10:00+03:00", D(2017, 4, 5)),
        ("4/5/2017", D(2017, 4, 5)),  # month first, as FA-KES writes it
        ("4/16/2017", D(2017, 4, 16)),
        ("31/12/2016", D(2016, 12, 31)),  # day first when the first number is over 12
        ("April 5, 2017", D(2017, 4, 5)),
        ("5 April 2017", D(2017, 4, 5)),
        ("Wed, 05 Apr 2017 10:00:00 GMT", D(2017, 4, 5)),
        ("April 2017", None),  # no day
        ("April 5", None),  # no year
        ("sometime in winter", None),
        ("2/30/2017", None),
        ("1/1/1066", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_date(value: str | None, expected: D | None) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("meta", "published", "basis"),
    [
        ({}, None, PublishedBasis.NONE),
        ({"published": D(2014, 4, 10)}, D(2014, 4, 10), PublishedBasis.METADATA),
        (
            {"published": D(2014, 4, 10), "published_basis": PublishedBasis.USER},
            D(2014, 4, 10),
            PublishedBasis.USER,
        ),
        ({"url": "https://example.com/2014/04/09/story"}, D(2014, 4, 9), PublishedBasis.URL),
    ],
)
def test_published_basis_recorded(
    meta: dict[str, object], published: D | None, basis: PublishedBasis
) -> None:
    doc = make_document("Clashes erupted in the east of the province.", **meta)  # type: ignore[arg-type]
    assert (doc.published, doc.published_basis) == (published, basis)


def test_url_date_wins_over_dateline() -> None:
    doc = make_document(
        "Wed 05 Apr 2017 Warplanes struck.", url="https://example.com/2017/04/06/strike"
    )
    assert (doc.published, doc.published_basis) == (D(2017, 4, 6), PublishedBasis.URL)


REPORT = "Fighting continued in the countryside of the province for a second day.\n"


@pytest.mark.parametrize(
    ("text", "url", "expected"),
    [
        # trailing attribution lines
        (
            REPORT + "\n(The Daily Star :: Lebanon News :: http://www.dailystar.com.lb)",
            None,
            "The Daily Star",
        ),
        (REPORT + "dailystar", None, "The Daily Star"),
        (REPORT + "(Source: Syrian Coalition's Media Office)", None, "Syrian National Coalition"),
        (REPORT + "Source: TRTWorld and agencies", None, "TRT World"),
        ("A long report body on one line that ends with its credit. - REUTERS", None, "Reuters"),
        # datelines
        (
            "Beirut, Asharq Al-Awsat\u2014Fighters advanced on Wednesday.\n" + REPORT,
            None,
            "Asharq Al-Awsat",
        ),
        ("BEIRUT, April 11 (Reuters) - Fighting raged.\n" + REPORT, None, "Reuters"),
        ("DAMASCUS, 2014-04-11 (SANA) - Army units advanced.", None, "SANA"),
        ("ALEPPO (AFP) -- Shelling hit the old city.", None, "AFP"),
        ("IDLIB, Syria (AP) \u2014 Airstrikes hit a market.", None, "Associated Press"),
        ("Aleppo, SANA-Terrorists fired shells on the city.", None, "SANA"),
        ("Aleppo SANA-Terrorists fired shells on the city.", None, "SANA"),
        ("HAMA, March 2 (Xinhua) -- Clashes flared.", None, "Xinhua"),
        ("RAQQA, May 2 (Some Local Agency) - Clashes flared.", None, "Some Local Agency"),
        # a first line naming a monitor
        (
            "The Syrian Observatory For Human Rights\n\nHeadline\n\n" + REPORT,
            None,
            "Syrian Observatory for Human Rights",
        ),
        # the trailing attribution beats a reposting monitor's header
        (
            "The Syrian Observatory For Human Rights\n\n" + REPORT + "(The Daily Star)",
            None,
            "The Daily Star",
        ),
        # the URL's domain, last
        (REPORT, "https://english.aawsat.com/home/article/123", "Asharq Al-Awsat"),
        (REPORT, "http://www.syriahr.com/en/?p=1", "Syrian Observatory for Human Rights"),
        (REPORT, "https://unknown.example.org/story", None),
        (REPORT, None, None),
        # a body sentence naming an outlet is not an attribution line
        (
            REPORT
            + "Later that day, rebels told Reuters that the town had fallen to them again after long clashes.",
            None,
            None,
        ),
    ],
)
def test_detect_outlet(text: str, url: str | None, expected: str | None) -> None:
    assert detect_outlet(text, url=url) == expected


@pytest.mark.parametrize(
    ("alias", "expected"),
    [
        ("sohr", "Syrian Observatory for Human Rights"),
        ("The Syrian Observatory for Human Rights", "Syrian Observatory for Human Rights"),
        ("Asharq Al Awsat", "Asharq Al-Awsat"),
        ("asharqalawsat", "Asharq Al-Awsat"),
        ("SANA", "SANA"),
        ("http://www.sana.sy/en/?p=1", "SANA"),
        ("english.ahram.org.eg", "Al-Ahram"),
        ("manar", "Al-Manar"),
        ("Nobody News", None),
    ],
)
def test_canonical_outlet(alias: str, expected: str | None) -> None:
    assert canonical_outlet(alias) == expected


def test_outlet_table_loads_and_every_canonical_name_maps_to_itself() -> None:
    table = load_outlets()
    assert len(table.names) > 50 and len(table.domains) > 20
    for name in set(table.names.values()) | set(table.domains.values()):
        assert canonical_outlet(name) == name
    assert outlet_for_domain("https://www.reuters.com/article/x") == "Reuters"
