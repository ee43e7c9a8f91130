"""``observatory evaluate``: score extraction against hand-coded gold files."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.table import Table

from observatory.cli.common import AppContext
from observatory.errors import EvaluationError
from observatory.evaluate import GoldDocument, Score, load_gold, score_document, summarise
from observatory.extract import Extractor
from observatory.ingest import make_document
from observatory.records import Document, PublishedBasis

__all__ = ["command"]


def _documents(gold: list[GoldDocument], docs: Path) -> dict[str, Document]:
    """Finds each gold document's text: a file named by ``doc`` in a folder, or a JSONL id."""
    texts: dict[str, str] = {}
    if docs.is_dir():
        for g in gold:
            path = docs / g.doc
            if not path.is_file():
                raise EvaluationError(f"gold {g.path} names {g.doc}, which is not in {docs}")
            texts[g.doc] = path.read_text(encoding="utf-8", errors="replace")
    elif docs.is_file():
        wanted = {g.doc for g in gold}
        for n, line in enumerate(docs.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise EvaluationError(f"{docs}:{n}: not JSON ({exc.msg})") from exc
            if str(row.get("id")) in wanted:
                texts[str(row["id"])] = str(row["text"])
        missing = sorted({g.doc for g in gold} - set(texts))
        if missing:
            raise EvaluationError(f"{docs} lacks documents {', '.join(missing)}")
    else:
        raise EvaluationError(f"--docs {docs} is neither a folder nor a JSONL file")
    return {
        g.doc: make_document(
            texts[g.doc],
            id=g.doc,
            published=g.published,
            published_basis=PublishedBasis.USER if g.published else None,
            source=str(docs),
        )
        for g in gold
    }


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


@click.command("evaluate")
@click.option("--gold", "gold_dir", required=True, type=click.Path(exists=True, file_okay=False))
@click.option(
    "--docs",
    "docs_path",
    required=True,
    type=click.Path(exists=True),
    help="Folder of the documents (named as the gold's `doc`), or a JSONL corpus.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--verbose", "-v", is_flag=True, help="List missed, spurious and wrong events.")
@click.pass_context
def command(
    ctx: click.Context, *, gold_dir: str, docs_path: str, as_json: bool, verbose: bool
) -> None:
    """Run extraction on gold-coded documents and print the scores of shared/gold/README.md."""
    app: AppContext = ctx.obj
    gold = load_gold(gold_dir)
    documents = _documents(gold, Path(docs_path))
    extractor = Extractor.from_settings(app.settings)
    from observatory.actors import ActorTable

    actors = ActorTable.default(
        extra=app.settings.actor_tables, country=app.settings.default_country
    )

    def canonical(name: str) -> str:
        return actors.canonical(name) or name

    scores = []
    for g in gold:
        extraction = extractor.extract(documents[g.doc])
        scores.append(score_document(g, extraction.claims, canonical=canonical))
    score = summarise(scores)
    if as_json:
        click.echo(json.dumps(score.as_json(), indent=2))
        return
    _print(app, score, verbose=verbose)


def _print(app: AppContext, score: Score, *, verbose: bool) -> None:
    table = Table(
        "document", "core recall", "precision", "date acc", "fatality acc", "actor F1", "deaths"
    )
    for row in score.as_json()["per_document"]:
        rng = row["deaths_range"]
        deaths = f"{row['deaths']} in [{rng[0]}, {rng[1]}]" if rng else str(row["deaths"])
        mark = "" if row["deaths_ok"] is None else (" ok" if row["deaths_ok"] else " OUT")
        table.add_row(
            row["doc"],
            _fmt(row["core_recall"]),
            _fmt(row["precision"]),
            _fmt(row["date_accuracy"]),
            _fmt(row["fatality_accuracy"]),
            _fmt(row["actor_f1"]),
            deaths + mark,
        )
    table.add_row(
        "overall",
        _fmt(score.core_recall),
        _fmt(score.precision),
        _fmt(score.date_accuracy),
        _fmt(score.fatality_accuracy),
        _fmt(score.actor_f1),
        f"{score.deaths_within_range}/{score.deaths_checked} within range",
    )
    app.console.print(table)
    if verbose:
        for d in score.per_document:
            app.console.print(f"[bold]{d.doc}[/bold]")
            for label, items in (
                ("missed", d.missed),
                ("spurious", d.spurious),
                ("wrong date", d.wrong_date),
                ("wrong fatalities", d.wrong_fatalities),
            ):
                for item in items:
                    app.console.print(f"  {label}: {item}")
