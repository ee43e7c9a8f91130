"""Time per document is bounded: worst-case inputs each finish under 2 s.

Cases (each read as a file by the ingest readers, then extracted):
- 5 MB on a single line, in several shapes (one word, words without punctuation, sentences
  without line breaks, digit runs, markup);
- deeply nested HTML (past the depth limit: refused at once; just under it: read);
- 10,000 repeated trigger words, alone, as sentences, and with places.

    python benchmarks/fuzz_bounds.py              # all cases, limit 2 s each
    python benchmarks/fuzz_bounds.py --only html  # cases whose name contains "html"

Prints seconds per case for reading and for extraction (wall time, and the CPU time of
the process, which other work on a shared machine inflates less), and exits 1 if any case
takes longer than ``--limit`` seconds of CPU time or raises. tests/test_fuzz_bounds.py checks the same
inputs for correctness without timing them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

MB5 = 4_990_000  # just under the default max_document_bytes (5,000,000)
PUBLISHED = dt.date(2019, 6, 11)


def _fill(unit: str, size: int = MB5) -> str:
    return unit * (size // len(unit))


def _nested(depth: int, inner: str) -> str:
    return f"<html><body>{'<div>' * depth}<p>{inner}</p>{'</div>' * depth}</body></html>"


CASES: dict[str, tuple[str, Callable[[], str]]] = {
    # name: (file suffix, content)
    "5mb-one-word": (".txt", lambda: "a" * MB5),
    "5mb-words-no-punctuation": (".txt", lambda: _fill("fighters killed civilians in aleppo and ")),
    "5mb-sentences-one-line": (
        ".txt",
        lambda: _fill("Shelling killed 5 people in Aleppo on Monday, activists said. "),
    ),
    "5mb-digits": (".txt", lambda: _fill("1,000, ")),
    "5mb-brackets": (".txt", lambda: _fill("((((((((((")),
    "5mb-html-one-line": (
        ".html",
        lambda: _nested(50, _fill("Ten people were killed. ", MB5 - 2000)),
    ),
    "html-nested-100000": (".html", lambda: _nested(100_000, "Ten people were killed in Hama.")),
    "html-nested-199": (
        ".html",
        lambda: _nested(197, _fill("Ten people were killed in Hama. ", 1_000_000)),
    ),
    "html-unclosed-100000": (".html", lambda: "<html><body>" + "<div><span>" * 100_000 + "x"),
    "triggers-killed-x10000": (".txt", lambda: "killed " * 10_000),
    "triggers-airstrike-x10000": (".txt", lambda: "Airstrike " * 10_000),
    "triggers-sentences-x10000": (".txt", lambda: "Ten people were killed. " * 10_000),
    "triggers-clashes-in-idlib-x10000": (".txt", lambda: "clashes in Idlib " * 10_000),
}


def run_case(name: str) -> tuple[float, float, float, float, str]:
    """(read, extract, read CPU, extract CPU seconds, outcome) for one case."""
    from observatory.extract import Extractor
    from observatory.ingest import read_inputs
    from observatory.records import Document
    from observatory.settings import Settings

    settings = Settings()
    extractor = Extractor.from_settings(settings)
    suffix, make = CASES[name]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"case{suffix}"
        path.write_text(make(), encoding="utf-8")
        began, cpu = time.perf_counter(), time.process_time()
        items = list(read_inputs([path], settings=settings, published=PUBLISHED))
        read, read_cpu = time.perf_counter() - began, time.process_time() - cpu
    docs = [i for i in items if isinstance(i, Document)]
    errors = [str(i) for i in items if not isinstance(i, Document)]
    began, cpu = time.perf_counter(), time.process_time()
    extractions = [extractor.extract(doc) for doc in docs]
    extract, extract_cpu = time.perf_counter() - began, time.process_time() - cpu
    claims = sum(len(e.claims) for e in extractions)
    cut = [e.read_chars for e in extractions if e.read_chars is not None]
    outcome = f"{len(docs)} documents, {claims} claims" + (
        f"; refused: {errors[0][-90:]}" if errors else ""
    )
    if cut:
        outcome += f"; read the first {cut[0]:,} characters (max_extract_chars)"
    return read, extract, read_cpu, extract_cpu, outcome


Result = tuple[float, float, float, float, str]


def _child(name: str, queue: multiprocessing.Queue[Result]) -> None:
    queue.put(run_case(name))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=float, default=2.0, help="seconds allowed per case")
    parser.add_argument("--only", default="", help="run the cases whose name contains this")
    parser.add_argument("--give-up", type=float, default=120.0, help="stop a case after this long")
    args = parser.parse_args()
    names = [n for n in CASES if args.only in n]
    print(f"{'case':34s} {'read':>7s} {'extract':>8s} {'total':>7s} {'CPU':>7s}  result")
    over = 0
    for name in names:
        queue: multiprocessing.Queue[Result] = multiprocessing.Queue()
        child = multiprocessing.Process(target=_child, args=(name, queue))
        child.start()
        child.join(args.give_up)
        if child.is_alive():
            child.kill()
            child.join()
            print(f"{name:34s} {'':>7s} {'':>8s} >{args.give_up:5.0f}s  OVER (stopped)")
            over += 1
            continue
        if queue.empty():
            print(f"{name:34s} crashed (exit {child.exitcode})")
            over += 1
            continue
        read, extract, read_cpu, extract_cpu, outcome = queue.get()
        total, cpu = read + extract, read_cpu + extract_cpu
        verdict = "ok" if cpu <= args.limit else "OVER"
        over += verdict == "OVER"
        print(
            f"{name:34s} {read:6.2f}s {extract:7.2f}s {total:6.2f}s {cpu:6.2f}s"
            f"  {verdict}: {outcome}"
        )
    print(f"{len(names) - over}/{len(names)} cases under {args.limit:g} s of CPU time")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
