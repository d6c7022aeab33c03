"""The Anthropic Messages surface through the app, against a fake OpenAI upstream on a loopback socket."""

from __future__ import annotations

import orjson
import pytest

from model_prism.models import RequestLog
from tests.functional.gateway.tool_fake import TOOL_CALL_ID, TOOL_NAME, tool_args

WEATHER_TOOL = {
    "name": TOOL_NAME,
    "description": "Weather for a city",
    "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
}


def post(client, key, path="/api/team-a/v1/messages", headers=None, **body):
    body.setdefault("max_tokens", 256)
    body.setdefault("messages", [{"role": "user", "content": "Say hello"}])
    return client.post(
        path, json=body, headers={"x-api-key": key, "anthropic-version": "2023-06-01", **(headers or {})}
    )


def events(res) -> list[tuple[str, dict]]:
    """Give the (event name, data) pairs of an Anthropic SSE body, checking each name matches data.type."""
    out = []
    for frame in res.get_data(as_text=True).strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in frame.split("\n"))
        doc = orjson.loads(lines["data"])
        assert doc["type"] == lines["event"]
        out.append((lines["event"], doc))
    return out


def test_plain_message_is_answered_in_anthropic_shape(client, tenant_key, tool_fake, flush):
    res = post(
        client, tenant_key, model="gpt-4o", system="Be brief.", temperature=0.2, stop_sequences=["END"]
    )
    assert res.status_code == 200, res.get_data(as_text=True)
    doc = res.get_json()
    assert doc["type"] == "message" and doc["role"] == "assistant" and doc["id"].startswith("msg_")
    assert doc["content"] == [{"type": "text", "text": "Hello from the fake upstream."}]
    assert doc["stop_reason"] == "end_turn" and doc["stop_sequence"] is None
    assert doc["usage"]["input_tokens"] > 0 and doc["usage"]["output_tokens"] == 5
    assert doc["cost_info"]["model"] == "gpt-4o"
    sent = tool_fake.requests[-1]
    assert sent["messages"][0]["role"] == "system" and sent["messages"][0]["content"].startswith("Be brief.")
    assert sent["messages"][1] == {"role": "user", "content": "Say hello"}
    assert (sent["max_tokens"], sent["temperature"], sent["stop"]) == (256, 0.2, ["END"])
    assert res.headers["x-model-prism-model"] == "gpt-4o"
    flush()
    log = RequestLog.objects.get()
    assert log.status == "success" and log.outputTokens == 5


def test_auto_routes_and_bearer_works_on_the_shorthand(client, tenant_key):
    res = post(
        client,
        None,
        path="/api/v1/messages",
        headers={"x-api-key": "", "Authorization": f"Bearer {tenant_key}"},
        model="auto",
    )
    assert res.status_code == 200, res.get_data(as_text=True)
    doc = res.get_json()
    assert doc["model"] in ("gpt-4o", "gpt-4o-mini")
    assert doc["auto_routing"]["model_id"] == doc["model"] == res.headers["x-model-prism-model"]


def test_tool_round_trip_translates_tool_use_and_tool_result(client, tenant_key, tool_fake):
    res = post(client, tenant_key, model="gpt-4o", tools=[WEATHER_TOOL], tool_choice={"type": "any"})
    doc = res.get_json()
    assert doc["stop_reason"] == "tool_use"
    assert doc["content"] == [
        {"type": "tool_use", "id": TOOL_CALL_ID, "name": TOOL_NAME, "input": tool_args()}
    ]
    sent = tool_fake.requests[-1]
    assert sent["tools"][0]["function"]["parameters"] == WEATHER_TOOL["input_schema"]
    assert sent["tool_choice"] == "required"

    history = [
        {"role": "user", "content": "Weather in Paris?"},
        {"role": "assistant", "content": [{"type": "text", "text": "Checking."}, *doc["content"]]},
        {
            "role": "user",
            "content": [
                {
                    "type": "tool_result",
                    "tool_use_id": TOOL_CALL_ID,
                    "content": [{"type": "text", "text": "21C"}],
                },
                {"type": "text", "text": "Thanks"},
            ],
        },
    ]
    res = post(client, tenant_key, model="gpt-4o", tools=[WEATHER_TOOL], messages=history)
    assert res.status_code == 200 and res.get_json()["stop_reason"] == "end_turn"
    sent = [m for m in tool_fake.requests[-1]["messages"] if m["role"] != "system"]
    assert sent[0] == {"role": "user", "content": "Weather in Paris?"}
    assert sent[1]["tool_calls"][0]["function"] == {
        "name": TOOL_NAME,
        "arguments": orjson.dumps(tool_args()).decode(),
    }
    assert sent[1]["content"] == "Checking."
    assert sent[2] == {"role": "tool", "tool_call_id": TOOL_CALL_ID, "content": "21C"}
    assert sent[3] == {"role": "user", "content": "Thanks"}


def test_streamed_text_emits_anthropic_events_in_order(client, tenant_key, flush):
    res = post(client, tenant_key, model="gpt-4o", stream=True)
    assert res.status_code == 200 and res.mimetype == "text/event-stream"
    evs = events(res)
    names = [n for n, _ in evs]
    assert names[:2] == ["message_start", "ping"]
    assert names[2] == "content_block_start" and names[-3:] == [
        "content_block_stop",
        "message_delta",
        "message_stop",
    ]
    start = evs[0][1]["message"]
    assert start["content"] == [] and start["stop_reason"] is None and start["usage"]["input_tokens"] > 0
    text = "".join(d["delta"]["text"] for n, d in evs if n == "content_block_delta")
    assert text == "Hello from the fake upstream."
    delta = evs[-2][1]
    assert delta["delta"] == {"stop_reason": "end_turn", "stop_sequence": None}
    assert delta["usage"]["output_tokens"] == 5 and delta["cost_info"]["model"] == "gpt-4o"
    flush()
    log = RequestLog.objects.get()
    assert (log.status, log.streaming, log.outputTokens) == ("success", True, 5)


def test_streamed_tool_call_emits_input_json_deltas(client, tenant_key):
    res = post(client, tenant_key, model="gpt-4o", stream=True, tools=[WEATHER_TOOL])
    evs = events(res)
    starts = [d for n, d in evs if n == "content_block_start"]
    assert starts == [
        {
            "type": "content_block_start",
            "index": 0,
            "content_block": {"type": "tool_use", "id": TOOL_CALL_ID, "name": TOOL_NAME, "input": {}},
        }
    ]
    parts = [d["delta"] for n, d in evs if n == "content_block_delta"]
    assert all(p["type"] == "input_json_delta" for p in parts)
    assert orjson.loads("".join(p["partial_json"] for p in parts)) == tool_args()
    assert evs[-2][1]["delta"]["stop_reason"] == "tool_use"


@pytest.mark.parametrize(
    ("headers", "body", "status", "etype"),
    [
        ({"x-api-key": "omp-wrong"}, {}, 401, "authentication_error"),
        ({}, {"max_tokens": None}, 400, "invalid_request_error"),
        ({}, {"model": "no-such-model"}, 400, "invalid_request_error"),
    ],
)
def test_errors_use_anthropic_shape(client, tenant_key, headers, body, status, etype):
    payload = {"model": "gpt-4o", "max_tokens": 10, "messages": [{"role": "user", "content": "hi"}], **body}
    payload = {k: v for k, v in payload.items() if v is not None}
    res = client.post("/api/team-a/v1/messages", json=payload, headers={"x-api-key": tenant_key, **headers})
    assert res.status_code == status
    assert res.get_json() == {
        "type": "error",
        "error": {"type": etype, "message": res.get_json()["error"]["message"]},
    }


def test_count_tokens_gives_an_estimate(client, tenant_key):
    small = client.post(
        "/api/team-a/v1/messages/count_tokens",
        json={"model": "auto", "messages": [{"role": "user", "content": "hi"}]},
        headers={"x-api-key": tenant_key},
    )
    big = client.post(
        "/api/team-a/v1/messages/count_tokens",
        json={
            "model": "auto",
            "messages": [{"role": "user", "content": "hi " * 300}],
            "tools": [WEATHER_TOOL],
        },
        headers={"x-api-key": tenant_key},
    )
    assert small.status_code == 200 and set(small.get_json()) == {"input_tokens"}
    assert big.get_json()["input_tokens"] > small.get_json()["input_tokens"] + 80
    assert client.post("/api/team-a/v1/messages/count_tokens", json={"messages": []}).status_code == 401
