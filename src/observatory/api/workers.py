"""Worker processes for ``observatory serve --workers N``, each listening on the port itself.

uvicorn's own workers share one listening socket, and an event loop accepts every
connection waiting when it wakes: a few clients that keep their connections open (browsers,
a load generator) then end up mostly on one worker while the other idles (65/35 and 70/30
splits of the work were measured with two workers). Here each worker binds its own socket
to the same address with ``SO_REUSEPORT``, and the kernel spreads new connections over
them evenly. Where that option does not spread connections (not Linux), uvicorn's workers
are used.

The supervisor restarts a worker that dies, and stops them all on SIGINT, SIGTERM or SIGHUP
(its terminal closed). A worker whose supervisor is gone (killed with SIGKILL) stops by
itself: no orphan keeps the port.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import socket
import sys
import threading
import time
from types import FrameType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import uvicorn

__all__ = ["APP_FACTORY", "hold_port", "reuse_port_supported", "run_workers"]

APP_FACTORY = "observatory.api.app:app_from_environment"
_BACKLOG = 2048
_QUICK_DEATH = 2.0  # seconds: a worker dying this soon after it started died starting,
_QUICK_DEATHS = 3  # and after this many such deaths in a row the supervisor gives up


def reuse_port_supported() -> bool:
    """Whether the kernel spreads connections over sockets sharing a port (Linux)."""
    return sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def _bind(host: str, port: int, *, listen: bool) -> socket.socket:
    sock = socket.socket(_family(host), socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    if listen:
        sock.listen(_BACKLOG)
    return sock


def _worker(host: str, port: int, supervisor: int) -> None:
    """One worker process: its own socket, one uvicorn server (the app from the
    environment the supervisor set, see ``observatory.api.app.SERVE_ENV``)."""
    import uvicorn

    # bound now, listening once the app is ready (uvicorn listens after the app's startup,
    # see observatory.api.warm): until then the kernel sends connections to the others
    sock = _bind(host, port, listen=False)
    config = uvicorn.Config(APP_FACTORY, factory=True, log_level="warning")
    server = uvicorn.Server(config)
    threading.Thread(target=_watch_parent, args=(supervisor, server), daemon=True).start()
    server.run(sockets=[sock])


_PARENT_POLL = 1.0  # seconds


def _watch_parent(parent: int, server: uvicorn.Server) -> None:
    """Stop the worker's server (gracefully) once its supervisor is gone: the worker is
    then a child of another process (also when that happened before the worker started)."""
    while os.getppid() == parent:
        time.sleep(_PARENT_POLL)
    server.should_exit = True


def hold_port(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` (port 0: a free one, see its ``getsockname()``) that
    never listens, so it gets no connection: it holds the port for the workers.

    Raises OSError when the port is taken, also by a server whose sockets allow sharing it
    (another ``observatory serve``): the two would split the connections between them."""
    if port:
        with socket.socket(_family(host), socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))  # without SO_REUSEPORT: refused when anyone listens
    return _bind(host, port, listen=False)


def run_workers(holder: socket.socket, workers: int) -> None:
    """Run ``workers`` processes serving on the address ``holder`` is bound to (see
    :func:`hold_port`) until SIGINT, SIGTERM or SIGHUP; then stop them and close ``holder``."""
    host, port = holder.getsockname()[:2]
    context = multiprocessing.get_context("spawn")
    stopping = threading.Event()
    received: list[int] = []

    def start() -> tuple[multiprocessing.process.BaseProcess, float]:
        process = context.Process(target=_worker, args=(host, port, os.getpid()))
        process.start()
        return process, time.monotonic()

    def stop(signum: int, frame: FrameType | None) -> None:
        received.append(signum)
        stopping.set()

    handled = [signal.SIGINT, signal.SIGTERM]
    if hasattr(signal, "SIGHUP"):
        handled.append(signal.SIGHUP)  # the terminal closed
    previous = {s: signal.signal(s, stop) for s in handled}
    running = [start() for _ in range(workers)]
    failed = False
    quick_deaths = 0  # in a row
    try:
        while not stopping.wait(0.5):
            for i, (process, started) in enumerate(running):
                if process.is_alive():
                    continue
                quick = time.monotonic() - started < _QUICK_DEATH
                quick_deaths = quick_deaths + 1 if quick else 0
                if quick_deaths >= _QUICK_DEATHS:
                    failed = True  # they die as they start: restarting would only loop
                    stopping.set()
                    break
                running[i] = start()
    finally:
        # a worker shuts down gracefully on either signal (Ctrl+C sends SIGINT to every
        # process of the terminal's group; a service manager sends SIGTERM to this one)
        # (uvicorn shuts down gracefully on SIGINT and SIGTERM only: SIGHUP is passed on
        # as SIGTERM)
        passed = signal.SIGINT if received[:1] == [signal.SIGINT] else signal.SIGTERM
        for process, _ in running:
            if process.is_alive() and process.pid is not None:
                _send(process.pid, passed)
        deadline = time.monotonic() + 30
        for process, _ in running:
            process.join(max(0.1, deadline - time.monotonic()))
            if process.is_alive():
                process.kill()
                process.join()
        holder.close()
        for s, handler in previous.items():
            signal.signal(s, handler)
    if failed:
        raise RuntimeError("a server worker stopped as soon as it started (see its error above)")


def _send(pid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # it has just stopped
        os.kill(pid, signum)
