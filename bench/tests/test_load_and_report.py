"""wrk and the stream probe measure the fake upstream; the table and the issue-10 checks read rows right."""

from __future__ import annotations

import shutil

import pytest

from bench import goals, scenarios
from bench.loadgen import run_wrk
from bench.measure import run_stream_probe
from bench.report import Row, render


@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed (apt-get install -y wrk)")
def test_wrk_measures_the_fake_delay(upstream, log_dir):
    body = scenarios.write_body(log_dir, "t-typical", scenarios.chat_body("gpt-4o-mini"))
    result = run_wrk(upstream.chat_url, body, upstream.headers, concurrency=4, seconds=1)
    assert result.requests > 20 and result.errors == 0
    assert 20.0 <= result.p50_ms < 200.0


def test_stream_probe_sees_first_event_after_the_delay_and_the_gaps(upstream, log_dir):
    body = scenarios.write_body(log_dir, "t-stream", scenarios.chat_body("m", stream=True))
    result = run_stream_probe(upstream.chat_url, body, upstream.headers, 2, 6, 20)
    assert result.requests == 6 and result.errors == 0
    assert 20.0 <= result.p50_ms < 200.0
    assert 8_000 <= result.detail["gap_p99"] < 200_000  # 10 ms gaps between content chunks, in µs


def test_table_has_one_line_per_row_and_marks_missing_values():
    rows = [
        Row("chat", "direct", 64, rps=2000.0, p50=22.0, errors=0, cpu="0/50/20"),
        Row("messages", "gateway-1w", 16, note="n/a: POST /v1/messages answered 404"),
    ]
    lines = render(rows).splitlines()
    assert len(lines) == 4 and lines[0].startswith("scenario")
    assert "2000" in lines[2] and "1.00" in lines[2]
    assert "n/a: POST /v1/messages answered 404" in lines[3]


def test_goals_pass_and_fail_from_rows():
    rows = [
        Row("chat", "gateway-1w", 64, rps=1000.0, p50=30.0, add_p50=5.0),
        Row("chat", "litellm-2w", 64, rps=150.0, p50=90.0, add_p50=60.0),
        Row("chat", "bare-proxy-1w", 64, rps=1500.0, p50=28.0, add_p50=4.0),
        Row("chat", "gateway-1w", 1, rps=40.0, p50=23.0, add_p50=1.0),
        Row("chat", "bare-proxy-1w", 1, rps=41.0, p50=22.5, add_p50=0.5),
        Row("auto", "gateway-1w", 1, rps=40.0, p50=25.0, add_p50=3.0),
        Row("soak", "gateway-1w", 64, rps=900.0, note="1000 req; RSS 90 -> 100 -> 103.0 MiB, growth +3.0%"),
    ]
    text = "\n".join(goals.check(rows))
    assert "PASS gateway req/s at 64 >= 5x LiteLLM: 6.67x" in text
    assert "PASS gateway req/s at 64 >= 60% of bare proxy: 0.67x" in text
    assert "PASS added p50 at 1 client <= 2.5 ms: 1.00 ms (bare proxy 0.50 ms)" in text
    assert "FAIL auto adds <= 1 ms p50 over fixed: 2.00 ms at 1" in text
    assert "PASS RSS growth over the soak <= 5%: 3.00%" in text
    assert "n/a  stream first-byte overhead" in text


def test_stream_goal_names_each_concurrency_with_the_bare_proxys_figure():
    rows = [
        Row("stream", "gateway-1w", 1, p50=23.0, add_p99=6.0),
        Row("stream", "bare-proxy-1w", 1, p50=22.0, add_p99=4.0),
        Row("stream", "gateway-1w", 16, p50=24.0, add_p99=12.0),
        Row("stream", "bare-proxy-1w", 16, p50=23.0, add_p99=9.0),
    ]
    text = "\n".join(goals.check(rows))
    assert (
        "FAIL stream first-byte overhead p99 <= 10 ms: 6.00 ms at 1 (bare proxy 4.00 ms), "
        "12.00 ms at 16 (bare proxy 9.00 ms)"
    ) in text
