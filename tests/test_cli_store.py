"""The store commands: ingest, events, export (on every store backend)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner, Result

from factories import make_claim, make_document, make_event, make_place
from observatory.cli import cli
from observatory.export import ACLED_COLUMNS
from observatory.records import Link, ReviewStatus, StageVersion
from observatory.store import open_store
from store_backends import Backend

REPORTS = {
    "one.txt": "Three civilians were killed when shells fell on a market in Douma on Monday.",
    "two.txt": "Clashes broke out near the airport of Deir ez-Zor, leaving seven fighters dead.",
    "three.txt": "An air strike hit a school in Maarat al-Numan; no casualties were reported.",
}


def _run(db: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", db, *args], catch_exceptions=False)


@pytest.fixture
def db(backend: Backend) -> str:
    """A new store: a SQLite file, or a PostgreSQL URL."""
    return backend.db()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    reports = tmp_path / "reports"
    reports.mkdir()
    for name, text in REPORTS.items():
        (reports / name).write_text(text, encoding="utf-8")
    return reports


# ---------------------------------------------------------------------- ingest
def test_ingesting_a_folder_twice_stores_each_document_once(db: str, folder: Path) -> None:
    first = _run(db, "ingest", str(folder))
    assert first.exit_code == 0, first.output
    assert "stored 3 documents, 0 already present, 0 failed" in first.stdout
    second = _run(db, "ingest", str(folder))
    assert second.exit_code == 0, second.output
    assert "stored 0 documents, 3 already present, 0 failed" in second.stdout
    with open_store(db) as store:
        assert store.count_documents() == 3


def test_observatory_db_selects_the_store(db: str, folder: Path) -> None:
    result = CliRunner().invoke(cli, ["ingest", str(folder)], env={"OBSERVATORY_DB": db})
    assert result.exit_code == 0, result.output
    with open_store(db) as store:
        assert store.count_documents() == 3


def test_bad_inputs_are_named_and_good_ones_stored(db: str, folder: Path) -> None:
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x02\x00\x00")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    lines = [
        json.dumps({"id": "j1", "text": "Two soldiers died in an ambush near Palmyra."}),
        '{"id": "j2", "text": "this line is cut',
        json.dumps({"id": "j3", "text": "A car bomb exploded in Azaz, killing four people."}),
    ]
    (folder / "corpus.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = _run(db, "ingest", str(folder))
    assert result.exit_code == 1
    assert "stored 5 documents, 0 already present, 3 failed" in result.stdout
    for name in ("photo.jpg", "empty.txt", "corpus.jsonl:2"):
        assert name in result.stderr
    with open_store(db) as store:
        assert {"j1", "j3"} <= {d.id for d in store.documents()}


def test_ingest_input_corpus_with_published_and_outlet(db: str, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(
        json.dumps({"id": "x1", "text": "Shelling killed a child in Jisr al-Shughur."}) + "\n",
        encoding="utf-8",
    )
    result = _run(
        db, "ingest", "--input", str(corpus), "--published", "2016-04-02", "--outlet", "Wire"
    )
    assert result.exit_code == 0, result.output
    with open_store(db) as store:
        doc = store.document("x1")
    assert doc is not None and doc.published == dt.date(2016, 4, 2) and doc.outlet == "Wire"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "nothing to read"),
        (("--published", "April 2"), "--published"),
        (("does-not-exist.txt",), "does not exist"),
    ],
)
def test_ingest_usage_errors(db: str, args: tuple[str, ...], message: str) -> None:
    result = _run(db, "ingest", *args)
    assert result.exit_code == 2
    assert message in result.stderr


# ---------------------------------------------------------------------- events and export
@pytest.fixture
def stored(db: str) -> str:
    with open_store(db) as store:
        store.add_documents(
            [
                make_document("First report text.", id="d1"),
                make_document("Second report text.", id="d2", outlet="SANA", title="Raid"),
            ]
        )
        stages = (StageVersion(name="extract.rules", version="1"),)
        store.replace_claims("d1", [make_claim(id="c1")], [], stages=stages, settings={})
        store.replace_claims(
            "d2", [make_claim(id="c2", document_id="d2")], [], stages=stages, settings={}
        )
        events = [
            make_event(id="e1", claim_ids=("c1",), document_ids=("d1",)),
            make_event(
                id="e2",
                date=dt.date(2016, 7, 9),
                event_type="Explosions/Remote violence",
                sub_event_type="Shelling/artillery/missile attack",
                location=make_place(
                    name="Douma", admin1="Rif Dimashq", latitude=33.57, longitude=36.4
                ),
                actor1="Military Forces of Syria",
                actor2="Civilians",
                claim_ids=("c2",),
                document_ids=("d2",),
                status=ReviewStatus.VERIFIED,
            ),
            make_event(
                id="e3", date=dt.date(2016, 8, 1), location=None, claim_ids=(), document_ids=()
            ),
        ]
        links = [
            Link(claim_id="c1", event_id="e1", score=1.0),
            Link(claim_id="c2", event_id="e2", score=1.0),
        ]
        store.write_events(events, links)
    return db


def test_events_table(stored: str) -> None:
    result = _run(stored, "events")
    assert result.exit_code == 0, result.output
    assert "Douma" in result.stdout and "Battles" in result.stdout
    assert "3 events" in result.stderr


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ((), ["e1", "e2", "e3"]),
        (("--since", "2016-07-01"), ["e2", "e3"]),
        (("--until", "2016-07-09"), ["e1", "e2"]),
        (("--admin1", "rif dimashq"), ["e2"]),
        (("--type", "Battles"), ["e1", "e3"]),
        (("--actor", "Civilians"), ["e2"]),
        (("--status", "verified"), ["e2"]),
        (("--limit", "2"), ["e1", "e2"]),
    ],
)
def test_events_filters_jsonl(stored: str, filters: tuple[str, ...], expected: list[str]) -> None:
    result = _run(stored, "events", "--format", "jsonl", *filters)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [x["event_id"] for x in lines] == expected


def test_events_jsonl_carries_claims_with_evidence(stored: str) -> None:
    result = _run(stored, "events", "--format", "jsonl", "--limit", "1")
    (line,) = [json.loads(x) for x in result.stdout.splitlines()]
    assert [c["claim_id"] for c in line["claims"]] == ["c1"]
    assert line["claims"][0]["evidence"]


def test_events_csv(stored: str) -> None:
    result = _run(stored, "events", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["event_id"] for r in rows] == ["e1", "e2", "e3"]
    assert rows[1]["location"] == "Douma"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--since", "2016-09-01", "--until", "2016-01-01"), "after --until"),
        (("--status", "maybe"), "--status"),
        (("--limit", "0"), "--limit"),
    ],
)
def test_events_usage_errors(stored: str, args: tuple[str, ...], message: str) -> None:
    result = _run(stored, "events", *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_export_acled_to_stdout(stored: str) -> None:
    result = _run(stored, "export", "--format", "acled-csv", "--type", "Battles")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == list(ACLED_COLUMNS)
    assert len(rows) == 2
    assert "exported 2 events" in result.stderr


@pytest.mark.parametrize("fmt", ["acled-csv", "ucdp-csv", "geojson", "parquet", "jsonl"])
def test_export_to_file_keeps_every_event(stored: str, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"events.{fmt}"
    result = _run(stored, "export", "--format", fmt, "--output", str(out))
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    if fmt.endswith("csv"):
        count = len(list(csv.DictReader(io.StringIO(data.decode("utf-8")))))
    elif fmt == "geojson":
        count = len(json.loads(data)["features"])
    elif fmt == "parquet":
        count = pq.read_table(out).num_rows
    else:
        count = len(data.decode("utf-8").splitlines())
    assert count == 3


def test_export_ucdp_uses_documents(stored: str) -> None:
    result = _run(stored, "export", "--format", "ucdp-csv", "--admin1", "Rif Dimashq")
    (row,) = list(csv.DictReader(io.StringIO(result.stdout)))
    assert row["source_office"] == "SANA" and row["source_headline"] == "Raid"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--format", "parquet"), "give --output"),
        (("--format", "xml"), "--format"),
        (("--format", "jsonl", "--output", "/no/such/dir/out.jsonl"), "does not exist"),
    ],
)
def test_export_usage_errors(stored: str, args: tuple[str, ...], message: str) -> None:
    result = _run(stored, "export", *args)
    assert result.exit_code == 2
    assert message in result.stderr
