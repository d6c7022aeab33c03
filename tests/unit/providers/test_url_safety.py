"""Base URL validation: scheme, credentials, private targets only with the switch."""

from __future__ import annotations

import pytest

from model_prism.errors import ValidationFailed
from model_prism.providers.url_safety import validate_base_url


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://example.com", "http:// or https://"),
        ("example.com", "http:// or https://"),
        ("https://user:pw@example.com", "must not contain credentials"),
        ("https://example.com/?key=1", "query string"),
        ("http://127.0.0.1:11434", "private or loopback"),
        ("http://localhost:8000", "private or loopback"),
        ("http://169.254.169.254/latest", "private or loopback"),
        ("http://10.0.0.5", "private or loopback"),
        ("http://[::1]:8080", "private or loopback"),
        ("http://[::ffff:127.0.0.1]", "private or loopback"),
        ("https://example.com:99999", "invalid port"),
    ],
)
def test_rejected(url, message):
    with pytest.raises(ValidationFailed, match=message):
        validate_base_url(url, allow_private=False, resolve=False)


def test_private_allowed_with_the_switch():
    assert validate_base_url("http://127.0.0.1:11434/", allow_private=True) == "http://127.0.0.1:11434"


def test_public_names_pass_without_resolving():
    assert (
        validate_base_url("https://api.openai.com", allow_private=False, resolve=False)
        == "https://api.openai.com"
    )


def test_credentials_are_not_echoed():
    with pytest.raises(ValidationFailed) as err:
        validate_base_url("https://me:secret@example.com", allow_private=True)
    assert "secret" not in str(err.value.message) and "secret" not in str(err.value.details)
