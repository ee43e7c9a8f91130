"""The dashboard in a real browser: Debian's chromium driven by Playwright (no browser
download). Run with ``pytest -m browser``; set OBSERVATORY_SCREENSHOTS=docs/img to refresh
the README's pictures."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from observatory.api import ServeConfig, create_app
from observatory.auth import Role, create_token
from observatory.settings import Settings
from observatory.store.sqlite import SQLiteStore

pytest_plugins = ["api_support"]
pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass(frozen=True, slots=True)
class Live:
    url: str
    db: Path
    analyst: str
    viewer: str


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def live(
    tmp_path_factory: pytest.TempPathFactory, examples_db: Path, settings: Settings
) -> Iterator[Live]:
    """``observatory serve`` on a loopback port, over a copy of the examples store."""
    import uvicorn

    db = tmp_path_factory.mktemp("live") / "live.db"
    shutil.copyfile(examples_db, db)
    with SQLiteStore.open(db) as store:
        analyst = create_token(store, "amal", role=Role.ANALYST).secret
        viewer = create_token(store, "vic", role=Role.VIEWER).secret
    app = create_app(
        Settings(db=str(db), gazetteer_path=settings.gazetteer_path), config=ServeConfig()
    )
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    yield Live(url=f"http://127.0.0.1:{port}", db=db, analyst=analyst, viewer=viewer)
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium: apt-get install -y chromium (.ci/run does)")
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, live: Live) -> Iterator[Any]:
    # bypass_csp: Playwright evaluates wait_for_function strings, which the dashboard's
    # Content-Security-Policy (no eval) would refuse; the page itself needs no eval
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, bypass_csp=True)
    errors: list[str] = []
    page = context.new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on(
        "request",
        lambda request: (
            errors.append(f"request outside the server: {request.url}")
            if not request.url.startswith((live.url, "data:"))
            else None
        ),
    )
    yield page
    context.close()
    assert errors == []


def screenshot(page: Any, name: str, tmp_path: Path) -> None:
    folder = Path(os.environ.get("OBSERVATORY_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / name))


def sign_in(page: Any, live: Live, token: str) -> None:
    page.goto(live.url + "/")
    page.fill("#token", token)
    page.click("#login-form button")
    page.wait_for_selector("body[data-ready=map]")


def test_a_token_is_asked_for(page: Any, live: Live) -> None:
    page.goto(live.url + "/")
    page.wait_for_selector("#login:not([hidden])")
    page.fill("#token", "obs_wrong")
    page.click("#login-form button")
    page.wait_for_selector("#login-error:has-text('unknown')")


def test_map_with_clusters_timeline_and_tallies(page: Any, live: Live, tmp_path: Path) -> None:
    sign_in(page, live, live.viewer)
    p = page
    # the outlines, in their pane below the groups
    assert p.locator(".leaflet-outlines-pane canvas, .leaflet-outlines-pane svg").count() >= 1
    clusters = p.locator(".cluster")
    assert clusters.count() >= 3
    numbers = [int(clusters.nth(i).inner_text()) for i in range(clusters.count())]
    status = p.inner_text("#map-status")
    matched = int(status.split(" events match")[0].replace(",", ""))
    unplaced = int(status.split("; ")[-1].split(" without")[0].replace(",", ""))
    assert sum(numbers) <= matched and matched - unplaced >= max(numbers)
    assert p.locator("#timeline svg rect.bar").count() >= 3
    assert p.locator("#timeline svg polygon.band").count() == 1
    assert p.locator("#tally tbody tr").count() >= 5
    assert p.locator("#tolls tbody tr").count() >= 1
    assert "vic (viewer)" in p.inner_text("#who")
    screenshot(page, "dashboard-map.png", tmp_path)
    # a click on a group of events zooms in
    zoom = p.evaluate("new URLSearchParams(location.search).get('z')")
    biggest = max(range(len(numbers)), key=lambda i: numbers[i])
    clusters.nth(biggest).click()
    p.wait_for_function(f"new URLSearchParams(location.search).get('z') !== '{zoom}'")


def test_filters_are_kept_in_the_url(page: Any, live: Live) -> None:
    sign_in(page, live, live.viewer)
    p = page
    p.select_option("#filters select[name=admin1]", "Idlib")
    p.click("#filters button[type=submit]")
    p.wait_for_function("location.search.includes('admin1=Idlib')")
    p.wait_for_function("document.querySelectorAll('#tally tbody tr').length === 1")
    places = p.locator("#events tbody td:nth-child(3)").all_inner_texts()
    assert places and all("Idlib" in text for text in places)
    url = p.url
    p.goto(url)
    p.wait_for_selector("body[data-ready=map]")
    assert p.input_value("#filters select[name=admin1]") == "Idlib"
    again = p.locator("#events tbody td:nth-child(3)").all_inner_texts()
    assert again == places
    p.fill("#filters input[name=q]", "maarat")
    p.click("#filters button[type=submit]")
    p.wait_for_function("location.search.includes('q=maarat')")
    p.wait_for_function(
        "[...document.querySelectorAll('#events tbody tr')].length > 0 &&"
        " [...document.querySelectorAll('#events tbody td:nth-child(3)')]"
        ".every(td => td.textContent.includes('Maarat'))"
    )


def test_event_page_shows_sources_figures_and_history(
    page: Any, live: Live, tmp_path: Path
) -> None:
    sign_in(page, live, live.viewer)
    p = page
    p.goto(live.url + "/?q=maarat")
    p.wait_for_selector("body[data-ready=map]")
    p.click("#events tbody tr:has(td:text-is('Air/drone strike'))")
    p.wait_for_selector("body[data-ready=event]")
    assert "/events/" in p.url
    assert p.locator(".claim").count() >= 2
    assert p.locator(".claim mark").count() >= 2
    assert p.locator(".claim mark[data-role=fatalities]").count() >= 1
    history = p.locator("table:below(h2:has-text('toll history')) tbody tr")
    assert history.count() >= 2
    assert p.locator("#status-form").count() == 0  # a viewer
    screenshot(page, "dashboard-event.png", tmp_path)


def test_review_action_shows_in_the_audit_log(page: Any, live: Live, tmp_path: Path) -> None:
    sign_in(page, live, live.analyst)
    p = page
    p.goto(live.url + "/?admin1=Daraa")
    p.wait_for_selector("body[data-ready=map]")
    p.click("#events tbody tr >> nth=0")
    p.wait_for_selector("body[data-ready=event]")
    p.select_option("#status-form select[name=status]", "disputed")
    p.fill("#status-form input[name=reason]", "two outlets disagree on the day")
    p.click("#status-form button")
    p.wait_for_selector("#audit tbody tr:has-text('two outlets disagree on the day')")
    row = p.inner_text("#audit tbody tr")
    assert "amal" in row and "status" in row and "disputed" in row
    screenshot(page, "dashboard-review.png", tmp_path)
    event_id = p.url.rsplit("/", 1)[-1]
    p.click("header nav a[href='/review']")
    p.wait_for_selector("body[data-ready=review]")
    assert p.locator(f"#queue-disputed a[href='/events/{event_id}']").count() == 1
    assert p.locator("#queue-imprecise tbody tr").count() >= 1
