# Summarizes bench/throttle.sh's records (one line per measured run, tab-separated:
#   1 scenario 2 target 3 round 4 req/s 5 p50_us 6 p99_us 7 socket_errors 8 non2xx 9 gatehouse_cpu_us/req
#   10 backend_cpu_us/req 11 redis_cpu_us/req ("-": none) 12 redis_commands/req ("-") 13 others_core0%
#   14 others_core1% 15 answers_200 16 answers_429 17 duration_us 18 late_pct 19 body429 (ok, BAD, "-")
# where fields 15-19 are "-" in the throughput runs; in the accuracy runs req/s is the offered rate (every answer)
# and non2xx the answers neither 200 nor 429) into two tables, medians over rounds:
#   throughput (scenario cN): requests/s as a ratio of the throttling-off target's, the goal, the added p99, CPU;
#   accuracy (scenario acc): offered and admitted rates, admitted = (200s - burst) / duration, against the limit.
# Variables: fmt (text | md), scenarios ("c64 acc"), order (target ids, "off" first), labels (their names,
# "|"-separated), goal_mem (percent: mem's least ratio to off), limit and burst (the accuracy targets' stage
# limits), tolerance (percent: an admitted rate within it of the limit is marked so).

# (sort, median, lo, hi, collect, others, medians, lead, ms, row, header, title: bench/common.awk, loaded first)
BEGIN { col1 = 22; wide["goal"] = 14 }

function ratio(a, b) { return (a == "" || b == "" || b == 0) ? "" : a / b }
function fixed(v, p) { return v == "" ? "-" : sprintf("%." p "f", v) }

{
    k = collect(); others(k, 13, 14)
    round_rps[$1, $2, $3] = $4
    if ($11 != "-") rcpu[k] = rcpu[k] " " $11
    if ($12 != "-") rcmd[k] = rcmd[k] " " $12
    if ($15 != "-") {
        ok[k] = ok[k] " " $15; no[k] = no[k] " " $16; late[k] = late[k] " " $18
        a = ($15 - burst) / ($17 / 1e6)
        adm[k] = adm[k] " " a; admx[k] = admx[k] " " a / limit
        if ($19 == "BAD") bad[k] = 1
        else if ($19 == "ok" && !(k in bad)) body[k] = "ok"
    }
}

END {
    medians()
    for (i = 1; i <= ns; i++) {
        s = sc[i]
        if (s == "acc") { accuracy(s); continue }
        c_ = substr(s, 2) + 0; o = s SUBSEP "off"
        title("#### Throughput, " c_ " connections back to back (`wrk -t1 -c" c_ "`)",
              "THROUGHPUT " c_ " connections, medians over rounds")
        nc = 0
        h[++nc] = "target"; h[++nc] = "req/s"; h[++nc] = "req/s min-max"; h[++nc] = "p50 ms"; h[++nc] = "p99 ms"
        h[++nc] = x " off"; h[++nc] = "rounds " x " off"; h[++nc] = "goal"; h[++nc] = "added p99 ms"
        h[++nc] = "Gatehouse " us "/req"; h[++nc] = "+" us "/req"; h[++nc] = "backend " us "/req"
        h[++nc] = "redis " us "/req"; h[++nc] = "redis cmd/req"; h[++nc] = "errors"; h[++nc] = "others max %"
        header(nc)
        for (j = 1; j <= nt; j++) {
            k = s SUBSEP t[j]
            if (!(k in seen)) continue
            nc = lead(k, j)
            r = (o in seen) ? ratio(R[k], R[o]) : ""
            c[++nc] = fixed(r, 2)
            list = ""
            for (m = 1; m <= 99; m++)
                if (((s, t[j], m) in round_rps) && ((s, "off", m) in round_rps) && round_rps[s, "off", m] > 0)
                    list = list " " round_rps[s, t[j], m] / round_rps[s, "off", m]
            c[++nc] = (t[j] == "off" || list == "") ? "-" : sprintf("%.2f-%.2f", lo(list), hi(list))
            c[++nc] = (t[j] == "mem" && r != "") ? \
                sprintf("%s %.2f %s", fmt == "md" ? "≥" : ">=", goal_mem / 100, r * 100 >= goal_mem ? "met" : "NOT met") : "-"
            c[++nc] = (t[j] == "off" || !(o in seen)) ? "-" : sprintf("%+.3f", (P99[k] - P99[o]) / 1000)
            c[++nc] = sprintf("%.1f", S[k])
            c[++nc] = (t[j] == "off" || !(o in seen)) ? "-" : sprintf("%+.1f", S[k] - S[o])
            c[++nc] = sprintf("%.1f", CPU2[k])
            c[++nc] = (k in rcpu) ? sprintf("%.1f", median(rcpu[k])) : "-"
            c[++nc] = (k in rcmd) ? sprintf("%.2f", median(rcmd[k])) : "-"
            c[++nc] = err[k] + 0; c[++nc] = other[k] + 0
            row(c, nc)
        }
    }
}

# accuracy(s): the accuracy table.
function accuracy(s,   j, k, nc, a, ax) {
    title("#### Accuracy: stage limit " limit " req/s, burst " burst ", paced overload (`count.lua` rate=...)",
          "ACCURACY stage limit " limit " req/s burst " burst ", medians over rounds")
    nc = 0
    h[++nc] = "target"; h[++nc] = "offered req/s"; h[++nc] = "200s"; h[++nc] = "429s"; h[++nc] = "admitted req/s"
    h[++nc] = x " limit"; h[++nc] = "rounds " x " limit"; h[++nc] = "within " (fmt == "md" ? "±" : "+-") tolerance " %"
    h[++nc] = "late %"; h[++nc] = "429 body"; h[++nc] = "p99 ms"; h[++nc] = "Gatehouse " us "/req"
    h[++nc] = "redis " us "/req"; h[++nc] = "redis cmd/req"; h[++nc] = "errors"; h[++nc] = "others max %"
    header(nc)
    for (j = 1; j <= nt; j++) {
        k = s SUBSEP t[j]
        if (!(k in seen)) continue
        nc = 0
        a = median(adm[k]); ax = median(admx[k])
        c[++nc] = lab[j]; c[++nc] = sprintf("%.0f", R[k])
        c[++nc] = sprintf("%.0f", median(ok[k])); c[++nc] = sprintf("%.0f", median(no[k]))
        c[++nc] = sprintf("%.0f", a); c[++nc] = sprintf("%.3f", ax)
        c[++nc] = sprintf("%.3f-%.3f", lo(admx[k]), hi(admx[k]))
        c[++nc] = (ax - 1 <= tolerance / 100 && 1 - ax <= tolerance / 100) ? "yes" : "NO"
        c[++nc] = sprintf("%.1f", median(late[k]))
        c[++nc] = (k in bad) ? "BAD" : (k in body) ? "ok" : "none"
        c[++nc] = ms(P99[k]); c[++nc] = sprintf("%.1f", S[k])
        c[++nc] = (k in rcpu) ? sprintf("%.1f", median(rcpu[k])) : "-"
        c[++nc] = (k in rcmd) ? sprintf("%.2f", median(rcmd[k])) : "-"
        c[++nc] = err[k] + 0; c[++nc] = other[k] + 0
        row(c, nc)
    }
}
