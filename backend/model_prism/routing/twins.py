"""In-memory twins of routing's ports, for tests of routing and of the code that calls it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from model_prism.routing.categories import CategoryCatalog
from model_prism.routing.ports import ClassifierReply, LocalVerdict
from model_prism.routing.settings import ClassifierRef
from model_prism.routing.signals import Signals


def classifier_json(category: str, confidence: float = 0.9, cost_tier: str = "medium", **extra: Any) -> str:
    """Give a classifier reply body in the §6.5 response format."""
    return json.dumps({"category": category, "confidence": confidence, "cost_tier": cost_tier, **extra})


@dataclass
class ScriptedLlmClassifier:
    """LlmClassifierPort twin: answers from a list (an Exception entry is raised) and records every call."""

    replies: list[Any]
    window: int | None = 32000
    usage: tuple[int, int, float] = (100, 20, 0.001)
    calls: list[dict[str, Any]] = field(default_factory=list)

    def complete(self, ref: ClassifierRef, system: str, user: str, *, max_tokens: int) -> ClassifierReply:
        """Give the next scripted reply."""
        self.calls.append({"model": ref.model, "provider": ref.provider_id, "system": system, "user": user,
                           "max_tokens": max_tokens})  # fmt: skip
        reply = self.replies.pop(0)
        if isinstance(reply, Exception):
            raise reply
        if isinstance(reply, ClassifierReply):
            return reply
        return ClassifierReply(str(reply), *self.usage)

    def context_window(self, ref: ClassifierRef) -> int | None:
        """Give the configured window."""
        return self.window


@dataclass
class FixedLocalClassifier:
    """LocalClassifierPort twin: always gives the same verdict (or None)."""

    verdict: LocalVerdict | None
    name: str = "fixed"
    calls: int = 0

    def classify(self, signals: Signals, categories: CategoryCatalog) -> LocalVerdict | None:
        """Give the fixed verdict."""
        self.calls += 1
        return self.verdict
