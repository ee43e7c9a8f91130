"""``--db`` after the subcommand, for every command (issue 9, part 7)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

from observatory.cli import COMMANDS, cli


def _leaves() -> list[tuple[str, ...]]:
    ctx = click.Context(cli)
    out: list[tuple[str, ...]] = []
    for name in sorted(COMMANDS):
        command = cli.get_command(ctx, name)
        assert command is not None, name
        out.append((name,))
        if isinstance(command, click.Group):
            out.extend((name, sub) for sub in sorted(command.commands))
    return out


@pytest.mark.parametrize("words", _leaves(), ids=" ".join)
def test_every_command_takes_db_after_its_name(words: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*words, "--help"])
    assert result.exit_code == 0, result.output
    assert "--db PATH" in result.output


def test_db_after_the_subcommand_wins(tmp_path: Path) -> None:
    runner = CliRunner()
    first, second = str(tmp_path / "a.db"), str(tmp_path / "b.db")
    assert runner.invoke(cli, ["--db", first, "token", "create", "x"]).exit_code == 0
    listed = runner.invoke(cli, ["--db", second, "token", "list", "--db", first])
    assert listed.exit_code == 0 and listed.stdout.startswith("x\tviewer")
    assert runner.invoke(cli, ["token", "list", "--db", second]).stdout == ""
    events = runner.invoke(cli, ["events", "--db", first, "--format", "csv"])
    assert events.exit_code == 0 and events.stdout.startswith("event_id,")


@pytest.mark.parametrize(
    ("given", "cores", "expected"),
    [((), 2, 2), ((), 4, 4), ((), None, 1), (("--workers", "1"), 2, 1)],
)
@pytest.mark.parametrize("reuse_port", [True, False])
def test_serve_runs_one_worker_per_core_unless_told(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    given: tuple[str, ...],
    cores: int | None,
    expected: int,
    reuse_port: bool,
) -> None:
    import os

    import uvicorn

    from observatory.api import workers

    runs: list[tuple[object, dict[str, object]]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: runs.append((app, kw)))

    def run_workers(holder: Any, n: int) -> None:
        runs.append((holder.getsockname()[1], {"workers": n}))
        holder.close()

    monkeypatch.setattr(workers, "run_workers", run_workers)
    monkeypatch.setattr(workers, "reuse_port_supported", lambda: reuse_port)
    monkeypatch.setattr(os, "cpu_count", lambda: cores)
    monkeypatch.setenv("OBSERVATORY_SERVE", "")  # the command sets it: undone after
    result = CliRunner().invoke(
        cli, ["serve", "--db", str(tmp_path / "s.db"), "--port", "0", *given]
    )
    assert result.exit_code == 0, result.output
    assert f"{expected} worker" in result.output
    ((app, options),) = runs
    if expected == 1:
        assert not isinstance(app, str) and "workers" not in options
    elif reuse_port:  # the workers' own sockets on the port the holder keeps
        assert options["workers"] == expected
        assert f":{app}/" in result.output
    else:
        assert app == "observatory.api.app:app_from_environment" and options["workers"] == expected
