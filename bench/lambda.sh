#!/usr/bin/env bash
# Gatehouse's Lambda benchmark (issue 3). The tutorial's hello handler (examples/hello/index.js) measured three ways,
# each server pinned to one core and wrk to the other:
#   baseline   a bare Node http server calling the handler in-process (bench/lambda/baseline.js): the function with no
#              gateway and no runtime;
#   gatehouse  GET /production/greeting/John through an HTTP API route (AWS_PROXY, payload 2.0) to the function
#              "hello" on warm Node workers: the gateway plus the local Lambda runtime;
#   invoke     the Lambda Invoke API (POST /2015-03-31/functions/hello/invocations) on the same workers, for
#              comparison (the runtime without the data plane).
# It reports p50/p99 and requests/s at moderate load (1 connection, 4 paced connections, 4 connections) and at high
# load (16, 64), the overhead (Gatehouse minus the baseline), the maximum requests/s, CPU per request (Gatehouse and its workers apart), the cold start of a
# Node function (update-function-configuration retires the warm workers; the next request starts one) with Lambda's
# Init Duration, and the memory of each warm worker (Node and Python).
#
# Usage: bash bench/lambda.sh             (the full run: about 8 minutes on a quiet machine, 15 at most)
#        QUICK=1 bash bench/lambda.sh     (a one-minute check that everything works; figures are rough)
# See docs/benchmarks.md ("Lambda (issue 3)") for every setting and the recorded results.

{ # The whole script is one brace group: bash reads it all before running it, so editing this file while a run is
  # under way cannot derail that run (bash otherwise reads a script piece by piece as it goes).
set -euo pipefail

QUICK=${QUICK:-0}
if [[ $QUICK == 1 ]]; then
    : "${WARMUP:=3}" "${DURATION:=3}" "${ROUNDS:=1}" "${COLD_RUNS:=3}" "${HIGH:=16}" "${QUIET_WAIT:=0}" "${RETRIES:=0}"
fi
WARMUP=${WARMUP:-15}              # seconds of unrecorded load per target, spread over the connection counts in 3 s slices
DURATION=${DURATION:-8}           # seconds per measured run
ROUNDS=${ROUNDS:-3}               # rounds; each runs every target at every load, in a rotating order
MODERATE=${MODERATE:-1 4p4 4}     # moderate loads (the overhead is judged there): N connections back to back, or NpM:
                                  # N connections each pausing M ms after every response (a paced load)
HIGH=${HIGH:-16 64}               # the high loads (for the maximum requests/s), written as MODERATE's
WRK_THREADS=${WRK_THREADS:-2}     # wrk threads (never more than connections); wrk runs on one core anyway
COLD_RUNS=${COLD_RUNS:-10}        # cold starts measured through the gateway, and as many through Invoke (Init Duration)
TARGETS=${TARGETS:-baseline gatehouse invoke}
INVOKE_HIGH=${INVOKE_HIGH:-0}     # 1 also measures the Invoke API at the high loads
QUIET_WAIT=${QUIET_WAIT:-30}      # before each run, wait up to this many seconds for other work to stop (0: never)
QUIET_BUDGET=${QUIET_BUDGET:-240} # seconds of such waiting in the whole run, at most (the run must end)
# (LOADGEN_CPU SERVER_CPU GATEHOUSE_DLL QUIET_MAX RETRIES KEEP_TMP, and the others' defaults: lib.sh)

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=bench/lib.sh
source "$BENCH/lib.sh"   # REPO BUILD RESULTS, log die, cleanup, tools, build, servers, measuring, report
HANDLER="$REPO/examples/hello/index.js"
P50_TARGET_US=500                 # issue 3: gateway + runtime overhead p50 <= 0.5 ms, p99 <= 2 ms, cold start <= 150 ms
P99_TARGET_US=2000
COLD_TARGET_MS=150

require_whole WARMUP DURATION ROUNDS WRK_THREADS COLD_RUNS INVOKE_HIGH LOADGEN_CPU SERVER_CPU QUIET_WAIT QUIET_MAX \
    QUIET_BUDGET RETRIES
for c in $MODERATE $HIGH; do
    [[ $c =~ ^[1-9][0-9]*(p[0-9]+)?$ ]] || die "MODERATE and HIGH take loads like 4 or 4p4 (4 connections, 4 ms pauses), not '$c'"
done
((DURATION > 0 && ROUNDS > 0 && WRK_THREADS > 0)) || die "DURATION, ROUNDS and WRK_THREADS must be positive"
[[ -n ${MODERATE// /} ]] || die "MODERATE must name at least one connection count"

# --- cleanup: stop everything this script started (lib.sh) ---------------------------------------------------
init_tmp gatehouse-lambda-bench lambda-logs

# --- tools ---------------------------------------------------------------------------------------------------
need_tools wrk curl taskset sqlite3
command -v node >/dev/null || die "Node.js (node) is needed: the hello function and the baseline run on it"
command -v python3 >/dev/null || die "python3 is needed (zips, JSON, the Python worker)"
check_cores

# --- build: into bench/.build, never src/*/bin, as bench/run.sh does -----------------------------------------------
build_for_run

# --- servers (free_port, start, start_gatehouse, gh_call, want: lib.sh) ---------------------------------------
jq_py() { # python-expression-on-d < json
    python3 -c "import json,sys; d=json.load(sys.stdin); v=$1; print('' if v is None else v)" 2>/dev/null || true
}

declare -A URL HOST SRV LABEL INVOKE
LABEL=([baseline]="baseline (Node, no gateway)" [gatehouse]="Gatehouse AWS_PROXY" [invoke]="Lambda Invoke API")
ACTIVE=()

free_port BASELINE_PORT
start baseline node "$BENCH/lambda/baseline.js" "$BASELINE_PORT" "$HANDLER"
for ((i = 0; i < 50; i++)); do
    [[ $(curl -s --max-time 2 "http://127.0.0.1:$BASELINE_PORT/production/greeting/John" 2>/dev/null) == *'Hello, John!'* ]] \
        && break
    kill -0 "$PID_baseline" 2>/dev/null || { cat "$TMP/baseline.log" >&2; die "the baseline exited at start"; }
    sleep 0.2
done
((i < 50)) || die "the baseline did not answer within 10 s"
if want baseline; then
    URL[baseline]="http://127.0.0.1:$BASELINE_PORT/production/greeting/John"; SRV[baseline]=$PID_baseline
    ACTIVE+=(baseline)
fi

# Gatehouse runs with its data directory inside its working directory (its content root), as with the default
# --data-dir ./.gatehouse and in the tutorial; given as an absolute path, because at this commit a relative one
# makes every worker fail to start (its output file is opened relative to the function's code directory).
DATA="$TMP/gatehouse/.gatehouse"
mkdir -p "$DATA"
START_DIR="$TMP/gatehouse" start_gatehouse "$DATA" --control-plane-rate-limit 0 --account-rate-limit 0 || die "Gatehouse $WHY"
GH_TIMEOUT=30   # seconds per control-plane call (gh_call)
zip_of() { # file name-in-zip -> base64 zip
    python3 - "$1" "$2" <<'PY'
import base64, io, sys, zipfile
buffer = io.BytesIO()
with zipfile.ZipFile(buffer, "w") as z:
    z.write(sys.argv[1], sys.argv[2])
print(base64.b64encode(buffer.getvalue()).decode())
PY
}
wait_active() { # function: until State Active and LastUpdateStatus Successful (bounded)
    local i state
    for ((i = 0; i < 200; i++)); do
        gh_call GET "/2015-03-31/functions/$1" "" || return 1
        state=$(jq_py "d['Configuration']['State'] + ' ' + d['Configuration'].get('LastUpdateStatus', '')" <<<"$GH_BODY")
        [[ $state == "Active Successful" ]] && return 0
        sleep 0.05
    done
    log "function $1 is still '$state' after 10 s"
    return 1
}
create_function() { # name runtime file name-in-zip
    local zip
    zip=$(zip_of "$3" "$4")
    gh_call POST /2015-03-31/functions "{\"FunctionName\":\"$1\",\"Runtime\":\"$2\",\"Handler\":\"index.handler\",
        \"Role\":\"arn:aws:iam::000000000000:role/bench\",\"Code\":{\"ZipFile\":\"$zip\"}}" && wait_active "$1"
}
log "Gatehouse: creating the functions hello (nodejs20.x, examples/hello/index.js) and hello-py (python3.11) ..."
create_function hello nodejs20.x "$HANDLER" index.js || die "CreateFunction hello failed"
create_function hello-py python3.11 "$BENCH/lambda/index.py" index.py || die "CreateFunction hello-py failed"

# The very first invocation of a new function: a cold worker, and Gatehouse's own invoke path not yet JIT-compiled.
FIRST_INVOKE=$(taskset -c "$LOADGEN_CPU" curl -s -o "$TMP/first.json" -w '%{time_total}' -X POST "${LAMBDA_SIGNED[@]}" \
    -d '{"pathParameters":{"name":"John"}}' "$BASE/2015-03-31/functions/hello/invocations" || echo 0)
grep -q 'Hello, John!' "$TMP/first.json" || die "Invoke of hello did not greet John: $(cat "$TMP/first.json")"
log "  first invocation after CreateFunction (Invoke API): $(awk -v t="$FIRST_INVOKE" 'BEGIN { printf "%.1f", t * 1000 }') ms"
if want invoke; then
    URL[invoke]="$BASE/2015-03-31/functions/hello/invocations"; SRV[invoke]=$PID_gatehouse; INVOKE[invoke]=1
    ACTIVE+=(invoke)
fi

GATEHOUSE_SKIPPED=""
setup_api() {
    local api integration
    gh_call POST /v2/apis '{"name":"hello","protocolType":"HTTP"}' || { GATEHOUSE_SKIPPED="CreateApi failed"; return 1; }
    api=$(jq_py "d['apiId']" <<<"$GH_BODY")
    gh_call POST "/v2/apis/$api/integrations" '{"integrationType":"AWS_PROXY","payloadFormatVersion":"2.0",
        "integrationUri":"arn:aws:lambda:us-east-1:000000000000:function:hello"}' \
        || { GATEHOUSE_SKIPPED="CreateIntegration AWS_PROXY failed ($GH_STATUS: $(head -c 200 <<<"$GH_BODY"))"; return 1; }
    integration=$(jq_py "d['integrationId']" <<<"$GH_BODY")
    gh_call POST "/v2/apis/$api/routes" "{\"routeKey\":\"GET /greeting/{name}\",\"target\":\"integrations/$integration\"}" \
        || { GATEHOUSE_SKIPPED="CreateRoute failed"; return 1; }
    gh_call POST "/v2/apis/$api/stages" '{"stageName":"production"}' || { GATEHOUSE_SKIPPED="CreateStage failed"; return 1; }
    gh_call POST "/v2/apis/$api/deployments" '{"stageName":"production"}' \
        || { GATEHOUSE_SKIPPED="CreateDeployment failed"; return 1; }
    URL[gatehouse]="$BASE/production/greeting/John"
    HOST[gatehouse]="$api.execute-api.localhost:$GATEHOUSE_PORT"
    local body=""
    for ((i = 0; i < 50; i++)); do
        body=$(curl -s --max-time 5 -H "Host: ${HOST[gatehouse]}" "${URL[gatehouse]}" 2>/dev/null || true)
        [[ $body == *'Hello, John!'* ]] && break
        sleep 0.2
    done
    [[ $body == *'Hello, John!'* ]] \
        || { GATEHOUSE_SKIPPED="GET http://${HOST[gatehouse]}/production/greeting/John answered '${body:0:200}'"; return 1; }
    log "Gatehouse: API $api, GET /greeting/{name} -> AWS_PROXY hello, stage production: http://${HOST[gatehouse]}/production/greeting/John"
    log "  answer: $body"
}
if want gatehouse; then
    if setup_api; then
        SRV[gatehouse]=$PID_gatehouse; ACTIVE+=(gatehouse)
    else
        log ""; log "*** Skipping the gateway: $GATEHOUSE_SKIPPED"; log ""
        NOTES+=("gateway target skipped: $GATEHOUSE_SKIPPED")
    fi
fi
((${#ACTIVE[@]})) || die "no target to measure (TARGETS=$TARGETS)"

# Workers are Gatehouse's children (sh -> setpriv -> exec of the runtime, so the pid is the child's) and inherit its
# CPU affinity from the fork: check both, for the report.
workers() { children "$PID_gatehouse"; }
worker_function() { { tr '\0' '\n' <"/proc/$1/environ"; } 2>/dev/null | sed -n 's/^AWS_LAMBDA_FUNCTION_NAME=//p' || true; }
AFFINITY=""
for pid in $(workers); do
    AFFINITY+="$(worker_function "$pid"):$(taskset -pc "$pid" 2>/dev/null | sed 's/.*: //') "
done
log "Gatehouse pid $PID_gatehouse on core(s) $(taskset -pc "$PID_gatehouse" | sed 's/.*: //'); its workers (function:cores): ${AFFINITY:-none yet}"
log "baseline pid $PID_baseline on core(s) $(taskset -pc "$PID_baseline" | sed 's/.*: //')"

# --- measuring -----------------------------------------------------------------------------------------------
# (stat_fields, core_ticks, children_ticks, noise, wait_quiet, proc_ticks, our_ticks, measure_run: lib.sh)

# A load "4" is 4 connections back to back; "4p4" is 4 connections that each pause 4 ms after every response.
load_conns() { local l=${1#c}; echo "${l%%p*}"; }
load_pace() { local l=${1#c}; [[ $l == *p* ]] && echo "${l#*p}" || echo 0; }
wrk_run() { # target load seconds outfile
    local target=$1 conns pace secs=$3 out=$4 threads=$WRK_THREADS
    conns=$(load_conns "$2"); pace=$(load_pace "$2")
    ((threads <= conns)) || threads=$conns
    local args=("-t$threads" "-c$conns" "-d${secs}s" --latency -s "$BENCH/lambda/wrk.lua")
    [[ -n ${HOST[$target]:-} ]] && args+=(-H "Host: ${HOST[$target]}")
    if [[ -n ${INVOKE[$target]:-} ]]; then
        # The Lambda API wants a signature: made by curl for the very request wrk repeats (its body is wrk.lua's).
        sign_request lambda "$DEV_KEY" "${URL[$target]}" -X POST -H 'Content-Type: application/json' \
            --data-binary "@$BENCH/lambda/invoke.json" || return 1
        [[ $SIGNED_STATUS == 200 ]] || log "  the signed Invoke request answered $SIGNED_STATUS: $(head -c 200 "$TMP/signed-body")"
        args+=("${SIGNED_H[@]}")
    fi
    PACE_MS=$pace LAMBDA_INVOKE=${INVOKE[$target]:-0} timeout --foreground $((secs + 30)) \
        taskset -c "$LOADGEN_CPU" wrk "${args[@]}" "${URL[$target]}" >"$out" 2>&1
}
alive() { kill -0 "$PID_gatehouse" 2>/dev/null && kill -0 "$PID_baseline" 2>/dev/null; }

RECORDS="$TMP/records.tsv"
: >"$RECORDS"
target_ticks() { proc_ticks "${SRV[$1]}"; }   # the server's own CPU, and its workers'
measure() { # round scenario target load [attempt]
    local round=$1 scenario=$2 target=$3 load=$4 attempt=${5:-0} out="$TMP/wrk-$1-$2-$3.txt" before fresh pid
    local requests duration p50 p99 sockerr non2xx rps cpu_srv cpu_wrk="-" tag=""
    alive || { log "  ${LABEL[$target]}: skipped, a server is gone"; return 0; }
    before=" $(workers | tr '\n' ' ') "
    measure_run "$target" "$load" "$out" || return 0
    fresh=0
    for pid in $(workers); do [[ $before == *" $pid "* ]] || fresh=$((fresh + 1)); done
    cpu_srv=$(per_req "${TICKS[0]}" "$requests")
    [[ $target == baseline ]] || cpu_wrk=$(per_req "${TICKS[1]}" "$requests")
    if disturbed "$attempt" "$NOISE0" "$NOISE1"; then tag="   disturbed, measuring again"; fi
    [[ -n $tag ]] || printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$scenario" "$target" "$round" \
        "$rps" "$p50" "$p99" "$sockerr" "$non2xx" "$cpu_srv" "$cpu_wrk" "$fresh" "$NOISE0" "$NOISE1" >>"$RECORDS"
    printf '  %-28s %7s req/s  p50 %7.3f ms  p99 %8.3f ms  CPU %6s µs/req (workers %6s)  new workers %2s  others %2s%%/%2s%%%s\n' \
        "${LABEL[$target]}" "$rps" "$(us_to_ms "$p50")" "$(us_to_ms "$p99")" "$cpu_srv" "$cpu_wrk" "$fresh" "$NOISE0" \
        "$NOISE1" "$(errors_note "$sockerr" "$non2xx")$tag" >&2
    [[ -z $tag ]] || measure "$round" "$scenario" "$target" "$load" $((attempt + 1))
}
# Which targets run at a load: the Invoke API only at the moderate ones unless INVOKE_HIGH=1.
targets_at() { # load
    local t
    for t in "${ACTIVE[@]}"; do
        [[ $t == invoke && $INVOKE_HIGH != 1 && " $MODERATE " != *" ${1#c} "* ]] && continue
        printf '%s ' "$t"
    done
}

SCENARIOS=""
for c in $MODERATE $HIGH; do [[ " $SCENARIOS " == *" c$c "* ]] || SCENARIOS+="c$c "; done
SCENARIOS=${SCENARIOS% }
log ""
log "Targets: ${ACTIVE[*]}; loads: ${SCENARIOS}; wrk on core $LOADGEN_CPU, servers on core $SERVER_CPU"
# Warm-up (lib.sh) at every connection count from the highest down, back to back (the highest also starts the warm
# workers). The Invoke API target is warmed at the moderate loads only (targets_at).
# shellcheck disable=SC2046 # a list of connection counts
warm_up $(for l in $MODERATE $HIGH; do load_conns "$l"; done)
# shellcheck disable=SC2086 # SCENARIOS: a list
rounds $SCENARIOS

# --- memory per warm worker ----------------------------------------------------------------------------------------
# VmRSS (what ps shows) counts the shared pages of the node binary in every worker; Pss shares them out among the
# processes that map them; Private (Private_Clean + Private_Dirty) is what one more worker really costs.
kb_of() { # pid field (VmRSS from status; Pss, Private from smaps_rollup)
    case $2 in
        VmRSS) sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\).*/\1/p' "/proc/$1/status" 2>/dev/null || true ;;
        Pss) sed -n 's/^Pss:[[:space:]]*\([0-9]*\).*/\1/p' "/proc/$1/smaps_rollup" 2>/dev/null || true ;;
        Private) [[ -r /proc/$1/smaps_rollup ]] \
            && awk '/^Private_(Clean|Dirty):/ { s += $2 } END { print s + 0 }' "/proc/$1/smaps_rollup" 2>/dev/null || true ;;
    esac
}
memory_of() { # function -> "count rss_median rss_min rss_max pss_median private_median" (MB)
    local pid rss="" pss="" prv="" r p v
    for pid in $(workers); do
        [[ $(worker_function "$pid") == "$1" ]] || continue
        r=$(kb_of "$pid" VmRSS); p=$(kb_of "$pid" Pss); v=$(kb_of "$pid" Private)
        [[ -n $r && -n $p && -n $v ]] || continue   # it ended meanwhile
        rss+="$r "; pss+="$p "; prv+="$v "
    done
    awk -v rss="$rss" -v pss="$pss" -v prv="$prv" '
        function med(l,   a, n, i, j, t) { n = split(l, a, " "); for (i = 2; i <= n; i++) { t = a[i] + 0
            for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
            return n ? (n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2) : 0 }
        function lo(l,   a, n, i, m) { n = split(l, a, " "); m = a[1]; for (i = 2; i <= n; i++) if (a[i] + 0 < m + 0) m = a[i]; return m + 0 }
        function hi(l,   a, n, i, m) { n = split(l, a, " "); m = a[1]; for (i = 2; i <= n; i++) if (a[i] + 0 > m + 0) m = a[i]; return m + 0 }
        BEGIN { n = split(rss, x, " "); printf "%d %.1f %.1f %.1f %.1f %.1f\n", n, med(rss) / 1024, lo(rss) / 1024,
            hi(rss) / 1024, med(pss) / 1024, med(prv) / 1024 }'
}
log ""
log "Memory: the warm workers after the load runs ..."
# Every worker inherited Gatehouse's pinning? (cores of each worker, counted)
WORKER_CORES=$(for pid in $(workers); do taskset -pc "$pid" 2>/dev/null | sed 's/.*: //'; done | sort | uniq -c \
    | awk '{ printf "%s%d on core(s) %s", (NR > 1 ? ", " : ""), $1, $2 }' || true)
log "  workers now: ${WORKER_CORES:-none}"
read -r MEM_NODE_N MEM_NODE_RSS MEM_NODE_MIN MEM_NODE_MAX MEM_NODE_PSS MEM_NODE_PRV < <(memory_of hello)
# The Python worker: warm it with a few invocations first.
for ((i = 0; i < 20; i++)); do
    curl -s -o "$TMP/py.json" -X POST "${LAMBDA_SIGNED[@]}" \
        -d '{"pathParameters":{"name":"John"},"requestContext":{"requestId":"r"}}' \
        "$BASE/2015-03-31/functions/hello-py/invocations" || true
done
grep -q 'Hello, John!' "$TMP/py.json" || NOTES+=("hello-py did not greet John: $(head -c 200 "$TMP/py.json")")
read -r MEM_PY_N MEM_PY_RSS MEM_PY_MIN MEM_PY_MAX MEM_PY_PSS MEM_PY_PRV < <(memory_of hello-py)
PY_VERSION=""
for pid in $(workers); do
    [[ $(worker_function "$pid") == hello-py ]] && PY_VERSION=$("$(readlink -f "/proc/$pid/exe")" --version 2>&1) && break
done
MEM_GH=$(awk '{ printf "%.1f", $1 / 1024 }' <<<"$(kb_of "$PID_gatehouse" VmRSS)")
MEM_BASE=$(awk '{ printf "%.1f", $1 / 1024 }' <<<"$(kb_of "$PID_baseline" VmRSS)")
log "  node workers: $MEM_NODE_N, VmRSS median $MEM_NODE_RSS MB ($MEM_NODE_MIN-$MEM_NODE_MAX), Pss $MEM_NODE_PSS MB, private $MEM_NODE_PRV MB"
log "  python workers: $MEM_PY_N, VmRSS median $MEM_PY_RSS MB, Pss $MEM_PY_PSS MB, private $MEM_PY_PRV MB ($PY_VERSION)"
log "  Gatehouse itself: VmRSS $MEM_GH MB; the baseline node server: $MEM_BASE MB"

# --- cold starts ---------------------------------------------------------------------------------------------------
# update-function-configuration makes a new revision of $LATEST: its warm workers are retired, so the next request
# needs a new worker (process start, runtime client, handler module load, first GET /next) before it is answered.
declare -a COLD_GW COLD_INV INIT_DUR FIRST_DUR WARM_AFTER
retire_workers() { # i
    gh_call PUT /2015-03-31/functions/hello/configuration "{\"Environment\":{\"Variables\":{\"BENCH_COLD\":\"$1\"}}}" \
        && wait_active hello
}
ms_of() { awk -v t="$1" 'BEGIN { printf "%.1f", t * 1000 }'; }
if [[ -z ${HOST[gatehouse]:-} ]] || ! want gatehouse; then
    log "Cold starts: no gateway target; measuring through the Invoke API only"
fi
log "Cold starts: $COLD_RUNS through the gateway and $COLD_RUNS through Invoke (LogType Tail) ..."
for ((i = 1; i <= COLD_RUNS; i++)); do
    if [[ -n ${HOST[gatehouse]:-} ]] && want gatehouse; then
        retire_workers "gw$i" || { NOTES+=("cold start $i: UpdateFunctionConfiguration failed"); break; }
        wait_quiet
        read -r code t < <(taskset -c "$LOADGEN_CPU" curl -s -o "$TMP/cold.json" -w '%{http_code} %{time_total}\n' \
            -H "Host: ${HOST[gatehouse]}" "${URL[gatehouse]}" || echo "000 0")
        [[ $code == 200 ]] || NOTES+=("cold start $i through the gateway answered $code: $(head -c 200 "$TMP/cold.json")")
        COLD_GW+=("$(ms_of "$t")")
        read -r code t < <(taskset -c "$LOADGEN_CPU" curl -s -o /dev/null -w '%{http_code} %{time_total}\n' \
            -H "Host: ${HOST[gatehouse]}" "${URL[gatehouse]}" || echo "000 0")
        WARM_AFTER+=("$(ms_of "$t")")
    fi
    retire_workers "inv$i" || { NOTES+=("cold start $i: UpdateFunctionConfiguration failed"); break; }
    wait_quiet
    read -r code t < <(taskset -c "$LOADGEN_CPU" curl -s -o "$TMP/cold.json" -D "$TMP/cold.headers" \
        -w '%{http_code} %{time_total}\n' -X POST "${LAMBDA_SIGNED[@]}" -H 'X-Amz-Log-Type: Tail' \
        -d '{"pathParameters":{"name":"John"}}' \
        "$BASE/2015-03-31/functions/hello/invocations" || echo "000 0")
    COLD_INV+=("$(ms_of "$t")")
    report=$(sed -n 's/^[Xx]-[Aa]mz-[Ll]og-[Rr]esult: *//p' "$TMP/cold.headers" | tr -d '\r' | base64 -d 2>/dev/null \
        | grep '^REPORT' || true)
    INIT_DUR+=("$(sed -n 's/.*Init Duration: \([0-9.]*\) ms.*/\1/p' <<<"$report")")
    FIRST_DUR+=("$(sed -n 's/.*\tDuration: \([0-9.]*\) ms.*/\1/p' <<<"$report")")
done
stats() { # values... -> "median max" (or "- -")
    (($#)) || { echo "- -"; return; }
    printf '%s\n' "$@" | sed '/^$/d' | sort -n | awk '{ a[NR] = $1 } END {
        if (NR == 0) { print "- -"; exit }
        printf "%.1f %.1f\n", NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2, a[NR] }'
}
read -r COLD_GW_MED COLD_GW_MAX < <(stats "${COLD_GW[@]}")
read -r WARM_MED WARM_MAX < <(stats "${WARM_AFTER[@]}")
read -r COLD_INV_MED COLD_INV_MAX < <(stats "${COLD_INV[@]}")
read -r INIT_MED INIT_MAX < <(stats "${INIT_DUR[@]}")
read -r DUR_MED DUR_MAX < <(stats "${FIRST_DUR[@]}")
log "  through the gateway: median $COLD_GW_MED ms, max $COLD_GW_MAX ms (${COLD_GW[*]:-}); the request after: $WARM_MED ms"
log "  through Invoke: median $COLD_INV_MED ms, max $COLD_INV_MAX ms; Init Duration median $INIT_MED ms, max $INIT_MAX ms;" \
    "first Duration median $DUR_MED ms"

sleep 1   # the function log is written in the background
# The function log is in Gatehouse's log store (CloudWatch Logs' group /aws/lambda/hello, a stream per worker).
log_query() { sqlite3 -readonly "$DATA/logs/logs.db" "$1" 2>/dev/null || echo 0; }
TIMEOUTS=$(log_query "SELECT count(*) FROM log_events e JOIN log_groups g ON g.id = e.group_id
    WHERE g.name = '/aws/lambda/hello' AND e.message LIKE '%Status: timeout%';")
WORKERS_STARTED=$(log_query "SELECT count(*) FROM log_streams s JOIN log_groups g ON g.id = s.group_id WHERE g.name = '/aws/lambda/hello';")
((TIMEOUTS == 0)) || NOTES+=("$TIMEOUTS invocation(s) of hello ended 'Status: timeout' in the function log (each kills its worker)")

# --- report --------------------------------------------------------------------------------------------------
MOD_SCEN=$(for c in $MODERATE; do printf 'c%s ' "$c"; done)
summarize() { # fmt
    awk -F'\t' -f "$BENCH/common.awk" -f "$BENCH/lambda/summarize.awk" -v fmt="$1" -v scenarios="$SCENARIOS" -v moderate="${MOD_SCEN% }" \
        -v order="baseline gatehouse invoke" -v p50max="$P50_TARGET_US" -v p99max="$P99_TARGET_US" \
        -v labels="${LABEL[baseline]}|${LABEL[gatehouse]}|${LABEL[invoke]}" "$RECORDS"
}
met() { awk -v v="$1" -v m="$2" 'BEGIN { print (v != "-" && v + 0 <= m) ? "met" : "NOT met" }'; }

STAMP=$(date -u '+%Y-%m-%d %H:%M UTC')
MODEL=$(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo | head -1)
RUN="QUICK=$QUICK WARMUP=$WARMUP DURATION=$DURATION ROUNDS=$ROUNDS MODERATE=\"$MODERATE\" HIGH=\"$HIGH\" COLD_RUNS=$COLD_RUNS"
COLD_LINE="- cold start through the gateway (update-function-configuration, then GET): median **$COLD_GW_MED ms**, max $COLD_GW_MAX ms over ${#COLD_GW[@]} (target ≤ $COLD_TARGET_MS ms: $(met "$COLD_GW_MAX" "$COLD_TARGET_MS") at the max, $(met "$COLD_GW_MED" "$COLD_TARGET_MS") at the median); the request right after: median $WARM_MED ms"
{
    echo "## Lambda benchmark $STAMP"
    echo
    echo "- commit: $COMMIT${DIRTY:+ (with uncommitted changes in src/)}; Gatehouse: $GATEHOUSE_DLL"
    echo "- machine: $CORES cores (nproc), ${MODEL:-unknown CPU}, $(uname -sr)"
    echo "- tools: dotnet $(dotnet --version), node $(node --version), ${PY_VERSION:-python ?}, $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
    echo "- run: \`$RUN bash bench/lambda.sh\`; wrk (-t$WRK_THREADS or fewer) and curl on core $LOADGEN_CPU;" \
        "Gatehouse and the baseline on core $SERVER_CPU, and Gatehouse's workers too (its children, pinned by inheritance: ${WORKER_CORES:-none} after the load); figures are medians over $ROUNDS round(s)"
    for note in "${NOTES[@]}"; do echo "- **$note**"; done
    summarize md
    echo
    echo "#### Cold start, memory"
    echo
    [[ ${#COLD_GW[@]} -gt 0 ]] && echo "$COLD_LINE"
    echo "- cold start through the Invoke API: median $COLD_INV_MED ms, max $COLD_INV_MAX ms; REPORT Init Duration median $INIT_MED ms (max $INIT_MAX), first Duration median $DUR_MED ms"
    echo "- very first invocation after CreateFunction (Invoke API, Gatehouse's invoke path not JIT-compiled yet): $(ms_of "$FIRST_INVOKE") ms"
    echo "- warm Node worker (nodejs20.x, $MEM_NODE_N alive after the load): VmRSS median **$MEM_NODE_RSS MB** ($MEM_NODE_MIN-$MEM_NODE_MAX), Pss $MEM_NODE_PSS MB, private $MEM_NODE_PRV MB"
    echo "- warm Python worker (python3.11 runtime, $MEM_PY_N): VmRSS $MEM_PY_RSS MB, Pss $MEM_PY_PSS MB, private $MEM_PY_PRV MB"
    echo "- Gatehouse process itself: VmRSS $MEM_GH MB at the end; the baseline Node server: $MEM_BASE MB"
    echo "- workers of hello started during the whole run: $WORKERS_STARTED; invocations timed out: $TIMEOUTS; the run took $((SECONDS / 60)) min $((SECONDS % 60)) s"
    echo
    echo "CPU µs/req: the server's utime+stime over the run divided by the requests completed; \"workers µs/req\": the same for"
    echo "Gatehouse's worker processes (live ones, plus reaped ones through cutime/cstime). \"new workers\": worker processes"
    echo "that appeared during the run (a warm pool should start none). \"others max %\": the largest share of either core"
    echo "taken by other processes during one of the target's runs; above a few percent that run was disturbed."
} | save_report lambda-

echo
echo "Gatehouse Lambda benchmark, $STAMP, commit $COMMIT, $CORES cores (${MODEL:-unknown CPU})"
echo "wrk on core $LOADGEN_CPU; Gatehouse + workers and the baseline on core $SERVER_CPU; warm-up ${WARMUP}s, $ROUNDS round(s) of ${DURATION}s"
for note in "${NOTES[@]}"; do echo "*** $note"; done
summarize text
echo
[[ ${#COLD_GW[@]} -gt 0 ]] && echo "COLD START via gateway: median $COLD_GW_MED ms, max $COLD_GW_MAX ms (target <= $COLD_TARGET_MS ms: $(met "$COLD_GW_MAX" "$COLD_TARGET_MS") at max); next request $WARM_MED ms"
echo "COLD START via Invoke: median $COLD_INV_MED ms, max $COLD_INV_MAX ms; Init Duration median $INIT_MED ms, max $INIT_MAX ms"
echo "MEMORY per warm worker: node VmRSS $MEM_NODE_RSS MB (Pss $MEM_NODE_PSS, private $MEM_NODE_PRV; $MEM_NODE_N workers)," \
    "python VmRSS $MEM_PY_RSS MB (Pss $MEM_PY_PSS, private $MEM_PY_PRV); Gatehouse $MEM_GH MB"
echo "Workers of hello started: $WORKERS_STARTED; timed-out invocations: $TIMEOUTS"
echo "Took $((SECONDS / 60)) min $((SECONDS % 60)) s (of which $QUIET_SPENT s waiting for a quiet machine)"
echo "Markdown: $RESULTS/lambda-last.md (also appended to lambda-history.md); raw runs: $RESULTS/lambda-last.tsv"
exit
}
