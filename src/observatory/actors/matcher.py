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
from typing import NamedTuple

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
_WINDOW = 120  # a pattern match reaches at most this far from its keyword
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


def _atom_regex(atom: str, *, folded: bool = True) -> str:
    """One atom as regex. ``folded``: the text is lower-cased before matching, so plain
    letters are written in lower case; otherwise they match either case by a class."""
    if atom == _SEP:
        return _SEP_RX
    if atom == _APOS:
        return _APOS_RX
    if atom.startswith(_CASED):
        return re.escape(atom[1:])
    if not folded and atom.upper() != atom:
        return f"[{re.escape(atom)}{re.escape(atom.upper())}]"
    return re.escape(atom)


_Trie = dict[str, "_Trie"]
_END = ""


def _trie_regex(aliases: Iterable[str], *, terminal: str = _TRAILING, folded: bool = True) -> str:
    root: _Trie = {}
    for alias in aliases:
        node = root
        for atom in _atoms(alias):
            node = node.setdefault(atom, {})
        node[_END] = {}

    def build(node: _Trie) -> str:
        branches = [
            _atom_regex(a, folded=folded) + build(child) for a, child in sorted(node.items()) if a
        ]
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
    return "(?:" + _trie_regex(parts, terminal="", folded=False) + ")"


def shouting(text: str, start: int, end: int) -> bool:
    """True when the text around ``start:end`` has no lower-case letter (a headline in
    capitals, where "IS" is a verb)."""
    window = text[max(0, start - 30) : end + 30]
    return not any(ch.islower() for ch in window)


class Hit(NamedTuple):
    start: int
    end: int
    key: str  # normalise(matched text), or "pattern:<n>" for a pattern


def _cased(alias: str) -> bool:
    return any(a.startswith(_CASED) for a in _atoms(alias))


def _keywords(pattern: str) -> tuple[str, ...]:
    """Literal words of four letters or more outside any group of a pattern: every
    match contains them, so the pattern need not run on text that lacks one."""
    bare = re.sub(r"\\.|\[[^\]]*\]|\{[a-z_]+\}", " ", pattern)
    while True:
        stripped = re.sub(r"\([^()]*\)[?*]?", " ", bare)
        if stripped == bare:
            break
        bare = stripped
    if "|" in bare:
        return ()  # a top-level alternation: no word is certain
    return tuple(sorted({w.lower() for w in re.findall(r"[A-Za-z]{4,}", bare)}))


class AliasMatcher:
    """Finds aliases and patterns in text, leftmost-longest, without overlaps.

    Aliases without capitalised words are matched on lower-cased text (fast); those
    with one ("IS", "US-led coalition") on the text as it is. ``patterns`` are regular
    expressions (case-insensitive unless they say otherwise) reported with the key
    ``pattern:<index>``; each must contain a literal word of four letters or more that
    every match contains, and runs only on text containing one of its words.
    """

    __slots__ = ("_cased", "_folded", "_folded_any_case", "_patterns")

    def __init__(self, aliases: Iterable[str], patterns: Sequence[str] = ()) -> None:
        names = list(aliases)
        plain = [a for a in names if not _cased(a)]
        body = _trie_regex(plain)
        self._folded = re.compile(_LEADING + body)
        # for text whose lower-casing changes its length (rare: "İ")
        self._folded_any_case = re.compile(_LEADING + body, re.IGNORECASE)
        self._cased = re.compile(
            _LEADING + _trie_regex([a for a in names if _cased(a)], folded=False)
        )
        self._patterns = tuple(
            (_keywords(p), re.compile(f"{_LEADING}(?:{p}){_TRAILING}", re.IGNORECASE))
            for p in patterns
        )

    def _hits(self, rx: re.Pattern[str], text: str, start: int, end: int, *,
              cased: bool) -> Iterator[Hit]:  # fmt: skip
        search = rx.search
        pos = start
        while True:
            m = search(text, pos, end)
            if m is None:
                return
            s, e = m.span()
            nxt = text[e : e + 2]
            if e == s or (len(nxt) == 2 and nxt[0] in _HYPHENS and nxt[1].isalpha()):
                pos = s + 1  # "ISIS-held", "Islamic State-linked": a modifier, not a name
                continue
            if cased and shouting(text, s, e):
                pos = s + 1
                continue
            yield Hit(s, e, normalise(m.group()))
            pos = e

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Hit]:
        """Non-overlapping hits in text order; at one position the longest wins."""
        stop = len(text) if end is None else min(end, len(text))
        piece = text[start:stop]
        low = piece.lower()
        hits: list[Hit] = []
        if len(low) == len(piece):
            for s, e, key in self._hits(self._folded, low, 0, len(low), cased=False):
                if s == 0 and start > 0 and _joined(text, start):
                    continue
                hits.append(Hit(s + start, e + start, key))
        else:
            hits.extend(self._hits(self._folded_any_case, text, start, stop, cased=False))
        hits.extend(self._hits(self._cased, text, start, stop, cased=True))
        for i, (keywords, rx) in enumerate(self._patterns):
            key = f"pattern:{i}"
            if not keywords:
                hits.extend(
                    Hit(m.start(), m.end(), key)
                    for m in rx.finditer(text, start, stop)
                    if m.end() > m.start()
                )
                continue
            if not all(k in low for k in keywords):
                continue
            # search only around the keyword's occurrences
            found = low.find(keywords[0])
            seen = start
            while found >= 0:
                lo = max(seen, start + found - _WINDOW)
                hi = min(stop, start + found + len(keywords[0]) + _WINDOW)
                for m in rx.finditer(text, lo, hi):
                    if m.end() > m.start():
                        hits.append(Hit(m.start(), m.end(), key))
                        seen = max(seen, m.end())
                found = low.find(keywords[0], found + 1)
        if len(hits) < 2:
            return hits
        hits.sort(key=lambda h: (h.start, h.start - h.end))
        kept: list[Hit] = []
        for h in hits:
            if kept and h.start < kept[-1].end:
                continue
            kept.append(h)
        return kept


def _joined(text: str, start: int) -> bool:
    """True when ``text[start]`` continues a word (a slice cut inside "anti-regime")."""
    ch = text[start - 1]
    return ch.isalnum() or ch in "_-‐‑"
