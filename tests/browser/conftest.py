"""Browser tests run only when asked for (``pytest -m browser``, as .ci/run does), so the
default suite stays fast; they need /usr/bin/chromium (``apt-get install -y chromium``)."""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if "browser" in (config.getoption("-m") or ""):
        return
    skip = pytest.mark.skip(reason="browser test: run with -m browser")
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(skip)
