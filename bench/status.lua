-- Counts status codes per second (wall clock) across all threads; optional URL rotation.
-- Usage: wrk -s bench/status.lua ... URL -- <file with one path per line> <out file>
local threads = {}
function setup(thread) table.insert(threads, thread) end

paths = nil
idx = 0
counts = {}
function init(args)
  outfile = args[2]
  if args[1] and args[1] ~= "" then
    paths = {}
    for line in io.lines(args[1]) do if line ~= "" then table.insert(paths, line) end end
    idx = math.random(1, #paths)
  end
end

function request()
  if paths then
    idx = idx % #paths + 1
    return wrk.format("GET", paths[idx])
  end
  return wrk.format("GET")
end

function response(status, headers, body)
  local key = os.time() .. ":" .. status
  counts[key] = (counts[key] or 0) + 1
end

function serialize()
  local parts = {}
  for k, v in pairs(counts) do table.insert(parts, k .. "=" .. v) end
  return table.concat(parts, ",")
end

function done(summary, latency, requests)
  local f = io.open(os.getenv("WRK_STATUS_OUT") or "/dev/stdout", "w")
  for _, t in ipairs(threads) do
    local c = t:get("counts")
    for k, v in pairs(c or {}) do f:write(k, "=", v, "\n") end
  end
  f:write(string.format("errors connect=%d read=%d write=%d status=%d timeout=%d\n",
    summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.status, summary.errors.timeout))
  f:close()
end
