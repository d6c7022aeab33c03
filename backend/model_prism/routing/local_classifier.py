"""The local classifier: lexical cues plus (optionally) nearest neighbours over embedded examples.

Runs before the LLM classifier with no network and no LLM call. Its confidence is calibrated so that
values at or above the rule set's threshold (0.65 by default) mean "sure": then the LLM classifier
is skipped.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field
from operator import itemgetter

from model_prism.routing.categories import CategoryCatalog
from model_prism.routing.lexical import DEFAULT_CUES, CueTable, score_categories
from model_prism.routing.ports import LocalVerdict
from model_prism.routing.signals import Signals

log = logging.getLogger(__name__)


def calibrated_confidence(best: float, second: float) -> float:
    """Give a 0..0.95 confidence from the best score and its margin over the runner-up."""
    if best <= 0:
        return 0.2
    margin = best - max(second, 0.0)
    conf = 0.25 + 0.55 * (1 - math.exp(-margin / 3.0)) + 0.15 * (1 - math.exp(-best / 6.0))
    return round(min(0.95, conf), 4)


def _ranked(scores: dict[str, float], known: frozenset[str]) -> list[tuple[str, float]]:
    return sorted(((c, v) for c, v in scores.items() if c in known), key=itemgetter(1), reverse=True)


def _confidence(ranked: list[tuple[str, float]]) -> float:
    return calibrated_confidence(ranked[0][1], ranked[1][1] if len(ranked) > 1 else 0.0)


def _top_two(scores: dict[str, float], known: frozenset[str]) -> list[tuple[str, float]]:
    """Give the two best known categories (what the confidence needs), without sorting them all."""
    best: tuple[str, float] | None = None
    second: tuple[str, float] | None = None
    for c, v in scores.items():
        if c not in known:
            continue
        if best is None or v > best[1]:
            best, second = (c, v), best
        elif second is None or v > second[1]:
            second = (c, v)
    return [kv for kv in (best, second) if kv is not None]


@dataclass
class LocalClassifier:
    """LocalClassifierPort implementation: cue scores, plus example similarity when an index is given.

    `examples` is an optional ExampleIndex (see embedding.py); when its embedding model cannot be
    loaded it reports itself unavailable and only the lexical cues count.
    """

    cues: CueTable = DEFAULT_CUES
    examples: object | None = None
    embedding_weight: float = 8.0
    #: the example index is not consulted when the cues alone are at least this sure (saves ~0.1-0.2 ms)
    skip_embedding_above: float = 0.8
    name: str = "local"
    _notes: dict = field(default_factory=dict)

    def classify(self, signals: Signals, categories: CategoryCatalog) -> LocalVerdict | None:
        """Give the best category with a calibrated confidence, or None when no category is known."""
        known = categories.key_set
        scores = score_categories(signals, self.cues)
        method = "lexical"
        notes: dict[str, object] = {}
        top = _top_two(scores, known)
        if top and self.examples is not None and _confidence(top) >= self.skip_embedding_above:
            notes["embedding"] = "skipped (lexical cues decisive)"
        elif sims := self._similarities(signals, categories, notes):
            method = "lexical+embedding"
            weight = self.embedding_weight
            for cat, sim in sims.items():
                scores[cat] = scores.get(cat, 0.0) + weight * sim
        ranked = _ranked(scores, known)
        if not ranked:
            return None
        best = tuple((c, round(v, 3)) for c, v in ranked[:5])
        return LocalVerdict(ranked[0][0], _confidence(ranked), method, best, notes)

    def _similarities(self, s: Signals, cats: CategoryCatalog, notes: dict) -> dict[str, float]:
        if self.examples is None:
            return {}
        try:
            sims = self.examples.similarities(s, cats)  # type: ignore[attr-defined]
        except Exception as exc:  # noqa: BLE001 — degrade to lexical cues, never fail routing
            log.warning("local classifier embedding failed: %s", exc)
            notes["embedding"] = f"unavailable: {type(exc).__name__}"
            return {}
        if sims is None:
            notes["embedding"] = "unavailable"
            return {}
        return sims
