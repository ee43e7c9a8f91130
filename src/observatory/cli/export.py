"""``observatory export``: stored events in ACLED CSV, UCDP CSV, GeoJSON, Parquet or JSONL."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Generic, TypeVar

import click

from observatory.cli.common import AppContext, progress
from observatory.cli.options import event_filters
from observatory.export import ExportFormat, export_events
from observatory.records import Claim, Document
from observatory.store.base import EventQuery, Repository

__all__ = ["command"]

R = TypeVar("R", Claim, Document)

_CACHE_SIZE = 2_000


class _StoreLookup(Mapping[str, R], Generic[R]):
    """Claims or documents read from the store by id as the export needs them (it streams)."""

    def __init__(self, store: Repository, kind: type[R]) -> None:
        self._store = store
        self._kind: type[R] = kind
        self._cache: dict[str, R | None] = {}

    def _fetch(self, key: str) -> R | None:
        if key not in self._cache:
            if len(self._cache) >= _CACHE_SIZE:
                self._cache.clear()
            found: Claim | Document | None
            if self._kind is Claim:
                found = next(iter(self._store.claims(ids=[key])), None)
            else:
                found = self._store.document(key)
            self._cache[key] = found  # type: ignore[assignment]
        return self._cache[key]

    def __getitem__(self, key: str) -> R:
        found = self._fetch(key)
        if found is None:
            raise KeyError(key)
        return found

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._fetch(key) is not None

    def _all(self) -> Iterator[Claim | Document]:
        return iter(self._store.claims()) if self._kind is Claim else self._store.documents()

    def __iter__(self) -> Iterator[str]:
        return (record.id for record in self._all())

    def __len__(self) -> int:
        return sum(1 for _ in self._all())


@click.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice([f.value for f in ExportFormat]),
    required=True,
    help="acled-csv and ucdp-csv use those datasets' column names.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="File to write (default: standard output; parquet needs a file).",
)
@event_filters
@click.pass_context
def command(ctx: click.Context, *, fmt: str, output: Path | None, query: EventQuery) -> None:
    """Export stored events, filtered like `events`."""
    app: AppContext = ctx.obj
    format = ExportFormat(fmt)
    if output is None and format.is_binary:
        raise click.UsageError(f"{format.value} is a binary format: give --output FILE")
    if output is not None and not output.parent.is_dir():
        raise click.BadParameter(f"directory {output.parent} does not exist", param_hint="--output")
    store = app.store()
    events = progress(store.events(query), description="Exporting")
    count = export_events(
        events,
        format=format,
        out=output if output is not None else sys.stdout.buffer,
        claims=_StoreLookup(store, Claim),
        documents=_StoreLookup(store, Document),
        default_country=app.settings.default_country,
    )
    where = f" to {output}" if output is not None else ""
    click.echo(f"exported {count} event{'s' if count != 1 else ''}{where}", err=True)
    ctx.exit(0)
