"""Backups of a live store, taken while it is being written.

- SQLite: the online backup API copies the store page by page from one read transaction,
  so the copy is the store as it was at one instant (in WAL mode writers go on meanwhile).
  The copy is written beside the target, checked with ``PRAGMA integrity_check``, synced
  to disk, then renamed into place, so ``PATH`` is either a whole, checked backup or absent.
- PostgreSQL (a ``postgresql://`` store): ``pg_dump --format=custom``, itself a consistent
  snapshot taken in one repeatable-read transaction; restore with ``pg_restore``.

:func:`backup_store` is the library call; ``observatory backup PATH`` wraps it.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from observatory.errors import StoreError

__all__ = ["BackupReport", "backup_store", "integrity_problems"]

PG_SCHEMES = ("postgresql://", "postgres://")
PG_DUMP_TIMEOUT_SECONDS = 3600


@dataclass(frozen=True, slots=True, kw_only=True)
class BackupReport:
    """What a backup wrote: where, how many bytes, how long it took, and the store kind."""

    path: str
    bytes: int
    seconds: float
    backend: str  # "sqlite" or "postgresql"
    documents: int | None = None  # documents in the copy (SQLite)


def integrity_problems(path: str | Path) -> list[str]:
    """``PRAGMA integrity_check`` and ``foreign_key_check`` of an SQLite file; [] when sound."""
    try:
        conn = sqlite3.connect(f"file:{Path(path)}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return [f"cannot open: {exc}"]
    try:
        rows = [str(r[0]) for r in conn.execute("PRAGMA integrity_check").fetchall()]
        problems = [r for r in rows if r != "ok"]
        for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check").fetchall():
            problems.append(f"row {rowid} of {table} points to a missing {parent} row")
        return problems
    except sqlite3.DatabaseError as exc:
        return [f"not a readable SQLite database: {exc}"]
    finally:
        conn.close()


def backup_store(db: str, target: str | Path, *, overwrite: bool = False) -> BackupReport:
    """Back up the store ``db`` (a path or a ``postgresql://`` URL) to ``target``.

    Raises :class:`~observatory.errors.StoreError` when the target exists (unless
    ``overwrite``), its folder does not, or the copy fails its integrity check.
    """
    target = Path(target).expanduser()
    if target.exists() and not overwrite:
        raise StoreError(f"backup target {target} exists; choose another path or overwrite it")
    if not target.parent.is_dir():
        raise StoreError(f"backup target folder {target.parent} does not exist; create it")
    if db.startswith(PG_SCHEMES):
        return _pg_dump(db, target)
    return _sqlite_backup(db, target)


def _sqlite_backup(db: str, target: Path) -> BackupReport:
    source_path = Path(db).expanduser()
    if db == ":memory:" or not source_path.is_file():
        raise StoreError(f"no store at {db} to back up")
    if source_path.resolve() == target.resolve():
        raise StoreError("the backup target is the store itself; choose another path")
    started = time.perf_counter()
    partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
    try:
        source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True, timeout=30)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open store {db} to back it up: {exc}") from exc
    try:
        partial.unlink(missing_ok=True)
        copy = sqlite3.connect(partial)
        try:
            # pages=-1: the whole store in one step, from one read transaction (a snapshot)
            source.backup(copy, pages=-1)
            copy.execute("PRAGMA journal_mode = DELETE")
            documents = int(copy.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
        finally:
            copy.close()
        problems = integrity_problems(partial)
        if problems:
            raise StoreError(f"the backup of {db} failed its integrity check: {problems[0]}")
        with partial.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, target)
        _fsync_folder(target.parent)
    except sqlite3.Error as exc:
        raise StoreError(f"backing up store {db} failed: {exc}") from exc
    finally:
        source.close()
        partial.unlink(missing_ok=True)
    return BackupReport(
        path=str(target),
        bytes=target.stat().st_size,
        seconds=time.perf_counter() - started,
        backend="sqlite",
        documents=documents,
    )


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _pg_dump(url: str, target: Path) -> BackupReport:
    program = shutil.which("pg_dump")
    if program is None:
        raise StoreError("backing up a PostgreSQL store needs pg_dump on the PATH; install it")
    started = time.perf_counter()
    partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
    try:
        result = subprocess.run(  # noqa: S603
            [program, "--format=custom", "--no-owner", f"--file={partial}", f"--dbname={url}"],
            capture_output=True,
            text=True,
            timeout=PG_DUMP_TIMEOUT_SECONDS,
            check=False,
        )
        if result.returncode != 0:
            detail = (result.stderr.strip().splitlines() or ["no message"])[-1]
            raise StoreError(f"pg_dump failed (exit {result.returncode}): {_redact(detail)}")
        os.replace(partial, target)
    except subprocess.TimeoutExpired as exc:
        raise StoreError(f"pg_dump took over {PG_DUMP_TIMEOUT_SECONDS} s; stopped") from exc
    finally:
        partial.unlink(missing_ok=True)
    return BackupReport(
        path=str(target),
        bytes=target.stat().st_size,
        seconds=time.perf_counter() - started,
        backend="postgresql",
    )


def _redact(text: str) -> str:
    """A message without a password that a connection URL may have carried."""
    return re.sub(r"(://[^/@:\s]*:)[^/@\s]*@", r"\1***@", text)
