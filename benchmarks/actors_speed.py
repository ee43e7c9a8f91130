"""Speed of ActorTable.find and find_claimants on report-style text.

Prints the table load time and the time per 3 KB document (both calls, sentence by
sentence, as the extractor uses them). Run: python benchmarks/actors_speed.py
"""

from __future__ import annotations

import time

from observatory.actors import ActorTable
from observatory.text import sentences

_PARAGRAPH = (
    "Government forces backed by Russian warplanes pushed into the eastern countryside on "
    "Tuesday, the Syrian Observatory for Human Rights said, while ISIS militants shelled "
    "a village held by the Kurdish-led SDF. Rebels from Ahrar al-Sham and fighters of the "
    "Al-Qaeda-linked Nusra Front repelled an attack by regime troops near the town, "
    "according to activists. State news agency SANA reported that army units destroyed "
    "a tunnel used by terrorists. Unidentified gunmen killed two civilians at a "
    "checkpoint, a local source told AFP. Protesters gathered in the main square. "
)


def main() -> None:
    t0 = time.perf_counter()
    table = ActorTable.from_files(())
    load = time.perf_counter() - t0
    doc = (_PARAGRAPH * 8)[:3000]
    spans = [(s.start, s.end) for s in sentences(doc)]
    n = 300
    t0 = time.perf_counter()
    found = 0
    for _ in range(n):
        for start, end in spans:
            actors = table.find(doc, start=start, end=end)
            found += len(actors)
            found += len(table.find_claimants(doc, start=start, end=end, actors=actors))
    per_doc = (time.perf_counter() - t0) / n
    print(f"table load: {load * 1000:.0f} ms")
    print(f"aliases: {len(table.actors)} actors, {len(table.claimants)} claimants")
    print(f"find + find_claimants per 3 KB document: {per_doc * 1000:.3f} ms")
    print(f"mentions per document: {found / n:.0f}")


if __name__ == "__main__":
    main()
