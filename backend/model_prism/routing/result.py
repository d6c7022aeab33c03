"""RoutingResult (routing.md §11) and its three views: debug record, auto_routing object, receipt."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from model_prism.routing.categories import task_type
from model_prism.routing.signals import Signals
from model_prism.routing.trace import TraceEntry

_PROGRESSION_KEYS = (
    "preRouting",
    "classifier",
    "afterRuleFloor",
    "afterOverrides",
    "afterSessionFill",
    "afterCostMode",
)


@dataclass(frozen=True)
class RoutingResult:
    """The routing decision for one request, with the trace that explains it."""

    category: str | None
    confidence: float
    complexity: str
    cost_tier: str | None
    domain: str | None
    language: str
    has_image: bool
    estimated_output_length: str
    conversation_turn: int
    user_frustration_signal: bool
    reason: str
    override_applied: str
    pre_routed: bool
    recommended_model: str | None
    signals: Signals
    classifier_input_tokens: int
    classifier_output_tokens: int
    classifier_model: str | None
    routing_cost_usd: float
    model_id: str | None
    provider_id: str | None
    selection_method: str | None
    analysis_time_ms: float
    prev_session_fill_pct: float | None
    decided_by: str
    classifier_called: bool
    local_classifier: str
    tier_progression: dict[str, str | None]
    force_route: dict[str, Any] | None
    system_prompt_for_category: str | None
    trace: tuple[TraceEntry, ...]
    experiment_override: dict[str, Any] | None = None

    @property
    def task_type(self) -> str:
        """Give the first segment of the category key, or general."""
        return task_type(self.category)

    def trace_dicts(self) -> list[dict[str, Any]]:
        """Give the trace as the Test Route response lists it."""
        return [e.to_dict() for e in self.trace]

    def to_debug_record(self) -> dict[str, Any]:
        """Give the request-log fields of an auto-routed request, with `routingSignals` (§18)."""
        s = self.signals
        sig: dict[str, Any] = {
            "totalTokens": s.total_tokens, "hasImages": s.has_images, "hasToolCalls": s.has_tool_calls,
            "conversationTurns": s.conversation_turns, "detectedDomains": list(s.detected_domains),
            "detectedLanguages": list(s.detected_languages), "preRouted": self.pre_routed, "signalSource": self.reason,
            "selectionMethod": self.selection_method, "recommendedModel": self.recommended_model,
            "classifierModel": self.classifier_model, "tierProgression": dict(self.tier_progression),
            "decidedBy": self.decided_by, "localClassifier": self.local_classifier,
        }  # fmt: skip
        for flag, key in (
            (s.is_fim_request, "isFimRequest"),
            (s.is_tool_agent_request, "isToolAgentRequest"),
            (s.is_tool_output_continuation, "isToolOutputContinuation"),
        ):
            if flag:
                sig[key] = True
        if self.prev_session_fill_pct is not None:
            sig["prevSessionFillPct"] = round(self.prev_session_fill_pct, 2)
        if self.force_route:
            sig["forceRouteMode"] = self.force_route.get("mode")
            sig["userSelectedModel"] = self.force_route.get("user_selected_model")
            sig["forceRouteOptOut"] = bool(self.force_route.get("opted_out"))
        return {
            "category": self.category, "taskType": self.task_type, "complexity": self.complexity,
            "costTier": self.cost_tier, "confidence": self.confidence, "overrideApplied": self.override_applied,
            "domain": self.domain, "language": self.language, "routingMs": self.analysis_time_ms,
            "routingCostUsd": self.routing_cost_usd, "isAutoRouted": True, "routingSignals": sig,
        }  # fmt: skip

    def auto_routing(self, provider: str | None = None) -> dict[str, Any]:
        """Give the `auto_routing` object a routed response carries (gateway.md §15; cost fields added there)."""
        out: dict[str, Any] = {
            "category": self.category, "model_id": self.model_id, "selected_model": self.model_id,
            "provider": provider, "confidence": round(self.confidence, 4), "complexity": self.complexity,
            "cost_tier": self.cost_tier, "domain": self.domain, "reason": self.reason, "reasoning": self.reason,
            "override_applied": self.override_applied, "overrides": [x for x in self.override_applied.split("+") if x],
            "selection_method": self.selection_method, "pre_routed": self.pre_routed,
            "routing_time_ms": self.analysis_time_ms, "analysis_time_ms": self.analysis_time_ms,
        }  # fmt: skip
        if self.force_route:
            fr = self.force_route
            out["force_route"] = {
                "mode": fr.get("mode"), "requested_model": fr.get("user_selected_model"),
                "kept_user_model": self.selection_method in ("strictness_smart_keep_user", "strictness_keep_user"),
                "opted_out": bool(fr.get("opted_out")),
            }  # fmt: skip
        return out

    def test_route_summary(self) -> dict[str, Any]:
        """Give the Test Route `summary` object (routing.md §15)."""
        return {
            "finalModel": self.model_id, "finalTier": self.cost_tier, "category": self.category,
            "confidence": self.confidence, "domain": self.domain, "complexity": self.complexity,
            "overridesApplied": self.override_applied, "routingMs": self.analysis_time_ms,
            "routingCostUsd": self.routing_cost_usd,
        }  # fmt: skip

    def explain(self, provider: str | None = None) -> dict[str, Any]:
        """Give the route-explain / Test Route answer: auto_routing, the trace and the summary."""
        return {"auto_routing": self.auto_routing(provider), "trace": self.trace_dicts(),
                "summary": self.test_route_summary()}  # fmt: skip

    def receipt_headers(self) -> dict[str, str]:
        """Give the short routing receipt as response headers (the gateway's x-model-prism-* names)."""
        return {
            "x-model-prism-model": self.model_id or "",
            "x-model-prism-category": self.category or "",
            "x-model-prism-tier": self.cost_tier or "",
            "x-model-prism-confidence": f"{self.confidence:.2f}",
            "x-model-prism-selection": self.selection_method or "",
            "x-model-prism-overrides": self.override_applied or "none",
            "x-model-prism-routing-ms": f"{self.analysis_time_ms:.2f}",
        }
