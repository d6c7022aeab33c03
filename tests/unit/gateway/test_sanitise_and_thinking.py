import copy
from types import SimpleNamespace

from model_prism.gateway.context import RequestContext
from model_prism.gateway.rewrite import insert_instruction
from model_prism.gateway.sanitise import hygiene, sanitise, sanitise_messages
from model_prism.gateway.thinking import StreamThinkingStripper, strip_message


def test_sanitise_cleans_blocks_orphans_and_leading_assistant():
    body = {
        "messages": [
            {"role": "system", "content": "sys"},
            {"role": "assistant", "content": ""},
            {
                "role": "user",
                "content": [{"type": "input_text", "text": "hi"}, {"type": "text", "text": "  "}],
            },
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [{"id": "a", "type": "function"}, {"id": "b", "type": "function"}],
            },
            {"role": "tool", "tool_call_id": "a", "content": "ok"},
        ],
        "tools": [
            {"type": "function", "function": {"name": "x"}},
            {"type": "function", "function": {"name": "x"}},
        ],
    }
    out = sanitise_messages(body)
    roles = [m["role"] for m in out["messages"]]
    assert roles == ["system", "user", "assistant", "user", "assistant", "tool"]
    assert out["messages"][2]["content"] == "."
    assert out["messages"][3]["content"] == "hi"
    assert [c["id"] for c in out["messages"][4]["tool_calls"]] == ["a"]
    assert len(out["tools"]) == 1


def test_tool_messages_dropped_without_tools_and_fim_hygiene():
    out = sanitise_messages(
        {
            "messages": [
                {"role": "user", "content": "x"},
                {"role": "tool", "tool_call_id": "1", "content": "r"},
            ]
        }
    )
    assert [m["role"] for m in out["messages"]] == ["user"]
    body = hygiene(
        {"messages": [{"role": "user", "content": "x"}], "reasoning_effort": "max", "thinking": {}},
        is_fim=True,
    )
    assert "reasoning_effort" not in body and "thinking" not in body
    assert body["messages"][0] == {"role": "system", "content": "/no_think"}
    assert hygiene({"reasoning_effort": "extreme"}, is_fim=False) == {}


def test_the_stage_cleans_a_copy_and_leaves_the_request_body_as_it_was():
    upstream = {
        "messages": [
            {"role": "system", "content": "sys"},
            {"role": "assistant", "content": ""},
            {
                "role": "user",
                "content": [{"type": "input_text", "text": "hi"}, {"type": "text", "text": " "}],
            },
            {"role": "assistant", "content": None, "tool_calls": [{"id": "a", "type": "function"}]},
        ],
        "tools": [{"type": "function", "function": {"name": "x"}}] * 2,
        "reasoning_effort": "max",
    }
    before = copy.deepcopy(upstream)
    ctx = RequestContext(
        request_id="r", surface="openai", endpoint="/chat/completions", slug="t", shorthand=False, api_key=None,
        headers={}, client_ip="127.0.0.1", via_proxy=False, snapshot=None, upstream_body=upstream,
        routing=SimpleNamespace(signals=SimpleNamespace(is_fim_request=True)),
    )  # fmt: skip
    out = sanitise(ctx).upstream_body
    assert upstream == before  # nested messages, parts and tools included
    assert [m["content"] for m in out["messages"]] == ["sys\n/no_think", ".", ".", "hi", "."]
    assert len(out["tools"]) == 1
    assert "reasoning_effort" not in out


def test_instruction_goes_to_the_last_system_message_once():
    msgs = [
        {"role": "system", "content": "a"},
        {"role": "user", "content": "q"},
        {"role": "system", "content": "b"},
    ]
    out = insert_instruction(msgs, "RULE")
    assert out[2]["content"] == "b\n\nRULE" and out[0]["content"] == "a"
    assert insert_instruction(out, "RULE") == out
    listed = insert_instruction([{"role": "system", "content": [{"type": "text", "text": "x"}]}], "RULE")
    assert listed[0]["content"][-1] == {"type": "text", "text": "RULE"}
    assert insert_instruction([{"role": "user", "content": "q"}], "RULE")[0] == {
        "role": "system",
        "content": "RULE",
    }


def test_thinking_is_stripped_from_messages_and_streams():
    msg = strip_message({"content": "<think>hmm</think>\nAnswer", "reasoning_content": "x"})
    assert msg == {"content": "Answer"}
    s = StreamThinkingStripper()
    deltas = ["Hi <thi", "nk>", "<think>secret", " more</think> there", " end"]
    out = []
    for d in deltas:
        chunk = s.chunk({"choices": [{"delta": {"content": d}, "finish_reason": None}]})
        if chunk:
            out.append(chunk["choices"][0]["delta"]["content"])
    assert "secret" not in "".join(out) and "".join(out).endswith("there end")
    assert s.chunk({"choices": [{"delta": {"reasoning_content": "r"}, "finish_reason": None}]}) is None
