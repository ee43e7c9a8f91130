"""The API over each store backend (SQLite always, PostgreSQL when a server is set): the
same answers through the same repository interface."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from observatory.api import ServeConfig, create_app
from observatory.auth import Role, create_token
from observatory.settings import Settings
from observatory.store import open_store
from observatory.tally import TallyKey, tally
from store_backends import Backend

pytest_plugins = ["api_support"]


@pytest.fixture
def client(
    backend: Backend, settings: Settings, extractor: object
) -> Iterator[tuple[TestClient, dict[str, str]]]:
    from api_support import EXAMPLES
    from observatory.ingest import read_inputs
    from observatory.pipeline import run

    db = backend.db()
    store = open_store(db)
    try:
        run(
            store,
            read_inputs([str(EXAMPLES)], settings=settings),
            settings=settings,
            extractor=extractor,
        )  # type: ignore[arg-type]
        secret = create_token(store, "amal", role=Role.ANALYST).secret
    finally:
        store.close()
    app = create_app(Settings(db=db, gazetteer_path=settings.gazetteer_path), config=ServeConfig())
    with TestClient(app) as c:
        yield c, {"Authorization": f"Bearer {secret}"}


def _all(c: TestClient, auth: dict[str, str], **params: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    cursor = None
    while True:
        page = c.get(
            "/api/events", params={**params, **({"cursor": cursor} if cursor else {})}, headers=auth
        ).json()
        out.extend(page["events"])
        cursor = page["next_cursor"]
        if cursor is None:
            return out


def test_reading_and_reviewing_on_each_backend(client: tuple[TestClient, dict[str, str]]) -> None:
    c, auth = client
    events = _all(c, auth, limit=9)
    ids = [e["event_id"] for e in events]
    assert len(ids) == len(set(ids)) > 20
    assert c.get("/api/events", params={"count": "true", "limit": 1}, headers=auth).json()[
        "total"
    ] == len(ids)
    idlib = _all(c, auth, admin1="Idlib", q="maarat")
    assert idlib and all(e["location"]["admin1"] == "Idlib" for e in idlib)
    clusters = c.get("/api/events/clusters", params={"zoom": 7}, headers=auth).json()
    assert sum(g["events"] for g in clusters["clusters"]) + clusters["unplaced"] == len(ids)
    rows = c.get("/api/tallies", params={"by": "admin1"}, headers=auth).json()["rows"]
    from observatory.serialize import event_from_json

    full = [event_from_json(e) for e in events]
    expected = tally(full, by=[TallyKey.ADMIN1])
    assert [(r["admin1"], r["events"], r["best"]) for r in rows] == [
        (r.key[0], r.events, r.best) for r in expected
    ]
    busiest = max(events, key=lambda e: e["number_of_sources"])
    one = c.get(f"/api/events/{busiest['event_id']}", headers=auth)
    assert len(one.json()["claims"]) == len(busiest["claim_ids"])
    path = f"/api/events/{busiest['event_id']}/status"
    body = {"status": "verified", "reason": "checked", "version": busiest["version"]}
    assert c.post(path, json=body, headers=auth).status_code == 200
    assert c.post(path, json={**body, "status": "rejected"}, headers=auth).status_code == 409
    audit = c.get(f"/api/events/{busiest['event_id']}/audit", headers=auth).json()["audit"]
    assert [(a["who"], a["action"], a["value"]) for a in audit] == [("amal", "status", "verified")]
