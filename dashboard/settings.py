"""Typed, frozen settings read once from config.toml, with environment overrides."""

from __future__ import annotations

import os
import secrets
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from data_access.importer.reading import ImportLimits
from geo.cells import H3_RESOLUTIONS

SUPPORTED_LANGUAGES = ("en", "fr", "pt")
ENV_CONFIG = "JOINTOPS_CONFIG"
ENV_DATABASE_URL = "JOINTOPS_DATABASE_URL"
ENV_SECRET_KEY = "JOINTOPS_SECRET_KEY"
DEFAULT_CONFIG = Path(__file__).resolve().parent.parent / "config.toml"


@dataclass(frozen=True)
class DatabaseSettings:
    """Where the data lives."""

    url: str = "sqlite:///var/jointops.db"
    pool_size: int = 5


@dataclass(frozen=True)
class SecuritySettings:
    """Session signing and lifetime, cookies and transport."""

    secret_key: str = ""
    # "auto": cookies are Secure when the request came over HTTPS (directly or through a
    # trusted proxy's X-Forwarded-Proto); true: always; false: never.
    session_cookie_secure: bool | str = "auto"
    # Strict-Transport-Security max-age sent on HTTPS answers; 0 sends none.
    hsts_seconds: int = 0
    idle_timeout_minutes: int = 60
    session_lifetime_hours: int = 12
    # Single sign-on behind a proxy: the request header that carries the username, trusted
    # only on requests whose remote address is one of trusted_proxies. Empty header = off.
    sso_header: str = ""
    # Reverse proxies in front of the app: their X-Forwarded-Proto and X-Forwarded-For are
    # believed (HTTPS, client address for sign-in throttling), and the sso_header if set.
    trusted_proxies: tuple[str, ...] = ()


@dataclass(frozen=True)
class UiSettings:
    """Language and refresh behaviour of the pages."""

    default_language: str = "en"
    refresh_seconds: int = 30


@dataclass(frozen=True)
class MapSettings:
    """Map aggregation and base map."""

    hotspot_resolution: int = 3
    top_routes: int = 25
    online_style_url: str = ""


@dataclass(frozen=True)
class DemoSettings:
    """Defaults of `jointops demo`."""

    seed: int = 2026
    seizures: int = 2200
    password: str = "demo-jointops"


@dataclass(frozen=True)
class ImpactSettings:
    """Sanitisation of the donors' impact pages."""

    min_count: int = 5
    delay_days: int = -1
    public: bool = False
    # delay_days >= 0 publishes a running operation's figures, refreshed daily: a reader
    # who compares two days can tell what one day's reports added. Refused unless accepted.
    accept_differencing_risk: bool = False


_LIMITS = ImportLimits()


@dataclass(frozen=True)
class ImportSettings:
    """Limits on uploaded spreadsheets (page and CLI), and on the uploads kept."""

    # The defaults are the importer's own (data_access.importer.reading.ImportLimits, the
    # same names), so each number is written once.
    max_bytes: int = _LIMITS.max_bytes
    max_rows: int = _LIMITS.max_rows
    max_parts: int = _LIMITS.max_parts
    max_part_bytes: int = _LIMITS.max_part_bytes
    max_unpacked_bytes: int = _LIMITS.max_unpacked_bytes
    max_compression_ratio: int = _LIMITS.max_compression_ratio
    max_cell_chars: int = _LIMITS.max_cell_chars
    max_empty_rows: int = _LIMITS.max_empty_rows
    read_memory_bytes: int = _LIMITS.read_memory_bytes
    read_seconds: int = _LIMITS.read_seconds
    # Uploads waiting on the server for their import (dashboard/uploads/store.py).
    upload_max_age_hours: int = 24
    uploads_per_user: int = 10
    upload_bytes_per_user: int = 50 * 1024 * 1024
    upload_sweep_minutes: int = 10


@dataclass(frozen=True)
class CacheSettings:
    """Result cache around the dashboards' queries."""

    # Empty: a cache local to each app process. A redis:// URL shares it across workers
    # and machines.
    redis_url: str = ""
    # Seconds a cached result may live; the per-operation data version in every key
    # already makes a new entry visible at the next refresh.
    timeout_seconds: int = 600


@dataclass(frozen=True)
class ServerSettings:
    """`jointops serve` defaults."""

    host: str = "127.0.0.1"
    port: int = 8050
    workers: int = 2


@dataclass(frozen=True)
class Settings:
    """Everything the app reads from configuration."""

    database: DatabaseSettings = field(default_factory=DatabaseSettings)
    security: SecuritySettings = field(default_factory=SecuritySettings)
    ui: UiSettings = field(default_factory=UiSettings)
    map: MapSettings = field(default_factory=MapSettings)
    demo: DemoSettings = field(default_factory=DemoSettings)
    impact: ImpactSettings = field(default_factory=ImpactSettings)
    imports: ImportSettings = field(default_factory=ImportSettings)
    cache: CacheSettings = field(default_factory=CacheSettings)
    server: ServerSettings = field(default_factory=ServerSettings)
    base_dir: Path = DEFAULT_CONFIG.parent


def _resolve_sqlite_path(url: str, base_dir: Path) -> str:
    """Make a relative SQLite file path absolute against the config file's folder."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or url == "sqlite://" or url.startswith("sqlite:////"):
        return url
    relative = url[len(prefix) :]
    if relative.startswith(":memory:") or Path(relative).is_absolute():
        return url
    return prefix + str((base_dir / relative).resolve())


def _read_secret_file(path: Path) -> str:
    """Read the session secret from a file, creating it with a random key the first time."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def _validate(settings: Settings) -> Settings:
    """Refuse settings that would make the app misbehave later."""
    if settings.ui.default_language not in SUPPORTED_LANGUAGES:
        raise ValueError(
            f"ui.default_language must be one of {', '.join(SUPPORTED_LANGUAGES)}, "
            f"not {settings.ui.default_language!r}"
        )
    if settings.ui.refresh_seconds < 5:
        raise ValueError("ui.refresh_seconds must be at least 5")
    if settings.map.hotspot_resolution not in H3_RESOLUTIONS:
        raise ValueError(f"map.hotspot_resolution must be one of {H3_RESOLUTIONS}")
    if settings.impact.min_count < 1 or settings.impact.delay_days < -1:
        raise ValueError("impact.min_count must be >= 1 and impact.delay_days >= -1")
    if settings.impact.delay_days >= 0 and not settings.impact.accept_differencing_risk:
        raise ValueError(
            f"impact.delay_days = {settings.impact.delay_days} publishes figures of running "
            "operations, and comparing two days' figures can reveal a single seizure. Set "
            "impact.delay_days = -1 (ended operations only) or, having read the trade-off in "
            "config.toml, impact.accept_differencing_risk = true")
    if min(getattr(settings.imports, f.name) for f in fields(ImportSettings)) < 1:
        raise ValueError("every [imports] setting must be a positive number")
    if settings.security.session_cookie_secure not in (True, False, "auto"):
        raise ValueError('security.session_cookie_secure must be "auto", true or false')
    if settings.security.hsts_seconds < 0:
        raise ValueError("security.hsts_seconds must be 0 (off) or more")
    if settings.server.workers < 1:
        raise ValueError("server.workers must be at least 1")
    return settings


def load_settings(
    path: Path | str | None = None, env: Mapping[str, str] | None = None
) -> Settings:
    """Read config.toml (or the given file) into Settings, applying environment overrides."""
    env = os.environ if env is None else env
    config_path = Path(path or env.get(ENV_CONFIG) or DEFAULT_CONFIG).resolve()
    with config_path.open("rb") as fh:
        raw = tomllib.load(fh)
    base_dir = config_path.parent
    db_raw = raw.get("database", {})
    sec_raw = dict(raw.get("security", {}))
    secret_file = base_dir / sec_raw.pop("secret_key_file", "var/secret_key")
    secret = env.get(ENV_SECRET_KEY) or _read_secret_file(secret_file)
    map_raw = dict(raw.get("map", {}))
    sec_raw["trusted_proxies"] = tuple(sec_raw.get("trusted_proxies", ()))
    settings = Settings(
        database=DatabaseSettings(
            url=_resolve_sqlite_path(env.get(ENV_DATABASE_URL) or db_raw.get("url", ""), base_dir),
            pool_size=int(db_raw.get("pool_size", 5)),
        ),
        security=SecuritySettings(secret_key=secret, **sec_raw),
        ui=UiSettings(**raw.get("ui", {})),
        map=MapSettings(**map_raw),
        demo=DemoSettings(**raw.get("demo", {})),
        impact=ImpactSettings(**raw.get("impact", {})),
        imports=ImportSettings(**raw.get("imports", {})),
        cache=CacheSettings(**raw.get("cache", {})),
        server=ServerSettings(**raw.get("server", {})),
        base_dir=base_dir,
    )
    return _validate(settings)


def with_database(settings: Settings, url: str) -> Settings:
    """Return a copy of settings pointing at another database (tests, benchmarks)."""
    return replace(settings, database=replace(settings.database, url=url))
