"""The gazetteer: packaged GeoNames data plus curated supplements, in an indexed SQLite file.

``build`` writes the index, ``index`` reads it (home region in memory, world via SQLite),
``normalise`` folds transliteration variants, ``supplement`` parses the hand-edited files,
``geonames_import`` loads full GeoNames dumps, ``events`` reads UCDP GED and ACLED CSVs into
places, ``layers`` reads and merges event-data layers (the packaged UCDP GED layer), and
``event_import`` adds a user's event file to the index.
"""

from __future__ import annotations

from observatory.gazetteer.build import BuildReport, build_gazetteer
from observatory.gazetteer.index import Candidate, GazetteerIndex, haversine_km
from observatory.gazetteer.normalise import name_key, skeleton_key

__all__ = [
    "BuildReport",
    "Candidate",
    "GazetteerIndex",
    "build_gazetteer",
    "haversine_km",
    "name_key",
    "skeleton_key",
]
