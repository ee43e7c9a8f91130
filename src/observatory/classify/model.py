"""A trained sub-type model: load, save, predict, and re-rank the rules' choice.

The file is a numpy ``.npz`` archive read without pickle: the vocabulary, its idf, the
weights and intercepts of a multinomial logistic regression, and a JSON header
(:class:`ModelInfo`). Prediction needs numpy only.
"""

from __future__ import annotations

import dataclasses
import io
import json
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from observatory.classify.features import FEATURES_VERSION, Vocabulary, vectorise
from observatory.errors import ModelError
from observatory.records import Claim, StageVersion

if TYPE_CHECKING:
    from observatory.settings import Settings

__all__ = [
    "FORMAT",
    "SCOPES",
    "ModelInfo",
    "SubtypeModel",
    "SubtypePrediction",
    "claim_text",
    "load_subtype_model",
    "rerank_claims",
]

FORMAT = "observatory-subtype-model/1"
SCOPES = ("type", "any")


def _taxonomy() -> tuple[frozenset[str], Callable[[str], str]]:
    """ACLED's sub-types and their event types (imported late: the extractor imports this
    package, and ``observatory.extract`` must not be half-loaded when it does)."""
    from observatory.extract.taxonomy import EVENT_TYPES, event_type_of

    return frozenset(s for subs in EVENT_TYPES.values() for s in subs), event_type_of


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelInfo:
    """What a model file says about itself."""

    format: str
    features: str
    classes: tuple[str, ...]  # ACLED sub-event types, one per row of the weights
    threshold: float  # the model's choice replaces the rules' when its probability >= this
    scope: str  # "type": choose among the sub-types of the rules' event type; "any": all
    notes: int  # notes it was trained on
    source: str  # the export's file name
    trained_at: str  # ISO timestamp
    observatory: str  # the version that trained it
    regularisation: float  # logistic regression's C

    def as_json(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["classes"] = list(self.classes)
        return data


@dataclass(frozen=True, slots=True, kw_only=True)
class SubtypePrediction:
    event_type: str
    sub_event_type: str
    probability: float


class SubtypeModel:
    """A TF-IDF + logistic regression model over ACLED's sub-event types."""

    def __init__(
        self,
        *,
        info: ModelInfo,
        vocabulary: Vocabulary,
        weights: npt.NDArray[np.float32],
        intercepts: npt.NDArray[np.float32],
    ) -> None:
        if weights.shape != (len(info.classes), len(vocabulary)):
            raise ModelError(
                f"model weights are {weights.shape}, expected"
                f" {(len(info.classes), len(vocabulary))}"
            )
        if intercepts.shape != (len(info.classes),):
            raise ModelError("one intercept per class expected")
        sub_types, self._event_type_of = _taxonomy()
        unknown = sorted(set(info.classes) - sub_types)
        if unknown:
            raise ModelError(f"the model names sub-types ACLED does not have: {unknown}")
        if info.scope not in SCOPES:
            raise ModelError(f"model scope {info.scope!r} is none of {', '.join(SCOPES)}")
        by_type: dict[str, list[int]] = {}
        for i, sub in enumerate(info.classes):
            by_type.setdefault(self._event_type_of(sub), []).append(i)
        self._by_type = {t: np.array(rows, dtype=np.int64) for t, rows in by_type.items()}
        self.info = info
        self.vocabulary = vocabulary
        self.weights = np.asarray(weights, dtype=np.float32)
        self.intercepts = np.asarray(intercepts, dtype=np.float32)
        self.stage = StageVersion(name="classify.subtype", version=f"{info.trained_at}")

    # -- prediction --------------------------------------------------------------------

    def probabilities(self, text: str) -> npt.NDArray[np.float64]:
        """The probability of each class (``info.classes`` order) for ``text``."""
        columns, values = vectorise(text, self.vocabulary)
        scores = self.intercepts.astype(np.float64)
        if len(columns):
            scores = scores + self.weights[:, columns].astype(np.float64) @ values
        scores -= scores.max()
        exp = np.exp(scores)
        return np.asarray(exp / exp.sum(), dtype=np.float64)

    def predict(self, text: str) -> SubtypePrediction:
        probs = self.probabilities(text)
        best = int(np.argmax(probs))
        sub = self.info.classes[best]
        return SubtypePrediction(
            event_type=self._event_type_of(sub),
            sub_event_type=sub,
            probability=float(probs[best]),
        )

    def candidate(
        self, text: str, event_type: str, sub_event_type: str
    ) -> SubtypePrediction | None:
        """The model's choice for a claim the rules coded as (event type, sub-type).

        None when the model has no say: it was never shown the rules' sub-type (a model
        trained without chemical attacks cannot judge one). With scope ``"type"`` the
        choice is among the sub-types of the rules' event type, with its probability given
        that event type; with ``"any"``, among all sub-types.
        """
        classes = self.info.classes
        if sub_event_type not in classes:
            return None
        probs = self.probabilities(text)
        if self.info.scope == "type":
            rows = self._by_type.get(event_type)
            if rows is None:
                return None
            within = probs[rows] / float(probs[rows].sum())
            best = int(np.argmax(within))
            index, probability = int(rows[best]), float(within[best])
        else:
            index = int(np.argmax(probs))
            probability = float(probs[index])
        sub = classes[index]
        return SubtypePrediction(
            event_type=self._event_type_of(sub), sub_event_type=sub, probability=probability
        )

    def rerank(self, text: str, event_type: str, sub_event_type: str) -> tuple[str, str]:
        """The (event type, sub-event type) of a claim whose text is ``text``.

        The model's :meth:`candidate` replaces the rules' choice when its probability
        reaches the model's threshold; otherwise the rules' choice stands. Applying it
        twice changes nothing.
        """
        choice = self.candidate(text, event_type, sub_event_type)
        if choice is not None and choice.probability >= self.info.threshold:
            return choice.event_type, choice.sub_event_type
        return event_type, sub_event_type

    # -- files -------------------------------------------------------------------------

    def save(self, path: str | Path) -> None:
        """Writes the model to ``path`` (an ``.npz`` archive; no pickle)."""
        target = Path(path)
        buffer = io.BytesIO()
        np.savez_compressed(
            buffer,
            info=np.array(json.dumps(self.info.as_json())),
            terms=np.array(self.vocabulary.names, dtype=np.str_),
            idf=self.vocabulary.idf,
            weights=self.weights,
            intercepts=self.intercepts,
        )
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(target.name + ".part")
            tmp.write_bytes(buffer.getvalue())
            tmp.replace(target)
        except OSError as exc:
            raise ModelError(f"cannot write the model to {target}: {exc.strerror}") from exc

    @classmethod
    def load(cls, path: str | Path) -> SubtypeModel:
        """Reads a model written by :meth:`save`; a bad file is a :class:`ModelError`."""
        source = Path(path)
        if not source.is_file():
            raise ModelError(
                f"sub-type model {source} does not exist"
                " (train one with `observatory train --acled FILE -o PATH`)"
            )
        try:
            with np.load(source, allow_pickle=False) as data:
                header = json.loads(str(data["info"]))
                if header.get("format") != FORMAT:
                    raise ModelError(
                        f"{source} is a model of format {header.get('format')!r}, not {FORMAT}"
                    )
                if header.get("features") != FEATURES_VERSION:
                    raise ModelError(
                        f"{source} uses features {header.get('features')!r}; this Observatory"
                        f" computes {FEATURES_VERSION}: train the model again"
                    )
                info = ModelInfo(
                    format=str(header["format"]),
                    features=str(header["features"]),
                    classes=tuple(str(c) for c in header["classes"]),
                    threshold=float(header["threshold"]),
                    scope=str(header.get("scope", "any")),
                    notes=int(header["notes"]),
                    source=str(header.get("source", "")),
                    trained_at=str(header.get("trained_at", "")),
                    observatory=str(header.get("observatory", "")),
                    regularisation=float(header.get("regularisation", 0.0)),
                )
                vocabulary = Vocabulary([str(t) for t in data["terms"]], data["idf"])
                return cls(
                    info=info,
                    vocabulary=vocabulary,
                    weights=data["weights"],
                    intercepts=data["intercepts"],
                )
        except ModelError:
            raise
        except (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile) as exc:
            raise ModelError(f"{source} is not a sub-type model file ({exc})") from exc


def load_subtype_model(settings: Settings) -> SubtypeModel | None:
    """The model named by the ``subtype_model`` setting, or None when it names none."""
    if not settings.subtype_model:
        return None
    return SubtypeModel.load(settings.subtype_model)


def claim_text(claim: Claim, document_text: str) -> str:
    """The text a claim was read from: its sentence spans, else the whole document."""
    sentences = [s.text for s in claim.evidence if s.role == "sentence" and s.text]
    if not sentences:
        sentences = [s.text for s in claim.evidence if s.text]
    return " ".join(dict.fromkeys(sentences)) or document_text


def rerank_claims(
    claims: Iterable[Claim], document_text: str, model: SubtypeModel
) -> tuple[Claim, ...]:
    """The claims with their type and sub-type re-ranked by ``model`` (stage recorded)."""
    out: list[Claim] = []
    for claim in claims:
        event_type, sub = model.rerank(
            claim_text(claim, document_text), claim.event_type, claim.sub_event_type
        )
        stages: Sequence[StageVersion] = claim.stages
        if model.stage not in stages:
            stages = (*stages, model.stage)
        out.append(
            dataclasses.replace(
                claim, event_type=event_type, sub_event_type=sub, stages=tuple(stages)
            )
        )
    return tuple(out)
