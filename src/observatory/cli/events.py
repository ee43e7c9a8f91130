"""``observatory events``: list and filter stored events as a table, JSONL or CSV."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from observatory import serialize
from observatory.cli.common import AppContext
from observatory.cli.options import event_filters
from observatory.records import Event
from observatory.store.base import EventQuery, Repository

__all__ = ["CSV_COLUMNS", "command", "events_table"]

_PIPE_WIDTH = 200

CSV_COLUMNS: tuple[str, ...] = (
    "event_id",
    "date",
    "date_start",
    "date_end",
    "date_precision",
    "event_type",
    "sub_event_type",
    "location",
    "admin1",
    "admin2",
    "latitude",
    "longitude",
    "geo_precision",
    "actor1",
    "actor2",
    "assoc_actors",
    "fatalities_low",
    "fatalities_best",
    "fatalities_high",
    "number_of_sources",
    "claimants",
    "status",
    "notes",
)


def _deaths(event: Event) -> str:
    f = event.fatalities
    if f is None:
        return "-"
    best = "?" if f.best is None else str(f.best)
    high = "+" if f.high is None else str(f.high)
    return f"{f.low}/{best}/{high}"


def _day(event: Event) -> str:
    if event.date is not None:
        return event.date.isoformat()
    if event.date_window is not None:
        return f"{event.date_window[0]}..{event.date_window[1]}"
    return ""


def events_table(events: Iterable[Event]) -> tuple[Table, int]:
    table = Table(title=None, show_lines=False)
    table.add_column("date", no_wrap=True)
    for name in ("type", "sub-type", "location", "admin1", "actor1", "actor2"):
        table.add_column(name)
    table.add_column("deaths l/b/h", justify="right")
    table.add_column("sources", justify="right")
    table.add_column("status")
    count = 0
    for event in events:
        place = event.location
        table.add_row(
            _day(event),
            event.event_type,
            event.sub_event_type,
            place.name if place else "",
            (place.admin1 if place else None) or "",
            event.actor1 or "",
            event.actor2 or "",
            _deaths(event),
            str(event.number_of_sources),
            event.status.value,
        )
        count += 1
    return table, count


def _csv_row(event: Event) -> dict[str, Any]:
    place = event.location
    first, last = event.date_window or (event.date, event.date)
    f = event.fatalities
    return {
        "event_id": event.id,
        "date": event.date.isoformat() if event.date else "",
        "date_start": first.isoformat() if first else "",
        "date_end": last.isoformat() if last else "",
        "date_precision": event.date_precision.value,
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "location": place.name if place else "",
        "admin1": (place.admin1 if place else None) or "",
        "admin2": (place.admin2 if place else None) or "",
        "latitude": "" if place is None or place.latitude is None else place.latitude,
        "longitude": "" if place is None or place.longitude is None else place.longitude,
        "geo_precision": int(place.geo_precision) if place else "",
        "actor1": event.actor1 or "",
        "actor2": event.actor2 or "",
        "assoc_actors": "; ".join(event.assoc_actors),
        "fatalities_low": f.low if f else "",
        "fatalities_best": "" if f is None or f.best is None else f.best,
        "fatalities_high": "" if f is None or f.high is None else f.high,
        "number_of_sources": event.number_of_sources,
        "claimants": "; ".join(event.claimants),
        "status": event.status.value,
        "notes": event.notes,
    }


def _jsonl(store: Repository, events: Iterable[Event]) -> int:
    count = 0
    for event in events:
        claims = list(store.claims(ids=event.claim_ids))
        click.echo(json.dumps(serialize.event_to_json(event, claims=claims), ensure_ascii=False))
        count += 1
    return count


@click.command("events")
@event_filters
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "jsonl", "csv"]),
    default="table",
    show_default=True,
    help="Output format (jsonl lists each event's claims with their evidence).",
)
@click.pass_context
def command(ctx: click.Context, *, query: EventQuery, fmt: str) -> None:
    """List stored events, oldest first, filtered by date, place, type, actor or status."""
    app: AppContext = ctx.obj
    store = app.store()
    events = store.events(query)
    if fmt == "jsonl":
        _jsonl(store, events)
    elif fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(CSV_COLUMNS))
        writer.writeheader()
        writer.writerows(_csv_row(e) for e in events)
    else:
        table, count = events_table(events)
        if count:
            # Piped or captured output is not squeezed to 80 columns.
            console = app.console
            if not console.is_terminal:
                console = Console(width=_PIPE_WIDTH, highlight=False)
            console.print(table)
        click.echo(f"{count} event{'s' if count != 1 else ''}", err=True)
    ctx.exit(0)
