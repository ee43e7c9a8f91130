"""Extraction on every core of one machine, through a process pool.

:func:`extract_parallel` maps the pure :class:`~observatory.extract.Extractor` over
documents in batches. Results come back in input order, so the output (claims, their order
and their ids) is the same for every number of workers. At most ``workers * AHEAD``
batches are in flight, so a corpus of any size streams through in bounded memory.

Each worker process builds its own extractor from the settings once (the gazetteer is an
SQLite file, and a connection must not cross a fork).
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from observatory.errors import GazetteerError
from observatory.extract import Extraction, Extractor
from observatory.records import Document
from observatory.settings import Settings

__all__ = ["AHEAD", "BATCH", "SMALL", "default_workers", "extract_batch", "extract_parallel"]

BATCH = 32  # documents per task sent to a worker
AHEAD = 4  # batches in flight per worker
SMALL = 200  # fewer documents than this are not worth starting workers for


def default_workers() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


_BUILD_LOCK = threading.Lock()
_LOCAL = threading.local()  # the gazetteer's SQLite connection belongs to one thread


def _build(settings: Settings) -> Extractor:
    # several workers may find the gazetteer index missing and build it at once; the
    # losers of SQLite's lock wait and open the index the winner built
    for attempt in range(8):
        try:
            return Extractor.from_settings(settings)
        except GazetteerError:
            if attempt == 7:
                raise
            time.sleep(0.5 * (attempt + 1))
    raise AssertionError("unreachable")


def _extractor(settings: Settings) -> Extractor:
    """This thread's extractor for ``settings``, built once (it loads the gazetteer)."""
    cache: dict[Settings, Extractor] | None = getattr(_LOCAL, "extractors", None)
    if cache is None:
        cache = _LOCAL.extractors = {}
    found = cache.get(settings)
    if found is None:
        with _BUILD_LOCK:
            found = cache[settings] = _build(settings)
    return found


def extract_batch(settings: Settings, documents: list[Document]) -> list[Extraction]:
    """Extract one batch with this process's extractor: the unit of work of every engine."""
    extractor = _extractor(settings)
    return [extractor.extract(doc) for doc in documents]


def _batches(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for doc in documents:
        batch.append(doc)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def extract_parallel(
    documents: Iterable[Document],
    *,
    settings: Settings,
    workers: int | None = None,
    extractor: Extractor | None = None,
    batch: int = BATCH,
) -> Iterator[Extraction]:
    """Extractions of ``documents``, in input order, computed by ``workers`` processes.

    ``workers=1`` extracts in this process (with ``extractor`` when given). ``None`` uses
    every core, except for inputs too small to pay for starting the workers (fewer than
    ``SMALL`` documents), which are extracted here. The input is read lazily, a few
    batches ahead of the output.
    """
    if workers is not None and workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    n = default_workers() if workers is None else workers
    stream = iter(documents)
    if workers is None and n > 1:
        head = list(itertools.islice(stream, SMALL))
        if len(head) < SMALL:
            n = 1
        stream = itertools.chain(head, stream)
    if n == 1:
        local = extractor or _extractor(settings)
        for doc in stream:
            yield local.extract(doc)
        return
    if extractor is None:
        _extractor(settings)  # builds the gazetteer index here if it is missing
    context = multiprocessing.get_context("forkserver")
    pending: deque[Future[list[Extraction]]] = deque()
    with ProcessPoolExecutor(max_workers=n, mp_context=context) as pool:
        try:
            for chunk in _batches(stream, batch):
                pending.append(pool.submit(extract_batch, settings, chunk))
                while len(pending) >= n * AHEAD:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()
