"""Both backends implement the whole Repository, with the same signatures (no server needed).

When a method or an EventQuery field is added to store/base.py, this fails until both
stores have it, so the PostgreSQL store cannot fall behind unnoticed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import inspect

import pytest

from observatory.records import ReviewStatus
from observatory.store.base import EventQuery, Repository
from observatory.store.postgres import PostgresStore
from observatory.store.sqlite import SQLiteStore

METHODS = sorted(
    name for name, value in vars(Repository).items() if callable(value) and not name.startswith("_")
)


def _parameters(function: object) -> list[tuple[str, object, object]]:
    signature = inspect.signature(function)  # type: ignore[arg-type]
    return [(p.name, p.kind, p.default) for p in signature.parameters.values()]


@pytest.mark.parametrize("store", [SQLiteStore, PostgresStore], ids=["sqlite", "postgresql"])
@pytest.mark.parametrize("name", METHODS)
def test_every_repository_method_is_there_with_its_signature(store: type, name: str) -> None:
    assert hasattr(store, name), f"{store.__name__} lacks Repository.{name}"
    assert _parameters(getattr(store, name)) == _parameters(getattr(Repository, name))


def test_the_interface_is_not_empty() -> None:
    assert {"add_documents", "events", "write_events", "add_audit"} <= set(METHODS)


SAMPLES = {
    "since": dt.date(2019, 1, 1),
    "until": dt.date(2019, 2, 1),
    "admin1": "Idlib",
    "event_type": "Battles",
    "actor": "Civilians",
    "status": ReviewStatus.VERIFIED,
    "event_ids": ("e1",),
    "sub_event_type": "Armed clash",
    "bbox": (36.0, 35.0, 37.0, 36.0),
    "text": "market",
    "imprecise": True,
}


@pytest.mark.parametrize("field", [f.name for f in dataclasses.fields(EventQuery)])
def test_every_event_filter_becomes_a_condition_in_postgresql(field: str) -> None:
    """A new EventQuery field fails here until the PostgreSQL store filters on it (the
    parity tests then check it filters as SQLite does)."""
    if field == "limit":
        return  # not a filter: events() and pages apply it
    assert field in SAMPLES, f"EventQuery.{field} is new: add a sample here and mirror it"
    where, _ = PostgresStore._event_where(EventQuery(**{field: SAMPLES[field]}))
    assert where, f"PostgresStore ignores EventQuery.{field}"
