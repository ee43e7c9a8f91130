"""``observatory evaluate``: score extraction against hand-coded gold files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.table import Table

from observatory.cli.common import AppContext, progress
from observatory.errors import EvaluationError
from observatory.evaluate import GoldDocument, Score, load_gold, score_document, summarise
from observatory.extract import Extractor
from observatory.ingest import make_document
from observatory.records import Document, PublishedBasis

if TYPE_CHECKING:
    from observatory.evaluate_acled import AcledScore, NoteResult

__all__ = ["command", "print_acled"]


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
@click.option(
    "--gold",
    "gold_dir",
    default=None,
    type=click.Path(exists=True, file_okay=False),
    help="Folder of *.gold.json codings (with --docs).",
)
@click.option(
    "--docs",
    "docs_path",
    default=None,
    type=click.Path(exists=True),
    help="Folder of the documents (named as the gold's `doc`), or a JSONL corpus.",
)
@click.option(
    "--acled",
    "acled_path",
    default=None,
    metavar="FILE",
    type=click.Path(exists=True, dir_okay=False),
    help="An ACLED export (CSV): each note is coded as one report and scored against ACLED.",
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=None,
    help="With --acled: score only the first N notes.",
)
@click.option(
    "--country",
    default=None,
    metavar="NAME",
    help="With --acled: only the notes of this country (name as in the export, or ISO3 code).",
)
@click.option(
    "--part",
    type=click.Choice(["all", "train", "test"]),
    default="all",
    show_default=True,
    help="With --acled: all notes, or one side of the fixed 80/20 split by event id"
    " (train a model on 'train' with `observatory train`, measure on 'test').",
)
@click.option(
    "--note-country",
    is_flag=True,
    help="With --acled: code each note with its own country as the default country.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="Tables, or the figures as JSON.",
)
@click.option("--json", "as_json", is_flag=True, help="Same as --format json.")
@click.option("--verbose", "-v", is_flag=True, help="List missed, spurious and wrong events.")
@click.pass_context
def command(
    ctx: click.Context,
    *,
    gold_dir: str | None,
    docs_path: str | None,
    acled_path: str | None,
    limit: int | None,
    country: str | None,
    part: str,
    note_country: bool,
    output_format: str,
    as_json: bool,
    verbose: bool,
) -> None:
    """Score extraction against hand-coded gold files (--gold, --docs) or an ACLED export
    (--acled), by the rules of shared/gold/README.md."""
    app: AppContext = ctx.obj
    as_json = as_json or output_format == "json"
    if acled_path is not None:
        if gold_dir is not None or docs_path is not None:
            raise click.UsageError("give either --acled or --gold with --docs, not both")
        _evaluate_acled(
            app,
            Path(acled_path),
            limit=limit,
            country=country,
            part=part,
            note_country=note_country,
            as_json=as_json,
            verbose=verbose,
        )
        return
    if gold_dir is None or docs_path is None:
        raise click.UsageError("give --gold and --docs, or --acled FILE")
    if limit is not None or country is not None or note_country or part != "all":
        raise click.UsageError("--limit, --country, --part and --note-country go with --acled")
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


def _evaluate_acled(
    app: AppContext,
    path: Path,
    *,
    limit: int | None,
    country: str | None,
    part: str,
    note_country: bool,
    as_json: bool,
    verbose: bool,
) -> None:
    from observatory.evaluate_acled import (
        AcledNote,
        CountryExtractors,
        by_country,
        evaluate_acled,
        load_acled,
    )

    notes = load_acled(path, country=country, limit=limit, part=part)
    if note_country:
        extractors = CountryExtractors(app.settings)
        try:
            score = evaluate_acled(
                progress(by_country(notes), description="notes", total=len(notes)),
                extractor=extractors,
            )
        finally:
            extractors.close()
    else:
        score = evaluate_acled(
            progress(notes, description="notes", total=len(notes)),
            extractor=Extractor.from_settings(app.settings),
        )
    if as_json:
        click.echo(json.dumps(score.as_json(per_note=verbose), indent=2))
        return
    print_acled(app, score)
    if verbose:
        by_id: dict[str, AcledNote] = {n.event_id: n for n in notes}
        for r in score.results:
            problems = _acled_problems(r)
            if problems:
                where = by_id[r.event_id].location
                app.console.print(f"{r.event_id} ({where}): {'; '.join(problems)}")


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


def print_acled(app: AppContext, score: AcledScore) -> None:
    """The figures of an ACLED evaluation, and the per-sub-type table with its confusions."""
    with_claim = f"{score.with_claim}/{score.notes}"
    figures = Table("figure", "value", "counted on")
    rows = [
        ("notes with a claim", score.claim_share, f"{with_claim} notes (target >= 0.97)"),
        ("core recall (typed match)", score.core_recall, f"{score.notes} notes"),
        ("precision", score.precision, f"{score.claims} claims"),
        ("event-type accuracy", score.type_accuracy, "first claim of each note"),
        ("sub-type accuracy", score.sub_type_accuracy, "first claim of each note"),
        ("sub-type weighted F1", score.sub_type_weighted_f1, "target >= 0.75"),
        ("date accuracy", score.date_accuracy, "typed matches dated to the day"),
        ("fatality accuracy", score.fatality_accuracy, "typed matches"),
        ("geo within radius", score.geo_within_radius, f"{score.with_claim} notes with a claim"),
        (
            "geo within radius, known places",
            score.geo_within_radius_known,
            f"{score.known_places} notes whose place the gazetteer knows",
        ),
        ("actor recall", score.actor_recall, f"{score.actors_scorable} ACLED actors known"),
    ]
    for name, value, basis in rows:
        figures.add_row(name, _fmt(value), basis)
    app.console.print(figures)
    subs = Table("sub-type (ACLED)", "notes", "predicted", "precision", "recall", "F1", "coded as")
    for s in score.sub_types:
        confused = ", ".join(f"{label} {n}" for label, n in s.confused_with[:3])
        subs.add_row(
            s.sub_type,
            str(s.support),
            str(s.predicted),
            _fmt(s.precision),
            _fmt(s.recall),
            _fmt(s.f1),
            confused,
        )
    app.console.print(subs)


def _acled_problems(r: NoteResult) -> list[str]:
    if not r.has_claim:
        return [f"no claim ({r.gold_type}/{r.gold_sub_type})"]
    out = []
    if not r.sub_type_ok:
        out.append(f"coded {r.predicted_sub_type}, ACLED {r.gold_sub_type}")
    if r.claims > 1:
        out.append(f"{r.claims} claims")
    if r.geo_ok is False:
        km = "no point" if r.geo_km is None else f"{r.geo_km:.0f} km off"
        out.append(f"place {r.place_name} ({km})")
    if r.fatalities_ok is False:
        out.append(f"deaths {r.predicted_fatalities}, ACLED {r.gold_fatalities}")
    if r.date_ok is False:
        out.append("date outside ACLED's window")
    return out
