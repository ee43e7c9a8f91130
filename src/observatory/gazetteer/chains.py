"""Administrative chains: a place followed by the units that contain it.

Event notes and many reports write a place with its containers, finest first:

- ``Idohu village (Irumu, Ituri)``, ``in Assisi (Perugia, Umbria)``,
  ``in Shar Hla village, Seikphyu township (Pakokku district, Magway region)``;
- ``near Pavlivka, Donetsk.``, ``in Tehuacan, Puebla, ...``, ``Kafr Tabsin village, Idlib``.

:func:`find_chains` reads the syntax only: the names before the container (the *head*, the
event's place first) and the container's units (finest first), each with the unit word that
follows it ("village", "district"). Whether the units are places, in which country, and what
the head resolves to is the geocoder's job (:mod:`observatory.geocode`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["UNIT_WORDS", "AdminChain", "ChainName", "find_chains"]

UNIT_WORDS = frozenset(
    {
        "village",
        "villages",
        "town",
        "city",
        "township",
        "district",
        "region",
        "state",
        "province",
        "governorate",
        "county",
        "oblast",
        "raion",
        "rayon",
        "municipality",
        "department",
        "commune",
        "prefecture",
        "division",
        "territory",
        "sector",
        "sub-district",
        "subdistrict",
        "lga",
        "regency",
        "tehsil",
        "neighborhood",
        "neighbourhood",
        "suburb",
        "camp",
        "ward",
        "zone",
        "parish",
        "locality",
        "community",
        "hromada",
        "area",
        "chiefdom",
        "cercle",
        "woreda",
        "kebele",
        "upazila",
        "barangay",
        "nahiya",
        "qada",
        "qadaa",
        "countryside",
    }
)
# a capitalised name: words joined by spaces or hyphens, with lowercase articles and
# particles inside ("Deir ez-Zor", "Seoul City - Jongno", "St. John's", "Tin Rhassane 2")
_WORD = r"(?:[A-Z][a-z]?t\.(?= [A-Z])|(?:(?:al|el|ad|as|ash|az|ar|an|at|ed|es|ez|ibn|bin)-)?[A-Z][\w'’]*(?:-(?:ri|gu|dong|myeon|eup|si|gun|do|ku|shi|machi|cho)\b)?)"
_PARTICLE = (
    r"(?:al|el|ad|as|ash|az|ar|an|at|ed|es|ez|de|del|la|le|les|du|des|da|do|dos|di|of|bin|ibn|"
    r"au|aux|sur|sous|en|i|y|on|upon|am|an der)"
)
_NAME = rf"{_WORD}(?:(?: - | |-)(?:{_PARTICLE}(?: |-))*(?:{_WORD}|\d+\b))*"
_UNIT = "(?i:" + "|".join(sorted(UNIT_WORDS, key=len, reverse=True)) + r")\b"
# inside a parenthesis a comma ends a unit, so "and" is part of a name ("Jammu and Kashmir")
_ITEM_NAME = rf"{_WORD}(?:(?: - | |-)(?:(?:{_PARTICLE}|and)(?: |-))*(?:{_WORD}|\d+\b))*"
_NAMED = re.compile(rf"(?P<name>{_ITEM_NAME})(?:\s+(?P<unit>{_UNIT}))?")
_NAMED_END = re.compile(rf"(?:^|(?<=[\s(\"'“]))(?P<name>{_NAME})(?:\s+(?P<unit>{_UNIT}))?\s*$")
_PARENS = re.compile(r"\(([^()\n]{2,160})\)")
# "in X, Y" with no parentheses: Y is a container only when no list goes on after it
_PAIR = re.compile(
    rf"(?<![\w'’-])(?P<head>{_NAME})(?:\s+(?P<hunit>{_UNIT}))?,\s+(?P<outer>{_NAME})"
    rf"(?:\s+(?P<ounit>{_UNIT}))?(?=\s*(?:[.;:!?)]|,\s+[a-z]|\s+(?!and\b|or\b)[a-z]|$))"
)
# Where a pair can be: its comma, and the start of the text its head and unit can span (no
# character outside names, unit words and the spaces between them); a head starts a word
_PAIR_COMMA = re.compile(r",\s")
_OUTSIDE_NAME = re.compile(r"[^\w\s'’.\-]")
_NAME_START = re.compile(r"(?<![\w'’-])[A-Za-z]")


def _pairs(text: str) -> Iterator[re.Match[str]]:
    """``_PAIR.finditer(text)``, tried only at the words before each comma (back to the
    last character no name holds), not at every character of the text."""
    blockers = [m.start() for m in _OUTSIDE_NAME.finditer(text)]
    pos = 0
    while (comma := _PAIR_COMMA.search(text, pos)) is not None:
        at = comma.start()
        k = bisect_left(blockers, at)  # blockers[k] is the comma itself
        lo = max(pos, blockers[k - 1] + 1 if k > 0 else 0)
        found = None
        for word in _NAME_START.finditer(text, lo, at):
            found = _PAIR.match(text, word.start())
            if found is not None:
                break
        if found is None:
            pos = at + 1  # no pair has this comma: one that starts later has a later one
            continue
        yield found
        pos = found.end()


_LINK_BEFORE = re.compile(r"(?:,\s*|\s+of\s+(?:the\s+)?)$")
_HEAD_MAX = 3


@dataclass(frozen=True, slots=True, kw_only=True)
class ChainName:
    """A name of a chain and the unit word written after it ("Irumu", None; "Shar Hla", "village")."""

    start: int
    end: int
    name: str
    unit: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class AdminChain:
    """A head (the event's place first) and its containers (finest first)."""

    head: tuple[ChainName, ...]
    units: tuple[ChainName, ...]
    start: int
    end: int
    parenthesised: bool


def _split_unit(name: str, unit: str | None, start: int) -> ChainName | None:
    """The name with a trailing unit word moved to ``unit`` ("Chin State" -> Chin, state)."""
    if unit is not None and unit.lower() not in UNIT_WORDS:
        unit = None
    words = name.rsplit(" ", 1)
    # "Chin State" is Chin; "Daly City", "Quezon City" keep their capitalised "City"
    if unit is None and len(words) == 2 and words[1].lower() in UNIT_WORDS - {"city", "town"}:
        name, unit = words[0], words[1]
    name = name.strip(" -")
    if not name or name.lower() in UNIT_WORDS:
        return None
    return ChainName(start=start, end=start + len(name), name=name, unit=unit and unit.lower())


# acronyms in parentheses are organisations and outlets ("(AP)", "(SOHR)", "(KPK)"), not places
_ACRONYM = re.compile(r"[A-Z][A-Z&.]{1,5}")


def _item(text: str, start: int, end: int) -> ChainName | None:
    """One comma-separated item of a parenthesis, or None when it is not a bare name."""
    while start < end and text[start] == " ":
        start += 1
    while end > start and text[end - 1] == " ":
        end -= 1
    if text.startswith("the ", start):
        start += 4
    m = _NAMED.fullmatch(text, start, end)
    if m is None:
        return None
    return _split_unit(m.group("name"), m.group("unit"), start)


def _head(text: str, end: int) -> tuple[ChainName, ...]:
    """The names right before ``end`` ("Shar Hla village, Seikphyu township"), first first."""
    names: list[ChainName] = []
    pos = end
    for _ in range(_HEAD_MAX):
        lo = max(0, pos - 120)
        m = _NAMED_END.search(text, lo, pos)
        if m is None:
            break
        if m.group("unit") is not None and m.group("unit").lower() not in UNIT_WORDS:
            break  # "the CCEJ Office": not a place with its unit word
        found = _split_unit(m.group("name"), m.group("unit"), m.start("name"))
        if found is None:
            break
        names.insert(0, found)
        link = _LINK_BEFORE.search(text, max(0, m.start() - 12), m.start())
        if link is None:
            break
        pos = link.start()
    return tuple(names)


def find_chains(text: str) -> list[AdminChain]:
    """Every place-with-containers phrase of ``text``, in text order (syntax only)."""
    out: list[AdminChain] = []
    for p in _PARENS.finditer(text):
        inner_start, inner_end = p.span(1)
        items: list[ChainName] = []
        pos = inner_start
        ok = True
        for part in text[inner_start:inner_end].split(","):
            item = _item(text, pos, pos + len(part))
            pos += len(part) + 1
            if item is None:
                ok = False
                break
            items.append(item)
        if not ok or not items or len(items) > 4 or all(_ACRONYM.fullmatch(i.name) for i in items):
            continue
        head = _head(text, p.start())
        start = head[0].start if head else p.start()
        out.append(
            AdminChain(head=head, units=tuple(items), start=start, end=p.end(), parenthesised=True)
        )
    taken = [(c.start, c.end) for c in out]
    for m in _pairs(text):
        if any(s <= m.start() < e or s < m.end() <= e for s, e in taken):
            continue
        first = _split_unit(m.group("head"), m.group("hunit"), m.start("head"))
        outer = _split_unit(m.group("outer"), m.group("ounit"), m.start("outer"))
        if first is None or outer is None:
            continue
        out.append(
            AdminChain(
                head=(first,), units=(outer,), start=m.start(), end=m.end(), parenthesised=False
            )
        )
    out.sort(key=lambda c: c.start)
    return out
