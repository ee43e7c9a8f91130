"""Fitting a sub-type model on a user's own ACLED export.

Each note is one example: its text, and ACLED's sub-event type as the label. The model is
TF-IDF (:mod:`observatory.classify.features`) with a multinomial logistic regression fitted
by scikit-learn (the ``train`` extra: ``pip install 'observatory[train]'``); the saved file
needs numpy only.

The *threshold* (how sure the model must be to overrule the rules) is chosen on a
validation share of the notes: the model is fitted on the rest, the extractor codes the
validation notes, and the threshold that gives the best weighted F1 of the combined choice
there is kept. The final model is then fitted on every note. Without an extractor the
threshold is 0: the model's choice always wins.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from observatory.classify.features import FEATURES_VERSION, Vocabulary, fit_vocabulary, vectorise
from observatory.classify.model import FORMAT, SCOPES, ModelInfo, SubtypeModel, claim_text
from observatory.errors import ModelError

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

    from observatory.evaluate_acled import AcledNote
    from observatory.extract import Extractor

__all__ = ["THRESHOLDS", "TrainingReport", "train_subtype_model", "weighted_f1"]

# thresholds tried on the validation notes (above 1: the rules always stand)
THRESHOLDS = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)


@dataclass(frozen=True, slots=True, kw_only=True)
class TrainingReport:
    """What training did, with the validation figures behind the threshold."""

    notes: int
    classes: int
    terms: int
    threshold: float
    validation_notes: int
    validation_f1_rules: float | None  # the rules alone, on the validation notes
    validation_f1_model: float | None  # rules re-ranked at the chosen threshold
    seconds: float
    labels: tuple[tuple[str, int], ...]  # sub-type -> training notes, most first


def weighted_f1(gold: Sequence[str], predicted: Sequence[str]) -> float | None:
    """F1 per gold label, averaged with the labels' support as weights."""
    if not gold:
        return None
    support = Counter(gold)
    guessed = Counter(predicted)
    right = Counter(g for g, p in zip(gold, predicted, strict=True) if g == p)
    total = sum(
        2 * right[label] / (support[label] + guessed[label]) * n for label, n in support.items()
    )
    return total / len(gold)


def _matrix(texts: Sequence[str], vocabulary: Vocabulary) -> csr_matrix:
    from scipy.sparse import csr_matrix

    indptr = [0]
    columns: list[np.typing.NDArray[np.int64]] = []
    values: list[np.typing.NDArray[np.float64]] = []
    for text in texts:
        cols, vals = vectorise(text, vocabulary)
        columns.append(cols)
        values.append(vals)
        indptr.append(indptr[-1] + len(cols))
    return csr_matrix(
        (
            np.concatenate(values) if values else np.zeros(0),
            np.concatenate(columns) if columns else np.zeros(0, dtype=np.int64),
            np.array(indptr),
        ),
        shape=(len(texts), len(vocabulary)),
    )


def _fit(
    notes: Sequence[AcledNote],
    *,
    regularisation: float,
    min_df: int,
    threshold: float,
    scope: str,
    source: str,
) -> SubtypeModel:
    try:
        from sklearn.linear_model import LogisticRegression
    except ImportError as exc:
        raise ModelError(
            "training a sub-type model needs scikit-learn: pip install 'observatory[train]'"
        ) from exc
    texts = [n.notes for n in notes]
    labels = [n.sub_event_type for n in notes]
    vocabulary = fit_vocabulary(texts, min_df=min_df)
    if not len(vocabulary):
        raise ModelError("the notes share no words: nothing to learn from")
    model = LogisticRegression(C=regularisation, max_iter=3000)
    model.fit(_matrix(texts, vocabulary), labels)
    classes = tuple(str(c) for c in model.classes_)
    weights = np.asarray(model.coef_, dtype=np.float32)
    intercepts = np.asarray(model.intercept_, dtype=np.float32)
    if len(classes) == 2:  # scikit-learn keeps one row for two classes: the second's odds
        weights = np.vstack([-weights / 2, weights / 2]).astype(np.float32)
        intercepts = np.array([-intercepts[0] / 2, intercepts[0] / 2], dtype=np.float32)
    from observatory import __version__

    info = ModelInfo(
        format=FORMAT,
        features=FEATURES_VERSION,
        classes=classes,
        threshold=threshold,
        scope=scope,
        notes=len(notes),
        source=source,
        trained_at=dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        observatory=__version__,
        regularisation=regularisation,
    )
    return SubtypeModel(info=info, vocabulary=vocabulary, weights=weights, intercepts=intercepts)


def _validation(event_id: str, share: float) -> bool:
    import hashlib

    digest = hashlib.sha256(b"validation:" + event_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64 < share


def train_subtype_model(
    notes: Sequence[AcledNote],
    *,
    extractor: Extractor | None = None,
    scope: str = "any",
    regularisation: float = 30.0,
    min_df: int = 2,
    validation_share: float = 0.15,
    source: str | Path = "",
) -> tuple[SubtypeModel, TrainingReport]:
    """Fits a model on ``notes`` (ACLED's sub-types as labels) and chooses its threshold.

    ``scope`` ``"any"`` lets the model change the event type with the sub-type; ``"type"``
    keeps the rules' event type and lets it choose among that type's sub-types only
    (docs/acled.md has the figures of both, on ACLED notes and on news). ``extractor`` codes the validation
    notes so that the threshold is the one that serves the rules best; without it the
    threshold is 0. Raises :class:`ModelError` when there are too few notes or sub-types,
    or when scikit-learn is not installed.
    """
    if scope not in SCOPES:
        raise ModelError(f"scope {scope!r} is none of {', '.join(SCOPES)}")
    from observatory.extract.taxonomy import EVENT_TYPES

    started = time.perf_counter()
    sub_types = {s for subs in EVENT_TYPES.values() for s in subs}
    usable = [n for n in notes if n.notes and n.sub_event_type in sub_types]
    labels = Counter(n.sub_event_type for n in usable)
    if len(labels) < 2:
        raise ModelError(
            f"a sub-type model needs notes of at least two ACLED sub-types; got {len(usable)}"
            f" usable notes of {len(labels)}"
        )
    name = Path(source).name if source else ""
    threshold = 0.0
    f1_rules: float | None = None
    f1_model: float | None = None
    held = [n for n in usable if _validation(n.event_id, validation_share)]
    rest = [n for n in usable if not _validation(n.event_id, validation_share)]
    if extractor is not None and held and len({n.sub_event_type for n in rest}) >= 2:
        from observatory.evaluate_acled import note_document

        trial = _fit(
            rest,
            regularisation=regularisation,
            min_df=min_df,
            threshold=0.0,
            scope=scope,
            source=name,
        )
        gold: list[str] = []
        rules: list[str] = []
        chosen: list[list[str]] = [[] for _ in THRESHOLDS]
        for note in held:
            document = note_document(note)
            claims = extractor.extract(document).claims
            if not claims:
                continue  # the model re-ranks claims; it does not make them
            first = min(claims, key=lambda c: min((s.start for s in c.evidence), default=1 << 30))
            gold.append(note.sub_event_type)
            rules.append(first.sub_event_type)
            choice = trial.candidate(
                claim_text(first, document.text), first.event_type, first.sub_event_type
            )
            for i, limit in enumerate(THRESHOLDS):
                chosen[i].append(
                    choice.sub_event_type
                    if choice is not None and choice.probability >= limit
                    else first.sub_event_type
                )
        if gold:
            scores = [weighted_f1(gold, c) or 0.0 for c in chosen]
            best = max(range(len(THRESHOLDS)), key=lambda i: (scores[i], -i))
            threshold = THRESHOLDS[best]
            f1_rules = weighted_f1(gold, rules)
            f1_model = scores[best]
    model = _fit(
        usable,
        regularisation=regularisation,
        min_df=min_df,
        threshold=threshold,
        scope=scope,
        source=name,
    )
    report = TrainingReport(
        notes=len(usable),
        classes=len(model.info.classes),
        terms=len(model.vocabulary),
        threshold=threshold,
        validation_notes=len(held) if extractor is not None else 0,
        validation_f1_rules=f1_rules,
        validation_f1_model=f1_model,
        seconds=time.perf_counter() - started,
        labels=tuple(labels.most_common()),
    )
    return model, report
