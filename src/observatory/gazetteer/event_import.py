"""Add the places of a user's UCDP GED CSV or ACLED export to their gazetteer index.

:func:`import_events` reads the file (:func:`observatory.gazetteer.events.read_event_file`),
turns its precise locations into places (one per name and point), leaves out those the
index already has (one of the names within 5 km), and writes the rest with ``source =
'events'``, a gid derived from dataset, name and point (so importing the same file twice
changes nothing), and a provenance note. The file and its attribution go into the index's
``layer`` table. Event rows survive rebuilds of the packaged part.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from observatory.errors import GazetteerError
from observatory.gazetteer.build import (
    INDEXES,
    PlaceRow,
    connect,
    ensure_schema,
    insert_places,
    source_paths,
)
from observatory.gazetteer.events import (
    ACLED_ATTRIBUTION,
    UCDP_ATTRIBUTION,
    Admin1Names,
    BadRow,
    EventFile,
    LayerEntry,
    aggregate,
    in_holdout,
    read_event_file,
)
from observatory.gazetteer.layers import (
    KnownPlace,
    index_names,
    layer_note,
    merge_layer,
    plain_keys,
)
from observatory.gazetteer.supplement import (
    bundled_district_files,
    read_districts,
    read_supplement,
)

__all__ = ["EventImportReport", "event_layer", "import_events"]

EVENTS_SOURCE = "events"


@dataclass(frozen=True, slots=True, kw_only=True)
class EventImportReport:
    """What an import did."""

    path: Path
    dataset: str  # "ucdp" or "acled"
    rows: int
    places: int  # distinct places among the precise rows
    added: int  # written to the index (new, or rewritten by a repeated import)
    known: int  # already in the index under one of their names within 5 km
    withheld: int  # new places whose every name is too short or a common word
    imprecise: int
    not_places: int
    bad: tuple[BadRow, ...]


def event_layer(
    path: str | Path,
    *,
    prefix: str | None = None,
    holdout_percent: int = 0,
    supplements: Sequence[str | Path] = (),
) -> tuple[list[LayerEntry], EventFile, int]:
    """The places of an event file as layer entries, leaving out the events whose id falls
    in the held-out ``holdout_percent`` (:func:`in_holdout`). Ids start with ``prefix``
    (default: the dataset, "ucdp" or "acled"). Returns (places, the file as read, events
    used)."""
    entries = [e for f in source_paths(supplements) for e in read_supplement(f)]
    districts = [d for f in bundled_district_files() for d in read_districts(f)]
    events = read_event_file(path, admin1_names=Admin1Names(entries), districts=districts)
    used = [
        loc
        for loc in events.locations
        if not holdout_percent or not in_holdout(loc.event_id, percent=holdout_percent)
    ]
    return aggregate(used, prefix=prefix or events.dataset), events, len(used)


def _known(conn: sqlite3.Connection, countries: Sequence[str], own: set[str]) -> list[KnownPlace]:
    """The index's places in these countries (but this import's own rows) with their keys."""
    if not countries:
        return []
    marks = ",".join("?" * len(countries))
    rows = conn.execute(
        f"SELECT p.gid, p.lat, p.lon, p.feature, p.source, n.key, n.skel FROM place p"  # noqa: S608
        f" JOIN name n ON n.place = p.id WHERE p.country IN ({marks})",
        tuple(countries),
    ).fetchall()
    keys: dict[str, set[str]] = {}
    info: dict[str, tuple[float, float, str, str]] = {}
    for gid, lat, lon, feature, source, key, skel in rows:
        if gid in own or lat is None or lon is None or feature in {"admin1", "country", "region"}:
            continue
        bucket = keys.setdefault(gid, set())
        bucket.add(key)
        if skel and len(skel) >= 3:
            bucket.add("~" + skel)
        info[gid] = (float(lat), float(lon), feature, source)
    return [
        KnownPlace(
            gid=gid,
            keys=frozenset(keys[gid]),
            latitude=lat,
            longitude=lon,
            rank=0 if source == "supplement" else 1,
        )
        for gid, (lat, lon, _feature, source) in info.items()
    ]


def import_events(
    path: str | Path,
    *,
    gazetteer: str | Path,
    supplements: Sequence[str | Path] = (),
) -> EventImportReport:
    """Import the locations of a UCDP GED or ACLED CSV into the index at ``gazetteer``
    (which must exist: open it with :meth:`GazetteerIndex.open` first)."""
    p = Path(path)
    places, events, _used = event_layer(p, supplements=supplements)
    gids = {f"{EVENTS_SOURCE}:{e.id}" for e in places}
    dataset = "UCDP GED" if events.dataset == "ucdp" else "ACLED"
    file_note = events.path.name
    index = Path(gazetteer)
    if not index.exists():
        raise GazetteerError(f"gazetteer index {index} does not exist; build it first")
    conn = connect(index)
    try:
        with conn:
            ensure_schema(conn)
            known = _known(conn, sorted({e.country for e in places}), gids)
            new, _extra = merge_layer(places, known)
            keys = plain_keys(known)
            named = [(e, index_names(e.all_names, main=True, known_keys=keys)) for e in new]
            rows = [
                PlaceRow(
                    gid=f"{EVENTS_SOURCE}:{e.id}",
                    name=e.name,
                    country=e.country,
                    admin1=e.admin1,
                    admin2=e.admin2,
                    latitude=e.latitude,
                    longitude=e.longitude,
                    feature=e.feature,
                    population=0,
                    source=EVENTS_SOURCE,
                    names=names,
                    note=f"{layer_note(e, dataset=dataset)}; from {file_note}",
                )
                for e, names in named
                if names
            ]
            stale = [(r.gid,) for r in rows]
            conn.executemany(
                "DELETE FROM name WHERE place IN (SELECT id FROM place WHERE gid = ?)", stale
            )
            conn.executemany("DELETE FROM place WHERE gid = ?", stale)
            added, _names = insert_places(conn, rows, skeleton_countries=frozenset())
            conn.execute(
                "INSERT OR REPLACE INTO layer (source, file, dataset, attribution, places, added)"
                " VALUES (?,?,?,?,?,datetime('now'))",
                (
                    EVENTS_SOURCE,
                    str(events.path.resolve()),
                    dataset,
                    UCDP_ATTRIBUTION if events.dataset == "ucdp" else ACLED_ATTRIBUTION,
                    added,
                ),
            )
            conn.executescript(INDEXES)
    except sqlite3.Error as exc:
        raise GazetteerError(f"cannot import events into gazetteer {index}: {exc}") from exc
    finally:
        conn.close()
    return EventImportReport(
        path=events.path,
        dataset=events.dataset,
        rows=events.rows,
        places=len(places),
        added=added,
        known=len(places) - len(new),
        withheld=len(new) - len(rows),
        imprecise=events.imprecise,
        not_places=events.not_places,
        bad=events.bad,
    )
