"""The optional sub-type model: features, training, files, re-ranking, the train command.

Training data here are notes written for these tests from a few templates (not ACLED's).
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import json
import sys
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from observatory.classify import SubtypeModel, claim_text, rerank_claims, train_subtype_model
from observatory.classify.features import fit_vocabulary, terms, vectorise
from observatory.classify.model import ModelInfo
from observatory.classify.train import weighted_f1
from observatory.cli import cli
from observatory.errors import ModelError
from observatory.evaluate_acled import AcledNote
from observatory.records import Claim, DateBasis, DatePrecision, Span
from observatory.settings import Settings

PLACES = ["Kafr Nabl", "Saraqib", "Jisr al-Shughur", "Maarrat Misrin", "Sarmada", "Binnish"]
TEMPLATES = {
    ("Protests", "Peaceful protest"): [
        "On {d} 2022, dozens of residents gathered in {p} to protest against rising bread prices.",
        "On {d} 2022, teachers held a sit-in outside the school in {p} demanding unpaid wages.",
        "On {d} 2022, hundreds marched through {p} to denounce the fuel shortage. [size=hundreds]",
    ],
    ("Battles", "Armed clash"): [
        "On {d} 2022, rebel fighters clashed with government troops on the edge of {p}.",
        "On {d} 2022, two armed factions exchanged fire near {p}. Casualties unknown.",
        "On {d} 2022, militants ambushed an army patrol outside {p} and fighting followed.",
    ],
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"): [
        "On {d} 2022, regime artillery shelled {p}. No casualties were reported.",
        "On {d} 2022, forces fired mortar rounds at {p}, damaging houses.",
        "On {d} 2022, rocket launchers pounded {p} and its outskirts.",
    ],
    ("Violence against civilians", "Attack"): [
        "On {d} 2022, unidentified gunmen shot dead a shopkeeper in {p}.",
        "On {d} 2022, an armed group killed a farmer in his field near {p}.",
        "On {d} 2022, masked men stabbed a driver to death in {p}.",
    ],
}


def written_notes() -> list[AcledNote]:
    notes = []
    days = ["3 March", "9 April", "21 June", "14 January", "30 May"]
    for n, ((etype, sub), place, day, index) in enumerate(
        itertools.product(TEMPLATES, PLACES, days, range(3))
    ):
        text = TEMPLATES[(etype, sub)][index].format(d=day, p=place)
        notes.append(
            AcledNote(
                event_id=f"TST{n}",
                notes=text,
                date=dt.date(2022, 3, 3),
                time_precision=1,
                event_type=etype,
                sub_event_type=sub,
                actor1="",
                actor2="",
                assoc_actors=(),
                country="Syria",
                admin1="Idlib",
                location=place,
                latitude=35.9,
                longitude=36.6,
                geo_precision=1,
                fatalities=0,
            )
        )
    return notes


@pytest.fixture(scope="module")
def model() -> SubtypeModel:
    trained, report = train_subtype_model(written_notes(), regularisation=10.0)
    assert report.threshold == 0.0 and report.validation_notes == 0
    assert report.classes == 4 and report.notes == 4 * 6 * 5 * 3
    return trained


def make_claim(etype: str, sub: str, sentence: str) -> Claim:
    day = dt.date(2022, 3, 3)
    return Claim(
        id="c1",
        document_id="d",
        event_type=etype,
        sub_event_type=sub,
        date=day,
        date_window=(day, day),
        date_precision=DatePrecision.DAY,
        date_basis=DateBasis.EXPLICIT,
        location=None,
        evidence=(Span(start=0, end=len(sentence), text=sentence),),
    )


# -- features ----------------------------------------------------------------------------


def test_terms_fold_digits_and_pair_words() -> None:
    assert terms("On 12 May, 3 killed") == [
        "on",
        "00",
        "may",
        "killed",
        "on 00",
        "00 may",
        "may killed",
    ]


def test_vectors_are_unit_length_and_skip_unknown_terms() -> None:
    vocabulary = fit_vocabulary(["troops shelled the town", "troops shelled the village"])
    columns, values = vectorise("Troops shelled the town twice", vocabulary)
    assert len(columns) > 0
    assert float(np.linalg.norm(values)) == pytest.approx(1.0)
    assert "twice" not in vocabulary.index  # seen once: under min_df
    empty_columns, _ = vectorise("nothing known here", vocabulary)
    assert len(empty_columns) == 0


def test_weighted_f1_by_hand() -> None:
    gold = ["a", "a", "a", "b"]
    predicted = ["a", "a", "b", "b"]
    # a: P 1, R 2/3, F1 0.8 (3 notes); b: P 1/2, R 1, F1 2/3 (1 note)
    assert weighted_f1(gold, predicted) == pytest.approx((0.8 * 3 + (2 / 3)) / 4)
    assert weighted_f1([], []) is None


# -- the model ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "sub"),
    [
        ("Residents gathered in Ariha to protest against power cuts.", "Peaceful protest"),
        ("Government troops clashed with rebel fighters near Taftanaz.", "Armed clash"),
        ("Regime artillery shelled Ariha overnight.", "Shelling/artillery/missile attack"),
        ("Gunmen shot dead a teacher in Taftanaz.", "Attack"),
    ],
)
def test_predicts_unseen_sentences(model: SubtypeModel, sentence: str, sub: str) -> None:
    prediction = model.predict(sentence)
    assert prediction.sub_event_type == sub
    assert 0.25 < prediction.probability <= 1.0
    assert float(model.probabilities(sentence).sum()) == pytest.approx(1.0)


def test_save_and_load_give_the_same_model(model: SubtypeModel, tmp_path: Path) -> None:
    path = tmp_path / "models" / "subtype.npz"
    model.save(path)
    loaded = SubtypeModel.load(path)
    assert loaded.info == model.info
    text = "Dozens marched in Saraqib against the shortages."
    assert np.allclose(loaded.probabilities(text), model.probabilities(text))
    with np.load(path, allow_pickle=False) as data:  # readable without pickle
        assert json.loads(str(data["info"]))["classes"] == list(model.info.classes)


def test_rerank_respects_the_threshold(model: SubtypeModel) -> None:
    text = "Regime artillery shelled Binnish at dawn."
    rules = ("Battles", "Armed clash")
    assert model.rerank(text, *rules) == (
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
    )
    strict = SubtypeModel(
        info=_with(model.info, threshold=1.01),
        vocabulary=model.vocabulary,
        weights=model.weights,
        intercepts=model.intercepts,
    )
    assert strict.rerank(text, *rules) == rules


def test_the_model_has_no_say_on_sub_types_it_never_saw(model: SubtypeModel) -> None:
    text = "Regime artillery shelled Binnish at dawn."
    rules = ("Explosions/Remote violence", "Chemical weapon")
    assert model.candidate(text, *rules) is None
    assert model.rerank(text, *rules) == rules


def test_scope_type_keeps_the_rules_event_type(model: SubtypeModel) -> None:
    within = SubtypeModel(
        info=_with(model.info, scope="type"),
        vocabulary=model.vocabulary,
        weights=model.weights,
        intercepts=model.intercepts,
    )
    text = "Regime artillery shelled Binnish at dawn."
    # Armed clash is the only Battles sub-type the model knows: nothing to change
    assert within.rerank(text, "Battles", "Armed clash") == ("Battles", "Armed clash")
    choice = within.candidate(text, "Battles", "Armed clash")
    assert choice is not None and choice.probability == pytest.approx(1.0)
    with pytest.raises(ModelError, match="scope"):
        SubtypeModel(
            info=_with(model.info, scope="everything"),
            vocabulary=model.vocabulary,
            weights=model.weights,
            intercepts=model.intercepts,
        )
    with pytest.raises(ModelError, match="scope"):
        train_subtype_model(written_notes(), scope="everything")


def test_rerank_claims_is_idempotent_and_recorded(model: SubtypeModel) -> None:
    sentence = "Unidentified gunmen shot dead a baker in Sarmada."
    claim = make_claim("Battles", "Armed clash", sentence)
    once = rerank_claims([claim], sentence, model)
    assert (once[0].event_type, once[0].sub_event_type) == ("Violence against civilians", "Attack")
    assert model.stage in once[0].stages
    twice = rerank_claims(once, sentence, model)
    assert twice == once


def test_claim_text_falls_back_to_the_document() -> None:
    claim = make_claim("Battles", "Armed clash", "A sentence.")
    assert claim_text(claim, "the document") == "A sentence."
    bare = make_claim("Battles", "Armed clash", "")
    assert claim_text(bare, "the document") == "the document"


def _with(info: ModelInfo, **changes: object) -> ModelInfo:
    import dataclasses

    return dataclasses.replace(info, **changes)  # type: ignore[arg-type]


# -- bad models and bad training data ----------------------------------------------------


def test_bad_model_files(model: SubtypeModel, tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="does not exist"):
        SubtypeModel.load(tmp_path / "none.npz")
    junk = tmp_path / "junk.npz"
    junk.write_bytes(b"not a model")
    with pytest.raises(ModelError, match="not a sub-type model"):
        SubtypeModel.load(junk)
    other = tmp_path / "other.npz"
    np.savez(other, info=np.array(json.dumps({"format": "something-else/9"})))
    with pytest.raises(ModelError, match="format"):
        SubtypeModel.load(other)
    with pytest.raises(ModelError, match="sub-types ACLED does not have"):
        SubtypeModel(
            info=_with(model.info, classes=("Peaceful protest", "Picnic", "Attack", "Armed clash")),
            vocabulary=model.vocabulary,
            weights=model.weights,
            intercepts=model.intercepts,
        )


def test_one_sub_type_is_not_enough() -> None:
    notes = [n for n in written_notes() if n.sub_event_type == "Attack"]
    with pytest.raises(ModelError, match="at least two"):
        train_subtype_model(notes)


def test_training_without_scikit_learn_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "sklearn.linear_model", None)
    with pytest.raises(ModelError, match=r"observatory\[train\]"):
        train_subtype_model(written_notes())


def test_threshold_chosen_with_the_extractor(extractor: object) -> None:
    from observatory.extract import Extractor

    assert isinstance(extractor, Extractor)
    _, report = train_subtype_model(written_notes(), extractor=extractor, validation_share=0.3)
    assert report.validation_notes > 0
    assert report.threshold in (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)
    assert report.validation_f1_model is not None and report.validation_f1_rules is not None
    assert report.validation_f1_model >= report.validation_f1_rules  # the rules are a choice


# -- the command -------------------------------------------------------------------------


def write_export(path: Path, notes: list[AcledNote]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(
            fh,
            fieldnames=[
                "event_id_cnty",
                "event_date",
                "event_type",
                "sub_event_type",
                "latitude",
                "longitude",
                "notes",
            ],
        )
        writer.writeheader()
        for n in notes:
            writer.writerow(
                {
                    "event_id_cnty": n.event_id,
                    "event_date": n.date.isoformat(),
                    "event_type": n.event_type,
                    "sub_event_type": n.sub_event_type,
                    "latitude": n.latitude,
                    "longitude": n.longitude,
                    "notes": n.notes,
                }
            )
    return path


def test_train_command_then_evaluate_with_the_model(tmp_path: Path, settings: Settings) -> None:
    export = write_export(tmp_path / "export.csv", written_notes())
    model_path = tmp_path / "subtype.npz"
    env = {"OBSERVATORY_GAZETTEER_PATH": settings.gazetteer_path}
    runner = CliRunner()
    result = runner.invoke(
        cli,
        ["train", "--acled", str(export), "-o", str(model_path), "--no-threshold", "--json"],
        env=env,
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["notes"] == 360 and report["threshold"] == 0.0
    assert model_path.is_file()
    result = runner.invoke(
        cli,
        ["evaluate", "--acled", str(export), "--limit", "20", "--format", "json"],
        env={**env, "OBSERVATORY_SUBTYPE_MODEL": str(model_path)},
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["notes"] == 20


def test_train_command_errors(tmp_path: Path, settings: Settings) -> None:
    one_type = [n for n in written_notes() if n.sub_event_type == "Attack"]
    export = write_export(tmp_path / "export.csv", one_type)
    env = {"OBSERVATORY_GAZETTEER_PATH": settings.gazetteer_path}
    result = CliRunner().invoke(
        cli,
        ["train", "--acled", str(export), "-o", str(tmp_path / "m.npz"), "--no-threshold"],
        env=env,
    )
    assert result.exit_code == 1 and "at least two" in result.output
    result = CliRunner().invoke(
        cli,
        ["evaluate", "--acled", str(export)],
        env={**env, "OBSERVATORY_SUBTYPE_MODEL": str(tmp_path / "missing.npz")},
    )
    assert result.exit_code == 1 and "does not exist" in result.output


def test_the_extractor_applies_the_model_the_setting_names(
    model: SubtypeModel, tmp_path: Path, settings: Settings
) -> None:
    import dataclasses

    from observatory.extract import Extractor
    from observatory.ingest import make_document

    path = tmp_path / "subtypes.npz"
    model.save(path)
    plain = Extractor.from_settings(settings)
    ranked = Extractor.from_settings(dataclasses.replace(settings, subtype_model=str(path)))
    assert plain.subtype_model is None and ranked.subtype_model is not None
    doc = make_document(
        "On 3 May 2022, residents staged a protest in Tafas town in Daraa governorate.",
        id="n1",
        published=dt.date(2022, 5, 3),
    )
    (claim,) = ranked.extract(doc).claims
    assert ranked.subtype_model.stage in claim.stages
    assert all(ranked.subtype_model.stage not in c.stages for c in plain.extract(doc).claims)
