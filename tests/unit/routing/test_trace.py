"""The routing context's evolve: a copy with the changes, one trace entry more, unknown fields refused."""

from __future__ import annotations

import pytest

from model_prism.routing import RouteOptions
from model_prism.routing.context import RoutingContext
from model_prism.routing.trace import TraceEntry
from tests.unit.routing.builders import make_env


def _ctx() -> RoutingContext:
    return RoutingContext(
        request={}, endpoint="/chat/completions", env=make_env(), opts=RouteOptions(), started=0.0
    )


def test_evolve_gives_a_copy_with_the_changes_and_one_more_trace_entry():
    start = _ctx()
    first = start.evolve("rule_set", {"ruleSetName": "default"}, True, confidence=0.5, domain="tech")
    second = first.evolve("custom_stage", {"n": 1}, None)
    assert (start.confidence, start.domain, start.trace) == (0.0, None, ())
    assert (first.confidence, first.domain) == (0.5, "tech") and second.confidence == 0.5
    assert first.trace == (
        TraceEntry(1, "rule_set", "Rule-Set Pre-Routing", True, {"ruleSetName": "default"}),
    )
    assert second.trace[1] == TraceEntry(2, "custom_stage", "custom_stage", None, {"n": 1})
    assert second.trace[1].to_dict() == {
        "step": 2,
        "name": "custom_stage",
        "stage": "custom_stage",
        "changed": None,
        "data": {"n": 1},
    }
    with pytest.raises(AttributeError):
        second.trace[1].step = 5  # entries stay frozen


def test_evolve_refuses_unknown_fields():
    with pytest.raises(TypeError, match="nope"):
        _ctx().evolve("rule_set", {}, True, confidence=0.1, nope=1)
