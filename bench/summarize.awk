# Summarizes run.sh's records (one line per measured run, tab-separated:
#   scenario target round req/s p50_us p99_us socket_errors non2xx cpu_us/req backend_cpu_us/req others_core0% others_core1%)
# into one table per scenario: medians over rounds, ratios of medians.
# Variables: fmt (text | md), scenarios ("c64 c1"), order (target ids), labels (their names, "|"-separated).

function sort(a, n,   i, j, t) {
    for (i = 2; i <= n; i++) {
        t = a[i]
        for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]
        a[j + 1] = t
    }
}
function median(list,   a, n, i) {
    n = split(list, a, " ")
    if (n == 0) return ""
    for (i = 1; i <= n; i++) a[i] += 0
    sort(a, n)
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
function lo(list,   a, n, i, m) {
    n = split(list, a, " "); m = a[1] + 0
    for (i = 2; i <= n; i++) if (a[i] + 0 < m) m = a[i] + 0
    return m
}
function hi(list,   a, n, i, m) {
    n = split(list, a, " "); m = a[1] + 0
    for (i = 2; i <= n; i++) if (a[i] + 0 > m) m = a[i] + 0
    return m
}
function ratio(a, b) { return (a == "" || b == "" || b == 0) ? "-" : sprintf("%.2f", a / b) }
function ms(us) { return us == "" ? "-" : sprintf("%.3f", us / 1000) }

# row(cells, n): one table row; in text, columns as wide as the header's (global h), the first 22.
function row(cells, n,   i, s, w) {
    if (fmt == "md") {
        s = "|"
        for (i = 1; i <= n; i++) s = s " " cells[i] " |"
        print s
        return
    }
    s = ""
    for (i = 1; i <= n; i++) {
        w = i == 1 ? 22 : (length(h[i]) < 9 ? 9 : length(h[i]))
        s = s sprintf(i == 1 ? "%-" w "s" : "  %" w "s", cells[i])
    }
    print s
}

{
    k = $1 SUBSEP $2; seen[k] = 1
    rps[k] = rps[k] " " $4; p50[k] = p50[k] " " $5; p99[k] = p99[k] " " $6
    err[k] += $7 + $8
    srv[k] = srv[k] " " $9
    if ($10 != "-") be[k] = be[k] " " $10
    o = $11 > $12 ? $11 : $12
    if (o + 0 > other[k] + 0) other[k] = o
}

END {
    nt = split(order, t, " "); split(labels, lab, "|"); ns = split(scenarios, sc, " ")
    for (i = 1; i <= ns; i++) for (j = 1; j <= nt; j++) {
        k = sc[i] SUBSEP t[j]
        if (!(k in seen)) continue
        R[k] = median(rps[k]); P50[k] = median(p50[k]); P99[k] = median(p99[k])
        S[k] = median(srv[k]); B[k] = median(be[k])
    }
    us = fmt == "md" ? "µs" : "us"; x = fmt == "md" ? "×" : "x"
    for (i = 1; i <= ns; i++) {
        s = sc[i]; one = (s == "c1")
        print ""
        if (fmt == "md") print "### " (one ? "One connection (`-t1 -c1`)" : "High load (`-t1 -" s "`)") "\n"
        else print (one ? "ONE CONNECTION (wrk -t1 -c1)" : "HIGH LOAD (wrk -t1 -" s ")") ", medians over rounds"

        nc = 0
        h[++nc] = "target"; h[++nc] = "req/s"; h[++nc] = "req/s min-max"; h[++nc] = "p50 ms"; h[++nc] = "p99 ms"
        h[++nc] = x " YARP"; h[++nc] = x " nginx"; h[++nc] = "CPU " us "/req"; h[++nc] = "CPU " x " YARP"
        h[++nc] = "backend " us "/req"
        if (one) h[++nc] = "added p50 ms"
        h[++nc] = "errors"; h[++nc] = "others max %"
        row(h, nc)
        if (fmt == "md") {
            line = "|"
            for (q = 1; q <= nc; q++) line = line (q == 1 ? "---" : "---:") "|"
            print line
        }

        y = s SUBSEP "yarp"; n = s SUBSEP "nginx"; d = s SUBSEP "direct"
        for (j = 1; j <= nt; j++) {
            k = s SUBSEP t[j]
            if (!(k in seen)) continue
            nc = 0
            c[++nc] = lab[j]
            c[++nc] = sprintf("%.0f", R[k]); c[++nc] = sprintf("%.0f-%.0f", lo(rps[k]), hi(rps[k]))
            c[++nc] = ms(P50[k]); c[++nc] = ms(P99[k])
            c[++nc] = ratio(R[k], R[y]); c[++nc] = ratio(R[k], R[n])
            c[++nc] = sprintf("%.1f", S[k]); c[++nc] = ratio(S[k], S[y])
            c[++nc] = t[j] == "direct" ? "(itself)" : sprintf("%.1f", B[k])
            if (one) c[++nc] = (t[j] == "direct" || !(d in seen)) ? "-" : sprintf("%+.3f", (P50[k] - P50[d]) / 1000)
            c[++nc] = err[k] + 0; c[++nc] = other[k] + 0
            row(c, nc)
        }
    }
}
