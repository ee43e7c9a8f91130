"""End to end on the multi-outlet corpus (tests/data/linking): extract every report, link
all claims, and compare with the hand coding, where each gold event id is a real incident
shared by every report that tells it.

    python benchmarks/eval_linking.py

Prints the pairwise precision and recall of claim-to-event links (over claims that the
scoring rules match to a gold incident), and each incident's reconciled deaths against
the analyst's total (incidents.json).
"""

from __future__ import annotations

import json
from pathlib import Path

from observatory.actors import ActorTable
from observatory.evaluate import load_gold, match
from observatory.extract import Extractor
from observatory.ingest import make_document
from observatory.link import Linker, pairwise_scores
from observatory.records import Claim, PublishedBasis
from observatory.settings import load_settings

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "linking"


def main() -> None:
    settings = load_settings()
    extractor = Extractor.from_settings(settings)
    actors = ActorTable.default()
    docs = {
        str(r["id"]): r
        for r in (json.loads(x) for x in (CORPUS / "docs.jsonl").read_text().splitlines() if x)
    }
    claims: list[Claim] = []
    gold_of: dict[str, str] = {}
    for g in load_gold(CORPUS / "gold"):
        row = docs[g.doc]
        doc = make_document(
            row["text"],
            id=g.doc,
            outlet=row.get("outlet"),
            published=g.published,
            published_basis=PublishedBasis.METADATA,
        )
        got = extractor.extract(doc).claims
        claims.extend(got)
        gold_of.update(match(g, got, canonical=lambda n: actors.canonical(n) or n))
    result = Linker(settings=settings).link(claims)
    event_of = {link.claim_id: link.event_id for link in result.links}
    precision, recall = pairwise_scores(event_of, gold_of)
    print(f"claims extracted: {len(claims)}; matched to a gold incident: {len(gold_of)}")
    print(f"events after linking: {len(result.events)}")
    print(f"pairwise link precision {precision:.3f}, recall {recall:.3f}")
    incidents = json.loads((CORPUS / "incidents.json").read_text())
    by_incident: dict[str, set[str]] = {}
    for cid, gid in gold_of.items():
        by_incident.setdefault(gid, set()).add(event_of.get(cid, cid))
    events = {e.id: e for e in result.events}
    print("\nincident  docs  events  deaths(true best)  reconciled low/best/high")
    errors = []
    for inc in incidents:
        if inc.get("singleton"):
            continue
        ids = sorted(by_incident.get(inc["id"], ()))
        found = [events[i] for i in ids if i in events]
        true = inc.get("deaths") or {}
        fat = found[0].fatalities if len(found) == 1 else None
        got = f"{fat.low}/{fat.best}/{fat.high}" if fat else ("-" if found else "missed")
        if len(found) == 1 and true.get("best") is not None:
            errors.append(abs((fat.best if fat and fat.best is not None else 0) - true["best"]))
        print(
            f"{inc['id']:8}  {len(inc['docs']):4}  {len(found):6}  {true.get('best')!s:>17}  {got}"
        )
    if errors:
        print(
            f"\nmean absolute error of best deaths over {len(errors)} incidents found as one event:"
            f" {sum(errors) / len(errors):.2f}"
        )


if __name__ == "__main__":
    main()
