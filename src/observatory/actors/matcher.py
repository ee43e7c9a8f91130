"""Compiling thousands of aliases into one fast regular expression.

Aliases become a character trie turned into a regex (``isis|isil`` -> ``isi(?:s|l)``), so
the engine checks one branch per character instead of every alias at every position, and
greedy optional branches make the longest alias win. Case follows the table's rule: a
word written entirely in capitals ("IS", "SAA") matches only in capitals, everything else
in any case. A hyphen in an alias matches a hyphen or spaces, an apostrophe matches ' or ’.

:func:`normalise` gives the key under which a matched stretch of text is looked up.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate, compress
from typing import NamedTuple

__all__ = [
    "AliasMatcher",
    "DocScanner",
    "alternation",
    "capitalised_alternation",
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


@functools.lru_cache(maxsize=65_536)
def _atoms(alias: str) -> tuple[str, ...]:
    """The alias as matching units (cached: every table reads the same aliases several
    times while it builds, and the country tables share most of them)."""
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
    return tuple(atoms)


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


def _trie(aliases: Iterable[str]) -> _Trie:
    root: _Trie = {}
    for alias in aliases:
        node = root
        for atom in _atoms(alias):
            node = node.setdefault(atom, {})
        node[_END] = {}
    return root


def _node_regex(node: _Trie, terminal: str, folded: bool) -> str:
    branches = [
        _atom_regex(a, folded=folded) + _node_regex(child, terminal, folded)
        for a, child in sorted(node.items())
        if a
    ]
    if _END in node:
        # Greedy: a longer alias through a child first, then this one if a word ends.
        branches.append(terminal)
    if len(branches) == 1:
        return branches[0]
    if not terminal and branches[-1] == "":
        return "(?:" + "|".join(branches[:-1]) + ")?"
    return "(?:" + "|".join(branches) + ")"


def _trie_regex(aliases: Iterable[str], *, terminal: str = _TRAILING, folded: bool = True) -> str:
    root = _trie(aliases)
    return _node_regex(root, terminal, folded) if root else "(?!)"


def alternation(words: Iterable[str]) -> str:
    """A regex matching any of ``words`` (hyphens and spaces interchangeable), longest
    first, without boundaries (as a trie: fast to scan)."""
    parts = {w.strip() for w in words if w.strip()}
    if not parts:
        return "(?!)"
    return "(?:" + _trie_regex(parts, terminal="", folded=False) + ")"


_CAPITALS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def capitalised_alternation(words: Iterable[str], *, not_after: str) -> str:
    """``(?=[A-Z])(?<!{not_after})`` + :func:`alternation` of ``words``, with the same
    matches, written so that a search skips to the capitals that can begin a word.

    ``not_after``: a one-character regex (a class like ``[\\w-]``) that the character
    before a match must not be. The trie is cut at its first level: each capital begins a
    branch (a literal, which lets the engine skip the text in a tight loop instead of trying
    the look-ahead at every character), followed by the look-behind (``(?<!X C)`` after the
    capital C is ``(?<!X)`` before it) and the continuations of every first atom that
    matches C, in the trie's order."""
    parts = {w.strip() for w in words if w.strip()}
    root = _trie(parts)
    if not parts:
        return "(?!)"
    branches: list[str] = []
    for capital in _CAPITALS:
        subs = [
            _node_regex(child, "", False)
            for atom, child in sorted(root.items())
            if re.fullmatch(_atom_regex(atom, folded=False), capital)
        ]
        if not subs:
            continue
        rest = subs[0] if len(subs) == 1 else "(?:" + "|".join(subs) + ")"
        branches.append(f"{capital}(?<!{not_after}{capital}){rest}")
    return "(?:" + "|".join(branches) + ")" if branches else "(?!)"


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


_WORDS = re.compile(r"\w+")
_TWO_WORD_CHARS = re.compile(r"\w\w")
_SHORT = 3  # a first word this short ("the", "a", "al") is scanned with the next word


def _start_key(alias: str) -> str | tuple[str, str]:
    """What the text must hold where the alias starts: its first word (a maximal run of
    word characters, lower-cased), or for a short first word the first two. A word of the
    alias is always followed by a non-word character or the alias's end, so the text's
    word at that place is exactly the alias's word. "" when the alias starts with a
    non-word character."""
    spelled = "".join(
        " " if a == _SEP else "'" if a == _APOS else a[-1].lower() for a in _atoms(alias)
    )
    if not spelled or _WORDS.match(spelled) is None:
        return ""
    words: list[str] = _WORDS.findall(spelled)
    if len(words[0]) > _SHORT or len(words) == 1:
        return words[0]
    return (words[0], words[1])


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

    ``pairs`` (first words, second words) are names made of any first word, optionally
    with "'s", and any second word ("Pakistani forces", "Kenya's police"): matched like
    aliases without capitals (keyed by the normalised text) but without listing every
    combination. An alias of the same length at the same place wins over a pair, and a
    pair followed by one of ``not_before`` is none ("the Myanmar military coup").
    """

    __slots__ = (
        "_cased",
        "_folded",
        "_folded_source",
        "_pairs",
        "_pairs_source",
        "_patterns",
        "_patterns_after",
        "cased_keys",
        "pair_keys",
        "plain_keys",
    )

    def __init__(
        self,
        aliases: Iterable[str],
        patterns: Sequence[str] = (),
        *,
        pairs: tuple[Iterable[str], Iterable[str]] = ((), ()),
        not_before: Iterable[str] = (),
    ) -> None:
        names = list(aliases)
        plain = [a for a in names if not _cased(a)]
        # first words of every alias, for DocScanner
        self.plain_keys = frozenset(_start_key(a) for a in plain)
        self.cased_keys = frozenset(_start_key(a) for a in names if _cased(a))
        body = _trie_regex(plain)
        self._folded = re.compile(_LEADING + body)
        # for text whose lower-casing changes its length (rare: "İ"): compiled when first
        # needed (the biggest pattern of a table; most tables never need it)
        self._folded_source = _LEADING + body
        self._cased = re.compile(
            _LEADING + _trie_regex([a for a in names if _cased(a)], folded=False)
        )
        firsts, seconds = ([w for w in words if w.strip()] for words in pairs)
        stops = [w for w in not_before if w.strip()]
        if any(_cased(w) for w in (*firsts, *seconds, *stops)):
            raise ValueError("pairs: words in capitals are not supported")
        self.pair_keys = frozenset(_start_key(w) for w in firsts) if seconds else frozenset()
        pair = (
            f"{_LEADING}{_trie_regex(firsts, terminal='')}(?:{_APOS_RX}s?)?\\s+"
            f"{_trie_regex(seconds)}" + (f"(?!\\s+{_trie_regex(stops)})" if stops else "")
            if firsts and seconds
            else "(?!)"
        )
        self._pairs = re.compile(pair)
        self._pairs_source = pair
        self._patterns = tuple(
            (_keywords(p), re.compile(f"{_LEADING}(?:{p}){_TRAILING}", re.IGNORECASE))
            for p in patterns
        )
        # the same patterns with the character before the match consumed instead of
        # looked behind at: the regex engine then skips word characters quickly
        self._patterns_after = tuple(
            re.compile(f"(?-i:[^\\w\\-‐‑])(?:{p}){_TRAILING}", re.IGNORECASE) for p in patterns
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

    def _hits_at(
        self,
        rx: re.Pattern[str],
        text: str,
        positions: Sequence[int],
        end: int,
        *,
        cased: bool,
    ) -> list[Hit]:
        """What :meth:`_hits` finds, trying only ``positions`` (sorted, a superset of
        where a match can start) instead of searching every character. The text after
        a match is read up to ``end`` only when not ``cased`` (as in a slice)."""
        match = rx.match
        hits: list[Hit] = []
        pos = -1
        for p in positions:
            if p < pos:
                continue
            m = match(text, p, end)
            if m is None:
                continue
            s, e = m.span()
            nxt = text[e : e + 2] if cased else text[e : min(e + 2, end)]
            if e == s or (len(nxt) == 2 and nxt[0] in _HYPHENS and nxt[1].isalpha()):
                continue  # "ISIS-held", "Islamic State-linked": a modifier, not a name
            if cased and shouting(text, s, e):
                continue
            hits.append(Hit(s, e, normalise(m.group())))
            pos = e
        return hits

    def find(
        self,
        text: str,
        start: int = 0,
        end: int | None = None,
        *,
        starts: DocStarts | None = None,
    ) -> list[Hit]:
        """Non-overlapping hits in text order; at one position the longest wins.

        ``starts``: this matcher's candidate positions in ``text`` from a
        :class:`DocScanner` (the same hits, found faster)."""
        stop = len(text) if end is None else min(end, len(text))
        if (
            starts is None
            or start >= stop
            or (start > 0 and _joined(text, start))
            or (stop < len(text) and _TWO_WORD_CHARS.match(text, stop - 1) is not None)
        ):
            # No scan, or the slice starts or ends inside a word: a match at its start is
            # dropped but still hides what it overlaps, and its last word is not the
            # scanned one.
            return _longest_first(self._find(text, start, stop))
        return _longest_first(self._find_scanned(text, start, stop, starts))

    def _find(self, text: str, start: int, stop: int) -> list[Hit]:
        piece = text[start:stop]
        low = piece.lower()
        hits: list[Hit] = []
        if len(low) == len(piece):
            for rx in (self._folded, self._pairs) if self.pair_keys else (self._folded,):
                for s, e, key in self._hits(rx, low, 0, len(low), cased=False):
                    if s == 0 and start > 0 and _joined(text, start):
                        continue
                    hits.append(Hit(s + start, e + start, key))
        else:
            hits.extend(self._hits(_any_case(self._folded_source), text, start, stop, cased=False))
            if self.pair_keys:
                hits.extend(
                    self._hits(_any_case(self._pairs_source), text, start, stop, cased=False)
                )
        hits.extend(self._hits(self._cased, text, start, stop, cased=True))
        for i, (keywords, rx) in enumerate(self._patterns):
            key = f"pattern:{i}"
            if not keywords:
                hits.extend(_all_matches(rx, text, start, stop, key))
                continue
            if not all(k in low for k in keywords):
                continue
            # search only around the keyword's occurrences
            found = low.find(keywords[0])
            seen = start
            while found >= 0:
                seen = _near(rx, text, start + found, len(keywords[0]), start, stop, seen, key,
                             hits)  # fmt: skip
                found = low.find(keywords[0], found + 1)
        return hits

    def _find_scanned(self, text: str, start: int, stop: int, starts: DocStarts) -> list[Hit]:
        """:meth:`_find` with the candidate positions of a whole-text scan, for a slice
        that starts and ends outside words. Matching the lower-cased whole text up to
        ``stop`` then gives what matching the lower-cased slice gives (the text after a
        match is read up to ``stop`` too)."""
        plain = starts.plain
        lo = bisect_left(plain, start)
        hi = bisect_left(plain, stop, lo)
        hits = (
            self._hits_at(self._folded, starts.low, plain[lo:hi], stop, cased=False)
            if hi > lo
            else []
        )
        pairs = starts.pairs
        lo = bisect_left(pairs, start)
        hi = bisect_left(pairs, stop, lo)
        if hi > lo:
            hits += self._hits_at(self._pairs, starts.low, pairs[lo:hi], stop, cased=False)
        cased = starts.cased
        lo = bisect_left(cased, start)
        hi = bisect_left(cased, stop, lo)
        if hi > lo:
            hits += self._hits_at(self._cased, text, cased[lo:hi], stop, cased=True)
        anchors = starts.anchors
        j = bisect_left(anchors, start)
        anchored = j < len(anchors) and anchors[j] < stop  # some keyword starts inside
        for i, at in starts.patterns:
            keywords, rx = self._patterns[i]
            key = f"pattern:{i}"
            if not keywords:
                hits.extend(_all_matches(rx, text, start, stop, key))
                continue
            if not anchored:
                continue
            inside = True
            for word, places in zip(keywords, at, strict=True):
                j = bisect_left(places, start)
                if j == len(places) or places[j] + len(word) > stop:
                    inside = False
                    break
            if not inside:
                continue
            first, size = at[0], len(keywords[0])
            after = self._patterns_after[i]
            seen = start
            for j in range(bisect_left(first, start), len(first)):
                if first[j] + size > stop:
                    break
                lo = max(seen, first[j] - _WINDOW)
                hi = min(stop, first[j] + size + _WINDOW)
                for s, e in _matches(rx, after, text, lo, hi):
                    if e > s:
                        hits.append(Hit(s, e, key))
                        seen = max(seen, e)
        return hits


def _longest_first(hits: list[Hit]) -> list[Hit]:
    """The hits without overlaps: in text order, the longest at one position."""
    if len(hits) < 2:
        return hits
    hits.sort(key=lambda h: (h.start, h.start - h.end))
    kept: list[Hit] = []
    for h in hits:
        if kept and h.start < kept[-1].end:
            continue
        kept.append(h)
    return kept


def _all_matches(rx: re.Pattern[str], text: str, start: int, stop: int, key: str) -> list[Hit]:
    return [
        Hit(m.start(), m.end(), key) for m in rx.finditer(text, start, stop) if m.end() > m.start()
    ]


def _near(
    rx: re.Pattern[str],
    text: str,
    at: int,
    size: int,
    start: int,
    stop: int,
    seen: int,
    key: str,
    hits: list[Hit],
) -> int:
    """Add the matches of a pattern around its keyword at ``at``; the new ``seen``."""
    lo = max(seen, at - _WINDOW)
    hi = min(stop, at + size + _WINDOW)
    for m in rx.finditer(text, lo, hi):
        if m.end() > m.start():
            hits.append(Hit(m.start(), m.end(), key))
            seen = max(seen, m.end())
    return seen


def _matches(
    rx: re.Pattern[str], after: re.Pattern[str], text: str, lo: int, hi: int
) -> list[tuple[int, int]]:
    """The spans of ``rx.finditer(text, lo, hi)``, where ``rx`` starts with the look-behind
    ``_LEADING`` and ``after`` is the same pattern consuming that character instead."""
    spans: list[tuple[int, int]] = []
    pos = lo
    while True:
        m = rx.match(text, 0, hi) if pos == 0 else None
        if m is not None:
            s, e = m.span()
        else:
            m = after.search(text, pos - 1 if pos else 0, hi)
            if m is None:
                return spans
            s, e = m.start() + 1, m.end()
        if e == s:  # an empty match: let finditer apply its own rule after it
            return [m.span() for m in rx.finditer(text, lo, hi)]
        spans.append((s, e))
        pos = e


class DocStarts(NamedTuple):
    """Where one matcher's aliases can start in a text. ``low`` is the text lower-cased
    (same length); ``plain``, ``cased`` and ``pairs`` are sorted positions of words that
    begin some alias of that kind or some pair; ``patterns`` pairs the index of each
    pattern whose keywords all occur in the text with the sorted positions of each keyword."""

    low: str
    plain: tuple[int, ...]
    cased: tuple[int, ...]
    pairs: tuple[int, ...]
    patterns: tuple[tuple[int, tuple[tuple[int, ...], ...]], ...]
    anchors: tuple[int, ...]  # sorted positions of those patterns' first keywords


# Every ASCII character that is not a word character (\w: alphanumeric or "_") -> " ".
_ASCII_SPACES = str.maketrans(
    {c: " " for c in range(128) if not (chr(c).isalnum() or c == ord("_"))}
)

# (matcher index, kind: 0 plain / 1 cased / 2 pair, None or the words that must follow)
_Route = tuple[int, int, frozenset[str] | None]


class DocScanner:
    """Scans a whole text once for the words that can begin an alias of any of its
    matchers, so that each sentence's :meth:`AliasMatcher.find` tries a regex only at
    those positions. The scan is cached (a few recent texts): the extractor calls the
    matchers sentence by sentence on one document.

    Instances compare by identity, which keys the cache.
    """

    __slots__ = ("_ascii", "_keywords", "_routes", "_size", "usable")

    def __init__(self, matchers: Sequence[AliasMatcher]) -> None:
        self._size = len(matchers)
        self._keywords = tuple(tuple(k for k, _ in m._patterns) for m in matchers)
        routes: dict[str, list[_Route]] = {}
        for index, matcher in enumerate(matchers):
            for kind, keys in enumerate(
                (matcher.plain_keys, matcher.cased_keys, matcher.pair_keys)
            ):
                alone = {k for k in keys if isinstance(k, str)}
                nexts: dict[str, set[str]] = {}
                for k in keys:
                    if isinstance(k, tuple):
                        nexts.setdefault(k[0], set()).add(k[1])
                for word in alone:
                    routes.setdefault(word, []).append((index, kind, None))
                for word, after in nexts.items():
                    if word not in alone:
                        routes.setdefault(word, []).append((index, kind, frozenset(after)))
        self._routes = {w: tuple(r) for w, r in routes.items()}
        # an alias starting with a non-word character has no first word: no scanning then
        self.usable = "" not in routes
        # words of ASCII letters and digits only: a word holding any other character
        # (non-ASCII or "_") can be blanked out before the scan without losing a key
        self._ascii = all(
            w.isascii() and "_" not in w
            for w in {*routes, *(n for r in routes.values() for _, _, a in r for n in a or ())}
        )

    def starts(self, text: str) -> tuple[DocStarts, ...] | None:
        """Per matcher, the candidate positions in ``text``; None when the scanner
        cannot be used (lower-casing changes the text's length, or an unusable table)."""
        if not self.usable:
            return None
        return _scan(text, self)


@functools.lru_cache(maxsize=16)
def _any_case(source: str) -> re.Pattern[str]:
    return re.compile(source, re.IGNORECASE)


def _spaced(low: str, *, ascii_keys: bool) -> str:
    """``low`` with every non-word character as a space (same length)."""
    if not low.isascii():
        if not ascii_keys:
            return low.translate({ord(c): " " for c in set(low) if not (c.isalnum() or c == "_")})
        for c in {c for c in set(low) if not c.isascii()}:
            # a word character that no key can contain keeps its word a non-key
            low = low.replace(c, "_" if c.isalnum() else " ")
    return low.translate(_ASCII_SPACES)


def _occurrences(low: str, word: str) -> tuple[int, ...]:
    places: list[int] = []
    found = low.find(word)
    while found >= 0:
        places.append(found)
        found = low.find(word, found + 1)
    return tuple(places)


@functools.lru_cache(maxsize=8)
def _scan(text: str, scanner: DocScanner) -> tuple[DocStarts, ...] | None:
    low = text.lower()
    if len(low) != len(text):
        return None
    spaced = _spaced(low, ascii_keys=scanner._ascii)  # words (runs of \w) between spaces
    # split at each space: words and "" between adjacent spaces; part j starts at
    # (length of the parts before it) + j
    parts = spaced.split(" ")
    offsets = list(accumulate(map(len, parts), initial=0))
    routes = scanner._routes
    found: list[tuple[list[int], list[int], list[int]]] = [
        ([], [], []) for _ in range(scanner._size)
    ]
    size = len(parts)
    for j in compress(range(size), map(routes.__contains__, parts)):
        k = j + 1
        while k < size and not parts[k]:
            k += 1
        nxt = parts[k] if k < size else ""
        for index, kind, after in routes[parts[j]]:
            if after is None or nxt in after:
                found[index][kind].append(offsets[j] + j)
    result: list[DocStarts] = []
    for (plain, cased, pairs), keywords in zip(found, scanner._keywords, strict=True):
        patterns: list[tuple[int, tuple[tuple[int, ...], ...]]] = []
        for i, kws in enumerate(keywords):
            places = tuple(_occurrences(low, w) for w in kws)
            if all(places):
                patterns.append((i, places))
        result.append(
            DocStarts(
                low=low,
                plain=tuple(plain),
                cased=tuple(cased),
                pairs=tuple(pairs),
                patterns=tuple(patterns),
                anchors=tuple(sorted({p for _, places in patterns if places for p in places[0]})),
            )
        )
    return tuple(result)


def _joined(text: str, start: int) -> bool:
    """True when ``text[start]`` continues a word (a slice cut inside "anti-regime")."""
    ch = text[start - 1]
    return ch.isalnum() or ch in "_-‐‑"
