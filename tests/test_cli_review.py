"""The commands over linking: ``link``, ``review ...`` and ``tally``."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner, Result

from factories import make_toll
from observatory.cli import cli
from observatory.store import open_store
from store_backends import Backend
from test_link_corpus import CORPUS, INCIDENTS, KNOWN
from test_link_store import add


def _run(db: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)


@pytest.fixture
def db(backend: Backend) -> str:
    path = backend.db()
    with open_store(path) as store:
        add(store, CORPUS)
        store.replace_claims(
            "sohr-0505",
            [c for c in CORPUS if c.document_id == "sohr-0505"],
            [make_toll(id="t1", document_id="sohr-0505")],
            stages=[],
            settings={},
        )
    result = _run(path, "link")
    assert result.exit_code == 0, result.output
    return path


def _event_of(db: str, claim_id: str) -> str:
    with open_store(db) as store:
        return next(iter(store.links(claim_ids=[claim_id]))).event_id


def test_link_reports_and_is_idempotent(db: str) -> None:
    result = _run(db, "link")
    assert result.exit_code == 0
    assert "0 events written, 0 removed" in result.stderr
    result = _run(db, "link", "--document", "afp-0504")
    assert "0 events written" in result.stderr


def test_review_status_merge_split_and_log(db: str) -> None:
    dez = _event_of(db, "c01")
    result = _run(db, "review", "status", dez, "verified", "--reason", "checked", "--who", "ana")
    assert result.exit_code == 0 and "verified" in result.output
    douma, harasta = _event_of(db, "c10"), _event_of(db, "c13")
    result = _run(db, "review", "merge", douma, harasta, "--reason", "one barrage")
    assert result.exit_code == 0 and douma in result.output
    result = _run(db, "review", "split", "c03", "--reason", "other fight", "--who", "ana")
    assert result.exit_code == 0 and "1 claims" in result.output
    log = _run(db, "review", "log").stdout.splitlines()
    assert [line.split("\t")[3] for line in log] == ["status verified", "merge", "split c03"]
    assert log[0].split("\t")[2] == "ana"
    assert log[1].split("\t")[2]  # the OS user, or the reviewer setting
    only_dez = _run(db, "review", "log", dez).stdout.splitlines()
    assert len(only_dez) == 2


def test_review_rejects_bad_input(db: str) -> None:
    result = CliRunner().invoke(
        cli, ["--db", str(db), "review", "status", "nope", "verified", "--reason", "x"]
    )
    assert result.exit_code == 1 and "no event 'nope'" in result.output
    result = CliRunner().invoke(cli, ["--db", str(db), "review", "status", "x", "verified"])
    assert result.exit_code == 2  # --reason is required


def test_tally_jsonl_matches_known_totals_and_lists_tolls_beside(db: str) -> None:
    result = _run(db, "tally", "--by", "admin1", "--format", "jsonl")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    rows = [r for r in lines if "admin1" in r]
    (grand,) = [r for r in lines if r.get("total")]
    tolls = [r for r in lines if r.get("kind") == "toll"]
    assert grand["events"] == len(INCIDENTS)
    assert grand["best"] == sum(k[1] for k in KNOWN.values())
    assert sum(r["best"] for r in rows) == grand["best"]
    assert [t["toll_id"] for t in tolls] == ["t1"]
    assert tolls[0]["low"] == 120  # listed beside, not added in:
    assert grand["low"] == sum(k[0] for k in KNOWN.values())


def test_tally_csv_and_table(db: str) -> None:
    result = _run(db, "tally", "--by", "day,admin1", "--format", "csv")
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["day", "admin1", "events", "low", "best", "high"]
    assert ["2016-05-03", "Deir ez-Zor", "2", "50", "96", "96"] in rows
    assert rows[-1][0] == "total"
    result = _run(db, "tally", "--by", "event_type", "--admin1", "Aleppo")
    assert result.exit_code == 0 and "Battles" in result.output
    assert "not added" in result.output
    result = CliRunner().invoke(cli, ["--db", str(db), "tally", "--by", "weather"])
    assert result.exit_code == 2 and "weather" in result.output
