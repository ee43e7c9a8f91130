"""Clustering scored pairs into events, and giving events stable ids.

Connected components over above-threshold pairs would chain (A~B, B~C, so A, C and
everything between them become one event). Within each component we instead run
average-linkage agglomeration with complete-link vetoes:

- two clusters merge only if *every* pair across them was scored (no pair vetoed by a
  hard rule, none split apart by an analyst), and
- the mean score over all those pairs reaches the threshold;
- the best such merge goes first; ties go to the clusters with the smallest claim ids.

Analyst merges (must-link groups) start as one cluster. Everything is keyed by claim
index in claim-id order, so the result does not depend on input order.
"""

from __future__ import annotations

import hashlib
import heapq
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

__all__ = ["UnionFind", "assign_event_ids", "cluster", "new_event_id"]


class UnionFind:
    """Disjoint sets of 0..n-1; the smaller index is the root of a union."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            if ra < rb:
                self.parent[rb] = ra
            else:
                self.parent[ra] = rb


def _agglomerate(
    members: Sequence[int],
    scores: Mapping[tuple[int, int], float],
    pairs: Sequence[tuple[int, int]],
    *,
    threshold: float,
    groups: Sequence[Sequence[int]],
    cannot: Iterable[tuple[int, int]],
) -> list[list[int]]:
    owner: dict[int, int] = {m: m for m in members}
    clusters: dict[int, list[int]] = {m: [m] for m in members}
    for group in groups:
        head = min(group)
        for m in group:
            if m != head:
                clusters.pop(m, None)
                owner[m] = head
        clusters[head] = sorted(group)
    # stats[a][b] = [sum of scores, number of scored pairs, blocked]
    stats: dict[int, dict[int, list[float]]] = defaultdict(dict)

    def cell(a: int, b: int) -> list[float]:
        row = stats[a]
        if b not in row:
            row[b] = [0.0, 0.0, 0.0]
            stats[b][a] = row[b]
        return row[b]

    for i, j in pairs:
        a, b = owner[i], owner[j]
        if a != b:
            c = cell(a, b)
            c[0] += scores[(i, j)]
            c[1] += 1
    for i, j in cannot:
        a, b = owner[i], owner[j]
        if a != b:
            cell(a, b)[2] = 1.0
    version = dict.fromkeys(clusters, 0)
    heap: list[tuple[float, int, int, int, int]] = []

    def push(a: int, b: int) -> None:
        if a > b:
            a, b = b, a
        c = stats[a][b]
        full = c[1] == len(clusters[a]) * len(clusters[b])
        if c[2] or not full:
            return
        mean = c[0] / c[1]
        if mean >= threshold:
            heapq.heappush(heap, (-mean, a, b, version[a], version[b]))

    for a in sorted(stats):
        for b in sorted(stats[a]):
            if a < b:
                push(a, b)
    while heap:
        _, a, b, va, vb = heapq.heappop(heap)
        if a not in clusters or b not in clusters or version[a] != va or version[b] != vb:
            continue
        # merge b into a (a < b, so the cluster keeps its smallest member as its key)
        clusters[a] = sorted(clusters[a] + clusters.pop(b))
        version[a] += 1
        del version[b]
        row_b = stats.pop(b, {})
        row_b.pop(a, None)
        stats[a].pop(b, None)
        for other, cb in row_b.items():
            stats[other].pop(b, None)
            ca = cell(a, other)
            ca[0] += cb[0]
            ca[1] += cb[1]
            ca[2] = max(ca[2], cb[2])
        for other in sorted(stats[a]):
            push(a, other)
    return [clusters[k] for k in sorted(clusters)]


def cluster(
    n: int,
    scores: Mapping[tuple[int, int], float],
    *,
    threshold: float,
    must_groups: Sequence[Sequence[int]] = (),
    cannot: Iterable[tuple[int, int]] = (),
) -> list[list[int]]:
    """Partition items ``0..n-1`` into clusters, each sorted, in order of first member.

    ``scores`` holds the scored (not vetoed) pairs ``(i, j)`` with ``i < j``; a pair that
    is absent can never share a cluster unless a must-link group puts it there.
    """
    uf = UnionFind(n)
    for (i, j), s in scores.items():
        if s >= threshold:
            uf.union(i, j)
    for group in must_groups:
        for m in group[1:]:
            uf.union(group[0], m)
    components: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        components[uf.find(i)].append(i)
    comp_pairs: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for pair in sorted(scores):
        root = uf.find(pair[0])
        if root == uf.find(pair[1]) and len(components[root]) > 1:
            comp_pairs[root].append(pair)
    comp_groups: dict[int, list[Sequence[int]]] = defaultdict(list)
    for group in must_groups:
        if len(group) > 1:
            comp_groups[uf.find(group[0])].append(group)
    comp_cannot: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for i, j in cannot:
        if uf.find(i) == uf.find(j):
            comp_cannot[uf.find(i)].append((i, j))
    out: list[list[int]] = []
    for root in sorted(components):
        members = components[root]
        if len(members) == 1:
            out.append(members)
            continue
        out.extend(
            _agglomerate(
                members,
                scores,
                comp_pairs[root],
                threshold=threshold,
                groups=comp_groups[root],
                cannot=comp_cannot[root],
            )
        )
    out.sort(key=lambda c: c[0])
    return out


def new_event_id(anchor_claim_id: str, *, salt: int = 0) -> str:
    """The id of a new event: a hash of its anchor claim (its earliest report)."""
    text = anchor_claim_id if salt == 0 else f"{anchor_claim_id}#{salt}"
    return "ev-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def assign_event_ids(
    clusters: Sequence[Sequence[str]],
    anchors: Sequence[str],
    previous: Mapping[str, str],
) -> list[str]:
    """Event ids for clusters of claim ids.

    A cluster keeps the id of the previous event it shares most claims with (ties: the
    smaller event id); each previous id goes to one cluster only, the one holding most of
    its claims. Other clusters get ``new_event_id(anchor)``, salted on a clash.
    """
    candidates: list[tuple[int, str, str, int]] = []
    for index, (claim_ids, anchor) in enumerate(zip(clusters, anchors, strict=True)):
        overlap: dict[str, int] = defaultdict(int)
        for claim_id in claim_ids:
            event_id = previous.get(claim_id)
            if event_id is not None:
                overlap[event_id] += 1
        for event_id, count in overlap.items():
            candidates.append((-count, event_id, anchor, index))
    candidates.sort()
    ids: list[str | None] = [None] * len(clusters)
    used: set[str] = set()
    for _, event_id, _, index in candidates:
        if ids[index] is None and event_id not in used:
            ids[index] = event_id
            used.add(event_id)
    order = sorted(range(len(clusters)), key=lambda k: anchors[k])
    for index in order:
        if ids[index] is None:
            salt = 0
            while (candidate := new_event_id(anchors[index], salt=salt)) in used:
                salt += 1
            ids[index] = candidate
            used.add(candidate)
    return [i for i in ids if i is not None]
