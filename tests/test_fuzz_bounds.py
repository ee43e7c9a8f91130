"""The worst-case inputs of benchmarks/fuzz_bounds.py, checked for correctness (not timed).

Reading and extraction of repeated triggers are checked at full size (the timed runs are
the benchmark's); extraction reads at most ``max_extract_chars`` of a document and says so.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest

from observatory.errors import InputTooLarge
from observatory.extract import Extraction, Extractor
from observatory.ingest import make_document, read_inputs
from observatory.records import Document
from observatory.settings import Settings

MB5 = 4_990_000
PUBLISHED = dt.date(2019, 6, 11)


def _fill(unit: str, size: int = MB5) -> str:
    return unit * (size // len(unit))


@pytest.mark.parametrize(
    "unit",
    [
        "a",
        "fighters killed civilians in aleppo and ",
        "Shelling killed 5 people. ",
        "1,000, ",
        "((",
    ],
    ids=["one-word", "no-punctuation", "sentences", "digits", "brackets"],
)
def test_5mb_on_one_line_is_read_whole(tmp_path: Path, unit: str) -> None:
    text = _fill(unit)
    path = tmp_path / "one-line.txt"
    path.write_text(text, encoding="utf-8")
    (doc,) = list(read_inputs([path], settings=Settings(), published=PUBLISHED))
    assert isinstance(doc, Document)
    assert doc.text == text.strip() and "\n" not in doc.text


def test_just_over_5mb_is_refused_by_its_setting(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("a" * 5_000_001, encoding="utf-8")
    (error,) = list(read_inputs([path], settings=Settings()))
    assert isinstance(error, InputTooLarge) and "setting max_document_bytes" in str(error)


@pytest.mark.parametrize(
    ("page", "read"),
    [
        (
            "<html><body>" + "<div>" * 100_000 + "<p>Ten people were killed.</p></body></html>",
            False,
        ),
        ("<html><body>" + "<div><span>" * 100_000 + "x", False),
        (
            "<html><body>" + "<div>" * 190 + "<p>" + "Ten were killed in Hama. " * 4000 + "</p>",
            True,
        ),
    ],
    ids=["nested-100000", "unclosed-100000", "nested-190"],
)
def test_deeply_nested_html(tmp_path: Path, page: str, read: bool) -> None:
    path = tmp_path / "deep.html"
    path.write_text(page, encoding="utf-8")
    (item,) = list(read_inputs([path], settings=Settings()))
    if read:
        assert isinstance(item, Document) and item.text.count("killed in Hama") == 4000
    else:
        assert isinstance(item, InputTooLarge) and "setting max_html_depth" in str(item)


@pytest.mark.parametrize(
    ("text", "claims_at_most"),
    [
        ("killed " * 10_000, 1),
        ("Airstrike " * 10_000, 1),
        ("clashes in Idlib " * 10_000, 1),
        ("Ten people were killed. " * 600, 600),
    ],
    ids=["killed-x10000", "airstrike-x10000", "clashes-x10000", "sentences-x600"],
)
def test_repeated_triggers_extract_to_sane_claims(
    extractor: Extractor, text: str, claims_at_most: int
) -> None:
    doc = make_document(text, published=PUBLISHED)
    result = extractor.extract(doc)
    assert len(result.claims) <= claims_at_most
    for claim in result.claims:
        for span in claim.evidence:
            assert 0 <= span.start <= span.end <= len(doc.text)


BEFORE = "Shelling killed 5 people in Maarat al-Numan on Monday, activists said.\n\n"
FILLER = "The council met on Sunday to discuss the budget for the schools.\n\n"
AFTER = "An air strike killed 12 civilians in Khan Sheikhoun on Tuesday, activists said.\n\n"


def _told(extraction: Extraction, text: str, part: str) -> bool:
    """Whether a claim has evidence in ``part`` of ``text``."""
    start = text.index(part.strip())
    end = start + len(part.strip())
    return any(start <= s.start < end for c in extraction.claims for s in c.evidence)


def test_extraction_reads_up_to_max_extract_chars_and_says_so(
    extractor: Extractor, caplog: pytest.LogCaptureFixture
) -> None:
    text = BEFORE + FILLER * 40 + AFTER
    doc = make_document(text, published=PUBLISHED)
    whole = extractor.extract(doc)
    assert whole.read_chars is None and whole.warnings == ()
    assert _told(whole, doc.text, BEFORE) and _told(whole, doc.text, AFTER)

    capped = Extractor(geocoder=extractor.geocoder, actors=extractor.actors, max_chars=2_000)
    with caplog.at_level(logging.WARNING, logger="observatory.extract"):
        cut = capped.extract(doc)
    # the text is cut at the last paragraph break before the limit; what follows is not read
    assert cut.read_chars == doc.text.rfind("\n\n", 0, 2_000) + 2
    assert _told(cut, doc.text, BEFORE) and not _told(cut, doc.text, AFTER)
    assert all(s.end <= cut.read_chars for c in cut.claims for s in c.evidence)
    (warning,) = cut.warnings
    assert warning == (
        f"document {doc.id}: {len(doc.text):,} characters, over the 2,000 extraction reads"
        f" (setting max_extract_chars); read up to character {cut.read_chars:,}, the rest"
        " is not coded"
    )
    assert [r.getMessage() for r in caplog.records] == [warning]


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("a" * 5_000, 2_000),  # one unbroken run: cut at the limit
        ("killed in Hama " * 400, 1_995),  # words: cut after the last space
        ("Ten were killed in Hama. " * 200, 2_000),  # sentences: after the last one
    ],
    ids=["one-run", "words", "sentences"],
)
def test_a_document_is_cut_at_a_boundary(extractor: Extractor, text: str, read: int) -> None:
    capped = Extractor(geocoder=extractor.geocoder, actors=extractor.actors, max_chars=2_000)
    assert capped.extract(make_document(text, published=PUBLISHED)).read_chars == read


def test_the_default_limit_is_a_setting() -> None:
    assert Settings().max_extract_chars == 100_000
