"""Toponym recall and accuracy within 161 km on GeoWebNews and TR-News (Gritta et al.).

Reads ../shared/data/geoparsing at run time. For every gold toponym with coordinates:
*recall* = a predicted mention overlaps its span; *accuracy@161* = the overlapping
prediction's point lies within 161 km (reported over matched toponyms, as Mordecai 3 does,
and over all gold toponyms).

    python benchmarks/eval_geoparsing.py [--gazetteer PATH]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from observatory.gazetteer.index import haversine_km
from observatory.geocode import Geocoder
from observatory.settings import Settings

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "geoparsing"


@dataclass(frozen=True, slots=True, kw_only=True)
class GoldToponym:
    start: int
    end: int
    name: str
    lat: float
    lon: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Scores:
    corpus: str
    documents: int
    gold: int
    found: int
    within: int
    seconds: float


def _float(node: ET.Element | None) -> float | None:
    if node is None or not (node.text or "").strip():
        return None
    return float(node.text)  # type: ignore[arg-type]


def read_gwn(path: Path) -> list[tuple[str, list[GoldToponym]]]:
    docs = []
    for art in ET.parse(path).getroot().iter("article"):
        text = art.findtext("text") or ""
        tops = []
        for t in art.iter("toponym"):
            lat, lon = _float(t.find("latitude")), _float(t.find("longitude"))
            if lat is None or lon is None or (t.findtext("nonLocational") or "").strip() == "Yes":
                continue
            tops.append(
                GoldToponym(
                    start=int(t.findtext("start") or 0),
                    end=int(t.findtext("end") or 0),
                    name=t.findtext("extractedName") or "",
                    lat=lat,
                    lon=lon,
                )
            )
        docs.append((text, tops))
    return docs


def read_trnews(path: Path) -> list[tuple[str, list[GoldToponym]]]:
    docs = []
    for art in ET.parse(path).getroot().iter("article"):
        text = art.findtext("text") or ""
        tops = []
        for t in art.iter("toponym"):
            tag = t.find("gaztag")
            if tag is None:
                continue
            lat, lon = _float(tag.find("lat")), _float(tag.find("lon"))
            if lat is None or lon is None:
                continue
            tops.append(
                GoldToponym(
                    start=int(t.findtext("start") or 0),
                    end=int(t.findtext("end") or 0),
                    name=t.findtext("phrase") or "",
                    lat=lat,
                    lon=lon,
                )
            )
        docs.append((text, tops))
    return docs


def score(geocoder: Geocoder, corpus: str, docs: list[tuple[str, list[GoldToponym]]]) -> Scores:
    gold = found = within = 0
    started = time.perf_counter()
    for text, tops in docs:
        mentions = geocoder.mentions(text)
        for g in tops:
            gold += 1
            hit = next((m for m in mentions if m.span.start < g.end and g.start < m.span.end), None)
            if hit is None:
                continue
            found += 1
            p = hit.place
            if p is not None and p.latitude is not None and p.longitude is not None:
                within += haversine_km(p.latitude, p.longitude, g.lat, g.lon) <= 161
    return Scores(
        corpus=corpus,
        documents=len(docs),
        gold=gold,
        found=found,
        within=within,
        seconds=time.perf_counter() - started,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--gazetteer", default="")
    args = parser.parse_args()
    if not DATA.exists():
        print(f"skipped: {DATA} not found", file=sys.stderr)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        geocoder = Geocoder.from_settings(
            Settings(gazetteer_path=args.gazetteer or str(Path(tmp) / "g.sqlite"))
        )
        for corpus, reader, name in (
            ("GeoWebNews", read_gwn, "GWN.xml"),
            ("TR-News", read_trnews, "TR-News.xml"),
        ):
            s = score(geocoder, corpus, reader(DATA / name))
            print(
                f"{s.corpus}: {s.documents} docs, {s.gold} gold toponyms; recall {s.found / s.gold:.3f};"
                f" accuracy@161km of matched {s.within / max(1, s.found):.3f}; of all gold {s.within / s.gold:.3f};"
                f" {s.documents / s.seconds:.0f} docs/s"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
