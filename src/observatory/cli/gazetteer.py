"""``observatory gazetteer``: build, import, download and look up places."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from observatory.cli.common import AppContext

__all__ = ["command"]


def _path(app: AppContext) -> Path:
    from observatory.geocode import default_gazetteer_path

    return (
        Path(app.settings.gazetteer_path)
        if app.settings.gazetteer_path
        else default_gazetteer_path()
    )


@click.group(name="gazetteer")
def command() -> None:
    """Build, extend and query the gazetteer."""


@command.command("build")
@click.pass_context
def build(ctx: click.Context) -> None:
    """(Re)build the index from packaged data and the supplements."""
    from observatory.gazetteer.build import build_gazetteer

    app: AppContext = ctx.obj
    report = build_gazetteer(
        _path(app),
        supplements=app.settings.gazetteer_supplements,
        default_country=app.settings.default_country,
    )
    app.console.print(
        f"{report.places} places, {report.names} names in {report.seconds:.1f} s -> {report.path}"
    )
    ctx.exit(0)


@command.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.pass_context
def import_(ctx: click.Context, file: str) -> None:
    """Import a GeoNames country or allCountries dump (.txt or .zip)."""
    from observatory.gazetteer.geonames_import import import_geonames
    from observatory.gazetteer.index import GazetteerIndex

    app: AppContext = ctx.obj
    path = _path(app)
    GazetteerIndex.open(
        path,
        supplements=app.settings.gazetteer_supplements,
        default_country=app.settings.default_country,
    ).close()
    count = import_geonames(file, gazetteer=path)
    app.console.print(f"imported {count} places from {file} into {path}")
    ctx.exit(0)


@command.command("import-events")
@click.argument("file", type=click.Path(dir_okay=False))
@click.pass_context
def import_events_(ctx: click.Context, file: str) -> None:
    """Add the places of a UCDP GED CSV or ACLED export CSV to the gazetteer.

    The format is told from the columns. Rows whose place is precise (UCDP where_prec
    1-2, ACLED geo_precision 1-2) become places with the dataset's spelling, point and
    admin units, unless the gazetteer already has the name within 5 km. Importing a file
    again changes nothing. Bad rows are named (file:line) on stderr; exit 1 if any."""
    from observatory.gazetteer.event_import import import_events
    from observatory.gazetteer.index import GazetteerIndex

    app: AppContext = ctx.obj
    path = _path(app)
    GazetteerIndex.open(
        path,
        supplements=app.settings.gazetteer_supplements,
        default_country=app.settings.default_country,
    ).close()
    report = import_events(file, gazetteer=path, supplements=app.settings.gazetteer_supplements)
    for bad in report.bad:
        click.echo(f"skipped {bad}", err=True)
    name = "UCDP GED" if report.dataset == "ucdp" else "ACLED"
    app.console.print(
        f"{name} file {file}: {report.rows} rows, {report.places} places;"
        f" {report.added} added, {report.known} already in the gazetteer,"
        f" {report.withheld} withheld (every name too short or a common word);"
        f" {report.imprecise} rows not precise enough (region or country),"
        f" {report.not_places} not one place, {len(report.bad)} bad -> {path}",
        highlight=False,
    )
    ctx.exit(1 if report.bad else 0)


@command.command("download")
@click.argument("country")
@click.option(
    "--base-url",
    default=None,
    help="Where the GeoNames dumps are (default: GeoNames' export server).",
)
@click.pass_context
def download(ctx: click.Context, country: str, base_url: str | None) -> None:
    """Download GeoNames' dump for COUNTRY (ISO code, or ALL) and import it."""
    from observatory.gazetteer.geonames_import import (
        GEONAMES_DUMP_URL,
        download_geonames,
        import_geonames,
    )
    from observatory.gazetteer.index import GazetteerIndex

    app: AppContext = ctx.obj
    path = _path(app)
    GazetteerIndex.open(
        path,
        supplements=app.settings.gazetteer_supplements,
        default_country=app.settings.default_country,
    ).close()
    with tempfile.TemporaryDirectory() as tmp:
        dump = download_geonames(country, dest_dir=tmp, base_url=base_url or GEONAMES_DUMP_URL)
        count = import_geonames(dump, gazetteer=path)
    app.console.print(f"imported {count} places for {country.upper()} into {path}")
    ctx.exit(0)


@command.command("lookup")
@click.argument("name")
@click.option("--near", default=None, help="A place the name is near (disambiguates).")
@click.option("--admin1", default=None, help="The governorate or province the place is in.")
@click.option("--country", default=None, help="Country name or ISO code.")
@click.pass_context
def lookup(
    ctx: click.Context, name: str, near: str | None, admin1: str | None, country: str | None
) -> None:
    """Show the place a NAME resolves to (exit 1 when not found)."""
    from observatory.geocode import Geocoder

    app: AppContext = ctx.obj
    geocoder = Geocoder.from_settings(app.settings)
    try:
        place = geocoder.lookup(name, near=near, admin1=admin1, country=country)
    finally:
        geocoder.close()
    if place is None:
        click.echo(f"{name}: not found", err=True)
        ctx.exit(1)
        return
    app.console.print(
        f"{place.name}\t{place.country or ''}\t{place.admin1 or ''}\t{place.admin2 or ''}\t"
        f"{place.latitude:.4f}\t{place.longitude:.4f}\tprecision {int(place.geo_precision)}\t"
        f"{place.feature}\t{place.gazetteer_id}"
    )
    ctx.exit(0)
