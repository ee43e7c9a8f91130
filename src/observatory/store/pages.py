"""Pages of events, the same in every backend: each gives its rows (stored JSON and version)
and how to read a row's JSON."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from observatory import serialize
from observatory.store.base import EventJsonPage, EventPage, EventQuery

__all__ = ["EventPages"]


class EventPages:
    """:meth:`event_page` and :meth:`event_page_json` over a backend's ``_page_rows``."""

    def _page_rows(
        self, query: EventQuery | None, after: str | None, limit: int
    ) -> tuple[Sequence[Any], str | None]:
        raise NotImplementedError

    @staticmethod
    def _event_data(raw: Any) -> Any:
        """A row's stored event as JSON data (the column as the driver gives it)."""
        return raw

    def event_page(
        self, query: EventQuery | None = None, /, *, after: str | None = None, limit: int = 100
    ) -> EventPage:
        """Up to ``limit`` events, newest first (undated last, then id descending)."""
        rows, next_cursor = self._page_rows(query, after, limit)
        return EventPage(
            events=tuple(serialize.event_from_json(self._event_data(r[0])) for r in rows),
            versions=tuple(int(r[1]) for r in rows),
            next_cursor=next_cursor,
        )

    def event_page_json(
        self, query: EventQuery | None = None, /, *, after: str | None = None, limit: int = 100
    ) -> EventJsonPage:
        rows, next_cursor = self._page_rows(query, after, limit)
        return EventJsonPage(
            events=tuple(
                serialize.event_json_without_figures(self._event_data(r[0])) for r in rows
            ),
            versions=tuple(int(r[1]) for r in rows),
            next_cursor=next_cursor,
        )
