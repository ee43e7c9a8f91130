"""Service security: CSRF, CORS closed by default, request size, rate limit on
authentication, token expiry and revocation, security headers."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from observatory.api import ServeConfig, create_app
from observatory.api.security import AuthFailureLimiter
from observatory.auth import Role, authenticate, create_token, revoke_token
from observatory.errors import AuthError
from observatory.settings import Settings
from observatory.store.sqlite import SQLiteStore

pytest_plugins = ["api_support"]


class Api:
    def __init__(self, client: TestClient, db: Path, tokens: dict[Role, str]) -> None:
        self.client = client
        self.db = db
        self.tokens = tokens

    def auth(self, role: Role | None = Role.ANALYST, **extra: str) -> dict[str, str]:
        headers = dict(extra)
        if role is not None:
            headers["Authorization"] = f"Bearer {self.tokens[role]}"
        return headers

    def event(self) -> tuple[str, int]:
        body = self.client.get("/api/events", params={"limit": 1}, headers=self.auth()).json()
        event = body["events"][0]
        return event["event_id"], event["version"]


def _serve(db: Path, settings: Settings, **overrides: Any) -> Iterator[Api]:
    with SQLiteStore.open(db) as store:
        tokens = {role: create_token(store, f"sec-{role.value}", role=role).secret for role in Role}
    app_settings = Settings(db=str(db), gazetteer_path=settings.gazetteer_path, **overrides)
    app = create_app(app_settings, config=ServeConfig())
    with TestClient(app) as client:
        yield Api(client, db, tokens)


@pytest.fixture
def api(fresh_db: Path, settings: Settings) -> Iterator[Api]:
    yield from _serve(fresh_db, settings, auth_failures_per_minute=3, max_request_bytes=20_000)


def _status(api: Api, **headers: str) -> Any:
    event_id, version = api.event()
    return api.client.post(
        f"/api/events/{event_id}/status",
        json={"status": "verified", "reason": "checked", "version": version},
        headers=api.auth(**headers),
    )


# --------------------------------------------------------------------------------- CSRF


def test_review_action_from_the_dashboard_itself_goes_through(api: Api) -> None:
    response = _status(api, Origin="http://testserver", **{"Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Origin": "null"},
    ],
    ids=["foreign-origin", "cross-site-fetch", "null-origin"],
)
def test_review_action_from_another_site_is_refused(api: Api, headers: dict[str, str]) -> None:
    response = _status(api, **headers)
    assert response.status_code == 403
    assert "another site" in response.json()["error"]["message"]
    event_id, _ = api.event()
    event = api.client.get(f"/api/events/{event_id}", headers=api.auth()).json()["event"]
    assert event["status"] == "unreviewed"  # nothing changed


@pytest.mark.parametrize(
    "content_type",
    ["application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain"],
)
def test_review_action_must_be_json(api: Api, content_type: str) -> None:
    event_id, version = api.event()
    response = api.client.post(
        f"/api/events/{event_id}/status",
        content=f"status=verified&reason=x&version={version}",
        headers=api.auth(**{"Content-Type": content_type}),
    )
    assert response.status_code == 415
    assert "Content-Type: application/json" in response.json()["error"]["message"]


# --------------------------------------------------------------------------------- CORS


def test_cors_is_closed_by_default(api: Api) -> None:
    preflight = api.client.options(
        "/api/events",
        headers={
            "Origin": "https://elsewhere.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "authorization",
        },
    )
    assert preflight.status_code == 403
    assert "access-control-allow-origin" not in preflight.headers
    assert "setting cors_origins" in preflight.json()["error"]["message"]
    read = api.client.get(
        "/api/events", headers=api.auth(Role.VIEWER, Origin="https://elsewhere.example")
    )
    assert "access-control-allow-origin" not in read.headers


def test_cors_opens_to_listed_origins_only(fresh_db: Path, settings: Settings) -> None:
    for api in _serve(fresh_db, settings, cors_origins=("https://partner.example",)):
        ok = api.client.options(
            "/api/events",
            headers={"Origin": "https://partner.example", "Access-Control-Request-Method": "GET"},
        )
        assert ok.status_code == 200
        assert ok.headers["access-control-allow-origin"] == "https://partner.example"
        other = api.client.options(
            "/api/events",
            headers={"Origin": "https://other.example", "Access-Control-Request-Method": "GET"},
        )
        assert other.status_code == 403
        assert _status(api, Origin="https://partner.example").status_code == 200


# ------------------------------------------------------------------------- request size


def test_oversized_request_is_refused(api: Api) -> None:
    body = {"text": "Shelling hit Douma. " * 2_000}  # ~40 KB, over the 20,000 set
    response = api.client.post("/api/documents", json=body, headers=api.auth())
    assert response.status_code == 413
    assert "over 20,000 bytes (setting max_request_bytes)" in response.json()["error"]["message"]


def test_oversized_chunked_request_is_refused(api: Api) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(100):
            yield b"Shelling hit Douma. " * 50
        yield b'"}'

    response = api.client.post(
        "/api/documents",
        content=chunks(),
        headers=api.auth(**{"Content-Type": "application/json"}),
    )
    assert response.status_code == 413


# ------------------------------------------------------------------- authentication limits


def test_failed_token_checks_are_rate_limited(api: Api) -> None:
    for n in range(3):
        bad = api.client.get("/api/events", headers={"Authorization": f"Bearer obs_wrong{n}"})
        assert bad.status_code == 401
    blocked = api.client.get("/api/events", headers=api.auth(Role.VIEWER))  # even a good token
    assert blocked.status_code == 429
    assert int(blocked.headers["retry-after"]) >= 1
    assert "setting auth_failures_per_minute" in blocked.json()["error"]["message"]


def test_rate_limit_window_slides() -> None:
    now = [1000.0]
    limiter = AuthFailureLimiter(2, clock=lambda: now[0])
    limiter.fail("1.2.3.4")
    assert limiter.retry_after("1.2.3.4") is None
    limiter.fail("1.2.3.4")
    assert limiter.retry_after("1.2.3.4") == 60
    assert limiter.retry_after("5.6.7.8") is None  # per address
    now[0] += 30
    assert limiter.retry_after("1.2.3.4") == 30
    now[0] += 30.5
    assert limiter.retry_after("1.2.3.4") is None


def test_revoked_token_is_refused(api: Api) -> None:
    assert api.client.get("/api/events", headers=api.auth(Role.VIEWER)).status_code == 200
    with SQLiteStore.open(api.db) as store:
        revoke_token(store, "sec-viewer")
    response = api.client.get("/api/events", headers=api.auth(Role.VIEWER))
    assert response.status_code == 401
    assert "revoked" in response.json()["error"]["message"]


def test_expired_token_is_refused(api: Api) -> None:
    assert api.client.get("/api/events", headers=api.auth(Role.VIEWER)).status_code == 200
    old = (dt.datetime.now(dt.UTC) - dt.timedelta(days=91)).isoformat(timespec="seconds")
    conn = sqlite3.connect(api.db)
    conn.execute("UPDATE tokens SET created_at = ? WHERE name = 'sec-viewer'", (old,))
    conn.commit()
    conn.close()
    response = api.client.get("/api/events", headers=api.auth(Role.VIEWER))
    assert response.status_code == 401
    assert "expired" in response.json()["error"]["message"]
    assert "setting token_max_age_days" in response.json()["error"]["message"]


def test_token_expiry_in_the_library(tmp_path: Path) -> None:
    with SQLiteStore.open(tmp_path / "s.db") as store:
        new = create_token(store, "ops", role=Role.ADMIN)
        created = new.token.created_at
        if created.tzinfo is None:
            created = created.replace(tzinfo=dt.UTC)
        week = dt.timedelta(days=7)
        assert authenticate(store, new.secret, max_age=week, now=created + dt.timedelta(days=6))
        with pytest.raises(AuthError, match="expired on"):
            authenticate(store, new.secret, max_age=week, now=created + week)
        assert authenticate(store, new.secret, now=created + dt.timedelta(days=9999))


# ----------------------------------------------------------------------------- headers


def test_security_headers_on_api_and_dashboard(api: Api) -> None:
    for path in ("/api/events", "/", "/static/dashboard.js"):
        response = api.client.get(path, headers=api.auth(Role.VIEWER))
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
