"""A server that is ready before it listens, and says where a request's time went:
the Server-Timing header, the store read into memory at startup, routes built before the
first request, the collector kept off the startup objects, workers listening late."""

from __future__ import annotations

import dataclasses
import gc
import re
import socket
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from observatory.api import ServeConfig, create_app
from observatory.api import workers as workers_module
from observatory.api.app import WARM_REPOSITORIES
from observatory.api.deps import RepoPool
from observatory.api.warm import WARM_PATH, MappedFile, available_memory, build_routes
from observatory.auth import Role, create_token
from observatory.errors import StoreError
from observatory.settings import Settings
from observatory.store.sqlite import SQLiteStore

pytest_plugins = ["api_support"]

TIMING = re.compile(r"^(\w+);dur=(\d+\.\d+)$")


@pytest.fixture
def token(fresh_db: Path) -> str:
    with SQLiteStore.open(fresh_db) as store:
        return create_token(store, "timing", role=Role.VIEWER).secret


def _client(db: Path, settings: Settings, **changes: Any) -> TestClient:
    app_settings = dataclasses.replace(
        Settings(db=str(db), gazetteer_path=settings.gazetteer_path), **changes
    )
    return TestClient(create_app(app_settings))


def _timings(header: str) -> dict[str, float]:
    found = {}
    for part in header.split(", "):
        match = TIMING.match(part)
        assert match, f"not a Server-Timing metric: {part!r}"
        found[match[1]] = float(match[2])
    return found


@pytest.mark.parametrize(
    ("path", "metrics"),
    [
        ("/api/events?limit=5", {"app", "wait", "route"}),  # a route on a worker thread
        ("/api/events/no-such-event", {"app", "wait", "route"}),  # 404 from the route
        ("/api/events?limit=0", {"app"}),  # refused before the route runs (422)
    ],
)
def test_server_timing_says_where_the_time_went(
    fresh_db: Path, settings: Settings, token: str, path: str, metrics: set[str]
) -> None:
    with _client(fresh_db, settings, server_timing=True) as client:
        response = client.get(path, headers={"Authorization": f"Bearer {token}"})
    found = _timings(response.headers["server-timing"])
    assert set(found) == metrics
    assert found["app"] > 0
    if "route" in found:
        assert found["route"] + found["wait"] <= found["app"]


def test_no_token_is_refused_before_the_route(fresh_db: Path, settings: Settings) -> None:
    with _client(fresh_db, settings, server_timing=True) as client:
        response = client.get("/api/events")
    assert response.status_code == 401
    assert set(_timings(response.headers["server-timing"])) == {"app"}


def test_no_server_timing_unless_asked(fresh_db: Path, settings: Settings, token: str) -> None:
    with _client(fresh_db, settings) as client:
        response = client.get("/api/events?limit=5", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert "server-timing" not in response.headers


def test_timed_routes_keep_their_parameters(fresh_db: Path, settings: Settings) -> None:
    with _client(fresh_db, settings, server_timing=True) as client:
        schema = client.get("/openapi.json").json()
    listed = {p["name"] for p in schema["paths"]["/api/events"]["get"]["parameters"]}
    assert {"limit", "cursor", "format", "count", "since", "admin1", "bbox"} <= listed
    one = schema["paths"]["/api/events/{event_id}"]["get"]["parameters"]
    assert [p["name"] for p in one if p["in"] == "path"] == ["event_id"]


def _resident_bytes(path: Path) -> int:
    """Bytes of ``path`` mapped into this process and in memory (``/proc/self/smaps``)."""
    total = 0
    inside = False
    for line in Path("/proc/self/smaps").read_text().splitlines():
        if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", line):
            inside = line.rstrip().endswith(str(path))
        elif inside and line.startswith("Rss:"):
            total += int(line.split()[1]) * 1024
    return total


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/smaps")
def test_mapped_file_is_read_in_and_kept_until_closed(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    path.write_bytes(bytes(range(256)) * 4096 * 3)  # 3 MB
    kept = MappedFile.load(path)
    assert kept is not None and kept.size == path.stat().st_size and kept.mapped
    assert _resident_bytes(path.resolve()) == kept.size
    kept.close()
    assert not kept.mapped and _resident_bytes(path.resolve()) == 0


def test_mapped_file_skips_what_cannot_or_should_not_be_kept(tmp_path: Path) -> None:
    assert MappedFile.load(tmp_path / "missing.db") is None
    (tmp_path / "empty.db").write_bytes(b"")
    assert MappedFile.load(tmp_path / "empty.db") is None
    big = tmp_path / "big.db"
    big.write_bytes(b"x" * 65536)
    memory = available_memory()
    assert memory is not None and memory > 0
    # larger than the share of the memory it may take
    assert MappedFile.load(big, share_of_memory=65535 / memory) is None
    assert MappedFile.load(big, share_of_memory=0.5) is not None


@pytest.mark.parametrize(
    ("changes", "kept"),
    [({}, True), ({"serve_prewarm": False}, False)],
)
def test_the_served_store_is_read_in_at_startup(
    fresh_db: Path, settings: Settings, changes: dict[str, Any], kept: bool
) -> None:
    with _client(fresh_db, settings, **changes) as client:
        prewarmed = client.app.state.prewarmed  # type: ignore[attr-defined]
        assert (prewarmed is not None) is kept
        if kept:
            assert prewarmed.path == fresh_db and prewarmed.mapped
    if kept:
        assert not prewarmed.mapped  # released at shutdown


def test_a_store_given_by_a_factory_is_not_read_in(fresh_db: Path, settings: Settings) -> None:
    app = create_app(
        Settings(db=str(fresh_db), gazetteer_path=settings.gazetteer_path),
        repo_factory=lambda: SQLiteStore.open(fresh_db),
    )
    with TestClient(app):
        assert app.state.prewarmed is None


@pytest.mark.anyio
async def test_building_the_routes_answers_nothing_real(fresh_db: Path, settings: Settings) -> None:
    app = create_app(Settings(db=str(fresh_db), gazetteer_path=settings.gazetteer_path))
    assert await build_routes(app) == 404
    assert not any(getattr(r, "path", "") == WARM_PATH for r in app.routes)


@pytest.fixture
def unfreeze() -> Iterator[None]:
    yield
    gc.unfreeze()


def test_a_served_process_keeps_startup_objects_from_the_collector(
    fresh_db: Path, settings: Settings, unfreeze: None
) -> None:
    app_settings = Settings(db=str(fresh_db), gazetteer_path=settings.gazetteer_path)
    gc.unfreeze()
    with TestClient(create_app(app_settings)):
        assert gc.get_freeze_count() == 0  # an app in a process it shares (tests)
    with TestClient(create_app(app_settings, config=ServeConfig(own_process=True))):
        assert gc.get_freeze_count() > 0


def test_a_worker_listens_only_once_its_app_is_ready(monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker hands uvicorn a bound socket that does not listen yet: uvicorn listens
    after the app's startup (reading the store in), so no connection waits meanwhile."""
    import uvicorn

    seen: list[int] = []

    def run(self: uvicorn.Server, sockets: list[socket.socket]) -> None:
        seen.extend(s.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN) for s in sockets)
        for s in sockets:
            s.close()

    monkeypatch.setattr(uvicorn.Server, "run", run)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    workers_module._worker("127.0.0.1", port, -1)  # no such supervisor: its watch ends at once
    assert seen == [0]


def test_the_sqlite_store_reads_through_a_memory_map(tmp_path: Path) -> None:
    with SQLiteStore.open(tmp_path / "m.db") as store:
        mapped = store._conn.execute("PRAGMA mmap_size").fetchone()[0]
    assert mapped > 0  # as much as the build of SQLite allows


class _Repo:
    """Stands in for a repository: the pool only opens, lends and closes them."""

    def __init__(self) -> None:
        self.used = 0
        self.closed = False

    def close(self) -> None:
        self.closed = True


def test_the_pool_is_filled_with_used_repositories() -> None:
    opened: list[_Repo] = []

    def factory() -> Any:
        if len(opened) == 3:
            raise StoreError("too many connections")
        opened.append(_Repo())
        return opened[-1]

    def warm(repo: Any) -> None:
        repo.used += 1

    pool = RepoPool(factory)
    assert pool.fill(2, warm=warm) == 2
    assert [r.used for r in opened] == [1, 1]
    assert pool.fill(5, warm=warm) == 3  # the fourth could not open: no error
    assert pool.take() is opened[2] and not any(r.closed for r in opened)


def test_a_pool_over_one_shared_repository_holds_it_once() -> None:
    shared = _Repo()
    pool = RepoPool(lambda: shared)  # type: ignore[arg-type,return-value]
    assert pool.fill(4) == 1
    assert pool.take() is shared and pool.take() is None


def test_a_served_app_starts_with_warm_repositories(fresh_db: Path, settings: Settings) -> None:
    with _client(fresh_db, settings) as client:
        pool = client.app.state.repos  # type: ignore[attr-defined]
        taken = [pool.take() for _ in range(WARM_REPOSITORIES)]
        assert all(r is not None for r in taken)
        for r in taken:
            pool.give_back(r)


class _Slow:
    """A repository whose reads of one event take 50 ms (so requests overlap)."""

    def __init__(self, store: SQLiteStore, live: list[int]) -> None:
        self._store = store
        self._live = live
        live[0] += 1
        live[1] = max(live[1], live[0])

    def event(self, event_id: str) -> Any:
        time.sleep(0.05)
        return self._store.event(event_id)

    def close(self) -> None:
        self._live[0] -= 1
        self._store.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


@pytest.mark.parametrize("connections", [1, 3])
def test_requests_beyond_the_store_connections_wait_their_turn(
    fresh_db: Path, settings: Settings, token: str, connections: int
) -> None:
    live = [0, 0]  # open now, most open at once
    app = create_app(
        Settings(
            db=str(fresh_db),
            gazetteer_path=settings.gazetteer_path,
            serve_store_connections=connections,
        ),
        repo_factory=lambda: _Slow(SQLiteStore.open(fresh_db), live),  # type: ignore[arg-type,return-value]
    )
    auth = {"Authorization": f"Bearer {token}"}
    with TestClient(app) as client:
        ids = [
            e["event_id"] for e in client.get("/api/events?limit=4", headers=auth).json()["events"]
        ]

        def one(event_id: str) -> int:
            return client.get(f"/api/events/{event_id}", headers=auth).status_code

        with ThreadPoolExecutor(8) as threads:
            assert list(threads.map(one, ids * 4)) == [200] * 16
    # the cache's own connection, and the pool's
    assert live[1] == 1 + connections
