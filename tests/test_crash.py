"""Crash safety: commands killed with SIGKILL leave a sound store that a re-run completes.

The full run (100 kills per command, SQLite and PostgreSQL) is benchmarks/crash_kill.py;
this runs a few kills per command on SQLite with the same checks.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

from observatory.extract import Extractor
from observatory.ingest import read_inputs
from observatory.pipeline import extract_pending, ingest, run
from observatory.records import Document
from observatory.settings import Settings
from observatory.store.sqlite import SQLiteStore

ROOT = Path(__file__).resolve().parents[1]
KILLS = int(os.environ.get("OBSERVATORY_CRASH_KILLS", "1"))

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


def _harness() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "crash_kill", ROOT / "benchmarks" / "crash_kill.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["crash_kill"] = module
    spec.loader.exec_module(module)
    return module


def test_killed_commands_leave_a_sound_store_and_rerun_to_the_clean_counts(
    tmp_path: Path, settings: Settings
) -> None:
    crash = _harness()
    lines: list[str] = []
    tallies = crash.crash_test(
        backend=crash.Backend(tmp_path),
        commands=("ingest", "run", "link", "review"),
        kills=KILLS,
        copies=1,
        seed=7,
        log=lines.append,
        gazetteer=settings.gazetteer_path,
    )
    assert [t.command for t in tallies] == ["ingest", "run", "link", "review"]
    for tally in tallies:
        assert tally.failures == [], "\n".join(lines)
        assert tally.kills == KILLS and tally.survived == KILLS


def test_check_store_finds_half_written_records(tmp_path: Path, settings: Settings) -> None:
    """The checks can fail: a claim without its siblings and a dangling link are found."""
    import sqlite3

    crash = _harness()
    docs = [
        d for d in read_inputs([ROOT / "examples"], settings=settings) if isinstance(d, Document)
    ]
    db = tmp_path / "s.db"
    with SQLiteStore.open(db) as store:
        run(store, docs[:5], settings=settings)
        reference = crash.snapshot(store)
    backend = crash.Backend(tmp_path)
    assert crash.check_store(backend, str(db), reference) == []
    conn = sqlite3.connect(db, isolation_level=None)
    victim = conn.execute(
        "SELECT document_id FROM claims GROUP BY document_id HAVING COUNT(*) > 1"
    ).fetchone()[0]
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(
        "DELETE FROM claims WHERE id = (SELECT id FROM claims WHERE document_id = ? LIMIT 1)",
        (victim,),
    )
    conn.close()
    problems = crash.check_store(backend, str(db), reference)
    assert f"document {victim} has a partial set of claims" in problems
    assert any("names a missing claim" in p for p in problems)


def test_run_after_a_kill_between_extraction_and_linking_links_everything(
    tmp_path: Path, settings: Settings
) -> None:
    docs = [
        d for d in read_inputs([ROOT / "examples"], settings=settings) if isinstance(d, Document)
    ]
    docs = docs[:4]
    with SQLiteStore.open(tmp_path / "clean.db") as clean:
        run(clean, docs, settings=settings)
        expected = sum(1 for _ in clean.events())
    with SQLiteStore.open(tmp_path / "killed.db") as killed:
        # the state a kill after extraction and before linking leaves
        ingest(killed, docs)
        extract_pending(killed, Extractor.from_settings(settings), settings=settings)
        run(killed, docs, settings=settings)  # the user runs the same command again
        assert sum(1 for _ in killed.events()) == expected
