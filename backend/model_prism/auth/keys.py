"""Tenant API keys: generation, hashing, display prefix and constant-time comparison."""

from __future__ import annotations

import hashlib
import hmac
import secrets

KEY_PREFIX = "omp-"
MIN_CUSTOM_KEY_LENGTH = 16


def generate_key() -> str:
    """Give a fresh key: `omp-` + 64 lowercase hex chars (32 random bytes)."""
    return KEY_PREFIX + secrets.token_hex(32)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def display_prefix(key: str) -> str:
    return key[:12]


def same_hash(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
