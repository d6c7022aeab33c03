-- wrk script: POST the body in $BENCH_BODY_FILE and print one JSON summary line (latencies in microseconds)
-- with a count of every non-2xx status. Extra headers (Authorization, x-api-key, ...) come from wrk's -H flags.
local path = os.getenv("BENCH_BODY_FILE")
local file = assert(io.open(path, "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"

-- $BENCH_CLIENT_IPS > 0: every request carries X-Forwarded-For from a cycle of that many addresses, so that a
-- per-client-IP limiter sees many clients (as behind a real load balancer) instead of one.
local client_ips = tonumber(os.getenv("BENCH_CLIENT_IPS") or "0") or 0
if client_ips > 0 then
  local counter = 0
  request = function()
    counter = counter + 1
    local n = counter % client_ips
    local headers = {}
    for name, value in pairs(wrk.headers) do
      headers[name] = value
    end
    headers["X-Forwarded-For"] = string.format("10.%d.%d.%d", math.floor(n / 65536) % 256, math.floor(n / 256) % 256, n % 256)
    return wrk.format(nil, nil, headers)
  end
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  bad = {}
end

function response(status, headers, body)
  if status >= 300 then
    bad[status] = (bad[status] or 0) + 1
  end
end

done = function(summary, latency, requests)
  local counts = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("bad") or {}) do
      counts[status] = (counts[status] or 0) + n
    end
  end
  local parts = {}
  for status, n in pairs(counts) do
    table.insert(parts, string.format('"%d":%d', status, n))
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"bytes":%d,"connect":%d,"read":%d,"write":%d,"status":%d,' ..
    '"timeout":%d,"min":%d,"mean":%.1f,"max":%d,"p50":%d,"p90":%d,"p99":%d,"statuses":{%s}}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency.min, latency.mean, latency.max,
    latency:percentile(50.0), latency:percentile(90.0), latency:percentile(99.0), table.concat(parts, ",")))
end
