"""The sub-type model, measured honestly: trained on the ``train`` side of acled-dev (80% of
the notes by a hash of the event id), scored on the held-out ``test`` side (20%) with the
rules alone and with the rules re-ranked by the model (scope ``any`` as trained, and
``type``); then, as a check of text unlike the training notes, on the FA-KES news articles
of ../shared/gold-dev (scored only: nothing is ever trained on gold-dev).

    python benchmarks/eval_subtype_classifier.py [--model-out PATH] [--json OUT.json]

The trained model stays in a temporary folder unless --model-out names a path (never
commit one: ACLED-trained weights do not ship).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import tempfile
import time
from pathlib import Path

from _common import SHARED, need

from observatory.classify import SubtypeModel, rerank_claims, train_subtype_model
from observatory.evaluate import load_gold, match, score_document, summarise
from observatory.evaluate_acled import AcledScore, evaluate_acled, load_acled
from observatory.extract import Extractor
from observatory.ingest import make_document
from observatory.records import PublishedBasis
from observatory.settings import load_settings

ACLED = SHARED / "data" / "acled-dev" / "acled_2022_outside_mena.csv"
FAKES_GOLD = SHARED / "gold-dev" / "fa-kes"


def with_scope(model: SubtypeModel, scope: str) -> SubtypeModel:
    return SubtypeModel(
        info=dataclasses.replace(model.info, scope=scope),
        vocabulary=model.vocabulary,
        weights=model.weights,
        intercepts=model.intercepts,
    )


def fakes(extractor: Extractor, models: dict[str, SubtypeModel | None]) -> None:
    """Core recall, precision and sub-type accuracy on typed matches, per model."""
    if not (FAKES_GOLD / "gold").is_dir():
        print(f"\nFA-KES check skipped: {FAKES_GOLD} is not there")
        return
    gold = load_gold(FAKES_GOLD / "gold")
    coded = []
    for g in gold:
        text = (FAKES_GOLD / "docs" / g.doc).read_text(encoding="utf-8")
        doc = make_document(
            text, id=g.doc, published=g.published, published_basis=PublishedBasis.USER
        )
        coded.append((g, doc, extractor.extract(doc).claims))

    def canonical(name: str) -> str:
        return extractor.actors.canonical(name) or name

    print(f"\nFA-KES news (gold-dev, {len(gold)} articles; scored, never trained on):")
    print(f"{'':22} {'recall':>8} {'prec':>8} {'subAcc':>8}")
    for name, model in models.items():
        scores = []
        typed = right = 0
        for g, doc, claims in coded:
            if model is not None:
                claims = rerank_claims(claims, doc.text, model)
            scores.append(score_document(g, claims, canonical=canonical))
            events = {e.id: e for e in g.events}
            by_id = {c.id: c for c in claims}
            for claim_id, event_id in match(g, claims, canonical=canonical).items():
                typed += 1
                right += by_id[claim_id].sub_event_type in events[event_id].sub_event_types
        total = summarise(scores)
        print(
            f"{name:22} {total.core_recall or 0:8.3f} {total.precision or 0:8.3f}"
            f" {right / typed if typed else 0:8.3f}"
        )


def row(name: str, score: AcledScore) -> str:
    def f(value: float | None) -> str:
        return "-" if value is None else f"{value:.3f}"

    return (
        f"{name:22} {f(score.sub_type_weighted_f1):>8} {f(score.sub_type_accuracy):>8}"
        f" {f(score.type_accuracy):>8} {f(score.core_recall):>8} {f(score.precision):>8}"
        f" {f(score.fatality_accuracy):>8}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--file", type=Path, default=ACLED)
    parser.add_argument("--model-out", type=Path, default=None)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    need(args.file)
    settings = load_settings()
    extractor = Extractor.from_settings(settings)
    train = load_acled(args.file, part="train")
    test = load_acled(args.file, part="test")
    started = time.perf_counter()
    model, report = train_subtype_model(train, extractor=extractor, source=args.file)
    print(
        f"trained on {report.notes} notes ({report.classes} sub-types, {report.terms} terms)"
        f" in {time.perf_counter() - started:.1f} s; threshold {report.threshold}"
        f" (validation {report.validation_notes} notes: rules F1 {report.validation_f1_rules:.3f},"
        f" re-ranked {report.validation_f1_model:.3f})"
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = args.model_out or Path(tmp) / "subtype.npz"
        model.save(path)
        print(f"model file {path.stat().st_size / 1e6:.1f} MB")
        loaded = SubtypeModel.load(path)
        rules = evaluate_acled(test, extractor=extractor)
        started = time.perf_counter()
        ranked = evaluate_acled(test, extractor=extractor, subtype_model=loaded)
        seconds = time.perf_counter() - started
        within = evaluate_acled(test, extractor=extractor, subtype_model=with_scope(loaded, "type"))
    print(f"\nheld-out test side: {len(test)} notes ({len(test) / seconds:.0f} notes/s re-ranked)")
    print(
        f"{'':22} {'subF1':>8} {'subAcc':>8} {'typeAcc':>8} {'recall':>8} {'prec':>8} {'fatal':>8}"
    )
    print(row("rules", rules))
    print(row("rules + model", ranked))
    print(row("rules + model (type)", within))
    with_claim = [r for r in rules.results if r.has_claim]
    if with_claim:
        ok_rules = sum(r.sub_type_ok for r in with_claim) / len(with_claim)
        ids = {r.event_id for r in with_claim}
        ranked_claim = [r for r in ranked.results if r.event_id in ids]
        ok_ranked = sum(r.sub_type_ok for r in ranked_claim) / len(ranked_claim)
        print(
            f"sub-type accuracy on the {len(with_claim)} notes with a claim:"
            f" rules {ok_rules:.3f}, re-ranked {ok_ranked:.3f}"
        )
    print("\nper sub-type F1 (rules -> re-ranked):")
    after = {s.sub_type: s for s in ranked.sub_types}
    for s in rules.sub_types:
        print(f"  {s.sub_type:38} {s.support:5} {s.f1:6.3f} -> {after[s.sub_type].f1:6.3f}")
    fakes(
        extractor,
        {"rules": None, "rules + model": model, "rules + model (type)": with_scope(model, "type")},
    )
    if args.json:
        args.json.write_text(
            json.dumps({"rules": rules.as_json(), "reranked": ranked.as_json()}, indent=2)
        )


if __name__ == "__main__":
    main()
