"""Tokens and roles: secrets stored hashed, revocation, and every endpoint's role."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from api_support import Served, serve
from observatory.auth import Role, authenticate, create_token, hash_token, revoke_token
from observatory.cli import cli
from observatory.errors import AuthError
from observatory.settings import Settings
from observatory.store.sqlite import SQLiteStore

pytest_plugins = ["api_support"]


def test_secret_is_stored_only_as_its_hash(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    with SQLiteStore.open(db) as store:
        made = create_token(store, "desk", role=Role.ANALYST)
        assert made.secret.startswith("obs_") and len(made.secret) > 40
        assert authenticate(store, made.secret).name == "desk"
    rows = sqlite3.connect(db).execute("SELECT * FROM tokens").fetchall()
    flat = " ".join(str(v) for row in rows for v in row)
    assert made.secret not in flat and hash_token(made.secret) in flat


def test_names_revocation_and_reuse(tmp_path: Path) -> None:
    with SQLiteStore.open(tmp_path / "t.db") as store:
        first = create_token(store, "desk", role=Role.VIEWER)
        with pytest.raises(AuthError, match="already named"):
            create_token(store, "desk", role=Role.ADMIN)
        with pytest.raises(AuthError, match="needs a name"):
            create_token(store, "  ", role=Role.ADMIN)
        revoke_token(store, "desk")
        with pytest.raises(AuthError, match="revoked"):
            authenticate(store, first.secret)
        with pytest.raises(AuthError, match="no active token"):
            revoke_token(store, "desk")
        second = create_token(store, "desk", role=Role.ADMIN)
        assert authenticate(store, second.secret).role is Role.ADMIN
        assert [t.name for t in store.api_tokens()] == ["desk"]
        assert len(store.api_tokens(include_revoked=True)) == 2
        with pytest.raises(AuthError, match="not an Observatory token"):
            authenticate(store, "hunter2")


def test_token_commands(tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    runner = CliRunner()
    made = runner.invoke(cli, ["token", "create", "newsroom", "--role", "analyst", "--db", db])
    assert made.exit_code == 0, made.output
    secret = made.stdout.strip()
    assert secret.startswith("obs_")
    listed = runner.invoke(cli, ["--db", db, "token", "list"])
    assert "newsroom\tanalyst" in listed.stdout and secret not in listed.stdout
    duplicate = runner.invoke(cli, ["--db", db, "token", "create", "newsroom"])
    assert duplicate.exit_code == 1 and "already named" in duplicate.output
    revoked = runner.invoke(cli, ["token", "revoke", "newsroom", "--db", db])
    assert revoked.exit_code == 0
    assert runner.invoke(cli, ["--db", db, "token", "list"]).stdout == ""
    assert "newsroom" in runner.invoke(cli, ["--db", db, "token", "list", "--all"]).stdout


# ---------------------------------------------------------------------- roles per endpoint
# Every API route, the role it needs, and a request that reaches its handler. A route
# missing here fails test_every_route_is_classified, so new endpoints get a role test.
READ = Role.VIEWER
REVIEW = Role.ANALYST
ROUTES: dict[tuple[str, str], Role | None] = {
    ("GET", "/api/events"): READ,
    ("GET", "/api/events/clusters"): READ,
    ("GET", "/api/events/timeline"): READ,
    ("GET", "/api/events/{event_id}"): READ,
    ("GET", "/api/events/{event_id}/audit"): READ,
    ("GET", "/api/documents"): READ,
    ("GET", "/api/documents/{document_id}"): READ,
    ("POST", "/api/documents"): REVIEW,
    ("GET", "/api/tallies"): READ,
    ("GET", "/api/tolls"): READ,
    ("GET", "/api/exports/{format}"): READ,
    ("GET", "/api/review/queue"): READ,
    ("POST", "/api/events/merge"): REVIEW,
    ("POST", "/api/claims/{claim_id}/split"): REVIEW,
    ("POST", "/api/events/{event_id}/status"): REVIEW,
    ("POST", "/api/events/{event_id}/edit"): REVIEW,
    ("GET", "/api/meta"): READ,
    ("GET", "/api/whoami"): None,  # anyone: says who the caller is
}


@pytest.fixture(scope="module")
def served(
    tmp_path_factory: pytest.TempPathFactory,
    examples_db: Path,
    settings: Settings,
) -> Iterator[Served]:
    import shutil

    db = tmp_path_factory.mktemp("roles") / "roles.db"
    shutil.copyfile(examples_db, db)
    yield from serve(db, settings)


def _request(served: Served, method: str, path: str, role: Role | None) -> Any:
    with SQLiteStore.open(served.db) as store:
        events = list(store.events())
    event = max(events, key=lambda e: len(e.claim_ids))
    other = next(e for e in events if e.id != event.id)
    concrete = (
        path.replace("{event_id}", event.id)
        .replace("{document_id}", event.document_ids[0])
        .replace("{claim_id}", event.claim_ids[0])
        .replace("{format}", "geojson")
    )
    bodies = {
        "/api/documents": {"text": "Two people were killed in Homs on Monday, activists said."},
        "/api/events/merge": {
            "event_ids": [event.id, other.id],
            "versions": {event.id: 1, other.id: 1},
            "reason": "r",
        },
        "/api/claims/{claim_id}/split": {"reason": "r", "version": 1},
        "/api/events/{event_id}/status": {"status": "verified", "reason": "r", "version": 1},
        "/api/events/{event_id}/edit": {
            "field": "notes",
            "value": "n",
            "reason": "r",
            "version": 1,
        },
    }
    headers = served.auth(role)
    if method == "GET":
        return served.client.get(concrete, headers=headers)
    return served.client.post(concrete, json=bodies[path], headers=headers)


def test_every_route_is_classified(served: Served) -> None:
    spec = served.client.get("/openapi.json").json()
    routes = {
        (method.upper(), path)
        for path, operations in spec["paths"].items()
        if path.startswith("/api/")
        for method in operations
    }
    assert routes == set(ROUTES)


@pytest.mark.parametrize(("method", "path"), sorted(ROUTES))
def test_roles(served: Served, method: str, path: str) -> None:
    needed = ROUTES[(method, path)]
    anonymous = _request(served, method, path, None)
    if needed is None:
        assert anonymous.status_code == 200
        return
    assert anonymous.status_code == 401 and "token" in anonymous.json()["error"]["message"]
    assert anonymous.headers["www-authenticate"] == "Bearer"
    viewer = _request(served, method, path, Role.VIEWER)
    if needed is Role.ANALYST:
        # a viewer is refused every review action, before anything is done
        assert viewer.status_code == 403, viewer.text
        assert "needs analyst" in viewer.json()["error"]["message"]
        for role in (Role.ANALYST, Role.ADMIN):
            allowed = _request(served, method, path, role)
            assert allowed.status_code not in (401, 403), allowed.text
    else:
        assert viewer.status_code == 200, viewer.text


def test_bad_and_revoked_tokens(served: Served) -> None:
    for header in ("Bearer obs_not-a-real-token", "Basic abc", "Bearer "):
        response = served.client.get("/api/events", headers={"Authorization": header})
        assert response.status_code == 401, header
    with SQLiteStore.open(served.db) as store:
        made = create_token(store, "leaver", role=Role.ANALYST)
        auth = {"Authorization": f"Bearer {made.secret}"}
        assert served.client.get("/api/events", headers=auth).status_code == 200
        revoke_token(store, "leaver")
    assert served.client.get("/api/events", headers=auth).status_code == 401


def test_public_read_opens_reading_only(fresh_db: Path, settings: Settings) -> None:
    for public in serve(fresh_db, settings, public_read=True):
        client = public.client
        assert client.get("/api/events").status_code == 200
        assert client.get("/api/whoami").json() == {
            "name": "anonymous",
            "role": None,
            "public_read": True,
        }
        event = client.get("/api/events").json()["events"][0]
        refused = client.post(
            f"/api/events/{event['event_id']}/status",
            json={"status": "verified", "reason": "r", "version": event["version"]},
        )
        assert refused.status_code == 401
        assert client.post("/api/documents", json={"text": "x"}).status_code == 401
