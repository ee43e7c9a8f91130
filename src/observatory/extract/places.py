"""Choosing where an event happened from the place mentions of its clause.

The geocoder finds and resolves every toponym of a document; this module decides which
of them are *locations of events*: it drops datelines, foreign places, place names used
as the name of an institution ("the Homs Security Committee" is weak evidence), a city
standing for its government ("Damascus authorised air raids"), origins ("an activist
from X") and containers of a finer place ("a village in Hama province, Kafr Zeita").
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from observatory.evaluate import haversine_km
from observatory.extract.triggers import lowered
from observatory.geocode import PlaceMention
from observatory.records import GeoPrecision, Place
from observatory.text import BoundarySearch, GatedSearch

__all__ = [
    "CITIES",
    "QUARTERS",
    "Candidate",
    "candidates",
    "coordinated",
    "distance_km",
    "place_key",
    "within",
]

_I = re.IGNORECASE
# (searched before every place mention: BoundarySearch skips words, not trying each character)
_LOCATIVE_BEFORE = BoundarySearch(
    re.compile(
        r"\b(?:in|at|near|around|into|on|onto|outside|inside|across|throughout|towards?|"
        r"along|within|over|targeting|targeted|hit|hitting|struck|striking|pounded|pounding|"
        r"shelled|shelling|bombed|stormed|storming|captured|capturing|seized|seizing|entered|"
        r"entering|overran|besieged|besieging|took|recaptured|retook|control of|outskirts of|"
        r"vicinity of|edge of|edges of|heart of|centre of|center of|east of|west of|north of|"
        r"south of|(?:shelling|bombing|bombardment|siege|capture|storming|liberation|raids?|"
        r"blockade|town|city|village|villages|towns|province|governorate|district|suburb|"
        r"neighbou?rhood|countryside|area|region|camp|base|airport|hamlet|outskirts|residents|"
        r"people|inhabitants|locals|countryside|axis|axes|front|fronts|frontline|frontlines|"
        r"front line|front lines|edge|edges|approaches) of|residents of|people of)\s+(?:the\s+)?"
        r"(?:(?:eastern|western|northern|southern|central|rural|besieged|rebel-held|"
        r"government-held|\w+-held|nearby|neighbou?ring|embattled|northwestern|northeastern|"
        r"southwestern|southeastern|north-western|north-eastern|south-western|south-eastern|"
        r"oil-rich|mountainous|strategic|restive|key|flashpoint|syrian|[a-z][\w-]+(?:'s|’s))\s+)*$",
    )
)
_ORIGIN_BEFORE = re.compile(
    r"\b(?:\d[\d,.]*|some|about|around|nearly|roughly)\s*(?:km|kilometres|kilometers|miles)\s+"
    r"(?:\w+\s+){0,2}(?:of|from)\s+(?:the\s+)?(?:city\s+of\s+|town\s+of\s+)?$|"
    r"\b(?:activists?|man|woman|men|women|residents? who fled|resident|sources?|official|officials|"
    r"journalists?|doctors?|spokes(?:man|woman|person)|members?|refugees?|families|native|"
    r"correspondent|displaced|fled|who is|who are|originally)\b[^.]{0,25}\bfrom\s+(?:the\s+)?"
    r"(?:\w+\s+){0,2}$|\b(?:martyrs|governor|wali|emir|mayor|head|chief|commander|sons|"
    r"daughters|natives?|mp|deputy|representatives?|delegation|council|slogan)[\"'”’]?\s+of\s+(?:the\s+)?$|"
    r"\b(?:slogans?|chant(?:ing|ed|s)?|banners?|placards?|titled|entitled)\s*[“\"'‘]?[^.“”\"]{0,30}$|"
    # where the fire came from, not where it fell: "shells launched by terrorists positioned
    # in X", "rockets fired from X"
    r"\b(?:fired|launched)\b[^.]{0,60}\b(?:positioned|stationed|entrenched|holed up)\s+"
    r"(?:in|at|inside)\s+(?:the\s+)?$|"
    r"\b(?:fired|launched|shot)\s+(?:\w+\s+){0,3}?from\s+(?:the\s+)?$",
)
_PARTISAN_BEFORE = re.compile(r"\b(?:pro|anti)-$")
_PARTISAN_AFTER = re.compile(
    r"^-(?:based|backed|led|allied|aligned|affiliated|friendly|leaning|sponsored|supported|"
    r"funded|trained|armed|born)\b"
)
# "Homs Security Committee", "Aleppo University": a place used in an institution's name
_INSTITUTION_AFTER = re.compile(
    r"^\s*(?:security|military|air force|intelligence|police|council|committee|university|"
    r"governorate council|brigades?|division|front|battalion|regiment|operations room|"
    r"media|news|radio|tv|revolutionary|coordination|local council|city council|"
    r"provincial council|chamber|directorate|branch|prison|central prison|national hospital|"
    r"hospital|university|college|stadium|governor|mayor|police chief|health directorate|"
    r"health director|officials?)\b",
)
# "an informed source in Homs told ...": where the source sits, weak evidence of the scene
_SOURCE_BEFORE = re.compile(
    r"\b(?:sources?|correspondents?|reporters?|activists?|officials?|residents?)\s+"
    r"(?:based\s+)?in\s+(?:the\s+)?(?:city\s+of\s+)?$"
)
# "Damascus said", "Ankara launched": a capital acting as its government
_METONYMY_AFTER = re.compile(
    r"^\s*(?:has|had|have|is|was|will|would|said|says|announced|authori[sz]ed|ordered|"
    r"removed|sacked|dismissed|accused|denied|demanded|resumed|launched|sent|agreed|"
    r"rejected|warned|blamed|insists|insisted|responded|claimed|wants|hopes|backed|"
    r"supports|supported|condemned)\b",
)
_FORCES_AFTER = re.compile(
    r"^(?:'s|’s)?\s+(?:(?:arab|national|government|regime|army|armed|military|air|special|"
    r"security|border|backed|led)\s+)*(?:army|armed forces|forces|troops|soldiers|military|"
    r"air force|warplanes|jets|aircraft|navy|police|regime|government)\b"
)
# "Damascus suburb of", "Aleppo's", "Idlib countryside": a modifier of a finer place
_MODIFIER_AFTER = re.compile(
    r"^(?:'s|’s|\s+(?:suburbs?|countryside|province|governorate|district|neighbou?rhood|"
    r"quarter|outskirts))\b(?:\s+of)?",
)
_DIRECTION_BEFORE = GatedSearch(
    re.compile(
        r"\b(?:eastern|western|northern|southern|central|rural|north-?eastern|north-?western|"
        r"south-?eastern|south-?western|greater|north-?east|north-?west|south-?east|south-?west|"
        r"east|west|north|south)\s+$",
    )
)
_QUARTER_OF_BEFORE = re.compile(
    r"\b(?:neighbou?rhoods?|districts?|quarters?|suburbs?|areas?|parts?|square)\s+of\s+(?:the\s+)?$"
)
_DATELINE_AFTER = re.compile(r"^\s*(?:\(|:|,\s*(?:\w+\s+\d|\d)|\s*[-–—])")


@dataclass(frozen=True, slots=True, kw_only=True)
class Candidate:
    mention: PlaceMention
    place: Place
    score: float
    locative: bool
    weak: bool  # only a place in an institution's name


def distance_km(a: Place, b: Place) -> float | None:
    if a.latitude is None or a.longitude is None or b.latitude is None or b.longitude is None:
        return None
    return haversine_km(a.latitude, a.longitude, b.latitude, b.longitude)


def within(fine: Place, coarse: Place, *, km: float) -> bool:
    """Whether ``fine`` lies in ``coarse``: same admin1 for provinces, a distance otherwise."""
    if coarse.geo_precision == GeoPrecision.COUNTRY or coarse.feature == "country-part":
        return fine.country == coarse.country
    if coarse.feature in {"admin1", "province", "governorate"} or (
        coarse.geo_precision == GeoPrecision.REGION and coarse.feature not in {"region"}
    ):
        return bool(fine.admin1) and fine.admin1 == coarse.admin1
    d = distance_km(fine, coarse)
    return d is not None and d <= km


def candidates(
    text: str,
    mentions: Sequence[PlaceMention],
    *,
    start: int,
    end: int,
    country: str,
    admin1_of: Callable[[str], Place | None] = lambda name: None,
    foreign: bool = False,
) -> list[Candidate]:
    """The mentions in ``text[start:end]`` that can be an event's location, scored.

    Places abroad count only when ``foreign`` is set: the report names no place in the
    default country, which is then a tie-breaker, not a border ("in Mosul" is in Iraq).
    """
    inside = [m for m in mentions if m.place is not None and start <= m.span.start < end]
    out: list[Candidate] = []
    locators: set[int] = set()  # mentions that only say where the one before lies
    low = lowered(text)
    for m in inside:
        place = m.place
        assert place is not None
        abroad = bool(place.country) and place.country != country
        if abroad and (not foreign or place.geo_precision >= GeoPrecision.COUNTRY):
            continue  # "Turkey", "Russia": a party named by its country, rarely the scene
        if m.span.start < 40 and _DATELINE_AFTER.match(text, m.span.end) and m.span.start == start:
            continue  # "BEIRUT (Reuters) -" datelines
        # the cue patterns are lower case and matched on the lower-cased text
        before = low[max(0, m.span.start - 60) : m.span.start]
        after = low[m.span.end : m.span.end + 40]
        if _ORIGIN_BEFORE.search(before) or (
            (before.endswith("-") or after.startswith("-"))
            and (_PARTISAN_BEFORE.search(before) or _PARTISAN_AFTER.match(after))
        ):
            continue  # "pro-Damascus media", "a Doha-based channel": a side, not a scene
        if _METONYMY_AFTER.match(after) and place.feature not in {"village", "neighbourhood"}:
            if place.geo_precision <= GeoPrecision.TOWN and (place.feature or "") in {
                "capital",
                "city",
                "",
                "town",
            }:
                continue
        if place.geo_precision == GeoPrecision.COUNTRY and _FORCES_AFTER.match(after):
            continue  # "the Syria army had killed 28": whose army, not where
        nxt = [o for o in inside if o.span.start > m.span.end and o.span.start - m.span.end < 30]
        modifier = _MODIFIER_AFTER.match(after)
        if nxt and modifier and (modifier.group().endswith("of") or place.feature not in QUARTERS):
            continue  # "the Damascus suburb of Mliha": Mliha is the place
        direction = _DIRECTION_BEFORE.search(before)
        if (
            direction
            and place.geo_precision <= GeoPrecision.NEAR
            # "the X neighbourhood of northeast Damascus": a part of the city
            and not _QUARTER_OF_BEFORE.search(before[: direction.start()])
        ):
            province = admin1_of(m.name)
            if province is not None:
                place = province  # "eastern Deir Ezzor" is the province, not the city
        elif direction and place.geo_precision == GeoPrecision.COUNTRY:
            # "eastern Syria": a part of the country, which a finer place may refine
            place = dataclasses.replace(
                place,
                name=f"{direction.group().strip()} {place.name}",
                geo_precision=GeoPrecision.REGION,
                feature="country-part",
            )
        locator = _locates_another(text, m, mentions)
        if locator:
            locators.add(id(m))
        # "a stronghold on the Euphrates River": a river names no scene, only a stretch
        weak = (
            bool(_INSTITUTION_AFTER.match(after))
            or place.feature in _STRETCHES
            or bool(_SOURCE_BEFORE.search(before))
            or locator
        )
        locative = bool(_LOCATIVE_BEFORE.search(before)) or _possessive_locative(
            text, before, m.span.start
        )
        specificity = {1: 3.0, 2: 2.5, 3: 1.0, 4: 0.0}[int(place.geo_precision)]
        score = (
            specificity
            + (2.0 if locative else 0.0)
            - (2.5 if weak else 0.0)
            - (1.0 if abroad else 0.0)
        )
        out.append(Candidate(mention=m, place=place, score=score, locative=locative, weak=weak))
    # containers: a province or region that holds a finer place of the same clause, and a
    # city that holds a neighbourhood of it ("al-Sheikh Maqsoud neighbourhood in Aleppo city")
    fine = [
        c
        for c in out
        if c.place.geo_precision <= GeoPrecision.NEAR and id(c.mention) not in locators
    ]
    quarters = [c for c in fine if c.place.feature in QUARTERS]
    kept = []
    for c in out:
        if c.place.geo_precision >= GeoPrecision.REGION and any(
            within(f.place, c.place, km=60) for f in fine
        ):
            continue
        if c.place.feature in CITIES and any(
            within(q.place, c.place, km=12) for q in quarters if q is not c
        ):
            continue
        kept.append(c)
    return kept


# "Eastern Ghouta near Damascus", "Tal Rifaat, near the city of Azaz": the second name
# only says where the first lies
_NEAR_GAP = re.compile(
    r"\s*,?\s*(?:near|outside|close\s+to)\s+(?:the\s+)?(?:(?:city|town|capital)\s+(?:of\s+)?)?",
    re.IGNORECASE,
)


def _locates_another(text: str, m: PlaceMention, mentions: Sequence[PlaceMention]) -> bool:
    return any(
        o.span.end < m.span.start
        and m.span.start - o.span.end <= 30
        and o.place is not None
        and _NEAR_GAP.fullmatch(text, o.span.end, m.span.start)
        for o in mentions
    )


# a capitalised word ending in "s" right before the name: a possessive whose apostrophe
# the page lost ("a strike on Syrias Shairat airbase", "in Aleppos Salaheddine district")
_BARE_POSSESSIVE = re.compile(r"\b([a-z][\w-]*s)\s+$")


def _possessive_locative(text: str, before: str, start: int) -> bool:
    """Whether a locative precedes a bare possessive before the mention at ``start``
    (``before``: the lower-cased text up to it)."""
    m = _BARE_POSSESSIVE.search(before)
    if m is None or not text[start - (len(before) - m.start(1))].isupper():
        return False
    return bool(_LOCATIVE_BEFORE.search(before[: m.start()]))


_STRETCHES = frozenset({"river", "sea", "lake", "mountains", "mountain range", "valley"})
QUARTERS = frozenset({"neighbourhood", "district", "quarter", "camp", "suburb"})
CITIES = frozenset({"city", "capital"})


_COORDINATION = re.compile(
    r"^[\s,]*(?:(?:areas?|neighbou?rhoods?|districts?|villages?|towns?|suburbs?|quarters?|"
    r"camps?|city|countryside)\s+)?(?:,|and|or|as well as|in addition to|plus)\s+(?:also\s+)?(?:in\s+|on\s+|at\s+)?"
    r"(?:the\s+)?(?:[\w-]+,?\s+){0,6}?(?:of\s+)?$",
    _I,
)


_REFERENCE_POINT = re.compile(
    r"\b(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|"
    r"south-east|south-west|near|from|outside|km|kilometres|kilometers|miles|towards?|"
    r"linking|connecting|road|highway)\b",
    _I,
)
_BETWEEN_BEFORE = re.compile(r"\bbetween\s+(?:the\s+)?(?:[\w-]+\s+){0,3}$", _I)


# a list whose commas were lost: "the neighbourhood of X the area around the town of Y"
_APPOSITION = re.compile(
    r"\s+(?:the\s+)?(?:[a-z]+\s+)?(?:area|areas|neighbou?rhoods?|district|villages?|towns?|"
    r"city|suburbs?|countryside|outskirts|camp)\s+(?:around\s+|of\s+)?(?:the\s+)?"
    r"(?:(?:town|village|city|neighbou?rhood|district|camp)\s+of\s+)?"
)
# "X west Aleppo and Y", "X in Idlib and Y": the unit holding X, named before the list goes on
_QUALIFIED = re.compile(
    r"\s+(?:in\s+)?(?:(?:north|south|east|west)(?:ern)?\s+|rural\s+)?[A-Z][\w'-]+"
    r"(?:\s+(?:province|governorate|countryside|city))?(?=\s*(?:,|and\b))"
)


def _listed(text: str, gap: str, first: Candidate) -> bool:
    """Whether two places separated by ``gap`` are items of one list ("X, Y and Z")."""
    if len(gap) > 60 or re.search(r"[.;:]", gap):
        return False
    if _APPOSITION.fullmatch(gap):
        return True
    qualified = _QUALIFIED.match(gap)
    if qualified:
        gap = gap[qualified.end() :]
    if not _COORDINATION.match(gap):
        return False
    if _REFERENCE_POINT.search(gap):
        return False  # "Inkhil, north of Daraa": Daraa is a reference point
    before = text[max(0, first.mention.span.start - 40) : first.mention.span.start]
    return not _BETWEEN_BEFORE.search(before)  # "between X and Y" is one stretch


def _container(fine: Place, other: Place, gap: str) -> bool:
    """ "X, Y" where Y is the province holding X, or its like-named capital."""
    if not re.fullmatch(r"\s*(?:town|village|city|district|area)?\s*,\s*", gap, _I):
        return False
    if not fine.admin1 or other.admin1 != fine.admin1:
        return False
    return other.geo_precision >= GeoPrecision.REGION or like_named(other.name, fine.admin1)


_QUALIFIER_GAP = re.compile(
    r"\s*(?:in\s+|,\s*)?(?:the\s+)?(?:(?:north|south|east|west)(?:ern)?|central|rural|"
    r"(?:north|south)-?(?:east|west)(?:ern)?)?\s*",
    _I,
)


def _qualifier(fine: Place, other: Place, gap: str) -> bool:
    """ "X west Aleppo", "X in rural Idlib": ``other`` is the city or province that holds X,
    named after it to say where X is."""
    if not _QUALIFIER_GAP.fullmatch(gap) or not fine.admin1 or other.admin1 != fine.admin1:
        return False
    if fine.geo_precision > GeoPrecision.NEAR or place_key(fine) == place_key(other):
        return False
    return other.geo_precision >= GeoPrecision.REGION or like_named(other.name, fine.admin1)


def place_key(place: Place | None) -> str:
    """What makes two places one: the gazetteer id, else the name and point read."""
    if place is None:
        return "?"
    return place.gazetteer_id or f"{place.name}|{place.latitude}|{place.longitude}"


def like_named(place: str, province: str) -> bool:
    """Whether a place bears its province's name ("Dara" / "Daraa", "Deir ez-Zor"): the
    word may mean the city or the whole province."""
    a, b = _letters(place), _letters(province)
    return bool(a) and bool(b) and (a in b or b in a)


def _letters(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower().replace("al-", "").replace("ar ", ""))


def coordinated(text: str, chosen: Candidate, others: Sequence[Candidate]) -> list[Candidate]:
    """``chosen`` and the places listed with it ("in X, Y and Z"), in text order."""
    group = [chosen]
    ordered = sorted(others, key=lambda c: c.mention.span.start)
    # extend forwards
    last = chosen
    end = chosen.mention.span.end
    for c in ordered:
        if c.mention.span.start <= end:
            continue
        gap = text[end : c.mention.span.start]
        if _container(last.place, c.place, gap) or _qualifier(last.place, c.place, gap):
            # "Tafas town, Daraa", "Kafr Naha west Aleppo": the unit that holds the place
            # qualifies it; the list may go on after it ("... west Aleppo and the X area")
            end = c.mention.span.end
            continue
        if _listed(text, gap, last):
            group.append(c)
            last = c
            end = c.mention.span.end
        else:
            break
    # extend backwards
    first = chosen
    for c in reversed(ordered):
        if c.mention.span.end >= first.mention.span.start:
            continue
        gap = text[c.mention.span.end : first.mention.span.start]
        if _listed(text, gap, c):
            group.insert(0, c)
            first = c
        else:
            break
    seen: set[tuple[float | None, float | None, str]] = set()
    out = []
    for c in group:
        key = (c.place.latitude, c.place.longitude, c.place.name)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out
