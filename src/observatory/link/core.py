"""The linker: claims in, events with explained links out. Pure and deterministic."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from observatory.curation import apply_edits, edits_by_event
from observatory.link.blocking import ClaimKey, candidate_pairs, claim_key
from observatory.link.cluster import assign_event_ids, cluster
from observatory.link.overrides import constraints_from
from observatory.link.score import FEATURES, score_pair
from observatory.reconcile import reconcile_event
from observatory.records import AuditEntry, Claim, Event, Link, ReviewStatus, StageVersion
from observatory.settings import Settings

__all__ = ["STAGE", "LinkResult", "Linker"]

STAGE = StageVersion(name="link.rules", version="1")


@dataclass(frozen=True, slots=True, kw_only=True)
class LinkResult:
    """Events (sorted by id) and one link per claim (sorted by claim id)."""

    events: tuple[Event, ...]
    links: tuple[Link, ...]


def _anchor_order(claim: Claim) -> tuple[int, str]:
    return (claim.published.toordinal() if claim.published else 10**7, claim.id)


class Linker:
    """Links claims into events (see docs/linking.md for the rules).

    ``link`` is a pure function of its arguments: the same claims, in any order, give
    the same events, ids and links.
    """

    stage: StageVersion = STAGE

    def __init__(self, *, settings: Settings) -> None:
        self.settings = settings

    def _score(self, a: ClaimKey, b: ClaimKey) -> tuple[float, tuple[float, ...]] | None:
        scored = score_pair(
            a, b, window_days=self.settings.link_window_days, max_km=self.settings.link_max_km
        )
        return None if scored is None else (scored.score, scored.features)

    def link(
        self,
        claims: Sequence[Claim],
        *,
        overrides: Sequence[AuditEntry] = (),
        existing_status: Mapping[str, ReviewStatus] | None = None,
        previous: Mapping[str, str] | None = None,
    ) -> LinkResult:
        """Cluster ``claims`` into events.

        ``overrides`` are audit-log entries (merges, splits, statuses) to respect;
        ``previous`` maps claim id to the event it was in, so that events keep their ids;
        ``existing_status`` gives those events' current review status, kept by the event
        that inherits the id.
        """
        unique: dict[str, Claim] = {}
        for claim in sorted(claims, key=lambda c: (c.id, c.document_id)):
            unique.setdefault(claim.id, claim)
        ordered = list(unique.values())
        keys = [claim_key(c, index=i) for i, c in enumerate(ordered)]
        window, max_km = self.settings.link_window_days, self.settings.link_max_km
        scores: dict[tuple[int, int], float] = {}
        for i, j in candidate_pairs(keys, window_days=window, max_km=max_km):
            scored = score_pair(keys[i], keys[j], window_days=window, max_km=max_km)
            if scored is not None:
                scores[(i, j)] = scored.score

        constraints = constraints_from(overrides)
        position = {c.id: i for i, c in enumerate(ordered)}
        must_uf: dict[int, int] = {}

        def find(x: int) -> int:
            while must_uf.get(x, x) != x:
                x = must_uf[x]
            return x

        for a, b in sorted(constraints.must):
            if a in position and b in position:
                ra, rb = find(position[a]), find(position[b])
                if ra != rb:
                    must_uf[max(ra, rb)] = min(ra, rb)
        groups: dict[int, list[int]] = defaultdict(list)
        for member in list(must_uf):
            groups[find(member)].append(member)
        must_groups = [sorted({root, *rest}) for root, rest in sorted(groups.items())]
        cannot = sorted(
            (min(position[a], position[b]), max(position[a], position[b]))
            for a, b in constraints.cannot
            if a in position and b in position
        )
        clusters = cluster(
            len(ordered),
            scores,
            threshold=self.settings.link_threshold,
            must_groups=must_groups,
            cannot=cannot,
        )

        cluster_claims = [[ordered[i] for i in members] for members in clusters]
        anchors = [min(cs, key=_anchor_order).id for cs in cluster_claims]
        ids = assign_event_ids(
            [[c.id for c in cs] for cs in cluster_claims], anchors, previous or {}
        )
        statuses = existing_status or {}
        edits = edits_by_event(overrides)  # analysts' corrections, re-applied
        in_group = {m for g in must_groups for m in g}
        events: list[Event] = []
        links: list[Link] = []
        for event_id, members, cs in zip(ids, clusters, cluster_claims, strict=True):
            status = statuses.get(event_id) or constraints.statuses.get(
                event_id, ReviewStatus.UNREVIEWED
            )
            event = reconcile_event(event_id, cs, status=status)
            events.append(apply_edits(event, edits.get(event_id, ())))
            links.extend(self._links(event_id, members, keys, scores, in_group, constraints.manual))
        events.sort(key=lambda e: e.id)
        links.sort(key=lambda link: link.claim_id)
        return LinkResult(events=tuple(events), links=tuple(links))

    def _links(
        self,
        event_id: str,
        members: Sequence[int],
        keys: Sequence[ClaimKey],
        scores: Mapping[tuple[int, int], float],
        in_group: set[int],
        manual: frozenset[str],
    ) -> list[Link]:
        out = []
        for i in members:
            key = keys[i]
            totals = [0.0] * len(FEATURES)
            score_sum, count = 0.0, 0
            for j in members:
                if j == i:
                    continue
                pair = (i, j) if i < j else (j, i)
                if pair not in scores:
                    continue
                scored = self._score(keys[pair[0]], keys[pair[1]])
                if scored is None:
                    continue
                score_sum += scored[0]
                count += 1
                totals = [t + f for t, f in zip(totals, scored[1], strict=True)]
            forced = i in in_group or key.claim_id in manual
            if count:
                score = round(score_sum / count, 6)
                features = {n: round(t / count, 4) for n, t in zip(FEATURES, totals, strict=True)}
            else:
                score, features = 1.0, {}
            out.append(
                Link(
                    claim_id=key.claim_id,
                    event_id=event_id,
                    score=score,
                    features=features,
                    manual=forced,
                )
            )
        return out
