"""``observatory serve``: the HTTP API and the dashboard, on uvicorn."""

from __future__ import annotations

import click

from observatory.cli.common import AppContext

__all__ = ["command"]


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port."
)
@click.option(
    "--public-read",
    is_flag=True,
    help="Let callers without a token read (never review). Default: every call needs a token.",
)
@click.pass_context
def command(ctx: click.Context, *, host: str, port: int, public_read: bool) -> None:
    """Serve the API (/api, docs at /docs) and the dashboard (/) over the store."""
    import uvicorn

    from observatory.api import ServeConfig, create_app

    app_ctx: AppContext = ctx.obj
    app = create_app(
        app_ctx.settings, config=ServeConfig(host=host, port=port, public_read=public_read)
    )
    where = f"http://{host}:{port}/"
    access = "anyone may read" if public_read else "every call needs a token"
    click.echo(f"serving {app_ctx.settings.db} at {where} ({access}); Ctrl+C stops", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
    ctx.exit(0)
