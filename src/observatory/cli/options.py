"""Options shared by several commands, declared once.

- :func:`input_options`: what to read (``PATHS...``, ``--input``, ``--published``,
  ``--outlet``, CSV column names). The command receives one :class:`InputOptions`
  keyword argument ``inputs``; :func:`read_documents` reads them with the ingest library.
- :func:`engine_options`: how to run (``--workers``, ``--engine``, ``--scheduler``,
  ``--partition-mb``). The command receives one :class:`EngineOptions` keyword argument
  ``engine``.
- :func:`event_filters`: ``--since --until --admin1 --type --actor --status --limit``. The
  command receives one :class:`~observatory.store.base.EventQuery` keyword argument
  ``query``.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import click

from observatory.cli.common import AppContext, ProblemLog
from observatory.errors import InputError
from observatory.records import Document, ReviewStatus
from observatory.store.base import EventQuery

if TYPE_CHECKING:
    from observatory.ingest import CsvColumns

__all__ = [
    "DATE",
    "EngineOptions",
    "InputOptions",
    "corpus_columns",
    "engine_options",
    "event_filters",
    "input_options",
    "read_documents",
    "report_errors",
]

F = TypeVar("F", bound=Callable[..., Any])


# A calendar day written YYYY-MM-DD; the wrappers below turn its datetime into a date.
DATE = click.DateTime(formats=["%Y-%m-%d"])


def _day(value: dt.datetime | dt.date | None) -> dt.date | None:
    return value.date() if isinstance(value, dt.datetime) else value


@dataclass(frozen=True, slots=True, kw_only=True)
class InputOptions:
    """What the user asked to read, and how."""

    paths: tuple[str, ...]
    inputs: tuple[str, ...]  # --input corpus files (JSONL or CSV)
    published: dt.date | None = None
    outlet: str | None = None
    text_column: str = "text"
    id_column: str = "id"
    title_column: str = "title"
    published_column: str = "published"
    outlet_column: str = "outlet"
    url_column: str = "url"
    language_column: str = "language"
    encoding: str = "utf-8"

    @property
    def sources(self) -> tuple[str, ...]:
        return (*self.paths, *self.inputs)


def input_options(func: F) -> F:
    """Add the input arguments and options; the command gets ``inputs: InputOptions``.

    Giving neither a path nor ``--input`` is a usage error (exit 2).
    """

    @functools.wraps(func)
    def wrapper(
        *args: Any,
        paths: tuple[str, ...],
        input_files: tuple[str, ...],
        published: dt.datetime | None,
        outlet: str | None,
        text_column: str,
        id_column: str,
        title_column: str,
        published_column: str,
        outlet_column: str,
        url_column: str,
        language_column: str,
        encoding: str,
        **kwargs: Any,
    ) -> Any:
        if not paths and not input_files:
            raise click.UsageError(
                "nothing to read: give files or folders, or --input FILE (JSONL or CSV)"
            )
        inputs = InputOptions(
            paths=paths,
            inputs=input_files,
            published=_day(published),
            outlet=outlet,
            text_column=text_column,
            id_column=id_column,
            title_column=title_column,
            published_column=published_column,
            outlet_column=outlet_column,
            url_column=url_column,
            language_column=language_column,
            encoding=encoding,
        )
        return func(*args, inputs=inputs, **kwargs)

    decorators = [
        click.argument("paths", nargs=-1, type=click.Path(exists=True)),
        click.option(
            "--input",
            "input_files",
            multiple=True,
            metavar="FILE",
            type=click.Path(exists=True, dir_okay=False),
            help="A corpus file, one document per JSONL line or CSV row (repeatable).",
        ),
        click.option(
            "--published",
            type=DATE,
            default=None,
            metavar="YYYY-MM-DD",
            help="Publication date of every document read (overrides what the inputs say).",
        ),
        click.option(
            "--outlet",
            default=None,
            metavar="NAME",
            help="Outlet of every document read (overrides what the inputs say).",
        ),
        click.option("--text-column", default="text", show_default=True, help="CSV column: text."),
        click.option("--id-column", default="id", show_default=True, help="CSV column: id."),
        click.option(
            "--title-column", default="title", show_default=True, help="CSV column: title."
        ),
        click.option(
            "--published-column",
            default="published",
            show_default=True,
            help="CSV column: publication date.",
        ),
        click.option(
            "--outlet-column", default="outlet", show_default=True, help="CSV column: outlet."
        ),
        click.option("--url-column", default="url", show_default=True, help="CSV column: URL."),
        click.option(
            "--language-column",
            default="language",
            show_default=True,
            help="CSV column: language.",
        ),
        click.option(
            "--encoding", default="utf-8", show_default=True, help="Encoding of CSV corpora."
        ),
    ]
    command: Callable[..., Any] = wrapper
    for decorate in reversed(decorators):
        command = decorate(command)
    return command  # type: ignore[return-value]


def read_documents(app: AppContext, inputs: InputOptions) -> Iterator[Document | InputError]:
    """Documents, and the inputs that could not be read, from what the user named."""
    from observatory.ingest import CsvColumns, read_inputs

    columns = CsvColumns(
        text=inputs.text_column,
        id=inputs.id_column,
        title=inputs.title_column,
        published=inputs.published_column,
        outlet=inputs.outlet_column,
        url=inputs.url_column,
        language=inputs.language_column,
        encoding=inputs.encoding,
    )
    items: Iterator[Document | InputError] = read_inputs(
        list(inputs.sources),
        settings=app.settings,
        published=inputs.published,
        outlet=inputs.outlet,
        columns=columns,
    )
    return items


def event_filters(func: F) -> F:
    """Add the event filter options; the command gets ``query: EventQuery``."""

    @functools.wraps(func)
    def wrapper(
        *args: Any,
        since: dt.datetime | None,
        until: dt.datetime | None,
        admin1: str | None,
        event_type: str | None,
        actor: str | None,
        status: str | None,
        limit: int | None,
        **kwargs: Any,
    ) -> Any:
        first, last = _day(since), _day(until)
        if first is not None and last is not None and first > last:
            raise click.BadParameter(
                f"--since {first} is after --until {last}", param_hint="--since"
            )
        query = EventQuery(
            since=first,
            until=last,
            admin1=admin1,
            event_type=event_type,
            actor=actor,
            status=ReviewStatus(status) if status else None,
            limit=limit,
        )
        return func(*args, query=query, **kwargs)

    decorators = [
        click.option(
            "--since",
            type=DATE,
            default=None,
            metavar="YYYY-MM-DD",
            help="Events on or after this day.",
        ),
        click.option(
            "--until",
            type=DATE,
            default=None,
            metavar="YYYY-MM-DD",
            help="Events on or before this day.",
        ),
        click.option("--admin1", default=None, metavar="NAME", help="Governorate/province."),
        click.option(
            "--type",
            "event_type",
            default=None,
            metavar="TYPE",
            help="ACLED event type or sub-event type (e.g. Battles, 'Air/drone strike').",
        ),
        click.option(
            "--actor", default=None, metavar="NAME", help="Actor 1, actor 2 or an associated actor."
        ),
        click.option(
            "--status",
            type=click.Choice([s.value for s in ReviewStatus]),
            default=None,
            help="Review status.",
        ),
        click.option(
            "--limit", type=click.IntRange(min=1), default=None, help="At most this many events."
        ),
    ]
    command: Callable[..., Any] = wrapper
    for decorate in reversed(decorators):
        command = decorate(command)
    return command  # type: ignore[return-value]


@dataclass(frozen=True, slots=True, kw_only=True)
class EngineOptions:
    """How to run extraction: a local process pool, or Dask."""

    engine: str = "local"  # "local" or "dask"
    workers: int | None = None  # None: one per core
    scheduler: str | None = None  # dask: tcp://HOST:PORT; None starts a LocalCluster
    partition_bytes: int = 4_000_000  # dask: corpus bytes per partition

    @property
    def dask(self) -> bool:
        return self.engine == "dask"


def engine_options(func: F) -> F:
    """Add ``--workers --engine --scheduler --partition-mb``; the command gets
    ``engine: EngineOptions``."""

    @functools.wraps(func)
    def wrapper(
        *args: Any,
        workers: int | None,
        engine_name: str,
        scheduler: str | None,
        partition_mb: float,
        **kwargs: Any,
    ) -> Any:
        if scheduler and engine_name != "dask":
            raise click.UsageError("--scheduler needs --engine dask")
        if scheduler and workers is not None:
            raise click.UsageError(
                "--workers sets the size of a local cluster; with --scheduler the cluster"
                " has the workers started on it"
            )
        engine = EngineOptions(
            engine=engine_name,
            workers=workers,
            scheduler=scheduler,
            partition_bytes=max(1, int(partition_mb * 1_000_000)),
        )
        return func(*args, engine=engine, **kwargs)

    decorators = [
        click.option(
            "--workers",
            type=click.IntRange(min=1),
            default=None,
            metavar="N",
            help="Worker processes (default: one per core). The output is the same for any N.",
        ),
        click.option(
            "--engine",
            "engine_name",
            type=click.Choice(["local", "dask"]),
            default="local",
            show_default=True,
            help="local: a process pool on this machine; dask: a Dask cluster, reading"
            " JSONL, CSV or Parquet corpora in partitions.",
        ),
        click.option(
            "--scheduler",
            default=None,
            metavar="tcp://HOST:PORT",
            help="Dask scheduler to use (default: start a local cluster of --workers).",
        ),
        click.option(
            "--partition-mb",
            type=click.FloatRange(min=0.001),
            default=4.0,
            show_default=True,
            help="Dask: megabytes of corpus per partition.",
        ),
    ]
    command: Callable[..., Any] = wrapper
    for decorate in reversed(decorators):
        command = decorate(command)
    return command  # type: ignore[return-value]


def corpus_columns(inputs: InputOptions) -> CsvColumns:
    """The CSV/Parquet column names the user chose."""
    from observatory.ingest import CsvColumns

    return CsvColumns(
        text=inputs.text_column,
        id=inputs.id_column,
        title=inputs.title_column,
        published=inputs.published_column,
        outlet=inputs.outlet_column,
        url=inputs.url_column,
        language=inputs.language_column,
        encoding=inputs.encoding,
    )


def report_errors(problems: ProblemLog, errors: Iterable[str]) -> None:
    """Add each error message (of a partition's unreadable records) to ``problems``."""
    for error in errors:
        problems.add(error)
