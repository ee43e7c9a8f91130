"""Crash safety: SIGKILL `ingest`, `run`, `link` and `review` at random points.

After every kill the store must open and pass its integrity check, hold nothing
half-written, let the same command run again to the end, and then hold what a clean run
holds. For each command the script first runs it once without a kill (the reference), then
``--kills`` times: a fresh store in the command's starting state, the command started as a
separate process, killed with SIGKILL after a random delay between the CLI's start-up time and the clean duration, checked,
re-run, checked again and compared with the reference.

    python benchmarks/crash_kill.py                         # 100 kills per command, SQLite
    python benchmarks/crash_kill.py --kills 10 --commands run,review
    python benchmarks/crash_kill.py --backend postgresql    # needs OBSERVATORY_TEST_PG_URL

Checks after a kill (``check_store``):
- SQLite: ``PRAGMA integrity_check``, ``foreign_key_check`` and the FTS5 indexes'
  ``integrity-check``; any backend: the store opens (and migrates) through the Repository;
- documents: text present and hashing to the stored content hash;
- claims: a document's claims are all or nothing: exactly the reference claims of that
  document once it is marked extracted, none before; every claim's document exists;
- events: every claim an event names is linked to that event and every link points to an
  existing event that names the claim;
- the audit chain verifies.
After the re-run: the counts of documents, claims, tolls, events, links equal the reference
(and whether the grouping of claims into events is identical is reported too).

Exit status 1 if any kill broke a check. Prints one line per command and backend.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
COMMANDS = ("ingest", "run", "link", "review")
PG_URL_VARIABLE = "OBSERVATORY_TEST_PG_URL"
REVIEW_REASON = "crash test"


# ------------------------------------------------------------------------------ the corpus


def make_corpus(folder: Path, *, copies: int) -> Path:
    """A JSONL corpus: the bundled examples, each reposted ``copies`` times (distinct texts)."""
    from observatory.ingest import read_inputs
    from observatory.records import Document
    from observatory.settings import Settings

    docs = [d for d in read_inputs([EXAMPLES], settings=Settings()) if isinstance(d, Document)]
    path = folder / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for n in range(copies):
            for doc in docs:
                record = {
                    "id": f"{doc.id}-{n}",
                    "text": doc.text if n == 0 else f"{doc.text}\n\n(Reposted, copy {n}.)",
                    "published": doc.published.isoformat() if doc.published else None,
                    "title": doc.title,
                    "outlet": doc.outlet,
                    "url": doc.url,
                }
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


# ------------------------------------------------------------------------------- backends


class Backend:
    name = "sqlite"

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._n = 0

    def new_db(self) -> str:
        self._n += 1
        return str(self.folder / f"store-{self._n}.db")

    def clone(self, db: str) -> str:
        """A new store holding what ``db`` holds (``db`` is closed)."""
        target = self.new_db()
        shutil.copyfile(db, target)
        return target

    def low_level_problems(self, db: str) -> list[str]:
        from observatory.backup import integrity_problems

        problems = integrity_problems(db)
        conn = sqlite3.connect(db)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            for fts in ("documents_fts", "events_fts"):
                if fts in tables:
                    try:
                        conn.execute(f"INSERT INTO {fts} ({fts}) VALUES ('integrity-check')")
                    except sqlite3.DatabaseError as exc:
                        problems.append(f"{fts}: {exc}")
        finally:
            conn.close()
        return problems

    def close(self) -> None:
        pass


class PostgresBackend(Backend):
    name = "postgresql"

    def __init__(self, folder: Path, url: str) -> None:
        import psycopg

        super().__init__(folder)
        self.url = url
        self.admin = psycopg.connect(url, autocommit=True)
        self.schemas: list[str] = []

    def new_db(self) -> str:
        name = f"crash_{uuid.uuid4().hex[:12]}"
        self.admin.execute(f"CREATE SCHEMA {name}")
        self.schemas.append(name)
        separator = "&" if "?" in self.url else "?"
        return f"{self.url}{separator}options={quote(f'-c search_path={name}', safe='')}"

    def clone(self, db: str) -> str:
        source = db.rsplit("search_path%3D", 1)[-1]
        target = self.new_db()
        schema = self.schemas[-1]
        with open_repo(target):
            pass  # creates the schema's tables by migrating
        tables = [
            r[0]
            for r in self.admin.execute(
                "SELECT table_name FROM information_schema.tables"
                " WHERE table_schema = %s AND table_type = 'BASE TABLE'",
                (source,),
            )
        ]
        with self.admin.transaction():
            self.admin.execute("SET LOCAL session_replication_role = replica")  # no triggers/FKs
            for table in tables:
                if table == "schema_version":
                    continue
                columns = [
                    r[0]
                    for r in self.admin.execute(
                        "SELECT column_name FROM information_schema.columns WHERE table_schema"
                        " = %s AND table_name = %s AND is_generated = 'NEVER' ORDER BY ordinal_position",
                        (source, table),
                    )
                ]
                names = ", ".join(f'"{c}"' for c in columns)
                self.admin.execute(
                    f"INSERT INTO {schema}.{table} ({names}) OVERRIDING SYSTEM VALUE"
                    f" SELECT {names} FROM {source}.{table}"
                )
        for table, column in self.admin.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = %s"
            " AND (is_identity = 'YES' OR column_default LIKE 'nextval%%')",
            (schema,),
        ).fetchall():
            self.admin.execute(
                f"SELECT setval(pg_get_serial_sequence('{schema}.{table}', '{column}'),"
                f" COALESCE((SELECT MAX({column}) FROM {schema}.{table}), 0) + 1, false)"
            )
        return target

    def low_level_problems(self, db: str) -> list[str]:
        return []  # PostgreSQL's own WAL recovery; the Repository checks below still apply

    def close(self) -> None:
        for schema in self.schemas:
            self.admin.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        self.admin.close()


@contextmanager
def open_repo(db: str) -> Iterator[Any]:
    try:
        from observatory.store import open_store
    except ImportError:  # before the PostgreSQL backend: SQLite only
        from observatory.store.sqlite import SQLiteStore

        store: Any = SQLiteStore.open(db)
    else:
        store = open_store(db)
    try:
        yield store
    finally:
        store.close()


# ------------------------------------------------------------------------- state and checks


@dataclass(frozen=True, slots=True, kw_only=True)
class Snapshot:
    """What a store holds, in the terms the checks compare."""

    documents: int
    claims: int
    tolls: int
    events: int
    links: int
    grouping: frozenset[frozenset[str]]  # claims of each event
    claims_by_document: dict[str, frozenset[str]] = field(hash=False, compare=False)
    audit_entries: int = 0

    def counts(self) -> tuple[int, int, int, int, int]:
        return (self.documents, self.claims, self.tolls, self.events, self.links)


def snapshot(repo: Any) -> Snapshot:
    claims_by_document: dict[str, set[str]] = {}
    claims = 0
    for claim in repo.claims():
        claims_by_document.setdefault(claim.document_id, set()).add(claim.id)
        claims += 1
    tolls = 0
    for toll in repo.tolls():
        claims_by_document.setdefault(toll.document_id, set()).add(toll.id)
        tolls += 1
    events = list(repo.events())
    return Snapshot(
        documents=repo.count_documents(),
        claims=claims,
        tolls=tolls,
        events=len(events),
        links=sum(1 for _ in repo.links()),
        grouping=frozenset(frozenset(e.claim_ids) for e in events),
        claims_by_document={k: frozenset(v) for k, v in claims_by_document.items()},
        audit_entries=sum(1 for _ in repo.audit_log()),
    )


def check_store(backend: Backend, db: str, reference: Snapshot) -> list[str]:
    """What is wrong with the store after a kill ([] when nothing)."""
    from observatory.audit import verify_audit
    from observatory.ingest import content_hash

    problems = backend.low_level_problems(db)
    try:
        with open_repo(db) as repo:
            docs = {}
            for doc in repo.documents():
                docs[doc.id] = doc
                if not doc.text.strip() or content_hash(doc.text) != doc.content_hash:
                    problems.append(f"document {doc.id} is half-written")
            pending = {d.id for d in repo.documents_without_claims()}
            state = snapshot(repo)
            for doc_id, ids in state.claims_by_document.items():
                if doc_id not in docs:
                    problems.append(f"claims of a missing document {doc_id}")
                elif doc_id in pending:
                    problems.append(f"document {doc_id} has claims but is not marked extracted")
                elif ids != reference.claims_by_document.get(doc_id, frozenset()):
                    problems.append(f"document {doc_id} has a partial set of claims")
            for doc_id in set(docs) - pending - set(state.claims_by_document):
                if reference.claims_by_document.get(doc_id):
                    problems.append(f"document {doc_id} is marked extracted without its claims")
            known = {c for ids in state.claims_by_document.values() for c in ids}
            events = {e.id: e for e in repo.events()}
            links = {link.claim_id: link.event_id for link in repo.links()}
            for event in events.values():
                for claim_id in event.claim_ids:
                    if claim_id not in known:
                        problems.append(f"event {event.id} names a missing claim {claim_id}")
                    elif links.get(claim_id) != event.id:
                        problems.append(f"event {event.id} names claim {claim_id} not linked to it")
            for claim_id, event_id in links.items():
                if event_id not in events or claim_id not in events[event_id].claim_ids:
                    problems.append(f"link of claim {claim_id} to event {event_id} is dangling")
            audit = verify_audit(repo)
            problems.extend(f"audit: {p}" for p in audit.problems)
    except Exception as exc:
        problems.append(f"store does not open or read: {type(exc).__name__}: {exc}")
    return problems


# ------------------------------------------------------------------------------- commands


def observatory(db: str, *args: str) -> list[str]:
    return [sys.executable, "-c", "from observatory.cli import main; main()", "--db", db, *args]


@dataclass(slots=True)
class Plan:
    """How to get a store into a command's starting state, and the command to kill."""

    name: str
    base: str  # a store in the starting state, cloned per trial
    argv: Callable[[str], list[str]]
    rerun_ok: Callable[[subprocess.CompletedProcess[str]], bool] = lambda r: r.returncode == 0


def _run_cli(argv: list[str], *, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, capture_output=True, text=True, env=env, check=False)


def _startup_seconds(env: dict[str, str]) -> float:
    """How long the CLI takes to start and exit doing nothing (the fastest of three)."""
    times = []
    for _ in range(3):
        began = time.perf_counter()
        _run_cli(
            [sys.executable, "-c", "from observatory.cli import main; main()", "--version"], env=env
        )
        times.append(time.perf_counter() - began)
    return min(times)


def prepare(backend: Backend, corpus: Path, env: dict[str, str]) -> dict[str, Plan]:
    """The starting store of each command, made once through the CLI and library."""
    empty = backend.new_db()
    with open_repo(empty):
        pass
    extracted = backend.new_db()
    result = _run_cli(observatory(extracted, "ingest", "--input", str(corpus)), env=env)
    if result.returncode != 0:
        raise SystemExit(f"preparing the link store failed: {result.stderr}")
    script = (
        "import sys\n"
        "from observatory.extract import Extractor\n"
        "from observatory.pipeline import extract_pending\n"
        "from observatory.settings import load_settings\n"
        "from observatory.store import open_store\n"
        "s = load_settings()\n"
        "repo = open_store(sys.argv[1])\n"
        "extract_pending(repo, Extractor.from_settings(s), settings=s)\n"
        "repo.close()\n"
    )
    result = _run_cli([sys.executable, "-c", script, extracted], env=env)
    if result.returncode != 0:
        raise SystemExit(f"preparing the link store failed: {result.stderr}")
    linked = backend.new_db()
    result = _run_cli(observatory(linked, "run", "--input", str(corpus), "--workers", "1"), env=env)
    if result.returncode != 0:
        raise SystemExit(f"preparing the review store failed: {result.stderr}")
    with open_repo(linked) as repo:
        events = [e for e in repo.events() if len(e.claim_ids) >= 1]
    events.sort(key=lambda e: (-len(e.claim_ids), e.id))
    merge_ids = [events[0].id, events[1].id]

    def merge_rerun_ok(result: subprocess.CompletedProcess[str]) -> bool:
        # the merge finished before the kill: its events are gone, which the re-run reports
        return result.returncode == 0 or "no event" in result.stderr

    return {
        "ingest": Plan(
            name="ingest",
            base=empty,
            argv=lambda db: observatory(db, "ingest", "--input", str(corpus)),
        ),
        "run": Plan(
            name="run", base=empty, argv=lambda db: observatory(db, "run", "--input", str(corpus))
        ),
        "link": Plan(name="link", base=extracted, argv=lambda db: observatory(db, "link")),
        "review": Plan(
            name="review",
            base=linked,
            argv=lambda db: observatory(
                db, "review", "merge", *merge_ids, "--reason", REVIEW_REASON, "--who", "crash"
            ),
            rerun_ok=merge_rerun_ok,
        ),
    }


@dataclass(slots=True)
class Tally:
    command: str
    backend: str
    kills: int = 0  # killed while running
    finished_first: int = 0  # ended before the kill arrived
    store_changed: int = 0  # kills after which the store differed from its starting state
    survived: int = 0  # every check passed
    same_grouping: int = 0
    extra_audit_entries: int = 0
    failures: list[str] = dataclasses.field(default_factory=list)

    def line(self) -> str:
        return (
            f"{self.command:7s} {self.backend:10s} kills {self.kills:4d} (mid-write changes"
            f" {self.store_changed}), survived {self.survived}/{self.kills},"
            f" same grouping {self.same_grouping}/{self.kills + self.finished_first},"
            f" finished before the kill {self.finished_first}, failures {len(self.failures)}"
        )


def trial(
    backend: Backend,
    plan: Plan,
    reference: Snapshot,
    start: Snapshot,
    *,
    delay: float,
    env: dict[str, str],
    tally: Tally,
) -> None:
    db = backend.clone(plan.base)
    process = subprocess.Popen(
        plan.argv(db),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        start_new_session=True,
    )
    time.sleep(delay)
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        tally.kills += 1
        killed = True
    else:
        tally.finished_first += 1
        killed = False
    failures = [f"after the kill: {p}" for p in check_store(backend, db, reference)]
    if killed and not failures:
        with open_repo(db) as repo:
            if (
                snapshot(repo).counts() != start.counts()
                or sum(1 for _ in repo.audit_log()) != start.audit_entries
            ):
                tally.store_changed += 1
    rerun = _run_cli(plan.argv(db), env=env)
    if not plan.rerun_ok(rerun):
        failures.append(f"re-run failed (exit {rerun.returncode}): {rerun.stderr.strip()[-300:]}")
    failures.extend(f"after the re-run: {p}" for p in check_store(backend, db, reference))
    with open_repo(db) as repo:
        final = snapshot(repo)
    if final.counts() != reference.counts():
        failures.append(
            f"counts after the re-run {final.counts()} != clean run {reference.counts()}"
        )
    if final.grouping == reference.grouping:
        tally.same_grouping += 1
    tally.extra_audit_entries += final.audit_entries - reference.audit_entries
    if failures:
        tally.failures.append(f"delay {delay:.3f}s: " + "; ".join(failures[:5]))
    elif killed:
        tally.survived += 1


def crash_test(
    *,
    backend: Backend,
    commands: tuple[str, ...],
    kills: int,
    copies: int,
    seed: int,
    log: Callable[[str], None] = print,
    gazetteer: str | None = None,
) -> list[Tally]:
    """Kill each command ``kills`` times; returns the tallies.

    ``gazetteer``: the gazetteer index every process uses (default: one of its own, built
    on first use in the work folder, so other programs rebuilding theirs do not interfere).
    """
    rng = random.Random(seed)
    env = dict(os.environ)
    # every process runs one snapshot of the code, even if the working tree changes meanwhile
    code = backend.folder / "code"
    shutil.copytree(
        ROOT / "src" / "observatory",
        code / "observatory",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    env["PYTHONPATH"] = os.pathsep.join([str(code), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env["OBSERVATORY_GAZETTEER_PATH"] = gazetteer or str(backend.folder / "gazetteer.sqlite")
    corpus = make_corpus(backend.folder, copies=copies)
    plans = prepare(backend, corpus, env)
    startup = _startup_seconds(env)
    tallies = []
    for name in commands:
        plan = plans[name]
        with open_repo(plan.base) as repo:
            start = snapshot(repo)
        clean_db = backend.clone(plan.base)
        began = time.perf_counter()
        result = _run_cli(plan.argv(clean_db), env=env)
        duration = time.perf_counter() - began
        if result.returncode != 0:
            raise SystemExit(f"the clean {name} failed: {result.stderr}")
        with open_repo(clean_db) as repo:
            reference = snapshot(repo)
        log(
            f"{name}: clean run {duration:.2f} s (start-up {startup:.2f} s),"
            f" counts {reference.counts()}"
        )
        tally = Tally(command=name, backend=backend.name)
        attempts = 0
        upper = duration
        while tally.kills < kills and attempts < kills * 3:
            attempts += 1
            # kills during the interpreter's start-up touch nothing: aim past it
            delay = rng.uniform(min(startup, upper) / 2, upper)
            failed = len(tally.failures)
            finished_first = tally.finished_first
            trial(backend, plan, reference, start, delay=delay, env=env, tally=tally)
            if tally.finished_first > finished_first:  # it runs faster than that now
                upper = max(0.05, delay * 0.9)
            outcome = "FAIL " + tally.failures[-1] if len(tally.failures) > failed else "ok"
            log(f"  {name} #{attempts} delay {delay:.2f}s: {outcome} [{tally.line()}]")
        tallies.append(tally)
        log(tally.line())
        for failure in tally.failures[:10]:
            log(f"  FAIL {failure}")
    return tallies


def _print(line: str) -> None:
    print(line, flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kills", type=int, default=100, help="kills per command")
    parser.add_argument("--commands", default=",".join(COMMANDS))
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--copies", type=int, default=20, help="reposts of each example")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument(
        "--gazetteer", help="gazetteer index to use (default: one built in the work folder)"
    )
    args = parser.parse_args()
    commands = tuple(c for c in args.commands.split(",") if c)
    with tempfile.TemporaryDirectory(prefix="observatory-crash-") as tmp:
        folder = Path(tmp)
        if args.backend == "postgresql":
            url = os.environ.get(PG_URL_VARIABLE)
            if not url:
                sys.exit(f"skipped: set {PG_URL_VARIABLE} (scripts/pg-test-cluster start)")
            backend: Backend = PostgresBackend(folder, url)
        else:
            backend = Backend(folder)
        try:
            tallies = crash_test(
                backend=backend,
                commands=commands,
                kills=args.kills,
                copies=args.copies,
                seed=args.seed,
                log=_print,
                gazetteer=args.gazetteer,
            )
        finally:
            backend.close()
    print("summary:")
    for tally in tallies:
        print("  " + tally.line())
    return 1 if any(t.failures for t in tallies) else 0


if __name__ == "__main__":
    sys.exit(main())
