"""Pairwise precision and recall of claim-to-event links against gold incidents.

A pair of claims is *predicted linked* when both are in one predicted event, and *gold
linked* when both belong to one gold incident. Precision is the share of predicted pairs
that are gold pairs, recall the share of gold pairs that were predicted. Only claims in
both mappings count. With no pairs on a side, the measure is 1.0 (nothing to get wrong).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping

__all__ = ["pairwise_scores"]


def _pairs(groups: Mapping[str, Hashable], keep: set[str]) -> set[tuple[str, str]]:
    members: dict[Hashable, list[str]] = defaultdict(list)
    for claim_id in sorted(keep):
        members[groups[claim_id]].append(claim_id)
    out: set[tuple[str, str]] = set()
    for ids in members.values():
        for i, a in enumerate(ids):
            out.update((a, b) for b in ids[i + 1 :])
    return out


def pairwise_scores(
    predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]
) -> tuple[float, float]:
    """``(precision, recall)`` of predicted claim -> event against gold claim -> incident."""
    keep = set(predicted) & set(gold)
    pred = _pairs(predicted, keep)
    true = _pairs(gold, keep)
    hits = len(pred & true)
    precision = hits / len(pred) if pred else 1.0
    recall = hits / len(true) if true else 1.0
    return precision, recall
