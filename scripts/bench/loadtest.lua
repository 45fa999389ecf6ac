-- wrk script for `make loadtest`: requests the paths of a list in turn and counts
-- the answers' statuses. Run as
--   LOADTEST_LABEL=mix wrk -s loadtest.lua http://127.0.0.1:8765 -- URL_LIST
-- where URL_LIST has one "group<TAB>path" a line (benchmark_pages --print-urls).
-- done() prints one line beginning "loadtest:" with requests per second, the
-- median and 99th percentile latency, and the errors: answers outside 2xx/3xx
-- plus connection errors and timeouts.

local threads = {}

function setup(thread)
  thread:set("number", #threads)
  table.insert(threads, thread)
end

local paths = {}
local turn = 0
statuses = {}

function init(args)
  for line in io.lines(args[1]) do
    local path = line:match("^[^\t]+\t(.+)$")
    if path then
      table.insert(paths, path)
    end
  end
  if #paths == 0 then
    error("no path in " .. args[1])
  end
  -- Threads start at different places in the list (setup numbered them).
  turn = (number * 7) % #paths
  -- As a browser asks; compressed answers where the site gives them.
  wrk.headers["Accept-Encoding"] = "gzip, br"
end

function request()
  turn = turn + 1
  return wrk.format("GET", paths[(turn % #paths) + 1])
end

function response(status, headers, body)
  local code = tostring(status)
  statuses[code] = (statuses[code] or 0) + 1
end

function done(summary, latency, requests)
  local counts = {}
  for _, thread in ipairs(threads) do
    for code, n in pairs(thread:get("statuses")) do
      counts[code] = (counts[code] or 0) + n
    end
  end
  local codes, bad = {}, 0
  for code, n in pairs(counts) do
    table.insert(codes, code)
    if tonumber(code) < 200 or tonumber(code) >= 400 then
      bad = bad + n
    end
  end
  table.sort(codes)
  local listed = {}
  for _, code in ipairs(codes) do
    table.insert(listed, code .. " × " .. counts[code])
  end
  local e = summary.errors
  local socket = e.connect + e.read + e.write + e.timeout
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "loadtest: %-8s %8.1f req/s  p50 %8.1f ms  p99 %8.1f ms  errors %d " ..
      "(%d not 2xx/3xx, %d connect/read/write, %d timeouts)  statuses: %s\n",
    os.getenv("LOADTEST_LABEL") or "", summary.requests / seconds, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, bad + socket, bad, e.connect + e.read + e.write,
    e.timeout, table.concat(listed, ", ")))
end
