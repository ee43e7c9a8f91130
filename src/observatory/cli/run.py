"""``observatory run``: the main job — ingest, extract, link, then show events and deaths."""

from __future__ import annotations

import click
from rich.table import Table

from observatory.cli.common import AppContext, ProblemLog, progress
from observatory.cli.events import events_table
from observatory.cli.options import InputOptions, input_options, read_documents
from observatory.pipeline import run
from observatory.records import Event
from observatory.store.base import EventQuery

__all__ = ["command"]


@click.command("run")
@input_options
@click.option("--limit", type=int, default=50, show_default=True, help="Events to show.")
@click.pass_context
def command(ctx: click.Context, *, inputs: InputOptions, limit: int) -> None:
    """Ingest PATHS (or --input corpora), extract events, link them across reports,
    then print the events table and a casualty tally by governorate."""
    app: AppContext = ctx.obj
    store = app.store()
    problems = ProblemLog()
    report = run(
        store,
        read_documents(app, inputs),
        settings=app.settings,
        on_error=lambda e: problems.add(str(e)),
        wrap=lambda docs: progress(docs, description="Extracting"),
    )
    events = list(store.events(EventQuery(limit=None)))
    table, shown = events_table(events[:limit] if limit else events)
    app.console.print(table)
    if len(events) > shown:
        app.console.print(f"({len(events) - shown} more: observatory events)")
    _tally(app, events)
    click.echo(
        f"stored {len(report.ingest.stored)} documents ({len(report.ingest.present)} already"
        f" present, {len(report.ingest.failed)} failed); extracted {report.documents_extracted}:"
        f" {report.claims} claims, {report.tolls} tolls; {len(events)} events in the store"
    )
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
