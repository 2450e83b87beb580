-- Signed Slack requests for wrk: POST /slack/events with X-Slack-Signature, each request once.
--
-- wrk's LuaJIT has no HMAC, so bench/load.py precomputes each body's signature for one timestamp
-- (taken just before the run; Slack and Bolt accept 5 minutes of skew) and writes one request a
-- line: "<timestamp>\t<v0=signature>\t<urlencoded body>". Bolt still verifies every request.
-- Every body has its own trigger_id: the app answers a repeated one as a replay, without acting,
-- so load.py writes more requests than the run can send. With BENCH_THREADS=N, wrk thread k of N
-- sends lines k, k+N, ... so no two threads send the same request.
--
--   BENCH_REQUESTS=/tmp/reqs.tsv wrk -t1 -c16 -d10s --latency -s bench/wrk/signed.lua http://127.0.0.1:3000
--
-- At the end it prints "bench-check: responses=N bad_status=N warnings=N replays=N" so a run
-- whose answers were errors (":warning:" acks, non-200s) or that ran out of requests and sent
-- some again (replays) is never mistaken for a fast one.

local path = os.getenv("BENCH_REQUESTS")
local requests = {}
local index = 0
local threads = {}
local nthreads = tonumber(os.getenv("BENCH_THREADS") or "1")
-- BENCH_PACE_MS=N: wait N ms after each response before the next request (wrk leaves the wait
-- out of its latencies), so each request meets a server with nothing left over from the last.
local pace = tonumber(os.getenv("BENCH_PACE_MS") or "0")
if pace > 0 then
  function delay()
    return pace
  end
end

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads - 1)
end

function init(args)
  assert(path, "set BENCH_REQUESTS to the request file load.py writes")
  local n = 0
  for line in io.lines(path) do
    local ts, sig, body = line:match("^(%d+)\t([^\t]+)\t(.*)$")
    n = n + 1
    if ts and (n - 1) % nthreads == (tid or 0) then
      requests[#requests + 1] = wrk.format("POST", "/slack/events", {
        ["Content-Type"] = "application/x-www-form-urlencoded",
        ["X-Slack-Request-Timestamp"] = ts,
        ["X-Slack-Signature"] = sig,
      }, body)
    end
  end
  assert(#requests > 0, "no requests in " .. path)
  responses, bad_status, warnings, replays = 0, 0, 0, 0
end

function request()
  if index >= #requests then
    replays = replays + 1 -- ran out: this one was sent before, and the app acks it as a replay
  end
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
  local r, s, w, p = 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    r = r + (thread:get("responses") or 0)
    s = s + (thread:get("bad_status") or 0)
    w = w + (thread:get("warnings") or 0)
    p = p + (thread:get("replays") or 0)
  end
  io.write(string.format("bench-check: responses=%d bad_status=%d warnings=%d replays=%d\n", r, s, w, p))
end
