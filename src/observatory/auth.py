"""API tokens and roles.

A token is a random secret shown once when it is created (``observatory token create``);
the store keeps only its SHA-256, with a name and a role:

- ``viewer`` reads events, documents, tallies, tolls and exports;
- ``analyst`` also reviews (merge, split, status, edit) and posts documents;
- ``admin`` can do everything an analyst can (and manages tokens from the CLI).

The secret looks like ``obs_<43 url-safe characters>``; the prefix lets secret scanners and
people recognise it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from observatory.errors import AuthError

if TYPE_CHECKING:
    from observatory.store.base import Repository

__all__ = [
    "ApiToken",
    "NewToken",
    "Role",
    "authenticate",
    "create_token",
    "hash_token",
    "revoke_token",
]

TOKEN_PREFIX = "obs_"  # noqa: S105


class Role(StrEnum):
    """What a token may do; each role can do what the roles before it can."""

    VIEWER = "viewer"
    ANALYST = "analyst"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return _RANKS[self]

    def allows(self, needed: Role) -> bool:
        """True when this role may do what ``needed`` may."""
        return self.rank >= needed.rank


_RANKS = {Role.VIEWER: 0, Role.ANALYST: 1, Role.ADMIN: 2}


@dataclass(frozen=True, slots=True, kw_only=True)
class ApiToken:
    """A stored token: its name and role, never its secret."""

    id: int
    name: str
    role: Role
    created_at: dt.datetime
    revoked_at: dt.datetime | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True, slots=True, kw_only=True)
class NewToken:
    """A token just created: the secret is here once and is never stored."""

    token: ApiToken
    secret: str


def hash_token(secret: str) -> str:
    """The SHA-256 (hex) under which a token's secret is stored and looked up."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_token(repo: Repository, name: str, *, role: Role) -> NewToken:
    """Create a token; the name must be new among active tokens."""
    name = name.strip()
    if not name:
        raise AuthError("a token needs a name (who or what uses it)")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = repo.add_token(name, role.value, hash_token(secret))
    return NewToken(token=token, secret=secret)


def revoke_token(repo: Repository, name: str) -> ApiToken:
    """Revoke the active token of that name."""
    token = repo.revoke_token(name)
    if token is None:
        raise AuthError(f"no active token named {name!r}; list them with `observatory token list`")
    return token


def authenticate(
    repo: Repository,
    secret: str,
    *,
    max_age: dt.timedelta | None = None,
    now: dt.datetime | None = None,
) -> ApiToken:
    """The active token with this secret, or :class:`AuthError`.

    With ``max_age`` (setting ``token_max_age_days``), a token created longer ago than that
    has expired.
    """
    if not secret.startswith(TOKEN_PREFIX):
        raise AuthError("not an Observatory token (they start with 'obs_')")
    token = repo.token_for_hash(hash_token(secret))
    if token is None or not token.active:
        raise AuthError("unknown or revoked token")
    if max_age is not None:
        created = token.created_at
        if created.tzinfo is None:
            created = created.replace(tzinfo=dt.UTC)
        expires = created + max_age
        if (now or dt.datetime.now(dt.UTC)) >= expires:
            raise AuthError(
                f"token {token.name!r} expired on {expires:%Y-%m-%d} (tokens last"
                f" {max_age.days} days, setting token_max_age_days); create a new one with"
                " `observatory token create`"
            )
    return token
