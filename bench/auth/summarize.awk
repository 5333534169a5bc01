# Summarizes bench/auth.sh's records (one line per measured run, tab-separated:
#   scenario target round req/s p50_us p99_us socket_errors non2xx gatehouse_cpu_us/req backend_cpu_us/req
#   authorizer_workers_cpu_us/req ("-" but for lambda) authorizer_invocations ("-" but for lambda) others_core0%
#   others_core1%)
# into one table per load (medians over rounds; each target's requests/s as a ratio of /open's, the ratio of the
# medians and its range over the rounds, each round's ratio taken within the round) and the verdict on the goals.
# Variables: fmt (text | md), scenarios ("c64 c16 c1"), order (target ids, "open" first), labels (their names,
# "|"-separated), goals ("iam=85 jwt=85 lambda=80": the least ratio to /open, in percent).

# (sort, median, lo, hi, collect, others, medians, lead, ms, row, header, title: bench/common.awk, loaded first)
BEGIN { col1 = 28; wide["goal"] = 10 }

function ratio(a, b) { return (a == "" || b == "" || b == 0) ? "" : a / b }
function verdict(t, r) { return (!(t in goal) || r == "") ? "" : (r * 100 >= goal[t] ? "met" : "NOT met") }

{
    k = collect(); others(k, 13, 14)
    round_rps[$1, $2, $3] = $4
    if ($11 != "-") wcpu[k] = wcpu[k] " " $11
    if ($12 != "-") calls[k] += $12
}

END {
    medians()
    n = split(goals, g, " ")
    for (i = 1; i <= n; i++) { split(g[i], kv, "="); goal[kv[1]] = kv[2] }

    for (i = 1; i <= ns; i++) {
        s = sc[i]; c_ = substr(s, 2) + 0; o = s SUBSEP "open"
        title("#### " c_ " connection" (c_ > 1 ? "s" : "") " (`wrk -c" c_ "`)",
              "LOAD " c_ " connection" (c_ > 1 ? "s" : "") ", medians over rounds")
        nc = 0
        h[++nc] = "target"; h[++nc] = "req/s"; h[++nc] = "req/s min-max"; h[++nc] = "p50 ms"; h[++nc] = "p99 ms"
        h[++nc] = x " /open"; h[++nc] = "rounds " x " /open"; h[++nc] = "goal"
        h[++nc] = "Gatehouse " us "/req"; h[++nc] = "+" us "/req"; h[++nc] = "backend " us "/req"
        h[++nc] = "authorizer " us "/req"; h[++nc] = "authorizer runs"; h[++nc] = "errors"; h[++nc] = "others max %"
        header(nc)
        for (j = 1; j <= nt; j++) {
            k = s SUBSEP t[j]
            if (!(k in seen)) continue
            nc = lead(k, j)
            r = (o in seen) ? ratio(R[k], R[o]) : ""
            c[++nc] = r == "" ? "-" : sprintf("%.2f", r)
            # each round's ratio, within the round (the targets of a round ran back to back)
            list = ""
            for (m = 1; m <= 99; m++)
                if (((s, t[j], m) in round_rps) && ((s, "open", m) in round_rps) && round_rps[s, "open", m] > 0)
                    list = list " " round_rps[s, t[j], m] / round_rps[s, "open", m]
            c[++nc] = list == "" ? "-" : sprintf("%.2f-%.2f", lo(list), hi(list))
            c[++nc] = (t[j] in goal) ? "≥ " sprintf("%.2f", goal[t[j]] / 100) " " verdict(t[j], r) : "-"
            if (fmt != "md") sub(/^≥ /, ">= ", c[nc])
            c[++nc] = sprintf("%.1f", S[k])
            c[++nc] = (t[j] == "open" || !(o in seen)) ? "-" : sprintf("%+.1f", S[k] - S[o])
            c[++nc] = sprintf("%.1f", CPU2[k])
            c[++nc] = (k in wcpu) ? sprintf("%.1f", median(wcpu[k])) : "-"
            c[++nc] = (k in calls) ? calls[k] : "-"
            c[++nc] = err[k] + 0; c[++nc] = other[k] + 0
            row(c, nc)
        }
    }

    # The goals: requests/s of each authorized route against /open's, at every load.
    title("#### Goals (requests/s × /open, medians)", "GOALS: requests/s x /open (medians)")
    nc = 0
    h[++nc] = "target"; h[++nc] = "goal"
    for (i = 1; i <= ns; i++) { h[++nc] = substr(sc[i], 2) " conn."; wide[h[nc]] = 12 }
    header(nc)
    for (j = 1; j <= nt; j++) {
        if (!(t[j] in goal)) continue
        for (i = 1; i <= ns; i++) if ((sc[i] SUBSEP t[j]) in seen) break
        if (i > ns) continue   # not measured
        nc = 0
        c[++nc] = lab[j]; c[++nc] = (fmt == "md" ? "≥ " : ">= ") sprintf("%.2f", goal[t[j]] / 100)
        for (i = 1; i <= ns; i++) {
            k = sc[i] SUBSEP t[j]; o = sc[i] SUBSEP "open"
            r = ((k in seen) && (o in seen)) ? ratio(R[k], R[o]) : ""
            c[++nc] = r == "" ? "-" : sprintf("%.2f %s", r, verdict(t[j], r))
        }
        row(c, nc)
    }
}
