"""The embedded store keeps at most EMBEDDED_MAX_REQUEST_LOGS request logs; rollups still count everything."""

from __future__ import annotations

import pytest

from model_prism.app import create_app
from model_prism.models import DailyStat, RequestLog
from tests.conftest import make_config
from tests.factories import make_provider, make_tenant


def test_request_log_is_bounded_and_rollups_stay_exact(tmp_path, fake_openai):
    config = make_config(DATA_DIR=str(tmp_path / "data"), EMBEDDED_MAX_REQUEST_LOGS="5")
    if not config.embedded_store:
        pytest.skip("the bound applies to the embedded store only (MongoDB uses REQUEST_LOG_TTL_DAYS)")
    app = create_app(config, start_background=False)
    state = app.extensions["model_prism"]
    try:
        provider = make_provider(state, base_url=fake_openai.base_url)
        _, key = make_tenant(providers_=[provider])
        client = app.test_client()
        for i in range(8):
            res = client.post(
                "/api/team-a/v1/chat/completions",
                json={"model": "gpt-4o-mini", "messages": [{"role": "user", "content": f"hello {i}"}]},
                headers={"Authorization": f"Bearer {key}", "X-Request-Id": f"req-{i}"},
            )
            assert res.status_code == 200
            state.sink.flush()
        kept = sorted(log.requestId for log in RequestLog.objects)
        assert kept == [f"req-{i}" for i in range(3, 8)]  # the five newest
        assert sum(d.requests for d in DailyStat.objects) == 8
    finally:
        if state.embedded is not None:
            state.embedded.release()
