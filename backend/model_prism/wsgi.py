"""WSGI entry point: gevent patches the standard library before anything else is imported."""

from gevent import monkey

monkey.patch_all()

from model_prism.app import create_app  # noqa: E402
from model_prism.config import Config, ConfigError  # noqa: E402
from model_prism.process.gc_tuning import start_freezer, tune  # noqa: E402
from model_prism.store import StoreInUse  # noqa: E402

try:
    config = Config.from_env()
    app = create_app(config)
except ConfigError as exc:
    raise SystemExit(f"configuration error: {exc}") from None
except StoreInUse as exc:
    raise SystemExit(f"error: {exc}") from None

tune(config.gc_thresholds)  # after start-up: what it built lives as long as the worker
if config.embedded_store and config.gc_thresholds is not None and config.gc_freeze_seconds > 0:
    start_freezer(config.gc_freeze_seconds)  # the request logs the worker keeps leave the collector's view
