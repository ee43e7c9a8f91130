"""Splitting a report into paragraphs, sentences and clauses, keeping offsets.

Every piece is a :class:`Segment` whose ``start``/``end`` index the document text, so
anything found inside it can be traced back to the exact characters.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

from observatory.regexfast import prefix_trie

__all__ = [
    "MAX_SENTENCE_CHARS",
    "BoundarySearch",
    "Segment",
    "clauses",
    "sentences",
    "unquote_names",
]

# The longest piece of text read as one sentence. Real reports' sentences are far shorter
# (the longest in FA-KES, 7,747 ACLED notes, the geoparsing corpora and Arabic GSR:
# 2,387 characters); a longer run with no sentence end (a 5 MB line, a word
# repeated 10,000 times) is split at clause or word boundaries, so that the rules that read
# a sentence as a whole stay bounded in time.
MAX_SENTENCE_CHARS = 3000


@dataclass(frozen=True, slots=True, kw_only=True)
class Segment:
    start: int
    end: int
    text: str
    paragraph: int = 0
    index: int = 0  # position among the document's sentences
    prose: bool = True  # False for headlines, captions, bylines and other non-sentences


# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "sgt",
        "brig",
        "adm",
        "cpl",
        "pvt",
        "sen",
        "rep",
        "gov",
        "st",
        "mt",
        "ft",
        "jr",
        "sr",
        "no",
        "vs",
        "etc",
        "al",
        "inc",
        "ltd",
        "co",
        "corp",
        "dept",
        "univ",
        "approx",
        "est",
        "fig",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "u.s",
        "u.n",
        "u.k",
        "e.g",
        "i.e",
        "a.m",
        "p.m",
    ]
)

_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+|$)")
_PARAGRAPH = re.compile(r"\n\s*\n|\n(?=\s*[A-Z\"“(])")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_NEXT_CHARACTER = re.compile(r"\s*(\S)")


def _prose(text: str) -> bool:
    """Sentences end in punctuation and have a few words; headlines and tags do not."""
    stripped = text.strip()
    words = stripped.split()
    if len(words) < 4:
        return False
    return stripped[-1] in ".!?\"'”’)" or len(words) >= 25


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans = []
    pos = 0
    for m in _PARAGRAPH.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def sentences(text: str) -> list[Segment]:
    """The text's sentences in order, each trimmed of surrounding whitespace."""
    out: list[Segment] = []
    for para_no, (p_start, p_end) in enumerate(_paragraphs(text)):
        chunk = text[p_start:p_end]
        pos = 0
        for m in _SENTENCE_END.finditer(chunk):
            end = m.end()
            before = _WORD_BEFORE.search(chunk, max(0, m.start() - 40), m.start())
            if before and m.group().startswith(".") and m.group() == ".":
                word = before.group(1).lower().rstrip(".")
                if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                    continue
            nxt = _NEXT_CHARACTER.match(chunk, end)
            if nxt and nxt.group(1).islower():
                continue
            _append(out, text, p_start + pos, p_start + end, para_no)
            pos = end
        _append(out, text, p_start + pos, p_end, para_no)
    return out


def _append(out: list[Segment], text: str, start: int, end: int, paragraph: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end <= start:
        return
    while end - start > MAX_SENTENCE_CHARS:
        cut = _split_point(text, start, start + MAX_SENTENCE_CHARS)
        _append(out, text, start, cut, paragraph)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    piece = text[start:end]
    out.append(
        Segment(
            start=start,
            end=end,
            text=piece,
            paragraph=paragraph,
            index=len(out),
            prose=_prose(piece),
        )
    )


def _split_point(text: str, start: int, limit: int) -> int:
    """Where to end an over-long sentence at or before ``limit``: after the last comma or
    semicolon in the second half of ``text[start:limit]``, else at its last space, else at
    ``limit``."""
    half = start + (limit - start) // 2
    mark = max(text.rfind(", ", half, limit), text.rfind("; ", half, limit))
    if mark >= 0:
        return mark + 1
    space = text.rfind(" ", half, limit)
    return space if space > start else limit


# Clause boundaries: a comma or semicolon followed by a conjunction that starts a new
# predication ("..., as regime airstrikes targeted ...", "...; meanwhile ...").
_CLAUSE_BREAK = re.compile(
    r"(?:[,;][”\"’']?\s+|\s+[-–—]\s+)(?=(?:as(?!\s+well\s+as)|while|whereas|after|before|when|but|"
    r"meanwhile|following|amid|which|where)\b)|;\s+"
)
_CLAUSE_MARKS = (",", ";", "-", "–", "—")


def clauses(sentence: Segment) -> list[Segment]:
    """Splits a sentence at clause boundaries; offsets stay document offsets."""
    pieces = []
    pos = 0
    # every break holds a comma, a semicolon or a dash: most sentences need no search
    if any(mark in sentence.text for mark in _CLAUSE_MARKS):
        for m in _CLAUSE_BREAK.finditer(sentence.text):
            pieces.append((pos, m.start()))
            pos = m.end()
    pieces.append((pos, len(sentence.text)))
    out = []
    for s, e in pieces:
        if not sentence.text[s:e].strip():
            continue
        out.append(
            Segment(
                start=sentence.start + s,
                end=sentence.start + e,
                text=sentence.text[s:e],
                paragraph=sentence.paragraph,
                index=sentence.index,
                prose=sentence.prose,
            )
        )
    return out


# A short quoted name or word: "the “Islamic State” organization", "fighters of
# "Euphrates Shield"", "ISIS ‘stoned’ two women". Monitors' English (SOHR's above all) puts
# group names, operation names and euphemisms in quotes; the quote marks are not part of
# the words. Quoted speech is left alone: it is longer, or holds a comma or a full stop.
_QUOTED_NAME = re.compile(
    r"(?<!\w)(?:“(?P<a>[^“”\n.,;:!?]{1,60}?)”|\"(?P<b>[^\"\n.,;:!?]{1,60}?)\"|« ?(?P<c>[^«»\n.,;:!?]{1,60}?) ?»"
    r"|‘(?P<d>[^‘’\n.,;:!?]{1,60}?)’(?![\w’']))"
)
_MAX_QUOTED_WORDS = 6
_BLANK_MARKS = str.maketrans(dict.fromkeys('“”"‘’«»', " "))


def _blank_marks(m: re.Match[str]) -> str:
    """The quoted name matched, with its marks (not its words) blanked: same length."""
    group = m.lastgroup or "a"
    inner = m.group(group)
    if inner != inner.strip() or len(inner.split()) > _MAX_QUOTED_WORDS:
        return m.group()
    whole, a, b = m.group(), m.start(group) - m.start(), m.end(group) - m.start()
    return whole[:a].translate(_BLANK_MARKS) + inner + whole[b:].translate(_BLANK_MARKS)


def unquote_names(text: str) -> str:
    """``text`` with the quote marks around short quoted names and words blanked (a space
    for each mark), so that every offset still indexes ``text``; ``text`` itself when
    there are none."""
    if not any(q in text for q in '“"«‘'):
        return text
    read = _QUOTED_NAME.sub(_blank_marks, text)
    return text if read == text else read


class BoundarySearch:
    """``pattern.search`` for a pattern that begins with ``\\b`` before a word character
    (checked when built), with the same matches, found faster.

    Python's ``re`` tries a pattern that begins with an assertion at every character. The
    twin pattern ``\\W(?:...)`` consumes the character before the word instead, so the
    engine skips word characters in a tight loop; a match at the search's own start (where
    that character lies before ``pos``) is tried first, and a twin's match is matched again
    with the pattern itself, one character on, for its span and groups.
    """

    __slots__ = ("_after", "pattern")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        source = pattern.pattern
        rest = source[2:]
        parsed = sre_parse.parse(source, pattern.flags)
        if (
            not source.startswith(r"\b")
            or repr(parsed.data) != repr(sre_parse.parse(rf"\b(?:{rest})", pattern.flags).data)
            or _first_consumed(list(parsed.data)[1:]) is not True
        ):
            raise ValueError(f"not a pattern with a word after an initial \\b: {source!r}")
        self.pattern = pattern
        self._after = re.compile(rf"\W(?:{rest})", pattern.flags)

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        m = self.pattern.match(text, pos, endpos)
        if m is not None:
            return m
        twin = self._after.search(text, pos, endpos)
        return None if twin is None else self.pattern.match(text, twin.start() + 1, endpos)

    def finditer(
        self, text: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        """``pattern.finditer``'s matches: each search goes on where the last match ended
        (a match is never empty: it begins with a word character)."""
        while (m := self.search(text, pos, endpos)) is not None:
            yield m
            pos = m.end()


_WORD_CHAR = re.compile(r"\w")
_ZERO_WIDTH = frozenset({"AT", "ASSERT", "ASSERT_NOT"})
_REPEATS = frozenset({"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"})


_GATE_LENGTH = 6  # characters of each literal prefix a gate looks for
_GATE_SIZE = 400  # more prefixes than this: a gate would cost what it saves
_GATE_CLASS = 8  # a character class of at most this many literal characters is expanded


def literal_prefixes(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Strings one of which begins every match of ``pattern`` (up to _GATE_LENGTH
    characters each), read from its parse; None when the pattern may begin with a character
    no short list names (a digit class, ``\\w``, any character) or ignores case."""
    if pattern.flags & re.IGNORECASE:
        return None
    try:
        found = _prefixes(list(sre_parse.parse(pattern.pattern, pattern.flags).data))
    except _NoGate:
        return None
    if "" in found:
        return None
    return frozenset(found)


class _NoGate(Exception):
    pass


def _prefixes(items: list[tuple[Any, Any]], room: int = _GATE_LENGTH) -> set[str]:
    """The literal beginnings (at most ``room`` characters) of what ``items`` match; "" in
    the set means a match may begin with a character the set does not name."""
    if room == 0 or not items:
        return {""}
    (op, av), rest = items[0], items[1:]
    name = str(op)
    if name in _ZERO_WIDTH:  # \b, look-arounds: no character (a weaker condition)
        return _prefixes(rest, room)
    if name == "LITERAL":
        return _joined(chr(av), rest, room)
    if name == "IN":
        if len(av) > _GATE_CLASS or any(str(o) != "LITERAL" for o, _ in av):
            return {""}
        return {s for _, c in av for s in _joined(chr(c), rest, room)}
    if name == "BRANCH":
        return _bounded({s for alt in av[1] for s in _prefixes(list(alt.data) + rest, room)})
    if name == "SUBPATTERN":
        if av[1] & re.IGNORECASE:
            raise _NoGate
        return _prefixes(list(av[-1].data) + rest, room)
    if name in _REPEATS:
        low, body = av[0], list(av[2].data)
        first = _prefixes(body, room)  # (the first repetition only: a shorter prefix)
        return _bounded(first | _prefixes(rest, room)) if low == 0 else first
    return {""}


def _joined(ch: str, rest: list[tuple[Any, Any]], room: int) -> set[str]:
    return {ch + s for s in _prefixes(rest, room - 1)}


def _bounded(found: set[str]) -> set[str]:
    if len(found) > _GATE_SIZE:
        raise _NoGate
    return found


class GatedSearch:
    """``pattern.search`` tried only where one of its literal beginnings starts.

    The beginnings (:func:`literal_prefixes`) are searched as one prefix trie, which the
    engine runs several times faster than a pattern of many alternatives, look-behinds and
    groups; the pattern itself is matched at those places only, in order, so the first
    match is the one ``pattern.search`` finds."""

    __slots__ = ("_gate", "pattern")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        prefixes = literal_prefixes(pattern)
        if prefixes is None:
            raise ValueError(f"no literal beginnings to gate on: {pattern.pattern!r}")
        self.pattern = pattern
        self._gate = re.compile(prefix_trie(prefixes))

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        gate, match = self._gate.search, self.pattern.match
        g = gate(text, pos, endpos)
        while g is not None:
            at = g.start()
            m = match(text, at, endpos)
            if m is not None:
                return m
            g = gate(text, at + 1, endpos)
        return None


def _first_consumed(items: list[tuple[Any, Any]]) -> bool | None:
    """True when the first character a match of ``items`` (a parsed sequence) consumes is
    always a word character; None when the sequence can match nothing; False otherwise."""
    for i, (op, av) in enumerate(items):
        name = str(op)
        if name in _ZERO_WIDTH:
            continue  # consumes nothing: the next item tells
        if name == "LITERAL":
            return _WORD_CHAR.match(chr(av)) is not None
        if name == "IN":
            return all(_word_set_item(str(o), a) for o, a in av)
        if name == "SUBPATTERN":
            found = _first_consumed(list(av[-1].data))
        elif name == "BRANCH":
            each = [_first_consumed(list(p.data)) for p in av[1]]
            if False in each:
                return False
            found = None if None in each else True
        elif name in _REPEATS:
            found = _first_consumed(list(av[2].data))
            if found is True and av[0] == 0:
                found = None
        else:
            return False
        if found is not None:
            return found
        # the item may consume nothing: what follows must start with a word character too
        if _first_consumed(items[i + 1 :]) is False:
            return False
    return None


def _word_set_item(op: str, av: Any) -> bool:
    if op == "LITERAL":
        return _WORD_CHAR.match(chr(av)) is not None
    if op == "RANGE":
        return all(_WORD_CHAR.match(chr(c)) is not None for c in range(av[0], av[1] + 1))
    return op == "CATEGORY" and str(av) in {"CATEGORY_WORD", "CATEGORY_DIGIT"}
