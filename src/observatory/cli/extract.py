"""``observatory extract``: claims and tolls as JSON lines, touching no store."""

from __future__ import annotations

import json

import click

from observatory.cli.common import AppContext, ProblemLog, progress
from observatory.cli.options import InputOptions, input_options, read_documents
from observatory.errors import InputError
from observatory.extract import Extractor
from observatory.records import Claim, Toll
from observatory.serialize import record_to_json

__all__ = ["command"]


@click.command("extract")
@input_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "table"]),
    default="jsonl",
    show_default=True,
    help="jsonl: one claim or toll per line (the output contract); table: for people.",
)
@click.pass_context
def command(ctx: click.Context, *, inputs: InputOptions, fmt: str) -> None:
    """Extract claims and tolls from PATHS or --input corpora and print them.

    The stateless contract of DESIGN.md: reads documents, writes one JSON object per claim
    or toll to stdout, and never opens the store.
    """
    app: AppContext = ctx.obj
    problems = ProblemLog()
    extractor = Extractor.from_settings(app.settings)
    rows = []
    for item in progress(read_documents(app, inputs), description="Extracting"):
        if isinstance(item, InputError):
            problems.add(str(item))
            continue
        extraction = extractor.extract(item)
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
    ctx.exit(problems.exit_code)
