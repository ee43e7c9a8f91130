"""``observatory audit``: check the tamper-evident audit log."""

from __future__ import annotations

import click

from observatory.cli.common import AppContext

__all__ = ["command"]


@click.group("audit")
def command() -> None:
    """Check the audit log's hash chain."""


def _hex(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from observatory.audit import MIN_EXPECT_LENGTH

    if value is None:
        return None
    text = value.strip().lower()
    if len(text) < MIN_EXPECT_LENGTH or any(c not in "0123456789abcdef" for c in text):
        raise click.BadParameter(f"give at least {MIN_EXPECT_LENGTH} hex digits of the hash")
    return text


@command.command("verify")
@click.option(
    "--expect",
    default=None,
    metavar="HASH",
    callback=_hex,
    help="A head hash printed by an earlier verify: it must still be in the chain.",
)
@click.pass_context
def verify(ctx: click.Context, *, expect: str | None) -> None:
    """Recompute the chain: report edited, deleted or slipped-in entries (exit 1 if any).

    Prints the head hash; keep it somewhere else and pass it back with --expect later to
    detect even a rewrite of the whole chain.
    """
    from observatory.audit import verify_audit

    app: AppContext = ctx.obj
    result = verify_audit(app.store(), expect=expect)
    for problem in result.problems:
        click.echo(f"error: {problem}", err=True)
    if result.unsealed:
        click.echo(
            f"note: {result.unsealed} entries predate the chain; they are sealed into it"
            " with the next review action",
            err=True,
        )
    state = "intact" if result.ok else f"TAMPERED ({len(result.problems)} problems)"
    click.echo(f"audit log {state}: {result.entries} entries chained; head {result.head}")
    ctx.exit(0 if result.ok else 1)
