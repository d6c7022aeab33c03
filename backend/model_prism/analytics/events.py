"""The usage event the gateway emits once per request; the sink turns it into documents."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bson import ObjectId


@dataclass(frozen=True)
class UsageEvent:
    request_id: str
    tenant_id: str
    timestamp: datetime
    status: str  # success | error
    endpoint: str
    requested_model: str
    routed_model: str
    provider_id: str | None = None
    session_id: str | None = None
    user_name: str | None = None
    streaming: bool = False
    input_tokens: int = 0
    output_tokens: int = 0
    cached_input_tokens: int = 0
    reasoning_tokens: int = 0
    actual_cost: float = 0.0
    baseline_cost: float = 0.0
    saved: float = 0.0
    baseline_model: str | None = None
    routing_cost: float = 0.0
    is_auto_routed: bool = False
    duration_ms: int | None = None
    http_status: int | None = None
    error_type: str | None = None
    error_message: str | None = None
    error_category: str | None = None
    routing: dict[str, Any] | None = None  # category, costTier, confidence, … and routingSignals
    extra: dict[str, Any] = field(default_factory=dict)  # further request-log fields (snapshots, fallbacks …)
    # the request log's _id, fixed at creation so a retried batch write cannot store a record twice
    event_id: str = field(default_factory=lambda: str(ObjectId()))
