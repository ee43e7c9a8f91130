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

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path

from observatory.gazetteer.index import Candidate, GazetteerIndex
from observatory.gazetteer.normalise import fold_word, word_skeleton
from observatory.gazetteer.stopwords import BLOCKED_PHRASES, COMMON_WORDS, PERSON_TITLES
from observatory.records import GeoPrecision, Place, Span, StageVersion
from observatory.settings import Settings

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
_CITY_FEATURES = {"city": 3.0, "town": 2.0, "village": 1.0, "admin1": 1.5, "country": 4.0}

_PROVINCE_AFTER = re.compile(r"^(?:'s|’s)?\s+(?:province|governorate|provinces|muhafaza)\b", re.I)
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
_PART_BEFORE = re.compile(
    r"\b(?:the\s+)?([A-Z][\w'’\- ]{2,30}?)(?:'s|’s)?\s+(?:suburb|neighbou?rhood|district|quarter|town|village|area)\s+of\s+$"
)
_TRIGGER_UNKNOWN = re.compile(
    r"\b(?:village|town|city|neighbou?rhood|district|suburb|hamlet|area|region|locality) of\s+((?:al-|el-|ad-|as-|ash-|az-|ar-|an-)?[A-Z][\w'’]+(?:[ \-](?:al-|el-)?[A-Z][\w'’]+){0,3})"
)
_SENTENCE_END = re.compile(r"[.!?]\s|\n")


@dataclass(slots=True, kw_only=True)
class _Match:
    start: int
    end: int
    text: str
    candidates: tuple[Candidate, ...]
    cue: MentionCue
    context: str | None = None  # PART: the enclosing place's name
    chosen: Candidate | None = None


class Geocoder:
    """Finds and resolves toponyms; the gazetteer index is opened once per instance."""

    stage = StageVersion(name="geocode.gazetteer", version="1")

    def __init__(self, index: GazetteerIndex) -> None:
        self.index = index
        self.default_country = index.default_country
        self._words: dict[str, tuple[str, str]] = {}
        self._home_only = True
        self._phrases: dict[str, list[tuple[str, ...]]] = {}
        for phrase in sorted(BLOCKED_PHRASES, key=len, reverse=True):
            words = tuple(w.lower() for w in _TOKEN.findall(phrase))
            if words:
                self._phrases.setdefault(words[0], []).append(words)

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

    def _resolve_plain(self, name: str) -> Candidate | None:
        cands = self.index.all_candidates(name)
        return (
            self._choose(cands, cue=MentionCue.PLAIN, admin1s=set(), countries=set(), anchors=[])
            if cands
            else None
        )

    # -- documents -----------------------------------------------------------------------

    def mentions(self, text: str) -> list[PlaceMention]:
        """Every toponym in ``text`` in text order, resolved with document context."""
        matches = self._scan(text)
        matches.extend(self._unknown_triggers(text, matches))
        matches.sort(key=lambda m: m.start)
        self._resolve(matches)
        out: list[PlaceMention] = []
        for m in matches:
            place = self._place_for(m, matches, text)
            out.append(
                PlaceMention(
                    span=Span(
                        start=m.start, end=m.end, text=text[m.start : m.end], role="location"
                    ),
                    name=m.text,
                    place=place,
                    cue=m.cue,
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

    def _blocked_tokens(self, tokens: Sequence[tuple[int, int, str]]) -> set[int]:
        """Indexes of tokens inside actor, outlet and organisation names."""
        blocked: set[int] = set()
        lowered = [t[2].lower() for t in tokens]
        for i, low in enumerate(lowered):
            phrases = self._phrases.get(low)
            if not phrases:
                continue
            for phrase in phrases:  # longest first
                if tuple(lowered[i : i + len(phrase)]) == phrase:
                    blocked.update(range(i, i + len(phrase)))
                    break
        return blocked

    def _scan(self, text: str) -> list[_Match]:
        tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
        blocked = self._blocked_tokens(tokens)
        words = [self._word(t[2]) for t in tokens]
        capital = [
            t[2][:1].isupper() or t[2].lower() in _CONNECTORS or _is_arabic(t[2]) for t in tokens
        ]
        n = len(tokens)
        out: list[_Match] = []
        i = 0
        while i < n:
            s = tokens[i][0]
            if i in blocked or not self._may_start(tokens, i, text):
                i += 1
                continue
            found: _Match | None = None
            limit = min(n, i + _MAX_TOKENS)
            j_max = i + 1
            while (
                j_max < limit
                and j_max not in blocked
                and text[tokens[j_max - 1][1] : tokens[j_max][0]] in _JOINERS
            ):
                j_max += 1
            for j in range(j_max, i, -1):
                last = tokens[j - 1][2]
                if last.lower() in _CONNECTORS:
                    continue
                key = "".join(w[0] for w in words[i:j])
                if len(key) < 2:
                    continue
                all_caps = all(capital[i:j])
                cands = self.index.regional_candidates(key)
                single = sum(1 for t in tokens[i:j] if t[2].lower() not in _CONNECTORS) == 1
                if cands:
                    cands = self._regional_ok(cands, single=single)
                if not cands and all_caps and j - i <= 3 and len(key) >= 4:
                    cands = self._world_ok(self.index.world_candidates(key), single=single)
                if not cands and all_caps:
                    skel = "".join(w[1] for w in words[i:j])
                    if len(skel) >= 4:
                        cands = self.index.skeleton_candidates(skel)
                if not cands:
                    continue
                span_text = text[s : tokens[j - 1][1]]
                self._home_only = all(c.country == self.default_country for c in cands)
                if not self._acceptable(span_text, tokens, i, j, text):
                    continue
                found = _Match(
                    start=s,
                    end=tokens[j - 1][1],
                    text=span_text,
                    candidates=cands,
                    cue=MentionCue.PLAIN,
                )
                i = j
                break
            if found is None:
                i += 1
                continue
            self._cue(found, text)
            out.append(found)
        return out

    def _may_start(self, tokens: Sequence[tuple[int, int, str]], i: int, text: str) -> bool:
        tok = tokens[i][2]
        if tok[:1].isupper() or _is_arabic(tok):
            return True
        if tok.lower() in _ARTICLE_LOWER and i + 1 < len(tokens):
            nxt = tokens[i + 1]
            # "al-Bukamal", not the English "as Anton"
            return nxt[2][:1].isupper() and text[tokens[i][1] : nxt[0]] == "-"
        return False

    def _regional_ok(self, cands: tuple[Candidate, ...], *, single: bool) -> tuple[Candidate, ...]:
        """Small villages across the border are not worth a one-word match."""
        if not single:
            return cands
        return tuple(
            c
            for c in cands
            if c.country == self.default_country
            or c.population >= 2000
            or c.feature in {"admin1", "country"}
            or c.source == "supplement"
        )

    @staticmethod
    def _world_ok(cands: tuple[Candidate, ...], *, single: bool) -> tuple[Candidate, ...]:
        floor = 50_000 if single else 5_000
        return tuple(
            c
            for c in cands
            if c.population >= floor or c.feature in {"admin1", "country"} or c.source != "geonames"
        )

    def _acceptable(
        self, span_text: str, tokens: Sequence[tuple[int, int, str]], i: int, j: int, text: str
    ) -> bool:
        words = [t[2] for t in tokens[i:j]]
        content = [w for w in words if w.lower() not in _CONNECTORS]
        if not content:
            return False
        if len(content) == 1:
            w = content[0]
            low = w.lower()
            if _strip_possessive(low) in COMMON_WORDS or (
                len(w) < 3 and w not in _COUNTRY_ACRONYMS
            ):
                return False
            if (
                w.isupper()
                and len(w) <= 3
                and not any(ch.isdigit() for ch in w)
                and w not in _COUNTRY_ACRONYMS
            ):
                # acronyms (SDF, YPG, ISIS) are actors, not places, unless a country code
                return False
        if i > 0:
            prev = tokens[i - 1][2]
            if prev in PERSON_TITLES:
                return False
        if len(content) == 1 and not self._home_only:
            # "Ahmed Jamil", "Rami Abdel-Rahman": a lone capitalised word beside another
            # capitalised word the gazetteer does not know is part of a person's name
            if i > 0 and _adjacent(text, tokens[i - 1], tokens[i]):
                prev = tokens[i - 1][2]
                if prev[:1].isupper() and _strip_possessive(prev).lower() not in COMMON_WORDS:
                    return False
            if j < len(tokens) and _adjacent(text, tokens[j - 1], tokens[j]):
                nxt = tokens[j][2]
                if nxt[:1].isupper() and nxt.lower() not in COMMON_WORDS:
                    return False
        return True

    def _cue(self, m: _Match, text: str) -> None:
        before = text[max(0, m.start - 60) : m.start]
        after = text[m.end : m.end + 40]
        low_before, low_after = before[-45:].lower(), after.lower()
        if not any(w in low_before for w in _CUE_WORDS) and not any(
            w in low_after for w in _CUE_WORDS_AFTER
        ):
            return
        if _PROVINCE_AFTER.match(after) or _PROVINCE_BEFORE.search(before):
            m.cue = MentionCue.PROVINCE
        elif _COUNTRY_AFTER.match(after) or _COUNTRY_BEFORE.search(before):
            m.cue = MentionCue.COUNTRYSIDE
            if after.lower().lstrip().startswith(("outskirts", "suburbs")):
                m.cue = MentionCue.NEAR
        elif _NEAR_BEFORE.search(before) or re.search(
            r"\bkm\s+(?:\w+\s+){0,2}of\s+$|\bkilometers?\s+(?:\w+\s+){0,2}of\s+$|\bkilometres?\s+(?:\w+\s+){0,2}of\s+$",
            before,
            re.I,
        ):
            m.cue = MentionCue.NEAR
        else:
            part = _PART_BEFORE.search(before)
            context = part.group(1).strip().split()[-1] if part else ""
            if (
                part
                and len(context) > 2
                and context.lower() not in COMMON_WORDS
                and self._resolve_plain(context) is not None
            ):
                m.cue = MentionCue.PART
                m.context = context

    def _unknown_triggers(self, text: str, found: Sequence[_Match]) -> list[_Match]:
        out: list[_Match] = []
        for t in _TRIGGER_UNKNOWN.finditer(text):
            s, e = t.span(1)
            if any(m.start <= s < m.end or s <= m.start < e for m in found):
                continue
            name = t.group(1)
            first = name.split()[0].split("-")[-1].lower()
            if first in COMMON_WORDS or first in self._phrases:
                continue
            out.append(_Match(start=s, end=e, text=name, candidates=(), cue=MentionCue.UNKNOWN))
        return out

    # -- resolution ----------------------------------------------------------------------

    def _resolve(self, matches: list[_Match]) -> None:
        countries: set[str] = set()
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
        if not countries or self.default_country in countries:
            countries.add(self.default_country)
        memo: dict[tuple[tuple[int, ...], MentionCue, str | None], Candidate | None] = {}
        for m in matches:
            if not m.candidates:
                continue
            memo_key = (tuple(c.pid for c in m.candidates), m.cue, m.context)
            if memo_key in memo:
                m.chosen = memo[memo_key]
                continue
            own = {c.pid for c in m.candidates}
            local_anchors = [
                a for a in anchors if a.pid not in own and a.feature not in {"country", "admin1"}
            ]
            extra: list[Candidate] = []
            if m.cue is MentionCue.PART and m.context:
                ctx = self._resolve_plain(m.context)
                if ctx is not None:
                    extra.append(ctx)
            m.chosen = self._choose(
                m.candidates,
                cue=m.cue,
                admin1s=admin1s,
                countries=countries,
                anchors=extra + local_anchors,
                strong=extra,
            )
            memo[memo_key] = m.chosen

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
    ) -> Candidate | None:
        best: tuple[float, Candidate] | None = None
        for c in cands:
            score = _CITY_FEATURES.get(c.feature, 1.2)
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
            score += 0.5 * math.log10(c.population + 1)
            if c.country in countries:
                score += 3.0
            elif c.country in self.index.regional:
                score += 1.0
            if c.admin1 and c.admin1 in admin1s:
                score += 4.0
            dists = [d for d in (c.km_to(a) for a in anchors) if d is not None]
            if dists:
                nearest = min(dists)
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
            return self._enclosing(m, matches, text)
        if c.feature == "country":
            return c.to_place(precision=GeoPrecision.COUNTRY)
        if m.cue in (MentionCue.PROVINCE, MentionCue.COUNTRYSIDE):
            admin1 = c if c.feature == "admin1" else self.index.admin1_named(c.admin1, c.country)
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
        best: tuple[int, _Match] | None = None
        for other in matches:
            if other is m or other.chosen is None or not (s_start <= other.start < s_end):
                continue
            if other.chosen.feature in {"country", "admin1", "region"}:
                continue
            gap = abs(other.start - m.start)
            if best is None or gap < best[0]:
                best = (gap, other)
        if best is not None and best[1].chosen is not None:
            return best[1].chosen.to_place(precision=GeoPrecision.NEAR)
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


def _adjacent(text: str, a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    return text[a[1] : b[0]] in {" ", "-"}


def _strip_possessive(word: str) -> str:
    return word[:-2] if word.endswith(("'s", "’s")) else word


def _is_arabic(token: str) -> bool:
    return "\u0600" <= token[:1] <= "\u06ff"
