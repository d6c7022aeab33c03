"""What a request is expected to use before it runs: input tokens (gateway §8.1) and cost."""

from __future__ import annotations

from ..analytics.costs import Usage
from ..gateway.accounting import served_model_cost  # the one cost rule of response, log and budget
from ..gateway.context import RequestContext
from ..gateway.tokens import estimate_string, message_text

DEFAULT_OUTPUT_TOKENS = 1024  # held for a request that does not say max_tokens


def input_tokens(ctx: RequestContext) -> int:
    """Give the estimated input tokens: the pipeline's estimate when set, else one from the body."""
    if ctx.estimated_input_tokens:
        return ctx.estimated_input_tokens
    body = ctx.body
    total = 0
    if isinstance(body.get("messages"), list):
        total += ctx.message_tokens(body["messages"])
    if body.get("system"):
        total += estimate_string(message_text(body["system"]))
    for field in ("prompt", "suffix", "input"):
        value = body.get(field)
        if isinstance(value, str):
            total += estimate_string(value)
        elif isinstance(value, list):
            total += sum(_item_tokens(v) for v in value)
    return total


def _item_tokens(item) -> int:
    """Give the tokens of one prompt/input item: a string, a token id, or a list of token ids."""
    if isinstance(item, str):
        return estimate_string(item)
    if isinstance(item, list):
        return len(item)
    return 1


def output_tokens(ctx: RequestContext, default: int = DEFAULT_OUTPUT_TOKENS) -> int:
    """Give the output tokens to hold: the (clamped) max_tokens when given, else `default`."""
    if ctx.endpoint == "/embeddings":
        return 0
    for field in ("max_tokens", "max_completion_tokens"):
        value = ctx.body.get(field)
        if isinstance(value, int) and value > 0:
            return value
    model = ctx.target.model if ctx.target else None
    return min(default, model.max_output) if model is not None and model.max_output else default


def request_cost(ctx: RequestContext, default_output: int = DEFAULT_OUTPUT_TOKENS) -> float:
    """Give the estimated USD cost of the request on its target (0 when no target or no price is known)."""
    if ctx.target is None or ctx.tenant is None:
        return 0.0
    return served_model_cost(ctx, Usage(input_tokens(ctx), output_tokens(ctx, default_output)))
