"""Parallel extraction and linking give the serial result: same claims, order, ids, events."""

from __future__ import annotations

import csv
import dataclasses
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings

from observatory.cli import cli
from observatory.engines import extract_parallel
from observatory.engines.linking import link_parallel, plan_units, pool_mapper, serial_mapper
from observatory.engines.partitions import CorpusFormat, plan_partitions, read_partition
from observatory.ingest import read_inputs
from observatory.link import Linker
from observatory.records import AuditEntry, Claim, Document
from observatory.settings import Settings
from test_link_properties import claims as claim_lists

ROOT = Path(__file__).resolve().parents[1]


def example_documents(settings: Settings) -> list[Document]:
    return [
        d for d in read_inputs([ROOT / "examples"], settings=settings) if isinstance(d, Document)
    ]


def write_corpus(path: Path, settings: Settings, *, copies: int) -> list[dict[str, Any]]:
    """A JSONL corpus of distinct reports: the examples, each told ``copies`` times with
    a different opening line and publication date."""
    records = []
    for copy in range(copies):
        for number, doc in enumerate(example_documents(settings)):
            records.append(
                {
                    "id": f"r{copy:03d}-{number:02d}",
                    "text": f"Bulletin {copy + 1} of the day.\n{doc.text}",
                    "published": doc.published.isoformat() if doc.published else None,
                    "title": doc.title,
                    "outlet": doc.outlet,
                }
            )
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return records


def test_extraction_is_the_same_for_any_number_of_workers(settings: Settings) -> None:
    docs = example_documents(settings) * 3
    serial = list(extract_parallel(docs, settings=settings, workers=1))
    pooled = list(extract_parallel(docs, settings=settings, workers=2, batch=2))
    assert pooled == serial
    assert [e.document_id for e in pooled] == [d.id for d in docs]
    assert sum(len(e.claims) for e in serial) > 0


def test_extract_command_output_does_not_depend_on_workers(
    tmp_path: Path, settings: Settings
) -> None:
    corpus = tmp_path / "corpus.jsonl"
    write_corpus(corpus, settings, copies=2)
    env = {"OBSERVATORY_GAZETTEER_PATH": settings.gazetteer_path}
    outputs = []
    for workers in ("1", "2"):
        result = CliRunner().invoke(
            cli, ["extract", "--input", str(corpus), "--workers", workers], env=env
        )
        assert result.exit_code == 0, result.output
        outputs.append(result.output)
    assert outputs[0] == outputs[1]
    assert outputs[0].count("\n") > 20


def test_bad_worker_counts_are_usage_errors(settings: Settings) -> None:
    result = CliRunner().invoke(cli, ["extract", "--workers", "0", str(ROOT / "examples")])
    assert result.exit_code == 2
    result = CliRunner().invoke(
        cli, ["run", "--scheduler", "tcp://127.0.0.1:1", str(ROOT / "examples")]
    )
    assert result.exit_code == 2 and "--engine dask" in result.output
    with pytest.raises(ValueError, match="at least 1"):
        list(extract_parallel([], settings=settings, workers=0))


# ------------------------------------------------------------------------ partitions
def _csv_corpus(path: Path, records: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "text", "published", "title", "outlet"])
        for r in records:  # the texts hold newlines: quoted fields over several lines
            writer.writerow([r["id"], r["text"], r["published"], r["title"], r["outlet"]])


@pytest.mark.parametrize("target", [1, 3_000, 50_000, 10_000_000])
def test_partitions_read_the_documents_the_readers_read(
    tmp_path: Path, settings: Settings, target: int
) -> None:
    records = write_corpus(tmp_path / "c.jsonl", settings, copies=2)
    _csv_corpus(tmp_path / "c.csv", records)
    for name in ("c.jsonl", "c.csv"):
        parts = list(plan_partitions([tmp_path / name], target_bytes=target))
        assert [p.index for p in parts] == list(range(len(parts)))
        got = [d for p in parts for d in read_partition(p, settings=settings)]
        want = list(read_inputs([tmp_path / name], settings=settings))
        assert got == want, name
        assert len(got) == len(records)
        if target == 1:
            assert len(parts) == len(records)
        assert len({p.key for p in parts}) == len(parts)


def test_parquet_corpus_in_row_groups(tmp_path: Path, settings: Settings) -> None:
    records = write_corpus(tmp_path / "c.jsonl", settings, copies=2)
    pq.write_table(pa.Table.from_pylist(records), tmp_path / "c.parquet", row_group_size=4)
    parts = list(plan_partitions([tmp_path / "c.parquet"], target_bytes=1))
    assert all(p.format is CorpusFormat.PARQUET for p in parts)
    assert len(parts) == -(-len(records) // 4)
    got = [d for p in parts for d in read_partition(p, settings=settings)]
    want = [d for d in read_inputs([tmp_path / "c.jsonl"], settings=settings)]
    assert [dataclasses.replace(d, source=None) for d in got] == [  # type: ignore[type-var]
        dataclasses.replace(d, source=None)  # type: ignore[type-var]
        for d in want
    ]


def test_bad_records_in_a_partition_are_named_with_their_line(
    tmp_path: Path, settings: Settings
) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        '{"id": "a", "text": "Shelling hit Douma on Monday."}\n'
        "not json\n"
        '{"id": "b", "text": "Clashes in Harasta."}\n',
        encoding="utf-8",
    )
    parts = list(plan_partitions([corpus], target_bytes=1))
    items = [i for p in parts for i in read_partition(p, settings=settings)]
    errors = [str(i) for i in items if not isinstance(i, Document)]
    assert errors == [f"{corpus}:2: not valid JSON (Expecting value at column 1)"]


def test_other_inputs_are_refused_by_the_partitioned_engine(tmp_path: Path) -> None:
    from observatory.errors import ConfigError

    (tmp_path / "a.txt").write_text("text", encoding="utf-8")
    with pytest.raises(ConfigError, match="JSONL"):
        list(plan_partitions([tmp_path / "a.txt"]))
    with pytest.raises(ConfigError, match="no JSONL, CSV or Parquet corpus in the folder"):
        list(plan_partitions([tmp_path]))


# -------------------------------------------------------------------------- linking
@given(claim_lists())
@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_parallel_linking_is_the_serial_linking(claims: list[Claim]) -> None:
    settings = Settings()
    want = Linker(settings=settings).link(claims)
    for chunk, unit in [(1, 1), (2, 3), (1000, 1000)]:
        got = link_parallel(claims, settings=settings, chunk_claims=chunk, unit_claims=unit)
        assert got == want


def _overrides(claims: list[Claim]) -> list[AuditEntry]:
    import datetime as dt

    ids = sorted(c.id for c in claims)
    at = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    return [
        AuditEntry(id=1, at=at, who="t", action="merge", event_ids=(), claim_ids=(ids[0], ids[-1])),
        AuditEntry(
            id=2,
            at=at,
            who="t",
            action="split",
            event_ids=(),
            claim_ids=tuple(ids[1:4]),
            value=ids[2],
        ),
    ]


@given(claim_lists())
@hsettings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_parallel_linking_keeps_overrides_and_previous_events(claims: list[Claim]) -> None:
    if len(claims) < 4:
        return
    settings = Settings()
    overrides = _overrides(claims)
    first = Linker(settings=settings).link(claims[: len(claims) // 2], overrides=overrides)
    previous = {link.claim_id: link.event_id for link in first.links}
    want = Linker(settings=settings).link(claims, overrides=overrides, previous=previous)
    got = link_parallel(
        claims,
        settings=settings,
        overrides=overrides,
        previous=previous,
        chunk_claims=1,
        unit_claims=1,
    )
    assert got == want


def test_linking_on_a_process_pool_across_many_chunks(settings: Settings) -> None:
    claims = [
        c
        for e in extract_parallel(example_documents(settings), settings=settings, workers=1)
        for c in e.claims
    ]
    want = Linker(settings=settings).link(claims)
    plan = plan_units(claims, settings=settings, chunk_claims=2, unit_claims=2)
    assert plan.chunks > 5 and len(plan.units) > 5
    got = link_parallel(
        claims, settings=settings, mapper=pool_mapper(2), chunk_claims=2, unit_claims=2
    )
    assert got == want
    assert serial_mapper(len, ["ab", "c"]) == [2, 1]
