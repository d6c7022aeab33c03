"""Session ids (gateway §6) and the per-worker session memory: one-shot requests' generated ids are not kept."""

from __future__ import annotations

import uuid
from types import MappingProxyType

from model_prism.analytics.costs import Usage
from model_prism.gateway.accounting import Accounting, account
from model_prism.gateway.identity import identify
from model_prism.gateway.sessions import SessionMemory
from tests.unit.limits.builders import context, tenant

SYSTEM = {"role": "system", "content": "You are a coding agent."}


def _identified(body: dict, headers: dict | None = None):
    ctx = context(tenant(), target="small", body=body)
    return identify(ctx.evolve("test", {}, headers=MappingProxyType(headers or {})))


def _served(memory: SessionMemory, ctx) -> None:
    acc: Accounting = account(ctx, Usage(1000, 10))
    memory.after_success(ctx, acc)


def test_header_and_agent_chat_ids_are_stable_and_a_one_shot_id_is_generated():
    one_shot = _identified({"model": "small", "messages": [{"role": "user", "content": "hi"}]})
    assert one_shot.session_generated and uuid.UUID(one_shot.session_id).version == 4
    header = _identified({"model": "small", "messages": []}, {"x-session-id": "abc"})
    assert (header.session_id, header.session_generated) == ("abc", False)
    turns = [SYSTEM, {"role": "user", "content": "a"}, {"role": "assistant", "content": "b"}]
    agent = _identified({"model": "small", "messages": [*turns, {"role": "user", "content": "c"}]})
    assert agent.session_id.startswith("sp-") and agent.session_id.endswith("-team-a")
    assert not agent.session_generated


def test_session_memory_keeps_real_sessions_and_skips_generated_ones():
    memory = SessionMemory()
    one_shot = _identified({"model": "small", "messages": [{"role": "user", "content": "hi"}]})
    header = _identified({"model": "small", "messages": []}, {"x-session-id": "abc"})
    for ctx in (one_shot, header):
        _served(memory, ctx)
    assert memory.get(one_shot.session_id) is None
    kept = memory.get("abc")
    assert kept is not None and kept.model == "small"
    assert len(memory._items) == 1


def test_many_one_shot_requests_do_not_push_a_real_session_out():
    memory = SessionMemory()
    _served(memory, _identified({"model": "small", "messages": []}, {"x-session-id": "agent-1"}))
    for _ in range(1000):
        _served(memory, _identified({"model": "small", "messages": [{"role": "user", "content": "x"}]}))
    assert memory.get("agent-1") is not None and len(memory._items) == 1
