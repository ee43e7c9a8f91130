"""Shared by the API, auth, report and browser tests: a store of the bundled examples,
built once per session, copied for each test that changes it, and tokens for each role."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from observatory.api import ServeConfig, create_app
from observatory.auth import Role, create_token
from observatory.settings import Settings
from observatory.store.sqlite import SQLiteStore

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def build_examples_store(path: Path, settings: Settings, extractor: object) -> Path:
    """The bundled example reports run through the main job into a store at ``path``."""
    from observatory.extract import Extractor
    from observatory.ingest import read_inputs
    from observatory.pipeline import run

    assert isinstance(extractor, Extractor)
    with SQLiteStore.open(path) as store:
        items = read_inputs([str(EXAMPLES)], settings=settings)
        run(store, items, settings=settings, extractor=extractor)
    return path


@dataclass(frozen=True, slots=True, kw_only=True)
class Served:
    """A test client over a store, with a token secret for each role."""

    client: TestClient
    db: Path
    tokens: dict[Role, str]

    def auth(self, role: Role | None) -> dict[str, str]:
        return {} if role is None else {"Authorization": f"Bearer {self.tokens[role]}"}


def serve(db: Path, settings: Settings, *, public_read: bool = False) -> Iterator[Served]:
    with SQLiteStore.open(db) as store:
        tokens = {
            role: create_token(store, f"{role.value}-{len(store.api_tokens())}", role=role).secret
            for role in Role
        }
    app_settings = Settings(db=str(db), gazetteer_path=settings.gazetteer_path)
    app = create_app(app_settings, config=ServeConfig(public_read=public_read))
    with TestClient(app) as client:
        yield Served(client=client, db=db, tokens=tokens)


@pytest.fixture(scope="session")
def examples_db(
    tmp_path_factory: pytest.TempPathFactory, settings: Settings, extractor: object
) -> Path:
    return build_examples_store(
        tmp_path_factory.mktemp("examples") / "examples.db", settings, extractor
    )


@pytest.fixture
def fresh_db(examples_db: Path, tmp_path: Path) -> Path:
    """A copy of the examples store that a test may change."""
    target = tmp_path / "store.db"
    shutil.copyfile(examples_db, target)
    return target
