"""``observatory ingest``: store documents, nothing else."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import click

from observatory.cli.common import AppContext, ProblemLog, progress
from observatory.cli.options import InputOptions, input_options, read_documents
from observatory.errors import InputError
from observatory.records import Document

__all__ = ["command"]

BATCH = 500


def _batches(
    items: Iterable[Document | InputError], problems: ProblemLog
) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for item in items:
        if isinstance(item, InputError):
            problems.add(str(item))
            continue
        batch.append(item)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


@click.command("ingest")
@input_options
@click.pass_context
def command(ctx: click.Context, *, inputs: InputOptions) -> None:
    """Store documents from PATHS (files or folders) and --input corpora; extract nothing.

    A document already stored (same id or same text) is counted, not stored again. Inputs
    that cannot be read are named on stderr, and the exit code is then 1.
    """
    app: AppContext = ctx.obj
    store = app.store()
    problems = ProblemLog()
    stored = present = 0
    documents = progress(read_documents(app, inputs), description="Ingesting")
    for batch in _batches(documents, problems):
        result = store.add_documents(batch)
        stored += len(result.added)
        present += len(result.duplicates)
    failed = len(problems.problems)
    click.echo(
        f"stored {stored} document{'s' if stored != 1 else ''}, {present} already present,"
        f" {failed} failed"
    )
    ctx.exit(problems.exit_code)
