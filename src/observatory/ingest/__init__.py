"""Ingest: reports in, :class:`~observatory.records.Document` records out.

- :func:`make_document` builds a Document from text (normalised text, content hash,
  publication date and outlet detected when not given);
- :func:`read_inputs` reads files, folders, feeds, corpora and URLs, yielding Documents
  and, for what cannot be read, :class:`~observatory.errors.InputError` values;
- :func:`read_jsonl` and :func:`read_csv` read corpora (:class:`CsvColumns` maps columns).

Importing this package is cheap: trafilatura and feedparser load when first needed.
"""

from __future__ import annotations

from observatory.ingest.documents import content_hash, make_document, normalise_text
from observatory.ingest.outlets import canonical_outlet, detect_outlet
from observatory.ingest.published import detect_published, parse_date
from observatory.ingest.readers import CsvColumns, read_csv, read_inputs, read_jsonl, read_text

__all__ = [
    "CsvColumns",
    "canonical_outlet",
    "content_hash",
    "detect_outlet",
    "detect_published",
    "make_document",
    "normalise_text",
    "parse_date",
    "read_csv",
    "read_inputs",
    "read_jsonl",
    "read_text",
]
