"""``observatory train``: fit the optional sub-type model on the user's own ACLED export."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.table import Table

from observatory.cli.common import AppContext

__all__ = ["command"]


@click.command("train")
@click.option(
    "--acled",
    "acled_path",
    required=True,
    metavar="FILE",
    type=click.Path(exists=True, dir_okay=False),
    help="An ACLED export (CSV) with `notes` and `sub_event_type`: each note is one example.",
)
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    metavar="PATH",
    type=click.Path(dir_okay=False),
    help="Where to write the model (.npz). Point the `subtype_model` setting at it.",
)
@click.option(
    "--part",
    type=click.Choice(["all", "train"]),
    default="all",
    show_default=True,
    help="All notes, or the 'train' side of the fixed 80/20 split by event id (then measure"
    " with `evaluate --acled FILE --part test`).",
)
@click.option("--country", default=None, metavar="NAME", help="Only the notes of this country.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="At most N notes.")
@click.option(
    "--scope",
    type=click.Choice(["any", "type"]),
    default="any",
    show_default=True,
    help="'any': the model may change the event type with the sub-type; 'type': only the"
    " sub-type within the rules' event type.",
)
@click.option(
    "--regularisation",
    type=click.FloatRange(min=0.0, min_open=True),
    default=30.0,
    show_default=True,
    help="Logistic regression's C: larger fits the notes more closely.",
)
@click.option(
    "--no-threshold",
    is_flag=True,
    help="Skip coding the validation notes: the model's choice always replaces the rules'.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the training report as JSON.")
@click.pass_context
def command(
    ctx: click.Context,
    *,
    acled_path: str,
    output: str,
    part: str,
    country: str | None,
    limit: int | None,
    scope: str,
    regularisation: float,
    no_threshold: bool,
    as_json: bool,
) -> None:
    """Fit the sub-type model (TF-IDF + logistic regression) on an ACLED export.

    The model overrules the rules' ACLED sub-type when it is sure enough; how sure is chosen
    on 15% of the notes, coded by the extractor. It helps on text like the notes it learnt
    from, and harms on other text such as news articles (docs/acled.md). Needs scikit-learn
    (pip install 'observatory[train]'); the written model needs numpy only.
    """
    from observatory.classify import train_subtype_model
    from observatory.evaluate_acled import load_acled
    from observatory.extract import Extractor

    app: AppContext = ctx.obj
    notes = load_acled(acled_path, country=country, limit=limit, part=part)
    extractor = None if no_threshold else Extractor.from_settings(app.settings)
    model, report = train_subtype_model(
        notes,
        extractor=extractor,
        scope=scope,
        regularisation=regularisation,
        source=acled_path,
    )
    model.save(output)
    if as_json:
        data = {
            "model": str(Path(output)),
            "notes": report.notes,
            "classes": report.classes,
            "terms": report.terms,
            "threshold": report.threshold,
            "scope": scope,
            "validation_notes": report.validation_notes,
            "validation_f1_rules": report.validation_f1_rules,
            "validation_f1_model": report.validation_f1_model,
            "seconds": round(report.seconds, 2),
            "labels": dict(report.labels),
        }
        click.echo(json.dumps(data, indent=2))
        return
    table = Table("sub-type", "notes")
    for label, n in report.labels:
        table.add_row(label, str(n))
    app.console.print(table)

    def f(value: float | None) -> str:
        return "-" if value is None else f"{value:.3f}"

    validation = (
        f"; on {report.validation_notes} validation notes, sub-type F1 {f(report.validation_f1_rules)}"
        f" by the rules, {f(report.validation_f1_model)} re-ranked"
        if report.validation_notes
        else ""
    )
    app.console.print(
        f"trained on {report.notes} notes ({report.classes} sub-types, {report.terms} terms)"
        f" in {report.seconds:.1f} s; threshold {report.threshold}{validation}"
    )
    app.console.print(
        f"wrote {output}: set subtype_model = {json.dumps(str(Path(output)))} to use it"
    )
