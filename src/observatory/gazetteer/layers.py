"""Gazetteer layers: places taken from event data, in a packaged file or a user's index.

A layer file (``data/gazetteer/layers/*.tsv``, written by ``scripts/build_ucdp_layer.py``)
is tab-separated UTF-8. ``#`` lines are comments; ``# source: ucdp`` names the source tag
its places carry in the index and ``# attribution: ...`` the credit line. Columns: ``id``,
``country``, ``admin1``, ``admin2``, ``feature``, ``lat``, ``lon``, ``name``, ``variants``
(``|``-separated), ``precision`` (the best ``where_prec``/``geo_precision`` of its events),
``events`` (how many events name it), ``written`` (the dataset's own spellings).

:func:`merge_layer` decides, for each layer place, whether the index already has it: a
place with one of its names (light key or consonant skeleton) within 5 km. A known place
takes the layer's spellings as variants (supplement entries first, then GeoNames places);
the others become places of their own, with ``source`` = the layer's tag.
"""

from __future__ import annotations

import csv
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from observatory.errors import GazetteerError
from observatory.gazetteer.events import MERGE_KM, LayerEntry
from observatory.gazetteer.normalise import light_key_cached, name_keys
from observatory.gazetteer.stopwords import COMMON_WORDS, FUNCTION_WORDS, GIVEN_NAMES

__all__ = [
    "LAYER_COLUMNS",
    "KnownPlace",
    "Layer",
    "bundled_layer_files",
    "index_names",
    "known_places",
    "layer_note",
    "merge_layer",
    "plain_keys",
    "read_layer",
    "write_layer",
]

LAYER_COLUMNS = (
    "id",
    "country",
    "admin1",
    "admin2",
    "feature",
    "lat",
    "lon",
    "name",
    "variants",
    "precision",
    "events",
    "written",
)
_NOT_TARGETS = frozenset({"admin1", "country", "region"})


@dataclass(frozen=True, slots=True, kw_only=True)
class Layer:
    """A layer file: its places, source tag and attribution."""

    path: Path
    source: str
    attribution: str
    entries: tuple[LayerEntry, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class KnownPlace:
    """A place already in the index, as the layer merge sees it."""

    gid: str
    keys: frozenset[str]  # light keys, and skeletons prefixed "~"
    latitude: float
    longitude: float
    rank: int  # 0 a supplement entry, 1 any other


def bundled_layer_files() -> list[Path]:
    folder = Path(str(resources.files("observatory") / "data" / "gazetteer" / "layers"))
    return sorted(folder.glob("*.tsv")) if folder.is_dir() else []


def _cell(value: str | None) -> str:
    return (value or "").replace("\t", " ").replace("\n", " ").strip()


def write_layer(
    path: str | Path,
    entries: Sequence[LayerEntry],
    *,
    source: str,
    attribution: str,
    comments: Sequence[str] = (),
) -> None:
    """Write a layer file (the format :func:`read_layer` reads)."""
    lines = [
        f"# source: {source}",
        f"# attribution: {attribution}",
        *(f"# {c}" for c in comments),
        "\t".join(LAYER_COLUMNS),
    ]
    for e in entries:
        lines.append(
            "\t".join(
                _cell(v)
                for v in (
                    e.id,
                    e.country,
                    e.admin1,
                    e.admin2,
                    e.feature,
                    f"{e.latitude:.6f}",
                    f"{e.longitude:.6f}",
                    e.name,
                    "|".join(e.variants),
                    str(e.precision),
                    str(e.events),
                    "|".join(e.written),
                )
            )
        )
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")


def read_layer(path: str | Path) -> Layer:
    """Parse a layer file; errors name the file and line."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise GazetteerError(f"gazetteer layer {p} does not exist") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise GazetteerError(f"cannot read gazetteer layer {p}: {exc}") from exc
    meta: dict[str, str] = {}
    header: list[str] | None = None
    entries: list[LayerEntry] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if line.startswith("#"):
            key, sep, value = line[1:].partition(":")
            if sep and key.strip() in {"source", "attribution"}:
                meta.setdefault(key.strip(), value.strip())
            continue
        cells = next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))
        if header is None:
            header = [c.strip().lower() for c in cells]
            missing = [c for c in LAYER_COLUMNS if c not in header]
            if missing:
                raise GazetteerError(
                    f"{p}:{number}: header lacks column(s) {', '.join(missing)};"
                    f" expected {' '.join(LAYER_COLUMNS)} (tab-separated)"
                )
            continue
        row = dict(zip(header, (c.strip() for c in cells), strict=False))
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise ValueError(f"coordinates {lat}, {lon} out of range")
            entries.append(
                LayerEntry(
                    id=row["id"],
                    country=row["country"].upper(),
                    admin1=row.get("admin1") or None,
                    admin2=row.get("admin2") or None,
                    feature=row.get("feature") or "place",
                    latitude=lat,
                    longitude=lon,
                    name=row["name"],
                    variants=tuple(v for v in row.get("variants", "").split("|") if v),
                    precision=int(row.get("precision") or 1),
                    events=int(row.get("events") or 0),
                    written=tuple(v for v in row.get("written", "").split("|") if v),
                )
            )
        except (KeyError, ValueError) as exc:
            raise GazetteerError(f"{p}:{number}: bad layer row: {exc}") from exc
        if not entries[-1].id or not entries[-1].name or len(entries[-1].country) != 2:
            raise GazetteerError(f"{p}:{number}: id, country (ISO2) and name are required")
    if not meta.get("source"):
        raise GazetteerError(f"{p}: no '# source: TAG' line naming the layer's source tag")
    return Layer(
        path=p,
        source=meta["source"],
        attribution=meta.get("attribution", ""),
        entries=tuple(entries),
    )


def _keys(names: Iterable[str]) -> frozenset[str]:
    out: set[str] = set()
    cache: dict[str, tuple[str, str]] = {}
    for n in names:
        key, skel = name_keys(n, cache)
        if len(key) >= 2:
            out.add(key)
        if len(skel) >= 3:
            out.add("~" + skel)
    return frozenset(out)


def known_places(
    rows: Iterable[tuple[str, Iterable[str], float | None, float | None, str, str]],
) -> list[KnownPlace]:
    """(gid, names, lat, lon, feature, source) -> the places a layer may merge into."""
    out: list[KnownPlace] = []
    for gid, names, lat, lon, feature, source in rows:
        if lat is None or lon is None or feature in _NOT_TARGETS:
            continue
        out.append(
            KnownPlace(
                gid=gid,
                keys=_keys(names),
                latitude=lat,
                longitude=lon,
                rank=0 if source == "supplement" else 1,
            )
        )
    return out


def _cell_of(lat: float, lon: float) -> tuple[int, int]:
    return (math.floor(lat * 10), math.floor(lon * 10))


def _km(a: KnownPlace, lat: float, lon: float) -> float:
    dlat = a.latitude - lat
    dlon = (a.longitude - lon) * math.cos(math.radians((a.latitude + lat) / 2))
    return 111.2 * math.sqrt(dlat * dlat + dlon * dlon)


def plain_keys(known: Iterable[KnownPlace]) -> set[str]:
    """Every light key of these places (for :func:`index_names`)."""
    return {k for place in known for k in place.keys if not k.startswith("~")}


def merge_layer(
    entries: Iterable[LayerEntry], known: Iterable[KnownPlace]
) -> tuple[list[LayerEntry], dict[str, tuple[str, ...]]]:
    """Split a layer into new places and the spellings of places the index already has.

    Returns (new entries, gid of a known place -> the layer's names for it)."""
    grid: dict[tuple[int, int], list[KnownPlace]] = defaultdict(list)
    for k in known:
        grid[_cell_of(k.latitude, k.longitude)].append(k)
    new: list[LayerEntry] = []
    extra: dict[str, list[str]] = defaultdict(list)
    for e in entries:
        keys = _keys(e.all_names)
        ci, cj = _cell_of(e.latitude, e.longitude)
        best: tuple[int, float, str] | None = None
        for di in (-1, 0, 1):
            for dj in (-1, 0, 1):
                for k in grid.get((ci + di, cj + dj), ()):
                    if not keys & k.keys:
                        continue
                    d = _km(k, e.latitude, e.longitude)
                    if d <= MERGE_KM and (best is None or (k.rank, d) < best[:2]):
                        best = (k.rank, d, k.gid)
        if best is None:
            new.append(e)
        else:
            extra[best[2]].extend(e.all_names)
    return new, {gid: tuple(dict.fromkeys(names)) for gid, names in extra.items()}


_ARTICLE = re.compile(r"^(?:al|el|an|ad|as|ash|at|az|ar|ath|adh)[-\s]+", re.I)
# lower-case words a text scanner may join to a name ("Al-Bab is" reads as "Babis")
_JOINABLE = frozenset(
    k
    for k in (
        light_key_cached(w, {})
        for w in (*FUNCTION_WORDS, "is", "was", "are", "were", "has", "had", "have", "said")
    )
    if k
)


def _one_word(name: str) -> bool:
    return len(_ARTICLE.sub("", name.strip()).split()) == 1


def index_names(
    names: Sequence[str], *, main: bool, known_keys: frozenset[str] | set[str]
) -> tuple[str, ...]:
    """The names of a layer place that go into the index, where a text scanner will meet
    them. Kept out: keys under 3 letters ("Al Eis" = "is"); one-word spellings except the
    main name of a new place (``main``), and then only with 4+ letters and not a common
    word or given name ("Al Assad" as a variant of Dahiyat al-Assad would make every
    "Assad" a suburb, "Al Hamah" every "Hama"); names that read as a known name plus a
    function word ("Babis" = "Al-Bab is")."""
    out: list[str] = []
    for n in names:
        key = light_key_cached(n, {})
        if len(key) < 3:
            continue
        if _one_word(n):
            bare = _ARTICLE.sub("", n.strip()).lower().strip("'’")
            if not (main and not out) or len(key) < 4:
                continue
            if bare in COMMON_WORDS or bare in GIVEN_NAMES or bare in FUNCTION_WORDS:
                continue
        if any(key[:j] in known_keys and key[j:] in _JOINABLE for j in range(2, len(key) - 1)):
            continue
        out.append(n)
    return tuple(out)


def layer_note(entry: LayerEntry, *, dataset: str) -> str:
    """The provenance line a layer place carries in the index."""
    word = "where_prec" if dataset.lower().startswith("ucdp") else "geo_precision"
    spelled = "; ".join(entry.written[:3])
    return f"{dataset}: {entry.events} event(s), best {word} {entry.precision}" + (
        f"; written {spelled}" if spelled else ""
    )


def iter_layers(paths: Sequence[Path]) -> Iterator[Layer]:
    for p in paths:
        yield read_layer(p)
