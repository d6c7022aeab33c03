"""WSGI entry point: gevent patches the standard library before anything else is imported."""

from gevent import monkey

monkey.patch_all()

from model_prism.app import create_app  # noqa: E402
from model_prism.config import Config, ConfigError  # noqa: E402
from model_prism.store import StoreInUse  # noqa: E402

try:
    app = create_app(Config.from_env())
except ConfigError as exc:
    raise SystemExit(f"configuration error: {exc}") from None
except StoreInUse as exc:
    raise SystemExit(f"error: {exc}") from None
