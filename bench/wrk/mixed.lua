-- wrk script for the load test (tests/bench/load_test) and bench/run.sh: mixed reads and
-- writes over the benchmark data set, with a bearer token that may both read and submit.
--   wrk -s bench/wrk/mixed.lua URL -- CONTRACTS TOKEN
-- Of every 10 requests: 4 GET a contract scorecard, 2 GET a supplier scorecard, 1 GET
-- the summary, 3 POST a KpiReturn amending a random contract's 2025-12 return (value drawn
-- from 5 variants, so that some posts amend and some are unchanged).
-- Counts every response status per thread; done() prints key=value lines, including
-- status_2xx and status_other (anything else is unexpected).
local contracts, suppliers, token
local n = 0
status_2xx, status_other, posts, gets = 0, 0, 0, 0

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  contracts = tonumber(args[1] or "1")
  suppliers = math.ceil(contracts / 4)
  token = args[2] or ""
  math.randomseed(contracts * 31 + #threads)
end

function request()
  n = n + 1
  local slot = n % 10
  local auth = "Bearer " .. token
  if slot < 4 then
    gets = gets + 1
    return wrk.format("GET",
      string.format("/api/v1/contracts/BENCH-C%06d/scorecard", math.random(contracts)),
      { Authorization = auth })
  elseif slot < 6 then
    gets = gets + 1
    return wrk.format("GET",
      string.format("/api/v1/suppliers/GB-COH-9%07d/scorecard", math.random(suppliers)),
      { Authorization = auth })
  elseif slot < 7 then
    gets = gets + 1
    return wrk.format("GET", "/api/v1/summary", { Authorization = auth })
  end
  posts = posts + 1
  local body = string.format(
    '<KpiReturn xmlns="urn:scorecard:1" contract="BENCH-C%06d" period="2025-12" ' ..
    'submitted="2026-01-05T10:00:00Z"><Measure kpi="CALLS" value="%d"/></KpiReturn>',
    math.random(contracts), 90 + math.random(5))
  return wrk.format("POST", "/api/v1/returns",
    { Authorization = auth, ["Content-Type"] = "application/xml" }, body)
end

function response(status, headers, body)
  if status >= 200 and status < 300 then
    status_2xx = status_2xx + 1
  else
    status_other = status_other + 1
  end
end

function done(summary, latency, requests)
  local ok, other, p, g = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    ok = ok + t:get("status_2xx")
    other = other + t:get("status_other")
    p = p + t:get("posts")
    g = g + t:get("gets")
  end
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "requests=%d\nseconds=%.3f\nrps=%.1f\np50_ms=%.3f\np99_ms=%.3f\nstatus_2xx=%d\n" ..
    "status_other=%d\nposts=%d\ngets=%d\nerrors_connect=%d\nerrors_read=%d\nerrors_write=%d\n" ..
    "errors_status=%d\nerrors_timeout=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, ok, other, p, g,
    e.connect, e.read, e.write, e.status, e.timeout))
end
