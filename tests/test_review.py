"""Analyst overrides: audited, applied, and respected by later automatic linking."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest

from observatory.errors import ReviewError
from observatory.link import link_store
from observatory.records import ReviewStatus
from observatory.review import merge_events, set_status, split_claim
from observatory.settings import Settings
from store_backends import BACKENDS, backend_named
from test_link_corpus import CORPUS, INCIDENTS
from test_link_store import FakeRepo, add

SETTINGS = Settings()


@pytest.fixture(params=["fake", *BACKENDS])
def repo(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    with ExitStack() as stack:
        if request.param == "fake":
            store: Any = FakeRepo()
        else:
            store = stack.enter_context(backend_named(request.param, tmp_path)).open()
            stack.callback(store.close)
        add(store, CORPUS)
        link_store(store, settings=SETTINGS)
        yield store


def event_of(repo: Any, claim_id: str) -> str:
    return next(iter(repo.links(claim_ids=[claim_id]))).event_id


def test_merge_is_audited_and_survives_relinking(repo: Any) -> None:
    douma, harasta = event_of(repo, "c10"), event_of(repo, "c13")
    merged = merge_events(repo, [douma, harasta], who="ana", reason="same barrage")
    assert set(merged.claim_ids) == {"c10", "c11", "c12", "c13", "c14"}
    assert merged.id == douma  # the larger event keeps its id
    assert repo.event(harasta) is None
    (entry,) = list(repo.audit_log(event_id=harasta))
    assert (entry.who, entry.action, entry.reason) == ("ana", "merge", "same barrage")
    assert entry.event_ids == (douma, harasta)
    assert all(link.manual for link in repo.links(event_ids=[douma]))
    # a full automatic relink keeps the merge
    report = link_store(repo, settings=SETTINGS)
    assert (report.events_written, report.events_removed) == (0, 0)
    assert event_of(repo, "c13") == douma


def test_split_is_audited_and_survives_relinking(repo: Any) -> None:
    dez = event_of(repo, "c01")
    alone = split_claim(repo, "c03", who="ana", reason="state media counts a different fight")
    assert alone.claim_ids == ("c03",)
    assert alone.id != dez
    kept = repo.event(dez)
    assert kept is not None and set(kept.claim_ids) == {"c01", "c02", "c04"}
    (entry,) = list(repo.audit_log(event_id=dez))
    assert (entry.action, entry.value) == ("split", "c03")
    report = link_store(repo, settings=SETTINGS)
    assert (report.events_written, report.events_removed) == (0, 0)
    assert event_of(repo, "c03") == alone.id


def test_status_is_audited_and_kept_by_the_event_keeping_most_claims(repo: Any) -> None:
    dez = event_of(repo, "c01")
    event = set_status(repo, dez, ReviewStatus.DISPUTED, who="ana", reason="tolls disagree")
    assert event.status is ReviewStatus.DISPUTED
    assert repo.event(dez).status is ReviewStatus.DISPUTED
    split_claim(repo, "c03", who="ana", reason="different fight")
    assert repo.event(dez).status is ReviewStatus.DISPUTED
    assert repo.event(event_of(repo, "c03")).status is ReviewStatus.UNREVIEWED
    link_store(repo, settings=SETTINGS)
    assert repo.event(dez).status is ReviewStatus.DISPUTED
    assert [e.action for e in repo.audit_log(event_id=dez)] == ["status", "split"]


def test_rejected_events_stay_rejected_after_relinking(repo: Any) -> None:
    strikes = event_of(repo, "c21")
    set_status(repo, strikes, ReviewStatus.REJECTED, who="ana", reason="duplicate feed")
    link_store(repo, settings=SETTINGS, document_ids=["sohr-0503"])
    assert repo.event(strikes).status is ReviewStatus.REJECTED
    assert len(list(repo.events())) == len(INCIDENTS)


@pytest.mark.parametrize(
    ("action", "message"),
    [
        (lambda r: merge_events(r, ["nope", "nada"], who="a", reason="x"), "no event 'nope'"),
        (lambda r: merge_events(r, [event_of(r, "c01")], who="a", reason="x"), "two different"),
        (lambda r: split_claim(r, "c99", who="a", reason="x"), "claim 'c99' is in no event"),
        (
            lambda r: (
                split_claim(r, "c21", who="a", reason="x")
                and split_claim(r, "c21", who="a", reason="x")
            ),
            "only claim",
        ),
        (lambda r: set_status(r, "nope", ReviewStatus.VERIFIED, who="a", reason="x"), "no event"),
    ],
)
def test_unknown_ids_raise_review_errors(repo: Any, action: Any, message: str) -> None:
    with pytest.raises(ReviewError, match=message):
        action(repo)
