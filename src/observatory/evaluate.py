"""Scoring extraction against hand-coded gold files (the rules of shared/gold/README.md).

1. A prediction and a gold event are *compatible* when the prediction's point lies within
   the gold ``radius_km`` (country-level gold: the prediction has no point or a geo
   precision of 3 or coarser) and the date windows overlap (no gold window: any date).
2. Predictions and gold events are paired one to one, maximising agreement: same event
   type first, then an accepted sub-event type, then shared actors.
3. Core recall, precision, date accuracy, fatality accuracy, actor F1 and the
   document's death total are computed from the pairing.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from observatory.errors import EvaluationError
from observatory.records import Claim

__all__ = [
    "DocumentScore",
    "GoldDocument",
    "GoldEvent",
    "Score",
    "assign",
    "haversine_km",
    "load_gold",
    "match",
    "score_document",
    "summarise",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class GoldEvent:
    id: str
    core: bool
    event_type: str
    sub_event_types: tuple[str, ...]
    date: dt.date | None
    date_window: tuple[dt.date, dt.date] | None
    place: str
    lat: float | None
    lon: float | None
    radius_km: float
    actors: tuple[str, ...]
    fatalities: tuple[int, int | None, int | None] | None  # low, best, high


@dataclass(frozen=True, slots=True, kw_only=True)
class GoldDocument:
    doc: str
    published: dt.date | None
    outlet: str | None
    distinct_deaths: tuple[int, int] | None
    events: tuple[GoldEvent, ...]
    path: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Pair:
    gold: GoldEvent
    claim: Claim
    typed: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentScore:
    doc: str
    core_gold: int
    core_found: int
    predictions: int
    predictions_matched: int
    dated: int  # typed matches whose gold event has a day
    dates_right: int
    fatalities_right: int
    typed_matches: int
    actor_tp: int
    actor_fp: int
    actor_fn: int
    deaths_predicted: int
    deaths_range: tuple[int, int] | None
    missed: tuple[str, ...] = ()  # core gold ids without a typed match
    spurious: tuple[str, ...] = ()  # predictions without a typed match ("type @ place date")
    wrong_date: tuple[str, ...] = ()
    wrong_fatalities: tuple[str, ...] = ()

    @property
    def deaths_ok(self) -> bool | None:
        if self.deaths_range is None:
            return None
        return self.deaths_range[0] <= self.deaths_predicted <= self.deaths_range[1]


@dataclass(frozen=True, slots=True, kw_only=True)
class Score:
    """Micro-averaged figures over documents."""

    documents: int
    core_recall: float | None
    precision: float | None
    date_accuracy: float | None
    fatality_accuracy: float | None
    actor_f1: float | None
    deaths_within_range: int
    deaths_checked: int
    per_document: tuple[DocumentScore, ...] = field(default=())

    def as_json(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "core_recall": self.core_recall,
            "precision": self.precision,
            "date_accuracy": self.date_accuracy,
            "fatality_accuracy": self.fatality_accuracy,
            "actor_f1": self.actor_f1,
            "deaths_within_range": self.deaths_within_range,
            "deaths_checked": self.deaths_checked,
            "per_document": [
                {
                    "doc": d.doc,
                    "core_recall": _ratio(d.core_found, d.core_gold),
                    "precision": _ratio(d.predictions_matched, d.predictions),
                    "date_accuracy": _ratio(d.dates_right, d.dated),
                    "fatality_accuracy": _ratio(d.fatalities_right, d.typed_matches),
                    "actor_f1": _f1(d.actor_tp, d.actor_fp, d.actor_fn),
                    "deaths": d.deaths_predicted,
                    "deaths_range": list(d.deaths_range) if d.deaths_range else None,
                    "deaths_ok": d.deaths_ok,
                    "missed": list(d.missed),
                    "spurious": list(d.spurious),
                    "wrong_date": list(d.wrong_date),
                    "wrong_fatalities": list(d.wrong_fatalities),
                }
                for d in self.per_document
            ],
        }


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def _f1(tp: int, fp: int, fn: int) -> float | None:
    if tp + fp + fn == 0:
        return None
    return 2 * tp / (2 * tp + fp + fn)


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _window(value: Any) -> tuple[dt.date, dt.date] | None:
    if not value:
        return None
    return (dt.date.fromisoformat(value[0]), dt.date.fromisoformat(value[1]))


def _gold_event(data: Mapping[str, Any]) -> GoldEvent:
    fat = data.get("fatalities")
    subs = data.get("sub_event_type") or []
    return GoldEvent(
        id=str(data["id"]),
        core=bool(data.get("core", True)),
        event_type=str(data["event_type"]),
        sub_event_types=tuple([subs] if isinstance(subs, str) else subs),
        date=_date(data.get("date")),
        date_window=_window(data.get("date_window")),
        place=str(data.get("place") or ""),
        lat=data.get("lat"),
        lon=data.get("lon"),
        radius_km=float(data.get("radius_km") or 15),
        actors=tuple(data.get("actors") or ()),
        fatalities=None if fat is None else (int(fat["low"]), fat.get("best"), fat.get("high")),
    )


def load_gold(directory: str | Path) -> list[GoldDocument]:
    """Every ``*.gold.json`` in ``directory``, sorted by file name."""
    root = Path(directory)
    if not root.is_dir():
        raise EvaluationError(f"gold directory {root} does not exist")
    out = []
    for path in sorted(root.glob("*.gold.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            deaths = data.get("distinct_deaths")
            out.append(
                GoldDocument(
                    doc=str(data["doc"]),
                    published=_date(data.get("published")),
                    outlet=data.get("outlet"),
                    distinct_deaths=None
                    if not deaths
                    else (int(deaths["low"]), int(deaths["high"])),
                    events=tuple(_gold_event(e) for e in data.get("events") or ()),
                    path=str(path),
                )
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise EvaluationError(f"{path}: not a gold file ({exc})") from exc
    if not out:
        raise EvaluationError(f"no *.gold.json files in {root}")
    return out


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def compatible(claim: Claim, gold: GoldEvent) -> bool:
    loc = claim.location
    if gold.lat is None or gold.lon is None:
        place_ok = loc is None or loc.latitude is None or int(loc.geo_precision) >= 3
    else:
        place_ok = (
            loc is not None
            and loc.latitude is not None
            and loc.longitude is not None
            and haversine_km(loc.latitude, loc.longitude, gold.lat, gold.lon) <= gold.radius_km
        )
    if not place_ok:
        return False
    if gold.date_window is None:
        return True
    window = claim.date_window or ((claim.date, claim.date) if claim.date else None)
    if window is None:
        return False
    return window[0] <= gold.date_window[1] and gold.date_window[0] <= window[1]


def _agreement(claim: Claim, gold: GoldEvent, canon: Callable[[str], str]) -> int:
    """Same event type first, then sub-event type, then shared actors; ties are broken by
    agreeing fatalities and then by closeness, so that two compatible neighbours (two
    towns 4 km apart struck the same day) are not paired crosswise."""
    weight = 1
    if claim.event_type == gold.event_type:
        weight += 100_000
        if claim.sub_event_type in gold.sub_event_types:
            weight += 1_000
    weight += 100 * len(_actors(claim, canon) & {canon(a) for a in gold.actors})
    best = claim.fatalities.best if claim.fatalities else None
    if gold.fatalities is not None and best is not None:
        low, _, high = gold.fatalities
        weight += 10 * (low <= best and (high is None or best <= high))
    loc = claim.location
    if gold.lat is not None and gold.lon is not None and loc and loc.latitude is not None:
        dist = haversine_km(loc.latitude, loc.longitude or 0.0, gold.lat, gold.lon)
        weight += max(0, 9 - int(9 * dist / max(gold.radius_km, 1.0)))
    return weight


def _actors(claim: Claim, canon: Callable[[str], str]) -> set[str]:
    names = [claim.actor1, claim.actor2, *claim.assoc_actors]
    return {canon(n) for n in names if n}


def assign(weights: Sequence[Sequence[int]]) -> list[tuple[int, int]]:
    """Maximum-weight one-to-one assignment (Hungarian method); zero weights stay unpaired."""
    rows = len(weights)
    cols = len(weights[0]) if rows else 0
    if rows == 0 or cols == 0:
        return []
    n = max(rows, cols)
    big = max(max(r) for r in weights) + 1
    cost = [
        [big - (weights[i][j] if i < rows and j < cols else 0) for j in range(n)] for i in range(n)
    ]
    inf = float("inf")
    u = [0.0] * (n + 1)
    v = [0.0] * (n + 1)
    p = [0] * (n + 1)
    way = [0] * (n + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = [inf] * (n + 1)
        used = [False] * (n + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = p[j0], inf, 0
            for j in range(1, n + 1):
                if not used[j]:
                    cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(n + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while True:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
            if j0 == 0:
                break
    pairs = []
    for j in range(1, n + 1):
        i = p[j] - 1
        if i < rows and j - 1 < cols and weights[i][j - 1] > 0:
            pairs.append((i, j - 1))
    return sorted(pairs)


def _describe(claim: Claim) -> str:
    place = claim.location.name if claim.location else "?"
    return f"{claim.event_type}/{claim.sub_event_type} @ {place} {claim.date or '?'}"


def _pairs(
    gold: GoldDocument, claims: Sequence[Claim], canonical: Callable[[str], str]
) -> list[Pair]:
    weights = [
        [_agreement(c, g, canonical) if compatible(c, g) else 0 for c in claims]
        for g in gold.events
    ]
    return [
        Pair(
            gold=gold.events[gi],
            claim=claims[ci],
            typed=claims[ci].event_type == gold.events[gi].event_type,
        )
        for gi, ci in assign(weights)
    ]


def match(
    gold: GoldDocument,
    claims: Sequence[Claim],
    *,
    canonical: Callable[[str], str] = lambda name: name,
) -> dict[str, str]:
    """Claim id -> gold event id, for the typed matches of the scoring rules."""
    return {p.claim.id: p.gold.id for p in _pairs(gold, claims, canonical) if p.typed}


def score_document(
    gold: GoldDocument,
    claims: Sequence[Claim],
    *,
    canonical: Callable[[str], str] = lambda name: name,
) -> DocumentScore:
    """Scores one document's event claims (tolls are not passed in) against its gold."""
    pairs = _pairs(gold, claims, canonical)
    typed = [p for p in pairs if p.typed]
    matched_claims = {id(p.claim) for p in typed}
    matched_gold = {p.gold.id for p in typed}
    core = [g for g in gold.events if g.core]
    dated = [p for p in typed if p.gold.date is not None]
    dates_right = [p for p in dated if p.claim.date == p.gold.date]
    fat_right = [p for p in typed if _fatalities_ok(p)]
    tp = fp = fn = 0
    for p in typed:
        pred = _actors(p.claim, canonical)
        want = {canonical(a) for a in p.gold.actors}
        tp += len(pred & want)
        fp += len(pred - want)
        fn += len(want - pred)
    return DocumentScore(
        doc=gold.doc,
        core_gold=len(core),
        core_found=sum(1 for g in core if g.id in matched_gold),
        predictions=len(claims),
        predictions_matched=len(matched_claims),
        dated=len(dated),
        dates_right=len(dates_right),
        fatalities_right=len(fat_right),
        typed_matches=len(typed),
        actor_tp=tp,
        actor_fp=fp,
        actor_fn=fn,
        deaths_predicted=sum((c.fatalities.best or 0) if c.fatalities else 0 for c in claims),
        deaths_range=gold.distinct_deaths,
        missed=tuple(g.id for g in core if g.id not in matched_gold),
        spurious=tuple(_describe(c) for c in claims if id(c) not in matched_claims),
        wrong_date=tuple(
            f"{p.gold.id}: {p.claim.date} != {p.gold.date}" for p in dated if p not in dates_right
        ),
        wrong_fatalities=tuple(
            f"{p.gold.id}: {p.claim.fatalities.best if p.claim.fatalities else None}"
            f" not in {p.gold.fatalities}"
            for p in typed
            if p not in fat_right
        ),
    )


def _fatalities_ok(pair: Pair) -> bool:
    best = pair.claim.fatalities.best if pair.claim.fatalities else None
    best = best or 0
    gold = pair.gold.fatalities
    if gold is None:
        return best == 0
    low, _, high = gold
    return low <= best and (high is None or best <= high)


def summarise(scores: Iterable[DocumentScore]) -> Score:
    docs = tuple(scores)

    def total(attr: str) -> int:
        return sum(int(getattr(d, attr)) for d in docs)

    checked = [d for d in docs if d.deaths_ok is not None]
    return Score(
        documents=len(docs),
        core_recall=_ratio(total("core_found"), total("core_gold")),
        precision=_ratio(total("predictions_matched"), total("predictions")),
        date_accuracy=_ratio(total("dates_right"), total("dated")),
        fatality_accuracy=_ratio(total("fatalities_right"), total("typed_matches")),
        actor_f1=_f1(total("actor_tp"), total("actor_fp"), total("actor_fn")),
        deaths_within_range=sum(1 for d in checked if d.deaths_ok),
        deaths_checked=len(checked),
        per_document=docs,
    )
