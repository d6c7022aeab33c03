"""Signal extraction (routing.md §3)."""

from __future__ import annotations

from model_prism.routing.signals import extract_signals
from model_prism.routing.text import content_text, estimate_message_tokens
from tests.unit.routing.builders import chat

IMG = {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}}


def test_text_extraction_variants():
    assert content_text("hi") == "hi"
    assert content_text([{"type": "text", "text": "a"}, IMG, {"type": "text", "text": "b"}]) == "a b"
    assert content_text(None) == ""
    assert content_text(42) == "42"


def test_token_estimate_counts_code_denser_than_prose():
    prose = "x" * 35
    assert estimate_message_tokens(prose) == 10 + 4
    code = "```\n" + "y" * 8 + "\n```"  # 16 chars of fenced block
    assert estimate_message_tokens(code) == 0 + 11 + 4


def test_structure_images_tools_turns():
    body = {
        "messages": [
            {"role": "system", "content": "sys"},
            {"role": "user", "content": [{"type": "text", "text": "look"}, IMG]},
            {"role": "assistant", "content": "ok"},
            {"role": "user", "content": "Tool result for x: done"},
            {"role": "user", "content": "and now?"},
        ],
        "tool_choice": "auto",
    }
    s = extract_signals(body)
    assert s.has_images and s.has_tool_calls
    assert s.conversation_turns == 2  # the tool-result line is not a human turn
    assert s.system_prompt_text == "sys" and s.last_user_message == "and now?"
    assert "turns=2" in s.metadata_summary and "has_images" in s.metadata_summary


def test_domains_and_languages_from_latest_turn_only():
    body = {
        "messages": [
            {"role": "user", "content": "GDPR question about our NDA"},
            {"role": "assistant", "content": "sure"},
            {"role": "user", "content": "def parse(x):\n    import json\n    return json.loads(x)"},
        ]
    }
    s = extract_signals(body)
    assert s.detected_languages == ("python",)
    assert s.detected_domains == ()
    assert extract_signals(chat("the patient shows symptoms")).detected_domains == ("medical",)


def test_fim_by_token_instruction_bare_block_and_endpoint():
    assert (
        extract_signals(chat("<fim_prefix>def f():<fim_suffix><fim_middle>")).matched_fim_token
        == "token:<fim_prefix>"
    )
    assert extract_signals(chat("x = 1", system="You are a code completion assistant.")).is_fim_request
    assert (
        extract_signals(chat("```python\ndef add(a, b):\n    return\n```")).matched_fim_token
        == "bare_code_block"
    )
    assert extract_signals({"prompt": "def f(", "suffix": ")"}, "/completions").is_fim_request


def test_fim_guards_against_feature_requests_and_questions():
    # "autocomplete" as a UI word in a plain request is not an IDE completion [DD]
    assert not extract_signals(chat("Build an autocomplete search box in React")).is_fim_request
    # a bare code block with a question is a human asking about code [DD]
    assert not extract_signals(chat("```js\nconsole.log(0.1 + 0.2)\n```\nwhy?")).is_fim_request


def test_tool_agent_and_continuation():
    body = {
        "messages": [
            {"role": "user", "content": "fix the build"},
            {"role": "assistant", "content": None, "tool_calls": [{"id": "1", "type": "function"}]},
            {"role": "tool", "tool_call_id": "1", "content": "error TS2305"},
        ]
    }
    s = extract_signals(body)
    assert s.is_tool_agent_request and s.is_tool_output_continuation and s.has_tool_history
    assert extract_signals(chat("Tool output for read_file:\nimport os")).is_tool_output_continuation
    assert extract_signals(chat("/repos/app/main.py")).is_tool_output_continuation
    assert not extract_signals(chat("please fix the bug")).is_tool_output_continuation


def test_frustration_phrase_and_verbatim_repeat():
    assert extract_signals(chat("It still doesn't work!!")).frustration_hint
    repeat = {"messages": [{"role": "user", "content": "fix  it"}, {"role": "assistant", "content": "x"},
                           {"role": "user", "content": "fix it"}]}  # fmt: skip
    assert extract_signals(repeat).frustration_hint
    assert not extract_signals(chat("Thanks, works now")).frustration_hint


def test_long_text_is_fast_enough_and_bounded():
    big = "word " * 60000 + "\nSELECT a FROM b"
    s = extract_signals(chat(big))
    assert s.total_tokens > 80000
    assert len(s.last_user_message) == 800


def test_turn_exclusions_are_anchored_so_the_first_200_characters_decide():
    import re

    from model_prism.routing.patterns import DEFAULT_PATTERNS
    from model_prism.routing.signals import excluded_turn

    for p in DEFAULT_PATTERNS.turn_exclusions:  # excluded_turn searches only a message's start
        assert re.sub(r"^\(\?[a-z]+\)", "", p.regex.pattern).startswith("^"), p.regex.pattern
    assert excluded_turn("  [Tool result for bash]\n" + "out\n" * 10000)
    assert excluded_turn("tool_call_result: ok")
    assert not excluded_turn("please read this [tool result for bash] and explain")
    assert not excluded_turn(" " * 300 + "x")


def test_the_first_fim_token_equals_a_scan_for_each_token_in_order():
    from dataclasses import replace

    from model_prism.routing.patterns import DEFAULT_PATTERNS
    from model_prism.routing.signals import first_fim_token

    def plain(text, tokens):
        return next((t for t in tokens if t in text), None)

    tokens = DEFAULT_PATTERNS.fim_tokens
    prose = "the cache keeps one entry per tenant and and/or a path like a/b/c " * 80
    texts = [prose, "", "<", "//", "// EN", "[PREFIX", "{{HOLE}", "x<PRE>y", "abc ◊ def", "ü<｜fim▁hole｜>"]
    texts += [prose + t for t in tokens] + [t + prose for t in tokens]
    # two tokens: the earlier listed one wins
    texts += [f"{a} middle {b}" for a in tokens for b in tokens[::7]]
    for text in texts:
        assert first_fim_token(text) == plain(text, tokens), text[:60]
    with_empty = replace(DEFAULT_PATTERNS, fim_tokens=("<never>", ""))  # an empty token is in every text
    assert first_fim_token("plain", with_empty) == "" == plain("plain", with_empty.fim_tokens)
    assert first_fim_token("plain", replace(DEFAULT_PATTERNS, fim_tokens=())) is None


def test_fence_and_line_checks_equal_the_plain_searches():
    from model_prism.routing.text import has_fence, has_lines

    texts = [
        "",
        "`",
        "``",
        "```",
        "a``b`c",
        "x ``` y",
        "` `` `",
        "é```",
        "\n" * 4,
        "\n" * 5,
        "a\nb\nc\nd\ne\nf",
    ]
    texts += ["word " * 7000, "word " * 7000 + "```", "`" + "word " * 7000 + "``", "line\n" * 3 + "x" * 30000]
    for text in texts:
        assert has_fence(text) == ("```" in text), text[:20]
        for breaks in (0, 1, 4, 5, 6):
            assert has_lines(text, breaks) == (text.count("\n") >= breaks), (text[:20], breaks)


def test_fenced_chars_matches_the_fence_regex():
    from model_prism.routing.text import _FENCE, fenced_chars

    for t in ["a ```x``` b ```yy```", "```open", "``` a ``` ``` b", "no fences", "``````", "```a```b```c```"]:
        assert fenced_chars(t) == sum(len(m) for m in _FENCE.findall(t)), t


def _fresh_patterns():
    from model_prism.routing import seeds
    from model_prism.routing.patterns import build_patterns

    return build_patterns(seeds.signal_patterns())


def test_detector_answers_are_remembered_per_text_and_equal_a_fresh_scan():
    pats = _fresh_patterns()
    system = "You are an expert software engineer. You have access to the read_file and bash tools."
    turns = [
        chat(
            "def parse(x):\n    return json.loads(x)  # why does this fail on GDPR contract files?",
            system=system,
        ),
        chat("the patient shows symptoms after the dose", system=system),
        chat(
            "def parse(x):\n    return json.loads(x)  # why does this fail on GDPR contract files?",
            system=system,
        ),
    ]
    first = [extract_signals(body, pats=pats) for body in turns]
    remembered = len(pats.memo)
    assert remembered and any(
        kind == "persona" and text.startswith("You are an expert") for kind, text in pats.memo
    )
    again = [extract_signals(body, pats=pats) for body in turns]
    assert len(pats.memo) == remembered  # the system prompt and the repeated turn were not scanned again
    fresh = [extract_signals(body, pats=_fresh_patterns()) for body in turns]
    assert first == again == fresh
    assert first[0].is_tool_agent_request and first[0].detected_languages == ("python",)
    assert first[1].detected_domains == ("medical",)


def test_the_detector_memo_is_bounded_and_belongs_to_its_pattern_set(monkeypatch):
    from model_prism.routing import signals
    from model_prism.routing.patterns import DEFAULT_PATTERNS

    monkeypatch.setattr(signals, "MEMO_TEXTS", 5)
    pats = _fresh_patterns()
    before = dict(DEFAULT_PATTERNS.memo)
    for i in range(20):
        extract_signals(chat(f"question {i} about rust lifetimes"), pats=pats)
        assert len(pats.memo) <= 5
    assert DEFAULT_PATTERNS.memo == before  # another pattern set's memo is untouched
