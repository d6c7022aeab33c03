"""Recovery before the first byte: provider fallback, circuit breaker, max_tokens retry, context upgrade."""

from __future__ import annotations

import orjson
import pytest

from model_prism.models import RequestLog
from tests.factories import make_provider, make_tenant
from tests.fakes.openai_server import FakeBehaviour, FakeOpenAI


@pytest.fixture
def two_fakes():
    with FakeOpenAI() as a, FakeOpenAI(FakeBehaviour(reply="from b")) as b:
        yield a, b


def _setup(state, a, b):
    pa = make_provider(state, name="A", base_url=a.base_url)
    pb = make_provider(state, name="B", base_url=b.base_url)
    _, key = make_tenant(providers_=[pa, pb])
    return {"Authorization": f"Bearer {key}"}


def _chat(client, headers, **extra):
    body = {"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}], **extra}
    return client.post("/api/team-a/v1/chat/completions", json=body, headers=headers)


def test_failing_provider_falls_back_and_one_record_lists_the_attempt(client, state, two_fakes, flush):
    a, b = two_fakes
    headers = _setup(state, a, b)
    a.behaviour.fail_status = 503
    res = _chat(client, headers)
    assert res.status_code == 200 and res.get_json()["choices"][0]["message"]["content"] == "from b"
    flush()
    log = RequestLog.objects.get()
    assert log.status == "success" and log.handledFallback and log.attempts[0]["provider"] == "a"


def test_streams_fall_back_before_the_first_byte(client, state, two_fakes):
    a, b = two_fakes
    headers = _setup(state, a, b)
    a.behaviour.fail_status = 500
    res = _chat(client, headers, stream=True)
    text = "".join(
        (orjson.loads(line[6:])["choices"] or [{"delta": {}}])[0]["delta"].get("content") or ""
        for line in res.get_data(as_text=True).split("\n")
        if line.startswith("data: {")
    )
    assert res.status_code == 200 and text == "from b"


def test_circuit_opens_after_repeated_failures_and_skips_the_provider(client, state, two_fakes):
    a, b = two_fakes
    headers = _setup(state, a, b)
    a.behaviour.fail_status = 500
    for _ in range(5):
        assert _chat(client, headers).status_code == 200
    calls_before = len(a.requests)
    assert _chat(client, headers).status_code == 200
    assert len(a.requests) == calls_before  # open circuit: A not called
    assert state.gateway.breaker.snapshot()[next(iter(state.gateway.breaker.snapshot()))]["state"] == "open"


def test_client_errors_are_not_retried_elsewhere(client, state, two_fakes):
    a, b = two_fakes
    headers = _setup(state, a, b)
    a.behaviour.fail_status = 400
    res = _chat(client, headers)
    assert res.status_code == 400 and not b.requests


def test_max_tokens_error_is_clamped_and_retried_once(client, state, two_fakes):
    a, b = two_fakes
    headers = _setup(state, a, b)

    original = a._chat

    def limited(body):
        if body.get("max_tokens", 0) > 100:
            from tests.fakes.openai_server import _json

            return _json(
                {
                    "error": {
                        "message": "max_tokens is too large: the maximum is 100",
                        "type": "invalid_request_error",
                    }
                },
                400,
            )
        return original(body)

    a._chat = limited
    res = _chat(client, headers, max_tokens=500)
    assert res.status_code == 200
    assert [r.get("max_tokens") for r in a.requests] == [500, 100]


def test_context_overflow_upgrades_to_a_larger_window(client, state, flush):
    with FakeOpenAI(FakeBehaviour(models=["small", "big"])) as fake:
        provider = make_provider(state, name="Ctx", base_url=fake.base_url)
        for m in provider.discoveredModels:
            m.contextWindow, m.tier = (8000, "low") if m.id == "small" else (128000, "low")
        provider.save()
        from model_prism.snapshot import propagation

        propagation.bump()
        _, key = make_tenant(providers_=[provider])
        original = fake._chat

        def overflow(body):
            if body["model"] == "small":
                from tests.fakes.openai_server import _json

                return _json(
                    {
                        "error": {
                            "message": "This model's maximum context length is 8192 tokens",
                            "code": "context_length_exceeded",
                        }
                    },
                    400,
                )
            return original(body)

        fake._chat = overflow
        res = client.post(
            "/api/team-a/v1/chat/completions",
            json={"model": "small", "messages": [{"role": "user", "content": "long"}]},
            headers={"Authorization": f"Bearer {key}"},
        )
        body = res.get_json()
        assert res.status_code == 200 and body["model"] == "big"
        assert body["context_fallback"] == {
            "original_model": "small",
            "fallback_model": "big",
            "reason": "context_length_exceeded",
        }
        flush()
        log = RequestLog.objects.get()
        assert log.contextFallback and log.fallbackType == "context_overflow" and log.originalModel == "small"


def test_preflight_moves_a_long_conversation_to_a_larger_window(client, state, flush):
    with FakeOpenAI(FakeBehaviour(models=["small", "big"])) as fake:
        provider = make_provider(state, name="Pre", base_url=fake.base_url)
        for m in provider.discoveredModels:
            m.contextWindow, m.tier = (2000, "low") if m.id == "small" else (128000, "low")
        provider.save()
        from model_prism.snapshot import propagation

        propagation.bump()
        _, key = make_tenant(providers_=[provider])
        long_text = "lorem ipsum dolor sit amet " * 300  # about 2,300 estimated tokens
        res = client.post(
            "/api/team-a/v1/chat/completions",
            json={"model": "small", "max_tokens": 100, "messages": [{"role": "user", "content": long_text}]},
            headers={"Authorization": f"Bearer {key}"},
        )
        body = res.get_json()
        assert res.status_code == 200 and body["model"] == "big" and fake.requests[-1]["model"] == "big"
        assert body["context_fallback"]["reason"] == "preflight"
        flush()
        assert RequestLog.objects.get().fallbackDetail.startswith("pre-flight")
