"""The first gateway slice through the app against a fake OpenAI server on a loopback socket."""

from __future__ import annotations

import orjson
import pytest

from model_prism.models import DailyStat, RequestLog
from tests.factories import make_provider, make_tenant


@pytest.fixture
def tenant_key(state, fake_openai):
    provider = make_provider(state, base_url=fake_openai.base_url)
    for m in provider.discoveredModels:
        m.inputPer1M, m.outputPer1M = {"gpt-4o-mini": (0.15, 0.60), "gpt-4o": (2.5, 10.0)}.get(
            m.id, (None, None)
        )
    provider.save()
    _, key = make_tenant(
        providers_=[provider],
        routing={"enabled": True, "defaultModel": "gpt-4o-mini", "baselineModel": "gpt-4o"},
    )
    return key


def chat(client, key, path="/api/team-a/v1/chat/completions", **body):
    body.setdefault("messages", [{"role": "user", "content": "Say hello"}])
    return client.post(path, json=body, headers={"Authorization": f"Bearer {key}"})


def test_chat_non_streaming_returns_openai_shape_with_cost(client, tenant_key, fake_openai, flush):
    res = chat(client, tenant_key, model="gpt-4o")
    assert res.status_code == 200
    body = res.get_json()
    assert body["object"] == "chat.completion"
    assert body["choices"][0]["message"]["content"] == "Hello from the fake upstream."
    assert body["model"] == "gpt-4o"
    assert body["cost_info"]["baseline_cost"] == body["cost_info"]["actual_cost"]
    assert body["cost_info"]["saved"] == 0
    assert res.headers["x-model-prism-model"] == "gpt-4o"
    assert res.headers["x-request-id"]
    assert fake_openai.requests[-1]["model"] == "gpt-4o"
    assert fake_openai.headers[-1]["Authorization"] == "Bearer sk-test"
    flush()
    log = RequestLog.objects.get()
    usage = body["usage"]
    assert (log.status, log.inputTokens, log.outputTokens) == (
        "success",
        usage["prompt_tokens"],
        usage["completion_tokens"],
    )
    expected = (usage["prompt_tokens"] * 2.5 + usage["completion_tokens"] * 10.0) / 1e6
    assert log.actualCostUsd == pytest.approx(expected)
    assert DailyStat.objects.get().requests == 1


def test_auto_request_records_savings_against_baseline(client, tenant_key, flush):
    res = chat(
        client, tenant_key, model="auto", messages=[{"role": "user", "content": "hi, how are you today?"}]
    )
    body = res.get_json()
    assert body["model"] == "gpt-4o-mini"
    assert body["auto_routing"]["model_id"] == "gpt-4o-mini"
    info = body["cost_info"]
    assert info["baseline_model"] == "gpt-4o" and info["saved"] > 0
    assert info["saved"] == pytest.approx(info["baseline_cost"] - info["actual_cost"], abs=1e-6)
    flush()
    log = RequestLog.objects.get()
    assert log.isAutoRouted and log.savedUsd == pytest.approx(info["saved"], abs=1e-6)


def test_shorthand_paths_and_x_api_key_resolve_the_tenant_by_key(client, tenant_key):
    for path in ("/api/v1/chat/completions", "/v1/chat/completions"):
        res = client.post(
            path,
            json={"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}]},
            headers={"x-api-key": tenant_key},
        )
        assert res.status_code == 200, res.get_data(as_text=True)


def test_streaming_relays_chunks_and_ends_with_usage_and_cost(client, tenant_key, flush):
    res = chat(client, tenant_key, model="gpt-4o", stream=True, stream_options={"include_usage": True})
    assert res.status_code == 200 and res.mimetype == "text/event-stream"
    frames = [line[6:] for line in res.get_data(as_text=True).split("\n") if line.startswith("data: ")]
    assert frames[-1] == "[DONE]"
    chunks = [orjson.loads(f) for f in frames[:-1]]
    text = "".join((c["choices"][0]["delta"].get("content") or "") for c in chunks if c["choices"])
    assert text == "Hello from the fake upstream."
    final = chunks[-1]
    assert final["choices"] == [] and final["usage"]["completion_tokens"] == 5
    assert final["cost_info"]["output_tokens"] == 5
    flush()
    log = RequestLog.objects.get()
    assert log.streaming and log.outputTokens == 5


def test_unknown_key_is_401_in_openai_shape_and_not_logged(client, tenant_key, flush):
    res = chat(client, "omp-" + "0" * 64, model="gpt-4o")
    assert res.status_code == 401
    assert res.get_json()["error"]["type"] == "authentication_error"
    assert res.get_json()["error"]["code"] == "invalid_api_key"
    assert chat(client, None, model="gpt-4o").get_json()["error"]["code"] in (
        "missing_api_key",
        "invalid_api_key",
    )
    flush()
    assert RequestLog.objects.count() == 0


def test_malformed_json_is_400_and_logged_once(client, tenant_key, flush):
    res = client.post(
        "/api/team-a/v1/chat/completions",
        data=b"{not json",
        headers={"Authorization": f"Bearer {tenant_key}", "Content-Type": "application/json"},
    )
    assert res.status_code == 400
    assert res.get_json()["error"]["type"] == "invalid_request_error"
    flush()
    assert RequestLog.objects.get().status == "error"


def test_missing_messages_and_bad_max_tokens_are_400(client, tenant_key):
    assert chat(client, tenant_key, model="gpt-4o", messages=[]).status_code == 400
    res = chat(client, tenant_key, model="gpt-4o", max_tokens=-5)
    assert res.status_code == 400 and res.get_json()["error"]["param"] == "max_tokens"


def test_unknown_model_is_400_model_not_found(client, tenant_key):
    res = chat(client, tenant_key, model="no-such-model")
    assert res.status_code == 400 and res.get_json()["error"]["code"] == "model_not_found"


def test_upstream_500_becomes_502_provider_error(client, tenant_key, fake_openai, flush):
    fake_openai.behaviour.fail_status = 500
    res = chat(client, tenant_key, model="gpt-4o")
    assert res.status_code == 502
    assert res.get_json()["error"]["type"] == "provider_error"
    flush()
    assert RequestLog.objects.get().errorType == "provider_error"


def test_upstream_429_is_passed_on_with_retry_after(client, tenant_key, fake_openai):
    fake_openai.behaviour.fail_status = 429
    res = chat(client, tenant_key, model="gpt-4o")
    assert res.status_code == 429 and res.headers["Retry-After"]


def test_models_lists_visible_models_with_auto_first(client, tenant_key):
    res = client.get("/api/team-a/v1/models", headers={"Authorization": f"Bearer {tenant_key}"})
    ids = [m["id"] for m in res.get_json()["data"]]
    assert ids[0] == "auto" and "fake-openai/gpt-4o" in ids
    one = client.get("/api/team-a/v1/models/gpt-4o", headers={"Authorization": f"Bearer {tenant_key}"})
    assert one.status_code == 200 and one.get_json()["id"] == "fake-openai/gpt-4o"


def test_embeddings_pass_through(client, tenant_key):
    res = client.post(
        "/api/team-a/v1/embeddings",
        json={"model": "text-embedding-3-small", "input": ["a", "b"]},
        headers={"Authorization": f"Bearer {tenant_key}"},
    )
    assert res.status_code == 200 and len(res.get_json()["data"]) == 2


def test_wrong_tenant_slug_for_key_is_401(client, tenant_key, state):
    make_tenant(slug="team-b")
    res = chat(client, tenant_key, path="/api/team-b/v1/chat/completions", model="gpt-4o")
    assert res.status_code == 401


def test_reserved_and_double_api_paths_are_404(client, tenant_key):
    assert client.post("/api/api/v1/chat/completions", json={}).status_code == 404
    res = client.post(
        "/api/prism/v1/chat/completions", json={}, headers={"Authorization": f"Bearer {tenant_key}"}
    )
    assert res.status_code == 404


def test_prompt_logging_seals_snapshots_and_ip_is_an_hmac(client, state, fake_openai, flush):
    from model_prism.auth.secrets import current_box

    provider = make_provider(state, name="PL", base_url=fake_openai.base_url)
    _, key = make_tenant(slug="logged", providers_=[provider], promptLogging=True)
    body = {
        "model": "gpt-4o",
        "messages": [{"role": "system", "content": "be brief"}, {"role": "user", "content": "secret plan"}],
    }
    assert (
        client.post(
            "/api/logged/v1/chat/completions", json=body, headers={"Authorization": f"Bearer {key}"}
        ).status_code
        == 200
    )
    flush()
    log = RequestLog.objects.get()
    snap = log.promptSnapshot
    assert snap["lastUserMessage"].startswith("enc:") and "secret plan" not in str(log.to_mongo())
    assert current_box().open(snap["lastUserMessage"]) == "secret plan"
    assert current_box().open(log.responseSnapshot["content"]) == "Hello from the fake upstream."
    assert log.clientIpHash and len(log.clientIpHash) == 16 and log.clientIpHash != "127.0.0.1"
    assert log.systemPromptHash and len(log.systemPromptHash) == 8


def test_prompts_are_not_stored_without_prompt_logging_and_errors_are_classified(
    client, tenant_key, fake_openai, flush
):
    fake_openai.behaviour.fail_status = 502
    fake_openai.behaviour.fail_body = {
        "error": {"message": "Bad Gateway from upstream", "type": "server_error"}
    }
    chat(client, tenant_key, model="gpt-4o")
    flush()
    log = RequestLog.objects.get()
    assert (
        log.promptSnapshot is None
        and log.errorCategory == "provider"
        and log.errorDescription == "Provider returned 502"
    )


def test_metrics_endpoint_counts_gateway_requests(client, tenant_key):
    chat(client, tenant_key, model="gpt-4o")
    text = client.get("/metrics").get_data(as_text=True)
    assert "omp_gateway_requests_total" in text and 'status="success"' in text
    assert "omp_analytics_dropped_total" in text


def test_baseline_without_a_provider_is_priced_from_the_registry(client, state, fake_openai):
    provider = make_provider(state, name="Reg", base_url=fake_openai.base_url)
    _, key = make_tenant(slug="reg", providers_=[provider], routing={"enabled": True})  # no baselineModel set
    res = client.post(
        "/api/reg/v1/chat/completions",
        json={"model": "auto", "messages": [{"role": "user", "content": "hi, how are you?"}]},
        headers={"Authorization": f"Bearer {key}"},
    )
    info = res.get_json()["cost_info"]
    assert info["baseline_model"] == "claude-sonnet-4-5" and info["baseline_cost"] > info["actual_cost"] > 0


def test_a_requests_messages_are_estimated_once(client, tenant_key, monkeypatch):
    from model_prism.gateway import context, parse
    from model_prism.gateway.tokens import estimate_messages

    calls = []

    def counting(messages):
        calls.append(len(messages))
        return estimate_messages(messages)

    monkeypatch.setattr(parse, "estimate_messages", counting)
    monkeypatch.setattr(context, "estimate_messages", counting)
    messages = [{"role": "system", "content": "be brief"}, {"role": "user", "content": "word " * 5000}]
    res = chat(client, tenant_key, model="gpt-4o", max_tokens=100, messages=messages)
    assert res.status_code == 200
    assert calls == [2]  # validation estimates; rate limits, pre-flight and max_tokens clamping reuse it
