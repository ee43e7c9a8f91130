"""Casualty figures in conflict reports: who was killed, wounded, arrested, and how many.

:func:`find_casualties` finds figure phrases ("five ISIS fighters and five government
soldiers were killed", "killing at least 12 people", "left 3 dead", "the death toll rose
to 68") and returns one :class:`CasualtyMention` per counted party, with the kind of
casualty, the :class:`~observatory.numbers.Count`, the noun phrase counted, and two flags
the extractor needs: ``update`` (a revised toll of the same event: replaces, never adds)
and ``aggregate`` (a national or multi-day total: a toll, never an event's deaths).
:func:`combine` turns the KILLED mentions of one event into
:class:`~observatory.records.Fatalities`, summing parties listed together and keeping
``by_side``.

How it reads: a *count phrase* is ``[qualifier] number [modifiers HEAD]`` where HEAD is a
person noun ("fighters", "civilians", "children"); count phrases joined by "and" or commas
form a list; the list's kind comes from a verb after it ("were killed", "dead",
"wounded") or before it ("killing", "wounding", "the deaths of", "left ... dead"). The
conventions and their reasons are in ``docs/dates-and-fatalities.md``.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from observatory.numbers import (
    FIRST_WORDS,
    NUMBER_PATTERN,
    QUALIFIER_PATTERN,
    Count,
    apply_qualifier,
    lower_aligned,
    parse_count,
    word_alternation,
)
from observatory.records import Fatalities, SideCount, Span
from observatory.regexfast import prefix_trie
from observatory.text import GatedSearch

__all__ = [
    "CasualtyKind",
    "CasualtyMention",
    "combine",
    "find_casualties",
]


class CasualtyKind(StrEnum):
    KILLED = "killed"
    INJURED = "injured"
    ARRESTED = "arrested"
    ABDUCTED = "abducted"
    MISSING = "missing"
    DISPLACED = "displaced"


@dataclass(frozen=True, slots=True, kw_only=True)
class CasualtyMention:
    """One counted party. ``group`` is shared by the parties of one list ("five ISIS fighters
    and five government soldiers"); ``subset`` marks a figure inside another ("70 children
    were among those killed"); ``perpetrator`` marks attackers' own deaths ("the bomber
    blew himself up")."""

    span: Span
    kind: CasualtyKind
    count: Count
    subject: str | None
    update: bool = False
    aggregate: bool = False
    group: int = 0
    subset: bool = False
    perpetrator: bool = False


# -- vocabulary ---------------------------------------------------------------------------

#: Person nouns that can head a counted phrase ("five ISIS *fighters*").
HEAD_NOUNS = frozenset(
    {
        "activist",
        "activists",
        "adult",
        "adults",
        "afghans",
        "agent",
        "agents",
        "alawites",
        "allies",
        "americans",
        "assailant",
        "assailants",
        "attacker",
        "attackers",
        "babies",
        "baby",
        "bodies",
        "bomber",
        "bombers",
        "casualties",
        "casualty",
        "boy",
        "boys",
        "brigadier",
        "brigadiers",
        "britons",
        "brother",
        "brothers",
        "cadet",
        "cadets",
        "captain",
        "captains",
        "captive",
        "captives",
        "chechens",
        "child",
        "children",
        "christians",
        "citizen",
        "citizens",
        "civilian",
        "civilians",
        "cleric",
        "clerics",
        "colonel",
        "colonels",
        "combatant",
        "combatants",
        "commander",
        "commanders",
        "conscript",
        "conscripts",
        "corpses",
        "crew",
        "daughter",
        "daughters",
        "dead",
        "deaths",
        "defector",
        "defectors",
        "defenders",
        "demonstrator",
        "demonstrators",
        "detainee",
        "detainees",
        "doctor",
        "doctors",
        "driver",
        "drivers",
        "druze",
        "elderly",
        "elders",
        "emir",
        "emirs",
        "employees",
        "europeans",
        "families",
        "family",
        "farmer",
        "farmers",
        "fatalities",
        "fatality",
        "father",
        "gendarme",
        "gendarmes",
        "suspect",
        "suspects",
        "bandit",
        "bandits",
        "thief",
        "thieves",
        "robber",
        "robbers",
        "pastoralist",
        "pastoralists",
        "idps",
        "trafficker",
        "traffickers",
        "fathers",
        "fighter",
        "fighters",
        "foreigners",
        "general",
        "generals",
        "girl",
        "girls",
        "guard",
        "guards",
        "guardsmen",
        "gunman",
        "gunmen",
        "gunwomen",
        "hostage",
        "hostages",
        "households",
        "husband",
        "husbands",
        "imam",
        "imams",
        "individual",
        "individuals",
        "infant",
        "infants",
        "inhabitant",
        "inhabitants",
        "insurgent",
        "insurgents",
        "iranians",
        "iraqis",
        "jihadi",
        "jihadis",
        "jihadist",
        "jihadists",
        "jordanians",
        "journalist",
        "journalists",
        "judge",
        "judges",
        "kid",
        "kids",
        "kurds",
        "leader",
        "leaders",
        "lebanese",
        "lieutenant",
        "lieutenants",
        "local",
        "locals",
        "loyalist",
        "loyalists",
        "major",
        "majors",
        "man",
        "martyr",
        "martyrs",
        "medic",
        "medics",
        "member",
        "members",
        "men",
        "mercenaries",
        "militant",
        "militants",
        "militiaman",
        "militiamen",
        "minor",
        "minors",
        "more",
        "mother",
        "mothers",
        "mujahideen",
        "nationals",
        "nurse",
        "nurses",
        "officer",
        "officers",
        "official",
        "officials",
        "others",
        "palestinians",
        "paramedic",
        "paramedics",
        "paramilitaries",
        "passenger",
        "passengers",
        "patient",
        "patients",
        "people",
        "person",
        "personnel",
        "persons",
        "photographer",
        "photographers",
        "pilgrim",
        "pilgrims",
        "pilot",
        "pilots",
        "police",
        "policeman",
        "policemen",
        "prisoner",
        "prisoners",
        "protester",
        "protesters",
        "protestor",
        "protestors",
        "pupil",
        "pupils",
        "rebel",
        "rebels",
        "recruit",
        "recruits",
        "refugee",
        "refugees",
        "relatives",
        "reporter",
        "reporters",
        "rescuer",
        "rescuers",
        "resident",
        "residents",
        "russians",
        "saudis",
        "sergeant",
        "sergeants",
        "serviceman",
        "servicemen",
        "shabiha",
        "shepherd",
        "shepherds",
        "shiites",
        "sister",
        "sisters",
        "sniper",
        "snipers",
        "soldier",
        "soldiers",
        "son",
        "sons",
        "staff",
        "staffers",
        "student",
        "students",
        "sunnis",
        "syrians",
        "teen",
        "teenager",
        "teenagers",
        "teens",
        "terrorist",
        "terrorists",
        "toddler",
        "toddlers",
        "trader",
        "traders",
        "troops",
        "turkmen",
        "turks",
        "victim",
        "victims",
        "villager",
        "villagers",
        "volunteer",
        "volunteers",
        "westerners",
        "wife",
        "wives",
        "woman",
        "women",
        "worker",
        "workers",
        "worshipper",
        "worshippers",
        "yazidis",
        "youth",
        "youths",
        "aunt",
        "aunts",
        "cousin",
        "cousins",
        "engineer",
        "engineers",
        "fisherman",
        "fishermen",
        "grandchildren",
        "grandchild",
        "granddaughter",
        "grandson",
        "grandsons",
        "grandfather",
        "grandmother",
        "herder",
        "herders",
        "labourer",
        "labourers",
        "laborer",
        "laborers",
        "lawyer",
        "lawyers",
        "mayor",
        "mukhtar",
        "nephew",
        "nephews",
        "niece",
        "nieces",
        "operative",
        "operatives",
        "peacekeeper",
        "peacekeepers",
        "peshmerga",
        "sibling",
        "siblings",
        "smuggler",
        "smugglers",
        "shopkeeper",
        "shopkeepers",
        "teacher",
        "teachers",
        "uncle",
        "uncles",
        "vendor",
        "vendors",
        "youngster",
        "youngsters",
        "contractor",
        "contractors",
        "marines",
        "airmen",
        "deserters",
        "militia",
        "mercenary",
        "humanitarians",
        "truckers",
        "merchant",
        "merchants",
        # the peoples and parties a figure counts ("killed 6 Houthis", "2 Israelis were wounded")
        "israelis",
        "houthis",
        "yemenis",
        "egyptians",
        "pakistanis",
        "libyans",
        "sudanese",
        "somalis",
        "tunisians",
        "armenians",
        "assyrians",
        "turkmens",
        "circassians",
        "bedouins",
        "uzbeks",
        "uyghurs",
        "uighurs",
        "ukrainians",
        "nigerians",
        "malians",
        "congolese",
        "ethiopians",
        "eritreans",
        "moroccans",
        "algerians",
        "pashtuns",
        "hazaras",
        "arabs",
    }
)
_HEADS = "|".join(sorted(HEAD_NOUNS, key=len, reverse=True))
_DEATH_HEADS = frozenset(
    {"deaths", "fatalities", "fatality", "dead", "bodies", "corpses", "martyrs", "martyr"}
)
_CASUALTY_HEADS = frozenset({"casualties", "casualty"})
# after "N casualties": the wounded counted apart ("and tens of injuries", "and a large number
# of wounded", ", 20 others injured"), so the casualties are the dead
_INJURED_BESIDE = re.compile(
    r"\s*(?:,|and|,\s*and|while|with)\s+(?:(?:"
    + QUALIFIER_PATTERN
    + r")\s+)?(?:"
    + NUMBER_PATTERN
    + r"|some|a\s+(?:large|big)\s+number)\s+(?:of\s+)?(?:others?\s+|people\s+|persons\s+)?"
    r"(?:injur(?:ies|ed|y)|wounded|wounds)\b",
    re.IGNORECASE,
)
# "3 casualties in the aerial bombing on Nawa": casualties an attack caused (the wounded
# are told as "injuries"), when not summed with them ("13 casualties and injuries in ...")
_BY_ATTACK_AFTER = re.compile(
    r"(?:\s+at\s+least)?\s+(?:in|by|from)\s+(?:the\s+|an?\s+)?(?:[\w-]+\s+){0,3}?(?:bombing|"
    r"bombardment|shelling|raids?|air ?strikes?|explosions?|blasts?|shells|rockets?|missiles?|"
    r"landmines?|mines?|sniper|gunfire)\b",
    re.IGNORECASE,
)
# "8 casualties including 7 children in the massacre of Idlib"
_MASSACRE_AFTER = re.compile(r"[^.;]{0,80}?\bmassacres?\b", re.IGNORECASE)

_STOP_WORDS = frozenset(
    [
        "were",
        "was",
        "is",
        "are",
        "have",
        "has",
        "had",
        "been",
        "be",
        "being",
        "and",
        "or",
        "in",
        "on",
        "at",
        "by",
        "from",
        "of",
        "to",
        "with",
        "who",
        "that",
        "which",
        "killed",
        "wounded",
        "injured",
        "dead",
        "died",
        "including",
        "near",
        "after",
        "during",
        "when",
        "while",
        "as",
        "but",
        "for",
        "into",
        "since",
        "than",
        "those",
        "these",
        "them",
        "their",
        "its",
        "his",
        "her",
        "a",
        "an",
        "the",
        "this",
        "left",
        "leaving",
        "killing",
        "wounding",
        "injuring",
        "said",
        "says",
        "reported",
        "according",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "sixty",
        "seventy",
        "eighty",
        "ninety",
        "hundred",
        "thousand",
        "dozen",
        "dozens",
        "scores",
    ]
)
_NUMBER_WORDS = frozenset(
    {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven"}
    | {"twelve", "twenty", "thirty", "forty", "fifty", "hundred", "hundreds", "dozen", "dozens"}
)
#: verbs and verb-like words that can follow a counted phrase (end a noun phrase)
_VERB_WORDS = frozenset(
    {"killed", "wounded", "injured", "hurt", "died", "dead", "were", "was", "are", "is", "have"}
    | {"has", "had", "opened", "fired", "attacked", "stormed", "fled", "said", "says", "told"}
    | {"shot", "gunned", "eliminated", "neutralised", "neutralized", "lost", "perished"}
)
_WORD_RE = re.compile(r"\s+([\w'’.-]+)")
_NUMQ_RE = re.compile(
    r"(?<![\w.,-])(?:(?P<qual>" + QUALIFIER_PATTERN + r")\s+)?(?P<num>" + NUMBER_PATTERN + r")",
    re.IGNORECASE,
)
# "claiming two lives", "cost at least 12 lives": a count of lives lost
_LIVES_RE = re.compile(
    r"\b(?:claim(?:ed|ing|s)?|cost(?:ing|s)?|t(?:ook|aking|akes)|los(?:t|ing))\s+(?P<cp>"
    r"(?:(?P<qual>" + QUALIFIER_PATTERN + r")\s+)?(?P<num>" + NUMBER_PATTERN + r"))\s+"
    r"(?:(?:more|other|civilian|innocent|human)\s+)?lives\b",
    re.IGNORECASE,
)
_WORD_START_RE = re.compile(r"(?<![\w.,-])\w+")
# the same word starts on the lower-cased text (see ``numbers.lower_aligned``), found by the regex
# engine: a digit or other non-ASCII-letter start (checked again on the text), or a whole
# word of FIRST_WORDS
# on ``lower_aligned(text)``: a head noun among the next five words, as :func:`_noun_phrase`
# reads them (a necessary condition for it to find one)
_HEAD_SOON = re.compile(
    r"(?:\s+[\w'’.-]+){0,4}?\s+" + word_alternation(HEAD_NOUNS) + r"\.*(?![\w'’.-])"
)
_NUMQ_LOW_RE = re.compile(_NUMQ_RE.pattern)  # the same on ``lower_aligned(text)``
_NUMBER_START_RE = re.compile(
    r"(?<![\w.,-])(?:[^\W_a-z]|" + word_alternation(FIRST_WORDS) + r"(?!\w))"
)
_MAX_MODIFIERS = 4


# what may follow the head: "of the regime forces", "from the town", "belonging to the
# Sultan Murad Division", "loyal to ...", "aged 9 and 12", "in their 40s"
_POST_PREP_RE = re.compile(
    r"\s+(?:of|from|belonging\s+to|loyal\s+to|affiliated\s+(?:with|to)|linked\s+to"
    r"|allied\s+(?:to|with)|aligned\s+(?:with|to)|attached\s+to|serving\s+(?:in|with))\b",
    re.IGNORECASE,
)
_FAMILY_OF = re.compile(
    r"\s+family\s+of\s+(?P<num>" + NUMBER_PATTERN + r")\b(?:\s+(?:people|persons|members))?",
    re.IGNORECASE,
)
_POST_QUALIFIER = re.compile(r"\s+(?P<qual>at\s+least|at\s+most)\b", re.IGNORECASE)
_AGE_RE = re.compile(
    r"\s*,?\s+(?:aged\s+(?:between\s+|from\s+)?\d{1,3}(?:\s*(?:and|to|or|-|–)\s*\d{1,3})?"
    r"(?:\s+years?(?:\s+old)?)?"
    r"|in\s+(?:his|her|their)\s+(?:early\s+|late\s+|mid-?)?(?:\d0s|\d0['’]s|teens|twenties"
    r"|thirties|forties|fifties|sixties|seventies|eighties|nineties)"
    r"|of\s+(?:different|various|all)\s+ages)\b",
    re.IGNORECASE,
)
# words that end a noun phrase after its head: verbs, clause words, other prepositions
_POST_BREAK = (
    _STOP_WORDS
    - {"of", "from", "the", "a", "an", "its", "their", "his", "her", "this", "one", "those"}
) | frozenset(
    {
        "whom",
        "whose",
        "before",
        "after",
        "near",
        "outside",
        "inside",
        "across",
        "around",
        "among",
        "amid",
        "between",
        "under",
        "over",
        "against",
        "along",
        "toward",
        "towards",
        "without",
        "within",
        "via",
        "also",
        "reportedly",
        "allegedly",
        "yesterday",
        "today",
        "tonight",
        "overnight",
        "last",
        "earlier",
        "later",
        "died",
        "perished",
        "lost",
        "slain",
        "executed",
        "martyred",
        "arrested",
        "detained",
        "abducted",
        "kidnapped",
        "missing",
        "displaced",
        "remain",
        "remains",
        "remained",
        "still",
        "aged",
        "age",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "working",
        "living",
        "whereas",
        "if",
        "so",
        "not",
    }
)
_MAX_POST = 10
_THAN_RE = re.compile(r"\s+than\b", re.IGNORECASE)
_NAME_PARTICLES = ("al-", "el-", "ad-", "ash-", "as-", "ar-", "an-", "at-", "az-", "ath-", "adh-")


def _post_modifier(text: str, end: int, stop: int) -> int:
    """The end of "of the regime forces", "from both sides", "of one family" after a head."""
    budget = _MAX_POST
    while budget > 0:
        age = _AGE_RE.match(text, end, stop)
        if age is not None:
            end = age.end()
            continue
        prep = _POST_PREP_RE.match(text, end, stop)
        if prep is None:
            return end
        pos = prep.end()
        words = 0
        prev_cap = False
        first = True
        while budget > 0:
            w = _WORD_RE.match(text, pos, stop)
            if w is None:
                break
            raw = w.group(1).rstrip(".")
            word = raw.lower()
            if word == "and":  # "of Jaish al-Fatah and (the) Ahrar al-Sham": names joined
                nxt = _WORD_RE.match(text, w.end(1), stop)
                if nxt is not None and nxt.group(1).lower() == "the":
                    nxt = _WORD_RE.match(text, nxt.end(1), stop)
                if not (prev_cap and nxt is not None and nxt.group(1)[:1].isupper()):
                    break
            elif word in ("of", "from") and words:
                pass
            elif (word in _POST_BREAK or word in _VERB_WORDS) and not _is_acronym(raw):
                if not (first and word == "one"):
                    break
            elif (raw.replace(",", "").isdigit() and not prev_cap) or (
                word in _NUMBER_WORDS and not first
            ):
                break
            pos = w.end(1) - (len(w.group(1)) - len(raw))
            prev_cap = raw[:1].isupper() or word.startswith(_NAME_PARTICLES)
            words += 1
            budget -= 1
            first = False
            if len(raw) != len(w.group(1)):
                break  # "forces." ends the sentence
        if words == 0 or not any(c.isalpha() for c in text[prep.end() : pos]):
            return end
        end = pos
    return end


def _noun_phrase(text: str, pos: int, stop: int) -> tuple[int, str | None]:
    """The person noun phrase after a number at ``pos``: (end, head) or (pos, None)."""
    end = pos
    for _ in range(_MAX_MODIFIERS + 1):
        w = _WORD_RE.match(text, end, stop)
        if w is None:
            return pos, None
        raw = w.group(1)
        word = raw.lower().rstrip(".")
        if word == "more" and (end != pos or _THAN_RE.match(text, w.end(1), stop)):
            return pos, None  # "four more", not "last December more than 30"
        if word in HEAD_NOUNS:
            end = w.end(1) - (len(w.group(1)) - len(w.group(1).rstrip(".")))
            nxt = _WORD_RE.match(text, end, stop)
            if (
                nxt is not None
                and nxt.group(1).lower() in HEAD_NOUNS
                and nxt.group(1).lower() not in _STOP_WORDS
            ):
                end, word = nxt.end(1), nxt.group(1).lower()
            return _post_modifier(text, end, stop), word
        if (word in _STOP_WORDS and not _is_acronym(raw)) or word.replace(",", "").isdigit():
            return pos, None
        end = w.end(1)
    return pos, None


def _is_acronym(word: str) -> bool:
    """ "IS", "SDF", "YPG": names, though "is" is a verb."""
    return len(word) > 1 and word.isupper()


_AUX = (
    r"(?:\s+(?:were|was|are|is|have|has|had|been|being|be|got|reportedly|also|all|later"
    r"|allegedly|apparently|subsequently|since|both|either|each|now|just|confirmed|said\s+to\s+be|remain|remained|remains|still"
    r"|believed\s+to\s+have|believed\s+to\s+be|feared|thought\s+to\s+be|likely|probably))*"
)
_PAREN = (
    r"(?:\s*(?:,|\(|-|–|—)\s*(?:including|among\s+them|among\s+whom|of\s+whom|most\s+of\s+them"
    r"|many\s+of\s+them|all\s+of\s+them|some\s+of\s+them|mostly|mainly|most|both|all|among|aged"
    r"|believed|according|one\s+of|two\s+of)[^,.;()]{0,90}?(?:,|\)|-|–|—)"
    # the same aside when the text lost its commas: "6 civilians including a woman and two
    # children were killed", or its closing one: "17 members, including a commander were killed"
    r"|\s*,?\s+(?:including|among\s+them|mostly|mainly)\s+[^,.;()]{0,60}?"
    r"(?=\s+(?:were|was|are|is|have|has|had|killed|died|wounded|injured)\b))?"
)
_CONJUNCT = (
    r"(?:\s+(?:and|or)\s+(?:their\s+|other\s+|a\s+|an\s+)?(?:[\w-]+\s+){0,2}?(?:" + _HEADS + r"))?"
)

_VERBS: dict[CasualtyKind, str] = {
    CasualtyKind.KILLED: (
        # "were shot and killed", "was abducted and murdered": the killing is the figure's
        r"(?:shot|stabbed|beaten|attacked|ambushed|abducted|kidnapped|tortured|hacked|captured"
        r"|raped|robbed)\s+and\s+(?:then\s+)?(?:killed|murdered|executed|slain|beheaded)"
        r"|killed|dead|died|die|dies|slain|executed|massacred|murdered|assassinated|beheaded"
        r"|slaughtered|lynched"
        r"|shot\s+dead|gunned\s+down|lost\s+their\s+lives|lost\s+his\s+life|lost\s+her\s+life"
        r"|perished|martyred|found\s+dead|burned\s+to\s+death|burnt\s+to\s+death|suffocated"
        r"|drowned|crushed\s+to\s+death|succumbed|eliminated|neutrali[sz]ed|liquidated"
        r"|(?:stabbed|beaten|tortured|hacked|starved|bludgeoned|stoned|burned|burnt)\s+to\s+death"
    ),
    CasualtyKind.INJURED: (
        r"(?:shot|stabbed|beaten|attacked)\s+and\s+(?:wounded|injured)"
        r"|wounded|injured|hurt|maimed|(?:suffered|sustained)\s+(?:injuries|wounds)"
    ),
    CasualtyKind.ARRESTED: r"arrested|detained|rounded\s+up|taken\s+into\s+custody|jailed|imprisoned",
    CasualtyKind.ABDUCTED: r"abducted|kidnapped|taken\s+hostage|taken\s+captive|captured|seized",
    CasualtyKind.MISSING: r"missing|unaccounted\s+for|disappeared",
    CasualtyKind.DISPLACED: r"displaced|fled|forced\s+to\s+flee|made\s+homeless|uprooted",
}
_VERB_GROUP = {kind: f"v_{kind.value}" for kind in CasualtyKind}
_RIGHT_RE = re.compile(
    r"(?P<paren>"
    + _PAREN
    + r")(?P<conj>"
    + _CONJUNCT
    + r")"
    + _PAREN
    + r"(?:\s*,)?"
    + r"(?:\s+(?:who|that|which))?"
    + _AUX
    + r"\s+(?:"
    + "|".join(f"(?P<{_VERB_GROUP[k]}>{v})" for k, v in _VERBS.items())
    + r")\b",
    re.IGNORECASE,
)
_AMONG_RE = re.compile(
    r"\s+(?:were|was|are|is)\s+(?:also\s+)?among\s+(?:those\s+|the\s+)?"
    r"(?:(?P<k>killed|dead|victims|died|fatalities|wounded|injured|arrested|detained))\b",
    re.IGNORECASE,
)
# an object after the verb: "gunmen killed 5 people" is active, "5 fighters killed in" is not
_OBJECT_RE = re.compile(
    r"\s+(?:(?:" + QUALIFIER_PATTERN + r")\s+)?(?:\d|(?:a|an|the|his|her|their|its|him|them|one|two"
    r"|three|four|five|six|seven|eight|nine|ten|dozens|scores|several|many|hundreds|tens)\b)",
    re.IGNORECASE,
)

_LEFT: dict[CasualtyKind, str] = {
    CasualtyKind.KILLED: (
        r"killing|killed|kill|kills|slaying|slew|executing|executed|execute|executes|massacring"
        r"|massacred|murdering|murdered|assassinating|assassinated|beheading|beheaded|beheads"
        r"|behead|slaughtering|slaughtered|slaughters|slaughter|lynching|lynched|lynches|lynch"
        r"|shooting\s+dead|shot\s+dead|shot\s+and\s+killed|gunning\s+down|gunned\s+down"
        r"|(?:claiming|claimed|claim|claims|took|taking|take|takes|cost|costing)\s+the\s+lives?\s+of"
        r"|(?:the\s+)?deaths?\s+of|(?:the\s+)?killings?\s+of|(?:the\s+)?murders?\s+of"
        r"|(?:the\s+)?executions?\s+of|(?:the\s+)?bod(?:y|ies)\s+of|(?:the\s+)?corpses?\s+of"
        r"|eliminating|eliminated|eliminate|eliminates|neutrali[sz](?:ing|ed|es|e)"
        r"|liquidating|liquidated"
        r"|(?:beat|beating|beaten|stabbed|stabbing|tortured|torturing|hacked|stoned)\s+to\s+death"
    ),
    CasualtyKind.INJURED: (
        r"wounding|wounded|wound|wounds|injuring|injured|injure|injures|maiming|maimed|hurting"
        r"|(?:the\s+)?(?:injury|injuries|wounding)\s+of"
    ),
    CasualtyKind.ARRESTED: (
        r"arresting|arrested|arrest|arrests|detaining|detained|detain|detains|rounding\s+up"
        r"|rounded\s+up|jailing|jailed|(?:the\s+)?(?:arrests?|detention)\s+of"
    ),
    CasualtyKind.ABDUCTED: (
        r"abducting|abducted|abduct|abducts|kidnapping|kidnapped|kidnap|kidnaps|capturing"
        r"|captured|capture|captures|taking\s+hostage|took\s+hostage|(?:the\s+)?(?:abduction|kidnapping)\s+of"
    ),
    CasualtyKind.DISPLACED: r"displacing|displaced|displace|displaces|(?:the\s+)?displacement\s+of",
}
_LEFT_RE = re.compile(
    r"(?<!\w)(?:(?P<both>killed\s+(?:and|or)\s+|killing\s+(?:and|or)\s+|dead\s+(?:and|or)\s+))?\b(?:"
    + "|".join(f"(?P<{_VERB_GROUP[k]}>{v})" for k, v in _LEFT.items())
    + r"|(?P<leave>left|leaving|leave|leaves)"
    # "the dead included three soldiers", "among the dead were four children": a subset
    + r"|(?P<among>(?:the\s+)?(?:dead|victims|fatalities|those\s+killed)\s+(?:included|include"
    + r"|includes)|among\s+(?:the\s+)?(?:dead|victims|fatalities|those\s+killed)\s+(?:were|was|are|is))"
    # "killing himself and six others": the attacker and his victims
    + r"|(?P<selfand>(?:killing|killed|kills)\s+(?P<self>himself|herself|themselves)\s+(?:and|along\s+with)))"
    + r"\s+$",
    re.IGNORECASE,
)
#: the last word of every match of _LEFT_RE (before the spaces that end it)
_LEFT_LAST_WORDS = tuple(
    [
        "killing",
        "killed",
        "kill",
        "kills",
        "slaying",
        "slew",
        "executing",
        "executed",
        "execute",
        "executes",
        "massacring",
        "massacred",
        "murdering",
        "murdered",
        "assassinating",
        "assassinated",
        "beheading",
        "beheaded",
        "beheads",
        "behead",
        "slaughtering",
        "slaughtered",
        "slaughters",
        "slaughter",
        "lynching",
        "lynched",
        "lynches",
        "lynch",
        "dead",
        "down",
        "of",
        "eliminating",
        "eliminated",
        "eliminate",
        "eliminates",
        "neutralising",
        "neutralizing",
        "neutralised",
        "neutralized",
        "neutralises",
        "neutralizes",
        "neutralise",
        "neutralize",
        "liquidating",
        "liquidated",
        "death",
        "wounding",
        "wounded",
        "wound",
        "wounds",
        "injuring",
        "injured",
        "injure",
        "injures",
        "maiming",
        "maimed",
        "hurting",
        "arresting",
        "arrested",
        "arrest",
        "arrests",
        "detaining",
        "detained",
        "detain",
        "detains",
        "up",
        "jailing",
        "jailed",
        "abducting",
        "abducted",
        "abduct",
        "abducts",
        "kidnapping",
        "kidnapped",
        "kidnap",
        "kidnaps",
        "capturing",
        "captured",
        "capture",
        "captures",
        "hostage",
        "displacing",
        "displaced",
        "displace",
        "displaces",
        "left",
        "leaving",
        "leave",
        "leaves",
        "included",
        "include",
        "includes",
        "were",
        "was",
        "are",
        "is",
        "and",
        "with",
    ]
)
_LEFT_LOW_RE = GatedSearch(re.compile(_LEFT_RE.pattern))  # the same on ``lower_aligned(text)``
_LEAVE_RE = re.compile(
    r"\s+(?:(?P<dead>dead|killed)|(?P<hurt>wounded|injured|hurt)|(?P<gone>missing))\b",
    re.IGNORECASE,
)

_TOLL_STRONG = (
    r"rose|risen|rising|rises|climbed|climbing|climbs|jumped|jumps|increased|increases|mounted"
    r"|grew|soared|reached|reaches|stands|stood|hit|hits|hitting"
)
_TOLL_WEAK = r"is|was|at|of|to"


def _toll_re(verbs: str, reach: int) -> re.Pattern[str]:
    return re.compile(
        r"\b(?P<what>(?:death|casualty|fatality)\s+toll|toll|number\s+of\s+(?:the\s+)?(?:dead"
        r"|deaths|people\s+killed|victims|fatalities|those\s+killed|martyrs|civilians\s+killed))\b"
        r"(?P<mid>[^.;:!?]{0,"
        + str(reach)
        + r"}?)\b(?P<verb>"
        + verbs
        + r")\s+(?:to\s+|at\s+|of\s+)?"
        r"(?P<cp>(?:" + QUALIFIER_PATTERN + r"\s+)?(?:" + NUMBER_PATTERN + r"))"
        r"(?!\s*(?:%|percent|per\s+cent|-year|years?\b|km\b|kilomet))",
        re.IGNORECASE,
    )


# "the death toll from the car bomb that exploded in ... on Sunday has risen to 19": a verb of
# change may stand far from "toll"; "is", "at", "of" must stand close to it
_TOLL_RES = (_toll_re(_TOLL_STRONG, 200), _toll_re(_TOLL_WEAK, 70))
_TOLL_MORE_RE = re.compile(
    r",?\s+(?:and\s+)?(?:then\s+|later\s+|subsequently\s+|by\s+\w+\s+)?(?P<verb>rose|climbed|jumped"
    r"|increased|reached|soared|mounted|grew)\s+(?:again\s+)?(?:to\s+)?(?:(?P<qual>"
    + QUALIFIER_PATTERN
    + r")\s+)?(?P<num>"
    + NUMBER_PATTERN
    + r")(?![\w%])",
    re.IGNORECASE,
)
_TOLL_UPDATE_VERBS = frozenset(
    {"rose", "risen", "rising", "rises", "climbed", "climbing", "climbs", "jumped", "jumps"}
    | {
        "increased",
        "increases",
        "mounted",
        "grew",
        "soared",
        "reached",
        "reaches",
        "stands",
        "stood",
    }
)
_BRING_RE = re.compile(
    r"\b(?:brings?|bringing|brought|raising|raises|raised|pushing|pushed|pushes|taking|took|takes"
    r"|lifting|lifted)\s+(?:the\s+)?(?:overall\s+|total\s+|latest\s+)?$",
    re.IGNORECASE,
)
_PERPETRATOR_RE = re.compile(
    r"\b(?P<np>(?:a|an|the|one|two|three)\s+(?:[\w-]+\s+){0,2}?(?:suicide\s+)?(?:bomber|attacker"
    r"|assailant|gunman|militant|terrorist|fighter)s?)\s+(?:who\s+)?(?:reportedly\s+|later\s+|then\s+)?"
    r"(?:killed\s+(?:himself|herself|themselves)|blew\s+(?:himself|herself|themselves)\s+up"
    r"|detonated\s+(?:his|her|their)\s+(?:explosive|suicide)\s+(?:belt|vest)s?)",
    re.IGNORECASE,
)

_AGG_RE = re.compile(
    r"\b(?:throughout\s+(?:the\s+country|syria|the\s+province|the\s+region)|across\s+(?:the\s+country"
    r"|all\s+of\s+syria|syria|the\s+province|several\s+provinces|the\s+region|the\s+nation)"
    r"|all\s+over\s+(?:the\s+country|syria)|nationwide|country-?wide|in\s+various\s+(?:parts|areas|provinces)"
    r"|in\s+different\s+(?:parts|areas|provinces)|(?:over|in|during|within)\s+the\s+(?:past|last|previous)"
    r"\s+(?:few|several|couple\s+of|\d+|two|three|four|five|six|seven|ten|fourteen)\s+(?:days|weeks|months|years)"
    r"|(?:over|in|during|within)\s+the\s+(?:past|last|previous)\s+(?:week|month|year)"
    r"|in\s+recent\s+(?:days|weeks|months)|since\s+the\s+(?:start|beginning|outbreak|onset)"
    r"|since\s+(?:19|20)\d\d|since\s+(?:the\s+)?(?:war|conflict|uprising|revolution|crisis)"
    r"|so\s+far\s+this\s+(?:year|month|week)|in\s+total|the\s+total|total\s+(?:death\s+)?toll"
    r"|daily\s+toll|overall\s+toll|(?:war|conflict|crisis|uprising|revolution)\s+(?:in\s+\w+\s+)?(?:has|had)\s+(?:so\s+far\s+)?(?:killed|claimed|left)"
    r"|this\s+year|last\s+year|this\s+month|last\s+month|(?:during|over|in)\s+the\s+(?:whole\s+|entire\s+)?month"
    r"|since\s+(?:last\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|week))\b",
    re.IGNORECASE,
)
_AGG_LOW_RE = re.compile(_AGG_RE.pattern)  # the same on ``lower_aligned(text)``, no IGNORECASE


def aggregate_cues(text: str, start: int = 0, end: int | None = None) -> list[str]:
    """The aggregate-scope cues ("nationwide", "since Monday", "this year") in
    ``text[start:end]``, lower-cased: what made figures there aggregates."""
    stop = len(text) if end is None else end
    return [m.group().lower() for m in _AGG_RE.finditer(text, start, stop)]


_CLAUSE_BREAK = re.compile(
    r"[.!?](?=\s|$)|;|\n|,\s+(?:when|while|as|whereas|and|but|bringing|raising|after|before)\b"
    r"|\s(?:when|while|whereas|but)\s",
    re.IGNORECASE,
)

_SEP_RE = re.compile(
    r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s+as\s+well\s+as\s+|\s+plus\s+|\s+along\s+with\s+)"
    r"(?:(?:his|her|their)\s+)?$",
    re.IGNORECASE,
)

# what may follow a count with no noun: "killing 12 in", "22 dead", "5 were killed"
_BARE_NEXT = re.compile(
    r"\s*(?:[,.;:!?)]|$|\s*(?:in|on|at|and|or|near|when|after|during|as|while|including|across|around"
    r"|since|inside|outside|with|from|by|over|last|this|overnight|yesterday|today|so|among|following"
    r"|were|was|are|have|had|has|died|dead|killed|wounded|injured)\b)",
    re.IGNORECASE,
)
_NOT_A_COUNT = re.compile(
    r"(?:-|\s+)?(?:year|month|week|day|hour|minute|km|kilomet|mile|met(?:er|re)|mm\b|cm\b|kg\b|ton"
    r"|percent|per\s+cent|%|times\b|strong\b|man\b|member\b|storey|story|floor|dollar|euro|pound"
    r"|litre|liter|o['’]clock|a\.?m\b|p\.?m\b|gmt|local\s+time|:\d|th\b|st\b|nd\b|rd\b)",
    re.IGNORECASE,
)
_OF_THE = re.compile(
    r"\s+of\s+(?P<det>the|them|those|whom|these|us|which|its|their|his|her)\b", re.IGNORECASE
)
_AGE_BEFORE = re.compile(
    r"(?:\baged?|\bages(?:\s+of)?|\bage\s+of)\s+(?:between\s+|from\s+)?"
    r"(?:\d{1,3}\s*(?:and|to|or|-|–)\s*)?$",
    re.IGNORECASE,
)
_BEFORE_BAD = re.compile(
    r"(?<!\w)(?:\b(?:of|among)\s+the|\b(?:no|any|every|each|this|which|the|only|last|first"
    r"|number|no\.|resolution|article|brigade|division|regiment|battalion|route|road|highway"
    r"|flight|unit|page|chapter|area|zone|sector|sunday|monday|tuesday|wednesday|thursday|friday"
    r"|saturday)|(?-i:\b(?:January|February|March|April|May|June|July|August|September|October"
    r"|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?))\s+$",
    re.IGNORECASE,
)
_MONTH_AFTER = re.compile(
    r"\s+(?:of\s+)?(?-i:(?:January|February|March|April|May|June|July|August|September|October"
    r"|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b)",
    re.IGNORECASE,
)
_INCLUDING_BEFORE = re.compile(
    r"(?<!\w)(?:including|among\s+them|among\s+whom|of\s+whom|amongst\s+them|of\s+them)\s+$",
    re.IGNORECASE,
)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_MONTHS = (
    r"January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec"
)
# "August 12 2016 Terrorists ...", "12 August, 2016 ...": the year of a date, not a count
_DATE_BEFORE_YEAR = re.compile(
    rf"(?:(?-i:\b(?:{_MONTHS}))\.?(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?,?|\b(?:in|since|during|until|"
    rf"of|by|early|late|mid|summer|spring|autumn|winter))\s+$",
    re.IGNORECASE,
)
_OR_WOUNDED = re.compile(r"\s+(?:or|and)\s+(?:wounded|injured|hurt)\b", re.IGNORECASE)
_PART_BETWEEN = re.compile(r"\b(?:including|among\s+(?:them|whom|those)|of\s+whom)\b", re.I)
# what follows a figure that has no verb of its own: a place, a time or the end
_VERBLESS_NEXT = re.compile(
    r"\s*(?:[,.;:)]|$|(?:in|on|at|near|outside|around|inside|across|from|during|when|while|"
    r"after|elsewhere)\b)",
    re.IGNORECASE,
)
_CONTINUE_RE = re.compile(
    r"\b(?:and|as\s+well\s+as)\s+(?P<of>of\s+)?(?P<another>another\s+)?$", re.IGNORECASE
)


def _is_other(p: _Phrase) -> bool:
    return p.np is not None and p.np.lower().startswith(("other ", "more "))


_ONE_WORDS = frozenset({"a", "an", "another"})


@dataclass(frozen=True, slots=True)
class _Phrase:
    start: int
    end: int
    qual: str | None
    num: str
    count: Count
    np: str | None
    head: str | None


def _number_matches(text: str, start: int, stop: int) -> tuple[str, re.Pattern[str], list[int]]:
    """Where a count phrase may start: the string to match :data:`_NUMQ_RE` (or its
    lower-case twin) on, that pattern, and the starts of the words whose first character is
    a digit or which are one of FIRST_WORDS (lower-cased). Every match of the pattern starts
    at such a word, so skipping the other words changes nothing."""
    low = lower_aligned(text)
    if low is None:
        return (
            text,
            _NUMQ_RE,
            [
                w.start()
                for w in _WORD_START_RE.finditer(text, start, stop)
                if w.group()[0].isdigit() or w.group().lower() in FIRST_WORDS
            ],
        )
    # a superset on the lower-cased text (also non-ASCII letters): they never match
    return low, _NUMQ_LOW_RE, [c.start() for c in _NUMBER_START_RE.finditer(low, start, stop)]


def _phrases(text: str, start: int, stop: int) -> list[_Phrase]:
    out: list[_Phrase] = []
    last_end = start
    source, pattern, starts = _number_matches(text, start, stop)
    aligned = pattern is _NUMQ_LOW_RE  # ``source`` is the lower-cased text
    for w_start in starts:
        if w_start < last_end:
            continue
        m = pattern.match(source, w_start, stop)
        if m is None:
            continue
        num_start, num_end = m.span("num")
        num = text[num_start:num_end]
        num_l = num.lower()
        qual_start, qual_end = m.span("qual")
        qual = text[qual_start:qual_end] if qual_start >= 0 else None
        if num[-1].isdigit() and text[num_end : num_end + 1].isalpha():
            last_end = num_end
            continue  # "in their 40s", "4th", "5km"
        if num_l in _ONE_WORDS and aligned and not _HEAD_SOON.match(source, num_end, stop):
            last_end = m.end()
            continue  # "a" counts only before a person noun, and none follows
        np_end, head = _noun_phrase(text, num_end, stop)
        last_end = m.end()
        if num_l in _ONE_WORDS and head is None:
            continue
        s = m.start()
        if head is None:
            after = text[num_end : min(stop, num_end + 14)]
            if _NOT_A_COUNT.match(after) or _YEAR.match(num):
                continue
            if _MONTH_AFTER.match(text, num_end, stop):
                continue
            of = _OF_THE.match(text, num_end, stop)
            if of is not None:
                # "killing a dozen of the attackers": a partitive after a verb of killing
                if _left_kind(text, s, start).kind is not CasualtyKind.KILLED:
                    continue
                np_end, head = _noun_phrase(text, of.end(), stop)
                if head is None:
                    np_end = of.end()
            if text[num_end : num_end + 1] in ("-", "/", ":"):
                continue
        e = max(num_end, np_end)
        if qual is None and head is not None:
            # "7 persons at least killed", "5 casualties at least": the qualifier after
            post = _POST_QUALIFIER.match(text, e, stop)
            if post is not None:
                qual, e = post.group("qual"), post.end()
        lead = text[max(start, s - 30) : s]
        if "ag" in lead.lower() and _AGE_BEFORE.search(lead):
            continue
        if qual is None and _BEFORE_BAD.search(lead[-16:]):
            continue
        if _YEAR.match(num) and _DATE_BEFORE_YEAR.search(lead):
            continue
        count = parse_count(num)
        if head == "family" and num_l in _ONE_WORDS:
            # "a family of seven (people)": the family's members are the count
            members = _FAMILY_OF.match(text, num_end, stop)
            if members is not None:
                count = parse_count(members.group("num")) or count
                e = np_end = max(np_end, members.end())
        if count is None:
            continue
        count = apply_qualifier(count, qual)
        np_text = " ".join(text[num_end:np_end].split()) if head is not None else None
        if np_text is not None and head in _DEATH_HEADS and np_text.lower() == head:
            np_text = None
        out.append(_Phrase(s, e, qual, num, count, np_text, head))
        last_end = e  # numbers inside the phrase ("aged 9 and 12") are not counts
    return out


def _lists(phrases: list[_Phrase], text: str) -> list[list[_Phrase]]:
    groups: list[list[_Phrase]] = []
    for p in phrases:
        if groups:
            prev = groups[-1][-1]
            between = text[prev.end : p.start]
            dead_word = (prev.head in _DEATH_HEADS) != (p.head in _DEATH_HEADS)
            if (
                len(between) <= 16
                and not dead_word
                and _SEP_RE.match(between)
                and not _INCLUDING_BEFORE.search(between)
            ):
                groups[-1].append(p)
                continue
        groups.append([p])
    return groups


def _clause(text: str, s: int, e: int, start: int, stop: int) -> tuple[int, int]:
    lo = start
    for b in _CLAUSE_BREAK.finditer(text, max(start, s - 200), s):
        lo = b.end()
    nxt = _CLAUSE_BREAK.search(text, e, stop)
    hi = nxt.start() if nxt else stop
    return lo, hi


def _right_kind(text: str, end: int, stop: int) -> tuple[CasualtyKind | None, int, str, bool]:
    """The verb after a list: (kind, end of the match, conjunct text, subset)."""
    among = _AMONG_RE.match(text, end, stop)
    if among is not None:
        k = among.group("k").lower()
        kind = (
            CasualtyKind.INJURED
            if k in ("wounded", "injured")
            else CasualtyKind.ARRESTED
            if k in ("arrested", "detained")
            else CasualtyKind.KILLED
        )
        return kind, among.end(), "", True
    m = _RIGHT_RE.match(text, end, stop)
    if m is None and (pp := _PLACE_PP.match(text, end, stop)) is not None:
        # "a number of terrorists at the centre were killed", "five people on board died"
        m = _RIGHT_RE.match(text, pp.end(), stop)
        if m is not None:
            end = pp.end()
    if m is None:
        return None, end, "", False
    for kind, group in _VERB_GROUP.items():
        if m.group(group) is not None:
            verb_end = m.end()
            # "gunmen killed 5 people": an active verb with an object is not our list's fate
            between = text[end : m.start(group)]
            bare = not re.search(r"\b(?:were|was|are|is|been|being|got)\b", between, re.IGNORECASE)
            if (
                bare
                and kind
                in (
                    CasualtyKind.KILLED,
                    CasualtyKind.INJURED,
                    CasualtyKind.ARRESTED,
                    CasualtyKind.ABDUCTED,
                )
                and m.group(group).lower()
                not in (
                    "dead",
                    "died",
                    "die",
                    "dies",
                )
                and _OBJECT_RE.match(text, verb_end, stop)
            ):
                return None, end, "", False
            if kind is CasualtyKind.KILLED and _OR_WOUNDED.match(text, verb_end, stop):
                return None, end, "", False  # "were killed or wounded": the split is unknown
            return kind, verb_end, " ".join((m.group("conj") or "").split()), False
    return None, end, "", False


# where the people were, between them and their fate: "(ten soldiers) at the checkpoint"
_PLACE_PP = re.compile(
    r"\s+(?:at|in|inside|on\s+board|aboard|near)(?:\s+(?:the|a|an))?(?:\s+[\w'’-]+){1,4}?"
    r"(?=\s+(?:were|was|had|have|has|died)\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class _Left:
    """What stands before a list: its kind, "left/leaving" (needs an adjective after), a
    subset cue ("the dead included"), and "killing himself and" (the attacker's own death)."""

    kind: CasualtyKind | None
    leave: bool = False
    subset: bool = False
    self_span: tuple[int, int] | None = None
    self_word: str = ""


_NO_LEFT = _Left(None)


def _left_kind(text: str, s: int, start: int) -> _Left:
    """The verb or noun before a list."""
    lo = max(start, s - 48)
    if not text[lo:s].rstrip()[-16:].lower().endswith(_LEFT_LAST_WORDS):
        return _NO_LEFT  # every match ends with one of these words, then spaces
    low = lower_aligned(text)
    m = _LEFT_RE.search(text, lo, s) if low is None else _LEFT_LOW_RE.search(low, lo, s)
    if m is None:
        return _NO_LEFT
    if m.group("leave"):
        return _Left(None, leave=True)
    if m.group("both"):
        return _NO_LEFT  # "killed and wounded 15": casualties, not split
    if m.group("among"):
        return _Left(CasualtyKind.KILLED, subset=True)
    if m.group("selfand"):
        return _Left(
            CasualtyKind.KILLED,
            self_span=(m.start("selfand"), m.end("self")),
            self_word=m.group("self").lower(),
        )
    for kind in _LEFT:
        if m.group(_VERB_GROUP[kind]) is not None:
            if _REASON_BEFORE.search(text, max(start, m.start() - 30), m.start()):
                return _NO_LEFT  # "executed on charges of killing another member"
            return _Left(kind)
    return _NO_LEFT


# a deed someone is charged with or punished for, not what happened in this event
_REASON_BEFORE = re.compile(
    r"\b(?:charges?\s+of|charged\s+with|accused\s+of|convicted\s+of|guilty\s+of|"
    r"suspected\s+of|sentenced\s+for|arrested\s+for|executed\s+for)\s+$",
    re.IGNORECASE,
)


_TRIGGERS = tuple(
    [
        "kill",
        "dead",
        "died",
        "dies",
        "death",
        "toll",
        "wound",
        "injur",
        "hurt",
        "maim",
        "arrest",
        "detain",
        "abduct",
        "kidnap",
        "captur",
        "seiz",
        "missing",
        "displac",
        "fled",
        "flee",
        "bodies",
        "corpse",
        "martyr",
        "execut",
        "massacr",
        "murder",
        "assassin",
        "behead",
        "slaughter",
        "lynch",
        "slain",
        "slew",
        "perish",
        "lives",
        "life",
        "shot",
        "gunned",
        "suffocat",
        "drown",
        "crush",
        "succumb",
        "rounded",
        "custody",
        "jail",
        "imprison",
        "hostage",
        "captive",
        "unaccounted",
        "disappear",
        "homeless",
        "uproot",
        "blew",
        "detonat",
        "victim",
        "fatalit",
        "casualt",
        "eliminat",
        "neutrali",
        "liquidat",
    ]
)
# one search for any of them (a sentence holds none more often than not), as a trie
_TRIGGER_WORD = re.compile(prefix_trie(_TRIGGERS))
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)\"”'’][.!?])\s+|\n\s*")


_BREAK_CHAR_RE = re.compile(r"[.!?\n]")
_BEFORE_STOP = frozenset("abcdefghijklmnopqrstuvwxyz0123456789)\"”'’")
_SPACES_RE = re.compile(r"\s+")


def _sentence_break(text: str, pos: int, stop: int) -> tuple[int, int] | None:
    """``_SENTENCE_END.search(text, pos, stop).span()``, without trying the lookbehind at
    every character: only at ".", "!", "?" and line breaks."""
    i = max(pos - 1, 0)  # a full stop just before ``pos`` ends a sentence at ``pos``
    while True:
        c = _BREAK_CHAR_RE.search(text, i, stop)
        if c is None:
            return None
        q = c.start()
        if text[q] == "\n":
            if q >= pos:
                return q, q + len(text[q:stop]) - len(text[q:stop].lstrip())
        elif q >= 1 and text[q - 1] in _BEFORE_STOP:
            ws = _SPACES_RE.match(text, q + 1, stop)
            if ws is not None:
                return ws.span()
        i = q + 1


def _figure(
    text: str,
    s: int,
    e: int,
    *,
    kind: CasualtyKind,
    count: Count,
    group: int,
    update: bool = False,
    aggregate: bool = False,
) -> CasualtyMention:
    """A figure that names no one ("the toll rose to 30", "claiming two lives")."""
    return CasualtyMention(
        span=Span(start=s, end=e, text=text[s:e], role="fatalities"),
        kind=kind,
        count=count,
        subject=None,
        update=update,
        aggregate=aggregate,
        group=group,
    )


def find_casualties(text: str, *, start: int = 0, end: int | None = None) -> list[CasualtyMention]:
    """Every casualty figure in ``text[start:end]``, in order, with offsets into ``text``.

    Sentences without a casualty word ("killed", "wounded", "toll", ...) are skipped
    unread; figures never span sentences."""
    stop = len(text) if end is None else end
    found: list[CasualtyMention] = []
    pos = start
    groups = 0
    while pos < stop:
        brk = _sentence_break(text, pos, stop)
        sent_end = brk[0] if brk else stop
        lowered = text[pos:sent_end].lower()
        if _TRIGGER_WORD.search(lowered):
            mentions, groups = _find_in_sentence(
                text, pos, sent_end, groups=groups, lowered=lowered
            )
            found.extend(mentions)
        pos = brk[1] if brk else stop
    return found


def _find_in_sentence(
    text: str, start: int, stop: int, *, groups: int, lowered: str
) -> tuple[list[CasualtyMention], int]:
    found: list[tuple[int, CasualtyMention]] = []
    consumed: list[tuple[int, int]] = []
    group_id = groups

    def taken(s: int) -> bool:
        return any(a <= s < b for a, b in consumed)

    scopes: list[tuple[int, int]] | None = None  # aggregate cues, found once per sentence

    def flags(s: int, e: int) -> bool:
        nonlocal scopes
        if scopes is None:
            low = lower_aligned(text)
            scopes = (
                [a.span() for a in _AGG_RE.finditer(text, start, stop)]
                if low is None
                else [a.span() for a in _AGG_LOW_RE.finditer(low, start, stop)]
            )
        if not scopes:
            return False
        lo, hi = _clause(text, s, e, start, stop)
        return any(lo <= a and b <= hi for a, b in scopes)

    # 1. tolls: "the death toll rose to 68", "bringing the toll to 30", "a death toll of 12"
    has_toll = "toll" in lowered or "number of" in lowered
    tolls = [m for r in _TOLL_RES for m in r.finditer(text, start, stop)] if has_toll else []
    for m in tolls:
        if taken(m.start()) or taken(m.start("cp")):
            continue
        cp = _NUMQ_RE.match(text, m.start("cp"), stop)
        if cp is None or cp.end("num") > m.end("cp") + 1:
            continue
        count = parse_count(cp.group("num"))
        if count is None or (cp.group("num").lower() in _ONE_WORDS):
            continue
        if _YEAR.match(cp.group("num")) and m.group("verb").lower() in (
            "at",
            "of",
            "to",
            "is",
            "was",
        ):
            continue
        count = apply_qualifier(count, cp.group("qual"))
        verb = m.group("verb").lower()
        update = (
            verb in _TOLL_UPDATE_VERBS
            or _BRING_RE.search(text, max(start, m.start() - 40), m.start()) is not None
        )
        s, e = m.start(), m.end("cp")
        group_id += 1
        mention = _figure(
            text,
            s,
            e,
            kind=CasualtyKind.KILLED
            if "wound" not in m.group("mid").lower()
            else CasualtyKind.INJURED,
            count=count,
            update=update,
            aggregate=flags(s, e),
            group=group_id,
        )
        found.append((s, mention))
        consumed.append((s, e))
        # "... rose to 15 and then climbed to 21": the last figure is the latest
        more = _TOLL_MORE_RE.match(text, e, stop)
        while more is not None:
            next_count = parse_count(more.group("num"))
            if next_count is None:
                break
            s2, e2 = more.start("verb"), more.end()
            group_id += 1
            later = _figure(
                text,
                s2,
                e2,
                kind=mention.kind,
                count=apply_qualifier(next_count, more.group("qual")),
                update=True,
                aggregate=mention.aggregate,
                group=group_id,
            )
            found.append((s2, later))
            consumed.append((s2, e2))
            more = _TOLL_MORE_RE.match(text, e2, stop)

    # 1b. lives: "claiming two lives", "the blast cost 12 lives"
    for m in _LIVES_RE.finditer(text, start, stop) if "lives" in lowered else ():
        if taken(m.start("cp")):
            continue
        count = parse_count(m.group("num"))
        if count is None:
            continue
        s, e = m.start("cp"), m.end()
        group_id += 1
        lives = _figure(
            text,
            s,
            e,
            kind=CasualtyKind.KILLED,
            count=apply_qualifier(count, m.group("qual")),
            aggregate=flags(s, e),
            group=group_id,
        )
        found.append((s, lives))
        consumed.append((s, e))

    # 2. attackers' own deaths: "a suicide bomber blew himself up"
    selves = "self" in lowered or "selves" in lowered or "detonat" in lowered
    for m in _PERPETRATOR_RE.finditer(text, start, stop) if selves else ():
        np = m.group("np")
        first = np.split()[0].lower()
        n = {"two": 2, "three": 3}.get(first, 1)
        group_id += 1
        s, e = m.start(), m.end()
        found.append(
            (
                s,
                CasualtyMention(
                    span=Span(start=s, end=e, text=text[s:e], role="fatalities"),
                    kind=CasualtyKind.KILLED,
                    count=Count.exact(n),
                    subject=" ".join(np.split()[1:]),
                    aggregate=False,
                    group=group_id,
                    perpetrator=True,
                ),
            )
        )
        consumed.append((s, e))

    # 3. count phrases and lists of them
    # the last list whose kind a verb told, where it ends, and whether the verb came after it
    previous: tuple[CasualtyKind, int, bool] | None = None
    phrases = [p for p in _phrases(text, start, stop) if not taken(p.start)]
    for plist in _lists(phrases, text):
        if taken(plist[0].start):
            continue
        first, last = plist[0], plist[-1]
        if _INCLUDING_BEFORE.search(text, max(start, first.start - 24), first.start):
            continue  # "including 5 children": inside another figure
        kind, right_end, conj, subset = _right_kind(text, last.end, stop)
        left = _NO_LEFT
        if kind is None:
            left = _left_kind(text, first.start, start)
            kind = left.kind
            subset = left.subset
            if left.leave:
                adj = _LEAVE_RE.match(text, last.end, stop)
                if adj is not None:
                    kind = (
                        CasualtyKind.KILLED
                        if adj.group("dead")
                        else CasualtyKind.INJURED
                        if adj.group("hurt")
                        else CasualtyKind.MISSING
                    )
                    left = _Left(kind)
                    right_end = adj.end()
            elif kind is None and previous is not None:
                # "killed nine civilians in Douma and four more in Harasta", "the death of
                # 8 civilians in Douma, and of 5 other civilians in Harasta"
                prev_kind, prev_end, verb_after = previous
                cue = _CONTINUE_RE.search(text, max(prev_end, first.start - 12), first.start)
                if (
                    cue is not None
                    and first.start - prev_end <= 160
                    # ("three were killed and twenty others suffered from suffocation": a
                    # verb of their own, not the one before)
                    and (not verb_after or _VERBLESS_NEXT.match(text, last.end, stop))
                    # ("106 died, including 21 soldiers and 44 other persons": a part)
                    # (but "the death of 8, among them 3 children, ... and of 5 others")
                    and (cue.group("of") or not _PART_BETWEEN.search(text, prev_end, first.start))
                    and ";" not in text[prev_end : first.start]
                    and (
                        cue.group("of")
                        or cue.group("another")
                        or first.head in ("more", "others")
                        or _is_other(first)
                    )
                ):
                    kind = prev_kind
                    left = _Left(kind)
        if (
            kind is None
            and all(p.head in _DEATH_HEADS for p in plist)
            and not _OR_WOUNDED.match(text, last.end, stop)  # "hundreds of dead and injured"
        ):
            kind = CasualtyKind.KILLED
        elif (
            kind is None
            and first.head in _CASUALTY_HEADS
            and (
                _INJURED_BESIDE.match(text, first.end, stop)
                or _MASSACRE_AFTER.match(text, last.end, stop)
                or _BY_ATTACK_AFTER.match(text, last.end, stop)
            )
        ):
            # "casualties" alone may count the wounded too; not beside a count of the
            # wounded ("7 casualties and tens of injuries") or in a massacre
            kind = CasualtyKind.KILLED
            plist = plist[:1]  # "tens of" injuries are not more dead
            last = first
        left_kind = left.kind
        if kind is None:
            continue
        # "a"/"an" counts only beside a counted phrase or as a named person's fate
        counted = [p for p in plist if p.num.lower() not in _ONE_WORDS or p.head is not None]
        if not counted:
            continue
        if left_kind is not None and any(
            p.head is None and not _BARE_NEXT.match(text, p.end, stop) for p in plist
        ):
            continue
        group_id += 1
        if (
            left.self_span is not None
            and left.self_word != "themselves"
            and not any(m.perpetrator for _, m in found)
        ):
            a, b = left.self_span
            found.append(
                (
                    a,
                    CasualtyMention(
                        span=Span(start=a, end=b, text=text[a:b], role="fatalities"),
                        kind=CasualtyKind.KILLED,
                        count=Count.exact(1),
                        subject=None,
                        group=group_id,
                        perpetrator=True,
                    ),
                )
            )
            group_id += 1
        if left_kind is not None or right_end > last.end:
            # (a figure's kind read from a verb before or after it: "30 militants were
            # killed around Shadadi and another five outside Kobane")
            previous = (kind, max(last.end, right_end), left_kind is None)
        for i, p in enumerate(counted):
            subject = p.np
            if subject is not None:
                subject = re.sub(r"^\s*", "", subject)
            if i == len(counted) - 1 and conj and subject is not None:
                subject = f"{subject} {conj}"
            s, e = p.start, p.end
            found.append(
                (
                    s,
                    CasualtyMention(
                        span=Span(start=s, end=e, text=text[s:e], role="fatalities"),
                        kind=kind,
                        count=p.count,
                        subject=subject,
                        aggregate=flags(s, max(e, right_end)),
                        group=group_id,
                        subset=subset,
                    ),
                )
            )
        consumed.append((first.start, max(last.end, right_end)))
        kin = _KIN_AFTER.match(text, last.end, stop)
        if (
            kin is not None
            and kind is CasualtyKind.KILLED
            and _KILLING_BEFORE.search(text, max(start, first.start - 20), first.start)
        ):
            # "killing a man and his wife": one more, of the same fate
            s, e = kin.start("kin"), kin.end("kin")
            found.append(
                (
                    s,
                    CasualtyMention(
                        span=Span(start=s, end=e, text=text[s:e], role="fatalities"),
                        kind=kind,
                        count=Count.exact(1),
                        subject=kin.group("noun"),
                        aggregate=flags(s, e),
                        group=group_id,
                    ),
                )
            )
            consumed.append((s, e))
    found.sort(key=lambda pair: pair[0])
    return _shared_subjects(text, [mention for _, mention in found]), group_id


_KILLING_BEFORE = re.compile(
    r"\b(?:killing|killed|kills|shot dead|shooting dead|murdered|murdering|executed|"
    r"executing)\s+$",
    re.IGNORECASE,
)
# one relative named after a figure: "killing a man and his wife"
_KIN_AFTER = re.compile(
    r"\s+and\s+(?P<kin>(?:his|her|their)\s+(?P<noun>wife|husband|son|daughter|mother|father|"
    r"brother|sister|child|baby|grandson|granddaughter|grandmother|grandfather|nephew|niece))\b"
    r"(?!\s+(?:and\s+)?(?:were|was|are|is)\s+(?:wounded|injured|hurt|arrested))",
    re.IGNORECASE,
)


# "killed 28 and wounded 30 militants": the dead are militants too
_AND_HURT_BETWEEN = re.compile(r"\s+and\s+(?:wounded|injured|wounding|injuring|hurt)\s+")


def _shared_subjects(text: str, mentions: list[CasualtyMention]) -> list[CasualtyMention]:
    out = list(mentions)
    for i, (dead, hurt) in enumerate(itertools.pairwise(mentions)):
        if (
            dead.kind is CasualtyKind.KILLED
            and dead.subject is None
            and hurt.kind is CasualtyKind.INJURED
            and hurt.subject
            and _AND_HURT_BETWEEN.fullmatch(text, dead.span.end, hurt.span.start)
        ):
            out[i] = dataclasses.replace(dead, subject=hurt.subject)
    return out


# -- combining ----------------------------------------------------------------------------

_GENERIC_SIDES = frozenset(
    {
        "",
        "people",
        "persons",
        "person",
        "individuals",
        "fighters",
        "combatants",
        "victims",
        "others",
        "dead",
    }
    | {"bodies", "deaths", "fatalities", "civilians and fighters", "militants"}
)


_CIVILIAN_SIDE = re.compile(
    r"\b(?:civilians?|children|child|kids|women|woman|men|man|residents?|villagers|family|"
    r"families|students?|pupils|worshippers|patients|people|persons|others|infants|babies|"
    r"boys?|girls?|teachers?|workers|farmers|shepherds|passengers|displaced|refugees)\b",
    re.IGNORECASE,
)


def _broad_side(side: str) -> str:
    """The party a side belongs to when statements are compared: civilians are one."""
    if side == "Civilians" or _CIVILIAN_SIDE.search(side):
        return ""  # generic: overlaps every other civilian statement
    return side


def _default_side(subject: str) -> str:
    return " ".join(subject.lower().split())


def _sum(counts: Sequence[Count]) -> Count:
    low = sum(c.low for c in counts)
    best = sum(c.best if c.best is not None else c.low for c in counts)
    highs = [c.high for c in counts]
    high = None if any(h is None for h in highs) else sum(h for h in highs if h is not None)
    return Count(low=low, best=max(best, low), high=high)


def combine(
    mentions: Sequence[CasualtyMention],
    *,
    side_of: Callable[[str], str | None] | None = None,
    include_perpetrators: bool = False,
) -> Fatalities | None:
    """The deaths of one event from its KILLED mentions; None when there is none.

    - Mentions of one list (same ``group``) are distinct parties: summed, with ``by_side``.
    - Separate statements whose parties are all distinct and named ("12 rebels were
      killed ... nine soldiers were also killed") are summed too; statements with a shared
      or generic party ("68 fighters" / "more than 50 people") are alternative accounts of
      the same deaths: low is the lowest, best the highest, high the highest bound.
    - An update ("the toll rose to 86") replaces everything before it; the last one wins.
    - Aggregates (tolls) and subsets ("70 children were among the dead") are left out
      unless nothing else is there; attackers' own deaths only with ``include_perpetrators``.
    """
    killed = [m for m in mentions if m.kind is CasualtyKind.KILLED and not m.aggregate]
    attackers = [m for m in killed if m.perpetrator] if include_perpetrators else []
    victims = _combine_victims([m for m in killed if not m.perpetrator], side_of=side_of)
    if not attackers:
        return victims
    own = _sum([m.count for m in attackers])
    if victims is None:
        return Fatalities(low=own.low, best=own.best, high=own.high)
    return Fatalities(
        low=victims.low + own.low,
        best=None if victims.best is None else victims.best + (own.best or own.low),
        high=None if victims.high is None or own.high is None else victims.high + own.high,
        by_side=victims.by_side,
    )


def _restates(a: Count, b: Count) -> bool:
    """The same figure, bounded or not: "85 troops" and "at least 85 army troops"."""
    return a.low == b.low and (a.best or a.low) == (b.best or b.low)


def _drop_restatements(
    statements: list[tuple[Count, list[SideCount], set[str]]],
) -> list[tuple[Count, list[SideCount], set[str]]]:
    """Statements that repeat another's figure are the same deaths told again.

    - "85 troops killed" in the headline and "at least 85 army troops" in the lead: an
      equal figure is one account, however the party is worded;
    - "28 militants dead" and "eleven regime fighters and 17 IS fighters were killed": a
      figure equal to the sum of a list is that list's total.
    The richer statement (the list, the one naming its parties) is kept.
    """
    if len(statements) < 2:
        return statements
    out: list[tuple[Count, list[SideCount], set[str]]] = []
    for st in statements:
        count, sides, _ = st
        twin = next((o for o in out if _restates(o[0], count)), None)
        if twin is None:
            out.append(st)
        elif len(sides) > len(twin[1]):
            out[out.index(twin)] = st
    return out


def _combine_victims(
    killed: Sequence[CasualtyMention], *, side_of: Callable[[str], str | None] | None
) -> Fatalities | None:
    side_fn = side_of or _default_side
    main = [m for m in killed if not m.subset] or list(killed)
    if not main:
        return None
    updates = [m for m in main if m.update]
    if updates:
        latest = updates[-1]
        main = [m for m in main if m.group == latest.group]

    groups: dict[int, list[CasualtyMention]] = {}
    for m in main:
        groups.setdefault(m.group, []).append(m)

    def side(m: CasualtyMention) -> str:
        if m.subject is None:
            return ""
        return side_fn(m.subject) or _default_side(m.subject)

    statements: list[tuple[Count, list[SideCount], set[str]]] = []
    for members in groups.values():
        total = _sum([m.count for m in members])
        sides = [SideCount(side=side(m), low=m.count.low, high=m.count.high) for m in members]
        named = {s.side for s in sides}
        statements.append((total, sides if len(members) > 1 else [], named))

    # across statements, children, women and "others" are civilians: "nine children and 14
    # others" and "23 civilians" are two accounts of the same dead, not 46 dead
    all_named = [_broad_side(n) for _, _, names in statements for n in names]
    distinct = (
        len(statements) > 1
        and all(n not in _GENERIC_SIDES for n in all_named)
        and len(all_named) == len(set(all_named))
    )
    if distinct:
        statements = _drop_restatements(statements)
    if len(statements) == 1 or distinct:
        total = _sum([c for c, _, _ in statements])
        by_side: list[SideCount] = []
        if len(statements) == 1:
            by_side = statements[0][1]
        else:
            for c, sides, names in statements:
                by_side.extend(sides or [SideCount(side=next(iter(names)), low=c.low, high=c.high)])
        return Fatalities(low=total.low, best=total.best, high=total.high, by_side=tuple(by_side))

    # alternative accounts of the same deaths
    low = min(c.low for c, _, _ in statements)
    best = max(c.best if c.best is not None else c.low for c, _, _ in statements)
    bounded = [c.high for c, _, _ in statements if c.high is not None]
    high = max(bounded) if bounded else None
    if high is not None and high < best:
        high = None
    richest = max(statements, key=lambda st: (st[0].best or st[0].low, len(st[1])))
    return Fatalities(low=low, best=best, high=high, by_side=tuple(richest[1]))
