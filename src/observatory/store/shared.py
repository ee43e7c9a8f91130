"""What the store backends share: how records become column values, whatever the SQL dialect.

Both :mod:`observatory.store.sqlite` and :mod:`observatory.store.postgres` keep records as
the JSON of :mod:`observatory.serialize` beside indexed filter columns; the functions here
compute those columns, so the two backends file a record under the same values.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from observatory.errors import BadCursor
from observatory.records import Claim, Event, Place, Toll

__all__ = [
    "SearchTerm",
    "chunks",
    "claim_columns",
    "days_before",
    "decode_cursor",
    "dumps",
    "encode_cursor",
    "event_actors",
    "event_words",
    "fold",
    "ids_json",
    "now",
    "search_terms",
    "window_bounds",
    "words",
]

CHUNK = 500
_TERM = re.compile(r'[^\s"]+\*?')
_WORD = re.compile(r"[^\W_]+")


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def ids_json(ids: Iterable[str]) -> str:
    return json.dumps(list(ids), ensure_ascii=False)


def chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def days_before(day: dt.date, days: int) -> dt.date:
    """``days`` before ``day``, or the first representable day."""
    try:
        return day - dt.timedelta(days=days)
    except OverflowError:
        return dt.date.min


def window_bounds(
    date: dt.date | None, window: tuple[dt.date, dt.date] | None
) -> tuple[str | None, str | None]:
    """First and last possible day, as ISO strings (None when nothing is known)."""
    if window is not None:
        return window[0].isoformat(), window[1].isoformat()
    if date is not None:
        return date.isoformat(), date.isoformat()
    return None, None


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimColumns:
    """The filter columns of a claim or toll row."""

    date: str | None
    date_first: str | None
    date_last: str | None
    admin1: str | None
    event_type: str | None
    sub_event_type: str | None


def claim_columns(record: Claim | Toll) -> ClaimColumns:
    place: Place | None
    if isinstance(record, Claim):
        first, last = window_bounds(record.date, record.date_window)
        place = record.location
        return ClaimColumns(
            date=record.date.isoformat() if record.date else None,
            date_first=first,
            date_last=last,
            admin1=place.admin1 if place else None,
            event_type=record.event_type,
            sub_event_type=record.sub_event_type,
        )
    first, last = window_bounds(None, record.date_window)
    place = record.scope
    return ClaimColumns(
        date=None,
        date_first=first,
        date_last=last,
        admin1=place.admin1 if place else None,
        event_type=None,
        sub_event_type=None,
    )


def event_actors(event: Event) -> list[str]:
    """The actors an event is filed under (initiator, target, associated), sorted."""
    return sorted({a for a in (event.actor1, event.actor2, *event.assoc_actors) if a})


# ---------------------------------------------------------------------- full-text search
def fold(text: str) -> str:
    """Lower-cased, with diacritics removed (as FTS5's ``remove_diacritics 2``)."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def words(text: str) -> list[str]:
    """The searchable words of ``text``: runs of letters and digits, folded."""
    return _WORD.findall(fold(text))


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchTerm:
    """One term of a search query: its words in order (a phrase), and whether it is a prefix."""

    words: tuple[str, ...]
    prefix: bool


def search_terms(query: str) -> list[SearchTerm]:
    """The terms of a search query; every one must match. ``word*`` is a prefix.

    A term is a run of non-space characters without quotes; a term of several words
    (``ez-Zor``) is a phrase.
    """
    terms = []
    for match in _TERM.finditer(query):
        raw = match.group(0)
        prefix = raw.endswith("*")
        found = tuple(words(raw.rstrip("*")))
        if found:
            terms.append(SearchTerm(words=found, prefix=prefix))
    return terms


# The fields of an event's JSON whose words its full-text search covers (as migration 3).
EVENT_WORD_FIELDS = (
    ("event_type",),
    ("sub_event_type",),
    ("location", "name"),
    ("location", "admin1"),
    ("location", "admin2"),
    ("actor1",),
    ("actor2",),
    ("assoc_actors",),
    ("claimants",),
    ("notes",),
)


def event_words(data: dict[str, Any]) -> list[str]:
    """The searchable words of an event, from its JSON (:func:`serialize.event_to_json`)."""
    found: list[str] = []
    for path in EVENT_WORD_FIELDS:
        value: Any = data
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        if isinstance(value, str):
            found.extend(words(value))
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, str):
                    found.extend(words(item))
    return found


# ---------------------------------------------------------------------- page cursors
def encode_cursor(values: Sequence[Any]) -> str:
    """An opaque page cursor holding ``values`` (JSON, URL-safe base64)."""
    raw = json.dumps(list(values), separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str, *, size: int) -> list[Any]:
    """The values of a cursor made by :func:`encode_cursor`; BadCursor when it is not one."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (binascii.Error, ValueError) as exc:
        raise BadCursor(f"bad page cursor {cursor!r}: start again without one") from exc
    if not isinstance(values, list) or len(values) != size:
        raise BadCursor(f"bad page cursor {cursor!r}: start again without one")
    return values
