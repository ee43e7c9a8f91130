"""Watching sources: poll feeds, pages and folders, and ingest only what is new.

``observatory watch SOURCE...`` is a thin loop over :class:`Watcher`. One *pass*:

1. every source that is due (not backing off after failures) is fetched, URLs concurrently
   in threads: a URL with ``If-None-Match`` / ``If-Modified-Since`` from the last
   response's ``ETag`` / ``Last-Modified`` (a ``304 Not Modified`` costs nothing more); a
   folder by listing its files;
2. what was fetched is read with the ingest readers (an RSS/Atom feed gives one document
   per entry, a page one document, each new or changed file its documents);
3. each item has a key: a feed entry its link (else its text's hash), a page its text's
   hash, a file its path, size and modification time. Items whose key the store has seen
   for that source are dropped; the others are stored, extracted and linked into the
   store's events incrementally (:func:`observatory.pipeline.extract_pending`,
   :func:`observatory.link.link_store`), then marked seen;
4. the source's state is saved in the store (migration 4): validators, times, failures.

A source that fails (network error, HTTP error, unreadable feed) is retried with
exponential back-off (``backoff`` seconds doubled per failure in a row, at most
``max_backoff``) while the other sources carry on. Everything lives in the store, so a
watcher that restarts goes on where it stopped, and an item is never stored twice.
Each pass logs one line per source on the ``observatory.watch`` logger.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import tempfile
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path

from observatory.errors import ConfigError, InputError
from observatory.extract import Extractor
from observatory.records import Document
from observatory.settings import Settings
from observatory.store.base import Repository, SourceState

__all__ = [
    "Fetched",
    "PollResult",
    "PollStatus",
    "Watcher",
    "fetch_url",
]

log = logging.getLogger("observatory.watch")

USER_AGENT = "observatory-watch"
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:rdf)\b", re.IGNORECASE)
_HTML_ROOT = re.compile(rb"<(?:!doctype\s+html|html)\b", re.IGNORECASE)
_FOLDER_DOCS = re.compile(r"^(?:readme|licen[cs]e|copying|changelog)(?:\.\w+)?$", re.IGNORECASE)


class PollStatus(StrEnum):
    NEW = "new"  # new items were stored
    UNCHANGED = "unchanged"  # 304, or nothing new
    FAILED = "failed"  # the source could not be read; it backs off
    WAITING = "waiting"  # backing off after failures; not polled this pass


@dataclass(frozen=True, slots=True, kw_only=True)
class PollResult:
    """What one pass did with one source."""

    source: str
    status: PollStatus
    items: int = 0  # items the source holds now (0 when not modified)
    new: int = 0  # items not seen before
    documents: int = 0  # documents new to the store
    claims: int = 0
    events_written: int = 0
    problems: tuple[str, ...] = ()  # items that could not be read
    error: str | None = None  # why the source failed
    retry_at: dt.datetime | None = None

    def describe(self) -> str:
        """One log line."""
        if self.status is PollStatus.WAITING:
            return f"{self.source}: backing off until {_clock(self.retry_at)}"
        if self.status is PollStatus.FAILED:
            return f"{self.source}: failed ({self.error}); next try at {_clock(self.retry_at)}"
        if self.status is PollStatus.UNCHANGED and not self.items:
            return f"{self.source}: not modified"
        text = (
            f"{self.source}: {self.items} items, {self.new} new; {self.documents} documents"
            f" stored, {self.claims} claims, {self.events_written} events written"
        )
        if self.problems:
            text += f"; {len(self.problems)} items unreadable"
        return text


def _clock(value: dt.datetime | None) -> str:
    return value.isoformat(timespec="seconds") if value else "-"


@dataclass(frozen=True, slots=True, kw_only=True)
class Fetched:
    """A URL's response: ``status`` 200 with a body, or 304 with none."""

    status: int
    body: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None
    url: str = ""


def fetch_url(
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    timeout: float = 30.0,
    limit: int = 100_000_000,
) -> Fetched:
    """GET ``url`` conditionally; :class:`InputError` when it cannot be fetched."""
    headers = {"User-Agent": USER_AGENT}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    request = urllib.request.Request(url, headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            body: bytes = response.read(limit + 1)
            if len(body) > limit:
                raise InputError(f"response over {limit:,} bytes", source=url)
            return Fetched(
                status=response.status,
                body=body,
                content_type=response.headers.get_content_type().lower(),
                etag=response.headers.get("ETag"),
                last_modified=response.headers.get("Last-Modified"),
                url=response.geturl() or url,
            )
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return Fetched(status=304, etag=etag, last_modified=last_modified, url=url)
        raise InputError(f"HTTP {exc.code} {exc.reason}", source=url) from exc
    except urllib.error.URLError as exc:
        raise InputError(f"cannot fetch: {exc.reason}", source=url) from exc
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot fetch: {exc}", source=url) from exc


def _is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def _suffix(fetched: Fetched) -> str:
    """The file suffix the ingest readers read the body as."""
    kind = fetched.content_type
    head = fetched.body[:8192]
    if "rss" in kind or "atom" in kind or kind in {"application/xml", "text/xml"}:
        return ".xml" if _FEED_ROOT.search(head) else ".html" if _HTML_ROOT.search(head) else ".txt"
    if kind in {"text/html", "application/xhtml+xml"}:
        return ".html"
    if kind == "text/plain":
        return ".txt"
    if _FEED_ROOT.search(head):
        return ".xml"
    return ".html" if _HTML_ROOT.search(head) else ".txt"


@dataclass(frozen=True, slots=True, kw_only=True)
class _Item:
    key: str
    document: Document


@dataclass(frozen=True, slots=True, kw_only=True)
class _Read:
    """What reading a source gave: keyed documents, and the keys to remember."""

    items: tuple[_Item, ...]
    marks: tuple[str, ...]  # the items' keys, and the keys of the files read
    total: int  # items (entries, pages, files) the source holds
    problems: tuple[str, ...] = ()


class Watcher:
    """Polls ``sources`` into ``repo``; :meth:`poll` runs one pass, :meth:`run` many."""

    def __init__(
        self,
        repo: Repository,
        sources: Sequence[str],
        *,
        settings: Settings,
        extractor: Extractor | None = None,
        backoff: float = 60.0,
        max_backoff: float = 3600.0,
        timeout: float = 30.0,
        threads: int = 8,
        fetch: Callable[..., Fetched] = fetch_url,
        now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    ) -> None:
        if not sources:
            raise ConfigError("nothing to watch: give feed or page URLs, or folders")
        for source in sources:
            if not _is_url(source) and not Path(source).exists():
                raise ConfigError(f"{source}: not an http(s) URL, and no such file or folder")
        if backoff <= 0 or max_backoff < backoff:
            raise ConfigError("the back-off must be positive and at most the maximum back-off")
        self.repo = repo
        self.sources = tuple(dict.fromkeys(sources))
        self.settings = settings
        self._extractor = extractor
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.timeout = timeout
        self.threads = threads
        self._fetch = fetch
        self._now = now

    @property
    def extractor(self) -> Extractor:
        if self._extractor is None:
            self._extractor = Extractor.from_settings(self.settings)
        return self._extractor

    # ------------------------------------------------------------------- one pass
    def poll(self) -> list[PollResult]:
        """Poll every due source once; one result per source, in the order given."""
        now = self._now()
        states = {s: self.repo.source_state(s) or SourceState(source=s) for s in self.sources}
        due = [s for s in self.sources if _due(states[s], now)]
        urls = [s for s in due if _is_url(s)]
        fetched: dict[str, Fetched | InputError] = {}
        if urls:
            with ThreadPoolExecutor(max_workers=min(self.threads, len(urls))) as pool:
                for source, outcome in zip(
                    urls, pool.map(lambda s: self._try_fetch(s, states[s]), urls), strict=True
                ):
                    fetched[source] = outcome
        results = []
        for source in self.sources:
            state = states[source]
            if source not in due:
                result = PollResult(
                    source=source, status=PollStatus.WAITING, retry_at=state.retry_at
                )
            else:
                result = self._poll_one(source, state, fetched.get(source))
            log.info("%s", result.describe())
            results.append(result)
        return results

    def _try_fetch(self, source: str, state: SourceState) -> Fetched | InputError:
        try:
            return self._fetch(
                source,
                etag=state.etag,
                last_modified=state.last_modified,
                timeout=self.timeout,
                limit=self.settings.max_feed_bytes,
            )
        except InputError as exc:
            return exc

    def _poll_one(
        self, source: str, state: SourceState, outcome: Fetched | InputError | None
    ) -> PollResult:
        now = self._now()
        etag = last_modified = None
        try:
            if outcome is None:
                read = self._folder_items(source)
            elif isinstance(outcome, InputError):
                raise outcome
            elif outcome.status == 304:
                self.repo.save_source_state(
                    replace(state, checked_at=now, failures=0, retry_at=None, last_error=None)
                )
                return PollResult(source=source, status=PollStatus.UNCHANGED)
            else:
                read = self._url_items(source, outcome)
                etag, last_modified = outcome.etag, outcome.last_modified
        except InputError as exc:
            return self._failed(source, state, exc.reason, now)
        result = self._ingest(source, read)
        self.repo.save_source_state(
            replace(
                state,
                etag=etag,
                last_modified=last_modified,
                checked_at=now,
                changed_at=now if result.new else state.changed_at,
                failures=0,
                retry_at=None,
                last_error=None,
            )
        )
        return result

    def _failed(self, source: str, state: SourceState, error: str, now: dt.datetime) -> PollResult:
        failures = state.failures + 1
        delay = min(self.max_backoff, self.backoff * 2 ** (failures - 1))
        retry_at = now + dt.timedelta(seconds=delay)
        self.repo.save_source_state(
            replace(state, checked_at=now, failures=failures, retry_at=retry_at, last_error=error)
        )
        return PollResult(source=source, status=PollStatus.FAILED, error=error, retry_at=retry_at)

    # ------------------------------------------------------------------ reading
    def _read(self, paths: Sequence[Path]) -> Iterator[Document | InputError]:
        from observatory.ingest import read_inputs

        return read_inputs(list(paths), settings=self.settings)

    def _url_items(self, source: str, fetched: Fetched) -> _Read:
        suffix = _suffix(fetched)
        with tempfile.TemporaryDirectory(prefix="observatory-watch-") as folder:
            path = Path(folder) / f"body{suffix}"
            path.write_bytes(fetched.body)
            read = list(self._read([path]))
        documents = [d for d in read if isinstance(d, Document)]
        errors = [e for e in read if isinstance(e, InputError)]
        if not documents and errors:
            raise InputError(errors[0].reason, source=source)
        items = []
        for number, doc in enumerate(documents, start=1):
            if suffix == ".xml":
                key = f"entry:{doc.url}" if doc.url else f"text:{doc.content_hash}"
                doc = replace(doc, source=f"{source}#{number}")
            else:
                key = f"page:{doc.content_hash}"
                doc = replace(doc, source=source, url=doc.url or fetched.url)
            items.append(_Item(key=key, document=doc))
        return _Read(
            items=tuple(items),
            marks=tuple(i.key for i in items),
            total=len(items),
            problems=tuple(f"{source}: {e.reason}" for e in errors),
        )

    def _folder_items(self, source: str) -> _Read:
        root = Path(source)
        if not root.exists():
            raise InputError("no such file or folder", source=source)
        files = [root] if root.is_file() else list(_files(root))
        keys: dict[Path, str] = {}
        for path in files:
            try:
                stat = path.stat()
            except OSError as exc:
                raise InputError(
                    f"cannot read {path}: {exc.strerror or exc}", source=source
                ) from exc
            name = path.relative_to(root) if root.is_dir() else path.name
            keys[path] = f"file:{name}:{stat.st_size}:{stat.st_mtime_ns}"
        seen = self.repo.seen_items(source, keys.values())
        items: list[_Item] = []
        problems: list[str] = []
        marks: list[str] = []
        for path, key in keys.items():
            if key in seen:
                continue
            marks.append(key)
            documents = 0
            for item in self._read([path]):
                if isinstance(item, InputError):
                    problems.append(str(item))
                else:
                    items.append(_Item(key=f"{key}#{documents}", document=item))
                    documents += 1
        marks.extend(i.key for i in items)
        return _Read(
            items=tuple(items), marks=tuple(marks), total=len(files), problems=tuple(problems)
        )

    # ------------------------------------------------------------- storing, linking
    def _ingest(self, source: str, read: _Read) -> PollResult:
        from observatory.link import link_store
        from observatory.pipeline import extract_pending, ingest

        seen = self.repo.seen_items(source, (i.key for i in read.items))
        new = [i for i in read.items if i.key not in seen]
        new_documents = list({i.document.id: i.document for i in new}.values())
        report = ingest(self.repo, new_documents)
        stored = set(report.stored)
        to_extract = [d for d in new_documents if d.id in stored]
        to_link = set(stored)
        if report.present:
            # new items whose documents are stored already: a poll stopped (killed) after
            # storing them may have left them unextracted, or their claims in no event
            present = set(report.present)
            undone = present & {d.id for d in self.repo.documents_without_claims()}
            to_extract += [d for d in new_documents if d.id in undone]
            to_link |= undone | (present & {c.document_id for c in self.repo.unlinked_claims()})
        claims = events = 0
        if to_extract:
            extractions = extract_pending(
                self.repo, self.extractor, settings=self.settings, documents=to_extract
            )
            claims = sum(len(e.claims) for e in extractions)
        if to_link:
            linked = link_store(self.repo, settings=self.settings, document_ids=sorted(to_link))
            events = linked.events_written
        self.repo.mark_items_seen(source, [k for k in read.marks if k not in seen])
        return PollResult(
            source=source,
            status=PollStatus.NEW if new else PollStatus.UNCHANGED,
            items=read.total,
            new=len(new),
            documents=len(stored),
            claims=claims,
            events_written=events,
            problems=read.problems,
        )

    # ------------------------------------------------------------------- the loop
    def run(
        self,
        *,
        interval: float,
        passes: int | None = None,
        stop: threading.Event | None = None,
        on_pass: Callable[[list[PollResult]], None] = lambda results: None,
    ) -> None:
        """Poll every ``interval`` seconds, ``passes`` times (None: until ``stop`` is set)."""
        stop = stop or threading.Event()
        done = 0
        while not stop.is_set():
            on_pass(self.poll())
            done += 1
            if passes is not None and done >= passes:
                return
            stop.wait(interval)


def _due(state: SourceState, now: dt.datetime) -> bool:
    return state.retry_at is None or state.retry_at <= now


def _files(folder: Path) -> Iterator[Path]:
    try:
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith(".") or _FOLDER_DOCS.match(entry.name):
            continue
        if entry.is_dir() and not entry.is_symlink():
            yield from _files(entry)
        elif entry.is_file():
            yield entry
