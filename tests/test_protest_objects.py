"""What a demonstration is against, demands of or supports is no party to it: ACLED names
the crowd (and its organisers, members and officials), never the object of the protest.
The notes are written here, in the style of ACLED's."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from observatory.ingest import make_document
from observatory.records import PublishedBasis


def _protests(extractor: Any, text: str) -> list[Any]:
    doc = make_document(
        text, id="t", published=dt.date(2022, 4, 4), published_basis=PublishedBasis.USER
    )
    return [c for c in extractor.extract(doc).claims if c.event_type == "Protests"]


@pytest.mark.parametrize(
    "text",
    [
        "On 4 April 2022, hundreds of teachers protested in Monterrey, demanding that the "
        "state government pay overdue salaries. [size=hundreds]",
        "On 4 April 2022, supporters of the ruling party held a motor rally in Kaluga in "
        "support of the Russian armed forces. [size=no report]",
        "On 4 April 2022, dozens of people demonstrated outside the US embassy in Jakarta "
        "against the Israeli strikes on Gaza. [size=dozens]",
    ],
)
def test_the_object_of_a_protest_is_not_associated_with_the_crowd(
    extractor: Any, text: str
) -> None:
    (claim,) = _protests(extractor, text)
    assert claim.actor1 == "Protesters"
    assert claim.actor2 is None
    assert claim.assoc_actors == ()


@pytest.mark.parametrize(
    "text",
    [
        "On 4 April 2022, Hezbollah supporters protested in Beirut against the sanctions. "
        "[size=hundreds]",
        "On 4 April 2022, hundreds marched in Beirut in a rally organised by Hezbollah against "
        "the sanctions. [size=hundreds]",
    ],
)
def test_the_crowds_members_and_organisers_stay_associated(extractor: Any, text: str) -> None:
    (claim,) = _protests(extractor, text)
    assert claim.assoc_actors == ("Hezbollah",)


def test_residents_who_protest_are_the_protesters_not_civilians_beside_them(
    extractor: Any,
) -> None:
    text = (
        "On 4 April 2022, local residents held a rally in Laval against rising gun violence. "
        "[size=no report]"
    )
    (claim,) = _protests(extractor, text)
    assert (claim.actor1, claim.actor2, claim.assoc_actors) == ("Protesters", None, ())


def test_what_the_crowd_protests_after_its_organisers_is_still_its_object(
    extractor: Any,
) -> None:
    text = (
        "On 4 April 2022, dozens marched in Beirut in a protest organised by Hezbollah against "
        "Israeli air strikes. [size=dozens]"
    )
    (claim,) = _protests(extractor, text)
    assert claim.assoc_actors == ("Hezbollah",)
