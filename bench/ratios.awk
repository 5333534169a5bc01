# Summarizes the records of a benchmark whose targets are measured against one baseline target (bench/observability.sh,
# bench/rest.sh; one line per measured run, tab-separated:
#   1 scenario 2 target 3 round 4 req/s 5 p50_us 6 p99_us 7 socket_errors 8 non2xx 9 gatehouse_cpu_us/req
#   10 backend_cpu_us/req 11 others_core0% 12 others_core1%)
# into one throughput table, medians over rounds: requests/s as a ratio of the baseline's, the goal, the added p99,
# CPU per request. Beside the ratio of the medians, each round's own ratio (target and baseline measured minutes
# apart at most): their median, which the host's slow swings move less, and their range.
# Variables: fmt (text | md), scenarios ("c64"), order (target ids, the baseline first), labels (their names,
# "|"-separated), base (the baseline's id: "off" unless given), goal_target and goal (the target with a goal, and its
# least ratio to the baseline in percent; none unless given); pool_base and pool_target (a second process of the
# baseline and of the goal's target, as "off2" and "on2"): when both were measured, a line after the table pools each
# with its first (the sums of their medians, and each round's sums), so that neither side rests on one process.

# (sort, median, lo, hi, collect, others, medians, lead, ms, row, header, title: bench/common.awk, loaded first)
BEGIN { col1 = 24; wide["goal"] = 14; if (base == "") base = "off" }

function ratio(a, b) { return (a == "" || b == "" || b == 0) ? "" : a / b }
function fixed(v, p) { return v == "" ? "-" : sprintf("%." p "f", v) }

{
    k = collect(); others(k, 11, 12)
    round_rps[$1, $2, $3] = $4
}

END {
    medians()
    for (i = 1; i <= ns; i++) {
        s = sc[i]
        c_ = substr(s, 2) + 0; o = s SUBSEP base
        title("#### Throughput, " c_ " connections back to back (`wrk -t1 -c" c_ "`)",
              "THROUGHPUT " c_ " connections, medians over rounds")
        nc = 0
        h[++nc] = "target"; h[++nc] = "req/s"; h[++nc] = "req/s min-max"; h[++nc] = "p50 ms"; h[++nc] = "p99 ms"
        h[++nc] = x " " base; h[++nc] = "rounds " x " " base ": median (min-max)"; h[++nc] = "goal"; h[++nc] = "added p99 ms"
        h[++nc] = "Gatehouse " us "/req"; h[++nc] = "+" us "/req"; h[++nc] = "backend " us "/req"
        h[++nc] = "errors"; h[++nc] = "others max %"
        header(nc)
        for (j = 1; j <= nt; j++) {
            k = s SUBSEP t[j]
            if (!(k in seen)) continue
            nc = lead(k, j)
            r = (o in seen) ? ratio(R[k], R[o]) : ""
            c[++nc] = fixed(r, 2)
            list = ""
            for (m = 1; m <= 99; m++)
                if (((s, t[j], m) in round_rps) && ((s, base, m) in round_rps) && round_rps[s, base, m] > 0)
                    list = list " " round_rps[s, t[j], m] / round_rps[s, base, m]
            c[++nc] = (t[j] == base || list == "") ? "-" : sprintf("%.2f (%.2f-%.2f)", median(list), lo(list), hi(list))
            c[++nc] = (t[j] == goal_target && r != "") ? \
                sprintf("%s %.2f %s", fmt == "md" ? "≥" : ">=", goal / 100, r * 100 >= goal ? "met" : "NOT met") : "-"
            c[++nc] = (t[j] == base || !(o in seen)) ? "-" : sprintf("%+.3f", (P99[k] - P99[o]) / 1000)
            c[++nc] = sprintf("%.1f", S[k])
            c[++nc] = (t[j] == base || !(o in seen)) ? "-" : sprintf("%+.1f", S[k] - S[o])
            c[++nc] = sprintf("%.1f", CPU2[k])
            c[++nc] = err[k] + 0; c[++nc] = other[k] + 0
            row(c, nc)
        }
        pooled(s)
    }
}

# pooled(s): the goal's target and its second process against the baseline and its second, when all four ran.
function pooled(s,   a, b, a2, b2, r, m, list, line) {
    a = s SUBSEP goal_target; b = s SUBSEP base; a2 = s SUBSEP pool_target; b2 = s SUBSEP pool_base
    if (pool_target == "" || pool_base == "" || !(a in seen) || !(b in seen) || !(a2 in seen) || !(b2 in seen)) return
    r = ratio(R[a] + R[a2], R[b] + R[b2])
    list = ""
    for (m = 1; m <= 99; m++)
        if (((s, goal_target, m) in round_rps) && ((s, pool_target, m) in round_rps) && ((s, base, m) in round_rps) \
            && ((s, pool_base, m) in round_rps))
            list = list " " (round_rps[s, goal_target, m] + round_rps[s, pool_target, m]) / \
                (round_rps[s, base, m] + round_rps[s, pool_base, m])
    line = sprintf("Pooled, two processes a side (%s + %s against %s + %s): %s %.2f, rounds' median %.2f (%.2f-%.2f)", \
        goal_target, pool_target, base, pool_base, x, r, median(list), lo(list), hi(list))
    if (goal != "") line = line sprintf("; goal %s %.2f %s", fmt == "md" ? "≥" : ">=", goal / 100, r * 100 >= goal ? "met" : "NOT met")
    print ""
    print line
}
