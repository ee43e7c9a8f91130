"""A Dask cluster of local processes on loopback: a ``dask scheduler`` and ``dask worker``
processes bound to 127.0.0.1, started and stopped around a block of work.

For trying the Dask engine on one machine (tests, benchmarks): a real cluster of separate
processes, with nothing listening beyond loopback.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from observatory.engines.dask import dask_client
from observatory.errors import EngineError

__all__ = ["loopback_cluster"]


@contextlib.contextmanager
def loopback_cluster(
    folder: Path,
    *,
    workers: int = 2,
    worker_args: Sequence[str] = (),
    env: Mapping[str, str] | None = None,
    timeout: float = 60,
) -> Iterator[str]:
    """Starts a scheduler and ``workers`` one-thread workers on 127.0.0.1; yields the
    scheduler's address once every worker has joined; stops them all on leaving.

    Their logs go to ``folder/scheduler.log`` and ``folder/w<N>.log``."""
    program = shutil.which("dask")
    if program is None:
        raise EngineError("a loopback cluster needs the 'dask' command on the PATH")
    address_file = folder / "scheduler.json"
    processes: list[subprocess.Popen[bytes]] = []

    def start(name: str, args: list[str]) -> None:
        with (folder / f"{name}.log").open("wb") as log:
            processes.append(
                subprocess.Popen(  # noqa: S603 (our own arguments, loopback only)
                    [program, *args, "--host", "127.0.0.1", "--no-dashboard"],
                    stdout=subprocess.DEVNULL,
                    stderr=log,
                    env=None if env is None else dict(env),
                )
            )

    try:
        start("scheduler", ["scheduler", "--port", "0", "--scheduler-file", str(address_file)])
        deadline = time.monotonic() + timeout
        address = ""
        while not address and time.monotonic() < deadline:
            # the scheduler creates the file, then writes it: wait for whole JSON
            try:
                address = json.loads(address_file.read_text(encoding="utf-8"))["address"]
            except (OSError, ValueError, KeyError):
                time.sleep(0.2)
        if not address:
            raise EngineError(f"the dask scheduler wrote no address within {timeout:.0f} s")
        for n in range(workers):
            start(
                f"w{n}",
                ["worker", address, "--nthreads", "1", "--name", f"w{n}", *worker_args],
            )
        with dask_client(scheduler=address) as client:
            client.wait_for_workers(workers, timeout=timeout)
        yield address
    finally:
        for process in reversed(processes):
            process.send_signal(signal.SIGTERM)
        for process in reversed(processes):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
