-- wrk script of bench/lambda.sh, for every target. Environment:
--   LAMBDA_INVOKE=1  POST the minimal event the baseline builds, invoke.json (the Lambda Invoke API target; lambda.sh
--                    adds the headers of a signature made for it); otherwise GET.
--   PACE_MS=N        each connection pauses N ms after every response (wrk's delay() hook): a paced, moderate load
--                    that does not depend on how fast the server is. The latency wrk records excludes the pause.
-- After the run, one machine-readable line: bench/report.lua's done(), loaded at the end. Without request/response
-- hooks wrk keeps its static-request fast path; delay() (only defined when pacing) does not need a dynamic request either.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
if os.getenv("LAMBDA_INVOKE") == "1" then
   -- invoke.json: the same bytes lambda.sh has curl sign (the signature covers the body's hash)
   local file = assert(io.open(here .. "invoke.json", "rb"))
   wrk.method = "POST"
   wrk.body = file:read("*a")
   file:close()
   wrk.headers["Content-Type"] = "application/json"
end

local pace = tonumber(os.getenv("PACE_MS") or "0")
if pace > 0 then
   delay = function() return pace end
end

-- done(): bench/report.lua's, found from this script's own path (the one wrk was given).
dofile(here .. "../report.lua")
