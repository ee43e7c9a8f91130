"""Sentence and clause splitting keeps offsets into the document."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from observatory.text import clauses, sentences

REPORT = (
    "Clashes Erupt In Idlib Countryside\n\n"
    "BEIRUT (Reuters) - Government forces shelled the town of Saraqeb on Monday, "
    "a monitor said. Maj. Gen. Ali Hassan, the U.S. envoy's counterpart, was not available.\n"
    "Rebels said they repelled the attack, while activists reported 12 dead; "
    "the army denied it."
)


def test_offsets_index_the_document() -> None:
    for s in sentences(REPORT):
        assert REPORT[s.start : s.end] == s.text
        for c in clauses(s):
            assert REPORT[c.start : c.end] == c.text


def test_headline_is_not_prose_and_abbreviations_do_not_split() -> None:
    got = sentences(REPORT)
    assert not got[0].prose
    assert got[1].text.startswith("BEIRUT (Reuters)") and got[1].text.endswith("said.")
    assert got[2].text.startswith("Maj. Gen. Ali Hassan")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Fighting raged in Douma, as warplanes struck Harasta.", 2),
        ("Shells hit Douma, Harasta and Arbin on Monday.", 1),
        ("Airstrikes hit Qalamoun, as well as the nearby Wadi Barada valley.", 1),
        ("Troops entered the town; rebels withdrew to the hills.", 2),
        ("Troops took the town, which rebels had held since 2013.", 2),
    ],
)
def test_clause_boundaries(sentence: str, expected: int) -> None:
    (s,) = sentences(sentence)
    assert len(clauses(s)) == expected


@given(
    st.lists(
        st.sampled_from(["Rebels fired.", "Dr. Ali said so.", "\n\n", " ", "Shells hit Homs"]),
        max_size=12,
    )
)
def test_sentences_never_lose_text(parts: list[str]) -> None:
    text = " ".join(parts)
    covered = "".join(s.text for s in sentences(text))
    assert covered.replace(" ", "").replace("\n", "") == text.replace(" ", "").replace("\n", "")
