"""The extraction stage: documents in, claims and tolls out.

``Extractor`` is pure given its gazetteer and actor table: the same document always gives
the same claims, so it runs in a loop, a process pool or on a cluster.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from observatory.actors import ActorTable
from observatory.classify.model import SubtypeModel, load_subtype_model, rerank_claims
from observatory.extract.assemble import assemble
from observatory.extract.reader import read_document
from observatory.geocode import Geocoder
from observatory.records import Claim, Document, StageVersion, Toll
from observatory.settings import Settings

__all__ = ["Extraction", "Extractor"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Extraction:
    """One document's claims and tolls."""

    document_id: str
    claims: tuple[Claim, ...]
    tolls: tuple[Toll, ...]


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
    ) -> None:
        self.geocoder = geocoder
        self.actors = actors
        self.country = country
        self.capital = capital
        # optional: a sub-type model a user trained on their own ACLED export
        self.subtype_model = subtype_model
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
        )

    def __call__(self, documents: Iterable[Document], /) -> Iterator[Extraction]:
        for doc in documents:
            yield self.extract(doc)

    def extract(self, document: Document) -> Extraction:
        reading = read_document(
            document.text,
            published=document.published,
            geocoder=self.geocoder,
            actors=self.actors,
            country=self.country,
            capital=self.capital,
        )
        claims, tolls = assemble(
            reading.frames,
            reading.tolls,
            document_id=document.id,
            published=document.published,
            fallback_place=reading.main_area or self.geocoder.country_place(self.country),
            side_of=self._side_of,
            stages=self.stages,
        )
        if self.subtype_model is not None:
            claims = list(rerank_claims(claims, document.text, self.subtype_model))
        return Extraction(document_id=document.id, claims=tuple(claims), tolls=tuple(tolls))

    def _side_of(self, subject: str) -> str | None:
        found = self.actors.find(subject)
        if found:
            return found[0].canonical
        return None
