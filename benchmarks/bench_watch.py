"""Watch latency: from an item appearing in a feed to its event being queryable.

    python benchmarks/bench_watch.py [--feeds 20] [--items 5] [--rounds 15] [--interval 1]

A local HTTP server (127.0.0.1) serves --feeds RSS feeds with ETag and Last-Modified,
each holding --items reports written here from templates. ``Watcher.run`` polls them every
--interval seconds in a background thread, into a temporary store. Each round adds one
new item to one feed and times, from that moment, until an event holding the new report
can be read from the store through another connection. Prints the latency (median, 90th
percentile, max) and the duration of the watcher's passes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import email.utils
import hashlib
import http.server
import statistics
import tempfile
import threading
import time
from pathlib import Path

from observatory.settings import load_settings
from observatory.store.base import EventQuery
from observatory.store.sqlite import SQLiteStore
from observatory.watch import PollResult, Watcher

TOWNS = [
    ("Maarat al-Numan", "Idlib"),
    ("Kafr Nabl", "Idlib"),
    ("Khan Sheikhoun", "Idlib"),
    ("Saraqib", "Idlib"),
    ("Latamneh", "Hama"),
    ("Kafr Zayta", "Hama"),
    ("Douma", "Rif Dimashq"),
    ("Jisr al-Shughur", "Idlib"),
    ("Ariha", "Idlib"),
    ("Tell Rifaat", "Aleppo"),
]
DAY0 = dt.date(2019, 5, 1)


def report(feed: int, number: int) -> tuple[str, str, dt.date, str]:
    """A short report of our own: title, text, day and link."""
    town, governorate = TOWNS[(feed * 7 + number) % len(TOWNS)]
    day = DAY0 + dt.timedelta(days=feed * 40 + number)
    killed = 2 + (feed + number) % 9
    title = f"Shelling on {town} kills {killed}"
    text = (
        f"Regime shelling on {town} in {governorate} province killed {killed} civilians on"
        f" {day:%A}, {day:%B} {day.day}, the Syrian Observatory for Human Rights said."
        f" Report {feed}-{number}."
    )
    return title, text, day, f"http://example.org/feed{feed}/{number}"


def rss(feed: int, count: int) -> bytes:
    items = []
    for n in range(count):
        title, text, day, link = report(feed, n)
        when = email.utils.format_datetime(
            dt.datetime(day.year, day.month, day.day, 18, tzinfo=dt.UTC)
        )
        items.append(
            f"<item><title>{title}</title><link>{link}</link><pubDate>{when}</pubDate>"
            f"<description>{text}</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Monitor {feed}</title><link>http://example.org/feed{feed}</link>"
        f"<description>bench</description>{''.join(items)}</channel></rss>"
    ).encode()


class Feeds:
    """An HTTP server of RSS feeds on 127.0.0.1 with ETag / If-None-Match."""

    def __init__(self, feeds: int, items: int) -> None:
        self.counts = dict.fromkeys(range(feeds), items)
        self.bodies = {f: rss(f, items) for f in range(feeds)}
        self.lock = threading.Lock()
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                feed = int(self.path.strip("/").removesuffix(".xml").removeprefix("feed"))
                with owner.lock:
                    body = owner.bodies[feed]
                etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("ETag", etag)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def url(self, feed: int) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/feed{feed}.xml"

    def add_item(self, feed: int) -> tuple[str, dt.date]:
        with self.lock:
            number = self.counts[feed]
            self.counts[feed] = number + 1
            self.bodies[feed] = rss(feed, number + 1)
        _title, _text, day, link = report(feed, number)
        return link, day


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--feeds", type=int, default=20)
    ap.add_argument("--items", type=int, default=5)
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--interval", type=float, default=1.0)
    args = ap.parse_args()
    feeds = Feeds(args.feeds, args.items)
    settings = load_settings()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "watch.db"
        store = SQLiteStore.open(db)
        watcher = Watcher(
            store, [feeds.url(f) for f in range(args.feeds)], settings=settings, timeout=10
        )
        # the extractor is loaded in the watcher's thread, by its first pass (the
        # gazetteer's SQLite connection belongs to the thread that opened it)
        passes: list[float] = []
        first = threading.Event()
        last = [time.perf_counter()]

        def on_pass(results: list[PollResult]) -> None:
            now = time.perf_counter()
            passes.append(now - last[0])
            last[0] = now
            first.set()

        stop = threading.Event()
        t0 = time.perf_counter()
        runner = threading.Thread(
            target=watcher.run, kwargs={"interval": args.interval, "stop": stop, "on_pass": on_pass}
        )
        runner.start()
        first.wait()
        print(
            f"first pass: {args.feeds} feeds x {args.items} items stored, extracted and linked"
            f" in {time.perf_counter() - t0:.1f} s"
        )
        reader = SQLiteStore.open(db)
        latencies = []
        for r in range(args.rounds):
            feed = r % args.feeds
            link, day = feeds.add_item(feed)
            t0 = time.perf_counter()
            while True:
                ids = [d.id for d in reader.documents() if d.url == link]
                if ids and any(
                    ids[0] in e.document_ids
                    for e in reader.events(EventQuery(since=day - dt.timedelta(days=2), until=day))
                ):
                    break
                if time.perf_counter() - t0 > 120:
                    raise SystemExit(f"no event for {link} after 120 s")
                time.sleep(0.02)
            latencies.append(time.perf_counter() - t0)
            time.sleep(args.interval * 0.37)  # items appear at varied points of the cycle
        stop.set()
        runner.join()
        reader.close()
        store.close()
    latencies.sort()
    p90 = latencies[min(len(latencies) - 1, int(0.9 * len(latencies)))]
    print(
        f"latency item -> queryable event over {len(latencies)} items, {args.feeds} feeds,"
        f" interval {args.interval:g} s: median {statistics.median(latencies):.2f} s,"
        f" p90 {p90:.2f} s, max {latencies[-1]:.2f} s"
    )
    steady = passes[1:]
    if steady:
        print(
            f"watcher cycle (pass + wait): median {statistics.median(steady):.2f} s,"
            f" max {max(steady):.2f} s over {len(steady)} passes"
        )


if __name__ == "__main__":
    main()
