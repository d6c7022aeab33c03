"""`model-prism rotate-encryption-key` as an operator runs it, then the gateway works with the new key."""

from __future__ import annotations

import json
import re

from openai import OpenAI

from tests.conftest import TEST_ENV
from tests.e2e.server import PrismServer

NEW_KEY = "fedcba9876543210fedcba9876543210"


def test_rotation_reseals_secrets_and_the_demo_keeps_working(tmp_path):
    srv = PrismServer(tmp_path)
    seeded = srv.cli("seed-demo").stdout
    key = re.search(r"omp-[0-9a-f]{64}", seeded).group(0)
    password = re.search(r"admin login : admin / (\S+)", seeded).group(1)
    wrong = srv.cli("rotate-encryption-key", "--old", "x" * 32, "--new", NEW_KEY)
    assert wrong.returncode == 2 and "nothing was changed" in wrong.stderr
    before = (tmp_path / "data" / "embedded-store.json").read_text()
    done = srv.cli("rotate-encryption-key", "--old", TEST_ENV["ENCRYPTION_KEY"], "--new", NEW_KEY)
    assert done.returncode == 0, done.stderr
    after = json.loads((tmp_path / "data" / "embedded-store.json").read_text())
    tenant = after["collections"]["tenants"][0]
    assert tenant["apiKeyEncrypted"].startswith("enc:") and tenant["apiKeyEncrypted"] not in before
    srv.env["ENCRYPTION_KEY"] = NEW_KEY
    with srv:
        reply = OpenAI(base_url=srv.url + "/v1", api_key=key, max_retries=0).chat.completions.create(
            model="auto", messages=[{"role": "user", "content": "still there?"}]
        )
        assert reply.choices[0].message.content
        import requests

        token = requests.post(
            srv.url + "/api/prism/auth/login", json={"username": "admin", "password": password}, timeout=10
        ).json()["token"]
        auth = {"Authorization": f"Bearer {token}"}
        tenant_id = requests.get(srv.url + "/api/prism/admin/tenants", headers=auth, timeout=10).json()[0][
            "_id"
        ]
        revealed = requests.get(
            f"{srv.url}/api/prism/admin/tenants/{tenant_id}/keys/legacy/reveal", headers=auth, timeout=10
        )
        assert revealed.json()["apiKey"] == key  # opened with the new key
