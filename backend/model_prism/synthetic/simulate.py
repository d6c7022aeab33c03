"""Rule-set benchmark (routing.md §17): replay logged decisions through a candidate rule set, no LLM call."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..routing.prerouting import apply_rule_set
from ..routing.rulesets import RuleSet
from ..routing.signals import Signals
from ..routing.tiers import COST_MULTIPLIER, TIERS, idx, tier_min, upgrade

GATED_DOMAINS = ("legal", "medical", "finance")


@dataclass(frozen=True)
class LoggedDecision:
    """One auto-routed request log entry, reduced to what the simulation reads."""

    request_id: str
    timestamp: str | None
    input_tokens: int
    current_tier: str | None
    pre_routed: bool
    confidence: float | None
    domain: str | None
    routed_model: str | None
    category: str | None
    cost_usd: float
    signals: Signals
    full: bool


def signals_from_log(row: Mapping[str, Any], system: str = "", last_user: str = "") -> tuple[Signals, bool]:
    """Give (signals, full): from `routingSignals` when totalTokens is stored, else from inputTokens and domain.

    [DD] the decrypted prompt snapshot, when logging kept one, restores the texts keyword rules read."""
    rs = row.get("routingSignals") or {}
    full = rs.get("totalTokens") is not None
    domains = tuple(rs.get("detectedDomains") or ()) if full else tuple(x for x in [row.get("domain")] if x)
    return Signals(
        total_tokens=int(rs["totalTokens"] if full else row.get("inputTokens") or 0),
        has_images=bool(rs.get("hasImages")), has_tool_calls=bool(rs.get("hasToolCalls")),
        conversation_turns=int(rs.get("conversationTurns") or 1), detected_domains=domains,
        detected_languages=tuple(rs.get("detectedLanguages") or ()), is_fim_request=bool(rs.get("isFimRequest")),
        system_prompt_text=system or "", last_user_message=last_user or "", intent_text=last_user or "",
    ), full  # fmt: skip


def _tenant_overrides(
    tier: str | None, d: LoggedDecision, conf: float, overrides: Mapping[str, Any]
) -> str | None:
    s = d.signals
    if overrides.get("visionUpgrade", True) and s.has_images:
        tier = "low" if idx(tier) < idx("low") else tier_min(tier, "medium")
    if overrides.get("confidenceFallback", True) and conf < float(overrides.get("confidenceThreshold", 0.4)):
        tier = tier_min(tier, "medium")
    if overrides.get("domainGate", True) and (
        d.domain in GATED_DOMAINS or set(s.detected_domains) & set(GATED_DOMAINS)
    ):
        tier = tier_min(tier, "medium")
    if overrides.get("conversationTurnUpgrade", False) and s.conversation_turns >= int(
        overrides.get("conversationTurnThreshold") or 4
    ):
        tier = upgrade(tier)
    return tier


def _propose(d: LoggedDecision, rs: RuleSet, overrides: Mapping[str, Any] | None) -> tuple[str | None, bool]:
    pre = apply_rule_set(d.signals, rs)
    tier = pre.tier if pre.pre_routed and pre.tier else d.current_tier
    if overrides is not None:
        conf = pre.confidence if pre.pre_routed else float(d.confidence or 0)
        tier = _tenant_overrides(tier, d, conf, overrides)
    return tier, pre.pre_routed


def _cost(d: LoggedDecision, tier: str | None) -> float:
    now, then = COST_MULTIPLIER.get(d.current_tier or ""), COST_MULTIPLIER.get(tier or "")
    return d.cost_usd * then / now if now and then else d.cost_usd


def _side(tiers: list[str | None], classifier: int, n: int, cost: float) -> dict:
    counts = Counter(t for t in tiers if t)
    return {"tierDistribution": {t: counts.get(t, 0) for t in TIERS},
            "classifierCallRate": round(classifier / n, 4), "estimatedCost": round(cost, 4)}  # fmt: skip


def simulate(
    entries: Iterable[LoggedDecision], rs: RuleSet, overrides: Mapping[str, Any] | None = None
) -> dict:
    """Give the §17 report body (without simulateTenant) for the entries under the candidate rule set."""
    entries = list(entries)
    if not entries:
        return {"simulated": 0, "message": "No auto-routed requests found in this period"}
    cur_tiers, new_tiers, changes = [], [], []
    cur_cls = new_cls = bypasses = shifts = 0
    cur_cost = new_cost = 0.0
    for d in entries:
        tier, pre_routed = _propose(d, rs, overrides)
        cur_tiers.append(d.current_tier)
        new_tiers.append(tier)
        cur_cls, new_cls = cur_cls + (not d.pre_routed), new_cls + (not pre_routed)
        bypasses += (not d.pre_routed) and pre_routed
        cur_cost, new_cost = cur_cost + d.cost_usd, new_cost + _cost(d, tier)
        if tier != d.current_tier:
            shifts += 1
            changes.append({"requestId": d.request_id, "timestamp": d.timestamp, "inputTokens": d.input_tokens,
                            "currentTier": d.current_tier, "proposedTier": tier,
                            "signalSource": "full" if d.full else "partial", "domain": d.domain,
                            "routedModel": d.routed_model, "category": d.category})  # fmt: skip
    n, full = len(entries), sum(d.full for d in entries)
    return {
        "simulated": n, "dataQuality": "full" if full > n / 2 else "partial",
        "fullSignalRequests": full, "partialSignalRequests": n - full,
        "current": _side(cur_tiers, cur_cls, n, cur_cost), "proposed": _side(new_tiers, new_cls, n, new_cost),
        "diff": {"tierShifts": shifts, "costDelta": round(new_cost - cur_cost, 4), "classifierBypasses": bypasses,
                 "classifierBypassRate": f"{round(100 * bypasses / n)}%"},
        "changes": changes[:100],
    }  # fmt: skip
