"""docs/cli.md is the commands' own help, regenerated: it must match the code."""

from __future__ import annotations

from pathlib import Path

from observatory.cli.reference import render

DOC = Path(__file__).resolve().parents[1] / "docs" / "cli.md"


def test_cli_reference_is_up_to_date() -> None:
    assert DOC.read_text(encoding="utf-8") == render(), (
        "docs/cli.md is out of date: python -m observatory.cli.reference > docs/cli.md"
    )
