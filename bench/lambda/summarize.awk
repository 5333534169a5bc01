# Summarizes bench/lambda.sh's records (one line per measured run, tab-separated:
#   scenario target round req/s p50_us p99_us socket_errors non2xx server_cpu_us/req workers_cpu_us/req new_workers
#   others_core0% others_core1%)
# into: one table per load (medians over rounds), the overhead table (Gatehouse minus the baseline, at the moderate
# loads) and the maximum requests/s of each target over all loads.
# Variables: fmt (text | md), scenarios ("c1 c4p4 c4 c16 c64"), moderate ("c1 c4p4 c4"), order (target ids), labels (their
# names, "|"-separated), p50max / p99max (the targets, in µs), overhead_target (the target whose overhead is judged).

# (sort, median, lo, hi, collect, others, medians, lead, ms, row, header, title: bench/common.awk, loaded first)
BEGIN { col1 = 28; wide["load"] = wide["at"] = 21 }

# Loads: "c4" = 4 connections back to back; "c4p4" = 4 connections, each pausing 4 ms after every response.
function conns(s) { return substr(s, 2) + 0 }
function pace(s) { return index(s, "p") ? substr(s, index(s, "p") + 1) + 0 : 0 }
function describe(s) {
    return conns(s) " conn." (pace(s) ? " + " pace(s) " ms pauses" : "")
}

{ k = collect(); fresh[k] += $11; others(k, 12, 13) }   # field 10: the workers' CPU µs/req (CPU2)

END {
    medians()

    for (i = 1; i <= ns; i++) {
        s = sc[i]
        title("#### " conns(s) " connection" (conns(s) > 1 ? "s" : "") \
              (pace(s) ? ", each pausing " pace(s) " ms after every response (paced)" : ", back to back") \
              " (`wrk -c" conns(s) "`" (pace(s) ? " + `delay()`" : "") ")",
              "LOAD " describe(s) ", medians over rounds")
        nc = 0
        h[++nc] = "target"; h[++nc] = "req/s"; h[++nc] = "req/s min-max"; h[++nc] = "p50 ms"; h[++nc] = "p99 ms"
        h[++nc] = "CPU " us "/req"; h[++nc] = "workers " us "/req"; h[++nc] = "errors"; h[++nc] = "new workers"
        h[++nc] = "others max %"
        header(nc)
        for (j = 1; j <= nt; j++) {
            k = s SUBSEP t[j]
            if (!(k in seen)) continue
            nc = lead(k, j)
            c[++nc] = sprintf("%.1f", S[k]); c[++nc] = CPU2[k] == "" ? "-" : sprintf("%.1f", CPU2[k])
            c[++nc] = err[k] + 0; c[++nc] = t[j] == "baseline" ? "-" : fresh[k] + 0; c[++nc] = other[k] + 0
            row(c, nc)
        }
    }

    # Overhead: what the gateway and the runtime add to the bare function, at the moderate loads.
    nm = split(moderate, md, " ")
    title("#### Overhead (target − baseline, at moderate load)", "OVERHEAD = target - baseline (medians), moderate loads")
    nc = 0
    h[++nc] = "target"; h[++nc] = "load"; h[++nc] = "req/s"; h[++nc] = "p50 ms"; h[++nc] = "baseline p50"
    h[++nc] = "overhead p50"; h[++nc] = "p99 ms"; h[++nc] = "baseline p99"; h[++nc] = "overhead p99"; h[++nc] = "target met"
    header(nc)
    for (j = 1; j <= nt; j++) {
        if (t[j] == "baseline") continue
        for (i = 1; i <= nm; i++) {
            k = md[i] SUBSEP t[j]; b = md[i] SUBSEP "baseline"
            if (!(k in seen) || !(b in seen)) continue
            d50 = P50[k] - P50[b]; d99 = P99[k] - P99[b]
            nc = 0
            c[++nc] = lab[j]; c[++nc] = describe(md[i]); c[++nc] = sprintf("%.0f", R[k])
            c[++nc] = ms(P50[k]); c[++nc] = ms(P50[b]); c[++nc] = sprintf("%+.3f", d50 / 1000)
            c[++nc] = ms(P99[k]); c[++nc] = ms(P99[b]); c[++nc] = sprintf("%+.3f", d99 / 1000)
            c[++nc] = (d50 <= p50max ? "p50 yes" : "p50 NO") ", " (d99 <= p99max ? "p99 yes" : "p99 NO")
            row(c, nc)
        }
    }

    # Maximum throughput: the best median req/s over every load, per target.
    title("#### Maximum requests/s (best median over the loads measured)", "MAXIMUM req/s (best median over the loads)")
    nc = 0
    h[++nc] = "target"; h[++nc] = "max req/s"; h[++nc] = "at"; h[++nc] = x " baseline"; h[++nc] = "p50 ms there"
    h[++nc] = "CPU " us "/req there"
    header(nc)
    for (j = 1; j <= nt; j++) {
        best = ""; at = ""
        for (i = 1; i <= ns; i++) {
            k = sc[i] SUBSEP t[j]
            if ((k in seen) && (best == "" || R[k] > best)) { best = R[k]; at = sc[i] }
        }
        if (best == "") continue
        M[t[j]] = best; A[t[j]] = at
    }
    for (j = 1; j <= nt; j++) {
        if (!(t[j] in M)) continue
        k = A[t[j]] SUBSEP t[j]
        nc = 0
        c[++nc] = lab[j]; c[++nc] = sprintf("%.0f", M[t[j]]); c[++nc] = describe(A[t[j]])
        c[++nc] = ("baseline" in M) ? sprintf("%.2f", M[t[j]] / M["baseline"]) : "-"
        c[++nc] = ms(P50[k]); c[++nc] = sprintf("%.1f", S[k] + (CPU2[k] == "" ? 0 : CPU2[k]))
        row(c, nc)
    }
}
