"""``observatory tally``: deaths by day, month, governorate, event type or actor.

Computed from events, each low / best / high; tolls reported by sources are listed beside
(``--tolls``), never summed in.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import sys

import click
from rich.console import Console
from rich.table import Table

from observatory.cli.common import AppContext
from observatory.cli.options import event_filters
from observatory.store.base import EventQuery
from observatory.tally import TallyKey, TallyRow, TollLine, parse_keys, tally, toll_lines, total

__all__ = ["command"]


def _keys(value: str) -> tuple[TallyKey, ...]:
    try:
        return parse_keys(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--by") from exc


def _high(value: int | None) -> str:
    return "open" if value is None else str(value)


def _row_json(by: tuple[TallyKey, ...], row: TallyRow) -> dict[str, object]:
    out: dict[str, object] = {k.value: v for k, v in zip(by, row.key, strict=True)}
    out.update(events=row.events, low=row.low, best=row.best, high=row.high)
    return out


def _toll_json(line: TollLine) -> dict[str, object]:
    return {"kind": "toll", **dataclasses.asdict(line), "claimants": list(line.claimants)}


@click.command("tally")
@click.option(
    "--by",
    "by_text",
    default="day,admin1",
    show_default=True,
    help="Comma-separated: day, month, admin1, event_type, actor.",
)
@event_filters
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "jsonl"]),
    default="table",
    show_default=True,
)
@click.option("--tolls/--no-tolls", default=True, show_default=True, help="List source tolls.")
@click.pass_context
def command(ctx: click.Context, *, by_text: str, query: EventQuery, fmt: str, tolls: bool) -> None:
    """Deaths from events (low/best/high), grouped; rejected events left out.

    By actor, an event counts under each of its actors, so actor rows do not add up to
    the total. Tolls reported by sources are shown beside the tallies, never added.
    """
    app: AppContext = ctx.obj
    by = _keys(by_text)
    store = app.store()
    events = list(store.events(query))
    rows = tally(events, by=by)
    grand = total(events)
    lines = toll_lines(store.tolls()) if tolls else []
    if query.since or query.until:
        lines = [
            t
            for t in lines
            if (query.since is None or (t.last or "9999") >= query.since.isoformat())
            and (query.until is None or (t.first or "") <= query.until.isoformat())
        ]
    if fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(_row_json(by, row), ensure_ascii=False))
        click.echo(json.dumps({"total": True, **_row_json((), grand)}))
        for line in lines:
            click.echo(json.dumps(_toll_json(line), ensure_ascii=False))
    elif fmt == "csv":
        out = sys.stdout
        writer = csv.writer(out)
        writer.writerow([*(k.value for k in by), "events", "low", "best", "high"])
        for row in rows:
            writer.writerow([*row.key, row.events, row.low, row.best, _high(row.high)])
        writer.writerow(
            [
                *(["total"] + [""] * (len(by) - 1) if by else []),
                grand.events,
                grand.low,
                grand.best,
                _high(grand.high),
            ]
        )
    else:
        table = Table(title="Deaths computed from events")
        for k in by:
            table.add_column(k.value)
        for name in ("events", "low", "best", "high"):
            table.add_column(name, justify="right")
        for row in rows:
            table.add_row(*row.key, str(row.events), str(row.low), str(row.best), _high(row.high))
        table.add_row(
            *(["total"] + [""] * (len(by) - 1) if by else []),
            str(grand.events),
            str(grand.low),
            str(grand.best),
            _high(grand.high),
        )
        console = app.console if app.console.is_terminal else Console(width=200)
        console.print(table)
        if lines:
            tolls_table = Table(title="Tolls reported by sources (not added to the tallies)")
            for name in ("period", "scope", "claimants", "deaths", "subject", "document"):
                tolls_table.add_column(name)
            for t in lines:
                period = t.first if t.first == t.last else f"{t.first}..{t.last}"
                deaths = f"{t.low}/{t.best}/{_high(t.high)}"
                tolls_table.add_row(
                    period or "",
                    t.scope,
                    "; ".join(t.claimants),
                    deaths,
                    t.subject or "",
                    t.document_id,
                )
            console.print(tolls_table)
    ctx.exit(0)
