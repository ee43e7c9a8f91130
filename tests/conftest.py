"""Shared fixtures: paths, a gazetteer built once per session in a temporary folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from observatory.settings import Settings
from store_backends import BACKENDS, Backend, backend_named

# property tests check behaviour, not speed (speed is measured by benchmarks/): no
# per-example deadline, which a busy machine would turn into failures
hypothesis_settings.register_profile("observatory", deadline=None)
hypothesis_settings.load_profile("observatory")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "gold").is_dir():
        pytest.skip("../shared is not beside the checkout")
    return SHARED


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings whose gazetteer index lives in a session temp folder (built once)."""
    path = tmp_path_factory.mktemp("gazetteer") / "gazetteer.sqlite"
    return Settings(gazetteer_path=str(path))


@pytest.fixture(scope="session")
def extractor(settings: Settings) -> Iterator[object]:
    from observatory.extract import Extractor

    ex = Extractor.from_settings(settings)
    yield ex
    ex.geocoder.close()


# ---------------------------------------------------------------------- store backends
@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    """Each store backend in turn (see tests/store_backends.py); PostgreSQL needs a server."""
    with backend_named(request.param, tmp_path) as chosen:
        yield chosen
