"""The CLI reference (docs/cli.md), generated from the commands' own help.

``python -m observatory.cli.reference > docs/cli.md`` writes it; a test checks that the
committed file matches, so the reference never drifts from the code.
"""

from __future__ import annotations

import click

__all__ = ["render"]


def _sections(command: click.Command, path: list[str]) -> list[str]:
    ctx = click.Context(
        command,
        info_name=" ".join(path),
        terminal_width=100,
        help_option_names=["-h", "--help"],  # as the real group declares them
    )
    out = [f"## `{' '.join(path)}`", "", "```", command.get_help(ctx).rstrip(), "```", ""]
    if isinstance(command, click.Group):
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None:
                out.extend(_sections(sub, [*path, name]))
    return out


def render() -> str:
    from observatory.cli import cli

    lines = ["# Command-line reference", "", "Generated from `--help`: do not edit by hand.", ""]
    lines.extend(_sections(cli, ["observatory"]))
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    click.echo(render(), nl=False)
