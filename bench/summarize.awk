# Summarizes run.sh's records (one line per measured run, tab-separated:
#   scenario target round req/s p50_us p99_us socket_errors non2xx cpu_us/req backend_cpu_us/req others_core0% others_core1%)
# into one table per scenario: medians over rounds, ratios of medians.
# Variables: fmt (text | md), scenarios ("c64 c1"), order (target ids), labels (their names, "|"-separated).

# (sort, median, lo, hi, collect, others, medians, lead, ms, row, header, title: bench/common.awk, loaded first)
BEGIN { col1 = 22 }

function ratio(a, b) { return (a == "" || b == "" || b == 0) ? "-" : sprintf("%.2f", a / b) }

{ k = collect(); others(k, 11, 12) }   # field 10: the backend's CPU µs/req (CPU2)

END {
    medians()
    for (i = 1; i <= ns; i++) {
        s = sc[i]; one = (s == "c1")
        title("### " (one ? "One connection (`-t1 -c1`)" : "High load (`-t1 -" s "`)"),
              (one ? "ONE CONNECTION (wrk -t1 -c1)" : "HIGH LOAD (wrk -t1 -" s ")") ", medians over rounds")

        nc = 0
        h[++nc] = "target"; h[++nc] = "req/s"; h[++nc] = "req/s min-max"; h[++nc] = "p50 ms"; h[++nc] = "p99 ms"
        h[++nc] = x " YARP"; h[++nc] = x " nginx"; h[++nc] = "CPU " us "/req"; h[++nc] = "CPU " x " YARP"
        h[++nc] = "backend " us "/req"
        if (one) h[++nc] = "added p50 ms"
        h[++nc] = "errors"; h[++nc] = "others max %"
        header(nc)

        y = s SUBSEP "yarp"; n = s SUBSEP "nginx"; d = s SUBSEP "direct"
        for (j = 1; j <= nt; j++) {
            k = s SUBSEP t[j]
            if (!(k in seen)) continue
            nc = lead(k, j)
            c[++nc] = ratio(R[k], R[y]); c[++nc] = ratio(R[k], R[n])
            c[++nc] = sprintf("%.1f", S[k]); c[++nc] = ratio(S[k], S[y])
            c[++nc] = t[j] == "direct" ? "(itself)" : sprintf("%.1f", CPU2[k])
            if (one) c[++nc] = (t[j] == "direct" || !(d in seen)) ? "-" : sprintf("%+.3f", (P50[k] - P50[d]) / 1000)
            c[++nc] = err[k] + 0; c[++nc] = other[k] + 0
            row(c, nc)
        }
    }
}
