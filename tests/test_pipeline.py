"""The main job end to end: run, then every event counted once and tolls kept apart."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from observatory.cli import cli
from observatory.settings import Settings
from observatory.store.base import EventQuery
from observatory.store.sqlite import SQLiteStore
from observatory.tally import TallyKey, tally

ROOT = Path(__file__).resolve().parents[1]


def _invoke(args: list[str], settings: Settings) -> object:
    return CliRunner().invoke(
        cli, args, env={"OBSERVATORY_GAZETTEER_PATH": settings.gazetteer_path}
    )


def test_run_on_the_examples_prints_events_and_tally(tmp_path: Path, settings: Settings) -> None:
    db = tmp_path / "o.db"
    result = _invoke(["--db", str(db), "run", str(ROOT / "examples")], settings)
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    out = result.output  # type: ignore[attr-defined]
    assert "Deaths by governorate" in out and "Maarat" in out
    assert "stored 14 documents" in out  # examples/README.md is not a report
    # running again stores nothing new and changes no event
    store = SQLiteStore.open(db)
    before = sorted((e.id, e.claim_ids) for e in store.events(EventQuery()))
    store.close()
    again = _invoke(["--db", str(db), "run", str(ROOT / "examples")], settings)
    assert "stored 0 documents (14 already present" in again.output  # type: ignore[attr-defined]
    store = SQLiteStore.open(db)
    assert sorted((e.id, e.claim_ids) for e in store.events(EventQuery())) == before
    store.close()


def test_seeds_and_examples_count_each_death_once(
    tmp_path: Path, settings: Settings, shared: Path
) -> None:
    """The seeds' deaths come out as their gold distinct deaths: tolls (365 nationwide,
    17 over days) and toll updates are not added, and examples do not leak into them."""
    corpus = tmp_path / "seeds.jsonl"
    lines = []
    for gold_file in sorted((shared / "gold").glob("*.gold.json")):
        gold = json.loads(gold_file.read_text())
        text = (shared / "seeds" / gold["doc"]).read_text(encoding="utf-8")
        lines.append(json.dumps({"id": gold["doc"], "text": text, "published": gold["published"]}))
    corpus.write_text("\n".join(lines) + "\n")
    db = tmp_path / "o.db"
    result = _invoke(
        ["--db", str(db), "run", str(ROOT / "examples"), "--input", str(corpus)], settings
    )
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    store = SQLiteStore.open(db)
    seed_events = [
        e
        for e in store.events(EventQuery())
        if set(e.document_ids) & {"000_f9c3764f96ec337b.txt", "004_031b735fce69036c.txt"}
    ]
    by_doc: dict[str, int] = {}
    for e in seed_events:
        assert len(e.document_ids) == 1, "a seed event linked to an example report"
        by_doc[e.document_ids[0]] = by_doc.get(e.document_ids[0], 0) + (
            e.fatalities.best or 0 if e.fatalities else 0
        )
    assert by_doc["000_f9c3764f96ec337b.txt"] == 93
    assert 20 <= by_doc["004_031b735fce69036c.txt"] <= 22
    tolls = [t.deaths.best for t in store.tolls()]
    assert 365 in tolls and 17 in tolls
    total = tally(seed_events, by=[TallyKey.ADMIN1])
    assert sum(row.best for row in total) == sum(by_doc.values())
    store.close()
