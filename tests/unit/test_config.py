import pytest

from model_prism.config import Config, ConfigError

GOOD = {"JWT_SECRET": "j" * 40, "ENCRYPTION_KEY": "e" * 32}


def test_valid_environment_builds_config_with_defaults():
    cfg = Config.from_env(GOOD)
    assert (cfg.port, cfg.node_role, cfg.log_level, cfg.cors_origins) == (3000, "full", "info", ("*",))
    assert "j" * 40 not in repr(cfg)


@pytest.mark.parametrize(
    ("env", "needle"),
    [
        ({"ENCRYPTION_KEY": "e" * 32}, "JWT_SECRET is required"),
        ({**GOOD, "JWT_SECRET": "short"}, "JWT_SECRET must be at least 32"),
        ({**GOOD, "ENCRYPTION_KEY": "e" * 31}, "ENCRYPTION_KEY must be exactly 32 characters, got 31"),
        ({**GOOD, "PORT": "http"}, "PORT must be an integer"),
        ({**GOOD, "LOG_LEVEL": "loud"}, "LOG_LEVEL must be one of"),
        ({**GOOD, "GC_THRESHOLDS": "1000,10"}, "GC_THRESHOLDS must be three positive integers"),
        ({**GOOD, "GC_THRESHOLDS": "0,10,10"}, "GC_THRESHOLDS must be three positive integers"),
        ({**GOOD, "GC_FREEZE_SECONDS": "soon"}, "GC_FREEZE_SECONDS must be a number of seconds"),
        ({**GOOD, "GC_FREEZE_SECONDS": "-1"}, "GC_FREEZE_SECONDS must be a number of seconds"),
        ({**GOOD, "ANALYTICS_FLUSH_SECONDS": "fast"}, "ANALYTICS_FLUSH_SECONDS must be a number of seconds"),
        ({**GOOD, "CONFIG_POLL_SECONDS": "nan"}, "CONFIG_POLL_SECONDS must be a number of seconds"),
        (
            {**GOOD, "NODE_ENV": "production", "JWT_SECRET": "change-me-in-production-jwt-secret"},
            "example value",
        ),
    ],
)
def test_bad_environment_names_the_variable(env, needle):
    with pytest.raises(ConfigError, match=needle):
        Config.from_env(env)


def test_invalid_role_falls_back_to_full_and_aliases_are_read():
    cfg = Config.from_env(
        {**GOOD, "NODE_ROLE": "bogus", "APP_ENV": "production", "MONGO_URI": "mongodb://db/x"}
    )
    assert cfg.node_role == "full" and cfg.production and cfg.mongodb_uri == "mongodb://db/x"


def test_gc_thresholds_default_custom_and_python():
    assert Config.from_env(GOOD).gc_thresholds == (5_000, 100, 100)
    assert Config.from_env({**GOOD, "GC_THRESHOLDS": " 5000, 20 ,30"}).gc_thresholds == (5000, 20, 30)
    assert Config.from_env({**GOOD, "GC_THRESHOLDS": "python"}).gc_thresholds is None


def test_gc_freeze_seconds_default_custom_and_off():
    assert Config.from_env(GOOD).gc_freeze_seconds == 10.0
    assert Config.from_env({**GOOD, "GC_FREEZE_SECONDS": "2.5"}).gc_freeze_seconds == 2.5
    assert Config.from_env({**GOOD, "GC_FREEZE_SECONDS": "0"}).gc_freeze_seconds == 0.0
