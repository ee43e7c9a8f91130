"""Linking claims from many documents into events (docs/linking.md explains the rules).

blocking     the linking view of a claim; which pairs are worth scoring
score        hard rules and the weighted, explainable pair score
cluster      average-linkage clustering with vetoes; stable event ids
overrides    analyst merges, splits and statuses as constraints
core         ``Linker.link``: pure, deterministic, order-independent
incremental  ``link_store``: link new documents into a store, touching only their events
metrics      ``pairwise_scores`` against gold incidents
"""

from __future__ import annotations

from observatory.link.core import STAGE, Linker, LinkResult
from observatory.link.incremental import LinkReport, link_store
from observatory.link.metrics import pairwise_scores

__all__ = ["STAGE", "LinkReport", "LinkResult", "Linker", "link_store", "pairwise_scores"]
