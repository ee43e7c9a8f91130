"""One event's fields reconciled from the claims that describe it.

Fatalities (``reconcile_fatalities``):

- every claim with a figure becomes an :class:`EventFigure` (claimant, document, date,
  evidence), oldest report first: this is the event's fatality history;
- a claimant's figure is superseded by its own later report ("the toll rose to 86"), so
  only each claimant's latest figure counts for low, best and high (a claimant is the
  claim's first claimant, or its document when it names none);
- **low** is the lowest of those figures' lows;
- **best** is the figure of the most recent report; among reports of the same day, the
  most specific figure (an exact count before a range before an open-ended "at least"),
  then the larger;
- **high** is the highest of their highs, counting an open-ended figure's low; it is
  None (open-ended) only when every figure is open-ended.

Other fields (``reconcile_event``): the majority event type and, within it, the most
specific sub-type; the most precise date (the most common day among the claims with the
most precise dates, the earliest on a tie); the most specific place; the majority actors;
claimants in the order they first reported; sorted claim and document ids.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence

from observatory.records import (
    Claim,
    DateBasis,
    DatePrecision,
    Event,
    EventFigure,
    Fatalities,
    Place,
    ReviewStatus,
)

__all__ = ["reconcile_event", "reconcile_fatalities"]

# Generic sub-types rank below specific ones when claims of one event disagree.
_GENERIC_SUB_TYPES = frozenset(
    {"Armed clash", "Attack", "Other", "Peaceful protest", "Mob violence", "Grenade"}
)
_DATE_RANK = {
    DatePrecision.DAY: 0,
    DatePrecision.WEEK: 2,
    DatePrecision.RANGE: 3,
    DatePrecision.MONTH: 4,
    DatePrecision.UNKNOWN: 5,
}


def _report_order(claim: Claim) -> tuple[dt.date, str, str]:
    return (claim.published or claim.date or dt.date.max, claim.document_id, claim.id)


def _claimant(claim: Claim) -> str:
    return claim.claimants[0] if claim.claimants else f"document:{claim.document_id}"


def _specificity(f: Fatalities) -> int:
    if f.high is None:
        return 0
    return 2 if f.low == f.high else 1


def _evidence(claim: Claim) -> str:
    for span in claim.evidence:
        if span.role == "fatalities":
            return span.text
    return claim.evidence[0].text if claim.evidence else ""


def reconcile_fatalities(
    claims: Sequence[Claim],
) -> tuple[Fatalities | None, tuple[EventFigure, ...]]:
    """The event's low / best / high and its fatality history (see the module docstring)."""
    with_figures = sorted((c for c in claims if c.fatalities is not None), key=_report_order)
    figures = tuple(
        EventFigure(
            claim_id=c.id,
            document_id=c.document_id,
            claimant=c.claimants[0] if c.claimants else None,
            published=c.published,
            fatalities=c.fatalities,
            evidence=_evidence(c),
        )
        for c in with_figures
        if c.fatalities is not None
    )
    if not with_figures:
        return None, ()
    latest: dict[str, Claim] = {}
    for claim in with_figures:  # oldest first, so the last one per claimant stays
        latest[_claimant(claim)] = claim
    current = [c.fatalities for c in latest.values() if c.fatalities is not None]
    low = min(f.low for f in current)
    closed = [f.high for f in current if f.high is not None]
    high: int | None = max([*closed, *(f.low for f in current if f.high is None)])
    if not closed:
        high = None
    chosen = max(
        latest.values(),
        key=lambda c: (
            _report_order(c)[0],
            _specificity(c.fatalities) if c.fatalities else -1,
            (c.fatalities.best if c.fatalities and c.fatalities.best is not None else -1),
            c.id,
        ),
    )
    assert chosen.fatalities is not None  # noqa: S101
    best = chosen.fatalities.best if chosen.fatalities.best is not None else chosen.fatalities.low
    best = max(low, best if high is None else min(best, high))
    return Fatalities(low=low, best=best, high=high), figures


def _majority(values: Sequence[str]) -> str | None:
    if not values:
        return None
    counts = Counter(values)
    return min(counts, key=lambda v: (-counts[v], v))


def _date(
    claims: Sequence[Claim],
) -> tuple[dt.date | None, tuple[dt.date, dt.date] | None, DatePrecision]:
    def rank(c: Claim) -> int:
        r = _DATE_RANK[c.date_precision]
        return r + (1 if c.date_basis is DateBasis.PUBLICATION and r == 0 else 0)

    dated = [c for c in claims if c.date is not None or c.date_window is not None]
    if not dated:
        return None, None, DatePrecision.UNKNOWN
    top = min(rank(c) for c in dated)
    best = [c for c in dated if rank(c) == top]
    precision = best[0].date_precision
    days = [c.date for c in best if c.date is not None]
    if days:
        counts = Counter(days)
        day = min(counts, key=lambda d: (-counts[d], d))
        if precision is DatePrecision.DAY:
            return day, None, precision
    else:
        day = None
    windows = [c.date_window or (c.date, c.date) for c in best if c.date_window or c.date]
    first = max(w[0] for w in windows if w[0] is not None)
    last = min(w[1] for w in windows if w[1] is not None)
    if first > last:  # no common day: the hull of the most precise claims
        first = min(w[0] for w in windows if w[0] is not None)
        last = max(w[1] for w in windows if w[1] is not None)
    return day, (first, last), precision


def _location(claims: Sequence[Claim]) -> Place | None:
    places = [c.location for c in claims if c.location is not None]
    if not places:
        return None
    finest = min(p.geo_precision for p in places)
    candidates = [p for p in places if p.geo_precision == finest]
    key = Counter(p.gazetteer_id or p.name for p in candidates)
    winner = min(key, key=lambda k: (-key[k], k))
    return next(p for p in candidates if (p.gazetteer_id or p.name) == winner)


def _type(claims: Sequence[Claim]) -> tuple[str, str]:
    event_type = _majority([c.event_type for c in claims]) or ""
    subs = Counter(c.sub_event_type for c in claims if c.event_type == event_type)
    sub = min(subs, key=lambda s: (s in _GENERIC_SUB_TYPES, -subs[s], s))
    return event_type, sub


def reconcile_event(
    event_id: str, claims: Sequence[Claim], *, status: ReviewStatus = ReviewStatus.UNREVIEWED
) -> Event:
    """The event made of ``claims`` (at least one), with its fields reconciled."""
    if not claims:
        raise ValueError(f"event {event_id} has no claims")
    ordered = sorted(claims, key=_report_order)
    event_type, sub_event_type = _type(ordered)
    day, window, precision = _date(ordered)
    actor1 = _majority([c.actor1 for c in ordered if c.actor1])
    actor2 = _majority([c.actor2 for c in ordered if c.actor2 and c.actor2 != actor1])
    assoc = sorted(
        {a for c in ordered for a in c.assoc_actors} - {a for a in (actor1, actor2) if a}
    )
    fatalities, figures = reconcile_fatalities(ordered)
    claimants = tuple(dict.fromkeys(n for c in ordered for n in c.claimants))
    location = _location(ordered)
    notes = next((c.notes for c in ordered if c.notes), "")
    documents = sorted({c.document_id for c in ordered})
    if len(documents) > 1:
        notes = f"{notes} [{len(documents)} reports]".strip()
    return Event(
        id=event_id,
        event_type=event_type,
        sub_event_type=sub_event_type,
        date=day,
        date_window=window,
        date_precision=precision,
        location=location,
        actor1=actor1,
        actor2=actor2,
        assoc_actors=tuple(assoc),
        fatalities=fatalities,
        claim_ids=tuple(sorted(c.id for c in ordered)),
        document_ids=tuple(documents),
        claimants=claimants,
        figures=figures,
        status=status,
        notes=notes,
    )
