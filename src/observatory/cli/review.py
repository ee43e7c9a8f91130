"""``observatory review``: analyst overrides (merge, split, status) and the audit log."""

from __future__ import annotations

import getpass

import click

from observatory.cli.common import AppContext
from observatory.records import AuditEntry, Event, ReviewStatus

__all__ = ["command"]


def _who(app: AppContext, who: str | None) -> str:
    if who:
        return who
    if app.settings.reviewer:
        return app.settings.reviewer
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _show(event: Event) -> None:
    f = event.fatalities
    deaths = "-" if f is None else f"{f.low}/{f.best}/{'+' if f.high is None else f.high}"
    click.echo(
        f"{event.id}  {event.date or ''}  {event.sub_event_type}"
        f"  {event.location.name if event.location else ''}"
        f"  deaths {deaths}  {len(event.claim_ids)} claims  {event.status.value}"
    )


_WHO = click.option(
    "--who", default=None, metavar="NAME", help="Reviewer (default: setting reviewer, or OS user)."
)
_REASON = click.option("--reason", required=True, help="Why: recorded in the audit log.")


@click.group("review")
def command() -> None:
    """Merge events, split a claim off an event, set an event's status; show the log."""


@command.command("merge")
@click.argument("event_ids", nargs=-1, required=True)
@_REASON
@_WHO
@click.pass_context
def merge(ctx: click.Context, *, event_ids: tuple[str, ...], reason: str, who: str | None) -> None:
    """Merge two or more events into one."""
    from observatory.review import merge_events

    app: AppContext = ctx.obj
    event = merge_events(
        app.store(), event_ids, who=_who(app, who), reason=reason, settings=app.settings
    )
    _show(event)
    ctx.exit(0)


@command.command("split")
@click.argument("claim_id")
@_REASON
@_WHO
@click.pass_context
def split(ctx: click.Context, *, claim_id: str, reason: str, who: str | None) -> None:
    """Take a claim out of its event."""
    from observatory.review import split_claim

    app: AppContext = ctx.obj
    event = split_claim(
        app.store(), claim_id, who=_who(app, who), reason=reason, settings=app.settings
    )
    _show(event)
    ctx.exit(0)


@command.command("status")
@click.argument("event_id")
@click.argument("status", type=click.Choice([s.value for s in ReviewStatus]))
@_REASON
@_WHO
@click.pass_context
def status(ctx: click.Context, *, event_id: str, status: str, reason: str, who: str | None) -> None:
    """Mark an event verified, disputed, rejected or unreviewed."""
    from observatory.review import set_status

    app: AppContext = ctx.obj
    event = set_status(
        app.store(), event_id, ReviewStatus(status), who=_who(app, who), reason=reason
    )
    _show(event)
    ctx.exit(0)


def _line(entry: AuditEntry) -> str:
    what = entry.action
    if entry.value:
        what += f" {entry.value}"
    return (
        f"{entry.id}\t{entry.at.isoformat()}\t{entry.who}\t{what}"
        f"\t{','.join(entry.event_ids)}\t{entry.reason}"
    )


@command.command("log")
@click.argument("event_id", required=False)
@click.pass_context
def log(ctx: click.Context, *, event_id: str | None) -> None:
    """The audit log, oldest first (only entries touching EVENT_ID when given)."""
    app: AppContext = ctx.obj
    count = 0
    for entry in app.store().audit_log(event_id=event_id):
        click.echo(_line(entry))
        count += 1
    click.echo(f"{count} entr{'ies' if count != 1 else 'y'}", err=True)
    ctx.exit(0)
