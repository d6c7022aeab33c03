"""Lexical category scorer: weighted regex cues plus structural priors (no model, no I/O)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from model_prism.routing import seeds
from model_prism.routing.fastregex import GatedRegex, LiteralIndex
from model_prism.routing.memo import remember
from model_prism.routing.signals import Signals
from model_prism.routing.text import has_fence, strip_fences

_AGENT_CODING = ("coding_simple", "coding_medium", "coding_complex", "qa_testing")
_CODE_CATS = ("coding_simple", "coding_medium", "error_debugging", "code_explanation", "qa_testing")
_VISION = ("vision_simple", "vision_complex", "vision_critical")
_SWE_TOOLS = re.compile(
    r"(read|write|edit|create|delete|list|search|view|open)_?(file|files|dir|directory|code|codebase)s?|"
    r"(bash|shell|terminal|grep|glob|ripgrep|str_replace\w*|apply_patch|run_(command|tests?|shell)|git\w*)",
    re.IGNORECASE,
)
_FILE_HINT = re.compile(
    r"\b[\w/.-]+\.(py|ts|tsx|js|go|rs|java|kt|rb|php|cs)\b|\brepo(sitory)?\b|\btests?\b", re.I
)

#: A system prompt that states a task rather than a persona counts in full ("Generate a title …").
_TASK_SYSTEM = re.compile(
    r"^\W*(generate|create|write|summari[sz]e|translate|classify|extract|reply|respond)\b", re.I
)

#: How much each part of the request counts: the user's latest intent, earlier turns, the system prompt.
INTENT_W, HISTORY_W, SYSTEM_W = 1.0, 0.35, 0.4
LEAD_W, LEAD_CHARS = 0.5, 160


@dataclass(frozen=True)
class CueTable:
    """Compiled cues: category → ((regex, weight), …), with a literal index over all of them.

    `matching(text)` remembers its answers for recent texts (bounded): system prompts and earlier
    turns recur request after request, so only the newest message is usually matched afresh.
    """

    cues: Mapping[str, tuple[tuple[GatedRegex, float], ...]]
    flat: tuple[tuple[str, GatedRegex, float], ...] = ()
    index: LiteralIndex | None = None
    max_cached: int = 2048
    _seen: dict[str, tuple[int, ...]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        flat = tuple((cat, rx, w) for cat, cues in self.cues.items() for rx, w in cues)
        object.__setattr__(self, "flat", flat)
        object.__setattr__(self, "index", LiteralIndex([rx for _, rx, _ in flat]))

    def matching(self, text: str) -> tuple[int, ...]:
        """Give the indices (into `flat`) of the cues that match text (remembered: routing/memo.py)."""
        return remember(self._seen, text, lambda: self._match(text), self.max_cached)

    def _match(self, text: str) -> tuple[int, ...]:
        assert self.index is not None
        low = text.lower()
        return tuple(i for i in sorted(self.index.candidates(low)) if self.flat[i][1].search(text, low))

    @property
    def cached_texts(self) -> int:
        """Give how many texts' matches are remembered."""
        return len(self._seen)

    @classmethod
    def from_data(cls, data: Mapping[str, list]) -> CueTable:
        """Give a CueTable from {category: [[regex, weight], …]}."""
        return cls(
            {
                k: tuple((GatedRegex.compile(r, re.IGNORECASE), float(w)) for r, w in v)
                for k, v in data.items()
            }
        )


DEFAULT_CUES = CueTable.from_data(seeds.load_json("category_cues.json")["cues"])


def _score_parts(table: CueTable, parts: list[tuple[str, float]], into: dict[str, float]) -> None:
    """Add each part's matching cue weights × the part's weight (a text repeated in parts is matched once)."""
    weights: dict[str, float] = {}
    for text, w in parts:
        if text:
            weights[text] = weights.get(text, 0.0) + w
    for text, weight in weights.items():
        for i in table.matching(text):
            cat, _, w = table.flat[i]
            into[cat] = into.get(cat, 0.0) + w * weight


def instruction_text(text: str) -> str:
    """Give the part of the request that states the ask: its head and tail, without fenced code.

    The middle of a long message is pasted material (logs, documents, code) and says little about
    what the user wants done with it; fenced code likewise (SELECT, error, test are code words there).
    """
    if has_fence(text):
        text = strip_fences(text)
    if len(text) <= 700:
        return text
    return text[:450] + "\n" + text[-250:]


def structural_priors(s: Signals) -> dict[str, float]:
    """Give score adjustments from the request's structure (images, tools, size, code)."""
    p: dict[str, float] = {}
    if s.has_images:
        p.update({"vision_simple": 3.0, "vision_complex": 2.0, "vision_critical": 1.0})
    else:
        p.update(dict.fromkeys(_VISION, -50.0))
    if s.has_tool_calls or s.has_tool_history:
        _tool_priors(s, p)
    if s.is_tool_output_continuation:
        p["swe_agentic"] = p.get("swe_agentic", 0.0) + 4.0
    if s.total_tokens >= 15000:
        p["long_context_processing"] = p.get("long_context_processing", 0.0) + 9.0
    elif s.total_tokens >= 6000:
        p["long_context_processing"] = p.get("long_context_processing", 0.0) + 2.0
    if has_fence(s.intent_text) or s.detected_languages:
        for cat in _CODE_CATS:
            p[cat] = p.get(cat, 0.0) + 1.0
    short = s.intent_text.strip()
    if len(short) < 80 and "```" not in short and not (s.has_tool_calls or s.has_tool_history):
        p["smalltalk_simple"] = p.get("smalltalk_simple", 0.0) + (1.0 if len(short) < 40 else 0.5)
        if short.endswith("?") and "\n" not in short:
            p["smalltalk_simple"] += 1.5  # a one-line question: usually a quick answer
            p["fact_check_verification"] = p.get("fact_check_verification", 0.0) + 0.5
    p["coding_medium"] = p.get("coding_medium", 0.0) + 0.3  # weak prior: the most common substantial ask
    return p


def _has_swe_tools(s: Signals) -> bool:
    return any(_SWE_TOOLS.fullmatch(n) for n in s.tool_names)


def _tool_priors(s: Signals, p: dict[str, float]) -> None:
    if s.has_tool_calls:
        for cat in ("smalltalk_simple", "fact_check_verification"):
            p[cat] = p.get(cat, 0.0) - 3.0  # a request that offers tools expects one to be called
    swe = _has_swe_tools(s) or bool(_FILE_HINT.search(s.system_prompt_text + " " + s.intent_text[:400]))
    if swe:
        p["swe_agentic"] = p.get("swe_agentic", 0.0) + 6.0
    elif len(s.tool_names) <= 2 and not s.has_tool_history:
        p["function_calling"] = p.get("function_calling", 0.0) + 4.5  # one call to make
        p["tool_use_agentic"] = p.get("tool_use_agentic", 0.0) + 3.0
    else:
        p["tool_use_agentic"] = p.get("tool_use_agentic", 0.0) + 4.5  # several tools to orchestrate
        p["function_calling"] = p.get("function_calling", 0.0) + 2.5


def score_categories(s: Signals, table: CueTable = DEFAULT_CUES) -> dict[str, float]:
    """Give a score per category for these signals (higher is more likely)."""
    scores: dict[str, float] = {}
    head = instruction_text(s.intent_text)
    parts = [
        (head, INTENT_W),
        (head[:LEAD_CHARS], LEAD_W),  # the opening words usually state the task
        (s.history_text[-600:], HISTORY_W),
        (s.system_prompt_text[:600], SYSTEM_W),
    ]
    if s.system_prompt_text and _TASK_SYSTEM.search(s.system_prompt_text[:300]):
        parts.append((s.system_prompt_text[:300], 1.0 - SYSTEM_W))
    _score_parts(table, parts, scores)
    for cat, adj in structural_priors(s).items():
        scores[cat] = scores.get(cat, 0.0) + adj
    if _has_swe_tools(s):
        # a coding task handed to an agent harness with file tools is carried out agentically
        carried = max(scores.get(c, 0.0) for c in _AGENT_CODING)
        scores["swe_agentic"] = max(scores.get("swe_agentic", 0.0), carried + 0.5)
    return scores
