"""The trigger search looks rules up by a word's first letters and tries each word's
candidates in one regex call. That is a speed-up only: it must find exactly what trying
every rule, in order, at every word start finds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from observatory.extract.triggers import (
    _COMPILED,
    _RULES,
    _gate_of,
    _listed_openings,
    find_triggers,
    lowered,
    sre_parse,
)

_EVERY_RULE = tuple(re.compile(rf"(?:{rule.pattern})\b") for rule in _RULES)
_WORD_START = re.compile(r"\b\w")


def reference(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """Every rule tried in order at each word start; the first match wins and the search
    goes on after it."""
    stop = len(text) if end is None else end
    low = lowered(text)
    out = []
    pos = start
    while (w := _WORD_START.search(low, pos, stop)) is not None:
        at = w.start()
        for rule, rx in zip(_RULES, _EVERY_RULE, strict=True):
            m = rx.match(low, at, stop)
            if m is not None:
                out.append((m.start(), m.end(), rule.sub_event_type))
                pos = m.end()
                break
        else:
            pos = re.compile(r"\w*").match(low, at).end()
    return out


def found(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    return [(t.start, t.end, t.sub_event_type) for t in find_triggers(text, start=start, end=end)]


SENTENCES = [
    "Government forces shelled the town of Kafr Nabl, killing three civilians.",
    "Clashes erupted between rebels and troops; an air strike hit a market.",
    "Residents gathered in the square and blocked the main road to protest.",
    "Looting: On 9 May 2022, unidentified gunmen looted shops in the village.",
    "Police arrested 12 demonstrators who had marched on parliament.",
    "The ceasefire took effect at noon, after the truce was signed.",
    "A roadside bomb exploded near a convoy; suicide attacks followed.",
    "Protesters staged a sit-in; the army retook the hill and shot dead a man.",
    "Airstrike Airstrike airstrikes, anti-government shelling-hit towns",
    "Drones also struck the depot. A mine blast killed two shepherds.",
    "Pro-government workers also gathered; hundreds of women had marched and children chanted.",
    "Forces gathered near the town as students have blocked the highway and tribesmen rallied.",
]


@pytest.mark.parametrize("text", SENTENCES)
def test_same_triggers_as_every_rule_in_order(text: str) -> None:
    assert found(text) == reference(text)


@pytest.mark.parametrize("text", SENTENCES)
def test_a_slice_that_starts_inside_a_word(text: str) -> None:
    for start in range(0, len(text), 7):
        assert found(text, start, len(text) - 3) == reference(text, start, len(text) - 3)


_WORDS = st.sampled_from(
    [
        "shelled",
        "clashes",
        "clash",
        "attacked",
        "gathered",
        "marched",
        "blocked",
        "the",
        "road",
        "protest",
        "protesters",
        "looted",
        "arrested",
        "killed",
        "bomb",
        "exploded",
        "air",
        "strike",
        "airstrikes",
        "drone",
        "struck",
        "mine",
        "blast",
        "truce",
        "ceasefire",
        "agreed",
        "a",
        "an",
        "of",
        "in",
        "people",
        "residents",
        "forces",
        "troops",
        "staged",
        "held",
        "rally",
        "sit-in",
        "fighting",
        "heavy",
        "executed",
        "summarily",
        "returned",
        "to",
        "streets",
        "shot",
        "dead",
        "workers",
        "pro-government",
        "ex-servicemen",
        "children",
        "tribesmen",
        "also",
        "had",
        "have",
        "chanted",
        "assembled",
        "demonstrated",
        "Looting:",
        "Arrests:",
        "\n",
        ",",
        ".",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDS, max_size=30))
def test_same_triggers_on_random_word_sequences(words: list[str]) -> None:
    text = " ".join(words)
    assert found(text) == reference(text)


_FAKES_DOCS = Path(__file__).resolve().parents[2] / "shared" / "gold-dev" / "fa-kes" / "docs"


@pytest.mark.skipif(not _FAKES_DOCS.is_dir(), reason="../shared/gold-dev is not there")
def test_same_triggers_on_real_reports() -> None:
    for path in sorted(_FAKES_DOCS.iterdir())[:40]:
        text = path.read_text(encoding="utf-8", errors="replace")
        assert found(text) == reference(text), path.name


@pytest.mark.parametrize(
    ("pattern", "openings"),
    [
        (r"mobs?", {"mob"}),
        (r"(?:an?|local) (?:agreement|deal)", {"a a", "a d", "an ", "loc"}),
        (r"(?<=forces )(?:bomb|target)s?\b", {"bom", "tar"}),
        (r"(?:fierce |heavy )?fights", {"fie", "hea", "fig"}),
        (r"x{2,}y", {"xxy", "xxx"}),
    ],
)
def test_the_openings_a_pattern_can_begin_with(pattern: str, openings: set[str]) -> None:
    assert _listed_openings(sre_parse.parse(pattern)) == openings


@pytest.mark.parametrize("pattern", [r"[a-z-]+s gathered", r"\w+ed", r"to", r"go(?:ne)?"])
def test_no_openings_when_too_many_or_a_match_is_shorter(pattern: str) -> None:
    assert _listed_openings(sre_parse.parse(pattern)) is None


def test_a_run_of_letters_before_a_verb_is_gated_by_the_verb() -> None:
    gate = _gate_of(r"(?!police\b)[a-z-]+(?:s|men) (?:had )?(?:gathered|marched)")
    assert gate is not None
    text = "the students and ex-servicemen had marched while workers slept"
    starts = gate.word_starts(text, 0, len(text))
    assert {text.index("ex-"), text.index("servicemen")} <= starts
    assert not {text.index("workers"), text.index("students"), text.index("and")} & starts
    # the verb must lie before the end of the slice
    assert gate.word_starts(text, 0, text.index("marched") + 6) == set()


@pytest.mark.parametrize("pattern", [r"[a-z ]+ d", r"\w+ gathered", r"mobs?", r"[ ]x y"])
def test_no_gate_without_one_run_of_listed_characters_before_a_space(pattern: str) -> None:
    assert _gate_of(pattern) is None


def test_the_crowd_alternative_is_gated() -> None:
    assert _COMPILED.gates, "an alternative that can start at any word is tried at every word"
