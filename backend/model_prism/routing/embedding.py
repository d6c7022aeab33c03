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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from model_prism.routing import seeds
from model_prism.routing.categories import CategoryCatalog
from model_prism.routing.lexical import instruction_text
from model_prism.routing.memo import remember
from model_prism.routing.signals import Signals
from model_prism.routing.wordpieces import FastWordLlamaEmbedder

log = logging.getLogger(__name__)
_QUERY_CHARS = 400
#: Query texts whose similarities an index remembers (routing/memo.py). An agent's tool loop sends the same latest
#: human message with every tool round (tool results are not intents), so one task's requests share one query text.
_MEMO_TEXTS = 2048


class Embedder(Protocol):
    """Turns texts into L2-normalised vectors (rows of a numpy array)."""

    def embed(self, texts: list[str]) -> Any:
        """Give one normalised vector per text."""
        ...


def embed_query(embedder: Embedder, text: str) -> Any:
    """Give one text's vector, through the embedder's single-text path when it has one."""
    one = getattr(embedder, "embed_one", None)
    return one(text) if one is not None else embedder.embed([text])[0]


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
    return FastWordLlamaEmbedder(model), f"wordllama {config}/{dim} from {pkg.name}/"


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
        self._state: _IndexState | None = None
        #: (catalog object, its index), swapped as one, so a reader never pairs a catalog with another's index
        self._current: tuple[CategoryCatalog | None, _IndexState | None] = (None, None)

    def _build(self, cats: CategoryCatalog) -> _IndexState | None:
        import numpy as np

        texts, labels, starts = [], [], []
        for c in cats.categories:
            examples = [*self.extra.get(c.key, ()), *c.examples]
            if examples:
                starts.append(len(texts))
                labels.append(c.key)
                texts.extend(examples)
        if not texts:
            return None
        matrix = np.asarray(self.embedder.embed(texts), dtype=np.float32)
        counts = np.diff([*starts, len(texts)]).reshape(-1, 1)
        means = np.add.reduceat(matrix, starts, axis=0) / counts  # mean cosine = cosine with the mean row
        rows = np.ascontiguousarray(np.vstack([matrix, means]), dtype=np.float32)
        return _IndexState(rows, np.array(starts), tuple(labels))

    def ensure(self, cats: CategoryCatalog) -> _IndexState | None:
        """Give the index for this category catalog, (re)built unless it is already current."""
        catalog, state = self._current
        if cats is catalog:
            return state
        key = tuple((c.key, c.examples) for c in cats.categories)
        with self._lock:
            if key != self._key:
                self._state = self._build(cats)
                self._key = key
            self._current = (cats, self._state)
            return self._state

    def similarities(self, s: Signals, cats: CategoryCatalog) -> dict[str, float] | None:
        """Give per-category similarity relative to the average category (see the class docstring)."""
        state = self.ensure(cats)
        if state is None or not s.intent_text.strip():
            return None
        query = instruction_text(s.intent_text)[:_QUERY_CHARS]
        return dict(remember(state.memo, query, lambda: self._similarities(state, query), _MEMO_TEXTS))

    def _similarities(self, state: _IndexState, query: str) -> dict[str, float]:
        import numpy as np

        q = embed_query(self.embedder, query)
        n = len(state.labels)
        cos = state.rows @ q  # every example's cosine, then every category mean row's
        vals = (np.maximum.reduceat(cos[:-n], state.starts) + cos[-n:]).tolist()
        avg = sum(vals) / n
        return {label: 0.5 * (v - avg) for label, v in zip(state.labels, vals, strict=True)}


@dataclass(frozen=True)
class _IndexState:
    """One built index: example rows grouped by category then one mean row per category; group starts."""

    rows: Any
    starts: Any
    labels: tuple[str, ...]
    #: query text → similarities, for this index only (a rebuilt index starts empty)
    memo: dict[str, dict[str, float]] = field(default_factory=dict, compare=False, repr=False)
