"""Evaluator prompt for a test run and validation of its structured findings, each with a target reference."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import orjson

from ..routing.tiers import is_tier
from .llm_json import MalformedAnswer

TYPES = ("misrouted", "category_rules", "cost_saving", "quality_risk")
OVERRIDES = ("visionUpgrade", "toolCallUpgrade", "confidenceFallback", "domainGate", "conversationTurnUpgrade",
             "frustrationUpgrade", "outputLengthUpgrade")  # fmt: skip
MARKER = "You review the decisions of an LLM request router."
#: keeps the evaluator prompt within a small model's context; mismatches are listed first
MAX_LINES = 150


@dataclass(frozen=True)
class References:
    """What findings may point at: the run's cases (by number), categories, rules and the tenant's overrides."""

    case_ids: tuple[str, ...]
    categories: Mapping[str, str]  # key → category document id
    rules: Mapping[str, str] = field(default_factory=dict)  # keyword-rule or role name → rule-set id
    tenant_id: str = ""


def _line(n: int, r: Mapping[str, Any]) -> str:
    expected = r.get("expectedCategory") or "-"
    span = f"{r.get('expectedTierMin') or '-'}..{r.get('expectedTierMax') or '-'}"
    ok = "" if r.get("tierMatch") and r.get("categoryMatch") else "  [MISMATCH]"
    return (f"#{n} {str(r.get('prompt'))[:120]!r} → category {r.get('category')}, tier {r.get('finalTier')}, "
            f"model {r.get('finalModel')}, confidence {r.get('confidence')}, source {r.get('reasoning')}, "
            f"cost ${r.get('estimatedCostUsd', 0):.5f}; expected {expected} tier {span}{ok}")  # fmt: skip


def _shown(results: list) -> list[tuple[int, Mapping[str, Any]]]:
    """Give the numbered results to list: all when few, else mismatches first, up to MAX_LINES, in order."""
    numbered = list(enumerate(results, 1))
    if len(numbered) <= MAX_LINES:
        return numbered
    ok = lambda r: r.get("tierMatch") and r.get("categoryMatch")  # noqa: E731
    picked = [x for x in numbered if not ok(x[1])][:MAX_LINES]
    picked += [x for x in numbered if ok(x[1])][: MAX_LINES - len(picked)]
    return sorted(picked, key=lambda x: x[0])


def messages_for(suite_name: str, run: Mapping[str, Any], refs: References) -> list[dict]:
    """Give the chat messages asking the evaluator for findings about one run."""
    lines = "\n".join(_line(n, r) for n, r in _shown(run.get("results") or []))
    system = (f"{MARKER} Find misrouted prompts, categories whose rules or examples should change, places "
              "where cost can drop without losing quality and places where quality is at risk. Answer only "
              "with JSON, no markdown.")  # fmt: skip
    user = (
        f"Suite: {suite_name}\nSummary: {orjson.dumps(run.get('summary') or {}).decode()}\n"
        f"Categories: {', '.join(sorted(refs.categories))[:4000]}\nRules: {', '.join(sorted(refs.rules)) or 'none'}\n"
        f"Tenant override toggles: {', '.join(OVERRIDES)}\nResults:\n{lines}\n\n"
        'Answer with {"score": 0-100, "analysis": "2-3 short paragraphs", "findings": [...]}. Each finding is '
        'one of: {"type": "misrouted", "case": <#number>, "suggestedCategory": key, "suggestedTier": tier|null, '
        '"reason": str}; {"type": "category_rules", "category": key, "rule": rule name|null, "suggestion": str}; '
        '{"type": "cost_saving" or "quality_risk", "suggestion": str, and at least one of "category": key, '
        '"rule": rule name, "override": toggle}. Use only the keys, names and numbers listed above.'
    )
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def _target(f: Mapping[str, Any], refs: References, n: int, problems: list[str]) -> dict | None:
    if f.get("rule"):
        if f["rule"] not in refs.rules:
            problems.append(f"finding {n}: unknown rule {f['rule']!r}")
            return None
        return {"kind": "rule", "ruleSetId": refs.rules[f["rule"]], "rule": f["rule"]}
    if f.get("override"):
        if f["override"] not in OVERRIDES:
            problems.append(f"finding {n}: unknown override {f['override']!r}")
            return None
        return {"kind": "override", "tenantId": refs.tenant_id, "override": f["override"]}
    key = f.get("suggestedCategory") if f.get("type") == "misrouted" else f.get("category")
    if key in refs.categories:
        return {"kind": "category", "categoryId": refs.categories[key], "category": key}
    problems.append(f"finding {n}: unknown or missing category {key!r}")
    return None


def _finding(f: Any, refs: References, n: int, problems: list[str]) -> dict | None:
    if not isinstance(f, dict) or f.get("type") not in TYPES:
        problems.append(f"finding {n}: type must be one of {', '.join(TYPES)}")
        return None
    text = f.get("reason") if f["type"] == "misrouted" else f.get("suggestion")
    if not isinstance(text, str) or not text.strip():
        problems.append(f"finding {n}: missing {'reason' if f['type'] == 'misrouted' else 'suggestion'}")
        return None
    out: dict[str, Any] = {"type": f["type"], "text": text.strip()[:1000]}
    if f["type"] == "misrouted":
        case = f.get("case")
        case = int(str(case).lstrip("#")) if str(case).lstrip("#").isdigit() else 0
        if not 1 <= case <= len(refs.case_ids):
            problems.append(f"finding {n}: case must be a result number 1..{len(refs.case_ids)}")
            return None
        out.update(case=case, testCaseId=refs.case_ids[case - 1], suggestedCategory=f.get("suggestedCategory"),
                   suggestedTier=f.get("suggestedTier") if is_tier(f.get("suggestedTier")) else None)  # fmt: skip
    target = _target(f, refs, n, problems)
    return {**out, "target": target} if target else None


def validate_evaluation(parsed: Any, refs: References) -> dict:
    """Give {score, analysis, findings}; raise MalformedAnswer listing every problem (nothing half-applied)."""
    if not isinstance(parsed, dict):
        raise MalformedAnswer(["expected a JSON object"])
    problems: list[str] = []
    score = parsed.get("score")
    if isinstance(score, bool) or not isinstance(score, int | float) or not 0 <= score <= 100:
        problems.append("score must be a number 0-100")
    if not isinstance(parsed.get("analysis"), str):
        problems.append("analysis must be a string")
    raw = parsed.get("findings")
    if not isinstance(raw, list):
        problems.append("findings must be an array")
        raw = []
    findings = [_finding(f, refs, n, problems) for n, f in enumerate(raw, 1)]
    if problems:
        raise MalformedAnswer(problems)
    return {"score": round(float(score)), "analysis": parsed["analysis"].strip(), "findings": findings}


def legacy_suggestions(findings: list[dict]) -> dict:
    """Give the spec's {qualitySuggestions, costSuggestions} lists derived from the findings."""
    quality = [f["text"] for f in findings if f["type"] in ("quality_risk", "category_rules", "misrouted")]
    return {
        "qualitySuggestions": quality,
        "costSuggestions": [f["text"] for f in findings if f["type"] == "cost_saving"],
    }
