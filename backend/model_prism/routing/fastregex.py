"""Regexes with a literal pre-check: a cheap substring test rules most patterns out before matching.

Python's `re` has no literal-prefix scan for patterns such as `\\bword`, so testing a few hundred
patterns against a request costs milliseconds. Each GatedRegex knows a set of lower-case strings of
which any match must contain at least one; when none occurs in the (lower-cased) text, the regex
cannot match and is skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from re import _constants as C  # noqa: N812 — the parser's opcode names
from re import _parser

_REPEATS = {C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", C.MAX_REPEAT)}


_ANCHORS = {C.AT_BOUNDARY, C.AT_BEGINNING, C.AT_BEGINNING_STRING, C.AT_BEGINNING_LINE}
Gate = frozenset[tuple[str, bool]]  # (literal, starts at a word boundary)


def _best(options: list[Gate]) -> Gate | None:
    if not options:
        return None
    return max(
        options,
        key=lambda s: (min(4, min(len(x) for x, _ in s)), all(a for _, a in s), min(len(x) for x, _ in s)),
    )


def _required(items, anchored: bool = False) -> Gate | None:
    """Give (literal, anchored) pairs of which every match of this parsed sequence contains one."""
    options: list[Gate] = []
    run: list[str] = []
    run_anchored = prev = anchored
    for op, av in items:
        if op is C.LITERAL:
            if not run:
                run_anchored = prev
            run.append(chr(av).lower())
            prev = False
            continue
        if run:
            options.append(frozenset({("".join(run), run_anchored)}))
            run = []
        if op is C.AT:
            prev = av in _ANCHORS
            continue
        req: Gate | None = None
        if op is C.SUBPATTERN:
            req = _required(av[-1], prev)
        elif op is C.BRANCH:
            subs = [_required(b, prev) for b in av[1]]
            req = None if any(x is None for x in subs) else frozenset().union(*subs)  # type: ignore[arg-type]
        elif op in _REPEATS and av[0] >= 1:
            req = _required(av[2], prev)
        prev = False
        if req:
            options.append(req)
    if run:
        options.append(frozenset({("".join(run), run_anchored)}))
    return _best(options)


def _leading(items) -> frozenset[str] | None:
    """Give lower-case literals of which every match of this parsed sequence starts with one, or None."""
    run: list[str] = []
    for op, av in items:
        if op is C.LITERAL:
            run.append(chr(av).lower())
            continue
        if run:
            break
        if op is C.AT:
            continue  # zero-width (\b, ^): the match still starts at the literal
        if op is C.SUBPATTERN:
            return _leading(av[-1])
        if op is C.BRANCH:
            subs = [_leading(b) for b in av[1]]
            return None if any(x is None for x in subs) else frozenset().union(*subs)  # type: ignore[arg-type]
        if op in _REPEATS and av[0] >= 1:
            return _leading(av[2])
        return None
    return frozenset({"".join(run)}) if run else None


def leading_literals(pattern: str) -> frozenset[str] | None:
    """Give the lower-case literals every match of a pattern starts with (one of), or None."""
    try:
        lead = _leading(_parser.parse(pattern))
    except (re.error, TypeError, IndexError):
        return None
    return lead if lead and all(lit for lit in lead) else None


def required_gate(pattern: str) -> Gate | None:
    """Give the (literal, anchored) gate of a pattern, or None when it has no usable literal."""
    try:
        gate = _required(_parser.parse(pattern))
    except (re.error, TypeError, IndexError):
        return None
    return gate if gate and all(lit.strip() for lit, _ in gate) else None


def required_literals(pattern: str) -> frozenset[str] | None:
    """Give the gate strings of a pattern (lower-case), or None when it has no usable literal."""
    gate = required_gate(pattern)
    return frozenset(lit for lit, _ in gate) if gate else None


@dataclass(frozen=True)
class GatedRegex:
    """A compiled regex plus its literal gate."""

    regex: re.Pattern[str]
    gate: frozenset[str] | None
    anchored: frozenset[str] = frozenset()  # gate strings that always start at a word boundary
    #: literals every match starts with (one of): the search starts at the first one's position
    leading: frozenset[str] | None = None

    @classmethod
    def compile(cls, pattern: str, flags: int = 0) -> GatedRegex:
        """Give a gated regex for a pattern."""
        gate = required_gate(pattern)
        lead = leading_literals(pattern)
        if gate is None:
            return cls(re.compile(pattern, flags), None, leading=lead)
        lits = frozenset(lit for lit, _ in gate)
        loose = {lit for lit, a in gate if not a}  # a literal is anchored only if every occurrence is
        anchored = frozenset(lit for lit, a in gate if a and lit not in loose)
        return cls(re.compile(pattern, flags), lits, anchored, lead)

    def search(self, text: str, lowered: str | None = None) -> re.Match[str] | None:
        """Give the first match in text; `lowered` (text.lower()) lets callers share the lower-casing.

        Python's `re` tries a pattern such as `\\b(write|draft)\\b…` at every position; when every
        match starts with a known literal, the search starts where the first of them occurs
        (assertions such as \\b still see the text before that position).
        """
        low = lowered
        if self.gate is not None:
            low = text.lower() if low is None else low
            for g in self.gate:
                if g in low:
                    break
            else:
                return None
        if self.leading is None:
            return self.regex.search(text)
        low = text.lower() if low is None else low
        if len(low) != len(text):  # lower-casing moved positions (e.g. "İ"): search it all
            return self.regex.search(text)
        pos = -1
        for lit in self.leading:
            at = low.find(lit)
            if at != -1 and (pos == -1 or at < pos):
                pos = at
        return None if pos == -1 else self.regex.search(text, pos)

    @property
    def pattern(self) -> str:
        return self.regex.pattern


_WORD = re.compile(r"\w+")
_KEY_LEN = 4


def _key(literal: str) -> str | None:
    m = _WORD.match(literal)
    return m.group(0)[:_KEY_LEN] if m else None


class LiteralIndex:
    """Finds which gated regexes of a fixed list may match a text, without testing every gate.

    Gate strings that start at a word boundary (after \\b or ^) are looked up by their first (up to 4)
    word characters among the prefixes of the text's words, then confirmed with a substring test; all
    other gate strings are substring-tested (each distinct string once).
    """

    def __init__(self, regexes: list[GatedRegex]) -> None:
        self.always: frozenset[int] = frozenset(i for i, rx in enumerate(regexes) if rx.gate is None)
        self.by_key: dict[str, list[tuple[str, int]]] = {}
        punct: dict[str, set[int]] = {}
        for i, rx in enumerate(regexes):
            for lit in rx.gate or ():
                key = _key(lit) if lit in rx.anchored else None
                if key is None:
                    punct.setdefault(lit, set()).add(i)
                else:
                    self.by_key.setdefault(key, []).append((lit, i))
        self.punct = tuple((lit, frozenset(ids)) for lit, ids in punct.items())
        self.keys = frozenset(self.by_key)

    def candidates(self, low: str) -> set[int]:
        """Give the indices of regexes whose gate occurs in the lower-cased text."""
        found = set(self.always)
        words = set(_WORD.findall(low))
        prefixes = {w[:n] for w in words for n in range(1, min(len(w), _KEY_LEN) + 1)}
        for key in prefixes & self.keys:
            for lit, i in self.by_key[key]:
                if lit in low:
                    found.add(i)
        for lit, ids in self.punct:
            if lit in low:
                found |= ids
        return found
