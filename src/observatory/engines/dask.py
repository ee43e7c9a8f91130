"""Dask across machines: ``observatory extract|run --engine dask [--scheduler URL]``.

The client (this process) plans the corpus into partitions
(:mod:`observatory.engines.partitions`) and submits one task per partition; a worker reads
its partition and runs :func:`observatory.engines.local.extract_batch`, the same pure
extract function as the local engine. At most ``ahead`` partitions are in flight and
results are taken in partition order, so memory stays bounded on the client and on every
worker (one partition at a time per worker thread) whatever the corpus size, and the output
is in the same order as the local engine's.

Results go to one of two places:

- **Parquet** (:func:`extract_to_parquet`): each worker writes its partition's claims and
  tolls to ``OUT/part-<index>-<key>.parquet`` (written to a temporary name, then renamed),
  so on a real cluster ``OUT`` is a shared file system. A partition whose file exists is
  skipped: a killed run started again goes on where it stopped.
- **The store** (:func:`run_into_store`): workers send the documents and extractions
  back; the client stores them, then records the partition as done in the store
  (``run_partitions``, migration 4). A run started again skips the partitions done;
  a partition half-stored when the run was killed is stored again without duplicates
  (documents are keyed by id and text, a document's claims are replaced as a whole).
  The claims are then linked in parallel by blocking (:mod:`observatory.engines.linking`).

With no scheduler address, :func:`dask_client` starts a ``LocalCluster`` of worker
processes on this machine.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
import json
import logging
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from observatory.engines.linking import Mapper, link_parallel
from observatory.engines.local import default_workers, extract_batch
from observatory.engines.partitions import TARGET_BYTES, Partition, plan_partitions, read_partition
from observatory.errors import EngineError, InputError
from observatory.extract import Extraction, Extractor
from observatory.geocode import Geocoder
from observatory.ingest import CsvColumns
from observatory.records import Claim, Document, Event, Link, StageVersion, Toll
from observatory.serialize import record_to_json
from observatory.settings import Settings
from observatory.store.base import Repository

if TYPE_CHECKING:
    import datetime as dt

    from distributed import Client

__all__ = [
    "DaskReport",
    "PartitionResult",
    "dask_client",
    "dask_mapper",
    "extract_partition",
    "extract_to_parquet",
    "iter_partition_results",
    "link_store_parallel",
    "run_into_store",
]

T = TypeVar("T")
R = TypeVar("R")

CONNECT_TIMEOUT = 15.0  # seconds to wait for a scheduler given by address


@contextmanager
def dask_client(*, scheduler: str | None = None, workers: int | None = None) -> Iterator[Client]:
    """A client of the scheduler at ``scheduler`` (``tcp://HOST:PORT``), or of a new
    ``LocalCluster`` of ``workers`` single-threaded processes (default: one per core)."""
    try:
        # untyped: used through Any
        distributed: Any = importlib.import_module("distributed")
    except ImportError as exc:  # pragma: no cover - dask is a dependency
        raise EngineError(f"the dask engine needs dask.distributed ({exc})") from exc
    if scheduler:
        try:
            client = distributed.Client(scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as exc:
            raise EngineError(
                f"cannot reach the Dask scheduler at {scheduler} ({exc}); start one with"
                " 'dask scheduler' and workers with 'dask worker ADDRESS', or leave out"
                " --scheduler to run a local cluster"
            ) from exc
        with client:
            yield client
        return
    cluster = distributed.LocalCluster(
        n_workers=workers or default_workers(),
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )
    with cluster, distributed.Client(cluster) as client:
        yield client


def dask_mapper(client: Client) -> Mapper[Any, Any]:
    """Run a list of tasks on the cluster; results in task order."""

    def run(fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
        if not items:
            return []
        cluster: Any = client
        futures = cluster.map(fn, list(items), pure=False)
        return list(cluster.gather(futures))

    return run


@dataclass(frozen=True, slots=True, kw_only=True)
class PartitionResult:
    """What one partition's task did. ``documents`` and ``extractions`` are empty when the
    task wrote them to Parquet itself."""

    partition: Partition
    documents: tuple[Document, ...] = ()
    extractions: tuple[Extraction, ...] = ()
    errors: tuple[str, ...] = ()
    read: int = 0  # documents read
    claims: int = 0
    tolls: int = 0
    skipped: bool = False  # done by an earlier run


@dataclass(frozen=True, slots=True, kw_only=True)
class DaskReport:
    """What a partitioned run did."""

    partitions: int
    skipped: int  # partitions done by an earlier run
    documents: int  # documents read and extracted in this run
    claims: int
    tolls: int
    failed: tuple[str, ...]  # records that could not be read
    stored: int = 0  # documents new to the store
    events_written: int = 0


_SCHEMA_FIELDS = (
    ("partition", "int64"),
    ("document_id", "string"),
    ("kind", "string"),
    ("id", "string"),
    ("date", "string"),
    ("event_type", "string"),
    ("sub_event_type", "string"),
    ("admin1", "string"),
    ("deaths_best", "int64"),
    ("record", "string"),
)


def _parquet_schema() -> Any:
    import pyarrow as pa

    types = {"int64": pa.int64(), "string": pa.string()}
    return pa.schema([(name, types[kind]) for name, kind in _SCHEMA_FIELDS])


def part_file(out_dir: str | Path, part: Partition) -> Path:
    """Where a partition's claims and tolls go: named by its position and its key."""
    return Path(out_dir) / f"part-{part.index:06d}-{part.key}.parquet"


def _write_parquet(path: Path, part: Partition, extractions: Sequence[Extraction]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows: dict[str, list[Any]] = {name: [] for name, _ in _SCHEMA_FIELDS}
    for extraction in extractions:
        records: list[Claim | Toll] = [*extraction.claims, *extraction.tolls]
        for record in records:
            data = record_to_json(record)
            location = data.get("location") or {}
            fatalities = data.get("fatalities") or {}
            rows["partition"].append(part.index)
            rows["document_id"].append(record.document_id)
            rows["kind"].append(data["kind"])
            rows["id"].append(record.id)
            rows["date"].append(data.get("date"))
            rows["event_type"].append(data.get("event_type"))
            rows["sub_event_type"].append(data.get("sub_event_type"))
            rows["admin1"].append(location.get("admin1"))
            rows["deaths_best"].append(fatalities.get("best"))
            rows["record"].append(json.dumps(data, ensure_ascii=False, sort_keys=True))
    table = pa.table(rows, schema=_parquet_schema())
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    pq.write_table(table, tmp)
    os.replace(tmp, path)


def extract_partition(
    part: Partition,
    *,
    settings: Settings,
    columns: CsvColumns | None = None,
    published: dt.date | None = None,
    out_dir: str | None = None,
) -> PartitionResult:
    """The task run on a worker: read one partition and extract it.

    With ``out_dir`` the claims and tolls are written there as Parquet and only counts
    come back; otherwise the documents and extractions come back to the client.
    """
    documents: list[Document] = []
    errors: list[str] = []
    for item in read_partition(part, settings=settings, columns=columns, published=published):
        if isinstance(item, InputError):
            errors.append(str(item))
        else:
            documents.append(item)
    extractions = extract_batch(settings, documents)
    claims = sum(len(e.claims) for e in extractions)
    tolls = sum(len(e.tolls) for e in extractions)
    if out_dir is not None:
        _write_parquet(part_file(out_dir, part), part, extractions)
        return PartitionResult(
            partition=part, errors=tuple(errors), read=len(documents), claims=claims, tolls=tolls
        )
    return PartitionResult(
        partition=part,
        documents=tuple(documents),
        extractions=tuple(extractions),
        errors=tuple(errors),
        read=len(documents),
        claims=claims,
        tolls=tolls,
    )


def iter_partition_results(
    client: Client,
    parts: Iterable[Partition],
    *,
    settings: Settings,
    columns: CsvColumns | None = None,
    published: dt.date | None = None,
    out_dir: str | None = None,
    skip: Callable[[Partition], bool] = lambda part: False,
    ahead: int | None = None,
) -> Iterator[PartitionResult]:
    """Run :func:`extract_partition` on the cluster for each partition, in order.

    At most ``ahead`` tasks (default: twice the workers' threads) are in flight.
    Partitions for which ``skip`` is true are not run and come back with ``skipped``.
    """
    extract_batch(settings, [])  # builds the gazetteer index here if it is missing
    if ahead is None:
        nthreads: Any = client.nthreads
        threads = sum(nthreads().values()) or 1
        ahead = 2 * threads
    pending: deque[tuple[Partition, Any]] = deque()

    def take() -> PartitionResult:
        part, future = pending.popleft()
        if future is None:
            return PartitionResult(partition=part, skipped=True)
        try:
            result: PartitionResult = future.result()
        except Exception as exc:
            raise EngineError(
                f"partition {part.index} of {part.path} (bytes or row groups"
                f" {part.start}-{part.stop}) failed on a worker: {exc}"
            ) from exc
        return result

    try:
        for part in parts:
            if skip(part):
                pending.append((part, None))
            else:
                future = client.submit(
                    extract_partition,
                    part,
                    settings=settings,
                    columns=columns,
                    published=published,
                    out_dir=out_dir,
                    pure=False,
                )
                pending.append((part, future))
            while sum(1 for _, f in pending if f is not None) >= ahead or (
                pending and pending[0][1] is None
            ):
                yield take()
        while pending:
            yield take()
    finally:
        for _, future in pending:
            if future is not None:
                future.cancel()


def _report(results: Iterable[PartitionResult], **extra: int) -> DaskReport:
    partitions = skipped = documents = claims = tolls = 0
    failed: list[str] = []
    for r in results:
        partitions += 1
        skipped += r.skipped
        documents += r.read
        claims += r.claims
        tolls += r.tolls
        failed.extend(r.errors)
    return DaskReport(
        partitions=partitions,
        skipped=skipped,
        documents=documents,
        claims=claims,
        tolls=tolls,
        failed=tuple(failed),
        **extra,
    )


def extract_to_parquet(
    paths: Sequence[str | Path],
    out_dir: str | Path,
    *,
    client: Client,
    settings: Settings,
    columns: CsvColumns | None = None,
    published: dt.date | None = None,
    target_bytes: int = TARGET_BYTES,
    on_result: Callable[[PartitionResult], None] = lambda r: None,
) -> DaskReport:
    """Extract the corpora into ``out_dir`` (one Parquet file per partition), resumably."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    columns = columns or CsvColumns()
    parts = plan_partitions(paths, target_bytes=target_bytes, encoding=columns.encoding)

    def results() -> Iterator[PartitionResult]:
        for result in iter_partition_results(
            client,
            parts,
            settings=settings,
            columns=columns,
            published=published,
            out_dir=str(out.resolve()),
            skip=lambda part: part_file(out, part).exists(),
        ):
            on_result(result)
            yield result

    return _report(results())


def run_id(settings: Settings, *, target_bytes: int) -> str:
    """Names a partitioned run by what changes its output: the settings and the cut."""
    recorded = dataclasses.asdict(settings)
    recorded.pop("db", None)
    text = json.dumps([recorded, target_bytes, Extractor.stage.name, Extractor.stage.version])
    return "dask:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def run_into_store(
    paths: Sequence[str | Path],
    repo: Repository,
    *,
    client: Client,
    settings: Settings,
    columns: CsvColumns | None = None,
    published: dt.date | None = None,
    target_bytes: int = TARGET_BYTES,
    link: bool = True,
    on_result: Callable[[PartitionResult], None] = lambda r: None,
) -> DaskReport:
    """Ingest and extract the corpora into ``repo`` partition by partition, resumably,
    then link the store's claims in parallel on the cluster."""
    columns = columns or CsvColumns()
    run = run_id(settings, target_bytes=target_bytes)
    done = repo.done_partitions(run)
    parts = plan_partitions(paths, target_bytes=target_bytes, encoding=columns.encoding)
    recorded = dataclasses.asdict(settings)
    stages = (Extractor.stage, Geocoder.stage)
    stored = 0

    def results() -> Iterator[PartitionResult]:
        nonlocal stored
        for result in iter_partition_results(
            client,
            parts,
            settings=settings,
            columns=columns,
            published=published,
            skip=lambda part: part.key in done,
        ):
            if not result.skipped:
                stored += _store_partition(repo, result, stages=stages, settings=recorded)
                repo.mark_partition_done(run, result.partition.key, documents=result.read)
            on_result(result)
            yield result

    report = _report(results())
    written = 0
    if link:
        written = link_store_parallel(repo, settings=settings, mapper=dask_mapper(client))
    return dataclasses.replace(report, stored=stored, events_written=written)


def _store_partition(
    repo: Repository,
    result: PartitionResult,
    *,
    stages: Sequence[StageVersion],
    settings: dict[str, Any],
) -> int:
    added = repo.add_documents(result.documents)
    write = set(added.added)
    if added.duplicates:
        # a document stored by a run killed before it stored the claims: same id, same text
        hashes = {d.id: d.content_hash for d in result.documents}
        for doc in repo.documents(ids=added.duplicates):
            if hashes.get(doc.id) == doc.content_hash:
                write.add(doc.id)
    for extraction in result.extractions:
        if extraction.document_id in write:
            repo.replace_claims(
                extraction.document_id,
                extraction.claims,
                extraction.tolls,
                stages=stages,
                settings=settings,
            )
    return len(added.added)


def link_store_parallel(repo: Repository, *, settings: Settings, mapper: Mapper[Any, Any]) -> int:
    """Re-link every claim of the store in parallel (what ``link_store`` does with no
    document ids), writing only the events that changed. Returns the events written."""
    overrides = list(repo.audit_log())
    claims = list(repo.claims())
    old_events = {e.id: e for e in repo.events()}
    previous = {
        cid: e.id for e in sorted(old_events.values(), key=lambda e: e.id) for cid in e.claim_ids
    }
    result = link_parallel(
        claims,
        settings=settings,
        mapper=mapper,
        overrides=overrides,
        existing_status={e.id: e.status for e in old_events.values()},
        previous=previous,
    )
    old_links = {link.claim_id: link for link in repo.links()}
    by_event: dict[str, list[Link]] = {}
    for link in result.links:
        by_event.setdefault(link.event_id, []).append(link)
    written: list[Event] = []
    links: list[Link] = []
    for event in result.events:
        event_links = by_event.get(event.id, [])
        if old_events.get(event.id) == event and all(
            old_links.get(link.claim_id) == link for link in event_links
        ):
            continue
        written.append(event)
        links.extend(event_links)
    removed = sorted(set(old_events) - {e.id for e in result.events})
    if written or removed:
        repo.write_events(written, links, remove=removed)
    return len(written)
