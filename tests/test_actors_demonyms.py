"""State actors named by the country ("Pakistani forces", "Pakistan's army", "the Kenyan
government"): nations.toml and the `national` nouns of any_country.toml. The sentences are
written the way ACLED's event notes and wire reports are."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from observatory.actors import ActorKind, ActorTable
from observatory.errors import ConfigError


@pytest.fixture(scope="module")
def syria() -> ActorTable:
    return ActorTable.from_files([], country="SY")


def _found(table: ActorTable, text: str) -> list[tuple[str, str]]:
    return [(m.text, m.canonical) for m in table.find(text)]


NAMED = [
    (
        "On 3 May 2022, Pakistani forces shelled a village in Kurram district.",
        [("Pakistani forces", "Military Forces of Pakistan")],
    ),
    (
        "Militants ambushed a convoy of the Pakistani army near Miranshah.",
        [
            ("Militants", "Unidentified armed group"),
            ("Pakistani army", "Military Forces of Pakistan"),
        ],
    ),
    (
        "Pakistan's army said two soldiers were killed.",
        [("Pakistan's army", "Military Forces of Pakistan")],
    ),
    ("The Pakistan Army cleared the area.", [("Pakistan Army", "Military Forces of Pakistan")]),
    (
        "Nigerian troops repelled an attack in Borno.",
        [("Nigerian troops", "Military Forces of Nigeria")],
    ),
    (
        "Officers of the Nigeria Police Force arrested three suspects.",
        [("Nigeria Police Force", "Police Forces of Nigeria")],
    ),
    ("Kenyan police fired tear gas at traders.", [("Kenyan police", "Police Forces of Kenya")]),
    (
        "Indian Army personnel were deployed.",
        [("Indian Army personnel", "Military Forces of India")],
    ),
    ("Ethiopian soldiers looted shops.", [("Ethiopian soldiers", "Military Forces of Ethiopia")]),
    (
        "Colombian security forces clashed with ELN dissidents.",
        [("Colombian security forces", "Military Forces of Colombia")],
    ),
    (
        "Ukrainian forces shelled Donetsk city.",
        [("Ukrainian forces", "Military Forces of Ukraine")],
    ),
    (
        "Filipino soldiers were deployed to Marawi.",
        [("Filipino soldiers", "Military Forces of the Philippines")],
    ),
    (
        "The Philippine Army said one soldier died.",
        [("Philippine Army", "Military Forces of the Philippines")],
    ),
    (
        "Malian soldiers and the Burkinabe army patrolled the border.",
        [
            ("Malian soldiers", "Military Forces of Mali"),
            ("Burkinabe army", "Military Forces of Burkina Faso"),
        ],
    ),
    (
        "The Burkinabe air force struck a JNIM base.",
        [("Burkinabe air force", "Military Forces of Burkina Faso"), ("JNIM", "JNIM")],
    ),
    (
        "Somali security forces raided the house.",
        [("Somali security forces", "Military Forces of Somalia")],
    ),
    ("Sudanese police dispersed the crowd.", [("Sudanese police", "Police Forces of Sudan")]),
    (
        "South Sudanese soldiers fired on civilians.",
        [
            ("South Sudanese soldiers", "Military Forces of South Sudan"),
            ("civilians", "Civilians"),
        ],
    ),
    (
        "Myanmar military troops torched the village.",
        [("Myanmar military troops", "Military Forces of Myanmar")],
    ),
    ("The Kenyan government banned the rally.", [("Kenyan government", "Government of Kenya")]),
    (
        "Indian authorities detained the journalist.",
        [("Indian authorities", "Government of India")],
    ),
    (
        "The Philippines' military denied the report.",
        [("Philippines' military", "Military Forces of the Philippines")],
    ),
    (
        "Congolese army soldiers clashed with M23.",
        [
            ("Congolese army soldiers", "Military Forces of the Democratic Republic of Congo"),
            ("M23", "M23"),
        ],
    ),
    (
        "Russian forces shelled Ukrainian positions; Ukrainian air forces shot down a drone.",
        [
            ("Russian forces", "Russian military"),
            ("Ukrainian positions", "Military Forces of Ukraine"),
            ("Ukrainian air forces", "Military Forces of Ukraine"),
        ],
    ),
    (
        "Sudanese Armed Forces fought in Khartoum.",
        [("Sudanese Armed Forces", "Military Forces of Sudan")],
    ),
    (
        "Uganda Police Force officers arrested him.",
        [("Uganda Police Force", "Police Forces of Uganda")],
    ),
    (
        "Kenya Defence Forces soldiers were ambushed.",
        [("Kenya Defence Forces soldiers", "Military Forces of Kenya")],
    ),
    (
        "Brazilian military police killed two suspects.",
        [("Brazilian military police", "Military Forces of Brazil")],
    ),
    (
        "Chadian government forces fought the rebels.",
        [
            ("Chadian government forces", "Military Forces of Chad"),
            ("the rebels", "Syrian opposition rebels"),
        ],
    ),
    # names other files give keep their actor
    ("Russian forces shelled Kharkiv.", [("Russian forces", "Russian military")]),
    ("Russian army soldiers looted the town.", [("Russian army soldiers", "Russian military")]),
    (
        "Russian police detained 20 protesters.",
        [
            ("Russian police", "Police Forces of Russia"),
            ("protesters", "Protesters"),
        ],
    ),
    ("Iraqi police officers were wounded.", [("Iraqi police officers", "Iraqi police")]),
    ("Lebanese police officers were wounded.", [("Lebanese police officers", "Lebanese police")]),
    ("Turkish army soldiers crossed the border.", [("Turkish army soldiers", "Turkish military")]),
    ("Israeli forces raided Jenin.", [("Israeli forces", "Israeli military")]),
    # the country's forces are the actor another file names "<nation> forces"
    ("American marines landed.", [("American marines", "US-led coalition")]),
    ("Iranian army units crossed.", [("Iranian army units", "Iranian Revolutionary Guard Corps")]),
    ("Saudi navy ships.", [("Saudi navy", "Saudi military")]),
    ("Syrian army troops advanced.", [("Syrian army troops", "Syrian government forces")]),
    (
        "Free Syrian Army fighters and the Syrian National Army.",
        [
            ("Free Syrian Army fighters", "Free Syrian Army"),
            ("Syrian National Army", "Syrian National Army"),
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), NAMED)
def test_state_named_by_its_country(
    syria: ActorTable, text: str, expected: list[tuple[str, str]]
) -> None:
    assert _found(syria, text) == expected


# Not the state's forces: other groups named with the adjective, people, and words that are
# not nouns of a state's forces.
NOT_STATE = [
    # a group's own name (armed_groups_world.toml), not Pakistan's forces
    ("The Pakistani Taliban claimed the attack.", [("Pakistani Taliban", "TTP")]),
    ("Russian-backed separatists shelled the village.", []),
    ("Pro-Russian forces held a rally.", []),
    ("A Nigerian was killed by unknown gunmen.", [("unknown gunmen", "Unidentified armed group")]),
    ("Kenyan civilians fled the area.", [("civilians", "Civilians")]),
    ("Sudanese refugees protested.", [("refugees", "Civilians")]),
    ("Ethiopian protesters gathered in Addis Ababa.", [("protesters", "Protesters")]),
    (
        "The Rapid Support Forces attacked Sudanese Armed Forces positions.",
        [
            ("Sudanese Armed Forces", "Military Forces of Sudan"),
        ],
    ),
    ("Bosnian Serb forces entered the town.", []),
    ("Students protested against the Myanmar military coup.", []),
    ("Former Afghan army officers staged a protest.", []),
    ("Retired Pakistani soldiers demanded their pensions.", []),
    ("Free Syria Army fighters advanced.", [("Free Syria Army fighters", "Free Syrian Army")]),
    ("Indiana police arrested two men.", [("police", "Syrian police")]),
    (
        "New Mexico police arrested two men.",
        [("New Mexico police", "Police Forces of the United States")],
    ),
    ("A Russian-speaking soldier was detained.", []),
]


@pytest.mark.parametrize(("text", "expected"), NOT_STATE)
def test_not_the_state(syria: ActorTable, text: str, expected: list[tuple[str, str]]) -> None:
    assert _found(syria, text) == expected


def test_national_actors_are_state_forces_with_acled_names(syria: ActorTable) -> None:
    (mention,) = syria.find("Pakistani forces shelled a village.")
    info = mention.info
    assert info.acled_name == "Military Forces of Pakistan"
    assert info.kind is ActorKind.STATE_FORCES and info.state_actor and info.inter == 1
    assert info.country == "Pakistan"
    assert syria.canonical("Pakistani forces") is None  # a name in text, not a table alias
    assert syria.canonical("Military Forces of Pakistan (2018-)") == "Military Forces of Pakistan"
    # ACLED's names without their period are the actors other files give them
    assert syria.canonical("Military Forces of Russia") == "Russian military"
    assert syria.canonical("Military Forces of Syria") == "Syrian government forces"
    assert syria.canonical("Police Forces of Syria") == "Syrian police"


def test_whatever_the_default_country() -> None:
    text = "Pakistani forces and the police clashed with Kenyan troops."
    for code, police in [
        ("SY", "Syrian police"),
        ("KE", "Police Forces of Kenya"),
        ("IQ", "Iraqi police"),
        ("PK", "Police Forces of Pakistan"),
    ]:
        table = ActorTable.from_files([], country=code)
        assert _found(table, text) == [
            ("Pakistani forces", "Military Forces of Pakistan"),
            ("the police", police),
            ("Kenyan troops", "Military Forces of Kenya"),
        ], code
    view = ActorTable.from_files([], country="SY").for_country("PK")
    assert _found(view, text)[0] == ("Pakistani forces", "Military Forces of Pakistan")


def test_a_word_of_two_countries_is_the_reports() -> None:
    text = "Congolese soldiers arrested two men."
    syria = ActorTable.from_files([], country="SY")
    assert _found(syria, text) == [
        ("Congolese soldiers", "Military Forces of the Democratic Republic of Congo")
    ]
    assert _found(syria.for_country("CG"), text) == [
        ("Congolese soldiers", "Military Forces of the Republic of Congo")
    ]


def test_russian_local_names_are_the_russian_military() -> None:
    """A default country whose forces another file names under ACLED's name with a period
    ("Military Forces of Russia (2000-)"): "the army" is that actor, not a second one."""
    russia = ActorTable.from_files([], country="RU")
    assert _found(russia, "The army and Russian troops.") == [
        ("The army", "Russian military"),
        ("Russian troops", "Russian military"),
    ]
    assert _found(ActorTable.from_files([], country="SY").for_country("RU"), "The army.") == [
        ("The army", "Russian military")
    ]


def test_claimant_named_by_its_country(syria: ActorTable) -> None:
    claims = syria.find_claimants("The Nigerian army said 12 militants were killed.")
    assert [(c.name, c.text) for c in claims] == [("Military Forces of Nigeria", "Nigerian army")]


def test_user_file_adds_a_nation(tmp_path: Path) -> None:
    path = tmp_path / "extra.toml"
    path.write_text('[nations]\nXK = ["Kosovo Albanian"]\n', encoding="utf-8")
    table = ActorTable.from_files([path])
    assert _found(table, "Kosovo Albanian police arrived.") == [
        ("Kosovo Albanian police", "Police Forces of Kosovo")
    ]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[nations]\nKenya = ["Kenyan"]\n', "not an ISO code"),
        ('[nations]\nCD = ["DRC"]\n', "acronyms"),
        ('[nations]\nCI = ["Côte d\'Ivoire"]\n', "ASCII"),
        ("nations = 3\n", "must be a table"),
        (
            "[[actor]]\ncanonical = 'X'\nacled_name = 'X'\nkind = 'rebels'\nnational = ['army']\n",
            "template",
        ),
    ],
)
def test_bad_nations(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        ActorTable.from_files([path])


_PIECES = [
    "Pakistani",
    "Pakistan's",
    "Pakistan",
    "forces",
    "army",
    "Army",
    "police",
    "New",
    "Mexico",
    "Philippines'",
    "South",
    "Sudanese",
    "Sudan",
    "Armed",
    "Forces",
    "the",
    "government",
    "Russian",
    "Free",
    "Syrian",
    "pro",
    "troops",
    "Kenyan",
    "civilians",
    "Guinea",
    "Bissau",
    "İ",
    ",",
    ".",
    "-",
    "'",
    "’",
    "\n",
    "  ",
    "x_",
    "Lao",
    "Sao",
    "Tomean",
]


@given(
    words=st.lists(st.sampled_from(_PIECES), min_size=60, max_size=160),
    seps=st.lists(st.sampled_from([" ", "", "-", ", ", ". ", "'s "]), min_size=160, max_size=160),
    cuts=st.lists(st.integers(min_value=0, max_value=1500), min_size=2, max_size=8),
)
def test_scan_matches_direct_search(
    syria: ActorTable, words: list[str], seps: list[str], cuts: list[int]
) -> None:
    text = "".join(w + s for w, s in zip(words, seps, strict=False)).replace("İ", "I")
    if len(text) < 400:
        text = (text + " ") * (400 // max(1, len(text)) + 1)
    scanned = syria._scanner.starts(text)
    assert scanned is not None
    bounds = sorted({min(c, len(text)) for c in cuts} | {0, len(text)})
    matcher = syria._actor_matcher
    for start, end in itertools.pairwise(bounds):
        direct = matcher.find(text, start, end)
        assert matcher.find(text, start, end, starts=scanned[0]) == direct, (start, end)
    whole = [
        syria._national(h.key) for h in matcher.find(text) if h.key not in syria._data.actor_aliases
    ]
    assert all(info is not None for info in whole)


# Adjectives joined to a "<modifier> <noun>" name each name their own actor with that noun.
COORDINATED = [
    (
        "Russian or Syrian warplanes struck the town.",
        [("Russian", "Russian military"), ("Syrian", "Syrian government forces")],
    ),
    (
        "Jets, either Syrian or Russian war planes, struck the town.",
        [("Syrian", "Syrian government forces"), ("Russian", "Russian military")],
    ),
    # any case, any whitespace, "and/or"
    (
        "Russian AND\nSyrian warplanes struck the town.",
        [("Russian", "Russian military"), ("Syrian", "Syrian government forces")],
    ),
    (
        "Russian and/or  Syrian warplanes struck the town.",
        [("Russian", "Russian military"), ("Syrian", "Syrian government forces")],
    ),
    (
        "Russian and regime air strikes hit the market.",
        [("Russian", "Russian military"), ("regime", "Syrian government forces")],
    ),
    (
        "Iraqi, Iranian and Turkish forces massed near the border.",
        [
            ("Iraqi", "Iraqi military"),
            ("Iranian", "Iranian Revolutionary Guard Corps"),
            ("Turkish forces", "Turkish military"),
        ],
    ),
    # a word that is no modifier of the noun joins nothing
    (
        "Rebels and Russian warplanes fought.",
        [("Rebels", "Syrian opposition rebels"), ("Russian", "Russian military")],
    ),
    ("Pilots and Syrian warplanes.", [("Syrian", "Syrian government forces")]),
    # the word is already part of a name: no second mention
    (
        "The Syrian army and Russian jets pounded the town.",
        [("Syrian army", "Syrian government forces"), ("Russian", "Russian military")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), COORDINATED)
def test_coordinated_modifiers_each_name_their_actor(
    syria: ActorTable, text: str, expected: list[tuple[str, str]]
) -> None:
    assert _found(syria, text) == expected


# A generic word before a civil noun names no armed group.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Police arrested 25 opposition activists.", [("Police", "Syrian police")]),
        ("Rebel supporters gathered in the square.", []),
        (
            "Opposition fighters shelled the town.",
            [("Opposition fighters", "Syrian opposition rebels")],
        ),
        ("The opposition shelled the town.", [("The opposition", "Syrian opposition rebels")]),
    ],
)
def test_generic_words_before_civil_nouns(
    syria: ActorTable, text: str, expected: list[tuple[str, str]]
) -> None:
    assert _found(syria, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Military forces set fire to houses in the village.",
        "Military troops raided the township at dawn.",
        "Junta forces arrested three students near the market.",
    ],
)
def test_military_forces_are_the_reports_countrys(text: str) -> None:
    """Notes about a country without a file of its own name its army "military forces"
    (ACLED's Myanmar notes: "military forces set houses on fire")."""
    myanmar = ActorTable.from_files([], country="SY").for_country("MM")
    assert [canonical for _, canonical in _found(myanmar, text)] == ["Military Forces of Myanmar"]
