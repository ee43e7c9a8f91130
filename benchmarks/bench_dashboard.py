"""Benchmark: the dashboard's first render with 100,000 events, in headless chromium.

    python benchmarks/bench_dashboard.py                  # 100,000 synthetic events, 5 loads
    python benchmarks/bench_dashboard.py --events 20000 --loads 3
    python benchmarks/bench_dashboard.py --db big.db --reuse

Builds a store of synthetic events (as benchmarks/bench_api.py does), starts
``observatory serve`` on 127.0.0.1, and loads ``/`` in Debian's chromium (/usr/bin/chromium,
driven by Playwright) in a new browser context each time, so nothing is cached. A load is
timed from navigation to the moment the page says it is ready (``body[data-ready=map]``):
the map with its clusters, the timeline, the tallies beside the tolls and the first page of
events all drawn. Also prints each API call's server time as the browser saw it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_api import build_store, free_port, server_cpu_seconds, start_server, stop_server

from observatory.auth import Role, create_token
from observatory.store.sqlite import SQLiteStore

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--loads", type=int, default=5)
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--reuse", action="store_true")
    args = parser.parse_args()
    if not Path("/usr/bin/chromium").exists():
        sys.exit("needs /usr/bin/chromium: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    workdir = None
    if args.db is None:
        workdir = tempfile.TemporaryDirectory(prefix="bench-dashboard-")
        args.db = Path(workdir.name) / "bench.db"
    if not (args.reuse and args.db.exists()):
        args.db.unlink(missing_ok=True)
        print(f"store: {args.events:,} events written in {build_store(args.db, args.events):.0f} s")
    with SQLiteStore.open(args.db) as store:
        count = store.count_events()
        token = create_token(store, f"bench-{os.getpid()}", role=Role.VIEWER).secret
    print(f"store: {count:,} events")
    port = free_port()
    server = start_server(args.db, port, workers=2)
    time.sleep(2)  # the workers open the store
    cpu_before = sum(server_cpu_seconds(server.pid).values())
    base = f"http://127.0.0.1:{port}"
    times: list[float] = []
    calls: dict[str, list[float]] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for _ in range(args.loads):
                context = browser.new_context(viewport={"width": 1400, "height": 1000})
                context.add_init_script(f"localStorage.setItem('observatory-token', '{token}')")
                page = context.new_page()
                started: dict[str, float] = {}
                page.on("request", lambda r, s=started: s.__setitem__(r.url, time.perf_counter()))

                def finished(response: object, s: dict[str, float] = started) -> None:
                    url = response.url  # type: ignore[attr-defined]
                    if "/api/" in url and url in s:
                        name = url.split("/api/", 1)[1].split("?", 1)[0]
                        calls.setdefault(name, []).append(time.perf_counter() - s[url])

                page.on("response", finished)
                start = time.perf_counter()
                page.goto(base + "/")
                page.wait_for_selector("body[data-ready=map]", timeout=60_000)
                times.append(time.perf_counter() - start)
                clusters = page.locator(".cluster").count()
                context.close()
            browser.close()
        server_cpu = sum(server_cpu_seconds(server.pid).values()) - cpu_before
    finally:
        stop_server(server)
        if workdir is not None:
            workdir.cleanup()
    print(
        f"first render: first load {times[0]:.2f} s; median of {len(times)}"
        f" {statistics.median(times):.2f} s; max {max(times):.2f} s ({clusters} map groups drawn)"
    )
    print(
        f"server CPU per first render: {server_cpu / len(times):.2f} s (all its API calls;"
        " on idle cores the render waits for about this much, split over 2 workers)"
    )
    for name, values in sorted(calls.items()):
        print(
            f"  /api/{name:<20} median {statistics.median(values) * 1e3:7.1f} ms,"
            f" {len(values) / len(times):.1f} calls per render"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
