-- wrk script: POST the body in $BENCH_BODY_FILE and print one JSON summary line (latencies in microseconds).
-- Extra headers (Authorization, x-api-key, ...) come from wrk's -H flags.
local path = os.getenv("BENCH_BODY_FILE")
local file = assert(io.open(path, "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"bytes":%d,"connect":%d,"read":%d,"write":%d,"status":%d,' ..
    '"timeout":%d,"min":%d,"mean":%.1f,"max":%d,"p50":%d,"p90":%d,"p99":%d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency.min, latency.mean, latency.max,
    latency:percentile(50.0), latency:percentile(90.0), latency:percentile(99.0)))
end
