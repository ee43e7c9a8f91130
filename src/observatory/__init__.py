"""Observatory: conflict reports in, a documented, geocoded, deduplicated event record out.

The library behind the ``observatory`` command::

    from observatory import Extractor, load_settings, make_document

    settings = load_settings()
    extractor = Extractor.from_settings(settings)
    doc = make_document(text, published=datetime.date(2014, 4, 11))
    for claim in extractor.extract(doc).claims:
        print(claim.event_type, claim.location, claim.fatalities)

Heavy modules are imported on first use, so ``import observatory`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Claim",
    "Document",
    "Event",
    "Extraction",
    "Extractor",
    "Geocoder",
    "Linker",
    "Place",
    "Settings",
    "Toll",
    "__version__",
    "evaluate",
    "export_events",
    "load_settings",
    "make_document",
    "read_inputs",
]

_LAZY = {
    "Claim": "observatory.records",
    "Document": "observatory.records",
    "Event": "observatory.records",
    "Place": "observatory.records",
    "Toll": "observatory.records",
    "Extraction": "observatory.extract",
    "Extractor": "observatory.extract",
    "Geocoder": "observatory.geocode",
    "Linker": "observatory.link",
    "Settings": "observatory.settings",
    "load_settings": "observatory.settings",
    "export_events": "observatory.export",
    "make_document": "observatory.ingest",
    "read_inputs": "observatory.ingest",
}

if TYPE_CHECKING:
    from observatory import evaluate
    from observatory.export import export_events
    from observatory.extract import Extraction, Extractor
    from observatory.geocode import Geocoder
    from observatory.ingest import make_document, read_inputs
    from observatory.link import Linker
    from observatory.records import Claim, Document, Event, Place, Toll
    from observatory.settings import Settings, load_settings


def __getattr__(name: str) -> Any:
    if name == "evaluate":
        return importlib.import_module("observatory.evaluate")
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'observatory' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
