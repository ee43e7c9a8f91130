"""The extraction stage: documents in, claims and tolls out.

``Extractor`` is pure given its gazetteer and actor table: the same document always gives
the same claims, so it runs in a loop, a process pool or on a cluster.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from observatory.actors import ActorTable
from observatory.classify.model import SubtypeModel, load_subtype_model, rerank_claims
from observatory.extract.assemble import assemble
from observatory.extract.reader import read_document
from observatory.geocode import Geocoder
from observatory.records import Claim, Document, Span, StageVersion, Toll
from observatory.settings import Settings
from observatory.text import unquote_names

__all__ = ["Extraction", "Extractor"]

log = logging.getLogger("observatory.extract")


@dataclass(frozen=True, slots=True, kw_only=True)
class Extraction:
    """One document's claims and tolls."""

    document_id: str
    claims: tuple[Claim, ...]
    tolls: tuple[Toll, ...]
    read_chars: int | None = None  # characters read when the document was cut short
    warnings: tuple[str, ...] = ()


class Extractor:
    """Codes reports as ACLED events: ``extractor(documents) -> Extraction`` per document."""

    stage = StageVersion(name="extract.rules", version="1")

    def __init__(
        self,
        *,
        geocoder: Geocoder,
        actors: ActorTable,
        country: str = "SY",
        capital: str | None = "Damascus",
        subtype_model: SubtypeModel | None = None,
        max_chars: int | None = None,
    ) -> None:
        self.geocoder = geocoder
        self.actors = actors
        self.country = country
        self.capital = capital
        # optional: a sub-type model a user trained on their own ACLED export
        self.subtype_model = subtype_model
        # the most text one document's extraction reads (None: all of it)
        self.max_chars = max_chars
        self.stages = (self.stage, geocoder.stage)

    @classmethod
    def from_settings(cls, settings: Settings) -> Extractor:
        return cls(
            geocoder=Geocoder.from_settings(settings),
            actors=ActorTable.default(
                extra=settings.actor_tables, country=settings.default_country
            ),
            country=settings.default_country,
            capital=settings.capital or None,
            subtype_model=load_subtype_model(settings),
            max_chars=settings.max_extract_chars,
        )

    def __call__(self, documents: Iterable[Document], /) -> Iterator[Extraction]:
        for doc in documents:
            yield self.extract(doc)

    def extract(self, document: Document) -> Extraction:
        text = document.text
        warnings: tuple[str, ...] = ()
        if self.max_chars is not None and len(text) > self.max_chars:
            text = text[: _reading_end(text, self.max_chars)]
            warnings = (
                f"document {document.id}: {len(document.text):,} characters, over the"
                f" {self.max_chars:,} extraction reads (setting max_extract_chars); read up to"
                f" character {len(text):,}, the rest is not coded",
            )
            for warning in warnings:
                log.warning(warning)
        # read with the quote marks around quoted names blanked; evidence quotes the text
        reading_text = unquote_names(text)
        reading = read_document(
            reading_text,
            published=document.published,
            geocoder=self.geocoder,
            actors=self.actors,
            country=self.country,
            capital=self.capital,
        )
        table = reading.actors or self.actors  # another country's, for a report abroad
        claims, tolls = assemble(
            reading.frames,
            reading.tolls,
            document_id=document.id,
            published=document.published,
            fallback_place=reading.main_area or self.geocoder.country_place(self.country),
            side_of=functools.partial(_side_of, table),
            named_side_of=functools.partial(_side_of, table, named=True),
            stages=self.stages,
            crowd_note=reading.crowd_note,
            coded_fatalities=reading.coded_fatalities,
            air_force_of=table.air_force,
            officials=reading.officials,
            government_of=table.government,
            coded_as=table.coded_as,
        )
        if reading_text is not text:
            claims = [_quoting(c, text) for c in claims]
            tolls = [_quoting(t, text) for t in tolls]
        if self.subtype_model is not None:
            claims = list(rerank_claims(claims, text, self.subtype_model))
        return Extraction(
            document_id=document.id,
            claims=tuple(claims),
            tolls=tuple(tolls),
            read_chars=len(text) if warnings else None,
            warnings=warnings,
        )


def _side_of(actors: ActorTable, subject: str, *, named: bool = False) -> str | None:
    """The actor a casualty figure's subject names ("five ISIS fighters"); with ``named``,
    only by its name, not a word for anyone armed ("125 terrorists", "militants")."""
    found = actors.find(subject)
    if named:
        found = [a for a in found if not a.generic]
    if found:
        return found[0].canonical
    return None


_R = TypeVar("_R", Claim, Toll)


def _quoting(record: _R, text: str) -> _R:
    """``record`` with its evidence spans' words taken from ``text`` (what was read had
    some quote marks blanked, at the same offsets)."""
    evidence = tuple(
        Span(start=e.start, end=e.end, text=text[e.start : e.end], role=e.role)
        for e in record.evidence
    )
    return dataclasses.replace(record, evidence=evidence)


_BREAK = re.compile(r"\n\s*\n|\n|[.!?][\"'”’)\]]*\s|\s")


def _reading_end(text: str, limit: int) -> int:
    """Where a document cut to ``limit`` characters ends: after its last paragraph break
    in the last quarter before the limit, else its last sentence end, else its last space."""
    floor = limit - limit // 4
    best: dict[int, int] = {}
    for m in _BREAK.finditer(text, floor, limit):
        kind = 0 if m.group()[0] == "\n" else 1 if not m.group()[0].isspace() else 2
        best[kind] = m.end()
    for kind in (0, 1, 2):
        if kind in best:
            return best[kind]
    return limit
