"""The scoring rules of shared/gold/README.md, on hand-made claims."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from observatory.evaluate import assign, compatible, load_gold, score_document, summarise
from observatory.records import Claim, DateBasis, DatePrecision, Fatalities, GeoPrecision, Place

D = dt.date(2015, 6, 3)


def claim(
    *,
    etype: str = "Battles",
    sub: str = "Armed clash",
    lat: float | None = 35.0,
    lon: float | None = 38.0,
    day: dt.date | None = D,
    best: int | None = None,
    precision: GeoPrecision = GeoPrecision.TOWN,
    actors: tuple[str | None, str | None] = (None, None),
) -> Claim:
    loc = Place(name="X", latitude=lat, longitude=lon, geo_precision=precision, admin1="A")
    return Claim(
        id=f"c{lat}{lon}{etype}{day}",
        document_id="d",
        event_type=etype,
        sub_event_type=sub,
        date=day,
        date_window=(day, day) if day else None,
        date_precision=DatePrecision.DAY,
        date_basis=DateBasis.EXPLICIT,
        location=loc,
        actor1=actors[0],
        actor2=actors[1],
        fatalities=None if best is None else Fatalities(low=best, best=best, high=best),
    )


def gold_file(
    tmp_path: Path, events: list[dict[str, object]], deaths: tuple[int, int] = (0, 0)
) -> Path:
    data = {
        "doc": "x.txt",
        "published": "2015-06-03",
        "distinct_deaths": {"low": deaths[0], "high": deaths[1]},
        "events": events,
    }
    (tmp_path / "x.gold.json").write_text(json.dumps(data))
    return tmp_path


def gold_event(**kw: object) -> dict[str, object]:
    base: dict[str, object] = {
        "id": "G1",
        "core": True,
        "event_type": "Battles",
        "sub_event_type": ["Armed clash"],
        "date": "2015-06-03",
        "date_window": ["2015-06-03", "2015-06-03"],
        "lat": 35.0,
        "lon": 38.0,
        "radius_km": 15,
        "actors": [],
        "fatalities": None,
    }
    base.update(kw)
    return base


def test_compatibility_needs_place_and_date(tmp_path: Path) -> None:
    (g,) = load_gold(gold_file(tmp_path, [gold_event()]))[0].events
    assert compatible(claim(), g)
    assert not compatible(claim(lat=35.5), g)  # ~55 km away
    assert not compatible(claim(day=D + dt.timedelta(days=2)), g)
    assert not compatible(claim(lat=None, lon=None), g)


def test_country_level_gold_accepts_coarse_predictions(tmp_path: Path) -> None:
    (g,) = load_gold(gold_file(tmp_path, [gold_event(lat=None, lon=None)]))[0].events
    assert compatible(claim(precision=GeoPrecision.COUNTRY), g)
    assert compatible(claim(precision=GeoPrecision.REGION), g)
    assert not compatible(claim(), g)


def test_scores_recall_precision_fatalities_and_deaths(tmp_path: Path) -> None:
    events = [
        gold_event(fatalities={"low": 4, "best": 5, "high": 5}),
        gold_event(id="G2", event_type="Protests", sub_event_type=["Peaceful protest"], lat=36.0),
        gold_event(id="G3", core=False, event_type="Strategic developments", lat=34.0),
    ]
    gold = load_gold(gold_file(tmp_path, events, deaths=(5, 6)))[0]
    preds = [
        claim(best=5),
        claim(etype="Explosions/Remote violence", sub="Air/drone strike"),  # wrong type
        claim(etype="Strategic developments", sub="Other", lat=34.0),  # optional, matched
    ]
    s = score_document(gold, preds)
    assert (s.core_found, s.core_gold) == (1, 2)
    assert (s.predictions_matched, s.predictions) == (2, 3)
    assert s.fatalities_right == 2 and s.deaths_ok
    total = summarise([s])
    assert total.core_recall == pytest.approx(0.5)
    assert total.precision == pytest.approx(2 / 3)


def test_actor_names_are_compared_after_canonicalisation(tmp_path: Path) -> None:
    gold = load_gold(
        gold_file(tmp_path, [gold_event(actors=["Islamic State", "Syrian government forces"])])
    )[0]
    canon = {"ISIS": "Islamic State", "regime forces": "Syrian government forces"}
    s = score_document(
        gold, [claim(actors=("ISIS", "regime forces"))], canonical=lambda n: canon.get(n, n)
    )
    assert (s.actor_tp, s.actor_fp, s.actor_fn) == (2, 0, 0)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from([0, 0, 1, 7, 101, 10_001, 10_102]), min_size=4, max_size=4),
        min_size=1,
        max_size=4,
    )
)
def test_assignment_is_optimal(weights: list[list[int]]) -> None:
    got = sum(weights[i][j] for i, j in assign(weights))
    cols = len(weights[0])
    best = max(
        sum(weights[i][j] for i, j in enumerate(perm))
        for perm in itertools.permutations(range(cols), len(weights))
    )
    assert got == best
    rows = [i for i, _ in assign(weights)]
    assert len(rows) == len(set(rows))
