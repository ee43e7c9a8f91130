"""The ``observatory`` command line: a thin layer over the library.

Each command lives in its own module and wraps one library call. Exit codes: 0 success,
1 some inputs failed (each one reported), 2 usage or configuration error.
"""

from __future__ import annotations

import importlib

import click

from observatory import __version__
from observatory.cli.common import AppContext
from observatory.errors import ConfigError, ObservatoryError
from observatory.settings import load_settings

__all__ = ["cli", "main"]

# command name -> module under observatory.cli defining a click command of that name
COMMANDS = {
    "run": "run",
    "ingest": "ingest",
    "extract": "extract",
    "link": "link",
    "events": "events",
    "export": "export",
    "tally": "tally",
    "review": "review",
    "evaluate": "evaluate",
    "train": "train",
    "gazetteer": "gazetteer",
    "backup": "backup",
    "audit": "audit",
    "serve": "serve",
    "token": "token",
    "report": "report",
    "watch": "watch",
}


class LazyGroup(click.Group):
    """Imports a command's module only when that command runs (fast ``--help``)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module_name = COMMANDS.get(cmd_name)
        if module_name is None:
            return None
        module = importlib.import_module(f"observatory.cli.{module_name}")
        command = getattr(module, "command", None)
        if not isinstance(command, click.Command):
            return None
        from observatory.cli.dbopt import with_db_option

        return with_db_option(command)

    def invoke(self, ctx: click.Context) -> object:
        """Observatory errors become messages and exit codes, never tracebacks."""
        try:
            return super().invoke(ctx)
        except ConfigError as exc:
            raise UsageProblem(str(exc)) from exc
        except ObservatoryError as exc:
            raise click.ClickException(str(exc)) from exc
        finally:
            if isinstance(ctx.obj, AppContext):
                ctx.obj.close()


class UsageProblem(click.ClickException):
    exit_code = 2


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="observatory")
@click.option(
    "--db",
    envvar="OBSERVATORY_DB",
    default=None,
    metavar="PATH",
    help="SQLite file or postgresql:// URL (env OBSERVATORY_DB; default ./observatory.db).",
)
@click.option(
    "--config",
    "config_path",
    envvar="OBSERVATORY_CONFIG",
    default=None,
    type=click.Path(dir_okay=False),
    help="Settings file (TOML).",
)
@click.pass_context
def cli(ctx: click.Context, db: str | None, config_path: str | None) -> None:
    """Observatory: conflict reports in, a documented and geocoded event record out."""
    settings = load_settings(path=config_path, overrides={"db": db})
    ctx.obj = AppContext(settings=settings)


def main() -> None:
    cli(prog_name="observatory")
