"""Armed groups the actor tables do not know, kept under the name the report uses.

"Al Shabaab militants attacked ...", "an IED planted by JNIM militants", "members of the
Suqour al-Ghab Brigade": the tables find only the generic word ("militants", "members")
and would code an unidentified armed group, or, worse, read "by Al Shabaab militants" as
the target. A capitalised name right before such a word, or after "members of (the)",
names the group: the mention then spans the name and takes it as its canonical name, with
the generic word's category (a named group of militants is a rebel group; of militiamen,
a militia). Places ("Idlib rebels"), nationalities and creeds ("Kurdish fighters",
"Islamist militants"), persons' titles and a lone capitalised word opening a sentence
("Suspected militants") are no names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from observatory.actors import ActorKind, ActorMention
from observatory.actors.model import DEFAULT_INTER, ActorInfo
from observatory.gazetteer.stopwords import COMMON_WORDS, FUNCTION_WORDS, PERSON_TITLES
from observatory.geocode import PlaceMention
from observatory.records import Span
from observatory.text import BoundarySearch

# the generic words a name can precede, and the category of the group they then name
_HEADS: dict[str, ActorKind] = {
    **dict.fromkeys(
        [
            "militants",
            "militant",
            "fighters",
            "fighter",
            "gunmen",
            "gunman",
            "rebels",
            "rebel",
            "insurgents",
            "insurgent",
            "jihadists",
            "jihadist",
            "guerrillas",
            "guerrilla",
            "combatants",
        ],
        ActorKind.REBELS,
    ),
    **dict.fromkeys(
        ["militia", "militias", "militiamen", "militiaman"], ActorKind.POLITICAL_MILITIA
    ),
}
# "members of the X Brigade": the name follows
_OF_THE = r"\s+(?i:of|from)\s+(?:(?i:the)\s+)?"
_MEMBERS_OF = re.compile(_OF_THE)
_MEMBERS = frozenset({"members", "member", "fighters", "militants", "gunmen", "elements"})
# the same words with no table word before them: only the name tells the group
# (searched in every sentence: BoundarySearch skips words instead of trying each character)
_MEMBERS_OF_NAME = BoundarySearch(
    re.compile(rf"\b(?:[Mm]embers?|[Ff]ighters|[Mm]ilitants|[Gg]unmen|[Ee]lements){_OF_THE}")
)
# the ``source`` of such a group's ActorInfo (a table's is its file)
UNKNOWN_GROUP_SOURCE = "text"
# Arabic articles and connectors inside a name ("Ansar al-Sunna", "Liwa Shuhada al-Yarmouk")
_CONNECTORS = frozenset({"al", "el", "ad", "ash", "as", "at", "an", "ar", "az", "bin", "ibn", "of"})
# capitalised words that are no part of a group's name
_NOT_NAMES = frozenset(
    {
        "tribal",
        "armed",
        "unidentified",
        "unknown",
        "suspected",
        "alleged",
        "opposition",
        "rival",
        "pro",
        "anti",
        "foreign",
        "several",
        "dozens",
        "hundreds",
        "mr",
        "mrs",
        "takfiri",
        "jihadi",
        "salafi",
        "extremist",
        "radical",
        "terrorist",
        "criminal",
        "separatist",
    }
)
# nationalities and peoples: "Ukrainian fighters", "Congolese rebels", "Kurdish fighters"
_ADJECTIVE_ENDINGS = ("ian", "ean", "ese", "ish")
# "members of X" names an armed group only when X is a unit ("members of the Suqour al-Ghab
# Brigade"); "members of the KCTU", "of Parliament" are a union's and an assembly's
_UNIT_WORDS = frozenset(
    [
        "brigade",
        "brigades",
        "battalion",
        "battalions",
        "front",
        "army",
        "movement",
        "division",
        "regiment",
        "corps",
        "liwa",
        "jaish",
        "jabhat",
        "harakat",
        "ansar",
        "kataib",
        "kata'ib",
        "saraya",
        "faylaq",
        "forces",
        "militia",
        "militias",
        "legion",
        "guard",
        "guards",
        "shield",
        "falcons",
        "lions",
        "martyrs",
        "mujahideen",
        "group",
    ]
)
_WORD = re.compile(r"[\w'’]+(?:-[\w'’]+)*")
_MAX_WORDS = 5


def name_unknown_groups(
    text: str,
    actors: Sequence[ActorMention],
    places: Sequence[PlaceMention],
    *,
    start: int,
    end: int,
) -> list[ActorMention]:
    """``actors`` (one sentence's, ``text[start:end]``) with each generic word that follows
    or introduces an unknown group's name replaced by a mention of the named group."""
    if not any(a.generic for a in actors) and _MEMBERS_OF_NAME.search(text, start, end) is None:
        return list(actors)
    out: list[ActorMention] = []
    for i, a in enumerate(actors):
        # the name begins after the mention before ("IS Sahel militants": IS is known)
        lo = actors[i - 1].span.end if i > 0 else start
        named = _named(text, a, places, lo, end, start) if a.generic else None
        out.append(named or a)
    # "members of the X Brigade": no table word at all, only the name
    for m in _MEMBERS_OF_NAME.finditer(text, start, end):
        if any(a.span.start <= m.start() < a.span.end for a in out):
            continue
        run = _run_after(text, m.end(), end)
        if run is not None and _is_unit(text, *run) and _is_name(text, *run, places, start):
            out.append(_mention(text, m.start(), run[1], text[run[0] : run[1]], ActorKind.REBELS))
    out.sort(key=lambda a: a.span.start)
    return out


def _named(
    text: str,
    a: ActorMention,
    places: Sequence[PlaceMention],
    lo: int,
    end: int,
    start: int,
) -> ActorMention | None:
    head = a.span.text.lower()
    kind = _HEADS.get(head)
    if kind is not None:
        run = _run_before(text, a.span.start, lo)
        if run is not None and lo > start and not text[lo : run[0]].strip(" -"):
            run = None  # a known name runs into it ("IS Sahel militants"): no name of its own
        if run is not None and _is_name(text, *run, places, start):
            return _mention(text, run[0], a.span.end, text[run[0] : run[1]], kind)
    if head in _MEMBERS:
        of = _MEMBERS_OF.match(text, a.span.end, end)
        if of is not None:
            run = _run_after(text, of.end(), end)
            if run is not None and _is_unit(text, *run) and _is_name(text, *run, places, start):
                name = text[run[0] : run[1]]
                return _mention(text, a.span.start, run[1], name, kind or ActorKind.REBELS)
    return None


def _run_before(text: str, pos: int, start: int) -> tuple[int, int] | None:
    """The capitalised words right before ``pos`` (one space before it), as a span."""
    window_start = max(start, pos - 80)
    words = list(_WORD.finditer(text, window_start, pos))
    if not words or text[words[-1].end() : pos] != " ":
        return None
    taken: list[re.Match[str]] = []
    for i in range(len(words) - 1, -1, -1):
        w = words[i]
        if taken and text[w.end() : taken[0].start()] not in (" ", "-"):
            break
        if not _name_word(w.group(), inner=bool(taken)) or len(taken) >= _MAX_WORDS:
            break
        taken.insert(0, w)
    while taken and not taken[0].group()[0].isupper():
        taken.pop(0)  # a name opens with a capitalised word ("Al Shabaab" does: "Al")
    if not taken:
        return None
    if taken[0].start() == window_start and window_start > start:
        return None  # the window cut a longer run: too long for a name
    return taken[0].start(), taken[-1].end()


def _run_after(text: str, pos: int, end: int) -> tuple[int, int] | None:
    """The capitalised words from ``pos`` on, as a span."""
    taken: list[re.Match[str]] = []
    for w in _WORD.finditer(text, pos, min(end, pos + 80)):
        if taken and text[taken[-1].end() : w.start()] not in (" ", "-"):
            break
        if not taken and w.start() != pos:
            return None
        if not _name_word(w.group(), inner=bool(taken)) or len(taken) >= _MAX_WORDS:
            break
        taken.append(w)
    while taken and taken[-1].group().lower() in _CONNECTORS:
        taken.pop()
    if not taken or not taken[0].group()[0].isupper():
        return None
    return taken[0].start(), taken[-1].end()


def _name_word(word: str, *, inner: bool) -> bool:
    low = word.lower()
    if low in _CONNECTORS:
        return inner or word[0].isupper()
    article, _, rest = word.partition("-")
    if article.lower() in _CONNECTORS and rest[:1].isupper():
        return True  # "al-Ghab", "al-Sunna"
    if not word[0].isupper() or low.endswith(("'s", "’s")):
        return False  # "Assad's forces": a possessive, no name
    if "-" in word and not word.rsplit("-", 1)[1][:1].isupper():
        # "Iranian-backed", "Turkish-led": a modifier; "al-Sunna" stays a name word
        return low.split("-", 1)[0] in _CONNECTORS
    return low not in _NOT_NAMES and low not in PERSON_TITLES


def _is_unit(text: str, s: int, e: int) -> bool:
    return any(w.group().lower() in _UNIT_WORDS for w in _WORD.finditer(text, s, e))


def _is_name(
    text: str, s: int, e: int, places: Sequence[PlaceMention], sentence_start: int
) -> bool:
    words = [w.group() for w in _WORD.finditer(text, s, e)]
    content = [w for w in words if w.lower() not in _CONNECTORS]
    if not content:
        return False
    if all(
        w.lower() in COMMON_WORDS or w.lower() in FUNCTION_WORDS or w.lower() in _NOT_NAMES
        for w in content
    ):
        return False  # "Kurdish fighters", "Islamist militants", "The militants"
    if len(content) == 1 and content[0].lower().endswith(_ADJECTIVE_ENDINGS):
        return False
    if len(content) == 1 and not content[0].isupper():
        # one word: not when capitalised for opening the sentence ("Suspected militants")
        opening = not text[sentence_start:s].strip(" \"“'‘(")
        if opening:
            return False
    # a place and nothing more ("Idlib rebels", "fighters from Aleppo")
    return not any(p.span.start <= s and e <= p.span.end for p in places)


def _mention(text: str, s: int, e: int, name: str, kind: ActorKind) -> ActorMention:
    canonical = " ".join(name.split())
    info = ActorInfo(
        canonical=canonical,
        acled_name=canonical,
        inter=DEFAULT_INTER[kind],
        kind=kind,
        country=None,
        aliases=(canonical,),
        state_actor=False,
        note="a group the actor tables do not know, named as the report names it",
        source=UNKNOWN_GROUP_SOURCE,
    )
    span = Span(start=s, end=e, text=text[s:e], role="actor")
    return ActorMention(span=span, canonical=canonical, info=info, text=span.text)
