"""Benchmark the routing decision (no LLM call): median and p99 for a typical and an 8k-token request.

Run: python bench/bench_routing.py [--rounds N]. Targets (issue #5), with the gateway's default local
classifier (lexical cues + WordLlama): < 1 ms median for a typical chat request, < 3 ms for an 8k one.

Every measured request carries a new text (a rotating question plus a unique reference), so the
router's caches of recently seen texts (cue matches, word pieces) do not answer the newest message;
the system prompt and earlier turns recur, as they do in a real conversation. The "repeated text"
rows show the cache-hit case (an agent loop resending the same instruction).
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import time

from model_prism.routing import RouteOptions, route_request
from model_prism.routing.eval_env import default_eval_environment, local_status
from model_prism.routing.signals import extract_signals

TARGETS_MS = {"typical chat": 1.0, "8k-token": 3.0}

TYPICAL = {
    "messages": [
        {"role": "system", "content": "You are a helpful assistant for the engineering team."},
        {
            "role": "user",
            "content": "How do I make a Python dataclass immutable and still give it a computed field?",
        },
        {
            "role": "assistant",
            "content": "Use @dataclass(frozen=True) and set the field in __post_init__ ...",
        },
        {"role": "user", "content": "Can you show the full example with a validation step and a unit test?"},
    ]
}

#: Follow-up questions the typical request rotates through (each also gets a unique reference).
FOLLOW_UPS = (
    "Can you show the full example with a validation step and a unit test?",
    "Would a NamedTuple be simpler here, and what do I lose compared to the dataclass?",
    "How does this interact with pickling and copy.replace in Python 3.13?",
    "Could you explain why __post_init__ needs object.__setattr__ for frozen classes?",
    "What is the performance cost of frozen dataclasses compared to plain ones?",
    "Please rewrite it with attrs instead and point out the differences.",
    "Is there a way to make the computed field lazy, so it is only built when first read?",
    "How would I serialise this to JSON with the computed field included?",
)


def typical_request(i: int) -> dict:
    """Give the typical chat request with the i-th follow-up question made unique."""
    msgs = [dict(m) for m in TYPICAL["messages"]]
    msgs[-1]["content"] = f"{FOLLOW_UPS[i % len(FOLLOW_UPS)]} (ref {i})"
    return {"messages": msgs}


QUESTIONS_8K = (
    "Given the design above, where are the scaling bottlenecks?",
    "Given the design above, which component fails first when a collector floods it?",
    "Review the design above: how would you partition the event store for 10x the tenants?",
    "Summarise the risks in the design above and rank them by impact.",
)


def eight_k_request(i: int = 0) -> dict:
    """Give a ~8k-token request: a long design document, a code excerpt and the i-th question (unique)."""
    prose = (
        "The ingestion service receives events from the edge collectors, validates them against the schema "
        "registry, enriches them with tenant metadata and writes them to the partitioned event store. "
    )
    code = (
        "```python\n"
        + "\n".join(f"def handler_{i}(event):\n    return enrich(event, {i})" for i in range(60))
        + "\n```"
    )
    question = QUESTIONS_8K[i % len(QUESTIONS_8K)] + (f" (ref {i})" if i else "")
    text = prose * 120 + "\n\n" + code + "\n\n" + question
    return {
        "messages": [
            {"role": "system", "content": "You are a systems architect."},
            {"role": "user", "content": text},
        ]
    }


def measure(bodies: list[dict], env) -> tuple[float, float, float, float]:
    """Give (median wall ms, p99 wall ms, median CPU ms, quietest 100-run median ms) after a warm-up.

    Each body is routed once, in order (the first 20 are the warm-up). On a shared, loaded machine
    the CPU-time median and the quietest window's median show the cost without the waits for a CPU
    that other processes add.
    """
    for body in bodies[:20]:
        route_request(body, "/chat/completions", env, RouteOptions())
    wall, cpu = [], []
    for body in bodies[20:]:
        t, c = time.perf_counter(), time.process_time()
        route_request(body, "/chat/completions", env, RouteOptions())
        cpu.append((time.process_time() - c) * 1000)
        wall.append((time.perf_counter() - t) * 1000)
    quiet = min(statistics.median(wall[i : i + 100]) for i in range(0, max(1, len(wall) - 99), 100))
    wall.sort()
    return (
        statistics.median(wall),
        wall[min(len(wall) - 1, int(len(wall) * 0.99))],
        statistics.median(cpu),
        quiet,
    )


def verdict(label: str, median_ms: float) -> str:
    """Give "PASS"/"FAIL" against the label's target (the row's kind: typical chat or 8k-token)."""
    target = TARGETS_MS[label]
    return f"{'PASS' if median_ms < target else 'FAIL'} (target < {target:g} ms)"


def cases(rounds: int) -> list[tuple[str, str, list[dict]]]:
    """Give (target kind, row label, bodies) for every measured row."""
    n8 = max(100, rounds // 4)
    return [
        ("typical chat", "typical chat", [typical_request(i) for i in range(rounds + 20)]),
        ("typical chat", "  same text", [TYPICAL] * (rounds + 20)),
        ("8k-token", "8k-token", [eight_k_request(i) for i in range(n8 + 20)]),
        ("8k-token", "  same text", [eight_k_request()] * (n8 + 20)),
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=1000)
    ap.add_argument("--modes", default="none,lexical,auto", help="local classifier modes to measure")
    args = ap.parse_args()
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("model_prism.routing").setLevel(logging.WARNING)
    load = os.getloadavg()
    print(f"load average: {' '.join(f'{x:.2f}' for x in load)} on {os.cpu_count()} CPUs")
    if load[0] >= 1:
        print("  note: 1-minute load >= 1 — other processes share the CPUs; medians include their waits")
    print(f"8k request: {extract_signals(eight_k_request()).total_tokens} routing tokens")
    rows = cases(args.rounds)
    verdicts = []
    for mode in args.modes.split(","):
        env = default_eval_environment(local=mode)
        print(f"local classifier: {local_status(env)}")
        for kind, label, bodies in rows:
            med, p99, cpu, quiet = measure(bodies, env)
            line = f"  {label:13}  median {med:.3f} ms   p99 {p99:.3f} ms   (CPU {cpu:.3f} ms, quietest {quiet:.3f} ms)"
            if mode == "auto" and label == kind:
                line += "   " + verdict(kind, med)
                verdicts.append((kind, med))
            print(line)
    for kind, med in verdicts:
        print(
            f"target, default classifier, {kind} (new text each request): median {med:.3f} ms  {verdict(kind, med)}"
        )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
