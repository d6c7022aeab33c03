"""A real `model-prism serve` (gunicorn + gevent, embedded store) provisioned through the admin API, and a load
generator that remembers the request id and answer of every request it sent."""

from __future__ import annotations

import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import requests

from tests.e2e.server import PrismServer


@dataclass
class Live:
    srv: PrismServer
    admin: requests.Session
    tenant_id: str
    provider_id: str
    key: str
    slug: str


def provision(srv: PrismServer, upstream_url: str, slug: str = "load") -> Live:
    """Drive setup → provider → discovery → tenant through the admin API; give the handles."""
    base = srv.url + "/api/prism"
    s = requests.Session()
    s.post(
        base + "/setup/admin", json={"username": "admin", "password": "live-password"}, timeout=10
    ).raise_for_status()
    token = s.post(
        base + "/auth/login", json={"username": "admin", "password": "live-password"}, timeout=10
    ).json()
    s.headers["Authorization"] = f"Bearer {token['token']}"
    s.post(base + "/setup/complete", timeout=10).raise_for_status()
    config = {"baseUrl": upstream_url, "auth": {"type": "api_key", "apiKey": "sk-live-secret-4471"}}
    provider = s.post(base + "/admin/providers/", json={"name": "Upstream", "type": "openai", "config": config},
                      timeout=10).json()  # fmt: skip
    s.post(f"{base}/admin/providers/{provider['_id']}/discover", timeout=30).raise_for_status()
    tenant = s.post(base + "/admin/tenants/", json={"slug": slug, "name": slug, "providerIds": [provider["_id"]]},
                    timeout=10)  # fmt: skip
    tenant.raise_for_status()
    doc = tenant.json()
    return Live(srv, s, doc["_id"], provider["_id"], doc["apiKey"], slug)


@dataclass
class Load:
    """`threads` clients sending chats back to back until stopped; `answers` maps request id → status (0 = no
    answer: the connection failed)."""

    live: Live
    threads: int = 8
    stream_every: int = 3
    answers: dict[str, int] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)
    _workers: list[threading.Thread] = field(default_factory=list)

    def start(self) -> Load:
        for n in range(self.threads):
            t = threading.Thread(target=self._run, args=(n,), daemon=True)
            t.start()
            self._workers.append(t)
        return self

    def stop(self) -> None:
        self._stop.set()
        for t in self._workers:
            t.join(30)

    def ok_ids(self) -> set[str]:
        return {rid for rid, status in self.answers.items() if status == 200}

    def _run(self, n: int) -> None:
        url = f"{self.live.srv.url}/api/{self.live.slug}/v1/chat/completions"
        session = requests.Session()
        i = 0
        while not self._stop.is_set():
            i += 1
            rid = f"load-{n}-{i}-{uuid.uuid4().hex[:6]}"
            stream = i % self.stream_every == 0
            body = {
                "model": "gpt-4o-mini",
                "messages": [{"role": "user", "content": f"hi {i}"}],
                "stream": stream,
            }
            headers = {
                "Authorization": f"Bearer {self.live.key}",
                "x-request-id": rid,
                "X-Forwarded-For": f"10.77.{n}.{i % 250}",
            }  # spread over IPs: the per-IP limit is not tested here
            try:
                res = session.post(url, json=body, headers=headers, timeout=20)
                complete = not stream or res.text.rstrip().endswith("data: [DONE]")
                self.answers[rid] = res.status_code if complete else -1
            except requests.RequestException:
                self.answers[rid] = 0
                time.sleep(0.05)


def stored_logs(data_dir: Path) -> list[dict]:
    """Give the request logs in the embedded store's snapshot file."""
    from bson import json_util

    text = (data_dir / "embedded-store.json").read_text()
    return json_util.loads(text)["collections"].get("requestlogs", [])


def metric(srv: PrismServer, name: str) -> float:
    """Give the value of an unlabelled Prometheus counter (0 when absent)."""
    text = requests.get(srv.url + "/metrics", timeout=5).text
    for line in text.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    return 0.0


def dumps(obj) -> str:
    return json.dumps(obj, default=str)[:500]


def worker_pid(master: int) -> int:
    """Give the pid of the one gunicorn worker under the master."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    assert len(children) == 1, children
    return int(children[0])
