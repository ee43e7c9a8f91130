"""Property tests: linking is deterministic, order-independent and idempotent."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from observatory.link import Linker, link_store
from observatory.link.blocking import candidate_pairs, claim_key
from observatory.link.score import score_pair
from observatory.records import Claim, DateBasis, GeoPrecision
from observatory.settings import Settings
from test_link_corpus import EXPL, GOV, IS, SDF, claim
from test_link_store import FakeRepo, add

SETTINGS = Settings()
DAY0 = dt.date(2016, 6, 9)
TYPES = [
    ("Battles", "Armed clash"),
    ("Battles", "Government regains territory"),
    (EXPL, "Air/drone strike"),
    ("Violence against civilians", "Attack"),
]
ACTORS = [(GOV, IS), (GOV, None), (SDF, IS), (None, None), (IS, GOV)]


@st.composite
def claims(draw: Any) -> list[Claim]:
    n = draw(st.integers(min_value=1, max_value=14))
    out = []
    for i in range(n):
        etype, sub = draw(st.sampled_from(TYPES))
        day = DAY0 + dt.timedelta(days=draw(st.integers(0, 3)))
        deaths = draw(
            st.one_of(
                st.none(),
                st.tuples(st.integers(0, 30), st.just(None)),
                st.integers(0, 30).map(lambda d: (d, d)),
            )
        )
        out.append(
            claim(
                f"c{i:02d}",
                doc=f"d{draw(st.integers(0, 5))}",
                day=day.isoformat(),
                town=draw(st.sampled_from(["Douma", "Harasta", "Raqqa"])),
                type_=etype,
                sub=sub,
                actors=draw(st.sampled_from(ACTORS)),
                deaths=deaths,
                published=(day + dt.timedelta(days=draw(st.integers(0, 2)))).isoformat(),
                basis=draw(st.sampled_from(list(DateBasis))),
                precision=draw(st.sampled_from([GeoPrecision.TOWN, GeoPrecision.NEAR])),
                claimant=draw(st.sampled_from(["SOHR", "SANA", "activists"])),
            )
        )
    return out


COMMON = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@COMMON
@given(claims(), st.randoms(use_true_random=False))
def test_order_independent(items: list[Claim], rnd: Any) -> None:
    linker = Linker(settings=SETTINGS)
    shuffled = list(items)
    rnd.shuffle(shuffled)
    assert linker.link(items) == linker.link(shuffled)


@COMMON
@given(claims())
def test_partition_invariants(items: list[Claim]) -> None:
    result = Linker(settings=SETTINGS).link(items)
    members = [cid for e in result.events for cid in e.claim_ids]
    assert sorted(members) == sorted(c.id for c in items)
    assert [k.claim_id for k in result.links] == sorted(c.id for c in items)
    docs = {c.id: c.document_id for c in items}
    for event in result.events:
        assert len({docs[c] for c in event.claim_ids}) == len(event.claim_ids)
        f = event.fatalities
        if f is not None:
            assert f.low <= (f.best if f.best is not None else f.low)
            assert f.high is None or (f.best or 0) <= f.high
    assert len({e.id for e in result.events}) == len(result.events)


@COMMON
@given(claims())
def test_blocking_keeps_every_pair_the_scorer_accepts(items: list[Claim]) -> None:
    keys = [claim_key(c, index=i) for i, c in enumerate(sorted(items, key=lambda c: c.id))]
    blocked = set(candidate_pairs(keys, window_days=3, max_km=25.0))
    for i in range(len(keys)):
        for j in range(i + 1, len(keys)):
            if score_pair(keys[i], keys[j], window_days=3, max_km=25.0) is not None:
                assert (i, j) in blocked


@COMMON
@given(claims())
def test_store_linking_is_idempotent_and_matches_a_full_relink(items: list[Claim]) -> None:
    repo = FakeRepo()
    docs = sorted({c.document_id for c in items})
    for doc in docs:
        add(repo, [c for c in items if c.document_id == doc])
        link_store(repo, settings=SETTINGS, document_ids=[doc])
    again = link_store(repo, settings=SETTINGS, document_ids=docs)
    assert (again.events_written, again.events_removed) == (0, 0)
    full = link_store(repo, settings=SETTINGS)
    assert (full.events_written, full.events_removed) == (0, 0)
