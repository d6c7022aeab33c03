"""Re-sealing provider secrets under a new ENCRYPTION_KEY (the pure part of the rotation command)."""

from __future__ import annotations

import copy

from cryptography.exceptions import InvalidTag

from ..auth.secrets import SecretBox, is_sealed
from ..errors import PrismError

SECRET_FIELDS = ("apiKey", "accessKeyId", "secretAccessKey")


class RotationFailed(PrismError):
    status, code = 400, "rotation_failed"


def reseal_provider(provider: dict, old: SecretBox, new: SecretBox) -> tuple[dict, int]:
    """Give (a copy of the provider config with every secret re-sealed under `new`, how many were re-sealed).

    Secrets stored in plaintext (legacy rows) are sealed under `new` as well. A secret the old key
    cannot open raises RotationFailed naming the provider and field, so a run with the wrong old key
    stops before anything is written. The input is never modified.
    """
    out = copy.deepcopy(provider)
    auth = ((out.get("config") or {}).get("auth")) if isinstance(out.get("config"), dict) else None
    if not isinstance(auth, dict):
        return out, 0
    count = 0
    for field in SECRET_FIELDS:
        value = auth.get(field)
        if not value or not isinstance(value, str):
            continue
        try:
            plain = old.open(value) if is_sealed(value) else value
        except (InvalidTag, ValueError):
            name = provider.get("name") or provider.get("slug") or provider.get("_id") or "?"
            raise RotationFailed(
                f"Provider {name!s}: {field} cannot be opened with the old ENCRYPTION_KEY"
            ) from None
        auth[field] = new.seal(plain)
        count += 1
    return out, count
