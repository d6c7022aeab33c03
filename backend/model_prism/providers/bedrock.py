"""AWS Bedrock adapter (type `bedrock`): Converse and ConverseStream over the transport, SigV4 or API key."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from urllib.parse import quote

import orjson
from botocore.eventstream import EventStreamBuffer, ParserError

from ..errors import ProviderError
from .base import ProviderAdapter, register_adapter
from .bedrock_auth import region_of, signed_headers
from .bedrock_convert import STOP_REASONS, converse_usage, from_converse_response, to_converse_request
from .chunks import ChunkFactory, base36_id
from .sse import CUT_STREAM
from .transport import LIST_READ_TIMEOUT
from .upstream import MAX_ERROR_TEXT, retry_after

EXCEPTION_STATUS = {
    "validationException": 400,
    "accessDeniedException": 403,
    "resourceNotFoundException": 404,
    "throttlingException": 429,
    "modelStreamErrorException": 424,
    "internalServerException": 500,
    "serviceUnavailableException": 503,
    "modelTimeoutException": 408,
}


@register_adapter("bedrock")
class BedrockAdapter(ProviderAdapter):
    def _runtime(self) -> str:
        o = self.config.options
        url = (
            o.get("vpcEndpointRuntime")
            or self.config.base_url
            or f"https://bedrock-runtime.{region_of(self.config)}.amazonaws.com"
        )
        return str(url).rstrip("/")

    def _control(self) -> str:
        o = self.config.options
        url = (
            o.get("vpcEndpointControl")
            or self.config.base_url
            or f"https://bedrock.{region_of(self.config)}.amazonaws.com"
        )
        return str(url).rstrip("/")

    def _send(
        self,
        method: str,
        url: str,
        body: bytes | None,
        *,
        stream: bool = False,
        read_timeout: float | None = None,
    ):
        headers = {
            "Content-Type": "application/json",
            "Accept": "application/vnd.amazon.eventstream" if stream else "application/json",
        }
        headers = signed_headers(self.config, method, url, body or b"", headers)
        kw = {"body": body, "headers": headers, "skip_ssl": self.config.skip_ssl, "proxy": self.config.proxy}
        kw["read_timeout"] = read_timeout or self.config.read_timeout
        try:
            return (self.transport.open if stream else self.transport.request)(method, url, **kw)
        except ProviderError as exc:
            raise self._network_error(exc) from None

    def _network_error(self, exc: ProviderError) -> ProviderError:
        target = (
            "VPC endpoint"
            if self.config.options.get("vpcEndpointRuntime")
            else ("proxy" if self.config.proxy else "Bedrock")
        )
        text = exc.message
        how = (
            "refused"
            if "ECONNREFUSED" in text
            else "failed (DNS not found)"
            if "ENOTFOUND" in text
            else "timed out"
            if "ETIMEDOUT" in text
            else None
        )
        return ProviderError(
            f"Cannot reach {target} — connection {how}: {text}" if how else f"[bedrock] {text}",
            status=exc.upstream_status,
        )

    def _error(self, status: int, headers: dict[str, str], data: bytes) -> ProviderError:
        return ProviderError(
            bedrock_error_text(status, headers, data, self.config.proxy),
            status=status,
            retry_after=retry_after(headers),
        )

    def _converse_url(self, model: str, stream: bool) -> str:
        return (
            f"{self._runtime()}/model/{quote(model, safe='')}/{'converse-stream' if stream else 'converse'}"
        )

    def chat(self, request: dict) -> dict:
        model = str(request.get("model") or "")
        body = to_converse_request(request)
        resp = self._send("POST", self._converse_url(model, False), orjson.dumps(body))
        if _stop_sequences_rejected(resp.status, resp.data, body):
            body["inferenceConfig"].pop("stopSequences")
            resp = self._send("POST", self._converse_url(model, False), orjson.dumps(body))
        if resp.status >= 300:
            raise self._error(resp.status, resp.headers, resp.data)
        try:
            doc = orjson.loads(resp.data)
        except orjson.JSONDecodeError:
            raise self._error(502, resp.headers, resp.data) from None
        return from_converse_response(doc, model)

    def chat_stream(self, request: dict) -> Iterator[dict]:
        model = str(request.get("model") or "")
        body = to_converse_request(request)
        stream = self._send("POST", self._converse_url(model, True), orjson.dumps(body), stream=True)
        if stream.status >= 300:
            data = _drain(stream)
            if not _stop_sequences_rejected(stream.status, data, body):
                raise self._error(stream.status, stream.headers, data)
            body["inferenceConfig"].pop("stopSequences")
            stream = self._send("POST", self._converse_url(model, True), orjson.dumps(body), stream=True)
            if stream.status >= 300:
                data = _drain(stream)
                raise self._error(stream.status, stream.headers, data)
        yield from stream.relay(translate_event_stream(stream.chunks(), model))

    def list_models(self) -> list[dict]:
        """Give the on-demand text models plus system inference profiles; [] when the control plane has no DNS."""
        try:
            return self._foundation_models() + self._inference_profiles()
        except ProviderError as exc:
            if "DNS" in exc.message:
                return []  # e.g. only a runtime VPC endpoint exists (providers.md §6.6)
            raise

    def _foundation_models(self) -> list[dict]:
        resp = self._send("GET", f"{self._control()}/foundation-models", None, read_timeout=LIST_READ_TIMEOUT)
        if resp.status >= 300:
            raise self._error(resp.status, resp.headers, resp.data)
        models = [
            {
                "id": m["modelId"],
                "name": m.get("modelName") or m["modelId"],
                "ownedBy": m.get("providerName") or "bedrock",
                "capabilities": ["chat"],
            }
            for m in (orjson.loads(resp.data) or {}).get("modelSummaries") or ()
            if "TEXT" in (m.get("outputModalities") or ())
            and "ON_DEMAND" in (m.get("inferenceTypesSupported") or ())
            and m.get("responseStreamingSupported") is not False
        ]
        return models

    def _inference_profiles(self) -> list[dict]:
        """Give the ACTIVE system-defined inference profiles (all pages); listing errors give [] (§6.6)."""
        profiles: list[dict] = []
        token = ""
        for _ in range(20):  # page guard
            query = "type=SYSTEM_DEFINED&maxResults=1000" + (
                f"&nextToken={quote(token, safe='')}" if token else ""
            )
            try:
                resp = self._send(
                    "GET",
                    f"{self._control()}/inference-profiles?{query}",
                    None,
                    read_timeout=LIST_READ_TIMEOUT,
                )
                doc = orjson.loads(resp.data) if resp.status < 300 else {}
            except (ProviderError, orjson.JSONDecodeError):
                return []
            profiles += [
                {
                    "id": p.get("inferenceProfileId") or p.get("inferenceProfileArn"),
                    "name": p.get("inferenceProfileName") or p.get("inferenceProfileId"),
                    "ownedBy": "bedrock",
                    "capabilities": ["chat"],
                }
                for p in doc.get("inferenceProfileSummaries") or ()
                if p.get("status", "ACTIVE") == "ACTIVE"
                and p.get("type", "SYSTEM_DEFINED") == "SYSTEM_DEFINED"
            ]
            token = doc.get("nextToken") or ""
            if not token:
                break
        return profiles

    def test_connection(self) -> dict:
        try:
            return {
                "success": True,
                "modelCount": len(self._foundation_models() + self._inference_profiles()),
            }
        except ProviderError as exc:
            if "DNS" in exc.message:
                return {
                    "success": True,
                    "modelCount": 0,
                    "note": "control plane not reachable — runtime may still work",
                }
            raise


def _drain(stream) -> bytes:
    try:
        return stream.read_all()[:MAX_ERROR_TEXT]
    finally:
        stream.close()


def _stop_sequences_rejected(status: int, data: bytes, body: dict) -> bool:
    """Tell whether Bedrock refused the stop sequences (a 400 ValidationException naming them)."""
    return status == 400 and b"stopSequences" in data and "stopSequences" in body.get("inferenceConfig", {})


def bedrock_error_text(status: int, headers: dict[str, str], data: bytes, proxy: str = "") -> str:
    """Give the error message for a failed Bedrock call: `[bedrock] <ErrorName>: <message>`, or an HTML-page hint."""
    text = data[:MAX_ERROR_TEXT].decode("utf-8", "replace")
    try:
        doc = orjson.loads(data)
    except orjson.JSONDecodeError:
        doc = None
    if not isinstance(doc, dict):
        via = f"the proxy ({proxy})" if proxy else "a proxy"
        return (
            f"[bedrock] HTTP {status}: the answer was not valid JSON — {via}, a wrong VPC endpoint or a firewall "
            f"probably returned an HTML page: {text[:120]}"
        )
    name = (
        (headers.get("x-amzn-errortype") or doc.get("__type") or f"HTTP{status}").split(":")[0].split("#")[-1]
    )
    return f"[bedrock] {name}: {doc.get('message') or doc.get('Message') or text}"


def iter_events(chunks: Iterable[bytes]) -> Iterator[tuple[str, str, dict]]:
    """Yield (message type, event or exception type, JSON payload) per AWS event-stream message (botocore's parser)."""
    buffer = EventStreamBuffer()
    for data in chunks:
        buffer.add_data(data)
        try:
            for message in buffer:
                h = message.headers
                kind = h.get(":message-type", "event")
                name = h.get(":event-type") or h.get(":exception-type") or h.get(":error-code") or ""
                try:
                    payload = orjson.loads(message.payload) if message.payload else {}
                except orjson.JSONDecodeError:
                    payload = {"message": message.payload.decode("utf-8", "replace")}
                yield kind, name, payload if isinstance(payload, dict) else {}
        except ParserError as exc:
            raise ProviderError(
                f"[bedrock] malformed event stream: {type(exc).__name__}: {exc}", status=502
            ) from None


def translate_event_stream(chunks: Iterable[bytes], model: str) -> Iterator[dict]:
    """Yield OpenAI chunks for a ConverseStream body; exceptions raise, a cut stream raises 502."""
    factory = ChunkFactory(id=base36_id(), model=model)
    tool_index: dict[int, int] = {}
    stopped = False
    for kind, name, doc in iter_events(chunks):
        if kind != "event":
            message = doc.get("message") or doc.get("Message") or orjson.dumps(doc).decode()
            # Same spelling as the HTTP error header (ThrottlingException), which the gateway's mappers match.
            title = name[:1].upper() + name[1:]
            raise ProviderError(f"[bedrock] {title}: {message}", status=EXCEPTION_STATUS.get(name, 502))
        if name == "messageStart":
            yield factory.delta(role="assistant", content="")
        elif name == "contentBlockStart":
            use = (doc.get("start") or {}).get("toolUse")
            if use:
                tool_index[int(doc.get("contentBlockIndex", 0))] = len(tool_index)
                yield factory.tool_start(len(tool_index) - 1, use.get("toolUseId", ""), use.get("name", ""))
        elif name == "contentBlockDelta":
            delta = doc.get("delta") or {}
            if "text" in delta:
                yield factory.delta(content=delta["text"])
            elif "toolUse" in delta:
                index = tool_index.get(int(doc.get("contentBlockIndex", 0)), max(len(tool_index) - 1, 0))
                yield factory.tool_arguments(index, (delta["toolUse"] or {}).get("input", ""))
            elif "reasoningContent" in delta and (delta["reasoningContent"] or {}).get("text"):
                yield factory.delta(reasoning_content=delta["reasoningContent"]["text"])
        elif name == "messageStop":
            stopped = True
            yield factory.finish(STOP_REASONS.get(doc.get("stopReason") or "", "stop"))
        elif name == "metadata":
            yield factory.usage(converse_usage(doc.get("usage") or {}))
            return
    if not stopped:
        raise ProviderError(CUT_STREAM, status=502)
