"""``observatory extract``: claims and tolls as JSON lines, touching no store."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

import click

from observatory.cli.common import AppContext, ProblemLog, progress
from observatory.cli.options import (
    EngineOptions,
    InputOptions,
    corpus_columns,
    engine_options,
    input_options,
    read_documents,
    report_errors,
)
from observatory.errors import InputError
from observatory.extract import Extraction
from observatory.records import Claim, Document, Toll
from observatory.serialize import record_to_json

if TYPE_CHECKING:
    from distributed import Client

__all__ = ["command"]


@click.command("extract")
@input_options
@engine_options
@click.option(
    "--output",
    default=None,
    metavar="DIR",
    type=click.Path(file_okay=False),
    help="With --engine dask: write claims and tolls as Parquet files into DIR (one per"
    " partition; a run started again skips the partitions already written).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "table"]),
    default="jsonl",
    show_default=True,
    help="jsonl: one claim or toll per line (the output contract); table: for people.",
)
@click.pass_context
def command(
    ctx: click.Context,
    *,
    inputs: InputOptions,
    engine: EngineOptions,
    output: str | None,
    fmt: str,
) -> None:
    """Extract claims and tolls from PATHS or --input corpora and print them.

    The stateless contract of DESIGN.md: reads documents, writes one JSON object per claim
    or toll to stdout, and never opens the store. Every core works on it (--workers); the
    output is the same, in the same order, for any number of workers and either engine.
    """
    app: AppContext = ctx.obj
    problems = ProblemLog()
    if output is not None and not engine.dask:
        raise click.UsageError("--output needs --engine dask")
    if engine.dask:
        from observatory.engines.dask import dask_client, extract_to_parquet

        with dask_client(scheduler=engine.scheduler, workers=engine.workers) as client:
            if output is not None:
                report = extract_to_parquet(
                    list(inputs.sources),
                    output,
                    client=client,
                    settings=app.settings,
                    columns=corpus_columns(inputs),
                    published=inputs.published,
                    target_bytes=engine.partition_bytes,
                    on_result=lambda r: report_errors(problems, r.errors),
                )
                click.echo(
                    f"extracted {report.documents} documents in {report.partitions - report.skipped}"
                    f" partitions ({report.skipped} done before): {report.claims} claims,"
                    f" {report.tolls} tolls in {output}",
                    err=True,
                )
            else:
                _emit(_dask_extractions(app, inputs, engine, client, problems), fmt, app)
        ctx.exit(problems.exit_code)
    from observatory.engines.local import extract_parallel

    extractions = extract_parallel(
        _documents(progress(read_documents(app, inputs), description="Extracting"), problems),
        settings=app.settings,
        workers=engine.workers,
    )
    _emit(extractions, fmt, app)
    ctx.exit(problems.exit_code)


def _documents(items: Iterable[Document | InputError], problems: ProblemLog) -> Iterator[Document]:
    for item in items:
        if isinstance(item, InputError):
            problems.add(str(item))
        else:
            yield item


def _dask_extractions(
    app: AppContext,
    inputs: InputOptions,
    engine: EngineOptions,
    client: Client,
    problems: ProblemLog,
) -> Iterator[Extraction]:
    from observatory.engines.dask import iter_partition_results
    from observatory.engines.partitions import plan_partitions

    columns = corpus_columns(inputs)
    parts = plan_partitions(
        list(inputs.sources), target_bytes=engine.partition_bytes, encoding=columns.encoding
    )
    for result in iter_partition_results(
        client,
        parts,
        settings=app.settings,
        columns=columns,
        published=inputs.published,
    ):
        report_errors(problems, result.errors)
        yield from result.extractions


def _emit(extractions: Iterable[Extraction], fmt: str, app: AppContext) -> None:
    rows = []
    for extraction in extractions:
        records: list[Claim | Toll] = [*extraction.claims, *extraction.tolls]
        for record in records:
            if fmt == "jsonl":
                click.echo(json.dumps(record_to_json(record), ensure_ascii=False))
            else:
                rows.append(record_to_json(record))
    if fmt == "table":
        from rich.table import Table

        table = Table(
            "document", "kind", "date", "type", "location", "actors", "deaths", "claimants"
        )
        for r in rows:
            loc = r["location"] or {}
            fat = r["fatalities"]
            deaths = "" if fat is None else f"{fat['low']}/{fat['best']}/{fat['high'] or '+'}"
            table.add_row(
                str(r["document_id"])[:16],
                r["kind"],
                r["date"] or (" .. ".join(r["date_window"]) if r["date_window"] else ""),
                r["sub_event_type"] or "toll",
                f"{loc.get('name', '')} ({loc.get('admin1') or ''})",
                " / ".join(a for a in (r["actor1"], r["actor2"]) if a),
                deaths,
                ", ".join(r["claimants"]),
            )
        app.console.print(table)
