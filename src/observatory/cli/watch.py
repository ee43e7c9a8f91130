"""``observatory watch``: poll feeds, pages and folders, ingest what is new, link it."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from observatory.cli.common import AppContext
from observatory.watch import PollResult, PollStatus, Watcher

__all__ = ["command"]

F = TypeVar("F", bound=Callable[..., Any])


def _seconds(flag: str, default: float | None, help: str) -> Callable[[F], F]:
    """An option of a duration in seconds (at least 0.1)."""
    return click.option(
        flag,
        type=click.FloatRange(min=0.1),
        default=default,
        show_default=default is not None,
        metavar="SECONDS",
        help=help,
    )


@click.command("watch")
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@click.option("--once", is_flag=True, help="Poll every source once, then exit (for cron).")
@_seconds("--interval", 300.0, "Time between passes over the sources.")
@_seconds(
    "--backoff",
    None,
    "First wait after a source fails, doubled per failure in a row (default: --interval).",
)
@_seconds("--max-backoff", 3600.0, "Longest wait before retrying a failing source.")
@_seconds("--timeout", 30.0, "Network timeout of one fetch.")
@click.pass_context
def command(
    ctx: click.Context,
    *,
    sources: tuple[str, ...],
    once: bool,
    interval: float,
    backoff: float | None,
    max_backoff: float,
    timeout: float,
) -> None:
    """Poll feeds, pages and folders; ingest, extract and link what is new.

    SOURCE is an RSS/Atom feed or web page URL, or a folder. Each pass fetches the sources (URLs with ETag / Last-Modified, so an unchanged feed
    costs one 304), stores only the items not seen before, extracts them and links them
    into the store's events. What was seen, and each source's state, is kept in the store,
    so a restarted watcher goes on where it stopped. A failing source is retried with
    back-off while the others carry on. One log line per source and pass goes to stderr.
    With --once the exit code is 1 when a source failed.
    """
    app: AppContext = ctx.obj
    _log_to_stderr()
    first_wait = backoff if backoff is not None else interval
    if max_backoff < first_wait:
        raise click.BadParameter(
            f"--max-backoff {max_backoff:g} is below the first back-off {first_wait:g}",
            param_hint="--max-backoff",
        )
    watcher = Watcher(
        app.store(),
        list(sources),
        settings=app.settings,
        backoff=first_wait,
        max_backoff=max_backoff,
        timeout=timeout,
    )
    if once:
        results = watcher.poll()
        ctx.exit(1 if any(r.status is PollStatus.FAILED for r in results) else 0)
    try:
        watcher.run(interval=interval, on_pass=_summary)
    except KeyboardInterrupt:
        logging.getLogger("observatory.watch").info("stopped")


def _summary(results: list[PollResult]) -> None:
    new = sum(r.new for r in results)
    failed = sum(r.status is PollStatus.FAILED for r in results)
    logging.getLogger("observatory.watch").info(
        "pass done: %d sources, %d new items, %d failed", len(results), new, failed
    )


def _log_to_stderr() -> None:
    logger = logging.getLogger("observatory.watch")
    for handler in [h for h in logger.handlers if getattr(h, "_observatory", False)]:
        logger.removeHandler(handler)  # one bound to an earlier stderr
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%Y-%m-%dT%H:%M:%S"))
    handler._observatory = True  # type: ignore[attr-defined]
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
