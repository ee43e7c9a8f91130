"""Which outlet published a report: the outlets table and detection from the text.

The table (``observatory/data/outlets.tsv``) maps aliases, as reports write them or as web
domains, to one canonical name per outlet. :func:`detect_outlet` tries, in order:

1. a trailing attribution line: ``(The Daily Star :: Lebanon News :: http://...)``,
   ``(Source: Syrian Coalition's Media Office)``, ``- REUTERS``, a last line naming an outlet;
2. the dateline: ``BEIRUT, April 11 (Reuters) -``, ``Beirut, Asharq Al-Awsat—``,
   ``Aleppo, SANA-``, ``(AFP)``;
3. a first line that names an outlet or monitor (a repost headed "The Syrian Observatory
   For Human Rights");
4. the URL's domain.

Only aliases in the table count, except a parenthesised wire credit followed by a dash
(``(Xinhua) --``), which is unambiguous and kept as written when the table lacks it.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

__all__ = ["OutletTable", "canonical_outlet", "detect_outlet", "load_outlets", "outlet_for_domain"]

TRAILING_LINES = 3
SHORT_LINE = 80  # a line this short may be nothing but an outlet's name
ATTRIBUTION_LINE = 300  # a longer line is a paragraph; only a "- REUTERS" credit ends it
OPENING_CHARS = 400

_NON_ALNUM = re.compile(r"[\W_]+")
_URL = re.compile(r"https?://\S+|\bwww\.\S+", re.IGNORECASE)
_DOMAIN = re.compile(r"^(?:[a-z0-9-]+\.)+[a-z]{2,}$", re.IGNORECASE)
_PAREN_LINE = re.compile(r"^\(\s*(.+?)\s*\)\.?$")
_SOURCE_LINE = re.compile(r"^(?:sources?|via|credits?|courtesy(?: of)?)\s*[:\-–—]?\s*(.+)$", re.I)
_DASH_CREDIT = re.compile(r"(?:^|\s)[-–—]+\s*([A-Za-z][\w .&'-]{1,40}?)\.?\s*$")
_PAREN_DASH = re.compile(r"\(\s*([A-Za-z][\w .&'/-]{0,40}?)\s*\)\s*(?:[-–—]+|:)")
_PAREN = re.compile(r"\(\s*([A-Za-z][\w .&'/-]{0,40}?)\s*\)")
_PLACE_COMMA = re.compile(r"^[A-Z][\w'.\- ]{1,30},\s*([^,\n]{2,50})")
_DASH = re.compile(r"[—–-]")
_WORDS_DASH = re.compile(
    r"\b([A-Za-z][\w'.]*+(?:\s[A-Za-z][\w'.]*+){0,3})\s?(?:[—–]|-(?=\s?[A-Z]))"
)
_SPLIT_PIECES = re.compile(r"\s*(?:::|\||;|,|\s[-–—]\s|\band\b)\s*")


def _key(name: str) -> str:
    """Match key of a name: case, spaces, punctuation and a leading "the" ignored."""
    text = unicodedata.normalize("NFKD", name).casefold()
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"^\s*the\s+", "", text)
    return _NON_ALNUM.sub("", text)


def _domain(text: str) -> str | None:
    value = text.strip().lower()
    if "://" in value or value.startswith("www."):
        try:
            host = urlsplit(value if "://" in value else "http://" + value).hostname or ""
        except ValueError:  # "http://[x" is not a URL (found by fuzzing)
            return None
    else:
        host = value.split("/", 1)[0]
    host = host.removeprefix("www.").rstrip(".")
    return host if _DOMAIN.match(host) else None


@dataclass(frozen=True, slots=True, kw_only=True)
class OutletTable:
    """Aliases to canonical outlet names: ``names`` by match key, ``domains`` by host."""

    names: Mapping[str, str]
    domains: Mapping[str, str]

    def lookup(self, text: str) -> str | None:
        """The canonical outlet a name or domain refers to, or None."""
        domain = _domain(text) if "." in text and " " not in text.strip() else None
        if domain:
            return self.for_domain(domain)
        key = _key(text)
        return self.names.get(key) if key else None

    def for_domain(self, host: str) -> str | None:
        parts = host.lower().removeprefix("www.").split(".")
        for i in range(len(parts) - 1):
            hit = self.domains.get(".".join(parts[i:]))
            if hit:
                return hit
        return None


def _parse_table(lines: Iterable[str], *, source: str) -> OutletTable:
    names: dict[str, str] = {}
    domains: dict[str, str] = {}
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or line.startswith("#") or line == "alias\toutlet":
            continue
        alias, sep, outlet = line.partition("\t")
        if not sep or not alias.strip() or not outlet.strip():
            raise ValueError(f"{source}:{number}: expected 'alias<TAB>outlet', got {raw!r}")
        outlet = outlet.strip()
        domain = _domain(alias) if "." in alias and " " not in alias.strip() else None
        if domain:
            domains[domain] = outlet
        else:
            names[_key(alias)] = outlet
        names.setdefault(_key(outlet), outlet)
    return OutletTable(names=names, domains=domains)


@functools.cache
def _bundled() -> OutletTable:
    path = resources.files("observatory") / "data" / "outlets.tsv"
    return _parse_table(path.read_text(encoding="utf-8").splitlines(), source="outlets.tsv")


def load_outlets(path: str | Path | None = None) -> OutletTable:
    """The bundled outlets table, or the table in ``path`` (same format)."""
    if path is None:
        return _bundled()
    p = Path(path)
    return _parse_table(p.read_text(encoding="utf-8").splitlines(), source=str(p))


def canonical_outlet(name: str, *, table: OutletTable | None = None) -> str | None:
    """The canonical name of the outlet ``name`` (an alias or a domain), or None."""
    return (table or _bundled()).lookup(name)


def outlet_for_domain(url: str, *, table: OutletTable | None = None) -> str | None:
    """The outlet whose web domain the URL is on, or None."""
    host = _domain(url)
    return (table or _bundled()).for_domain(host) if host else None


def _pieces(text: str) -> list[str]:
    out: list[str] = []
    for url in _URL.findall(text):
        out.append(url)
    rest = _URL.sub(" ", text)
    out.extend(p for p in _SPLIT_PIECES.split(rest) if p and p.strip())
    return [p.strip(" .:()") for p in out]


def _first_known(candidates: Iterable[str], table: OutletTable) -> str | None:
    for candidate in candidates:
        if candidate:
            hit = table.lookup(candidate)
            if hit:
                return hit
    return None


def _from_trailer(lines: list[str], table: OutletTable) -> str | None:
    for line in reversed(lines[-TRAILING_LINES:]):
        candidates: list[str] = []
        dash = _DASH_CREDIT.search(line[-ATTRIBUTION_LINE:])
        if len(line) > ATTRIBUTION_LINE:  # a paragraph, not an attribution line
            hit = table.lookup(dash.group(1)) if dash else None
            if hit:
                return hit
            continue
        paren = _PAREN_LINE.match(line)
        inner = paren.group(1) if paren else line
        source = _SOURCE_LINE.match(inner)
        if source:
            inner = source.group(1)
        if paren or source:
            candidates.append(inner)
            candidates.extend(_pieces(inner))
        elif len(line) <= SHORT_LINE:
            candidates.append(line)
        if dash:
            candidates.append(dash.group(1))
        hit = _first_known(candidates, table)
        if hit:
            return hit
    return None


def _from_dateline(opening: str, table: OutletTable) -> str | None:
    paren_dash = _PAREN_DASH.search(opening)
    if paren_dash:
        inner = paren_dash.group(1)
        hit = table.lookup(inner)
        if hit:
            return hit
        if not any(c.isdigit() for c in inner) and len(inner.split()) <= 4:
            return " ".join(inner.split())
    place = _PLACE_COMMA.match(opening)
    if place:
        after = place.group(1)
        for dash in _DASH.finditer(after):
            hit = table.lookup(after[: dash.start()])
            if hit:
                return hit
    for paren in _PAREN.finditer(opening):
        hit = table.lookup(paren.group(1))
        if hit:
            return hit
    for m in _WORDS_DASH.finditer(opening):
        words = m.group(1).split()
        hit = _first_known((" ".join(words[i:]) for i in range(len(words))), table)
        if hit:
            return hit
    return None


def detect_outlet(
    text: str, *, url: str | None = None, table: OutletTable | None = None
) -> str | None:
    """The outlet a report's attribution lines, dateline, first line or URL name, or None."""
    table = table or _bundled()
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if not lines:
        return outlet_for_domain(url, table=table) if url else None
    hit = _from_trailer(lines, table)
    if hit:
        return hit
    hit = _from_dateline("\n".join(lines)[:OPENING_CHARS].split("\n", 1)[0], table)
    if hit is None and len(lines) > 1 and len(lines[0]) <= SHORT_LINE:
        # a short first line (a monitor's repost header) does not hold the dateline
        hit = _from_dateline(lines[1][:OPENING_CHARS], table)
    if hit:
        return hit
    if len(lines[0]) <= SHORT_LINE:
        hit = table.lookup(lines[0])
        if hit:
            return hit
    return outlet_for_domain(url, table=table) if url else None
