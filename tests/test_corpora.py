"""Validation of the bundled report corpora and their gold codings.

Corpora: ``tests/data/linking`` (multi-outlet incidents, global event ids),
``tests/data/extraction`` (short reports covering ACLED's taxonomy) and ``examples/``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from observatory.evaluate import load_gold
from observatory.extract.taxonomy import EVENT_TYPES

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
CORPORA = ("linking", "extraction")

ACLED = {etype: set(subs) for etype, subs in EVENT_TYPES.items()}
SYRIA_LAT = (32.3, 37.3)
SYRIA_LON = (35.7, 42.4)
DOC_KEYS = {"doc", "published", "outlet", "country", "distinct_deaths", "aggregates", "events"}
EVENT_KEYS = {
    "id",
    "core",
    "event_type",
    "sub_event_type",
    "date",
    "date_window",
    "date_precision",
    "place",
    "admin1",
    "lat",
    "lon",
    "radius_km",
    "actors",
    "fatalities",
    "claimants",
    "note",
}
PRECISIONS = {"day", "week", "month", "range", "unknown"}


def _docs(corpus: str) -> list[dict[str, Any]]:
    lines = (DATA / corpus / "docs.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _golds(corpus: str) -> list[tuple[str, dict[str, Any]]]:
    paths = sorted((DATA / corpus / "gold").glob("*.gold.json"))
    return [(p.name, json.loads(p.read_text(encoding="utf-8"))) for p in paths]


ALL_GOLDS = [(corpus, name, gold) for corpus in CORPORA for name, gold in _golds(corpus)]


def _day(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


@pytest.mark.parametrize("corpus", CORPORA)
def test_docs_and_gold_files_match(corpus: str) -> None:
    docs = _docs(corpus)
    ids = [d["id"] for d in docs]
    assert len(ids) == len(set(ids)), "document ids must be unique"
    gold_names = {name.removesuffix(".gold.json") for name, _ in _golds(corpus)}
    assert set(ids) == gold_names
    for d in docs:
        assert {"id", "text", "published", "outlet", "title", "url"} <= d.keys()
        _day(d["published"])
        assert d["text"].strip()


@pytest.mark.parametrize("corpus", CORPORA)
def test_gold_metadata_agrees_with_docs(corpus: str) -> None:
    by_id = {d["id"]: d for d in _docs(corpus)}
    for name, gold in _golds(corpus):
        doc = by_id[gold["doc"]]
        assert name == f"{gold['doc']}.gold.json"
        assert gold["published"] == doc["published"]
        assert gold["outlet"] == doc["outlet"]


@pytest.mark.parametrize(
    ("corpus", "name", "gold"), ALL_GOLDS, ids=[f"{c}/{n}" for c, n, _ in ALL_GOLDS]
)
def test_gold_file_is_well_formed(corpus: str, name: str, gold: dict[str, Any]) -> None:
    assert gold.keys() >= DOC_KEYS, f"{name}: missing {DOC_KEYS - gold.keys()}"
    deaths = gold["distinct_deaths"]
    assert 0 <= deaths["low"] <= deaths["high"]
    for agg in gold["aggregates"]:
        assert {"scope", "deaths", "claimant"} <= agg.keys()
    ids = [e["id"] for e in gold["events"]]
    assert len(ids) == len(set(ids)), f"{name}: duplicate event ids"
    published = _day(gold["published"])
    for event in gold["events"]:
        where = f"{name} {event['id']}"
        assert event.keys() >= EVENT_KEYS, f"{where}: missing {EVENT_KEYS - event.keys()}"
        assert event["event_type"] in ACLED, where
        subs = event["sub_event_type"]
        assert subs and set(subs) <= ACLED[event["event_type"]], where
        assert event["date_precision"] in PRECISIONS, where
        window = event["date_window"]
        if window is not None:
            first, last = _day(window[0]), _day(window[1])
            assert first <= last <= published, f"{where}: window after publication"
            if event["date"] is not None:
                assert first <= _day(event["date"]) <= last, f"{where}: date outside window"
        else:
            assert event["date"] is None, where
        if event["lat"] is None:
            assert event["lon"] is None, where
        else:
            assert SYRIA_LAT[0] <= event["lat"] <= SYRIA_LAT[1], where
            assert SYRIA_LON[0] <= event["lon"] <= SYRIA_LON[1], where
        assert event["radius_km"] > 0
        fat = event["fatalities"]
        if fat is not None:
            assert fat["low"] >= 0
            assert fat["high"] is None or fat["low"] <= fat["high"], where
            if fat["best"] is not None:
                assert fat["low"] <= fat["best"], where
                assert fat["high"] is None or fat["best"] <= fat["high"], where
        assert isinstance(event["actors"], list) and isinstance(event["claimants"], list)


@pytest.mark.parametrize("corpus", CORPORA)
def test_gold_loads_with_the_evaluator(corpus: str) -> None:
    docs = load_gold(DATA / corpus / "gold")
    assert len(docs) == len(_docs(corpus))


def test_extraction_corpus_covers_the_taxonomy() -> None:
    golds = [g for _, g in _golds("extraction")]
    assert len(golds) >= 30
    seen = {sub for g in golds for e in g["events"] for sub in e["sub_event_type"][:1]}
    missing = {sub for subs in ACLED.values() for sub in subs} - seen
    assert not missing, f"no event with first sub-event type {missing}"
    assert sum(1 for g in golds if not g["events"]) >= 5


def test_extraction_event_ids_are_local() -> None:
    for name, gold in _golds("extraction"):
        for event in gold["events"]:
            assert event["id"].startswith("E"), name


def _incidents() -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(
        (DATA / "linking" / "incidents.json").read_text("utf-8")
    )
    return data


def test_linking_incidents_agree_with_gold() -> None:
    incidents = {i["id"]: i for i in _incidents()}
    assert len(incidents) == len(_incidents()), "incident ids must be unique"
    told: dict[str, set[str]] = {}
    for _, gold in _golds("linking"):
        for event in gold["events"]:
            inc = incidents[event["id"]]
            assert event["event_type"] == inc["event_type"], (gold["doc"], event["id"])
            if event["date"] is not None and inc["date"] is not None:
                assert event["date"] == inc["date"], (gold["doc"], event["id"])
            told.setdefault(event["id"], set()).add(gold["doc"])
    for inc_id, inc in incidents.items():
        assert set(inc["docs"]) == told[inc_id], inc_id
        if not inc["singleton"]:
            assert len(inc["docs"]) >= 2, inc_id
        if inc["lat"] is not None:
            assert SYRIA_LAT[0] <= inc["lat"] <= SYRIA_LAT[1]
            assert SYRIA_LON[0] <= inc["lon"] <= SYRIA_LON[1]
        deaths = inc["deaths"]
        if deaths is not None:
            assert deaths["low"] <= deaths["best"]
            assert deaths["high"] is None or deaths["best"] <= deaths["high"]
    multi = [i for i in incidents.values() if not i["singleton"]]
    assert len(multi) >= 7


def test_linking_has_the_confusable_pairs() -> None:
    incidents = {i["id"]: i for i in _incidents()}
    pairs = set()
    for inc in incidents.values():
        for other in inc.get("confusable_with", []):
            assert inc["id"] in incidents[other].get("confusable_with", []), (inc["id"], other)
            pairs.add(frozenset((inc["id"], other)))
    same_place_next_day = same_day_neighbours = 0
    for pair in pairs:
        a, b = (incidents[i] for i in sorted(pair))
        if a["event_type"] != b["event_type"] or a["date"] is None or b["date"] is None:
            continue
        gap = abs((_day(a["date"]) - _day(b["date"])).days)
        if a["place"] == b["place"] and gap == 1:
            same_place_next_day += 1
        if a["place"] != b["place"] and gap == 0:
            same_day_neighbours += 1
    assert same_place_next_day >= 1
    assert same_day_neighbours >= 1


def test_linking_outlets_vary() -> None:
    outlets = Counter(d["outlet"] for d in _docs("linking"))
    assert len(outlets) >= 5
    assert len(_docs("linking")) >= 20


EXAMPLES = REPO / "examples"


def test_examples_are_listed_in_their_readme() -> None:
    files = sorted(p.name for p in EXAMPLES.iterdir() if p.is_file() and p.name != "README.md")
    assert len(files) >= 12
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    for name in files:
        assert name in readme, f"{name} is not described in examples/README.md"
    suffixes = Counter(Path(f).suffix for f in files)
    assert suffixes[".html"] >= 1
    assert suffixes[".xml"] + suffixes[".rss"] >= 1
