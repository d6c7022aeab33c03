"""A fake OpenAI-compatible provider on a real loopback socket, speaking JSON and SSE like OpenAI does."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import orjson
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response


@dataclass
class FakeBehaviour:
    """What the fake does next; tests change it between requests."""

    models: list[str] = field(default_factory=lambda: ["gpt-4o-mini", "gpt-4o", "text-embedding-3-small"])
    reply: str = "Hello from the fake upstream."
    fail_status: int | None = None
    fail_body: dict | None = None
    delay: float = 0.0
    chunk_gap: float = 0.0
    cut_stream_after: int | None = None
    require_key: str | None = None
    api_path: str = "/v1"


class FakeOpenAI:
    """Start with `with FakeOpenAI() as fake:`; `fake.base_url` has no /v1; `fake.requests` records each body."""

    def __init__(self, behaviour: FakeBehaviour | None = None) -> None:
        self.behaviour = behaviour or FakeBehaviour()
        self.requests: list[dict] = []
        self.headers: list[dict] = []
        self.chunks_sent = 0
        self.streams_completed = 0
        self._server = make_server("127.0.0.1", 0, self._app, threaded=True)
        self.port = self._server.server_port
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    @Request.application
    def _app(self, request: Request) -> Response:
        b = self.behaviour
        path = request.path
        if not path.startswith(b.api_path + "/"):
            return _json({"error": {"message": f"Unknown path {path}", "type": "invalid_request_error"}}, 404)
        path = path[len(b.api_path) :]
        if b.require_key and request.headers.get("Authorization") != f"Bearer {b.require_key}":
            return _json(
                {
                    "error": {
                        "message": "Incorrect API key provided",
                        "type": "invalid_request_error",
                        "code": "invalid_api_key",
                    }
                },
                401,
            )
        if path == "/models" and request.method == "GET":
            return _json(
                {
                    "object": "list",
                    "data": [
                        {"id": m, "object": "model", "created": 1700000000, "owned_by": "fake"}
                        for m in b.models
                    ],
                }
            )
        body = orjson.loads(request.get_data() or b"{}")
        self.requests.append(body)
        self.headers.append(dict(request.headers))
        if b.delay:
            time.sleep(b.delay)
        if b.fail_status:
            return _json(
                b.fail_body
                or {"error": {"message": f"fake failure {b.fail_status}", "type": "server_error"}},
                b.fail_status,
            )
        if path == "/chat/completions":
            return self._chat(body)
        if path == "/completions":
            return self._completion(body)
        if path == "/embeddings":
            items = body["input"] if isinstance(body.get("input"), list) else [body.get("input")]
            data = [
                {"object": "embedding", "index": i, "embedding": [0.1, 0.2, 0.3]} for i, _ in enumerate(items)
            ]
            return _json(
                {
                    "object": "list",
                    "data": data,
                    "model": body.get("model"),
                    "usage": {"prompt_tokens": 5 * len(items), "total_tokens": 5 * len(items)},
                }
            )
        return _json({"error": {"message": "not found", "type": "invalid_request_error"}}, 404)

    def _usage(self, body: dict) -> dict:
        prompt = sum(len(str(m.get("content", "")).split()) + 4 for m in body.get("messages", [])) or len(
            str(body.get("prompt", "")).split()
        )
        completion = len(self.behaviour.reply.split())
        return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}

    def _chat(self, body: dict) -> Response:
        base = {
            "id": "chatcmpl-fake",
            "created": int(time.time()),
            "model": body.get("model"),
            "system_fingerprint": "fp_fake",
        }
        if not body.get("stream"):
            message = {"role": "assistant", "content": self.behaviour.reply, "refusal": None}
            choice = {"index": 0, "message": message, "logprobs": None, "finish_reason": "stop"}
            return _json(
                {**base, "object": "chat.completion", "choices": [choice], "usage": self._usage(body)}
            )
        words = self.behaviour.reply.split(" ")
        include_usage = (body.get("stream_options") or {}).get("include_usage")

        def events():
            chunk = {**base, "object": "chat.completion.chunk"}
            yield _sse(
                {
                    **chunk,
                    "choices": [
                        {
                            "index": 0,
                            "delta": {"role": "assistant", "content": ""},
                            "logprobs": None,
                            "finish_reason": None,
                        }
                    ],
                }
            )
            for i, word in enumerate(words):
                if self.behaviour.cut_stream_after is not None and i >= self.behaviour.cut_stream_after:
                    return
                if self.behaviour.chunk_gap:
                    time.sleep(self.behaviour.chunk_gap)
                text = word if i == 0 else " " + word
                yield _sse(
                    {
                        **chunk,
                        "choices": [
                            {"index": 0, "delta": {"content": text}, "logprobs": None, "finish_reason": None}
                        ],
                    }
                )
            yield _sse(
                {**chunk, "choices": [{"index": 0, "delta": {}, "logprobs": None, "finish_reason": "stop"}]}
            )
            if include_usage:
                yield _sse({**chunk, "choices": [], "usage": self._usage(body)})
            yield b"data: [DONE]\n\n"
            self.streams_completed += 1

        return Response(events(), 200, content_type="text/event-stream")

    def _completion(self, body: dict) -> Response:
        base = {
            "id": "cmpl-fake",
            "object": "text_completion",
            "created": int(time.time()),
            "model": body.get("model"),
            "system_fingerprint": "fp_fake",
        }
        choice = {"index": 0, "text": self.behaviour.reply, "logprobs": None, "finish_reason": "stop"}
        return _json({**base, "choices": [choice], "usage": self._usage(body)})


def _json(doc: dict, status: int = 200) -> Response:
    return Response(orjson.dumps(doc), status, content_type="application/json")


def _sse(doc: dict) -> bytes:
    return b"data: " + orjson.dumps(doc) + b"\n\n"
