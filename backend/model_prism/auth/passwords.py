"""Password hashing with bcrypt (cost 12)."""

from __future__ import annotations

import bcrypt

ROUNDS = 12


def hash_password(password: str) -> str:
    return bcrypt.hashpw(password.encode()[:72], bcrypt.gensalt(ROUNDS)).decode()


def verify_password(password: str, hashed: str | None) -> bool:
    """Give True when the password matches; False for users without a local password."""
    if not hashed or not password:
        return False
    try:
        return bcrypt.checkpw(password.encode()[:72], hashed.encode())
    except ValueError:
        return False
