"""Revoked JWT ids, shared by every worker through MongoDB (TTL index drops them when the token expires)."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime

from mongoengine import DateTimeField, Document, StringField

NEGATIVE_CACHE_SECONDS = 5.0  # a token revoked in another process stops working at most this much later


class RevokedToken(Document):
    """One revoked token id; `expiresAt` is the token's own expiry, after which the record is useless."""

    meta = {"collection": "revokedtokens", "indexes": [{"fields": ["expiresAt"], "expireAfterSeconds": 0}]}

    id = StringField(primary_key=True)
    expiresAt = DateTimeField()


class RevocationList:
    """Answers "is this jti revoked" with a small per-process cache (revocations are cached for good)."""

    def __init__(self) -> None:
        self._revoked: set[str] = set()
        self._clear: dict[str, float] = {}
        self._lock = threading.Lock()

    def revoke(self, jti: str, exp: int | None) -> None:
        expires = datetime.fromtimestamp(exp, UTC).replace(tzinfo=None) if exp else None
        RevokedToken.objects(id=jti).update_one(set__expiresAt=expires, upsert=True)
        with self._lock:
            self._revoked.add(jti)
            self._clear.pop(jti, None)

    def is_revoked(self, jti: str) -> bool:
        now = time.monotonic()
        with self._lock:
            if jti in self._revoked:
                return True
            if self._clear.get(jti, 0) > now:
                return False
        revoked = RevokedToken.objects(id=jti).only("id").first() is not None
        with self._lock:
            if revoked:
                self._revoked.add(jti)
            else:
                if len(self._clear) > 10_000:
                    self._clear.clear()
                self._clear[jti] = now + NEGATIVE_CACHE_SECONDS
        return revoked


REVOKED = RevocationList()
