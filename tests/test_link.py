"""Linking rules: hard vetoes and scores per pair, clustering, event ids, overrides."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from observatory.link import Linker, pairwise_scores
from observatory.link.blocking import candidate_pairs, claim_key
from observatory.link.cluster import assign_event_ids, cluster, new_event_id
from observatory.link.score import FEATURES, WEIGHTS, score_pair
from observatory.records import (
    AuditEntry,
    DateBasis,
    DatePrecision,
    GeoPrecision,
    Place,
    ReviewStatus,
)
from observatory.settings import Settings
from test_link_corpus import CORPUS, EXPL, GOV, INCIDENTS, IS, REBELS, SDF, claim

SETTINGS = Settings()


def _score(a_kw: dict[str, Any], b_kw: dict[str, Any]) -> float | None:
    base: dict[str, Any] = {"day": "2016-05-03", "town": "Deir ez-Zor", "deaths": (5, 5)}
    a = claim("a", **{"doc": "d1", **base, **a_kw})
    b = claim("b", **{"doc": "d2", **base, **b_kw})
    ka, kb = claim_key(a, index=0), claim_key(b, index=1)
    scored = score_pair(ka, kb, window_days=3, max_km=25.0)
    # blocking never drops a pair the scorer accepts
    if scored is not None:
        assert (0, 1) in set(candidate_pairs([ka, kb], window_days=3, max_km=25.0))
    return None if scored is None else scored.score


def _near(name: str, km_north: float, precision: GeoPrecision = GeoPrecision.TOWN) -> Place:
    return Place(
        name=name,
        country="SY",
        admin1="Deir ez-Zor",
        latitude=35.3359 + km_north / 111.2,
        longitude=40.1408,
        geo_precision=precision,
        gazetteer_id=f"test:{name}",
    )


VETOES: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    ("same document", {}, {"doc": "d1"}),
    ("consecutive days, both one-day windows", {}, {"day": "2016-05-04"}),
    ("neighbouring towns on one day", {"town": "Douma"}, {"town": "Harasta"}),
    ("clash vs airstrike", {}, {"type_": EXPL, "sub": "Air/drone strike"}),
    ("different governorates", {}, {"town": "Raqqa"}),
    ("both sides named, none shared", {"actors": (GOV, IS)}, {"actors": (SDF, REBELS)}),
    ("too far apart in time", {}, {"day": "2016-05-08", "basis": DateBasis.PUBLICATION}),
    (
        "province level, actors disagree",
        {"town": "Aleppo", "actors": (GOV, REBELS)},
        {"town": "Aleppo", "precision": GeoPrecision.REGION, "actors": (IS, None)},
    ),
    (
        "province level, deaths disagree",
        {"town": "Aleppo", "actors": (GOV, REBELS)},
        {
            "town": "Aleppo",
            "precision": GeoPrecision.REGION,
            "actors": (GOV, REBELS),
            "deaths": (40, 40),
        },
    ),
    ("a month-wide window", {}, {"date_window": (dt.date(2016, 5, 1), dt.date(2016, 5, 31))}),
    ("no location", {}, {"location": None}),
]


@pytest.mark.parametrize(("why", "a", "b"), VETOES, ids=[v[0] for v in VETOES])
def test_hard_rules_veto(why: str, a: dict[str, Any], b: dict[str, Any]) -> None:
    if "location" in b or "date_window" in b:
        # fields claim() does not take directly
        extra = {k: b.pop(k) for k in ("location", "date_window") if k in b}
        base = claim("b", doc="d2", day="2016-05-03", town="Deir ez-Zor", deaths=(5, 5))
        other = dataclasses.replace(base, **extra)
        first = claim("a", doc="d1", day="2016-05-03", town="Deir ez-Zor", deaths=(5, 5))
        scored = score_pair(
            claim_key(first, index=0), claim_key(other, index=1), window_days=3, max_km=25.0
        )
        assert scored is None
        return
    assert _score(a, b) is None


LINKS: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    ("identical accounts", {}, {}),
    (
        "next day's report, date from publication",
        {},
        {"day": "2016-05-04", "basis": DateBasis.PUBLICATION},
    ),
    ("different sub-type of one type", {}, {"sub": "Non-state actor overtakes territory"}),
    ("toll revised 68 -> 86", {"deaths": (68, 68)}, {"deaths": (86, 86)}),
    ("one side unnamed", {}, {"actors": (GOV, None), "deaths": (5, None)}),
    (
        "province level, all agrees",
        {"town": "Aleppo", "actors": (GOV, REBELS)},
        {"town": "Aleppo", "precision": GeoPrecision.REGION, "actors": (GOV, REBELS)},
    ),
]


@pytest.mark.parametrize(("why", "a", "b"), LINKS, ids=[v[0] for v in LINKS])
def test_pairs_that_link(why: str, a: dict[str, Any], b: dict[str, Any]) -> None:
    score = _score(a, b)
    assert score is not None and score >= SETTINGS.link_threshold


@pytest.mark.parametrize(
    ("km", "precision", "links"),
    [
        (1.0, GeoPrecision.TOWN, True),  # two gazetteer entries for one town
        (3.0, GeoPrecision.TOWN, False),  # a neighbouring village
        (10.0, GeoPrecision.NEAR, True),  # "near Deir ez-Zor"
        (30.0, GeoPrecision.NEAR, False),  # beyond link_max_km
    ],
)
def test_place_distance(km: float, precision: GeoPrecision, links: bool) -> None:
    a = claim("a", doc="d1", day="2016-05-03", town="Deir ez-Zor", deaths=(5, 5))
    b = dataclasses.replace(a, id="b", document_id="d2", location=_near("x", km, precision))
    scored = score_pair(claim_key(a, index=0), claim_key(b, index=1), window_days=3, max_km=25)
    assert (scored is not None and scored.score >= 0.6) is links


def test_score_is_weighted_mean_of_features() -> None:
    a = claim("a", doc="d1", day="2016-05-03", town="Deir ez-Zor", deaths=(68, 68))
    b = claim("b", doc="d2", day="2016-05-03", town="Deir ez-Zor", deaths=(86, 86))
    scored = score_pair(claim_key(a, index=0), claim_key(b, index=1), window_days=3, max_km=25)
    assert scored is not None
    assert set(scored.as_dict()) == set(FEATURES)
    assert scored.score == pytest.approx(
        sum(w * f for w, f in zip(WEIGHTS, scored.features, strict=True)), abs=1e-3
    )
    assert sum(WEIGHTS) == pytest.approx(1.0)


def test_average_linkage_does_not_chain() -> None:
    # B's date stands in for publication and fits both A (day 1) and C (day 2), but A and C
    # are one-day windows on different days: they never share an event.
    a = claim("a", doc="d1", day="2016-05-03", town="Deir ez-Zor", deaths=(5, 5))
    b = claim(
        "b",
        doc="d2",
        day="2016-05-04",
        town="Deir ez-Zor",
        deaths=(5, 5),
        basis=DateBasis.PUBLICATION,
    )
    c = claim("c", doc="d3", day="2016-05-04", town="Deir ez-Zor", deaths=(5, 5))
    result = Linker(settings=SETTINGS).link([a, b, c])
    event_of = {link.claim_id: link.event_id for link in result.links}
    assert event_of["a"] != event_of["c"]
    assert len(result.events) == 2


def test_cluster_respects_cannot_link_and_must_link() -> None:
    scores = {(0, 1): 0.9, (1, 2): 0.9, (0, 2): 0.9}
    assert cluster(3, scores, threshold=0.6) == [[0, 1, 2]]
    assert cluster(3, scores, threshold=0.6, cannot=[(0, 2)]) == [[0, 1], [2]]
    assert cluster(4, {}, threshold=0.6, must_groups=[[1, 3]]) == [[0], [1, 3], [2]]
    # an unscored (vetoed) pair blocks the merge of the clusters holding it
    assert cluster(3, {(0, 1): 0.9, (1, 2): 0.9}, threshold=0.6) == [[0, 1], [2]]


def test_event_ids_keep_previous_ids_and_are_new_otherwise() -> None:
    ids = assign_event_ids([["a", "b"], ["c"]], ["a", "c"], {"a": "e1", "b": "e1", "c": "e1"})
    assert ids == ["e1", new_event_id("c")]
    # a clash with an id already given is salted, never shared
    ids = assign_event_ids([["x"], ["y"]], ["x", "y"], {"y": new_event_id("x")})
    assert ids[1] == new_event_id("x") and ids[0] == new_event_id("x", salt=1)


def test_event_id_survives_a_later_report() -> None:
    linker = Linker(settings=SETTINGS)
    without = linker.link([c for c in CORPUS if c.id != "c04"])
    with_update = linker.link(CORPUS)

    def dez(result: Any) -> Any:
        return next(e for e in result.events if "c01" in e.claim_ids)

    assert dez(without).id == dez(with_update).id
    assert [f.fatalities.best for f in dez(with_update).figures] == [
        40,
        68,
        60,
        86,
    ]  # same day: by document
    assert dez(without).fatalities.best == 60
    assert dez(with_update).fatalities.best == 86


def _entry(
    action: str,
    *,
    claims: tuple[str, ...],
    value: str | None = None,
    events: tuple[str, ...] = (),
    n: int = 1,
) -> AuditEntry:
    return AuditEntry(
        id=n,
        at=dt.datetime(2024, 1, 1, 12, n),
        who="ana",
        action=action,
        event_ids=events,
        claim_ids=claims,
        value=value,
        reason="test",
    )


def test_overrides_merge_split_status() -> None:
    linker = Linker(settings=SETTINGS)
    base = linker.link(CORPUS)
    douma = next(e for e in base.events if "c10" in e.claim_ids)
    overrides = [
        _entry("merge", claims=("c10", "c11", "c12", "c13", "c14"), n=1),
        _entry("split", claims=("c01", "c02", "c03", "c04"), value="c03", n=2),
        _entry("status", claims=douma.claim_ids, events=(douma.id,), value="disputed", n=3),
    ]
    result = linker.link(CORPUS, overrides=overrides)
    event_of = {link.claim_id: link.event_id for link in result.links}
    assert len({event_of[c] for c in ("c10", "c11", "c12", "c13", "c14")}) == 1
    assert event_of["c03"] != event_of["c01"]
    assert event_of["c01"] == event_of["c04"]
    manual = {link.claim_id for link in result.links if link.manual}
    assert {"c10", "c13", "c03"} <= manual and "c01" not in manual
    # status: the merged event inherits Douma's id (most claims), so its status
    merged = next(e for e in result.events if "c10" in e.claim_ids)
    assert merged.id == douma.id or merged.status is ReviewStatus.UNREVIEWED
    previous = {cid: e.id for e in base.events for cid in e.claim_ids}
    again = linker.link(CORPUS, overrides=overrides, previous=previous)
    merged = next(e for e in again.events if "c10" in e.claim_ids)
    assert merged.id == douma.id and merged.status is ReviewStatus.DISPUTED


def test_later_merge_undoes_earlier_split() -> None:
    overrides = [
        _entry("split", claims=("c01", "c02", "c03", "c04"), value="c03", n=1),
        _entry("merge", claims=("c01", "c02", "c03", "c04"), n=2),
    ]
    result = Linker(settings=SETTINGS).link(CORPUS, overrides=overrides)
    event_of = {link.claim_id: link.event_id for link in result.links}
    assert event_of["c03"] == event_of["c01"]


def test_undated_and_vague_claims_are_events_of_their_own() -> None:
    a = claim("a", doc="d1", day="2016-05-03", town="Deir ez-Zor")
    undated = dataclasses.replace(
        a, id="b", document_id="d2", date=None, date_precision=DatePrecision.UNKNOWN
    )
    result = Linker(settings=SETTINGS).link([a, undated])
    assert len(result.events) == 2
    assert all(link.score == 1.0 and not link.features for link in result.links)


@pytest.mark.parametrize(
    ("predicted", "gold", "expected"),
    [
        ({"a": 1, "b": 1, "c": 2}, {"a": "x", "b": "x", "c": "y"}, (1.0, 1.0)),
        ({"a": 1, "b": 1, "c": 1}, {"a": "x", "b": "x", "c": "y"}, (1 / 3, 1.0)),
        ({"a": 1, "b": 2, "c": 3}, {"a": "x", "b": "x", "c": "x"}, (1.0, 0.0)),
        ({"a": 1}, {"a": "x"}, (1.0, 1.0)),
        ({"a": 1, "b": 1, "z": 1}, {"a": "x", "b": "y"}, (0.0, 1.0)),
    ],
)
def test_pairwise_scores(
    predicted: dict[str, int], gold: dict[str, str], expected: tuple[float, float]
) -> None:
    assert pairwise_scores(predicted, gold) == pytest.approx(expected)


def test_corpus_incidents_are_recovered_whatever_the_settings_window() -> None:
    for days in (1, 3, 5):
        settings = dataclasses.replace(SETTINGS, link_window_days=days)
        result = Linker(settings=settings).link(CORPUS)
        assert len(result.events) == len(INCIDENTS)
