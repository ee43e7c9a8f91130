"""Settings: declared once, documented, loaded from TOML, environment and flags."""

from __future__ import annotations

from pathlib import Path

import pytest

from observatory.errors import ConfigError
from observatory.settings import Settings, load_settings, setting_help

DOCS = Path(__file__).resolve().parents[1] / "docs" / "settings.md"


@pytest.mark.parametrize("name", list(setting_help()))
def test_every_setting_is_documented(name: str) -> None:
    assert f"`{name}`" in DOCS.read_text(encoding="utf-8")


def test_precedence_defaults_file_environment_flags(tmp_path: Path) -> None:
    cfg = tmp_path / "observatory.toml"
    cfg.write_text('[observatory]\nlink_max_km = 12.5\ndb = "from-file.db"\n')
    s = load_settings(path=cfg, environ={"OBSERVATORY_DB": "from-env.db"}, overrides={})
    assert s.link_max_km == 12.5 and s.db == "from-env.db"
    s = load_settings(path=cfg, environ={"OBSERVATORY_DB": "env.db"}, overrides={"db": "flag.db"})
    assert s.db == "flag.db"
    assert load_settings(environ={}).link_window_days == Settings().link_window_days


@pytest.mark.parametrize(
    ("content", "message"),
    [("nonsense = 1\n", "unknown setting"), ("link_max_km = [\n", "not valid TOML")],
)
def test_bad_settings_files_are_clear_errors(tmp_path: Path, content: str, message: str) -> None:
    cfg = tmp_path / "bad.toml"
    cfg.write_text(content)
    with pytest.raises(ConfigError, match=message):
        load_settings(path=cfg, environ={})


def test_bad_values_are_clear_errors() -> None:
    with pytest.raises(ConfigError, match="link_window_days"):
        load_settings(environ={"OBSERVATORY_LINK_WINDOW_DAYS": "three"})
