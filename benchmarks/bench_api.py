"""Benchmark: latency of the HTTP API under a steady load, over a large SQLite store.

    python benchmarks/bench_api.py                          # 1,000,000 events, 200 req/s, 60 s
    python benchmarks/bench_api.py --events 100000 --rate 200 --seconds 30
    python benchmarks/bench_api.py --db big.db --reuse      # keep / reuse the synthetic store
    python benchmarks/bench_api.py --db postgresql://... --reuse   # the same over PostgreSQL

Builds a store of synthetic events (10 years, 14 governorates, every ACLED sub-type, 1-5
sources each, a few disputed or verified), starts ``observatory serve`` in its own process
on 127.0.0.1, and sends it an open-loop load at a fixed rate from this process (each request
starts on schedule whether or not earlier ones have answered; at most --concurrency in flight).
The load is bounded: --seconds at --rate, to loopback only, then it stops.

Requests, in equal parts:
- ``/api/events`` with one or two filters (governorate, type, status, a date range of a
  month, an actor, a bounding box) and 50 per page; half of them then fetch the next page
  with the cursor;
- ``/api/events/{id}`` for a random stored event.

Latencies are measured from the time each request was due on the schedule (a follow-up
page: from the answer to its first page), so a load generator that falls behind, or 64
requests already in flight, count against them instead of hiding the wait. The server runs
with ``server_timing`` on and each answer says where its time went (``Server-Timing``, see
``observatory.api.timing``).

Prints p50/p90/p99/max latency per kind; where the time went (the generator's lateness, the
server's own time, the wait for a worker thread, the route, and what lies outside the app);
how many requests were slow and in which seconds (``--timeline``: every second's p50/p99/max
beside the machine's CPU use, disk waits and time stolen by a hypervisor); the rate achieved;
the server's CPU time per request; the machine's load average before and after (the cores
are shared with whatever else runs); and any errors. ``--samples FILE`` writes every request.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import csv
import datetime as dt
import gc
import json
import os
import random
import resource
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from observatory.auth import Role, create_token

# imported here, not at the first request: importing the extraction package takes 0.4 s,
# which stalled the load generator at the start of the load and sent a burst after it
from observatory.extract.taxonomy import EVENT_TYPES
from observatory.records import (
    DatePrecision,
    Event,
    EventFigure,
    Fatalities,
    GeoPrecision,
    Place,
    ReviewStatus,
)
from observatory.store import is_postgres_url, open_store

GOVERNORATES = {
    "Aleppo": (36.2, 37.2),
    "Idlib": (35.9, 36.6),
    "Hama": (35.1, 36.8),
    "Homs": (34.7, 36.7),
    "Latakia": (35.5, 35.8),
    "Tartus": (34.9, 35.9),
    "Damascus": (33.5, 36.3),
    "Rural Damascus": (33.6, 36.4),
    "Daraa": (32.6, 36.1),
    "As-Suwayda": (32.7, 36.6),
    "Quneitra": (33.1, 35.8),
    "Deir ez-Zor": (35.3, 40.1),
    "Raqqa": (35.9, 39.0),
    "Al-Hasakah": (36.5, 40.7),
}
ACTORS = (
    "Syrian government forces",
    "Russian military",
    "Islamic State",
    "Syrian Democratic Forces",
    "Hayat Tahrir al-Sham",
    "Syrian opposition rebels",
    "Turkish military",
    "Civilians",
)
CLAIMANTS = (
    "Syrian Observatory for Human Rights",
    "SANA",
    "White Helmets",
    "Syrian Network for Human Rights",
    "activists",
)
FIRST_DAY = dt.date(2012, 1, 1)
DAYS = 3650


def synthetic_events(count: int, *, seed: int = 7) -> Iterator[Event]:
    """``count`` plausible events (the same ones for the same seed)."""
    rng = random.Random(seed)
    subtypes = [(etype, sub) for etype, subs in EVENT_TYPES.items() for sub in subs]
    names = list(GOVERNORATES)
    for i in range(count):
        admin1 = rng.choice(names)
        lat0, lon0 = GOVERNORATES[admin1]
        day = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
        etype, sub = rng.choice(subtypes)
        precise = rng.random() < 0.85
        place = Place(
            name=f"{admin1} place {rng.randrange(400)}",
            country="SY",
            admin1=admin1,
            latitude=round(lat0 + rng.uniform(-0.45, 0.45), 4),
            longitude=round(lon0 + rng.uniform(-0.45, 0.45), 4),
            geo_precision=GeoPrecision.TOWN if precise else GeoPrecision.REGION,
        )
        low = int(rng.expovariate(1 / 4)) if rng.random() < 0.7 else None
        fatalities = None
        figures: tuple[EventFigure, ...] = ()
        sources = 1 + int(rng.expovariate(1 / 1.2)) % 5
        claim_ids = tuple(f"c{i:07d}{k}" for k in range(sources))
        document_ids = tuple(f"d{i:07d}{k}" for k in range(sources))
        claimants = tuple(rng.sample(CLAIMANTS, k=min(sources, 2)))
        if low is not None:
            best = low + rng.randrange(3)
            high = None if rng.random() < 0.1 else best + rng.randrange(3)
            fatalities = Fatalities(low=low, best=best, high=high)
            figures = tuple(
                EventFigure(
                    claim_id=c,
                    document_id=d,
                    claimant=claimants[k % len(claimants)],
                    published=day + dt.timedelta(days=k),
                    fatalities=fatalities,
                    evidence=f"{best} people were killed",
                )
                for k, (c, d) in enumerate(zip(claim_ids, document_ids, strict=True))
            )
        actor1, actor2 = rng.sample(ACTORS, k=2)
        roll = rng.random()
        status = (
            ReviewStatus.DISPUTED
            if roll < 0.01
            else ReviewStatus.VERIFIED
            if roll < 0.05
            else ReviewStatus.UNREVIEWED
        )
        yield Event(
            id=f"ev-{i:012x}",
            event_type=etype,
            sub_event_type=sub,
            date=day,
            date_window=None,
            date_precision=DatePrecision.DAY,
            location=place,
            actor1=actor1,
            actor2=actor2,
            assoc_actors=(),
            fatalities=fatalities,
            claim_ids=claim_ids,
            document_ids=document_ids,
            claimants=claimants,
            figures=figures,
            status=status,
            notes=f"{sub}: {actor1} against {actor2} in {place.name}",
        )


def build_store(db: Path | str, count: int, *, batch: int = 20_000) -> float:
    """Write ``count`` synthetic events into a new store (a SQLite path or a PostgreSQL
    URL); seconds taken."""
    start = time.perf_counter()
    with open_store(str(db)) as store:
        chunk: list[Event] = []
        for n, event in enumerate(synthetic_events(count), start=1):
            chunk.append(event)
            if len(chunk) >= batch:
                store.write_events(chunk, [])
                chunk.clear()
                print(f"  {n:,} events written", file=sys.stderr, end="\r")
        if chunk:
            store.write_events(chunk, [])
    print(file=sys.stderr)
    analyze(db)
    return time.perf_counter() - start


def analyze(db: Path | str) -> None:
    """Refresh the planner's statistics (as `PRAGMA optimize` / autovacuum would in time)."""
    if is_postgres_url(str(db)):
        import psycopg

        with psycopg.connect(str(db), autocommit=True) as conn:
            conn.execute("ANALYZE")
    else:
        with sqlite3.connect(db) as conn:
            conn.execute("ANALYZE")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: Path | str, port: int, *, workers: int = 1) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-c",
        "from observatory.cli import main; main()",
        "--db",
        str(db),
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]
    # the server says where each request's time went (observatory.api.timing)
    env = {**os.environ, "OBSERVATORY_SERVER_TIMING": "true"}
    proc = subprocess.Popen(command, stderr=subprocess.PIPE, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc
        except OSError:
            if proc.poll() is not None:
                message = proc.stderr.read().decode() if proc.stderr else ""
                raise SystemExit(f"server exited: {message}") from None
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("server did not start in 60 s")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _list_params(rng: random.Random) -> dict[str, str]:
    choices = [
        lambda: {"admin1": rng.choice(list(GOVERNORATES))},
        lambda: {"type": rng.choice(list(EVENT_TYPES))},
        lambda: {"type": rng.choice([s for subs in EVENT_TYPES.values() for s in subs])},
        lambda: {"status": rng.choice(["verified", "disputed"])},
        lambda: {"actor": rng.choice(ACTORS)},
        lambda: _month(rng),
        lambda: _box(rng),
    ]
    params: dict[str, str] = {"limit": "50"}
    for pick in rng.sample(choices, k=rng.choice([1, 2])):
        params.update(pick())
    return params


def _month(rng: random.Random) -> dict[str, str]:
    first = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS - 31))
    return {"since": first.isoformat(), "until": (first + dt.timedelta(days=30)).isoformat()}


def _box(rng: random.Random) -> dict[str, str]:
    lat, lon = GOVERNORATES[rng.choice(list(GOVERNORATES))]
    return {"bbox": f"{lon - 0.3:.2f},{lat - 0.3:.2f},{lon + 0.3:.2f},{lat + 0.3:.2f}"}


@dataclass(slots=True)
class Sample:
    """One request: when it was due, sent and answered (seconds from the start of the load),
    and the server's own account of it (its ``Server-Timing`` header, when it sends one)."""

    kind: str
    due: float  # when the schedule says it starts (a follow-up page: when the first answered)
    sent: float
    done: float
    status: int
    server: dict[str, float]

    @property
    def latency(self) -> float:
        """From the time it was due: what a client on that schedule waits (a late start of
        the load generator counts, as it would for a real client)."""
        return self.done - self.due

    @property
    def late(self) -> float:
        """How late the load generator sent it (its own scheduling, not the server)."""
        return self.sent - self.due


def server_timing(value: str) -> dict[str, float]:
    """``{"app": 1.2, ...}`` (ms) from ``Server-Timing: app;dur=1.2, wait;dur=0.1``."""
    found: dict[str, float] = {}
    for metric in value.split(","):
        name, *params = (p.strip() for p in metric.split(";"))
        for param in params:
            key, _, number = param.partition("=")
            if key == "dur" and name:
                with contextlib.suppress(ValueError):
                    found[name] = float(number)
    return found


class Connection:
    """One keep-alive HTTP/1.1 connection speaking just enough of the protocol for GETs
    answered with a Content-Length (what the API sends): a lighter load generator than a
    full client, so the load takes less of the cores the server needs."""

    def __init__(self, host: str, port: int, token: str) -> None:
        self.host, self.port, self.token = host, port, token
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, target: str) -> tuple[int, dict[str, str], bytes]:
        reused = self.writer is not None
        try:
            return await self._get(target)
        except (asyncio.IncompleteReadError, ConnectionError) as exc:
            partial = getattr(exc, "partial", b"")
            if not reused or partial:
                raise
            # the server closed the idle keep-alive connection: once more on a new one
            self.close()
            return await self._get(target)

    async def _get(self, target: str) -> tuple[int, dict[str, str], bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        request = (
            f"GET {target} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
            f"Authorization: Bearer {self.token}\r\nAccept: application/json\r\n\r\n"
        )
        self.writer.write(request.encode("ascii"))
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers: dict[str, str] = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        body = await self.reader.readexactly(int(headers.get("content-length", "0")))
        return status, headers, body

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def load(
    host: str,
    port: int,
    token: str,
    *,
    rate: float,
    seconds: float,
    concurrency: int,
    count: int,
    seed: int,
) -> tuple[list[Sample], list[str], float]:
    """Open-loop load: one request due every 1/rate s for ``seconds``; every request's
    times (from the moment it was due, so a stalled generator or a full set of connections
    counts against the latency instead of hiding it)."""
    rng = random.Random(seed)
    samples: list[Sample] = []
    errors: list[str] = []
    # the connections are used in turn (the one idle longest first), as many clients would
    # use theirs: reusing the last one first sent most requests over a few connections, so
    # to the worker process that had accepted those (70% to one of two workers)
    idle = collections.deque(Connection(host, port, token) for _ in range(concurrency))
    waiting = asyncio.Semaphore(concurrency)
    clock = time.perf_counter
    start = clock()

    async def timed(
        kind: str, due: float, path: str, params: dict[str, str]
    ) -> dict[str, object] | None:
        connection = idle.popleft()
        target = path + ("?" + urlencode(params) if params else "")
        sent = clock() - start
        try:
            status, headers, body = await connection.get(target)
        except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
            errors.append(f"{kind}: {exc!r}")
            connection.close()
            idle.append(Connection(host, port, token))
            return None
        done = clock() - start
        idle.append(connection)
        timing = server_timing(headers.get("server-timing", ""))
        samples.append(Sample(kind, due, sent, done, status, timing))
        if status != 200:
            errors.append(f"{kind}: {status} {body[:200]!r}")
            return None
        data: dict[str, object] = json.loads(body)
        return data

    async def one(i: int, due: float) -> None:
        async with waiting:
            if i % 2 == 0:
                params = _list_params(rng)
                page = await timed("events page", due, "/api/events", params)
                cursor = page.get("next_cursor") if page else None
                if cursor and rng.random() < 0.5:
                    await timed(
                        "next page",
                        clock() - start,
                        "/api/events",
                        {**params, "cursor": str(cursor)},
                    )
            else:
                event_id = f"ev-{rng.randrange(count):012x}"
                await timed("one event", due, f"/api/events/{event_id}", {})

    tasks = []
    for i in range(int(rate * seconds)):
        due = i / rate
        delay = start + due - clock()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(i, due)))
    await asyncio.gather(*tasks)
    elapsed = clock() - start
    for connection in idle:
        connection.close()
    return samples, errors, elapsed


class CpuSampler:
    """The machine's CPU time per second while the load runs (``/proc/stat``): busy, waiting
    for the disk, and stolen by the hypervisor (time the VM's cores did not run at all);
    and the share of it the server's processes used (``server``, of both cores)."""

    def __init__(self, server: int) -> None:
        self.server = server
        self.rows: list[tuple[float, dict[str, float]]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._origin = time.perf_counter()

    @staticmethod
    def _read() -> list[int]:
        with open("/proc/stat") as f:
            return [int(v) for v in f.readline().split()[1:]]

    def _server_cpu(self) -> float:
        with contextlib.suppress(OSError, ValueError):
            return sum(server_cpu_seconds(self.server).values())
        return 0.0

    def _run(self) -> None:
        last = self._read()
        last_server, last_time = self._server_cpu(), time.perf_counter()
        cores = os.cpu_count() or 1
        while not self._stop.wait(1.0):
            now = self._read()
            server, when = self._server_cpu(), time.perf_counter()
            delta = [b - a for a, b in zip(last, now, strict=False)]
            used = (server - last_server) / max(when - last_time, 1e-3) / cores
            last, last_server, last_time = now, server, when
            total = sum(delta) or 1
            # user nice system idle iowait irq softirq steal
            idle, iowait, steal = delta[3], delta[4], delta[7] if len(delta) > 7 else 0
            self.rows.append(
                (
                    time.perf_counter() - self._origin,
                    {
                        "busy": (total - idle - iowait - steal) / total,
                        "iowait": iowait / total,
                        "steal": steal / total,
                        "server": used,
                    },
                )
            )

    def start(self) -> None:
        self._origin = time.perf_counter()
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def at(self, second: int) -> dict[str, float] | None:
        """The row covering ``second`` (seconds from :meth:`start`)."""
        for ended, row in self.rows:
            if second < ended <= second + 1.5:
                return row
        return None


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_cpu_seconds(pid: int) -> dict[int, float]:
    """CPU time of the server and of each of its worker processes, by process id."""
    children = Path(f"/proc/{pid}/task/{pid}/children")
    pids = [pid, *(int(c) for c in children.read_text().split())] if children.exists() else [pid]
    found: dict[int, float] = {}
    for p in pids:
        with contextlib.suppress(FileNotFoundError):
            found[p] = cpu_seconds(p)
    return found


def own_cpu_seconds() -> float:
    """CPU time of this process (the load generator) so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def postgres_cpu_seconds() -> float:
    """CPU time of the PostgreSQL server processes on this machine (a local cluster's
    share of the work, which the API server's own CPU time leaves out)."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            text = stat.read_text()
            if text.split("(", 1)[1].split(")", 1)[0] == "postgres":
                total += cpu_seconds(int(stat.parent.name))
    return total


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _ms(values: list[float]) -> str:
    """p50, p90, p99 and max of ``values`` (seconds) in ms, as table cells."""
    if not values:
        return f"{'-':>8}" * 4
    cells = [percentile(values, q) for q in (0.5, 0.9, 0.99)] + [max(values)]
    return "".join(f"{v * 1e3:>8.1f}" for v in cells)


def report(samples: list[Sample], cpu: CpuSampler, *, slow: float, timeline: bool) -> None:
    """Latency by kind; where it went (the generator, the server, the wait between); and
    when the slow requests happened (all at once, or spread over the run)."""
    kinds = list(dict.fromkeys(s.kind for s in samples))
    print("latency from the time each request was due (ms):")
    print(f"  {'kind':<12} {'n':>7} {'p50':>8} {'p90':>8} {'p99':>8} {'max':>8}")
    for kind in [*kinds, "all"]:
        chosen = [s.latency for s in samples if kind in (s.kind, "all")]
        print(f"  {kind:<12} {len(chosen):>7} {_ms(chosen)}")
    print("where it went (ms; p50, p90, p99, max):")
    print(f"  {'load generator late to send':<36}{_ms([s.late for s in samples])}")
    print(f"  {'sent to answered':<36}{_ms([s.done - s.sent for s in samples])}")
    timed = [s for s in samples if s.server]
    metrics = list(dict.fromkeys(m for s in timed for m in s.server))
    for metric in metrics:
        values = [s.server[metric] / 1e3 for s in timed if metric in s.server]
        print(f"  {'server: ' + metric:<36}{_ms(values)}")
    if timed and "app" in metrics:
        outside = [(s.done - s.sent) - s.server["app"] / 1e3 for s in timed]
        print(f"  {'outside the app (HTTP, loop, network)':<36}{_ms(outside)}")
    slow_ones = [s for s in samples if s.latency > slow]
    seconds = collections.Counter(int(s.due) for s in slow_ones)
    if slow_ones:
        worst = seconds.most_common(3)
        print(
            f"{len(slow_ones)} requests over {slow * 1e3:.0f} ms ({len(slow_ones) / len(samples):.1%}),"
            f" due in {len(seconds)} of {int(max(s.due for s in samples)) + 1} seconds;"
            f" the worst seconds: " + ", ".join(f"{sec} s ({n})" for sec, n in worst)
        )
    else:
        print(f"no request over {slow * 1e3:.0f} ms")
    if not timeline:
        return
    print("by second (due then): n, p50, p99, max ms; generator late max; server app max; CPU")
    by_second: dict[int, list[Sample]] = collections.defaultdict(list)
    for s in samples:
        by_second[int(s.due)].append(s)
    for second in sorted(by_second):
        group = by_second[second]
        lat = [s.latency for s in group]
        apps = [s.server["app"] for s in group if "app" in s.server]
        row = cpu.at(second)
        load_text = (
            f"busy {row['busy']:.0%} (server {row['server']:.0%})"
            f" iowait {row['iowait']:.0%} steal {row['steal']:.0%}"
            if row
            else ""
        )
        print(
            f"  {second:>4} {len(group):>5} {percentile(lat, 0.5) * 1e3:>7.1f}"
            f" {percentile(lat, 0.99) * 1e3:>7.1f} {max(lat) * 1e3:>7.1f}"
            f" {max(s.late for s in group) * 1e3:>7.1f}"
            f" {max(apps) if apps else float('nan'):>7.1f}  {load_text}"
        )


def write_samples(samples: list[Sample], path: Path) -> None:
    """One CSV row per request (times in ms from the start of the load)."""
    metrics = list(dict.fromkeys(m for s in samples for m in s.server))
    with path.open("w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["kind", "due", "sent", "done", "status", *metrics])
        for s in samples:
            out.writerow(
                [
                    s.kind,
                    *(f"{v * 1e3:.2f}" for v in (s.due, s.sent, s.done)),
                    s.status,
                    *(s.server.get(m, "") for m in metrics),
                ]
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--rate", type=float, default=200.0, help="Requests started per second.")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--concurrency", type=int, default=64, help="Requests in flight, at most.")
    parser.add_argument(
        "--db", default=None, help="Store to build (or reuse): a SQLite path or a PostgreSQL URL."
    )
    parser.add_argument("--reuse", action="store_true", help="Use --db as it is if it exists.")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--workers", type=int, default=2, help="Server processes.")
    parser.add_argument(
        "--timeline", action="store_true", help="Also print the latencies second by second."
    )
    parser.add_argument("--samples", type=Path, default=None, help="Write every request (CSV).")
    parser.add_argument(
        "--slow", type=float, default=100.0, help="Count requests slower than this (ms)."
    )
    args = parser.parse_args()
    workdir = None
    if args.db is None:
        workdir = tempfile.TemporaryDirectory(prefix="bench-api-")
        args.db = str(Path(workdir.name) / "bench.db")
    postgres = is_postgres_url(args.db)
    exists = postgres or Path(args.db).exists()
    if postgres and not args.reuse:
        raise SystemExit("give a new, empty PostgreSQL schema with --reuse (it is filled if empty)")
    if not (args.reuse and exists):
        Path(args.db).unlink(missing_ok=True)
    with open_store(args.db) as store:
        empty = store.count_events() == 0
    if empty:
        took = build_store(args.db, args.events)
        print(f"store: {args.events:,} events written in {took:.0f} s")
    with open_store(args.db) as store:  # also applies this version's migrations
        count = store.count_events()
        token = create_token(store, f"bench-{os.getpid()}", role=Role.VIEWER).secret
    size = "PostgreSQL" if postgres else f"{Path(args.db).stat().st_size / 1e9:.2f} GB"
    print(f"store: {count:,} events, {size} ({'PostgreSQL' if postgres else args.db})")
    port = free_port()
    server = start_server(args.db, port, workers=args.workers)
    time.sleep(2 if args.workers > 1 else 0)  # the workers open the store
    cpu_before = server_cpu_seconds(server.pid)
    client_before = own_cpu_seconds()
    db_before = postgres_cpu_seconds() if postgres else 0.0
    load_before = os.getloadavg()
    cpu = CpuSampler(server.pid)
    # the load generator's own pauses count against the latencies (they are measured from
    # the time each request was due): no garbage collection during the load (a full one
    # took 10-14 ms here), what was made before it is kept out of the collector's reach
    gc.collect()
    gc.freeze()
    gc.disable()
    try:
        cpu.start()
        samples, errors, elapsed = asyncio.run(
            load(
                "127.0.0.1",
                port,
                token,
                rate=args.rate,
                seconds=args.seconds,
                concurrency=args.concurrency,
                count=count,
                seed=args.seed,
            )
        )
        cpu.stop()
        gc.enable()
        client_cpu = own_cpu_seconds() - client_before
        cpu_after = server_cpu_seconds(server.pid)
        per_process = [cpu_after[p] - cpu_before.get(p, 0.0) for p in cpu_after]
        server_cpu = sum(per_process)
        db_cpu = postgres_cpu_seconds() - db_before if postgres else 0.0
    finally:
        stop_server(server)
        if workdir is not None:
            workdir.cleanup()
    load_after = os.getloadavg()
    print(
        f"load average (1, 5, 15 min): {' '.join(f'{v:.1f}' for v in load_before)} before,"
        f" {' '.join(f'{v:.1f}' for v in load_after)} after"
    )
    if cpu.rows:
        steal = max(row["steal"] for _, row in cpu.rows)
        iowait = max(row["iowait"] for _, row in cpu.rows)
        busy = statistics.mean(row["busy"] for _, row in cpu.rows)
        own = statistics.mean(row["server"] for _, row in cpu.rows)
        print(
            f"machine CPU during the load: {busy:.0%} busy on average (the server {own:.0%}, the"
            f" rest the load generator and whatever else ran); at most {iowait:.0%} waiting for"
            f" the disk and {steal:.0%} stolen by the hypervisor in a second"
        )
    sent = len(samples)
    if sent:
        per = server_cpu / sent
        print(
            f"server CPU: {per * 1e3:.1f} ms per request (so one core answers about"
            f" {1 / per:.0f} requests/s whatever else the machine runs); by process"
            f" (supervisor first): {' + '.join(f'{c:.1f}' for c in per_process)} s"
            f" in {elapsed:.0f} s"
        )
        print(
            f"load generator CPU: {client_cpu / sent * 1e3:.2f} ms per request,"
            f" {client_cpu / elapsed:.0%} of a core"
        )
        if postgres:
            print(
                f"PostgreSQL CPU: {db_cpu / sent * 1e3:.1f} ms per request (its server processes"
                " on this machine; with the API's, what the two cores had to do)"
            )
    print(
        f"load: {sent:,} requests in {elapsed:.1f} s = {sent / elapsed:.0f} req/s"
        f" (target {args.rate:.0f} started/s, {os.cpu_count()} cores shared by server and load)"
    )
    if samples:
        report(samples, cpu, slow=args.slow / 1e3, timeline=args.timeline)
    if args.samples:
        write_samples(samples, args.samples)
    print(f"errors: {len(errors)}")
    for line in errors[:5]:
        print("  " + line)
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
