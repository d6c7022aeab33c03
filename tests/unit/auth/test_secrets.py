import pytest
from cryptography.exceptions import InvalidTag

from model_prism.auth.keys import generate_key, hash_key, same_hash
from model_prism.auth.secrets import SecretBox


def test_seal_and_open_round_trip_in_enc_format():
    box = SecretBox("0123456789abcdef0123456789abcdef")
    sealed = box.seal("sk-secret")
    parts = sealed.split(":")
    assert parts[0] == "enc" and len(parts) == 4 and len(parts[1]) == 32 and len(parts[2]) == 32
    assert "sk-secret" not in sealed
    assert box.open(sealed) == "sk-secret"
    assert box.seal(sealed) == sealed and box.seal("") == "" and box.open("plain") == "plain"


def test_wrong_key_fails_loudly_or_marks():
    sealed = SecretBox("a" * 32).seal("x")
    with pytest.raises(InvalidTag):
        SecretBox("b" * 32).open(sealed)
    assert SecretBox("b" * 32).open_or_marker(sealed) == "[decryption failed]"


def test_keys_are_omp_hex_and_hashed():
    key = generate_key()
    assert key.startswith("omp-") and len(key) == 68 and int(key[4:], 16) >= 0
    assert (
        len(hash_key(key)) == 64
        and same_hash(hash_key(key), hash_key(key))
        and not same_hash(hash_key(key), hash_key("x"))
    )
