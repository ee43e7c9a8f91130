"""The linking view of a claim, and blocking: which pairs of claims are worth scoring.

Claims are blocked by governorate (admin1) and event-type family, then swept in date
order: a claim is only compared with claims whose date windows start within its own window
plus ``link_window_days``. The sweep and the cheap hard rules (same document, distance,
non-overlapping one-day windows, incompatible types) run vectorised with numpy, so the
cost grows with the number of nearby claims, not with the square of all claims. Every
pair this drops is one :func:`observatory.link.score.score_pair` would veto anyway.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from observatory.records import Claim, DateBasis, DatePrecision, GeoPrecision

__all__ = [
    "MAX_LINK_WINDOW_DAYS",
    "NEAR_KM",
    "ClaimKey",
    "candidate_pairs",
    "claim_key",
    "distance_km",
    "effective_window",
    "type_family",
]

# Claims whose date window is wider than this (a month, "recently") are never linked
# automatically: they stay events of their own until an analyst merges them.
MAX_LINK_WINDOW_DAYS = 8
# Two town-level places with different gazetteer ids are one place only this close.
NEAR_KM = 2.0

_WORD = re.compile(r"[^\W\d_]{3,}")
_STOP = frozenset(
    [
        "the",
        "and",
        "for",
        "with",
        "from",
        "that",
        "this",
        "were",
        "was",
        "are",
        "has",
        "have",
        "had",
        "said",
        "after",
        "near",
        "into",
    ]
)

# Event types whose claims may describe the same event; any other pair never links.
_FAMILIES: dict[str, str] = {
    "Battles": "battles",
    "Explosions/Remote violence": "remote",
    "Violence against civilians": "remote",
    "Protests": "demonstrations",
    "Riots": "demonstrations",
    "Strategic developments": "strategic",
}


def type_family(event_type: str) -> str:
    """The blocking family of an event type (unknown types are a family of their own)."""
    return _FAMILIES.get(event_type, f"other:{event_type}")


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimKey:
    """What linking needs from a claim, computed once. ``first``/``last`` are ordinals."""

    index: int
    claim_id: str
    document_id: str
    event_type: str
    sub_event_type: str
    first: int
    last: int
    exact_day: bool  # a one-day window: two of these that do not overlap never link
    precise_date: bool  # day precision from the text itself (not the publication date)
    admin1: str  # casefolded; "" = unknown
    latitude: float  # nan when unknown
    longitude: float
    precision: int  # GeoPrecision value; 9 = no location
    place_id: str  # gazetteer id, else "name:<name>"; "" = no place
    actors: frozenset[str]
    two_sided: bool  # both actor1 and actor2 known
    fat_low: int  # -1 = no figure
    fat_high: int  # -1 = open-ended
    words: frozenset[str]
    published: int  # ordinal, 0 = unknown

    @property
    def linkable(self) -> bool:
        """Dated, placed within a governorate, and not too vague to link automatically."""
        return (
            self.first > 0
            and self.last - self.first < MAX_LINK_WINDOW_DAYS
            and bool(self.admin1)
            and self.precision <= GeoPrecision.REGION
        )


def effective_window(claim: Claim) -> tuple[dt.date, dt.date] | None:
    """The days a claim's event may have happened on.

    The claim's ``date_window`` when it has one, else its date. A one-day date that only
    stands in for the publication date (``DateBasis.PUBLICATION``) also allows the day
    before: wire stories are often published the day after the event.
    """
    if claim.date_window is not None:
        first, last = claim.date_window
    elif claim.date is not None:
        first = last = claim.date
    else:
        return None
    if claim.date_basis is DateBasis.PUBLICATION and first == last:
        first = first - dt.timedelta(days=1)
    return (first, last) if first <= last else (last, first)


def _words(claim: Claim) -> frozenset[str]:
    text = " ".join([claim.notes, *(s.text for s in claim.evidence)]).casefold()
    return frozenset(w for w in _WORD.findall(text) if w not in _STOP)


def claim_key(claim: Claim, *, index: int) -> ClaimKey:
    window = effective_window(claim)
    first, last = (window[0].toordinal(), window[1].toordinal()) if window else (0, 0)
    place = claim.location
    if place is not None:
        admin1 = (place.admin1 or "").casefold()
        lat = place.latitude if place.latitude is not None else math.nan
        lon = place.longitude if place.longitude is not None else math.nan
        precision = int(place.geo_precision)
        place_id = place.gazetteer_id or f"name:{place.name.casefold()}"
    else:
        admin1, lat, lon, precision, place_id = "", math.nan, math.nan, 9, ""
    fat = claim.fatalities
    actors = frozenset(a for a in (claim.actor1, claim.actor2, *claim.assoc_actors) if a)
    return ClaimKey(
        index=index,
        claim_id=claim.id,
        document_id=claim.document_id,
        event_type=claim.event_type,
        sub_event_type=claim.sub_event_type,
        first=first,
        last=last,
        exact_day=first == last and first > 0,
        precise_date=claim.date_precision is DatePrecision.DAY
        and claim.date_basis is not DateBasis.PUBLICATION,
        admin1=admin1,
        latitude=lat,
        longitude=lon,
        precision=precision,
        place_id=place_id,
        actors=actors,
        two_sided=bool(claim.actor1 and claim.actor2),
        fat_low=fat.low if fat is not None else -1,
        fat_high=(fat.high if fat.high is not None else -1) if fat is not None else -1,
        words=_words(claim),
        published=claim.published.toordinal() if claim.published else 0,
    )


_EARTH_KM = 6371.0088


def distance_km(a: ClaimKey, b: ClaimKey) -> float:
    """Great-circle distance; ``inf`` when either place has no coordinates."""
    if math.isnan(a.latitude) or math.isnan(b.latitude):
        return math.inf
    if math.isnan(a.longitude) or math.isnan(b.longitude):
        return math.inf
    p1, p2 = math.radians(a.latitude), math.radians(b.latitude)
    dp = p2 - p1
    dl = math.radians(b.longitude - a.longitude)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def _np_distance(
    lat1: npt.NDArray[np.float64],
    lon1: npt.NDArray[np.float64],
    lat2: npt.NDArray[np.float64],
    lon2: npt.NDArray[np.float64],
) -> npt.NDArray[np.float64]:
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dl = np.radians(lon2 - lon1)
    h = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    d = 2 * _EARTH_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))
    return np.where(np.isnan(d), np.inf, d)


def _codes(values: Sequence[str]) -> npt.NDArray[np.int64]:
    table: dict[str, int] = {}
    return np.fromiter(
        (table.setdefault(v, len(table)) for v in values), dtype=np.int64, count=len(values)
    )


def _block_pairs(
    block: Sequence[ClaimKey], *, window_days: int, max_km: float
) -> Iterator[tuple[int, int]]:
    keys = sorted(block, key=lambda k: (k.first, k.index))
    n = len(keys)
    first = np.fromiter((k.first for k in keys), dtype=np.int64, count=n)
    last = np.fromiter((k.last for k in keys), dtype=np.int64, count=n)
    end = np.searchsorted(first, last + window_days, side="right")
    starts = np.arange(n, dtype=np.int64)
    counts = np.maximum(end - starts - 1, 0)
    total = int(counts.sum())
    if total == 0:
        return
    index = np.fromiter((k.index for k in keys), dtype=np.int64, count=n)
    doc = _codes([k.document_id for k in keys])
    pid = _codes([k.place_id for k in keys])
    exact = np.fromiter((k.exact_day for k in keys), dtype=bool, count=n)
    prec = np.fromiter((k.precision for k in keys), dtype=np.int64, count=n)
    lat = np.fromiter((k.latitude for k in keys), dtype=np.float64, count=n)
    lon = np.fromiter((k.longitude for k in keys), dtype=np.float64, count=n)
    slack = 1.001  # the exact distance rule is applied again when scoring
    # all (i, j) with i < j < end[i], in chunks to bound memory
    chunk = 2_000_000
    i0 = 0
    while i0 < n:
        cum = np.cumsum(counts[i0:])
        i1 = i0 + int(np.searchsorted(cum, chunk, side="right"))
        i1 = max(i1, i0 + 1)
        c = counts[i0:i1]
        m = int(c.sum())
        if m:
            ii = np.repeat(starts[i0:i1], c)
            offsets = np.arange(m, dtype=np.int64) - np.repeat(np.cumsum(c) - c, c)
            jj = ii + 1 + offsets
            keep = doc[ii] != doc[jj]
            keep &= ~(exact[ii] & exact[jj] & (first[ii] != first[jj]))
            pmax = np.maximum(prec[ii], prec[jj])
            same_place = pid[ii] == pid[jj]
            dist = _np_distance(lat[ii], lon[ii], lat[jj], lon[jj])
            near = ((pmax == 1) & (dist <= NEAR_KM * slack)) | (
                (pmax == 2) & (dist <= max_km * slack)
            )
            keep &= same_place | near | (pmax == 3)
            ii, jj = ii[keep], jj[keep]
            for a, b in zip(index[ii].tolist(), index[jj].tolist(), strict=True):
                yield (a, b) if a < b else (b, a)
        i0 = i1


def candidate_pairs(
    keys: Sequence[ClaimKey], *, window_days: int, max_km: float
) -> Iterator[tuple[int, int]]:
    """Pairs ``(i, j)`` of key indices, ``i < j``, that survive blocking and hard rules."""
    blocks: dict[tuple[str, str], list[ClaimKey]] = defaultdict(list)
    for key in keys:
        if key.linkable:
            blocks[(key.admin1, type_family(key.event_type))].append(key)
    for name in sorted(blocks):
        block = blocks[name]
        if len(block) > 1:
            yield from _block_pairs(block, window_days=window_days, max_km=max_km)
