"""Clause-level cues that decide whether a trigger reports a new event.

Each cue is a regular expression over the text of a clause *before* the trigger (for
negation, modality and history) or over the whole clause (for aggregates and protracted
campaigns). They are about how reports are written in general, not about any one report.
"""

from __future__ import annotations

import re

__all__ = [
    "AGGREGATE",
    "ANY_BEFORE",
    "BACKGROUND_TAIL",
    "COUNTRY_WIDE",
    "CROWD_NOUNS",
    "DIRECT_NEGATION",
    "HISTORY",
    "LONG_AGO",
    "MODAL",
    "NEGATION",
    "PLACE_ANAPHOR",
    "PLUPERFECT",
    "PROTRACTED",
    "PURPOSE",
    "REPORTED_SPEECH",
    "REPORTING_VERB_BEFORE",
    "SPECULATIVE",
    "TEMPORAL_DISPLACEMENT",
    "WEAK_AGGREGATE",
]

_I = re.IGNORECASE

# "denying reports that ...", "did not", "no evidence of"
NEGATION = re.compile(
    r"\b(?:den(?:y|ies|ied|ying)|denial|no (?:evidence|sign|reports?|indication) of|"
    r"did not|didn't|does not|doesn't|(?:has|have|had) not|hasn't|haven't|hadn't|never|not been|rejected (?:claims|reports)|"
    r"false (?:reports?|claims?)|dismissed (?:reports|claims)|rumou?rs? (?:of|that)|so-called|"
    r"fabricat\w+|alleged|allegations?|information about|claims? (?:of|about|that))\b",
    _I,
)

# "local sources said on Monday": a date that dates the report, not the event
REPORTING_VERB_BEFORE = re.compile(
    r"\b(?:said|says|told(?: \w+){0,3}|reported|stated|added|confirmed|claimed|"
    r"wrote|tweeted|posted)\s+(?:late |early )?(?:on\s+)?$",
    _I,
)

# "no clashes were reported", "without casualties", "nor shelling"
DIRECT_NEGATION = re.compile(r"\b(?:no|without|nor|not|neither)\s+(?:\w+\s+){0,2}$", _I)

# after a trigger: "the assault ... is likely to be long", "an offensive could force"
SPECULATIVE = re.compile(
    r"\b(?:(?:is|are|was|were|seems?|appears?) (?:un)?likely to|could|would|might|will|"
    r"scenarios?|in the event of|if)\b",
    _I,
)

# after a trigger, anywhere in its clause: "a truck bomb killed 50 people in February last year"
LONG_AGO = re.compile(
    r"\b(?:last year|a year ago|years ago|the previous year|the year before)\b", _I
)

# "the rebels had captured the town": the pluperfect tells what came before the news,
# unless it is reported speech ("activists said troops had shelled the town")
PLUPERFECT = re.compile(r"\bhad\b(?!\s+(?:to|no|not|a|an|the|been\s+told)\b)", _I)
REPORTED_SPEECH = re.compile(
    r"\b(?:said|says|told|reported|claimed|added|stated|confirmed|announced|according to)\b", _I
)

# "could", "threatened to", "plans to", "called for", "warned of"
MODAL = re.compile(
    r"\b(?:could|would|might|may|will|shall|(?:un)?likely to|plans? to|planning to|planned|threat(?:en|ens|ened) to|"
    r"vow(?:ed|s)? to|expected to|expects? to|intends? to|intention to|aims? to|seeks? to|"
    r"wants? to|calls? for|called for|urg(?:ed|es|ing)|demand(?:ed|s|ing)|warn(?:ed|s|ing)?|"
    r"fears? (?:of|that)|feared|possibility of|possible|prepar(?:ing|es|ed) (?:for|to)|"
    r"ready to|unless|if|in case of|attempts? to prevent|to avoid|to prevent|"
    r"in preparation for|authori[sz]ation to|permission to|in a bid to|aim(?:ing|ed) (?:to|at))\b",
    _I,
)

# "last year", "in 2013", "previously", "years ago", "at the start of the war"
HISTORY = re.compile(
    r"\b(?:last year|(?:in|since|during) (?:19|20)\d\d|previously|formerly|earlier this year|"
    r"years? ago|months ago|weeks ago|previous|prior|anniversary|"
    # (not a few days back: "since late last week the rebels have taken over Kasab")
    r"since(?! (?:late |early )?(?:last (?:week|night)|yesterday|dawn|(?:this |the )?morning|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b)|"
    r"at the (?:start|beginning|outset) of the (?:war|conflict|uprising|revolt|crisis)|in the past|once held|used to|"
    r"history of|(?:has|have) been (?:fighting|battling|clashing)|has been subjected|"
    # how the war began: "the conflict began with protests", "the protests became an armed
    # uprising"
    r"(?:began|started|erupted) (?:as|with)|(?:became|turned into|spiral+ed into|descended into|"
    r"escalated into|morphed into) (?:an? )?(?:armed |full-scale |full-blown |civil )?"
    r"(?:uprising|insurgency|war|conflict|rebellion))\b",
    _I,
)

# campaigns and long periods: not one event
PROTRACTED = re.compile(
    r"\b(?:for (?:(?:several|many|the past|the last|nearly|almost|more than|over) )?"
    r"(?:\w+ )?(?:weeks|months|years)|for weeks|for months|for years|since (?:the )?"
    r"(?:start|beginning|outbreak)|stepped-up campaign|campaign of|war has killed|"
    r"conflict has killed|(?:is|are|has been|have been) (?:still )?(?:fighting|battling|waging)|"
    r"(?:continuous|constant|frequent|repeated|regular|daily|nightly) "
    r"(?:\w+ )?(?:attacks|shelling|raids|strikes|bombardment|clashes|incursions)|"
    r"(?:\w+-)?(?:week|month|year)(?:-long)? (?:offensive|campaign|siege)|"
    # (a two-day push is an event of its days: "seized 60 villages in a two-day campaign")
    r"(?:five|six|seven|eight|nine|ten|\d*[5-9]|\d\d+)-day(?:-long)? (?:offensive|campaign|siege)|"
    r"(?:main|leading) cause|distributed as follows|(?:have|has) become|routinely|regularly|frequently|repeatedly|"
    r"(?:almost|nearly) (?:daily|every day)|on a daily basis|near-daily|"
    # "air strikes have intensified since the truce collapsed": a trend, not one event
    r"(?:has|have) (?:\w+ )?(?:intensified|escalated|increased|persisted|mounted|surged|"
    r"multiplied|grown|risen) since|"
    r"since (?:january|february|march|april|may|june|july|august|"
    r"september|october|november|december))\b",
    _I,
)

# aggregate scope of a casualty figure
# scope cues that make a figure an aggregate only when the clause tells no event of its own
WEAK_AGGREGATE = re.compile(
    r"\b(?:so far|in total|in all|overall|altogether|total (?:death )?toll)\b", _I
)

AGGREGATE = re.compile(
    r"\b(?:throughout|across|all over|around) (?:the country|syria|the nation|the province|"
    r"several provinces|the region|(?:the )?(?:\w+ )?governorates?|the territory)|nationwide|"
    r"(?:war|conflict|uprising|revolution|crisis|fighting|battle|offensive|campaign|siege|"
    r"violence)\b[^.;]{0,60}\b(?:has|have) (?:so far |now )?killed|"
    # a vague figure of thousands is a running total, never one event's dead
    r"\b(?:(?:tens|hundreds) of )?thousands of (?:\w+ ){0,2}(?:people|civilians|children|"
    r"women|syrians|fighters|soldiers|lives)|"
    r"have been killed since|since (?:(?:january|"
    r"february|march|april|may|june|july|august|september|october|november|december) )?"
    r"(?:19|20)\d\d|during the (?:month|week|year)|the month of|"
    r"last month|(?:main|leading) cause|distributed as follows|broken down|(?:over|in|during) the (?:past|last|previous) "
    r"(?:few |several |\w+ )?(?:days|weeks|months|years)|this year|this month|"
    r"since (?:the )?(?:start|beginning)|daily toll|total (?:death )?toll|cumulative|"
    r"the war has|the conflict has\b",
    _I,
)

COUNTRY_WIDE = re.compile(
    r"\b(?:nationwide|across (?:the country|syria)|throughout (?:the country|syria)|"
    r"in (?:a number of|several|many|most|various) (?:provinces|governorates|cities))\b",
    _I,
)

# the tail of a clause that tells the cause or background of the main event
BACKGROUND_TAIL = re.compile(
    r"\b(?:over the deaths? of|in (?:retaliation|revenge|response) (?:for|to)|to avenge|"
    r"to protest (?:against )?|anniversary of|funerals? (?:of|for)|mourning|commemorat\w+|"
    r"condemning|denouncing|to (?:condemn|denounce)|in protest (?:at|against|over)|"
    # a cause told after the event: "the conflict stemmed from the killing of a youth"
    r"(?:stemmed|stems|stemming|arose|arising) from|(?:was|were) (?:sparked|triggered|prompted) by|"
    r"after (?:the|a) (?:deadly |recent |earlier )?\w+ (?:that|which) killed|"
    # (not the source cited: "media reported citing a military source that ...")
    r"citing(?! (?:an? |the |\w+ ){0,3}(?:sources?|officials?|reports?|media|agenc(?:y|ies)|"
    r"witnesses|residents|monitors?|statements?|spokes\w+|activists)\b)|"
    r"(?:just |only |barely )?(?:a|one|two|three|four|five|several|\d+) (?:days?|hours?|weeks?) "
    r"(?:after|since)|"
    # what a protest is against: "as a protest against the attacks", "justice for the killing"
    r"(?:as )?an? (?:\w+ )?protest against|justice for|"
    r"against (?:the |a )?(?:\w+ ){0,3}?(?:attacks|killings?|violence|murders?|kidnappings?|"
    r"abductions?|insecurity|massacres?|femicides?|shootings?)|"
    r"over the (?:\w+ ){0,2}?(?:killing|death|deaths|murder|abduction|kidnapping|rape|shooting))\b",
    _I,
)

# "X on Friday following hours of fighting": the trigger after such a word precedes the date
TEMPORAL_DISPLACEMENT = re.compile(r"\b(?:following|preceded by|days? of|hours of|weeks of)\b", _I)

# "the town", "this village", "the area" standing for a place already named
PLACE_ANAPHOR = re.compile(
    r"\b(?:the|this|that|its|their) (?:town|city|village|area|district|neighbou?rhood|"
    r"region|suburb|camp|base|airport|site|locality|hamlet|outskirts)\b|\bthere\b|"
    # "the two neighbourhoods", "both towns": the places just named
    r"\b(?:the (?:two|three|four)|both|these|those) (?:towns|cities|villages|districts|"
    r"neighbou?rhoods|suburbs|camps|areas)\b",
    _I,
)

# any of the look-back cues (a cheap first test; each is then checked on its own)
ANY_BEFORE = re.compile(
    "|".join(f"(?:{p.pattern})" for p in (NEGATION, MODAL, HISTORY, PLUPERFECT)), _I
)

# what a gathering is for: "to demand", "against the reform", "in solidarity with"
PURPOSE = re.compile(
    r"\b(?:to (?:(?:protest|demand|denounce|decry|call|urge|express|show|condemn|reject|oppose|"
    r"complain|commemorate|mark|support|voice|highlight|raise awareness|honou?r|pay tribute|"
    r"celebrate|defend|press|claim|request|ask|demonstrate|repudiate|critici[sz]e|insist|"
    r"push|petition|appeal|challenge|resist|stop|save|remember|mourn)\b)|demanding|calling (?:for|on)|"
    r"against|in (?:support|solidarity|protest|defen[cs]e|memory|honou?r|favou?r|opposition)\b|"
    r"denouncing|condemning|rejecting|protesting|urging|over (?:the )?(?:lack|shortage|increase|"
    r"rise|delay|non-?payment|closure|arrest|killing|death|decision)|for (?:the )?(?:release|"
    r"payment|right|rights|justice|peace)\b)",
    _I,
)

# who gathers when a crowd protests (with no armed group as the subject)
CROWD_NOUNS = re.compile(
    r"\b(?:people|persons|residents|citizens|workers|employees|staff|students|pupils|teachers|"
    r"parents|farmers|peasants|fishermen|drivers|traders|vendors|merchants|women|youths?|"
    r"members|supporters|activists|protesters|demonstrators|villagers|locals|neighbou?rs|"
    r"families|relatives|retirees|pensioners|nurses|doctors|lawyers|journalists|group|groups|"
    r"crowds?|dozens|hundreds|thousands|community|communities|unions?|collective|associations?|"
    r"movement|organi[sz]ations?|inhabitants|miners|truckers|vehicles|indigenous|residents|mothers|fathers|"
    r"veterans|believers|worshippers|fans|owners)\b",
    _I,
)
