"""Stages S0–S3: signals, the fim_only keep, the FIM fast path and rule-set pre-routing."""

from __future__ import annotations

from model_prism.routing.categories import infer_domain
from model_prism.routing.context import RoutingContext
from model_prism.routing.prerouting import apply_rule_set
from model_prism.routing.rulesets import PreRouting
from model_prism.routing.signals import extract_signals


def complexity_for(tokens: int, complex_above: int) -> str:
    """Give simple/medium/complex from the token estimate (complex above `complex_above`, medium above 2000)."""
    if tokens > complex_above:
        return "complex"
    return "medium" if tokens > 2000 else "simple"


def signals_stage(ctx: RoutingContext) -> RoutingContext:
    """S0: extract the request signals."""
    s = extract_signals(ctx.request, ctx.endpoint)
    note = {
        "totalTokens": s.total_tokens, "hasImages": s.has_images, "hasToolCalls": s.has_tool_calls,
        "conversationTurns": s.conversation_turns, "detectedDomains": list(s.detected_domains),
        "detectedLanguages": list(s.detected_languages), "isFimRequest": s.is_fim_request,
        "isToolAgentRequest": s.is_tool_agent_request, "isToolOutputContinuation": s.is_tool_output_continuation,
        "frustrationHint": s.frustration_hint,
    }  # fmt: skip
    if s.matched_fim_token:
        note["matchedFimToken"] = s.matched_fim_token
    return ctx.evolve("signals", note, None, signals=s)


def fim_only_stage(ctx: RoutingContext) -> RoutingContext:
    """S1: in fim_only mode a non-FIM request keeps the caller's model when it resolves."""
    opts, s = ctx.opts, ctx.signals
    if opts.strictness_mode != "fim_only" or not opts.user_selected_model or s.is_fim_request:
        return ctx
    model = ctx.env.visible_model(opts.user_selected_model)
    if model is None:
        return ctx.evolve("fim_only", {"userModel": opts.user_selected_model, "kept": False}, False)
    tier = model.tier or "medium"
    return ctx.evolve(
        "fim_only",
        {"userModel": model.id, "kept": True, "fim": False},
        True,
        category=None, confidence=1.0, complexity=complexity_for(s.total_tokens, 8000), cost_tier=tier,
        domain=infer_domain(s), reason="strictness_fim_only_keep_user_model", pre_routed=True,
        decided_by="strictness", labels=ctx.with_label("strictness_fim_only"), model_id=model.id,
        provider_id=model.provider_id, selection_method="strictness_keep_user", done=True,
        tier_progression=((("final", tier),)),
    )  # fmt: skip


def fim_stage(ctx: RoutingContext) -> RoutingContext:
    """S2: FIM / autocomplete requests pre-route to micro coding_autocomplete without the rule set."""
    if not ctx.signals.is_fim_request:
        return ctx.evolve("fast_path", {"fim": False}, False)
    pre = PreRouting(
        tier="micro", category="coding_autocomplete", domain="tech", confidence=0.99,
        source="fim_detection", pre_routed=True,
    )  # fmt: skip
    note = {**pre.as_trace(), "fim": True, "matchedFimToken": ctx.signals.matched_fim_token}
    return ctx.evolve("fast_path", note, True, pre=pre)


def rule_set_stage(ctx: RoutingContext) -> RoutingContext:
    """S3: apply the tenant's rule set (§4.2 chooses it; the gateway passes it in the environment)."""
    if ctx.signals.is_fim_request:
        return ctx
    rs = ctx.env.rule_set
    if rs is None:
        return ctx.evolve("rule_set", {"message": "No rule set found"}, False, pre=PreRouting())
    pre = apply_rule_set(ctx.signals, rs)
    return ctx.evolve("rule_set", {"ruleSetName": rs.name, **pre.as_trace()}, pre.confidence > 0, pre=pre)
