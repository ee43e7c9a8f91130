"""Property tests for every text path: whatever the input, nothing but a clear InputError
comes out of the readers, and extract, geocode, dates, numbers and fatalities return
well-formed results (spans inside the text, low <= best <= high) instead of raising.

The coverage-guided fuzzer with 1,000,000 inputs is benchmarks/fuzz_text.py; the timed
worst cases are benchmarks/fuzz_bounds.py (their correctness is checked here, untimed).
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from observatory.dates import find_dates
from observatory.errors import BinaryInput, InputError
from observatory.extract import Extractor
from observatory.fatalities import find_casualties
from observatory.ingest import make_document, normalise_text, read_csv, read_inputs, read_jsonl
from observatory.ingest.readers import SNIFF_BYTES, decode_bytes, html_depth
from observatory.numbers import parse_count, parse_number_words
from observatory.records import Document, Span
from observatory.settings import Settings

SETTINGS = Settings()
PUBLISHED = dt.date(2019, 6, 11)
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# words that wake the extraction rules up, so generated text reaches deep code paths
VOCABULARY = [
    "killed", "wounded", "airstrike", "air strike", "shelling", "clashes", "bomb", "explosion",
    "died", "dead", "at least", "more than", "dozens of", "five", "twenty-one", "1,200", "12",
    "civilians", "fighters", "soldiers", "children", "rebels", "regime forces", "ISIS", "SDF",
    "Aleppo", "Idlib", "Hama", "Douma", "Deir ez-Zor", "Maarat al-Numan", "Damascus", "Syria",
    "near", "in", "the village of", "countryside", "province", "on Monday", "yesterday",
    "last week", "June 11", "2019", "on Thursday night", "the toll rose to", "according to",
    "SOHR", "SANA", "activists said", "were", "was", "by", "and", "a", "the", ",", ".", ";",
    ":", "(", ")", '"', "\n", "\n\n", "-", "—", "'s", "among them", "including", "between",
    "to", "of", "no", "not", "denied", "protest", "arrested", "abducted", "الرقة", "٣",
]  # fmt: skip

words = st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=60).map(" ".join)
noise = st.text(max_size=200)
report_text = st.one_of(words, noise, st.tuples(words, noise, words).map("".join))


def _spans_inside(spans: list[Span] | tuple[Span, ...], text: str) -> None:
    for span in spans:
        assert 0 <= span.start <= span.end <= len(text), span
        if span.text is not None:
            assert text[span.start : span.end] == span.text


def _only_documents_or_errors(items: list[Any]) -> tuple[list[Document], list[InputError]]:
    docs = [i for i in items if isinstance(i, Document)]
    errors = [i for i in items if isinstance(i, InputError)]
    assert len(docs) + len(errors) == len(items), items
    for doc in docs:
        assert doc.text.strip() and normalise_text(doc.text) == doc.text
    for error in errors:
        assert str(error) and error.source
    return docs, errors


# ------------------------------------------------------------------------------ ingest


@FAST
@given(text=st.text(max_size=2_000))
def test_make_document_never_raises_anything_but_input_errors(text: str) -> None:
    try:
        doc = make_document(text, settings=SETTINGS)
    except InputError as exc:
        assert str(exc)
        return
    assert normalise_text(doc.text) == doc.text
    assert make_document(doc.text, settings=SETTINGS).content_hash == doc.content_hash


@FAST
@given(
    data=st.binary(max_size=3_000), encoding=st.sampled_from([None, "utf-8", "cp1252", "latin-1"])
)
def test_decode_bytes_gives_text_or_a_clear_error(data: bytes, encoding: str | None) -> None:
    try:
        text = decode_bytes(data, source="x", encoding=encoding)
    except InputError as exc:
        assert exc.source == "x"
        return
    assert isinstance(text, str)


SUFFIXES = [".txt", ".html", ".rss", ".xml", ".jsonl", ".csv", ".md", ".txt.gz", ".jsonl.gz", ""]


@FAST
@given(
    data=st.one_of(
        st.binary(max_size=2_000),
        report_text.map(str.encode),
        st.builds(lambda w: f"<html><body><p>{w}</p></body></html>".encode(), words),
        st.builds(
            lambda w: f'{{"id": 1, "text": {json.dumps(w)}}}\n{{"text": 5}}\n'.encode(), words
        ),
    ),
    suffix=st.sampled_from(SUFFIXES),
    compress=st.booleans(),
)
def test_any_file_is_read_or_refused_clearly(data: bytes, suffix: str, compress: bool) -> None:
    if compress or suffix.endswith(".gz"):
        data = gzip.compress(data)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        items = list(read_inputs([path], settings=SETTINGS))
    _only_documents_or_errors(items)
    assert items, "every input gives a document or an error"


tags = st.sampled_from(["div", "p", "span", "b", "li", "ul", "table", "td", "tr", "section", "br"])
markup = st.recursive(
    # a NUL makes the page binary (refused as such before its depth is read)
    report_text.map(lambda t: t.replace("<", " ").replace(">", " ").replace("\x00", " ")),
    lambda inner: st.builds(
        lambda tag, body, close: f"<{tag}>{''.join(body)}" + (f"</{tag}>" if close else ""),
        tags,
        st.lists(inner, max_size=4),
        st.booleans(),
    ),
    max_leaves=30,
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=markup, depth=st.integers(min_value=0, max_value=400))
def test_html_pages_are_read_or_refused_clearly(body: str, depth: int) -> None:
    page = f"<html><head><title>T</title></head><body>{'<div>' * depth}{body}</body></html>"
    assert html_depth(page) >= depth + 2 or depth == 0
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "page.html"
        path.write_text(page, encoding="utf-8")
        docs, errors = _only_documents_or_errors(list(read_inputs([path], settings=SETTINGS)))
    if depth + 2 > SETTINGS.max_html_depth:
        assert docs == [] and "max_html_depth" in str(errors[0])


@FAST
@given(markup=st.text(alphabet="<>/!-divp ab\"'=", max_size=300))
def test_html_depth_is_bounded_by_the_tags(markup: str) -> None:
    depth = html_depth(markup)
    assert 0 <= depth <= markup.count("<")
    assert html_depth(markup, stop_at=1) <= max(depth, 2)


@FAST
@given(
    entries=st.lists(st.tuples(report_text, report_text), min_size=1, max_size=5),
    atom=st.booleans(),
)
def test_feeds_give_one_item_per_entry(entries: list[tuple[str, str]], atom: bool) -> None:
    from xml.sax.saxutils import escape

    def clean(value: str) -> str:  # XML 1.0 cannot carry most control characters
        return escape("".join(c for c in value if c in "\t\n\r" or ord(c) >= 0x20))

    if atom:
        body = "".join(
            f"<entry><title>{clean(t)}</title><content type='html'>{clean(b)}</content></entry>"
            for t, b in entries
        )
        feed = f"<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'><title>W</title>{body}</feed>"
    else:
        body = "".join(
            f"<item><title>{clean(t)}</title><description>{clean(b)}</description></item>"
            for t, b in entries
        )
        feed = f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>W</title>{body}</channel></rss>"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "feed.xml"
        path.write_text(feed, encoding="utf-8")
        items = list(read_inputs([path], settings=SETTINGS))
    docs, errors = _only_documents_or_errors(items)
    assert len(docs) + len(errors) == len(entries)


record = st.fixed_dictionaries(
    {"text": report_text},
    optional={
        "id": st.one_of(st.text(max_size=20), st.integers()),
        "title": st.one_of(st.none(), st.text(max_size=40), st.integers()),
        "published": st.one_of(st.text(max_size=20), st.dates().map(str)),
        "outlet": st.text(max_size=20),
    },
)
line = st.one_of(
    record.map(json.dumps),
    record.map(lambda r: json.dumps(r, ensure_ascii=False)),
    st.text(max_size=80).filter(lambda s: "\n" not in s and "\r" not in s),
    st.just('{"text": "broken \\ud800 escape"}'),
)


@FAST
@given(lines=st.lists(line, min_size=1, max_size=12))
def test_jsonl_gives_one_item_per_non_blank_line(lines: list[str]) -> None:
    body = "\n".join(lines) + "\n"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "c.jsonl"
        path.write_bytes(body.encode("utf-8", errors="surrogatepass"))
        items = list(read_jsonl(path, settings=SETTINGS))
    docs, errors = _only_documents_or_errors(items)
    physical = body.encode("utf-8", errors="surrogatepass").split(b"\n")
    non_blank = [raw for raw in physical if raw.strip()]
    if b"\x00" in body.encode("utf-8", errors="surrogatepass")[:SNIFF_BYTES]:
        # a NUL byte makes the whole file binary: one clear error, by design
        assert not docs and [type(e) for e in errors] == [BinaryInput]
    elif non_blank:
        assert len(docs) + len(errors) == len(non_blank)
    for error in errors:
        assert error.line is None or 1 <= error.line <= len(physical)


@FAST
@given(rows=st.lists(st.tuples(st.text(max_size=10), report_text), min_size=1, max_size=8))
def test_csv_gives_one_item_per_row(rows: list[tuple[str, str]]) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "text"])
    writer.writerows(rows)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "c.csv"
        path.write_text(out.getvalue(), encoding="utf-8")
        items = list(read_csv(path, settings=SETTINGS))
    docs, errors = _only_documents_or_errors(items)
    blank_rows = sum(1 for row_id, text in rows if not (row_id.strip() or text.strip()))
    assert len(docs) + len(errors) == len(rows) - blank_rows or errors


# ------------------------------------------------------------------- extraction and parts


@SLOW
@given(text=report_text, published=st.one_of(st.none(), st.dates()))
def test_extract_returns_well_formed_claims(
    extractor: Extractor, text: str, published: dt.date | None
) -> None:
    try:
        doc = make_document(text, published=published, settings=SETTINGS)
    except InputError:
        return
    result = extractor.extract(doc)
    assert result.document_id == doc.id
    for claim in result.claims:
        _spans_inside(claim.evidence, doc.text)
        f = claim.fatalities
        if f is not None:
            assert f.low >= 0 and (f.best is None or f.low <= f.best)
            assert f.high is None or (f.best or f.low) <= f.high
    for toll in result.tolls:
        _spans_inside(toll.evidence, doc.text)


@SLOW
@given(text=report_text)
def test_geocode_mentions_are_inside_the_text(extractor: Extractor, text: str) -> None:
    mentions = extractor.geocoder.mentions(text)
    _spans_inside([m.span for m in mentions], text)
    assert [m.span.start for m in mentions] == sorted(m.span.start for m in mentions)


@SLOW
@given(name=st.one_of(st.text(max_size=40), st.sampled_from(VOCABULARY)))
def test_geocode_lookup_gives_a_place_or_none(extractor: Extractor, name: str) -> None:
    place = extractor.geocoder.lookup(name)
    assert place is None or place.name


@FAST
@given(text=report_text, published=st.one_of(st.none(), st.dates()))
def test_dates_are_inside_the_text(text: str, published: dt.date | None) -> None:
    for mention in find_dates(text, published=published):
        _spans_inside([mention.span], text)
        if mention.window is not None:
            assert mention.window[0] <= mention.window[1]


@FAST
@given(text=st.one_of(report_text, st.text(alphabet="0123456789,. -onetwhyfiv", max_size=60)))
def test_numbers_parse_or_give_none(text: str) -> None:
    count = parse_count(text)  # Count checks 0 <= low <= best <= high itself
    assert count is None or count.low >= 0
    value = parse_number_words(text)
    assert value is None or value >= 0


@FAST
@given(text=report_text)
def test_casualties_are_inside_the_text(text: str) -> None:
    for mention in find_casualties(text):
        _spans_inside([mention.span], text)
        assert mention.count.low >= 0


def test_feed_entry_with_a_malformed_marked_section_is_read(tmp_path: Path) -> None:
    """Found by benchmarks/fuzz_text.py: html.parser asserted on '<![' in an entry."""
    feed = (
        "<?xml version='1.0'?><rss version='2.0'><channel><title>W</title><item><title>T</title>"
        "<description><![CDATA[Shelling <![[CADT<b>killed</b> five people in Hama.]]>"
        "</description></item></channel></rss>"
    )
    path = tmp_path / "feed.rss"
    path.write_text(feed, encoding="utf-8")
    (doc,) = list(read_inputs([path], settings=SETTINGS))
    assert isinstance(doc, Document)
    assert "killed five people in Hama" in " ".join(doc.text.split())


def test_feed_declaring_an_undecodable_encoding_is_a_clear_error(tmp_path: Path) -> None:
    """Found by benchmarks/fuzz_text.py: feedparser raised UnicodeDecodeError."""
    path = tmp_path / "feed.rss"
    path.write_bytes(
        b'<?xml version="1.0" encoding="ab\xffcd"?><rss version="2.0"><channel>'
        b"<item><description>Shelling killed five.</description></item></channel></rss>"
    )
    (error,) = list(read_inputs([path], settings=SETTINGS))
    assert isinstance(error, InputError) and "not a readable RSS or Atom feed" in str(error)


def test_a_url_that_does_not_parse_is_not_a_crash() -> None:
    """Found by benchmarks/fuzz_text.py: urlsplit raised 'Invalid IPv6 URL' on a feed link."""
    doc = make_document("Shelling killed five in Hama.", url="http://[broken/2019/06/11/x")
    assert doc.outlet is None and doc.url == "http://[broken/2019/06/11/x"
