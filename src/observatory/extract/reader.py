"""Reading a document clause by clause into event frames and toll frames.

For each sentence: its claimants, dates, actors and casualty figures are found once; each
clause's triggers are filtered by the cues (negation, modality, history, campaigns,
aggregates), grouped by event type and place, and given the clause's date, actors and
casualties. What a clause does not say is inherited with care: a place from the sentence
or paragraph ("the town" refers back), a date from the paragraph, claimants from the
paragraph. Casualties with no trigger of their own attach to the sentence's last event.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from observatory.actors import ActorKind, ActorMention, ActorTable, ClaimantKind, ClaimantMention
from observatory.actors.model import ARMED_KINDS
from observatory.dates import DateMention, DateMentionKind, find_dates
from observatory.extract import cues
from observatory.extract.frames import Frame, FrameDate, TollFrame
from observatory.extract.named_groups import UNKNOWN_GROUP_SOURCE, name_unknown_groups
from observatory.extract.officials import OfficialMention, find_participating_officials
from observatory.extract.places import Candidate, candidates, coordinated, place_key, within
from observatory.extract.taxonomy import (
    BATTLES,
    EXPLOSIONS,
    PROTESTS,
    RIOTS,
    STRATEGIC,
    SUB_EVENT_PRIORITY,
    VIOLENCE_AGAINST_CIVILIANS,
    event_type_of,
)
from observatory.extract.triggers import Role, Trigger, find_triggers, lowered
from observatory.fatalities import (
    CasualtyKind,
    CasualtyMention,
    aggregate_cues,
    find_casualties,
)
from observatory.geocode import Geocoder, MentionCue, PlaceMention
from observatory.records import DateBasis, DatePrecision, GeoPrecision, Place, Span
from observatory.text import BoundarySearch, GatedSearch, Segment, clauses, sentences

__all__ = ["DocumentReading", "read_document"]

_I = re.IGNORECASE
# "(regained) control of Menyan": right after the trigger ("regained control") or its verb
# ("regain"), a name after "control of" is the place taken
_NAMED_OBJECT = re.compile(
    r"(?:(?<=[Cc]ontrol)|\s+control)\s+(?:over|of)\s+(?:the\s+)?"
    r"(?:(?:al|el|ad|as|ash|az|ar|an)-)?[A-Z][a-z]"
)
_PASSIVE_TERRITORY = re.compile(r"(?i)(?:fell|fallen|was lost|were lost|been lost)\b")
_TERRITORY_SUBJECT = re.compile(
    r"\b(?:town|city|village|villages|area|hill|base|airbase|airport|checkpoint|positions?|"
    r"neighbou?rhood|district|camp|crossing|dam|field|road|highway|barracks|station|"
    r"stronghold|hilltop|post|suburb|quarter|island)\b"
)
_TERRITORY_OBJECT = re.compile(
    r"^\W*(?:\w+\W+){0,6}?(?:town|city|village|villages|area|areas|hill|hills|base|airbase|"
    r"air base|airport|checkpoint|checkpoints|positions?|neighbou?rhoods?|district|region|"
    r"countryside|farms|bridge|crossing|dam|field|fields|road|highway|headquarters|"
    r"barracks|mountain|summit|heights|station|factory|plant|compound|building|camp|"
    r"outskirts|territory|territories|quarter|suburb|stronghold|hilltop|post|posts|"
    r"junction|border|island|valley|plain)\b",
    _I,
)
_ATTEMPT_BEFORE = re.compile(
    r"\b(?:to|attempt(?:s|ed|ing)? to|bid to|drive to|push to|effort to|trying to|tried to)\s+$",
    _I,
)
_CIVILIAN_WORDS = re.compile(
    r"\b(?:civilians?|children|child|women|woman|residents?|people|villagers|family|families|"
    r"farmers?|shepherds?|workers?|students?|worshippers|passers-by|pedestrians|boys?|girls?|"
    r"men|man|doctors?|nurses?|journalists?|teachers?|patients|displaced|refugees|mourners|"
    # who ACLED's notes say was killed when they name no armed side
    r"persons?|individuals?|victims?|minors?|teenagers?|elderly|pastoralists|herders?|"
    r"traders?|drivers?|passengers|vendors?|merchants?|shopkeepers?|pastors?|priests?|"
    r"imams?|chiefs?|couple|brothers?|sisters?|sons?|daughters?|wife|husband|relatives|"
    r"protesters|demonstrators|marchers)\b",
    _I,
)
# armed men the word lists below share: those who fight for the state or for a group
_ARMED_MEN = (
    r"policeman|gendarmes?|commanders?|militiaman|gangsters?|drug (?:traffickers?|dealers?)"
)
_FIGHTER_WORDS = re.compile(
    r"\b(?:fighters?|soldiers?|troops|militants?|rebels?|gunmen|jihadists?|insurgents?|"
    r"militiamen|members|officers?|guards|personnel|recruits|conscripts|terrorists?|"
    rf"combatants|servicemen|policemen|police|{_ARMED_MEN})\b",
    _I,
)
_CROWD_BEFORE = GatedSearch(
    re.compile(
        r"\b(?:crowds?|mobs?|angry (?:residents|villagers|protesters|men|youths)|protesters|"
        r"demonstrators|rioters|residents|villagers|youths|mourners|locals|vigilantes|"
        r"supporters|cadres|community members|members of the (?:public|community)|"
        r"group of (?:\w+ ){0,2}?(?:people|men|locals|residents|youths|villagers|vendors|riders|"
        r"drivers|students|workers|supporters|women|traders|farmers|herders|persons))\b",
    )
)
# "a thief was beaten by residents": the crowd named after a passive verb
_CROWD_BY = re.compile(
    r"\s+(?:\w+\s+){0,2}?by\s+(?:an?\s+|the\s+|\w+\s+)?(?:angry\s+)?(?:\w+\s+)?"
    r"(?:mob|crowd|residents|villagers|locals|youths|people|community members)\b"
)
# "clashes between two families", "fought with youths of the next village"
_CROWD_BETWEEN = re.compile(
    r"\s+(?:\w+\s+){0,2}?(?:between|among|with)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?:families|groups|cadres|supporters|communities|villagers|youths?|residents|farmers|"
    r"pastoralists|herders|students|locals|neighbou?rs|factions|hindus|muslims|christians|"
    r"relatives)\b"
)
_PROTEST_WORDS = re.compile(
    r"\b(?:protest\w*|demonstrat\w*|rall(?:y|ies)|marche[ds]|marchers|strikers?|sit-ins?|"
    r"picket\w*|blockade\w*)\b"
)
_MILITARY_TARGET = re.compile(
    r"\b(?:positions?|checkpoints?|base|bases|barracks|soldiers|troops|fighters|militants|"
    r"convoy|patrol|outposts?|military|army|forces|headquarters|front ?lines?|rebels|gunmen)\b",
)
# "BEIRUT (Reuters) - ", "BEIRUT—The", "SMART – Aleppo countryside: "; not the hyphen of
# "al-Rashidin" (a dash glued to a word ends a dateline only after capitals or a bracket)
# who or what an attack falls on: an armed side (a clash) or people who do not fight back
_ARMED_TARGET = re.compile(
    r"\b(?:positions?|checkpoints?|bases?|barracks|soldiers|troops|fighters|militants|"
    r"(?:military|army|police) (?:convoy|patrol|post|station|vehicle)s?|patrols?|outposts?|"
    r"military|army|forces|police|policemen|officers|headquarters|front ?lines?|rebels|"
    r"militias?|militiamen|guards|insurgents|jihadists|"
    # one of them ("shot dead a soldier", "killed a Mara Salvatrucha member"): ACLED codes
    # violence on a member of an armed, organised group as a clash
    rf"soldier|fighter|militant|rebel|insurgent|{_ARMED_MEN}|drug lords?|hitm[ae]n|"
    r"(?:police|army|military|security|intelligence|prison|border) officer|"
    r"security (?:guards?|men|agents?)|(?:gang|cartel|militia) members?)\b"
)
# an armed man out of the fight is a civilian to ACLED ("an off-duty officer")
_OUT_OF_SERVICE = re.compile(r"(?:off-duty|off duty|former|retired|ex-|unarmed)\s*(?:\w+\s+)?$")


def _armed_target(low: str, start: int, end: int) -> bool:
    """Whether ``low[start:end]`` names an armed, organised side as the one hit."""
    return any(
        not _OUT_OF_SERVICE.search(low, max(0, m.start() - 24), m.start())
        for m in _ARMED_TARGET.finditer(low, start, end)
    )


_PERSON_TARGET = re.compile(
    r"\b(?:him|her|man|woman|men|women|civilians?|people|persons?|residents?|villagers|"
    r"farmers?|traders?|drivers?|passengers|doctors?|nurses?|teachers?|students?|"
    r"journalists?|pastors?|priests?|imams?|worshippers|family|families|children|child|"
    r"boys?|girls?|couple|businessm[ae]n|entrepreneurs?|vendors?|workers?|employees?|"
    r"contractors?|leaders?|officials?|politicians?|activists?|buse?s?|school|church|mosque|"
    r"community|homes?|houses?|residence|prisoners?|detainees?|inmates?|brother|son|"
    r"daughter|wife|husband|relatives?|cattle|herders?|miners?|shop|market|hospital|"
    r"shopkeepers?|merchants?|owners?|lawyers?|judges?|chiefs?|elders?|clerics?|monks?|"
    r"nuns?|patients|pedestrians|motorists|travell?ers|commuters|pilgrims)\b"
)
_ON_TARGET = re.compile(r"\s+(?:on|against|targeting)\b")
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|been|being)\s+(?:\w+\s+)?$")
_DATELINE = re.compile(
    r"[A-Z][\w'’.,() ]{0,60}?(?:\s[-–—]{1,2}\s?|(?<=[A-Z)])[-–—]{1,2}(?=[A-Z])|:\s)"
)
# marks a frame placed at the country because the text says so ("nationwide")
_NATIONWIDE = Span(start=0, end=0, text="", role="location")
_DEFINITE_FIGURE = re.compile(r"\b(?:the|those|these)\s+$", _I)
_PASSIVE_BY = re.compile(r"^\s*(?:\w+\s+){0,3}?by\s+(?:(?:the|an?|either)\s+)?$", _I)
_BETWEEN = re.compile(r"\bbetween\s+$", _I)
_AIRCRAFT = re.compile(
    r"(?:war ?planes?|war ?jets?|jets?|aircraft|helicopters?|drones?|gunships?|bombers?)$", _I
)
_OWNED_BY = re.compile(r"\s+(?:of|belonging\s+to|from)\s+(?:the\s+)?", _I)
_FELL_TO = re.compile(r"\b(?:fell|fallen|falls|lost)\b", _I)
_VICTIM_PREP = re.compile(r"\b(?:against|on|targeting|targeted|at|with)\s+(?:the\s+)?$", _I)


@dataclass(slots=True, kw_only=True)
class DocumentReading:
    frames: list[Frame] = field(default_factory=list)
    tolls: list[TollFrame] = field(default_factory=list)
    main_area: Place | None = None  # the governorate the report names most
    actors: ActorTable | None = None  # the tables read with (another country's, abroad)
    crowd_note: bool = False  # an ACLED note with a crowd's size ("[size=dozens]")
    # ACLED's "Fatalities coded as 3": the figure the note's coder kept, and where it is
    coded_fatalities: tuple[int, Span] | None = None
    # sitting officials told as one of a crowd ("including the mayor", "an MP took part")
    officials: list[OfficialMention] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class _Context:
    """What a paragraph has established so far."""

    paragraph: int = -1
    place: Place | None = None
    place_span: Span | None = None
    date: FrameDate | None = None
    claimants: list[str] = field(default_factory=list)
    claimant_spans: list[Span] = field(default_factory=list)
    crowd_note: bool = False  # an ACLED note with a crowd's size: a demonstration or riot
    doc_place: Place | None = None  # the last named place of the whole document
    doc_place_span: Span | None = None
    doc_date: FrameDate | None = None  # the date of the event told at doc_place
    skip_until: int = -1  # end of the dateline
    mention_starts: list[int] = field(default_factory=list)  # sorted starts of place mentions
    triggers: list[Trigger] = field(default_factory=list)  # the document's, found once
    trigger_starts: list[int] = field(default_factory=list)
    paragraph_dates_key: int = -1
    paragraph_dates: list[DateMention] = field(default_factory=list)
    cue_text: str = ""  # the text with the month names of dates masked (see _mask_months)
    foreign: bool = False  # no place in the default country: places abroad can be scenes
    sentence: int = -1  # start of the sentence being read, and of the one before it
    previous_sentence: int = -1
    background_at: int = -1  # start of the last sentence with an event told as background
    toll_at: int = -1  # start of the last sentence that told a toll
    pointed_back_at: int = -1  # start of the last sentence naming a background event again


def _publication_date(published: dt.date | None) -> FrameDate:
    if published is None:
        return FrameDate(
            date=None, window=None, precision=DatePrecision.UNKNOWN, basis=DateBasis.PUBLICATION
        )
    return FrameDate(
        date=published,
        window=(published - dt.timedelta(days=1), published),
        precision=DatePrecision.DAY,
        basis=DateBasis.PUBLICATION,
    )


def _frame_date(m: DateMention, *, displaced: bool) -> FrameDate | None:
    if m.kind is DateMentionKind.DURATION or m.window is None:
        return None
    if displaced and m.date is not None:
        # "took the town on Friday following hours of fighting": the fighting began earlier
        return FrameDate(
            date=None,
            window=(m.date - dt.timedelta(days=1), m.date),
            precision=DatePrecision.RANGE,
            basis=m.basis,
            span=m.span,
        )
    return FrameDate(
        date=m.date if m.kind is DateMentionKind.DAY else None,
        window=m.window,
        precision=m.precision,
        basis=m.basis,
        span=m.span,
    )


def _is_background_date(m: DateMention, published: dt.date | None) -> bool:
    if published is None or m.window is None:
        return False
    return (published - m.window[1]).days > 30


def _choose_date(
    trigger: Trigger, dates: Sequence[DateMention], text: str, published: dt.date | None
) -> tuple[FrameDate | None, bool]:
    """The clause's date nearest the trigger; the flag says the clause dates history."""
    usable = [
        d
        for d in dates
        if d.kind is not DateMentionKind.DURATION
        and d.window
        and not cues.REPORTING_VERB_BEFORE.search(text[max(0, d.span.start - 40) : d.span.start])
    ]
    if not usable:
        return None, False

    def distance(d: DateMention) -> int:
        if d.span.end <= trigger.start:
            gap = trigger.start - d.span.end
            # "retreated on Friday after staging an attack the day before": a date across a
            # temporal conjunction dates the other verb
            if _CONJUNCTION.search(text, d.span.end, trigger.start):
                gap += 100
            return gap
        return abs(d.span.start - trigger.end)

    best = min(usable, key=lambda d: (d.kind is not DateMentionKind.DAY, distance(d)))
    if _is_background_date(best, published):
        return None, True
    lo, hi = sorted((best.span.end, trigger.start))
    between = text[lo:hi] if best.span.end <= trigger.start else ""
    displaced = bool(between and cues.TEMPORAL_DISPLACEMENT.search(between))
    return _frame_date(best, displaced=displaced), False


_SUBJECT_OF_FRAMING = re.compile(
    r"\s+(?:came|comes|happened|occurred|took place|was the|is the|was carried out|"
    r"followed|coincided)\b",
)


_ALONGSIDE_BEFORE = GatedSearch(
    re.compile(
        r"\b(?:coincid(?:ing|ed) with|amid|during|accompan(?:ying|ied by)|in support of|"
        r"to support|as part of|in parallel with|alongside)\s+(?:the|these|those|its|their)\s+"
        r"(?:[\w-]+\s+){0,2}$",
    )
)


def _force_anaphora(t: Trigger, text: str) -> Trigger:
    """ "The blast came as ...", "... coinciding with the clashes": a definite event noun
    that frames another event refers back to one already told."""
    if not t.nominal:
        return t
    low = lowered(text)  # the patterns are lower case
    if (t.definite and _SUBJECT_OF_FRAMING.match(low, t.end)) or _ALONGSIDE_BEFORE.search(
        low, max(0, t.start - 50), t.start
    ):
        return dataclasses.replace(t, forced_anaphor=True)
    return t


def _trigger_date(
    t: Trigger,
    clause_dates: Sequence[DateMention],
    sentence_dates: Sequence[DateMention],
    text: str,
    published: dt.date | None,
    ctx: _Context,
) -> FrameDate | None:
    """The trigger's date: its clause's, else a day of its sentence, else the paragraph's,
    else the publication date. None when the clause dates history."""
    fd, history = _choose_date(t, clause_dates, text, published)
    if history:
        return None
    if fd is None:
        days = [
            d
            for d in sentence_dates
            if d.kind is DateMentionKind.DAY and d.window and not _is_background_date(d, published)
        ]
        told = [
            d
            for d in days
            if not cues.REPORTING_VERB_BEFORE.search(text[max(0, d.span.start - 40) : d.span.start])
        ]
        if told:
            fd = _frame_date(told[0], displaced=False)
        elif days and days[0].date is not None:
            # only the day it was reported ("sources said on Monday"): that day or the one
            # before, like a report's publication date, so a dated sentence can claim it
            day = days[0].date
            fd = FrameDate(
                date=day,
                window=(day - dt.timedelta(days=1), day),
                precision=DatePrecision.DAY,
                basis=DateBasis.RELATIVE,
                reported=True,
            )
    if fd is None and ctx.date is not None:
        fd = ctx.date
    return fd or _publication_date(published)


_DateKey = tuple[dt.date | None, tuple[dt.date, dt.date] | None, DatePrecision]


def _date_key(d: FrameDate) -> _DateKey:
    """What makes two frame dates one (the same day, window and precision)."""
    return d.date, d.window, d.precision


def _resolve_role(
    trig: Trigger,
    frame_actors: Sequence[ActorMention],
    victims: str | None,
    text: str,
    clause: Segment,
) -> tuple[str, str]:
    """Event type and sub-event type of a trigger given the clause's actors and victims."""
    low = lowered(text)
    if trig.role is Role.RIOT:
        # violence by a crowd: a violent demonstration where a demonstration or its demand is
        # told ("burned tyres to demand water"), mob violence otherwise ("rioters pelted
        # stones at the election staff")
        purpose = cues.PURPOSE.search(text, trig.end, max(trig.end, clause.end))
        if _PROTEST_WORDS.search(low, max(0, trig.start - 400), trig.end + 200) or (
            purpose is not None and purpose.group().lower() != "against"
        ):
            return RIOTS, "Violent demonstration"
        return RIOTS, "Mob violence"
    if _crowd_acts(trig, frame_actors, low, clause) and (
        trig.event_type in {BATTLES, VIOLENCE_AGAINST_CIVILIANS} or trig.role is Role.ATTACK
    ):
        # ACLED: demonstrators who turn violent riot; an unorganised crowd that beats,
        # lynches or fights (locals, villagers, party supporters) is mob violence
        if _PROTEST_WORDS.search(low, clause.start, clause.end) and victims != "civilians":
            return RIOTS, "Violent demonstration"
        return RIOTS, "Mob violence"
    if trig.sub_event_type == "Non-violent transfer of territory" and any(
        a.span.start >= trig.end and a.span.start - trig.end < 12 for a in frame_actors
    ):
        return STRATEGIC, "Change to group/activity"  # "its withdrawal from <a group>"
    if trig.role in {Role.FIXED, Role.CROWD, Role.RIOT}:
        return trig.event_type, trig.sub_event_type
    initiator = _initiator(trig, frame_actors, text)
    state = initiator is not None and initiator.is_state
    if trig.role is Role.TERRITORY:
        if _ATTEMPT_BEFORE.search(text[max(0, trig.start - 30) : trig.start]):
            return BATTLES, "Armed clash"
        return (
            BATTLES,
            "Government regains territory" if state else "Non-state actor overtakes territory",
        )
    if trig.role is Role.ARREST:
        if initiator is not None and not state:
            return VIOLENCE_AGAINST_CIVILIANS, "Abduction/forced disappearance"
        return event_type_of("Arrests"), "Arrests"
    # ATTACK: ACLED's armed clash has two armed, organised sides; one armed side on people
    # who do not fight back is an attack on civilians
    if victims == "civilians":
        return VIOLENCE_AGAINST_CIVILIANS, "Attack"
    low = lowered(text)
    armed = {a.canonical for a in frame_actors if _armed(a)}
    passive = _PASSIVE_BEFORE.search(low, max(clause.start, trig.start - 12), trig.start)
    target = (clause.start, trig.start) if passive else (trig.end, clause.end)
    if len(armed) >= 2 or victims == "fighters" or _armed_target(low, *target):
        return BATTLES, "Armed clash"
    # the object of "attacked", "assaulted", "an attack on": what a noun is followed by
    # ("the attack killed 16 people") tells its victims, read above
    after = (trig.end, min(clause.end, trig.end + 60))
    if trig.text.lower().endswith(("ed", "ing")) or _ON_TARGET.match(low, trig.end):
        on_people = bool(_PERSON_TARGET.search(low, *after))
    else:
        on_people = False
    if on_people or (passive and _PERSON_TARGET.search(low, clause.start, trig.start)):
        return VIOLENCE_AGAINST_CIVILIANS, "Attack"
    if not trig.text.lower().startswith(("attack", "assault", "raid", "storm")):
        return VIOLENCE_AGAINST_CIVILIANS, "Attack"  # "stabbed", "a drive-by shooting"
    if not armed and not _MILITARY_TARGET.search(low, clause.start, clause.end):
        if re.search(r"\b(?:them|civilians?|people)\b", text[trig.end : trig.end + 30], _I):
            return VIOLENCE_AGAINST_CIVILIANS, "Attack"
    return BATTLES, "Armed clash"


_THROWN_AT = re.compile(r"\s+(?:at|on|towards?)\s", _I)
_DEMONSTRATION = re.compile(
    r"\b(?:protest\w*|demonstrat\w*|rall(?:y|ies|ied)|marche[ds]|marchers|riot\w*|strikers?|"
    r"sit-ins?|picket\w*|blockade\w*|blocked|gathered|mobs?)\b",
    _I,
)
_FORCES = ARMED_KINDS


def _crowd_acts(trig: Trigger, actors: Sequence[ActorMention], low: str, clause: Segment) -> bool:
    """An unorganised crowd does what the trigger says: crowd words before it (or after
    "by" in the passive), and no armed, organised group among the clause's actors."""
    passive = _PASSIVE_BEFORE.search(low, max(clause.start, trig.start - 12), trig.start)
    between = _CROWD_BETWEEN.match(low, trig.end, clause.end)
    if between and "armed" in between.group():
        between = None
    if not (
        _CROWD_BEFORE.search(low, clause.start, trig.start)
        or (passive and _CROWD_BY.match(low, trig.end, clause.end))
        or between
    ):
        return False
    # the doers: the actors before an active verb, right after a passive one, or the two
    # sides named after "clashes between"
    after = 80 if between else 40 if passive else -1
    doers = [a for a in actors if a.span.end <= trig.start or 0 <= a.span.start - trig.end < after]
    return not any(a.info.kind in _FORCES for a in doers)


_DEMONSTRATORS = re.compile(
    r"\b(?:protesters|demonstrators|participants|marchers|strikers|mourners|activists)\b", _I
)


def _protested_deaths(killed: Sequence[CasualtyMention], frames: Sequence[Frame]) -> bool:
    """Deaths with no event word of their own, told in a sentence that tells a protest, and
    not of the demonstrators: the killing the crowd protests, told before (ACLED codes it
    apart, on its own day)."""
    return any(f.event_type == PROTESTS for f in frames) and not any(
        _DEMONSTRATORS.search(c.subject or "") for c in killed
    )


def _acted_by_forces(trig: Trigger, actors: Sequence[ActorMention], text: str) -> bool:
    initiator = _initiator(trig, actors, text)
    return initiator is not None and initiator.info.kind in _FORCES


def _crowd_protests(
    trig: Trigger, actors: Sequence[ActorMention], text: str, clause: Segment, end: int
) -> bool:
    """Whether a crowd's action ("gathered", "blocked the road") is a protest: people act
    and say what for, or people with no armed group among them act; armed forces that
    gather or block a road protest only when they say what for ("police officers gathered
    to demand a pay rise")."""
    purpose = cues.PURPOSE.search(text, trig.end, min(end, trig.end + 200))
    initiator = _initiator(trig, actors, text)
    if initiator is not None and initiator.info.kind in _FORCES:
        return purpose is not None and purpose.group().lower() != "against"
    return purpose is not None or bool(cues.CROWD_NOUNS.search(text, clause.start, trig.end))


def _armed(a: ActorMention) -> bool:
    return a.info.kind not in {ActorKind.CIVILIANS, ActorKind.PROTESTERS, ActorKind.RIOTERS}


def _initiator(trig: Trigger, actors: Sequence[ActorMention], text: str) -> ActorMention | None:
    if trig.label:
        return next((a for a in actors if _armed(a)), None)
    if trig.event_type in {EXPLOSIONS, BATTLES}:
        # "Russian warplanes struck", "the Syrian Air Force destroyed": the event word
        # opens with its author, or inside the author's name
        opening = next((a for a in actors if a.span.start <= trig.start < a.span.end), None)
        if opening is not None and _armed(opening):
            return opening
    after = [a for a in actors if a.span.start >= trig.end]
    before = [a for a in actors if a.span.end <= trig.start]
    if after and (
        _PASSIVE_BY.match(text[trig.end : after[0].span.start])
        # "warplanes of the Syrian regime", "helicopters belonging to the army": theirs
        or (
            _AIRCRAFT.search(trig.text) and _OWNED_BY.fullmatch(text, trig.end, after[0].span.start)
        )
        or _FELL_TO.search(trig.text)
    ):
        return after[0]
    if before:
        # the subject right before the event word, the first of its conjuncts leading
        return _conjunct_groups(before, text)[-1][0]
    return None


# "regime forces and Iranian-backed militias clashed with ...", "Russian or Syrian jets
# struck ...": the subject's conjuncts
_COORDINATOR = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and/or|and|or)\s+)(?:the\s+)?")


def _conjunct_groups(actors: Sequence[ActorMention], text: str) -> list[list[ActorMention]]:
    """The actors in runs joined by "and", "or" or commas ("X and Y clashed with Z": [X, Y],
    [Z]), in text order."""
    groups: list[list[ActorMention]] = []
    for a in actors:
        last = groups[-1][-1] if groups else None
        if (
            last is not None
            and last.span.end <= a.span.start
            and _COORDINATOR.fullmatch(text, last.span.end, a.span.start)
        ):
            groups[-1].append(a)
        else:
            groups.append([a])
    return groups


def _allies(initiator: str, actors: Sequence[ActorMention], text: str) -> set[str]:
    """The initiator's conjuncts, its allies (ACLED's associated actors), not its target:
    the actors joined by "and", "or" or commas to a mention of it, wherever it stands
    ("regime forces and Hezbollah attacked", "Russian or Syrian warplanes struck",
    "an offensive by regime forces" after "both Russian and Syrian warplanes")."""
    allies: set[str] = set()
    for group in _conjunct_groups(actors, text):
        names = {m.canonical for m in group}
        if initiator in names:
            allies |= names
    return allies - {initiator}


# the victims named right after the event word are armed men ("executed two captured
# soldiers", "shot dead a policeman")
_FIGHTERS_AFTER = re.compile(
    r"(?:\W+\w+){0,4}?\W+(?:fighters?|soldiers?|troops|militants?|rebels?|jihadists?|"
    r"insurgents?|militiam[ae]n|combatants|servicem[ae]n|policem[ae]n|police(?:\s+officers?)?|"
    r"prisoners of war)\b",
    _I,
)
_EXECUTION = re.compile(r"(?:\w+\s+)?execut", _I)


# a quotation a crowd carries or chants: '"Idlib is being slaughtered," read one banner',
# 'banners reading "Stop the massacre"'
_BANNERS = r"banners?|signs?|placards?|posters?|slogans?"
_QUOTED = re.compile(r"[\"“]([^\"“”]{3,200})[\"”]")
_SLOGAN_AFTER = re.compile(
    r"\s*,?\s*(?:read|reads|said|says)\s+(?:one|a|the|another|their|some)\s+(?:\w+\s+)?"
    rf"(?:{_BANNERS}|graffiti)\b|\s*,?\s*(?:chanted|chant|shouted)\b",
    _I,
)
_SLOGAN_BEFORE = re.compile(
    rf"\b(?:{_BANNERS}|chant(?:ed|ing|s)?|shout(?:ed|ing))"
    r"\s+(?:(?:reading|that\s+read|saying|such\s+as)\s*)?[:,]?\s*$",
    _I,
)
_SLOGAN_NOUN = GatedSearch(re.compile(rf"\b(?:{_BANNERS})"))
# (a short quotation's marks are blanked before reading: "banners reading Stop the bombing")
_SLOGAN_LEAD = re.compile(
    rf"\b(?:{_BANNERS})\s+(?:reading|that\s+read|saying)\s*[:,]?\s*\W?(?:[\w'’-]+\W+){{0,8}}$",
    _I,
)


def _in_slogan(text: str, t: Trigger, sentence: Segment) -> bool:
    """Whether a trigger is inside a quotation that a crowd carries or chants."""
    if _SLOGAN_LEAD.search(text, max(sentence.start, t.start - 90), t.start):
        return True
    if '"' not in sentence.text and "“" not in sentence.text:
        return False
    for q in _QUOTED.finditer(text, sentence.start, sentence.end):
        if q.start(1) <= t.start < q.end(1):
            return bool(
                _SLOGAN_AFTER.match(text, q.end(), sentence.end)
                or _SLOGAN_BEFORE.search(text, max(sentence.start, q.start() - 40), q.start())
            )
    return False


_BLAMED_FOR = re.compile(
    r"\b(?:blam|accus|held|hold)\w*\b[^.;]{0,80}?\b(?:for|of)\s+"
    r"(?:the|this|that|these|those)\s+(?:[\w-]+\s+){0,2}$"
)
_IN_PROTEST = re.compile(r"in protest\b")


def _done_in_protest(
    triggers: Sequence[Trigger], low: str, start: int, tail: re.Match[str]
) -> list[Trigger]:
    """What a crowd does "in protest" is the protest ("traders shut their shops in protest
    against the new tax", "workers downed tools in protest over unpaid wages"): the tail's
    protest word, when the clause before it tells no event of its own and names a crowd."""
    if not _IN_PROTEST.match(low, tail.start()) or not cues.CROWD_NOUNS.search(
        low, start, tail.start()
    ):
        return []
    return [t for t in triggers if t.start >= tail.start() and t.event_type == PROTESTS][:1]


# an actor that only tells ("the opposition said 1300 people were killed"), not one that
# tells what it did or suffered ("the army said it killed 20 militants", "said one of its
# soldiers was killed", "IS claimed responsibility", "the army announced an operation"),
# nor the doer of a quote's attribution turned round ("... by Nusra Front, said Abu Omar")
_ONLY_TELLS = re.compile(
    r"\s*(?:,[^.;:!?\"“”\n]{1,100}?,\s*)?(?:(?:also|later|earlier|has|have|had)\s+)*"
    r"(?:said|says|stated|reported)(?:\s+on\s+\w+)?(?:\s+in\s+a\s+statement)?[\s,]+"
    r"(?:that\s+)?(?!(?:[\w'’-]+\s+){0,3}?(?:it|they|its|their|we|our|us|them)\b)"
    r"(?![A-Z][\w'’-]+\s+[A-Z])"
)
# a headline's speaker: "Syrian opposition: 1300 killed in chemical attack"
_HEADLINE_SPEAKER = re.compile(r"\s*:\s")


def _without_speakers(
    text: str,
    actors: Sequence[ActorMention],
    claimants: Sequence[ClaimantMention],
    sentence: Segment,
) -> list[ActorMention]:
    """The clause's actors without those that are only its source of what others did."""
    speaking = {(c.span.start, c.span.end) for c in claimants if c.kind is ClaimantKind.ACTOR}
    return [
        a
        for a in actors
        if not (
            ((a.span.start, a.span.end) in speaking and _ONLY_TELLS.match(text, a.span.end))
            or (
                not text[sentence.start : a.span.start].strip(' "“')
                and _HEADLINE_SPEAKER.match(text, a.span.end)
            )
        )
    ]


def _mob_on_people(frame: Frame, hurt: str | None, low: str) -> bool:
    """A mob's violence on people ("beat up a man", "lynched two suspected thieves", or
    civilians among its dead or wounded): ACLED's second actor is then the civilians."""
    if any(_FIGHT.match(t.text) for t in frame.triggers):
        return False  # two crowds fight: ACLED names the rioters on both sides
    if hurt is not None:
        return hurt == "civilians"
    acts = [t for t in frame.triggers if not _MOB.fullmatch(t.text)]  # "a mob of villagers"
    return bool(acts) and _PEOPLE_AFTER.match(low, acts[0].end) is not None


_MOB = re.compile(r"(?:angry\s+)?mobs?", _I)
_FIGHT = re.compile(r"(?:\w+\s+)?(?:clash|fight|brawl|scuffle)", _I)
_PEOPLE_AFTER = re.compile(
    r"(?:\s+[\w'’-]+){0,4}?\s+(?:him|her|them|man|woman|men|women|boys?|girls?|child|children|"
    r"persons?|people|suspects?|thie(?:f|ves)|youths?|teenagers?|minors?|drivers?|traders?|"
    r"vendors?|herders?|pastoralists?|farmers?|students?|teachers?|journalists?|residents?|"
    r"villagers|couple|family|relatives?|husband|wife|son|daughter)\b"
)


# ACLED's second actor of these, when no other is named, is the civilians they were done to
# ("police arrested three men", "soldiers looted shops")
_DONE_TO_CIVILIANS = frozenset({"Arrests", "Looting/property destruction"})
_ALWAYS_CIVILIANS = frozenset({"Abduction/forced disappearance", "Sexual violence"})


def _civilians_suffer(frame: Frame, victims: str | None, text: str, clause: Segment) -> bool:
    """Whether violence against civilians, an arrest or looting is done to civilians,
    ACLED's second actor for them: always for abductions and sexual violence; otherwise
    unless the clause tells that the victims fought ("executed two captured soldiers",
    "arrested three militants"), or tells an execution without saying whom (ACLED's summary
    executions of captured fighters)."""
    if frame.sub_event_type in _ALWAYS_CIVILIANS or victims == "civilians":
        return True
    if victims == "fighters":
        return False
    sub = frame.sub_event_type
    t = next((t for t in frame.triggers if t.sub_event_type == sub), frame.triggers[0])
    if _FIGHTERS_AFTER.match(text, t.end, clause.end):
        return False
    return not _EXECUTION.match(t.text)


def _victims(casualties: Sequence[CasualtyMention], clause_text: str) -> str | None:
    subjects = " ".join(c.subject or "" for c in casualties)
    if subjects and _CIVILIAN_WORDS.search(subjects) and not _FIGHTER_WORDS.search(subjects):
        return "civilians"
    if subjects and _FIGHTER_WORDS.search(subjects):
        return "fighters"
    if re.search(r"\bcivilians?\b", clause_text, _I):
        return "civilians"
    return None


def _without_displaced_generics(
    frame: Frame, actors: Sequence[ActorMention], start: int
) -> list[ActorMention]:
    """A generic word ("militants", "gunmen", "terrorists") gives way to an armed group the
    clause names on the same side of the event word ("gunmen, believed to be ISIS members,
    attacked"); the victims ("rebels shelled X, killing 3 civilians") and the other side
    ("militants attacked an army post", "soldiers defused an IED planted by JNIM
    militants") leave it the actor it is. Beside a protest or a riot any name wins ("a
    rally of the opposition": no armed men)."""
    if frame.event_type in {PROTESTS, RIOTS}:
        # a crowd's organisers are no armed group the tables missed ("members of the
        # Evita Movement protested"): ACLED's actor is the protesters
        actors = [a for a in actors if a.info.source != UNKNOWN_GROUP_SOURCE]
        return [a for a in actors if not a.generic] or actors
    named_sides = {a.span.start < start for a in actors if not a.generic and _armed(a)}
    return [a for a in actors if not (a.generic and (a.span.start < start) in named_sides)]


# "the opposition accused government forces of ...", "activists blamed the regime for ...",
# "held the regime responsible": the accuser tells, the accused acts
_ACCUSES = re.compile(
    r"\s+(?:(?:has|have|had|also|again)\s+)*(?:accused|accuses|accusing|blamed|blames|blaming|"
    r"(?P<held>held|holds|holding))\s+(?:the\s+)?",
    _I,
)
# "held X responsible" (not "held X captive", "held X's positions")
_RESPONSIBLE = re.compile(r"\s+(?:fully\s+)?responsible\b", _I)


def _without_accusers(actors: Sequence[ActorMention], text: str) -> list[ActorMention]:
    if not actors:
        return []
    return [
        a
        for a, nxt in zip(actors, [*actors[1:], None], strict=True)
        if nxt is None or not _accuses(text, a, nxt)
    ]


def _accuses(text: str, accuser: ActorMention, accused: ActorMention) -> bool:
    m = _ACCUSES.fullmatch(text, accuser.span.end, accused.span.start)
    return m is not None and (
        m.group("held") is None or _RESPONSIBLE.match(text, accused.span.end) is not None
    )


def _assign_actors(frame: Frame, clause_actors: Sequence[ActorMention], text: str) -> None:
    """Initiator first; the target after the trigger or after "between X and"."""
    # ACLED's label opens the note ("Other: On 22 June 2022, JNIM militants chased away
    # farmers"): the event word of the sentence tells the roles, else its subject acts
    trig = next((t for t in frame.triggers if not t.label), frame.triggers[0])
    actors = _without_accusers(_without_displaced_generics(frame, clause_actors, trig.start), text)
    frame.actors = actors
    if not actors:
        return
    names: list[str] = []
    for a in actors:
        if a.canonical not in names:
            names.append(a.canonical)
    between = [a for a in actors if _BETWEEN.search(text[max(0, a.span.start - 12) : a.span.start])]
    if between:
        idx = actors.index(between[0])
        pair = [a.canonical for a in actors[idx:]]
        uniq = list(dict.fromkeys(pair))
        frame.initiator = uniq[0]
        frame.target = uniq[1] if len(uniq) > 1 else None
        return
    init = _initiator(trig, actors, text)
    allies: set[str] = set()
    if init is not None:
        frame.initiator = init.canonical
        allies = _allies(init.canonical, actors, text)
    rest = [n for n in names if n != frame.initiator and n not in allies]
    frame.target = rest[0] if rest else None
    if frame.initiator is None and frame.target is not None and _acts(frame, actors):
        frame.initiator, frame.target = frame.target, None


def _acts(frame: Frame, actors: Sequence[ActorMention]) -> bool:
    """Whether the one side a frame names is its author: always in a battle; in violence
    against civilians when it is armed ("a man was shot dead in his shop by armed men")."""
    if frame.event_type == BATTLES:
        return True
    return frame.event_type == VIOLENCE_AGAINST_CIVILIANS and any(
        a.canonical == frame.target and a.info.kind in _FORCES for a in actors
    )


def read_document(
    text: str,
    *,
    published: dt.date | None,
    geocoder: Geocoder,
    actors: ActorTable,
    country: str,
    capital: str | None = None,
) -> DocumentReading:
    reading = DocumentReading()
    title = text[:1000].lstrip().split("\n", 1)[0].strip()  # the first line (a title is short)
    every = [s for s in (_without_teasers(s, title) for s in sentences(text)) if s is not None]
    # a headline or a one-line item is all there is: read it as prose
    # (ACLED's closing "3 fatalities." is short, but it is part of the story)
    prose = [s for s in every if s.prose or _BARE_TOLL.fullmatch(s.text)] or every
    # places in a dateline ("BEIRUT (Reuters) -", "Damascus, SANA -") say where the
    # report was filed, not where anything happened
    skip_until = -1
    if prose:
        pos = prose[0].start
        for _ in range(2):  # "SMART – Aleppo countryside: ..." has two parts
            dateline = _DATELINE.match(text, pos)
            if dateline is None or len(dateline.group().split()) > 6:
                break
            skip_until = pos = dateline.end()
    theatres = actors.theatres(text)
    mentions = [m for m in geocoder.mentions(text, theatres=theatres) if m.span.start >= skip_until]
    mentions = sorted(
        [*mentions, *_capital_mentions(text, skip_until, geocoder, capital, country)],
        key=lambda m: m.span.start,
    )
    reading.main_area = _main_area(mentions, geocoder, country)
    if reading.main_area is None and len(theatres) == 1:
        # a report that names no place it can resolve, about a group that fights in one
        # country ("Al Shabaab militants overran a base in Lower Shabelle"): that country
        (theatre,) = theatres
        reading.main_area = geocoder.country_place(theatre)
    triggers = _labelled([t for s in prose for t in find_triggers(text, start=s.start, end=s.end)])
    home = any(
        m.place is not None
        and m.place.country == country
        and m.place.geo_precision < GeoPrecision.COUNTRY
        for m in mentions
    )
    area = reading.main_area
    if not home and area is not None and area.country and area.country != country:
        # a report about another country: its own army and police ("the army" in a note
        # about Baghdad is Iraq's), when a table gives its local names
        actors = actors.for_country(area.country)
    reading.actors = actors
    tag = _SIZE_TAG.search(text)
    reading.crowd_note = tag is not None
    coded = _CODED_FATALITIES.search(text) if "coded" in text else None
    if coded is not None:
        n = coded.group("n") or coded.group("m")
        span = Span(start=coded.start(), end=coded.end(), text=coded.group(), role="fatalities")
        reading.coded_fatalities = (int(n), span)
    ctx = _Context(
        crowd_note=reading.crowd_note,
        foreign=not home,
        cue_text=_mask_months(text),
        skip_until=skip_until,
        mention_starts=[m.span.start for m in mentions],
        triggers=triggers,
        trigger_starts=[t.start for t in triggers],
    )
    for number, sentence in enumerate(prose):
        _read_sentence(
            text,
            Segment(  # (not dataclasses.replace: this runs for every sentence)
                start=sentence.start,
                end=sentence.end,
                text=sentence.text,
                paragraph=sentence.paragraph,
                index=number,
                prose=sentence.prose,
            ),
            published=published,
            mentions=mentions,
            actors=actors,
            geocoder=geocoder,
            country=country,
            ctx=ctx,
            reading=reading,
        )
    if not reading.frames and tag is not None:
        reading.frames.append(_tagged_demonstration(text, tag, mentions, published, ctx))
    if any(f.event_type in {PROTESTS, RIOTS} for f in reading.frames):
        # officials in a crowd join its event (assemble: their government is associated)
        reading.officials = find_participating_officials(text, prose)
    return reading


# the place nouns after a generic actor word that make it a place's owner ("rebel areas")
_WHOSE_PLACE = re.compile(
    r"\s+(?:areas?|territor(?:y|ies)|strongholds?|enclaves?|pockets?|districts?|"
    r"neighbou?rhoods?|towns?|villages?|cities|regions?|parts? of)\b",
    _I,
)
# ACLED gives a crowd's size only for demonstrations: "[size=several dozen]"
_SIZE_TAG = re.compile(r"\[size=[^\]]{0,80}\]")
# "Fatalities coded as 3 (NRF reported 13 Taliban fatalities)", "coded as 10 fatalities"
_CODED_FATALITIES = re.compile(
    r"\b(?:fatalities|deaths)\s+(?:were\s+|are\s+|have\s+been\s+)?coded\s+as\s+(?P<n>\d{1,6})\b"
    r"|\bcoded\s+as\s+(?P<m>\d{1,6})\s+(?:fatalities|deaths)\b",
    _I,
)


# "(the rebels retook X on Sunday) a day after it was lost to government forces": the
# loss told in the tail is an event of its own, that many days earlier
_LOST_BEFORE = re.compile(
    r"(?P<n>a|one|two|three|\d) (?:days?|weeks?) after (?:it|they) (?:was|were|had been) "
    r"(?P<verb>lost to|taken by|captured by|seized by|overrun by) (?:the )?",
)
_N_DAYS = {"a": 1, "one": 1, "two": 2, "three": 3}


def _lost_before(
    text: str, lost: re.Match[str], frames: Sequence[Frame], actors: Sequence[ActorMention]
) -> list[Frame]:
    main = next(
        (f for f in frames if f.sub_event_type in _TAKEN and f.date.window is not None), None
    )
    taker = next((a for a in actors if a.span.start >= lost.end() - 1), None)
    if main is None or taker is None or main.date.window is None:
        return []
    n = lost.group("n")
    days = int(n) if n.isdigit() else _N_DAYS[n]
    if "week" in lost.group():
        days *= 7
    back = dt.timedelta(days=days)
    w0, w1 = main.date.window
    date = dataclasses.replace(
        main.date,
        date=main.date.date - back if main.date.date else None,
        window=(w0 - back, w1 - back),
    )
    sub = (
        "Government regains territory" if taker.is_state else "Non-state actor overtakes territory"
    )
    span = Span(start=lost.start(), end=lost.end(), text=text[lost.start() : lost.end()])
    trigger = _stand_in(span, BATTLES, sub)
    return [
        Frame(
            event_type=BATTLES,
            sub_event_type=sub,
            triggers=[dataclasses.replace(trigger, weak=False)],
            place=main.place,
            place_span=main.place_span,
            place_from_text=main.place_from_text,
            date=date,
            sentence=main.sentence,
            paragraph=main.paragraph,
            sentence_index=main.sentence_index,
            actors=[taker],
            initiator=taker.canonical,
        )
    ]


_TAKEN = frozenset({"Government regains territory", "Non-state actor overtakes territory"})


def _stand_in(span: Span, event_type: str, sub_event_type: str) -> Trigger:
    """A weak trigger standing for an event no event word tells: the figure of its dead,
    or ACLED's crowd-size tag."""
    return Trigger(
        start=span.start,
        end=span.end,
        text=span.text,
        sub_event_type=sub_event_type,
        event_type=event_type,
        role=Role.FIXED,
        nominal=False,
        weak=True,
        definite=False,
    )


def _tagged_demonstration(
    text: str,
    tag: re.Match[str],
    mentions: Sequence[PlaceMention],
    published: dt.date | None,
    ctx: _Context,
) -> Frame:
    """A note with ACLED's crowd-size tag whose words named no event ("supporters of X
    demanded his release in Tbilisi. [size=no report]"): a peaceful protest, at the note's
    first place and date."""
    span = Span(start=tag.start(), end=tag.end(), text=tag.group())
    place = next((m for m in mentions if m.place is not None and m.span.start < tag.start()), None)
    days = [
        d
        for d in find_dates(text, published=published, end=tag.start())
        if d.kind is DateMentionKind.DAY
    ]
    date = (_frame_date(days[0], displaced=False) if days else None) or _publication_date(published)
    pseudo = _stand_in(span, PROTESTS, "Peaceful protest")
    return Frame(
        event_type=PROTESTS,
        sub_event_type="Peaceful protest",
        triggers=[pseudo],
        place=place.place if place else None,
        place_span=place.span if place else None,
        place_from_text=place is not None,
        date=date,
        sentence=span,
        paragraph=0,
        sentence_index=0,
        initiator="Protesters",
        claimants=list(ctx.claimants),
    )


def _labelled(triggers: list[Trigger]) -> list[Trigger]:
    """A note that opens with ACLED's label ("Looting: On 9 May 2022, ...") tells one event
    of the label's sub-type: the note's other event words are its evidence, not events."""
    if not triggers or not triggers[0].label:
        return triggers
    label = triggers[0]
    return [
        dataclasses.replace(
            t,
            event_type=label.event_type,
            sub_event_type=label.sub_event_type,
            role=Role.FIXED,
            definite=False,
        )
        for t in triggers
    ]


# what makes "May" and "March" months: a day or one of these words before them, or a day
# after them ("On 9 May 2022", "in March", "May 3")
_MONTH_NAME = re.compile(r"May|March")
_DATE_WORDS_BEFORE = frozenset(
    {
        "in",
        "of",
        "on",
        "by",
        "early",
        "late",
        "mid",
        "since",
        "until",
        "last",
        "next",
        "this",
        "during",
    }
)


def _mask_months(text: str) -> str:
    """The text the cues read: "May" and "March" in dates ("On 9 May 2022", "in March")
    are months, not the modal verb or a march, so they are masked (same length).

    Each month name is found by its letters (a literal search) and its neighbours are
    checked in Python: a regular expression with the words before the name would be tried
    at every character of the report."""
    if "May" not in text and "March" not in text:  # most reports: no search needed
        return text
    pieces: list[str] = []
    done = 0
    n = len(text)
    for m in _MONTH_NAME.finditer(text):
        s, e = m.span()
        if _dated_month(text, s, e, n):
            pieces.append(text[done:s])
            pieces.append("x" * (e - s))
            done = e
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _dated_month(text: str, s: int, e: int, n: int) -> bool:
    """Whether the month name at ``text[s:e]`` is dated: a whole word after a day ("9
    May", "1st March") or a date word ("in May", "since March"), or a word start followed
    by a day ("May 3")."""
    if s > 0 and _word_char(text[s - 1]):
        return False
    after = e
    while after < n and text[after].isspace():
        after += 1
    if after > e and after < n and text[after].isdecimal():
        return True  # "May 3"
    if e < n and _word_char(text[e]):
        return False
    j = s
    while j > 0 and text[j - 1].isspace():
        j -= 1
    if j == s or j == 0:
        return False
    if text[j - 1].isdecimal():
        return True  # "9 May"
    if j >= 3 and text[j - 2 : j] in _ORDINAL_ENDS and text[j - 3].isdecimal():
        return True  # "1st March"
    k = j
    while k > 0 and _word_char(text[k - 1]):
        k -= 1
    return text[k:j].lower() in _DATE_WORDS_BEFORE


_ORDINAL_ENDS = frozenset({"st", "nd", "rd", "th"})


# "accused Damascus of that attack": a demonstrative pointing back (not "said that ...")
_DISTAL_BEFORE = re.compile(r"\b(?:that|those)\s+(?:\w+\s+)?$")


# "a landmine left over from previous fighting": where the mine came from; the mine's
# blast is today's event (the fighting is not)
_REMNANT_OF_PAST_LOW = re.compile(
    r"\s+(?:left\s*-?\s*over|leftover|remnants?|remaining|dating\s+back)\s+(?:from|of|to)\s+"
    r"(?:the\s+)?(?:previous|past|earlier|former|prior)\b"
)


# "a source at Aleppo Police Command said", "a military source told SANA": whom the
# source works for, who took no part in the event told
_SOURCE_AT_BEFORE = re.compile(
    r"\bsources?\s+(?:at|in|from|of|within|inside|close\s+to|with)\s+(?:the\s+)?"
    r"(?:[A-Z][\w'’-]*\s+){0,3}$"
)
_SOURCE_AFTER = re.compile(r"(?:\s+[A-Z][\w'’-]*){0,2}\s+sources?\b")


def _source_affiliation(text: str, actor: ActorMention) -> bool:
    """Whether the actor only names the employer of a source of the report."""
    s, e = actor.span.start, actor.span.end
    return (
        _SOURCE_AFTER.match(text, e) is not None
        or _SOURCE_AT_BEFORE.search(text, max(0, s - 60), s) is not None
    )


# "protesters were detained by police", "police arrested several activists": the crowd
# arrested (not "against the arrest of", "the release of those who were arrested")
_ARREST_AGENT_BEFORE = re.compile(
    r"\b(?:police|policemen|officers|forces|authorities|security)(?:\s+[\w-]+){0,2}\s+$", _I
)
_ARREST_AGENT_AFTER = re.compile(
    r"\s+by\s+(?:the\s+)?(?:[\w-]+\s+)?(?:police|policemen|officers|forces|authorities|security)",
    _I,
)
_ARRESTED_CROWD_BEFORE = re.compile(
    r"\b(?:protesters|demonstrators|activists|participants|marchers|strikers|members|people|"
    r"students|teachers|workers|farmers)(?:\s+[\w-]+){0,8}?\s+(?:were|was|had\s+been|have\s+"
    r"been|being)\s+$",
    _I,
)
_ARREST_MOTIVE_BEFORE = re.compile(
    r"\bwho\s+(?:was|were|had\s+been|has\s+been|have\s+been)\s+$", _I
)


def _crowd_arrested(text: str, t: Trigger) -> bool:
    """Whether an arrest told with a demonstration is of the crowd, by force (ACLED: a
    protest with intervention), not the arrest the crowd protests."""
    if t.text.lower() not in {"arrested", "detained"}:
        return False
    before = text[max(0, t.start - 120) : t.start]
    if _ARREST_MOTIVE_BEFORE.search(before):
        return False
    return bool(
        _ARREST_AGENT_BEFORE.search(before)
        or _ARREST_AGENT_AFTER.match(text, t.end)
        or _ARRESTED_CROWD_BEFORE.search(before)
    )


def _mentions_between(
    mentions: Sequence[PlaceMention], starts: Sequence[int], start: int, end: int
) -> Sequence[PlaceMention]:
    """The mentions that start in ``[start, end)`` (``starts``: theirs, sorted): a
    document's every mention for every clause would cost time quadratic in its length."""
    first = bisect.bisect_left(starts, start)
    return mentions[first : bisect.bisect_left(starts, end, lo=first)]


def _read_sentence(
    text: str,
    sentence: Segment,
    *,
    published: dt.date | None,
    mentions: Sequence[PlaceMention],
    actors: ActorTable,
    geocoder: Geocoder,
    country: str,
    ctx: _Context,
    reading: DocumentReading,
) -> None:
    ctx.previous_sentence, ctx.sentence = ctx.sentence, sentence.start
    if sentence.paragraph != ctx.paragraph:
        ctx.paragraph = sentence.paragraph
        ctx.place = None
        ctx.place_span = None
        ctx.date = None
        ctx.claimants = []
        ctx.claimant_spans = []
    sentence_actors = actors.find(text, start=sentence.start, end=sentence.end)
    claimant_mentions = actors.find_claimants(
        text, start=sentence.start, end=sentence.end, actors=sentence_actors
    )
    if claimant_mentions:
        ctx.claimants = list(dict.fromkeys(c.name for c in claimant_mentions))
        ctx.claimant_spans = [c.span for c in claimant_mentions]
    if "source" in sentence.text:
        sentence_actors = [a for a in sentence_actors if not _source_affiliation(text, a)]
    sentence_actors = _without_speakers(text, sentence_actors, claimant_mentions, sentence)
    # "rebel areas", "opposition territory": a generic word that only says whose the place
    # is names no party to what happens there
    sentence_actors = [
        a for a in sentence_actors if not (a.generic and _WHOSE_PLACE.match(text, a.span.end))
    ]
    sentence_actors = name_unknown_groups(
        text,
        sentence_actors,
        _mentions_between(mentions, ctx.mention_starts, sentence.start, sentence.end),
        start=sentence.start,
        end=sentence.end,
    )
    if ctx.paragraph_dates_key != sentence.paragraph:
        # a whole paragraph at once, so "the same day" finds its day in an earlier sentence
        ctx.paragraph_dates_key = sentence.paragraph
        ctx.paragraph_dates = [
            d
            for d in find_dates(
                text, published=published, start=sentence.start, end=_paragraph_end(text, sentence)
            )
            if d.span.start >= ctx.skip_until and not _dateline_date(text, d)
        ]
    sentence_dates = [
        d for d in ctx.paragraph_dates if sentence.start <= d.span.start < sentence.end
    ]
    # list numbers ("group") are per call: make them unique in the document
    sentence_casualties = [
        dataclasses.replace(c, group=sentence.start * 1000 + c.group)
        for c in find_casualties(text, start=sentence.start, end=sentence.end)
    ]
    sentence_span = Span(start=sentence.start, end=sentence.end, text=sentence.text)
    mention_starts = ctx.mention_starts
    # (quotation marks or a banner's word: a slogan may hold event words)
    slogans = (
        '"' in sentence.text
        or "“" in sentence.text
        or _SLOGAN_NOUN.search(lowered(text), sentence.start, sentence.end) is not None
    )
    # a place inside an actor's name is not where anything happened ("Boko Haram", "the
    # Manbij Military Council"); a place's name may hold an actor's ("the Kurds Mountain")
    named = [(a.span.start, a.span.end) for a in sentence_actors]

    def place_candidates(start: int, end: int) -> list[Candidate]:
        found = _mentions_between(mentions, mention_starts, start, end)
        if named:
            found = [
                m for m in found if not any(s <= m.span.start and m.span.end <= e for s, e in named)
            ]
        return candidates(
            text,
            found,
            start=start,
            end=end,
            country=country,
            admin1_of=lambda name: geocoder.admin1_place(name, country=country),
            foreign=ctx.foreign,
        )

    def tolls_of(
        casualties: Sequence[CasualtyMention],
        clause: Segment,
        cands: Sequence[Candidate],
        dates: Sequence[DateMention],
    ) -> list[TollFrame]:
        return [
            _toll(text, c, clause, cands, dates, published, geocoder, country, ctx, sentence_span)
            for c in casualties
        ]

    sentence_frames: list[Frame] = []
    pending: list[
        tuple[
            Segment,
            list[CasualtyMention],
            list[Candidate],
            list[ActorMention],
            list[DateMention],
            str | None,
        ]
    ] = []
    prev_clause_place: tuple[Place, Span] | None = None
    for clause in (
        piece
        for whole in clauses(sentence)
        for piece in _new_subjects(text, whole, ctx, sentence_casualties)
    ):
        lo, hi = clause.start, clause.end
        c_dates = [d for d in sentence_dates if lo <= d.span.start < hi]
        c_actors = [a for a in sentence_actors if lo <= a.span.start < hi]
        c_cas = [
            c
            for c in sentence_casualties
            if lo <= c.span.start < hi
            and (
                c.update
                or c.span.text.lower().startswith(
                    ("death toll", "toll")
                )  # "put the death toll at 16"
                or not _DEFINITE_FIGURE.search(text[max(0, c.span.start - 8) : c.span.start])
            )
        ]
        i = bisect.bisect_left(ctx.trigger_starts, lo)
        j = bisect.bisect_left(ctx.trigger_starts, hi)
        # a clause of thousands of event words ("Airstrike Airstrike ...") is read for its
        # first ones only: the cues per trigger would otherwise cost quadratic time
        all_triggers = [t for t in ctx.triggers[i:j] if t.end <= hi][:_MAX_CLAUSE_TRIGGERS]
        if not all_triggers and not any(c.kind is CasualtyKind.KILLED for c in c_cas):
            # nothing happens in this clause: it may still name the place of what follows
            if _has_mention(mention_starts, lo, hi):
                cands = place_candidates(lo, hi)
                _remember_place(ctx, cands, clause, prev_clause_place)
                if cands:
                    best = max(cands, key=lambda c: c.score)
                    prev_clause_place = (best.place, best.mention.span)
            continue
        # a background tail ("... over the deaths of 41 children in a bombing") is cut off
        low = lowered(ctx.cue_text)
        tail = _BACKGROUND_TAIL_LOW.search(low, clause.start, clause.end)
        main_start, main_end = clause.start, tail.start() if tail else clause.end
        if tail is not None and not low[clause.start : tail.start()].strip(' ,"“'):
            # a fronted cause ("In retaliation for the Ghouta shelling, rebels fired rockets
            # on Damascus"): the clause goes on after the cause's event word
            main_start = _after_fronted_cause(text, ctx, tail.end())
            main_end = clause.end
            tail = _BACKGROUND_TAIL_LOW.search(low, main_start, clause.end)
            if tail is not None:
                main_end = tail.start()
        c_cas = [c for c in c_cas if main_start <= c.span.start < main_end]
        c_dates = [d for d in c_dates if d.span.start < main_end]
        c_mentions = _mentions_between(mentions, mention_starts, max(0, lo - 80), hi)
        triggers = [
            t
            for t in all_triggers
            if main_start <= t.start < main_end
            # "a mob" names the rioters and tells what they did
            and (t.sub_event_type == "Mob violence" or not _inside_names(t, c_actors, c_mentions))
            and not (slogans and _in_slogan(text, t, sentence))
        ]
        if not triggers and tail is not None:
            triggers = _done_in_protest(all_triggers, low, main_start, tail)
        if (
            triggers
            and any(c.aggregate for c in c_cas)
            and _one_battle_since(text, clause, c_dates, published)
        ):
            c_cas = [dataclasses.replace(c, aggregate=False) for c in c_cas]
        killed = [c for c in c_cas if c.kind is CasualtyKind.KILLED]
        period = _period_figures(c_dates, low, clause.start, main_end)
        aggregate = [
            c
            for c in killed
            if period
            or _spans_period(c, c_dates)
            or _aggregate_scope(text, c, clause)
            or _campaign_total(c, low, clause, c_dates)
            or (
                (c.aggregate or cues.WEAK_AGGREGATE.search(text, clause.start, clause.end))
                and not triggers
            )
        ]
        cands = place_candidates(main_start, main_end)
        if aggregate:
            reading.tolls.extend(tolls_of(aggregate, clause, cands, c_dates))
            ctx.toll_at = sentence.start
            continue
        if (
            not triggers
            and killed
            and all(c.subset for c in killed)
            and ctx.toll_at in (sentence.start, ctx.previous_sentence)
        ):
            continue  # "Among those killed were 105 children": a part of the toll just told
        if not triggers and not killed:
            _remember_place(ctx, cands, clause, prev_clause_place)
            if cands:
                best = max(cands, key=lambda c: c.score)
                prev_clause_place = (best.place, best.mention.span)
            continue
        kept: list[Trigger] = []
        # a campaign "for 4 months" is no event, unless the sentence names the day of one
        protracted = (
            bool(triggers)
            and _protracted(low, clause.start, main_end)
            and not any(
                d.kind is DateMentionKind.DAY and d.basis is DateBasis.EXPLICIT
                for d in sentence_dates
            )
        )
        if protracted:
            # "continuous clashes", "a month-long offensive" make only their own event word a
            # campaign ("Helicopters bomb Morek and continuous clashes in Ain Issa"); "for
            # weeks", "since the start" make the whole clause one
            spans = [m.span() for m in _PROTRACTED_PLAIN.finditer(low, clause.start, main_end)]
            own = [(a, b) for a, b in spans if any(a <= t.start < b for t in triggers)]
            if len(own) < len(spans):
                own = [(clause.start, main_end)]
        for t in triggers:
            if protracted and any(a <= t.start < b for a, b in own):
                continue
            if published is not None and _past_year(
                text[clause.start : _predicate_end(text, t.end, main_end)], published
            ):
                ctx.background_at = sentence.start
                continue
            before = ctx.cue_text[max(lo, t.start - 150) : t.start]
            # one search tells whether any of the look-back cues can apply
            if _ANY_BEFORE_LOW.search(low, max(lo, t.start - 150), t.start):
                if cues.HISTORY.search(before) or (
                    cues.PLUPERFECT.search(before)
                    and not cues.REPORTED_SPEECH.search(text, sentence.start, t.start)
                ):
                    ctx.background_at = sentence.start
                    continue
                if cues.NEGATION.search(before) or cues.MODAL.search(before):
                    continue
            if _DIRECT_NEGATION_LOW.search(low[max(clause.start, t.start - 25) : t.start]):
                continue
            if (
                _HISTORY_LOW.search(low, t.end, min(t.end + 25, len(low)))
                and not _REMNANT_OF_PAST_LOW.match(low, t.end)
            ) or _LONG_AGO_LOW.search(low, t.end, main_end):
                ctx.background_at = sentence.start
                continue
            if (
                t.definite
                and ctx.background_at in (sentence.start, ctx.previous_sentence)
                and _DISTAL_BEFORE.search(low, max(lo, t.start - 30), t.start)
            ):
                ctx.pointed_back_at = sentence.start
                continue  # "that attack": the one just told as background
            if (
                t.definite
                and _BLAMED_FOR.search(low, max(lo, t.start - 120), t.start)
                and not any(
                    f.paragraph == sentence.paragraph and _can_kill(f)
                    for f in (*reading.frames, *sentence_frames)
                )
            ):
                # "Ankara blamed regime forces for the attack": an attack told before, as
                # background (none of the paragraph's events), is no new one
                continue
            if _SPECULATIVE_LOW.search(low, t.end, _predicate_end(text, t.end, main_end)):
                continue
            if t.role is Role.CROWD and not _crowd_protests(
                t, c_actors, text, clause, sentence.end
            ):
                continue
            if t.role is Role.RIOT and (
                (
                    not ctx.crowd_note
                    and not _DEMONSTRATION.search(text, max(0, t.start - 400), t.end + 200)
                    and not _THROWN_AT.match(text, t.end, main_end)
                )
                or _acted_by_forces(t, c_actors, text)
            ):
                # "residents burned tyres to hide from the jets" is no riot; "locals pelted
                # stones at the police" is mob violence, with or without a demonstration
                continue
            if t.role is Role.TERRITORY and not (
                _TERRITORY_OBJECT.match(text[t.end : t.end + 80])
                or _NAMED_OBJECT.match(text, t.end)
                or any(
                    c.mention.span.start >= t.end and c.mention.span.start - t.end < 60
                    for c in cands
                )
                or (
                    # the passive names what changed hands before it: "the camp fell to
                    # government forces", "Handarat was lost to the army"
                    _PASSIVE_TERRITORY.match(t.text)
                    # (to an armed actor: "the pound fell to a record low" changes no hands)
                    and any(0 <= a.span.start - t.end < 25 for a in c_actors)
                    and (
                        _TERRITORY_SUBJECT.search(low, max(clause.start, t.start - 60), t.start)
                        or any(0 <= t.start - c.mention.span.end < 60 for c in cands)
                    )
                )
            ):
                continue
            kept.append(t)
        if not kept and (not killed or ctx.pointed_back_at == sentence.start):
            # ("that attack, which killed 90": the dead of the background event too)
            _remember_place(ctx, cands, clause, prev_clause_place)
            continue
        victims = _victims(killed, clause.text)
        # explosions absorb generic "attack" triggers of the same clause; a battle absorbs
        # the shelling that accompanies it ("clashes accompanied by mutual shelling")
        if any(t.event_type == EXPLOSIONS for t in kept):
            kept = [t for t in kept if t.role is not Role.ATTACK]
        if any(t.event_type == BATTLES and t.role is not Role.ATTACK for t in kept):
            kept = [t for t in kept if t.sub_event_type != "Shelling/artillery/missile attack"]
        # a patrol, reinforcements or a siege told with violence in the same clause are its
        # setting ("an IED exploded near a military patrol"), not a development of their own
        if any(t.event_type in _VIOLENT for t in kept):
            kept = [t for t in kept if not (t.nominal and t.sub_event_type == "Other")]
        # intercepted missiles are disrupted weapons use, not strikes
        if any(t.sub_event_type == "Disrupted weapons use" for t in kept):
            kept = [t for t in kept if t.event_type != EXPLOSIONS]
        # arrests and dispersal during a protest are the protest's intervention; a detention
        # that ends in killing, torture or rape is that violence
        if any(t.event_type == PROTESTS for t in kept):
            if any(t.role is Role.ARREST and _crowd_arrested(text, t) for t in kept):
                kept = [
                    dataclasses.replace(t, sub_event_type="Protest with intervention")
                    if t.sub_event_type == "Peaceful protest"
                    else t
                    for t in kept
                ]
            kept = [t for t in kept if t.role is not Role.ARREST]
        if any(t.sub_event_type in {"Attack", "Sexual violence"} for t in kept):
            kept = [t for t in kept if t.role is not Role.ARREST]
        kept = [_force_anaphora(t, text) for t in kept]
        dated: list[tuple[Trigger, FrameDate]] = []
        for t in kept:
            fd = _trigger_date(t, c_dates, sentence_dates, text, published, ctx)
            if fd is not None and fd.window and (fd.window[1] - fd.window[0]).days > 31:
                continue  # "this year", "in 2019": too vague to be one event
            if fd is not None:
                dated.append((t, fd))
        frames = _frames_for_clause(
            text,
            clause,
            dated,
            cands,
            c_actors,
            victims=victims,
            # who suffered, for ACLED's second actor: the dead, else the wounded ("a bomb
            # wounded two boys")
            hurt=victims
            or _victims([c for c in c_cas if c.kind is CasualtyKind.INJURED], clause.text),
            ctx=ctx,
            prev_clause_place=prev_clause_place,
            geocoder=geocoder,
            country=country,
            sentence_span=sentence_span,
        )
        if tail is not None and (lost := _LOST_BEFORE.match(low, tail.start(), clause.end)):
            frames.extend(_lost_before(text, lost, frames, c_actors))
        for f in frames:
            f.claimants = list(ctx.claimants)
            f.claimant_spans = list(ctx.claimant_spans)
        # casualties: each to the nearest frame before it in the clause (else the first)
        updates = [c for c in killed if c.update]
        plain = [c for c in killed if not c.update]
        # deaths belong to violent events: a truce, a withdrawal or a peaceful protest has none
        fatal = [f for f in frames if _can_kill(f)]
        if fatal:
            for c in plain:
                _nearest(fatal, c, text).casualties.append(c)
            for c in updates:
                _nearest(fatal, c, text).updates.append(c)
        elif killed:
            # casualties with no trigger of their own: the sentence's last event; else the
            # event a later clause tells ("Ten were killed in Duma, as warplanes raided ...")
            earlier = [f for f in sentence_frames if _can_kill(f)]
            if earlier:
                _attach(earlier[-1], plain, updates, c_actors, cands, text)
            else:
                pending.append((clause, killed, cands, c_actors, c_dates, victims))
        for f in frames:
            if f.place is not None:
                ctx.place, ctx.place_span = f.place, f.place_span
                if f.place_from_text:
                    ctx.doc_place, ctx.doc_place_span = f.place, f.place_span
                    ctx.doc_date = f.date if f.date.from_text else None
                    prev_clause_place = (
                        (f.place, f.place_span) if f.place_span else prev_clause_place
                    )
            if f.date.from_text and (
                _can_kill(f)
                or not any(_can_kill(g) and g.date.from_text for g in (*sentence_frames, *frames))
            ):
                # (what a deal or a withdrawal told beside a killing is dated by does not
                # date the sentences after it: "a blast on Saturday killed people evacuated
                # the day before in a deal")
                ctx.date = f.date
        sentence_frames.extend(frames)
        if not frames:
            _remember_place(ctx, cands, clause, prev_clause_place)
    for clause, killed, cands, c_actors, c_dates, victims in pending:
        plain = [c for c in killed if not c.update]
        updates = [c for c in killed if c.update]
        if (
            not updates
            and (pairs := _by_place(plain, cands, clause.end)) is not None
            and (told := _last_violent([*reading.frames, *sentence_frames], clause.paragraph))
            is not None
        ):
            # "30 militants were killed around Shadadi and another five outside Kobane":
            # the event just told, place by place
            sentence_frames.extend(
                _told_again_at(told, [c], clause, sentence_span, ctx, place=place)
                for c, place in pairs
            )
            continue
        later = [
            f for f in sentence_frames if _can_kill(f) and _same_place(_finest(cands), f.place)
        ]
        if later:
            _attach(later[0], plain, updates, c_actors, cands, text)
        elif _protested_deaths(killed, sentence_frames):
            continue  # "relatives of a man who was killed protested": what they protest
        elif sum(c.count.low for c in plain) >= _EVENT_DEATHS_LIMIT:
            # "hundreds of thousands" with no event word: a toll, not an event
            reading.tolls.extend(tolls_of(plain, clause, cands, c_dates))
        elif (
            victims is None
            and not triggers
            and (told := _last_violent(reading.frames, clause.paragraph, _finest(cands)))
            is not None
            and (other_day := _other_day(c_dates, told)) is not None
        ):
            # "Rockets killed three in Damascus on Friday. Six had been killed the previous
            # day": the same kind of event, at the same place, on another day
            sentence_frames.append(
                _told_again_at(told, killed, clause, sentence_span, ctx, day=other_day)
            )
        elif (
            not cands
            and not c_dates
            and (told := _last_violent(reading.frames, clause.paragraph)) is not None
            and _BARE_TOLL.fullmatch(clause.text)
        ):
            # ACLED's closing "3 fatalities." counts the dead of the event just told
            _attach(told, plain, updates, c_actors, cands, text)
        elif (
            not cands
            and (told := _last_violent(reading.frames, clause.paragraph)) is not None
            and (
                all(c.subject is None for c in killed)
                or (
                    not c_dates
                    and told.sentence_index == clause.index - 1
                    and not text[clause.start : killed[0].span.start].strip()
                )
            )
        ):
            # "Kurdish police put the death toll at 16": a toll of no one named, at no
            # place of its own, is the toll of the event just told; so are the dead that
            # open the next sentence, at no place or date of their own ("... near Thiban.
            # Two SDF members were killed.")
            _attach(told, plain, updates, c_actors, cands, text)
        else:
            sentence_frames.extend(
                _casualty_frames(
                    text,
                    clause,
                    killed,
                    cands,
                    c_actors,
                    c_dates,
                    victims,
                    published,
                    ctx,
                    sentence_span,
                )
            )
    reading.frames.extend(sentence_frames)


# (on the lower-cased text: several times faster than IGNORECASE)
_PREDICATE_STOP_LOW = GatedSearch(re.compile(r"[,;:]|\b(?:under which|which|who|where|whereby)\b"))


_SINCE_WEEKDAY = re.compile(
    r"since (?:last )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
)


def _one_battle_since(
    text: str, clause: Segment, dates: Sequence[DateMention], published: dt.date | None
) -> bool:
    """ "30 soldiers and 39 rebels had been killed in battles around Al Maleh since Wednesday
    afternoon" (told on Thursday): the dead of one battle of a day or two, not a running
    total; the only aggregate cue is "since <a weekday>" no more than two days back."""
    cues_found = aggregate_cues(text, clause.start, clause.end)
    if not cues_found or not all(_SINCE_WEEKDAY.fullmatch(c) for c in cues_found):
        return False
    days = [d for d in dates if d.kind is DateMentionKind.DAY and d.date is not None]
    return (
        published is not None
        and bool(days)
        and all(0 <= (published - d.date).days <= 2 for d in days if d.date is not None)
    )


def _period_figures(dates: Sequence[DateMention], low: str, start: int, end: int) -> bool:
    """Figures of this clause are for a period, not one event: it is dated by a span
    ("for several months", "since 2018", "in May", "this year") or tells a protracted
    campaign, and names no single day."""
    if any(d.kind is DateMentionKind.DAY for d in dates):
        return False
    return any(_long_span(d) for d in dates) or _protracted(low, start, end)


@functools.lru_cache(maxsize=16)
def _protracted(low: str, start: int, end: int) -> bool:
    """Whether ``low[start:end]`` tells a protracted campaign (asked twice per clause)."""
    return _PROTRACTED_LOW.search(low, start, end) is not None


def _spans_period(c: CasualtyMention, dates: Sequence[DateMention]) -> bool:
    """ "has killed hundreds since late April": a span of time right by the figure."""
    return any(_long_span(d) and -40 <= d.span.start - c.span.end <= 40 for d in dates)


def _long_span(d: DateMention) -> bool:
    """A length of time ("since 2018") or a window of a week or more ("in May")."""
    if d.kind is DateMentionKind.DURATION:
        return True
    return d.window is not None and (d.window[1] - d.window[0]).days >= 7


_BARE_TOLL = re.compile(
    r"\W*(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:fatalit(?:y|ies)|"
    r"(?:people\s+)?(?:were\s+)?(?:killed|dead|deaths?))\W*",
    re.IGNORECASE,
)


def _after_fronted_cause(text: str, ctx: _Context, start: int) -> int:
    """Where the main clause begins after a fronted cause that starts at ``start``: after
    its comma, or (in text that lost its commas) after the cause's event word."""
    comma = text.find(",", start, start + 120)
    if comma >= 0:
        return comma + 1
    i = bisect.bisect_left(ctx.trigger_starts, start)
    if i < len(ctx.triggers) and ctx.triggers[i].start - start < 80:
        return ctx.triggers[i].end
    return start


def _last_violent(
    frames: Sequence[Frame], paragraph: int, place: Candidate | None = None
) -> Frame | None:
    """The last violent event told in this paragraph, at ``place`` when one is given."""
    for f in reversed(frames):
        if f.paragraph != paragraph:
            return None
        if _can_kill(f) and (
            place is None or (f.place is not None and place_key(f.place) == place_key(place.place))
        ):
            return f
    return None


_MAX_CLAUSE_TRIGGERS = 32
_AND = re.compile(r",?\s+and\s+", _I)
# what cannot stand between "and" and the event word of a new clause: a preposition, a
# relative or clause word ("and airstrikes on Idlib"), a figure ("and 4 fighters"), or an
# article still waiting for its noun
_NOT_SUBJECT = re.compile(
    r"(?<![\w-])(?:in|on|at|of|by|with|from|to|into|near|for|against|over|after|before|during"
    r"|since|as|which|who|that|where|when|while)(?![\w-])|\d"
    r"|(?<![\w-])(?:the|a|an|its|their|his|her|this|that|these|those)\s*$",
    _I,
)


def _new_subjects(
    text: str, clause: Segment, ctx: _Context, casualties: Sequence[CasualtyMention]
) -> list[Segment]:
    """A clause cut where "and" starts a new predication with its own subject and verb,
    when each side tells something at a place of its own: "Shelling hit Idlib and IS
    executed two men in Hama" is two events, not each of them at both places."""
    i = bisect.bisect_left(ctx.trigger_starts, clause.start)
    j = bisect.bisect_left(ctx.trigger_starts, clause.end)
    triggers = ctx.triggers[i:j]
    if not triggers:
        return [clause]
    deaths = [c.span.start for c in casualties if c.kind is CasualtyKind.KILLED]
    starts = ctx.mention_starts
    pieces: list[Segment] = []
    lo = clause.start
    for m in _AND.finditer(text, clause.start, clause.end):
        told = any(lo <= t.start and t.end <= m.start() for t in triggers) or any(
            lo <= d < m.start() for d in deaths
        )
        nxt = next((t for t in triggers if t.start >= m.end()), None)
        if not told or nxt is None or not _has_mention(starts, lo, m.start()):
            continue
        subject = text[m.end() : nxt.start]
        if not 1 <= len(subject.split()) <= 5 or _NOT_SUBJECT.search(subject):
            continue
        if nxt.nominal and not nxt.text.lower().endswith("ed"):  # "and fresh clashes"
            continue
        if not _has_mention(starts, nxt.end, clause.end):
            continue
        pieces.append(_piece(text, clause, lo, m.start()))
        lo = m.end()
    if not pieces:
        return [clause]
    pieces.append(_piece(text, clause, lo, clause.end))
    return pieces


def _piece(text: str, clause: Segment, start: int, end: int) -> Segment:
    return dataclasses.replace(clause, start=start, end=end, text=text[start:end])


_VIOLENT = frozenset({BATTLES, EXPLOSIONS, VIOLENCE_AGAINST_CIVILIANS})
_DEADLY_PROTEST = frozenset({"Excessive force against protesters", "Protest with intervention"})


def _can_kill(f: Frame) -> bool:
    """Whether deaths can be this event's: violence, riots, protests met with force."""
    if f.event_type in {BATTLES, EXPLOSIONS, VIOLENCE_AGAINST_CIVILIANS, RIOTS}:
        return True
    return f.event_type == PROTESTS and f.sub_event_type in _DEADLY_PROTEST


def _predicate_end(text: str, start: int, end: int) -> int:
    """Where the trigger's own predicate ends: the next comma or relative clause (at most
    60 characters), so "an agreement was reached, under which gunmen will leave" keeps
    its event while "an offensive could force ..." does not."""
    stop = _PREDICATE_STOP_LOW.search(lowered(text), start, min(end, start + 60))
    return stop.start() if stop else min(end, start + 60)


_CONJUNCTION = re.compile(r"\b(?:after|before|following|since|until|while|when)\b", re.I)
# the hot cues, matched on the lower-cased text (several times faster than IGNORECASE;
# the cue patterns are written in lower case)
# cues.ANY_BEFORE with the \b that begins each of its patterns taken out in front, so that
# BoundarySearch can run it (a match at the same place, of the same alternative)
_LOOK_BACK = (cues.NEGATION, cues.MODAL, cues.HISTORY, cues.PLUPERFECT)
assert all(p.pattern.startswith(r"\b") for p in _LOOK_BACK)
_ANY_BEFORE_LOW = GatedSearch(
    re.compile(r"\b(?:" + "|".join(f"(?:{p.pattern[2:]})" for p in _LOOK_BACK) + ")")
)
_DIRECT_NEGATION_LOW = re.compile(cues.DIRECT_NEGATION.pattern)
_HISTORY_LOW = GatedSearch(re.compile(cues.HISTORY.pattern))
# (searched per clause or trigger: BoundarySearch finds the same matches faster)
_LONG_AGO_LOW = GatedSearch(re.compile(cues.LONG_AGO.pattern))
_SPECULATIVE_LOW = GatedSearch(re.compile(cues.SPECULATIVE.pattern))
_BACKGROUND_TAIL_LOW = BoundarySearch(re.compile(cues.BACKGROUND_TAIL.pattern))
_PROTRACTED_PLAIN = re.compile(cues.PROTRACTED.pattern)
_PROTRACTED_LOW = BoundarySearch(_PROTRACTED_PLAIN)
_AGGREGATE_LOW = GatedSearch(re.compile(cues.AGGREGATE.pattern))
_COUNTRY_WIDE_LOW = GatedSearch(re.compile(cues.COUNTRY_WIDE.pattern))
_PLACE_ANAPHOR_LOW = GatedSearch(re.compile(cues.PLACE_ANAPHOR.pattern))
_YEAR = re.compile(r"\b(?:19[5-9]\d|20\d\d)\b")
_MONTH_BEFORE = re.compile(
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|In|Since|Until|By|From|Of)\.?\s+$"
)


def _past_year(clause_text: str, published: dt.date) -> bool:
    """A year before the publication year in the clause (up to the end of the event's own
    predicate): the clause tells history. A year after a capitalised word is part of a
    name ("Act 2021"), unless the word is a month ("March 2021")."""
    if "19" not in clause_text and "20" not in clause_text:
        return False  # (every year _YEAR matches has one: most clauses need no search)
    for m in _YEAR.finditer(clause_text):
        if int(m.group()) >= published.year:
            continue
        before = clause_text[max(0, m.start() - 12) : m.start()]
        if re.search(r"\b[A-Z][\w.)-]*\s+$", before) and not _MONTH_BEFORE.search(before):
            continue
        return True
    return False


_CAPITAL = re.compile(
    r"\bthe (?:Syrian |country's |nation's )?capital\b(?!\s+(?:of|city of))", re.I
)


def _capital_mentions(
    text: str, start: int, geocoder: Geocoder, capital: str | None, country: str
) -> list[PlaceMention]:
    """ "the capital" names the default country's capital."""
    # most reports say no "capital": no search then ("cap": no letter of it has another
    # case-insensitive match than its capital, unlike the "i", which "ı" matches)
    if not capital or "cap" not in lowered(text):
        return []
    place = None
    out = []
    for m in _CAPITAL.finditer(text, max(0, start)):
        place = place or geocoder.lookup(capital, country=country)
        if place is None:
            return []
        span = Span(start=m.start(), end=m.end(), text=m.group(), role="location")
        out.append(PlaceMention(span=span, name=m.group(), place=place, cue=MentionCue.PLAIN))
    return out


def _main_area(mentions: Sequence[PlaceMention], geocoder: Geocoder, country: str) -> Place | None:
    """The governorate the report names most often: where its unplaced events happened."""
    counts: dict[str, int] = {}
    for m in mentions:
        p = m.place
        if (
            p is not None
            and p.admin1
            and p.country == country
            and p.geo_precision <= GeoPrecision.REGION
        ):
            counts[p.admin1] = counts.get(p.admin1, 0) + 1
    if counts:
        top = max(sorted(counts), key=lambda k: counts[k])
        return geocoder.admin1_place(top, country=country)
    # a report that names no place of the default country: the province, else the country,
    # it names most abroad ("in Roberta (Georgia)" is in the US, not in the default country)
    abroad: dict[tuple[str, str], int] = {}
    for m in mentions:
        p = m.place
        if p is not None and p.country and p.country != country:
            key = (p.country, p.admin1 or "" if p.geo_precision <= GeoPrecision.REGION else "")
            abroad[key] = abroad.get(key, 0) + 1
    if not abroad:
        return None
    where, province = max(sorted(abroad), key=lambda k: (abroad[k], bool(k[1])))
    if province:
        found = geocoder.admin1_place(province, country=where)
        if found is not None:
            return found
    return geocoder.country_place(where)


def _has_mention(starts: Sequence[int], lo: int, hi: int) -> bool:
    i = bisect.bisect_left(starts, lo)
    return i < len(starts) and starts[i] < hi


_LINE_LEAD = re.compile(
    r"(?:(?:published|updated|posted|date of publication|last updated)\s*:?\s*(?:on\s+)?)?"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s*)?",
    re.IGNORECASE,
)


# a news agency's name right before a full date makes it a byline: "AFP Saturday 21 Feb 2015"
_AGENCY_BEFORE = re.compile(
    r"\b(?:AFP|AP|Reuters|SANA|Xinhua|DPA|UPI|ANHA|Sputnik|Anadolu(?: Agency)?|AA|IRNA|KUNA|"
    r"TASS|RIA Novosti|Al[- ]Masdar|Enab Baladi)\s*[-|,:(]?\s*(?:(?:mon|tue|wed|thu|fri|sat|sun)"
    r"[a-z]*\.?,?\s*)?$",
    re.IGNORECASE,
)


# "(updated 1549 28.05.2017)", "Last modified: 10:32 GMT": when the page was written or changed
_STAMP_BEFORE = re.compile(
    r"\b(?:updated|published|posted|modified|edited)\s*:?\s*(?:on\s+|at\s+)?"
    r"(?:\d{1,2}[:.]?\d{2}\s*(?:[ap]\.?m\.?|gmt|utc)?\s*,?\s*(?:on\s+)?)?$",
    re.IGNORECASE,
)


# a web page's list of other stories ("Print Tweet Views 1430 Related Assad says ...",
# "Source AA Related News Death toll rises ..."): headlines of other reports, not this one's
_TEASERS = re.compile(
    r"(?:\bViews\s+\d+|\.\.\.\s*\d*|\b\d+)\s+Related\b|"
    r"\bRelated\s+(?:News|Articles|Stories|Posts|Content|Coverage)\b"
)


# a page's tag line: "Tags Syria Damascus Rebels Douma Ghouta Airstrikes At least 19 ...":
# capitalised words up to the one that starts the next sentence
_TAGS = re.compile(r"\bTags?:?\s+(?:[A-Z][\w'’-]*\s+)+?(?=[A-Z][\w'’-]*\s+[a-z])")


def _without_teasers(sentence: Segment, title: str) -> Segment | None:
    """A sentence without a run of teasers for other stories (None: nothing is left).

    The run ends where the page repeats the report's own title ("Related <teasers>
    <title> - A double bomb attack killed ..."); without that, at the sentence's end."""
    # each pattern holds a literal word: looking for it first spares most regex searches
    tags = _TAGS.search(sentence.text) if "Tag" in sentence.text else None
    if tags is not None:
        rest = sentence.text[tags.end() :]
        if not rest.strip():
            return None
        sentence = dataclasses.replace(sentence, start=sentence.start + tags.end(), text=rest)
    teaser = _TEASERS.search(sentence.text) if "Related" in sentence.text else None
    if teaser is None:
        return sentence
    again = sentence.text.find(title, teaser.end()) if 10 <= len(title) <= 200 else -1
    if again >= 0:
        start = again + len(title)
        while start < len(sentence.text) and sentence.text[start] in " -–—:":
            start += 1
        rest = sentence.text[start:]
        if not rest.strip():
            return None
        return dataclasses.replace(sentence, start=sentence.start + start, text=rest)
    kept = sentence.text[: teaser.start()].rstrip(" .")
    if not kept.strip():
        return None
    return dataclasses.replace(sentence, end=sentence.start + len(kept), text=kept)


def _dateline_date(text: str, d: DateMention) -> bool:
    """A full date that opens a paragraph ("14 Nov 2017 Air strikes ...", "Published
    September 25 2016 ...") is when the report was filed, not when its events happened:
    the events take the publication date (that day or the one before)."""
    if d.kind is not DateMentionKind.DAY or not _YEAR.search(d.span.text):
        return False
    line = text.rfind("\n", 0, d.span.start) + 1
    if _LINE_LEAD.fullmatch(text, line, d.span.start) is not None:
        return True
    # "... Monitor AFP Saturday 21 Feb 2015 Ten children ...": an agency's byline date;
    # "28.05.2017(updated 1549 28.05.2017)": a page's time stamp
    lo = max(line, d.span.start - 30)
    return (
        _AGENCY_BEFORE.search(text, lo, d.span.start) is not None
        or _STAMP_BEFORE.search(text, lo, d.span.start) is not None
    )


def _paragraph_end(text: str, sentence: Segment) -> int:
    """The end of the paragraph ``sentence`` starts: the next blank line or line break."""
    nxt = text.find("\n", sentence.end)
    return len(text) if nxt < 0 else nxt


# deaths beyond this, told with no event word, are a toll ("the war has killed ...")
_EVENT_DEATHS_LIMIT = 1000


def _same_place(own: Candidate | None, place: Place | None) -> bool:
    """Whether figures placed at ``own`` (None: placed nowhere) can belong to an event at
    ``place``: "In Sheikh Maskin, four were killed, while ... clashes in Tafas" cannot."""
    if own is None or place is None:
        return True
    if place_key(own.place) == place_key(place):
        return True
    return within(own.place, place, km=10) or within(place, own.place, km=10)


def _attach(
    target: Frame,
    plain: Sequence[CasualtyMention],
    updates: Sequence[CasualtyMention],
    clause_actors: Sequence[ActorMention],
    cands: Sequence[Candidate],
    text: str,
) -> None:
    """Figures with no event word of their own join ``target``, refining its place."""
    target.casualties.extend(plain)
    target.updates.extend(updates)
    if target.initiator is None and clause_actors:
        _assign_actors(target, [*target.actors, *clause_actors], text)
    finer = _finest(cands)
    if finer is not None and (
        target.place is None
        or (
            finer.place.geo_precision <= target.place.geo_precision
            and within(finer.place, target.place, km=25)
        )
    ):
        target.place = finer.place
        target.place_span = finer.mention.span
        target.place_from_text = True


def _remember_place(
    ctx: _Context, cands: Sequence[Candidate], clause: Segment, prev: tuple[Place, Span] | None
) -> None:
    locs = [c for c in cands if c.locative and not c.weak] or [
        c for c in cands if not c.weak and c.place.geo_precision <= GeoPrecision.REGION
    ]
    if locs:
        best = max(locs, key=lambda c: c.score)
        ctx.place, ctx.place_span = best.place, best.mention.span
        if best.place.geo_precision <= GeoPrecision.NEAR:
            ctx.doc_place, ctx.doc_place_span = best.place, best.mention.span
            ctx.doc_date = None


def _inside_names(
    t: Trigger, actors: Sequence[ActorMention], mentions: Sequence[PlaceMention]
) -> bool:
    return any(a.span.start <= t.start and t.end <= a.span.end for a in actors) or any(
        m.span.start <= t.start and t.end <= m.span.end for m in mentions
    )


def _aggregate_scope(text: str, c: CasualtyMention, clause: Segment) -> bool:
    low = lowered(text)
    return bool(
        _AGGREGATE_LOW.search(
            low, max(clause.start, c.span.start - 120), min(clause.end, c.span.end + 150)
        )
    )


# "at least 502 civilians have been killed in regime and Russian bombings": a running
# total of a campaign, told in the perfect with its acts in the plural
_CAMPAIGN_DEAD_LOW = re.compile(
    r"(?:have|has) been (?:killed|slain)[^.;]{0,60}?\b(?:in|by)\s+(?:[\w-]+\s+){0,4}?"
    r"(?:bombings|raids|air ?strikes|strikes|attacks|bombardments|barrages|clashes|battles)\b"
)
_CAMPAIGN_DEAD_MIN = 100


def _campaign_total(
    c: CasualtyMention, low: str, clause: Segment, dates: Sequence[DateMention]
) -> bool:
    return (
        c.count.low >= _CAMPAIGN_DEAD_MIN
        and not any(d.kind is DateMentionKind.DAY for d in dates)
        and _CAMPAIGN_DEAD_LOW.search(low, c.span.end, min(clause.end, c.span.end + 160))
        is not None
    )


_CAUSE_GAP = re.compile(
    r"\s*(?:\w+\s+){0,4}?(?:in|by|during|from|when|after|as)\s+(?:an?\s+|the\s+|two\s+|several\s+)?"
    r"(?:[\w-]+\s+){0,3}$",
    re.IGNORECASE,
)


def _nearest(frames: Sequence[Frame], c: CasualtyMention, text: str) -> Frame:
    """The frame a figure belongs to: "N killed in <trigger>" names it after the figure;
    otherwise the nearest trigger before the figure, else the first."""
    for f in sorted(frames, key=lambda f: f.trigger_start):
        for t in f.triggers:
            if t.start >= c.span.end and t.start - c.span.end <= 60:
                if _CAUSE_GAP.fullmatch(text[c.span.end : t.start]):
                    return f
    before = [f for f in frames if f.trigger_start <= c.span.start]
    if before:
        return max(before, key=lambda f: f.trigger_start)
    return min(frames, key=lambda f: f.trigger_start)


def _finest(cands: Sequence[Candidate]) -> Candidate | None:
    usable = [c for c in cands if not c.weak]
    if not usable:
        return None
    return max(usable, key=lambda c: c.score)


def _frames_for_clause(
    text: str,
    clause: Segment,
    triggers: Sequence[tuple[Trigger, FrameDate]],
    cands: Sequence[Candidate],
    clause_actors: Sequence[ActorMention],
    *,
    victims: str | None,
    hurt: str | None,
    ctx: _Context,
    prev_clause_place: tuple[Place, Span] | None,
    geocoder: Geocoder,
    country: str,
    sentence_span: Span,
) -> list[Frame]:
    """Groups a clause's triggers by (event type, place) into frames. ``victims``: who the
    clause's dead are; ``hurt``: who its dead or else its wounded are."""
    groups: dict[tuple[str, str, _DateKey], Frame] = {}
    order: list[tuple[str, str, _DateKey]] = []
    low = lowered(text)
    country_wide = bool(_COUNTRY_WIDE_LOW.search(low, clause.start, clause.end))
    # "the town", "the two neighbourhoods": the place told before (also over a place that
    # only names an institution: "a source at Deir Ezzor Police Command said shells hit the
    # two neighbourhoods")
    anaphor = bool(_PLACE_ANAPHOR_LOW.search(low, clause.start, clause.end))
    for t, fdate in triggers:
        etype, sub = _resolve_role(t, clause_actors, victims, text, clause)
        places = [] if t.forced_anaphor else _places_for_trigger(text, t, cands)
        if t.definite and not any(p.locative for p in places):
            places = []  # "when the bomb went off ... in Hama hospital": the bomb told before
        located: list[tuple[Place | None, Span | None, bool]]
        near_trigger = _COUNTRY_WIDE_LOW.search(
            low, max(clause.start, t.start - 40), min(clause.end, t.end + 40)
        )
        if near_trigger and not any(p.locative for p in places):
            located = [(geocoder.country_place(country), _NATIONWIDE, True)]
        elif places and not (all(p.weak for p in places) and anaphor):
            located = [(c.place, c.mention.span, True) for c in places]
        elif country_wide:
            located = [(geocoder.country_place(country), _NATIONWIDE, True)]
        elif t.forced_anaphor:
            located = [(None, None, False)]
        elif anaphor or clause.text.lstrip().lower().startswith(("which", "where")):
            src = prev_clause_place or (
                (ctx.place, ctx.place_span) if ctx.place is not None and ctx.place_span else None
            )
            if src is None and ctx.doc_place is not None and ctx.doc_place_span is not None:
                src = (ctx.doc_place, ctx.doc_place_span)
            located = [(src[0], src[1], False)] if src else [(None, None, False)]
        elif ctx.place is not None:
            located = [(ctx.place, ctx.place_span, False)]
        elif ctx.doc_place is not None:
            located = [(ctx.doc_place, ctx.doc_place_span, False)]
            if ctx.doc_date is not None and not fdate.from_text:
                fdate = ctx.doc_date  # the story goes on with the event told there
        else:
            located = [(None, None, False)]
        for place, span, from_text in located:
            key = (etype, place_key(place), _date_key(fdate))
            frame = groups.get(key)
            if frame is None:
                frame = Frame(
                    event_type=etype,
                    sub_event_type=sub,
                    triggers=[t],
                    place=place,
                    place_span=span,
                    place_from_text=from_text,
                    date=fdate,
                    sentence=sentence_span,
                    paragraph=clause.paragraph,
                    sentence_index=clause.index,
                    anaphoric=t.definite and not from_text,
                    definite=t.definite,
                    country_wide=span is _NATIONWIDE,
                )
                groups[key] = frame
                order.append(key)
            else:
                frame.triggers.append(t)
                frame.anaphoric = frame.anaphoric and t.definite and not from_text
                frame.definite = frame.definite and t.definite
                if SUB_EVENT_PRIORITY[sub] > SUB_EVENT_PRIORITY[frame.sub_event_type]:
                    frame.sub_event_type = sub
    frames = [groups[k] for k in order]
    for f in frames:
        _assign_actors(f, clause_actors, text)
        if f.event_type == PROTESTS and f.initiator is None:
            f.initiator = "Protesters"
        if f.event_type == RIOTS and f.initiator in {None, "Civilians", "Protesters"}:
            # a crowd that riots is ACLED's rioters ("villagers lynched a man")
            if f.target == "Rioters":
                f.target = None
            f.initiator = "Rioters"
        if (
            (f.event_type == VIOLENCE_AGAINST_CIVILIANS or f.sub_event_type in _DONE_TO_CIVILIANS)
            and f.target is None
            and _civilians_suffer(f, hurt, text, clause)
        ):
            f.target = "Civilians"
        if (
            f.sub_event_type == "Mob violence"
            and f.target in {None, f.initiator}
            and _mob_on_people(f, hurt, low)
        ):
            f.target = "Civilians"  # "a mob beat a man accused of theft"
        if f.event_type == EXPLOSIONS and hurt == "civilians" and f.target is None:
            f.target = "Civilians"  # ACLED names the civilians an explosion killed or hurt
    return frames


def _places_for_trigger(text: str, t: Trigger, cands: Sequence[Candidate]) -> list[Candidate]:
    usable = [c for c in cands if not c.weak] or list(cands)
    if not usable:
        return []

    def rank(c: Candidate) -> float:
        if c.mention.span.start >= t.end:
            dist = c.mention.span.start - t.end
        else:
            dist = t.start - c.mention.span.end
        return c.score - dist / 80.0

    chosen = max(usable, key=rank)
    # "on the road between X and Y": the stretch starts at X
    for c in usable:
        gap = text[c.mention.span.end : chosen.mention.span.start]
        if (
            c.mention.span.end <= chosen.mention.span.start
            and re.fullmatch(r"\s+and\s+(?:the\s+)?", gap)
            and re.search(
                r"\bbetween\s+(?:the\s+)?$",
                text[max(0, c.mention.span.start - 20) : c.mention.span.start],
            )
        ):
            return [c]
    return coordinated(text, chosen, usable)


def _other_day(dates: Sequence[DateMention], told: Frame) -> FrameDate | None:
    """The day a clause of deaths names, when it is not the day of the event just told."""
    for d in dates:
        if d.kind is not DateMentionKind.DAY or d.window is None:
            continue
        if told.date.window is not None and (
            d.window[0] <= told.date.window[1] and told.date.window[0] <= d.window[1]
        ):
            return None
        return _frame_date(d, displaced=False)
    return None


def _by_place(
    killed: Sequence[CasualtyMention], cands: Sequence[Candidate], end: int
) -> list[tuple[CasualtyMention, Candidate]] | None:
    """Each figure of a clause with the place told right after it ("30 were killed around
    Shadadi and another five outside Kobane"), when there are two or more figures and each
    has a place of its own; else None."""
    if len(killed) < 2:
        return None
    ordered = sorted(killed, key=lambda c: c.span.start)
    pairs: list[tuple[CasualtyMention, Candidate]] = []
    for k, c in enumerate(ordered):
        stop = ordered[k + 1].span.start if k + 1 < len(ordered) else end
        here = [p for p in cands if c.span.end <= p.mention.span.start < stop]
        best = _finest(here)
        if best is None or best.place.geo_precision > GeoPrecision.NEAR:
            return None
        pairs.append((c, best))
    if len({place_key(p.place) for _, p in pairs}) < len(pairs):
        return None
    return pairs


def _told_again_at(
    told: Frame,
    killed: Sequence[CasualtyMention],
    clause: Segment,
    sentence_span: Span,
    ctx: _Context,
    *,
    day: FrameDate | None = None,
    place: Candidate | None = None,
) -> Frame:
    """Dead of the kind of event just told, on another ``day`` or at another ``place`` of
    its (each kept from the told event when not given)."""
    return Frame(
        event_type=told.event_type,
        sub_event_type=told.sub_event_type,
        triggers=[_stand_in(killed[0].span, told.event_type, told.sub_event_type)],
        place=place.place if place else told.place,
        place_span=place.mention.span if place else told.place_span,
        place_from_text=place is not None,
        date=day or told.date,
        sentence=sentence_span,
        paragraph=clause.paragraph,
        sentence_index=clause.index,
        initiator=told.initiator,
        target=told.target,
        casualties=[c for c in killed if not c.update],
        updates=[c for c in killed if c.update],
        claimants=list(ctx.claimants),
        claimant_spans=list(ctx.claimant_spans),
        casualties_only=True,
    )


def _casualty_frames(
    text: str,
    clause: Segment,
    killed: Sequence[CasualtyMention],
    cands: Sequence[Candidate],
    clause_actors: Sequence[ActorMention],
    dates: Sequence[DateMention],
    victims: str | None,
    published: dt.date | None,
    ctx: _Context,
    sentence_span: Span,
) -> list[Frame]:
    """A clause that reports deaths with no event word: an attack on civilians or a clash."""
    best = _finest(cands)
    if (best is None and ctx.place is None) or victims is None:
        return []  # deaths with no event word and no known victims: too little to code
    etype, sub = (
        (VIOLENCE_AGAINST_CIVILIANS, "Attack")
        if victims == "civilians"
        else (BATTLES, "Armed clash")
    )
    pseudo = _stand_in(killed[0].span, etype, sub)
    fd, history = _choose_date(pseudo, dates, text, published)
    if history:
        return []
    frame = Frame(
        event_type=etype,
        sub_event_type=sub,
        triggers=[pseudo],
        place=best.place if best else ctx.place,
        place_span=best.mention.span if best else ctx.place_span,
        place_from_text=best is not None,
        date=fd or ctx.date or _publication_date(published),
        sentence=sentence_span,
        paragraph=clause.paragraph,
        sentence_index=clause.index,
        casualties=[c for c in killed if not c.update],
        updates=[c for c in killed if c.update],
        claimants=list(ctx.claimants),
        claimant_spans=list(ctx.claimant_spans),
        casualties_only=True,
    )
    _assign_actors(frame, clause_actors, text)
    if etype == VIOLENCE_AGAINST_CIVILIANS and frame.target is None:
        frame.target = "Civilians"
    return [frame]


def _toll(
    text: str,
    c: CasualtyMention,
    clause: Segment,
    cands: Sequence[Candidate],
    dates: Sequence[DateMention],
    published: dt.date | None,
    geocoder: Geocoder,
    country: str,
    ctx: _Context,
    sentence_span: Span,
) -> TollFrame:
    scope: Place | None
    if cues.COUNTRY_WIDE.search(
        text, max(clause.start, c.span.start - 80), min(clause.end, c.span.end + 80)
    ):
        scope = geocoder.country_place(country)
    else:
        best = _finest(cands)
        scope = best.place if best else geocoder.country_place(country)
    usable = [d for d in dates if d.kind is not DateMentionKind.DURATION and d.window]
    if usable:
        d = min(usable, key=lambda d: abs(d.span.start - c.span.start))
        fd = _frame_date(d, displaced=False) or _publication_date(published)
        if (
            published is not None
            and fd.window is not None
            and re.search(
                r"\bsince\s+(?:the\s+)?(?:start\s+of\s+)?$",
                text[max(0, d.span.start - 25) : d.span.start],
                re.I,
            )
        ):
            # "killed since 2011": from then until the report
            fd = dataclasses.replace(
                fd, date=None, window=(fd.window[0], published), precision=DatePrecision.RANGE
            )
    else:
        fd = _publication_date(published)
    return TollFrame(
        casualty=c,
        scope=scope,
        date=fd,
        sentence=sentence_span,
        claimants=tuple(ctx.claimants),
        claimant_spans=tuple(ctx.claimant_spans),
    )
