"""The LLM classifier chain, reply parsing and the token fallback (routing.md §6)."""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from typing import Any

from model_prism.routing import classifier_prompt as prompts
from model_prism.routing.categories import CategoryCatalog, infer_domain
from model_prism.routing.environment import RoutingEnvironment
from model_prism.routing.ports import ClassifierReply
from model_prism.routing.signals import Signals, request_messages
from model_prism.routing.tiers import is_tier

log = logging.getLogger(__name__)

_FENCED = re.compile(r"```(?:json)?\s*([\s\S]*?)```")
_OBJECT = re.compile(r"\{[\s\S]*\}")


@dataclass(frozen=True)
class ClassifierDecision:
    """A parsed classifier (or token-fallback) decision."""

    category: str | None
    confidence: float
    complexity: str
    cost_tier: str
    domain: str
    language: str = "en"
    estimated_output_length: str = "medium"
    has_image: bool = False
    conversation_turn: int = 0
    user_frustration_signal: bool = False
    recommended_model: str | None = None
    reason: str = ""
    model: str | None = None
    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: float = 0.0
    fallback: bool = False


def parse_reply(
    content: str, cats: CategoryCatalog, sig: Signals, available: frozenset[str]
) -> ClassifierDecision:
    """Give the decision in a classifier reply; raise ValueError when it holds no JSON object (§6.6)."""
    fenced = _FENCED.search(content)
    raw = fenced.group(1) if fenced else (m.group(0) if (m := _OBJECT.search(content)) else "")
    try:
        data: dict[str, Any] = json.loads(raw)
    except (json.JSONDecodeError, TypeError) as exc:
        raise ValueError("invalid_json") from exc
    if not isinstance(data, dict):
        raise ValueError("invalid_json")
    cat_key = str(data.get("category") or "smalltalk_simple")
    domain = str(data.get("domain") or infer_domain(sig))
    seeded = cats.get(cat_key)
    tier = data.get("cost_tier")
    if not is_tier(tier):
        tier = seeded.cost_tier if seeded else "medium"
    if seeded is None:
        cat_key = cats.infer_from_tier(tier, domain) or cat_key
    rec = data.get("recommended_model")
    return ClassifierDecision(
        category=cat_key,
        confidence=max(0.0, min(1.0, _float(data.get("confidence"), 0.5))),
        complexity=str(data.get("complexity") or "medium"),
        cost_tier=str(tier),
        domain=domain,
        language=str(data.get("language") or "en"),
        estimated_output_length=str(data.get("estimated_output_length") or "medium"),
        has_image=bool(data.get("has_image", sig.has_images)),
        conversation_turn=int(_float(data.get("conversation_turn"), sig.conversation_turns)),
        user_frustration_signal=bool(data.get("user_frustration_signal", False)),
        recommended_model=rec if isinstance(rec, str) and rec in available else None,
        reason=str(data.get("reasoning") or ""),
    )


def _float(value: Any, default: float) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return float(default)


def token_fallback(sig: Signals, error: str) -> ClassifierDecision:
    """Give the token-based last-resort decision (§6.7)."""
    t = sig.total_tokens
    tiers = ((50000, "high"), (15000, "advanced"), (8000, "medium"), (2000, "low"), (500, "minimal"))
    tier = next((name for limit, name in tiers if t >= limit), "micro")
    complexity = "complex" if t > 8000 else "medium" if t > 2000 else "simple"
    return ClassifierDecision(
        category=None, confidence=0.1, complexity=complexity, cost_tier=tier, domain=infer_domain(sig),
        conversation_turn=sig.conversation_turns, has_image=sig.has_images,
        reason=f"token_fallback ({error})", fallback=True,
    )  # fmt: skip


def classify(
    env: RoutingEnvironment, sig: Signals, body: dict[str, Any], endpoint: str, role: str | None
) -> ClassifierDecision:
    """Give the first successful decision of the classifier chain, else the token fallback."""
    port, rs = env.llm_classifier, env.rule_set
    if port is None or not env.settings.classifier_chain:
        return token_fallback(sig, "classifier_unavailable")
    strategy = rs.context_strategy if rs else "truncate"
    limit_cfg = rs.context_limit_tokens if rs else 0
    system = prompts.system_prompt(env.categories, env.models)
    available = frozenset(m.id for m in prompts.available_models(env.models))
    messages = request_messages(body, endpoint)
    error = "classifier_unavailable"
    for ref in env.settings.classifier_chain:
        try:
            limit = prompts.context_limit(port.context_window(ref), limit_cfg)
            user, extra = _user_message(port, ref, sig, messages, strategy, limit, role)
            reply = port.complete(ref, system, user, max_tokens=512)
            decision = parse_reply(reply.content, env.categories, sig, available)
        except ValueError as exc:
            error = str(exc)
            log.warning("classifier %s returned unparsable output", ref.model)
            continue
        except Exception as exc:  # noqa: BLE001 — any failure moves on to the next classifier
            error = type(exc).__name__
            log.warning("classifier %s failed: %s", ref.model, exc)
            continue
        return _with_usage(decision, ref.model, reply, extra)
    return token_fallback(sig, error)


def _user_message(port, ref, sig, messages, strategy, limit, role) -> tuple[str, ClassifierReply | None]:
    if strategy == "summary" and prompts.conversation_tokens(messages) > limit:
        convo = prompts.user_context(sig, messages, "truncate", limit, None)
        summary = port.complete(ref, prompts.SUMMARY_INSTRUCTION, convo, max_tokens=256)
        text = f"[Summary]: {summary.content.strip()}\n[CONTEXT_SIGNALS: {sig.metadata_summary}]"
        return text, summary
    return prompts.user_context(sig, messages, strategy, limit, role), None


def _with_usage(d: ClassifierDecision, model: str, reply: ClassifierReply, extra: ClassifierReply | None):
    from dataclasses import replace

    e = extra or ClassifierReply("")
    return replace(
        d,
        model=model,
        input_tokens=reply.input_tokens + e.input_tokens,
        output_tokens=reply.output_tokens + e.output_tokens,
        cost_usd=reply.cost_usd + e.cost_usd,
    )
