"""``observatory run``: the main job — ingest, extract, link, then show events and deaths."""

from __future__ import annotations

import click
from rich.table import Table

from observatory.cli.common import AppContext, ProblemLog, progress
from observatory.cli.events import events_table
from observatory.cli.options import (
    EngineOptions,
    InputOptions,
    corpus_columns,
    engine_options,
    input_options,
    read_documents,
    report_errors,
)
from observatory.pipeline import run
from observatory.records import Event
from observatory.store.base import EventQuery

__all__ = ["command"]


@click.command("run")
@input_options
@engine_options
@click.option("--limit", type=int, default=50, show_default=True, help="Events to show.")
@click.pass_context
def command(ctx: click.Context, *, inputs: InputOptions, engine: EngineOptions, limit: int) -> None:
    """Ingest PATHS (or --input corpora), extract events, link them across reports,
    then print the events table and a casualty tally by governorate.

    Extraction uses every core (--workers). With --engine dask, JSONL, CSV or Parquet
    corpora are read in partitions on a Dask cluster; a run started again skips the
    partitions already stored, and linking runs in parallel by blocking.
    """
    app: AppContext = ctx.obj
    store = app.store()
    problems = ProblemLog()
    if engine.dask:
        from observatory.engines.dask import dask_client, run_into_store

        with dask_client(scheduler=engine.scheduler, workers=engine.workers) as client:
            dask_report = run_into_store(
                list(inputs.sources),
                store,
                client=client,
                settings=app.settings,
                columns=corpus_columns(inputs),
                published=inputs.published,
                target_bytes=engine.partition_bytes,
                on_result=lambda r: report_errors(problems, r.errors),
            )
        summary = (
            f"stored {dask_report.stored} documents from {dask_report.partitions} partitions"
            f" ({dask_report.skipped} done before, {len(dask_report.failed)} records failed);"
            f" extracted {dask_report.documents}: {dask_report.claims} claims,"
            f" {dask_report.tolls} tolls"
        )
    else:
        report = run(
            store,
            read_documents(app, inputs),
            settings=app.settings,
            on_error=lambda e: problems.add(str(e)),
            wrap=lambda docs: progress(docs, description="Extracting"),
            workers=engine.workers,
        )
        summary = (
            f"stored {len(report.ingest.stored)} documents ({len(report.ingest.present)} already"
            f" present, {len(report.ingest.failed)} failed); extracted"
            f" {report.documents_extracted}: {report.claims} claims, {report.tolls} tolls"
        )
    events = list(store.events(EventQuery(limit=None)))
    table, shown = events_table(events[:limit] if limit else events)
    app.console.print(table)
    if len(events) > shown:
        app.console.print(f"({len(events) - shown} more: observatory events)")
    _tally(app, events)
    click.echo(f"{summary}; {len(events)} events in the store")
    ctx.exit(problems.exit_code)


def _tally(app: AppContext, events: list[Event]) -> None:
    from observatory.tally import TallyKey, tally

    rows = tally(events, by=[TallyKey.ADMIN1])
    table = Table(
        "governorate", "events", "deaths low", "best", "high", title="Deaths by governorate"
    )
    for row in rows:
        table.add_row(
            " / ".join(row.key) or "-",
            str(row.events),
            str(row.low),
            str(row.best),
            "open" if row.high is None else str(row.high),
        )
    app.console.print(table)
