"""Prompt Analyses: candidates from logged prompts, scoring through a provider, results and the public list."""

from __future__ import annotations

import time

from model_prism.auth.secrets import current_box
from model_prism.models import RequestLog, User
from model_prism.services import setup
from tests.factories import make_provider, make_tenant

from .helpers import call, token_for

SCORES = ('{"specificity": 30, "context": 40, "outputDefinition": 20, "modelFit": 50, "tokenEfficiency": 60, '
          '"issues": ["vague"], "suggestions": ["say what format you want"]}')  # fmt: skip


def test_analysis_scores_human_prompts_and_publishes_the_weakest(app, client, state, fake_openai):
    admin = User(username="root", role="admin").save()
    setup.complete("root")
    token = token_for(app, admin)
    provider = make_provider(state, base_url=fake_openai.base_url)
    tenant, _ = make_tenant(slug="pa")
    box = current_box()
    prompts = ["please write something about databases for me", "Output: (tool dump)", "short"]
    for i, text in enumerate(prompts):
        RequestLog(tenantId=tenant.id, status="success", routedModel="gpt-4o", actualCostUsd=0.1 * (i + 1),
                   promptSnapshot={"lastUserMessage": box.seal(text)}, systemPromptHash=f"h{i}").save()  # fmt: skip
    off = call(client, "POST", "/api/prism/admin/prompt-engineer/analyze", token, json={})
    assert off.get_json() == {"error": "Prompt Analyses is disabled"}
    saved = call(client, "PUT", "/api/prism/admin/prompt-engineer/settings", token,
                 json={"enabled": True, "publicEndpoint": True, "providerId": str(provider.id),
                       "model": "gpt-4o-mini", "apiKey": "sk-analysis-secret"}).get_json()  # fmt: skip
    assert saved["apiKey"] == "••••••••"
    assert call(client, "GET", "/api/prism/admin/prompt-engineer/preview", token).get_json()["count"] == 3
    fake_openai.behaviour.reply = SCORES
    started = call(client, "POST", "/api/prism/admin/prompt-engineer/analyze", token, json={}).get_json()
    assert started == {"status": "started", "total": 3}
    deadline = time.monotonic() + 10
    while call(client, "GET", "/api/prism/admin/prompt-engineer/progress", token).get_json()["running"]:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    progress = call(client, "GET", "/api/prism/admin/prompt-engineer/progress", token).get_json()
    assert progress["done"] == 1 and progress["skipped"] == 2
    results = call(client, "GET", "/api/prism/admin/prompt-engineer/results", token).get_json()
    assert results["total"] == 1 and results["results"][0]["overall"] == 40
    assert results["results"][0]["tenant"] == "pa" and fake_openai.requests[-1]["temperature"] == 0.1
    public = client.get("/api/prism/prompt-engineer/public").get_json()
    assert (
        public[0]["promptHint"] == prompts[0][:50]
        and "requestId" not in public[0]
        and "tenant" not in public[0]
    )
    assert call(client, "GET", "/api/prism/admin/prompt-engineer/preview", token).get_json()["count"] == 2
