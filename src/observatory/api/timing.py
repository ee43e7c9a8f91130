"""Where a request's time goes, told in a ``Server-Timing`` header (setting ``server_timing``).

    Server-Timing: app;dur=2.41, wait;dur=0.08, route;dur=1.93

- ``app``: from the moment the app got the request to the moment it started answering (so
  it leaves out only HTTP parsing, the event loop's delay in reading the request, and the
  sending of the body);
- ``wait``: how long the route waited for a worker thread (and the interpreter) once its
  dependencies were ready;
- ``route``: the route on its worker thread (the store's queries and the JSON).

The rest of ``app`` is the middleware, the routing and the dependencies (the token check) on
the event loop. A load generator reads the header to tell a slow server from a slow client
or a stalled event loop (``benchmarks/bench_api.py``). Routes are timed by
:class:`TimedRoute`, the route class of every router of the API, which runs a synchronous
route on the thread pool itself (the one hand-over FastAPI would make) and notes the times.
"""

from __future__ import annotations

import functools
import inspect
import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from observatory.settings import Settings

__all__ = ["RequestTiming", "ServerTimingMiddleware", "TimedRoute", "install_server_timing"]


@dataclass(slots=True)
class RequestTiming:
    """The times of one request, in seconds (``perf_counter``)."""

    start: float
    wait: float | None = None
    route: float | None = None

    def header(self, now: float) -> bytes:
        parts = [f"app;dur={(now - self.start) * 1e3:.2f}"]
        if self.wait is not None:
            parts.append(f"wait;dur={self.wait * 1e3:.2f}")
        if self.route is not None:
            parts.append(f"route;dur={self.route * 1e3:.2f}")
        return ", ".join(parts).encode("ascii")


_current: ContextVar[RequestTiming | None] = ContextVar("observatory_request_timing", default=None)


def _timed(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """``endpoint`` (synchronous) run on the thread pool, its wait and run time noted in the
    request's :class:`RequestTiming` (when the middleware made one)."""

    @functools.wraps(endpoint)
    async def on_thread(**values: Any) -> Any:
        timing = _current.get()
        if timing is None:
            return await run_in_threadpool(endpoint, **values)
        handed = time.perf_counter()

        def run() -> Any:
            began = time.perf_counter()
            timing.wait = began - handed
            try:
                return endpoint(**values)
            finally:
                timing.route = time.perf_counter() - began

        return await run_in_threadpool(run)

    return on_thread


class TimedRoute(APIRoute):
    """An API route whose synchronous endpoint is timed on its worker thread. FastAPI reads
    the parameters from the endpoint itself (``functools.wraps``), so the route, its
    dependencies and its OpenAPI description are unchanged."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        if inspect.isfunction(endpoint) and not inspect.iscoroutinefunction(endpoint):
            endpoint = _timed(endpoint)
        super().__init__(path, endpoint, **kwargs)


class ServerTimingMiddleware:
    """Adds the ``Server-Timing`` header to every HTTP answer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        timing = RequestTiming(start=time.perf_counter())
        token = _current.set(timing)

        async def timed_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                header = (b"server-timing", timing.header(time.perf_counter()))
                message = {**message, "headers": [*message.get("headers", []), header]}
            await send(message)

        try:
            await self.app(scope, receive, timed_send)
        finally:
            _current.reset(token)


def install_server_timing(app: FastAPI, settings: Settings) -> None:
    """Add :class:`ServerTimingMiddleware` (outermost) when ``settings.server_timing``."""
    if settings.server_timing:
        app.add_middleware(ServerTimingMiddleware)
