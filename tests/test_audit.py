"""The tamper-evident audit log: edits, deletions and insertions made behind Observatory's
back are found by ``observatory audit verify``."""

from __future__ import annotations

import datetime as dt
import itertools
import sqlite3
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from observatory.audit import GENESIS, AuditVerification, entry_hash, verify_audit
from observatory.cli import cli
from observatory.records import AuditEntry
from observatory.store import open_store
from observatory.store.sqlite import SQLiteStore
from store_backends import Backend

AT = dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.UTC)
TRIGGERS = (
    "audit_no_update",
    "audit_no_delete",
    "audit_chain_no_update",
    "audit_chain_no_delete",
    "audit_head_no_delete",
)


def _entry(n: int, *, reason: str = "") -> AuditEntry:
    return AuditEntry(
        id=None,
        at=AT + dt.timedelta(minutes=n),
        who=f"analyst{n % 3}",
        action=("merge", "split", "status")[n % 3],
        event_ids=(f"e{n}", f"e{n + 1}"),
        claim_ids=(f"c{n}",),
        value="verified" if n % 3 == 2 else None,
        reason=reason or f"reason {n}",
    )


def _store(path: Path | str, entries: int = 5) -> Path | str:
    with open_store(path) as store:
        for n in range(entries):
            store.add_audit(_entry(n))
    return path


def _tamper(path: Path | str, *statements: str, backend: Backend | None = None) -> None:
    """Raw SQL on the store, as someone with write access would run it (triggers off)."""
    if backend is not None and backend.name == "postgresql":
        conn = backend.connect_to(str(path))
        conn.execute("SET session_replication_role = replica")  # no triggers fire
    else:
        conn = sqlite3.connect(path, isolation_level=None)
        for trigger in TRIGGERS:
            conn.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    for statement in statements:
        conn.execute(statement)
    conn.close()


def _verify(path: Path | str, expect: str | None = None) -> AuditVerification:
    with open_store(path) as store:
        return verify_audit(store, expect=expect)


def test_an_untouched_log_verifies(backend: Backend) -> None:
    db = _store(backend.db())
    result = _verify(db)
    assert result.ok and result.entries == 5 and result.unsealed == 0
    with open_store(db) as store:
        links = list(store.audit_chain())
        head = store.audit_head()
    assert links[0].prev_hash == GENESIS
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(links))
    assert head is not None and head.hash == links[-1].hash == result.head
    assert head.last_id == 5 and head.entries == 5


@pytest.mark.parametrize(
    ("statements", "expected"),
    [
        (["UPDATE audit SET reason = 'nothing to see' WHERE id = 3"], ["entry 3: was altered"]),
        (["UPDATE audit SET who = 'someone else' WHERE id = 1"], ["entry 1: was altered"]),
        (["UPDATE audit SET value = 'rejected' WHERE id = 3"], ["entry 3: was altered"]),
        (
            ["UPDATE audit SET at = '2020-01-01T00:00:00+00:00' WHERE id = 5"],
            ["entry 5: was altered"],
        ),
        (["DELETE FROM audit WHERE id = 2"], ["entry 2: was deleted"]),
        (
            ["DELETE FROM audit WHERE id = 2", "DELETE FROM audit_chain WHERE audit_id = 2"],
            ["entry 3: does not follow the entry before it"],
        ),
        (
            ["DELETE FROM audit WHERE id = 5", "DELETE FROM audit_chain WHERE audit_id = 5"],
            ["the log ends at entry 4 (4 entries), but its head records entry 5"],
        ),
        (
            [
                "INSERT INTO audit (at, who, action, event_ids, claim_ids, value, reason)"
                " VALUES ('2026-03-01T10:00:00+00:00', 'x', 'status', '[]', '[]', 'verified', 'y')"
            ],
            ["entry 6: is not in the chain"],
        ),
        (
            ["DELETE FROM audit_chain WHERE audit_id = 4"],
            ["entry 4: is not in the chain", "entry 5: does not follow"],
        ),
        (["DELETE FROM audit_head"], ["the chain's head record is missing"]),
    ],
)
def test_tampering_is_found(backend: Backend, statements: list[str], expected: list[str]) -> None:
    db = _store(backend.db())
    _tamper(db, *statements, backend=backend)
    result = _verify(db)
    assert not result.ok
    found = [str(p) for p in result.problems]
    assert len(found) == len(expected), found
    for want, got in zip(expected, found, strict=True):
        assert got.startswith(want), found


def test_a_rewritten_chain_is_found_with_the_recorded_head(tmp_path: Path) -> None:
    db = _store(tmp_path / "s.db")
    recorded = _verify(db).head
    # someone edits entry 2 and recomputes every hash after it, head included
    conn = sqlite3.connect(db, isolation_level=None)
    for trigger in TRIGGERS:
        conn.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    conn.execute("UPDATE audit SET reason = 'rewritten' WHERE id = 2")
    conn.execute("DELETE FROM audit_chain")
    conn.close()
    with SQLiteStore.open(db) as store:
        entries = list(store.audit_log())
    prev = GENESIS
    conn = sqlite3.connect(db, isolation_level=None)
    for entry in entries:
        digest = entry_hash(entry, prev)
        conn.execute("INSERT INTO audit_chain VALUES (?, ?, ?)", (entry.id, prev, digest))
        prev = digest
    conn.execute("UPDATE audit_head SET hash = ?", (prev,))
    conn.close()
    assert _verify(db).ok  # consistent in itself...
    result = _verify(db, expect=recorded[:16])  # ...but not with the head kept elsewhere
    assert [str(p) for p in result.problems] == [
        f"the head hash recorded earlier ({recorded[:16]}) is not in the chain: the log was"
        " rewritten or cut since then"
    ]
    # an honest log still contains every head it ever had
    db2 = _store(tmp_path / "t.db", entries=3)
    earlier = _verify(db2).head
    with SQLiteStore.open(db2) as store:
        store.add_audit(_entry(9))
    assert _verify(db2, expect=earlier).ok


def test_entries_from_before_the_chain_are_sealed_with_the_next(tmp_path: Path) -> None:
    db = _store(tmp_path / "s.db", entries=3)
    _tamper(db, "DELETE FROM audit_chain", "DELETE FROM audit_head")  # as a version-4 store
    result = _verify(db)
    assert result.ok and result.unsealed == 3 and result.entries == 0
    with SQLiteStore.open(db) as store:
        store.add_audit(_entry(7))
    result = _verify(db)
    assert result.ok and result.unsealed == 0 and result.entries == 4


def test_chain_tables_refuse_changes(tmp_path: Path) -> None:
    db = _store(tmp_path / "s.db", entries=2)
    conn = sqlite3.connect(db)
    for statement in (
        "UPDATE audit_chain SET hash = 'x'",
        "DELETE FROM audit_chain",
        "DELETE FROM audit_head",
    ):
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(statement)
    conn.close()


def test_cli_verify(tmp_path: Path) -> None:
    db = _store(tmp_path / "s.db")
    runner = CliRunner()
    ok = runner.invoke(cli, ["--db", str(db), "audit", "verify"])
    assert ok.exit_code == 0, ok.output
    assert "audit log intact: 5 entries chained; head " in ok.stdout
    head = ok.stdout.split("head ")[-1].strip()
    _tamper(db, "UPDATE audit SET reason = 'edited' WHERE id = 4")
    bad = runner.invoke(cli, ["--db", str(db), "audit", "verify", "--expect", head])
    assert bad.exit_code == 1
    assert "TAMPERED (1 problems)" in bad.stdout
    assert "error: entry 4: was altered after it was written" in bad.stderr
    usage = runner.invoke(cli, ["--db", str(db), "audit", "verify", "--expect", "abc"])
    assert usage.exit_code == 2 and "at least 12 hex digits" in usage.output


FIELDS = ("at", "who", "action", "event_ids", "claim_ids", "value", "reason")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    count=st.integers(min_value=1, max_value=8),
    data=st.data(),
)
def test_any_single_edit_or_deletion_is_found(count: int, data: st.DataObject) -> None:
    victim = data.draw(st.integers(min_value=1, max_value=count), label="entry")
    kind = data.draw(st.sampled_from(["edit", "delete", "delete-with-link"]), label="kind")
    field = data.draw(st.sampled_from(FIELDS), label="field")
    changed = {  # SQL for a value that surely differs from the stored one
        "at": "'2001-01-01T00:00:00+00:00'",
        "who": "who || 'x'",
        "action": "action || 'x'",
        "event_ids": "'[\"forged\"]'",
        "claim_ids": "'[\"forged\"]'",
        "value": "CASE WHEN value IS NULL THEN 'rejected' ELSE NULL END",
        "reason": "reason || ' (edited)'",
    }
    with tempfile.TemporaryDirectory() as folder:
        db = _store(Path(folder) / "s.db", entries=count)
        if kind == "edit":
            _tamper(db, f"UPDATE audit SET {field} = {changed[field]} WHERE id = {victim}")
        else:
            statements = [f"DELETE FROM audit WHERE id = {victim}"]
            if kind == "delete-with-link":
                statements.append(f"DELETE FROM audit_chain WHERE audit_id = {victim}")
            _tamper(db, *statements)
        assert not _verify(db).ok
