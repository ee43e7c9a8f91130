"""Actor and claimant tables: aliases, case rules, noun phrases, attribution, data files."""

from __future__ import annotations

import csv
import itertools
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from observatory.actors import ActorKind, ActorTable, ClaimantKind
from observatory.errors import ConfigError

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="module")
def table() -> ActorTable:
    return ActorTable.default()


def _found(table: ActorTable, text: str) -> list[tuple[str, str]]:
    return [(m.text, m.canonical) for m in table.find(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Islamic State family and case rules
        ("ISIS fighters stormed the town.", [("ISIS fighters", "Islamic State")]),
        ("Fighters loyal to ISIL withdrew.", [("Fighters loyal to ISIL", "Islamic State")]),
        ("Daesh claimed the bombing.", [("Daesh", "Islamic State")]),
        ("IS militants shelled the village.", [("IS militants", "Islamic State")]),
        ("The Islamic State group advanced.", [("Islamic State group", "Islamic State")]),
        (
            "the Islamic State of Iraq and Syria (ISIS) attacked",
            [("Islamic State of Iraq and Syria (ISIS)", "Islamic State")],
        ),
        ("Rebels from ISIS shelled the base.", [("Rebels from ISIS", "Islamic State")]),
        ("The situation is calm and this is new.", []),
        # al-Nusra family
        ("Nusra Front fighters entered the town.", [("Nusra Front fighters", "Al-Nusra Front")]),
        ("Jabhat al-Nusra took the hill.", [("Jabhat al-Nusra", "Al-Nusra Front")]),
        ("HTS launched an offensive.", [("HTS", "Al-Nusra Front")]),
        (
            "fighters of the Al-Qaeda-linked Nusra Front advanced",
            [("fighters of the Al-Qaeda-linked Nusra Front", "Al-Nusra Front")],
        ),
        ("Hayat Tahrir al-Sham seized a village.", [("Hayat Tahrir al-Sham", "Al-Nusra Front")]),
        # the state
        ("Syrian soldiers were killed.", [("Syrian soldiers", "Syrian government forces")]),
        ("government soldiers were killed", [("government soldiers", "Syrian government forces")]),
        ("regime forces shelled it", [("regime forces", "Syrian government forces")]),
        ("The army retook the hill.", [("The army", "Syrian government forces")]),
        ("SAA units advanced.", [("SAA units", "Syrian government forces")]),
        ("regime airstrikes hit the town", [("regime", "Syrian government forces")]),
        (
            "troops loyal to President Bashar al-Assad advanced",
            [("troops loyal to President Bashar al-Assad", "Syrian government forces")],
        ),
        ("Damascus dismissed the governor.", [("Damascus", "Government of Syria")]),
        ("Fighting raged in Damascus on Friday.", []),
        ("The authorities freed him.", [("The authorities", "Government of Syria")]),
        ("the National Defence Forces", [("National Defence Forces", "National Defence Forces")]),
        ("NDF militiamen manned it", [("NDF militiamen", "National Defence Forces")]),
        ("Hezbollah fighters crossed", [("Hezbollah fighters", "Hezbollah")]),
        ("Iranian-backed militias moved", [("Iranian-backed militias", "Iranian-backed militias")]),
        # external forces
        ("Russian warplanes struck", [("Russian", "Russian military")]),
        ("Turkish troops entered", [("Turkish troops", "Turkish military")]),
        ("Israeli jets hit a depot", [("Israeli", "Israeli military")]),
        ("the US-led coalition bombed", [("US-led coalition", "US-led coalition")]),
        ("Iraqi soldiers reinforced", [("Iraqi soldiers", "Iraqi military")]),
        # Kurdish-led forces and the opposition
        ("the SDF said", [("SDF", "Syrian Democratic Forces")]),
        ("YPG fighters held the town", [("YPG fighters", "YPG")]),
        ("Kurdish fighters held the town", [("Kurdish fighters", "YPG")]),
        ("Asayish arrested two men", [("Asayish", "Asayish")]),
        ("the Free Syrian Army", [("Free Syrian Army", "Free Syrian Army")]),
        ("Turkish-backed factions shelled", [("Turkish-backed factions", "Syrian National Army")]),
        ("Ahrar al-Sham fighters", [("Ahrar al-Sham fighters", "Ahrar al-Sham")]),
        ("Jaish al-Islam fired rockets", [("Jaish al-Islam", "Jaish al-Islam")]),
        ("opposition fighters attacked", [("opposition fighters", "Syrian opposition rebels")]),
        # generic actors
        ("unidentified gunmen killed two", [("unidentified gunmen", "Unidentified armed group")]),
        ("civilians were killed", [("civilians", "Civilians")]),
        ("protesters gathered", [("protesters", "Protesters")]),
        # negatives: places, monitors, modifiers
        ("the Syrian Observatory for Human Rights", []),
        ("a state of emergency was declared", []),
        ("ISIS-held territory", []),
        ("an anti-regime activist group", []),
        ("Hama's countryside", []),
        ("WHAT IS NEXT FOR THE TOWN", []),
    ],
)
def test_find(table: ActorTable, text: str, expected: list[tuple[str, str]]) -> None:
    assert _found(table, text) == expected


def test_generic_and_tags(table: ActorTable) -> None:
    (rebels,) = table.find("rebels shelled the town")
    assert rebels.generic and rebels.canonical == "Syrian opposition rebels"
    (islamist,) = table.find("Islamist rebels pressed ahead")
    assert islamist.tags == ("islamist",) and not islamist.generic
    (militants,) = table.find("the militants advanced")
    assert militants.generic and militants.canonical == "Unidentified armed group"


def test_terrorists_in_syrian_state_media(table: ActorTable) -> None:
    # the armed opposition, as a generic word that a group named nearby overrides
    (groups,) = table.find("terrorist groups fired rocket shells on the neighbourhood")
    assert groups.generic and groups.canonical == "Syrian opposition rebels"
    assert _found(table, "ten civilians were killed in terrorist shelling") == [
        ("civilians", "Civilians"),
        ("terrorist", "Syrian opposition rebels"),
    ]
    # a named group and its epithet are one mention
    assert _found(table, "Daesh terrorists attacked the town") == [
        ("Daesh terrorists", "Islamic State")
    ]
    # elsewhere the word stays an unidentified armed group
    (iraq,) = ActorTable.default(country="IQ").find("terrorists attacked the town")
    assert iraq.generic and iraq.canonical == "Unidentified armed group"


def test_offsets_and_range(table: ActorTable) -> None:
    text = "Intro. Later ISIS attacked regime troops. Hezbollah replied."
    first = text.index("Later")
    end = text.index("Hezbollah")
    mentions = table.find(text, start=first, end=end)
    assert [m.canonical for m in mentions] == ["Islamic State", "Syrian government forces"]
    for m in mentions:
        assert text[m.span.start : m.span.end] == m.span.text == m.text
        assert m.span.role == "actor"


@given(st.text(max_size=200))
def test_find_spans_are_ordered_and_disjoint(text: str) -> None:
    table = ActorTable.default()
    mentions = table.find(text)
    for a, b in itertools.pairwise(mentions):
        assert a.span.end <= b.span.start
    for m in mentions:
        assert text[m.span.start : m.span.end] == m.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ten died, the Observatory said.", [("Syrian Observatory for Human Rights", None)]),
        ("According to SOHR, ten died.", [("Syrian Observatory for Human Rights", None)]),
        (
            "The Britain-based monitor said ten died.",
            [("Syrian Observatory for Human Rights", None)],
        ),
        (
            "The UK-based Syrian Observatory reported clashes.",
            [("Syrian Observatory for Human Rights", None)],
        ),
        (
            "Ten died, according to Rami Abdel-Rahman, the head of the Observatory.",
            [("Syrian Observatory for Human Rights", None)],
        ),
        (
            "The director of the Observatory, Rami Abdulrahman, told Reuters that ten died.",
            [("Syrian Observatory for Human Rights", "Reuters")],
        ),
        ("Activists said ten died.", [("activists", None)]),
        (
            "An activist in the town told the Associated Press that ten died.",
            [("activists", "Associated Press")],
        ),
        ("State news agency SANA reported an explosion.", [("SANA", None)]),
        ("Syria's state news agency SANA said it was calm.", [("SANA", None)]),
        ("A military source told SANA that ten died.", [("SANA", None)]),
        ("State media said the army advanced.", [("Syrian state media", None)]),
        ("Amaq claimed the attack.", [("Amaq", None)]),
        ("The Islamic State-linked Amaq news agency said it.", [("Amaq", None)]),
        ("Observers reported three raids.", [("observers", None)]),
        ("Residents said the shelling continued.", [("residents", None)]),
        ("A video posted by activists showed it.", [("activists", None)]),
        ("Ten died, said the Observatory.", [("Syrian Observatory for Human Rights", None)]),
        ("The Russian Defence Ministry said jets struck.", [("Russian Defence Ministry", None)]),
        # not attribution
        ("Rebels attacked the offices of SANA in the capital.", []),
        ("SANA published photographs of the site.", []),
        ("The Observatory is based in Britain.", []),
        (
            "The Observatory said activists were arrested.",
            [("Syrian Observatory for Human Rights", None)],
        ),
    ],
)
def test_find_claimants(
    table: ActorTable, text: str, expected: list[tuple[str, str | None]]
) -> None:
    got = [(c.name, c.via) for c in table.find_claimants(text) if c.kind is not ClaimantKind.ACTOR]
    assert got == expected


def test_actor_claimants(table: ActorTable) -> None:
    text = "The army said it killed ten militants. The Observatory said the army advanced."
    got = [(c.name, c.kind) for c in table.find_claimants(text)]
    assert got == [
        ("Syrian government forces", ClaimantKind.ACTOR),
        ("Syrian Observatory for Human Rights", ClaimantKind.MONITOR),
    ]


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("ISIS", "Islamic State"),
        ("isil", "Islamic State"),
        ("Daesh", "Islamic State"),
        ("the Islamic State", "Islamic State"),
        ("Islamic State (Syria)", "Islamic State"),
        ("Jabhat al-Nusra", "Al-Nusra Front"),
        ("HTS", "Al-Nusra Front"),
        ("regime forces", "Syrian government forces"),
        ("Syrian army", "Syrian government forces"),
        ("Military Forces of Syria (2000-)", "Syrian government forces"),
        ("rebel", "Syrian opposition rebels"),
        ("protester", "Protesters"),
        ("civilian", "Civilians"),
        ("Hezbollah", "Hezbollah"),
        ("National Defense Forces", "National Defence Forces"),
        ("US-led coalition", "US-led coalition"),
        ("Iraqi army", "Iraqi military"),
        ("nonexistent group", None),
        # a name with its gloss, in either order ("Name (ACRONYM)", ACLED's "ACRONYM: Name")
        ("People's Protection Units (YPG)", "YPG"),
        ("YPG: People's Protection Units", "YPG"),
        ("Asayish (Kurdish police)", "Asayish"),
        ("Nonexistent Brigade (NB)", None),
    ],
)
def test_canonical(table: ActorTable, name: str, canonical: str | None) -> None:
    assert table.canonical(name) == canonical


def test_info_for_every_actor(table: ActorTable) -> None:
    for info in table.actors:
        assert info.acled_name and "{" not in info.acled_name
        assert 1 <= info.inter <= 8
        assert table.info(info.canonical) is info
        assert table.canonical(info.canonical) == info.canonical
        if info.parent:
            assert table.info(info.parent) is not None
    syria = table.info("Syrian government forces")
    assert syria is not None and syria.state_actor and syria.inter == 1
    assert syria.kind is ActorKind.STATE_FORCES
    civilians = table.info("Civilians")
    assert civilians is not None and civilians.acled_name == "Civilians (Syria)"
    assert civilians.inter == 7 and not civilians.state_actor
    assert table.family("YPG") == ("YPG", "Syrian Democratic Forces")


def test_claimant_lookup(table: ActorTable) -> None:
    assert table.claimant("SOHR") == "Syrian Observatory for Human Rights"
    assert table.claimant("the Associated Press") == "Associated Press"
    assert table.claimant("state news agency") == "SANA"


def test_extra_country_file(tmp_path: Path) -> None:
    path = tmp_path / "iraq.toml"
    path.write_text(
        """
country = "Iraq"
code = "IQ"

[[actor]]
canonical = "Iraqi military"
kind = "state_forces"
local = ["the army", "government forces"]

[[actor]]
canonical = "Popular Front of Testland"
acled_name = "PFT: Popular Front of Testland"
kind = "rebels"
aliases = ["Popular Front of Testland", "PFT"]

[[claimant]]
name = "Iraqi News Agency"
kind = "agency"
aliases = ["Iraqi News Agency", "INA"]
local = ["state news agency"]
""",
        encoding="utf-8",
    )
    iraq = ActorTable.default(extra=[path], country="IQ")
    assert _found(iraq, "The army fought PFT gunmen.") == [
        ("The army", "Iraqi military"),
        ("PFT gunmen", "Popular Front of Testland"),
    ]
    info = iraq.info("Iraqi military")
    assert info is not None and info.kind is ActorKind.STATE_FORCES and info.state_actor
    assert [c.name for c in iraq.find_claimants("The state news agency said so.")] == [
        "Iraqi News Agency"
    ]
    assert civilians_name(iraq) == "Civilians (Iraq)"
    # the same file in a table for Syria adds the group but not Iraq's local aliases
    syria = ActorTable.default(extra=[path])
    assert _found(syria, "The army fought PFT gunmen.")[0][1] == "Syrian government forces"
    assert ActorTable.default(extra=[path]) is syria  # cached per paths


def civilians_name(table: ActorTable) -> str:
    info = table.info("Civilians")
    assert info is not None
    return info.acled_name


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[[actor]]\ncanonical = 'X'\nkind = 'rebels'\n", "needs acled_name"),
        ("[[actor]]\ncanonical = 'X'\nacled_name = 'X'\nkind = 'pirates'\n", "kind"),
        (
            "[[actor]]\ncanonical = 'X'\nacled_name = 'X'\nkind = 'rebels'\naliases = ['ISIS']\n",
            "claimed by",
        ),
        (
            "[[actor]]\ncanonical = 'X'\nacled_name = 'X'\nkind = 'rebels'\nalias = ['Y']\n",
            "unknown",
        ),
        ("not toml [", "not valid TOML"),
        (
            "[[actor]]\ncanonical = 'X'\nacled_name = 'X'\nkind = 'rebels'\npatterns = ['{nope} x']\n",
            "which is not",
        ),
        (
            "[[actor]]\ncanonical = 'X'\nacled_name = 'X'\nkind = 'rebels'\ntheatre = 'Yemen'\n",
            "not an ISO code",
        ),
        (
            "[[actor]]\ncanonical = 'X'\nacled_name = 'X'\nkind = 'state_forces'\n"
            "air_force = 'Syria'\n",
            "air_force 'SYRIA' is not an ISO code",
        ),
    ],
)
def test_bad_files(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        ActorTable.from_files([path])


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        ActorTable.from_files([tmp_path / "absent.toml"])


def test_gold_actor_names_map_to_themselves(table: ActorTable) -> None:
    gold = sorted((SHARED / "gold").glob("*.json")) if (SHARED / "gold").is_dir() else []
    if not gold:
        pytest.skip(f"no gold files in {SHARED / 'gold'} (../shared absent)")
    names = set()
    for path in gold:
        for event in json.loads(path.read_text(encoding="utf-8"))["events"]:
            names.update(event["actors"])
    assert names
    for name in sorted(names):
        assert table.canonical(name) == name, name
        assert table.info(name) is not None, name


@pytest.mark.slow
def test_ucdp_sides_report(table: ActorTable) -> None:
    """Informational: which UCDP GED actor names the table maps."""
    path = SHARED / "data" / "ucdp-ged-syria" / "ucdp_ged_syria_2016_2017.csv"
    if not path.is_file():
        pytest.skip(f"{path} absent")
    names: dict[str, int] = {}
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            for side in (row["side_a"], row["side_b"]):
                for name in side.split(", "):
                    names[name] = names.get(name, 0) + 1
    mapped = {n: c for n, c in names.items() if table.canonical(n)}
    share = sum(mapped.values()) / sum(names.values())
    print(f"UCDP side names mapped: {len(mapped)}/{len(names)}, {share:.0%} of mentions")
    assert share > 0.5


# -- the whole-document scan finds what a direct search finds -------------------------------

_PIECES = [
    "ISIS",
    "IS",
    "isis",
    "Islamic State",
    "the army",
    "The Army",
    "regime",
    "regime-held",
    "SDF",
    "Kurdish-led",
    "YPG fighters",
    "al-Nusra",
    "Al Nusra Front",
    "US-led coalition",
    "U.S.",
    "SOHR",
    "the Observatory",
    "Syrian Observatory for Human Rights",
    "SANA",
    "AFP",
    "activists",
    "according to",
    "said",
    "told",
    "reported by",
    "Russia",
    "Russian warplanes",
    "Damascus",
    "accused",
    "Assad",
    "loyal to",
    "rebels",
    "from",
    "the",
    "a",
    "an",
    "town",
    "Idlib",
    "Syria",
    "Syria’s",
    "İdlib",
    "STATE",
    "–",
    "-",
    ",",
    ".",
    "(",
    ")",
    "\n",
    "  ",
    "Σ",
    "café",
    "_x",
]


@given(
    words=st.lists(st.sampled_from(_PIECES), min_size=60, max_size=160),
    seps=st.lists(st.sampled_from([" ", "", "-", ", ", ". "]), min_size=160, max_size=160),
    cuts=st.lists(st.integers(min_value=0, max_value=2000), min_size=2, max_size=8),
    dotted=st.booleans(),
)
def test_scan_matches_direct_search(
    table: ActorTable, words: list[str], seps: list[str], cuts: list[int], dotted: bool
) -> None:
    text = "".join(w + s for w, s in zip(words, seps, strict=False))
    if not dotted:  # "İ" lower-cases to two characters: no scan for that text
        text = text.replace("İ", "I")
    if len(text) < 400:
        text = (text + " ") * (400 // max(1, len(text)) + 1)
    scanned = table._scanner.starts(text)
    assert (scanned is None) == ("İ" in text)
    bounds = sorted({min(c, len(text)) for c in cuts} | {0, len(text)})
    for start, end in itertools.pairwise(bounds):
        for which, matcher in enumerate((table._actor_matcher, table._claimant_matcher)):
            direct = matcher.find(text, start, end)
            fast = matcher.find(
                text, start, end, starts=scanned[which] if scanned is not None else None
            )
            assert fast == direct, (start, end, text[start:end])


def test_turkish_dotted_capital_i_does_not_break_matching() -> None:
    """Anadolu writes "İdlib": lower-casing adds a combining dot; nothing may crash."""
    from observatory.actors import ActorTable

    table = ActorTable.default()
    text = "Turkish drones struck İdlib as the U.S. MİSSİLE hit ISIS positions, SANA said."
    names = [m.canonical for m in table.find(text)]
    assert "Islamic State" in names
    table.find_claimants(text)


def test_for_country(table: ActorTable) -> None:
    # another country's local names when a file gives them; else the "*" template's
    iraq = table.for_country("iq")
    assert iraq.country == "IQ" and table.for_country("IQ") is iraq
    assert _found(iraq, "The army and the police fought gunmen.")[:2] == [
        ("The army", "Iraqi military"),
        ("the police", "Iraqi police"),
    ]
    france = table.for_country("FR")
    assert france.country == "FR" and table.for_country("fr") is france
    assert _found(france, "The army and the police fought gunmen.")[:2] == [
        ("The army", "Military Forces of France"),
        ("the police", "Police Forces of France"),
    ]
    assert table.for_country("SY") is table


def test_the_air_force_a_report_means_when_it_names_none() -> None:
    table = ActorTable.default()
    assert table.air_force("SY") == "Syrian government forces"
    # a sky several air forces share has none
    assert table.air_force("IQ") is None
    assert table.air_force(None) is None


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("Clashes between two clans erupted in Al-Busayrah.", "Tribal militia"),
        ("Clansmen opened fire on a rival family's house.", "Tribal militia"),
    ],
)
def test_clans_fighting_are_a_tribal_militia(table: ActorTable, text: str, canonical: str) -> None:
    assert [a.canonical for a in table.find(text)] == [canonical]


def test_a_clans_hometown_names_no_militia(table: ActorTable) -> None:
    # (the apostrophe lost: "the ruling Assad clans hometown")
    assert table.find("an attack on the ruling Assad clans hometown") == [] or all(
        a.canonical != "Tribal militia"
        for a in table.find("an attack on the ruling Assad clans hometown")
    )


def test_iraqs_counter_terrorism_forces_are_its_military(table: ActorTable) -> None:
    found = table.find("Iraqi counter-terrorism forces killed 4 IS militants in Diyala.")
    assert [a.canonical for a in found] == ["Iraqi military", "Islamic State"]
