"""Test Route: the production routing pipeline in dry-run mode for a prompt, as one tenant would be routed."""

from __future__ import annotations

from ..errors import NotFound, ValidationFailed
from ..gateway.routing_env import RoutingEnvironments
from ..routing import RouteOptions, RoutingResult, RoutingUnavailable, decide_force_route, route_request

ENDPOINT = "/chat/completions"


def environments_for(state) -> RoutingEnvironments:
    """Give the gateway's own routing environments (same classifiers, same caches): dry runs predict production."""
    return state.gateway.environments


def _messages(prompt: str, system_prompt: str | None, images: list | None) -> list[dict]:
    content: str | list = prompt
    if images:
        content = [{"type": "text", "text": prompt}] + [
            {"type": "image_url", "image_url": {"url": u}} for u in images
        ]
    messages = [{"role": "system", "content": system_prompt}] if system_prompt else []
    return messages + [{"role": "user", "content": content}]


def tenant_view(state, tenant_id: str):
    """Give the tenant as the gateway's snapshot holds it (404 when unknown)."""
    tenant = state.holder.current().tenants_by_id.get(str(tenant_id or ""))
    if tenant is None:
        raise NotFound("Tenant not found")
    return tenant


def decide(state, tenant, prompt: str, system_prompt: str | None = None, *, use_classifier: bool = False,
           requested_model: str | None = None, images: list | None = None) -> RoutingResult:  # fmt: skip
    """Give the dry-run routing decision of one prompt for one tenant (the classifier only when asked)."""
    snapshot = state.holder.current()
    body = {"model": requested_model or "auto-prism", "messages": _messages(prompt, system_prompt, images)}
    opts = RouteOptions(dry_run=True, use_classifier=use_classifier)
    if requested_model:
        routing = tenant.routing
        mode = routing.get("forceAutoRouteMode") or "off"
        decision = decide_force_route(body, requested_model, mode, routing.get("forceRouteOptOutToken") or "")
        body = decision.body
        opts = RouteOptions(dry_run=True, use_classifier=use_classifier, strictness_mode=decision.strictness_mode,
                            user_selected_model=decision.user_selected_model, force_route_mode=mode)  # fmt: skip
    env = environments_for(state).for_tenant(snapshot, tenant)
    try:
        return route_request(body, ENDPOINT, env, opts)
    except RoutingUnavailable as exc:
        raise ValidationFailed(f"No routing decision possible: {exc}") from None


def run(state, *, tenant_id: str, prompt: str, system_prompt: str | None = None, use_classifier: bool = False,
        requested_model: str | None = None, images: list | None = None) -> dict:  # fmt: skip
    """Give {trace, summary} of the dry-run decision for the Test Route page."""
    if not prompt:
        raise ValidationFailed("prompt required")
    result = decide(state, tenant_view(state, tenant_id), prompt, system_prompt, use_classifier=use_classifier,
                    requested_model=requested_model, images=images)  # fmt: skip
    return {"trace": result.trace_dicts(), "summary": result.test_route_summary()}


def evaluate_set(state, *, tenant_id: str | None, jsonl: str | None, use_classifier: bool = False) -> dict:
    """Give the routing-eval report (the CLI's numbers) for a labelled JSONL set, routed as the tenant would be
    (its rule set, models and classifiers); without a tenant, on the registry catalogue like the CLI."""
    from ..routing import evaluation, seeds
    from ..routing.eval_env import default_eval_environment
    from ..routing.eval_report import format_report, summary

    text = jsonl if jsonl and jsonl.strip() else seeds.read_text("starter_eval.jsonl")
    try:
        items = evaluation.load_items(text.splitlines())
    except (ValueError, KeyError, TypeError) as exc:
        raise ValidationFailed(f"Not a routing-eval JSONL set: {exc}") from None
    if not items:
        raise ValidationFailed("The set has no requests")
    if len(items) > 5000:
        raise ValidationFailed("At most 5000 requests per evaluation")
    if tenant_id:
        env = environments_for(state).for_tenant(state.holder.current(), tenant_view(state, tenant_id))
    else:
        env = default_eval_environment()
    report = evaluation.evaluate(items, env, use_classifier=use_classifier)
    return {"summary": summary(report), "confusions": report.confusions(), "report": format_report(report)}
