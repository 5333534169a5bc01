-- wrk reporter: one machine-readable line after the run, read by run.sh (and by lambda.sh: lambda/wrk.lua loads
-- this file). No request/response hooks, so wrk keeps its static-request fast path.
done = function(summary, latency, requests)
   local e = summary.errors
   io.write(string.format(
      "BENCH requests=%d duration_us=%d p50_us=%.1f p99_us=%.1f socket_errors=%d non2xx=%d\n",
      summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
      e.connect + e.read + e.write + e.timeout, e.status))
end
