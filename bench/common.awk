# Functions shared by bench/summarize.awk and bench/lambda/summarize.awk; load it first:
#   awk -F'\t' -f bench/common.awk -f bench/summarize.awk ...
# Records: tab-separated, one per measured run: scenario target round req/s p50_us p99_us socket_errors non2xx
# cpu_us/req cpu2_us/req (a second CPU figure, or "-"), then fields of the summarizer's own.
# Globals: fmt (text | md), scenarios, order, labels (as the scripts pass them); h (the header cells of the table being printed); col1 (the text width of the first
# column) and wide[header] (a text width for the columns so headed), set by the summarizer in BEGIN.

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
# collect(): the record's first ten fields into seen, rps, p50, p99, err, srv, cpu2 (lists over rounds); its key.
function collect(   k) {
    k = $1 SUBSEP $2; seen[k] = 1
    rps[k] = rps[k] " " $4; p50[k] = p50[k] " " $5; p99[k] = p99[k] " " $6
    err[k] += $7 + $8
    srv[k] = srv[k] " " $9
    if ($10 != "-") cpu2[k] = cpu2[k] " " $10
    return k
}
# others(k, a, b): other[k] = the largest of fields a and b over k's runs (the others' share of either core).
function others(k, a, b,   o) {
    o = $a > $b ? $a : $b
    if (o + 0 > other[k] + 0) other[k] = o
}
# medians(): in END, t (nt targets of order), lab (labels), sc (ns scenarios), and for every key seen the medians
# over rounds R, P50, P99, S, CPU2 ("" where none); us and x, the micro and times signs of fmt.
function medians(   i, j, k) {
    nt = split(order, t, " "); split(labels, lab, "|"); ns = split(scenarios, sc, " ")
    for (i = 1; i <= ns; i++) for (j = 1; j <= nt; j++) {
        k = sc[i] SUBSEP t[j]
        if (!(k in seen)) continue
        R[k] = median(rps[k]); P50[k] = median(p50[k]); P99[k] = median(p99[k])
        S[k] = median(srv[k]); CPU2[k] = median(cpu2[k])
    }
    us = fmt == "md" ? "µs" : "us"; x = fmt == "md" ? "×" : "x"
}
# lead(k, j): c[1..5] = the cells a per-load table row opens with (label, req/s, req/s min-max, p50, p99) for key k
# of target j; returns 5, the cells so far.
function lead(k, j) {
    c[1] = lab[j]
    c[2] = sprintf("%.0f", R[k]); c[3] = sprintf("%.0f-%.0f", lo(rps[k]), hi(rps[k]))
    c[4] = ms(P50[k]); c[5] = ms(P99[k])
    return 5
}
function ms(us) { return us == "" ? "-" : sprintf("%.3f", us / 1000) }

# row(cells, n): one table row; in text, columns as wide as the header's (global h), at least 9, the first col1.
function row(cells, n,   i, s, w) {
    if (fmt == "md") {
        s = "|"
        for (i = 1; i <= n; i++) s = s " " cells[i] " |"
        print s
        return
    }
    s = ""
    for (i = 1; i <= n; i++) {
        w = i == 1 ? col1 : (h[i] in wide) ? wide[h[i]] : (length(h[i]) < 9 ? 9 : length(h[i]))
        s = s sprintf(i == 1 ? "%-" w "s" : "  %" w "s", cells[i])
    }
    print s
}
# header(n): the row of h, and in markdown the line under it.
function header(n,   q, line) {
    row(h, n)
    if (fmt != "md") return
    line = "|"
    for (q = 1; q <= n; q++) line = line (q == 1 ? "---" : "---:") "|"
    print line
}
# title(md, text): a blank line, then the table's title in the format's form.
function title(md, text) { print ""; print fmt == "md" ? md "\n" : text }
