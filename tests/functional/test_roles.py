"""NODE_ROLE decides what a process serves."""

from model_prism.app import create_app
from tests.conftest import make_config


def test_worker_serves_only_the_gateway(tmp_path):
    app = create_app(make_config(NODE_ROLE="worker", DATA_DIR=str(tmp_path)), start_background=False)
    client = app.test_client()
    res = client.get("/")
    assert res.status_code == 404 and "worker pods" in res.get_data(as_text=True)
    assert client.get("/api/prism/setup/status").get_json() == {"error": "Not found"}
    assert client.get("/health").get_json()["role"] == "worker"
    assert client.post("/v1/chat/completions", json={}).status_code == 401


def test_control_serves_admin_but_not_the_gateway(tmp_path):
    app = create_app(make_config(NODE_ROLE="control", DATA_DIR=str(tmp_path)), start_background=False)
    client = app.test_client()
    assert client.get("/api/prism/setup/status").status_code == 200
    res = client.post("/v1/chat/completions", json={})
    assert res.status_code == 404 and res.get_json()["error"]["type"] == "not_found"
