"""Answers computed from the whole store, kept while it is unchanged.

The map groups, the timeline, the tallies and the filters' choices sum every matching event
(60-110 ms of CPU each at 100,000 events), and every viewer who opens the dashboard asks for
the same ones. :class:`AnswerCache` keeps them per request (its path and parameters) and
answers again from memory until the store changes: a connection of its own that never
writes reads the store's :meth:`~observatory.store.base.Repository.data_version`, which
moves at every commit by anyone (this server's other connections, its other workers, a CLI
ingest). A backend that cannot tell (None) gets no caching.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from observatory.store.base import Repository

__all__ = ["AnswerCache"]

T = TypeVar("T")


class AnswerCache:
    """At most ``size`` answers, the least recently used dropped first."""

    def __init__(self, watcher: Repository | None, *, size: int = 256) -> None:
        self._watcher = watcher
        self._size = size
        self._answers: OrderedDict[Hashable, tuple[int, Any]] = OrderedDict()
        self._lock = threading.Lock()
        if watcher is not None and watcher.data_version() is None:
            watcher.close()
            self._watcher = None

    def version(self) -> int | None:
        """The store's data version now (None: not cached)."""
        with self._lock:
            return self._watcher.data_version() if self._watcher is not None else None

    def answer(self, key: Hashable, make: Callable[[], T]) -> T:
        """The answer kept for ``key`` if the store has not changed since, else ``make()``."""
        version = self.version()  # read before making: a change meanwhile is seen next time
        if version is None:
            return make()
        with self._lock:
            kept = self._answers.get(key)
            if kept is not None and kept[0] == version:
                self._answers.move_to_end(key)
                found: T = kept[1]
                return found
        made = make()
        with self._lock:
            self._answers[key] = (version, made)
            self._answers.move_to_end(key)
            while len(self._answers) > self._size:
                self._answers.popitem(last=False)
        return made

    def close(self) -> None:
        with self._lock:
            if self._watcher is not None:
                self._watcher.close()
            self._watcher = None
            self._answers.clear()
