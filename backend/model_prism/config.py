"""One frozen Config built from the environment; the only module that reads os.environ."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from .process.gc_tuning import DEFAULT_THRESHOLDS, parse_thresholds

DEV_JWT_SECRET = "change-me-in-production-jwt-secret"
DEV_ENCRYPTION_KEY = "change-me-32-chars-encryption-k!"
ROLES = ("full", "control", "worker")
LOG_LEVELS = ("debug", "info", "warn", "warning", "error")


class ConfigError(ValueError):
    """A configuration value is missing or invalid; the message names the variable and what it needs."""


class Secret(str):
    """A string that never prints its value (repr, str formatting in logs)."""

    def __repr__(self) -> str:
        return "Secret('***')"

    def reveal(self) -> str:
        return str.__str__(self)


@dataclass(frozen=True)
class Config:
    jwt_secret: Secret
    encryption_key: Secret
    mongodb_uri: str = "mongodb://localhost:27017/openmodelprism"
    port: int = 3000
    node_env: str = "development"
    node_role: str = "full"
    cors_origins: tuple[str, ...] = ("*",)
    log_level: str = "info"
    offline: bool = False
    max_body_mb: int = 20
    trusted_proxy_hops: int = 1
    request_log_ttl_days: int = 0
    gunicorn_workers: int = 2
    gunicorn_worker_connections: int = 1000
    gunicorn_timeout: int = 120
    gunicorn_keepalive: int = 5
    frontend_dist: str = ""
    data_dir: str = ".data"
    embedded_max_request_logs: int = 20_000
    default_tenant_api_key: str = ""
    dev_admin_username: str = ""
    dev_admin_password: str = ""
    dev_provider: Mapping[str, str] = field(default_factory=dict)
    allow_private_provider_urls: bool = True
    gateway_ip_limit: int = 600
    analytics_flush_seconds: float = 0.5
    config_poll_seconds: float = 15.0
    gc_thresholds: tuple[int, int, int] | None = (
        DEFAULT_THRESHOLDS  # None: CPython's own (GC_THRESHOLDS=python)
    )
    gc_freeze_seconds: float = 10.0  # embedded store: freeze the collector's survivors this often (0 = off)

    @property
    def production(self) -> bool:
        return self.node_env == "production"

    @property
    def embedded_store(self) -> bool:
        return self.mongodb_uri.startswith("mongomock://")

    @property
    def serves_gateway(self) -> bool:
        return self.node_role in ("full", "worker")

    @property
    def serves_control(self) -> bool:
        return self.node_role in ("full", "control")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Config:
        """Build the Config from environment variables; raises ConfigError naming the bad variable."""
        env = os.environ if env is None else env
        node_env = (env.get("NODE_ENV") or env.get("APP_ENV") or "development").strip().lower()
        production = node_env == "production"
        jwt = _required_secret(env, "JWT_SECRET", DEV_JWT_SECRET, production)
        if len(jwt) < 32:
            raise ConfigError(
                "JWT_SECRET must be at least 32 characters (generate one with: openssl rand -hex 32)"
            )
        enc = _required_secret(env, "ENCRYPTION_KEY", DEV_ENCRYPTION_KEY, production)
        if len(enc) != 32:
            raise ConfigError(
                f"ENCRYPTION_KEY must be exactly 32 characters, got {len(enc)} (generate one with: openssl rand -hex 16)"
            )
        role = (env.get("NODE_ROLE") or "full").strip().lower()
        level = (env.get("LOG_LEVEL") or "info").strip().lower()
        if level not in LOG_LEVELS:
            raise ConfigError(f"LOG_LEVEL must be one of debug, info, warn, error; got {level!r}")
        origins = tuple(o.strip() for o in (env.get("CORS_ORIGINS") or "*").split(",") if o.strip()) or ("*",)
        return cls(
            jwt_secret=Secret(jwt),
            encryption_key=Secret(enc),
            mongodb_uri=env.get("MONGODB_URI") or env.get("MONGO_URI") or cls.mongodb_uri,
            port=_int(env, "PORT", 3000, 1, 65535),
            node_env=node_env,
            node_role=role if role in ROLES else "full",
            cors_origins=origins,
            log_level="warn" if level == "warning" else level,
            offline=_bool(env, "OFFLINE"),
            max_body_mb=_int(env, "MAX_BODY_MB", 20, 1, 1024),
            trusted_proxy_hops=_int(env, "TRUSTED_PROXY_HOPS", 1, 0, 10),
            request_log_ttl_days=_int(env, "REQUEST_LOG_TTL_DAYS", 0, 0, 36500),
            gunicorn_workers=_int(env, "GUNICORN_WORKERS", 2, 1, 256),
            gunicorn_worker_connections=_int(env, "GUNICORN_WORKER_CONNECTIONS", 1000, 1, 100000),
            gunicorn_timeout=_int(env, "GUNICORN_TIMEOUT", 120, 1, 3600),
            gunicorn_keepalive=_int(env, "GUNICORN_KEEPALIVE", 5, 0, 3600),
            frontend_dist=env.get("FRONTEND_DIST", ""),
            data_dir=env.get("DATA_DIR", ".data"),
            embedded_max_request_logs=_int(env, "EMBEDDED_MAX_REQUEST_LOGS", 20_000, 0, 10**9),
            default_tenant_api_key=env.get("DEFAULT_TENANT_API_KEY", ""),
            dev_admin_username="" if production else env.get("DEV_ADMIN_USERNAME", ""),
            dev_admin_password="" if production else env.get("DEV_ADMIN_PASSWORD", ""),
            dev_provider={}
            if production
            else {
                k: env.get(f"DEV_PROVIDER_{k.upper()}", "")
                for k in ("name", "type", "url", "key")
                if env.get(f"DEV_PROVIDER_{k.upper()}")
            },
            allow_private_provider_urls=_bool(env, "ALLOW_PRIVATE_PROVIDER_URLS")
            if env.get("ALLOW_PRIVATE_PROVIDER_URLS")
            else not production,
            gateway_ip_limit=_int(env, "GATEWAY_IP_LIMIT", 600, 0, 10**12),
            analytics_flush_seconds=_seconds(env, "ANALYTICS_FLUSH_SECONDS", 0.5, 0.01, 60),
            config_poll_seconds=_seconds(env, "CONFIG_POLL_SECONDS", 15.0, 0.1, 3600),
            gc_thresholds=_gc_thresholds(env),
            gc_freeze_seconds=_seconds(env, "GC_FREEZE_SECONDS", 10.0),
        )


def _required_secret(env: Mapping[str, str], name: str, dev_default: str, production: bool) -> str:
    """Give the variable's value; missing always fails, the example value fails in production."""
    value = env.get(name, "")
    if not value:
        hint = "openssl rand -hex 32" if name == "JWT_SECRET" else "openssl rand -hex 16"
        raise ConfigError(f"{name} is required (generate one with: {hint}; `just dev` writes a .env for you)")
    if production and value == dev_default:
        raise ConfigError(f"{name} still has the example value; set a random one for production")
    return value


def _gc_thresholds(env: Mapping[str, str]) -> tuple[int, int, int] | None:
    try:
        return parse_thresholds(env.get("GC_THRESHOLDS", ""))
    except ValueError as exc:
        raise ConfigError(f"GC_THRESHOLDS must be {exc}") from None


def _seconds(
    env: Mapping[str, str], name: str, default: float, lo: float = 0.0, hi: float = 86_400.0
) -> float:
    raw = env.get(name, "")
    if raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if not lo <= value <= hi:  # nan (not a number at all) fails too
        raise ConfigError(f"{name} must be a number of seconds between {lo:g} and {hi:g}, got {raw!r}")
    return value


def _int(env: Mapping[str, str], name: str, default: int, lo: int, hi: int) -> int:
    raw = env.get(name, "")
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be an integer between {lo} and {hi}, got {raw!r}") from None
    if not lo <= value <= hi:
        raise ConfigError(f"{name} must be an integer between {lo} and {hi}, got {value}")
    return value


def _bool(env: Mapping[str, str], name: str) -> bool:
    return (env.get(name, "") or "").strip().lower() in ("1", "true", "yes", "on")
