"""The worst-case inputs of benchmarks/fuzz_bounds.py, checked for correctness (not timed).

Reading is checked at full size; extraction of repeated triggers at a size the default
suite can afford (the timed full-size runs are the benchmark's).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from observatory.errors import InputTooLarge
from observatory.extract import Extractor
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
        ("Airstrike " * 300, 1),
        ("clashes in Idlib " * 150, 1),
        ("Ten people were killed. " * 600, 600),
    ],
    ids=["killed-x10000", "airstrike-x300", "clashes-x150", "sentences-x600"],
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
