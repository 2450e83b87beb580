-- Signed Slack requests for wrk: POST /slack/events with X-Slack-Signature, cycling a request file.
--
-- wrk's LuaJIT has no HMAC, so bench/load.py precomputes each body's signature for one timestamp
-- (taken just before the run; Slack and Bolt accept 5 minutes of skew) and writes one request a
-- line: "<timestamp>\t<v0=signature>\t<urlencoded body>". Bolt still verifies every request.
--
--   BENCH_REQUESTS=/tmp/reqs.tsv wrk -t1 -c16 -d10s --latency -s bench/wrk/signed.lua http://127.0.0.1:3000
--
-- At the end it prints "bench-check: responses=N bad_status=N warnings=N" so a run whose answers
-- were errors (":warning:" acks, non-200s) is never mistaken for a fast one.

local path = os.getenv("BENCH_REQUESTS")
local requests = {}
local index = 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  assert(path, "set BENCH_REQUESTS to the request file load.py writes")
  for line in io.lines(path) do
    local ts, sig, body = line:match("^(%d+)\t([^\t]+)\t(.*)$")
    if ts then
      requests[#requests + 1] = wrk.format("POST", "/slack/events", {
        ["Content-Type"] = "application/x-www-form-urlencoded",
        ["X-Slack-Request-Timestamp"] = ts,
        ["X-Slack-Signature"] = sig,
      }, body)
    end
  end
  assert(#requests > 0, "no requests in " .. path)
  responses, bad_status, warnings = 0, 0, 0
end

function request()
  index = index % #requests + 1
  return requests[index]
end

function response(status, headers, body)
  responses = responses + 1
  if status ~= 200 then
    bad_status = bad_status + 1
  elseif body and body:find(":warning:", 1, true) then
    warnings = warnings + 1
  end
end

function done(summary, latency, requests_)
  local r, s, w = 0, 0, 0
  for _, thread in ipairs(threads) do
    r = r + (thread:get("responses") or 0)
    s = s + (thread:get("bad_status") or 0)
    w = w + (thread:get("warnings") or 0)
  end
  io.write(string.format("bench-check: responses=%d bad_status=%d warnings=%d\n", r, s, w))
end
