"""What every route shares: the repository of the request, who is asking, and errors.

Errors leave the API as JSON ``{"error": {"status": 404, "message": "..."}}``.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, TypeVar

from fastapi import Depends, Header, Request
from starlette.concurrency import run_in_threadpool

from observatory.api.cache import AnswerCache
from observatory.auth import ApiToken, Role, authenticate
from observatory.errors import AuthError, ObservatoryError
from observatory.settings import Settings
from observatory.store.base import Repository

__all__ = [
    "ApiError",
    "Caller",
    "RepoPool",
    "cached",
    "caller",
    "needs",
    "repo",
    "settings_of",
]


T = TypeVar("T")

log = logging.getLogger("observatory.api")


class ApiError(Exception):
    """An error answered with ``status`` and ``message`` (and optional headers)."""

    def __init__(self, status: int, message: str, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


class RepoPool:
    """Repositories lent to one request at a time.

    A request takes an idle repository (a new one is opened when all are lent) and gives it
    back when it has been answered, so two requests never share a connection, whichever
    worker threads run them. At most ``keep`` idle ones are kept open; all are closed
    together.
    """

    def __init__(self, factory: Callable[[], Repository], *, keep: int = 64) -> None:
        self._factory = factory
        self._keep = keep
        self._idle: list[Repository] = []
        self._lock = threading.Lock()
        self._closed = False

    def take(self) -> Repository | None:
        """An idle repository, or None when all are lent (then :meth:`open` one)."""
        with self._lock:
            return self._idle.pop() if self._idle else None

    def open(self) -> Repository:
        """A newly opened repository (blocking: opening may migrate or connect)."""
        return self._factory()

    def fill(self, count: int, *, warm: Callable[[Repository], object] | None = None) -> int:
        """Open repositories until ``count`` are idle, each first used by ``warm`` (so its
        first request does not pay for the connection's first queries: a PostgreSQL backend
        loads the catalog, SQLite parses the schema); how many are idle. Stops at the first
        that fails to open (a server with few connections to spare still starts)."""
        while True:
            with self._lock:
                if self._closed or len(self._idle) >= min(count, self._keep):
                    return len(self._idle)
            try:
                opened = self._factory()
            except ObservatoryError as exc:
                log.info("kept %d connections open (the next failed: %s)", len(self._idle), exc)
                return len(self._idle)
            with self._lock:
                if any(opened is idle for idle in self._idle):
                    return len(self._idle)  # a factory handing out one shared repository
            try:
                if warm is not None:
                    warm(opened)
            except BaseException:
                opened.close()
                raise
            self.give_back(opened)

    def give_back(self, repo: Repository) -> None:
        with self._lock:
            if not self._closed and len(self._idle) < self._keep:
                self._idle.append(repo)
                return
        repo.close()

    def close(self) -> None:
        with self._lock:
            repos, self._idle = self._idle, []
            self._closed = True
        for r in repos:
            r.close()


@dataclass(frozen=True, slots=True, kw_only=True)
class Caller:
    """Who is asking: their token (None when anonymous under public read) and role."""

    token: ApiToken | None
    role: Role | None

    @property
    def name(self) -> str:
        return self.token.name if self.token else "anonymous"


async def repo(request: Request) -> AsyncIterator[Repository]:
    """The repository of this request (see :class:`RepoPool`), given back after it.

    The dependencies of a route are async (they run on the event loop) and only the route
    itself runs on a worker thread: one hand-over between threads per request, not one per
    dependency."""
    pool: RepoPool = request.app.state.repos
    # at most `serve_store_connections` requests of this process hold a repository; the
    # others wait here, in turn, rather than each open a connection (a burst of slow
    # requests opened 28 PostgreSQL backends per process, whose start made them slower)
    async with request.app.state.repo_slots:
        found = pool.take()
        if found is None:
            found = await run_in_threadpool(pool.open)
        try:
            yield found
        finally:
            pool.give_back(found)


def cached(request: Request, make: Callable[[], T]) -> T:
    """``make()``, or the answer kept for this path and these parameters while the store is
    unchanged (:class:`observatory.api.cache.AnswerCache`). For reads that depend on
    nothing else (not on who asks)."""
    cache: AnswerCache = request.app.state.answers
    key = (request.url.path, tuple(sorted(request.query_params.multi_items())))
    return cache.answer(key, make)


async def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def caller(
    request: Request,
    store: Annotated[Repository, Depends(repo)],
    authorization: Annotated[str | None, Header()] = None,
) -> Caller:
    """The token in ``Authorization: Bearer obs_...``; none is anonymous (read-only, and
    only when the server runs with public read). The token is looked up by its hash, one
    indexed row, on the event loop."""
    if not authorization:
        return Caller(token=None, role=None)
    scheme, _, secret = authorization.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise ApiError(
            401,
            "send the token as 'Authorization: Bearer obs_...'",
            headers={"WWW-Authenticate": "Bearer"},
        )
    days = request.app.state.settings.token_max_age_days
    try:
        token = authenticate(
            store,
            secret.strip(),
            max_age=dt.timedelta(days=days) if days > 0 else None,
        )
    except AuthError as exc:
        raise ApiError(401, str(exc), headers={"WWW-Authenticate": "Bearer"}) from exc
    return Caller(token=token, role=token.role)


def needs(role: Role) -> Callable[..., Awaitable[Caller]]:
    """A dependency that lets through callers whose role allows ``role``.

    Viewer access is also open to anonymous callers when the server runs with public read.
    """

    async def check(request: Request, who: Annotated[Caller, Depends(caller)]) -> Caller:
        if who.role is None:
            if role is Role.VIEWER and request.app.state.config.public_read:
                return who
            raise ApiError(
                401,
                "this needs a token: send 'Authorization: Bearer obs_...'"
                " (create one with `observatory token create NAME --role viewer`)",
                headers={"WWW-Authenticate": "Bearer"},
            )
        if not who.role.allows(role):
            raise ApiError(
                403, f"token {who.name!r} is a {who.role.value}; this needs {role.value} or above"
            )
        return who

    return check
