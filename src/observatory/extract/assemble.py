"""Merging a document's frames into claims: one per (event type, location, day).

1. An anaphoric frame ("the fighting killed two") joins the last event of its type.
2. Frames of one type at one place are grouped by day; a frame dated only by the
   publication date, or by a window, joins an overlapping day of the same type and place.
3. A province- or region-level group joins a finer group of the same type inside it
   whose dates overlap (a report's lead often names the province, its body the town).
4. Figures: within a clause the parties are summed (``combine``); across the clauses of
   one claim they are alternative accounts of the same deaths (low = lowest, best =
   highest, or the latest "toll rose to" figure), never added.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from observatory.actors.model import ARMED_KINDS, ActorKind
from observatory.extract import cues
from observatory.extract.frames import Frame, FrameDate, TollFrame
from observatory.extract.officials import OfficialMention
from observatory.extract.places import (
    CITIES,
    QUARTERS,
    distance_km,
    like_named,
    place_key,
    within,
)
from observatory.extract.taxonomy import (
    BATTLES,
    EXPLOSIONS,
    PROTESTS,
    RIOTS,
    STRATEGIC,
    SUB_EVENT_PRIORITY,
    VIOLENCE_AGAINST_CIVILIANS,
)
from observatory.extract.triggers import BLASTS, Role
from observatory.fatalities import CasualtyKind, CasualtyMention, combine
from observatory.records import (
    Claim,
    DatePrecision,
    Fatalities,
    GeoPrecision,
    Place,
    Span,
    StageVersion,
    Toll,
)

__all__ = ["assemble"]


_VIOLENT = {BATTLES, EXPLOSIONS, VIOLENCE_AGAINST_CIVILIANS}


@dataclass(slots=True, kw_only=True)
class _Group:
    event_type: str
    place: Place | None
    frames: list[Frame] = field(default_factory=list)

    @property
    def date(self) -> FrameDate:
        """The most informative date among the frames: text days first."""
        dated = sorted(self.frames, key=lambda f: _date_rank(f.date))
        return dated[0].date

    @property
    def window(self) -> tuple[dt.date, dt.date] | None:
        return self.date.window


def _date_rank(d: FrameDate) -> tuple[int, int]:
    text = 0 if d.from_text else 1
    prec = {
        DatePrecision.DAY: 0,
        DatePrecision.RANGE: 1,
        DatePrecision.WEEK: 2,
        DatePrecision.MONTH: 3,
        DatePrecision.UNKNOWN: 4,
    }[d.precision]
    if d.date is None and d.precision is DatePrecision.DAY:
        prec = 1
    return (prec if text == 0 else 5 + prec, text)


def _overlap(a: tuple[dt.date, dt.date] | None, b: tuple[dt.date, dt.date] | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return a[0] <= b[1] and b[0] <= a[1]


def _is_day(d: FrameDate) -> bool:
    return d.from_text and d.precision is DatePrecision.DAY and d.date is not None


def _resolve_anaphora(frames: Sequence[Frame]) -> list[Frame]:
    out: list[Frame] = []
    for f in frames:
        if f.anaphoric:
            target = next((g for g in reversed(out) if g.event_type == f.event_type), None)
            if target is None and any(t.role is Role.ATTACK for t in f.triggers):
                # "the attack", "the assault": the last violent event told, of any type
                target = next((g for g in reversed(out) if g.event_type in _VIOLENT), None)
            if target is not None:
                _absorb(target, f)
                continue
        out.append(f)
    return out


def _absorb(target: Frame, f: Frame) -> None:
    target.triggers.extend(f.triggers)
    target.casualties.extend(f.casualties)
    target.updates.extend(f.updates)
    if _is_day(f.date) and not target.date.from_text:
        target.date = f.date
    if target.initiator is None and f.initiator is not None:
        # "the attack was claimed by X": X did what was told before, to whom it was told
        target.initiator = f.initiator
        if f.target is not None or target.target == f.initiator:
            target.target = f.target
    elif target.target is None:
        other = f.initiator if f.initiator is not None else f.target
        if other != target.initiator:
            target.target = other
    for c in f.claimants:
        if c not in target.claimants:
            target.claimants.append(c)
    target.claimant_spans.extend(f.claimant_spans)
    target.actors.extend(f.actors)
    if SUB_EVENT_PRIORITY[f.sub_event_type] > SUB_EVENT_PRIORITY[target.sub_event_type]:
        target.sub_event_type = f.sub_event_type


def _group(frames: Sequence[Frame]) -> list[_Group]:
    by_place: dict[tuple[str, str, int], list[Frame]] = {}
    for f in frames:
        # frames that named no place (the report's main area stands in) are not one event
        # for that alone: each sentence's stays apart until a told event takes it
        told = -1 if not f.place_assumed else f.sentence_index
        by_place.setdefault((f.event_type, place_key(f.place), told), []).append(f)
    groups: list[_Group] = []
    # each group's date (``_Group.date``) and whether it tells deaths, kept as frames join
    # it: recomputing them for every frame would cost time quadratic in the frames
    best: dict[int, FrameDate] = {}
    deadly: dict[int, bool] = {}

    def join(g: _Group, f: Frame) -> None:
        g.frames.append(f)
        if id(g) not in best or _date_rank(f.date) < _date_rank(best[id(g)]):
            best[id(g)] = f.date
        deadly[id(g)] = deadly.get(id(g), False) or bool(f.casualties)

    for (etype, _, _), fs in by_place.items():
        days: dict[dt.date, _Group] = {}
        loose: list[Frame] = []
        for f in fs:
            if _is_day(f.date):
                assert f.date.date is not None
                g = days.setdefault(f.date.date, _Group(event_type=etype, place=f.place))
                g.frames.append(f)
            else:
                loose.append(f)
        day_groups = sorted(days.values(), key=lambda g: g.date.date or dt.date.min)
        extra: list[_Group] = []
        best.update((id(g), g.date) for g in day_groups)
        deadly.update((id(g), any(x.casualties for x in g.frames)) for g in day_groups)
        for f in loose:
            fits = [g for g in day_groups if _overlap(best[id(g)].window, f.date.window)]
            if fits:
                fits.sort(key=lambda g: (not deadly[id(g)], best[id(g)].date))
                join(fits[0], f)
                continue
            if f.date.reported and f.date.date is not None:
                # nothing else dates it: the day the source spoke is the best we have
                f.date = dataclasses.replace(f.date, window=(f.date.date, f.date.date))
            same = next((g for g in extra if _overlap(best[id(g)].window, f.date.window)), None)
            if same is None:
                same = _Group(event_type=etype, place=f.place)
                extra.append(same)
            join(same, f)
        groups.extend(day_groups)
        groups.extend(extra)
    return [part for g in groups for part in _by_perpetrator(g)]


def _by_perpetrator(g: _Group) -> list[_Group]:
    """One-sided violence at one place and day by two perpetrators is two events (the air
    force's strikes on a district and the rebels' rockets on the city centre); frames that
    name no perpetrator stay with the first."""
    if g.event_type not in {EXPLOSIONS, VIOLENCE_AGAINST_CIVILIANS}:
        return [g]
    named = list(dict.fromkeys(f.initiator for f in g.frames if f.initiator))
    # (a perpetrator also named as the other's target is one side of one exchange)
    targets = {f.target for f in g.frames}
    named = [n for n in named if n not in targets]
    state = {a.canonical for f in g.frames for a in f.actors if a.is_state}
    # only perpetrators on opposite sides (a state's forces and a non-state group): two
    # names of one side may be one perpetrator told twice ("Islamist militia", "IS")
    if len(named) < 2 or all(n in state for n in named) or not any(n in state for n in named):
        return [g]
    parts = {n: _Group(event_type=g.event_type, place=g.place) for n in named}
    for f in g.frames:
        parts[f.initiator if f.initiator in parts else named[0]].frames.append(f)
    return list(parts.values())


def _counts_dead(g: _Group) -> bool:
    return any(c.kind is CasualtyKind.KILLED for f in g.frames for c in (*f.casualties, *f.updates))


def _sums_up(g: _Group, finer: Sequence[_Group]) -> bool:
    """Whether ``g``'s dead are the total of two or more finer events that count their own
    dead at other places ("125 killed in Hama": 100 at al-Zara, 25 at Maan)."""
    places = {place_key(h.place) for h in finer if _counts_dead(h)} - {place_key(g.place)}
    return _counts_dead(g) and len(places) > 1


def _zoom_in(groups: list[_Group], summaries: list[_Group]) -> list[_Group]:
    """Province- or region-level groups join a finer group of the same type inside them.

    A coarse group with its own dead and two or more finer groups inside it is a summary
    of them ("over 125 terrorists killed in Hama" above the towns' 100 and 25): it goes to
    ``summaries``, whose figures are tolls, not a third event."""
    bombing = _tells_bombing(groups)
    coarse = [
        g
        for g in groups
        if g.place is not None
        and (g.place.geo_precision == GeoPrecision.REGION or g.place.feature == "region")
        and g.place.geo_precision != GeoPrecision.COUNTRY
        and not _awaits_bombing(g, bombing)
    ]
    kept = [g for g in groups if g not in coarse]
    kept = _into_quarters(_capital_into_one(kept, summaries), summaries)
    for g in coarse:
        assert g.place is not None
        region = g.place
        fits = [
            h
            for h in kept
            if h.event_type == g.event_type
            and h.place is not None
            and h.place.geo_precision <= GeoPrecision.NEAR
            and h.place.feature != "region"
            and within(h.place, region, km=45)
            and not _dated_apart(g, h, events_only=True)
            and (_lead(g) or _paragraphs(g) & _paragraphs(h))
        ]
        if _sums_up(g, fits):
            summaries.append(g)  # "125 killed in Hama province": the towns told below
        elif fits:
            fits.sort(key=lambda h: (not any(f.casualties for f in h.frames), _first(h)))
            fits[0].frames.extend(g.frames)
        else:
            kept.append(g)
    return kept


def _tells_bombing(groups: Sequence[_Group]) -> bool:
    return any(h.event_type == EXPLOSIONS for h in groups)


def _awaits_bombing(g: _Group, bombing: bool) -> bool:
    """A generic "attack" told at no place, in a report that tells a bombing or strike
    (``bombing``): it may be that explosion (:func:`_one_incident` decides), not an event
    of the lead."""
    return bombing and _known_place(g) is None and _generic_attack(g)


def _rejoin_unplaced(groups: list[_Group]) -> list[_Group]:
    """Groups that named no place and that no told event took (see :func:`_group`) are one
    event with the group of their type at the place that stands in, when their dates allow
    (one that named the place first)."""
    out = list(groups)
    for g in groups:
        if _known_place(g) is not None:
            continue
        same = [
            h
            for h in out
            if h is not g
            and h.event_type == g.event_type
            and place_key(h.place) == place_key(g.place)
            and _overlap(h.window, g.window)
        ]
        if same:
            min(same, key=lambda h: (_known_place(h) is None, _first(h))).frames.extend(g.frames)
            out.remove(g)
    return out


def _near(a: Place | None, b: Place | None, *, km: float = 15.0) -> bool:
    """Whether two places can be the scene of one incident: the same place, one inside the
    other, or a few kilometres apart; an unknown place fits anywhere."""
    if a is None or b is None or place_key(a) == place_key(b):
        return True
    return within(a, b, km=km) or within(b, a, km=km)


def _dated_apart(g: _Group, h: _Group, *, events_only: bool = False) -> bool:
    """Both groups carry a day or window of their own and the two do not overlap.

    ``events_only``: the day a source spoke ("a monitor said on Tuesday") does not count as
    the group's own date."""

    def told(x: _Group) -> bool:
        return any(f.date.from_text and not (events_only and f.date.reported) for f in x.frames)

    return told(g) and told(h) and not _overlap(g.window, h.window)


def _known_place(g: _Group) -> Place | None:
    """The group's place, or None when no frame of it named one (the main area stood in)."""
    if all(f.place_assumed for f in g.frames):
        return None
    return g.place


def _casualties_only(g: _Group) -> bool:
    return all(f.casualties_only for f in g.frames)


_SETTLEMENTS = frozenset({"village", "town", "city"})


def _other_town(g: _Group, h: _Group) -> bool:
    """Deaths told in a sentence of their own at a town or village other than the one
    where ``h`` happened ("Another child was killed in Harasta" after air strikes on
    Douma): ACLED codes an event per location, so they are not ``h``'s dead."""
    a, b = _known_place(g), _known_place(h)
    if a is None or b is None or a.feature not in _SETTLEMENTS or b.feature not in _SETTLEMENTS:
        return False
    if place_key(a) == place_key(b) or _sentences(g) & _sentences(h):
        return False
    d = distance_km(a, b)
    return d is not None and d > 2.0


# words that say people were killed, not how: "massacre", "slaughter"
_HOW_UNSAID = re.compile(r"(?i)massacr\w*|slaughter\w*|killings?")


def _generic_attack(g: _Group) -> bool:
    """Told only with generic words ("attack", "assault", "raid on", "massacre"), or only
    by its dead."""
    return g.event_type in {BATTLES, VIOLENCE_AGAINST_CIVILIANS} and all(
        f.casualties_only
        or all(t.role is Role.ATTACK or _HOW_UNSAID.fullmatch(t.text) for t in f.triggers)
        for f in g.frames
    )


def _one_incident(groups: list[_Group]) -> list[_Group]:
    """One incident is one event: the same incident told with several words is merged.

    - Deaths told with no event word of their own ("12 civilians were killed") belong to
      the violent event at that place and time, not to a second event.
    - A generic "attack" at the place and time of an explosion or strike is that
      explosion (ACLED codes a bombing of civilians as Explosions/Remote violence).
    The merged group keeps every frame, so every cue stays as evidence.
    """
    out = list(groups)
    for g in sorted(groups, key=_first):
        if g not in out or g.event_type not in _VIOLENT:
            continue
        if _casualties_only(g):
            targets = [
                h
                for h in out
                if h is not g and h.event_type in _VIOLENT and not _casualties_only(h)
            ]
        elif _generic_attack(g):
            targets = [h for h in out if h is not g and h.event_type == EXPLOSIONS]
        else:
            continue
        targets = [
            h
            for h in targets
            if _near(_known_place(g), _known_place(h))
            and not _dated_apart(g, h)
            and not (_casualties_only(g) and _other_town(g, h))
        ]
        if not targets:
            _as_strike_told_before(g, out)
            continue
        paras = _paragraphs(g)
        start = _first(g)
        target = min(
            targets,
            key=lambda h: (not (_paragraphs(h) & paras), abs(_first(h) - start)),
        )
        target.frames.extend(g.frames)
        known = _known_place(g)
        if known is not None and (
            (held := _known_place(target)) is None or known.geo_precision < held.geo_precision
        ):
            target.place = known
        out.remove(g)
    return out


def _intercepted(groups: list[_Group]) -> list[_Group]:
    """A strike told in the sentence that tells its interception is the interception ("fired
    a ballistic missile at Jizan, which was intercepted"): one disrupted weapons use."""
    out = list(groups)
    for d in groups:
        if d not in out or not any(f.sub_event_type == _DISRUPTED for f in d.frames):
            continue
        for h in [x for x in out if x is not d and x.event_type == EXPLOSIONS]:
            if (
                _sentences(h) & _sentences(d)
                and _near(_known_place(d), _known_place(h))
                and not _dated_apart(d, h)
            ):
                d.frames.extend(h.frames)
                out.remove(h)
    return out


def _told_again(groups: list[_Group]) -> list[_Group]:
    """A violent event told again with definite words and a place of its own ("The blast
    hit buses in the Rashidin area", "people in the Ramousah garage heard the blast") is the
    event told before, of its type, on its day and nearby: one event. The first such
    place inside the first event's city, or finer than its place, refines it."""
    out = list(groups)
    for g in sorted(groups, key=_first):
        if (
            g not in out
            or g.event_type not in _VIOLENT
            or not all(f.definite for f in g.frames)
            or _counts_dead(g)
        ):
            continue
        earlier = [
            h
            for h in out
            if h is not g
            and h.event_type == g.event_type
            and _first(h) < _first(g)
            and not _dated_apart(g, h)
            and _near(_known_place(g), _known_place(h), km=25.0)
        ]
        if not earlier:
            continue
        target = max(earlier, key=_first)
        target.frames.extend(g.frames)
        here, there = _known_place(g), _known_place(target)
        if here is not None and (
            there is None
            or (there.feature in CITIES and _quarter_of(g, there))
            or here.geo_precision < there.geo_precision
        ):
            target.place = here
        out.remove(g)
    return out


def _as_strike_told_before(g: _Group, groups: Sequence[_Group]) -> None:
    """A generic "attack" at a place of its own, told in the sentence after an explosion
    or strike, is one more of them ("Air raids also continued in the countryside west of
    Aleppo. An attack on the village of Batbo killed 19."): it takes their type, unless
    someone else is named as its author."""
    first = min(f.sentence_index for f in g.frames)
    author = next((f.initiator for f in g.frames if f.initiator), None)
    for h in groups:
        if h is g or h.event_type != EXPLOSIONS or _dated_apart(g, h):
            continue
        told = [f for f in h.frames if f.sentence_index == first - 1 and not f.anaphoric]
        if not told or not all(f.paragraph == told[0].paragraph for f in g.frames):
            continue
        if author is not None and author not in {f.initiator for f in h.frames}:
            continue
        for f in g.frames:
            f.event_type = EXPLOSIONS
            f.sub_event_type = told[0].sub_event_type
        g.event_type = EXPLOSIONS
        return


# who the police act on, and who turns violent, in a demonstration
_CROWD = re.compile(
    r"\b(?:protest\w*|demonstrat\w*|rall(?:y|ies)|marche[rs]|marchers|rioters?|crowds?|"
    r"participants|picket\w*|strikers?|sit-ins?|activists|mob)\b",
    re.IGNORECASE,
)
_POLICE = re.compile(
    r"\b(?:police\w*|officers?|gendarm\w+|carabinieri|riot squad|anti-riot)\b", re.IGNORECASE
)


# a demonstration's motive: "against the attacks on ...", "over the killing of ...", "amid"
_MOTIVE = re.compile(
    cues.PURPOSE.pattern
    + r"|\b(?:amid(?:st)?|following|after|over|because of|due to|in the wake of|since|"
    r"victims of|relatives of|families of|members of|justice for)\b",
    re.IGNORECASE,
)


def _motive(g: _Group) -> bool:
    """Every event word of the group comes after a motive in its sentence ("protested
    against the attacks by militants"): it is what the crowd protests, another event."""
    for f in g.frames:
        for t in f.triggers:
            lo = max(f.sentence.start, t.start - 150)
            if not _MOTIVE.search(
                f.sentence.text, lo - f.sentence.start, t.start - f.sentence.start
            ):
                return False
    return True


def _told_with_crowd(g: _Group) -> bool:
    return any(_CROWD.search(f.sentence.text) or _POLICE.search(f.sentence.text) for f in g.frames)


def _part_of_demonstration(h: _Group) -> str | None:
    """How a group told in a demonstration's paragraph takes part in it: ``"joins"`` (the
    same demonstration told again), ``"intervention"`` (the police arrest or detain),
    ``"violent"`` (the crowd clashes, loots, destroys), ``"lethal"`` (force kills
    demonstrators); None when it is another event (a killing the crowd protests against)."""
    if h.event_type in {PROTESTS, RIOTS}:
        return "joins"
    if _motive(h):
        return None
    triggers = [t for f in h.frames for t in f.triggers]
    if any(t.role is Role.ARREST for t in triggers):
        return "intervention"
    subs = {f.sub_event_type for f in h.frames}
    if h.event_type == STRATEGIC:
        return "violent" if "Looting/property destruction" in subs else None
    if not _told_with_crowd(h):
        return None
    if h.event_type == BATTLES and "Armed clash" in subs:
        return "violent"
    if h.event_type == VIOLENCE_AGAINST_CIVILIANS and "Attack" in subs:
        victims = " ".join(c.subject or "" for f in h.frames for c in f.casualties)
        if _CROWD.search(victims) or (
            not victims and any(_POLICE.search(f.sentence.text) for f in h.frames)
        ):
            return "lethal" if any(f.casualties for f in h.frames) else "intervention"
    return None


def _one_place(a: Place | None, b: Place | None) -> bool:
    """The same place, or one place inside the other (a town in its province), or unknown."""
    if a is None or b is None or place_key(a) == place_key(b):
        return True
    if a.geo_precision == b.geo_precision:
        return False
    fine, coarse = (a, b) if a.geo_precision < b.geo_precision else (b, a)
    return within(fine, coarse, km=15.0)


def _one_demonstration(groups: list[_Group]) -> list[_Group]:
    """A demonstration is one event, coded by its gravest form (ACLED's precedence): what
    the police and the crowd do at its place and time, told in its paragraph, is part of it.

    - demonstrators who clash, throw stones, loot or destroy property: a violent
      demonstration (Riots);
    - force on peaceful demonstrators short of killing (arrests, dispersal): a protest with
      intervention; force that kills them: excessive force against protesters;
    - the same protest told twice, or the wider movement it is part of, is the same event.
    A killing the crowd protests against is another event and stays apart.
    """
    out = list(groups)
    for g in sorted(groups, key=_first):
        if g not in out or g.event_type not in {PROTESTS, RIOTS}:
            continue
        joined: list[tuple[_Group, str]] = []
        for h in sorted(out, key=_first):
            if (
                h is g
                or not (_paragraphs(g) & _paragraphs(h))
                or _dated_apart(g, h)
                or not _near(_known_place(g), _known_place(h))
            ):
                continue
            how = _part_of_demonstration(h)
            if how == "joins" and not _one_place(_known_place(g), _known_place(h)):
                continue  # demonstrations in two towns are two events
            if how is not None:
                joined.append((h, how))
        if not joined:
            continue
        hows = {how for _, how in joined}
        violent = (
            g.event_type == RIOTS
            or "violent" in hows
            or any(h.event_type == RIOTS for h, _ in joined)
        )
        etype = RIOTS if violent else PROTESTS
        for h, how in joined:
            out.remove(h)
            for f in h.frames:
                if f.sub_event_type == "Arrests" and f.target == "Civilians":
                    f.target = None  # those arrested at a demonstration are its crowd
                if violent and f.event_type != RIOTS:
                    f.event_type, f.sub_event_type = RIOTS, "Violent demonstration"
                elif not violent and f.event_type != PROTESTS:
                    f.event_type, f.sub_event_type = (
                        PROTESTS,
                        {
                            "intervention": "Protest with intervention",
                            "lethal": "Excessive force against protesters",
                        }.get(how, "Peaceful protest"),
                    )
            g.frames.extend(h.frames)
            known = _known_place(h)
            if known is not None and (
                (held := _known_place(g)) is None or known.geo_precision < held.geo_precision
            ):
                g.place = known
        if violent:
            for f in g.frames:
                if f.event_type != RIOTS:
                    f.event_type, f.sub_event_type = RIOTS, "Violent demonstration"
                if f.initiator == "Protesters":
                    f.initiator = "Rioters"  # ACLED's actor for demonstrators who riot
        g.event_type = etype
    return out


def _one_crowd(groups: list[_Group]) -> list[_Group]:
    """An ACLED note that gives a crowd's size tells one demonstration or riot (ACLED
    gives sizes for nothing else): the violence it tells beside a demonstration is what the
    crowd protested, and without one it is the crowd's own, mob violence ("residents beat
    up a suspected robber [size=no report]"); an armed group's attack stays an attack."""
    if any(g.event_type in {PROTESTS, RIOTS} for g in groups):
        return [g for g in groups if g.event_type in {PROTESTS, RIOTS, STRATEGIC}]
    for g in groups:
        if g.event_type not in {BATTLES, VIOLENCE_AGAINST_CIVILIANS}:
            continue
        authors = [a for f in g.frames for a in f.actors if a.canonical == f.initiator]
        if any(a.info.kind in _ORGANISED for a in authors):
            continue
        g.event_type = RIOTS
        for f in g.frames:
            f.event_type, f.sub_event_type = RIOTS, "Mob violence"
            if f.initiator == "Civilians":
                f.target = f.target or f.initiator
            f.initiator = "Rioters"  # ACLED's actor for a crowd that turns violent
    return groups


# armed groups with a command: their violence is never a mob's
_ORGANISED = ARMED_KINDS - {ActorKind.UNIDENTIFIED}


def _names_province(place: Place) -> bool:
    """A governorate's capital named like the governorate ("Aleppo", "Deir ez-Zor")."""
    return (
        place.feature in {"city", "capital"}
        and bool(place.admin1)
        and like_named(place.name, place.admin1 or "")
    )


_NEAR_KM = 30.0  # how far "near X" or "the outskirts of X" reaches


def _capital_into_one(groups: list[_Group], summaries: list[_Group]) -> list[_Group]:
    """A group told only in the headline or lead, at a province's capital ("strikes on Deir
    ez-Zor") or at no named place at all ("air strikes on a rebel-held town killed 61"),
    joins the one finer group of its type and time the body places ("strikes hit
    al-Mayadin on Monday"): the headline named the province, or nothing, and the body the
    town. With two or more finer groups it stays: a summary."""
    out = list(groups)
    bombing = _tells_bombing(groups)
    for g in groups:
        if (
            g.event_type not in _VIOLENT
            or not all(f.sentence_index <= 1 for f in g.frames)
            or _told_as_another(g)  # "26 were also killed in Aleppo": one more event
            or _awaits_bombing(g, bombing)
        ):
            continue
        unplaced = _known_place(g) is None
        if not unplaced and (g.place is None or not _names_province(g.place)):
            continue
        # "near Hama", "the outskirts of Raqqa": the finer place must be near the city too
        # (al-Latamineh is a village near Hama; Tabqa, 50 km off, is not Raqqa's outskirts)
        near = g.place is not None and g.place.geo_precision == GeoPrecision.NEAR
        fits = [
            h
            for h in out
            if h is not g
            and h.event_type == g.event_type
            and (held := _known_place(h)) is not None
            and held.geo_precision <= GeoPrecision.NEAR
            and (
                (unplaced and not all(f.sentence_index <= 1 for f in h.frames))
                or (
                    g.place is not None
                    and held.admin1 == g.place.admin1
                    and place_key(held) != place_key(g.place)
                    and (not near or within(held, g.place, km=_NEAR_KM))
                )
            )
            and not _dated_apart(g, h, events_only=unplaced)
            and not _told_as_another(h)
        ]
        if len(fits) == 1:
            fits[0].frames.extend(g.frames)
            out.remove(g)
        elif _sums_up(g, fits):
            summaries.append(g)  # the headline's total of the events the body tells
            out.remove(g)
    return out


def _told_as_another(g: _Group) -> bool:
    """Whether an event word of ``g`` comes with "also", "meanwhile", "elsewhere" ...: one
    more event, not the one just told ("Mortar fire also wounded three in Abbasiyin");
    so does its dead ("26 civilians were also killed yesterday when ...")."""
    for f in g.frames:
        spans = [(t.start, t.end) for t in f.triggers]
        spans += [(c.span.start, c.span.end) for c in f.casualties]
        for start, end in spans:
            lo = max(0, start - f.sentence.start - 25)
            hi = max(lo, end - f.sentence.start + 15)
            if _ANOTHER.search(f.sentence.text, lo, hi):
                return True
    return False


# words that tell one more event: "also", "elsewhere", "meanwhile", "another"
_ANOTHER = re.compile(r"(?i)\b(?:also|elsewhere|meanwhile|another|separately|in addition)\b")


def _sentences(g: _Group) -> set[int]:
    return {f.sentence_index for f in g.frames}


def _quarter_of(h: _Group, city: Place | None) -> bool:
    """Whether ``h`` is placed in a quarter (of ``city``, when given)."""
    held = _known_place(h)
    if held is None or held.feature not in QUARTERS:
        return False
    return city is None or within(held, city, km=12)


def _dead_counts(g: _Group) -> set[int]:
    return {
        c.count.low
        for f in g.frames
        for c in (*f.casualties, *f.updates)
        if c.kind is CasualtyKind.KILLED
    }


def _into_quarters(groups: list[_Group], summaries: list[_Group]) -> list[_Group]:
    """A city's quarters are one scene with the city.

    - Quarters named together in one sentence ("shells hit al-Qusour and Harabesh
      neighbourhoods"), with at most one of them counting its dead, are one event.
    - A group at the city ("residential neighbourhoods in Deir Ezzor") joins the one
      quarter group of its type and time told in the same paragraph; with two or more
      quarters that count their own dead it is their sum: a toll, not an event."""
    out = list(groups)
    for g in sorted(groups, key=_first):
        if g not in out or g.event_type not in _VIOLENT or not _quarter_of(g, None):
            continue
        for h in [x for x in out if x is not g and x.event_type == g.event_type]:
            if (
                _quarter_of(h, g.place)
                and _sentences(g) & _sentences(h)
                and not (_counts_dead(g) and _counts_dead(h))
                and not _dated_apart(g, h)
            ):
                g.frames.extend(h.frames)
                out.remove(h)
    for g in list(out):
        if (
            g.event_type not in _VIOLENT
            or (city := _known_place(g)) is None
            or city.feature not in CITIES
            or city.geo_precision != GeoPrecision.TOWN
        ):
            continue
        fits = [
            h
            for h in out
            if h is not g
            and h.event_type == g.event_type
            and _quarter_of(h, city)
            and _paragraphs(g) & _paragraphs(h)
            and not _dated_apart(g, h, events_only=True)
            # "Mortar fire also wounded three people in the Abbasiyin neighbourhood"
            and not _told_as_another(h)
        ]
        counted = _dead_counts(g)
        if counted and any(_dead_counts(h) - counted for h in fits):
            continue  # "12 killed in Aleppo", "17 killed in Qaterji": two events
        if _sums_up(g, fits):
            summaries.append(g)
            out.remove(g)
        elif len(fits) == 1:
            fits[0].frames.extend(g.frames)
            out.remove(g)
    return out


def _summary_tolls(summaries: Sequence[_Group]) -> list[TollFrame]:
    """The figures of summary groups, as tolls of the summary's area and time."""
    out: list[TollFrame] = []
    for g in summaries:
        for f in g.frames:
            for c in (*f.casualties, *f.updates):
                if c.kind is CasualtyKind.KILLED and not c.perpetrator:
                    out.append(
                        TollFrame(
                            casualty=c,
                            scope=g.place,
                            date=g.date,
                            sentence=f.sentence,
                            claimants=tuple(f.claimants),
                            claimant_spans=tuple(f.claimant_spans),
                        )
                    )
    return out


# a report this long is a news story, not a one-event note
_NEWS_SENTENCES = 4


def _dated_in_sentence(f: Frame) -> bool:
    """Whether the frame's date is told in its own sentence. In a news story, a truce,
    a withdrawal or a foiled attack told without a date of its own is background or
    comment ("villages brought back by reconciliation deals"), not a development of the
    day; ACLED's one-sentence notes always date theirs."""
    span = f.date.span
    return span is not None and f.sentence.start <= span.start < f.sentence.end


def _lead(g: _Group) -> bool:
    """Told in the report's first two sentences, which often name only the province."""
    return any(f.sentence_index <= 1 for f in g.frames)


def _paragraphs(g: _Group) -> set[int]:
    return {f.paragraph for f in g.frames}


_CIVILIAN = re.compile(
    r"\b(?:civilians?|children|child|women|residents|people|family|families|villagers|"
    r"shoppers|workers|students|worshippers|patients|mourners|journalists?|doctors?|nurses?)\b",
    re.IGNORECASE,
)


_CROWDS = frozenset({"Civilians", "Protesters"})
_DISRUPTED = "Disrupted weapons use"


def _protest_roles(
    sub: str,
    actor1: str | None,
    actor2: str | None,
    named: set[str],
    objects: frozenset[str] = frozenset(),
) -> tuple[str, str | None]:
    """ACLED's roles in a protest; ``named`` (the associated actors) is updated in place.

    The protest is the protesters' ("police arrested 12 people at a rally"): whoever
    intervened is the second actor; a crowd word ("residents") is the protesters
    themselves. What a peaceful crowd protests against (a government, an army) is no party
    to it: ACLED's second actor there is only a counter-protest; told before the protest
    ("the army's raid angered residents"), it stays associated."""
    if sub == "Peaceful protest" and actor2 not in {None, "Protesters"}:
        if actor2 not in objects:
            named.add(actor2)
        actor2 = None
    if actor1 != "Protesters":
        other = actor1 if actor1 not in {None, *_CROWDS} else None
        if actor2 == "Protesters":
            actor2 = None
        if other is not None and (actor2 is not None or sub == "Peaceful protest"):
            named.add(other)
        elif other is not None:
            actor2 = other
    # (the residents or villagers who protest are the protesters: ACLED never names
    # civilians beside a demonstration, 2 of 4,431 in its 2022 notes)
    named.difference_update(_CROWDS)
    return "Protesters", actor2


# between a protest's event word and an actor named after it: the actor takes part
# ("a rally organised by the union", "protested, joined by members of the BJP")
_PARTICIPANT_GAP = re.compile(
    r"\b(?:by|including|joined|led|organi[sz]ed|called|among\s+them|alongside|along\s+with|"
    r"participation\s+of|attended|headed)\b",
    re.IGNORECASE,
)


# ... unless what the crowd protests follows ("a protest by Kurdish women against Turkish
# drone strikes")
_OBJECT_GAP = re.compile(
    r"\b(?:against|over|demanding|demands?|calling|urging|condemning|denouncing|support|"
    r"supporting|solidarity|outside|front|rejecting|opposing|protesting)\b",
    re.IGNORECASE,
)


def _crowd_objects(frames: Sequence[Frame]) -> frozenset[str]:
    """The actors a demonstration names only after its event word, and not as the
    crowd's members or organisers: what it is against, demands of, supports or marches to
    ("demanding that the state government ...", "in support of the armed forces", "outside
    the Interior Ministry"). ACLED names none of them."""
    after: set[str] = set()
    taking_part: set[str] = set()
    for f in frames:
        if f.event_type != PROTESTS or not f.triggers:
            continue
        end = f.triggers[0].end
        sentence = f.sentence
        for a in f.actors:
            if a.span.start < end or not sentence.start <= a.span.start <= sentence.end:
                taking_part.add(a.canonical)
                continue
            gap = sentence.text[end - sentence.start : a.span.start - sentence.start]
            cues = list(_PARTICIPANT_GAP.finditer(gap))
            if cues and not _OBJECT_GAP.search(gap, cues[-1].end()):
                taking_part.add(a.canonical)
            else:
                after.add(a.canonical)
    return frozenset(after - taking_part)


def _struck_side(
    frames: Sequence[Frame], side_of: Callable[[str], str | None], author: str | None
) -> str | None:
    """The actor the first figure of dead or wounded names by its name (``side_of``), when
    it is not the author's own ("five ISIS fighters and two soldiers": the first side)."""
    for f in frames:
        for c in (*f.casualties, *f.updates):
            if c.subject is None or c.perpetrator or c.kind not in _HURT:
                continue
            side = side_of(c.subject)
            if side is not None and side not in {author, _UNIDENTIFIED}:
                return side
    return None


_HURT = frozenset({CasualtyKind.KILLED, CasualtyKind.INJURED})


def _civilian_dead(frames: Sequence[Frame]) -> bool:
    return any(
        c.subject and _CIVILIAN.search(c.subject)
        for f in frames
        for c in (*f.casualties, *f.updates)
    )


def _unplaced(frames: Sequence[Frame]) -> bool:
    """Whether the frames' place is only the country the report is assumed to be about
    (no place of the text resolved): its country is a guess, not the event's."""
    return all(
        f.place_assumed and f.place is not None and f.place.geo_precision == GeoPrecision.COUNTRY
        for f in frames
    )


def _event_day(d: FrameDate) -> dt.date | None:
    """The day an event is taken to have happened on: its date, else the middle of its
    window."""
    if d.date is not None:
        return d.date
    if d.window is None:
        return None
    first, last = d.window
    return first + (last - first) / 2


def _first(g: _Group) -> int:
    return min(f.trigger_start for f in g.frames)


def _fatalities(frames: Sequence[Frame], side_of: Callable[[str], str | None]) -> Fatalities | None:
    """All the claim's figures at once: parties named apart are summed, figures for the
    same or unnamed people are rival accounts (low = lowest, best = highest), and a
    "toll rose to" figure replaces what came before it."""
    seen: dict[tuple[int, int], CasualtyMention] = {}
    for f in frames:
        for m in (*f.casualties, *f.updates):
            seen.setdefault((m.span.start, m.span.end), m)
    if not seen:
        return None
    return combine(sorted(seen.values(), key=lambda m: m.span.start), side_of=side_of)


def _claim_id(
    document_id: str, event_type: str, place: Place | None, date: FrameDate, nth: int = 0
) -> str:
    """A stable id; ``nth`` > 0 tells apart two events of one type, place and day (two
    perpetrators' strikes on one city)."""
    key = "|".join(
        [
            document_id,
            event_type,
            place_key(place),
            date.date.isoformat() if date.date else "",
            f"{date.window[0]}-{date.window[1]}" if date.window else "",
            *([str(nth)] if nth else []),
        ]
    )
    return "c" + hashlib.sha256(key.encode()).hexdigest()[:15]


def _evidence(frames: Sequence[Frame], *, extra: Sequence[Span] = ()) -> tuple[Span, ...]:
    spans: dict[tuple[int, int, str], Span] = {}

    def add(start: int, end: int, text: str, role: str) -> None:
        spans.setdefault((start, end, role), Span(start=start, end=end, text=text, role=role))

    for f in frames:
        add(f.sentence.start, f.sentence.end, f.sentence.text, "sentence")
        for t in f.triggers:
            add(t.start, t.end, t.text, "trigger")
        if f.place_span is not None:
            add(f.place_span.start, f.place_span.end, f.place_span.text, "location")
        if f.date.span is not None:
            add(f.date.span.start, f.date.span.end, f.date.span.text, "date")
        for c in (*f.casualties, *f.updates):
            add(c.span.start, c.span.end, c.span.text, "fatalities")
        for a in f.actors:
            add(a.span.start, a.span.end, a.span.text, "actor")
        for s in f.claimant_spans:
            add(s.start, s.end, s.text, "claimant")
    for s in extra:
        add(s.start, s.end, s.text, s.role)
    return tuple(sorted(spans.values(), key=lambda s: (s.start, s.end, s.role)))


def _officials_of(
    groups: Sequence[_Group], officials: Sequence[OfficialMention]
) -> dict[int, list[OfficialMention]]:
    """The officials each group's event is joined by (keyed by ``id(group)``): an
    official's sentence's event, else the event told last before it in its paragraph
    ("... protested in Lexington. Mayor Linda Gorton was present.")."""
    out: dict[int, list[OfficialMention]] = {}
    for o in officials:
        owner: _Group | None = None
        best = (-1, False)
        for g in groups:
            for f in g.frames:
                if f.paragraph != o.paragraph or f.sentence_index > o.sentence_index:
                    continue
                # (a crowd's event first, of those its sentence tells)
                key = (f.sentence_index, g.event_type in {PROTESTS, RIOTS})
                if key > best:
                    owner, best = g, key
        if owner is not None:
            out.setdefault(id(owner), []).append(o)
    return out


def _notes(
    sub: str,
    actor1: str | None,
    actor2: str | None,
    place: Place | None,
    fat: Fatalities | None,
    claimants: Sequence[str],
) -> str:
    who = actor1 or "unidentified actors"
    if actor2:
        who += f" against {actor2}"
    where = place.name if place else "an unknown place"
    deaths = ""
    if fat is not None:
        if fat.high is None:
            deaths = f"; at least {fat.low} killed"
        elif fat.low == fat.high:
            deaths = f"; {fat.low} killed"
        else:
            deaths = f"; {fat.low}-{fat.high} killed (best {fat.best})"
    source = f" (per {', '.join(claimants)})" if claimants else ""
    return f"{sub}: {who} in {where}{deaths}{source}"


_IED = "Remote explosive/landmine/IED"
_BLAST_WORDS = re.compile(BLASTS, re.IGNORECASE)


def _tells(frames: Sequence[Frame], sub: str) -> bool:
    """Whether an event word of the frames tells ``sub``."""
    return any(t.sub_event_type == sub for f in frames for t in f.triggers)


def _only_blasts(frames: Sequence[Frame], sub: str) -> bool:
    """Whether the frames tell ``sub`` only by words for an explosion."""
    return all(
        _BLAST_WORDS.fullmatch(t.text)
        for f in frames
        for t in f.triggers
        if t.sub_event_type == sub
    )


# the sub-types whose author a report often cannot name (ACLED then codes an unidentified
# armed group, by the actor table's canonical name for it)
_PLANTED = frozenset({_IED, "Suicide bomb", "Grenade"})
_UNIDENTIFIED = "Unidentified armed group"
_AIR = "Air/drone strike"
# the actors that fly the aircraft of air strikes (a drone may be anyone's)
_AIR_FORCES = frozenset({ActorKind.STATE_FORCES, ActorKind.EXTERNAL_FORCES, ActorKind.STATE})
# a strike its report says nobody can attribute, or a drone's (many sides fly drones)
_UNATTRIBUTED = re.compile(
    r"\b(?:(?:unidentified|unknown|unmarked|unclaimed|unattributed)\s+(?:\w+\s+)?"
    r"(?:air|aircraft|warplanes?|jets?|planes?|helicopters?|drones?)|drones?)\b",
    re.IGNORECASE,
)


def _unattributed(fs: Sequence[Frame]) -> bool:
    return any(_UNATTRIBUTED.search(f.sentence.text) for f in fs)


def _air_roles(
    fs: Sequence[Frame],
    actor1: str | None,
    actor2: str | None,
    named: set[str],
    *,
    air_authors: set[str],
    default: str | None,
) -> tuple[str | None, str | None, str]:
    """The roles of an air strike (not a drone's, nor one told as unattributed), and a note
    when its author is inferred. ``named`` (the associated actors) is updated in place.

    Rebels, militants and civilians fly no aircraft ("air strikes on the rebel-held town"):
    such an initiator is where the strike hit, and a state's forces the roles put second,
    or the one air force the claim names beside, struck it. A strike without an author is
    the one air force the report names striking ("Russian jets pounded X ... air strikes
    also hit Y"), else ``default``, the country's (``ActorTable.air_force``); no guess when
    the report names several, or when the claim names a state's or a coalition's forces
    (however the roles were read: they may be the air force that struck)."""
    kinds = {a.canonical: a.info.kind for f in fs for a in f.actors}
    if actor1 is not None and kinds.get(actor1, ActorKind.STATE_FORCES) not in _AIR_FORCES:
        if actor2 is not None and kinds.get(actor2) in _AIR_FORCES:
            actor1, actor2 = actor2, actor1
        elif actor2 is None:
            actor1, actor2 = None, actor1
        else:
            named.add(actor1)
            actor1 = None
        flyers = [n for n in named if kinds.get(n) in _AIR_FORCES]
        if actor1 is None and len(flyers) == 1:
            actor1 = flyers[0]
            named.discard(actor1)
    if actor1 is not None:
        return actor1, actor2, ""
    if air_authors:
        author = next(iter(air_authors)) if len(air_authors) == 1 else None
    else:
        author = default
    forces = {a.canonical for f in fs for a in f.actors if a.info.state_actor}
    if author is None or author in {actor2, *named} or forces - {author}:
        return None, actor2, ""
    return author, actor2, f"; author not named, taken to be {author}"


def assemble(
    frames: Sequence[Frame],
    tolls: Sequence[TollFrame],
    *,
    document_id: str,
    published: dt.date | None,
    fallback_place: Place | None,
    side_of: Callable[[str], str | None],
    stages: tuple[StageVersion, ...],
    named_side_of: Callable[[str], str | None] = lambda subject: None,
    crowd_note: bool = False,
    coded_fatalities: tuple[int, Span] | None = None,
    air_force_of: Callable[[str | None], str | None] = lambda country: None,
    officials: Sequence[OfficialMention] = (),
    government_of: Callable[[str | None], str | None] = lambda country: None,
    coded_as: Callable[[str, dt.date], str] = lambda name, day: name,
) -> tuple[list[Claim], list[Toll]]:
    """Claims and tolls of one document's frames. ``coded_fatalities``: the figure an
    ACLED note says its coder kept ("Fatalities coded as 3"), which is the deaths of the
    note's one event whatever else the note reports. ``air_force_of``: the actor whose
    air strikes in a country (ISO code) a report means when it names no author
    (``ActorTable.air_force``). ``officials``: sitting officials told as one of a crowd;
    a demonstration or riot they join has its country's government (``government_of``,
    ``ActorTable.government``) as an associated actor, as ACLED codes it. ``coded_as``:
    the name an actor is coded as on the event's day (``ActorTable.coded_as``: the
    Taliban are Afghanistan's forces from 15 August 2021)."""
    live = [f for f in frames if f.triggers]
    if any(f.sentence_index >= _NEWS_SENTENCES for f in live):
        live = [f for f in live if f.event_type != STRATEGIC or _dated_in_sentence(f)]
    for f in live:
        if f.place_span is not None and f.place_span.end == 0:
            f.place_span = None  # the nationwide marker
        if f.place is None or (
            f.place.geo_precision == GeoPrecision.COUNTRY
            and not f.country_wide
            and fallback_place is not None
        ):
            # "an attack in Syria" in a report about Idlib happened in Idlib
            f.place = fallback_place
            f.place_assumed = True
    summaries: list[_Group] = []
    groups = _one_demonstration(
        _rejoin_unplaced(
            _told_again(
                _intercepted(_one_incident(_zoom_in(_group(_resolve_anaphora(live)), summaries)))
            )
        )
    )
    tolls = [*tolls, *_summary_tolls(summaries)]
    if crowd_note:
        groups = _one_crowd(groups)
    # the air forces the report names striking: one of them is the author of the strikes
    # it tells without one ("Russian jets pounded X ... air strikes also hit Y")
    air_authors = {
        a.canonical
        for f in live
        if f.sub_event_type == _AIR
        for a in f.actors
        if a.canonical == f.initiator and a.info.kind in _AIR_FORCES
    }
    joined = _officials_of(groups, officials)
    claims: dict[str, Claim] = {}
    for g in groups:
        fs = sorted(g.frames, key=lambda f: f.trigger_start)
        date = g.date
        own = [f.sub_event_type for f in fs if f.event_type == g.event_type]
        sub = max(own or [f.sub_event_type for f in fs], key=lambda s: SUB_EVENT_PRIORITY[s])
        if sub == _IED and _tells(fs, "Grenade") and _only_blasts(fs, _IED):
            sub = "Grenade"  # "a grenade explosion": the blast is the grenade's
        fat = _fatalities(fs, side_of)
        actor1 = next((f.initiator for f in fs if f.initiator), None)
        actor2 = next((f.target for f in fs if f.target and f.target != actor1), None)
        if actor2 is None:
            actor2 = next(
                (
                    f.initiator
                    for f in fs
                    if f.initiator
                    and f.initiator != actor1
                    # a crowd told rioting beside is the rioters ("residents barricaded the
                    # road ... running battles between the group and police")
                    and not (g.event_type == RIOTS and f.initiator in _CROWDS)
                ),
                None,
            )
        named = {a.canonical for f in fs for a in f.actors} - {actor1, actor2, None}
        if g.event_type in {BATTLES, EXPLOSIONS}:
            # a government named beside a battle or a strike ("the Syrian government and its
            # allies", "accused of collaborating with the government") is no party to it:
            # ACLED names the state's forces there, never the state itself
            named -= {a.canonical for f in fs for a in f.actors if a.info.kind is ActorKind.STATE}
        if sub in _PLANTED and not {actor1, actor2, *named} - {None, "Civilians"}:
            # ACLED's author of a bomb, mine or grenade that nobody claims
            actor1, actor2 = _UNIDENTIFIED, actor2 or actor1
        inferred = ""
        if sub == _AIR and not _unattributed(fs):
            actor1, actor2, inferred = _air_roles(
                fs,
                actor1,
                actor2,
                named,
                air_authors=air_authors,
                default=air_force_of(g.place.country) if g.place is not None else None,
            )
        if (
            g.event_type in {EXPLOSIONS, VIOLENCE_AGAINST_CIVILIANS}
            and "Civilians"
            not in {
                actor1,
                actor2,
            }
            and _civilian_dead(fs)
        ):
            # ACLED names the civilians among the dead as an actor
            if actor2 is None:
                actor2 = "Civilians"
            else:
                named.add("Civilians")
        if actor2 is None and g.event_type in {BATTLES, EXPLOSIONS}:
            # "Turkish forces shelled Ain Issa. 1 SDF fighter was killed.": the side whose
            # dead or wounded a figure names is the one struck
            actor2 = _struck_side(fs, named_side_of, actor1)
            if actor2 == "Civilians" and g.event_type == BATTLES:
                actor2 = None  # (civilians caught in a clash are no side of it)
            named.discard(actor2)
        if actor1 == "Civilians" and g.event_type in _VIOLENT:
            # civilians suffer the violence: ACLED never names them its author
            actor1, actor2 = (None if actor2 == "Civilians" else actor2), "Civilians"
        etype = g.event_type
        if (
            etype == VIOLENCE_AGAINST_CIVILIANS
            and sub == "Attack"
            and actor2 == "Protesters"
            and any(a.canonical == actor1 and a.info.state_actor for f in fs for a in f.actors)
        ):
            # "police shot dead three protesters": ACLED codes a state's violence on
            # demonstrators as excessive force against protesters, a protest event
            etype, sub = PROTESTS, "Excessive force against protesters"
        if etype == PROTESTS:
            # what a crowd protests against, demands of or supports is no party to it (a
            # riot's are often its targets: "pelted stones at the police")
            objects = _crowd_objects(fs)
            named -= objects
            actor1, actor2 = _protest_roles(sub, actor1, actor2, named, objects)
        crowd_officials = joined.get(id(g), []) if etype in {PROTESTS, RIOTS} else []
        government = (
            government_of(g.place.country)
            if crowd_officials and g.place is not None and not _unplaced(fs)
            else None
        )
        if government is not None and government not in {actor1, actor2}:
            # officials among the crowd: ACLED names their government beside it
            named.add(government)
        else:
            crowd_officials = []
        day = _event_day(date)
        if day is not None:
            # an actor whose identity changed at a date is coded as it was on the day
            actor1 = coded_as(actor1, day) if actor1 else actor1
            actor2 = coded_as(actor2, day) if actor2 else actor2
            if actor2 == actor1:
                actor2 = None
            named = {coded_as(n, day) for n in named if n} - {actor1, actor2}
        claimants = list(dict.fromkeys(c for f in fs for c in f.claimants))
        places = [
            f.place for f in fs if f.place is not None and place_key(f.place) == place_key(g.place)
        ]
        place = min(places, key=lambda p: int(p.geo_precision)) if places else g.place
        cid = _claim_id(document_id, etype, place, date)
        nth = 0
        while cid in claims:
            nth += 1
            cid = _claim_id(document_id, etype, place, date, nth)
        claims[cid] = Claim(
            id=cid,
            document_id=document_id,
            event_type=etype,
            sub_event_type=sub,
            date=date.date,
            date_window=date.window,
            date_precision=date.precision,
            date_basis=date.basis,
            location=place,
            actor1=actor1,
            actor2=actor2,
            assoc_actors=tuple(sorted(n for n in named if n)),
            fatalities=fat,
            claimants=tuple(claimants),
            evidence=_evidence(fs, extra=[o.span for o in crowd_officials]),
            notes=_notes(sub, actor1, actor2, place, fat, claimants) + inferred,
            published=published,
            stages=stages,
        )
    if coded_fatalities is not None and len(claims) == 1:
        (cid,) = claims
        n, span = coded_fatalities
        only = claims[cid]
        fat = Fatalities(low=n, best=n, high=n)
        claims[cid] = dataclasses.replace(
            only,
            fatalities=fat,
            evidence=(*only.evidence, span),
            notes=_notes(
                only.sub_event_type, only.actor1, only.actor2, only.location, fat, only.claimants
            ),
        )
    out_tolls: dict[str, Toll] = {}
    for t in tolls:
        c = t.casualty
        deaths = Fatalities(low=c.count.low, best=c.count.best, high=c.count.high)
        key = f"{document_id}|toll|{place_key(t.scope)}|{deaths.low}|{t.date.window}"
        tid = "t" + hashlib.sha256(key.encode()).hexdigest()[:15]
        scope_name = t.scope.name if t.scope else "unknown area"
        out_tolls[tid] = Toll(
            id=tid,
            document_id=document_id,
            scope=t.scope,
            date_window=t.date.window,
            date_precision=t.date.precision,
            date_basis=t.date.basis,
            deaths=deaths,
            claimants=t.claimants,
            evidence=tuple(
                sorted(
                    {
                        Span(start=t.sentence.start, end=t.sentence.end, text=t.sentence.text),
                        Span(
                            start=c.span.start, end=c.span.end, text=c.span.text, role="fatalities"
                        ),
                        *t.claimant_spans,
                    },
                    key=lambda s: (s.start, s.end),
                )
            ),
            notes=f"toll: {deaths.low}{'+' if deaths.high is None else ''} {c.subject or 'people'} killed in {scope_name}",
            subject=c.subject,
            published=published,
            stages=stages,
        )
    ordered = sorted(
        claims.values(), key=lambda c: (c.evidence[0].start if c.evidence else 0, c.id)
    )
    return ordered, list(out_tolls.values())
