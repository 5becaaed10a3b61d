"""Settings: read once from config.toml, overridden by the environment, validated."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from dashboard.settings import ENV_DATABASE_URL, ENV_SECRET_KEY, load_settings

ROOT = Path(__file__).resolve().parent.parent


def write_config(tmp_path: Path, body: str) -> Path:
    """A config file in a temporary folder."""
    path = tmp_path / "config.toml"
    path.write_text(body)
    return path


def test_project_config_reads_into_frozen_settings() -> None:
    settings = load_settings(ROOT / "config.toml", env={ENV_SECRET_KEY: "k"})
    assert settings.ui.refresh_seconds == 30
    assert settings.ui.default_language == "en"
    assert settings.database.url.startswith("sqlite:////")
    assert settings.database.url.endswith("/var/jointops.db")
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.ui.refresh_seconds = 5  # type: ignore[misc]


def test_environment_overrides_database_and_secret(tmp_path: Path) -> None:
    path = write_config(tmp_path, '[database]\nurl = "sqlite:///db/x.db"\n')
    settings = load_settings(path, env={ENV_DATABASE_URL: "postgresql+psycopg://u@h/d",
                                        ENV_SECRET_KEY: "from-env"})
    assert settings.database.url == "postgresql+psycopg://u@h/d"
    assert settings.security.secret_key == "from-env"


def test_relative_sqlite_path_is_resolved_against_config_folder(tmp_path: Path) -> None:
    path = write_config(tmp_path, '[database]\nurl = "sqlite:///db/x.db"\n')
    settings = load_settings(path, env={ENV_SECRET_KEY: "k"})
    assert settings.database.url == f"sqlite:///{tmp_path / 'db' / 'x.db'}"


def test_secret_file_is_created_once_and_reused(tmp_path: Path) -> None:
    path = write_config(tmp_path, '[security]\nsecret_key_file = "var/secret"\n')
    first = load_settings(path, env={})
    second = load_settings(path, env={})
    assert len(first.security.secret_key) >= 32
    assert first.security.secret_key == second.security.secret_key
    assert (tmp_path / "var" / "secret").stat().st_mode & 0o077 == 0


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[ui]\ndefault_language = "de"\n', "default_language"),
        ("[ui]\nrefresh_seconds = 1\n", "refresh_seconds"),
        ("[map]\nhotspot_resolution = 4\n", "hotspot_resolution"),
    ],
)
def test_invalid_settings_are_refused_with_the_setting_named(
    tmp_path: Path, body: str, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        load_settings(write_config(tmp_path, body), env={ENV_SECRET_KEY: "k"})


def test_unknown_setting_is_refused(tmp_path: Path) -> None:
    with pytest.raises(TypeError):
        load_settings(write_config(tmp_path, "[ui]\nrefresh_secs = 10\n"),
                      env={ENV_SECRET_KEY: "k"})
