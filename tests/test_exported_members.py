"""The public API is pinned: a sorted __all__, every name importable."""

from __future__ import annotations

import subprocess
import sys

import observatory


def test_all_is_sorted_and_complete() -> None:
    assert observatory.__all__ == sorted(observatory.__all__)
    for name in observatory.__all__:
        assert getattr(observatory, name) is not None


def test_public_api() -> None:
    assert observatory.__all__ == [
        "Claim",
        "Document",
        "Event",
        "Extraction",
        "Extractor",
        "Geocoder",
        "Linker",
        "Place",
        "Settings",
        "Toll",
        "__version__",
        "evaluate",
        "export_events",
        "load_settings",
        "make_document",
        "read_inputs",
    ]


def test_import_is_cheap() -> None:
    code = "import sys, observatory; print('observatory.extract' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
