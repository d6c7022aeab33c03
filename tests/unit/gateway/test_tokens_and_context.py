import math

import pytest

from model_prism.gateway.context import is_auto_model
from model_prism.gateway.tokens import (
    SYMBOLS,
    estimate_messages,
    estimate_string,
    message_text,
    symbol_count,
)


def test_estimator_uses_code_ratio():
    prose = "hello world this is plain text"
    assert estimate_string(prose) == math.ceil(len(prose) / 3.5)
    code = "a={b:[1,2];c=(d+e)*f;}"
    assert estimate_string(code) == math.ceil(len(code) / 3.0)
    assert estimate_string("") == 0


def test_message_text_handles_parts_images_and_tools():
    content = [{"type": "text", "text": "look"}, {"type": "image_url", "image_url": {"url": "data:"}}]
    assert message_text(content) == "look\n[IMAGE]"
    assert estimate_messages([{"role": "user", "content": "hi"}]) == 3 + 4 + estimate_string(
        "user"
    ) + estimate_string("hi")


def test_auto_model_spellings():
    for m in ("auto", "AUTO", "auto-prism", "model-prism", "model-prism/x"):
        assert is_auto_model(m)
    for m in ("gpt-4o", "", None, "automatic"):
        assert not is_auto_model(m)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "plain prose, with a comma.",
        "def f(x):\n    return {k: v[i] for i, k in enumerate(x)}  # é ü 漢字 😀",
        "\ud800 a lone surrogate {}",
        "ünïcödé only",
        "{}()[]<>=+-*/\\|^~;:,.@#$%&" * 3,
    ],
)
def test_symbol_count_counts_characters_like_a_plain_loop(text):
    assert symbol_count(text) == sum(1 for c in text if c in SYMBOLS)


def test_the_context_gives_the_validated_messages_estimate_only_for_that_very_list():
    from tests.unit.limits.builders import context, tenant

    messages = [{"role": "user", "content": "hello there"}]
    ctx = context(tenant()).evolve("validate", messages_tokens=(messages, 999))
    assert ctx.message_tokens(messages) == 999  # remembered: the list the estimate was made of
    equal_copy = [dict(messages[0])]
    assert ctx.message_tokens(equal_copy) == estimate_messages(equal_copy)  # another list is estimated afresh
    assert context(tenant()).message_tokens(messages) == estimate_messages(messages)
