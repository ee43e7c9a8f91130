"""The main job as library calls: ingest, extract, link.

The CLI's ``run`` command is a thin wrapper over :func:`run`; each step is also callable
on its own.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from observatory.errors import InputError
from observatory.extract import Extraction, Extractor
from observatory.records import Document
from observatory.settings import Settings
from observatory.store.base import Repository

__all__ = ["IngestReport", "RunReport", "extract_pending", "ingest", "run"]

BATCH = 500


@dataclass(frozen=True, slots=True, kw_only=True)
class IngestReport:
    stored: tuple[str, ...]
    present: tuple[str, ...]
    failed: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class RunReport:
    ingest: IngestReport
    documents_extracted: int
    claims: int
    tolls: int
    events_written: int


def ingest(
    repo: Repository,
    items: Iterable[Document | InputError],
    *,
    on_error: Callable[[InputError], None] | None = None,
) -> IngestReport:
    """Stores the documents in batches; bad inputs are reported and skipped."""
    stored: list[str] = []
    present: list[str] = []
    failed: list[str] = []
    batch: list[Document] = []

    def flush() -> None:
        if batch:
            result = repo.add_documents(batch)
            stored.extend(result.added)
            present.extend(result.duplicates)
            batch.clear()

    for item in items:
        if isinstance(item, InputError):
            failed.append(str(item))
            if on_error is not None:
                on_error(item)
            continue
        batch.append(item)
        if len(batch) >= BATCH:
            flush()
    flush()
    return IngestReport(stored=tuple(stored), present=tuple(present), failed=tuple(failed))


def extract_pending(
    repo: Repository,
    extractor: Extractor,
    *,
    settings: Settings,
    documents: Iterable[Document] | None = None,
    wrap: Callable[[Iterator[Document]], Iterator[Document]] = lambda it: it,
    workers: int | None = 1,
) -> list[Extraction]:
    """Extracts ``documents`` (default: stored documents with no claims) into the store.

    ``workers`` processes extract (None: every core); the result is the same for any number.
    """
    from observatory.engines.local import extract_parallel

    todo = iter(documents) if documents is not None else repo.documents_without_claims()
    recorded = dataclasses.asdict(settings)
    out = []
    for extraction in extract_parallel(
        wrap(todo), settings=settings, workers=workers, extractor=extractor
    ):
        doc_id = extraction.document_id
        repo.replace_claims(
            doc_id,
            extraction.claims,
            extraction.tolls,
            stages=extractor.stages,
            settings=recorded,
        )
        out.append(extraction)
    return out


def run(
    repo: Repository,
    items: Iterable[Document | InputError],
    *,
    settings: Settings,
    extractor: Extractor | None = None,
    on_error: Callable[[InputError], None] | None = None,
    wrap: Callable[[Iterator[Document]], Iterator[Document]] = lambda it: it,
    workers: int | None = 1,
) -> RunReport:
    """Ingest ``items``, extract every document not yet extracted, link the new claims.

    Claims left in no event by an earlier run that stopped between extracting and linking
    (killed, out of power) are linked too, so running the command again completes it.
    ``workers`` processes extract (None: every core); the result is the same for any number.
    """
    from observatory.link import link_store

    report = ingest(repo, items, on_error=on_error)
    extractor = extractor or Extractor.from_settings(settings)
    extractions = extract_pending(repo, extractor, settings=settings, wrap=wrap, workers=workers)
    to_link = {e.document_id for e in extractions}
    to_link.update(c.document_id for c in repo.unlinked_claims())
    linked = link_store(repo, settings=settings, document_ids=sorted(to_link))
    return RunReport(
        ingest=report,
        documents_extracted=len(extractions),
        claims=sum(len(e.claims) for e in extractions),
        tolls=sum(len(e.tolls) for e in extractions),
        events_written=linked.events_written,
    )
