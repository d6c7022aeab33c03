"""LLM helpers of the synthetic test suites: generating test cases and evaluating a run (routing §16)."""

from __future__ import annotations

import re

import orjson
from bson import ObjectId

from ..auth.secrets import current_box
from ..errors import NotFound, PrismError, ProviderError, ValidationFailed
from ..models import Provider, RoutingCategory, Tenant, TestRun
from ..providers.base import adapter_for
from ..snapshot.build import provider_config
from . import synthetic_tests
from .jsonview import document

FENCE = re.compile(r"^```(?:json)?\s*|\s*```$", re.MULTILINE)


def _model_ref(tenant_id: str, provider_id: str | None, model_id: str | None) -> tuple[Provider, str]:
    """Give the generator model: the given provider/model, else the tenant's classifier (400 if neither)."""
    if not ObjectId.is_valid(str(tenant_id or "")):
        raise ValidationFailed("tenantId required")
    tenant = Tenant.objects(id=tenant_id).first()
    if tenant is None:
        raise NotFound("Tenant not found")
    routing = tenant.routing or {}
    pid, model = (provider_id, model_id) if provider_id and model_id else (
        routing.get("classifierProvider"), routing.get("classifierModel"))  # fmt: skip
    provider = Provider.objects(id=pid).first() if pid and ObjectId.is_valid(str(pid)) else None
    if provider is None or not model:
        raise ValidationFailed(
            "No generator model: pass providerId and modelId or configure the tenant's classifier"
        )
    return provider, model


def _ask(provider: Provider, model: str, prompt: str, temperature: float, max_tokens: int, transport) -> str:
    adapter = adapter_for(provider_config(provider, current_box()), transport)
    try:
        answer = adapter.chat({"model": model, "messages": [{"role": "user", "content": prompt}],
                               "temperature": temperature, "max_tokens": max_tokens, "stream": False})  # fmt: skip
    except ProviderError as exc:
        raise ProviderError(exc.message, status=502) from None
    return FENCE.sub("", (answer["choices"][0]["message"].get("content") or "").strip())


def _category_lines(focus: str) -> str:
    keys = [k.strip() for k in (focus or "").split(",") if k.strip()]
    rows = RoutingCategory.objects(key__in=keys) if keys else RoutingCategory.objects.order_by("order")
    return "\n".join(f"- {c.key} [{c.costTier}]: {c.description or c.name}" for c in rows)


def generate(suite_id: str, values: dict, transport) -> dict:
    suite = synthetic_tests.get(suite_id)
    provider, model = _model_ref(values.get("tenantId"), values.get("providerId"), values.get("modelId"))
    count = max(1, min(50, int(values.get("count") or 10)))
    prompt = (
        f"Write exactly {count} realistic prompts that users send to an AI assistant, to test a model router. "
        "Vary complexity and include edge cases (security words inside code, multi-domain requests). Use these "
        f"categories with their default tiers:\n{_category_lines(values.get('category') or suite.category)}\n"
        "Answer only with a JSON array of objects {prompt, systemPrompt (or null), expectedCategory, "
        "expectedTierMin, expectedTierMax (or null), tags (array)}; expected tiers match the category's tier. "
        "No markdown."
    )
    parsed = orjson.loads(_ask(provider, model, prompt, 0.7, 4000, transport) or "null")
    if not isinstance(parsed, list):
        raise PrismError("LLM did not return an array", status=500)
    cases = synthetic_tests._cases([c for c in parsed if isinstance(c, dict) and c.get("prompt")])
    suite.testCases = list(suite.testCases) + cases
    suite.save()
    return {"generated": len(cases), "total": len(suite.testCases), "suite": synthetic_tests.view(suite)}


def evaluate(run_id: str, values: dict, transport) -> dict:
    if not ObjectId.is_valid(str(run_id)):
        raise ValidationFailed("Invalid id")
    run = TestRun.objects(id=run_id).first()
    if run is None:
        raise NotFound("Test run not found")
    provider, model = _model_ref(values.get("tenantId"), values.get("providerId"), values.get("modelId"))
    lines = [f"- {r['prompt']} → tier {r['finalTier']}, category {r['category']}, confidence {r['confidence']}, "
             f"model {r['finalModel']}{'' if r['tierMatch'] and r['categoryMatch'] else '  [MISMATCH]'}"
             for r in run.results]  # fmt: skip
    prompt = (
        f"Evaluate this routing test run. Summary: {orjson.dumps(run.summary).decode()}\nResults:\n"
        + "\n".join(lines)
        + '\nAnswer only with JSON {"score": 0-100, "analysis": "2-3 paragraphs", "qualitySuggestions": [..], '
        '"costSuggestions": [..]}.'
    )
    try:
        verdict = orjson.loads(_ask(provider, model, prompt, 0.3, 2000, transport))
    except (orjson.JSONDecodeError, ProviderError) as exc:
        raise PrismError(f"Evaluation failed: {getattr(exc, 'message', exc)}", status=500) from None
    run.evaluation = {"model": model, "analysis": verdict.get("analysis", ""), "score": verdict.get("score"),
                      "qualitySuggestions": verdict.get("qualitySuggestions", []),
                      "costSuggestions": verdict.get("costSuggestions", [])}  # fmt: skip
    run.save()
    return document(run)
