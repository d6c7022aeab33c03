"""The frozen request context every gateway stage takes and returns (with one trace note appended)."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from ..snapshot.views import ConfigSnapshot, ModelView, ProviderView, TenantView
from .tokens import estimate_messages

AUTO_MODEL_IDS = frozenset({"auto", "auto-prism", "model-prism"})


def is_auto_model(model: str | None) -> bool:
    """Give True for every spelling of the routed model (auto, auto-prism, model-prism, model-prism/…)."""
    if not model:
        return False
    m = model.strip().lower()
    return m in AUTO_MODEL_IDS or m.startswith("model-prism/") or m.startswith("auto-prism/")


@dataclass(frozen=True)
class Target:
    provider: ProviderView
    model: ModelView | None
    model_id: str


@dataclass(frozen=True)
class RequestContext:
    request_id: str
    surface: str  # openai | anthropic
    endpoint: str  # /chat/completions, /completions, /embeddings, /messages
    slug: str
    shorthand: bool
    api_key: str | None
    headers: Mapping[str, str]
    client_ip: str
    via_proxy: bool
    snapshot: ConfigSnapshot
    raw_body: bytes = b""
    body: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    started: float = field(default_factory=time.perf_counter)
    tenant: TenantView | None = None
    key_id: str | None = None
    requested_model: str = "unknown"
    model_id: str = ""
    is_auto: bool = False
    stream: bool = False
    include_usage: bool = False
    session_id: str | None = None
    session_generated: bool = False  # the id is a fresh UUID of a one-shot request: no session to remember
    user: str | None = None
    routing: Any = None  # routing.RoutingResult when auto-routed
    target: Target | None = None
    upstream_body: Mapping[str, Any] | None = None
    estimated_input_tokens: int = 0
    #: (the body's messages list, estimate_messages of it): estimated once, read by limits, pre-flight and clamping
    messages_tokens: tuple[Any, int] | None = None
    budget_cost_mode: str | None = None  # economy/balanced forced by the budget guard
    quota_economy: bool = False  # an auto_economy quota is exhausted
    dispatch: Any = None  # dispatch.Outcome once served (attempts, fallback facts)
    preflight: Mapping[str, Any] | None = None  # context_fallback when pre-flight switched to a larger window
    force_route: Any = None  # routing.strictness.ForceRouteDecision when force-routing was considered
    notes: tuple[tuple[str, Mapping[str, Any]], ...] = ()

    def evolve(self, stage: str, note: Mapping[str, Any] | None = None, **changes: Any) -> RequestContext:
        """Give a copy with the changes applied and the stage's trace note appended."""
        new = object.__new__(RequestContext)  # a field-wise copy: dataclasses.replace re-runs __init__ (slow)
        state = new.__dict__
        state.update(self.__dict__)
        for name in changes:
            if name not in state:
                raise TypeError(f"RequestContext has no field(s) {sorted(changes.keys() - state.keys())}")
        state.update(changes)
        state["notes"] = self.notes + ((stage, MappingProxyType(dict(note or {}))),)
        return new

    def message_tokens(self, messages: list) -> int:
        """Give estimate_messages(messages): the validated body's estimate while its messages are this very list."""
        known = self.messages_tokens
        if known is not None and known[0] is messages:
            return known[1]
        return estimate_messages(messages)

    def trace(self) -> list[dict]:
        return [{"stage": stage, **dict(note)} for stage, note in self.notes]
