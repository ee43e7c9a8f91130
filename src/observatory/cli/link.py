"""``observatory link``: link stored claims into events (only the affected ones)."""

from __future__ import annotations

import click

from observatory.cli.common import AppContext
from observatory.link import link_store

__all__ = ["command"]


@click.command("link")
@click.option(
    "--document",
    "document_ids",
    multiple=True,
    metavar="ID",
    help="Link only these documents' claims into the existing events (repeatable).",
)
@click.option(
    "--window-days", type=click.IntRange(min=0), default=None, help="Override link_window_days."
)
@click.option("--max-km", type=click.FloatRange(min=0), default=None, help="Override link_max_km.")
@click.option(
    "--threshold", type=click.FloatRange(0, 1), default=None, help="Override link_threshold."
)
@click.pass_context
def command(
    ctx: click.Context,
    *,
    document_ids: tuple[str, ...],
    window_days: int | None,
    max_km: float | None,
    threshold: float | None,
) -> None:
    """Link claims from all documents into events; writes only events that changed.

    Analyst merges, splits and statuses in the audit log are respected.
    """
    import dataclasses

    app: AppContext = ctx.obj
    settings = app.settings
    if window_days is not None:
        settings = dataclasses.replace(settings, link_window_days=window_days)
    if max_km is not None:
        settings = dataclasses.replace(settings, link_max_km=max_km)
    if threshold is not None:
        settings = dataclasses.replace(settings, link_threshold=threshold)
    report = link_store(app.store(), settings=settings, document_ids=list(document_ids) or None)
    click.echo(
        f"{report.claims_linked} claims linked: {report.events_written} events written,"
        f" {report.events_removed} removed, {report.unchanged} unchanged",
        err=True,
    )
    ctx.exit(0)
