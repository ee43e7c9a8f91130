"""Ingest limits: each is a setting, each breach is a clear error naming it, and nothing
good read beside a bad input is lost."""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
from pathlib import Path

import pytest
from click.testing import CliRunner

from observatory.cli import cli
from observatory.errors import BinaryInput, InputError, InputTooLarge, UndecodableInput
from observatory.ingest import read_csv, read_inputs, read_jsonl
from observatory.ingest.readers import html_depth
from observatory.records import Document
from observatory.settings import Settings
from observatory.store.sqlite import SQLiteStore

REPORT = "ALEPPO, March 3 - Shelling killed four civilians in the old city, activists said."


def _split(items: list[Document | InputError]) -> tuple[list[Document], list[InputError]]:
    docs = [i for i in items if isinstance(i, Document)]
    errors = [i for i in items if isinstance(i, InputError)]
    return docs, errors


def _nested(depth: int, tag: str = "div") -> str:
    return (
        "<html><head><title>T</title></head><body>"
        + f"<{tag}>" * depth
        + f"<p>{REPORT}</p>"
        + f"</{tag}>" * depth
        + "</body></html>"
    )


# ------------------------------------------------------------------------ one row per limit

RSS = (
    "<?xml version='1.0'?><rss version='2.0'><channel><title>Wire</title>"
    + "".join(
        f"<item><title>Item {n}</title><description>{REPORT} ({n})</description></item>"
        for n in range(20)
    )
    + "</channel></rss>"
)


def _files(tmp_path: Path) -> dict[str, tuple[Path, Settings]]:
    """For each limit: an input just over it, and settings that make it so."""
    big_text = tmp_path / "big.txt"
    big_text.write_text(REPORT * 10, encoding="utf-8")
    deep = tmp_path / "deep.html"
    deep.write_text(_nested(30), encoding="utf-8")
    feed = tmp_path / "feed.rss"
    feed.write_text(RSS, encoding="utf-8")
    jsonl = tmp_path / "long.jsonl"
    jsonl.write_text(json.dumps({"id": "a", "text": REPORT * 10}) + "\n", encoding="utf-8")
    csv_file = tmp_path / "wide.csv"
    csv_file.write_text(f'id,text\n1,"{REPORT * 10}"\n', encoding="utf-8")
    bomb = tmp_path / "bomb.txt.gz"
    bomb.write_bytes(gzip.compress(b"a" * 100_000))
    controls = tmp_path / "controls.txt"
    controls.write_text(REPORT + "\x01\x02\x03\x04\x05", encoding="utf-8")  # 5.8%
    return {
        "max_document_bytes": (big_text, Settings(max_document_bytes=500)),
        "max_html_depth": (deep, Settings(max_html_depth=20)),
        "max_feed_bytes": (feed, Settings(max_feed_bytes=1_000)),
        "max_jsonl_line_bytes": (jsonl, Settings(max_jsonl_line_bytes=500)),
        "max_csv_field_chars": (csv_file, Settings(max_csv_field_chars=500)),
        "max_decompressed_bytes": (bomb, Settings(max_decompressed_bytes=10_000)),
        "max_control_ratio": (controls, Settings(max_control_ratio=0.05)),
    }


@pytest.mark.parametrize(
    "setting",
    [
        "max_document_bytes",
        "max_html_depth",
        "max_feed_bytes",
        "max_jsonl_line_bytes",
        "max_csv_field_chars",
        "max_decompressed_bytes",
        "max_control_ratio",
    ],
)
def test_each_limit_is_a_setting_named_in_its_error(tmp_path: Path, setting: str) -> None:
    path, tight = _files(tmp_path)[setting]
    _, errors = _split(list(read_inputs([path], settings=tight)))
    assert len(errors) == 1
    assert f"setting {setting}" in str(errors[0]) and str(path) in str(errors[0])
    assert isinstance(errors[0], InputTooLarge | BinaryInput)
    # with the limit raised tenfold, the same input is read
    loose = Settings(**{setting: getattr(tight, setting) * 10})
    docs, errors = _split(list(read_inputs([path], settings=loose)))
    assert errors == [] and docs


# ------------------------------------------------------------------------------ HTML depth


@pytest.mark.parametrize(
    ("markup", "depth"),
    [
        ("plain text, no tags", 0),
        ("<div><div><p>x</p></div></div>", 3),
        ("<div><br><img src=x><hr/><p>a<p>b<p>c</div>", 2),  # voids; p closes p
        ("<ul><li>a<li>b<li><ul><li>c</ul></ul>", 4),
        ("<div><!-- <div><div><div> --></div>", 1),
        ("<div><script>if (a<b) { '<div><div><div>' }</script></div>", 2),
        ("<div><span></div></span><div></div>", 2),  # stray end tags close what they match
        ("<div" * 10_000, 0),  # unterminated tags are not elements
    ],
)
def test_html_depth(markup: str, depth: int) -> None:
    assert html_depth(markup) == depth


def test_html_nested_past_the_parser_is_refused_not_emptied(tmp_path: Path) -> None:
    """lxml drops text nested ~254 deep without a word; the default limit says so instead."""
    (tmp_path / "a-deep.html").write_text(_nested(400), encoding="utf-8")
    (tmp_path / "b-fine.html").write_text(_nested(100), encoding="utf-8")
    docs, errors = _split(list(read_inputs([tmp_path], settings=Settings())))
    assert [type(e) for e in errors] == [InputTooLarge]
    assert "nested more than 200 elements deep (setting max_html_depth)" in str(errors[0])
    assert [Path(d.source or "").name for d in docs] == ["b-fine.html"]
    assert "four civilians" in docs[0].text


# ---------------------------------------------------------------------------- JSONL lines


def test_long_jsonl_line_is_skipped_and_the_next_lines_read(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    lines = [
        json.dumps({"id": "a", "text": REPORT}),
        json.dumps({"id": "huge", "text": "x " * 50_000}),
        json.dumps({"id": "b", "text": REPORT + " Again."}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs, errors = _split(list(read_jsonl(path, settings=Settings(max_jsonl_line_bytes=2_000))))
    assert [d.id for d in docs] == ["a", "b"]
    assert [(type(e), e.line) for e in errors] == [(InputTooLarge, 2)]
    assert "over the limit of 2,000 (setting max_jsonl_line_bytes)" in str(errors[0])


def test_unpaired_surrogate_is_refused_and_the_rest_stored(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    path.write_text(
        json.dumps({"id": "a", "text": REPORT})
        + '\n{"id": "bad", "text": "Shelling \\ud800 in Idlib"}\n'
        + '{"id": "bad-title", "text": "Shelling in Hama", "title": "\\udfff"}\n'
        + json.dumps({"id": "b", "text": REPORT + " Again."})
        + "\n",
        encoding="utf-8",
    )
    docs, errors = _split(list(read_jsonl(path, settings=Settings())))
    assert [type(e) for e in errors] == [UndecodableInput, UndecodableInput]
    assert "unpaired surrogate U+D800" in str(errors[0]) and errors[0].line == 2
    assert "title has an unpaired surrogate" in str(errors[1])
    with SQLiteStore.open(tmp_path / "store.db") as store:
        assert store.add_documents(docs).added == ("a", "b")


# ------------------------------------------------------------------------------ CSV fields


def test_wide_csv_field_rejects_its_row_only(tmp_path: Path) -> None:
    path = tmp_path / "corpus.csv"
    wide = "\n".join([REPORT] * 40)  # a quoted field spanning many lines
    path.write_text(
        f'id,text\n1,"{REPORT}"\n2,"{wide}"\n3,"{REPORT} Third."\n4,"{REPORT} Fourth."\n',
        encoding="utf-8",
    )
    docs, errors = _split(list(read_csv(path, settings=Settings(max_csv_field_chars=1_000))))
    assert [type(e) for e in errors][:1] == [InputTooLarge]
    assert errors[0].line == 3 and "setting max_csv_field_chars" in str(errors[0])
    assert {"1", "3", "4"} <= {d.id for d in docs}
    assert "2" not in {d.id for d in docs}


def test_csv_field_limit_does_not_leak_into_the_process(tmp_path: Path) -> None:
    import csv

    before = csv.field_size_limit()
    path = tmp_path / "c.csv"
    path.write_text(f"id,text\n1,{REPORT}\n", encoding="utf-8")
    list(read_csv(path, settings=Settings(max_csv_field_chars=123)))
    assert csv.field_size_limit() == before


# ------------------------------------------------------------------------ compressed input


@pytest.mark.parametrize(
    ("suffix", "compress"),
    [(".gz", gzip.compress), (".bz2", bz2.compress), (".xz", lzma.compress)],
)
def test_compressed_corpora_and_files_are_read(
    tmp_path: Path, suffix: str, compress: object
) -> None:
    assert callable(compress)
    lines = [json.dumps({"id": f"d{n}", "text": f"{REPORT} ({n})"}) for n in range(3)]
    (tmp_path / f"corpus.jsonl{suffix}").write_bytes(compress("\n".join(lines).encode()))
    (tmp_path / f"rows.csv{suffix}").write_bytes(compress(f'id,text\nr1,"{REPORT}!"\n'.encode()))
    (tmp_path / f"report.txt{suffix}").write_bytes(compress(f"{REPORT} Text.".encode()))
    (tmp_path / f"feed.rss{suffix}").write_bytes(compress(RSS.encode()))
    docs, errors = _split(list(read_inputs([tmp_path], settings=Settings())))
    assert errors == []
    ids = {d.id for d in docs}
    assert {"d0", "d1", "d2", "r1"} <= ids
    assert len(docs) == 3 + 1 + 1 + 20


def test_decompression_bomb_is_stopped_mid_stream(tmp_path: Path) -> None:
    good = [json.dumps({"id": f"d{n}", "text": f"{REPORT} ({n})"}) for n in range(3)]
    filler = json.dumps({"id": "pad", "text": "z " * 400_000})
    body = "\n".join([*good, *[filler] * 20]).encode()
    path = tmp_path / "bomb.jsonl.gz"
    path.write_bytes(gzip.compress(body))
    assert path.stat().st_size * 100 < len(body)  # a real bomb: over 100x
    items = list(read_jsonl(path, settings=Settings(max_decompressed_bytes=3_000_000)))
    docs, errors = _split(items)
    assert [d.id for d in docs][:3] == ["d0", "d1", "d2"]  # read before the limit: kept
    assert isinstance(errors[-1], InputTooLarge)
    assert "decompresses to over 3,000,000 bytes (setting max_decompressed_bytes)" in str(
        errors[-1]
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("broken.txt.gz", gzip.compress(REPORT.encode())[:-12]),
        ("broken.jsonl.gz", gzip.compress(b'{"text": "x"}\n' * 10)[:25]),
        ("garbage.csv.xz", b"\xfd7zXZ\x00" + b"\x00" * 40),
    ],
)
def test_corrupt_compressed_input_is_a_clear_error(
    tmp_path: Path, name: str, content: bytes
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    _, errors = _split(list(read_inputs([path], settings=Settings())))
    assert [type(e) for e in errors] == [UndecodableInput]
    assert "is not a valid" in str(errors[0]) and str(path) in str(errors[0])


# ------------------------------------------------------------------------- bad encodings


def test_control_ratio_is_a_setting(tmp_path: Path) -> None:
    path = tmp_path / "odd.txt"
    path.write_text(REPORT + "\x01" * 3, encoding="utf-8")  # ~3.5% control characters
    _, errors = _split(list(read_inputs([path], settings=Settings())))
    assert [type(e) for e in errors] == [BinaryInput]
    assert "over the limit of 1.0% (setting max_control_ratio)" in str(errors[0])
    docs, errors = _split(list(read_inputs([path], settings=Settings(max_control_ratio=0.05))))
    assert errors == [] and len(docs) == 1


# ------------------------------------------------------- the CLI: nothing good lost in a batch


def test_ingest_keeps_every_good_document_beside_every_kind_of_bad_one(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "deep.html").write_text(_nested(400), encoding="utf-8")
    (inputs / "bomb.txt.gz").write_bytes(gzip.compress(b"a " * 3_000_000))
    (inputs / "bad.gz").write_bytes(b"\x1f\x8b\x08\x00garbage")
    (inputs / "good.html").write_text(_nested(10), encoding="utf-8")
    (inputs / "good.txt").write_text("DARAA - Two fighters died in clashes.", encoding="utf-8")
    (inputs / "mixed.jsonl").write_text(
        json.dumps({"id": "j1", "text": "HOMS - A car bomb killed three people."})
        + "\n"
        + '{"id": "j2", "text": "\\udc80 broken"}\n'
        + json.dumps({"id": "j3", "text": "x" * 5_000})
        + "\n{not json\n"
        + json.dumps({"id": "j4", "text": "IDLIB - An air strike hit a market."})
        + "\n",
        encoding="utf-8",
    )
    db = tmp_path / "store.db"
    result = CliRunner().invoke(
        cli,
        ["--db", str(db), "ingest", str(inputs)],
        env={
            "OBSERVATORY_MAX_JSONL_LINE_BYTES": "2000",
            "OBSERVATORY_MAX_DECOMPRESSED_BYTES": "1000000",
        },
    )
    assert result.exit_code == 1, result.output
    assert "stored 4 documents, 0 already present, 6 failed" in result.stdout
    for setting in ("max_html_depth", "max_decompressed_bytes", "max_jsonl_line_bytes"):
        assert f"setting {setting}" in result.stderr
    assert "unpaired surrogate" in result.stderr and "not valid JSON" in result.stderr
    with SQLiteStore.open(db) as store:
        assert store.count_documents() == 4
        assert {d.id for d in store.documents()} >= {"j1", "j4"}
