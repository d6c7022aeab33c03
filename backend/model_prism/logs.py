"""Logging set-up: JSON lines in production, readable lines otherwise, a request id on every line."""

from __future__ import annotations

import contextvars
import logging
import sys
import time

import orjson

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warn": logging.WARNING, "error": logging.ERROR}
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id"}


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


def _extras(record: logging.LogRecord) -> dict:
    return {k: v for k, v in vars(record).items() if k not in _STANDARD and not k.startswith("_")}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        doc = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "msg": record.getMessage(),
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            **_extras(record),
        }
        if record.exc_info:
            doc["exc"] = self.formatException(record.exc_info)
        return orjson.dumps(doc, default=str).decode()


class ReadableFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        extras = _extras(record)
        line = f"[{record.levelname}] {record.getMessage()} (req {getattr(record, 'request_id', '-')})"
        if extras:
            line += " " + orjson.dumps(extras, default=str).decode()
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


def configure_logging(level: str, production: bool) -> None:
    """Install one stdout handler on the root logger with the right formatter and level."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_model_prism", False):
            root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stdout)
    handler._model_prism = True  # type: ignore[attr-defined]
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter() if production else ReadableFormatter())
    root.addHandler(handler)
    set_level(level)
    logging.getLogger("urllib3").setLevel(logging.WARNING)


def set_level(level: str) -> None:
    """Change the log level at run time (system settings call this without a restart)."""
    logging.getLogger().setLevel(_LEVELS.get(level.lower(), logging.INFO))
