"""routing-eval JSONL round trip and the side-by-side comparison of runs."""

from __future__ import annotations

import pytest

from model_prism.routing.evaluation import load_items
from model_prism.synthetic.compare import compare
from model_prism.synthetic.export import from_jsonl, to_jsonl

CASES = [{"_id": "a", "prompt": "Translate hi", "systemPrompt": "You translate.", "expectedCategory": "translation",
          "expectedTierMin": "minimal", "expectedTierMax": None, "tags": ["generated"]},
         {"_id": "b", "prompt": "no label", "tags": []}]  # fmt: skip


def test_export_is_readable_by_routing_eval_and_imports_back():
    text = to_jsonl("My Suite!", CASES)
    items = load_items(text.splitlines())
    assert len(items) == 1 and items[0].id == "my-suite-0001" and items[0].tier_max == "critical"
    assert items[0].request["messages"][0] == {"role": "system", "content": "You translate."}
    back = from_jsonl(text)
    assert back[0]["prompt"] == "Translate hi" and back[0]["systemPrompt"] == "You translate."
    assert back[0]["expectedTierMin"] == "minimal" and back[0]["expectedCategory"] == "translation"


def test_import_rejects_lines_without_a_chat_request():
    with pytest.raises(ValueError, match="line 2"):
        from_jsonl(
            '{"request": {"messages": [{"role": "user", "content": "x"}]}}\n{"request": {"prompt": "x"}}'
        )


def _run(rid: str, created: str, tier: str, matches: int) -> dict:
    results = [{"testCaseId": "a", "prompt": "p", "finalTier": tier, "category": "c", "finalModel": "m",
                "tierMatch": True, "categoryMatch": True},
               {"testCaseId": "b", "prompt": "q", "finalTier": "low", "category": "c", "finalModel": "m"}]  # fmt: skip
    return {
        "_id": rid,
        "createdAt": created,
        "results": results,
        "summary": {"tierMatches": matches, "total": 2},
    }


def test_compare_orders_runs_and_marks_changed_cases():
    out = compare([_run("new", "2026-02-01", "high", 1), _run("old", "2026-01-01", "low", 2)])
    assert [r["_id"] for r in out["runs"]] == ["old", "new"] and out["changedCases"] == 1
    assert out["cases"][0]["changed"] and not out["cases"][1]["changed"]
    assert [c["tier"] for c in out["cases"][0]["cells"]] == ["low", "high"] and out["deltas"][
        "tierMatches"
    ] == -1
