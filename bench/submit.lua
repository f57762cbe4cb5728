-- wrk script for bench/http.py: quiz submissions, each to a different started attempt.
--
-- wrk -tTHREADS -s bench/submit.lua http://127.0.0.1:PORT -- POOL_FILE THREADS
--
-- POOL_FILE has one started attempt per line: "path<TAB>cookie<TAB>form body". Thread k of
-- n sends lines k, k+n, k+2n... once each (a second POST to one attempt would take the
-- cheaper "already submitted" branch), so the pool must hold more lines than the run sends:
-- a thread that runs out stops, and done() says so. A submission counts as good only when
-- the app answers with its redirect to the attempt's result page; anything else (an error,
-- a redirect to the login page) is counted as bad.

local threads = {}
local counter = 0 -- setup runs once per thread, in the main state

function setup(thread)
  thread:set("first", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local lines = {}
local next_line, step
sent, bad, exhausted = 0, 0, 0

function init(args)
  local file = assert(io.open(args[1], "r"))
  for line in file:lines() do
    table.insert(lines, line)
  end
  file:close()
  next_line = first + 1
  step = tonumber(args[2])
end

function request()
  if next_line > #lines then
    exhausted = 1
    wrk.thread:stop()
    next_line = 1 -- wrk wants a request even now: the run is void anyway (see done)
  end
  local path, cookie, body = lines[next_line]:match("^([^\t]+)\t([^\t]+)\t(.*)$")
  next_line = next_line + step
  sent = sent + 1
  return wrk.format("POST", path, {
    ["Cookie"] = cookie,
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, body)
end

function response(status, headers, body)
  local location = headers["Location"] or ""
  -- wrk counts answers of 400 and over itself; a 2xx or another redirect is ours to count
  if status < 400 and (status ~= 302 or not location:match("/attempts/%d+$")) then
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local total_bad, total_exhausted = 0, 0
  for _, thread in ipairs(threads) do
    total_bad = total_bad + thread:get("bad")
    total_exhausted = total_exhausted + thread:get("exhausted")
  end
  io.write(string.format("submit-bad %d\nsubmit-exhausted %d\n", total_bad, total_exhausted))
end
