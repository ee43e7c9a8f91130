"""Officials who take part in a demonstration.

ACLED codes a demonstration that sitting officials join (a mayor, MPs, a state senator, a
minister, "three BJP MLAs held a protest", "an MP took part") with the government of the
country as an associated actor of the protesters. An official counts only as one of the
crowd: named with it ("people, including the mayor, demonstrated", "joined by the MLA",
"In attendance was X, a Labour MP") or doing what it does ("Mayor X was present", "two
MPs staged a sit-in", "a lawmaker of the JCP joined the protest"). The official a crowd
protests against, marches to or wants gone ("against the Assembly Speaker", "outside the
governor's office", "demanding the resignation of the minister") is what the protest is
about, not a participant; nor is a former one.

The words are data, one file per language (``observatory/data/officials/<language>.toml``);
this module holds the logic only.
"""

from __future__ import annotations

import bisect
import functools
import re
import tomllib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import resources

from observatory.errors import ConfigError
from observatory.extract.triggers import lowered
from observatory.records import Span
from observatory.text import Segment

__all__ = ["OfficialMention", "find_participating_officials"]

_KEYS = (
    "heads",
    "titles",
    "titles_exact",
    "not_before",
    "not_after",
    "joined_by",
    "takes_part",
    "about",
    "governed_by",
    "partitives",
    "not_between",
)
# a head this long may begin a longer word ("senat": "senator"); a shorter one is a word
# of its own, or its plural ("MPs", "reps")
_PREFIX = 5
# how far a title may stand from the word that ties it to the crowd (before it; after it,
# lists of officials with their parties run long)
_REACH = 160
_REACH_AFTER = 320
# words that a lookback for `governed_by` steps over ("supporters of a rebel Shiv Sena
# legislator"): at most this many, never past a conjunction or a comma
_LOOKBACK_WORDS = 5


@dataclass(frozen=True, slots=True, kw_only=True)
class OfficialMention:
    """A sitting official told as one of a crowd. ``span`` (role "actor") covers the
    title as written ("State Senator", "MLAs"); ``sentence_index`` and ``paragraph`` are
    those of its sentence among the document's sentences."""

    span: Span
    sentence_index: int
    paragraph: int


@dataclass(frozen=True, slots=True)
class _Words:
    heads: tuple[str, ...]
    title: re.Pattern[str]
    not_before: re.Pattern[str]
    not_after: re.Pattern[str]
    joined_by: re.Pattern[str]
    takes_part: re.Pattern[str]
    about: re.Pattern[str]
    governed_by: frozenset[str]
    partitives: frozenset[str]
    not_between: re.Pattern[str]


def _alternation(items: Sequence[str]) -> str:
    return "|".join(f"(?:{i})" for i in sorted(items, key=len, reverse=True))


@functools.lru_cache(maxsize=4)
def _words(language: str) -> _Words | None:
    path = resources.files("observatory") / "data" / "officials" / f"{language}.toml"
    if not path.is_file():
        return None
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        lists = {k: [str(v) for v in data.get(k, [])] for k in _KEYS}
        i = re.IGNORECASE
        title = rf"(?<![\w-])(?:(?i:{_alternation(lists['titles'])})|{_alternation(lists['titles_exact'])})(?![\w-])"
        return _Words(
            heads=tuple(sorted({h.lower() for h in lists["heads"]})),
            title=re.compile(title),
            not_before=re.compile(rf"(?<![\w-])(?:{_alternation(lists['not_before'])})\s*\Z", i),
            not_after=re.compile(
                rf"\s*(?:\([^()]*\)\s*)?(?:{_alternation(lists['not_after'])})(?!\w)", i
            ),
            joined_by=re.compile(rf"(?<![\w-])(?:{_alternation(lists['joined_by'])})(?!\w)", i),
            takes_part=re.compile(rf"(?<![\w-])(?:{_alternation(lists['takes_part'])})(?!\w)", i),
            about=re.compile(rf"(?<![\w-])(?:{_alternation(lists['about'])})(?!\w)"),
            governed_by=frozenset(w.lower() for w in lists["governed_by"]),
            partitives=frozenset(w.lower() for w in lists["partitives"]),
            not_between=re.compile(rf"(?<![\w-])(?:{_alternation(lists['not_between'])})(?!\w)"),
        )
    except (OSError, tomllib.TOMLDecodeError, re.error) as exc:
        raise ConfigError(f"officials word list {path}: {exc}") from exc


# the clause punctuation a crowd and its official do not cross
_CLAUSE_BREAK = re.compile(r"[;!?\"“”]")
_BRACKETED = re.compile(r"\([^()]*\)")
_ASIDE = re.compile(r",\s*(?:who|which)\b[^,]*,")
_WORD_END = re.compile(r"[^\w-]")
_WORD_START = re.compile(r"(?<![\w-])[\w-]")
# how far a title may reach on either side of its head ("President of the Padua Province")
_TITLE_SPAN = 48
_WORD = re.compile(r"[\w'’-]+|,")
_STOPS = frozenset({"and", "or", "but", ","})


def find_participating_officials(
    text: str, sentences: Sequence[Segment], *, language: str = "en"
) -> list[OfficialMention]:
    """The sitting officials that ``sentences`` of ``text`` (in text order) tell as part
    of a crowd, whatever the sentence's event: the caller decides which event they join.
    ``sentence_index`` is the position in ``sentences``."""
    words = _words(language)
    if words is None or not sentences:
        return []
    starts = [s.start for s in sentences]
    out: list[OfficialMention] = []
    for m in _titles(text, sentences[0].start, sentences[-1].end, words):
        number = bisect.bisect_right(starts, m.start()) - 1
        sentence = sentences[number]
        if m.end() > sentence.end or not _participates(text, sentence, m, words):
            continue
        span = Span(start=m.start(), end=m.end(), text=m.group(), role="actor")
        out.append(OfficialMention(span=span, sentence_index=number, paragraph=sentence.paragraph))
    return out


def _titles(text: str, start: int, end: int, words: _Words) -> Iterator[re.Match[str]]:
    """The titles' matches in ``text[start:end]``, searched only around their heads (one
    regex of many titles tried at every word is slow)."""
    last = start
    for at, size in _heads(lowered(text), start, end, words.heads):
        if at < last:
            continue
        lo = max(last, at - _TITLE_SPAN)
        hi = min(end, at + size + _TITLE_SPAN)
        word_end = _WORD_END.search(text, hi, end)  # (a window never cuts a word)
        hi = word_end.start() if word_end is not None else end
        for w in _WORD_START.finditer(text, lo, at + 1):
            m = words.title.match(text, w.start(), hi)
            if m is not None and at < m.end():
                last = m.end()
                yield m
                break


def _heads(low: str, start: int, end: int, heads: Sequence[str]) -> list[tuple[int, int]]:
    """Where the heads stand in ``low`` (lower-cased text) between ``start`` and ``end``:
    (position, length), in text order. A head of ``_PREFIX`` letters or more may begin a
    longer word; a shorter one is a word of its own or its plural. (``str.find`` per head
    is many times faster than one regex of them all.)"""
    found: list[tuple[int, int]] = []
    for head in heads:
        size = len(head)
        at = low.find(head, start, end)
        while at >= 0:
            if at == 0 or not (low[at - 1].isalnum() or low[at - 1] in "-_"):
                after = low[at + size : at + size + 2]
                if (
                    size >= _PREFIX
                    or not after
                    or not (after[0].isalnum() or after[0] in "-_")
                    or (after[0] == "s" and not (after[1:].isalnum() or after[1:] in "-_"))
                ):
                    found.append((at, size))
            at = low.find(head, at + 1, end)
    found.sort()
    return found


def _participates(text: str, sentence: Segment, m: re.Match[str], words: _Words) -> bool:
    start, end = m.start(), m.end()
    before = text[max(sentence.start, start - _REACH) : start]
    if words.not_before.search(before) or words.not_after.match(text, end, sentence.end):
        return False
    if text[start - 1 : start] == "(" and text[end : end + 1] == ")":
        return False  # a gloss: "a member of parliament (MP)"
    # the clause the title stands in
    lo = max(sentence.start, start - _REACH)
    for brk in _CLAUSE_BREAK.finditer(text, lo, start):
        lo = brk.end()
    hi = min(sentence.end, end + _REACH_AFTER)
    stop = _CLAUSE_BREAK.search(text, end, hi)
    if stop is not None:
        hi = stop.start()
    # "people, including the mayor, ...": a word of the crowd's before the title, and
    # nothing between them that makes the title what the crowd is about
    cue = None
    for c in words.joined_by.finditer(text, lo, start):
        cue = c
    # (what brackets hold is a gloss: "a WASP (Windrush Against Sewage Pollution) member")
    before = _BRACKETED.sub(" , ", text[cue.end() if cue is not None else lo : start])
    if _governed(before, words):
        return False
    if cue is not None:
        if not words.about.search(before):
            return True
        before = _BRACKETED.sub(" , ", text[lo:start])
    # "Mayor X was present", "three MLAs ... held a protest": the title is the subject
    if words.about.search(before):
        return False
    verb = words.takes_part.search(text, end, hi)
    if verb is None:
        return False
    # ("Councilor X, who made the proposal, addressed the crowd")
    between = _ASIDE.sub(",", text[end : verb.start()])
    return not words.not_between.search(between)


def _governed(before: str, words: _Words) -> bool:
    """Whether a preposition governs the title ("the office of the mayor", "a letter to
    the governor"): one of ``governed_by`` among the few words before it (not "of" after
    a word of quantity: "a section of councilors")."""
    tokens = _WORD.findall(before.lower())[-(_LOOKBACK_WORDS + 1) :]
    for i in range(len(tokens) - 1, max(-1, len(tokens) - 1 - _LOOKBACK_WORDS), -1):
        word = tokens[i]
        if word in _STOPS:
            return False
        if word in words.governed_by:
            return not (word == "of" and i > 0 and tokens[i - 1] in words.partitives)
    return False
