"""Corpora cut into partitions that workers read independently, in bounded memory.

:func:`plan_partitions` scans JSONL, CSV and Parquet corpora once, streaming, and cuts them
into :class:`Partition` records of about ``target_bytes`` each: byte ranges that start and
end on a record boundary (JSONL lines; CSV rows, whose quoted fields may hold newlines), or
runs of Parquet row groups. :func:`read_partition` reads one partition into the same
Documents the local readers make, so every engine extracts the same documents.

A partition's :attr:`Partition.key` names its bytes (file name, size and range), so a run
that restarts can skip the partitions it already finished.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from observatory.errors import ConfigError, InputError, InputTooLarge, MalformedRecord
from observatory.ingest.documents import make_document
from observatory.ingest.published import parse_date
from observatory.ingest.readers import CsvColumns, LimitedCsv, _jsonl_document
from observatory.records import Document, PublishedBasis
from observatory.settings import Settings

__all__ = [
    "TARGET_BYTES",
    "CorpusFormat",
    "Partition",
    "corpus_format",
    "plan_partitions",
    "read_partition",
]

TARGET_BYTES = 4_000_000  # about 1,000 news reports of average length


class CorpusFormat(StrEnum):
    JSONL = "jsonl"
    CSV = "csv"
    PARQUET = "parquet"


_SUFFIXES = {
    ".jsonl": CorpusFormat.JSONL,
    ".ndjson": CorpusFormat.JSONL,
    ".csv": CorpusFormat.CSV,
    ".parquet": CorpusFormat.PARQUET,
    ".pq": CorpusFormat.PARQUET,
}


def corpus_format(path: str | Path) -> CorpusFormat:
    """The corpus format from the file name; anything else is a :class:`ConfigError`."""
    found = _SUFFIXES.get(Path(path).suffix.lower())
    if found is None:
        raise ConfigError(
            f"{path}: the dask engine reads JSONL (.jsonl, .ndjson), CSV (.csv) or Parquet"
            " (.parquet) corpora; run other inputs with the local engine"
        )
    return found


@dataclass(frozen=True, slots=True, kw_only=True)
class Partition:
    """A piece of one corpus file: bytes ``[start, stop)``, or Parquet row groups."""

    index: int  # position in the plan, over all files
    path: str
    format: CorpusFormat
    start: int
    stop: int
    first_line: int = 1  # line number of the first record (JSONL, CSV), for messages
    file_size: int = 0
    header: tuple[str, ...] = ()  # CSV: the header row

    @property
    def key(self) -> str:
        """Stable name of this partition's bytes: same file, same range, same key."""
        text = f"{Path(self.path).name}|{self.file_size}|{self.format}|{self.start}|{self.stop}"
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def _decode_line(raw: bytes, encoding: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        if codecs.lookup(encoding).name != "utf-8":
            raise
        return raw.decode("cp1252", errors="replace")


def _jsonl_plan(path: Path, *, size: int, target: int, first: int) -> Iterator[Partition]:
    index, start, line = first, 0, 1
    with path.open("rb") as handle:
        while start < size:
            handle.seek(start)
            block = handle.read(target)
            if not block:
                break
            if not block.endswith(b"\n"):
                block += handle.readline()
            stop = start + len(block)
            yield Partition(
                index=index,
                path=str(path),
                format=CorpusFormat.JSONL,
                start=start,
                stop=stop,
                first_line=line,
                file_size=size,
            )
            line += block.count(b"\n")
            index += 1
            start = stop


def _csv_plan(
    path: Path, *, size: int, target: int, first: int, encoding: str
) -> Iterator[Partition]:
    offset = 0
    lines = 0

    def physical() -> Iterator[str]:
        nonlocal offset, lines
        with path.open("rb") as handle:
            for raw in handle:
                offset += len(raw)
                lines += 1
                if lines == 1 and raw.startswith(codecs.BOM_UTF8):
                    raw = raw[len(codecs.BOM_UTF8) :]
                yield _decode_line(raw, encoding)

    reader = csv.reader(physical())

    def next_row() -> list[str]:
        # any field size while planning (the partition's reader applies the setting); the
        # csv module's limit is process-wide, so it is set only while parsing
        previous = csv.field_size_limit(2**31 - 1)
        try:
            return next(reader)
        finally:
            csv.field_size_limit(previous)

    try:
        header = tuple(h.strip() for h in next_row())
    except StopIteration:
        return
    except csv.Error as exc:
        raise MalformedRecord(
            f"cannot read the header row ({exc})", source=str(path), line=1
        ) from exc
    index, start, line = first, offset, lines + 1

    def cut(stop: int) -> Partition:
        return Partition(
            index=index,
            path=str(path),
            format=CorpusFormat.CSV,
            start=start,
            stop=stop,
            first_line=line,
            file_size=size,
            header=header,
        )

    while True:
        try:
            next_row()
        except StopIteration:
            break
        except csv.Error:
            pass  # the partition's reader reports the row
        if offset - start >= target:
            yield cut(offset)
            index, start, line = index + 1, offset, lines + 1
    if offset > start:
        yield cut(offset)


def _parquet_plan(path: Path, *, size: int, target: int, first: int) -> Iterator[Partition]:
    import pyarrow.parquet as pq

    meta = pq.ParquetFile(path).metadata
    index, start, held = first, 0, 0
    for group in range(meta.num_row_groups):
        held += meta.row_group(group).total_byte_size
        if held >= target:
            yield Partition(
                index=index,
                path=str(path),
                format=CorpusFormat.PARQUET,
                start=start,
                stop=group + 1,
                file_size=size,
            )
            index, start, held = index + 1, group + 1, 0
    if start < meta.num_row_groups:
        yield Partition(
            index=index,
            path=str(path),
            format=CorpusFormat.PARQUET,
            start=start,
            stop=meta.num_row_groups,
            file_size=size,
        )


def plan_partitions(
    paths: Sequence[str | Path],
    *,
    target_bytes: int = TARGET_BYTES,
    encoding: str = "utf-8",
) -> Iterator[Partition]:
    """Partitions of the corpus files in ``paths`` (folders: their corpus files, sorted).

    The plan is made lazily, one file at a time, without holding any file in memory.
    """
    if target_bytes < 1:
        raise ValueError("target_bytes must be positive")
    files: list[Path] = []
    for item in paths:
        p = Path(item)
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in _SUFFIXES)
            if not found:
                raise ConfigError(
                    f"{p}: no JSONL, CSV or Parquet corpus in the folder; the dask engine"
                    " reads corpora (run text, HTML and feed files with the local engine)"
                )
            files.extend(found)
        else:
            files.append(p)
    index = 0
    for path in files:
        fmt = corpus_format(path)
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise InputError(
                f"cannot read the file: {exc.strerror or exc}", source=str(path)
            ) from exc
        if fmt is CorpusFormat.JSONL:
            plan = _jsonl_plan(path, size=size, target=target_bytes, first=index)
        elif fmt is CorpusFormat.CSV:
            plan = _csv_plan(path, size=size, target=target_bytes, first=index, encoding=encoding)
        else:
            plan = _parquet_plan(path, size=size, target=target_bytes, first=index)
        for part in plan:
            index = part.index + 1
            yield part


def _read_bytes(part: Partition) -> bytes:
    with Path(part.path).open("rb") as handle:
        handle.seek(part.start)
        return handle.read(part.stop - part.start)


def _jsonl_documents(
    part: Partition, *, settings: Settings, published: dt.date | None
) -> Iterator[Document | InputError]:
    data = _read_bytes(part)
    line_limit = settings.max_jsonl_line_bytes
    for number, raw in enumerate(data.splitlines(keepends=True), start=part.first_line):
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        if not raw.strip():
            continue
        if len(raw) > line_limit:
            yield InputTooLarge(
                f"line of {len(raw):,} bytes, over the limit of {line_limit:,}"
                " (setting max_jsonl_line_bytes)",
                source=part.path,
                line=number,
            )
            continue
        try:
            yield _jsonl_document(
                raw,
                number=number,
                source=part.path,
                settings=settings,
                published=published,
            )
        except InputError as exc:
            yield exc


def _row_document(
    values: dict[str, str | None],
    *,
    source: str,
    line: int | None,
    settings: Settings,
    published: dt.date | None,
) -> Document:
    day = published or parse_date(values.get("published"))
    try:
        return make_document(
            values.get("text") or "",
            id=values.get("id"),
            title=values.get("title"),
            outlet=values.get("outlet"),
            url=values.get("url"),
            language=values.get("language"),
            published=day,
            published_basis=(PublishedBasis.USER if published else PublishedBasis.METADATA)
            if day
            else None,
            source=f"{source}:{line}" if line is not None else source,
            settings=settings,
        )
    except InputError as exc:
        raise type(exc)(exc.reason, source=source, line=line) from exc


def _fields(columns: CsvColumns) -> dict[str, str | None]:
    return {
        "text": columns.text,
        "id": columns.id,
        "title": columns.title,
        "published": columns.published,
        "outlet": columns.outlet,
        "url": columns.url,
        "language": columns.language,
    }


def _cell(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _csv_documents(
    part: Partition, *, settings: Settings, columns: CsvColumns, published: dt.date | None
) -> Iterator[Document | InputError]:
    text = _decode_line(_read_bytes(part), columns.encoding)
    index = {name: i for i, name in reversed(list(enumerate(part.header)))}
    if columns.text not in index:
        yield MalformedRecord(
            f"no column {columns.text!r} for the text; columns are: {', '.join(part.header)}",
            source=part.path,
            line=1,
        )
        return
    reader = LimitedCsv(text, field_limit=settings.max_csv_field_chars)
    next_row = reader.next_row

    wanted = {field: index.get(name) if name else None for field, name in _fields(columns).items()}
    last_line = 0
    while True:
        line = part.first_line + last_line
        try:
            row = next_row()
        except StopIteration:
            break
        except csv.Error as exc:
            message = str(exc)
            if "field larger than field limit" in message:
                yield InputTooLarge(
                    f"a field is over {settings.max_csv_field_chars:,} characters (setting max_csv_field_chars)",
                    source=part.path,
                    line=line,
                )
            else:
                yield MalformedRecord(
                    f"cannot read the row ({message})", source=part.path, line=line
                )
            if reader.line_num == last_line:
                break
            last_line = reader.line_num
            continue
        last_line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(part.header):
            yield MalformedRecord(
                f"row has {len(row)} fields, the header has {len(part.header)}",
                source=part.path,
                line=line,
            )
            continue
        values = {
            field: (row[i] if field == "text" else _cell(row[i])) if i is not None else None
            for field, i in wanted.items()
        }
        try:
            yield _row_document(
                values, source=part.path, line=line, settings=settings, published=published
            )
        except InputError as exc:
            yield exc


def _parquet_documents(
    part: Partition, *, settings: Settings, columns: CsvColumns, published: dt.date | None
) -> Iterator[Document | InputError]:
    import pyarrow.parquet as pq

    handle = pq.ParquetFile(part.path)
    names = set(handle.schema_arrow.names)
    fields = {field: name for field, name in _fields(columns).items() if name and name in names}
    if "text" not in fields:
        yield MalformedRecord(
            f"no column {columns.text!r} for the text; columns are: {', '.join(sorted(names))}",
            source=part.path,
        )
        return
    row_number = sum(handle.metadata.row_group(g).num_rows for g in range(part.start))
    for batch in handle.iter_batches(
        row_groups=list(range(part.start, part.stop)), columns=sorted(set(fields.values()))
    ):
        table = {field: batch.column(name).to_pylist() for field, name in fields.items()}
        for i in range(batch.num_rows):
            row_number += 1
            values: dict[str, str | None] = {
                field: (str(col[i]) if field == "text" and col[i] is not None else _cell(col[i]))
                for field, col in table.items()
            }
            try:
                yield _row_document(
                    values,
                    source=f"{part.path}#row",
                    line=row_number,
                    settings=settings,
                    published=published,
                )
            except InputError as exc:
                yield exc


def read_partition(
    part: Partition,
    *,
    settings: Settings,
    columns: CsvColumns | None = None,
    published: dt.date | None = None,
) -> Iterator[Document | InputError]:
    """The documents of one partition, and its records that cannot be read."""
    columns = columns or CsvColumns()
    if part.format is CorpusFormat.JSONL:
        yield from _jsonl_documents(part, settings=settings, published=published)
    elif part.format is CorpusFormat.CSV:
        yield from _csv_documents(part, settings=settings, columns=columns, published=published)
    else:
        yield from _parquet_documents(part, settings=settings, columns=columns, published=published)


def documents_of(items: Iterable[Document | InputError]) -> list[Document]:
    return [i for i in items if isinstance(i, Document)]
