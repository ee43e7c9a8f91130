"""``observatory token``: API tokens for ``observatory serve`` (create, list, revoke)."""

from __future__ import annotations

import click

from observatory.auth import Role
from observatory.cli.common import AppContext

__all__ = ["command"]


@click.group("token")
def command() -> None:
    """Create, list and revoke API tokens (viewer, analyst, admin)."""


@command.command("create")
@click.argument("name")
@click.option(
    "--role",
    type=click.Choice([r.value for r in Role]),
    default=Role.VIEWER.value,
    show_default=True,
    help="viewer reads; analyst also reviews and posts documents; admin can do everything.",
)
@click.pass_context
def create(ctx: click.Context, *, name: str, role: str) -> None:
    """Create a token; its secret is printed once, on stdout, and never stored."""
    from observatory.auth import create_token

    app: AppContext = ctx.obj
    made = create_token(app.store(), name, role=Role(role))
    click.echo(made.secret)
    click.echo(
        f"token {made.token.name!r} ({made.token.role.value}) created; keep the secret above:"
        " it is not shown again",
        err=True,
    )
    ctx.exit(0)


@command.command("list")
@click.option("--all", "show_all", is_flag=True, help="Include revoked tokens.")
@click.pass_context
def list_tokens(ctx: click.Context, *, show_all: bool) -> None:
    """Tokens: name, role, created, revoked (secrets are never shown)."""
    app: AppContext = ctx.obj
    tokens = app.store().api_tokens(include_revoked=show_all)
    for token in tokens:
        revoked = token.revoked_at.isoformat() if token.revoked_at else ""
        click.echo(f"{token.name}\t{token.role.value}\t{token.created_at.isoformat()}\t{revoked}")
    click.echo(f"{len(tokens)} token{'s' if len(tokens) != 1 else ''}", err=True)
    ctx.exit(0)


@command.command("revoke")
@click.argument("name")
@click.pass_context
def revoke(ctx: click.Context, *, name: str) -> None:
    """Revoke the active token NAME: it stops working at once."""
    from observatory.auth import revoke_token

    app: AppContext = ctx.obj
    token = revoke_token(app.store(), name)
    click.echo(f"token {token.name!r} revoked", err=True)
    ctx.exit(0)
