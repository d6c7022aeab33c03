"""Error classification for request-log badges (spec gateway §19): a data table, first match wins."""

from __future__ import annotations

import re

# (pattern, category, description). Our product starts with provider/proxy entries only (no "fixed in" history).
ERROR_PATTERNS: tuple[tuple[str, str, str], ...] = (
    (
        r"Too many connections|ThrottlingException|ServiceUnavailable",
        "provider",
        "Rate limit — wait and retry",
    ),
    (
        r"context.*length|maximum.*context|too many tokens|prompt is too long",
        "provider",
        "Context window exceeded",
    ),
    (r"ECONNREFUSED|Connection refused", "provider", "Connection refused"),
    (r"ETIMEDOUT|timed out", "provider", "Connection timed out"),
    (r"ENOTFOUND|DNS lookup failed", "provider", "DNS name not found"),
    (r"rate_limit.*tenant|Rate limit exceeded for tenant", "provider", "Tenant rate limit exceeded"),
    (
        r"max_tokens.*exceeds.*model limit|maximum tokens.*exceeds",
        "provider",
        "Max tokens exceeds model limit",
    ),
    (r"terminated|stream.*terminated|stream interrupted", "provider", "Stream connection terminated"),
    (r"Bad Gateway|502.*Bad", "provider", "Provider returned 502"),
    (r"Multimodal.*not supported", "provider", "Model does not support multimodal input"),
    (
        r"modelStreamErrorException|invalid sequence.*ToolUse",
        "provider",
        "Model produced invalid tool use sequence",
    ),
    (r"Server disconnected", "provider", "Server disconnected mid-response"),
    (r"array too long|too many tools", "provider", "Too many tools (provider limit)"),
    (r"image.*url|Unable to access.*image", "provider", "Image URL not accessible"),
    (r"promptCaching.*Extra inp", "provider", "Prompt caching error"),
    (r"tool.*is a duplicate|duplicate tool", "provider", "Duplicate tool name"),
    (r"toolConfig field must be", "provider", "Bedrock tool config validation"),
    (r"Unknown parameter.*tool_call", "provider", "Azure unsupported parameter"),
    (
        r"Unknown parameter.*'thinking'|'thinking'.*not.*supported|extra inputs.*thinking|thinking.*unknown"
        r"|betas.*not.*supported|Unknown parameter.*'betas'",
        "provider",
        "Anthropic-only params sent to another provider",
    ),
    (r"final assistant content", "provider", "Bedrock validation error"),
    (r"URLBlocked|Tunnel connection failed.*403", "proxy", "Proxy blocking target URL"),
    (r"ProxyError|Unable to connect to proxy", "proxy", "Proxy unreachable"),
    (r"McAfee|Web Gateway|<!DOCTYPE.*html", "proxy", "Proxy/firewall returned HTML"),
)
_COMPILED = tuple((re.compile(p, re.IGNORECASE | re.DOTALL), c, d) for p, c, d in ERROR_PATTERNS)


def classify(message: str) -> tuple[str, str]:
    """Give (category, description) for an error message; ('unknown', 'Unclassified error') when nothing matches."""
    for pattern, category, description in _COMPILED:
        if pattern.search(message or ""):
            return category, description
    return "unknown", "Unclassified error"
