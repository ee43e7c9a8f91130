"""Ingest: each input format, bad inputs, decoding, overrides and the public API."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

import observatory.ingest as ingest
from observatory.errors import (
    BinaryInput,
    EmptyInput,
    InputError,
    InputTooLarge,
    MalformedRecord,
    UndecodableInput,
)
from observatory.ingest import CsvColumns, make_document, read_csv, read_inputs, read_jsonl
from observatory.records import Document, PublishedBasis
from observatory.settings import Settings

DATA = Path(__file__).parent / "data" / "ingest"
SETTINGS = Settings()


def read(*paths: str | Path, **options: object) -> tuple[list[Document], list[InputError]]:
    docs: list[Document] = []
    errors: list[InputError] = []
    for item in read_inputs([*paths], settings=SETTINGS, **options):  # type: ignore[arg-type]
        (errors if isinstance(item, InputError) else docs).append(item)  # type: ignore[arg-type]
    return docs, errors


def only(path: Path, **options: object) -> Document:
    docs, errors = read(path, **options)
    assert errors == []
    assert len(docs) == 1
    return docs[0]


# ------------------------------------------------------------------------------ formats


def test_text_report() -> None:
    doc = only(DATA / "report.txt")
    assert doc.text.startswith("HOMS, 2016-03-02 (SANA) - Two civilians")
    assert "  \n" not in doc.text  # trailing spaces stripped
    assert doc.id == doc.content_hash and len(doc.id) == 16
    assert doc.outlet == "SANA"
    assert (doc.published, doc.published_basis) == (dt.date(2016, 3, 2), PublishedBasis.DATELINE)
    assert doc.source == str(DATA / "report.txt")


def test_legacy_cp1252_text() -> None:
    doc = only(DATA / "legacy-cp1252.txt")
    assert "\u201cHeavy fighting\u201d" in doc.text and "\u00e9vacuations" in doc.text
    assert doc.published == dt.date(2016, 10, 12)


def test_html_page_uses_metadata() -> None:
    doc = only(DATA / "page.html")
    assert doc.title == "Airstrikes hit market in Maarat al-Numan"
    assert doc.outlet == "Syria Direct"
    assert (doc.published, doc.published_basis) == (dt.date(2016, 10, 19), PublishedBasis.METADATA)
    assert "killing at least eleven people" in doc.text
    assert "All rights reserved" not in doc.text and "About us" not in doc.text


@pytest.mark.parametrize(
    ("name", "outlet", "expected"),
    [
        (
            "feed.rss",
            "SANA",
            [
                (
                    "Army units restore security to villages in Hama countryside",
                    "http://sana.example/en/?p=101",
                    dt.date(2016, 10, 11),
                ),
                (
                    "Shells fired on residential neighbourhood in Aleppo",
                    "http://sana.example/en/?p=102",
                    dt.date(2016, 10, 12),
                ),
            ],
        ),
        (
            "feed.atom",
            "Enab Baladi",
            [
                (
                    "Displaced families return to eastern Qalamoun villages",
                    "https://enab.example/en/archives/2017/05/displaced-families-return/",
                    dt.date(2017, 5, 2),
                ),
                (
                    "Landmine kills shepherd near Palmyra",
                    "https://enab.example/en/archives/2017/05/landmine-palmyra/",
                    dt.date(2017, 5, 3),
                ),
            ],
        ),
    ],
)
def test_feeds_one_document_per_entry(
    name: str, outlet: str, expected: list[tuple[str, str, dt.date]]
) -> None:
    docs, errors = read(DATA / name)
    assert errors == []
    assert [(d.title, d.url, d.published) for d in docs] == expected
    assert {d.outlet for d in docs} == {outlet}
    assert {d.published_basis for d in docs} == {PublishedBasis.METADATA}
    assert all("<" not in d.text for d in docs)
    assert [d.source for d in docs] == [f"{DATA / name}#1", f"{DATA / name}#2"]


def test_feed_sniffed_without_feed_extension(tmp_path: Path) -> None:
    path = tmp_path / "latest"
    path.write_bytes((DATA / "feed.rss").read_bytes())
    docs, errors = read(path)
    assert errors == [] and len(docs) == 2 and docs[0].outlet == "SANA"


def test_html_sniffed_in_text_file(tmp_path: Path) -> None:
    path = tmp_path / "saved-page.txt"
    path.write_bytes((DATA / "page.html").read_bytes())
    assert only(path).title == "Airstrikes hit market in Maarat al-Numan"


def test_jsonl_keeps_ids_and_reports_the_bad_line() -> None:
    items = list(read_jsonl(DATA / "corpus.jsonl", settings=SETTINGS))
    docs = [i for i in items if isinstance(i, Document)]
    errors = [i for i in items if isinstance(i, InputError)]
    assert [d.id for d in docs] == ["dz-001", "dz-002", "4"]
    first = docs[0]
    assert (first.title, first.outlet, first.url) == (
        "Clashes near Deir ez-Zor airport",
        "AFP",
        "https://afp.example/news/2017/07/03/clashes-deir-ezzor",
    )
    assert (first.published, first.published_basis) == (
        dt.date(2017, 7, 3),
        PublishedBasis.METADATA,
    )
    assert docs[1].published == dt.date(2017, 4, 8)  # "4/8/2017": month first
    # an unreadable date keeps the document, undated (nothing in its text dates it)
    assert (docs[2].published, docs[2].published_basis) == (None, PublishedBasis.NONE)
    assert len(errors) == 1
    (error,) = errors
    assert isinstance(error, MalformedRecord)
    assert (error.source, error.line) == (str(DATA / "corpus.jsonl"), 4)
    assert "corpus.jsonl:4" in str(error)


def test_csv_with_default_columns() -> None:
    items = list(read_csv(DATA / "corpus.csv", settings=SETTINGS))
    assert all(isinstance(i, Document) for i in items)
    docs = [i for i in items if isinstance(i, Document)]
    assert [d.id for d in docs] == ["raq-1", "raq-2", "raq-3", "raq-4"]
    assert [d.published for d in docs] == [
        dt.date(2017, 4, 5),
        dt.date(2017, 4, 6),
        dt.date(2017, 4, 7),
        None,
    ]
    assert [d.outlet for d in docs] == ["Reuters", "SANA", None, "The Daily Star"]
    assert docs[0].text.endswith("Residents reported heavy explosions until dawn.")
    assert [d.source for d in docs] == [f"{DATA / 'corpus.csv'}:{n}" for n in (2, 5, 6, 7)]


def test_csv_column_mapping_and_encoding(tmp_path: Path) -> None:
    path = tmp_path / "legacy.csv"
    rows = "unit_id,headline,body,when,site\r\n7,Strike,\u201cQuoted\u201d strike on Idlib,12/6/2016,etilaf\r\n"
    path.write_bytes(rows.encode("cp1252"))
    columns = CsvColumns(
        text="body",
        id="unit_id",
        title="headline",
        published="when",
        outlet="site",
        encoding="cp1252",
    )
    (doc,) = read_csv(path, settings=SETTINGS, columns=columns)
    assert isinstance(doc, Document)
    assert (doc.id, doc.title, doc.outlet, doc.published) == (
        "7",
        "Strike",
        "Syrian National Coalition",
        dt.date(2016, 12, 6),
    )
    assert doc.text == "\u201cQuoted\u201d strike on Idlib"


@pytest.mark.parametrize(
    ("content", "error", "line"),
    [
        ("id,body\n1,text\n", MalformedRecord, 1),  # no text column
        ("id,text\n1,fine text\n2,too,many\n", MalformedRecord, 3),
        ("id,text\n1,fine text\n2,   \n", EmptyInput, 3),
        ("", EmptyInput, None),
    ],
)
def test_csv_bad_rows_are_reported_with_their_line(
    tmp_path: Path, content: str, error: type[InputError], line: int | None
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    errors = [i for i in read_csv(path, settings=SETTINGS) if isinstance(i, InputError)]
    assert [type(e) for e in errors] == [error]
    assert errors[0].line == line and errors[0].source == str(path)


def test_csv_oversized_field_is_too_large(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text("id,text\n1,short report\n2," + "x" * 200 + "\n3,another\n", encoding="utf-8")
    small = Settings(max_document_bytes=100)
    items = list(read_csv(path, settings=small))
    assert [type(i).__name__ for i in items] == ["Document", "InputTooLarge", "Document"]
    assert items[1].line == 3  # type: ignore[union-attr]


def test_directories_recursive_sorted_and_hidden_skipped() -> None:
    docs, _ = read(DATA)
    sources = [d.source or "" for d in docs]
    assert sources == sorted(sources)
    assert any(s.endswith("nested/notes.md") for s in sources)
    assert not any(".hidden" in s for s in sources)


@pytest.mark.parametrize("name", ["README.md", "readme.txt", "LICENSE", "CHANGELOG.md"])
def test_a_folders_own_readme_or_licence_is_not_a_report(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_text("How to use these files: run observatory on this folder.\n")
    (tmp_path / "report.txt").write_text(
        "BEIRUT - Shelling killed two people in Idlib on Monday.\n"
    )
    docs, errors = read(tmp_path)
    assert [Path(d.source or "").name for d in docs] == ["report.txt"]
    assert errors == []


def test_bad_inputs_in_a_folder_are_reported_and_the_rest_read() -> None:
    docs, errors = read(DATA)
    # 4 CSV rows, 3 good JSONL lines, 2 + 2 feed entries, html, text, cp1252 text, notes.md
    assert len(docs) == 4 + 3 + 4 + 1 + 1 + 1 + 1
    reported = [(type(e), Path(e.source or "").name, e.line) for e in errors]
    assert reported == [  # in the folder's sorted order
        (MalformedRecord, "corpus.jsonl", 4),
        (EmptyInput, "empty.txt", None),
        (BinaryInput, "photo.png", None),
    ]
    assert all(e.source for e in errors)


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("blank.txt", b"  \n\t\n", EmptyInput),
        ("nul.txt", b"BEIRUT - text\x00\x00\x00 with NULs", BinaryInput),
        ("scan.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", BinaryInput),
        ("archive.txt", b"PK\x03\x04\x14\x00\x00\x00", BinaryInput),
        ("bad.txt", b"caf\xc3 and \x81\x8d\x8f\x90\x9d undefined", UndecodableInput),
        ("bad-bom.txt", b"\xef\xbb\xbfcaf\xe9", UndecodableInput),
        ("controls.txt", b"\x01\x02\x03\x04\x05\x06 text \x07\x08", BinaryInput),
        ("notafeed.xml", b"<?xml version='1.0'?><gazetteer><place/></gazetteer>", MalformedRecord),
        (
            "empty.rss",
            b"<?xml version='1.0'?><rss version='2.0'><channel><title>T</title></channel></rss>",
            EmptyInput,
        ),
        ("binary.jsonl", b"\x00\x01\x02\x03", BinaryInput),
        ("empty.jsonl", b"\n\n", EmptyInput),
    ],
)
def test_bad_files(tmp_path: Path, name: str, content: bytes, error: type[InputError]) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    docs, errors = read(path)
    assert docs == []
    assert [type(e) for e in errors] == [error]
    assert errors[0].source == str(path) and str(path) in str(errors[0])


def test_oversized_file_is_rejected_without_stopping(tmp_path: Path) -> None:
    (tmp_path / "a-big.txt").write_text("Shelling. " * 50, encoding="utf-8")
    (tmp_path / "b-small.txt").write_text("Shelling hit Douma.", encoding="utf-8")
    docs = []
    errors = []
    for item in read_inputs([tmp_path], settings=Settings(max_document_bytes=100)):
        (errors if isinstance(item, InputError) else docs).append(item)
    assert [type(e) for e in errors] == [InputTooLarge]
    assert [d.text for d in docs] == ["Shelling hit Douma."]  # type: ignore[union-attr]


def test_missing_path_is_an_error_and_reading_goes_on() -> None:
    docs, errors = read(DATA / "no-such-file.txt", DATA / "report.txt")
    assert len(docs) == 1
    assert [type(e) for e in errors] == [InputError]
    assert "no such file" in str(errors[0])


@pytest.mark.parametrize(
    ("content", "line", "reason"),
    [
        ('["a list"]', 1, "expected a JSON object"),
        ('{"id": "x"}', 1, '"text"'),
        ('{"text": 5}', 1, '"text"'),
        ('{"text": "ok", "id": [1]}', 1, '"id"'),
        ('{"text": "ok", "title": 3}', 1, "'title'"),
        ('{"text": "   "}', 1, "no text"),
    ],
)
def test_jsonl_record_errors(tmp_path: Path, content: str, line: int, reason: str) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text(content + "\n", encoding="utf-8")
    (error,) = read_jsonl(path, settings=SETTINGS)
    assert isinstance(error, InputError)
    assert error.line == line and reason in str(error)


def test_jsonl_with_bom_and_cp1252_line(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    good = json.dumps({"id": "a", "text": "Strike on Idlib"}).encode("utf-8")
    legacy = '{"id": "b", "text": "\u201cStrike\u201d on Homs"}'.encode("cp1252")
    path.write_bytes(b"\xef\xbb\xbf" + good + b"\n" + legacy + b"\n")
    docs = list(read_jsonl(path, settings=SETTINGS))
    assert [d.text for d in docs] == ["Strike on Idlib", "\u201cStrike\u201d on Homs"]  # type: ignore[union-attr]


# ------------------------------------------------------------------------------ overrides


def test_user_published_and_outlet_override_everything() -> None:
    day = dt.date(2020, 1, 2)
    docs, errors = read(DATA, published=day, outlet="reuters")
    assert len(errors) == 3
    assert {(d.published, d.published_basis) for d in docs} == {(day, PublishedBasis.USER)}
    assert {d.outlet for d in docs} == {"Reuters"}


def test_unknown_user_outlet_kept_as_written() -> None:
    doc = only(DATA / "report.txt", outlet="  Local  Coordination Office ")
    assert doc.outlet == "Local Coordination Office"


# ------------------------------------------------------------------------------ idempotence


def test_same_text_twice_is_the_same_document(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Clashes in Daraa.\r\nTwo killed.  \n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("\ufeffClashes in Daraa.\nTwo killed.\n\n", encoding="utf-8")
    docs, _ = read(tmp_path)
    assert docs[0].id == docs[1].id and docs[0].text == docs[1].text
    again, _ = read(tmp_path)
    assert [d.content_hash for d in again] == [d.content_hash for d in docs]


def test_make_document_limits() -> None:
    with pytest.raises(EmptyInput):
        make_document(" \n\t")
    with pytest.raises(InputTooLarge, match="max_document_bytes"):
        make_document("x" * 101, settings=Settings(max_document_bytes=100))


def test_make_document_keeps_given_fields() -> None:
    doc = make_document(
        "Shelling hit Douma.\r\n",
        id="given",
        title="  Douma \n shelling ",
        outlet="sohr",
        url="https://example.org/2016/02/03/douma",
        published=dt.date(2016, 2, 4),
        language="ar",
        source="here",
    )
    assert (doc.id, doc.title, doc.outlet, doc.language, doc.source) == (
        "given",
        "Douma shelling",
        "Syrian Observatory for Human Rights",
        "ar",
        "here",
    )
    assert (doc.published, doc.published_basis) == (dt.date(2016, 2, 4), PublishedBasis.METADATA)
    assert doc.text == "Shelling hit Douma."


# ------------------------------------------------------------------------------ public API


def test_exported_members() -> None:
    assert ingest.__all__ == sorted(ingest.__all__)
    assert set(ingest.__all__) == {
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
    }


def test_import_is_lazy() -> None:
    code = (
        "import sys, observatory.ingest; "
        "print(sorted(m for m in ('trafilatura', 'feedparser', 'dateutil') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_csv_columns_defaults() -> None:
    assert CsvColumns() == CsvColumns(
        text="text",
        id="id",
        title="title",
        published="published",
        outlet="outlet",
        url="url",
        language="language",
        encoding="utf-8",
    )
