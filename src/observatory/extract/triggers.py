"""Event triggers: the words reports use for each ACLED sub-event type.

A trigger is a match of one rule in a clause. Some rules name a sub-event type outright
("barrel bombs" -> Air/drone strike); others name a *role* resolved later from the actors
("captured" -> territory taken by the government or by a non-state actor; "arrested" ->
Arrests by state forces, Abduction by anyone else; "attack" -> a clash, or violence
against civilians when the victims are civilians).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

from observatory.extract.taxonomy import event_type_of
from observatory.regexfast import prefix_trie

__all__ = ["ACLED_LABELS", "BLASTS", "Role", "Trigger", "TriggerRule", "find_triggers", "lowered"]

# the words that tell an explosion without naming its device (an IED's, unless a device told
# beside them says otherwise)
BLASTS = r"explosions?|blasts?|detonat(?:ed|ion)|exploded|went off"


class Role(StrEnum):
    """How a trigger's sub-event type is decided."""

    FIXED = "fixed"  # the rule names the sub-event type
    TERRITORY = "territory"  # government regains / non-state actor overtakes territory
    ARREST = "arrest"  # Arrests (state forces) or Abduction/forced disappearance
    ATTACK = "attack"  # Armed clash, or Attack on civilians when the victims are civilians
    RIOT = (
        "riot"  # demonstrators' violence ("burned tyres"): an event where a demonstration is told
    )
    CROWD = "crowd"  # a crowd's action ("gathered", "blocked the road"): a protest, unless armed
    # forces are the ones acting and say no grievance ("troops gathered near the town")


@dataclass(frozen=True, slots=True, kw_only=True)
class TriggerRule:
    pattern: str
    sub_event_type: str  # for non-FIXED roles: the default
    role: Role = Role.FIXED
    nominal: bool = False  # a noun ("clashes"), which can be anaphoric ("the clashes")
    weak: bool = False  # only an event when the clause also has a place or casualties
    label: bool = False  # ACLED's label before a note's date: it names the note's one event


@dataclass(frozen=True, slots=True, kw_only=True)
class Trigger:
    start: int  # document offsets
    end: int
    text: str
    sub_event_type: str
    event_type: str
    role: Role
    nominal: bool
    weak: bool
    definite: bool  # "the clashes", "the attack": may refer back to an event already told
    forced_anaphor: bool = False  # "The blast came as ...": certainly refers back
    label: bool = False  # ACLED's label ("Looting: On 9 May 2022, ...")


_S = "Armed clash"
# "regime forces battling militants across the country", "soldiers fighting the Islamic
# State": a participle that says who they are, not an event of the day
_WHO_FIGHT = "".join(
    f"(?<!{w} )"
    for w in (
        "forces",
        "troops",
        "soldiers",
        "fighters",
        "militants",
        "rebels",
        "militias",
        "units",
        "groups",
        "jihadists",
        "factions",
    )
)

# ACLED's own labels before a note's date ("Property destruction: On 9 May 2022, ..."), from
# ACLED's codebook: the label names the sub-event type of the note's one event
ACLED_LABELS: dict[str, str] = {
    "property destruction": "Looting/property destruction",
    "looting": "Looting/property destruction",
    "land seizure": "Looting/property destruction",
    "displacement": "Other",
    "other": "Other",
    "training": "Other",
    "mass grave": "Other",
    "non-violent activity": "Other",
    "strikes": "Other",
    "security measures": "Change to group/activity",
    "movement of forces": "Change to group/activity",
    "change to armed group": "Change to group/activity",
    "recruitment": "Change to group/activity",
    "interception": "Disrupted weapons use",
    "defusal": "Disrupted weapons use",
    "weapons seizure": "Disrupted weapons use",
    "detonation": "Disrupted weapons use",
    "headquarters or base established": "Headquarters or base established",
    "non-violent transfer of territory": "Non-violent transfer of territory",
    "agreement": "Agreement",
    "arrests": "Arrests",
}


def _label_rules() -> tuple[TriggerRule, ...]:
    """One rule per sub-event type: its labels at the start of a line, before a colon."""
    by_sub: dict[str, list[str]] = {}
    for label, sub in ACLED_LABELS.items():
        by_sub.setdefault(sub, []).append(re.escape(label))
    return tuple(
        TriggerRule(
            pattern=rf"(?<![^\n])(?:{'|'.join(labels)})(?=:\s)", sub_event_type=sub, label=True
        )
        for sub, labels in by_sub.items()
    )


# what a crowd does when it protests (objects of "blocked", "occupied", "carried out" ...)
_FORMS = (
    r"march|marches|motorcades?|caravans?|vigils?|walk-?outs?|pickets?|blockades?|road ?blocks?|"
    r"processions?|sit-ins?|flash mobs?|human chains?|cacerolazos?|mobili[sz]ations?|"
    r"demonstrations?|protests?|rall(?:y|ies)|hunger strikes?|gatherings?|boycotts?|"
    r"(?:climate|general|labou?r|warning|indefinite|sit-down|\d+-hour|one-day|two-day) strikes?"
)
_WAYS = (
    r"roads?|highways?|streets?|avenues?|access(?: roads?)?|entrances?|traffic|bridges?|"
    r"railways?|rail(?:road)? (?:line|tracks?)|tracks|intersections?|junctions?|lanes?|"
    r"crossroads|roundabouts?|routes?|gates?|motorways?|boulevards?|km|ports?|border crossings?"
)
_SITES = (
    r"premises|buildings?|offices?|schools?|universit(?:y|ies)|campus|squares?|halls?|"
    r"ministry|headquarters|factory|plant|sites?|lands?|forest|park|rectorate|faculty|"
    r"church|embassy|council|parliament|floor|toll ?booths?|toll plaza|villa|shopping "
    r"cent(?:er|re)|mall|construction site|mine|port|airport terminal"
)
_THE_CROWD = (
    r"(?:the |a group of |some |several |\d+ )?(?:protesters|demonstrators|participants|"
    r"activists|crowds?|marchers|strikers|picketers|rioters|youths)"
)


def _each(words: str, rest: str) -> str:
    """One alternative per leading word ("held X|staged X"), so that each is looked up by
    its own first letters (see _compile_rules) instead of being tried at every word."""
    return "|".join(f"{w}{rest}" for w in words.split("|"))


_CROWD_ACTIONS = "|".join(
    [
        # not passive: "the children were gathered outside the school"
        _each(
            "gathered|assembled|congregated|rallied|marched|paraded|picketed",
            r"(?<!was gathered)(?<!were gathered)(?<!been gathered)(?<!is gathered)"
            r"(?<!are gathered)",
        ),
        _each("shouted|chanted", r" (?:\w+ ){0,2}?slogans"),
        _each(
            "blocked|block|blocking",
            rf" (?:\((?:\w+ ?){{1,4}}\) )?(?:[\w'-]+ ){{0,5}}?(?:{_WAYS})",
        ),
        rf"occupied (?:the |a |an |their |its |part of )(?:[\w'-]+ ){{0,3}}?(?:{_SITES})",
        r"formed (?:a |an )?(?:picket lines?|human (?:chains?|mosaics?|walls?|cordons?))",
        _each(
            "began|started|staged|continued",
            r" (?:a |an |their |its )(?:(?!air |drone |missile |rocket |aerial )\w+ )?strikes?",
        ),
        _each(
            "carried out|held|staged|organised|organized|joined|took part in|participated in|"
            "launched|began|started|continued|hold|stage",
            # ("began as protests" tells how something began: not a protest held)
            rf"(?: (?:a|an|the|their|its|another|several))? (?:(?!as |with )[\w'-]+ ){{0,3}}?"
            rf"(?:{_FORMS})",
        ),
        _each(
            "displayed|held|holding|carried|carrying|waved|waving|unfurled|hung",
            r" (?:\w+ ){0,3}?(?:banners?|placards?|posters|flags|signs|portraits)",
        ),
        r"walked out",
        _each("chained|glued|locked|tied", " themselves"),
        r"set up (?:a |an )?(?:protest )?(?:camp|encampment|tents?)",
        _each(
            "protesters|demonstrators|strikers|marchers|picketers",
            # (the words between do no violence: "protesters burned tyres and blocked roads"
            # is the riot's)
            r" (?:(?!(?:burn|torch|threw|throw|pelt|hurl|loot|smash|vandali|clash|attack|storm|"
            r"ston|set|beat|damag|destroy|ransack)\w*\b)\w+ ){0,3}?"
            r"(?:demanded|called|urged|denounced|condemned|expressed|rejected|"
            r"opposed|complained|accused|carried|displayed|held|shouted|chanted|sang|read|"
            r"handed|delivered|submitted|requested|blocked|waved|sat|stood|walked|lit|laid)",
        ),
    ]
)
_AIRCRAFT = (
    r"(?:helicopters?|warplanes?|war ?jets?|fighter jets?|jets?|planes?|aircraft|"
    r"gunships?|bombers?)(?! drones?)"
)
_RULES: tuple[TriggerRule, ...] = (
    *_label_rules(),
    # --- Battles
    TriggerRule(pattern=r"clash(?:es|ed|ing)?", sub_event_type=_S, nominal=True),
    TriggerRule(
        # not who someone is ("those fighting to oust Assad", "fighting to topple"): an aim
        pattern=r"(?<!those )" + _WHO_FIGHT + r"(?:heavy |fierce |intense |violent |renewed |"
        r"sporadic )?fighting"
        r"(?! to (?:oust|topple|overthrow|remove|bring down|unseat|establish|impose)\b)",
        sub_event_type=_S,
        nominal=True,
    ),
    TriggerRule(pattern=r"fought|fights? (?:between|with|against)", sub_event_type=_S),
    # "an army unit destroyed a command centre of al-Nusra", "army units destroyed dens of
    # terrorists": state media's word for an engagement
    TriggerRule(
        pattern=r"(?:army|military) units? (?:\w+ ){0,2}?destroyed|units? of the (?:\w+ )?army "
        r"(?:\w+ ){0,2}?destroyed",
        sub_event_type=_S,
    ),
    # a manned aircraft brought down is a clash with its crew's side (ACLED); a drone or a
    # missile brought down is disrupted weapons use (below)
    TriggerRule(
        pattern=r"(?:shot|shoot(?:s|ing)?|brought|bring(?:s|ing)?) down (?:an? |the |two |its |"
        r"their )?(?:\w+ ){0,2}?" + _AIRCRAFT + r"|downed (?:an? |the |two |its |their )?"
        r"(?:\w+ ){0,2}?" + _AIRCRAFT + r"|" + _AIRCRAFT + r" (?:\w+ ){0,3}?(?:was|were|had been|"
        r"has been) (?:reportedly )?(?:shot|brought) down",
        sub_event_type=_S,
    ),
    TriggerRule(
        pattern=r"(?:gun ?)?battles?|battled|" + _WHO_FIGHT + "battling",
        sub_event_type=_S,
        nominal=True,
    ),
    TriggerRule(pattern=r"skirmish(?:es|ed)?", sub_event_type=_S, nominal=True),
    # "10 IS militants were killed during fights in Tabqa" (wire English from Arabic)
    TriggerRule(
        pattern=r"(?:fierce |heavy |violent |intense )?fights (?:in|with|against|between|near|"
        r"around|on|for|erupted|broke out|raged)\b",
        sub_event_type=_S,
        nominal=True,
    ),
    TriggerRule(
        pattern=r"fire ?fights?|exchanges? of (?:gun)?fire|exchanged (?:heavy |intense )?"
        r"(?:gun)?fire",
        sub_event_type=_S,
    ),
    TriggerRule(
        pattern=r"shoot-?outs?|gun ?fights?|exchanges? of gunfire|armed confrontations?|"
        r"gunfire (?:erupted|broke out)|(?:heavy |intense )?gunfire between|"
        r"engaged in an? (?:\w+ )?offensive|(?:were |was )?(?:repulsed|repelled) by|"
        r"engaged (?:\w+ ){0,2}?(?:militants|militiamen|fighters|rebels|insurgents|troops|"
        r"forces|bandits|gunmen|terrorists)",
        sub_event_type=_S,
        nominal=True,
    ),
    TriggerRule(pattern=r"ambush(?:ed|es)?", sub_event_type=_S, nominal=True),
    TriggerRule(pattern=r"counter-?attacks?|counter-?offensives?", sub_event_type=_S, nominal=True),
    TriggerRule(pattern=r"offensive (?:on|against)|launched an offensive", sub_event_type=_S),
    TriggerRule(pattern=r"repel(?:led|s)? (?:an? )?(?:attack|assault|advance)", sub_event_type=_S),
    TriggerRule(pattern=r"infiltration attempts?", sub_event_type=_S),
    # a foiled attack on positions is a clash (foiled bombs are disrupted weapons use)
    TriggerRule(
        pattern=r"(?:foiled|thwarted|repulsed) (?:on \w+ |early \w+ )?(?:an? |the )?"
        r"(?!(?:bomb|bombing|suicide|car|ied|explosives?|drone|rocket|missile|terror|terrorist)\b)"
        r"(?:\w+ )?(?:attack|assault|infiltration|advance|offensive)s?(?! (?:plan|plot)s?\b)",
        sub_event_type=_S,
    ),
    # an armed advance on a position: "IS advanced on a regime position" (not "advanced on
    # Monday")
    TriggerRule(
        pattern=r"advanc(?:ed|ing|e) on (?!(?:monday|tuesday|wednesday|thursday|friday|"
        r"saturday|sunday|the (?:same )?(?:day|morning|night|evening)|the ground|foot|"
        r"several fronts|all fronts|multiple fronts)\b)",
        sub_event_type=_S,
    ),
    # headlines: "regime forces advance over al-Islam army", "the SDF advance further in the
    # countryside at the expense of the Islamic State"
    TriggerRule(
        pattern=r"advanc(?:e|es|ed|ing) (?:further |more )?(?:over|against)\b|"
        r"(?:advanc|progress)\w* (?:[\w'’-]+ ){0,8}?at the expense of",
        sub_event_type=_S,
    ),
    # a position lost by one side: "the base has fallen from army control"
    TriggerRule(
        pattern=r"(?:fallen|fell|slipped) (?:out )?(?:from|of) (?:the )?(?:army|regime|"
        r"government|troops'?|syrian army|state) control",
        sub_event_type="Non-state actor overtakes territory",
    ),
    TriggerRule(
        pattern=r"(?:fallen|fell|slipped) (?:out )?(?:from|of) (?:the )?(?:rebel|opposition|"
        r"insurgent|militant|jihadist|terrorist|is|isis|isil|daesh|nusra) control",
        sub_event_type="Government regains territory",
    ),
    # an armed clash, or an attack when those it killed are civilians ("gunmen stormed a
    # church and killed 12 worshippers")
    TriggerRule(pattern=r"stormed|storming", sub_event_type=_S, role=Role.ATTACK),
    TriggerRule(pattern=r"forced out|drove out|expelled|pushed back", sub_event_type=_S),
    TriggerRule(
        pattern=r"attack(?:s|ed|ing)?(?! motivations?| motives?)|assault(?:s|ed)?|raid(?:s|ed)? on",
        sub_event_type=_S,
        role=Role.ATTACK,
        nominal=True,
    ),
    TriggerRule(
        # not a photograph's "captured": "this photo captured from the town of Nusaybin"
        pattern=r"(?<!photo )(?<!photos )(?<!image )(?<!images )(?<!video )(?<!footage )"
        r"(?<!picture )(?<!pictures )(?<!camera )(?:re)?captur(?:ed|ing|e of|e)"
        r"(?! (?:on|by) (?:a )?(?:camera|video|film|tape|cctv))"
        # people are captured, not taken ("beheaded two captured soldiers", "captured a pilot")
        r"(?!(?: [\w-]+){0,2}? (?:soldiers?|fighters?|troops|militants?|rebels?|pilots?|"
        r"officers?|members|prisoners|civilians|hostages|men|women|children|people|policem[ae]n|"
        r"guards?|commanders?|jihadists?)(?![\w-]))|"
        r"seiz(?:ed|ing|ure of|e)|overran|overrun|"
        r"took (?:full |complete )?control|taken control|took over|taken over|"
        r"(?:re)?gain(?:ed|ing) (?:full |complete )?control|retook|retaken|regained|"
        r"wrested control|(?:fell|fallen) (?:\w+ ){0,3}?to|(?:was|were|been) lost to|"
        r"(?:fully )?liberat(?:ed|ing|ion of)|"
        r"restored (?:security and stability|control)|regains?|"
        r"(?:establish(?:ed|ing)?|taking|took) control (?:over|of)|"
        r"expand(?:s|ed|ing)? (?:their |its |his )?control",
        sub_event_type="Non-state actor overtakes territory",
        role=Role.TERRITORY,
    ),
    # --- Explosions/Remote violence
    TriggerRule(
        pattern=r"chemical (?:weapons? )?(?:attacks?|strikes?|weapons?|munitions)|"
        r"(?:noxious|toxic|poison(?:ous)?|chlorine|nerve) gas(?:es)?|chlorine|sarin|"
        r"nerve agents?|gas attacks?|mustard gas",
        sub_event_type="Chemical weapon",
        nominal=True,
    ),
    TriggerRule(
        pattern=r"air ?strikes?|air ?raids?|air attacks?|aerial (?:bombardment|attacks?|strikes?|raids?)|"
        r"war ?planes?|war ?jets?|fighter jets?|jets (?:struck|bombed|pounded|hit|targeted)|"
        r"air force (?:(?:and|jets|planes|units|also|then|had|has|have) (?:\w+ ){0,2}?)?"
        r"(?:struck|bombed|pounded|hit|targeted|raided|destroyed|shelled|attacked)|"
        r"helicopters? (?:\w+ly )?(?:dropped|gunships?|struck|fired|raids?|attacks?|strikes?|"
        r"bomb(?:s|ed)?)|"
        r"gunships?|barrel[- ]bombs?|explosive barrels?|by (?:the )?(?:\w+(?:['’]s)? )?(?:helicopters|warplanes|aircraft|planes)|"
        r"drone (?:strikes?|attacks?)|(?:armed |suicide |kamikaze )?drones? "
        # "a drone of unknown affiliation struck a car": whose it was, not yet told
        r"(?:of (?:unknown|unidentified) (?:affiliation|origin|identity|source|ownership),? )?"
        r"(?:also |reportedly |then )?(?:struck|targeted|hit|attacked|bombed|fired)|"
        # "killed by regime bombs": bombs a state's forces dropped
        r"(?:regime|government|army|russian|syrian|israeli|coalition|turkish) (?:aerial )?bombs|"
        r"bombed|bombing raids?|(?:russian|syrian|turkish|israeli|coalition|u\.?s\.?(?:-led)?) "
        r"(?:warplanes|jets|aircraft|raids|strikes)|air ?craft (?:struck|bombed|pounded|targeted)|"
        r"struck from the air|aerial bombing|strikes? (?:on|against|targeting|targeted|hit)|"
        # headlines tell it in the present: "raids target the countryside of Hama"
        r"raids? (?:hit|hits|struck|target|targets|targeted|targeting|pound|pounds|pounded)",
        sub_event_type="Air/drone strike",
        nominal=True,
    ),
    TriggerRule(
        pattern=r"shell(?:s|ed|ing)?|artillery|mortars?(?: shells?| rounds?| fire)?|"
        r"rockets?(?: fire)?|rocket-propelled|missiles?|surface-to-surface|grad rockets?|"
        r"bombardment|tank fire|cannon fire|hell ?cannons?|projectiles?|"
        r"pound(?:ed|ing)|to pound|(?:heavy )?weapons fire|"
        # a headline's present after the armed side: "regime forces target Daraa countryside",
        # "factions bomb al-Thala airbase"
        r"(?:(?<=forces )|(?<=factions )|(?<=troops )|(?<=army )|(?<=state )|(?<=rebels ))"
        r"(?:bomb|bombs|bombard|bombards|target|targets)\b|"
        # fired from a launcher, a grenade is a shell ("fired grenade launchers at")
        r"grenade[- ]launchers?|rifle grenades?",
        sub_event_type="Shelling/artillery/missile attack",
        nominal=True,
    ),
    TriggerRule(
        pattern=r"suicide (?:bomb(?:er|ers|ing|ings|s)?|attacks?|car bombs?|blasts?|"
        r"truck bombs?|vests?|belts?|attackers?)|blew (?:himself|herself|themselves) up|"
        r"explosive (?:belt|vest)s?|self-detonat\w*",
        sub_event_type="Suicide bomb",
        nominal=True,
    ),
    # an explosive thrown by hand is ACLED's grenade ("threw an explosive device at the
    # house", "hurled three bombs at a convoy"); a petrol bomb is not ("threw petrol bombs")
    TriggerRule(
        pattern=r"(?:threw|thrown|throwing|throws|lobbed|lobbing|hurled|hurling|tossed|tossing) "
        r"(?:(?:an?|the|two|three|four|several|some|crude|country-made|hand-made|handmade|"
        r"homemade|improvised|small) )*(?:explosive devices?|explosives|bombs?)\b",
        sub_event_type="Grenade",
    ),
    TriggerRule(
        pattern=r"(?:bomb|explosives?)-(?:laden|packed|rigged) (?:car|vehicle|truck|motorcycle)s?(?: attacks?)?|"
        r"car[- ]bombs?|booby[- ]trapped (?:car|vehicle|truck|motorcycle|house|building)s?|"
        r"truck bombs?|improvised explosive devices?|ieds?|roadside bombs?|land ?mines?|"
        # "carried out a mine attack", "attacked the convoy with two remote mines"
        r"(?:remote |anti-tank |anti-personnel )?mine attacks?|remote(?:ly detonated)? mines?|"
        r"with (?:(?:a|an|two|three|four|several|many) )?(?:remote |anti-tank )?mines\b|"
        r"with explosives\b|"
        r"(?:explosive|bomb) (?:device|devices)|(?:a |the )?mine (?:blast|explosion|exploded)|"
        r"bomb (?:blast|attack|explosion|exploded|went off)|bomb(?:ing|ings)|"
        r"bombs? (?:hit|struck|ripped through|tore through|targeted|targeting|targets|killed)|"
        + BLASTS
        + r"|bombs? (?:blast|attack)s?",
        sub_event_type="Remote explosive/landmine/IED",
        nominal=True,
    ),
    TriggerRule(pattern=r"(?:hand )?grenades?", sub_event_type="Grenade", nominal=True),
    # --- Violence against civilians
    TriggerRule(
        pattern=r"rap(?:ed|es|ing)\b|rape|sexual (?:violence|assault|abuse)|sexually assaulted",
        sub_event_type="Sexual violence",
    ),
    TriggerRule(
        pattern=r"(?:summarily |field )?execut(?:ed|es|ing|ions?)|behead(?:ed|ing|s)|massacred?|"
        r"massacres|assassinat(?:ed|es|ion|ions)|murder(?:ed|s)?|shot dead|gunned down|"
        r"tortured(?: to death)?|torture (?:of|and killing)|lynched|slaughter(?:ed|s)|crucified|"
        r"stoned to death|"
        r"sniper fire|sniper (?:shot|killed)|shot and killed|opened fire on civilians|"
        r"beat(?:en)? (?:\w+ ){0,3}to death|burned alive|hanged",
        sub_event_type="Attack",
    ),
    TriggerRule(
        pattern=r"kidnapp?(?:ed|ing|ings)|abduct(?:ed|ion|ions|ing)|taken hostage|held hostage|"
        r"forcibly disappeared|enforced disappearance|seized (?:him|her|them)|"
        r"took (?:him|her|them) to an unknown (?:destination|location|place)|"
        r"whereabouts (?:remain|are) unknown",
        sub_event_type="Abduction/forced disappearance",
    ),
    TriggerRule(
        pattern=r"arrest(?:ed|ing|s)?|detain(?:ed|ing)|rounded up|arrest campaign|raids? and arrests|"
        r"raid(?:ed|ing) (?:the )?(?:house|home|homes|houses)s? of",
        sub_event_type="Arrests",
        role=Role.ARREST,
    ),
    # --- Protests
    TriggerRule(pattern=_CROWD_ACTIONS, sub_event_type="Peaceful protest", role=Role.CROWD),
    TriggerRule(
        # a crowd that gathers: tried before the bare noun, which also names the actor
        pattern=r"(?!(?:forces|troops|fighters|militants|soldiers|gunmen|police|rebels|"
        r"jihadists|officers|units|militias|policemen|reinforcements|"
        # words ending in "s" that are no crowd: "Assad has rallied the minorities"
        r"has|was|is|his|this|its|thus|as|us|always|perhaps|sometimes)\b)"
        r"[a-z-]+(?:s|people|men|ren) "
        r"(?:had |have |also )?(?:gathered|marched|rallied(?! (?:[\w'’-]+ ){1,3}?behind\b)|"
        r"assembled|picketed|chanted|"
        r"demonstrated|blocked (?:the |a |an )?(?:main |access |national )?(?:road|roads|highway|"
        r"street|streets|avenue|entrance|bridge)|(?:staged|held|organi[sz]ed) (?:a |an )?(?:\w+ )?"
        r"(?:protest|rally|march|sit-in|vigil|demonstration|strike|procession))|"
        r"(?:went|go|are|were) on (?:a )?(?:hunger )?strike|hunger strike|"
        r"took part in (?:a |an )?(?:\w+ )?(?:procession|march|rally|protest|demonstration)|"
        r"picket(?:ed|ing)|staged a picket|(?:held|staged) a (?:press conference|gathering|"
        r"meeting) (?:with (?:a |an )?)?(?:banners?|placards|signs|pickets)",
        sub_event_type="Peaceful protest",
        nominal=True,
    ),
    TriggerRule(
        # not a government's objection ("the US presence has been protested by Damascus") or
        # a leader rallying support ("Assad has rallied the minorities behind his regime")
        pattern=r"(?<!been )(?<!was )(?<!were )protested|protest(?:s|ing|ers)?|"
        r"demonstrat(?:ion|ions|ors|ed|ing)|"
        r"rall(?:y|ies|ied)(?! (?:[\w'’-]+ ){1,3}?behind\b)(?! support\b)|"
        r"sit-ins?|(?:took|take|taking|returned|return) to the streets|general strike|went on strike|"
        r"marches|(?:staged|held|organi[sz]ed) (?:a |an )?(?:\w+ )?(?:stand|vigil|rally|march|"
        r"sit-in|demonstration|protest)|(?:people|protesters|demonstrators|residents|crowds|hundreds|thousands|dozens|"
        r"women|students|activists) (?:had |have )?(?:gathered|marched|rallied|chanted|assembled)",
        sub_event_type="Peaceful protest",
        nominal=True,
    ),
    TriggerRule(
        pattern=r"dispersed (?:the |a |an )?(?:\w+ )?(?:protesters|demonstrators|crowds?|protests?|demonstrations?)|"
        r"tear ?gas(?:es)?|water cannons?|broke up (?:a |the )?(?:protest|demonstration)|"
        # force short of killing (ACLED: a protest with intervention)
        + _each(
            "police|policemen|officers|gendarmes|gendarmerie|carabinieri|guards|authorities|"
            "forces|agents",
            r"(?: \w+){0,2}? intervened",
        )
        + r"|dislodg(?:ed?|ing)|"
        + _each("baton|lathi|cane", r"[- ]charge[ds]?")
        + "|"
        + _each("stun|sound|flash", " grenades?")
        + r"|rubber bullets|pepper spray|warning shots|kettled|"
        r"unblock(?:ed)? (?:the |a )?(?:road|highway|street|access)|"
        + _each(
            "cleared|removed|evicted|pushed|pushing|chased|prevented|stopped",
            rf" (?:\w+ ){{0,3}}?{_THE_CROWD}",
        ),
        sub_event_type="Protest with intervention",
    ),
    TriggerRule(
        # what demonstrators do when they turn violent (ACLED: a violent demonstration)
        pattern=r"burn(?:ed|ing|t) (?:down )?(?:\w+ ){0,2}?(?:tyres|tires|barricades|debris|rubbish|"
        r"garbage|trash|effigies|effigy|logs|wood|furniture|vehicles?|cars?|bus(?:es)?|trucks?|"
        r"motorcycles?|huts?|houses?|buildings?|offices?|shops?|stalls?|tents?|property|"
        r"properties|facilities|police stations?|crematorium)|"
        + _each("burning|flaming", " (?:tyres|tires|barricades)")
        + "|"
        + _each("erected|built|set up|mounted|put up|placed", r" (?:\w+ ){0,2}?barricades")
        + "|"
        + _each(
            "threw|hurled|pelted|throwing|hurling|pelting|thrown",
            r" (?:\w+ ){0,3}?(?:stones|rocks|bottles|eggs|molotov cocktails?|petrol bombs|"
            r"objects|projectiles|pyrotechnics|firecrackers|fireworks|bricks|paint|flares)",
        )
        + r"|stone[- ]pelting|"
        r"smashed (?:\w+ ){0,3}?(?:windows|glass|cars|vehicles|furniture|doors|shop ?fronts)|"
        r"violently entered|physical fights?|scuffl(?:es?|ed)|"
        r"(?:set|setting) (?:\w+['’]?s? ){0,8}?(?:ablaze|on fire|alight)|set fire to|torched|"
        r"vandali[sz](?:ed|ing)|stormed|"
        r"destroyed (?:\w+ ){0,2}?(?:facilities|property|properties|vehicles|cars|windows|"
        r"furniture|offices?|shops?)|violent (?:demonstrations?|protests?)",
        sub_event_type="Violent demonstration",
        role=Role.RIOT,
    ),
    TriggerRule(
        # "opened fire on peaceful demonstrators", "fired live ammunition into a crowd of
        # mourners"
        pattern=r"(?:opened fire|fired live ammunition|fired live rounds|shot) (?:on|at|into) "
        r"(?:the |a |an )?(?:\w+ ){0,2}?(?:protesters|demonstrators|protests?|demonstrations?|"
        r"mourners|crowds?|marchers|rally|rallies)",
        sub_event_type="Excessive force against protesters",
    ),
    # --- Riots
    TriggerRule(pattern=r"riot(?:s|ed|ing|ers)?", sub_event_type="Violent demonstration"),
    TriggerRule(pattern=r"(?:angry )?mobs?|vigilantes?", sub_event_type="Mob violence"),
    # --- Strategic developments
    TriggerRule(
        pattern=r"(?:ceasefire|cease-fire|truce) (?:took effect|came into (?:effect|force)|"
        r"went into effect|began|(?:was|has been) (?:agreed|announced|declared|reached|brokered|"
        r"signed|extended))|(?:agreed|announced|declared|reached|brokered|signed|extended) "
        r"(?:on |to )?(?:a |an |the )?(?:\w+ ){0,3}(?:ceasefire|cease-fire|truce)|(?:reconciliation|evacuation|surrender|"
        r"peace|de-escalation) (?:deal|agreement|accord)s?|signed an agreement|"
        r"reached an? (?:agreement|deal)|(?:agreement|deal) was (?:reached|signed|struck)|"
        r"(?:an?|local|new|settlement|ceasefire|truce|evacuation|surrender|peace|"
        r"de-escalation) (?:agreement|deal)|(?:prisoner|detainee|hostage) (?:exchange|swap)s?|"
        # not "the Russian centre for reconciliation", "Truth and Reconciliation", "calls for
        # reconciliation": an institution, a process, a wish
        r"(?<!centre for )(?<!center for )(?<!truth and )(?<!for )reconciliation"
        r"(?! cent(?:er|re)| committees?| commissions?| ministry| minister| alliance| process| "
        r"talks| efforts?| initiatives?| of the warring)|"
        r"settled their status|settlement of (?:their|the) status|"
        r"(?:released|freed) (?:\w+ ){0,3}(?:detainees|prisoners|hostages|captives|abductees)",
        sub_event_type="Agreement",
    ),
    TriggerRule(
        pattern=r"pledged (?:allegiance|loyalty)|swore allegiance|defected|defections?|"
        r"merged|merger|joined forces|dissolved|disbanded|announced the formation|"
        r"(?:was|were) (?:dismissed|sacked|removed from (?:his|their) posts?)|"
        r"sacked|dismissed|removed (?:\w+ ){0,5}from (?:his|her|their) posts?|"
        r"appointed|resigned|defected",
        sub_event_type="Change to group/activity",
    ),
    TriggerRule(
        pattern=r"defus(?:ed|ing)|dismantled (?:a |an |the |\w+ )?(?:bomb|explosive|device|mine|ied)s?|"
        r"intercept(?:ed|ing)|shot down|downed (?:most of |some of |all )?(?:a|an|the|two|three|\d+)|"
        r"thwarted|foiled|(?:defus|dismantl)(?:ed|ing)\b(?:\W+\w+){0,6}?\W+(?:bombs?|explosives?|"
        r"devices?|mines?|ieds?|booby-trapped|rigged|car bombs?)|"
        r"seized (?:a |an |large |\w+ )?(?:weapons|arms|ammunition|explosives) (?:cache|depot|shipment)s?",
        sub_event_type="Disrupted weapons use",
    ),
    TriggerRule(
        pattern=r"(?:established|set up|opened|built|erected) (?:a |an |new |its |their |\w+ ){0,3}"
        r"(?:military )?(?:base|headquarters|command centre|command center|outpost|"
        # "established a new military point" (Syrian reports' word for a position)
        r"observation post|(?:military|observation) point|military position)s?",
        sub_event_type="Headquarters or base established",
    ),
    TriggerRule(
        pattern=r"loot(?:ed|ing)|plunder(?:ed|ing)|pillag(?:ed|ing)|vandali[sz](?:ed|ing)|"
        r"ransack(?:ed|ing)|torched|set fire to|burned (?:down )?(?:\w+ ){0,2}(?:houses|homes|shops|"
        r"crops|fields|buildings)|demolish(?:ed|ing)|bulldoz(?:ed|ing)|(?:blew|blown) up "
        r"(?:\w+ ){0,4}(?:houses?|homes?|buildings?|bridges?|temples?|shrines?|churche?s?|"
        r"mosques?|monuments?|statues?|tombs?|schools?|hospitals?|arch|theatre|citadel)",
        sub_event_type="Looting/property destruction",
    ),
    TriggerRule(
        pattern=r"withdr(?:ew|awn|awal) (?:from|to|of)|withdrew|retreat(?:ed|ing) (?:from|to)|"
        r"(?:pulled|pulls|pulling) (?:out|back)|evacuat(?:ed|ion of) (?:\w+ ){0,2}(?:fighters|militants|rebels|gunmen)|"
        r"handed over (?:control of |the )?(?:\w+ ){0,2}(?:town|city|village|area|positions?|"
        r"checkpoints?|base|territory|region|district|neighbou?rhood)s?|advanced into|"
        r"entered (?:the )?(?:town|village|city|area|district)",
        sub_event_type="Non-violent transfer of territory",
    ),
    TriggerRule(
        pattern=r"reinforcements?|reinforc(?:ed|ing) (?:their|its|his) positions|"
        r"curfew|imposed (?:a )?(?:siege|blockade)|laid siege|(?:joint|military) patrols?",
        sub_event_type="Other",
        nominal=True,
    ),
    # violence on people: an attack on civilians, a clash when the target fights back,
    # mob violence when a crowd does it (resolved like "attacked")
    TriggerRule(
        pattern=r"shot (?:and )?(?:injured|wounded)|shot at|shot (?:him|her|them)|"
        # "forces shot two civilians", "a man was shot on a road"
        r"shot (?:a|an|the|one|two|three|four|five|six|seven|eight|nine|ten|several|\d+)(?= )|"
        r"(?:was|were|been|being) shot(?! dead| down)\b|"
        r"stabb(?:ed|ing)|knifed|hacked|beat(?:en)? up|beat (?:him|her|them)|"
        r"beat(?:en)? and (?:killed|injured|wounded|lynched|robbed|tortured)|"
        r"beat (?:a|an|the|one|two|three|four|five|several|\d+)(?= )|"
        r"drive-by shootings?|opened fire (?:at|on)|fired (?:shots |bullets )?(?:at|on)|"
        r"fired (?:\w+ ){0,3}?(?:gunshots|shots|rounds|bullets|bursts) (?:at|on)",
        sub_event_type=_S,
        role=Role.ATTACK,
    ),
)

# Matched against lower-cased text (faster than IGNORECASE; the patterns are lower case),
# and only tried where a word starts with a letter the rule can start with.
_ANY = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def _first_chars(items: Any) -> tuple[frozenset[str], bool]:
    """The characters a parsed regex can start with, and whether it can match empty."""
    out: set[str] = set()
    for op, av in items:
        first, nullable = _first_of(op, av)
        out |= first
        if not nullable:
            return frozenset(out), False
    return frozenset(out), True


def _first_of(op: Any, av: Any) -> tuple[frozenset[str], bool]:
    name = str(op)
    if name in {"LITERAL", "IN"}:
        try:
            return frozenset(_class_chars(name, av)), False
        except _Unlisted:  # a category or a negation
            return _ANY, False
    if name == "BRANCH":
        out: set[str] = set()
        nullable = False
        for seq in av[1]:
            first, null = _first_chars(seq)
            out |= first
            nullable = nullable or null
        return frozenset(out), nullable
    if name == "SUBPATTERN":
        return _first_chars(av[-1])
    if name in {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}:
        first, null = _first_chars(av[2])
        return first, null or av[0] == 0
    if name in {"AT", "ASSERT", "ASSERT_NOT"}:  # zero-width
        return frozenset(), True
    return _ANY, False


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a pattern, in order."""
    out, depth, start, i = [], 0, 0, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append(pattern[start:i])
            start = i + 1
        i += 1
    out.append(pattern[start:])
    return out


# A word is looked up by its first three letters, then by as many more as the alternatives
# that can open with those three all allow listing (up to eight): "the" leads only to
# "the mine" ("(?:a |the )?mine (?:blast|...)"), so most words "the" are tried no further.
# Alternatives whose openings are too many to list (``[a-z-]+s ...``) are looked up by their
# first letter instead.
_SHORTEST_OPENING = 3
_LONGEST_OPENING = 8
_MAX_OPENINGS = 256
_MAX_CLASS = 12  # a character class with more characters is not expanded


class _Unlisted(Exception):
    """The openings of a pattern cannot be listed (too many, or a match can be shorter)."""


def _listed_openings(items: Any, length: int = _SHORTEST_OPENING) -> frozenset[str] | None:
    """Every string of ``length`` characters a match of the parsed pattern can begin with
    (a superset: lookarounds are ignored, which only allows more); None when there are too
    many to list, or when a match can be shorter than that."""
    try:
        done, open_ = _Opener(length).extend(items, {""})
    except _Unlisted:
        return None
    return None if open_ else frozenset(done)


def _longest_openings(items: Any) -> frozenset[str] | None:
    """The openings of the longest length (up to ``_LONGEST_OPENING``) that can be listed;
    None when not even the shortest can."""
    best = None
    for length in range(_SHORTEST_OPENING, _LONGEST_OPENING + 1):
        openings = _listed_openings(items, length)
        if openings is None:
            break
        best = openings
    return best


@dataclass(frozen=True, slots=True)
class _Opener:
    """Lists the openings of one length (see _listed_openings)."""

    length: int

    def extend(self, items: Any, open_: set[str]) -> tuple[set[str], set[str]]:
        """The strings ``open_`` (shorter than ``length``) followed by what ``items``
        matches: those that reached ``length`` characters (cut there), and those still
        shorter."""
        done: set[str] = set()
        for op, av in items:
            if not open_:
                break
            reached, open_ = self._extend_one(str(op), av, open_)
            done |= reached
            if len(done) + len(open_) > _MAX_OPENINGS:
                raise _Unlisted
        return done, open_

    def _extend_one(self, name: str, av: Any, open_: set[str]) -> tuple[set[str], set[str]]:
        if name in {"AT", "ASSERT", "ASSERT_NOT"}:  # zero-width
            return set(), open_
        if name in {"LITERAL", "IN"}:
            chars = _class_chars(name, av)
            if len(chars) > _MAX_CLASS:
                raise _Unlisted
            return self._split({s + ch for s in open_ for ch in chars})
        if name == "SUBPATTERN":
            return self.extend(av[-1], open_)
        if name == "BRANCH":
            done: set[str] = set()
            still: set[str] = set()
            for seq in av[1]:
                reached, rest = self.extend(seq, open_)
                done |= reached
                still |= rest
            return done, still
        if name in {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}:
            return self._repeat(av[0], av[1], av[2], open_)
        raise _Unlisted

    def _repeat(
        self, least: int, most: int, body: Any, open_: set[str]
    ) -> tuple[set[str], set[str]]:
        """A repeat: its required rounds (at most ``length``: after that many, a string
        still short means the body can match nothing, so more required rounds add nothing
        new), then optional rounds while they give strings not seen yet."""
        done: set[str] = set()
        current, rounds = open_, 0
        while rounds < min(least, self.length):
            reached, current = self.extend(body, current)
            rounds += 1
            done |= reached
        still, seen = set(current), set(current)
        while current and rounds < most:
            reached, current = self.extend(body, current)
            rounds += 1
            done |= reached
            current -= seen
            still |= current
            seen |= current
        return done, still

    def _split(self, strings: set[str]) -> tuple[set[str], set[str]]:
        """The strings that have reached ``length`` characters, and the others."""
        done = {s for s in strings if len(s) >= self.length}
        return done, strings - done


def _class_chars(name: str, av: Any) -> set[str]:
    """The characters a parsed LITERAL or IN item matches (raises _Unlisted for a category
    or a negation)."""
    if name == "LITERAL":
        return {chr(av)}
    chars: set[str] = set()
    for op, arg in av:
        if str(op) == "LITERAL":
            chars.add(chr(arg))
        elif str(op) == "RANGE":
            chars |= {chr(c) for c in range(arg[0], arg[1] + 1)}
        else:  # a category or a negation
            raise _Unlisted
    return chars


def _consumed_chars(items: Any) -> set[str]:
    """Every character a match of the parsed items can consume (raises _Unlisted when that
    is not a finite set)."""
    chars: set[str] = set()
    for op, av in items:
        name = str(op)
        if name in {"AT", "ASSERT", "ASSERT_NOT"}:  # zero-width
            continue
        if name in {"LITERAL", "IN"}:
            chars |= _class_chars(name, av)
        elif name == "SUBPATTERN":
            chars |= _consumed_chars(av[-1])
        elif name == "BRANCH":
            for seq in av[1]:
                chars |= _consumed_chars(seq)
        elif name in {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}:
            chars |= _consumed_chars(av[2])
        else:
            raise _Unlisted
    return chars


@dataclass(frozen=True, slots=True)
class _Gate:
    """A necessary condition for an alternative whose openings cannot be listed but whose
    match is one run of ``run`` characters, a space, and a tail (the crowd alternative:
    ``[a-z-]+(?:s|people|men|ren) (?:had |have |also )?(?:gathered|...``): the run from the
    word start must end at a space that the tail follows."""

    run: frozenset[str]
    space_before_tail: re.Pattern[str]

    def word_starts(self, low: str, start: int, stop: int) -> set[int]:
        """The offsets in ``low[start:stop]`` where the alternative can match: those in a
        run that a space before the tail ends (a superset: the run is not checked)."""
        out: set[int] = set()
        for space in self.space_before_tail.finditer(low, start, stop):
            end = space.start()
            first = end - 1
            while first > start and low[first - 1] in self.run:
                first -= 1
            out.update(range(first, end))
        return out


def _gate_of(alternative: str) -> _Gate | None:
    """The gate of an alternative that opens with one run of characters (no space) and a
    space; None for any other alternative."""
    space = _top_level_space(alternative)
    if space is None:
        return None
    head, tail = alternative[:space], alternative[space + 1 :]
    whole = sre_parse.parse(alternative)
    parsed_head, parsed_tail = sre_parse.parse(head), sre_parse.parse(tail)
    if repr(whole.data) != repr([*parsed_head.data, (sre_parse.LITERAL, 32), *parsed_tail.data]):
        return None  # not cut where the pattern's own space is
    try:
        run = _consumed_chars(parsed_head)
    except _Unlisted:
        return None
    if not run or " " in run:
        return None
    run_class = "".join(re.escape(ch) for ch in sorted(run))
    return _Gate(
        run=frozenset(run),
        # the space first: the engine then skips to spaces without trying each character
        space_before_tail=re.compile(rf" (?<=[{run_class}] )(?=(?:{tail}))"),
    )


def _top_level_space(pattern: str) -> int | None:
    """The offset of the first space of ``pattern`` outside groups and classes."""
    depth, i, in_class = 0, 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "]":  # "[]...]": a literal "]" first
                i += 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == " " and depth == 0:
            return i
        i += 1
    return None


@dataclass(frozen=True, slots=True)
class _Options:
    """Alternatives of the rules that can match at a word start, joined in one pattern
    (each in a group of its own, in (rule, alternative) order): one ``match`` call tries
    them all, and the first that matches is the one of the earliest rule."""

    pattern: re.Pattern[str]
    alternative: dict[int, int]  # group number -> alternative


@dataclass(frozen=True, slots=True)
class _Bucket:
    """The options of the words that begin with the same three letters, by their first
    ``length`` letters (the most that all the alternatives opening with them allow)."""

    length: int
    by_opening: dict[str, _Options]


@dataclass(frozen=True, slots=True)
class _Index:
    """The options of a word: in its three letters' bucket when some alternatives open with
    them (with the unlisted alternatives that can start with its first letter), else by
    its first letter (the unlisted alternatives only)."""

    by_three: dict[str, _Bucket]
    by_letter: dict[str, _Options]


@dataclass(frozen=True, slots=True)
class _Compiled:
    rule_of: tuple[int, ...]  # the rule of each alternative
    every: _Index  # every alternative
    ungated: _Index  # without the gated alternatives: for words where no gate is open
    gates: tuple[_Gate, ...]
    openers: _Openers  # the word starts where the ungated index has options


def _compile_rules() -> _Compiled:
    """The rules' alternatives, indexed by the words they can match at."""
    alternatives: list[str] = []
    rule_of: list[int] = []
    listed: dict[int, frozenset[str]] = {}  # alternative -> its longest openings
    by_letter: dict[str, list[int]] = {}
    gates: dict[int, _Gate] = {}
    for i, rule in enumerate(_RULES):
        for alt in _alternatives(rule.pattern):
            k = len(alternatives)
            alternatives.append(alt)
            rule_of.append(i)
            parsed = sre_parse.parse(alt)
            openings = _longest_openings(parsed)
            if openings is not None:
                listed[k] = openings
                continue
            first, _ = _first_chars(parsed)
            for ch in first or _ANY:
                by_letter.setdefault(ch, []).append(k)
            gate = _gate_of(alt)
            if gate is not None:
                gates[k] = gate

    def options(ks: set[int]) -> _Options:
        # the group marking an alternative is an empty one after it: an alternative that
        # begins with a letter then begins the branch, which the engine skips on a wrong
        # first character without entering it
        order = sorted(ks)
        pattern = re.compile("|".join(rf"{alternatives[k]}(?P<alt{k}>)\b" for k in order))
        return _Options(
            pattern=pattern, alternative={pattern.groupindex[f"alt{k}"]: k for k in order}
        )

    by_three: dict[str, set[int]] = {}
    for k, openings in listed.items():
        for opening in openings:
            by_three.setdefault(opening[:_SHORTEST_OPENING], set()).add(k)

    def bucket(three: str, ks: set[int], letter: list[int]) -> _Bucket:
        length = min(len(next(iter(listed[k]))) for k in ks)
        by_opening: dict[str, set[int]] = {}
        for k in ks:
            for opening in listed[k]:
                if opening.startswith(three):
                    by_opening.setdefault(opening[:length], set()).add(k)
        return _Bucket(
            length=length,
            by_opening={key: options({*found, *letter}) for key, found in by_opening.items()},
        )

    def index(skip: set[int]) -> _Index:
        letters = {ch: [k for k in ks if k not in skip] for ch, ks in by_letter.items()}
        return _Index(
            by_three={
                three: bucket(three, ks, letters.get(three[0], []))
                for three, ks in by_three.items()
            },
            by_letter={ch: options(set(ks)) for ch, ks in letters.items() if ks},
        )

    ungated = index(set(gates))
    return _Compiled(
        rule_of=tuple(rule_of),
        every=index(set()),
        ungated=ungated,
        gates=tuple(gates.values()),
        openers=_openers(ungated),
    )


@dataclass(frozen=True, slots=True)
class _Openers:
    """Finds the word starts where an index has options: those that open as some bucket's
    keys do, or start with a letter of ``by_letter``."""

    at_start: re.Pattern[str]  # matches (empty) at such a word start
    # the character before such a word start, consumed instead of looked at: the engine
    # then skips word characters quickly instead of trying each (see BoundarySearch)
    before: re.Pattern[str]

    def starts(self, low: str, start: int, stop: int) -> Iterator[int]:
        """Those word starts in ``low[start:stop]``, in order."""
        if self.at_start.match(low, start, stop) is not None:
            yield start  # (the character before it lies outside the slice)
        for m in self.before.finditer(low, start, stop):
            yield m.start() + 1


def _openers(index: _Index) -> _Openers:
    keys = {key for bucket in index.by_three.values() for key in bucket.by_opening}
    keys |= set(index.by_letter)
    # _WORD's word starts: a key that starts with no word character is never looked up
    opening = prefix_trie({key for key in keys if _WORD_CHAR.match(key)})
    return _Openers(
        at_start=re.compile(rf"\b(?={opening})"), before=re.compile(rf"\W(?={opening})")
    )


_WORD = re.compile(r"\b\w+")
_WORD_CHAR = re.compile(r"\w")
_COMPILED = _compile_rules()


@functools.lru_cache(maxsize=4)
def lowered(text: str) -> str:
    """The text in lower case with the same offsets (callers pass one document at a time)."""
    low = text.lower()
    if len(low) != len(text):  # a rare character whose lower case is longer
        low = "".join(ch.lower()[0] for ch in text)
    return low


_DEFINITE = re.compile(
    r"\b(?:the|these|this|those|such|its|their)\s+(?:\w+\s+){0,2}$|"
    # "that attack", but not the "that" of a clause: "said that Russian warplanes ..."
    r"(?<!said )(?<!says )(?<!and )(?<!reported )(?<!claimed )(?<!stated )(?<!added )"
    r"(?<!confirmed )(?<!announced )\bthat\s+$",
    re.IGNORECASE,
)
# a name or an article right after the event word: it is a verb with its object ("the
# Islamic State shells al-Shaddadi"), not a noun that "the" makes definite
_OBJECT_AFTER = re.compile(
    r"\s+(?:(?:the|a|an)\s+)?(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)"
    r"(?:[A-Z]|al-|el-)"
)


def _words_to_try(low: str, start: int, stop: int) -> Iterator[tuple[int, _Index]]:
    """The word starts of ``low[start:stop]`` where some alternative may match, each with
    the index to look its options up in. Most sentences open no gate: then only the words
    that open as an ungated alternative can are tried, found by one regex pass."""
    gated_starts = _gated_starts(low, start, stop)
    if not gated_starts:
        for at in _COMPILED.openers.starts(low, start, stop):
            yield at, _COMPILED.ungated
        return
    every, ungated = _COMPILED.every, _COMPILED.ungated
    for word in _WORD.finditer(low, start, stop):
        at = word.start()
        yield at, (every if at in gated_starts else ungated)


def _gated_starts(low: str, start: int, stop: int) -> set[int]:
    """The offsets where some gated alternative can match (few: most sentences have none)."""
    out: set[int] = set()
    for gate in _COMPILED.gates:
        out |= gate.word_starts(low, start, stop)
    return out


def find_triggers(text: str, *, start: int = 0, end: int | None = None) -> list[Trigger]:
    """Every trigger in ``text[start:end]``, non-overlapping, in order (offsets into text)."""
    stop = len(text) if end is None else end
    out: list[Trigger] = []
    low = lowered(text)
    pos = start
    for at, index in _words_to_try(low, start, stop):
        if at < pos:  # inside the last trigger
            continue
        # the first alternative (in rule order) of those the word's letters allow
        bucket = index.by_three.get(low[at : at + 3])
        options = (
            bucket and bucket.by_opening.get(low[at : at + bucket.length])
        ) or index.by_letter.get(low[at])
        if options is None:
            continue
        m = options.pattern.match(low, at, stop)
        if m is None or m.lastindex is None:  # an alternative's marker closes last
            continue
        k = options.alternative[m.lastindex]
        pos = m.end()
        rule = _RULES[_COMPILED.rule_of[k]]
        before = text[max(start, m.start() - 30) : m.start()]
        out.append(
            Trigger(
                start=m.start(),
                end=m.end(),
                text=text[m.start() : m.end()],
                sub_event_type=rule.sub_event_type,
                event_type=event_type_of(rule.sub_event_type),
                role=rule.role,
                nominal=rule.nominal,
                weak=rule.weak,
                definite=bool(
                    rule.nominal
                    and _DEFINITE.search(before)
                    and not _OBJECT_AFTER.match(text, m.end(), stop)
                ),
                label=rule.label,
            )
        )
    return out
