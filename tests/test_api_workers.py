"""``observatory serve --workers 2``: worker processes on one port, each with its own
socket (SO_REUSEPORT, Linux), restarted when one dies, all stopped by SIGINT."""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from observatory.api.workers import reuse_port_supported
from observatory.auth import Role, create_token
from observatory.store.sqlite import SQLiteStore

pytestmark = pytest.mark.skipif(not reuse_port_supported(), reason="needs SO_REUSEPORT (Linux)")


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found.update(int(c) for c in (task / "children").read_text().split())
    return found


def _workers(pid: int) -> set[int]:
    # the supervisor's children that run a worker (multiprocessing adds a resource tracker)
    return {c for c in _children(pid) if b"spawn_main" in Path(f"/proc/{c}/cmdline").read_bytes()}


def _get(port: int, path: str, token: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers={"Authorization": f"Bearer {token}"})
        return conn.getresponse().status
    finally:
        conn.close()


def _wait(check: object, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():  # type: ignore[operator]
            return
        time.sleep(0.1)
    raise AssertionError("timed out")


def _serve(db: Path) -> subprocess.Popen[str]:
    """``observatory serve`` with two workers on a free port (it prints the port on stderr)."""
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from observatory.cli import main; main()",
            "--db",
            str(db),
            "serve",
            "--port",
            "0",
            "--workers",
            "2",
        ],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )


def test_workers_share_the_port_are_restarted_and_stop_on_sigint(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    with SQLiteStore.open(db) as store:
        token = create_token(store, "w", role=Role.VIEWER).secret
    proc = _serve(db)
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        found = re.search(r"http://127\.0\.0\.1:(\d+)/ .*2 workers", line)
        assert found, line
        port = int(found.group(1))
        _wait(lambda: len(_workers(proc.pid)) == 2)

        def answers() -> bool:
            try:
                return _get(port, "/api/whoami", token) == 200
            except OSError:
                return False

        _wait(answers)
        # many new connections, each answered (by either worker)
        assert {_get(port, "/api/events?limit=1", token) for _ in range(20)} == {200}
        first = _workers(proc.pid)
        victim = min(first)
        os.kill(victim, signal.SIGKILL)
        _wait(lambda: len(_workers(proc.pid)) == 2 and victim not in _workers(proc.pid))
        _wait(answers)
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


@pytest.mark.parametrize("how", ["sighup", "sigkill"])
def test_no_worker_outlives_its_supervisor(tmp_path: Path, how: str) -> None:
    db = tmp_path / "w.db"
    SQLiteStore.open(db).close()
    proc = _serve(db)
    try:
        assert proc.stderr is not None
        proc.stderr.readline()
        _wait(lambda: len(_workers(proc.pid)) == 2)
        workers = _workers(proc.pid)
        proc.send_signal(signal.SIGHUP if how == "sighup" else signal.SIGKILL)
        proc.wait(timeout=30)

        def gone() -> bool:
            for pid in workers:
                try:
                    state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
                except FileNotFoundError:
                    continue
                if state != "Z":  # a zombie has stopped; only its parent may reap it
                    return False
            return True

        _wait(gone)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_a_port_in_use_is_refused_not_shared(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from observatory.cli import cli

    with socket.socket() as taken:
        taken.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)  # as our workers do
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        args = ["serve", "--db", str(tmp_path / "t.db"), "--port", str(port), "--workers", "2"]
        result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.output
