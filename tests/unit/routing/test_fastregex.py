"""Literal gates never hide a real match (the pre-check is an optimisation, not a filter)."""

from __future__ import annotations

import json
import re

from model_prism.routing import seeds
from model_prism.routing.fastregex import GatedRegex, LiteralIndex, leading_literals, required_literals
from model_prism.routing.lexical import DEFAULT_CUES


def test_required_literals_examples():
    assert required_literals(r"\bdef \w+\s*\(") == frozenset({"def "})
    assert required_literals(r"\b(thanks|danke)\b") == frozenset({"thanks", "danke"})
    assert required_literals(r"(foo)?\d+") is None


def _texts() -> list[str]:
    out = [e for ex in seeds.load_json("category_examples.json")["examples"].values() for e in ex]
    out += [
        json.dumps(json.loads(x)["request"])[:3000]
        for x in seeds.read_text("starter_eval.jsonl").splitlines()
    ]
    return out


def test_index_candidates_include_every_matching_cue():
    texts = _texts()
    misses = []
    for text in texts:
        cands = DEFAULT_CUES.index.candidates(text.lower())
        misses += [
            (i, text[:40])
            for i, (_, rx, _) in enumerate(DEFAULT_CUES.flat)
            if rx.regex.search(text) and i not in cands
        ]
    assert misses == []


def test_gated_search_equals_plain_search():
    pats = [
        GatedRegex.compile(p, re.I) for p in (r"\bselect\b.*\bfrom\b", r"\btl;?dr\b", r"\b(e-?mail|mail)\b")
    ]
    for text in ("SELECT a FROM b", "tldr pls", "send an e-mail", "nothing here", "Email me"):
        for g in pats:
            assert bool(g.search(text)) == bool(g.regex.search(text))
    index = LiteralIndex(pats)
    assert index.candidates("send an e-mail") == {2}


def test_leading_literals_examples():
    assert leading_literals(r"\bdef \w+\s*\(") == frozenset({"def "})
    assert leading_literals(r"\b(Then|and then|and) (email|send)\b") == frozenset({"then", "and then", "and"})
    assert leading_literals(r"(?m)^FROM \w+") == frozenset({"from "})
    assert leading_literals(r"^\W*(hi|hey)\b") is None  # \W* may consume first: no known start
    assert leading_literals(r"(foo)?bar") is None
    assert leading_literals(r"(?<=x)foo") is None
    assert leading_literals(r"(a|)b") is None


def _all_shipped_patterns() -> list[GatedRegex]:
    from model_prism.routing.patterns import DEFAULT_PATTERNS as P

    rxs = [rx for _, rx, _ in DEFAULT_CUES.flat] + [r for _, rs in P.languages for r in rs]
    return rxs + [*P.fim_instructions, *P.tool_agent, *P.tool_output, *P.turn_exclusions, P.bare_code_block]


def test_search_from_the_first_leading_literal_gives_the_plain_first_match():
    crafted = [
        "xdef foo(",  # \b before the start position still sees the x: no match
        "undef x; def handler(event):",
        "Def Foo(bar)",
        "İstanbul: SELECT * FROM t",  # lower-casing lengthens the text: full search
        "FROM python:3.11\nRUN pip install x\nEXPOSE 80",
        "please write and then send it to them, and then email it to the team",
    ]
    rxs = _all_shipped_patterns()
    assert sum(r.leading is not None for r in rxs) > len(rxs) // 2
    for text in crafted + _texts()[:300]:
        low = text.lower()
        for r in rxs:
            gated = r.gate is None or any(g in low for g in r.gate)
            plain = r.regex.search(text) if gated else None
            fast = r.search(text, low)
            assert (fast and fast.span()) == (plain and plain.span()), (r.pattern, text[:60])
