"""Nearest-neighbour example index for the local classifier, on WordLlama embeddings (optional).

WordLlama's wheel ships its weights (`wordllama/weights/`) and tokenizer (`wordllama/tokenizers/`),
but its loader looks for the tokenizer in `wordllama/tokenizer/` first and would then try to download
it. Passing the package folder as `cache_dir` makes it resolve both files from the wheel, with
downloads disabled: no network is ever touched. If the package is missing or fails to load, the
local classifier runs on lexical cues alone and the trace says so.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any, Protocol

from model_prism.routing import seeds
from model_prism.routing.categories import CategoryCatalog
from model_prism.routing.lexical import instruction_text
from model_prism.routing.signals import Signals

log = logging.getLogger(__name__)
_QUERY_CHARS = 400


class Embedder(Protocol):
    """Turns texts into L2-normalised vectors (rows of a numpy array)."""

    def embed(self, texts: list[str]) -> Any:
        """Give one normalised vector per text."""
        ...


class WordLlamaEmbedder:
    """Embedder backed by a loaded WordLlama model."""

    def __init__(self, model: Any) -> None:
        self.model = model

    def embed(self, texts: list[str]) -> Any:
        """Give normalised WordLlama embeddings."""
        return self.model.embed(texts, norm=True)


def load_wordllama(config: str = "l2_supercat", dim: int = 256) -> tuple[Embedder | None, str]:
    """Give (embedder, status); (None, reason) when WordLlama is not installed or cannot load offline."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        import wordllama
        from wordllama import WordLlama
    except Exception as exc:  # noqa: BLE001 — any import failure means "not available"
        return None, f"wordllama not installed ({type(exc).__name__})"
    finally:
        root.handlers[:], root.level = handlers, level  # undo wordllama's import-time basicConfig(INFO)
    pkg = Path(wordllama.__file__).parent
    try:
        model = WordLlama.load(config=config, dim=dim, cache_dir=pkg, disable_download=True)
    except Exception as exc:  # noqa: BLE001
        log.warning("WordLlama could not be loaded from %s: %s", pkg, exc)
        return None, f"wordllama load failed ({type(exc).__name__})"
    return WordLlamaEmbedder(model), f"wordllama {config}/{dim} from {pkg.name}/"


def shipped_examples() -> dict[str, list[str]]:
    """Give the project's own example requests per category."""
    return seeds.load_json("category_examples.json")["examples"]


class ExampleIndex:
    """Category examples embedded once; rebuilt when the categories (or their examples) change.

    A category's similarity to a request is the mean of its best example cosine and its average
    example cosine, minus the average over all categories (so it can be added to lexical scores).
    """

    def __init__(self, embedder: Embedder, extra: dict[str, list[str]] | None = None) -> None:
        self.embedder = embedder
        self.extra = shipped_examples() if extra is None else extra
        self._lock = threading.Lock()
        self._key: object = None
        self._matrix: Any = None
        self._starts: Any = None
        self._counts: Any = None
        self._labels: list[str] = []

    def _build(self, cats: CategoryCatalog) -> None:
        import numpy as np

        texts, labels, starts, counts = [], [], [], []
        for c in cats.categories:
            examples = [*self.extra.get(c.key, ()), *c.examples]
            if examples:
                starts.append(len(texts))
                counts.append(len(examples))
                labels.append(c.key)
                texts.extend(examples)
        self._matrix = self.embedder.embed(texts) if texts else None
        self._starts, self._counts = np.array(starts), np.array(counts)
        self._labels = labels

    def ensure(self, cats: CategoryCatalog) -> None:
        """Build the index for this category catalog unless it is already current."""
        key = tuple((c.key, c.examples) for c in cats.categories)
        if key == self._key:
            return
        with self._lock:
            if key != self._key:
                self._build(cats)
                self._key = key

    def similarities(self, s: Signals, cats: CategoryCatalog) -> dict[str, float] | None:
        """Give per-category similarity relative to the average category (see the class docstring)."""
        self.ensure(cats)
        if self._matrix is None or not s.intent_text.strip():
            return None
        import numpy as np

        q = self.embedder.embed([instruction_text(s.intent_text)[:_QUERY_CHARS]])[0]
        sims = self._matrix @ q
        best = np.maximum.reduceat(sims, self._starts)
        mean = np.add.reduceat(sims, self._starts) / self._counts
        score = 0.5 * (best + mean)
        score = score - score.mean()
        return dict(zip(self._labels, score.tolist(), strict=True))
