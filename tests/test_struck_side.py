"""The side struck is the one whose dead a figure names, when the event word named no
target: "Turkish forces shelled Ain Issa. One SDF fighter was killed." is the Turkish
military's shelling of the SDF. Notes written here in the style of ACLED's and SOHR's."""

from __future__ import annotations

import datetime as dt
from typing import Any

from observatory.ingest import make_document
from observatory.records import PublishedBasis


def _claims(extractor: Any, text: str) -> list[Any]:
    doc = make_document(
        text, id="t", published=dt.date(2023, 3, 20), published_basis=PublishedBasis.USER
    )
    return list(extractor.extract(doc).claims)


def test_the_dead_told_after_a_strike_name_the_side_struck(extractor: Any) -> None:
    text = (
        "On 20 March 2023, Turkish forces shelled Ain Issa, Raqqa. One SDF fighter was "
        "killed, a monitor said."
    )
    (claim,) = _claims(extractor, text)
    assert (claim.actor1, claim.actor2) == ("Turkish military", "Syrian Democratic Forces")


def test_a_word_for_anyone_armed_names_no_side(extractor: Any) -> None:
    # ("terrorists" were the attackers' own dead: a generic word decides nothing)
    text = (
        "On 20 March 2023, Islamic State fighters attacked army posts near Al-Sukhnah. 25 "
        "terrorists were killed."
    )
    (claim,) = _claims(extractor, text)
    assert claim.actor1 == "Islamic State"
    assert claim.actor2 != "Syrian opposition rebels"


def test_civilians_caught_in_a_clash_are_no_side_of_it(extractor: Any) -> None:
    text = (
        "On 20 March 2023, Hezbollah fighters clashed with gunmen near Arsal. A civilian was "
        "killed."
    )
    (claim,) = _claims(extractor, text)
    assert claim.event_type == "Battles"
    assert claim.actor2 != "Civilians"
