"""`observatory extract --format jsonl` emits every field of DESIGN.md's claim table."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from observatory.cli import cli
from observatory.serialize import CLAIM_FIELDS, PLACE_FIELDS, TOLL_FIELDS
from observatory.settings import Settings

REPORT = (
    "BEIRUT (Reuters) - Government warplanes struck the town of Ariha in Idlib province on "
    "Tuesday, killing nine civilians, the Syrian Observatory for Human Rights said. At least "
    "60 people were killed across the country on Tuesday, the monitor said."
)
LOCATION_FIELDS = set(PLACE_FIELDS)


def test_extract_jsonl_contract(tmp_path: Path, settings: Settings) -> None:
    docs = tmp_path / "docs.jsonl"
    docs.write_text(json.dumps({"id": "doc-1", "text": REPORT, "published": "2017-03-08"}) + "\n")
    db = tmp_path / "untouched.db"
    result = CliRunner().invoke(
        cli,
        ["--db", str(db), "extract", "--input", str(docs), "--format", "jsonl"],
        env={"OBSERVATORY_GAZETTEER_PATH": settings.gazetteer_path},
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines() if line.strip()]
    kinds = {r["kind"] for r in rows}
    assert kinds == {"event", "toll"}
    for row in rows:
        assert set(CLAIM_FIELDS) <= set(row), set(CLAIM_FIELDS) - set(row)
        assert row["document_id"] == "doc-1"
        assert set(row["location"] or LOCATION_FIELDS) >= LOCATION_FIELDS
        for span in row["evidence"]:
            assert REPORT[span["start"] : span["end"]] == span["text"]
        if row["kind"] == "toll":
            assert set(TOLL_FIELDS) <= set(row)
            assert row["deaths"]["best"] == 60
        else:
            assert row["fatalities"]["best"] == 9
            assert {"low", "best", "high", "by_side"} <= set(row["fatalities"])
    assert not db.exists(), "extract must not touch the store"
