"""Routing quality harness: run labelled requests through the dry run and measure the decisions.

Input format: one JSON object per line as in routing-dev.jsonl — `{id, endpoint, request, category,
also_ok, tier_min, tier_max, why}`. `main(argv)` backs `model-prism routing-eval FILE.jsonl`.
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from model_prism.routing import seeds
from model_prism.routing.environment import RouteOptions, RoutingEnvironment
from model_prism.routing.errors import RoutingUnavailable
from model_prism.routing.eval_env import default_eval_environment, local_status
from model_prism.routing.eval_report import format_report
from model_prism.routing.pipeline import route_request
from model_prism.routing.tiers import idx

TRIVIAL = frozenset({"coding_autocomplete", "chat_title_generation", "smalltalk_simple"})
_OUTPUT_TOKENS = {"short": 150, "medium": 400, "long": 1200}

__all__ = [
    "EvalItem",
    "EvalOutcome",
    "EvalReport",
    "evaluate",
    "format_report",
    "default_eval_environment",
    "main",
]


@dataclass(frozen=True)
class EvalItem:
    """One labelled request."""

    id: str
    endpoint: str
    request: dict[str, Any]
    category: str
    also_ok: tuple[str, ...] = ()
    tier_min: str | None = None
    tier_max: str | None = None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> EvalItem:
        """Give an item from one JSONL object."""
        return cls(
            id=str(d.get("id", "")), endpoint=str(d.get("endpoint") or "/chat/completions"),
            request=dict(d.get("request") or {}), category=str(d["category"]),
            also_ok=tuple(d.get("also_ok") or ()), tier_min=d.get("tier_min"), tier_max=d.get("tier_max"),
        )  # fmt: skip


@dataclass(frozen=True)
class EvalOutcome:
    """How the router handled one item."""

    item: EvalItem
    category: str | None
    tier: str | None
    model: str | None
    classifier_called: bool
    decided_by: str
    routing_ms: float
    cost_usd: float
    baseline_usd: float
    error: str | None = None
    would_call_llm: bool = False  # a configured LLM classifier would have been asked (confidence < threshold)

    @property
    def category_ok(self) -> bool:
        return self.category == self.item.category or self.category in self.item.also_ok

    @property
    def under(self) -> bool:
        return bool(self.item.tier_min) and idx(self.tier) < idx(self.item.tier_min)

    @property
    def over(self) -> bool:
        return bool(self.item.tier_max) and idx(self.tier) > idx(self.item.tier_max)


@dataclass(frozen=True)
class EvalReport:
    """Aggregated quality numbers of one evaluation run."""

    outcomes: tuple[EvalOutcome, ...]
    label: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def _share(self, pred) -> float:
        return sum(1 for o in self.outcomes if pred(o)) / len(self.outcomes) if self.outcomes else 0.0

    @property
    def accuracy(self) -> float:
        return self._share(lambda o: o.category_ok)

    @property
    def strict_accuracy(self) -> float:
        return self._share(lambda o: o.category == o.item.category)

    @property
    def tier_agreement(self) -> float:
        return self._share(lambda o: not o.error and not o.under and not o.over)

    @property
    def under_rate(self) -> float:
        return self._share(lambda o: o.under)

    @property
    def over_rate(self) -> float:
        return self._share(lambda o: o.over)

    @property
    def llm_share(self) -> float:
        return self._share(lambda o: o.classifier_called)

    @property
    def would_call_share(self) -> float:
        return self._share(lambda o: o.would_call_llm)

    @property
    def local_share(self) -> float:
        return self._share(lambda o: o.decided_by == "local")

    @property
    def trivial_above_low(self) -> list[EvalOutcome]:
        return [o for o in self.outcomes if o.item.category in TRIVIAL and idx(o.tier) > idx("low")]

    @property
    def macro_f1(self) -> float:
        pairs = [(o.item.category, o.item.category if o.category_ok else o.category) for o in self.outcomes]
        labels = {t for t, _ in pairs}
        f1s = []
        for c in labels:
            tp = sum(1 for t, p in pairs if t == c and p == c)
            fp = sum(1 for t, p in pairs if t != c and p == c)
            fn = sum(1 for t, p in pairs if t == c and p != c)
            f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
        return sum(f1s) / len(f1s) if f1s else 0.0

    @property
    def median_ms(self) -> float:
        return statistics.median(o.routing_ms for o in self.outcomes) if self.outcomes else 0.0

    def confusions(self) -> dict[str, dict[str, int]]:
        """Give label → {predicted: count} for the misclassified items."""
        out: dict[str, dict[str, int]] = {}
        for o in self.outcomes:
            if not o.category_ok:
                row = out.setdefault(o.item.category, {})
                row[str(o.category)] = row.get(str(o.category), 0) + 1
        return out


def load_items(lines: Iterable[str]) -> list[EvalItem]:
    """Give the items of a JSONL text (blank lines and lines starting with // are skipped)."""
    return [EvalItem.from_dict(json.loads(x)) for x in lines if x.strip() and not x.lstrip().startswith("//")]


def _price(env: RoutingEnvironment, model_id: str | None, tokens_in: int, tokens_out: int) -> float:
    m = env.visible_model(model_id)
    if m is None:
        return 0.0
    return (tokens_in * (m.input_per_1m or 0) + tokens_out * (m.output_per_1m or 0)) / 1e6


def evaluate_one(item: EvalItem, env: RoutingEnvironment, use_classifier: bool = False) -> EvalOutcome:
    """Give the outcome of routing one item through the dry run."""
    opts = RouteOptions(dry_run=True, use_classifier=use_classifier)
    try:
        r = route_request(item.request, item.endpoint, env, opts)
    except RoutingUnavailable as exc:
        return EvalOutcome(item, None, None, None, False, "unavailable", 0.0, 0.0, 0.0, str(exc))
    t_in, t_out = r.signals.total_tokens, _OUTPUT_TOKENS.get(r.estimated_output_length, 400)
    threshold = env.rule_set.confidence_threshold if env.rule_set else 0.65
    would_call = not r.classifier_called and r.decided_by in ("local", "rules") and r.confidence < threshold
    cost = _price(env, r.model_id, t_in, t_out) + r.routing_cost_usd
    baseline = _price(env, env.settings.baseline_model, t_in, t_out)
    return EvalOutcome(
        item, r.category, r.cost_tier, r.model_id, r.classifier_called, r.decided_by,
        r.analysis_time_ms, cost, baseline, would_call_llm=would_call,
    )  # fmt: skip


def evaluate(
    items: Sequence[EvalItem | dict[str, Any]],
    env: RoutingEnvironment,
    use_classifier: bool = False,
    label: str = "",
) -> EvalReport:
    """Give the report of routing every item (EvalItem or JSONL dict) through the dry run.

    The LLM classifier is only called when `use_classifier` is set and the environment has one.
    """
    parsed = [i if isinstance(i, EvalItem) else EvalItem.from_dict(i) for i in items]
    return EvalReport(tuple(evaluate_one(i, env, use_classifier) for i in parsed), label or local_status(env))


def main(argv: Sequence[str] | None = None) -> int:
    """Run `routing-eval FILE.jsonl`; give 0 on success, 2 when the file cannot be read."""
    ap = argparse.ArgumentParser(prog="model-prism routing-eval", description=__doc__.splitlines()[0])
    ap.add_argument(
        "file", nargs="?", default=None,
        help="labelled JSONL (routing-dev.jsonl format); '-' reads stdin; default: the shipped starter set",
    )  # fmt: skip
    ap.add_argument("--no-local", action="store_true", help="disable the local classifier (rules only)")
    ap.add_argument("--no-embedding", action="store_true", help="local classifier without embeddings")
    ap.add_argument("--misses", type=int, default=15, help="list up to N misclassified items")
    ap.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)  # before WordLlama's import-time basicConfig(INFO)
    logging.getLogger("model_prism.routing").setLevel(logging.WARNING)
    try:
        if args.file is None:
            text = seeds.read_text("starter_eval.jsonl")
        elif args.file == "-":
            text = sys.stdin.read()
        else:
            with open(args.file, encoding="utf-8") as fh:
                text = fh.read()
        items = load_items(text.splitlines())
    except (OSError, ValueError, KeyError) as exc:
        print(f"routing-eval: cannot read {args.file}: {exc}", file=sys.stderr)
        return 2
    local = "none" if args.no_local else ("lexical" if args.no_embedding else "auto")
    env = default_eval_environment(local=local)
    report = evaluate(items, env, label=f"local classifier: {local_status(env)}")
    print(format_report(report, misses=args.misses, as_json=args.json))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
