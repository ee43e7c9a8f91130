"""A role test for every endpoint of the API: each endpoint in the OpenAPI schema has a row
here saying which role it needs, and every role (and no token, a revoked token, an expired
token, a malformed one) is tried against it. A new endpoint without a row fails the test."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from observatory.api import ServeConfig, create_app
from observatory.auth import Role, create_token, revoke_token
from observatory.settings import Settings
from observatory.store.sqlite import SQLiteStore

pytest_plugins = ["api_support"]

PUBLIC = None
# (method, path) -> the least role that may call it (PUBLIC: anyone)
REQUIRED: dict[tuple[str, str], Role | None] = {
    ("GET", "/api/whoami"): PUBLIC,
    ("GET", "/api/meta"): Role.VIEWER,
    ("GET", "/api/events"): Role.VIEWER,
    ("GET", "/api/events/clusters"): Role.VIEWER,
    ("GET", "/api/events/timeline"): Role.VIEWER,
    ("GET", "/api/events/{event_id}"): Role.VIEWER,
    ("GET", "/api/events/{event_id}/audit"): Role.VIEWER,
    ("GET", "/api/documents"): Role.VIEWER,
    ("GET", "/api/documents/{document_id}"): Role.VIEWER,
    ("GET", "/api/tallies"): Role.VIEWER,
    ("GET", "/api/tolls"): Role.VIEWER,
    ("GET", "/api/exports/{format}"): Role.VIEWER,
    ("GET", "/api/review/queue"): Role.VIEWER,
    ("POST", "/api/documents"): Role.ANALYST,
    ("POST", "/api/events/merge"): Role.ANALYST,
    ("POST", "/api/claims/{claim_id}/split"): Role.ANALYST,
    ("POST", "/api/events/{event_id}/status"): Role.ANALYST,
    ("POST", "/api/events/{event_id}/edit"): Role.ANALYST,
}


class Setup:
    def __init__(self, client: TestClient, secrets: dict[str, str], ids: dict[str, str]) -> None:
        self.client = client
        self.secrets = secrets
        self.ids = ids

    def call(self, method: str, path: str, who: str | None) -> int:
        url = path
        for name, value in self.ids.items():
            url = url.replace("{" + name + "}", value)
        headers = {} if who is None else {"Authorization": f"Bearer {self.secrets[who]}"}
        kwargs: dict[str, Any] = {"headers": headers}
        if method == "POST":
            kwargs["json"] = {}  # past the role check it is refused as invalid, changing nothing
        return self.client.request(method, url, **kwargs).status_code


def _setup(db: Path, settings: Settings, *, public_read: bool) -> Iterator[Setup]:
    p = "public" if public_read else "roles"
    with SQLiteStore.open(db) as store:
        secrets = {
            role.value: create_token(store, f"{p}-{role.value}", role=role).secret for role in Role
        }
        secrets["revoked"] = create_token(store, f"{p}-revoked", role=Role.ADMIN).secret
        revoke_token(store, f"{p}-revoked")
        secrets["expired"] = create_token(store, f"{p}-expired", role=Role.ADMIN).secret
        secrets["malformed"] = "not-a-token"
        event = next(iter(store.events()))
        document = next(iter(store.documents()))
        ids = {
            "event_id": event.id,
            "claim_id": event.claim_ids[0],
            "document_id": document.id,
            "format": "csv",
        }
    old = (dt.datetime.now(dt.UTC) - dt.timedelta(days=400)).isoformat(timespec="seconds")
    conn = sqlite3.connect(db)
    conn.execute("UPDATE tokens SET created_at = ? WHERE name = ?", (old, f"{p}-expired"))
    conn.commit()
    conn.close()
    app = create_app(
        Settings(db=str(db), gazetteer_path=settings.gazetteer_path, auth_failures_per_minute=0),
        config=ServeConfig(public_read=public_read),
    )
    with TestClient(app) as client:
        yield Setup(client, secrets, ids)


@pytest.fixture(scope="module")
def roles_db(examples_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    import shutil

    target = tmp_path_factory.mktemp("roles") / "store.db"
    shutil.copyfile(examples_db, target)
    return target


@pytest.fixture(scope="module")
def served(roles_db: Path, settings: Settings) -> Iterator[Setup]:
    yield from _setup(roles_db, settings, public_read=False)


def test_every_endpoint_has_a_role_row(served: Setup) -> None:
    schema = served.client.get("/openapi.json").json()
    endpoints = {
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method in operations
        if method in {"get", "post", "put", "patch", "delete"}
    }
    assert endpoints == set(REQUIRED), (
        f"endpoints without a role row: {sorted(endpoints - set(REQUIRED))};"
        f" rows without an endpoint: {sorted(set(REQUIRED) - endpoints)}"
    )


def _expected(needed: Role | None, who: str | None) -> str:
    if needed is None and who in {None, "viewer", "analyst", "admin"}:
        return "allowed"
    if who in {None, "revoked", "expired", "malformed"}:
        return "401"
    assert needed is not None
    return "allowed" if Role(who).allows(needed) else "403"


WHO = [None, "viewer", "analyst", "admin", "revoked", "expired", "malformed"]


@pytest.mark.parametrize(("method", "path"), sorted(REQUIRED), ids=lambda v: str(v))
def test_each_role_on_each_endpoint(served: Setup, method: str, path: str) -> None:
    needed = REQUIRED[(method, path)]
    outcomes = {}
    for who in WHO:
        status = served.call(method, path, who)
        outcomes[who] = "401" if status == 401 else "403" if status == 403 else "allowed"
        if outcomes[who] == "allowed":
            assert status < 500, f"{method} {path} as {who}: {status}"
    assert outcomes == {who: _expected(needed, who) for who in WHO}


def test_public_read_opens_reading_only(roles_db: Path, settings: Settings) -> None:
    for served in _setup(roles_db, settings, public_read=True):
        for (method, path), needed in sorted(REQUIRED.items(), key=str):
            status = served.call(method, path, None)
            if needed in (None, Role.VIEWER):
                assert status not in (401, 403), f"{method} {path}: {status}"
            else:
                assert status == 401, f"{method} {path}: {status}"
