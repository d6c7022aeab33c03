"""Literal gates never hide a real match (the pre-check is an optimisation, not a filter)."""

from __future__ import annotations

import json
import re

from model_prism.routing import seeds
from model_prism.routing.fastregex import GatedRegex, LiteralIndex, required_literals
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
