"""The FA-KES corpus (804 articles, cp1252 CSV) ingests without an error."""

from __future__ import annotations

from pathlib import Path

import pytest

from observatory.errors import InputError
from observatory.ingest import CsvColumns, read_inputs
from observatory.records import Document, PublishedBasis
from observatory.settings import Settings

FAKES = Path(__file__).resolve().parents[2] / "shared" / "data" / "fa-kes" / "FA-KES-Dataset.csv"

COLUMNS = CsvColumns(
    text="article_content",
    id="unit_id",
    title="article_title",
    published="date",
    outlet="source",
    encoding="cp1252",
)


@pytest.mark.slow
def test_fakes_reads_every_row() -> None:
    if not FAKES.exists():
        pytest.skip(f"FA-KES corpus not found at {FAKES} (../shared/data is absent)")
    items = list(read_inputs([FAKES], settings=Settings(), columns=COLUMNS))
    errors = [i for i in items if isinstance(i, InputError)]
    docs = [i for i in items if isinstance(i, Document)]
    assert errors == []
    assert len(docs) == 804
    assert all(d.published is not None for d in docs)
    assert {d.published_basis for d in docs} == {PublishedBasis.METADATA}
    assert len({d.outlet for d in docs}) == 15
    assert all(d.title and d.text for d in docs)
    assert not any("\ufffd" in d.text for d in docs)
