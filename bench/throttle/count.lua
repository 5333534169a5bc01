-- A counting, optionally paced load client for wrk 4.x (LuaJIT): counts the answers by status and, with a rate,
-- offers about that many requests per second instead of as many as the server can take. Self-contained (used by
-- bench/throttle.sh and by end-to-end tests): copy it anywhere.
--
--   wrk -t1 -c16 -d10s --latency -s count.lua http://host/path -- rate=3000
--   RATE=3000 wrk -t1 -c16 -d10s -s count.lua http://host/path
--
-- Settings, as `-- key=value` after the URL or in the environment (upper case; the argument wins):
--   rate=R      total requests/s over all threads and connections (0 or none: closed loop, wrk's usual "as fast as
--               the server answers")
--   threads=T   wrk's -t, to share R among the threads; read from wrk's own command line when not given (wrk's
--               default: 2)
--   samples=N   keep the first N bytes of the first answer of every status other than 200 (default 200, 0: none)
--
-- Output, after wrk's own, one line that starts with "STATUS " and holds only key=value fields:
--   STATUS 200=N 429=M other=K requests=N+M+K duration_us=D offered_rps=O admitted_rps=A target_rps=R
--          late_pct=L socket_errors=E non2xx3xx=S p50_us=P p99_us=Q threads=T start_s=S0 end_s=S1
-- where offered_rps = every answer (any status) / wrk's duration, admitted_rps = the 200s / the duration,
-- target_rps = R (0 when not paced), late_pct = the share of paced requests sent more than 1 ms after their slot
-- (the connections were all busy: add connections; or the server or wrk's core is too slow), start_s and end_s the
-- run's start and end on CLOCK_MONOTONIC (seconds; one clock for every process of the machine, so that the runs of
-- several wrk at once can be put on one time line: wrk stops up to 100 ms after its duration, so durations differ).
-- Then one line
--   CODES 200=N 429=M ...               every status seen (other = all but 200 and 429)
-- and for every status other than 200 one line
--   SAMPLE status=429 body=<the first answer's body, newlines as \n, cut to `samples` bytes>
--
-- How the pacing works. wrk is closed-loop: a connection sends its next request as soon as the answer to its last
-- one is read. When a script defines delay(), wrk asks it, before every request (the first one included), for a
-- pause in whole milliseconds, spent on a timer of its event loop; the latency wrk records starts after the pause.
-- Here every thread keeps a schedule of its own: its k-th request is due at start + k / (R / T) s. delay() hands the
-- connection that asks the next slot and returns the time left until it (rounded down to the millisecond, so a
-- request may leave up to 1 ms early; the slots themselves do not drift, so the average rate is the schedule's). A
-- slot already past is sent at once (counted late); a schedule more than `catchup` (100 ms) behind is moved up to
-- now, so that a stall is not followed by a burst. The offered rate is therefore R only while the connections
-- suffice: R <= connections / latency. It is measured (offered_rps: the answers, so the few requests still unanswered
-- when wrk stops are not in it), never assumed: read it.
-- The clock: clock_gettime(CLOCK_MONOTONIC) through LuaJIT's ffi (os.clock is CPU time, os.time whole seconds).

local ffi = require("ffi")
ffi.cdef [[
   typedef struct { long tv_sec; long tv_nsec; } count_lua_timespec;
   int clock_gettime(int clock_id, count_lua_timespec *tp);
]]
local ts = ffi.new("count_lua_timespec")
local function now_s()
   ffi.C.clock_gettime(1, ts)   -- CLOCK_MONOTONIC
   return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) * 1e-9
end

-- wrk's own command line (as typed: /proc shows it before getopt reorders it), for the settings (key=value words after
-- "--", or after the URL when there is no "--") and for -t: the script's top level runs in every Lua state wrk makes,
-- the main one too (which decides from it whether delay() exists), and before init(args) is called.
local function command_line()
   local file = io.open("/proc/self/cmdline", "rb")
   if not file then return {} end
   local raw = file:read("*a")
   file:close()
   local words = {}
   for word in raw:gmatch("([^%z]*)%z") do words[#words + 1] = word end
   return words
end

local settings = {}
local wrk_threads
do
   local words = command_line()
   local script_args = false   -- past "--" or the URL
   local i = 2
   while i <= #words do
      local w = words[i]
      local key, value = w:match("^([%a_]+)=(.*)$")
      if script_args and key then
         settings[key:lower()] = value
      elseif w == "--" or w:match("^%a[%w+.-]*://") then
         script_args = true
      elseif w == "-t" or w == "--threads" then
         wrk_threads = tonumber(words[i + 1]); i = i + 1
      elseif w:match("^%-t%d+$") then
         wrk_threads = tonumber(w:sub(3))
      elseif w:match("^%-%-threads=%d+$") then
         wrk_threads = tonumber(w:match("=(%d+)$"))
      end
      i = i + 1
   end
end
local function setting(key, default)
   local v = settings[key]
   if v == nil or v == "" then v = os.getenv(key:upper()) end
   if v == nil or v == "" then return default end
   return v
end
local function number_setting(key, default)
   local v = setting(key, nil)
   if v == nil then return default end
   local n = tonumber(v)
   if n == nil or n < 0 or n ~= n or n == math.huge then
      -- wrk would print an error() and go on without the script; a wrong setting must stop the run instead
      io.stderr:write("count.lua: " .. key .. " must be a number >= 0, not '" .. tostring(v) .. "'\n")
      os.exit(2)
   end
   return n
end

local rate = number_setting("rate", 0)
local threads_n = math.max(1, math.floor(number_setting("threads", wrk_threads or 2)))
local sample_bytes = math.floor(number_setting("samples", 200))
local catchup_s = 0.1

-- Per thread (each wrk thread has a Lua state of its own): counts by status, late slots, sample bodies.
counts = {}
late, paced = 0, 0
samples = {}

response = function(status, headers, body)
   counts[status] = (counts[status] or 0) + 1
   if status ~= 200 and sample_bytes > 0 and samples[status] == nil then
      samples[status] = (body or ""):sub(1, sample_bytes)
   end
end

if rate > 0 then
   local interval = threads_n / rate   -- seconds between this thread's requests
   local next_slot = nil
   delay = function()
      local now = now_s()
      if next_slot == nil then next_slot = now end
      if next_slot < now - catchup_s then next_slot = now end
      local slot = next_slot
      next_slot = next_slot + interval
      paced = paced + 1
      local wait = slot - now
      if wait <= 0 then
         if wait < -0.001 then late = late + 1 end
         return 0
      end
      return math.floor(wait * 1000)
   end
end

-- The main Lua state: every thread, to read its counts in done().
local all_threads = {}
setup = function(thread)
   all_threads[#all_threads + 1] = thread
end

local function one_line(s)
   return (s:gsub("\\", "\\\\"):gsub("\r", "\\r"):gsub("\n", "\\n"))
end

done = function(summary, latency, requests)
   local finished = now_s()
   local total, by_status, late_all, paced_all, first_body = 0, {}, 0, 0, {}
   for _, thread in ipairs(all_threads) do
      for status, n in pairs(thread:get("counts") or {}) do
         by_status[status] = (by_status[status] or 0) + n
         total = total + n
      end
      late_all = late_all + (thread:get("late") or 0)
      paced_all = paced_all + (thread:get("paced") or 0)
      for status, body in pairs(thread:get("samples") or {}) do
         if first_body[status] == nil then first_body[status] = body end
      end
   end
   local ok, throttled = by_status[200] or 0, by_status[429] or 0
   local seconds = summary.duration / 1e6
   local e = summary.errors
   io.write(string.format(
      "STATUS 200=%d 429=%d other=%d requests=%d duration_us=%d offered_rps=%.1f admitted_rps=%.1f target_rps=%.1f " ..
      "late_pct=%.1f socket_errors=%d non2xx3xx=%d p50_us=%.1f p99_us=%.1f threads=%d start_s=%.6f end_s=%.6f\n",
      ok, throttled, total - ok - throttled, total, summary.duration, total / seconds, ok / seconds, rate,
      paced_all > 0 and late_all * 100 / paced_all or 0, e.connect + e.read + e.write + e.timeout, e.status,
      latency:percentile(50), latency:percentile(99), #all_threads, finished - seconds, finished))
   local codes = {}
   for status in pairs(by_status) do codes[#codes + 1] = status end
   table.sort(codes)
   local line = "CODES"
   for _, status in ipairs(codes) do line = line .. string.format(" %d=%d", status, by_status[status]) end
   io.write(line, "\n")
   for _, status in ipairs(codes) do
      if first_body[status] ~= nil then
         io.write(string.format("SAMPLE status=%d body=%s\n", status, one_line(first_body[status])))
      end
   end
end
