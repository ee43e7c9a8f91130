"""Reading inputs: files, folders, feeds, corpora and URLs into Documents.

:func:`read_inputs` yields a :class:`~observatory.records.Document` for each report read and
an :class:`~observatory.errors.InputError` for each input (or corpus line) that cannot be
read, then goes on with the rest. Nothing is raised for bad input.

How a file is read:

- ``.jsonl`` / ``.ndjson``: one JSON object per line, ``{"id", "text", "published"?,
  "title"?, "outlet"?, "url"?, "language"?}`` (:func:`read_jsonl`);
- ``.csv``: one document per row, columns named by :class:`CsvColumns` (:func:`read_csv`);
- ``.html`` / ``.htm`` / ``.xhtml``: the article text, title, date and site name found by
  trafilatura;
- ``.xml`` / ``.rss`` / ``.atom`` / ``.rdf``, or any file whose opening is an ``<rss>``,
  ``<feed>`` or ``<rdf:RDF>`` element: an RSS or Atom feed read by feedparser, one document
  per entry with its link, title and date, the feed's title as outlet;
- anything else (``.txt``, ``.md``, no extension, ...): plain text, unless its opening is
  HTML or a feed.

Folders are read recursively in sorted order, skipping hidden files and folders. ``http://``
and ``https://`` URLs are fetched (urllib) and read as a feed, an HTML page or text by
their content type.

Text is decoded as UTF-8 (with or without a byte-order mark), UTF-16 with a byte-order
mark, or else Windows-1252 (cp1252) for legacy files; a file that is neither, or whose
decoded text is more than ``max_control_ratio`` control characters, is
:class:`~observatory.errors.UndecodableInput` or :class:`~observatory.errors.BinaryInput`.

Limits (settings; each breach is :class:`~observatory.errors.InputTooLarge` naming its
setting, and the reader goes on with the next input, line or row):

- a single-document file (text, HTML, a fetched page) over ``max_document_bytes``;
- an HTML page nested deeper than ``max_html_depth``;
- a feed or fetched URL over ``max_feed_bytes``;
- a JSONL line over ``max_jsonl_line_bytes`` (read in bounded pieces, never whole);
- a CSV field over ``max_csv_field_chars``;
- a gzip, bzip2 or xz file (``.gz``, ``.bz2``, ``.xz``, or recognised by its magic bytes)
  is decompressed as it is read, and refused once it passes ``max_decompressed_bytes``.
  ``corpus.jsonl.gz`` is read as ``corpus.jsonl``.

Dates: ``published`` given to a reader is the user's (``PublishedBasis.USER``) and
overrides every other. Dates from a corpus column, a feed entry or an HTML page are
``METADATA``. A corpus date that cannot be read as one calendar day is *not* an error: the
document is kept, and its date is detected from its URL or dateline as for a plain text
(``NONE`` if neither gives one). A given ``outlet`` likewise overrides every other.
"""

from __future__ import annotations

import bz2
import codecs
import contextlib
import csv
import dataclasses
import datetime as dt
import gzip
import html
import html.parser
import http.client
import io
import json
import lzma
import re
import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import IO, Any

from observatory.errors import (
    BinaryInput,
    EmptyInput,
    InputError,
    InputTooLarge,
    MalformedRecord,
    UndecodableInput,
)
from observatory.ingest.documents import make_document
from observatory.ingest.outlets import canonical_outlet
from observatory.ingest.published import parse_date
from observatory.records import Document, PublishedBasis
from observatory.settings import Settings

__all__ = ["CsvColumns", "html_depth", "read_csv", "read_inputs", "read_jsonl", "read_text"]

FETCH_TIMEOUT_SECONDS = 30.0
SNIFF_BYTES = 8192
READ_CHUNK = 1 << 20
MAX_CONTROL_RATIO = Settings().max_control_ratio

JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
CSV_SUFFIXES = frozenset({".csv"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
FEED_SUFFIXES = frozenset({".xml", ".rss", ".atom", ".rdf"})
COMPRESSED_SUFFIXES = frozenset({".gz", ".bz2", ".xz"})

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF file"),
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"PK\x03\x04", "a ZIP archive or Office document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"\x7fELF", "an executable"),
    (b"\xd0\xcf\x11\xe0", "an old-style Office document"),
    (b"SQLite format 3\x00", "an SQLite database"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\x80-\x9f]")
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:rdf)\b", re.IGNORECASE)
_HTML_ROOT = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S
)


@dataclass(frozen=True, slots=True, kw_only=True)
class CsvColumns:
    """Which CSV columns hold what. Only the text column must exist; ``None`` = not used."""

    text: str = "text"
    id: str | None = "id"
    title: str | None = "title"
    published: str | None = "published"
    outlet: str | None = "outlet"
    url: str | None = "url"
    language: str | None = "language"
    encoding: str = "utf-8"


class _Kind(StrEnum):
    TEXT = "text"
    HTML = "html"
    FEED = "feed"


@dataclass(frozen=True, slots=True, kw_only=True)
class _Given:
    """What the user supplied for every document."""

    settings: Settings
    published: dt.date | None = None
    outlet: str | None = None

    def apply(self, doc: Document) -> Document:
        if self.outlet:
            name = canonical_outlet(self.outlet) or " ".join(self.outlet.split())
            if doc.outlet != name:
                doc = dataclasses.replace(doc, outlet=name)
        return doc


def _relabel(exc: InputError, *, source: str, line: int | None = None) -> InputError:
    """The same error, naming ``source`` (and ``line``)."""
    return type(exc)(exc.reason, source=source, line=line)


# ---------------------------------------------------------------------------- bytes -> str


def _binary_reason(data: bytes) -> str | None:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    if _compression(data) == "bzip2":
        return "not text: it looks like a bzip2 archive"
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return f"not text: it looks like {what}"
    if b"\x00" in data[:SNIFF_BYTES]:
        return "not text: it contains NUL bytes"
    return None


def decode_bytes(
    data: bytes,
    *,
    source: str,
    encoding: str | None = None,
    max_control_ratio: float = MAX_CONTROL_RATIO,
) -> str:
    """Text from bytes: UTF-8 (BOM or not), UTF-16 with a BOM, else Windows-1252.

    ``encoding``, when given and not UTF-8, is tried first. Raises BinaryInput or
    UndecodableInput naming ``source``; text more than ``max_control_ratio`` control
    characters is BinaryInput.
    """
    reason = _binary_reason(data)
    if reason:
        raise BinaryInput(reason, source=source)
    text: str | None = None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise UndecodableInput(
                f"has a UTF-16 byte-order mark but is not valid UTF-16 ({exc.reason})",
                source=source,
            ) from exc
    elif data.startswith(codecs.BOM_UTF8):
        try:
            text = data[len(codecs.BOM_UTF8) :].decode("utf-8")
        except UnicodeDecodeError as exc:
            raise UndecodableInput(
                f"has a UTF-8 byte-order mark but byte {exc.start} is not valid UTF-8",
                source=source,
            ) from exc
    else:
        tried = [encoding] if encoding and codecs.lookup(encoding).name != "utf-8" else []
        for name in (*tried, "utf-8", "cp1252"):
            try:
                text = data.decode(name)
                break
            except UnicodeDecodeError:
                continue
        if text is None:
            raise UndecodableInput(
                "cannot be decoded as UTF-8 or Windows-1252 (cp1252): convert it to UTF-8",
                source=source,
            )
    sample = text[:SNIFF_BYTES]
    if sample and len(_CONTROL.findall(sample)) > max_control_ratio * len(sample):
        share = len(_CONTROL.findall(sample)) / len(sample)
        raise BinaryInput(
            f"not text: {share:.1%} of its opening characters are control characters, over"
            f" the limit of {max_control_ratio:.1%} (setting max_control_ratio); it is binary"
            " or in an encoding other than UTF-8, UTF-16 or Windows-1252",
            source=source,
        )
    return text


# ------------------------------------------------------------------ compressed input


def _compression(head: bytes) -> str | None:
    """``"gzip"``, ``"bzip2"`` or ``"xz"`` when ``head`` opens such a stream."""
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    if head.startswith(b"BZh") and head[3:4].isdigit() and head[4:10] == b"1AY&SY":
        return "bzip2"
    if head.startswith(b"\xfd7zXZ\x00"):
        return "xz"
    return None


def _logical_suffix(path: Path) -> str:
    """The suffix that says what a file holds: ``.jsonl`` for ``corpus.jsonl.gz``."""
    suffix = path.suffix.lower()
    if suffix in COMPRESSED_SUFFIXES:
        return Path(path.stem).suffix.lower()
    return suffix


_STREAM_ERRORS = (OSError, EOFError, lzma.LZMAError, zlib.error, ValueError)


class _Input:
    """A file read as bytes, decompressed on the fly, never past ``max_decompressed_bytes``."""

    def __init__(self, path: Path, *, settings: Settings, source: str) -> None:
        self.source = source
        self.limit = settings.max_decompressed_bytes
        self.total = 0
        try:
            raw: IO[bytes] = path.open("rb")
        except OSError as exc:
            raise InputError(f"cannot read the file: {exc.strerror or exc}", source=source) from exc
        self._raw = raw
        try:
            head = raw.read(16)
            raw.seek(0)
        except OSError as exc:
            raw.close()
            raise InputError(f"cannot read the file: {exc.strerror or exc}", source=source) from exc
        self.compression = _compression(head)
        # the decompressing streams are closed by close(), with the file under them
        self._stream: IO[bytes] | gzip.GzipFile | bz2.BZ2File | lzma.LZMAFile
        if self.compression == "gzip":
            self._stream = gzip.GzipFile(fileobj=raw, mode="rb")
        elif self.compression == "bzip2":
            self._stream = bz2.BZ2File(raw, mode="rb")
        elif self.compression == "xz":
            self._stream = lzma.LZMAFile(raw, mode="rb")  # noqa: SIM115
        else:
            self._stream = raw

    def __enter__(self) -> _Input:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._stream is not self._raw:
            with contextlib.suppress(*_STREAM_ERRORS):
                self._stream.close()
        self._raw.close()

    def _count(self, data: bytes) -> bytes:
        if self.compression is None:
            return data
        self.total += len(data)
        if self.total > self.limit:
            raise InputTooLarge(
                f"{self.compression} input decompresses to over {self.limit:,} bytes"
                " (setting max_decompressed_bytes)",
                source=self.source,
            )
        return data

    def _guard(self, exc: BaseException) -> InputError:
        if self.compression is None:
            return InputError(f"cannot read the file: {exc}", source=self.source)
        return UndecodableInput(
            f"is not a valid {self.compression} file ({exc})", source=self.source
        )

    def read(self, size: int) -> bytes:
        try:
            return self._count(self._stream.read(size))
        except _STREAM_ERRORS as exc:
            raise self._guard(exc) from exc

    def readline(self, size: int) -> bytes:
        try:
            return self._count(self._stream.readline(size))
        except _STREAM_ERRORS as exc:
            raise self._guard(exc) from exc

    def rewind(self) -> None:
        try:
            self._stream.seek(0)
        except _STREAM_ERRORS as exc:
            raise self._guard(exc) from exc
        self.total = 0

    def read_all(self, *, limit: int, setting: str) -> bytes:
        """Everything, or InputTooLarge once past ``limit`` bytes (named ``setting``)."""
        chunks: list[bytes] = []
        size = 0
        while True:
            chunk = self.read(READ_CHUNK)
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > limit:
                what = "decompresses to" if self.compression else "is"
                raise InputTooLarge(
                    f"file {what} over {limit:,} bytes, the limit (setting {setting})",
                    source=self.source,
                )
            chunks.append(chunk)


def _read_bytes(path: Path, *, limit: int, setting: str, settings: Settings, source: str) -> bytes:
    """A file's bytes (decompressed), refused over ``limit`` bytes."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", source=source) from exc
    with _Input(path, settings=settings, source=source) as handle:
        if handle.compression is None and size > limit:
            raise InputTooLarge(
                f"file is {size:,} bytes, over the limit of {limit:,} (setting {setting})",
                source=source,
            )
        return handle.read_all(limit=limit, setting=setting)


# ------------------------------------------------------------------------- HTML depth

_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "keygen",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
_OPTIONAL_END = frozenset(
    [
        "p",
        "li",
        "dt",
        "dd",
        "option",
        "optgroup",
        "tr",
        "td",
        "th",
        "thead",
        "tbody",
        "tfoot",
        "colgroup",
        "caption",
        "rp",
        "rt",
    ]
)
_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "noscript"})
_MARKUP = re.compile(r"<!--|<(/?)([A-Za-z][A-Za-z0-9:_-]*)([^<>]*)>")
_RAW_TEXT_END = {name: re.compile(f"</{name}", re.IGNORECASE) for name in _RAW_TEXT}


def html_depth(markup: str, *, stop_at: int | None = None) -> int:
    """The deepest element nesting of an HTML page, as a browser would nest it (roughly).

    Void elements (``<br>``) and ``<x/>`` do not nest; an unclosed ``<p>`` or ``<li>`` is
    closed by the next one as in HTML; a stray end tag closes what it matches, or nothing.
    Comments and the contents of ``<script>``/``<style>`` are skipped. Linear in the size
    of ``markup``; stops early once the depth passes ``stop_at``.
    """
    stack: list[str] = []
    open_count: dict[str, int] = {}
    deepest = 0
    pos = 0
    while True:
        match = _MARKUP.search(markup, pos)
        if match is None:
            return deepest
        if match.group(0) == "<!--":
            end = markup.find("-->", match.end())
            if end < 0:
                return deepest
            pos = end + 3
            continue
        pos = match.end()
        closing, name, rest = match.group(1), match.group(2).lower(), match.group(3)
        if closing:
            if open_count.get(name):
                while stack:
                    top = stack.pop()
                    open_count[top] -= 1
                    if top == name:
                        break
            continue
        if name in _VOID or rest.rstrip().endswith("/"):
            continue
        if name in _RAW_TEXT:
            found = _RAW_TEXT_END[name].search(markup, pos)
            if found is None:
                return max(deepest, len(stack) + 1)
            pos = found.start()
            # the end tag itself is read on the next round, which pops the element
        if name in _OPTIONAL_END and open_count.get(name):
            index = len(stack) - 1
            while index >= 0 and stack[index] in _OPTIONAL_END and stack[index] != name:
                index -= 1
            if index >= 0 and stack[index] == name:
                for top in stack[index:]:
                    open_count[top] -= 1
                del stack[index:]
        stack.append(name)
        open_count[name] = open_count.get(name, 0) + 1
        deepest = max(deepest, len(stack))
        if stop_at is not None and deepest > stop_at:
            return deepest


def _check_html_depth(markup: str, *, settings: Settings, source: str) -> None:
    limit = settings.max_html_depth
    depth = html_depth(markup, stop_at=limit)
    if depth > limit:
        raise InputTooLarge(
            f"HTML nested more than {limit} elements deep (setting max_html_depth)",
            source=source,
        )


# ------------------------------------------------------------------------------- readers


def read_text(text: str, *, settings: Settings, source: str | None = None, **meta: Any) -> Document:
    """A Document from a string (``meta``: any keyword of :func:`make_document`)."""
    return make_document(text, settings=settings, source=source, **meta)


def _plain(text: str, *, source: str, given: _Given, url: str | None = None) -> Document:
    return make_document(
        text,
        url=url,
        published=given.published,
        published_basis=PublishedBasis.USER if given.published else None,
        outlet=given.outlet,
        source=source,
        settings=given.settings,
    )


def _outlet_name(raw: str | None) -> str | None:
    """A canonical outlet from a site or feed title ("SANA - Syrian Arab News Agency")."""
    if not raw or not raw.strip():
        return None
    hit = canonical_outlet(raw)
    if hit:
        return hit
    for piece in re.split(r"\s+[-–—|:]\s+|\s*\|\s*", raw):
        hit = canonical_outlet(piece) if piece.strip() else None
        if hit:
            return hit
    return " ".join(raw.split())


def _html_document(markup: str, *, source: str, given: _Given, url: str | None = None) -> Document:
    import trafilatura

    result: Any = trafilatura.bare_extraction(
        markup,
        url=url,
        with_metadata=True,
        include_comments=False,
        date_extraction_params={
            "original_date": True,
            "extensive_search": False,
            "max_date": dt.date.today().isoformat(),
        },
    )
    text = getattr(result, "text", None) if result is not None else None
    if not text or not str(text).strip():
        raise EmptyInput("no article text found in the HTML page", source=source)
    published = given.published
    basis: PublishedBasis | None = PublishedBasis.USER if published else None
    if published is None:
        published = parse_date(getattr(result, "date", None))
        basis = PublishedBasis.METADATA if published else None
    return make_document(
        str(text),
        title=getattr(result, "title", None),
        url=url or getattr(result, "url", None),
        outlet=given.outlet or _outlet_name(getattr(result, "sitename", None)),
        published=published,
        published_basis=basis,
        language=getattr(result, "language", None),
        source=source,
        settings=given.settings,
    )


class _TextFromHtml(html.parser.HTMLParser):
    """Text of an HTML fragment (a feed entry), block elements on their own lines."""

    BLOCKS = frozenset(
        {"p", "br", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"}
    )
    SKIP = frozenset({"script", "style"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)

    def text(self) -> str:
        lines = (" ".join(line.split()) for line in "".join(self.parts).split("\n"))
        return "\n".join(line for line in lines if line)


_TAG_OR_DECLARATION = re.compile(r"<[^<>]*>?")


def _fragment_text(value: str) -> str:
    if "<" not in value:
        return value
    parser = _TextFromHtml()
    try:
        parser.feed(value)
        parser.close()
    except AssertionError:
        # html.parser (CPython < 3.13) asserts on a malformed "<![" marked section instead
        # of reading past it (found by fuzzing): drop the markup, keep the words
        text = html.unescape(_TAG_OR_DECLARATION.sub(" ", value))
        return "\n".join(" ".join(line.split()) for line in text.split("\n") if line.strip())
    return parser.text()


def _entry_date(entry: Mapping[str, Any]) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            try:
                return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
            except ValueError:
                continue
    for key in ("published", "updated", "date"):
        raw = entry.get(key)
        day = parse_date(raw) if isinstance(raw, str) else None
        if day:
            return day
    return None


def _entry_text(entry: Mapping[str, Any]) -> str:
    for item in entry.get("content") or ():
        value = item.get("value") if isinstance(item, Mapping) else None
        if isinstance(value, str) and value.strip():
            return _fragment_text(value)
    for key in ("summary", "description"):
        value = entry.get(key)
        if isinstance(value, str) and value.strip():
            return _fragment_text(value)
    return ""


def _feed_documents(data: bytes, *, source: str, given: _Given) -> Iterator[Document | InputError]:
    import feedparser

    try:
        parsed: Any = feedparser.parse(data)
    except (UnicodeError, LookupError) as exc:
        # feedparser raises on an XML declaration naming an undecodable encoding (fuzzing)
        yield MalformedRecord(f"not a readable RSS or Atom feed ({exc})", source=source)
        return
    entries: list[Any] = list(parsed.get("entries") or [])
    if not entries:
        if parsed.get("bozo"):
            problem = parsed.get("bozo_exception")
            yield MalformedRecord(f"not a readable RSS or Atom feed ({problem})", source=source)
        else:
            yield EmptyInput("the feed has no entries", source=source)
        return
    feed_outlet = given.outlet or _outlet_name(parsed.get("feed", {}).get("title"))
    for number, entry in enumerate(entries, start=1):
        where = f"{source}#{number}"
        text = _entry_text(entry)
        if not text.strip():
            yield EmptyInput(f"feed entry {number} has no text", source=source)
            continue
        published = given.published or _entry_date(entry)
        basis = PublishedBasis.USER if given.published else PublishedBasis.METADATA
        try:
            yield make_document(
                text,
                title=_fragment_text(entry.get("title") or "") or None,
                url=entry.get("link"),
                outlet=feed_outlet,
                published=published,
                published_basis=basis if published else None,
                language=_language(entry.get("language") or parsed.get("feed", {}).get("language")),
                source=where,
                settings=given.settings,
            )
        except InputError as exc:
            yield type(exc)(f"feed entry {number}: {exc.reason}", source=source)


def _language(value: object) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    return value.strip().split("-")[0].split("_")[0].lower() or None


def _kind_of(path_suffix: str, head: bytes) -> _Kind:
    if path_suffix in HTML_SUFFIXES:
        return _Kind.HTML
    if path_suffix in FEED_SUFFIXES:
        return _Kind.FEED
    if _HTML_ROOT.match(head):
        return _Kind.HTML
    if head.lstrip().startswith(b"<") and _FEED_ROOT.search(head):
        return _Kind.FEED
    return _Kind.TEXT


def _document_from_bytes(
    data: bytes,
    *,
    kind: _Kind,
    source: str,
    given: _Given,
    url: str | None = None,
    encoding: str | None = None,
) -> Iterator[Document | InputError]:
    try:
        if not data.strip():
            raise EmptyInput("the file is empty", source=source)
        reason = _binary_reason(data)
        if reason:
            raise BinaryInput(reason, source=source)
        if kind is _Kind.FEED:
            if not _FEED_ROOT.search(data[:SNIFF_BYTES]):
                raise MalformedRecord("not an RSS or Atom feed", source=source)
            if len(data) > given.settings.max_feed_bytes:
                raise InputTooLarge(
                    f"feed of {len(data):,} bytes, over the limit of"
                    f" {given.settings.max_feed_bytes:,} (setting max_feed_bytes)",
                    source=source,
                )
            yield from _feed_documents(data, source=source, given=given)
            return
        if len(data) > given.settings.max_document_bytes:
            raise InputTooLarge(
                f"{len(data):,} bytes, over the limit of {given.settings.max_document_bytes:,}"
                " (setting max_document_bytes)",
                source=source,
            )
        text = decode_bytes(
            data,
            source=source,
            encoding=encoding,
            max_control_ratio=given.settings.max_control_ratio,
        )
        if kind is _Kind.HTML:
            _check_html_depth(text, settings=given.settings, source=source)
            yield _html_document(text, source=source, given=given, url=url)
        else:
            yield _plain(text, source=source, given=given, url=url)
    except InputError as exc:
        yield exc if exc.source else _relabel(exc, source=source)


def _read_file(
    path: Path, *, given: _Given, columns: CsvColumns | None
) -> Iterator[Document | InputError]:
    source = str(path)
    suffix = _logical_suffix(path)
    if suffix in JSONL_SUFFIXES:
        for item in read_jsonl(path, settings=given.settings, published=given.published):
            yield given.apply(item) if isinstance(item, Document) else item
        return
    if suffix in CSV_SUFFIXES:
        for item in read_csv(
            path, settings=given.settings, columns=columns, published=given.published
        ):
            yield given.apply(item) if isinstance(item, Document) else item
        return
    # a file that may be a feed is read up to the feed limit; other kinds are checked later
    settings = given.settings
    limit, setting = settings.max_document_bytes, "max_document_bytes"
    if suffix not in HTML_SUFFIXES and settings.max_feed_bytes > limit:
        limit, setting = settings.max_feed_bytes, "max_feed_bytes"
    try:
        data = _read_bytes(path, limit=limit, setting=setting, settings=settings, source=source)
    except InputError as exc:
        yield exc
        return
    kind = _kind_of(suffix, data[:SNIFF_BYTES])
    yield from _document_from_bytes(data, kind=kind, source=source, given=given)


_FOLDER_DOCS = re.compile(r"(?i)^(?:readme|licen[cs]e|copying|changelog|notice|authors)(?:\.\w+)?$")


def _walk(folder: Path) -> Iterator[Path | InputError]:
    try:
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        yield InputError(f"cannot list the folder: {exc.strerror or exc}", source=str(folder))
        return
    for entry in entries:
        if entry.name.startswith(".") or _FOLDER_DOCS.match(entry.name):
            continue  # hidden files; a folder's own README or LICENSE is not a report
        if entry.is_dir():
            if not entry.is_symlink():
                yield from _walk(entry)
        elif entry.is_file():
            yield entry


def _is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def _fetch(url: str, *, given: _Given) -> Iterator[Document | InputError]:
    limit = max(given.settings.max_feed_bytes, given.settings.max_document_bytes)
    request = urllib.request.Request(url, headers={"User-Agent": "observatory-ingest"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT_SECONDS) as response:  # noqa: S310
            data: bytes = response.read(limit + 1)
            content_type = response.headers.get_content_type().lower()
            charset = response.headers.get_content_charset()
            final_url = response.geturl() or url
    except urllib.error.HTTPError as exc:
        yield InputError(f"could not fetch: HTTP {exc.code} {exc.reason}", source=url)
        return
    except urllib.error.URLError as exc:
        yield InputError(f"could not fetch: {exc.reason}", source=url)
        return
    except (OSError, ValueError, http.client.HTTPException) as exc:
        yield InputError(f"could not fetch: {exc}", source=url)
        return
    if len(data) > limit:
        yield InputTooLarge(
            f"response over {limit:,} bytes (settings max_feed_bytes, max_document_bytes)",
            source=url,
        )
        return
    if (
        "rss" in content_type
        or "atom" in content_type
        or content_type
        in {
            "application/xml",
            "text/xml",
            "application/rdf+xml",
        }
    ):
        kind = _Kind.FEED if _FEED_ROOT.search(data[:SNIFF_BYTES]) else _kind_of("", data)
    elif content_type in {"text/html", "application/xhtml+xml"}:
        kind = _Kind.HTML
    elif content_type == "text/plain":
        kind = _Kind.TEXT
    else:
        kind = _kind_of("", data[:SNIFF_BYTES])
    yield from _document_from_bytes(
        data, kind=kind, source=url, given=given, url=final_url, encoding=charset
    )


def read_inputs(
    paths: Sequence[str | Path],
    *,
    settings: Settings,
    published: dt.date | None = None,
    outlet: str | None = None,
    columns: CsvColumns | None = None,
) -> Iterator[Document | InputError]:
    """Documents from files, folders (recursively) and http(s) URLs, and the errors met.

    ``published`` and ``outlet``, when given, override what the inputs say.
    """
    given = _Given(settings=settings, published=published, outlet=outlet)
    for item in paths:
        name = str(item)
        if isinstance(item, str) and _is_url(name):
            yield from (
                given.apply(d) if isinstance(d, Document) else d for d in _fetch(name, given=given)
            )
            continue
        path = Path(item)
        if path.is_dir():
            for entry in _walk(path):
                if isinstance(entry, InputError):
                    yield entry
                else:
                    yield from _read_file(entry, given=given, columns=columns)
        elif path.is_file():
            yield from _read_file(path, given=given, columns=columns)
        elif path.exists():
            yield InputError("not a regular file or folder", source=name)
        else:
            yield InputError("no such file or folder", source=name)


# ------------------------------------------------------------------------------- corpora


def _optional_str(record: Mapping[str, Any], key: str, *, source: str, line: int) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    raise MalformedRecord(
        f"'{key}' must be a string, not {type(value).__name__}", source=source, line=line
    )


def _jsonl_document(
    raw: bytes, *, number: int, source: str, settings: Settings, published: dt.date | None
) -> Document:
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError:
        try:
            line = raw.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise UndecodableInput(
                "cannot be decoded as UTF-8 or Windows-1252", source=source, line=number
            ) from exc
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise MalformedRecord(
            f"not valid JSON ({exc.msg} at column {exc.colno})", source=source, line=number
        ) from exc
    if not isinstance(record, dict):
        raise MalformedRecord(
            f"expected a JSON object, got {type(record).__name__}", source=source, line=number
        )
    text = record.get("text")
    if not isinstance(text, str):
        raise MalformedRecord('no "text" string in the record', source=source, line=number)
    raw_id = record.get("id")
    if isinstance(raw_id, bool) or not isinstance(raw_id, str | int | None):
        raise MalformedRecord('"id" must be a string or an integer', source=source, line=number)
    date_text = record.get("published")
    day = published or (parse_date(date_text) if isinstance(date_text, str) else None)
    try:
        return make_document(
            text,
            id=None if raw_id is None else str(raw_id),
            title=_optional_str(record, "title", source=source, line=number),
            outlet=_optional_str(record, "outlet", source=source, line=number),
            url=_optional_str(record, "url", source=source, line=number),
            language=_optional_str(record, "language", source=source, line=number),
            published=day,
            published_basis=(PublishedBasis.USER if published else PublishedBasis.METADATA)
            if day
            else None,
            source=f"{source}:{number}",
            settings=settings,
        )
    except InputError as exc:
        raise _relabel(exc, source=source, line=number) from exc


def read_jsonl(
    path: str | Path, *, settings: Settings, published: dt.date | None = None
) -> Iterator[Document | InputError]:
    """Documents from a JSONL corpus, one object per line; bad lines are yielded as errors.

    The file may be gzip, bzip2 or xz compressed. Lines are read in pieces of at most
    ``max_jsonl_line_bytes``, so a huge line is skipped without being held in memory.
    """
    source = str(path)
    try:
        handle = _Input(Path(path), settings=settings, source=source)
    except InputError as exc:
        yield exc
        return
    with handle:
        try:
            yield from _jsonl_lines(handle, source=source, settings=settings, published=published)
        except InputError as exc:  # a corrupt or over-large compressed stream, mid-file
            yield exc


def _jsonl_lines(
    handle: _Input, *, source: str, settings: Settings, published: dt.date | None
) -> Iterator[Document | InputError]:
    line_limit = settings.max_jsonl_line_bytes
    reason = _binary_reason(handle.read(SNIFF_BYTES))
    if reason:
        yield BinaryInput(reason, source=source)
        return
    handle.rewind()
    records = 0
    number = 0
    while True:
        raw = handle.readline(line_limit + 1)
        if not raw:
            break
        number += 1
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        if len(raw) > line_limit and not raw.endswith(b"\n"):
            records += 1
            size = len(raw)
            while True:  # skip the rest of the line, piece by piece
                rest = handle.readline(READ_CHUNK)
                size += len(rest)
                if not rest or rest.endswith(b"\n"):
                    break
            yield InputTooLarge(
                f"line of {size:,} bytes, over the limit of {line_limit:,}"
                " (setting max_jsonl_line_bytes)",
                source=source,
                line=number,
            )
            continue
        if not raw.strip():
            continue
        records += 1
        try:
            yield _jsonl_document(
                raw, number=number, source=source, settings=settings, published=published
            )
        except InputError as exc:
            yield exc
    if records == 0:
        yield EmptyInput("the file has no records", source=source)


def _cell(row: Sequence[str], index: int | None) -> str | None:
    if index is None or index >= len(row):
        return None
    return row[index].strip() or None


class LimitedCsv:
    """CSV rows read with our field limit: the csv module's limit is process-wide, so it is
    set only while a row is parsed."""

    def __init__(self, text: str, *, field_limit: int) -> None:
        self._reader = csv.reader(io.StringIO(text, newline=""))
        self._limit = field_limit

    @property
    def line_num(self) -> int:
        return self._reader.line_num

    def next_row(self) -> list[str]:
        previous = csv.field_size_limit(self._limit)
        try:
            return next(self._reader)
        finally:
            csv.field_size_limit(previous)


def read_csv(
    path: str | Path,
    *,
    settings: Settings,
    columns: CsvColumns | None = None,
    published: dt.date | None = None,
) -> Iterator[Document | InputError]:
    """Documents from a CSV corpus with a header row; bad rows are yielded as errors.

    The file (which may be gzip, bzip2 or xz compressed) is decoded whole with
    ``columns.encoding`` (UTF-8 falls back to Windows-1252 as for other files). Line
    numbers in errors are the row's first physical line. A row with a field over
    ``max_csv_field_chars`` is InputTooLarge; the rows after it are read on.
    """
    columns = columns or CsvColumns()
    source = str(path)
    try:
        with _Input(Path(path), settings=settings, source=source) as handle:
            data = handle.read_all(
                limit=settings.max_decompressed_bytes, setting="max_decompressed_bytes"
            )
    except InputError as exc:
        yield exc
        return
    if not data.strip():
        yield EmptyInput("the file is empty", source=source)
        return
    try:
        codecs.lookup(columns.encoding)
        text = decode_bytes(
            data,
            source=source,
            encoding=columns.encoding,
            max_control_ratio=settings.max_control_ratio,
        )
    except LookupError:
        yield InputError(f"unknown encoding {columns.encoding!r}", source=source)
        return
    except InputError as exc:
        yield exc
        return
    reader = LimitedCsv(text, field_limit=settings.max_csv_field_chars)
    next_row = reader.next_row

    try:
        header = [h.strip() for h in next_row()]
    except StopIteration:
        yield EmptyInput("the file is empty", source=source)
        return
    except csv.Error as exc:
        yield MalformedRecord(f"cannot read the header row ({exc})", source=source, line=1)
        return
    index = {name: i for i, name in reversed(list(enumerate(header)))}
    if columns.text not in index:
        yield MalformedRecord(
            f"no column {columns.text!r} for the text; columns are: {', '.join(header)}"
            " (choose with the text column option)",
            source=source,
            line=1,
        )
        return

    def at(name: str | None) -> int | None:
        return index.get(name) if name else None

    cols = {
        "id": at(columns.id),
        "title": at(columns.title),
        "published": at(columns.published),
        "outlet": at(columns.outlet),
        "url": at(columns.url),
        "language": at(columns.language),
    }
    text_at = index[columns.text]
    last_line = reader.line_num
    while True:
        first_line = last_line + 1
        try:
            row = next_row()
        except StopIteration:
            break
        except csv.Error as exc:
            message = str(exc)
            if "field larger than field limit" in message:
                yield InputTooLarge(
                    f"a field is over {settings.max_csv_field_chars:,} characters (setting max_csv_field_chars)",
                    source=source,
                    line=first_line,
                )
            else:
                yield MalformedRecord(
                    f"cannot read the row ({message})", source=source, line=first_line
                )
            if reader.line_num == last_line:
                break
            last_line = reader.line_num
            continue
        last_line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            yield MalformedRecord(
                f"row has {len(row)} fields, the header has {len(header)}",
                source=source,
                line=first_line,
            )
            continue
        day = published or parse_date(_cell(row, cols["published"]))
        try:
            yield make_document(
                row[text_at],
                id=_cell(row, cols["id"]),
                title=_cell(row, cols["title"]),
                outlet=_cell(row, cols["outlet"]),
                url=_cell(row, cols["url"]),
                language=_cell(row, cols["language"]),
                published=day,
                published_basis=(PublishedBasis.USER if published else PublishedBasis.METADATA)
                if day
                else None,
                source=f"{source}:{first_line}",
                settings=settings,
            )
        except InputError as exc:
            yield _relabel(exc, source=source, line=first_line)
