"""ACLED dev notes (7,747 notes of 2022, every region but the Middle East and North Africa):
the figures of ``observatory evaluate --acled`` on the whole file, with the time taken.

    python benchmarks/eval_acled.py [--limit N] [--country NAME] [--part all|train|test]
                                    [--note-country] [--subtype-model PATH]
                                    [--classes N] [--by-country N] [--json OUT.json] [--per-note OUT.jsonl]

``--note-country`` runs each note with the note's own country as the default country (as
a user coding one country's reports would set ``default_country``); without it, the
settings' default country (Syria) is the tie-breaker, as for any user who did not set it.
``--per-note`` writes each note's result (ids and labels only, no ACLED text).
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from _common import SHARED, need

from observatory.classify import SubtypeModel
from observatory.evaluate_acled import (
    AcledNote,
    AcledScore,
    CountryExtractors,
    NoteResult,
    by_country,
    evaluate_acled,
    load_acled,
)
from observatory.extract import Extractor
from observatory.settings import load_settings

ACLED = SHARED / "data" / "acled-dev" / "acled_2022_outside_mena.csv"


def show(score: AcledScore, seconds: float) -> None:
    def f(value: float | None) -> str:
        return "-" if value is None else f"{value:.3f}"

    print(f"notes                         {score.notes}  ({score.notes / seconds:.0f} notes/s)")
    print(f"share with a claim            {f(score.claim_share)}  (target >= 0.97)")
    print(f"claims per note               {score.claims / max(score.notes, 1):.2f}")
    print(f"core recall (typed match)     {f(score.core_recall)}")
    print(f"precision                     {f(score.precision)}")
    print(f"event-type accuracy           {f(score.type_accuracy)}")
    print(f"sub-type accuracy             {f(score.sub_type_accuracy)}")
    print(f"sub-type weighted F1          {f(score.sub_type_weighted_f1)}  (target >= 0.75)")
    print(f"date accuracy                 {f(score.date_accuracy)}")
    print(f"fatality accuracy             {f(score.fatality_accuracy)}")
    print(f"geo within radius             {f(score.geo_within_radius)}")
    print(
        f"geo within radius, known      {f(score.geo_within_radius_known)}"
        f"  ({score.known_places} notes whose place the gazetteer knows)"
    )
    print(f"actor recall (scorable)       {f(score.actor_recall)}  ({score.actors_scorable})")
    print()
    print(f"{'sub-type':38} {'n':>5} {'P':>6} {'R':>6} {'F1':>6}  most confused with")
    for s in score.sub_types:
        worst = ", ".join(f"{p} {n}" for p, n in s.confused_with[:3])
        print(
            f"{s.sub_type:38} {s.support:5} {f(s.precision):>6} {f(s.recall):>6} {s.f1:6.3f}  {worst}"
        )


LABEL = re.compile(r"^([A-Z][a-z]+(?: [a-z]+){0,3}):\s")


def failure_classes(notes: Sequence[AcledNote], score: AcledScore) -> list[tuple[str, list[str]]]:
    """Each note's failures, grouped into classes (most notes first); values are event ids."""
    text = {n.event_id: n for n in notes}
    classes: dict[str, list[str]] = defaultdict(list)
    for r in score.results:
        note = text[r.event_id]
        if not r.has_claim:
            label = LABEL.match(note.notes)
            if label:
                classes[f'no claim: note labelled "{label.group(1)}:"'].append(r.event_id)
            elif note.date.month == 5:
                classes["no claim: note dated in May"].append(r.event_id)
            else:
                classes[f"no claim: {r.gold_type}"].append(r.event_id)
            continue
        if not r.sub_type_ok:
            classes[f"sub-type {r.gold_sub_type} -> {r.predicted_sub_type}"].append(r.event_id)
        if r.claims > 1:
            classes["several claims for one note"].append(r.event_id)
        if r.geo_ok is False:
            if not r.place_known:
                classes["place unknown to the gazetteer, claim outside the radius"].append(
                    r.event_id
                )
            elif r.geo_precision == 4:
                classes["place known, claim at country level"].append(r.event_id)
            else:
                classes["place known, claim at another place"].append(r.event_id)
        deaths = r.predicted_fatalities
        if r.type_ok and deaths is not None and deaths != r.gold_fatalities:
            side = "under" if deaths < r.gold_fatalities else "over"
            classes[f"fatalities {side} ACLED's (event type right)"].append(r.event_id)
    return sorted(classes.items(), key=lambda kv: (-len(kv[1]), kv[0]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--file", type=Path, default=ACLED)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--country", default=None)
    parser.add_argument("--part", choices=["all", "train", "test"], default="all")
    parser.add_argument("--subtype-model", type=Path, default=None)
    parser.add_argument("--note-country", action="store_true")
    parser.add_argument("--classes", type=int, default=0, help="print the N commonest failures")
    parser.add_argument(
        "--by-country", type=int, default=0, help="figures of the N countries with most notes"
    )
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--per-note", type=Path, default=None)
    args = parser.parse_args()
    need(args.file)
    notes = load_acled(args.file, country=args.country, limit=args.limit, part=args.part)
    model = SubtypeModel.load(args.subtype_model) if args.subtype_model else None
    settings = load_settings()
    started = time.perf_counter()
    score = evaluate_acled(
        by_country(notes) if args.note_country else notes,
        extractor=CountryExtractors(settings)
        if args.note_country
        else Extractor.from_settings(settings),
        subtype_model=model,
    )
    seconds = time.perf_counter() - started
    show(score, seconds)
    if args.by_country:
        print(f"\n{'country':28} {'notes':>6} {'claim':>6} {'subAcc':>6} {'geo':>6} {'recall':>6}")
        groups: dict[str, list[NoteResult]] = defaultdict(list)
        for r in score.results:
            groups[r.country].append(r)
        for country, rows in sorted(groups.items(), key=lambda kv: -len(kv[1]))[: args.by_country]:
            n = len(rows)
            claimed = [r for r in rows if r.has_claim]
            geo = sum(bool(r.geo_ok) for r in claimed) / len(claimed) if claimed else 0.0
            print(
                f"{country:28} {n:6} {len(claimed) / n:6.2f}"
                f" {sum(r.sub_type_ok for r in rows) / n:6.2f} {geo:6.2f}"
                f" {sum(r.typed_match for r in rows) / n:6.2f}"
            )
    if args.classes:
        print(f"\n{args.classes} commonest failure classes (notes; first event ids):")
        for name, ids in failure_classes(notes, score)[: args.classes]:
            print(f"{len(ids):6}  {name}  ({', '.join(ids[:3])})")
    if args.json:
        args.json.write_text(json.dumps(score.as_json(), indent=2))
    if args.per_note:
        with args.per_note.open("w") as out:
            for row in score.as_json(per_note=True)["per_note"]:
                out.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    main()
