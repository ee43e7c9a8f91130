"""What every command shares: the app context, the store, output and progress."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

import click
from rich.console import Console

from observatory.settings import Settings

if TYPE_CHECKING:
    from observatory.store.base import Repository

__all__ = ["AppContext", "ProblemLog", "progress"]

T = TypeVar("T")


@dataclass(slots=True)
class ProblemLog:
    """Collects bad inputs so a command can report them all and exit 1."""

    problems: list[str] = field(default_factory=list)

    def add(self, message: str) -> None:
        self.problems.append(message)
        click.echo(f"error: {message}", err=True)

    @property
    def exit_code(self) -> int:
        return 1 if self.problems else 0


@dataclass(slots=True)
class AppContext:
    settings: Settings
    console: Console = field(
        default_factory=lambda: Console(highlight=False, width=None if sys.stdout.isatty() else 160)
    )
    err_console: Console = field(default_factory=lambda: Console(stderr=True, highlight=False))
    _store: Repository | None = None

    def store(self) -> Repository:
        """The store the ``db`` setting names (a SQLite path or a ``postgresql://`` URL)."""
        if self._store is None:
            from observatory.store import open_store

            self._store = open_store(self.settings.db)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def progress(items: Iterable[T], *, description: str, total: int | None = None) -> Iterator[T]:
    """A rich progress bar on a terminal, nothing when stderr is not one."""
    if not sys.stderr.isatty():
        yield from items
        return
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(description, total=total)
        for item in items:
            yield item
            bar.advance(task)
