"""Validation of generator and evaluator answers."""

from __future__ import annotations

import pytest

from model_prism.synthetic.findings import References, legacy_suggestions, messages_for, validate_evaluation
from model_prism.synthetic.generation import CategoryInfo, validate_cases
from model_prism.synthetic.generation import messages_for as gen_messages
from model_prism.synthetic.llm_json import MalformedAnswer

CAT = CategoryInfo("translation", "Translation", "Translate text", "low")
KNOWN = {"translation", "sql_generation"}
REFS = References(case_ids=("c1", "c2"), categories={"translation": "id-t", "sql_generation": "id-s"},
                  rules={"Security": "rs-1"}, tenant_id="t-1")  # fmt: skip


def test_generator_prompt_names_category_count_and_languages():
    user = gen_messages(CAT, 4, ["en", "de"], [CAT])[1]["content"]
    assert "exactly 4" in user and "`translation`" in user and "English, German" in user


def test_generated_items_are_normalised_and_invented_categories_dropped():
    parsed = [{"prompt": " Translate hi to French ", "category": "translation", "language": "de", "tierMin": "bogus"},
              {"prompt": "Write SQL for users", "category": "sql_generation", "tierMin": "medium", "tierMax": "low"},
              {"prompt": "Something else", "category": "made_up"}]  # fmt: skip
    out = validate_cases(parsed, CAT, 5, ["en", "de"], KNOWN)
    assert out["rejected"] == 1 and len(out["cases"]) == 2
    first, second = out["cases"]
    assert first["prompt"] == "Translate hi to French" and first["expectedTierMin"] == "low"
    assert first["tags"][:2] == ["generated", "lang:de"]
    assert (
        second["expectedTierMin"] == "medium" and second["expectedTierMax"] is None
    )  # max below min dropped
    assert validate_cases({"prompts": parsed}, CAT, 1, ["en"], KNOWN)["cases"][0]["tags"][1] == "lang:en"


@pytest.mark.parametrize(
    "parsed", [{"x": 1}, [], ["text"], [{"prompt": ""}], [{"prompt": "ok", "category": "nope"}]]
)
def test_malformed_generator_answers_raise(parsed):
    with pytest.raises(MalformedAnswer):
        validate_cases(parsed, CAT, 3, ["en"], KNOWN)


def test_findings_resolve_targets():
    parsed = {"score": 81, "analysis": "ok", "findings": [
        {"type": "misrouted", "case": "#2", "suggestedCategory": "translation", "suggestedTier": "nope", "reason": "r"},
        {"type": "category_rules", "category": "sql_generation", "rule": "Security", "suggestion": "tighten"},
        {"type": "cost_saving", "override": "toolCallUpgrade", "suggestion": "lower the minimum"}]}  # fmt: skip
    out = validate_evaluation(parsed, REFS)
    miss, rule, cost = out["findings"]
    assert miss["testCaseId"] == "c2" and miss["suggestedTier"] is None
    assert miss["target"] == {"kind": "category", "categoryId": "id-t", "category": "translation"}
    assert rule["target"] == {"kind": "rule", "ruleSetId": "rs-1", "rule": "Security"}
    assert cost["target"] == {"kind": "override", "tenantId": "t-1", "override": "toolCallUpgrade"}
    assert legacy_suggestions(out["findings"]) == {"qualitySuggestions": ["r", "tighten"],
                                                   "costSuggestions": ["lower the minimum"]}  # fmt: skip


def test_every_problem_of_an_evaluation_is_listed():
    parsed = {"score": 120, "findings": [{"type": "misrouted", "case": 7, "suggestedCategory": "translation",
                                          "reason": "r"}, {"type": "odd"}, {"type": "cost_saving", "rule": "Nope",
                                          "suggestion": "s"}]}  # fmt: skip
    with pytest.raises(MalformedAnswer) as err:
        validate_evaluation(parsed, REFS)
    text = " | ".join(err.value.problems)
    for part in ("score must be", "analysis must be", "case must be a result number 1..2", "type must be",
                 "unknown rule 'Nope'"):  # fmt: skip
        assert part in text


def test_evaluator_prompt_lists_results_by_number_with_mismatch_markers():
    run = {"summary": {"total": 2}, "results": [
        {"prompt": "hi", "category": "smalltalk_simple", "finalTier": "micro", "tierMatch": True, "categoryMatch": True},
        {"prompt": "translate", "category": "smalltalk_simple", "tierMatch": True, "categoryMatch": False}]}  # fmt: skip
    user = messages_for("Suite A", run, REFS)[1]["content"]
    assert (
        "#1 'hi'" in user
        and "#2 'translate'" in user
        and user.count("[MISMATCH]") == 1
        and "Security" in user
    )


def test_a_long_run_lists_mismatches_first_keeping_their_numbers():
    results = [{"prompt": f"p{i}", "tierMatch": True, "categoryMatch": i != 199} for i in range(200)]
    refs = References(case_ids=tuple(str(i) for i in range(200)), categories={})
    user = messages_for("S", {"results": results}, refs)[1]["content"]
    assert "#200 'p199'" in user and "[MISMATCH]" in user and user.count("\n#") == 150
