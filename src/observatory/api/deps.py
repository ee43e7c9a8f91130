"""What every route shares: the repository of the request, who is asking, and errors.

Errors leave the API as JSON ``{"error": {"status": 404, "message": "..."}}``.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Request

from observatory.auth import ApiToken, Role, authenticate
from observatory.errors import AuthError
from observatory.settings import Settings
from observatory.store.base import Repository

__all__ = ["ApiError", "Caller", "RepoPool", "caller", "needs", "repo", "settings_of"]


class ApiError(Exception):
    """An error answered with ``status`` and ``message`` (and optional headers)."""

    def __init__(self, status: int, message: str, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


class RepoPool:
    """One repository per worker thread, opened on first use (a connection is not shared
    between threads), all closed together."""

    def __init__(self, factory: Callable[[], Repository]) -> None:
        self._factory = factory
        self._local = threading.local()
        self._all: list[Repository] = []
        self._lock = threading.Lock()

    def get(self) -> Repository:
        found: Repository | None = getattr(self._local, "repo", None)
        if found is None:
            found = self._factory()
            self._local.repo = found
            with self._lock:
                self._all.append(found)
        return found

    def close(self) -> None:
        with self._lock:
            repos, self._all = self._all, []
        for r in repos:
            r.close()
        self._local = threading.local()


@dataclass(frozen=True, slots=True, kw_only=True)
class Caller:
    """Who is asking: their token (None when anonymous under public read) and role."""

    token: ApiToken | None
    role: Role | None

    @property
    def name(self) -> str:
        return self.token.name if self.token else "anonymous"


def repo(request: Request) -> Repository:
    pool: RepoPool = request.app.state.repos
    return pool.get()


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def caller(
    request: Request,
    authorization: Annotated[str | None, Header()] = None,
) -> Caller:
    """The token in ``Authorization: Bearer obs_...``; none is anonymous (read-only, and
    only when the server runs with public read)."""
    if not authorization:
        return Caller(token=None, role=None)
    scheme, _, secret = authorization.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise ApiError(
            401,
            "send the token as 'Authorization: Bearer obs_...'",
            headers={"WWW-Authenticate": "Bearer"},
        )
    days = settings_of(request).token_max_age_days
    try:
        token = authenticate(
            repo(request),
            secret.strip(),
            max_age=dt.timedelta(days=days) if days > 0 else None,
        )
    except AuthError as exc:
        raise ApiError(401, str(exc), headers={"WWW-Authenticate": "Bearer"}) from exc
    return Caller(token=token, role=token.role)


def needs(role: Role) -> Callable[..., Caller]:
    """A dependency that lets through callers whose role allows ``role``.

    Viewer access is also open to anonymous callers when the server runs with public read.
    """

    def check(request: Request, who: Annotated[Caller, Depends(caller)]) -> Caller:
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
