"""The HTTP API over a store of the bundled examples: reads, formats, errors, posting a
report, and review with optimistic concurrency."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from api_support import Served, serve
from observatory.auth import Role
from observatory.settings import Settings
from observatory.store.base import EventQuery
from observatory.store.sqlite import SQLiteStore
from observatory.tally import TallyKey, tally

VIEWER = Role.VIEWER
ANALYST = Role.ANALYST

pytest_plugins = ["api_support"]


@pytest.fixture
def api(fresh_db: Path, settings: Settings) -> Iterator[Served]:
    yield from serve(fresh_db, settings)


def get(api: Served, path: str, role: Role | None = VIEWER, **params: Any) -> Any:
    response = api.client.get(path, params=params, headers=api.auth(role))
    assert response.status_code == 200, response.text
    return response.json()


def all_pages(api: Served, **params: Any) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    cursor = None
    while True:
        extra = {"cursor": cursor} if cursor else {}
        page = get(api, "/api/events", **params, **extra)
        events.extend(page["events"])
        cursor = page["next_cursor"]
        if cursor is None:
            return events


def test_pages_cover_every_event_once_newest_first(api: Served) -> None:
    events = all_pages(api, limit=7)
    with SQLiteStore.open(api.db) as store:
        assert len(events) == store.count_events() > 7
        assert sorted(e["event_id"] for e in events) == sorted(e.id for e in store.events())
    keys = [(e["date_window"] or [e["date"] or ""])[0] or "" for e in events]
    assert keys == sorted(keys, reverse=True)
    assert all(e["version"] >= 1 for e in events)


@pytest.mark.parametrize(
    ("params", "check"),
    [
        ({"admin1": "idlib"}, lambda e: e["location"]["admin1"] == "Idlib"),
        ({"type": "Battles"}, lambda e: e["event_type"] == "Battles"),
        ({"type": "Air/drone strike"}, lambda e: e["sub_event_type"] == "Air/drone strike"),
        ({"sub_type": "Armed clash"}, lambda e: e["sub_event_type"] == "Armed clash"),
        (
            {"admin1": "Idlib", "type": "Explosions/Remote violence"},
            lambda e: (
                e["location"]["admin1"] == "Idlib"
                and e["event_type"] == "Explosions/Remote violence"
            ),
        ),
        ({"since": "2019-06-13", "until": "2019-06-13"}, lambda e: e["date"] == "2019-06-13"),
        (
            {"bbox": "36.4,35.5,36.9,36.2"},
            lambda e: (
                36.4 <= e["location"]["longitude"] <= 36.9
                and 35.5 <= e["location"]["latitude"] <= 36.2
            ),
        ),
        ({"q": "maarat"}, lambda e: "Maarat" in json.dumps(e)),
        (
            {"imprecise": "true"},
            lambda e: e["location"] is None or e["location"]["geo_precision"] >= 3,
        ),
    ],
)
def test_filters(api: Served, params: dict[str, str], check: Any) -> None:
    events = all_pages(api, **params)
    assert events, params
    assert all(check(e) for e in events)
    everything = all_pages(api, limit=500)
    assert len(events) < len(everything)


def test_actor_filter_matches_the_store(api: Served) -> None:
    events = all_pages(api, actor="Syrian government forces")
    with SQLiteStore.open(api.db) as store:
        expected = {e.id for e in store.events(EventQuery(actor="Syrian government forces"))}
    assert {e["event_id"] for e in events} == expected and expected


def test_geojson_and_csv_pages(api: Served) -> None:
    geo = get(api, "/api/events", format="geojson", limit=5)
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == 5
    point = next(f for f in geo["features"] if f["geometry"])
    lon, lat = point["geometry"]["coordinates"]
    assert point["properties"]["location"]["latitude"] == lat
    assert point["properties"]["location"]["longitude"] == lon
    response = api.client.get(
        "/api/events", params={"format": "csv", "limit": 5}, headers=api.auth(VIEWER)
    )
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 5 and rows[0]["event_id"] == geo["features"][0]["id"]
    assert "X-Next-Cursor" in response.headers


def test_count_is_the_number_of_matching_events(api: Served) -> None:
    page = get(api, "/api/events", admin1="Hama", count="true", limit=1)
    assert page["total"] == len(all_pages(api, admin1="Hama"))


def test_one_event_has_claims_with_evidence_figures_and_etag(api: Served) -> None:
    events = all_pages(api, q="maarat")
    busiest = max(events, key=lambda e: e["number_of_sources"])
    response = api.client.get(f"/api/events/{busiest['event_id']}", headers=api.auth(VIEWER))
    assert response.headers["etag"] == f'"v{busiest["version"]}"'
    data = response.json()
    assert len(data["claims"]) == len(busiest["claim_ids"]) > 1
    for claim in data["claims"]:
        sentence = claim["sentence"]
        for span in claim["evidence"]:
            if sentence["start"] <= span["start"] and span["end"] <= sentence["end"]:
                offset = span["start"] - sentence["start"]
                assert sentence["text"][offset : offset + len(span["text"])] == span["text"]
        assert claim["document"]["id"] == claim["document_id"]
    assert len(data["figures"]) >= 2
    assert {f["claimant"] for f in data["figures"]} >= set(busiest["claimants"][:1])
    assert data["audit"] == []


def test_document_text_with_evidence_offsets(api: Served) -> None:
    listing = get(api, "/api/documents", limit=100)
    assert listing["documents"] and "text" not in listing["documents"][0]
    doc_id = listing["documents"][0]["id"]
    data = get(api, f"/api/documents/{doc_id}")
    text = data["document"]["text"]
    spans = [s for c in data["claims"] + data["tolls"] for s in c["evidence"]]
    assert spans
    assert all(text[s["start"] : s["end"]] == s["text"] for s in spans)
    assert all(c["event_id"] for c in data["claims"])
    found = get(api, "/api/documents", q="Maarat")
    assert found["documents"]
    # a control character in a full-text query is a word break, not a server error
    assert get(api, "/api/documents", q="Maar\x00at")["documents"] == []
    assert get(api, "/api/events", q="\x00maarat\x1f")["events"]


def test_tallies_match_the_library_and_tolls_are_beside(api: Served) -> None:
    with SQLiteStore.open(api.db) as store:
        events = list(store.events())
        toll_count = len(list(store.tolls()))
    for by in ("admin1", "day", "month", "event_type", "actor", "admin1,month"):
        data = get(api, "/api/tallies", by=by)
        keys = [TallyKey(k) for k in by.split(",")]
        expected = tally(events, by=keys)
        assert [tuple(r[k.value] for k in keys) for r in data["rows"]] == [r.key for r in expected]
        assert [(r["events"], r["low"], r["best"], r["high"]) for r in data["rows"]] == [
            (r.events, r.low, r.best, r.high) for r in expected
        ]
    data = get(api, "/api/tallies", by="admin1")
    assert len(data["tolls"]) == toll_count > 0
    # a toll of hundreds of thousands is listed, not added to the events' deaths
    assert data["total"]["best"] < max(t["best"] or 0 for t in data["tolls"])
    tolls = get(api, "/api/tolls")["tolls"]
    assert len(tolls) == toll_count and all(t["sentence"] for t in tolls)


def test_clusters_and_timeline_account_for_every_event(api: Served) -> None:
    for zoom in (3, 7, 12):
        data = get(api, "/api/events/clusters", zoom=zoom)
        assert sum(c["events"] for c in data["clusters"]) + data["unplaced"] == data["events"]
    fine = get(api, "/api/events/clusters", zoom=14)["clusters"]
    coarse = get(api, "/api/events/clusters", zoom=3)["clusters"]
    assert len(coarse) < len(fine)
    single = next(c for c in fine if c["events"] == 1)
    assert single["event_id"]
    timeline = get(api, "/api/events/timeline", by="day")["buckets"]
    days = get(api, "/api/tallies", by="day")["rows"]
    assert sorted((b["period"] or "unknown", b["events"]) for b in timeline) == sorted(
        (r["day"], r["events"]) for r in days
    )


@pytest.mark.parametrize("fmt", ["acled-csv", "ucdp-csv", "geojson", "jsonl", "parquet"])
def test_exports(api: Served, fmt: str) -> None:
    response = api.client.get(f"/api/exports/{fmt}", headers=api.auth(VIEWER))
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    assert len(response.content) > 100


@pytest.mark.parametrize(
    ("path", "params", "status", "words"),
    [
        ("/api/events/nope", {}, 404, "no event"),
        ("/api/documents/nope", {}, 404, "no document"),
        ("/api/nothing-here", {}, 404, "/docs"),
        ("/api/events", {"cursor": "garbage"}, 400, "cursor"),
        ("/api/events", {"bbox": "1,2,3"}, 400, "bbox"),
        ("/api/events", {"since": "2019-06-14", "until": "2019-06-12"}, 400, "after"),
        ("/api/events", {"limit": "0"}, 422, "limit"),
        ("/api/events", {"status": "maybe"}, 422, "status"),
        ("/api/tallies", {"by": "weather"}, 400, "weather"),
        ("/api/exports/pdf", {}, 422, "format"),
    ],
)
def test_errors_are_json_with_status(
    api: Served, path: str, params: dict[str, str], status: int, words: str
) -> None:
    response = api.client.get(path, params=params, headers=api.auth(VIEWER))
    assert response.status_code == status
    error = response.json()["error"]
    assert error["status"] == status and words in error["message"]


def _post(api: Served, path: str, body: dict[str, Any], **headers: str) -> Any:
    return api.client.post(path, json=body, headers={**api.auth(ANALYST), **headers})


def test_status_needs_the_version_and_refuses_a_stale_one(api: Served) -> None:
    event = all_pages(api, admin1="Daraa")[0]
    path = f"/api/events/{event['event_id']}/status"
    assert _post(api, path, {"status": "verified", "reason": "x"}).status_code == 428
    first = _post(
        api,
        path,
        {"status": "verified", "reason": "video"},
        **{"If-Match": f'"v{event["version"]}"'},
    )
    assert first.status_code == 200, first.text
    assert first.json()["event"]["status"] == "verified"
    assert first.headers["etag"] != f'"v{event["version"]}"'
    # a second analyst who read the same version loses the race cleanly
    second = _post(api, path, {"status": "rejected", "reason": "dup", "version": event["version"]})
    assert second.status_code == 409 and "reload" in second.json()["error"]["message"]
    again = get(api, f"/api/events/{event['event_id']}")
    assert again["event"]["status"] == "verified"
    [entry] = again["audit"]
    assert entry["who"].startswith("analyst") and entry["reason"] == "video"


def test_edit_records_old_and_new_values(api: Served) -> None:
    event = all_pages(api, admin1="Hama", limit=500)[0]
    path = f"/api/events/{event['event_id']}/edit"
    bad = _post(
        api, path, {"field": "colour", "value": "red", "reason": "r", "version": event["version"]}
    )
    assert bad.status_code == 422 and "editable" in bad.json()["error"]["message"]
    nonsense = {"field": "fatalities", "value": {"low": 5, "best": 2}, "reason": "r"}
    assert _post(api, path, {**nonsense, "version": event["version"]}).status_code == 422
    # refused edits changed nothing, so the version read is still good
    body = {
        "field": "fatalities",
        "value": {"low": 3, "best": 4, "high": 6},
        "reason": "hospital list",
        "version": event["version"],
    }
    response = _post(api, path, body)
    assert response.status_code == 200, response.text
    assert response.json()["event"]["fatalities"]["best"] == 4
    entry = get(api, f"/api/events/{event['event_id']}/audit")["audit"][-1]
    assert entry["action"] == "edit" and entry["reason"] == "hospital list"
    assert json.loads(entry["value"])["to"] == {"low": 3, "best": 4, "high": 6}


def test_merge_and_split(api: Served) -> None:
    events = all_pages(api, admin1="Hama", limit=500)
    a, b = events[0], events[1]
    stale = _post(
        api,
        "/api/events/merge",
        {
            "event_ids": [a["event_id"], b["event_id"]],
            "versions": {a["event_id"]: a["version"]},
            "reason": "same",
        },
    )
    assert stale.status_code == 428
    merged = _post(
        api,
        "/api/events/merge",
        {
            "event_ids": [a["event_id"], b["event_id"]],
            "versions": {a["event_id"]: a["version"], b["event_id"]: b["version"]},
            "reason": "same strike",
        },
    )
    assert merged.status_code == 200, merged.text
    event = merged.json()["event"]
    assert set(event["claim_ids"]) >= set(a["claim_ids"]) | set(b["claim_ids"])
    claim = event["claim_ids"][0]
    split = _post(
        api, f"/api/claims/{claim}/split", {"reason": "other day", "version": event["version"]}
    )
    assert split.status_code == 200, split.text
    assert split.json()["event"]["claim_ids"] == [claim]
    log = get(api, f"/api/events/{event['event_id']}/audit")["audit"]
    assert [e["action"] for e in log][-2:] == ["merge", "split"]


def test_post_document_runs_the_pipeline(api: Served) -> None:
    text = (
        "BEIRUT, June 16, 2019 - Eight civilians were killed on Sunday when government"
        " warplanes struck the market in Maarat al-Numan in Idlib province, the Syrian"
        " Observatory for Human Rights said."
    )
    body = {"text": text, "outlet": "Test Wire", "published": "2019-06-16"}
    refused = api.client.post("/api/documents", json=body, headers=api.auth(VIEWER))
    assert refused.status_code == 403
    response = _post(api, "/api/documents", body)
    assert response.status_code == 201, response.text
    data = response.json()
    assert data["stored"] is True and data["claims"] >= 1
    assert data["events"] and any(
        e["location"] and e["location"]["admin1"] == "Idlib" for e in data["events"]
    )
    again = _post(api, "/api/documents", body).json()
    assert again["stored"] is False
    empty = _post(api, "/api/documents", {"text": "   "})
    assert empty.status_code == 422 and empty.json()["error"]["message"]


def test_review_queue(api: Served) -> None:
    event = all_pages(api, admin1="Aleppo")[0]
    _post(
        api,
        f"/api/events/{event['event_id']}/status",
        {"status": "disputed", "reason": "two counts", "version": event["version"]},
    )
    queue = get(api, "/api/review/queue")
    assert [e["event_id"] for e in queue["disputed"]] == [event["event_id"]]
    assert queue["imprecise"]
    assert all(
        e["location"] is None or e["location"]["geo_precision"] >= 3 for e in queue["imprecise"]
    )
    for item in queue["near_threshold"]:
        assert abs(item["link"]["score"] - queue["threshold"]) <= 0.1 + 1e-9


def test_openapi_and_docs(api: Served) -> None:
    spec = api.client.get("/openapi.json").json()
    assert "/api/events" in spec["paths"] and "/api/events/{event_id}/edit" in spec["paths"]
    assert api.client.get("/docs").status_code == 200
    page = api.client.get("/")
    assert page.status_code == 200 and "leaflet.js" in page.text
    assert api.client.get("/static/vendor/leaflet/leaflet.js").status_code == 200
    assert api.client.get("/events/anything").status_code == 200


def test_an_edit_survives_relinking(fresh_db: Path, settings: Settings) -> None:
    from observatory.curation import edit_event
    from observatory.link import link_store

    with SQLiteStore.open(fresh_db) as store:
        event = max(store.events(), key=lambda e: len(e.claim_ids))
        edit_event(
            store,
            event.id,
            "fatalities",
            {"low": 20, "best": 21, "high": 25},
            who="amal",
            reason="hospital list",
        )
        edit_event(store, event.id, "actor2", "Civilians", who="amal", reason="victims")
        link_store(store, settings=settings)  # every claim re-linked, every event rebuilt
        again = store.event(event.id)
    assert again is not None and again.claim_ids == event.claim_ids
    assert again.fatalities is not None and (again.fatalities.best, again.fatalities.high) == (
        21,
        25,
    )
    assert again.actor2 == "Civilians"


class _Repo:
    def __init__(self, n: int) -> None:
        self.n = n
        self.closed = False

    def close(self) -> None:
        self.closed = True


def test_repo_pool_lends_each_repository_to_one_request_at_a_time() -> None:
    from observatory.api.deps import RepoPool

    opened: list[_Repo] = []

    def factory() -> Any:
        opened.append(_Repo(len(opened)))
        return opened[-1]

    pool = RepoPool(factory, keep=2)
    assert pool.take() is None  # nothing idle: the caller opens one
    first, second, third = pool.open(), pool.open(), pool.open()
    for r in (first, second, third):
        pool.give_back(r)
    assert third.closed and not first.closed  # at most `keep` idle ones stay open
    lent = [pool.take(), pool.take()]
    assert sorted(r.n for r in lent if r) == [0, 1] and pool.take() is None
    for r in lent:
        pool.give_back(r)
    pool.close()
    assert first.closed and second.closed
    late = pool.open()
    pool.give_back(late)  # given back after the pool closed: closed, not kept
    assert late.closed


def test_concurrent_requests_each_get_their_own_repository(api: Served) -> None:
    from concurrent.futures import ThreadPoolExecutor

    ids = [e["event_id"] for e in get(api, "/api/events", limit=12)["events"]]

    def one(event_id: str) -> str:
        body = get(api, f"/api/events/{event_id}")
        return str(body["event"]["event_id"])

    with ThreadPoolExecutor(8) as workers:
        assert list(workers.map(one, ids * 4)) == ids * 4


class _Watcher:
    def __init__(self) -> None:
        self.version: int | None = 1
        self.closed = False

    def data_version(self) -> int | None:
        return self.version

    def close(self) -> None:
        self.closed = True


def test_answer_cache_keeps_answers_while_the_store_is_unchanged() -> None:
    from observatory.api.cache import AnswerCache

    watcher = _Watcher()
    cache = AnswerCache(watcher, size=2)  # type: ignore[arg-type]
    made: list[str] = []

    def make(key: str) -> Any:
        made.append(key)
        return {"answer": key, "n": len(made)}

    assert cache.answer("a", lambda: make("a")) == cache.answer("a", lambda: make("a"))
    assert made == ["a"]
    watcher.version = 2  # someone committed
    assert cache.answer("a", lambda: make("a"))["n"] == 2
    cache.answer("b", lambda: make("b"))
    cache.answer("c", lambda: make("c"))  # over the size: "a", used least recently, goes
    cache.answer("a", lambda: make("a"))
    assert made == ["a", "a", "b", "c", "a"]
    cache.close()
    assert watcher.closed
    unknown = _Watcher()
    unknown.version = None  # a backend that cannot tell: nothing kept
    nocache = AnswerCache(unknown)  # type: ignore[arg-type]
    assert unknown.closed
    nocache.answer("a", lambda: make("z"))
    nocache.answer("a", lambda: make("z"))
    assert made[-2:] == ["z", "z"]


def test_sums_follow_a_review_action_at_once(api: Served) -> None:
    """The map groups, timeline, tallies and filter choices come from the cache while the
    store is unchanged, and change with the store."""
    before = get(api, "/api/tallies", by="admin1")
    assert get(api, "/api/tallies", by="admin1") == before
    groups = get(api, "/api/events/clusters", zoom=6)
    timeline = get(api, "/api/events/timeline", by="day")
    event = get(api, "/api/events", limit=1)["events"][0]
    response = api.client.post(
        f"/api/events/{event['event_id']}/status",
        json={"status": "rejected", "reason": "duplicate", "version": event["version"]},
        headers=api.auth(ANALYST),
    )
    assert response.status_code == 200, response.text
    after = get(api, "/api/tallies", by="admin1")
    assert after["total"]["events"] == before["total"]["events"] - 1  # rejected: left out
    assert sum(b["events"] for b in get(api, "/api/events/timeline", by="day")["buckets"]) == (
        sum(b["events"] for b in timeline["buckets"]) - 1
    )
    assert get(api, "/api/events/clusters", zoom=6) == groups  # rejected events stay on the map
    with SQLiteStore.open(api.db) as store:  # a write by another process (here: connection)
        store.write_events([], [], remove=[event["event_id"]])
    assert get(api, "/api/events/clusters", zoom=6)["events"] == groups["events"] - 1
