"""``--db`` after the subcommand too: ``observatory events --db x.db`` as well as
``observatory --db x.db events``.

:func:`with_db_option` gives a command (and, for a group, each of its subcommands) a
``--db`` option; when given it replaces the store chosen before the subcommand.
"""

from __future__ import annotations

import dataclasses
import functools
from typing import Any

import click

from observatory.cli.common import AppContext

__all__ = ["with_db_option"]

_MARK = "_observatory_db_option"


def _option() -> click.Option:
    return click.Option(
        ["--db", "db_after"],
        default=None,
        metavar="PATH",
        show_default=False,
        help="Store to use (same as `observatory --db PATH ...`).",
    )


def _use_db(db: str | None) -> None:
    if db is None:
        return
    app = click.get_current_context().find_object(AppContext)
    if app is None:
        return
    app.close()
    app.settings = dataclasses.replace(app.settings, db=db)


def with_db_option(command: click.Command) -> click.Command:
    """Add ``--db`` to ``command`` and its subcommands (once; returns the same object)."""
    if getattr(command, _MARK, False):
        return command
    if any("--db" in p.opts for p in command.params if isinstance(p, click.Option)):
        setattr(command, _MARK, True)
        return command
    command.params.append(_option())
    callback = command.callback
    if callback is not None:

        @functools.wraps(callback)
        def wrapped(*args: Any, db_after: str | None = None, **kwargs: Any) -> Any:
            _use_db(db_after)
            return callback(*args, **kwargs)

        command.callback = wrapped
    setattr(command, _MARK, True)
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            with_db_option(sub)
    return command
