"""Backups: a consistent, checked copy of a store taken while writes go on."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from observatory.backup import backup_store, integrity_problems
from observatory.cli import cli
from observatory.errors import StoreError
from observatory.ingest import make_document
from observatory.store.sqlite import SQLiteStore


def _doc(n: int) -> object:
    return make_document(f"HOMS, May {n % 28 + 1} - Report number {n}: shelling hit a market.")


class Writer(threading.Thread):
    """Adds one document per transaction until stopped; ``committed`` lists the acknowledged."""

    def __init__(self, db: Path) -> None:
        super().__init__(daemon=True)
        self.db = db
        self.committed: list[tuple[float, str]] = []
        self.stop = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        n = 0
        try:
            with SQLiteStore.open(self.db) as store:
                while not self.stop.is_set():
                    doc = _doc(n)
                    store.add_documents([doc])  # type: ignore[list-item]
                    self.committed.append((time.perf_counter(), doc.id))  # type: ignore[attr-defined]
                    n += 1
        except BaseException as exc:  # reported by the test
            self.error = exc


def _pad(db: Path, megabytes: int) -> None:
    """Make the store big enough that a backup takes a while (a table the store ignores)."""
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE padding (b BLOB)")
    conn.executemany("INSERT INTO padding VALUES (randomblob(1048576))", [()] * megabytes)
    conn.commit()
    conn.close()


def test_backup_while_writing_loses_nothing(tmp_path: Path) -> None:
    db = tmp_path / "live.db"
    SQLiteStore.open(db).close()
    _pad(db, 60)
    writer = Writer(db)
    writer.start()
    while len(writer.committed) < 50:
        time.sleep(0.005)
        assert writer.error is None
    started = time.perf_counter()
    report = backup_store(str(db), tmp_path / "copy.db")
    ended = time.perf_counter()
    time.sleep(0.05)
    writer.stop.set()
    writer.join(timeout=30)
    assert writer.error is None, writer.error
    before = [doc_id for at, doc_id in writer.committed if at < started]
    during = [doc_id for at, doc_id in writer.committed if started <= at <= ended]
    assert during, "no write happened during the backup: the test proved nothing"

    assert integrity_problems(report.path) == []
    with SQLiteStore.open(report.path) as copy:
        copied = [d.id for d in copy.documents()]
    # a snapshot: every write acknowledged before the backup began, then a prefix of the rest
    ordered = [doc_id for _, doc_id in writer.committed]
    assert copied == ordered[: len(copied)]
    assert len(before) <= len(copied) <= len(before) + len(during)
    assert report.documents == len(copied)
    # and the live store lost nothing either
    with SQLiteStore.open(db) as live:
        assert [d.id for d in live.documents()] == ordered


def test_backup_is_a_working_store(tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    with SQLiteStore.open(db) as store:
        store.add_documents([_doc(n) for n in range(20)])  # type: ignore[misc]
    target = tmp_path / "b.db"
    result = CliRunner().invoke(cli, ["--db", str(db), "backup", str(target)])
    assert result.exit_code == 0, result.output
    assert "20 documents" in result.output
    assert not list(tmp_path.glob(".b.db.partial*"))  # no leftovers
    with SQLiteStore.open(target) as copy:
        assert copy.count_documents() == 20
        assert copy.search("market")  # full-text index came along
    # the copy stands alone: no WAL needed beside it
    assert not Path(f"{target}-wal").exists() or Path(f"{target}-wal").stat().st_size == 0


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("exists", "exists; choose another path"),
        ("no-folder", "does not exist; create it"),
        ("no-store", "no store at"),
        ("itself", "is the store itself"),
    ],
)
def test_backup_refusals_are_clear(tmp_path: Path, setup: str, message: str) -> None:
    db = tmp_path / "store.db"
    if setup != "no-store":
        SQLiteStore.open(db).close()
    target = {
        "exists": tmp_path / "store.db.bak",
        "no-folder": tmp_path / "missing" / "b.db",
        "no-store": tmp_path / "b.db",
        "itself": db,
    }[setup]
    if setup == "exists":
        target.write_bytes(b"old backup")
    with pytest.raises(StoreError, match=message):
        backup_store(str(db), target, overwrite=setup == "itself")
    if setup == "exists":
        assert target.read_bytes() == b"old backup"  # untouched


def test_integrity_problems_finds_a_damaged_file(tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    with SQLiteStore.open(db) as store:
        store.add_documents([_doc(n) for n in range(200)])  # type: ignore[misc]
    copy = tmp_path / "copy.db"
    backup_store(str(db), copy)
    data = bytearray(copy.read_bytes())
    page = 4096
    for offset in range(3 * page, min(len(data), 6 * page)):
        data[offset] = 0xFF  # overwrite b-tree pages
    copy.write_bytes(bytes(data))
    assert integrity_problems(copy) != []


@pytest.mark.postgres
def test_postgres_backup_while_writing_restores_everything(tmp_path: Path) -> None:
    """pg_dump of a live PostgreSQL store, restored with pg_restore into a new database."""
    import os
    import shutil
    import subprocess
    import uuid
    from urllib.parse import quote

    url = os.environ.get("OBSERVATORY_TEST_PG_URL")
    if not url or shutil.which("pg_restore") is None:
        pytest.skip("no PostgreSQL server (OBSERVATORY_TEST_PG_URL) or no pg_restore")
    psycopg = pytest.importorskip("psycopg")
    from observatory.store import open_store

    schema = f"backup_{uuid.uuid4().hex[:12]}"
    restored_db = f"restored_{uuid.uuid4().hex[:12]}"
    admin = psycopg.connect(url, autocommit=True)
    admin.execute(f"CREATE SCHEMA {schema}")
    separator = "&" if "?" in url else "?"
    db = f"{url}{separator}options={quote(f'-c search_path={schema}', safe='')}"
    try:
        committed: list[tuple[float, str]] = []
        stop = threading.Event()

        def write() -> None:
            with open_store(db) as store:
                n = 0
                while not stop.is_set():
                    doc = _doc(n)
                    store.add_documents([doc])  # type: ignore[list-item]
                    committed.append((time.perf_counter(), doc.id))  # type: ignore[attr-defined]
                    n += 1

        writer = threading.Thread(target=write, daemon=True)
        writer.start()
        while len(committed) < 30:
            time.sleep(0.01)
        started = time.perf_counter()
        report = backup_store(db, tmp_path / "store.dump")
        time.sleep(0.05)
        stop.set()
        writer.join(timeout=30)
        assert report.backend == "postgresql" and report.bytes > 0
        before = [doc_id for at, doc_id in committed if at < started]

        admin.execute(f"CREATE DATABASE {restored_db}")
        target = url.rsplit("/", 1)[0] + f"/{restored_db}"
        result = subprocess.run(
            ["pg_restore", "--no-owner", f"--dbname={target}", report.path],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        restored = f"{target}?options={quote(f'-c search_path={schema}', safe='')}"
        with open_store(restored) as copy:
            copied = [d.id for d in copy.documents()]
        ordered = [doc_id for _, doc_id in committed]
        assert copied == ordered[: len(copied)]
        assert len(copied) >= len(before)
        with open_store(db) as live:
            assert [d.id for d in live.documents()] == ordered
    finally:
        admin.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        admin.execute(f"DROP DATABASE IF EXISTS {restored_db}")
        admin.close()
