"""Embedding-based example index for the local classifier (WordLlama, loaded lazily; optional)."""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger(__name__)


def load_wordllama() -> tuple[Any | None, str]:
    """Give (embedder, status) — stub until the embedding index lands."""
    return None, "not installed"


class ExampleIndex:
    """Placeholder replaced below."""

    def __init__(self, embedder: Any) -> None:
        self.embedder = embedder
