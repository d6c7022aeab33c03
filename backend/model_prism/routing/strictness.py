"""Force-route strictness (routing.md §9): the gateway-side decision and the S11 smart keep stage."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any

from model_prism.routing.context import RoutingContext
from model_prism.routing.signals import excluded_turn
from model_prism.routing.text import content_text
from model_prism.routing.tiers import idx

AUTO_MODELS = frozenset({"auto", "auto-prism", "model-prism/auto"})


@dataclass(frozen=True)
class ForceRouteDecision:
    """What the gateway does with a request under the tenant's force-route mode (§9.1, §9.2)."""

    mode: str
    route: bool  # run the router at all
    strictness_mode: str | None  # passed to RouteOptions (fim_only / smart)
    user_selected_model: str | None  # passed to RouteOptions
    opted_out: bool
    body: dict[str, Any]  # the request with the opt-out token removed

    @property
    def labels(self) -> tuple[str, ...]:
        """Give the override label the opt-out adds to the request log."""
        return ("force_route_opt_out",) if self.opted_out else ()


def _last_genuine_user(messages: list[Any]) -> int | None:
    for i in range(len(messages) - 1, -1, -1):
        m = messages[i]
        if (
            isinstance(m, dict)
            and m.get("role") == "user"
            and not excluded_turn(content_text(m.get("content")))
        ):
            return i
    return None


def _strip(text: str, token: str) -> str:
    stripped = re.sub(r"\s*" + re.escape(token) + r"|" + re.escape(token) + r"\s*", "", text, count=1)
    return stripped if stripped.strip() else "."


def strip_opt_out(body: dict[str, Any], token: str) -> tuple[dict[str, Any], bool]:
    """Give (body without the token, found): only the last genuine user message is searched."""
    messages = body.get("messages")
    if not token or not isinstance(messages, list):
        return body, False
    i = _last_genuine_user(messages)
    if i is None or token not in content_text(messages[i].get("content")):
        return body, False
    new = copy.deepcopy(body)
    content = new["messages"][i].get("content")
    if isinstance(content, str):
        new["messages"][i]["content"] = _strip(content, token)
    elif isinstance(content, list):
        for part in content:
            if isinstance(part, dict) and part.get("type") == "text" and token in str(part.get("text", "")):
                part["text"] = _strip(str(part["text"]), token)
    return new, True


def decide_force_route(
    body: dict[str, Any], requested_model: str | None, mode: str, token: str
) -> ForceRouteDecision:
    """Give the force-route decision for a request (pure; the gateway acts on it)."""
    new_body, found = strip_opt_out(body, token)
    is_auto = not requested_model or requested_model in AUTO_MODELS
    if is_auto:
        return ForceRouteDecision(mode, True, None, None, False, new_body)
    if mode == "off" or found:
        return ForceRouteDecision(mode, False, None, None, found and mode != "off", new_body)
    strict = mode if mode in ("fim_only", "smart") else None
    return ForceRouteDecision(mode, True, strict, requested_model if strict else None, False, new_body)


def tier_cap_exceeded(routed_tier: str | None, requested_tier: str | None) -> bool:
    """Give True when the routed model is more expensive than the model the caller asked for (§9.1)."""
    return idx(requested_tier) >= 0 and idx(routed_tier) > idx(requested_tier)


def smart_strictness_stage(ctx: RoutingContext) -> RoutingContext:
    """S11: in smart mode keep the caller's model for substantial categories when it is available and fits."""
    opts, s = ctx.opts, ctx.signals
    if ctx.done or opts.strictness_mode != "smart" or not opts.user_selected_model or s.is_fim_request:
        return ctx
    substantial = ctx.env.categories.is_substantial(ctx.category)
    model = ctx.env.visible_model(opts.user_selected_model)
    kept = substantial and model is not None and model.fits(s.total_tokens)
    note = {
        "category": ctx.category,
        "substantial": substantial,
        "userModel": opts.user_selected_model,
        "kept": kept,
    }
    if not kept or model is None:
        return ctx.evolve("smart_strictness", note, False)
    return ctx.evolve(
        "smart_strictness", note, True,
        model_id=model.id, provider_id=model.provider_id, selection_method="strictness_smart_keep_user",
        labels=ctx.with_label("strictness_smart"), cost_tier=model.tier or ctx.cost_tier, done=True,
    )  # fmt: skip
