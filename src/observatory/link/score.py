"""Scoring a pair of claims: hard rules that veto a link, then a weighted, explainable score.

Each feature is a number in [0, 1]; the score is their weighted mean (``WEIGHTS``). A veto
(``None``) means the two claims can never be in one event, whatever the other claims say:

- the same document (the extractor emits one claim per type, place and day);
- different governorates, or a claim without a dated, placed, narrow enough window;
- event types of different families (a clash and that day's airstrikes are two events);
- date windows more than ``link_window_days`` apart, or two one-day windows on
  different days (consecutive attacks on one town stay two events);
- two town-level places with different gazetteer ids more than ``NEAR_KM`` apart
  (neighbouring towns on one day stay apart), or near/part-of places beyond
  ``link_max_km``;
- two claims that both name both sides, with no actor in common (sharing one side but
  not the other only lowers the actors feature to 0.3);
- a province-level claim (geo precision 3), unless type, day, actors and deaths all agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from observatory.link.blocking import NEAR_KM, ClaimKey, distance_km, type_family

__all__ = ["FEATURES", "WEIGHTS", "PairScore", "score_pair"]

FEATURES: tuple[str, ...] = ("place", "date", "type", "actors", "fatalities", "text")
WEIGHTS: tuple[float, ...] = (0.30, 0.20, 0.20, 0.15, 0.10, 0.05)


@dataclass(frozen=True, slots=True, kw_only=True)
class PairScore:
    """A pair's score and the value of each feature (in ``FEATURES`` order)."""

    score: float
    features: tuple[float, ...]

    def as_dict(self) -> dict[str, float]:
        return dict(zip(FEATURES, self.features, strict=True))


def _place(a: ClaimKey, b: ClaimKey, *, max_km: float) -> float | None:
    pmax = max(a.precision, b.precision)
    if pmax >= 3:
        return 0.5  # same governorate; strong agreement checked by the caller
    if a.place_id == b.place_id:
        return 1.0 if pmax == 1 else 0.85
    dist = distance_km(a, b)
    if pmax == 1:
        return 0.9 if dist <= NEAR_KM else None
    if dist <= max_km:
        return 0.8 - 0.5 * dist / max_km
    return None


def _date(a: ClaimKey, b: ClaimKey, *, window_days: int) -> float | None:
    gap = max(0, b.first - a.last, a.first - b.last)
    if gap > window_days:
        return None
    if a.exact_day and b.exact_day:
        if a.first != b.first:
            return None
        return 1.0 if a.precise_date and b.precise_date else 0.9
    if gap == 0:
        return 0.8
    if a.last - a.first <= 1 and b.last - b.first <= 1:
        return None  # two narrow windows (a day, or a report's "yesterday or today") apart
    return 0.8 * (1 - gap / (window_days + 1))


def _type(a: ClaimKey, b: ClaimKey) -> float | None:
    if a.event_type == b.event_type:
        return 1.0 if a.sub_event_type == b.sub_event_type else 0.8
    if type_family(a.event_type) == type_family(b.event_type):
        return 0.4
    return None


def _actors(a: ClaimKey, b: ClaimKey) -> float | None:
    if not a.actors or not b.actors:
        return 0.5
    if a.actors == b.actors:
        return 1.0
    common = len(a.actors & b.actors)
    if common:
        if a.two_sided and b.two_sided:
            return 0.3  # both name both sides, and a side differs
        return 0.6 + 0.4 * common / len(a.actors | b.actors)
    if a.two_sided and b.two_sided:
        return None
    return 0.2


def _fatalities(a: ClaimKey, b: ClaimKey) -> float:
    if a.fat_low < 0 or b.fat_low < 0:
        return 0.5
    lo, hi = (a, b) if a.fat_low <= b.fat_low else (b, a)
    if lo.fat_high < 0 or lo.fat_high >= hi.fat_low:
        return 1.0  # the ranges overlap (an open-ended "at least" overlaps anything above)
    return 0.9 * lo.fat_high / hi.fat_low


def _text(a: ClaimKey, b: ClaimKey) -> float:
    if not a.words or not b.words:
        return 0.5
    return len(a.words & b.words) / len(a.words | b.words)


def score_pair(a: ClaimKey, b: ClaimKey, *, window_days: int, max_km: float) -> PairScore | None:
    """The pair's score with its features, or None when a hard rule forbids the link."""
    if a.document_id == b.document_id or not (a.linkable and b.linkable):
        return None
    if a.admin1 != b.admin1:
        return None
    type_ = _type(a, b)
    if type_ is None:
        return None
    date = _date(a, b, window_days=window_days)
    if date is None:
        return None
    place = _place(a, b, max_km=max_km)
    if place is None:
        return None
    actors = _actors(a, b)
    if actors is None:
        return None
    fatalities = _fatalities(a, b)
    neither_counts = a.fat_low < 0 and b.fat_low < 0  # no figure on either side: no conflict
    if max(a.precision, b.precision) >= 3 and (
        type_ < 0.8 or date < 0.8 or actors < 0.6 or (fatalities < 0.7 and not neither_counts)
    ):
        return None
    features = (place, date, type_, actors, fatalities, _text(a, b))
    score = sum(w * f for w, f in zip(WEIGHTS, features, strict=True))
    return PairScore(score=round(score, 6), features=features)
