"""Documents from text: normalisation, the content hash, and :func:`make_document`.

The text a :class:`~observatory.records.Document` carries is the *normalised* text (NFC,
``\\r\\n`` and ``\\r`` turned into ``\\n``, trailing spaces of each line and blank lines at
either end removed, a leading byte-order mark dropped). Nothing else changes, so evidence
offsets index into ``Document.text``.

The content hash is taken over a further-normalised form, whitespace runs collapsed to one
space (case kept), so the same report re-wrapped or re-indented is the same document.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata

from observatory.errors import EmptyInput, InputTooLarge, UndecodableInput
from observatory.ingest.outlets import canonical_outlet, detect_outlet
from observatory.ingest.published import detect_published
from observatory.records import Document, PublishedBasis
from observatory.settings import Settings

__all__ = ["content_hash", "hash_form", "make_document", "normalise_text"]

HASH_LENGTH = 16

_TRAILING_SPACE = " \t\f\v\u00a0"
_LINE_BREAK = re.compile(r"\r\n?|[\u2028\u2029\x85]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def normalise_text(text: str) -> str:
    """The text as a Document keeps it: NFC, ``\\n`` line ends, no trailing spaces."""
    text = unicodedata.normalize("NFC", text)
    if text.startswith("\ufeff"):
        text = text[1:]
    text = _LINE_BREAK.sub("\n", text)
    text = "\n".join(line.rstrip(_TRAILING_SPACE) for line in text.split("\n"))
    return text.strip("\n")


def hash_form(text: str) -> str:
    """The form the content hash is taken over: NFC, whitespace runs collapsed, case kept."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def content_hash(text: str) -> str:
    """Hex SHA-256 of :func:`hash_form`, truncated to 16 characters."""
    digest = hashlib.sha256(hash_form(text).encode("utf-8")).hexdigest()
    return digest[:HASH_LENGTH]


def make_document(
    text: str,
    *,
    id: str | None = None,
    title: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    published: dt.date | None = None,
    published_basis: PublishedBasis | None = None,
    language: str | None = None,
    source: str | None = None,
    settings: Settings | None = None,
) -> Document:
    """A Document from report text and what is known about it.

    ``id`` defaults to the content hash. When ``published`` is None it is detected from
    the URL, then from a dateline in the first lines, and the basis recorded
    (``PublishedBasis.NONE`` when neither gives one). When ``published`` is given without a
    basis, the basis is ``METADATA``. When ``outlet`` is None it is detected from
    attribution lines, the dateline, a first line naming a monitor, then the URL's domain;
    a given outlet is put in its canonical spelling when the outlets table knows it.

    Raises :class:`~observatory.errors.EmptyInput` for blank text,
    :class:`~observatory.errors.InputTooLarge` over ``settings.max_document_bytes`` and
    :class:`~observatory.errors.UndecodableInput` for text holding unpaired surrogates
    (a broken ``\\ud800``-style JSON escape), which no store could write as UTF-8.
    """
    settings = settings or Settings()
    size = len(text.encode("utf-8", errors="surrogatepass"))
    if size > settings.max_document_bytes:
        raise InputTooLarge(
            f"document is {size:,} bytes, over the limit of {settings.max_document_bytes:,}"
            " (setting max_document_bytes)",
            source=source,
        )
    given = {"text": text, "id": id, "title": title, "outlet": outlet, "url": url}
    given["language"] = language
    for name, value in given.items():
        surrogate = _SURROGATE.search(value) if value else None
        if surrogate is not None:
            raise UndecodableInput(
                f"{name} has an unpaired surrogate U+{ord(surrogate.group()):04X} at character"
                f" {surrogate.start()} (a broken \\u escape?); fix or drop that character",
                source=source,
            )
    body = normalise_text(text)
    if not body.strip():
        raise EmptyInput("document has no text", source=source)
    digest = content_hash(body)
    url = (url or "").strip() or None
    if published is None:
        published, basis = detect_published(body, url=url)
    else:
        basis = published_basis or PublishedBasis.METADATA
    if outlet is not None and outlet.strip():
        outlet = canonical_outlet(outlet) or " ".join(outlet.split())
    else:
        outlet = detect_outlet(body, url=url)
    return Document(
        id=(id or "").strip() or digest,
        content_hash=digest,
        text=body,
        title=" ".join(title.split()) or None if title else None,
        outlet=outlet,
        url=url,
        published=published,
        published_basis=basis,
        language=(language or "").strip() or "en",
        source=source,
    )
