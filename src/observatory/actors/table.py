"""The actor table: canonical actors and claimants, and finding them in text."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import functools
import re
from collections.abc import Sequence
from pathlib import Path

from observatory.actors.matcher import (
    AliasMatcher,
    DocScanner,
    DocStarts,
    Hit,
    alternation,
    capitalised_alternation,
    normalise,
)
from observatory.actors.model import (
    ActorInfo,
    ActorKind,
    ActorMention,
    ClaimantInfo,
    ClaimantKind,
    ClaimantMention,
)
from observatory.actors.tables import (
    PLACE,
    AliasEntry,
    Level,
    TableData,
    bundled_files,
    country_name,
    country_names,
    load_tables,
    without_period,
)
from observatory.errors import ConfigError
from observatory.records import Span

__all__ = ["ActorTable"]

_I = re.IGNORECASE
_NOT_SPEAKERS = frozenset({ActorKind.CIVILIANS, ActorKind.PROTESTERS, ActorKind.RIOTERS})
_B = r"(?<![\w\-‐‑])"  # a word starts here
_CLAUSE = r"[^.;:!?\"“”()\n]"  # a character that stays inside the clause
# Texts at least this long are scanned once and cached (DocScanner): the extractor calls
# find and find_claimants sentence by sentence on one document. Shorter texts (casualty
# subjects) are searched directly and do not push documents out of the cache.
_SCAN_MIN = 400


def _words(data: TableData, name: str) -> str:
    return alternation(data.words.get(name, ()))


class ActorTable:
    """Canonical actors and claimants with their aliases, compiled for fast matching.

    Build one with :meth:`default` (bundled tables plus user files, cached per process)
    or :meth:`from_files`. Instances are immutable and safe to share between threads.
    """

    __slots__ = (
        "_actor_after",
        "_actor_matcher",
        "_air_forces",
        "_civil_heads",
        "_claimant_after",
        "_claimant_index",
        "_claimant_intro",
        "_claimant_left",
        "_claimant_matcher",
        "_claimant_reverse",
        "_connector_ends",
        "_data",
        "_heads_after",
        "_heads_before",
        "_index",
        "_intro_needles",
        "_intro_words",
        "_label",
        "_left_ends",
        "_nation_actors",
        "_not_national_after",
        "_pattern_targets",
        "_scanner",
        "_templates",
        "_theatre_of",
        "_theatre_rx",
    )

    def __init__(self, data: TableData) -> None:
        self._data = data
        # a view for one country of the "*" table: its code and name ("KE", "Kenya")
        self._label: tuple[str, str] | None = None
        # "Police Forces of {country}" -> a regex of the names it gives every country
        self._templates = tuple(
            (
                re.compile(re.escape(name).replace(re.escape(PLACE), "(?P<c>.+)"), _I),
                info,
            )
            for name, info in data.template_actors.items()
        )
        national = data.national if data.template_actors else {}
        self._actor_matcher = AliasMatcher(
            sorted(data.actor_texts),
            [p for p, _ in data.actor_patterns],
            pairs=(sorted(data.nations) if national else (), sorted(national)),
            not_before=data.words.get("not_national_before", ()),
        )
        self._pattern_targets = tuple(c for _, c in data.actor_patterns)
        # (country, template actor) -> the actor that another file names by the country's
        # word and the template's first national noun ("American forces": the US-led
        # coalition, so "American marines" are too)
        first_nouns = {t: n for n, t in reversed(national.items())}
        nation_actors: dict[tuple[str, str], ActorInfo] = {}
        for word, codes in data.nations.items():
            for template, noun in first_nouns.items():
                entry = data.actor_aliases.get(f"{word} {noun}")
                if entry is not None and PLACE not in entry.target:
                    nation_actors.setdefault((codes[0], template), data.actors[entry.target])
        self._nation_actors = nation_actors
        self._not_national_after = frozenset(
            normalise(w) for w in data.words.get("not_national_after", ())
        )
        self._civil_heads = frozenset(normalise(w) for w in data.words.get("civil_heads", ()))
        self._claimant_matcher = AliasMatcher(sorted(data.claimant_texts))
        self._scanner = DocScanner((self._actor_matcher, self._claimant_matcher))
        self._air_forces = {
            info.air_force: info.canonical for info in data.actors.values() if info.air_force
        }
        self._theatre_of = {
            normalise(alias): info.theatre
            for info in data.actors.values()
            if info.theatre
            for alias in info.aliases
        }
        self._theatre_rx = (
            # (a name, so a capital first: the engine skips to the capitals that begin one)
            re.compile(capitalised_alternation(self._theatre_of, not_after=r"[\w-]") + r"(?![\w-])")
            if self._theatre_of
            else None
        )
        heads = _words(data, "heads")
        self._heads_after = re.compile(rf"\s+{heads}(?!\w)", _I)
        self._heads_before = re.compile(
            rf"{_B}{heads}\s+{_words(data, 'connectors')}\s+(?:the\s+)?"
            rf"(?:[\w'’]+(?:[-‐][\w'’]+)*[-‐]{_words(data, 'compound_suffixes')}\s+)?\Z",
            _I,
        )
        self._connector_ends = frozenset(
            normalise(c).split()[-1] for c in data.words.get("connectors", ())
        )
        self._left_ends = frozenset(
            {"the", "a", "an", "of", "for", "at", "with", "from"}
            | {normalise(c).split()[-1] for c in data.words.get("claimant_prefixes", ())}
        )
        self._intro_words = tuple(
            {normalise(c).split()[0] for c in data.words.get("according", ())} | {"by"}
        )
        # For ASCII text, a stricter test before the regex: the longest word of some
        # "according" phrase, or "by" after a passive verb ("" when a phrase's words all
        # hold an apostrophe, which the text may write as ’: then always search).
        needles: set[str] = set()
        for phrase in data.words.get("according", ()):
            plain = [w for w in normalise(phrase).split() if "'" not in w]
            needles.add(max(plain, key=len) if plain else "")
        self._intro_needles = (
            tuple(sorted(needles)),
            tuple(
                {normalise(v) for v in data.words.get("passive_verbs", ())}
                if all("'" not in normalise(v) for v in data.words.get("passive_verbs", ()))
                else {""}
            ),
        )
        self._claimant_left = re.compile(
            rf"(?:{_B}(?:the|a|an)\s+)?"
            rf"(?:{_B}{_words(data, 'claimant_roles')}\s+(?:of|for|at|with|from)\s+(?:the\s+)?)?"
            rf"(?:{_B}{_words(data, 'claimant_prefixes')}\s+)*\Z",
            _I,
        )
        verbs = _words(data, "attribution_verbs")
        self._claimant_after = re.compile(
            rf"(?:\s+(?:from|in|at|based\s+in|who|which|on|with|inside|near|close\s+to)\b"
            rf"{_CLAUSE}{{0,80}}?"
            rf"|\s*,{_CLAUSE}{{1,140}}?,)?"
            rf"\s*,?\s*(?:(?:also|later|earlier|has|have|had|previously|separately|then|"
            rf"further|on\s+\w+)\s+)*(?P<verb>{verbs})(?!\w)",
            _I,
        )
        self._claimant_intro = re.compile(
            rf"(?:{_B}{_words(data, 'according')}\s+(?:[^.;:!?,\"“”()\n]{{0,50}}?\s)?"
            rf"|{_B}{_words(data, 'passive_verbs')}\s+by\s+)\Z",
            _I,
        )
        # "..., said the Observatory." (the name must end the clause: in "the Observatory
        # said activists were arrested", activists are not the source)
        self._claimant_reverse = re.compile(rf"{_B}{_words(data, 'reverse_verbs')}\s+\Z", _I)
        self._actor_after = re.compile(
            rf"\s*(?:,[^.;:!?\"“”\n]{{1,100}}?,\s*)?(?:(?:also|later|earlier|has|have|had)\s+)*"
            rf"{_words(data, 'actor_attribution_verbs')}(?!\w)",
            _I,
        )
        index: dict[str, str] = {}
        for info in data.actors.values():
            index.setdefault(normalise(info.acled_name), info.canonical)
            index.setdefault(normalise(without_period(info.acled_name)), info.canonical)
        for key, entry in data.actor_aliases.items():
            index[key] = entry.target
        for info in data.actors.values():
            index[normalise(info.canonical)] = info.canonical
        self._index = index
        for info in data.actors.values():
            for _, name in info.becomes:
                if self.canonical(name) is None:
                    raise ConfigError(
                        f"actor table {info.source}: {info.canonical!r} becomes {name!r},"
                        " which is no actor's name"
                    )
        claimant_index = {k: e.target for k, e in data.claimant_aliases.items()}
        for name in data.claimants:
            claimant_index[normalise(name)] = name
        self._claimant_index = claimant_index

    # -- construction --------------------------------------------------------------------
    @classmethod
    def default(cls, *, extra: Sequence[str | Path] = (), country: str = "SY") -> ActorTable:
        """The bundled tables plus ``extra`` files (the ``actor_tables`` setting), for
        reports about ``country`` (an ISO code: the ``default_country`` setting). Cached
        per process by the files' paths."""
        return _cached_table(tuple(str(Path(p)) for p in extra), country.upper())

    @classmethod
    def from_files(
        cls, paths: Sequence[str | Path], *, country: str = "SY", bundled: bool = True
    ) -> ActorTable:
        """A new table from ``paths`` (after the bundled files when ``bundled``)."""
        files = (*(bundled_files() if bundled else ()), *(Path(p) for p in paths))
        return cls(load_tables(files, country=country.upper()))

    def for_country(self, code: str) -> ActorTable:
        """The same tables for reports about another country: its local names ("the army",
        "the police") instead of this table's: a country file's (bundled: Syria, Iraq, Iran,
        Jordan, Lebanon, Turkey, Yemen), else the "*" template's ("Police Forces of Kenya").
        Cached per process."""
        code = code.upper()
        if code == self.country:
            return self
        if code in self._data.codes:
            return _cached_files_table(self._data.files, code)
        if not self._data.template_actors:
            return self
        return _country_view(self._data.files, code)

    # -- lookups -------------------------------------------------------------------------
    @property
    def country(self) -> str:
        """The ISO code of the country whose local aliases are in use."""
        return self._label[0] if self._label is not None else self._data.country

    @property
    def actors(self) -> tuple[ActorInfo, ...]:
        return tuple(self._data.actors.values())

    @property
    def claimants(self) -> tuple[ClaimantInfo, ...]:
        return tuple(self._data.claimants.values())

    def info(self, canonical: str) -> ActorInfo | None:
        """ACLED metadata of a canonical actor (any alias is accepted too)."""
        found = self._data.actors.get(canonical)
        if found is None:
            name = self.canonical(canonical)
            found = self._data.actors.get(name) if name else None
            if found is None and name:
                found = self._templated(name)
        return found

    def canonical(self, name: str) -> str | None:
        """The canonical actor for any alias, canonical or ACLED name: case-insensitive,
        with or without "the", singular or plural. None if unknown. The "*" template's
        names are known for every country ("Police Forces of Kenya")."""
        found = _lookup(self._index, name)
        if found is None and self._templates:
            info = self._templated(without_period(name).strip())
            found = info.canonical if info is not None else None
        return found

    def _labelled(self, info: ActorInfo) -> ActorInfo:
        """A "*" table's actor as this view's country's."""
        return info if self._label is None else self._as_country(info, self._label[1])

    def _as_country(self, info: ActorInfo, country: str) -> ActorInfo:
        """A template actor as ``country``'s (its name as ACLED's actor names write it):
        renamed, or the actor another file already gives that name ("Police Forces of
        Israel" is "Israeli police")."""
        renamed = _renamed(info, country)
        if PLACE in info.canonical:
            known = _lookup(self._index, renamed.canonical)
            if known is not None and known in self._data.actors:
                return self._data.actors[known]
        return renamed

    def _national(self, key: str) -> ActorInfo | None:
        """The actor of a "<nation> <noun>" name (normalised: "pakistani forces",
        "kenya's police"): the template actor of the noun as the nation's country's. A
        nation word of several countries ("Congolese") is this table's country's if it is
        one of them, else the first listed."""
        data = self._data
        at = key.find(" ")
        while at > 0:
            template = data.national.get(key[at + 1 :])
            if template is not None:
                word = key[:at]
                codes = data.nations.get(word[:-2] if word.endswith("'s") else word.rstrip("'"))
                if codes:
                    code = self.country if self.country in codes else codes[0]
                    known = self._nation_actors.get((code, template))
                    if known is not None:
                        return known
                    return self._as_country(data.template_actors[template], country_name(code))
            at = key.find(" ", at + 1)
        return None

    def _templated(self, name: str) -> ActorInfo | None:
        """The template actor ``name`` is one country's copy of, renamed for it."""
        for rx, info in self._templates:
            m = rx.fullmatch(name)
            if m is not None and m.group("c").strip() in country_names():
                return _renamed(info, m.group("c").strip())
        return None

    def claimant(self, name: str) -> str | None:
        """The canonical claimant for any of its aliases, or None."""
        return _lookup(self._claimant_index, name)

    def claimant_info(self, name: str) -> ClaimantInfo | None:
        canonical = self.claimant(name)
        return self._data.claimants.get(canonical) if canonical else None

    def family(self, canonical: str) -> tuple[str, ...]:
        """The actor and its parents, narrowest first (YPG, Syrian Democratic Forces)."""
        chain: list[str] = []
        info = self.info(canonical)
        while info is not None and info.canonical not in chain:
            chain.append(info.canonical)
            info = self._data.actors.get(info.parent) if info.parent else None
        return tuple(chain)

    def air_force(self, country: str | None) -> str | None:
        """The actor whose air strikes in ``country`` (ISO code) a report means when it
        names no author ("air strikes on Saraqeb killed five": Syria's air force), or None
        when no table says so (a sky several air forces share)."""
        return self._air_forces.get(country) if country else None

    def coded_as(self, canonical: str, day: dt.date) -> str:
        """The name ``canonical`` is coded as on ``day``: an actor whose identity changes
        at a date (``becomes`` in its table entry: the Taliban are "Military Forces of
        Afghanistan" from 15 August 2021) is the actor it became; any other is itself."""
        info = self._data.actors.get(canonical)
        if info is None or not info.becomes:
            return canonical
        name = canonical
        for first, later in info.becomes:
            if day >= first:
                name = later
        return name if name == canonical else self.canonical(name) or name

    def government(self, country: str | None) -> str | None:
        """The canonical name of ``country``'s (ISO code) government as a political actor:
        the template's "Government of {country}" as that country's ("Government of the
        United States"), or the actor another file already gives that name ("Government
        of Syria"). None for an unknown code or without a template."""
        if not country:
            return None
        code = country.upper()
        name = country_name(code)
        if name == code:
            return None
        for info in self._data.template_actors.values():
            if info.kind is ActorKind.STATE:
                return self._as_country(info, name).canonical
        return None

    # -- actors in text ------------------------------------------------------------------
    def theatres(self, text: str) -> frozenset[str]:
        """The countries (ISO codes) whose own actors ``text`` names ("Houthi forces":
        Yemen): where the places of a report that names them are to be looked for first.
        Actors that also fight abroad (armies, Hezbollah) have no theatre."""
        if self._theatre_rx is None:
            return frozenset()
        found = (
            self._theatre_of.get(normalise(m.group())) for m in self._theatre_rx.finditer(text)
        )
        return frozenset(t for t in found if t)

    def _entry(self, hit: Hit) -> tuple[ActorInfo, AliasEntry | None] | None:
        if hit.key.startswith("pattern:"):
            target = self._pattern_targets[int(hit.key.split(":", 1)[1])]
            return self._data.actors[target], None
        aliases = self._data.actor_aliases
        # Turkish dotted capital I lower-cases to "i" + a combining dot ("İdlib")
        entry = aliases.get(hit.key) or aliases.get(hit.key.replace("\u0307", ""))
        if entry is None:
            national = self._national(hit.key)  # "Pakistani forces"
            return None if national is None else (national, None)
        return self._data.actors[entry.target], entry

    def _starts(self, text: str, which: int) -> DocStarts | None:
        if len(text) < _SCAN_MIN:
            return None
        found = self._scanner.starts(text)
        return found[which] if found is not None else None

    def find(self, text: str, *, start: int = 0, end: int | None = None) -> list[ActorMention]:
        """Actors named in ``text[start:end]``, in text order, without overlaps.

        The longest alias wins at each position. One noun phrase gives one mention: a
        name takes the head noun after it ("Nusra Front fighters") and a generic noun
        joined to it by a connector before it ("rebels from ISIS", "fighters of the
        Al-Qaeda-linked Nusra Front"): the specific actor wins. A name followed by a
        hyphen and a word is a modifier, not an actor ("ISIS-held", "regime-controlled").
        """
        stop = len(text) if end is None else min(end, len(text))
        found: list[tuple[int, int, ActorInfo, AliasEntry | None]] = []
        for hit in self._actor_matcher.find(text, start, stop, starts=self._starts(text, 0)):
            resolved = self._entry(hit)
            if resolved is None:
                continue
            info, entry = resolved
            s, e = hit.start, hit.end
            if (
                entry is None
                and not hit.key.startswith("pattern:")
                and _last_word(text, s, start) in self._not_national_after
            ):
                continue  # "former Afghan army officers" are no longer the state's forces
            if (
                entry is not None
                and entry.generic
                and _next_word(text, e, stop) in self._civil_heads
            ):
                continue  # "opposition activists", "rebel supporters": no armed group
            if entry is not None and entry.trim_words:
                e = _trim(text, s, e, entry.trim_words)
            found.append((s, e, info, entry))
        found = self._with_coordinated_modifiers(found, text, start)
        mentions: list[ActorMention] = []
        for s, e, info, entry in found:
            if mentions and s < mentions[-1].span.end:
                continue  # swallowed by the previous mention's head noun
            canonical = info.canonical
            generic = entry.generic if entry else False
            tags = entry.tags if entry else ()
            last = _last_word(text, s, start)
            if not generic and (last in self._connector_ends or last == "the" or "-" in last):
                before = self._heads_before.search(text, max(start, s - 100), s)
                if before is not None:
                    new_start = before.start()
                    while mentions and mentions[-1].span.end > new_start:
                        if not mentions[-1].generic:
                            new_start = s
                            break
                        new_start = min(new_start, mentions.pop().span.start)
                    s = new_start
            if (
                mentions
                and mentions[-1].canonical == canonical
                and text[mentions[-1].span.end : s].strip() == "("
                and text[e : e + 1] == ")"
            ):
                s, e = mentions.pop().span.start, e + 1  # "Islamic State (IS)"
            elif info.kind not in _NOT_SPEAKERS:
                after = self._heads_after.match(text, e, stop)
                if after is not None:
                    e = after.end()
            if self._label is not None and PLACE in info.acled_name:
                info = self._labelled(info)
                canonical = info.canonical
            span = Span(start=s, end=e, text=text[s:e], role="actor")
            mentions.append(
                ActorMention(
                    span=span,
                    canonical=canonical,
                    info=info,
                    text=span.text,
                    generic=generic,
                    tags=tags,
                )
            )
        return mentions

    def _with_coordinated_modifiers(
        self,
        found: list[tuple[int, int, ActorInfo, AliasEntry | None]],
        text: str,
        start: int,
    ) -> list[tuple[int, int, ActorInfo, AliasEntry | None]]:
        """``found`` with the actors of modifiers joined to a "<modifier> <noun>" name
        ("Russian or Syrian warplanes", "Russian and regime jets", "Iraqi, Turkish and US
        forces"): each names its own actor with the same noun. The word nearest the name
        must be joined by "and" or "or"; commas may join the earlier ones."""
        out = found
        taken = [(s, e) for s, e, _, _ in found]
        for s, e, _, entry in found:
            before = text[max(start, s - 40) : s]
            if not before[-1:].isspace() or not before.rstrip().lower().endswith(("and", "or")):
                continue  # most names follow no "and" or "or" (a quick test before the regex)
            m = _AND_OR_BEFORE.search(text, max(start, s - 40), s)
            if m is None:
                continue
            nouns = self._head_nouns(entry, normalise(text[s:e]))
            while m is not None and nouns:
                word = m.group("m")
                info = next(
                    (i for i in (self._modified(word, n) for n in nouns) if i is not None), None
                )
                ws, we = m.span("m")
                if info is None or any(a < we and ws < b for a, b in taken):
                    break
                out = [*out, (ws, we, info, None)]
                taken.append((ws, we))
                m = _LIST_BEFORE.search(text, max(start, ws - 40), ws)
        return sorted(out, key=lambda f: f[0]) if out is not found else found

    def _head_nouns(self, entry: AliasEntry | None, key: str) -> list[str]:
        """The nouns a "<modifier> <noun>" hit (``key``, normalised) may end in: its
        words after the first; none for a name or a pattern's hit."""
        if entry is not None and entry.level is Level.GENERATED:
            words = entry.text.split()
        else:  # "Pakistani forces", and aliases that read so too ("US forces")
            words = key.split() if self._national(key) is not None else []
        return [" ".join(words[k:]) for k in range(1, len(words))]

    def _modified(self, modifier: str, noun: str) -> ActorInfo | None:
        """The actor "<modifier> <noun>" names: an alias, or a nation word's."""
        key = normalise(f"{modifier} {noun}")
        entry = self._data.actor_aliases.get(key)
        if entry is not None:
            return self._data.actors[entry.target]
        return self._national(key) if self._data.nations else None

    def _intro(self, text: str, lo: int, hi: int) -> bool:
        """ "according to ...", "documented by" just before ``hi``."""
        window = text[lo:hi].lower()
        if window.isascii():  # the stricter test first: it usually fails
            according, passive = self._intro_needles
            if not any(w in window for w in according) and not (
                window[-1:].isspace()
                and window.rstrip().endswith("by")
                and any(w in window for w in passive)
            ):
                return False
        if not any(w in window for w in self._intro_words):
            return False
        return self._claimant_intro.search(text, lo, hi) is not None

    # -- claimants in text ---------------------------------------------------------------
    def find_claimants(
        self,
        text: str,
        *,
        start: int = 0,
        end: int | None = None,
        actors: Sequence[ActorMention] | None = None,
    ) -> list[ClaimantMention]:
        """Sources that ``text[start:end]`` attributes a claim to, in text order.

        A claimant's name counts only in an attribution context: followed by a verb of
        saying ("the Observatory said", "an activist from Deir al-Zor told AP"), after
        "according to", "said", "documented by" and the like, or in apposition to
        another attributed source ("Rami Abdel-Rahman, the head of the Observatory").
        The outlet a named source spoke to is ``via``; an anonymous source speaking to
        an outlet makes the outlet the claimant. Actors that speak ("the army said") are
        claimants of kind ACTOR; pass ``actors`` from :meth:`find` to avoid a second scan.
        """
        stop = len(text) if end is None else min(end, len(text))
        data = self._data
        hits = self._claimant_matcher.find(text, start, stop, starts=self._starts(text, 1))
        starts: list[int] = []
        for hit in hits:
            left = None
            if _last_word(text, hit.start, start) in self._left_ends:
                left = self._claimant_left.search(text, max(start, hit.start - 80), hit.start)
            starts.append(left.start() if left is not None else hit.start)
        mentions: list[ClaimantMention] = []
        consumed: set[int] = set()
        for i, hit in enumerate(hits):
            if i in consumed:
                continue
            s = starts[i]
            name = data.claimant_aliases[hit.key].target
            info = data.claimants[name]
            via: str | None = None
            after = self._claimant_after.match(text, hit.end, stop)
            if after is not None:
                if after.group("verb").lower() in {"told", "tells"}:
                    for j in range(i + 1, len(hits)):
                        if hits[j].start < after.end():
                            continue
                        between = text[after.end() : starts[j]].strip().lower()
                        if between in {"", "the"}:
                            via = data.claimant_aliases[hits[j].key].target
                            consumed.add(j)
                        break
            elif not (
                self._intro(text, max(start, s - 90), s)
                or (
                    _ends_clause(text, hit.end, stop)
                    and (
                        self._claimant_reverse.search(text, max(start, s - 30), s)
                        or (mentions and _apposed(text, mentions[-1].span.end, s))
                    )
                )
            ):
                continue
            if info.anonymous and via is not None:
                name, via = via, None
                info = data.claimants[name]
            prev = mentions[-1] if mentions else None
            if prev is not None and prev.name == name and _apposed(text, prev.span.end, s):
                s = prev.span.start
                via = via or prev.via
                mentions.pop()
            span = Span(start=s, end=hit.end, text=text[s : hit.end], role="claimant")
            mentions.append(
                ClaimantMention(span=span, name=name, text=span.text, kind=info.kind, via=via)
            )
        if actors is None:
            actors = self.find(text, start=start, end=stop)
        taken = [(m.span.start, m.span.end) for m in mentions]
        taken += [(h.start, h.end) for h in hits]
        for actor in actors:
            s, e = actor.span.start, actor.span.end
            if actor.info.kind in _NOT_SPEAKERS or any(a < e and s < b for a, b in taken):
                continue
            if (
                self._actor_after.match(text, e, stop)
                or self._intro(text, max(start, s - 90), s)
                or (
                    _ends_clause(text, e, stop)
                    and self._claimant_reverse.search(text, max(start, s - 30), s)
                )
            ):
                span = Span(start=s, end=e, text=actor.text, role="claimant")
                mentions.append(
                    ClaimantMention(
                        span=span, name=actor.canonical, text=actor.text, kind=ClaimantKind.ACTOR
                    )
                )
        mentions.sort(key=lambda m: m.span.start)
        return mentions


# "Russian or Syrian warplanes", "Russian and regime jets", "Iraqi, Turkish and US forces"
_AND_OR_BEFORE = re.compile(
    r"(?:\b(?:either|both)\s+)?\b(?P<m>[\w'’]+)(?:\s*,)?\s+(?:and/or|and|or)\s+$", _I
)
_LIST_BEFORE = re.compile(r"\b(?P<m>[\w'’]+)\s*,\s*$", _I)
_CLAUSE_END = re.compile(r"\s*(?:[,.;:!?)\"”’]|$)")


def _ends_clause(text: str, pos: int, stop: int) -> bool:
    return _CLAUSE_END.match(text, pos, stop) is not None


def _next_word(text: str, pos: int, stop: int) -> str:
    """The word right after ``pos`` (before ``stop``), normalised."""
    words = text[pos : min(stop, pos + 30)].split(None, 1)
    return normalise(words[0].strip(',.;:!?"”’)(')) if words else ""


def _last_word(text: str, pos: int, start: int) -> str:
    """The word just before ``pos`` (not before ``start``), lower-cased."""
    words = text[max(start, pos - 30) : pos].split()
    return words[-1].lower().replace("’", "'") if words else ""


def _apposed(text: str, left_end: int, right_start: int) -> bool:
    """Only a comma or an opening bracket between two mentions."""
    return left_end <= right_start and text[left_end:right_start].strip() in {",", "("}


def _trim(text: str, start: int, end: int, n_words: int) -> int:
    """The end of ``text[start:end]`` without its last ``n_words`` words."""
    cuts = [m.start() for m in re.finditer(r"[\s\-‐‑–]+", text[start:end])]
    return start + cuts[-n_words] if len(cuts) >= n_words else end


def _lookup(index: dict[str, str], name: str) -> str | None:
    found = _lookup_name(index, name)
    if found is None and _GLOSSED.search(name):
        # "People's Protection Units (YPG)", "Asayish (Kurdish police)", ACLED's "YPG:
        # People's Protection Units": the name, else its gloss
        for part in _GLOSSED.split(name):
            if part.strip() and (found := _lookup_name(index, part)) is not None:
                break
    return found


_GLOSSED = re.compile(r"\s*[():]\s*")


def _lookup_name(index: dict[str, str], name: str) -> str | None:
    key = normalise(name)
    if key.startswith("the "):
        key = key[4:]
    candidates = [key, f"the {key}"]
    if key.endswith("es"):
        candidates += [key[:-2], key[:-1]]
    elif key.endswith("s"):
        candidates.append(key[:-1])
    else:
        candidates += [f"{key}s", f"{key}es"]
    for candidate in candidates:
        found = index.get(candidate)
        if found is not None:
            return found
    return None


@functools.lru_cache(maxsize=8)
def _cached_table(extra: tuple[str, ...], country: str) -> ActorTable:
    return ActorTable.from_files(extra, country=country)


@functools.lru_cache(maxsize=16)
def _cached_files_table(files: tuple[Path, ...], country: str) -> ActorTable:
    return ActorTable.from_files(files, country=country, bundled=False)


@functools.lru_cache(maxsize=256)
def _country_view(files: tuple[Path, ...], code: str) -> ActorTable:
    """The "*" table (its local names are the template's, still named "... of {country}")
    seen as one country's: mentions are renamed for it. Built once, then one shallow copy
    per country: a report about any country costs no new table."""
    view = copy.copy(_cached_files_table(files, "*"))
    view._label = (code, country_name(code))
    return view


@functools.lru_cache(maxsize=4096)
def _renamed(info: ActorInfo, country: str) -> ActorInfo:
    return dataclasses.replace(
        info,
        canonical=info.canonical.replace(PLACE, country),
        acled_name=info.acled_name.replace(PLACE, country),
        country=country,
    )
