"""``observatory backup``: a consistent copy of the live store."""

from __future__ import annotations

import click

from observatory.cli.common import AppContext

__all__ = ["command"]


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--overwrite", is_flag=True, help="Replace PATH if it exists.")
@click.pass_context
def command(ctx: click.Context, *, path: str, overwrite: bool) -> None:
    """Back up the store to PATH while it may be in use.

    SQLite: the online backup API (one consistent snapshot; writers go on), checked with
    an integrity check before it is renamed into place. PostgreSQL: pg_dump's custom
    format (restore with pg_restore).
    """
    from observatory.backup import backup_store

    app: AppContext = ctx.obj
    report = backup_store(app.settings.db, path, overwrite=overwrite)
    what = f", {report.documents} documents" if report.documents is not None else ""
    click.echo(
        f"backed up the {report.backend} store to {report.path}:"
        f" {report.bytes:,} bytes{what}, {report.seconds:.2f} s"
    )
    ctx.exit(0)
