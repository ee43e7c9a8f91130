"""Service security: the middleware every served app gets.

:func:`install_security` is in ``observatory.api.app.default_extensions``. It adds one ASGI
middleware (:class:`SecurityMiddleware`) in front of the app, and Starlette's CORS
middleware when ``cors_origins`` names origins:

- **CSRF.** The dashboard sends its token in an ``Authorization`` header, which a browser
  never attaches by itself to a request another site makes; on top of that, a request that
  changes something (POST, PUT, PATCH, DELETE) is refused with 403 when the browser says it
  comes from another site (``Sec-Fetch-Site: cross-site``, or an ``Origin`` that is neither
  this server nor one of ``cors_origins``), and with 415 unless its body is JSON (an HTML
  form on another site cannot send JSON without a CORS preflight, which is refused).
- **CORS closed by default.** No ``Access-Control-Allow-*`` headers are sent, and a
  preflight from an origin not in ``cors_origins`` gets 403.
- **Request size.** A body over ``max_request_bytes`` gets 413, whether it declares its
  length or is chunked (then it is read up to the limit and no further).
- **Rate limit on authentication.** A client address whose token checks failed
  ``auth_failures_per_minute`` times within the last minute gets 429 (with
  ``Retry-After``) for any request carrying a token until the minute has passed.
- **Headers.** ``X-Content-Type-Options: nosniff``, ``X-Frame-Options: DENY``,
  ``Referrer-Policy: no-referrer`` and a Content-Security-Policy allowing only the
  server's own scripts.
"""

from __future__ import annotations

import json
import math
import time
from collections import OrderedDict, deque
from collections.abc import Callable

from fastapi import FastAPI
from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from observatory.settings import Settings

__all__ = ["AuthFailureLimiter", "SecurityMiddleware", "install_security"]

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
WINDOW_SECONDS = 60.0
MAX_TRACKED_CLIENTS = 10_000
SECURITY_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (
        b"content-security-policy",
        b"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
        b" img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    ),
)


class AuthFailureLimiter:
    """Failed token checks per client address in a sliding window of one minute."""

    def __init__(self, per_minute: int, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self.clock = clock
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()

    def _recent(self, client: str) -> deque[float] | None:
        times = self._failures.get(client)
        if times is None:
            return None
        cutoff = self.clock() - WINDOW_SECONDS
        while times and times[0] <= cutoff:
            times.popleft()
        if not times:
            del self._failures[client]
            return None
        return times

    def retry_after(self, client: str) -> int | None:
        """Seconds until ``client`` may try again, or None when it is not blocked."""
        if self.per_minute <= 0:
            return None
        times = self._recent(client)
        if times is None or len(times) < self.per_minute:
            return None
        return max(1, math.ceil(times[0] + WINDOW_SECONDS - self.clock()))

    def fail(self, client: str) -> None:
        times = self._recent(client)
        if times is None:
            times = self._failures[client] = deque()
        times.append(self.clock())
        self._failures.move_to_end(client)
        while len(self._failures) > MAX_TRACKED_CLIENTS:
            self._failures.popitem(last=False)


async def _answer(
    send: Send, status: int, message: str, headers: tuple[tuple[bytes, bytes], ...] = ()
) -> None:
    body = json.dumps({"error": {"status": status, "message": message}}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *SECURITY_HEADERS,
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _own_origin(scope: Scope, headers: Headers) -> str:
    host = headers.get("host") or ""
    return f"{scope.get('scheme', 'http')}://{host}".lower()


class SecurityMiddleware:
    """CSRF and CORS checks, the request size limit, the authentication rate limit and
    security headers, in front of an ASGI app."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        settings: Settings,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.app = app
        self.allowed_origins = frozenset(o.rstrip("/").lower() for o in settings.cors_origins)
        self.max_bytes = settings.max_request_bytes
        self.limiter = AuthFailureLimiter(settings.auth_failures_per_minute, clock=clock)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        method = scope["method"]
        origin = (headers.get("origin") or "").rstrip("/").lower()
        client = scope["client"][0] if scope.get("client") else "unknown"
        foreign = bool(origin) and origin != _own_origin(scope, headers)
        if foreign and origin not in self.allowed_origins:
            if method == "OPTIONS" and "access-control-request-method" in headers:
                await _answer(
                    send,
                    403,
                    f"cross-origin requests from {origin} are not allowed (setting cors_origins)",
                )
                return
            if method in UNSAFE_METHODS:
                await _answer(
                    send, 403, f"refused: a request from another site ({origin}) cannot change data"
                )
                return
        if method in UNSAFE_METHODS:
            site = headers.get("sec-fetch-site")
            if site == "cross-site" and origin not in self.allowed_origins:
                await _answer(send, 403, "refused: a request from another site cannot change data")
                return
        declared = headers.get("content-length")
        if declared is not None:
            if not declared.isdigit():
                await _answer(send, 400, "bad Content-Length")
                return
            if int(declared) > self.max_bytes:
                await _answer(send, 413, self._too_large())
                return
        has_body = (declared is not None and declared != "0") or "transfer-encoding" in headers
        if method in UNSAFE_METHODS and has_body:
            media = (headers.get("content-type") or "").split(";")[0].strip().lower()
            if media != "application/json":
                await _answer(send, 415, "send the body as JSON (Content-Type: application/json)")
                return
        has_token = "authorization" in headers
        if has_token:
            wait = self.limiter.retry_after(client)
            if wait is not None:
                await _answer(
                    send,
                    429,
                    "too many failed token checks from this address; try again in"
                    f" {wait} s (setting auth_failures_per_minute)",
                    ((b"retry-after", str(wait).encode()),),
                )
                return
        if declared is None and "transfer-encoding" in headers:
            body = await self._read_bounded(receive)
            if body is None:
                await _answer(send, 413, self._too_large())
                return
            receive = _replay(body)

        async def guarded_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                if has_token and message["status"] == 401:
                    self.limiter.fail(client)
                names = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in names]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, guarded_send)

    def _too_large(self) -> str:
        return f"request body over {self.max_bytes:,} bytes (setting max_request_bytes)"

    async def _read_bounded(self, receive: Receive) -> bytes | None:
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}

    return receive


def install_security(app: FastAPI, settings: Settings) -> None:
    """Add the security middleware (and CORS for ``cors_origins``, when any) to ``app``."""
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=[o.rstrip("/") for o in settings.cors_origins],
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type", "If-Match"],
            expose_headers=["ETag"],
            allow_credentials=False,
        )
    app.add_middleware(SecurityMiddleware, settings=settings)
    app.state.security = True
