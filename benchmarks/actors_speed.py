"""Speed of ActorTable.find and find_claimants, called as the extractor calls them.

Prints the table load time, then the time per document for both calls sentence by
sentence (find, then find_claimants with its actors): the median over the FA-KES
articles when ../shared/data/fa-kes is present (each article's best of three runs),
and over a synthetic 3 KB report. Run: python benchmarks/actors_speed.py
"""

from __future__ import annotations

import csv
import statistics
import time
from pathlib import Path

from observatory.actors import ActorTable
from observatory.text import sentences

FAKES = Path(__file__).resolve().parents[2] / "shared" / "data" / "fa-kes" / "FA-KES-Dataset.csv"

_PARAGRAPH = (
    "Government forces backed by Russian warplanes pushed into the eastern countryside on "
    "Tuesday, the Syrian Observatory for Human Rights said, while ISIS militants shelled "
    "a village held by the Kurdish-led SDF. Rebels from Ahrar al-Sham and fighters of the "
    "Al-Qaeda-linked Nusra Front repelled an attack by regime troops near the town, "
    "according to activists. State news agency SANA reported that army units destroyed "
    "a tunnel used by terrorists. Unidentified gunmen killed two civilians at a "
    "checkpoint, a local source told AFP. Protesters gathered in the main square. "
)


def _per_document(table: ActorTable, docs: list[str], *, runs: int = 3) -> list[float]:
    """Seconds per document (best of ``runs``); documents are taken in turn, so each
    run of a document starts without its cached scan."""
    prepared = [(doc, [(s.start, s.end) for s in sentences(doc)]) for doc in docs]
    best = [float("inf")] * len(prepared)
    for _ in range(runs):
        for i, (doc, spans) in enumerate(prepared):
            t0 = time.perf_counter()
            for start, end in spans:
                actors = table.find(doc, start=start, end=end)
                table.find_claimants(doc, start=start, end=end, actors=actors)
            best[i] = min(best[i], time.perf_counter() - t0)
    return best


def main() -> None:
    t0 = time.perf_counter()
    table = ActorTable.from_files(())
    load = time.perf_counter() - t0
    print(f"table load: {load * 1000:.0f} ms")
    print(f"table: {len(table.actors)} actors, {len(table.claimants)} claimants")
    if FAKES.exists():
        with FAKES.open(encoding="cp1252", newline="") as f:
            docs = [row["article_content"] for row in csv.DictReader(f)]
        times = _per_document(table, docs)
        chars = statistics.median(len(d) for d in docs)
        print(
            f"FA-KES, {len(docs)} articles (median {chars:.0f} characters):"
            f" median {statistics.median(times) * 1000:.3f} ms,"
            f" mean {statistics.mean(times) * 1000:.3f} ms per article"
        )
    else:
        print(f"FA-KES not found at {FAKES}: synthetic report only")
    doc = (_PARAGRAPH * 8)[:3000]
    times = _per_document(table, [doc] * 50)
    print(f"synthetic 3 KB report: {statistics.median(times) * 1000:.3f} ms per document")


if __name__ == "__main__":
    main()
