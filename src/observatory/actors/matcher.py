"""Compiling thousands of aliases into one fast regular expression.

Aliases become a character trie turned into a regex (``isis|isil`` -> ``isi(?:s|l)``), so
the engine checks one branch per character instead of every alias at every position, and
greedy optional branches make the longest alias win. Case follows the table's rule: a
word written entirely in capitals ("IS", "SAA") matches only in capitals, everything else
in any case. A hyphen in an alias matches a hyphen or spaces, an apostrophe matches ' or ’.

:func:`normalise` gives the key under which a matched stretch of text is looked up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

__all__ = [
    "AliasMatcher",
    "alternation",
    "normalise",
    "shouting",
]

_HYPHENS = "-‐‑–"
_SEP = "\x01"  # hyphen or whitespace
_APOS = "\x02"  # ' or ’
_CASED = "\x03"  # prefix of a character that must match in its own case

_SEP_RX = r"(?:\s*[-‐‑–]\s*|\s+)"
_APOS_RX = "['’]"
_NORMALISE_SEP = re.compile(r"[\s\-‐‑–]+")
_ACRONYM = re.compile(r"(?<![A-Za-z])[A-Z]{2,}(?![A-Za-z])")
_LEADING = r"(?<![\w\-‐‑])"
_TRAILING = r"(?!\w)"


def normalise(text: str) -> str:
    """The lookup key of an alias or of matched text: lower case, ’ as ', hyphens and
    runs of whitespace as one space."""
    return _NORMALISE_SEP.sub(" ", text.replace("’", "'")).strip().lower()


def _atoms(alias: str) -> list[str]:
    cased: set[int] = set()
    for m in _ACRONYM.finditer(alias):
        cased.update(range(m.start(), m.end()))
    atoms: list[str] = []
    for i, ch in enumerate(alias.strip()):
        if ch.isspace() or ch in _HYPHENS:
            if not atoms or atoms[-1] != _SEP:
                atoms.append(_SEP)
        elif ch in "'’":
            atoms.append(_APOS)
        elif i in cased:
            atoms.append(_CASED + ch)
        else:
            atoms.append(ch.lower())
    return atoms


def _atom_regex(atom: str) -> str:
    if atom == _SEP:
        return _SEP_RX
    if atom == _APOS:
        return _APOS_RX
    if atom.startswith(_CASED):
        return f"(?-i:{re.escape(atom[1:])})"
    return re.escape(atom)


_Trie = dict[str, "_Trie"]
_END = ""


def _trie_regex(aliases: Iterable[str], *, terminal: str = _TRAILING) -> str:
    root: _Trie = {}
    for alias in aliases:
        node = root
        for atom in _atoms(alias):
            node = node.setdefault(atom, {})
        node[_END] = {}

    def build(node: _Trie) -> str:
        branches = [_atom_regex(a) + build(child) for a, child in sorted(node.items()) if a]
        if _END in node:
            # Greedy: a longer alias through a child first, then this one if a word ends.
            branches.append(terminal)
        if len(branches) == 1:
            return branches[0]
        if not terminal and branches[-1] == "":
            return "(?:" + "|".join(branches[:-1]) + ")?"
        return "(?:" + "|".join(branches) + ")"

    return build(root) if root else "(?!)"


def alternation(words: Iterable[str]) -> str:
    """A regex matching any of ``words`` (hyphens and spaces interchangeable), longest
    first, without boundaries (as a trie: fast to scan)."""
    parts = {w.strip() for w in words if w.strip()}
    if not parts:
        return "(?!)"
    return "(?:" + _trie_regex(parts, terminal="") + ")"


def shouting(text: str, start: int, end: int) -> bool:
    """True when the text around ``start:end`` has no lower-case letter (a headline in
    capitals, where "IS" is a verb)."""
    window = text[max(0, start - 30) : end + 30]
    return not any(ch.islower() for ch in window)


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    key: str  # normalise(matched text), or "pattern:<n>" for a pattern


class AliasMatcher:
    """Finds aliases and patterns in text, leftmost-longest, without overlaps.

    ``patterns`` are regular expressions (case-insensitive unless they say otherwise)
    reported with the key ``pattern:<index>``.
    """

    __slots__ = ("_aliases", "_patterns")

    def __init__(self, aliases: Iterable[str], patterns: Sequence[str] = ()) -> None:
        # The leading word boundary is checked in Python: a lookbehind at the start of
        # the pattern would keep the engine from skipping quickly to possible first letters.
        self._aliases = re.compile(_trie_regex(aliases), re.IGNORECASE)
        self._patterns: re.Pattern[str] | None = None
        if patterns:
            body = "|".join(f"(?P<p{i}>{p})" for i, p in enumerate(patterns))
            self._patterns = re.compile(f"(?:{body}){_TRAILING}", re.IGNORECASE)

    def _alias_hits(self, text: str, start: int, end: int) -> Iterator[Hit]:
        search = self._aliases.search
        pos = start
        while True:
            m = search(text, pos, end)
            if m is None:
                return
            s, e = m.span()
            if e == s or (s > 0 and (text[s - 1].isalnum() or text[s - 1] in "_-‐‑")):
                pos = s + 1
                continue
            nxt = text[e : e + 2]
            if len(nxt) == 2 and nxt[0] in _HYPHENS and nxt[1].isalpha():
                pos = s + 1  # "ISIS-held", "Islamic State-linked": a modifier, not a name
                continue
            matched = m.group()
            if _ACRONYM.search(matched) and shouting(text, s, e):
                pos = s + 1
                continue
            yield Hit(s, e, normalise(matched))
            pos = e

    def _pattern_hits(self, text: str, start: int, end: int) -> Iterator[Hit]:
        if self._patterns is None:
            return
        for m in self._patterns.finditer(text, start, end):
            s = m.start()
            if m.end() == s or (s > 0 and (text[s - 1].isalnum() or text[s - 1] in "_-‐‑")):
                continue
            group = next(k for k, v in m.groupdict().items() if v is not None)
            yield Hit(m.start(), m.end(), f"pattern:{group[1:]}")

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Hit]:
        """Non-overlapping hits in text order; at one position the longest wins."""
        stop = len(text) if end is None else min(end, len(text))
        hits = list(self._alias_hits(text, start, stop))
        if self._patterns is not None:
            extra = list(self._pattern_hits(text, start, stop))
            if extra:
                hits.extend(extra)
                hits.sort(key=lambda h: (h.start, h.start - h.end))
                kept: list[Hit] = []
                for h in hits:
                    if kept and h.start < kept[-1].end:
                        continue
                    kept.append(h)
                hits = kept
        return hits
