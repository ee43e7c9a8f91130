"""Text features for the sub-type classifier: TF-IDF over word unigrams and bigrams.

Written out here (not scikit-learn's vectoriser) so that a saved model needs nothing but
numpy to run, and training and prediction share one definition:

- text lower-cased, every digit read as ``0`` ("On 12 May 2022" and "On 3 May 2021" are the
  same words), words of two or more word characters;
- terms: the words and the pairs of adjacent words;
- weight: ``(1 + ln tf) * idf`` with ``idf = ln((1 + n) / (1 + df)) + 1``, the vector scaled
  to unit length.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import numpy.typing as npt

__all__ = ["FEATURES_VERSION", "Vocabulary", "fit_vocabulary", "terms", "vectorise"]

FEATURES_VERSION = "tfidf-words12/1"

_WORD = re.compile(r"\b\w\w+\b")
_DIGIT = re.compile(r"\d")


def terms(text: str) -> list[str]:
    """The words of ``text`` and its pairs of adjacent words."""
    words = _WORD.findall(_DIGIT.sub("0", text.lower()))
    return words + [f"{a} {b}" for a, b in itertools.pairwise(words)]


class Vocabulary:
    """Term -> column, with each column's inverse document frequency."""

    def __init__(self, names: Sequence[str], idf: npt.NDArray[np.float64]) -> None:
        if len(names) != len(idf):
            raise ValueError("one idf per term")
        self.names = tuple(names)
        self.idf = np.asarray(idf, dtype=np.float64)
        self.index: Mapping[str, int] = {name: i for i, name in enumerate(self.names)}

    def __len__(self) -> int:
        return len(self.names)


def fit_vocabulary(texts: Iterable[str], *, min_df: int = 2) -> Vocabulary:
    """The terms found in at least ``min_df`` of ``texts``, in sorted order, with their idf."""
    df: Counter[str] = Counter()
    n = 0
    for text in texts:
        n += 1
        df.update(set(terms(text)))
    names = sorted(t for t, count in df.items() if count >= min_df)
    idf = np.array([math.log((1 + n) / (1 + df[t])) + 1.0 for t in names], dtype=np.float64)
    return Vocabulary(names, idf)


def vectorise(
    text: str, vocabulary: Vocabulary
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """The non-zero columns of ``text``'s unit-length TF-IDF vector, and their values."""
    counts: Counter[int] = Counter()
    index = vocabulary.index
    for term in terms(text):
        column = index.get(term)
        if column is not None:
            counts[column] += 1
    if not counts:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
    columns = np.fromiter(sorted(counts), dtype=np.int64, count=len(counts))
    tf = np.array([1.0 + math.log(counts[int(c)]) for c in columns], dtype=np.float64)
    values = tf * vocabulary.idf[columns]
    values /= float(np.linalg.norm(values))
    return columns, values
