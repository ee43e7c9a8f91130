"""Actors whose identity changes at a date (issue 8): an actor table entry may say that
from a day on it is coded as another actor, and the event's date decides. ACLED codes the
Taliban as Afghanistan's state forces from 15 August 2021. The reports are written for
these tests in the style of news reports and ACLED's notes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from observatory.actors import ActorTable
from observatory.errors import ConfigError
from observatory.ingest import make_document

STATE = "Military Forces of Afghanistan"


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (dt.date(2019, 7, 1), "Taliban"),
        (dt.date(2021, 8, 14), "Taliban"),
        (dt.date(2021, 8, 15), STATE),
        (dt.date(2022, 6, 1), STATE),
    ],
)
def test_the_taliban_become_the_state_on_15_august_2021(day: dt.date, name: str) -> None:
    table = ActorTable.default()
    assert table.coded_as("Taliban", day) == name
    assert table.for_country("AF").coded_as("Taliban", day) == name


def test_other_actors_keep_their_name() -> None:
    table = ActorTable.default()
    for name in ("Islamic State", "TTP", "Civilians", STATE, "no such actor"):
        assert table.coded_as(name, dt.date(2022, 6, 1)) == name


def _actors(extractor: Any, text: str, published: dt.date) -> set[str]:
    claims = extractor.extract(make_document(text, id="t", published=published)).claims
    assert claims, text
    return {a for c in claims for a in (c.actor1, c.actor2, *c.assoc_actors) if a}


def test_a_clash_after_the_takeover_is_the_states(extractor: Any) -> None:
    actors = _actors(
        extractor,
        "On 12 May 2022, Taliban fighters clashed with gunmen in Khost city, Khost province. "
        "Two Taliban members were killed.",
        dt.date(2022, 5, 12),
    )
    assert STATE in actors
    assert "Taliban" not in actors


def test_a_clash_before_the_takeover_is_the_taliban(extractor: Any) -> None:
    actors = _actors(
        extractor,
        "On 12 May 2019, Taliban fighters attacked an army checkpoint in Khost city, Khost "
        "province, killing four soldiers.",
        dt.date(2019, 5, 12),
    )
    assert "Taliban" in actors


def _table(tmp_path: Path, becomes: str) -> ActorTable:
    path = tmp_path / "mine.toml"
    path.write_text(
        f"""
[[actor]]
canonical = "Northern Front"
acled_name = "Northern Front"
kind = "rebels"
aliases = ["Northern Front"]
becomes = {becomes}
""",
        encoding="utf-8",
    )
    return ActorTable.from_files([path])


def test_a_users_table_may_change_an_actor_at_a_date(tmp_path: Path) -> None:
    table = _table(
        tmp_path,
        '[{ from = 2024-01-01, canonical = "Military Forces of Kenya" },'
        ' { from = 2020-03-01, canonical = "Government of Kenya" }]',
    )
    assert table.coded_as("Northern Front", dt.date(2019, 1, 1)) == "Northern Front"
    assert table.coded_as("Northern Front", dt.date(2021, 1, 1)) == "Government of Kenya"
    assert table.coded_as("Northern Front", dt.date(2024, 1, 1)) == "Military Forces of Kenya"


@pytest.mark.parametrize(
    "becomes",
    [
        '[{ from = "2021-08-15", canonical = "Government of Kenya" }]',  # a string, no date
        "[{ from = 2021-08-15 }]",
        '[{ from = 2021-08-15, canonical = "No Such Actor Anywhere" }]',
        '{ from = 2021-08-15, canonical = "Government of Kenya" }',
    ],
)
def test_a_bad_change_is_a_config_error(tmp_path: Path, becomes: str) -> None:
    with pytest.raises(ConfigError):
        _table(tmp_path, becomes)
