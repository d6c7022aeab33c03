"""Per-worker memory of agent sessions: the tier and model a session last used, its context fill, and when.

Routing reads it so a tool-using session never drops below the tier it used, stays on one model while the
provider's prompt cache is warm, and upgrades when the context fills up (routing §5 S8). Kept in process memory
(no database read on the request path); a load balancer with session affinity keeps a session on one worker."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

SESSION_TTL_SECONDS = 1800.0
CACHE_WARM_SECONDS = 300.0  # providers keep prompt caches about five minutes
MAX_SESSIONS = 50_000


@dataclass(frozen=True)
class SessionState:
    tier: str | None
    model: str
    fill_pct: float | None
    at: float


class SessionMemory:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._items: OrderedDict[str, SessionState] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, session_id: str | None) -> SessionState | None:
        """Give the session's last state while it is fresh (30 min), else None."""
        if not session_id:
            return None
        with self._lock:
            state = self._items.get(session_id)
            if state is None or self._clock() - state.at > SESSION_TTL_SECONDS:
                return None
            return state

    def warm(self, state: SessionState | None) -> bool:
        return state is not None and self._clock() - state.at <= CACHE_WARM_SECONDS

    def remember(
        self, session_id: str | None, *, tier: str | None, model: str, fill_pct: float | None
    ) -> None:
        if not session_id:
            return
        with self._lock:
            self._items[session_id] = SessionState(tier, model, fill_pct, self._clock())
            self._items.move_to_end(session_id)
            while len(self._items) > MAX_SESSIONS:
                self._items.popitem(last=False)

    def after_success(self, ctx, acc) -> None:
        """Gateway hook: remember what served this session and how full its context was. A one-shot request's
        generated session id is never seen again: keeping it would only push real sessions out of the memory."""
        model = ctx.target.model if ctx.target else None
        if model is None or ctx.session_generated:
            return
        fill = acc.usage.input_tokens / model.context_window if model.context_window else None
        self.remember(ctx.session_id, tier=model.tier, model=model.id, fill_pct=fill)
