"""Stages S4–S5: local classifier, the classifier decision and the resulting classification."""

from __future__ import annotations

from dataclasses import replace

from model_prism.routing import classifier as llm
from model_prism.routing.categories import infer_domain
from model_prism.routing.context import ClassifierUsage, RoutingContext
from model_prism.routing.errors import RoutingUnavailable
from model_prism.routing.ports import LocalVerdict
from model_prism.routing.rulesets import PreRouting
from model_prism.routing.stages_intake import complexity_for
from model_prism.routing.tiers import tier_max, tier_min

_CATEGORY_DOMAIN = {"legal_analysis": "legal", "medical_analysis": "medical", "financial_analysis": "finance"}


def local_stage(ctx: RoutingContext) -> RoutingContext:
    """[DD] Run the local classifier (no network, no LLM) unless FIM or switched off."""
    if ctx.done or ctx.signals.is_fim_request:
        return ctx
    port = ctx.env.local_classifier
    if port is None or not ctx.env.settings.local_classifier:
        status = "disabled" if port is not None else "not configured"
        return ctx.evolve("local_classifier", {"status": status}, False, local_status=status)
    verdict = port.classify(ctx.signals, ctx.env.categories)
    if verdict is None:
        return ctx.evolve("local_classifier", {"status": "no opinion"}, False, local_status="no_opinion")
    note = {"status": "ok", "category": verdict.category, "confidence": verdict.confidence,
            "method": verdict.method, "top": [list(t) for t in verdict.top], **dict(verdict.notes)}  # fmt: skip
    return ctx.evolve("local_classifier", note, True, local=verdict, local_status=verdict.method)


def _threshold(ctx: RoutingContext) -> float:
    return ctx.env.rule_set.confidence_threshold if ctx.env.rule_set else 0.65


def reconcile(local: LocalVerdict | None, pre: PreRouting) -> LocalVerdict | None:
    """[DD] Give the local verdict combined with a rule's category: agreement raises the confidence,
    a near tie (within 1.5 points) goes to a system-prompt role's category."""
    if local is None or not pre.category or pre.pre_routed:
        return local
    if local.category == pre.category:
        conf = min(0.95, max(local.confidence, pre.confidence) + 0.15)
        return replace(local, confidence=round(conf, 4), method=f"{local.method}+rule")
    scores = dict(local.top)
    role = (pre.source or "").startswith("system_prompt_role:")  # keyword evidence is already in the cues
    if role and local.top and pre.category in scores and scores[pre.category] >= local.top[0][1] - 1.5:
        conf = max(local.confidence, pre.confidence)
        return replace(local, category=pre.category, confidence=conf, method=f"{local.method}+rule_tiebreak")
    return local


def _local_beats_rules(local: LocalVerdict | None, pre: PreRouting) -> bool:
    if local is None or pre.pre_routed:
        return False
    return local.confidence > (pre.confidence if pre.category else 0.0)


def decide_stage(ctx: RoutingContext) -> RoutingContext:
    """S4 + S5: use pre-routing, the local verdict or the LLM classifier (only below the threshold)."""
    if ctx.done:
        return ctx
    pre = ctx.pre or PreRouting()
    thr = _threshold(ctx)
    configured = ctx.env.settings.classifier_configured and ctx.env.llm_classifier is not None
    local = reconcile(ctx.local, pre)
    if local is not ctx.local:
        ctx = ctx.evolve("local_classifier", {"status": "reconciled", "category": local.category,
                                              "confidence": local.confidence, "method": local.method}, True,
                         local=local)  # fmt: skip
    local_wins = _local_beats_rules(ctx.local, pre)
    if pre.pre_routed:
        why = f"Pre-routed with confidence {pre.confidence:.2f} >= threshold"
        return _from_pre(ctx.evolve("classifier_decision", {"decision": "skipped", "reason": why}), pre)
    if local_wins and ctx.local and ctx.local.confidence >= thr:
        why = f"Local classifier confident ({ctx.local.confidence:.2f} >= {thr:.2f})"
        return _from_local(
            ctx.evolve("classifier_decision", {"decision": "skipped", "reason": why}), ctx.local
        )
    if configured and (not ctx.opts.dry_run or ctx.opts.use_classifier):
        reason = (
            "useClassifier=true, classifier configured" if ctx.opts.dry_run else "Confidence below threshold"
        )
        return _from_llm(ctx.evolve("classifier_decision", {"decision": "calling", "reason": reason}), pre)
    reason = "Dry-run mode (useClassifier=false)" if configured else "Classifier not configured"
    ctx = ctx.evolve(
        "classifier_decision", {"decision": "dry-run" if configured else "skipped", "reason": reason}
    )
    if local_wins and ctx.local:
        return _from_local(ctx, ctx.local)
    if pre.confidence > 0 or pre.tier:
        return _from_pre(ctx, pre)
    if configured:  # dry run without any pre-routing result: the token fallback (§15)
        return _apply_decision(ctx, llm.token_fallback(ctx.signals, "dry-run"), pre)
    raise RoutingUnavailable("no pre-routing result and no classifier configured")


def _from_pre(ctx: RoutingContext, pre: PreRouting) -> RoutingContext:
    s, cats = ctx.signals, ctx.env.categories
    category = pre.category or cats.infer_from_tier(pre.tier, pre.domain)
    tier = pre.tier or "medium"
    cat = cats.get(pre.category)
    if cat and not pre.pre_routed:
        # [DD] a rule named the category but was not sure enough to bypass the classifier, and none ran:
        # the category's tier is the base, the rule's tier a floor and its tierMax a ceiling.
        tier = tier_max(tier_min(cat.cost_tier, pre.tier), pre.tier_max) or cat.cost_tier
    return ctx.evolve(
        "classifier_output", {"skipped": True, "source": pre.source}, True,
        category=category, confidence=pre.confidence, complexity=complexity_for(s.total_tokens, 15000),
        cost_tier=tier, domain=pre.domain or infer_domain(s), user_frustration_signal=s.frustration_hint,
        reason=f"Pre-routed via {pre.source}", pre_routed=True,
        decided_by="fim" if pre.source == "fim_detection" else "rules",
        tier_progression=ctx.progressed("preRouting", tier),
    )  # fmt: skip


def _from_local(ctx: RoutingContext, verdict: LocalVerdict) -> RoutingContext:
    s = ctx.signals
    cat = ctx.env.categories.get(verdict.category)
    tier = cat.cost_tier if cat else "medium"
    pre = ctx.pre or PreRouting()
    # [DD] substring domain hits ("nda" in "agenda") must not gate a category the classifier is sure of
    domain = _CATEGORY_DOMAIN.get(verdict.category) or ("tech" if s.detected_languages else "general")
    return ctx.evolve(
        "classifier_output", {"skipped": True, "source": f"local_classifier:{verdict.method}"}, True,
        category=verdict.category, confidence=verdict.confidence,
        complexity=complexity_for(s.total_tokens, 15000), cost_tier=tier, domain=domain,
        user_frustration_signal=s.frustration_hint, pre_routed=True, decided_by="local",
        reason=f"Local classifier ({verdict.method}): {verdict.category} ({verdict.confidence:.2f})",
        tier_progression=ctx.progressed("preRouting", pre.tier) + (("classifier", tier),),
    )  # fmt: skip


def _from_llm(ctx: RoutingContext, pre: PreRouting) -> RoutingContext:
    role = pre.role_name if pre.source and pre.source.startswith("system_prompt_role:") else None
    decision = llm.classify(ctx.env, ctx.signals, ctx.request, ctx.endpoint, role)
    return _apply_decision(ctx.evolve_called(), decision, pre)


def _apply_decision(ctx: RoutingContext, d: llm.ClassifierDecision, pre: PreRouting) -> RoutingContext:
    note = {"category": d.category, "confidence": d.confidence, "complexity": d.complexity, "costTier": d.cost_tier,
            "domain": d.domain, "language": d.language, "estimatedOutputLength": d.estimated_output_length,
            "recommendedModel": d.recommended_model, "reasoning": d.reason, "classifierModel": d.model,
            "inputTokens": d.input_tokens, "outputTokens": d.output_tokens, "routingCostUsd": d.cost_usd}  # fmt: skip
    if d.fallback:
        note = {"error": d.reason, **note}
    category = d.category
    if category is None and ctx.local is not None:
        category = ctx.local.category  # [DD] a token fallback keeps the local classifier's best guess
    return ctx.evolve(
        "classifier_output", note, True,
        category=category, confidence=d.confidence, complexity=d.complexity, cost_tier=d.cost_tier,
        domain=d.domain, language=d.language, estimated_output_length=d.estimated_output_length,
        user_frustration_signal=d.user_frustration_signal or (d.fallback and ctx.signals.frustration_hint),
        reason=d.reason, pre_routed=False, recommended_model=d.recommended_model,
        decided_by="token_fallback" if d.fallback else "llm",
        labels=ctx.with_label("classifier_fallback") if d.fallback else ctx.labels,
        classifier_usage=ClassifierUsage(d.model, d.input_tokens, d.output_tokens, d.cost_usd),
        tier_progression=ctx.progressed("preRouting", pre.tier) + (("classifier", d.cost_tier),),
    )  # fmt: skip
