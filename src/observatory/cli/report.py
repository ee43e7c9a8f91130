"""``observatory report``: a daily situation report as one self-contained HTML file, or a
PDF (``-o report.pdf``, with the ``pdf`` extra)."""

from __future__ import annotations

from pathlib import Path

import click

from observatory.cli.common import AppContext
from observatory.cli.options import DATE

__all__ = ["command"]


@click.command("report")
@click.option("--date", "day", type=DATE, required=True, metavar="YYYY-MM-DD", help="The day.")
@click.option("--admin1", default=None, metavar="NAME", help="Only this governorate.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    required=True,
    help="File to write: HTML, or a PDF when it ends in .pdf (needs the pdf extra).",
)
@click.pass_context
def command(ctx: click.Context, *, day: object, admin1: str | None, output: Path) -> None:
    """Events by governorate, deaths low/best/high, the tolls claimed, a map and a chart."""
    import datetime as dt

    from observatory.report import daily_report, render_html, render_pdf

    app: AppContext = ctx.obj
    date = day.date() if isinstance(day, dt.datetime) else day
    assert isinstance(date, dt.date)  # noqa: S101
    report = daily_report(app.store(), day=date, admin1=admin1)
    tmp = output.with_name(f".{output.name}.tmp")
    if output.suffix.lower() == ".pdf":
        tmp.write_bytes(render_pdf(report))
    else:
        tmp.write_text(render_html(report), encoding="utf-8")
    tmp.replace(output)
    click.echo(
        f"wrote {output}: {report.total.events} events, deaths"
        f" {report.total.low}/{report.total.best}/{'open' if report.total.high is None else report.total.high},"
        f" {len(report.tolls)} tolls",
        err=True,
    )
    ctx.exit(0)
