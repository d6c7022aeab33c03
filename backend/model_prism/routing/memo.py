"""Bounded memos for routing's pure scans of texts that come back request after request.

A system prompt comes with every request of an application, the first user message with every turn of a
conversation, and in an agent's tool loop the latest human message with every tool round. A memo keeps the answer
of a pure function of such a text (and of the object that owns the memo: a pattern set, a rule set, an example
index), so only new texts are scanned. It is bounded without per-hit bookkeeping: when full it is cleared and
refills with what recurs.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")
_MISSING: Any = object()


def remember(memo: dict[Any, Any], key: Hashable, compute: Callable[[], T], limit: int) -> T:
    """Give memo[key], computing and keeping it first when it is not there (at most `limit` keys are kept)."""
    found = memo.get(key, _MISSING)
    if found is _MISSING:
        found = compute()
        if len(memo) >= limit:
            memo.clear()
        memo[key] = found
    return found
