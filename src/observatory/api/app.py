"""The app factory: routes, JSON errors, the dashboard's files, and extension hooks."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import json
import logging
import os
import threading
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from observatory import __version__
from observatory.api import documents, events, review, tallies
from observatory.api.cache import AnswerCache
from observatory.api.deps import ApiError, Caller, RepoPool, cached, caller, needs, repo
from observatory.api.timing import TimedRoute
from observatory.api.views import FastJSONResponse
from observatory.api.warm import MappedFile, build_routes, freeze_startup_objects
from observatory.auth import Role
from observatory.errors import (
    AuthError,
    BadCursor,
    ConflictError,
    InputError,
    ObservatoryError,
    ReviewError,
)
from observatory.extract.taxonomy import EVENT_TYPES  # with the app, not at the first call
from observatory.records import ReviewStatus
from observatory.settings import Settings
from observatory.store.base import EventQuery, Repository

__all__ = [
    "SERVE_ENV",
    "Extension",
    "ServeConfig",
    "app_from_environment",
    "create_app",
    "web_root",
]

log = logging.getLogger("observatory.api")

# An extension installs middleware or routes on the app (e.g. observatory.api.security).
Extension = Callable[[FastAPI, Settings], None]


@dataclass(frozen=True, slots=True, kw_only=True)
class ServeConfig:
    """How the server runs (``observatory serve`` options)."""

    host: str = "127.0.0.1"
    port: int = 8000
    public_read: bool = False  # anonymous callers may read (never review)
    # the app has its process to itself (observatory serve): after its startup, what the
    # start made is kept out of the garbage collector's reach (observatory.api.warm)
    own_process: bool = False


def web_root() -> Path:
    """The dashboard's files (``observatory/web``), shipped inside the package."""
    return Path(str(resources.files("observatory") / "web"))


def _error(
    status: int, message: str, headers: dict[str, str] | None = None, **extra: Any
) -> JSONResponse:
    body: dict[str, Any] = {"status": status, "message": message, **extra}
    return JSONResponse({"error": body}, status_code=status, headers=headers)


def _install_errors(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        return _error(exc.status, exc.message, exc.headers)

    @app.exception_handler(ConflictError)
    async def conflict(request: Request, exc: ConflictError) -> JSONResponse:
        return _error(409, str(exc))

    @app.exception_handler(ReviewError)
    async def review_error(request: Request, exc: ReviewError) -> JSONResponse:
        return _error(422, str(exc))

    @app.exception_handler(AuthError)
    async def auth_error(request: Request, exc: AuthError) -> JSONResponse:
        return _error(401, str(exc), {"WWW-Authenticate": "Bearer"})

    @app.exception_handler(BadCursor)
    async def bad_cursor(request: Request, exc: BadCursor) -> JSONResponse:
        return _error(400, str(exc))

    @app.exception_handler(InputError)
    async def input_error(request: Request, exc: InputError) -> JSONResponse:
        return _error(422, str(exc))

    @app.exception_handler(ObservatoryError)
    async def observatory_error(request: Request, exc: ObservatoryError) -> JSONResponse:
        log.error("%s %s failed: %s", request.method, request.url.path, exc)
        return _error(500, str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err.get("loc", ()))
            problems.append(f"{where}: {err.get('msg', 'invalid')}")
        return _error(422, "; ".join(problems) or "invalid request", details=problems)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = exc.detail if isinstance(exc.detail, str) else "error"
        if exc.status_code == 404 and message == "Not Found":
            message = f"nothing at {request.url.path}; the API is listed at /docs"
        return _error(exc.status_code, message, dict(exc.headers or {}))


def _install_dashboard(app: FastAPI) -> None:
    root = web_root()
    app.mount("/static", StaticFiles(directory=root / "static"), name="static")
    index = root / "static" / "index.html"

    def page() -> FileResponse:
        return FileResponse(index, media_type="text/html; charset=utf-8")

    for path in ("/", "/events/{event_id}", "/review"):
        app.add_api_route(path, page, include_in_schema=False, methods=["GET"])


# Repositories opened at startup, each used once by the kinds of query the API makes, so
# the first requests of a load neither open connections nor pay for their first queries
# (a PostgreSQL backend: 5 ms to start, then 2 ms or more to load the catalog and plan each
# kind of query once; SQLite prepares each statement). At most serve_store_connections.
WARM_REPOSITORIES = 8
_WARM_DAY = dt.date(1900, 1, 1)  # before any event: each query below finds nothing, at once


def _warm(store: Repository) -> None:
    """Run the queries of a page and of one event once (bounded: no actor, whose test
    walks the page order until it finds a page, and values nothing matches)."""
    queries = (
        EventQuery(),
        EventQuery(admin1=""),
        EventQuery(event_type=""),
        EventQuery(sub_event_type=""),
        EventQuery(status=ReviewStatus.DISPUTED, until=_WARM_DAY),
        EventQuery(since=_WARM_DAY, until=_WARM_DAY),
        EventQuery(bbox=(0.0, 0.0, 0.001, 0.001)),
    )
    for query in queries:
        store.event_page_json(query, after=None, limit=1)
    store.event("")
    store.event_version("")
    list(store.claims(ids=[""]))
    list(store.documents(ids=[""]))
    list(store.links(event_ids=[""]))
    list(store.audit_log(event_id=""))
    store.token_for_hash("")


def default_extensions() -> list[Extension]:
    """Extensions every served app gets: the security middleware (observatory.api.security)
    and, outermost, the Server-Timing header when the setting asks for it
    (observatory.api.timing)."""
    from observatory.api.security import install_security
    from observatory.api.timing import install_server_timing

    return [install_security, install_server_timing]


def create_app(
    settings: Settings,
    *,
    config: ServeConfig | None = None,
    repo_factory: Callable[[], Repository] | None = None,
    extensions: Sequence[Extension] | None = None,
) -> FastAPI:
    """The API and dashboard over the repositories ``repo_factory`` opens (one per worker
    thread; default: the store ``settings.db`` names, SQLite or PostgreSQL)."""
    config = config or ServeConfig()
    prewarm: Path | None = None  # the SQLite file to read into memory at startup
    if repo_factory is None:
        from observatory.store import is_postgres_url, open_store

        def open_db() -> Repository:
            return open_store(settings.db)

        repo_factory = open_db
        if (
            settings.serve_prewarm
            and settings.db != ":memory:"
            and not is_postgres_url(settings.db)
        ):
            prewarm = Path(settings.db).expanduser()
    pool = RepoPool(repo_factory)
    first = pool.open()  # fail now, not at the first request, when the store cannot open
    watcher = pool.open()  # a connection of its own, which never writes, for the cache
    # (a factory that hands out one shared repository gets no cache: its own writes would
    # not move the version it reads)
    answers = AnswerCache(watcher if watcher is not first else None)
    pool.give_back(first)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # ready before listening: uvicorn listens once this startup is done (warm.py)
        kept = await run_in_threadpool(MappedFile.load, prewarm) if prewarm else None
        if kept is not None:
            log.info("%s (%d bytes) read into memory in %.1f s", kept.path, kept.size, kept.seconds)
        app.state.prewarmed = kept
        warm = min(WARM_REPOSITORIES, settings.serve_store_connections)
        await run_in_threadpool(pool.fill, warm, warm=_warm)
        await build_routes(app)
        if config.own_process:
            freeze_startup_objects()
        try:
            yield
        finally:
            answers.close()
            pool.close()
            if kept is not None:
                kept.close()

    app = FastAPI(
        title="Observatory",
        version=__version__,
        description=(
            "Conflict events with their evidence: read events, documents, tallies and tolls;"
            " post reports; review events. Send `Authorization: Bearer obs_...` (tokens from"
            " `observatory token create`)."
        ),
        lifespan=lifespan,
        default_response_class=FastJSONResponse,
    )
    app.router.route_class = TimedRoute
    app.state.settings = settings
    app.state.config = config
    app.state.repos = pool
    app.state.repo_slots = asyncio.Semaphore(max(1, settings.serve_store_connections))
    app.state.answers = answers
    app.state.extractor = _lazy_extractor(settings)
    _install_errors(app)
    for router in (events.router, documents.router, review.router, tallies.router):
        app.include_router(router)

    @app.get("/api/whoami", tags=["meta"], summary="The caller's token name and role")
    def whoami(request: Request, who: Annotated[Caller, Depends(caller)]) -> dict[str, Any]:
        return {
            "name": who.name,
            "role": who.role.value if who.role else None,
            "public_read": request.app.state.config.public_read,
        }

    # EVENT_TYPES is imported with this module, so a worker loads the extraction package
    # (0.4-1 s) before it serves, not during its first /api/meta
    @app.get("/api/meta", tags=["meta"], summary="What the filters can choose from")
    def meta(
        request: Request,
        store: Annotated[Repository, Depends(repo)],
        _: Annotated[Caller, Depends(needs(Role.VIEWER))],
    ) -> dict[str, Any]:
        return cached(
            request,
            lambda: {
                "version": __version__,
                "admin1": store.governorates(),
                "event_types": {k: list(v) for k, v in EVENT_TYPES.items()},
                "statuses": [s.value for s in ReviewStatus],
            },
        )

    _install_dashboard(app)
    for install in default_extensions() if extensions is None else extensions:
        install(app, settings)
    return app


# How `observatory serve --workers N` hands its settings and options to the worker processes
# uvicorn starts: JSON {"settings": {...}, "config": {...}} in this environment variable.
SERVE_ENV = "OBSERVATORY_SERVE"


def serve_environment(settings: Settings, config: ServeConfig) -> str:
    """The value of :data:`SERVE_ENV` that :func:`app_from_environment` reads back."""
    return json.dumps(
        {"settings": dataclasses.asdict(settings), "config": dataclasses.asdict(config)}
    )


def app_from_environment() -> FastAPI:
    """The app of one uvicorn worker process, from :data:`SERVE_ENV` (set by the CLI)."""
    raw = os.environ.get(SERVE_ENV)
    if not raw:
        raise RuntimeError(f"{SERVE_ENV} is not set: start workers with `observatory serve`")
    data = json.loads(raw)
    values: dict[str, Any] = {
        k: tuple(v) if isinstance(v, list) else v for k, v in data["settings"].items()
    }
    return create_app(Settings(**values), config=ServeConfig(**data["config"]))


def _lazy_extractor(settings: Settings) -> Callable[[], Any]:
    """The extractor, built on first use (it loads the gazetteer and actor tables)."""
    lock = threading.Lock()
    built: list[Any] = []

    def get() -> Any:
        with lock:
            if not built:
                from observatory.extract import Extractor

                built.append(Extractor.from_settings(settings))
            return built[0]

    return get
