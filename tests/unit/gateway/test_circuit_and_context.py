from model_prism.gateway.circuit import CircuitBreaker
from model_prism.gateway.context_window import (
    TRUNCATION_SENTINEL,
    is_context_overflow,
    is_max_tokens_error,
    learned_window,
    max_tokens_limit,
    truncate,
)


def test_breaker_opens_after_five_failures_and_half_opens_after_a_minute():
    now = [0.0]
    opened = []
    b = CircuitBreaker(clock=lambda: now[0], on_open=opened.append)
    for _ in range(4):
        b.failure("p")
    assert b.allow("p")
    b.failure("p")
    assert not b.allow("p") and opened == ["p"]
    now[0] = 61
    assert b.allow("p") and b.allow("p") and not b.allow("p")  # two half-open trials
    b.failure("p")
    assert not b.allow("p")
    now[0] = 130
    assert b.allow("p")
    b.success("p")
    assert b.snapshot()["p"]["state"] == "closed"


def test_error_detection_follows_the_spec():
    assert is_max_tokens_error("max_tokens is too large: 99999. This model supports at most 4096")
    assert max_tokens_limit("the maximum is 4096 tokens") == 4096
    assert is_context_overflow("This model's maximum context length is 8192 tokens")
    assert is_context_overflow("prompt is too long: 210000 tokens > 200000 maximum")
    assert learned_window("prompt is too long: 210000 tokens > 200000 maximum") == 200000
    assert not is_context_overflow("max_tokens exceeds the model limit")


def test_truncation_keeps_system_and_last_message_and_drops_tool_pairs_together():
    big = "word " * 400
    msgs = [
        {"role": "system", "content": "sys"},
        {"role": "assistant", "content": None, "tool_calls": [{"id": "1"}]},
        {"role": "tool", "tool_call_id": "1", "content": big},
        {"role": "user", "content": big},
        {"role": "user", "content": "last question"},
    ]
    out, dropped = truncate(msgs, window=600, max_tokens=100)
    assert dropped >= 2
    assert out[0]["content"] == "sys" and TRUNCATION_SENTINEL in out[1]["content"]
    assert out[-1]["content"] == "last question"
    assert not any(m.get("role") == "tool" for m in out)
    again, _ = truncate(out, window=600, max_tokens=100)
    assert sum(TRUNCATION_SENTINEL in str(m.get("content")) for m in again) <= 1


def test_context_evolve_copies_changes_appends_the_note_and_refuses_unknown_fields():
    import pytest

    from model_prism.gateway.context import RequestContext

    first = RequestContext(
        "r1", "openai", "/chat/completions", "team", False, None, {}, "10.0.0.1", False, None
    )
    second = first.evolve("auth", {"tenant": "team"}, is_auto=True)
    assert (first.is_auto, second.is_auto) == (False, True)
    assert first.notes == () and second.trace() == [{"stage": "auth", "tenant": "team"}]
    assert second.request_id == "r1" and second.started == first.started
    with pytest.raises(TypeError, match=r"no field\(s\) \['nope'\]"):
        first.evolve("x", nope=1)
