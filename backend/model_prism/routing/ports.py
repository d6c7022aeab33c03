"""Ports for the I/O collaborators of routing: the LLM classifier call and the local classifier."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from model_prism.routing.categories import CategoryCatalog
    from model_prism.routing.settings import ClassifierRef
    from model_prism.routing.signals import Signals


@dataclass(frozen=True)
class ClassifierReply:
    """What one LLM classifier call returned: text content plus usage and cost."""

    content: str
    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: float = 0.0


@runtime_checkable
class LlmClassifierPort(Protocol):
    """Calls a classifier model through the normal provider adapter (temperature 0, non-streaming).

    Failure policy: raise any exception; the router logs it, tries the next chain entry and finally
    falls back to the token-based tier (routing.md §6.7). It never blocks routing.
    """

    def complete(self, ref: ClassifierRef, system: str, user: str, *, max_tokens: int) -> ClassifierReply:
        """Give the classifier model's reply to one system + user prompt."""
        ...

    def context_window(self, ref: ClassifierRef) -> int | None:
        """Give the classifier model's discovered context window, or None when unknown."""
        ...


@dataclass(frozen=True)
class LocalVerdict:
    """The local classifier's opinion: best category, calibrated confidence and the runners-up."""

    category: str
    confidence: float
    method: str
    top: tuple[tuple[str, float], ...] = ()
    notes: Mapping[str, object] = field(default_factory=dict)


@runtime_checkable
class LocalClassifierPort(Protocol):
    """Classifies a request without network or LLM call (lexical cues, embedded examples).

    Failure policy: return None when it has no opinion or its model is unavailable; never raise.
    """

    name: str

    def classify(self, signals: Signals, categories: CategoryCatalog) -> LocalVerdict | None:
        """Give the verdict for these signals, or None."""
        ...
