"""Analyst corrections of one field of an event, with the old and new values audited.

``review`` merges, splits and sets statuses; this module corrects a field (the date, the
sub-event type, an actor, the place's governorate, the deaths or the notes). The audit
entry's ``action`` is ``edit`` and its ``value`` the JSON ``{"field", "from", "to"}``.

Linking respects corrections as it respects statuses: when it rebuilds an event from its
claims, :func:`apply_edits` applies the event's edits again, oldest first, so a later
automatic run does not undo an analyst's correction.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from observatory.errors import ReviewError
from observatory.records import AuditEntry, DatePrecision, Event, Fatalities
from observatory.store.base import Repository

__all__ = [
    "EDIT",
    "EDITABLE_FIELDS",
    "FieldEdit",
    "apply_edits",
    "edit_event",
    "edits_by_event",
    "parse_edit",
]

EDIT = "edit"
EDITABLE_FIELDS = ("date", "sub_event_type", "actor1", "actor2", "admin1", "fatalities", "notes")


@dataclass(frozen=True, slots=True, kw_only=True)
class FieldEdit:
    """A checked correction: the field and its new value in the record's own type."""

    field: str
    value: dt.date | str | Fatalities | None


def _text(field: str, value: Any, *, optional: bool) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if optional:
            return None
        raise ReviewError(f"{field} cannot be empty")
    if not isinstance(value, str):
        raise ReviewError(f"{field} must be text, not {type(value).__name__}")
    return value.strip()


def parse_edit(field: str, value: Any) -> FieldEdit:
    """Check a correction before anything is written (ReviewError when it is not valid)."""
    if field not in EDITABLE_FIELDS:
        raise ReviewError(f"cannot edit {field!r}; editable: {', '.join(EDITABLE_FIELDS)}")
    if field == "date":
        try:
            day = dt.date.fromisoformat(str(value))
        except ValueError as exc:
            raise ReviewError(f"date {value!r}: give a day as YYYY-MM-DD") from exc
        return FieldEdit(field=field, value=day)
    if field == "sub_event_type":
        from observatory.extract.taxonomy import event_type_of

        name = _text(field, value, optional=False) or ""
        try:
            event_type_of(name)
        except (KeyError, ValueError) as exc:
            raise ReviewError(f"{name!r} is not an ACLED sub-event type") from exc
        return FieldEdit(field=field, value=name)
    if field == "fatalities":
        if value is None:
            return FieldEdit(field=field, value=None)
        if not isinstance(value, Mapping):
            raise ReviewError("fatalities: give {low, best, high} (high null = open-ended)")
        try:
            low = int(value["low"])
            best = None if value.get("best") is None else int(value["best"])
            high = None if value.get("high") is None else int(value["high"])
            return FieldEdit(field=field, value=Fatalities(low=low, best=best, high=high))
        except (KeyError, TypeError, ValueError) as exc:
            raise ReviewError(f"fatalities {dict(value)!r}: {exc}") from exc
    optional = field in {"actor1", "actor2", "admin1", "notes"}
    return FieldEdit(field=field, value=_text(field, value, optional=optional))


def _current(event: Event, field: str) -> Any:
    if field == "date":
        return event.date.isoformat() if event.date else None
    if field == "admin1":
        return event.location.admin1 if event.location else None
    if field == "fatalities":
        f = event.fatalities
        return None if f is None else {"low": f.low, "best": f.best, "high": f.high}
    return getattr(event, field)


def _apply(event: Event, edit: FieldEdit) -> Event:
    value = edit.value
    if edit.field == "date":
        assert isinstance(value, dt.date)  # noqa: S101
        return dataclasses.replace(
            event, date=value, date_window=(value, value), date_precision=DatePrecision.DAY
        )
    if edit.field == "sub_event_type":
        from observatory.extract.taxonomy import event_type_of

        assert isinstance(value, str)  # noqa: S101
        return dataclasses.replace(event, sub_event_type=value, event_type=event_type_of(value))
    if edit.field == "admin1":
        if event.location is None:
            raise ReviewError(f"event {event.id} has no place to set a governorate on")
        assert value is None or isinstance(value, str)  # noqa: S101
        return dataclasses.replace(
            event, location=dataclasses.replace(event.location, admin1=value)
        )
    if edit.field == "fatalities":
        assert value is None or isinstance(value, Fatalities)  # noqa: S101
        return dataclasses.replace(event, fatalities=value)
    if edit.field == "notes":
        return dataclasses.replace(event, notes=str(value or ""))
    assert value is None or isinstance(value, str)  # noqa: S101
    if edit.field == "actor1":
        return dataclasses.replace(event, actor1=value)
    return dataclasses.replace(event, actor2=value)


def edits_by_event(entries: Iterable[AuditEntry]) -> dict[str, list[FieldEdit]]:
    """The corrections in an audit log, by event id, oldest first."""
    out: dict[str, list[FieldEdit]] = {}
    for entry in sorted(entries, key=lambda e: (e.at, e.id or 0)):
        if entry.action != EDIT or not entry.event_ids or not entry.value:
            continue
        try:
            data = json.loads(entry.value)
            edit = parse_edit(str(data["field"]), data["to"])
        except (ValueError, KeyError, TypeError, ReviewError):
            continue  # not an entry this code wrote: nothing to apply
        out.setdefault(entry.event_ids[0], []).append(edit)
    return out


def apply_edits(event: Event, edits: Iterable[FieldEdit]) -> Event:
    """The event with the corrections applied in order (those that no longer fit skipped)."""
    for edit in edits:
        with contextlib.suppress(ReviewError):
            event = _apply(event, edit)
    return event


def edit_event(
    repo: Repository, event_id: str, field: str, value: Any, *, who: str, reason: str
) -> Event:
    """Set one field of the event; the audit log gets the old and new values and why."""
    edit = parse_edit(field, value)
    event = repo.event(event_id)
    if event is None:
        raise ReviewError(f"no event {event_id!r}; list events with `observatory events`")
    updated = _apply(event, edit)
    new = _current(updated, field)
    repo.add_audit(
        AuditEntry(
            id=None,
            at=dt.datetime.now(dt.UTC).replace(microsecond=0),
            who=who,
            action=EDIT,
            event_ids=(event.id,),
            claim_ids=event.claim_ids,
            value=json.dumps({"field": field, "from": _current(event, field), "to": new}),
            reason=reason,
        )
    )
    repo.write_events([updated], [])
    return updated
