"""Casualty figures against the project's hand-coded corpora, and speed.

    python benchmarks/eval_casualties.py            # both corpora, misses listed
    python benchmarks/eval_casualties.py --quiet    # shares only

For each document of ``tests/data/extraction`` and ``tests/data/linking`` (text in
``docs.jsonl``, coding in ``gold/<id>.gold.json``), :func:`find_casualties` runs over the
whole text. A gold event with fatalities is *found* when some KILLED mention, or the
:func:`combine` of one list (``group``) or of one sentence's KILLED mentions, has the gold
best. *False figures* are KILLED mentions (aggregates left out) in documents whose gold
has no deaths at all. Also prints the time per 2 KB of text (FA-KES articles when
``../shared`` is there, else the corpora).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from observatory.fatalities import CasualtyKind, CasualtyMention, combine, find_casualties

ROOT = Path(__file__).resolve().parents[1]
CORPORA = (ROOT / "tests" / "data" / "extraction", ROOT / "tests" / "data" / "linking")
FAKES = ROOT.parent / "shared" / "data" / "fa-kes" / "FA-KES-Dataset.csv"
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)\"”'’][.!?])\s+|\n\s*")


@dataclass(frozen=True, slots=True, kw_only=True)
class DocResult:
    doc: str
    gold_figures: int
    found: int
    misses: tuple[str, ...]
    false_figures: tuple[str, ...]


def _sentences(text: str) -> Iterator[tuple[int, int]]:
    pos = 0
    for brk in _SENTENCE_END.finditer(text):
        yield pos, brk.start()
        pos = brk.end()
    yield pos, len(text)


def _candidate_bests(text: str, killed: Sequence[CasualtyMention]) -> set[int]:
    """Every figure a caller could attach to one event from these mentions."""
    bests: set[int] = set()
    for m in killed:
        if m.count.best is not None:
            bests.add(m.count.best)
    by_group: dict[int, list[CasualtyMention]] = {}
    for m in killed:
        by_group.setdefault(m.group, []).append(m)
    pools = list(by_group.values())
    for s, e in _sentences(text):
        pools.append([m for m in killed if s <= m.span.start < e])
    for pool in pools:
        for perps in (False, True):
            fat = combine(pool, include_perpetrators=perps)
            if fat is not None and fat.best is not None:
                bests.add(fat.best)
    return bests


def evaluate_doc(doc: dict[str, str], gold: dict[str, object]) -> DocResult:
    text = doc["text"]
    mentions = find_casualties(text)
    killed = [m for m in mentions if m.kind is CasualtyKind.KILLED]
    bests = _candidate_bests(text, killed)
    events = gold["events"]
    assert isinstance(events, list)
    figures = [ev for ev in events if ev.get("fatalities") and ev["fatalities"].get("best")]
    misses = tuple(
        f"{ev['id']} best={ev['fatalities']['best']} ({ev.get('note', '')})"
        for ev in figures
        if ev["fatalities"]["best"] not in bests
    )
    deaths = gold["distinct_deaths"]
    assert isinstance(deaths, dict)
    no_deaths = not figures and not deaths.get("high") and not deaths.get("low")
    false_figures = (
        tuple(f"{m.span.text!r} -> {m.count.best}" for m in killed if not m.aggregate)
        if no_deaths
        else ()
    )
    return DocResult(
        doc=doc["id"],
        gold_figures=len(figures),
        found=len(figures) - len(misses),
        misses=misses,
        false_figures=false_figures,
    )


def evaluate_corpus(folder: Path) -> list[DocResult]:
    results = []
    with (folder / "docs.jsonl").open(encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            doc = json.loads(line)
            gold_path = folder / "gold" / f"{doc['id']}.gold.json"
            if not gold_path.exists():
                continue
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            results.append(evaluate_doc(doc, gold))
    return results


def _speed(texts: list[str]) -> tuple[float, float]:
    """(ms per 2 KB of text, documents per second) over ``texts``, best of 3 passes."""
    chars = sum(len(t) for t in texts)
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        for t in texts:
            find_casualties(t)
        best = min(best, time.perf_counter() - t0)
    return best / (chars / 2048) * 1000, len(texts) / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quiet", action="store_true", help="print the shares only")
    args = parser.parse_args()
    total = found = false = no_death_docs = 0
    corpus_texts: list[str] = []
    for folder in CORPORA:
        results = evaluate_corpus(folder)
        with (folder / "docs.jsonl").open(encoding="utf-8") as f:
            corpus_texts.extend(json.loads(line)["text"] for line in f if line.strip())
        c_total = sum(r.gold_figures for r in results)
        c_found = sum(r.found for r in results)
        c_false = sum(len(r.false_figures) for r in results)
        c_nd = sum(1 for r in results if r.gold_figures == 0)
        total, found, false, no_death_docs = (
            total + c_total,
            found + c_found,
            false + c_false,
            no_death_docs + c_nd,
        )
        print(
            f"{folder.name}: {len(results)} docs, gold figures found {c_found}/{c_total}"
            f" ({c_found / max(1, c_total):.1%}); false figures {c_false}"
            f" in {c_nd} docs without deaths"
        )
        if not args.quiet:
            for r in results:
                for miss in r.misses:
                    print(f"  miss  {r.doc} {miss}")
                for ff in r.false_figures:
                    print(f"  false {r.doc} {ff}")
    print(
        f"all: gold figures found {found}/{total} ({found / max(1, total):.1%}); "
        f"false figures {false} in {no_death_docs} docs without deaths"
    )
    texts = corpus_texts
    label = "corpora"
    if FAKES.exists():
        with FAKES.open(encoding="cp1252", newline="") as f:
            texts = [row["article_content"] for row in csv.DictReader(f)]
        label = "FA-KES"
    ms, docs = _speed(texts)
    print(f"speed ({label}, {len(texts)} docs): {ms:.3f} ms per 2 KB, {docs:.0f} docs/s")


if __name__ == "__main__":
    main()
