"""A daily situation report: one self-contained HTML page for one day (and optionally one
governorate), like a monitor's daily summary.

:func:`daily_report` gathers the day from the store as a :class:`DailyReport`;
:func:`render_html` writes it as HTML with its style, map and chart inline (SVG), so the
file can be mailed or archived and opened offline; :func:`render_pdf` prints that page as a
PDF with WeasyPrint (the ``pdf`` extra), which fetches nothing.

- Events are those dated that day (rejected events left out); events whose date is only
  known to a window holding the day are counted apart, as "possibly that day".
- Deaths are summed low / best / high as in :mod:`observatory.tally`.
- Tolls are those whose period holds the day, with who claimed them: shown beside the
  events' deaths, never added to them.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from observatory import __version__
from observatory.errors import ConfigError
from observatory.records import Event, ReviewStatus, Toll
from observatory.store.base import EventQuery, Repository
from observatory.tally import TallyKey, TallyRow, tally, total

__all__ = ["DailyReport", "daily_report", "render_html", "render_pdf"]

TREND_DAYS = 14


@dataclass(frozen=True, slots=True, kw_only=True)
class DailyReport:
    """What the report shows, gathered from the store."""

    day: dt.date
    admin1: str | None
    events: tuple[Event, ...]  # dated that day, rejected left out
    possible: tuple[Event, ...]  # only a window holding the day
    by_admin1: tuple[TallyRow, ...]
    total: TallyRow
    tolls: tuple[Toll, ...]
    trend: tuple[TallyRow, ...]  # deaths per day over the TREND_DAYS up to the day
    generated_at: dt.datetime


def daily_report(repo: Repository, *, day: dt.date, admin1: str | None = None) -> DailyReport:
    """The day's events, deaths by governorate, tolls and trend from ``repo``."""
    query = EventQuery(since=day, until=day, admin1=admin1)
    found = [e for e in repo.events(query) if e.status is not ReviewStatus.REJECTED]
    events = tuple(e for e in found if e.date == day)
    possible = tuple(e for e in found if e.date != day)
    start = day - dt.timedelta(days=TREND_DAYS - 1)
    window = [
        e
        for e in repo.events(EventQuery(since=start, until=day, admin1=admin1))
        if e.date is not None and start <= e.date <= day
    ]
    by_day = {r.key[0]: r for r in tally(window, by=[TallyKey.DAY])}
    trend = tuple(
        by_day.get(d.isoformat(), TallyRow(key=(d.isoformat(),), events=0, low=0, best=0, high=0))
        for d in (start + dt.timedelta(days=i) for i in range(TREND_DAYS))
    )
    tolls = tuple(
        t
        for t in repo.tolls(since=day, until=day)
        if admin1 is None
        or t.scope is None
        or t.scope.admin1 is None
        or t.scope.admin1.casefold() == admin1.casefold()
    )
    return DailyReport(
        day=day,
        admin1=admin1,
        events=events,
        possible=possible,
        by_admin1=tuple(tally(events, by=[TallyKey.ADMIN1])),
        total=total(events),
        tolls=tolls,
        trend=trend,
        generated_at=dt.datetime.now(dt.UTC).replace(microsecond=0),
    )


# ---------------------------------------------------------------------- rendering
def _e(value: object) -> str:
    return html.escape("" if value is None else str(value))


def _high(value: int | None) -> str:
    return "open" if value is None else str(value)


def _deaths(event: Event) -> str:
    f = event.fatalities
    if f is None:
        return "–"
    return f"{f.low}/{'?' if f.best is None else f.best}/{'+' if f.high is None else f.high}"


def _basemap() -> dict[str, Any]:
    path = resources.files("observatory") / "web" / "static" / "basemap" / "basemap.geojson"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _rings(geometry: dict[str, Any]) -> Iterable[Sequence[Sequence[float]]]:
    if geometry["type"] == "Polygon":
        yield from geometry["coordinates"]
    elif geometry["type"] == "MultiPolygon":
        for polygon in geometry["coordinates"]:
            yield from polygon


def _map_svg(report: DailyReport) -> str:
    """Governorates shaded by deaths (best) and the day's events as dots sized by deaths."""
    west, south, east, north = 35.5, 32.2, 42.5, 37.4
    width = 640
    scale = width / (east - west)
    ky = 1 / math.cos(math.radians((south + north) / 2))  # keep shapes from squashing
    height = round((north - south) * scale * ky)

    def xy(lon: float, lat: float) -> str:
        return f"{(lon - west) * scale:.1f},{(north - lat) * scale * ky:.1f}"

    deaths = {r.key[0].casefold(): r.best for r in report.by_admin1}
    most = max(deaths.values(), default=0) or 1
    shapes = []
    for feature in _basemap()["features"]:
        props = feature["properties"]
        d = " ".join(
            "M" + " L".join(xy(lon, lat) for lon, lat in ring) + " Z"
            for ring in _rings(feature["geometry"])
        )
        if props["kind"] == "country":
            fill, stroke = "#e9e7df", "#9aa1ab"
        else:
            share = deaths.get(str(props["name"]).casefold(), 0) / most
            fill = f"rgba(179,38,30,{0.08 + 0.6 * share:.2f})" if share else "#fbfaf4"
            stroke = "#5b6475"
        title = f"<title>{_e(props['name'])}</title>"
        shapes.append(
            f'<path d="{d}" fill="{fill}" stroke="{stroke}" stroke-width="0.8">{title}</path>'
        )
    dots = []
    for event in report.events:
        place = event.location
        if place is None or place.latitude is None or place.longitude is None:
            continue
        best = event.fatalities.best or event.fatalities.low if event.fatalities else 0
        radius = 3 + 2.2 * math.sqrt(best or 0)
        x, y = xy(place.longitude, place.latitude).split(",")
        tip = f"{place.name}: {event.sub_event_type}, deaths {_deaths(event)}"
        dots.append(
            f'<circle cx="{x}" cy="{y}" r="{radius:.1f}" fill="rgba(179,38,30,0.75)"'
            f' stroke="#fff" stroke-width="1"><title>{_e(tip)}</title></circle>'
        )
    return (
        f'<svg class="map" viewBox="0 0 {width} {height}" role="img"'
        f' aria-label="map of the day\'s events">'
        f'<rect width="{width}" height="{height}" fill="#cfe0ee"/>'
        + "".join(shapes)
        + "".join(dots)
        + "</svg>"
    )


def _trend_svg(report: DailyReport) -> str:
    """Deaths per day (best as bars, low–high as whiskers) over the last days."""
    width, height, left, bottom, top = 640, 180, 36, 26, 10
    rows = report.trend
    highs = [r.high if r.high is not None else r.best for r in rows]
    most = max([*highs, *(r.best for r in rows), 1])
    step = (width - left - 8) / len(rows)

    def y(value: float) -> float:
        return height - bottom - value / most * (height - top - bottom)

    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="deaths per day">'
    ]
    for i, (row, hi) in enumerate(zip(rows, highs, strict=True)):
        x = left + i * step
        mid = x + step / 2
        colour = "#b3261e" if row.key[0] == report.day.isoformat() else "#8aa1c1"
        parts.append(
            f'<rect x="{x + step * 0.15:.1f}" y="{y(row.best):.1f}" width="{step * 0.7:.1f}"'
            f' height="{height - bottom - y(row.best):.1f}" fill="{colour}">'
            f"<title>{_e(row.key[0])}: {row.events} events, deaths {row.low}/{row.best}/"
            f"{_high(row.high)}</title></rect>"
        )
        if hi != row.low:
            parts.append(
                f'<line x1="{mid:.1f}" x2="{mid:.1f}" y1="{y(hi):.1f}" y2="{y(row.low):.1f}"'
                ' stroke="#1d2433" stroke-width="1.2"/>'
            )
        if i % 2 == len(rows) % 2 or row.key[0] == report.day.isoformat():
            parts.append(
                f'<text x="{mid:.1f}" y="{height - 8}" text-anchor="middle">{_e(row.key[0][5:])}</text>'
            )
    parts.append(
        f'<text x="2" y="{top + 8}">{most}</text><text x="2" y="{height - bottom}">0</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2433;
  max-width: 980px; margin: 1.5rem auto; padding: 0 1rem; line-height: 1.4; }
h1 { font-size: 1.5rem; margin-bottom: 0.2rem; } h2 { font-size: 1.1rem; margin-top: 1.6rem; }
.sub { color: #5b6475; margin-top: 0; }
.figures { display: flex; gap: 2rem; margin: 1rem 0; }
.figures div { background: #f3f4f6; padding: 0.6rem 1rem; }
.figures b { display: block; font-size: 1.5rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { border-bottom: 1px solid #d8dce3; padding: 0.3rem 0.4rem; text-align: left;
  vertical-align: top; }
th { background: #eef0f3; } td.num, th.num { text-align: right; white-space: nowrap; }
tfoot td { font-weight: 600; }
.grid { display: grid; grid-template-columns: 1fr 1fr; gap: 1.2rem; align-items: start; }
svg { width: 100%; height: auto; } svg text { font-size: 10px; fill: #5b6475; }
.note { color: #5b6475; font-size: 0.85rem; }
footer { margin-top: 2rem; color: #5b6475; font-size: 0.8rem; }
@page { size: A4; margin: 14mm 12mm; }
@media print { body { max-width: none; margin: 0; padding: 0; }
  .grid { grid-template-columns: 1fr; } tr, svg { break-inside: avoid; } }
"""


def _tally_table(report: DailyReport) -> str:
    rows = "".join(
        f"<tr><td>{_e(r.key[0])}</td><td class='num'>{r.events}</td><td class='num'>{r.low}</td>"
        f"<td class='num'>{r.best}</td><td class='num'>{_high(r.high)}</td></tr>"
        for r in report.by_admin1
    )
    t = report.total
    return (
        "<table id='by-admin1'><thead><tr><th>governorate</th><th class='num'>events</th>"
        "<th class='num'>low</th><th class='num'>best</th><th class='num'>high</th></tr></thead>"
        f"<tbody>{rows}</tbody><tfoot><tr><td>total</td><td class='num'>{t.events}</td>"
        f"<td class='num'>{t.low}</td><td class='num'>{t.best}</td>"
        f"<td class='num'>{_high(t.high)}</td></tr></tfoot></table>"
    )


def _tolls_table(report: DailyReport) -> str:
    if not report.tolls:
        return "<p class='note'>No source reported a toll covering this day.</p>"
    rows = []
    for toll in report.tolls:
        first, last = toll.date_window or (None, None)
        period = _e(first) if first == last else f"{_e(first)} to {_e(last)}"
        d = toll.deaths
        figure = f"{d.low}/{'?' if d.best is None else d.best}/{_high(d.high)}"
        scope = toll.scope.name if toll.scope else "unknown"
        claimants = "; ".join(toll.claimants) or "unattributed"
        evidence = " … ".join(s.text for s in toll.evidence if s.role == "fatalities") or toll.notes
        rows.append(
            f"<tr><td>{period}</td><td>{_e(scope)}</td><td class='num'>{_e(figure)}</td>"
            f"<td>{_e(toll.subject or '')}</td><td>{_e(claimants)}</td><td>{_e(evidence)}</td></tr>"
        )
    return (
        "<table id='tolls'><thead><tr><th>period</th><th>scope</th><th class='num'>deaths"
        " l/b/h</th><th>of whom</th><th>claimed by</th><th>evidence</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _events_table(events: Sequence[Event]) -> str:
    if not events:
        return "<p class='note'>No event.</p>"
    rows = []
    for e in sorted(events, key=lambda e: ((e.location.admin1 if e.location else "") or "", e.id)):
        place = e.location
        where = (
            f"{place.name}, {place.admin1}"
            if place and place.admin1
            else (place.name if place else "")
        )
        actors = " vs ".join(a for a in (e.actor1, e.actor2) if a)
        rows.append(
            f"<tr><td>{_e(where)}</td><td>{_e(e.sub_event_type)}</td><td>{_e(actors)}</td>"
            f"<td class='num'>{_e(_deaths(e))}</td><td class='num'>{e.number_of_sources}</td>"
            f"<td>{_e('; '.join(e.claimants))}</td><td>{_e(e.status.value)}</td></tr>"
        )
    return (
        "<table class='events'><thead><tr><th>place</th><th>type</th><th>actors</th>"
        "<th class='num'>deaths l/b/h</th><th class='num'>sources</th><th>claimed by</th>"
        f"<th>status</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def render_html(report: DailyReport) -> str:
    """The report as one HTML page with nothing to fetch (style and SVG inline)."""
    scope = f"{report.admin1} governorate" if report.admin1 else "all governorates"
    day = report.day.strftime("%A %d %B %Y")
    t = report.total
    possible = (
        f"<p class='note'>{len(report.possible)} more event(s) may have happened this day"
        " (their date is only known to a longer period); they are listed last and not"
        " counted above.</p>"
        if report.possible
        else ""
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Situation report {report.day.isoformat()}{" – " + _e(report.admin1) if report.admin1 else ""}</title>
<style>{_STYLE}</style></head>
<body>
<h1>Daily situation report: {_e(day)}</h1>
<p class="sub">{_e(scope)} · events coded from reports, each figure traced to its source</p>
<div class="figures">
  <div><b id="event-count">{t.events}</b>events</div>
  <div><b id="deaths">{t.low} / {t.best} / {_high(t.high)}</b>deaths low / best / high</div>
  <div><b>{len(report.tolls)}</b>tolls claimed by sources</div>
</div>
<div class="grid">
  <div><h2>Where</h2>{_map_svg(report)}
  <p class="note">Governorates shaded by deaths (best); dots sized by each event's deaths.</p></div>
  <div><h2>Events and deaths by governorate</h2>{_tally_table(report)}
  <h2>Deaths per day, last {TREND_DAYS} days</h2>{_trend_svg(report)}
  <p class="note">Bars: best estimate; lines: low to high.</p></div>
</div>
<h2>Tolls claimed by sources</h2>
<p class="note">Figures sources gave for areas or periods holding this day. They are shown
beside the events' deaths and never added to them.</p>
{_tolls_table(report)}
<h2>Events</h2>
{_events_table(report.events)}
{possible}
{"<h2>Possibly this day</h2>" + _events_table(report.possible) if report.possible else ""}
<footer>Generated {report.generated_at.isoformat()} by Observatory {__version__}. Deaths are
summed over events (low / best / high; "open" when a figure has no upper bound); rejected events
are left out. Outlines: Natural Earth (public domain).</footer>
</body></html>
"""


def render_pdf(report: DailyReport) -> bytes:
    """The HTML report printed as a PDF (A4) by WeasyPrint. Nothing is fetched: the page
    holds its style, map and chart, and any URL it named would be refused."""
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: WeasyPrint found no Pango library
        raise ConfigError(
            f"a PDF report needs WeasyPrint and Pango ({exc}): pip install 'observatory[pdf]'"
            " (on Debian/Ubuntu Pango is apt-get install libpango-1.0-0 libpangoft2-1.0-0),"
            " or write HTML (-o report.html) and print it from a browser"
        ) from exc

    def refuse(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
        raise ValueError(f"the report fetches nothing, not {url}")

    pdf: bytes = weasyprint.HTML(string=render_html(report), url_fetcher=refuse).write_pdf()
    return pdf
