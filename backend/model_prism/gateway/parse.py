"""Request validation: the body must be a JSON object of the endpoint's shape."""

from __future__ import annotations

import orjson

from ..errors import GatewayError
from .context import RequestContext, is_auto_model
from .tokens import estimate_messages

MAX_MESSAGES = 10_000
MAX_TOKENS_LIMIT = 2**31 - 1  # no model comes close; larger numbers cannot even be stored in MongoDB


def invalid(message: str, param: str | None = None, code: str = "invalid_request") -> GatewayError:
    return GatewayError(message, status=400, type="invalid_request_error", code=code, param=param)


def parse_body(raw: bytes) -> dict:
    """Give the JSON object in the raw body or raise the 400 the client needs."""
    try:
        body = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise invalid("Request body is not valid JSON", code="invalid_json") from None
    if not isinstance(body, dict):
        raise invalid("Request body must be a JSON object")
    return body


def validate_request(ctx: RequestContext) -> RequestContext:
    """Parse the body, check its shape for the endpoint and read model, stream and include_usage."""
    body = parse_body(ctx.raw_body)
    model = body.get("model")
    if model is not None and not isinstance(model, str):
        raise invalid("'model' must be a string", "model")
    if ctx.endpoint == "/chat/completions":
        messages = body.get("messages")
        if not isinstance(messages, list) or not messages:
            raise invalid("'messages' must be a non-empty array", "messages")
        if len(messages) > MAX_MESSAGES:
            raise invalid(f"'messages' has more than {MAX_MESSAGES} entries", "messages")
        for i, m in enumerate(messages):
            if not isinstance(m, dict) or not isinstance(m.get("role"), str):
                raise invalid(f"messages[{i}] must be an object with a string 'role'", f"messages[{i}]")
    elif ctx.endpoint == "/completions":
        prompt = body.get("prompt")
        if not isinstance(prompt, (str, list)):
            raise invalid("'prompt' must be a string or an array", "prompt")
    elif ctx.endpoint == "/embeddings":
        if not isinstance(body.get("input"), (str, list)) or not body.get("input"):
            raise invalid("'input' must be a non-empty string or array", "input")
    for name in ("max_tokens", "max_completion_tokens"):
        value = body.get(name)
        if value is not None and (
            not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_TOKENS_LIMIT
        ):
            raise invalid(f"'{name}' must be an integer between 1 and {MAX_TOKENS_LIMIT}", name)
    stream = body.get("stream", False)
    if not isinstance(stream, bool):
        raise invalid("'stream' must be a boolean", "stream")
    options = body.get("stream_options") or {}
    if not isinstance(options, dict):
        raise invalid("'stream_options' must be an object", "stream_options")
    requested = (model or "auto").strip() or "auto"
    messages = body.get("messages")
    return ctx.evolve(
        "validate",
        {"model": requested, "stream": stream},
        body=body,
        messages_tokens=(messages, estimate_messages(messages)) if isinstance(messages, list) else None,
        requested_model=requested,
        model_id=requested,
        is_auto=is_auto_model(requested),
        stream=stream,
        include_usage=bool(options.get("include_usage")),
    )
