"""``observatory watch`` against a local HTTP server (loopback) serving changing feeds."""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import http.server
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from observatory.cli import cli
from observatory.errors import ConfigError
from observatory.extract import Extractor
from observatory.ingest import read_inputs
from observatory.pipeline import extract_pending, ingest
from observatory.records import Document
from observatory.settings import Settings
from observatory.store.base import EventQuery
from observatory.store.sqlite import SQLiteStore
from observatory.watch import PollStatus, Watcher

pytestmark = pytest.mark.network

TOWNS = [
    ("Maarat al-Numan", "Idlib"),
    ("Kafr Nabl", "Idlib"),
    ("Khan Sheikhoun", "Idlib"),
    ("Latamneh", "Hama"),
    ("Douma", "Rif Dimashq"),
    ("Jisr al-Shughur", "Idlib"),
]
DAY0 = dt.date(2019, 6, 3)


def report(number: int) -> tuple[str, str, dt.date]:
    """A short report of our own: title, text and publication day."""
    town, governorate = TOWNS[number % len(TOWNS)]
    day = DAY0 + dt.timedelta(days=number // len(TOWNS))
    weekday = day.strftime("%A")
    killed = 3 + number % 7
    title = f"Strikes on {town} kill {killed}"
    text = (
        f"Air strikes on {town} in {governorate} province killed {killed} civilians on"
        f" {weekday}, the Syrian Observatory for Human Rights said. Rescue workers searched"
        f" the rubble of {number % 4 + 2} houses after the raids."
    )
    return title, text, day


def rss(numbers: list[int], *, name: str) -> bytes:
    items = []
    for n in numbers:
        title, text, day = report(n)
        when = email.utils.format_datetime(
            dt.datetime(day.year, day.month, day.day, 18, tzinfo=dt.UTC)
        )
        items.append(
            f"<item><title>{title}</title><link>http://example.org/{name}/{n}</link>"
            f"<guid>{name}-{n}</guid><pubDate>{when}</pubDate>"
            f"<description>{text}</description></item>"
        )
    body = (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Monitor {name}</title><link>http://example.org/{name}</link>"
        f"<description>test feed</description>{''.join(items)}</channel></rss>"
    )
    return body.encode("utf-8")


@dataclass
class Resource:
    body: bytes
    content_type: str = "application/rss+xml"
    status: int = 200
    modified: str = field(default_factory=lambda: email.utils.formatdate(usegmt=True))

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest()[:16] + '"'


class FeedServer:
    """Serves ``resources`` by path on 127.0.0.1, with ETag and Last-Modified."""

    def __init__(self) -> None:
        self.resources: dict[str, Resource] = {}
        self.requests: list[tuple[str, str | None, int]] = []  # path, If-None-Match, status
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                found = server.resources.get(self.path)
                match = self.headers.get("If-None-Match")
                if found is None:
                    status = 404
                elif found.status != 200:
                    status = found.status
                elif match == found.etag:
                    status = 304
                else:
                    status = 200
                server.requests.append((self.path, match, status))
                self.send_response(status)
                if status == 200 and found is not None:
                    self.send_header("Content-Type", found.content_type)
                    self.send_header("ETag", found.etag)
                    self.send_header("Last-Modified", found.modified)
                    self.send_header("Content-Length", str(len(found.body)))
                    self.end_headers()
                    self.wfile.write(found.body)
                else:
                    self.send_header("Content-Length", "0")
                    self.end_headers()

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[FeedServer]:
    s = FeedServer()
    yield s
    s.close()


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    with SQLiteStore.open(tmp_path / "watch.db") as s:
        yield s


def _event_documents(store: SQLiteStore) -> set[str]:
    return {d for e in store.events(EventQuery()) for d in e.document_ids}


def test_only_new_items_are_ingested_and_become_events(
    server: FeedServer, store: SQLiteStore, settings: Settings, extractor: object
) -> None:
    server.resources["/a.xml"] = Resource(rss([0, 1, 2], name="a"))
    url = server.url("/a.xml")
    watcher = Watcher(store, [url], settings=settings, extractor=extractor)  # type: ignore[arg-type]
    [first] = watcher.poll()
    assert first.status is PollStatus.NEW
    assert (first.items, first.new, first.documents) == (3, 3, 3)
    assert first.claims >= 3 and first.events_written >= 1
    assert len(_event_documents(store)) == 3

    [second] = watcher.poll()  # the same feed: a conditional GET answered 304
    assert second.status is PollStatus.UNCHANGED and second.new == 0
    assert server.requests[-1] == ("/a.xml", server.resources["/a.xml"].etag, 304)

    server.resources["/a.xml"] = Resource(rss([0, 1, 2, 3], name="a"))
    [third] = watcher.poll()
    assert (third.items, third.new, third.documents) == (4, 1, 1)
    assert len(_event_documents(store)) == 4
    assert store.count_documents() == 4

    # a watcher started again on the same store remembers what it saw
    again = Watcher(store, [url], settings=settings, extractor=extractor)  # type: ignore[arg-type]
    server.resources["/a.xml"] = Resource(rss([3, 2, 1, 0], name="a"))  # new ETag, same items
    [fourth] = again.poll()
    assert fourth.status is PollStatus.UNCHANGED and fourth.items == 4 and fourth.new == 0
    assert store.count_documents() == 4
    state = store.source_state(url)
    assert state is not None and state.etag == server.resources["/a.xml"].etag


def test_a_failing_feed_backs_off_while_the_others_carry_on(
    server: FeedServer, store: SQLiteStore, settings: Settings, extractor: object
) -> None:
    server.resources["/good.xml"] = Resource(rss([0], name="good"))
    server.resources["/bad.xml"] = Resource(b"", status=500)
    good, bad = server.url("/good.xml"), server.url("/bad.xml")
    clock = Clock()
    watcher = Watcher(
        store,
        [bad, good],
        settings=settings,
        extractor=extractor,  # type: ignore[arg-type]
        backoff=10,
        max_backoff=25,
        now=clock,
    )
    failed, ok = watcher.poll()
    assert failed.status is PollStatus.FAILED and "HTTP 500" in (failed.error or "")
    assert failed.retry_at == clock.now + dt.timedelta(seconds=10)
    assert ok.status is PollStatus.NEW and ok.documents == 1

    server.resources["/good.xml"] = Resource(rss([0, 1], name="good"))
    clock.advance(5)
    waiting, ok = watcher.poll()
    assert waiting.status is PollStatus.WAITING
    assert ok.new == 1
    assert [r[0] for r in server.requests].count("/bad.xml") == 1  # not asked while waiting

    delays = []
    for _ in range(3):  # 10 s, then 20 s, then at most 25 s
        clock.now = waiting.retry_at or clock.now
        failed, _ok = watcher.poll()
        assert failed.status is PollStatus.FAILED
        delays.append(((failed.retry_at or clock.now) - clock.now).total_seconds())
        waiting = failed
    assert delays == [20, 25, 25]
    state = store.source_state(bad)
    assert state is not None and state.failures == 4 and state.last_error

    server.resources["/bad.xml"] = Resource(rss([10], name="bad"))
    clock.now = waiting.retry_at or clock.now
    recovered, _ok = watcher.poll()
    assert recovered.status is PollStatus.NEW and recovered.documents == 1
    state = store.source_state(bad)
    assert state is not None and state.failures == 0 and state.retry_at is None


def test_folders_give_new_and_changed_files(
    tmp_path: Path, store: SQLiteStore, settings: Settings, extractor: object
) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    for n in range(2):
        (folder / f"r{n}.txt").write_text(report(n)[1], encoding="utf-8")
    (folder / "README.md").write_text("not a report", encoding="utf-8")
    watcher = Watcher(store, [str(folder)], settings=settings, extractor=extractor)  # type: ignore[arg-type]
    [first] = watcher.poll()
    assert (first.items, first.new, first.documents) == (2, 2, 2)
    [second] = watcher.poll()
    assert second.status is PollStatus.UNCHANGED and second.new == 0
    (folder / "r2.txt").write_text(report(2)[1], encoding="utf-8")
    (folder / "r0.txt").write_text(report(3)[1], encoding="utf-8")  # replaced by another report
    [third] = watcher.poll()
    assert (third.items, third.new, third.documents) == (3, 2, 2)
    assert store.count_documents() == 4


@pytest.mark.parametrize("stopped_after", ["storing", "extracting"])
def test_a_poll_stopped_midway_is_completed_by_the_next(
    tmp_path: Path, store: SQLiteStore, settings: Settings, extractor: Extractor, stopped_after: str
) -> None:
    """A poll killed after storing (or extracting) its new items, before marking them seen."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    for n in range(2):
        (folder / f"r{n}.txt").write_text(report(n)[1], encoding="utf-8")
    documents = [d for d in read_inputs([folder], settings=settings) if isinstance(d, Document)]
    ingest(store, documents)  # what the stopped poll committed
    if stopped_after == "extracting":
        extract_pending(store, extractor, settings=settings)
    assert _event_documents(store) == set()
    watcher = Watcher(store, [str(folder)], settings=settings, extractor=extractor)
    [poll] = watcher.poll()
    assert (poll.items, poll.new, poll.documents) == (2, 2, 0)
    assert _event_documents(store) == {d.id for d in documents}
    assert poll.events_written >= 1
    assert list(store.documents_without_claims()) == [] and list(store.unlinked_claims()) == []


def test_a_page_is_a_new_item_when_its_text_changes(
    server: FeedServer, store: SQLiteStore, settings: Settings, extractor: object
) -> None:
    def page(n: int) -> bytes:
        title, text, _day = report(n)
        return f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>{text}</p></article></body></html>".encode()

    server.resources["/page"] = Resource(page(0), content_type="text/html")
    url = server.url("/page")
    watcher = Watcher(store, [url], settings=settings, extractor=extractor)  # type: ignore[arg-type]
    assert watcher.poll()[0].documents == 1
    assert watcher.poll()[0].status is PollStatus.UNCHANGED
    server.resources["/page"] = Resource(page(4), content_type="text/html")
    [changed] = watcher.poll()
    assert changed.new == 1 and changed.documents == 1
    assert {d.url for d in store.documents()} == {url}


def test_bad_sources_are_refused(store: SQLiteStore, settings: Settings) -> None:
    with pytest.raises(ConfigError, match="no such file"):
        Watcher(store, ["not/here"], settings=settings)
    with pytest.raises(ConfigError, match="nothing to watch"):
        Watcher(store, [], settings=settings)


def test_watch_once_from_the_command_line(
    server: FeedServer, tmp_path: Path, settings: Settings
) -> None:
    server.resources["/a.xml"] = Resource(rss([0, 1], name="a"))
    server.resources["/down.xml"] = Resource(b"", status=503)
    db = str(tmp_path / "cli.db")
    env = {"OBSERVATORY_GAZETTEER_PATH": settings.gazetteer_path}
    args = ["--db", db, "watch", "--once", server.url("/a.xml")]
    result = CliRunner().invoke(cli, args, env=env)
    assert result.exit_code == 0, result.output
    assert "2 items, 2 new; 2 documents stored" in result.output
    result = CliRunner().invoke(cli, [*args, server.url("/down.xml")], env=env)
    assert result.exit_code == 1
    assert "not modified" in result.output and "failed (HTTP 503" in result.output
