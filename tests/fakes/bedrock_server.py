"""A fake Bedrock (runtime Converse/ConverseStream and control listings) that verifies SigV4 signatures."""

from __future__ import annotations

import orjson
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from werkzeug.wrappers import Request, Response

from .eventstream import event
from .loopback import LoopbackServer
from .scenarios import (
    RETRY_AFTER,
    TOOL_ARG_PIECES,
    TOOL_ARGS,
    TOOL_ID,
    TOOL_NAME,
    Plan,
    WireFacts,
    case_of,
    plan,
)

ACCESS_KEY, SECRET_KEY, REGION, API_KEY = (
    "AKIDFAKEEXAMPLE",
    "fake/secret/key",
    "eu-central-1",
    "bedrock-api-key-fake",
)
ERROR_NAMES = {
    400: "ValidationException",
    401: "UnrecognizedClientException",
    403: "AccessDeniedException",
    429: "ThrottlingException",
    500: "InternalServerException",
}
FOUNDATION_MODELS = [
    {
        "modelId": "anthropic.claude-3-haiku-20240307-v1:0",
        "modelName": "Claude 3 Haiku",
        "providerName": "Anthropic",
        "outputModalities": ["TEXT"],
        "inferenceTypesSupported": ["ON_DEMAND"],
        "responseStreamingSupported": True,
    },
    {
        "modelId": "amazon.nova-pro-v1:0",
        "modelName": "Nova Pro",
        "providerName": "Amazon",
        "outputModalities": ["TEXT"],
        "inferenceTypesSupported": ["ON_DEMAND", "INFERENCE_PROFILE"],
        "responseStreamingSupported": True,
    },
    {
        "modelId": "amazon.titan-embed-text-v2:0",
        "modelName": "Titan Embeddings",
        "providerName": "Amazon",
        "outputModalities": ["EMBEDDING"],
        "inferenceTypesSupported": ["ON_DEMAND"],
        "responseStreamingSupported": False,
    },
    {
        "modelId": "anthropic.claude-v2:1:200k",
        "modelName": "Claude 2.1",
        "providerName": "Anthropic",
        "outputModalities": ["TEXT"],
        "inferenceTypesSupported": ["PROVISIONED"],
        "responseStreamingSupported": True,
    },
]
PROFILES_PAGE_2 = [
    {
        "inferenceProfileId": "us.amazon.nova-lite-v1:0",
        "inferenceProfileName": "US Nova Lite",
        "status": "ACTIVE",
        "type": "SYSTEM_DEFINED",
    }
]
PROFILES = [
    {
        "inferenceProfileId": "my-app-profile",
        "inferenceProfileName": "Team profile",
        "status": "ACTIVE",
        "type": "APPLICATION",
    },
    {
        "inferenceProfileId": "eu.anthropic.claude-sonnet-4-20250514-v1:0",
        "inferenceProfileName": "EU Claude Sonnet 4",
        "inferenceProfileArn": "arn:aws:bedrock:eu-central-1::inference-profile/eu.anthropic.claude-sonnet-4-20250514-v1:0",
        "status": "ACTIVE",
        "type": "SYSTEM_DEFINED",
    },
]


def signature_problem(request: Request) -> str | None:
    """Give what is wrong with the request's auth (bearer API key or a SigV4 signature we recompute), or None."""
    auth = request.headers.get("Authorization", "")
    if auth == f"Bearer {API_KEY}":
        return None
    if not auth.startswith(f"AWS4-HMAC-SHA256 Credential={ACCESS_KEY}/"):
        return f"unexpected Authorization header {auth[:40]!r}"
    signed = auth.split("SignedHeaders=")[1].split(",")[0].split(";")
    url = f"http://{request.host}{request.environ.get('RAW_URI') or request.full_path}"
    copy = AWSRequest(
        method=request.method,
        url=url,
        data=request.get_data(),
        headers={
            k: v for k, v in request.headers.items() if k.lower() in signed and k.lower() != "authorization"
        },
    )
    copy.context["timestamp"] = request.headers.get("X-Amz-Date", "")
    signer = SigV4Auth(Credentials(ACCESS_KEY, SECRET_KEY), "bedrock", REGION)
    expected = signer.signature(signer.string_to_sign(copy, signer.canonical_request(copy)), copy)
    return None if auth.endswith(f"Signature={expected}") else "SigV4 signature does not match"


def bedrock_facts(body: dict) -> WireFacts:
    """Give the facts of a Converse body and note Converse-format violations."""
    problems = []
    msgs = body.get("messages") or []
    roles = [m.get("role") for m in msgs]
    if (
        not roles
        or roles[0] != "user"
        or roles[-1] != "user"
        or any(a == b for a, b in zip(roles, roles[1:], strict=False))
    ):
        problems.append(f"roles must alternate starting and ending with user, got {roles}")
    tools = tuple(
        ((t.get("toolSpec") or {}).get("name", "")) for t in (body.get("toolConfig") or {}).get("tools") or ()
    )
    image = None
    for m in msgs:
        for block in m.get("content") or ():
            if "image" in block:
                image = (
                    "image/" + block["image"].get("format", ""),
                    (block["image"].get("source") or {}).get("bytes"),
                )
    system = " ".join(b.get("text", "") for b in body.get("system") or ())
    return WireFacts(tools=tools, image=image, json_hint="JSON" in system, problems=tuple(problems))


def _usage(u: dict) -> dict:
    doc = {
        "inputTokens": u["input"],
        "outputTokens": u["output"],
        "totalTokens": u["input"] + u["output"] + u["cache_read"] + u["cache_write"],
    }
    if u["cache_read"] or u["cache_write"]:
        doc.update(cacheReadInputTokens=u["cache_read"], cacheWriteInputTokens=u["cache_write"])
    return doc


def bedrock_error(status: int, message: str) -> Response:
    name = ERROR_NAMES.get(status, "InternalServerException")
    headers = {
        "x-amzn-ErrorType": f"{name}:http://internal.amazon.com/coral/com.amazon.bedrock/",
        "x-amzn-RequestId": "req-fake",
    }
    if status == 429:
        headers["Retry-After"] = RETRY_AFTER
    return Response(
        orjson.dumps({"message": message}), status, headers=headers, content_type="application/json"
    )


def render_bedrock(p: Plan, stream: bool) -> Response:
    """Give the Converse answer for a plan: JSON or an AWS event stream."""
    if p.kind == "error":
        return bedrock_error(p.status, p.message)
    tool = p.kind == "tool"
    stop = "tool_use" if tool else "end_turn"
    if not stream:
        content = (
            [{"toolUse": {"toolUseId": TOOL_ID, "name": TOOL_NAME, "input": orjson.loads(TOOL_ARGS)}}]
            if tool
            else [{"text": p.text}]
        )
        doc = {
            "output": {"message": {"role": "assistant", "content": content}},
            "stopReason": stop,
            "usage": _usage(p.usage),
            "metrics": {"latencyMs": 12},
        }
        return Response(orjson.dumps(doc), 200, content_type="application/json")

    def frames():
        yield event("messageStart", b'{"role":"assistant","p":"abc"}')
        if tool:
            start = {"contentBlockIndex": 0, "start": {"toolUse": {"toolUseId": TOOL_ID, "name": TOOL_NAME}}}
            yield event("contentBlockStart", orjson.dumps(start))
            for piece in TOOL_ARG_PIECES:
                yield event(
                    "contentBlockDelta",
                    orjson.dumps({"contentBlockIndex": 0, "delta": {"toolUse": {"input": piece}}}),
                )
        else:
            for i, piece in enumerate(p.pieces):
                if p.stream_mode == "cut" and i == 2:
                    return
                if p.stream_mode == "malformed" and i == 2:
                    bad = bytearray(
                        event("contentBlockDelta", b'{"contentBlockIndex":0,"delta":{"text":"x"}}')
                    )
                    bad[-1] ^= 0xFF  # a broken message CRC
                    yield bytes(bad)
                yield event(
                    "contentBlockDelta", orjson.dumps({"contentBlockIndex": 0, "delta": {"text": piece}})
                )
        yield event("contentBlockStop", b'{"contentBlockIndex":0}')
        yield event("messageStop", orjson.dumps({"stopReason": stop}))
        yield event("metadata", orjson.dumps({"usage": _usage(p.usage), "metrics": {"latencyMs": 12}}))

    return Response(frames(), 200, content_type="application/vnd.amazon.eventstream")


def case_model(model_id: str) -> dict:
    """Give a foundation-model summary for a scenario model id (listed for gateway end-to-end runs)."""
    return {
        "modelId": model_id,
        "modelName": model_id,
        "providerName": "Fake",
        "outputModalities": ["TEXT"],
        "inferenceTypesSupported": ["ON_DEMAND"],
        "responseStreamingSupported": True,
    }


class FakeBedrock(LoopbackServer):
    """Runtime and control endpoints on one port; every request must carry a valid signature or API key."""

    def __init__(self, extra_models: list[str] | None = None) -> None:
        super().__init__()
        self.foundation_models = FOUNDATION_MODELS + [case_model(m) for m in extra_models or ()]

    def app(self, request: Request) -> Response:
        problem = signature_problem(request)
        if problem:
            return bedrock_error(403, f"The request signature we calculated does not match: {problem}")
        if request.path == "/foundation-models":
            return Response(
                orjson.dumps({"modelSummaries": self.foundation_models}), 200, content_type="application/json"
            )
        if request.path == "/inference-profiles" and request.args.get("nextToken") == "page-2":
            return Response(
                orjson.dumps({"inferenceProfileSummaries": PROFILES_PAGE_2}),
                200,
                content_type="application/json",
            )
        if request.path == "/inference-profiles":
            kind = request.args.get(
                "type"
            )  # the API filters by `type=`; unfiltered it also lists APPLICATION ones
            listed = [p for p in PROFILES if kind is None or p["type"] == kind]
            doc = {"inferenceProfileSummaries": listed, "nextToken": "page-2"}
            return Response(orjson.dumps(doc), 200, content_type="application/json")
        parts = request.path.strip("/").split("/")
        if len(parts) == 3 and parts[0] == "model" and parts[2] in ("converse", "converse-stream"):
            body = orjson.loads(request.get_data() or b"{}")
            return render_bedrock(plan(case_of(parts[1]), bedrock_facts(body)), parts[2] == "converse-stream")
        return bedrock_error(404, f"Unknown operation {request.path}")
