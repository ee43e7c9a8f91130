"""Property tests: the same text is one document; different texts are different ones."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from observatory.ingest import content_hash, make_document, normalise_text
from observatory.ingest.documents import hash_form

report_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=400
).filter(lambda t: t.strip() != "")

whitespace = st.sampled_from([" ", "  ", "\t", "\n", "\r\n", "\n\n", " \n"])


@given(report_text)
def test_same_text_same_hash_and_id(text: str) -> None:
    first, second = make_document(text), make_document(text)
    assert first == second
    assert first.id == first.content_hash == content_hash(text)
    assert len(first.content_hash) == 16 and int(first.content_hash, 16) >= 0


@given(report_text)
def test_normalising_twice_changes_nothing(text: str) -> None:
    once = normalise_text(text)
    assert normalise_text(once) == once
    assert make_document(once).content_hash == make_document(text).content_hash


@given(
    st.lists(
        st.text(alphabet="abcdefghij,.-'\u00e9", min_size=1, max_size=12), min_size=1, max_size=20
    ),
    st.data(),
)
def test_rewrapped_text_is_the_same_document(words: list[str], data: st.DataObject) -> None:
    spaced = " ".join(words)
    rewrapped = "".join(w + data.draw(whitespace) for w in words)
    assert make_document(spaced).content_hash == make_document(rewrapped).content_hash


@given(report_text, report_text)
def test_different_texts_different_hashes(a: str, b: str) -> None:
    assume(hash_form(a) != hash_form(b))
    assert content_hash(a) != content_hash(b)


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=1, max_size=80))
def test_case_is_kept(text: str) -> None:
    assume(text.strip() and text.upper() != text)
    assert content_hash(text) != content_hash(text.upper())


def test_nfc_and_nfd_are_the_same_document() -> None:
    composed, decomposed = "Deir ez-Zor caf\u00e9", "Deir ez-Zor cafe\u0301"
    assert make_document(composed).id == make_document(decomposed).id
    assert make_document(decomposed).text == composed


@pytest.mark.parametrize(
    "text",
    [
        " " * 200_000 + "x",
        "a-" * 100_000,
        "(" * 100_000 + "x",
        "(" + "a " * 100_000,
        "Word " * 40_000,
        "5 April 2017 " * 10_000,
        "source: " + "a, " * 50_000,
        "A-B " * 50_000,
    ],
    ids=["spaces", "dashes", "parens", "paren-line", "words", "dates", "source", "upper-dash"],
)
def test_pathological_texts_are_read(text: str) -> None:
    # regexes on adversarial input must stay linear: these would hang if they did not
    doc = make_document(text)
    assert doc.content_hash == content_hash(text)
