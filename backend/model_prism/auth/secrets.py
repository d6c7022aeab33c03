"""AES-256-GCM sealing of secrets at rest in the `enc:<iv>:<tag>:<ciphertext>` format (hex)."""

from __future__ import annotations

import functools
import hashlib
import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

PREFIX = "enc:"


class SecretBox:
    """Seals and opens strings with a key derived from ENCRYPTION_KEY (SHA-256 of its UTF-8 bytes)."""

    def __init__(self, encryption_key: str) -> None:
        self._key_material = hashlib.sha256(encryption_key.encode()).digest()
        self._aes = AESGCM(self._key_material)

    def seal(self, text: str | None) -> str | None:
        """Give the sealed form; empty and already sealed values come back unchanged."""
        if not text or text.startswith(PREFIX):
            return text
        iv = os.urandom(16)
        out = self._aes.encrypt(iv, text.encode(), None)
        cipher, tag = out[:-16], out[-16:]
        return f"{PREFIX}{iv.hex()}:{tag.hex()}:{cipher.hex()}"

    def open(self, text: str | None) -> str | None:
        """Give the plaintext; values that are not sealed come back unchanged; a wrong key raises InvalidTag."""
        if not text or not text.startswith(PREFIX):
            return text
        parts = text.split(":")
        if len(parts) != 4:
            return text
        iv, tag, cipher = (bytes.fromhex(p) for p in parts[1:])
        return self._aes.decrypt(iv, cipher + tag, None).decode()

    def open_or_marker(self, text: str | None) -> str | None:
        """Give the plaintext, or '[decryption failed]' where the key does not fit."""
        try:
            return self.open(text)
        except (InvalidTag, ValueError):
            return "[decryption failed]"


def is_sealed(text: str | None) -> bool:
    return bool(text) and text.startswith(PREFIX)  # type: ignore[union-attr]


_installed: SecretBox | None = None


def install(box: SecretBox) -> None:
    """Make the box the process-wide one (done once by create_app)."""
    global _installed
    _installed = box


def current_box() -> SecretBox:
    if _installed is None:
        raise RuntimeError("no SecretBox installed; create_app() installs it")
    return _installed


def fingerprint(text: str, purpose: str = "ip") -> str:
    """Give a keyed HMAC-SHA256 fingerprint (first 16 hex) so values group without being reversible."""
    return _fingerprint(current_box()._key_material, purpose, text)


@functools.lru_cache(maxsize=8192)
def _fingerprint(material: bytes, purpose: str, text: str) -> str:
    """Cached per key, purpose and value: the same client IPs come back request after request."""
    key = hashlib.sha256(f"{purpose}:".encode() + material).digest()
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()[:16]
