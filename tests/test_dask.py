"""The Dask engine: partitions on a cluster, the local engine's output, resumable runs.

The tests in this file run on an in-process Dask cluster (threads); tests/test_dask_cluster.py
starts a real scheduler and worker processes.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from observatory.engines.dask import (
    PartitionResult,
    extract_to_parquet,
    iter_partition_results,
    run_into_store,
)
from observatory.engines.local import extract_parallel
from observatory.engines.partitions import plan_partitions
from observatory.ingest import read_inputs
from observatory.pipeline import run
from observatory.records import Document
from observatory.serialize import record_to_json
from observatory.settings import Settings
from observatory.store.base import EventQuery
from observatory.store.sqlite import SQLiteStore
from test_parallel import write_corpus

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    with distributed.Client(
        processes=False, n_workers=2, threads_per_worker=1, dashboard_address=None
    ) as c:
        yield c


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "corpus.jsonl"
    write_corpus(path, settings, copies=3)
    return path


def _local_records(corpus: Path, settings: Settings) -> list[dict[str, object]]:
    docs = [d for d in read_inputs([corpus], settings=settings) if isinstance(d, Document)]
    return [
        record_to_json(r)
        for e in extract_parallel(docs, settings=settings, workers=1)
        for r in (*e.claims, *e.tolls)
    ]


def test_partition_results_come_in_order_with_the_local_output(
    client: object, corpus: Path, settings: Settings
) -> None:
    parts = plan_partitions([corpus], target_bytes=5_000)
    results = list(iter_partition_results(client, parts, settings=settings, ahead=3))  # type: ignore[arg-type]
    assert [r.partition.index for r in results] == list(range(len(results)))
    assert len(results) > 5
    got = [
        record_to_json(r) for res in results for e in res.extractions for r in (*e.claims, *e.tolls)
    ]
    assert got == _local_records(corpus, settings)


def test_parquet_output_is_resumable(
    client: object, corpus: Path, settings: Settings, tmp_path: Path
) -> None:
    out = tmp_path / "claims"
    seen: list[PartitionResult] = []

    def stop_after_three(result: PartitionResult) -> None:
        seen.append(result)
        if len(seen) == 3:
            raise KeyboardInterrupt  # the run is killed

    with pytest.raises(KeyboardInterrupt):
        extract_to_parquet(
            [corpus],
            out,
            client=client,
            settings=settings,
            target_bytes=5_000,  # type: ignore[arg-type]
            on_result=stop_after_three,
        )
    written = sorted(out.glob("part-*.parquet"))
    assert len(written) >= 3
    report = extract_to_parquet([corpus], out, client=client, settings=settings, target_bytes=5_000)  # type: ignore[arg-type]
    # tasks already running when the run was killed may still finish their file before the
    # re-run looks: every file seen after the kill is skipped, and not every partition
    assert len(written) <= report.skipped < report.partitions
    assert not list(out.glob(".*.tmp"))
    table = pq.read_table(sorted(out.glob("part-*.parquet")))
    import json

    got = [json.loads(r) for r in table.column("record").to_pylist()]
    assert got == _local_records(corpus, settings)


def _events(db: Path) -> list[tuple[object, ...]]:
    with SQLiteStore.open(db) as store:
        return sorted((e.id, e.claim_ids, e.fatalities) for e in store.events(EventQuery()))


def test_store_run_resumes_and_links_as_the_local_run(
    client: object, corpus: Path, settings: Settings, tmp_path: Path
) -> None:
    local_db = tmp_path / "local.db"
    with SQLiteStore.open(local_db) as store:
        run(store, read_inputs([corpus], settings=settings), settings=settings)

    db = tmp_path / "dask.db"
    calls = 0

    def killed(result: PartitionResult) -> None:
        nonlocal calls
        calls += 1
        if calls == 4:
            raise KeyboardInterrupt

    with SQLiteStore.open(db) as store, pytest.raises(KeyboardInterrupt):
        run_into_store(
            [corpus], store, client=client, settings=settings, target_bytes=5_000, on_result=killed
        )  # type: ignore[arg-type]
    with SQLiteStore.open(db) as store:
        report = run_into_store(
            [corpus], store, client=client, settings=settings, target_bytes=5_000
        )  # type: ignore[arg-type]
        assert report.skipped == 4 and report.partitions > 4
        documents = store.count_documents()
        claims = sorted(c.id for c in store.claims())
    with SQLiteStore.open(local_db) as store:
        assert documents == store.count_documents()
        assert claims == sorted(c.id for c in store.claims())
    assert _events(db) == _events(local_db)
    # a third run finds everything done and changes nothing
    with SQLiteStore.open(db) as store:
        again = run_into_store(
            [corpus], store, client=client, settings=settings, target_bytes=5_000
        )  # type: ignore[arg-type]
    assert again.skipped == again.partitions and again.stored == 0 and again.events_written == 0
    assert _events(db) == _events(local_db)
