"""Reading http(s) URLs, against a local server on 127.0.0.1 only."""

from __future__ import annotations

import datetime as dt
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from observatory.errors import InputError, InputTooLarge
from observatory.ingest import read_inputs
from observatory.records import Document, PublishedBasis
from observatory.settings import Settings

pytestmark = pytest.mark.network

DATA = Path(__file__).parent / "data" / "ingest"

ROUTES: dict[str, tuple[str, bytes]] = {
    "/feed": ("application/rss+xml; charset=utf-8", (DATA / "feed.rss").read_bytes()),
    "/news/2016/10/19/market-strike": (
        "text/html; charset=utf-8",
        (DATA / "page.html").read_bytes(),
    ),
    "/plain/2016/03/01/report": ("text/plain; charset=utf-8", (DATA / "report.txt").read_bytes()),
    "/unlabelled": ("application/octet-stream", (DATA / "feed.atom").read_bytes()),
    "/big": ("text/plain", b"Shelling. " * 50),
}


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        route = ROUTES.get(self.path)
        if route is None:
            self.send_error(404, "Not Found")
            return
        content_type, body = route
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _read(url: str, settings: Settings | None = None) -> list[Document | InputError]:
    return list(read_inputs([url], settings=settings or Settings()))


def test_feed_url(base_url: str) -> None:
    docs = _read(base_url + "/feed")
    assert [type(d) for d in docs] == [Document, Document]
    assert [d.url for d in docs if isinstance(d, Document)] == [
        "http://sana.example/en/?p=101",
        "http://sana.example/en/?p=102",
    ]


def test_html_url(base_url: str) -> None:
    (doc,) = _read(base_url + "/news/2016/10/19/market-strike")
    assert isinstance(doc, Document)
    assert doc.url == base_url + "/news/2016/10/19/market-strike"
    assert doc.title == "Airstrikes hit market in Maarat al-Numan"
    assert doc.source == doc.url


def test_text_url_dated_by_its_url(base_url: str) -> None:
    (doc,) = _read(base_url + "/plain/2016/03/01/report")
    assert isinstance(doc, Document)
    assert (doc.published, doc.published_basis) == (dt.date(2016, 3, 1), PublishedBasis.URL)


def test_unlabelled_content_is_sniffed(base_url: str) -> None:
    docs = _read(base_url + "/unlabelled")
    assert len(docs) == 2 and all(isinstance(d, Document) for d in docs)


def test_http_error_is_an_input_error(base_url: str) -> None:
    (error,) = _read(base_url + "/missing")
    assert isinstance(error, InputError)
    assert "404" in str(error) and error.source == base_url + "/missing"


def test_too_large_response(base_url: str) -> None:
    (error,) = _read(base_url + "/big", Settings(max_document_bytes=100))
    assert isinstance(error, InputTooLarge)


def test_unreachable_host_is_an_input_error() -> None:
    # port 9 on the loopback: nothing listens there, the connection is refused at once
    (error,) = _read("http://127.0.0.1:9/feed")
    assert isinstance(error, InputError) and "could not fetch" in str(error)
