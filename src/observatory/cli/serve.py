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
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    help="Server processes (default: one per core, which answers the most requests; one for"
    " an in-memory store, which a process cannot share).",
)
@click.pass_context
def command(
    ctx: click.Context, *, host: str, port: int, public_read: bool, workers: int | None
) -> None:
    """Serve the API (/api, docs at /docs) and the dashboard (/) over the store."""
    import os

    import uvicorn

    from observatory.api import ServeConfig, create_app
    from observatory.api.app import SERVE_ENV, serve_environment
    from observatory.api.workers import APP_FACTORY, hold_port, reuse_port_supported, run_workers

    app_ctx: AppContext = ctx.obj
    if workers is None:
        workers = 1 if app_ctx.settings.db == ":memory:" else os.cpu_count() or 1
    config = ServeConfig(host=host, port=port, public_read=public_read, own_process=True)
    app = create_app(app_ctx.settings, config=config)  # also checks the store opens
    own_sockets = workers > 1 and reuse_port_supported()
    try:
        holder = hold_port(host, port) if own_sockets else None
    except OSError as exc:
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror}") from exc
    if holder is not None:
        port = int(holder.getsockname()[1])
    where = f"http://{host}:{port}/"
    access = "anyone may read" if public_read else "every call needs a token"
    click.echo(
        f"serving {app_ctx.settings.db} at {where} ({access}; {workers} worker"
        f"{'s' if workers != 1 else ''}); Ctrl+C stops",
        err=True,
    )
    if workers == 1:
        uvicorn.run(app, host=host, port=port, log_level="warning")
        ctx.exit(0)
    os.environ[SERVE_ENV] = serve_environment(app_ctx.settings, config)
    if holder is not None:
        try:
            run_workers(holder, workers)
        except RuntimeError as exc:
            raise click.ClickException(str(exc)) from exc
    else:
        uvicorn.run(
            APP_FACTORY, factory=True, host=host, port=port, workers=workers, log_level="warning"
        )
    ctx.exit(0)
