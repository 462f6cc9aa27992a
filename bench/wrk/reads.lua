-- wrk script for bench/run.sh: one kind of GET per run, over the benchmark data set.
--   wrk -s bench/wrk/reads.lua URL -- KIND CONTRACTS TOKEN
-- KIND: healthz (the trivial handler: no database work), contract (a random contract's
-- scorecard), supplier (a random supplier's scorecard), summary (the minister's view),
-- dashboard and supplier-page (the web pages: GET /dashboard, /suppliers/{id}),
-- not-modified (one scorecard asked for again with If-None-Match: its ETag, answered 304;
-- PATH and ETAG follow the token).
-- CONTRACTS is the data set's contract count (ids BENCH-C000001..; suppliers own 4 each).
-- Prints key=value lines when done: requests, rps, latency percentiles, every error class.
local kind, contracts, suppliers, headers, fixed_path

-- Numbers each wrk thread (set before its init runs).
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  kind = args[1] or "healthz"
  contracts = tonumber(args[2] or "1")
  suppliers = math.ceil(contracts / 4)
  headers = { Authorization = "Bearer " .. (args[3] or "") }
  if kind == "not-modified" then
    fixed_path = args[4]
    headers["If-None-Match"] = args[5]
  end
  -- Deterministic per thread (each its own sequence), so that two runs ask for the same
  -- ids; a warm-up run sets BENCH_SEED so that it asks for others, in another order.
  math.randomseed(contracts * 31 + (tid or 0) + tonumber(os.getenv("BENCH_SEED") or "0") * 1000)
end

local function path()
  if kind == "healthz" then return "/healthz" end
  if kind == "contract" then
    return string.format("/api/v1/contracts/BENCH-C%06d/scorecard", math.random(contracts))
  end
  if kind == "supplier" then
    return string.format("/api/v1/suppliers/GB-COH-9%07d/scorecard", math.random(suppliers))
  end
  if kind == "summary" then return "/api/v1/summary" end
  if kind == "not-modified" then return fixed_path end
  if kind == "dashboard" then return "/dashboard" end
  if kind == "supplier-page" then
    return string.format("/suppliers/GB-COH-9%07d", math.random(suppliers))
  end
  error("unknown kind " .. kind)
end

function request()
  return wrk.format("GET", path(), headers)
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "requests=%d\nseconds=%.3f\nrps=%.1f\np50_ms=%.3f\np90_ms=%.3f\np99_ms=%.3f\nmax_ms=%.3f\n" ..
    "errors_connect=%d\nerrors_read=%d\nerrors_write=%d\nerrors_status=%d\nerrors_timeout=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    e.connect, e.read, e.write, e.status, e.timeout))
end
