"""A server process that is ready before it listens (setting ``serve_prewarm``).

Measured on the development VM (``benchmarks/bench_api.py``, 1,000,000 events in a 3.1 GB
SQLite file): the requests of a server's first seconds waited for the disk, one page of
the store at a time, and made most of the p99 (0.3-1 s in the first two seconds, 20-60 ms
after). The machine also drops cached file pages that no process has mapped once they have
been idle for a minute or so (proactive reclaim, common on VMs that hand memory back to
their host), so the store went cold again between bursts of use. Here:

- :class:`MappedFile` reads the store's file into memory when the server starts and keeps
  it mapped (read-only) while the server runs. Mapped pages are what such reclaim leaves
  alone, and every worker shares the same cached pages. It is skipped when the file would
  take more than half the memory available, so a store larger than the machine's memory
  is read from the disk as before;
- the app runs it in its lifespan's startup, which uvicorn finishes before it listens, so
  no connection waits in a queue meanwhile (``observatory.api.workers`` binds each
  worker's socket without listening);
- FastAPI builds a router's routes (their dependencies, their parameters' validators) on
  the first request that looks them up: 5 ms a route here, 40-110 ms spread over a worker's
  first requests. :func:`build_routes` has the app answer one request in-process (a path
  no route has: every route is looked at, nothing is read) before it listens;
- then :func:`gc.freeze` moves what the start made (modules, the app, the routes) out of
  the collector's reach: a full collection walked ~77,000 such objects, 25-75 ms during
  which the worker answered nothing.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import mmap
import os
import sys
import time
from pathlib import Path

from starlette.types import ASGIApp, Message

__all__ = [
    "WARM_PATH",
    "MappedFile",
    "available_memory",
    "build_routes",
    "freeze_startup_objects",
]

WARM_PATH = "/api/.warm"  # no route answers it

log = logging.getLogger("observatory.api")

# madvise(MADV_POPULATE_READ): fault every page in (Linux 5.14+; the mmap module of Python
# 3.11 has no name for it)
_MADV_POPULATE_READ = 22
_PAGE = mmap.PAGESIZE


def available_memory() -> int | None:
    """Bytes of memory the system could give without swapping (Linux ``MemAvailable``;
    elsewhere the free physical pages), None when unknown."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    with contextlib.suppress(AttributeError, ValueError, OSError):
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    return None


class MappedFile:
    """A file read into memory and kept mapped, read-only, until :meth:`close`."""

    def __init__(self, path: Path, size: int, mapping: mmap.mmap, seconds: float) -> None:
        self.path = path
        self.size = size
        self.seconds = seconds  # how long reading it in took
        self._mapping: mmap.mmap | None = mapping

    @classmethod
    def load(cls, path: str | Path, *, share_of_memory: float = 0.5) -> MappedFile | None:
        """Map ``path`` and fault all of it in; None when it does not exist, is empty,
        cannot be mapped, or is larger than ``share_of_memory`` of the available memory."""
        path = Path(path)
        try:
            size = path.stat().st_size
        except OSError:
            return None
        available = available_memory()
        if size == 0 or available is None or size > available * share_of_memory:
            if size:
                log.info(
                    "not reading %s (%d bytes) into memory: %s bytes available",
                    path,
                    size,
                    available,
                )
            return None
        start = time.perf_counter()
        try:
            with path.open("rb") as f:
                mapping = mmap.mmap(f.fileno(), size, access=mmap.ACCESS_READ)
        except (OSError, ValueError) as exc:
            log.info("cannot map %s: %s", path, exc)
            return None
        _fault_in(mapping)
        return cls(path, size, mapping, time.perf_counter() - start)

    @property
    def mapped(self) -> bool:
        return self._mapping is not None

    def close(self) -> None:
        if self._mapping is not None:
            self._mapping.close()
            self._mapping = None


def _fault_in(mapping: mmap.mmap) -> None:
    """Read every page of ``mapping`` from the file (once; kept while it is mapped)."""
    if hasattr(mapping, "madvise"):
        with contextlib.suppress(OSError):
            mapping.madvise(mmap.MADV_WILLNEED)  # the kernel starts reading ahead of us
        if sys.platform.startswith("linux"):
            try:
                mapping.madvise(_MADV_POPULATE_READ)
                return
            except OSError:
                pass  # an older kernel: touch the pages instead
    view = memoryview(mapping)
    try:
        for start in range(0, len(mapping), 1 << 26):  # 64 MB at a time, one byte a page
            bytes(view[start : start + (1 << 26) : _PAGE])
    finally:
        view.release()


def freeze_startup_objects() -> None:
    """Collect once, then keep every object alive now out of later collections."""
    gc.collect()
    gc.freeze()


async def build_routes(app: ASGIApp) -> int:
    """Have ``app`` answer ``GET`` :data:`WARM_PATH` in-process (so that it builds every
    route while looking for one); the status it answered (404)."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": WARM_PATH,
        "raw_path": WARM_PATH.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"localhost")],
        "client": ("127.0.0.1", 0),
        "server": ("127.0.0.1", 0),
    }
    answered: list[int] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            answered.append(int(message["status"]))

    await app(scope, receive, send)
    return answered[0] if answered else 0
