"""Reconciling one event's fields and fatalities from its claims."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from observatory.reconcile import reconcile_event, reconcile_fatalities
from observatory.records import (
    Claim,
    DateBasis,
    DatePrecision,
    Fatalities,
    GeoPrecision,
    ReviewStatus,
)
from test_link_corpus import GOV, IS, SOHR, claim


def _c(
    id: str,
    deaths: tuple[int, int | None] | None,
    published: str,
    who: str = SOHR,
    doc: str | None = None,
) -> Claim:
    return claim(
        id,
        doc=doc or f"doc-{id}",
        day="2016-05-03",
        town="Deir ez-Zor",
        deaths=deaths,
        published=published,
        claimant=who,
    )


# (claims as (id, (low, high), published, claimant), expected (low, best, high))
CASES: list[
    tuple[str, list[tuple[str, tuple[int, int | None], str, str]], tuple[int, int, int | None]]
] = [
    ("one figure", [("a", (5, 5), "2016-05-03", "X")], (5, 5, 5)),
    (
        "toll rose, same claimant: the old figure is superseded",
        [("a", (68, 68), "2016-05-03", SOHR), ("b", (86, 86), "2016-05-05", SOHR)],
        (86, 86, 86),
    ),
    (
        "toll rose, other claimant: both stand",
        [("a", (68, 68), "2016-05-03", "AP"), ("b", (86, 86), "2016-05-05", SOHR)],
        (68, 86, 86),
    ),
    (
        "latest report wins best, even if lower",
        [("a", (20, 20), "2016-05-03", "AP"), ("b", (12, 12), "2016-05-04", "SANA")],
        (12, 12, 20),
    ),
    (
        "same day: exact count before 'at least'",
        [("a", (7, None), "2016-05-03", "AP"), ("b", (9, 9), "2016-05-03", "SANA")],
        (7, 9, 9),
    ),
    (
        "same day, both exact: the larger",
        [("a", (3, 3), "2016-05-03", "AP"), ("b", (4, 4), "2016-05-03", "SANA")],
        (3, 4, 4),
    ),
    (
        "only open-ended figures: high open",
        [("a", (7, None), "2016-05-03", "AP"), ("b", (9, None), "2016-05-04", "SANA")],
        (7, 9, None),
    ),
    (
        "open-ended above every closed figure counts towards high",
        [("a", (15, None), "2016-05-03", "AP"), ("b", (12, 12), "2016-05-03", "SANA")],
        (12, 12, 15),
    ),
    ("a range", [("a", (40, 50), "2016-05-03", "X")], (40, 40, 50)),
]


@pytest.mark.parametrize(("why", "rows", "expected"), CASES, ids=[c[0] for c in CASES])
def test_fatality_rule(
    why: str,
    rows: list[tuple[str, tuple[int, int | None], str, str]],
    expected: tuple[int, int, int | None],
) -> None:
    claims = [_c(i, d, p, w) for i, d, p, w in rows]
    fat, figures = reconcile_fatalities(claims)
    assert fat is not None
    assert (fat.low, fat.best, fat.high) == expected
    assert len(figures) == len(claims)


def test_history_is_oldest_first_and_keeps_who_said_it() -> None:
    claims = [_c("b", (86, 86), "2016-05-05"), _c("a", (68, 68), "2016-05-03")]
    _, figures = reconcile_fatalities(claims)
    assert [(f.claim_id, f.fatalities.best, f.claimant, f.published) for f in figures] == [
        ("a", 68, SOHR, dt.date(2016, 5, 3)),
        ("b", 86, SOHR, dt.date(2016, 5, 5)),
    ]
    assert all(f.document_id == f"doc-{f.claim_id}" and f.evidence for f in figures)


def test_no_figures() -> None:
    assert reconcile_fatalities([_c("a", None, "2016-05-03")]) == (None, ())


figures = st.tuples(st.integers(0, 100), st.one_of(st.none(), st.integers(0, 50)))


@given(
    st.lists(
        st.tuples(figures, st.integers(0, 5), st.sampled_from(["A", "B", "C"])),
        min_size=1,
        max_size=8,
    )
)
def test_low_best_high_always_ordered(rows: list[tuple[tuple[int, int | None], int, str]]) -> None:
    claims = []
    for n, ((low, extra), day, who) in enumerate(rows):
        high = None if extra is None else low + extra
        published = (dt.date(2016, 5, 3) + dt.timedelta(days=day)).isoformat()
        claims.append(_c(f"c{n}", (low, high), published, who))
    fat, figures = reconcile_fatalities(claims)
    assert fat is not None and fat.best is not None
    assert fat.low <= fat.best
    assert fat.high is None or fat.best <= fat.high
    assert fat.low >= min(c.fatalities.low for c in claims if c.fatalities)
    assert len(figures) == len(claims)
    assert [f.published for f in figures] == sorted(f.published for f in figures if f.published)


def test_event_fields() -> None:
    a = claim(
        "a",
        doc="d1",
        day="2016-05-03",
        town="Deir ez-Zor",
        deaths=(5, 5),
        actors=(GOV, IS),
        published="2016-05-03",
    )
    b = claim(
        "b",
        doc="d2",
        day="2016-05-04",
        town="Deir ez-Zor",
        deaths=(7, 7),
        actors=(GOV, None),
        sub="Government regains territory",
        published="2016-05-04",
        basis=DateBasis.PUBLICATION,
        claimant="SANA",
        precision=GeoPrecision.NEAR,
    )
    c = claim(
        "c",
        doc="d3",
        day="2016-05-03",
        town="Deir ez-Zor",
        actors=(GOV, IS),
        published="2016-05-04",
        claimant="AFP",
    )
    event = reconcile_event("e1", [c, b, a], status=ReviewStatus.VERIFIED)
    assert event.id == "e1" and event.status is ReviewStatus.VERIFIED
    assert event.event_type == "Battles"
    assert event.sub_event_type == "Government regains territory"  # most specific
    assert event.date == dt.date(2016, 5, 3)  # explicit dates outrank the publication date
    assert event.date_precision is DatePrecision.DAY
    assert event.location is not None and event.location.geo_precision is GeoPrecision.TOWN
    assert (event.actor1, event.actor2) == (GOV, IS)
    assert event.claim_ids == ("a", "b", "c")
    assert event.document_ids == ("d1", "d2", "d3")
    assert event.claimants == (SOHR, "SANA", "AFP")
    assert event.number_of_sources == 3
    assert event.fatalities == Fatalities(low=5, best=7, high=7)


def test_event_with_week_windows_keeps_their_common_days() -> None:
    base = claim("a", doc="d1", day="2016-05-03", town="Deir ez-Zor")
    a = dataclasses.replace(
        base,
        date=None,
        date_precision=DatePrecision.WEEK,
        date_window=(dt.date(2016, 5, 1), dt.date(2016, 5, 7)),
    )
    b = dataclasses.replace(
        a, id="b", document_id="d2", date_window=(dt.date(2016, 5, 4), dt.date(2016, 5, 10))
    )
    event = reconcile_event("e", [a, b])
    assert event.date is None
    assert event.date_window == (dt.date(2016, 5, 4), dt.date(2016, 5, 7))
    assert event.date_precision is DatePrecision.WEEK


def test_event_needs_claims() -> None:
    with pytest.raises(ValueError, match="no claims"):
        reconcile_event("e", [])
