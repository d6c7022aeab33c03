"""Prompt Analyses (analytics §7): settings, candidate selection, LLM scoring in the background, results."""

from __future__ import annotations

import logging
import math
import re
import threading
import time
from dataclasses import dataclass, field

import orjson
from bson import ObjectId

from ..analytics.snapshots import _TOOLISH
from ..auth.secrets import current_box
from ..errors import NotFound, ProviderError, ValidationFailed
from ..models import Provider, RequestLog, Tenant
from ..models.base import utcnow
from ..providers.base import ProviderConfig, adapter_for
from ..snapshot.build import provider_config
from . import audit, system_config
from .jsonview import plain

log = logging.getLogger(__name__)
SETTINGS_KEY, RESULTS_KEY = "prompt_engineer_pros", "prompt_engineer_pros_results"
MASK = "••••••••"
DEFAULTS = {"enabled": False, "publicEndpoint": False, "providerId": None, "apiBase": "https://api.openai.com/v1",
            "apiKey": "", "model": "gpt-4o-mini", "maxPrompts": 100, "maxPublicResults": 100, "minPromptLength": 20,
            "ignoredCategories": [], "autoAnalyze": False, "autoAnalyzeHour": 2}  # fmt: skip
DIMENSIONS = ("specificity", "context", "outputDefinition", "modelFit", "tokenEfficiency")
RATE_LIMITED = re.compile(r"too many connections|rate limit|throttl|429|ServiceUnavailable", re.I)
PROMPT = (
    "You review prompts sent to an LLM gateway. Score the prompt 0-100 on specificity, context, outputDefinition, "
    'modelFit and tokenEfficiency, given its runtime context. Answer only with JSON: {"specificity":n,'
    '"context":n,"outputDefinition":n,"modelFit":n,"tokenEfficiency":n,"issues":[up to 3 short strings],'
    '"suggestions":[up to 3 short strings]}.\n\nContext: input %(k)sk tokens, model %(model)s, cost $%(cost).5f, '
    "category %(category)s.\n\nPrompt:\n%(prompt)s"
)


@dataclass
class Progress:
    running: bool = False
    total: int = 0
    done: int = 0
    failed: int = 0
    skipped: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def view(self) -> dict:
        return {"running": self.running, "total": self.total, "done": self.done, "failed": self.failed,
                "skipped": self.skipped}  # fmt: skip


PROGRESS = Progress()


def settings(*, masked: bool = True) -> dict:
    out = {**DEFAULTS, **(system_config.read(SETTINGS_KEY, {}) or {})}
    if masked:
        out["apiKey"] = MASK if out.get("apiKey") else ""
    return out


def save_settings(values: dict, *, actor: str) -> dict:
    before = settings()
    stored = {**DEFAULTS, **(system_config.read(SETTINGS_KEY, {}) or {})}
    for key in DEFAULTS:
        if key in values and values[key] is not None:
            stored[key] = values[key]
    if values.get("apiKey") and values["apiKey"] != MASK:
        stored["apiKey"] = current_box().seal(values["apiKey"])
    elif "apiKey" in values:
        stored["apiKey"] = (system_config.read(SETTINGS_KEY, {}) or {}).get("apiKey", "")
    stored["maxPrompts"] = max(0, min(2000, int(stored["maxPrompts"] or 0)))
    stored["maxPublicResults"] = max(1, min(200, int(stored["maxPublicResults"] or 100)))
    system_config.write(SETTINGS_KEY, stored)
    after = settings()
    audit.record_update(actor, "settings", SETTINGS_KEY, "Prompt Analyses", before, after)
    return after


def _results() -> dict | None:
    return system_config.read(RESULTS_KEY, None)


def _eligible(text: str, min_length: int) -> bool:
    text = (text or "")[:1000]
    return (len(text.strip()) >= min_length and "<system-reminder>" not in text
            and not _TOOLISH.match(text.lstrip()) and max((len(x) for x in text.splitlines()), default=0) <= 500)  # fmt: skip


def candidates(reset: bool) -> list[dict]:
    """Give the request logs to analyse: human prompts, most expensive first, one per agent/category/model."""
    conf = settings()
    done = set() if reset else {r["requestId"] for r in (_results() or {}).get("results", [])}
    limit = conf["maxPrompts"] or 2000
    query = {"status": "success", "promptSnapshot.lastUserMessage": {"$nin": [None, ""]},
             "routingSignals.isFimRequest": {"$ne": True}, "routingSignals.isToolOutputContinuation": {"$ne": True},
             "category": {"$nin": list(conf["ignoredCategories"] or [])}}  # fmt: skip
    rows = RequestLog._get_collection().find(query).sort("actualCostUsd", -1).limit(min(5000, 3 * limit))
    seen, out = set(), []
    for row in rows:
        if str(row["_id"]) in done:
            continue
        key = (row.get("systemPromptHash"), row.get("category"), row.get("routedModel"))
        if row.get("systemPromptHash") and key in seen:
            continue
        seen.add(key)
        out.append(row)
        if len(out) >= limit:
            break
    return out


def preview(reset: bool) -> dict:
    conf, found = settings(), candidates(reset)
    total = RequestLog._get_collection().count_documents(
        {"promptSnapshot.lastUserMessage": {"$nin": [None, ""]}}
    )
    return {"count": len(found), "total": total, "alreadyAnalyzed": len((_results() or {}).get("results", [])),
            "model": conf["model"], "estimatedInputTokens": 400 * len(found),
            "estimatedOutputTokens": 450 * len(found), "estimatedCost": None}  # fmt: skip


def _adapter(conf: dict, transport):
    if conf.get("providerId"):
        if not ObjectId.is_valid(str(conf["providerId"])):
            raise ValidationFailed("The analysis provider id is not valid")
        provider = Provider.objects(id=conf["providerId"]).first()
        if provider is None:
            raise ValidationFailed("The analysis provider does not exist")
        return adapter_for(provider_config(provider, current_box()), transport)
    key = current_box().open(conf.get("apiKey") or "")
    if not key:
        raise ValidationFailed("Choose a provider or set an API key for Prompt Analyses")
    base = (conf.get("apiBase") or "").rstrip("/").removesuffix("/v1")
    return adapter_for(ProviderConfig(id="prompt-analyses", slug="prompt-analyses", name="Prompt Analyses",
                                      type="openai", base_url=base, api_key=key), transport)  # fmt: skip


def _score(adapter, model: str, row: dict, text: str) -> dict:
    prompt = PROMPT % {
        "k": round((row.get("inputTokens") or 0) / 1000, 1),
        "model": row.get("routedModel"),
        "cost": row.get("actualCostUsd") or 0,
        "category": row.get("category"),
        "prompt": text[:1000],
    }
    for attempt in range(3):
        try:
            answer = adapter.chat({"model": model, "messages": [{"role": "user", "content": prompt}],
                                   "max_tokens": 450, "temperature": 0.1, "stream": False})  # fmt: skip
            break
        except ProviderError as exc:
            if attempt == 2 or not RATE_LIMITED.search(exc.message):
                raise
            time.sleep(min(5.0, 0.2 * 2 ** (attempt + 1)))
    content = answer["choices"][0]["message"]["content"] or ""
    scores = orjson.loads(content[content.find("{") : content.rfind("}") + 1])
    out = {d: int(scores.get(d, 50)) for d in DIMENSIONS}
    out["overall"] = round(sum(out.values()) / len(DIMENSIONS))
    out["issues"] = [str(i)[:80] for i in scores.get("issues", [])[:3]]
    out["suggestions"] = [str(s)[:80] for s in scores.get("suggestions", [])[:3]]
    return out


def _work(rows: list[dict], adapter, conf: dict, reset: bool) -> None:
    box, slugs = current_box(), {t.id: t.slug for t in Tenant.objects.only("id", "slug")}
    results = []
    for row in rows:
        text = box.open_or_marker(row["promptSnapshot"]["lastUserMessage"]) or ""
        if not _eligible(text, conf["minPromptLength"]):
            PROGRESS.skipped += 1
            continue
        try:
            scored = _score(adapter, conf["model"], row, text)
        except Exception as exc:  # noqa: BLE001 - one bad answer must not stop the run
            log.warning("prompt analysis failed for one request: %s", type(exc).__name__)
            PROGRESS.failed += 1
            continue
        results.append(plain({"requestId": str(row["_id"]), "timestamp": row.get("timestamp"),
                              "tenant": slugs.get(row["tenantId"]), "routedModel": row.get("routedModel"),
                              "category": row.get("category"), "inputTokens": row.get("inputTokens"),
                              "outputTokens": row.get("outputTokens"), "costUsd": row.get("actualCostUsd"),
                              "promptExcerpt": text[:200], **scored}))  # fmt: skip
        PROGRESS.done += 1
    _store(results, conf, reset)


def _store(new: list[dict], conf: dict, reset: bool) -> None:
    previous = [] if reset else (_results() or {}).get("results", [])
    merged = sorted({r["requestId"]: r for r in previous + new}.values(), key=lambda r: r["overall"])
    system_config.write(RESULTS_KEY, plain({"createdAt": utcnow(), "model": conf["model"], "analyzed": len(merged),
                                            "analyzedThisRun": len(new), "failed": PROGRESS.failed,
                                            "skipped": PROGRESS.skipped, "results": merged}))  # fmt: skip


def start(reset: bool, transport, *, wait: bool = False) -> dict:
    """Start the analysis in a background thread; give {status, total}."""
    conf = settings(masked=False)
    if not conf["enabled"]:
        raise ValidationFailed("Prompt Analyses is disabled")
    adapter = _adapter(conf, transport)
    rows = candidates(reset)
    if not rows:
        raise ValidationFailed("No prompts to analyse")
    with PROGRESS.lock:
        if PROGRESS.running:
            raise ValidationFailed("An analysis is already running")
        PROGRESS.running, PROGRESS.total, PROGRESS.done, PROGRESS.failed, PROGRESS.skipped = (
            True,
            len(rows),
            0,
            0,
            0,
        )

    def run():
        try:
            _work(rows, adapter, conf, reset)
        finally:
            PROGRESS.running = False

    thread = threading.Thread(target=run, name="prompt-analyses", daemon=True)
    thread.start()
    if wait:
        thread.join()
    return {"status": "started", "total": len(rows)}


def results_page(page: int, limit: int) -> dict | None:
    stored = _results()
    if not stored:
        return None
    rows, limit = stored.get("results", []), max(1, min(200, limit))
    return {**stored, "results": rows[(page - 1) * limit : page * limit], "total": len(rows), "page": page,
            "pages": math.ceil(len(rows) / limit) if rows else 0}  # fmt: skip


def public_results() -> list[dict]:
    conf = settings()
    if not (conf["enabled"] and conf["publicEndpoint"]):
        raise NotFound("Not found")
    rows = [r for r in (_results() or {}).get("results", []) if r["overall"] < 50][: conf["maxPublicResults"]]
    hidden = ("requestId", "tenant", "promptExcerpt")
    return [
        {**{k: v for k, v in r.items() if k not in hidden}, "promptHint": r["promptExcerpt"][:50]}
        for r in rows
    ]
