"""Helpers shared by the benchmark scripts: where ../shared is, and how to read FA-KES."""

from __future__ import annotations

import csv
import datetime as dt
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
FAKES = SHARED / "data" / "fa-kes" / "FA-KES-Dataset.csv"
UCDP = SHARED / "data" / "ucdp-ged-syria" / "ucdp_ged_syria_2016_2017.csv"


@dataclass(frozen=True, slots=True)
class FakesRow:
    id: str
    title: str
    text: str
    source: str
    date: dt.date | None
    governorate: str


def need(path: Path) -> None:
    if not path.exists():
        sys.exit(f"skipped: {path} is not there (../shared/data beside the checkout)")


def fakes_rows() -> Iterator[FakesRow]:
    from observatory.ingest import parse_date

    need(FAKES)
    with FAKES.open(encoding="cp1252", newline="") as fh:
        for row in csv.DictReader(fh):
            yield FakesRow(
                id=row["unit_id"],
                title=row["article_title"],
                text=row["article_content"],
                source=row["source"],
                date=parse_date(row["date"]),
                governorate=row["location"].strip(),
            )
