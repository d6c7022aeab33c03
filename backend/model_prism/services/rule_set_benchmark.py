"""Rule-set benchmark (routing §17): replay logged auto-routed requests through a rule set, no LLM call."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from bson import ObjectId

from ..auth.secrets import current_box
from ..errors import NotFound, ValidationFailed
from ..models import RequestLog, RoutingCategory, RoutingRuleSet, Tenant
from ..models.base import utcnow
from ..routing.overrides import _GATED_DOMAINS, _TURN_EXEMPT
from ..routing.prerouting import apply_rule_set
from ..routing.rulesets import PreRouting, RuleSet
from ..routing.settings import OverrideSettings
from ..routing.signals import Signals
from ..routing.tiers import COST_MULTIPLIER, TIERS, idx, tier_min, upgrade
from .jsonview import plain


def _signals(doc: dict) -> tuple[Signals, str]:
    """Give the signals of a logged request: stored ones ("full") or rebuilt from tokens and domain ("partial")."""
    rs, snap, box = doc.get("routingSignals") or {}, doc.get("promptSnapshot") or {}, current_box()
    text = box.open_or_marker(snap.get("lastUserMessage")) or ""
    system = box.open_or_marker(snap.get("systemPrompt")) or ""
    if rs.get("totalTokens") is not None:
        return Signals(total_tokens=int(rs["totalTokens"]), has_images=bool(rs.get("hasImages")),
                       has_tool_calls=bool(rs.get("hasToolCalls")), conversation_turns=int(rs.get("conversationTurns") or 0),
                       detected_domains=tuple(rs.get("detectedDomains") or ()),
                       detected_languages=tuple(rs.get("detectedLanguages") or ()), last_user_message=text,
                       intent_text=text, system_prompt_text=system), "full"  # fmt: skip
    domains = (doc["domain"],) if doc.get("domain") else ()
    return Signals(total_tokens=int(doc.get("inputTokens") or 0), detected_domains=domains, last_user_message=text,
                   intent_text=text, system_prompt_text=system), "partial"  # fmt: skip


def tenant_overrides(
    tier: str | None,
    pre: PreRouting,
    sig: Signals,
    category: str | None,
    o: OverrideSettings,
    vision_keys: frozenset[str],
) -> str | None:
    """Give the tier after the tenant's vision, confidence, domain-gate and turn overrides (§17 using §7's rules)."""
    if o.vision_upgrade and sig.has_images and category not in vision_keys:
        tier = "low" if idx(tier) < idx("low") else ("medium" if idx(tier) < idx("medium") else tier)
    if o.confidence_fallback and pre.confidence < o.confidence_threshold:
        tier = tier_min(tier, "medium")
    if o.domain_gate and pre.domain in _GATED_DOMAINS and idx(tier) < idx("medium"):
        tier = "medium"
    if (
        o.conversation_turn_upgrade
        and sig.conversation_turns >= o.conversation_turn_threshold
        and category not in _TURN_EXEMPT
    ):
        tier = upgrade(tier)
    return tier


def _mult(tier: str | None) -> float:
    return COST_MULTIPLIER.get(tier or "", 1.0)


def _side(dist: Counter, calls: int, n: int, cost: float) -> dict:
    return {"tierDistribution": {t: dist.get(t, 0) for t in TIERS},
            "classifierCallRate": round(calls / n, 4) if n else 0, "estimatedCost": round(cost, 4)}  # fmt: skip


def simulate(values: dict, tenant_ids) -> dict:
    """Give current vs proposed tier distribution, classifier call rate and estimated cost."""
    if not ObjectId.is_valid(str(values.get("ruleSetId") or "")):
        raise ValidationFailed("ruleSetId required")
    doc = RoutingRuleSet.objects(id=values["ruleSetId"]).first()
    if doc is None:
        raise NotFound("Rule set not found")
    rule_set = RuleSet.from_dict(doc.to_mongo().to_dict())
    days, limit = max(1, int(values.get("days") or 30)), max(1, min(2000, int(values.get("limit") or 500)))
    query: dict = {"isAutoRouted": True, "timestamp": {"$gte": utcnow() - timedelta(days=days)}}
    if values.get("tenantId"):
        query["tenantId"] = ObjectId(values["tenantId"]) if ObjectId.is_valid(values["tenantId"]) else None
    if tenant_ids is not None:
        query.setdefault("tenantId", {"$in": tenant_ids})
    rows = list(RequestLog._get_collection().find(query).sort("timestamp", -1).limit(limit))
    if not rows:
        return {"simulated": 0, "message": "No auto-routed requests found in this period"}
    sim = Tenant.objects(id=values["simulateTenantId"]).first() if ObjectId.is_valid(
        str(values.get("simulateTenantId") or "")) else None  # fmt: skip
    overrides = OverrideSettings.from_dict((sim.routing or {}).get("overrides")) if sim else None
    vision_keys = frozenset(c.key for c in RoutingCategory.objects(requiresVision=True).only("key"))
    cur, new, quality = Counter(), Counter(), Counter()
    cur_calls = new_calls = shifts = 0
    cur_cost = new_cost = 0.0
    changes = []
    for row in rows:
        sig, q = _signals(row)
        quality[q] += 1
        pre = apply_rule_set(sig, rule_set)
        current = row.get("costTier")
        proposed = pre.tier or current
        if overrides is not None:
            category = pre.category or row.get("category")
            proposed = tenant_overrides(proposed, pre, sig, category, overrides, vision_keys)
        cur[current] += 1
        new[proposed] += 1
        cur_calls += not (row.get("routingSignals") or {}).get("preRouted", False)
        new_calls += not pre.pre_routed
        cost = row.get("actualCostUsd") or 0.0
        cur_cost += cost
        new_cost += cost * _mult(proposed) / _mult(current)
        if proposed != current:
            shifts += 1
            if len(changes) < 100:
                changes.append(plain({"requestId": row["_id"], "timestamp": row.get("timestamp"),
                                      "inputTokens": row.get("inputTokens"), "currentTier": current,
                                      "proposedTier": proposed, "signalSource": q, "domain": pre.domain,
                                      "routedModel": row.get("routedModel"), "category": row.get("category")}))  # fmt: skip
    n = len(rows)
    return {
        "simulated": n, "dataQuality": "full" if quality["full"] > n / 2 else "partial",
        "simulateTenant": {"id": str(sim.id), "name": sim.name} if sim else None,
        "fullSignalRequests": quality["full"], "partialSignalRequests": quality["partial"],
        "current": _side(cur, cur_calls, n, cur_cost), "proposed": _side(new, new_calls, n, new_cost),
        "diff": {"tierShifts": shifts, "costDelta": round(new_cost - cur_cost, 4),
                 "classifierBypasses": max(0, cur_calls - new_calls),
                 "classifierBypassRate": f"{round(100 * max(0, cur_calls - new_calls) / n)}%"},
        "changes": changes,
    }  # fmt: skip
