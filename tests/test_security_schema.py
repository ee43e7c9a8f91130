"""schemathesis against the API's OpenAPI schema (marker ``api_fuzz``, run in CI).

Every operation gets generated requests, valid and invalid, with an admin token (so the
requests reach past the role checks into the handlers); no request may make the server
answer 5xx. The store is a copy of the bundled examples' store.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis")

from fastapi.testclient import TestClient  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402

from observatory.api import create_app  # noqa: E402
from observatory.auth import Role, create_token  # noqa: E402
from observatory.settings import Settings  # noqa: E402
from observatory.store.sqlite import SQLiteStore  # noqa: E402

pytest_plugins = ["api_support"]
pytestmark = [
    pytest.mark.api_fuzz,
    pytest.mark.skipif(
        os.environ.get("OBSERVATORY_API_FUZZ") != "1",
        reason="schemathesis run: set OBSERVATORY_API_FUZZ=1 (.ci/run does)",
    ),
]

TOKEN: dict[str, str] = {}


@pytest.fixture(scope="module")
def api_app(
    examples_db: Path, tmp_path_factory: pytest.TempPathFactory, settings: Settings
) -> Iterator[Any]:
    db = tmp_path_factory.mktemp("schemathesis") / "store.db"
    shutil.copyfile(examples_db, db)
    with SQLiteStore.open(db) as store:
        TOKEN["secret"] = create_token(store, "schemathesis", role=Role.ADMIN).secret
    app = create_app(
        Settings(db=str(db), gazetteer_path=settings.gazetteer_path, auth_failures_per_minute=0)
    )
    with TestClient(app):  # runs the lifespan
        yield app


@pytest.fixture(scope="module")
def api_schema(api_app: Any) -> Any:
    return schemathesis.openapi.from_asgi("/openapi.json", api_app)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_request_makes_the_server_fail(case: Any) -> None:
    from schemathesis.checks import not_a_server_error

    case.call_and_validate(
        headers={"Authorization": f"Bearer {TOKEN['secret']}"},
        checks=[not_a_server_error],
        timeout=180,  # a first export loads pyarrow: slow on a busy machine, not an error
    )
