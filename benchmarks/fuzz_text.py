"""Coverage-guided fuzzing of every text path, 1,000,000 inputs in total.

Targets: the ingest readers (text, HTML, RSS/Atom, JSONL, CSV), extract, geocode, dates,
numbers and fatalities. Each target runs in its own process under atheris (libFuzzer,
coverage-guided over the observatory package), seeded with the bundled example reports and
a dictionary of the words the rules look for. A crash is any exception other than the
clear :class:`~observatory.errors.InputError` a reader is allowed to give; libFuzzer saves
the input that caused it (``crash-*`` in the output folder). For every target the script
reports inputs run, crashes, executions per second and the slowest input.

    pip install atheris                       # from PyPI; else --engine hypothesis
    python benchmarks/fuzz_text.py            # 1,000,000 inputs over all targets
    python benchmarks/fuzz_text.py --total 20000 --targets dates,numbers --jobs 2

Without atheris, ``--engine hypothesis`` draws the same number of random inputs with
hypothesis (not coverage-guided).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime as dt
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
PUBLISHED = dt.date(2019, 6, 11)
MAX_LEN = 4096

# share of the total per target: cheap targets get more inputs
SHARES = {
    "numbers": 0.30,
    "dates": 0.17,
    "fatalities": 0.17,
    "text": 0.10,
    "jsonl": 0.08,
    "csv": 0.04,
    "geocode": 0.05,
    "feed": 0.04,
    "html": 0.03,
    "extract": 0.02,
}

DICTIONARY = [
    "killed", "wounded", "injured", "dead", "died", "airstrike", "air strike", "shelling",
    "clashes", "bomb", "car bomb", "explosion", "mortar", "barrel bombs", "at least", "more than",
    "dozens of", "five", "twenty-one", "hundred", "1,200", "civilians", "fighters", "soldiers",
    "children", "rebels", "regime forces", "ISIS", "SDF", "Aleppo", "Idlib", "Hama", "Douma",
    "Deir ez-Zor", "Maarat al-Numan", "Damascus", "Syria", "near", "the village of",
    "countryside", "province", "on Monday", "yesterday", "last week", "June 11", "2019",
    "overnight", "the toll rose to", "according to", "SOHR", "SANA", "activists said",
    "among them", "including", "between", "denied", "arrested", "abducted", "<p>", "</p>",
    "<div>", "</div>", "<item>", "<title>", "<description>", "<entry>", "<rss version=\"2.0\">",
    "<channel>", "<![CDATA[", "&amp;", "&#", '{"id": ', '"text": ', '"published": ', "\\u",
    "\\ud800", '","', '"\n', ",\"", "\r\n", "\xef\xbb\xbf",
]  # fmt: skip


# ------------------------------------------------------------------------------ targets


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def make_targets(folder: Path | None = None) -> dict[str, Callable[[bytes], object]]:
    """Each target takes raw bytes; readers may raise InputError, nothing else may."""
    from observatory.dates import find_dates
    from observatory.errors import InputError
    from observatory.extract import Extractor
    from observatory.fatalities import find_casualties
    from observatory.ingest import make_document, read_csv
    from observatory.ingest.readers import (
        _document_from_bytes,
        _Given,
        _jsonl_document,
        _Kind,
        decode_bytes,
    )
    from observatory.numbers import parse_count, parse_number_words
    from observatory.settings import load_settings

    settings = load_settings()
    given = _Given(settings=settings)
    extractor: list[Extractor] = []  # built on first use (the gazetteer takes a while)
    # inside the output folder: libFuzzer ends the process past Python's own cleanup
    scratch = Path(tempfile.mkdtemp(prefix="scratch-", dir=folder))

    def ex() -> Extractor:
        if not extractor:
            extractor.append(Extractor.from_settings(settings))
        return extractor[0]

    def text(data: bytes) -> object:
        try:
            return make_document(decode_bytes(data, source="fuzz"), settings=settings)
        except InputError:
            return None

    def kind(k: Any) -> Callable[[bytes], object]:
        def read(data: bytes) -> object:
            return list(_document_from_bytes(data, kind=k, source="fuzz", given=given))

        return read

    def jsonl(data: bytes) -> object:
        out = []
        for number, raw in enumerate(data.split(b"\n"), start=1):
            if raw.strip():
                with contextlib.suppress(InputError):
                    out.append(
                        _jsonl_document(
                            raw, number=number, source="fuzz", settings=settings, published=None
                        )
                    )
        return out

    def csv_target(data: bytes) -> object:
        path = scratch / "fuzz.csv"
        path.write_bytes(data)
        return list(read_csv(path, settings=settings))

    def extract(data: bytes) -> object:
        try:
            doc = make_document(_text(data), published=PUBLISHED, settings=settings)
        except InputError:
            return None
        return ex().extract(doc)

    def geocode(data: bytes) -> object:
        value = _text(data)
        return ex().geocoder.mentions(value), ex().geocoder.lookup(value[:80])

    return {
        "text": text,
        "html": kind(_Kind.HTML),
        "feed": kind(_Kind.FEED),
        "jsonl": jsonl,
        "csv": csv_target,
        "extract": extract,
        "geocode": geocode,
        "dates": lambda data: find_dates(_text(data), published=PUBLISHED),
        "numbers": lambda data: (parse_count(_text(data)), parse_number_words(_text(data))),
        "fatalities": lambda data: find_casualties(_text(data)),
    }


def seeds(target: str) -> list[bytes]:
    """Seed inputs: sentences and paragraphs of the examples, in the target's format."""
    texts = []
    for path in sorted(EXAMPLES.glob("*.txt")):
        body = path.read_text(encoding="utf-8")
        texts.extend(p for p in body.split("\n\n") if p.strip())
    texts = [t[:MAX_LEN] for t in texts[:60]]
    if target == "feed":
        return [p.read_bytes()[: MAX_LEN * 4] for p in sorted(EXAMPLES.glob("*.xml"))] + [
            f"<?xml version='1.0'?><rss version='2.0'><channel><title>W</title><item><title>T</title><description>{t}</description></item></channel></rss>".encode()
            for t in texts[:10]
        ]
    if target == "html":
        return [
            f"<html><head><title>R</title></head><body><article><p>{t}</p></article></body></html>".encode()
            for t in texts
        ]
    if target == "jsonl":
        return [(json.dumps({"id": n, "text": t}) + "\n").encode() for n, t in enumerate(texts)]
    if target == "csv":
        return [
            ("id,text\n" + f'{n},"' + t.replace('"', '""') + '"\n').encode()
            for n, t in enumerate(texts)
        ]
    return [t.encode() for t in texts]


# ------------------------------------------------------------------------------ workers


@dataclass(slots=True)
class Stats:
    target: str
    engine: str
    inputs: int = 0
    slowest_seconds: float = 0.0
    slowest_input: str = ""
    seconds: float = 0.0
    crashes: int = 0
    crash_files: tuple[str, ...] = ()
    crash_message: str = ""


class Recorder:
    """Counts inputs and keeps the slowest one; writes the stats file as it goes."""

    def __init__(self, target: str, engine: str, path: Path) -> None:
        self.stats = Stats(target=target, engine=engine)
        self.path = path
        self.started = time.perf_counter()

    def time(self, run: Callable[[bytes], object], data: bytes) -> None:
        # CPU time of this thread: what the input costs, not what other programs take
        began = time.thread_time()
        run(data)
        elapsed = time.thread_time() - began
        self.stats.inputs += 1
        if elapsed > self.stats.slowest_seconds:
            self.stats.slowest_seconds = elapsed
            self.stats.slowest_input = repr(data[:300]) + (
                f" ... ({len(data)} bytes)" if len(data) > 300 else ""
            )
            self.save()
        elif self.stats.inputs % 2000 == 0:
            self.save()

    def save(self) -> None:
        self.stats.seconds = time.perf_counter() - self.started
        self.path.write_text(json.dumps(dataclasses.asdict(self.stats)))


def _dict_escape(word: str) -> str:
    """A word as libFuzzer's dictionary format spells it (printable ASCII, else \\xHH)."""
    out = []
    for byte in word.encode("utf-8"):
        char = chr(byte)
        out.append(char if 32 <= byte < 127 and char not in '\\"' else f"\\x{byte:02X}")
    return "".join(out)


def worker_atheris(target: str, runs: int, folder: Path) -> None:
    import atheris

    with atheris.instrument_imports(include=["observatory"]):
        targets = make_targets(folder)
    run = targets[target]
    run(seeds(target)[0])  # warm up (loads the gazetteer) outside the timing
    recorder = Recorder(target, "atheris", folder / f"{target}.json")
    corpus = folder / f"corpus-{target}"
    corpus.mkdir(exist_ok=True)
    for n, seed in enumerate(seeds(target)):
        (corpus / f"seed-{n}").write_bytes(seed)
    dictionary = folder / "words.dict"
    dictionary.write_text("".join(f'"{_dict_escape(w)}"\n' for w in DICTIONARY))

    def one(data: bytes) -> None:
        recorder.time(run, data)

    atheris.Setup(
        [
            sys.argv[0],
            f"-runs={runs}",
            f"-max_len={MAX_LEN if target not in {'feed', 'html'} else MAX_LEN * 4}",
            f"-dict={dictionary}",
            "-rss_limit_mb=4096",
            "-timeout=60",
            "-print_final_stats=1",
            f"-artifact_prefix={folder}/{target}-",
            str(corpus),
        ],
        one,
    )
    atheris.Fuzz()


def worker_hypothesis(target: str, runs: int, folder: Path) -> None:
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import strategies as st

    run = make_targets(folder)[target]
    run(seeds(target)[0])  # warm up (loads the gazetteer) outside the timing
    recorder = Recorder(target, "hypothesis", folder / f"{target}.json")
    words = st.lists(st.sampled_from(DICTIONARY), max_size=80).map(" ".join)
    data = st.one_of(
        st.binary(max_size=MAX_LEN),
        st.text(max_size=MAX_LEN).map(lambda s: s.encode("utf-8", "surrogatepass")),
        words.map(str.encode),
        st.sampled_from(seeds(target)),
    )

    @settings(
        max_examples=runs,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(data)
    def fuzz(value: bytes) -> None:
        recorder.time(run, value)

    fuzz()
    recorder.save()


# ------------------------------------------------------------------------------- driver


def run_target(target: str, runs: int, folder: Path, engine: str) -> Stats:
    log = folder / f"{target}.log"
    began = time.perf_counter()
    with log.open("w") as out:
        result = subprocess.run(
            [
                sys.executable,
                __file__,
                "--worker",
                target,
                "--runs",
                str(runs),
                "--folder",
                str(folder),
                "--engine",
                engine,
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            check=False,
        )
    stats_path = folder / f"{target}.json"
    data = (
        json.loads(stats_path.read_text())
        if stats_path.exists()
        else {"target": target, "engine": engine}
    )
    names = {f.name for f in dataclasses.fields(Stats)}
    stats = Stats(**{k: v for k, v in data.items() if k in names})
    stats.seconds = time.perf_counter() - began
    text = log.read_text(errors="replace")
    done = re.search(r"Done (\d+) runs", text)
    if done:
        stats.inputs = int(done.group(1))
    crash_files = tuple(sorted(str(p) for p in folder.glob(f"{target}-crash-*")))
    if result.returncode != 0 or crash_files:
        stats.crashes = max(1, len(crash_files))
        stats.crash_files = crash_files
        tail = [line for line in text.splitlines() if line.strip()][-25:]
        stats.crash_message = "\n".join(tail)
    return stats


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--total", type=int, default=1_000_000, help="inputs over all targets")
    parser.add_argument("--targets", default=",".join(SHARES))
    parser.add_argument("--engine", choices=["atheris", "hypothesis"], default=None)
    parser.add_argument("--jobs", type=int, default=max(1, (os.cpu_count() or 2) // 2))
    parser.add_argument("--folder", default=None, help="where crash inputs and logs go")
    parser.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--runs", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    engine = args.engine
    if engine is None:
        try:
            import atheris  # noqa: F401
        except ImportError:
            engine = "hypothesis"
        else:
            engine = "atheris"
    if args.worker:
        folder = Path(args.folder)
        if engine == "atheris":
            worker_atheris(args.worker, args.runs, folder)
        else:
            worker_hypothesis(args.worker, args.runs, folder)
        return 0
    targets = [t for t in args.targets.split(",") if t]
    unknown = set(targets) - set(SHARES)
    if unknown:
        parser.error(f"unknown targets: {', '.join(sorted(unknown))}")
    weight = sum(SHARES[t] for t in targets)
    runs = {t: max(1, round(args.total * SHARES[t] / weight)) for t in targets}
    folder = Path(args.folder or tempfile.mkdtemp(prefix="observatory-fuzz-out-"))
    folder.mkdir(parents=True, exist_ok=True)
    # a gazetteer of its own, built once here, so other programs rebuilding theirs cannot lock it
    os.environ.setdefault("OBSERVATORY_GAZETTEER_PATH", str(folder / "gazetteer.sqlite"))
    if {"extract", "geocode"} & set(targets):
        from observatory.extract import Extractor
        from observatory.settings import load_settings

        Extractor.from_settings(load_settings()).geocoder.close()
    print(
        f"engine {engine}; {sum(runs.values()):,} inputs over {len(targets)} targets; output in {folder}"
    )
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        results = list(pool.map(lambda t: run_target(t, runs[t], folder, engine), targets))
    print(
        f"{'target':11s} {'inputs':>9s} {'crashes':>7s} {'exec/s':>7s} {'slowest':>8s}  slowest input"
    )
    for s in results:
        rate = s.inputs / s.seconds if s.seconds else 0.0
        print(
            f"{s.target:11s} {s.inputs:9,d} {s.crashes:7d} {rate:7.0f} {s.slowest_seconds:7.3f}s  {s.slowest_input[:100]}"
        )
    total = sum(s.inputs for s in results)
    worst = max(results, key=lambda s: s.slowest_seconds)
    print(
        f"total: {total:,} inputs, {sum(s.crashes for s in results)} crashes;"
        f" slowest input {worst.slowest_seconds:.3f} s ({worst.target}): {worst.slowest_input[:300]}"
    )
    for s in results:
        if s.crashes:
            print(
                f"\nCRASH in {s.target} (inputs saved: {', '.join(s.crash_files) or 'none'}):\n{s.crash_message}"
            )
    return 1 if any(s.crashes for s in results) else 0


if __name__ == "__main__":
    sys.exit(main())
