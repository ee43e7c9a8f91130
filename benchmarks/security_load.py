"""Load on /api/events before and after the security middleware (bounded, loopback only).

Serves the bundled examples' store twice with uvicorn on 127.0.0.1 (a free port): once
without any extension (no security middleware) and once with the default extensions (the
security middleware), and sends the same bounded load to each: ``--requests`` GET
/api/events?limit=50 with a viewer token from ``--concurrency`` client threads, in
alternating rounds so both see the same machine load. Prints p50, p95, p99 and requests/s.

    python benchmarks/security_load.py --requests 2000 --concurrency 8
"""

from __future__ import annotations

import argparse
import socket
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """uvicorn serving an app in a thread, on loopback."""

    def __init__(self, app: object) -> None:
        import uvicorn

        self.port = _free_port()
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")  # type: ignore[arg-type]
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.time() + 30
        while not self.server.started:
            if time.time() > deadline:
                raise SystemExit("the server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def _load(port: int, token: str, *, requests: int, concurrency: int) -> list[float]:
    import httpx

    url = f"http://127.0.0.1:{port}/api/events"
    local = threading.local()

    def one(_: int) -> float:
        client = getattr(local, "client", None)
        if client is None:
            client = local.client = httpx.Client(headers={"Authorization": f"Bearer {token}"})
        began = time.perf_counter()
        response = client.get(url, params={"limit": 50})
        elapsed = time.perf_counter() - began
        if response.status_code != 200:
            raise SystemExit(f"unexpected {response.status_code}: {response.text[:200]}")
        return elapsed

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        return list(pool.map(one, range(requests)))


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=2000, help="per setup, over all rounds")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args()

    from observatory.api import create_app
    from observatory.auth import Role, create_token
    from observatory.ingest import read_inputs
    from observatory.pipeline import run
    from observatory.settings import load_settings
    from observatory.store.sqlite import SQLiteStore

    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "store.db"
        settings = load_settings(overrides={"db": str(db), "auth_failures_per_minute": 10_000})
        with SQLiteStore.open(db) as store:
            run(store, read_inputs([ROOT / "examples"], settings=settings), settings=settings)
            token = create_token(store, "load", role=Role.VIEWER).secret
            events = sum(1 for _ in store.events())
        apps = {
            "without security middleware": create_app(settings, extensions=[]),
            "with security middleware": create_app(settings),
        }
        times: dict[str, list[float]] = {name: [] for name in apps}
        walls: dict[str, float] = dict.fromkeys(apps, 0.0)
        per_round = max(1, args.requests // args.rounds)
        for app in apps.values():  # warm up each server once
            with Server(app) as server:
                _load(server.port, token, requests=50, concurrency=args.concurrency)
        for _ in range(args.rounds):
            for name, app in apps.items():
                with Server(app) as server:
                    began = time.perf_counter()
                    times[name] += _load(
                        server.port, token, requests=per_round, concurrency=args.concurrency
                    )
                    walls[name] += time.perf_counter() - began
    print(
        f"GET /api/events?limit=50 over {events} events, {args.concurrency} client threads,"
        f" {per_round * args.rounds} requests per setup in {args.rounds} alternating rounds"
    )
    print(
        f"{'setup':30s} {'p50 ms':>8s} {'p95 ms':>8s} {'p99 ms':>8s} {'mean ms':>8s} {'req/s':>7s}"
    )
    for name, values in times.items():
        print(
            f"{name:30s} {_percentile(values, 0.5) * 1000:8.1f} {_percentile(values, 0.95) * 1000:8.1f}"
            f" {_percentile(values, 0.99) * 1000:8.1f} {statistics.fmean(values) * 1000:8.1f}"
            f" {len(values) / walls[name]:7.0f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
