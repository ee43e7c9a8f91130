"""Sentence and clause splitting keeps offsets into the document."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from observatory.text import MAX_SENTENCE_CHARS, clauses, sentences, unquote_names

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


@pytest.mark.parametrize(
    ("text", "joiner", "ends"),
    [
        # clauses: cut after a comma
        ("Fighters shelled the village of Kafr Nabl, " * 200 + "and then left.", " ", ","),
        # words: cut at a space
        ("shelling " * 1500 + "continued.", " ", ""),
        # one unbroken run: cut at the limit
        ("a" * 7000, "", "a"),
    ],
    ids=["clauses", "words", "one-run"],
)
def test_an_over_long_sentence_is_split_into_bounded_pieces(
    text: str, joiner: str, ends: str
) -> None:
    got = sentences(text)
    assert len(got) >= len(text) // MAX_SENTENCE_CHARS
    assert all(0 < len(s.text) <= MAX_SENTENCE_CHARS for s in got)
    assert all(text[s.start : s.end] == s.text for s in got)
    assert all(s.text.endswith(ends) for s in got[:-1])
    assert joiner.join(s.text for s in got) == text.strip()
    assert [s.index for s in got] == list(range(len(got)))


def test_a_long_real_sentence_is_not_split() -> None:
    """Real reports' longest sentences (a list of victims, about 2,400 characters) stay whole."""
    names = ", ".join(f"Mohammed Ali Hassan al-Khatib {i}" for i in range(70))
    text = f"The dead, named by activists, were {names}, all from the town of Kafr Nabl."
    assert 2_000 < len(text) <= MAX_SENTENCE_CHARS
    (s,) = sentences(text)
    assert s.text == text


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("fighters of “Northern Storm” were", "fighters of  Northern Storm  were"),
        ('the "Islamic State" group', "the  Islamic State  group"),
        ("ISIS ‘stoned’ two women, the regime’s", "ISIS  stoned  two women, the regime’s"),
        ("« Daech » a tué", "  Daech   a tué"),
        ("“We were shelled all night,” he said", "“We were shelled all night,” he said"),
        ('he said "no" and "yes, later"', 'he said  no  and "yes, later"'),
        ("“ spaced ” marks", "“ spaced ” marks"),
        ("no quotes at all", "no quotes at all"),
    ],
)
def test_quote_marks_around_short_names_are_blanked(text: str, read: str) -> None:
    assert unquote_names(text) == read


@given(st.text(alphabet=st.sampled_from('ab .,“”"‘’«»\n'), max_size=80))
def test_unquoting_keeps_every_offset(text: str) -> None:
    read = unquote_names(text)
    assert len(read) == len(text)
    for a, b in zip(text, read, strict=True):
        assert a == b or (b == " " and a in '“”"‘’«»')
