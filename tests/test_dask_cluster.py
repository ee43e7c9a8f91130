"""The Dask engine on a real cluster: a ``dask scheduler`` and two ``dask worker``
processes on loopback, started and stopped by the test (marker ``cluster``)."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from observatory.cli import cli
from observatory.engines.loopback import loopback_cluster
from observatory.settings import Settings
from observatory.store.base import EventQuery
from observatory.store.sqlite import SQLiteStore
from test_parallel import write_corpus

pytestmark = pytest.mark.cluster


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> Iterator[str]:
    if shutil.which("dask") is None:
        pytest.skip("the dask command is not installed")
    env = {**os.environ, "OBSERVATORY_GAZETTEER_PATH": settings.gazetteer_path}
    with loopback_cluster(tmp_path_factory.mktemp("dask"), env=env) as address:
        yield address


def _invoke(args: list[str], settings: Settings) -> str:
    result = CliRunner().invoke(
        cli, args, env={"OBSERVATORY_GAZETTEER_PATH": settings.gazetteer_path}
    )
    assert result.exit_code == 0, result.output
    return result.output


def test_extract_on_the_cluster_prints_the_local_output(
    scheduler: str, settings: Settings, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus.jsonl"
    write_corpus(corpus, settings, copies=2)
    local = _invoke(["extract", "--input", str(corpus), "--workers", "1"], settings)
    on_cluster = _invoke(
        [
            "extract",
            "--input",
            str(corpus),
            "--engine",
            "dask",
            "--scheduler",
            scheduler,
            "--partition-mb",
            "0.005",
        ],
        settings,
    )
    assert on_cluster == local
    out = tmp_path / "claims"
    _invoke(
        [
            "extract",
            "--input",
            str(corpus),
            "--engine",
            "dask",
            "--scheduler",
            scheduler,
            "--partition-mb",
            "0.005",
            "--output",
            str(out),
        ],
        settings,
    )
    import pyarrow.parquet as pq

    records = pq.read_table(sorted(out.glob("part-*.parquet"))).column("record").to_pylist()
    assert [json.loads(r) for r in records] == [json.loads(line) for line in local.splitlines()]


def test_run_on_the_cluster_stores_the_local_events(
    scheduler: str, settings: Settings, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus.jsonl"
    write_corpus(corpus, settings, copies=2)
    local_db, dask_db = tmp_path / "local.db", tmp_path / "dask.db"
    _invoke(["--db", str(local_db), "run", "--input", str(corpus)], settings)
    dask_run = [
        *("--db", str(dask_db), "run", "--input", str(corpus)),
        *("--engine", "dask", "--scheduler", scheduler, "--partition-mb", "0.01"),
    ]
    out = _invoke(dask_run, settings)
    assert "0 done before" in out

    def events(db: Path) -> list[tuple[object, ...]]:
        with SQLiteStore.open(db) as store:
            return sorted((e.id, e.claim_ids, e.fatalities) for e in store.events(EventQuery()))

    assert events(dask_db) == events(local_db)
    again = _invoke(dask_run, settings)
    assert "stored 0 documents" in again
    assert events(dask_db) == events(local_db)


def test_an_unreachable_scheduler_is_a_clear_error(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("observatory.engines.dask.CONNECT_TIMEOUT", 2.0)
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text('{"id": "a", "text": "Clashes in Douma."}\n', encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        ["extract", "--input", str(corpus), "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9"],
    )
    assert result.exit_code == 1
    assert "cannot reach the Dask scheduler" in result.output
