"""Signal extraction (routing.md §3): pure, synchronous, no I/O."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from model_prism.routing.memo import remember
from model_prism.routing.patterns import DEFAULT_PATTERNS, SignalPatterns, window
from model_prism.routing.text import content_text, estimate_message_tokens, has_fence, has_lines, strip_fences

_TOOL_BLOCKS = frozenset({"tool_result", "tool_use", "tool_use_result"})
_RESULT_BLOCKS = frozenset({"tool_result", "tool_use_result"})


@dataclass(frozen=True)
class Signals:
    """What the router knows about a request before any classification (§3.10)."""

    total_tokens: int = 0
    has_images: bool = False
    has_tool_calls: bool = False
    conversation_turns: int = 0
    detected_domains: tuple[str, ...] = ()
    detected_languages: tuple[str, ...] = ()
    is_fim_request: bool = False
    is_tool_agent_request: bool = False
    is_tool_output_continuation: bool = False
    frustration_hint: bool = False
    system_prompt_text: str = ""
    last_user_message: str = ""
    metadata_summary: str = ""
    #: [DD] text of the last genuine (human) user message, ≤ 2000 chars — what the category cues read.
    intent_text: str = ""
    #: [DD] the FIM token or rule that matched, for the trace (broad tokens such as "// END" misfire).
    matched_fim_token: str | None = None
    has_tool_history: bool = False
    message_count: int = 0
    #: [DD] earlier genuine user messages (oldest first, ≤ 1500 chars): the conversation's topic.
    history_text: str = ""
    #: [DD] names of the tools the request offers (function names), for the local classifier.
    tool_names: tuple[str, ...] = ()


def request_messages(body: dict[str, Any], endpoint: str) -> list[dict[str, Any]]:
    """Give the chat messages of a request; a legacy /completions prompt becomes one user message."""
    if endpoint.rstrip("/").endswith("/completions") and "chat" not in endpoint:
        prompt = body.get("prompt") or ""
        if isinstance(prompt, list):
            prompt = "\n".join(str(p) for p in prompt)
        return [{"role": "user", "content": str(prompt) + str(body.get("suffix") or "")}]
    messages = body.get("messages")
    return [m for m in messages if isinstance(m, dict)] if isinstance(messages, list) else []


def _has_block(content: Any, kinds: frozenset[str]) -> bool:
    return isinstance(content, list) and any(isinstance(p, dict) and p.get("type") in kinds for p in content)


def _has_image(content: Any) -> bool:
    return _has_block(content, frozenset({"image_url", "image"}))


def excluded_turn(text: str, pats: SignalPatterns = DEFAULT_PATTERNS) -> bool:
    """Give True when a user message's text is tool output in a user turn (not a human message).

    The exclusion patterns are anchored at the start, so only the text's first 200 characters are searched: a
    pattern's literal gate lower-cases what it searches, which for a whole 32 KB prompt cost ~0.1 ms a request.
    """
    stripped = text.lstrip()[:200]
    return any(p.search(stripped) for p in pats.turn_exclusions)


def _is_genuine(msg: dict[str, Any], text: str, pats: SignalPatterns) -> bool:
    return not excluded_turn(text, pats) and not _has_block(msg.get("content"), _RESULT_BLOCKS)


def _looks_like_payload(text: str) -> bool:
    """[DD] Give True when a user message carries code to complete (a fence or many lines), not a request."""
    return has_fence(text) or has_lines(text, 5)


#: Scanned texts whose detector answers a pattern set remembers (see routing/memo.py).
MEMO_TEXTS = 1024


def remembered(
    pats: SignalPatterns, detector: str, text: str, scan: Callable[[str, SignalPatterns], Any]
) -> Any:
    """Give scan(text, pats), remembered per (detector, text) on this pattern set."""
    return remember(pats.memo, (detector, text), lambda: scan(text, pats), MEMO_TEXTS)


def _fim_instruction(text: str, pats: SignalPatterns) -> str | None:
    low = text.lower()
    for p in pats.fim_instructions:
        m = p.search(text, low)
        if m:
            return f"instruction:{m.group(0)}"
    return None


def first_fim_token(text: str, pats: SignalPatterns = DEFAULT_PATTERNS) -> str | None:
    """Give the first FIM token (in the patterns' order) that occurs in text, else None.

    A token is searched for only when its first character occurs in the text: one scan per distinct first character
    (five for the shipped tokens) and then only the tokens that can match, where a scan per token (thirty) cost
    ~50 µs for a 6 KB window of a long prompt.
    """
    present = {c for c in pats.fim_token_starts if c in text}
    for token in pats.fim_tokens:
        if (not token or token[0] in present) and token in text:
            return token
    return None


def _detect_fim(
    system: str, first_user: str, all_text: str, users: list[str], pats: SignalPatterns
) -> str | None:
    # [DD] an instruction word in the first user message counts only when that message carries code:
    # "build an autocomplete input" is a feature request, not an IDE completion.
    sources = (system, first_user) if _looks_like_payload(first_user) else (system,)
    for text in sources:
        found = remembered(pats, "fim", window(text, 3000, 1000), _fim_instruction)
        if found:
            return found
    scan = window(all_text, 4000, 2000)  # [DD] FIM markers sit near the start (prefix) or the end (suffix)
    token = first_fim_token(scan, pats)
    if token is not None:
        return f"token:{token}"
    if len(users) == 1:
        only = users[0].lstrip()
        if pats.bare_code_block.regex.match(only):
            prose = strip_fences(only).strip()  # only now: stripping fences of a long text costs
            # [DD] a question about the code ("why?") is not a completion request
            if len(prose) < 20 and "?" not in prose:
                return "bare_code_block"
    return None


def _domains(text: str, pats: SignalPatterns) -> tuple[str, ...]:
    low = text.lower()
    return tuple(d.name for d in pats.domains if sum(1 for k in d.keywords if k in low) >= d.min_hits)


def _detect_domains(text: str, pats: SignalPatterns) -> tuple[str, ...]:
    # [DD] bounded scan: the ask sits at the start or the end
    return remembered(pats, "domains", window(text, 2500, 1000), _domains)


def _languages(text: str, pats: SignalPatterns) -> tuple[str, ...]:
    low = text.lower()
    return tuple(name for name, regexes in pats.languages if any(r.search(text, low) for r in regexes))


def _detect_languages(text: str, pats: SignalPatterns) -> tuple[str, ...]:
    return remembered(pats, "languages", window(text, 2000, 1000), _languages)


def _frustrated(genuine: list[str], pats: SignalPatterns) -> bool:
    if not genuine:
        return False
    last = window(genuine[-1], 1500, 500).lower()
    if any(p in last for p in pats.frustration_phrases):
        return True
    return len(genuine) >= 2 and " ".join(genuine[-1].split()) == " ".join(genuine[-2].split())


def _persona(text: str, pats: SignalPatterns) -> bool:
    low = text.lower()
    return any(p.search(text, low) for p in pats.tool_agent)


def _agent_persona(system: str, first_user: str, pats: SignalPatterns) -> bool:
    return any(remembered(pats, "persona", window(t, 3000, 1000), _persona) for t in (system, first_user))


def _tool_structure(messages: list[dict[str, Any]]) -> bool:
    return any(
        m.get("role") == "tool" or m.get("tool_calls") or _has_block(m.get("content"), _TOOL_BLOCKS)
        for m in messages
    )


def _continuation(messages: list[dict[str, Any]], last_user: dict | None, pats: SignalPatterns) -> bool:
    if messages and messages[-1].get("role") == "tool":
        return True  # [DD] the newest message is a tool result: no new human intent
    if last_user is None:
        return False
    text = content_text(last_user.get("content")).lstrip()[:2000]  # every pattern is anchored at the start
    low = text.lower()
    if any(p.search(text, low) for p in pats.tool_output):
        return True
    return bool(last_user.get("tool_call_id")) or _has_block(last_user.get("content"), _RESULT_BLOCKS)


def _tool_names(body: dict[str, Any]) -> tuple[str, ...]:
    names = []
    for tool in body.get("tools") or ():
        if isinstance(tool, dict):
            fn = tool.get("function") if isinstance(tool.get("function"), dict) else tool
            if fn.get("name"):
                names.append(str(fn["name"]))
    return tuple(names)


def metadata_summary(s: Signals) -> str:
    """Give the comma-joined metadata line sent to the classifier (§3.8)."""
    parts = [f"tokens≈{s.total_tokens}"]
    flags = (
        (s.is_fim_request, "fim_autocomplete"),
        (s.is_tool_agent_request, "tool_agent"),
        (s.is_tool_output_continuation, "tool_output_continuation"),
        (s.has_images, "has_images"),
        (s.has_tool_calls, "has_tools"),
    )
    parts += [label for on, label in flags if on]
    if s.conversation_turns > 1:
        parts.append(f"turns={s.conversation_turns}")
    if s.detected_domains:
        parts.append(f"domains=[{','.join(s.detected_domains)}]")
    if s.detected_languages:
        parts.append(f"langs=[{','.join(s.detected_languages)}]")
    return ", ".join(parts)


def extract_signals(
    body: dict[str, Any], endpoint: str = "/chat/completions", pats: SignalPatterns = DEFAULT_PATTERNS
) -> Signals:
    """Give the Signals of an OpenAI request body (§3); /completions requests are FIM by definition."""
    messages = request_messages(body, endpoint)
    texts = [content_text(m.get("content")) for m in messages]
    system = next((t for m, t in zip(messages, texts, strict=True) if m.get("role") == "system"), "")
    user_pairs = [(m, t) for m, t in zip(messages, texts, strict=True) if m.get("role") == "user"]
    users = [t for _, t in user_pairs]
    genuine = [t for m, t in user_pairs if _is_genuine(m, t, pats)]
    last_user = users[-1] if users else ""
    all_text = "\n".join(texts)
    legacy = "chat" not in endpoint and endpoint.rstrip("/").endswith("/completions")
    fim_match = (
        "endpoint:/completions"
        if legacy
        else _detect_fim(system, users[0] if users else "", all_text, users, pats)
    )
    classify_text = last_user + "\n" + system
    tool_history = _tool_structure(messages)
    agent = fim_match is None and (tool_history or _agent_persona(system, users[0] if users else "", pats))
    sig = Signals(
        total_tokens=sum(estimate_message_tokens(t) for t in texts),
        has_images=any(_has_image(m.get("content")) for m in messages),
        has_tool_calls=bool(body.get("tools")) or "tool_choice" in body,
        conversation_turns=len(genuine),
        detected_domains=_detect_domains(classify_text, pats),
        detected_languages=_detect_languages(classify_text, pats),
        is_fim_request=fim_match is not None,
        is_tool_agent_request=bool(agent),
        is_tool_output_continuation=_continuation(messages, user_pairs[-1][0] if user_pairs else None, pats),
        frustration_hint=_frustrated(genuine, pats),
        system_prompt_text=system[:1000],
        last_user_message=last_user[:800],
        intent_text=(genuine[-1] if genuine else last_user)[:2000],
        matched_fim_token=fim_match,
        has_tool_history=tool_history,
        message_count=len(messages),
        history_text="\n".join(genuine[:-1])[:1500],
        tool_names=_tool_names(body),
    )
    object.__setattr__(sig, "metadata_summary", metadata_summary(sig))  # ours alone yet: no copy needed
    return sig
