"""Settings, declared once as data with help text.

Every setting is a field of :class:`Settings` with its default and a ``help`` text. Values
come from the defaults, then an ``observatory.toml`` file (``[observatory]`` table or top
level), then ``OBSERVATORY_*`` environment variables, then command-line flags. There is no
module-level mutable state: callers pass a ``Settings`` down.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from observatory.errors import ConfigError

__all__ = ["Settings", "load_settings", "setting_help"]


def _s(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """All of Observatory's settings. ``setting_help()`` lists them with their help."""

    db: str = _s(
        "observatory.db",
        "The store: the path of an embedded SQLite file, or a postgresql:// URL (docs/postgresql.md).",
    )
    max_document_bytes: int = _s(
        5_000_000, "Largest input document accepted, in bytes; larger inputs are rejected."
    )
    max_html_depth: int = _s(
        200,
        "Deepest element nesting accepted in an HTML page; deeper pages are rejected"
        " (the HTML parser silently drops text nested deeper than about 250).",
    )
    max_feed_bytes: int = _s(
        100_000_000, "Largest RSS/Atom feed (or fetched URL) accepted, in bytes."
    )
    max_jsonl_line_bytes: int = _s(
        32_000_000, "Longest JSONL line accepted, in bytes; longer lines are rejected one by one."
    )
    max_csv_field_chars: int = _s(
        5_000_000, "Longest CSV field accepted, in characters; rows with longer ones are rejected."
    )
    max_decompressed_bytes: int = _s(
        200_000_000,
        "Largest size a gzip, bzip2 or xz input may decompress to, in bytes (a guard"
        " against decompression bombs).",
    )
    max_control_ratio: float = _s(
        0.01,
        "Largest share of control characters in decoded text; above it the input is taken"
        " as binary or wrongly encoded and rejected.",
    )
    max_extract_chars: int = _s(
        100_000,
        "Most characters of one document that extraction reads (about 15,000 words); the"
        " rest of a longer document is stored and searchable but not coded, with a warning.",
    )
    default_country: str = _s(
        "SY", "ISO country code assumed for places when a report names no country."
    )
    capital: str = _s(
        "Damascus", "The default country's capital: where reports mean it by 'the capital'."
    )
    gazetteer_path: str = _s(
        "",
        "Path of the gazetteer index (SQLite). Empty: a file in the user cache directory,"
        " built on first use from packaged data.",
    )
    gazetteer_supplements: tuple[str, ...] = _s(
        (), "Extra gazetteer supplement files (same format as the bundled ones)."
    )
    actor_tables: tuple[str, ...] = _s(
        (), "Extra actor alias tables (same format as the bundled ones)."
    )
    subtype_model: str = _s(
        "",
        "Path of a sub-type model made by `observatory train --acled`: it re-ranks the rules'"
        " ACLED sub-type of each claim. Empty: the rules alone.",
    )
    link_window_days: int = _s(
        3, "Claims whose date windows are further apart than this are never linked."
    )
    link_max_km: float = _s(
        25.0, "Claims whose places are further apart than this are never linked."
    )
    link_threshold: float = _s(
        0.6, "Score from which two claims are taken to describe the same event."
    )
    reviewer: str = _s(
        "", "Name recorded in the audit log for analyst actions (default: the OS user)."
    )
    cors_origins: tuple[str, ...] = _s(
        (),
        "Web origins (https://host:port) whose pages may call the API from a browser;"
        " empty: none (CORS closed).",
    )
    max_request_bytes: int = _s(
        8_000_000, "Largest HTTP request body the API accepts, in bytes (413 beyond it)."
    )
    auth_failures_per_minute: int = _s(
        10,
        "Failed token checks allowed per client address per minute; beyond it the API"
        " answers requests carrying a token with 429 until the minute has passed.",
    )
    token_max_age_days: int = _s(
        90, "API tokens older than this many days are refused as expired (0: never)."
    )
    serve_prewarm: bool = _s(
        True,
        "observatory serve on a SQLite store: read the store's file into memory before"
        " listening and keep it mapped while serving (skipped when it would take more than"
        " half the available memory), so requests do not wait for the disk.",
    )
    serve_store_connections: int = _s(
        8,
        "Store connections each observatory serve process uses at most: requests beyond"
        " that many at once wait for one in turn (a PostgreSQL server gets at most this"
        " many per process; a SQLite server keeps one more for its answer cache).",
    )
    server_timing: bool = _s(
        False,
        "Send a Server-Timing header with every API answer: the app's time, the wait for a"
        " worker thread and the route's time, in ms (for load tests and diagnosis).",
    )


def setting_help() -> dict[str, str]:
    """Each setting's name and help text, in declaration order."""
    return {f.name: str(f.metadata["help"]) for f in fields(Settings)}


def _coerce(name: str, value: Any, template: Any) -> Any:
    try:
        if isinstance(template, bool):
            if isinstance(value, str):
                return value.strip().lower() in {"1", "true", "yes", "on"}
            return bool(value)
        if isinstance(template, int):
            return int(value)
        if isinstance(template, float):
            return float(value)
        if isinstance(template, tuple):
            if isinstance(value, str):
                return tuple(v for v in (p.strip() for p in value.split(",")) if v)
            return tuple(str(v) for v in value)
        return str(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"setting {name!r}: cannot use {value!r} ({exc})") from exc


def load_settings(
    *,
    path: str | Path | None = None,
    overrides: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Defaults, then the TOML file, then ``OBSERVATORY_*`` variables, then ``overrides``.

    ``overrides`` with a value of None are ignored, so CLI flags can be passed as they are.
    """
    defaults = Settings()
    known = {f.name for f in fields(Settings)}
    values: dict[str, Any] = {}
    if path is not None:
        p = Path(path)
        try:
            data = tomllib.loads(p.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise ConfigError(f"settings file {p} does not exist") from exc
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"settings file {p} is not valid TOML: {exc}") from exc
        table = data.get("observatory", data)
        for key, value in table.items():
            name = key.replace("-", "_")
            if name not in known:
                raise ConfigError(
                    f"settings file {p}: unknown setting {key!r}; known: {', '.join(sorted(known))}"
                )
            values[name] = value
    env = os.environ if environ is None else environ
    for name in known:
        var = f"OBSERVATORY_{name.upper()}"
        if var in env:
            values[name] = env[var]
    for key, value in (overrides or {}).items():
        if value is None:
            continue
        if key not in known:
            raise ConfigError(f"unknown setting {key!r}")
        values[key] = value
    coerced = {k: _coerce(k, v, getattr(defaults, k)) for k, v in values.items()}
    return dataclasses.replace(defaults, **coerced)
