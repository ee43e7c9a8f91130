"""Scoring against ACLED exports: reading, matching rules, figures, the CLI.

The notes below are written for these tests in ACLED's style; none is ACLED's text.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from observatory.cli import cli
from observatory.errors import EvaluationError
from observatory.evaluate_acled import (
    NO_CLAIM,
    AcledNote,
    date_window,
    evaluate_acled,
    load_acled,
    read_acled,
    score_note,
    summarise_acled,
)
from observatory.records import (
    Claim,
    DateBasis,
    DatePrecision,
    Fatalities,
    GeoPrecision,
    Place,
    Span,
)
from observatory.settings import Settings

COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "actor2",
    "assoc_actor_2",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "notes",
    "fatalities",
]

# (id, date, time precision, type, sub-type, actor1, actor2, country, admin1, location,
#  lat, lon, geo precision, fatalities, note)
ROWS = [
    (
        "SYR1",
        "2022-03-14",
        1,
        "Protests",
        "Peaceful protest",
        "Protesters (Syria)",
        "",
        "Syria",
        "Homs",
        "Homs",
        34.7324,
        36.7137,
        1,
        0,
        "On 14 March 2022, about 60 teachers gathered in front of the education directorate in"
        " Homs city (Homs) to protest against delayed salaries. [size=about 60]",
    ),
    (
        "SYR2",
        "2022-03-15",
        1,
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
        "Military Forces of Syria (2000-)",
        "Civilians (Syria)",
        "Syria",
        "Idlib",
        "Ariha",
        35.8134,
        36.6087,
        1,
        2,
        "On 15 March 2022, regime forces shelled Ariha town (Ariha, Idlib). Two civilians were"
        " killed. 2 fatalities.",
    ),
    (
        "SYR3",
        "2022-04-02",
        2,
        "Battles",
        "Armed clash",
        "Military Forces of Syria (2000-)",
        "Islamic State (Syria)",
        "Syria",
        "Homs",
        "Palmyra",
        34.5515,
        38.2694,
        2,
        0,
        "Around 2 April 2022 (week of), regime forces clashed with IS fighters near Palmyra"
        " (Tadmor, Homs). Casualties unknown.",
    ),
    (
        "LBN1",
        "2022-02-20",
        1,
        "Riots",
        "Violent demonstration",
        "Rioters (Lebanon)",
        "",
        "Lebanon",
        "North",
        "Tripoli",
        34.4367,
        35.8497,
        1,
        0,
        "On 20 February 2022, dozens of young men burned tyres and threw stones at the army in"
        " Tripoli (Tripoli, North) to protest against the cost of living. [size=dozens]",
    ),
]


def write_export(path: Path, rows: list[tuple[object, ...]] = ROWS) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, restval="")
        writer.writeheader()
        for r in rows:
            (eid, day, tp, etype, sub, a1, a2, country, adm1, loc, lat, lon, gp, fat, note) = r
            writer.writerow(
                {
                    "event_id_cnty": eid,
                    "event_date": day,
                    "year": str(day)[:4],
                    "time_precision": tp,
                    "event_type": etype,
                    "sub_event_type": sub,
                    "actor1": a1,
                    "actor2": a2,
                    "country": country,
                    "admin1": adm1,
                    "location": loc,
                    "latitude": lat,
                    "longitude": lon,
                    "geo_precision": gp,
                    "notes": note,
                    "fatalities": fat,
                }
            )
    return path


@pytest.fixture()
def export(tmp_path: Path) -> Path:
    return write_export(tmp_path / "acled.csv")


def note(**changes: object) -> AcledNote:
    base: dict[str, object] = {
        "event_id": "SYR9",
        "notes": "On 14 March 2022, ...",
        "date": dt.date(2022, 3, 14),
        "time_precision": 1,
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "actor1": "Military Forces of Syria (2000-)",
        "actor2": "Islamic State (Syria)",
        "assoc_actors": (),
        "country": "Syria",
        "admin1": "Homs",
        "location": "Palmyra",
        "latitude": 34.5515,
        "longitude": 38.2694,
        "geo_precision": 1,
        "fatalities": 3,
    }
    base.update(changes)
    return AcledNote(**base)  # type: ignore[arg-type]


def claim(
    *,
    etype: str = "Battles",
    sub: str = "Armed clash",
    lat: float = 34.5515,
    lon: float = 38.2694,
    day: dt.date = dt.date(2022, 3, 14),
    best: int | None = 3,
    start: int = 0,
    actors: tuple[str | None, str | None] = (None, None),
) -> Claim:
    return Claim(
        id=f"c{start}{etype}{sub}{lat}",
        document_id="SYR9",
        event_type=etype,
        sub_event_type=sub,
        date=day,
        date_window=(day, day),
        date_precision=DatePrecision.DAY,
        date_basis=DateBasis.EXPLICIT,
        location=Place(name="P", latitude=lat, longitude=lon, geo_precision=GeoPrecision.TOWN),
        actor1=actors[0],
        actor2=actors[1],
        fatalities=None if best is None else Fatalities(low=best, best=best, high=best),
        evidence=(Span(start=start, end=start + 5, text="....."),),
    )


# -- reading -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("precision", "window"),
    [
        (1, (dt.date(2022, 3, 14), dt.date(2022, 3, 14))),
        (2, (dt.date(2022, 3, 7), dt.date(2022, 3, 21))),
        (3, (dt.date(2022, 3, 1), dt.date(2022, 3, 31))),
    ],
)
def test_date_window_follows_time_precision(
    precision: int, window: tuple[dt.date, dt.date]
) -> None:
    assert date_window(dt.date(2022, 3, 14), precision) == window


def test_reads_an_export(export: Path) -> None:
    notes = load_acled(export)
    assert [n.event_id for n in notes] == ["SYR1", "SYR2", "SYR3", "LBN1"]
    shelling = notes[1]
    assert shelling.fatalities == 2
    assert shelling.actors == ("Military Forces of Syria (2000-)", "Civilians (Syria)")
    assert shelling.radius_km == 15.0
    assert notes[2].radius_km == 35.0
    gold = notes[2].gold().events[0]
    assert gold.date is None  # a week, not a day
    assert gold.date_window == (dt.date(2022, 3, 26), dt.date(2022, 4, 9))


@pytest.mark.parametrize(
    ("country", "ids"),
    [("Lebanon", ["LBN1"]), ("syria", ["SYR1", "SYR2", "SYR3"]), ("SYR", ["SYR1", "SYR2", "SYR3"])],
)
def test_country_filter(export: Path, country: str, ids: list[str]) -> None:
    assert [n.event_id for n in read_acled(export, country=country)] == ids


def test_limit_and_empty_notes(tmp_path: Path) -> None:
    rows = [ROWS[0], (*ROWS[1][:-1], "  "), ROWS[2], ROWS[3]]
    path = write_export(tmp_path / "x.csv", rows)
    assert [n.event_id for n in read_acled(path, limit=2)] == ["SYR1", "SYR3"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("id,text\n1,hello\n", "lacks the column"),
        (",".join(COLUMNS) + "\nX1,14/03/2022,,1,B,A,,,,,,,,1,2,1,note,0\n", "not YYYY-MM-DD"),
        (",".join(COLUMNS) + "\nX1,2022-03-14,,1,B,A,,,,,,,,north,2,1,note,0\n", "latitude"),
        (",".join(COLUMNS) + "\nX1,2022-03-14,,1,B,A,,,,,,,,1,2,1,note,many\n", "fatalities"),
    ],
)
def test_bad_exports_are_named(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(EvaluationError, match=message):
        load_acled(path)


def test_missing_file_and_no_notes(tmp_path: Path, export: Path) -> None:
    with pytest.raises(EvaluationError, match="does not exist"):
        load_acled(tmp_path / "nope.csv")
    with pytest.raises(EvaluationError, match="no ACLED notes of country"):
        load_acled(export, country="Peru")


@pytest.mark.parametrize(
    ("location", "names"),
    [
        ("Homs", ("Homs",)),
        ("Aleppo - Salaheddine", ("Aleppo - Salaheddine", "Aleppo")),
        ("Tal Rifaat (north)", ("Tal Rifaat (north)", "Tal Rifaat")),
        ("", ()),
    ],
)
def test_place_names(location: str, names: tuple[str, ...]) -> None:
    from observatory.evaluate_acled import place_names

    assert place_names(location) == names


# -- one note ----------------------------------------------------------------------------


def test_a_right_claim_is_a_typed_match() -> None:
    r = score_note(note(), [claim()])
    assert r.typed_match and r.type_ok and r.sub_type_ok
    assert r.geo_ok and r.date_ok and r.fatalities_ok
    assert r.matched_claims == 1


@pytest.mark.parametrize(("precision", "ok"), [(1, False), (2, True), (3, True)])
def test_radius_follows_geo_precision(precision: int, ok: bool) -> None:
    # 0.2 degrees of latitude north: about 22 km
    r = score_note(note(geo_precision=precision), [claim(lat=34.7515)])
    assert r.geo_ok is ok
    assert r.typed_match is ok
    assert r.geo_km is not None and 21 < r.geo_km < 23


@pytest.mark.parametrize(
    ("precision", "day", "ok"),
    [
        (1, dt.date(2022, 3, 15), False),
        (2, dt.date(2022, 3, 20), True),
        (2, dt.date(2022, 3, 23), False),
        (3, dt.date(2022, 3, 31), True),
        (3, dt.date(2022, 4, 1), False),
    ],
)
def test_date_window_decides_the_match(precision: int, day: dt.date, ok: bool) -> None:
    r = score_note(note(time_precision=precision), [claim(day=day)])
    assert r.typed_match is ok


def test_no_claim() -> None:
    r = score_note(note(), [])
    assert not r.has_claim and not r.typed_match
    assert r.predicted_sub_type == NO_CLAIM
    assert r.geo_ok is None and r.fatalities_ok is None


def test_primary_claim_is_the_first_in_the_text_not_the_best() -> None:
    right = claim(start=80)
    wrong = claim(etype="Protests", sub="Peaceful protest", start=3)
    r = score_note(note(), [right, wrong])
    assert r.predicted_sub_type == "Peaceful protest"  # first in the text
    assert r.typed_match  # the gold rules still pair the Armed clash
    assert r.claims == 2 and r.matched_claims == 1


def test_fatalities_and_actors_on_the_typed_match() -> None:
    known = {"Military Forces of Syria": "Syrian government forces"}
    r = score_note(
        note(),
        [claim(best=5, actors=("Syrian government forces", None))],
        canonical=known.get,
    )
    assert r.fatalities_ok is False
    assert (r.predicted_fatalities, r.gold_fatalities) == (5, 3)
    assert (r.actors_scorable, r.actors_found) == (1, 1)


def test_zero_deaths_match_a_claim_without_figures() -> None:
    r = score_note(note(fatalities=0), [claim(best=None)])
    assert r.fatalities_ok is True


# -- many notes --------------------------------------------------------------------------


def test_weighted_f1_and_confusion() -> None:
    a = note(event_type="Protests", sub_event_type="Peaceful protest")
    b = note(event_type="Riots", sub_event_type="Violent demonstration")
    protest = claim(etype="Protests", sub="Peaceful protest")
    results = [
        score_note(a, [protest]),
        score_note(a, [protest]),
        score_note(a, []),
        score_note(b, [protest]),
    ]
    score = summarise_acled(results)
    assert score.notes == 4 and score.with_claim == 3
    assert score.claim_share == 0.75
    assert score.sub_type_accuracy == 0.5
    assert score.confusion["Peaceful protest"] == {"Peaceful protest": 2, NO_CLAIM: 1}
    assert score.confusion["Violent demonstration"] == {"Peaceful protest": 1}
    # Peaceful protest: P 2/3, R 2/3, F1 2/3 on 3 notes; Violent demonstration: F1 0 on 1
    assert score.sub_type_weighted_f1 == pytest.approx((2 / 3) * 3 / 4)
    protest_row = next(s for s in score.sub_types if s.sub_type == "Peaceful protest")
    assert (protest_row.support, protest_row.predicted, protest_row.correct) == (3, 3, 2)
    assert protest_row.confused_with == ((NO_CLAIM, 1),)
    data = score.as_json(per_note=True)
    assert len(data["per_note"]) == 4
    assert json.loads(json.dumps(data)) == data


def test_empty_summary() -> None:
    score = summarise_acled([])
    assert score.notes == 0 and score.claim_share is None and score.sub_type_weighted_f1 is None


# -- the extractor on written notes ------------------------------------------------------


def test_extractor_on_written_notes(export: Path, extractor: object) -> None:
    from observatory.extract import Extractor

    assert isinstance(extractor, Extractor)
    score = evaluate_acled(load_acled(export), extractor=extractor)
    assert score.notes == 4
    by_id = {r.event_id: r for r in score.results}
    protest = by_id["SYR1"]
    assert protest.typed_match and protest.geo_ok and protest.place_known
    shelling = by_id["SYR2"]
    assert shelling.predicted_sub_type == "Shelling/artillery/missile attack"
    assert shelling.fatalities_ok
    # the figures agree with the notes' results, whatever the extractor does on the rest
    assert score.with_claim == sum(r.has_claim for r in score.results) >= 2
    assert score.core_recall == sum(r.typed_match for r in score.results) / 4


# -- the command -------------------------------------------------------------------------


def run(settings: Settings, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        cli, list(args), env={"OBSERVATORY_GAZETTEER_PATH": settings.gazetteer_path}
    )
    return result.exit_code, result.output


def test_cli_json(export: Path, settings: Settings) -> None:
    code, out = run(settings, "evaluate", "--acled", str(export), "--format", "json")
    assert code == 0, out
    data = json.loads(out)
    assert data["notes"] == 4
    assert 0.0 <= data["sub_type_weighted_f1"] <= 1.0
    assert {s["sub_type"] for s in data["sub_types"]} == {r[4] for r in ROWS}


def test_cli_table(export: Path, settings: Settings) -> None:
    code, out = run(settings, "evaluate", "--acled", str(export), "--country", "Syria", "-v")
    assert code == 0, out
    assert "sub-type weighted F1" in out and "Armed clash" in out
    assert "LBN1" not in out


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--gold", "."], "either --acled or --gold"),
        (["--limit", "0"], "--limit"),
    ],
)
def test_cli_usage_errors(export: Path, settings: Settings, extra: list[str], message: str) -> None:
    code, out = run(settings, "evaluate", "--acled", str(export), *extra)
    assert code == 2 and message in out


def test_cli_acled_options_need_acled(tmp_path: Path, settings: Settings) -> None:
    code, out = run(
        settings, "evaluate", "--gold", str(tmp_path), "--docs", str(tmp_path), "--limit", "3"
    )
    assert code == 2 and "go with --acled" in out


def test_cli_bad_export(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("id,text\n1,hello\n", encoding="utf-8")
    code, out = run(settings, "evaluate", "--acled", str(path))
    assert code == 1 and "lacks the column" in out and "Traceback" not in out


def test_country_extractors_follow_the_notes_country(settings: Settings) -> None:
    from observatory.evaluate_acled import CountryExtractors, by_country

    extractors = CountryExtractors(settings)
    try:
        assert extractors.country("Lebanon") == ("LB", "Beirut")
        assert extractors.country("Atlantis") == (settings.default_country, settings.capital)
        lebanon = extractors(note(country="Lebanon"))
        assert lebanon.country == "LB" and lebanon.capital == "Beirut"
        assert extractors(note(country="Lebanon", event_id="LBN2")) is lebanon
    finally:
        extractors.close()
    notes = [note(country=c, event_id=f"N{i}") for i, c in enumerate(["Syria", "Lebanon", "Syria"])]
    assert [n.event_id for n in by_country(notes)] == ["N1", "N0", "N2"]
