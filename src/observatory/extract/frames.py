"""Event frames: what one clause of a report says about one event.

A frame gathers a clause's triggers of one event type at one place, with the date, actors,
casualty figures and claimants the clause (or its sentence and paragraph) ties to it.
Frames are merged per document into claims by :mod:`observatory.extract.assemble`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from observatory.actors import ActorMention
from observatory.extract.triggers import Trigger
from observatory.fatalities import CasualtyMention
from observatory.records import DateBasis, DatePrecision, Place, Span

__all__ = ["Frame", "FrameDate", "TollFrame"]


@dataclass(frozen=True, slots=True, kw_only=True)
class FrameDate:
    date: dt.date | None
    window: tuple[dt.date, dt.date] | None
    precision: DatePrecision
    basis: DateBasis
    span: Span | None = None
    reported: bool = False  # only the day a source spoke ("said on Monday")

    @property
    def from_text(self) -> bool:
        return self.basis is not DateBasis.PUBLICATION and self.span is not None


@dataclass(slots=True, kw_only=True)
class Frame:
    """Working state of one event as told in one clause (mutable while it is assembled)."""

    event_type: str
    sub_event_type: str
    triggers: list[Trigger]
    place: Place | None
    place_span: Span | None
    place_from_text: bool  # named in the clause (not inherited)
    date: FrameDate
    sentence: Span
    paragraph: int
    sentence_index: int
    actors: list[ActorMention] = field(default_factory=list)
    initiator: str | None = None
    target: str | None = None
    casualties: list[CasualtyMention] = field(default_factory=list)
    updates: list[CasualtyMention] = field(default_factory=list)
    claimants: list[str] = field(default_factory=list)
    claimant_spans: list[Span] = field(default_factory=list)
    anaphoric: bool = False  # "the clashes": refers back to an event already told
    definite: bool = False  # told only with definite words ("the blast hit buses in X")
    country_wide: bool = False  # "nationwide protests": the country is the place
    casualties_only: bool = False  # no event word: only "N were killed" (a pseudo-trigger)
    place_assumed: bool = False  # no place in the text: the report's main area stands in

    @property
    def trigger_start(self) -> int:
        return self.triggers[0].start


@dataclass(frozen=True, slots=True, kw_only=True)
class TollFrame:
    """An aggregate figure found in a clause."""

    casualty: CasualtyMention
    scope: Place | None
    date: FrameDate
    sentence: Span
    claimants: tuple[str, ...]
    claimant_spans: tuple[Span, ...]
