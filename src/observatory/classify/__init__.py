"""An optional learned re-ranker of the rules' ACLED sub-type.

The rules choose each claim's event type and sub-type. A model fitted on the user's own
ACLED export (``observatory train --acled FILE -o MODEL``) can overrule that choice when it is
sure enough; extraction uses it only when the ``subtype_model`` setting names a model file.
No model and no ACLED text ship with Observatory.

- :mod:`observatory.classify.features`: the TF-IDF terms of a text;
- :mod:`observatory.classify.model`: :class:`SubtypeModel` (load, save, predict,
  :meth:`~SubtypeModel.rerank`) and :func:`rerank_claims`;
- :mod:`observatory.classify.train`: :func:`train_subtype_model` (needs scikit-learn, the
  ``train`` extra).
"""

from __future__ import annotations

from observatory.classify.model import (
    ModelInfo,
    SubtypeModel,
    SubtypePrediction,
    claim_text,
    load_subtype_model,
    rerank_claims,
)
from observatory.classify.train import TrainingReport, train_subtype_model

__all__ = [
    "ModelInfo",
    "SubtypeModel",
    "SubtypePrediction",
    "TrainingReport",
    "claim_text",
    "load_subtype_model",
    "rerank_claims",
    "train_subtype_model",
]
