"""The daily situation report: what it counts, and that the HTML stands alone."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from observatory.cli import cli
from observatory.errors import ConfigError
from observatory.records import ReviewStatus
from observatory.report import daily_report, render_html, render_pdf
from observatory.store.sqlite import SQLiteStore
from observatory.tally import total

pytest_plugins = ["api_support"]

DAY = dt.date(2019, 6, 11)


def test_counts_the_events_of_the_day_and_lists_tolls_beside(examples_db: Path) -> None:
    with SQLiteStore.open(examples_db) as store:
        report = daily_report(store, day=DAY)
        everything = list(store.events())
        tolls = [
            t
            for t in store.tolls()
            if t.date_window and t.date_window[0] <= DAY <= t.date_window[1]
        ]
    day_events = [e for e in everything if e.date == DAY and e.status is not ReviewStatus.REJECTED]
    assert sorted(e.id for e in report.events) == sorted(e.id for e in day_events)
    assert report.total == total(day_events)
    assert sum(r.events for r in report.by_admin1) == report.total.events > 0
    assert {t.id for t in report.tolls} == {t.id for t in tolls} and tolls
    assert len(report.trend) == 14 and report.trend[-1].key == (DAY.isoformat(),)
    assert report.trend[-1].best == report.total.best
    assert all(e.date != DAY for e in report.possible)


def test_one_governorate(examples_db: Path) -> None:
    with SQLiteStore.open(examples_db) as store:
        report = daily_report(store, day=DAY, admin1="Idlib")
    assert report.events and all(e.location and e.location.admin1 == "Idlib" for e in report.events)
    assert [r.key for r in report.by_admin1] == [("Idlib",)]


def test_html_is_self_contained(examples_db: Path) -> None:
    with SQLiteStore.open(examples_db) as store:
        page = render_html(daily_report(store, day=DAY))
    assert page.startswith("<!doctype html>") and page.rstrip().endswith("</html>")
    assert page.count("<svg") == 2 and "<circle" in page and "<path" in page
    # nothing to fetch: no scripts, stylesheets, images or frames from anywhere
    assert not re.search(r"<(script|link|img|iframe)\b", page)
    assert not re.search(r"\b(src|href)=", page)
    assert "Maarat al-Numan" in page and "Syrian Observatory for Human Rights" in page
    assert "never added" in page


def test_report_command(examples_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = CliRunner().invoke(
        cli,
        [
            "report",
            "--date",
            "2019-06-12",
            "--admin1",
            "Hama",
            "-o",
            str(out),
            "--db",
            str(examples_db),
        ],
    )
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "Hama governorate" in page and "Wednesday 12 June 2019" in page
    bad = CliRunner().invoke(cli, ["report", "--date", "12/06/2019", "-o", str(out)])
    assert bad.exit_code == 2


def test_pdf_report(examples_db: Path, tmp_path: Path) -> None:
    """``-o report.pdf`` prints the same page as a PDF (WeasyPrint; nothing fetched)."""
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # the pdf extra, or Pango, is missing
        pytest.skip(f"WeasyPrint unavailable: {exc} (.ci/run installs it)")
    out = tmp_path / "report.pdf"
    args = ["report", "--date", "2019-06-11", "-o", str(out), "--db", str(examples_db)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    with SQLiteStore.open(examples_db) as store:
        report = daily_report(store, day=DAY)
    document = weasyprint.HTML(string=render_html(report)).render()
    assert document.metadata.title == "Situation report 2019-06-11"
    headings = [bookmark[0] for bookmark in document.make_bookmark_tree()]
    assert headings[0] == "Daily situation report: Tuesday 11 June 2019"
    assert len(document.pages) >= 2  # the map and tables, then every event of the day
    assert len(render_pdf(report)) > 10_000


def test_pdf_without_weasyprint_says_what_to_install(
    examples_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import fails as when not installed
    with SQLiteStore.open(examples_db) as store:
        report = daily_report(store, day=DAY)
    with pytest.raises(ConfigError, match=r"pip install 'observatory\[pdf\]'"):
        render_pdf(report)
