"""Linking in parallel by blocking, with the same result as the serial linker.

Two claims can only be linked when they share a governorate and an event-type family, and
their date windows are at most ``link_window_days`` apart (:mod:`observatory.link.blocking`).
:func:`link_parallel` uses that in three steps:

1. **Pairs, in parallel.** Each governorate × family block is cut into *date chunks* of
   about ``chunk_claims`` claims. A chunk's task sees its own claims (its *core*) and the
   claims of the following ``MAX_LINK_WINDOW_DAYS + link_window_days`` days (its *halo*),
   finds the candidate pairs with the serial code and scores them. A pair belongs to the
   chunk holding its earlier claim, so a pair that straddles a chunk border is found once,
   by the chunk on its left, whose halo reaches over the border.
2. **Units.** The pairs that reach the link threshold, the analyst's must-link groups and
   the claims' previous events join claims into connected components (union-find). The
   serial clustering never puts claims of two components in one event, so components are
   independent; they are packed into *units* of about ``unit_claims`` claims.
3. **Events, in parallel.** Each unit is linked by :class:`~observatory.link.Linker`
   itself; the events and links of all units, sorted as the linker sorts them, are the
   serial linker's result.

The ``mapper`` runs a function over a list of tasks: a process pool on one machine
(:func:`pool_mapper`) or a Dask client (``observatory.engines.dask``).
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from observatory.link.blocking import (
    MAX_LINK_WINDOW_DAYS,
    ClaimKey,
    candidate_pairs,
    claim_key,
    type_family,
)
from observatory.link.cluster import UnionFind, new_event_id
from observatory.link.core import Linker, LinkResult
from observatory.link.overrides import constraints_from
from observatory.link.score import score_pair
from observatory.records import AuditEntry, Claim, ReviewStatus
from observatory.settings import Settings

__all__ = [
    "CHUNK_CLAIMS",
    "UNIT_CLAIMS",
    "LinkPlan",
    "Mapper",
    "link_parallel",
    "plan_units",
    "pool_mapper",
    "serial_mapper",
]

CHUNK_CLAIMS = 20_000  # claims in the core of a pair-finding chunk
UNIT_CLAIMS = 20_000  # claims per linking unit (components are never split)

T = TypeVar("T")
R = TypeVar("R")
Mapper = Callable[[Callable[[T], R], Sequence[T]], Iterable[R]]


def serial_mapper(fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """Run the tasks one after the other in this process."""
    return [fn(item) for item in items]


def pool_mapper(workers: int, *, pool: ProcessPoolExecutor | None = None) -> Mapper[Any, Any]:
    """A mapper over a process pool of ``workers`` processes, results in task order.

    With ``pool`` the tasks go to that executor (kept by the caller across calls);
    otherwise each call starts and stops a pool of its own.
    """
    import multiprocessing

    def run(fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
        if workers <= 1 or len(items) <= 1:
            return [fn(item) for item in items]
        if pool is not None:
            return list(pool.map(fn, items))
        context = multiprocessing.get_context("forkserver")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as own:
            return list(own.map(fn, items))

    return run


@dataclass(frozen=True, slots=True, kw_only=True)
class _ChunkTask:
    keys: tuple[ClaimKey, ...]  # core and halo
    core_first: int  # ordinal of the core's first day
    core_stop: int  # ordinal after the core's last day
    window_days: int
    max_km: float
    threshold: float


def _chunk_edges(task: _ChunkTask) -> list[tuple[int, int]]:
    """Above-threshold pairs whose earlier claim is in the chunk's core (global indices)."""
    by_index = {k.index: k for k in task.keys}
    edges = []
    for i, j in candidate_pairs(task.keys, window_days=task.window_days, max_km=task.max_km):
        a, b = by_index[i], by_index[j]
        if not task.core_first <= min(a.first, b.first) < task.core_stop:
            continue
        scored = score_pair(a, b, window_days=task.window_days, max_km=task.max_km)
        if scored is not None and scored.score >= task.threshold:
            edges.append((i, j))
    return edges


def _chunks(keys: Sequence[ClaimKey], *, settings: Settings, chunk_claims: int) -> list[_ChunkTask]:
    blocks: dict[tuple[str, str], list[ClaimKey]] = defaultdict(list)
    for key in keys:
        if key.linkable:
            blocks[(key.admin1, type_family(key.event_type))].append(key)
    reach = MAX_LINK_WINDOW_DAYS + settings.link_window_days
    tasks = []
    for name in sorted(blocks):
        block = sorted(blocks[name], key=lambda k: (k.first, k.index))
        if len(block) < 2:
            continue
        firsts = [k.first for k in block]
        start = 0
        while start < len(block):
            stop = min(start + chunk_claims, len(block))
            while stop < len(block) and firsts[stop] == firsts[stop - 1]:
                stop += 1  # a day is never cut in two
            core_first = firsts[start]
            core_stop = firsts[stop] if stop < len(block) else firsts[-1] + 1
            halo_end = stop
            while halo_end < len(block) and firsts[halo_end] < core_stop + reach:
                halo_end += 1
            tasks.append(
                _ChunkTask(
                    keys=tuple(block[start:halo_end]),
                    core_first=core_first,
                    core_stop=core_stop,
                    window_days=settings.link_window_days,
                    max_km=settings.link_max_km,
                    threshold=settings.link_threshold,
                )
            )
            start = stop
    return tasks


@dataclass(frozen=True, slots=True, kw_only=True)
class LinkPlan:
    """Claims (deduplicated, in claim-id order) cut into units that link independently."""

    claims: tuple[Claim, ...]
    units: tuple[tuple[int, ...], ...]  # indices into ``claims``
    chunks: int  # pair-finding tasks run
    edges: int  # above-threshold pairs found
    largest_component: int  # claims in the largest set that must be linked together


def plan_units(
    claims: Iterable[Claim],
    *,
    settings: Settings,
    mapper: Mapper[Any, Any] = serial_mapper,
    overrides: Sequence[AuditEntry] = (),
    previous: Mapping[str, str] | None = None,
    chunk_claims: int = CHUNK_CLAIMS,
    unit_claims: int = UNIT_CLAIMS,
) -> LinkPlan:
    """Steps 1 and 2: find the above-threshold pairs in parallel, and cut the units."""
    unique: dict[str, Claim] = {}
    for claim in sorted(claims, key=lambda c: (c.id, c.document_id)):
        unique.setdefault(claim.id, claim)
    ordered = tuple(unique.values())
    position = {c.id: i for i, c in enumerate(ordered)}
    keys = [claim_key(c, index=i) for i, c in enumerate(ordered)]
    tasks = _chunks(keys, settings=settings, chunk_claims=chunk_claims)
    uf = UnionFind(len(ordered))
    edges = 0
    for found in mapper(_chunk_edges, tasks):
        for i, j in found:
            uf.union(i, j)
            edges += 1
    for a, b in constraints_from(overrides).must:
        if a in position and b in position:
            uf.union(position[a], position[b])
    # claims of one previous event compete for its id; keep them in one unit, and with
    # any claim whose new event id (its own hash, salted on a clash) is that id
    previous = previous or {}
    by_event: dict[str, list[int]] = defaultdict(list)
    for claim_id, event_id in previous.items():
        if claim_id in position:
            by_event[event_id].append(position[claim_id])
    for members in by_event.values():
        for m in members[1:]:
            uf.union(members[0], m)
    if by_event:
        for i, claim in enumerate(ordered):
            for salt in range(4):
                holders = by_event.get(new_event_id(claim.id, salt=salt))
                if holders:
                    uf.union(i, holders[0])
    components: dict[int, list[int]] = defaultdict(list)
    for i in range(len(ordered)):
        components[uf.find(i)].append(i)
    units: list[tuple[int, ...]] = []
    current: list[int] = []
    for root in sorted(components):
        members = components[root]
        if current and len(current) + len(members) > unit_claims:
            units.append(tuple(current))
            current = []
        current.extend(members)
    if current:
        units.append(tuple(current))
    return LinkPlan(
        claims=ordered,
        units=tuple(units),
        chunks=len(tasks),
        edges=edges,
        largest_component=max((len(m) for m in components.values()), default=0),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class _UnitTask:
    claims: tuple[Claim, ...]
    settings: Settings
    overrides: tuple[AuditEntry, ...]
    existing_status: Mapping[str, ReviewStatus]
    previous: Mapping[str, str]


def _link_unit(task: _UnitTask) -> LinkResult:
    return Linker(settings=task.settings).link(
        task.claims,
        overrides=task.overrides,
        existing_status=task.existing_status,
        previous=task.previous,
    )


def link_parallel(
    claims: Iterable[Claim],
    *,
    settings: Settings,
    mapper: Mapper[Any, Any] = serial_mapper,
    overrides: Sequence[AuditEntry] = (),
    existing_status: Mapping[str, ReviewStatus] | None = None,
    previous: Mapping[str, str] | None = None,
    chunk_claims: int = CHUNK_CLAIMS,
    unit_claims: int = UNIT_CLAIMS,
    plan: LinkPlan | None = None,
) -> LinkResult:
    """What ``Linker(settings=settings).link(claims, ...)`` returns, computed unit by unit.

    ``plan``: the :func:`plan_units` of these claims and arguments, when already made.
    """
    previous = previous or {}
    statuses = existing_status or {}
    if plan is None:
        plan = plan_units(
            claims,
            settings=settings,
            mapper=mapper,
            overrides=overrides,
            previous=previous,
            chunk_claims=chunk_claims,
            unit_claims=unit_claims,
        )
    tasks = []
    for unit in plan.units:
        members = tuple(plan.claims[i] for i in unit)
        ids = {c.id for c in members}
        unit_previous = {cid: ev for cid, ev in previous.items() if cid in ids}
        tasks.append(
            _UnitTask(
                claims=members,
                settings=settings,
                overrides=tuple(overrides),
                existing_status=statuses,
                previous=unit_previous,
            )
        )
    results = list(mapper(_link_unit, tasks))
    events = sorted(itertools.chain.from_iterable(r.events for r in results), key=lambda e: e.id)
    links = sorted(
        itertools.chain.from_iterable(r.links for r in results), key=lambda link: link.claim_id
    )
    return LinkResult(events=tuple(events), links=tuple(links))
