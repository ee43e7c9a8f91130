"""``--db`` after the subcommand, for every command (issue 9, part 7)."""

from __future__ import annotations

from pathlib import Path

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
