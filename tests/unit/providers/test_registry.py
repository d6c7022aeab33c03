"""The registry: normalisation, matching, suggestions and the shipped data agreeing with the spec data."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from model_prism.providers.registry import entries, find_model, get_benchmarks, normalise, suggest_for_model

SPEC = Path(__file__).resolve().parents[3].parent / "shared" / "spec" / "data"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("eu.anthropic.claude-sonnet-4-20250514-v1:0", "claude-sonnet-4"),
        ("us-gov.meta.llama3-1-70b-instruct-v1:0", "llama3-1-70b-instruct"),
        (
            "gpt-4o-2024-08-06",
            "gpt-4o-08-06",
        ),  # spec §8.2 drops only the 4-digit year; containment still matches
        ("Claude 3.5 Sonnet", "claude-3-5-sonnet"),
        ("models/gemini-2.5-pro-latest", "models-gemini-2-5-pro"),
        ("global.anthropic.claude-opus-4-6-v1", "claude-opus-4-6"),
    ],
)
def test_normalise(raw, expected):
    assert normalise(raw) == expected


@pytest.mark.parametrize(
    ("model_id", "registry_id"),
    [
        ("eu.anthropic.claude-sonnet-4-20250514-v1:0", "claude-sonnet-4"),
        ("anthropic/claude-opus-4-6", "claude-opus-4-6"),
        ("gpt-4o-mini-2024-07-18", "gpt-4o-mini"),  # the longer contained pattern wins over gpt-4o
        ("azure-gpt-4.1-nano", "gpt-4.1-nano"),
        ("o3", "o3"),
    ],
)
def test_find_model(model_id, registry_id):
    assert find_model(model_id)["id"] == registry_id


def test_unknown_model_has_no_suggestion():
    assert suggest_for_model("totally-unknown-model-xyz") is None


def test_suggestion_fields():
    s = suggest_for_model("claude-haiku-4-5-20251001")
    assert s["tier"] == "low" and s["inputPer1M"] == 0.8 and s["outputPer1M"] == 4
    assert s["contextWindow"] == 200_000 and s["maxOutputTokens"] == 8192
    assert s["benchmarks"] == {"intelligence": 73, "coding": 69, "math": 65, "speed": 92}
    assert s["cachedInputPer1M"] == pytest.approx(0.08) and s["source"] == "local_registry"


def test_benchmarks_only_for_scored_models():
    assert set(get_benchmarks(["gpt-4o", "gpt-5", "nope"])) == {"gpt-4o"}


@pytest.mark.skipif(
    not SPEC.is_dir(), reason="spec data folder ../shared/spec/data not present in this checkout"
)
def test_shipped_registry_matches_the_spec_data():
    spec = orjson.loads((SPEC / "model_registry.json").read_bytes())
    ours = {e["id"]: e for e in entries()}
    assert len(ours) == len(spec) == 88
    for e in spec:
        mine = ours[e["id"]]
        assert (mine["tier"], mine["prices"]["input"], mine["prices"]["output"]) == (
            e["tier"],
            e["inputPer1M"],
            e["outputPer1M"],
        )
        assert (mine["context"]["window"], mine["context"]["maxOutput"]) == (
            e["contextWindow"],
            e.get("maxOutputTokens"),
        )
        assert mine["aliases"] == e["patterns"] and (mine["benchmarks"] or None) == (
            e.get("benchmarks") or None
        )
