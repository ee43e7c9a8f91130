"""Scale-out throughput: documents/s on 1 core, 2 local workers and a 2-worker Dask cluster.

    python benchmarks/bench_scale.py --documents 10000 [--engines serial,pool,dask]
        [--corpus /tmp/scale.jsonl] [--partition-mb 4]

The corpus is made at run time from FA-KES (../shared/data/fa-kes, read, never copied into
the project): copy k of each article gets an opening line of its own ("Update k of ...")
and a publication date k days later, so every document is distinct (no deduplication)
while the text to read stays real. It is written as JSONL to --corpus (a temporary file).

Engines, each over the whole corpus, reading the JSONL file as the CLI does:

- serial: ``extract_parallel(..., workers=1)`` in this process;
- pool:   ``extract_parallel(..., workers=2)``, the process pool of ``--workers 2``;
- dask:   a real ``dask scheduler`` and two ``dask worker`` processes (one thread each) on
  127.0.0.1, started here; ``extract_to_parquet`` writes the claims to Parquet.

Prints documents/s after start-up, and the peak resident memory of each worker process.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from _common import fakes_rows

from observatory.engines.local import extract_parallel
from observatory.ingest import read_jsonl
from observatory.records import Document
from observatory.settings import load_settings


def make_corpus(path: Path, documents: int) -> int:
    """Write ``documents`` distinct FA-KES-derived reports; returns the bytes written."""
    rows = list(fakes_rows())
    written = 0
    with path.open("w", encoding="utf-8") as out:
        for n in range(documents):
            copy, row = divmod(n, len(rows))
            r = rows[row]
            day = (r.date or dt.date(2016, 1, 1)) + dt.timedelta(days=copy)
            line = json.dumps(
                {
                    "id": f"fk{copy:05d}-{r.id}",
                    "text": f"Update {copy + 1} of {r.source or 'the desk'}.\n{r.text}",
                    "published": day.isoformat(),
                    "title": r.title,
                },
                ensure_ascii=False,
            )
            out.write(line + "\n")
            written += len(line) + 1
    return written


def documents(path: Path) -> Iterator[Document]:
    settings = load_settings()
    for item in read_jsonl(path, settings=settings):
        if isinstance(item, Document):
            yield item


class PeakSampler:
    """Samples the resident memory of the pool's worker processes (psutil), every 0.5 s."""

    def __init__(self) -> None:
        import psutil

        self.me = psutil.Process()
        self.peaks: dict[int, int] = {}
        self.cpu: dict[int, float] = {}  # CPU seconds (user + system) last seen per process
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stop.wait(0.5):
            for child in self.me.children(recursive=True):
                try:
                    rss = child.memory_info().rss
                    times = child.cpu_times()
                except Exception:  # the process ended meanwhile
                    continue
                self.peaks[child.pid] = max(self.peaks.get(child.pid, 0), rss)
                self.cpu[child.pid] = times.user + times.system

    def close(self) -> list[float]:
        self.stop.set()
        self.thread.join()
        return sorted((v / 2**20 for v in self.peaks.values()), reverse=True)


PROGRESS_EVERY = 100_000


def _peak_mb(sampler: PeakSampler, workers: int, peaks: list[float] | None = None) -> float:
    """Peak resident memory of one worker: this process when serial, else the largest children."""
    if workers == 1:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # the largest children are the workers (the other one is the fork server)
    if peaks is None:
        peaks = sorted((v / 2**20 for v in dict(sampler.peaks).values()), reverse=True)
    return max(peaks[:workers], default=0.0)


def run_local(path: Path, workers: int) -> tuple[float, int, float, float]:
    settings = load_settings()
    extract_parallel([], settings=settings, workers=1)  # build the extractor first
    sampler = PeakSampler()
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    n = claims = 0
    first = 0.0
    for extraction in extract_parallel(documents(path), settings=settings, workers=workers):
        if n == 0:
            first = time.perf_counter() - t0
        n += 1
        claims += len(extraction.claims)
        if n % PROGRESS_EVERY == 0:  # a long run killed early still leaves its figures
            spent = time.process_time() - cpu0 + sum(sampler.cpu.values())
            print(
                f"  .. {n} documents in {time.perf_counter() - t0:.0f} s,"
                f" {spent:.0f} CPU-s ({n / spent:.1f} per CPU-second), peak {_peak_mb(sampler, workers):.0f} MB",
                flush=True,
            )
    elapsed = time.perf_counter() - t0
    cpu = time.process_time() - cpu0
    print(f"  first result after {first:.1f} s (workers starting)")
    peaks = sampler.close()
    cpu += sum(sampler.cpu.values())
    peak = _peak_mb(sampler, workers, peaks)
    if workers > 1:
        print("  process peaks (MB): " + ", ".join(f"{v:.0f}" for v in peaks))
    print(f"  {n} documents, {claims} claims in {elapsed:.1f} s; {cpu:.1f} CPU-s in all")
    return n / elapsed, n, peak, cpu


def _worker_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _worker_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_dask(path: Path, partition_mb: float, folder: Path) -> tuple[float, int, float, float]:
    from distributed import Client

    from observatory.engines.dask import extract_to_parquet
    from observatory.engines.loopback import loopback_cluster

    with loopback_cluster(folder, worker_args=["--memory-limit", "0"]) as address:
        settings = load_settings()
        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=60)
            # start-up: every worker builds its extractor once
            from observatory.engines.local import extract_batch

            # (in the threads that run tasks, not through client.run)
            workers = list(client.scheduler_info()["workers"])
            warm = [
                client.submit(extract_batch, settings, [], workers=[w], pure=False) for w in workers
            ]
            client.gather(warm)
            extract_batch(settings, [])
            out = folder / "claims"
            t0 = time.perf_counter()
            marks: list[float] = []
            cpu_before = sum(client.run(_worker_cpu).values())
            cpu0 = time.process_time()
            report = extract_to_parquet(
                [path],
                out,
                client=client,
                settings=settings,
                target_bytes=int(partition_mb * 1_000_000),
                on_result=lambda r: marks.append(time.perf_counter() - t0),
            )
            elapsed = time.perf_counter() - t0
            cpu = time.process_time() - cpu0 + sum(client.run(_worker_cpu).values()) - cpu_before
            print("  first partitions done at (s): " + ", ".join(f"{m:.1f}" for m in marks[:8]))
            peaks = client.run(_worker_peak_mb)
        print(
            f"  {report.documents} documents, {report.claims} claims in {elapsed:.1f} s,"
            f" {report.partitions} partitions; worker peaks (MB): "
            + ", ".join(f"{v:.0f}" for v in peaks.values())
        )
        print(f"  {cpu:.1f} CPU-s in all (client and workers; not the scheduler)")
        return report.documents / elapsed, report.documents, max(peaks.values()), cpu


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--documents", type=int, default=10_000)
    ap.add_argument("--engines", default="serial,pool,dask")
    ap.add_argument("--corpus", type=Path, default=None)
    ap.add_argument("--partition-mb", type=float, default=4.0)
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    try:
        corpus = args.corpus or folder / "corpus.jsonl"
        if not corpus.exists():
            t0 = time.perf_counter()
            size = make_corpus(corpus, args.documents)
            print(
                f"corpus: {args.documents} documents, {size / 1e6:.0f} MB"
                f" ({time.perf_counter() - t0:.1f} s to write)"
            )
        print(f"cores: {os.cpu_count()}")
        for engine in args.engines.split(","):
            print(f"{engine}:")
            if engine == "serial":
                rate, n, peak, cpu = run_local(corpus, 1)
            elif engine == "pool":
                rate, n, peak, cpu = run_local(corpus, 2)
            elif engine == "dask":
                rate, n, peak, cpu = run_dask(corpus, args.partition_mb, folder)
            else:
                raise SystemExit(f"unknown engine {engine!r}")
            print(
                f"  {engine}: {rate:.1f} documents/s over {n} (wall clock);"
                f" {n / cpu:.1f} documents per CPU-second; peak memory per worker {peak:.0f} MB"
            )
            print(f"  load average now: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
