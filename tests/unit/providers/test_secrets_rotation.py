"""Re-sealing provider secrets under a new key."""

from __future__ import annotations

import pytest

from model_prism.auth.secrets import SecretBox, is_sealed
from model_prism.providers.secrets_rotation import RotationFailed, reseal_provider

OLD, NEW = SecretBox("a" * 32), SecretBox("b" * 32)


def test_every_secret_moves_to_the_new_key():
    provider = {
        "name": "AWS",
        "config": {
            "auth": {
                "type": "aws_credentials",
                "accessKeyId": OLD.seal("AKID"),
                "secretAccessKey": OLD.seal("s3cr3t"),
                "apiKey": "legacy-plain",
                "region": "eu-central-1",
            }
        },
    }
    out, count = reseal_provider(provider, OLD, NEW)
    auth = out["config"]["auth"]
    assert count == 3 and auth["region"] == "eu-central-1"
    assert all(is_sealed(auth[k]) for k in ("accessKeyId", "secretAccessKey", "apiKey"))
    assert [NEW.open(auth[k]) for k in ("accessKeyId", "secretAccessKey", "apiKey")] == [
        "AKID",
        "s3cr3t",
        "legacy-plain",
    ]
    assert provider["config"]["auth"]["apiKey"] == "legacy-plain"  # input untouched


def test_wrong_old_key_names_provider_and_field():
    provider = {"name": "OpenAI", "config": {"auth": {"apiKey": SecretBox("c" * 32).seal("sk")}}}
    with pytest.raises(RotationFailed, match="OpenAI: apiKey cannot be opened"):
        reseal_provider(provider, OLD, NEW)


def test_provider_without_secrets():
    assert reseal_provider({"name": "Ollama", "config": {"auth": {"type": "none"}}}, OLD, NEW)[1] == 0
    assert reseal_provider({"name": "Demo"}, OLD, NEW)[1] == 0
