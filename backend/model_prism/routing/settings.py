"""Tenant routing settings (tenants-and-admin.md §2.1 `routing`), read from the camelCase document."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from model_prism.routing.tiers import is_tier

FORCE_MODES = ("off", "fim_only", "smart", "all")
DEFAULT_OPT_OUT_TOKEN = "--model-prism-accept-model"


@dataclass(frozen=True)
class OverrideSettings:
    """The tenant override toggles of routing.md §7."""

    vision_upgrade: bool = True
    tool_call_upgrade: bool = True
    tool_call_min_tier: str = "medium"
    confidence_fallback: bool = True
    confidence_threshold: float = 0.4
    domain_gate: bool = True
    conversation_turn_upgrade: bool = False
    conversation_turn_threshold: int = 4
    frustration_upgrade: bool = True
    output_length_upgrade: bool = True

    @classmethod
    def from_dict(cls, doc: Mapping[str, Any] | None) -> OverrideSettings:
        """Give override settings from `routing.overrides` (missing keys take the schema defaults)."""
        d = doc or {}
        min_tier = d.get("toolCallMinTier")
        return cls(
            vision_upgrade=bool(d.get("visionUpgrade", True)),
            tool_call_upgrade=bool(d.get("toolCallUpgrade", True)),
            tool_call_min_tier=min_tier
            if min_tier in ("low", "medium", "advanced", "high", "ultra")
            else "medium",
            confidence_fallback=bool(d.get("confidenceFallback", True)),
            confidence_threshold=float(d.get("confidenceThreshold", 0.4)),
            domain_gate=bool(d.get("domainGate", True)),
            conversation_turn_upgrade=bool(d.get("conversationTurnUpgrade", False)),
            conversation_turn_threshold=int(d.get("conversationTurnThreshold") or 4),
            frustration_upgrade=bool(d.get("frustrationUpgrade", True)),
            output_length_upgrade=bool(d.get("outputLengthUpgrade", True)),
        )


@dataclass(frozen=True)
class ClassifierRef:
    """One entry of the LLM classifier chain: a model on a provider."""

    model: str
    provider_id: str


@dataclass(frozen=True)
class TenantRoutingSettings:
    """A tenant's routing settings as the router needs them."""

    enabled: bool = False
    classifier_chain: tuple[ClassifierRef, ...] = ()
    default_model: str | None = None
    baseline_model: str | None = None
    force_auto_route_mode: str = "off"
    force_route_opt_out_token: str = DEFAULT_OPT_OUT_TOKEN
    session_fill_upgrade_threshold: float = 0.75
    overrides: OverrideSettings = OverrideSettings()
    #: [DD] an agent session never drops below the tier it already used (issue 5 point 3).
    agent_session_tier_floor: bool = True
    #: [DD] run the local (embedding / lexical) classifier before the LLM classifier.
    local_classifier: bool = True

    @property
    def classifier_configured(self) -> bool:
        """Give True when a primary classifier model and provider are set (§5 S4)."""
        return bool(self.classifier_chain)

    @classmethod
    def from_dict(cls, doc: Mapping[str, Any] | None) -> TenantRoutingSettings:
        """Give settings from a tenant's `routing` dict (camelCase as stored)."""
        d = doc or {}
        mode = d.get("forceAutoRouteMode")
        if mode not in FORCE_MODES:
            mode = "all" if d.get("forceAutoRoute") else "off"
        token = d.get("forceRouteOptOutToken")
        fill = d.get("sessionFillUpgradeThreshold")
        tier_floor = d.get("agentSessionTierFloor")
        return cls(
            enabled=bool(d.get("enabled", False)),
            classifier_chain=_chain(d),
            default_model=d.get("defaultModel") or None,
            baseline_model=d.get("baselineModel") or None,
            force_auto_route_mode=mode,
            force_route_opt_out_token=DEFAULT_OPT_OUT_TOKEN if token is None else str(token),
            session_fill_upgrade_threshold=0.75 if fill is None else float(fill),
            overrides=OverrideSettings.from_dict(d.get("overrides")),
            agent_session_tier_floor=True if tier_floor is None else bool(tier_floor),
            local_classifier=bool(d.get("localClassifier", True)),
        )


def _chain(d: Mapping[str, Any]) -> tuple[ClassifierRef, ...]:
    if not (d.get("classifierModel") and d.get("classifierProvider")):
        return ()
    refs = [ClassifierRef(str(d["classifierModel"]), str(d["classifierProvider"]))]
    for fb in d.get("classifierFallbacks") or ():
        if isinstance(fb, Mapping) and fb.get("model") and fb.get("provider"):
            refs.append(ClassifierRef(str(fb["model"]), str(fb["provider"])))
    return tuple(refs[:4])  # primary + at most 3 fallbacks [DD]


def valid_tier_or(value: object, default: str) -> str:
    """Give value when it is a tier name, else default."""
    return value if is_tier(value) and isinstance(value, str) else default
