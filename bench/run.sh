#!/usr/bin/env bash
# Gatehouse benchmark harness. Starts on loopback a small Kestrel backend, nginx (keep-alive reverse proxy),
# a minimal YARP proxy and Gatehouse (an HTTP API with one HTTP_PROXY route), then runs wrk against each in
# alternation: wrk pinned to one core, every server pinned to the other, so noise hits all targets alike.
# For every target it reports requests/s, p50, p99, the ratios to YARP and nginx, and each server's CPU time
# per request read from /proc/PID/stat (the steadiest figure on a shared machine).
#
# Usage: bash bench/run.sh            (full run: 15 s warm-up per target, 3 rounds of 10 s, 64 and 1 connections)
#        WARMUP=2 DURATION=3 ROUNDS=1 bash bench/run.sh      (a quick check that everything works)
# See docs/benchmarks.md for every setting.
set -euo pipefail

WARMUP=${WARMUP:-15}                 # seconds of unrecorded load per target (and a third of it at 1 connection)
DURATION=${DURATION:-10}             # seconds per measured run
ROUNDS=${ROUNDS:-3}                  # rounds; each round runs every target at both loads
CONNECTIONS=${CONNECTIONS:-64}       # connections of the high-load case (the other case is always 1)
TARGETS=${TARGETS:-direct nginx yarp gatehouse}
# (LOADGEN_CPU SERVER_CPU GATEHOUSE_DLL QUIET_WAIT QUIET_MAX QUIET_BUDGET RETRIES KEEP_TMP: lib.sh)

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=bench/lib.sh
source "$BENCH/lib.sh"   # REPO BUILD RESULTS, log die, cleanup, tools, build, servers, measuring, report

require_whole WARMUP DURATION ROUNDS CONNECTIONS LOADGEN_CPU SERVER_CPU QUIET_WAIT QUIET_MAX RETRIES
((DURATION > 0 && ROUNDS > 0 && CONNECTIONS > 0)) || die "DURATION, ROUNDS and CONNECTIONS must be positive"

# --- cleanup: stop everything this script started (lib.sh) ---------------------------------------------------
init_tmp gatehouse-bench logs
chmod 755 "$TMP"   # nginx workers run as an unprivileged user
declare -A GONE    # names of servers already reported gone
cleanup_extra() { cp "$TMP/nginx/error.log" "$RESULTS/logs/nginx-error.log" 2>/dev/null || true; }

# --- tools ---------------------------------------------------------------------------------------------------
need_tools wrk nginx curl taskset
check_cores

# --- build (into bench/.build, lib.sh) -------------------------------------------------------------------------
build backend "$BENCH/Backend/Backend.csproj" || { tail -30 "$TMP/build-backend.log" >&2; die "backend build failed"; }
BACKEND_DLL="$BUILD/bin/Backend/release/bench-backend.dll"

if want yarp; then
    build yarp "$BENCH/YarpProxy/YarpProxy.csproj" || { tail -30 "$TMP/build-yarp.log" >&2; die "YARP proxy build failed"; }
fi
YARP_DLL="$BUILD/bin/YarpProxy/release/bench-yarp.dll"

GATEHOUSE_SKIPPED=""
skip_gatehouse() {
    GATEHOUSE_SKIPPED="$1"
    log ""
    log "*** Skipping Gatehouse: $1"
    log ""
}
if want gatehouse; then
    if [[ -n $GATEHOUSE_DLL ]]; then
        [[ -f $GATEHOUSE_DLL ]] || skip_gatehouse "GATEHOUSE_DLL=$GATEHOUSE_DLL does not exist"
    elif ! build_gatehouse; then
        skip_gatehouse "src/Gatehouse does not build yet (errors above)"
    fi
fi

# --- servers (free_port, start, wait_for: lib.sh) -----------------------------------------------------------
declare -A URL HOST SRV_PIDS LABEL
LABEL=([direct]="direct backend" [nginx]="nginx" [yarp]="YARP (minimal)" [gatehouse]="Gatehouse HTTP_PROXY")
ACTIVE=()

free_port BACKEND_PORT
start backend dotnet "$BACKEND_DLL" --urls "http://127.0.0.1:$BACKEND_PORT"
wait_for backend "$PID_backend" "http://127.0.0.1:$BACKEND_PORT/hello" || die "the backend did not start"
if want direct; then
    URL[direct]="http://127.0.0.1:$BACKEND_PORT/hello"; SRV_PIDS[direct]=$PID_backend; ACTIVE+=(direct)
fi

if want nginx; then
    free_port NGINX_PORT
    mkdir -p "$TMP/nginx"
    sed -e "s|@TMP@|$TMP/nginx|g" -e "s|@PORT@|$NGINX_PORT|g" -e "s|@BACKEND_PORT@|$BACKEND_PORT|g" \
        "$BENCH/nginx.conf" >"$TMP/nginx/nginx.conf"
    start nginx nginx -p "$TMP/nginx" -e "$TMP/nginx/error.log" -c "$TMP/nginx/nginx.conf" -g 'daemon off;'
    wait_for nginx "$PID_nginx" "http://127.0.0.1:$NGINX_PORT/hello" || die "nginx did not start"
    # The master only supervises; the worker does the proxying. Count both.
    NGINX_WORKERS=$(ps -o pid= --ppid "$PID_nginx" | tr -s ' \n' ' ')
    SRV_PIDS[nginx]="$PID_nginx $NGINX_WORKERS"
    URL[nginx]="http://127.0.0.1:$NGINX_PORT/hello"; ACTIVE+=(nginx)
fi

if want yarp; then
    free_port YARP_PORT
    start yarp dotnet "$YARP_DLL" --urls "http://127.0.0.1:$YARP_PORT" --backend "http://127.0.0.1:$BACKEND_PORT/"
    wait_for yarp "$PID_yarp" "http://127.0.0.1:$YARP_PORT/hello" || die "the YARP proxy did not start"
    URL[yarp]="http://127.0.0.1:$YARP_PORT/hello"; SRV_PIDS[yarp]=$PID_yarp; ACTIVE+=(yarp)
fi

# Gatehouse: configured through its apigatewayv2 control plane exactly as a user would, then served host style.
GH_TIMEOUT=10   # seconds per control-plane call (gh_call)
setup_gatehouse() {
    local api integration body
    mkdir -p "$TMP/gatehouse-data"
    # No account limit: its default (10000/s) would throttle the load; what throttling costs is bench/throttle.sh's.
    start_gatehouse "$TMP/gatehouse-data" --account-rate-limit 0 || { skip_gatehouse "it $WHY"; return 1; }

    gh_call POST /v2/apis '{"name":"bench","protocolType":"HTTP"}' || { skip_gatehouse "CreateApi failed"; return 1; }
    api=$(json_field apiId "$GH_BODY")
    [[ -n $api ]] || { skip_gatehouse "CreateApi returned no apiId"; return 1; }
    body='{"integrationType":"HTTP_PROXY","integrationMethod":"ANY","payloadFormatVersion":"1.0",'
    body+="\"integrationUri\":\"http://127.0.0.1:$BACKEND_PORT/{proxy}\"}"
    gh_call POST "/v2/apis/$api/integrations" "$body" || { skip_gatehouse "CreateIntegration failed"; return 1; }
    integration=$(json_field integrationId "$GH_BODY")
    [[ -n $integration ]] || { skip_gatehouse "CreateIntegration returned no integrationId"; return 1; }
    gh_call POST "/v2/apis/$api/routes" "{\"routeKey\":\"ANY /{proxy+}\",\"target\":\"integrations/$integration\"}" \
        || { skip_gatehouse "CreateRoute failed"; return 1; }
    gh_call POST "/v2/apis/$api/stages" '{"stageName":"bench"}' || { skip_gatehouse "CreateStage failed"; return 1; }
    gh_call POST "/v2/apis/$api/deployments" '{"stageName":"bench"}' || { skip_gatehouse "CreateDeployment failed"; return 1; }

    URL[gatehouse]="http://127.0.0.1:$GATEHOUSE_PORT/bench/hello"
    HOST[gatehouse]="$api.execute-api.localhost:$GATEHOUSE_PORT"
    wait_for gatehouse "$PID_gatehouse" "${URL[gatehouse]}" "${HOST[gatehouse]}" 10 \
        || { skip_gatehouse "the data plane did not answer 'hello' on http://${HOST[gatehouse]}/bench/hello"; return 1; }
    SRV_PIDS[gatehouse]=$PID_gatehouse; ACTIVE+=(gatehouse)
    log "Gatehouse: API $api, integration $integration, stage bench on http://${HOST[gatehouse]}/bench/hello"
}
if want gatehouse && [[ -z $GATEHOUSE_SKIPPED ]]; then setup_gatehouse || true; fi

((${#ACTIVE[@]})) || die "no target to measure (TARGETS=$TARGETS)"

# --- measuring -----------------------------------------------------------------------------------------------
# (stat_fields, core_ticks, children_ticks, noise, wait_quiet, our_ticks, measure_run: lib.sh)
cpu_ticks() { # pids... -> utime+stime summed, in clock ticks (fields 14 and 15 of /proc/PID/stat)
    local total=0 pid
    for pid in "$@"; do
        stat_fields "$pid" || return 1
        total=$((total + F[11] + F[12]))
    done
    echo "$total"
}

wrk_run() { # target connections seconds outfile
    local target=$1 conns=$2 secs=$3 out=$4
    local args=(-t1 "-c$conns" "-d${secs}s" --latency -s "$BENCH/report.lua")
    [[ -n ${HOST[$target]:-} ]] && args+=(-H "Host: ${HOST[$target]}")
    timeout --foreground $((secs + 30)) taskset -c "$LOADGEN_CPU" wrk "${args[@]}" "${URL[$target]}" >"$out" 2>&1
}

# alive TARGET: its server(s) and the backend still run. The first time one is found gone, say how it ended
# (its exit status: 128+N means signal N, e.g. 137 = SIGKILL, 143 = SIGTERM) and show the end of its log.
alive() {
    local pid status name
    for pid in ${SRV_PIDS[$1]} "$PID_backend"; do
        kill -0 "$pid" 2>/dev/null && continue
        name=${NAME_OF[$pid]:-$1}
        if [[ -z ${GONE[$name]:-} ]]; then
            GONE[$name]=1
            status=0; wait "$pid" 2>/dev/null || status=$?
            NOTES+=("$name (pid $pid) exited during the run with status $status; see results/logs/$name.log")
            log "  *** $name (pid $pid) exited with status $status; the end of its log:"
            tail -15 "$TMP/$name.log" 2>/dev/null | sed 's/^/      /' >&2 || true
        fi
        return 1
    done
}

RECORDS="$TMP/records.tsv"
: >"$RECORDS"

# measure ROUND SCENARIO TARGET CONNECTIONS: one recorded run, one line in records.tsv.
target_ticks() { # the target's server(s), the backend
    local s b
    # shellcheck disable=SC2086 # SRV_PIDS: a list
    s=$(cpu_ticks ${SRV_PIDS[$1]}) && b=$(cpu_ticks "$PID_backend") && echo "$s $b"
}
measure() {
    local round=$1 scenario=$2 target=$3 conns=$4 attempt=${5:-0} out="$TMP/wrk-$1-$2-$3.txt"
    local requests duration p50 p99 sockerr non2xx rps cpu_srv cpu_be="-" tag=""
    alive "$target" || { log "  ${LABEL[$target]}: skipped, a server is gone"; return 0; }
    measure_run "$target" "$conns" "$out" || return 0
    cpu_srv=$(per_req "${TICKS[0]}" "$requests")
    [[ $target == direct ]] || cpu_be=$(per_req "${TICKS[1]}" "$requests")
    if disturbed "$attempt" "$NOISE0" "$NOISE1"; then tag="   disturbed, measuring again"; fi
    [[ -n $tag ]] || printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$scenario" "$target" "$round" "$rps" \
        "$p50" "$p99" "$sockerr" "$non2xx" "$cpu_srv" "$cpu_be" "$NOISE0" "$NOISE1" >>"$RECORDS"
    printf '  %-22s %8s req/s   p50 %7.3f ms   p99 %7.3f ms   CPU %7s µs/req (backend %5s)   others %2s%%/%2s%%%s\n' \
        "${LABEL[$target]}" "$rps" "$(us_to_ms "$p50")" "$(us_to_ms "$p99")" "$cpu_srv" "$cpu_be" "$NOISE0" "$NOISE1" \
        "$(errors_note "$sockerr" "$non2xx")$tag" >&2
    [[ -z $tag ]] || measure "$round" "$scenario" "$target" "$conns" $((attempt + 1))
}

log ""
log "Targets: ${ACTIVE[*]}; wrk on core $LOADGEN_CPU, servers on core $SERVER_CPU"
# Warm-up in slices of a few seconds, taken by the targets in turn. A .NET server pinned to one core and kept
# busy without a break stays on unoptimized (tier-0) code: the JIT waits for a quiet moment before it promotes hot
# methods (on one core the call-counting delay is ten times longer, and each newly compiled method restarts it).
# Continuous load left the YARP proxy at 7-10k req/s for 25 s; 3 s slices with pauses warm it within 20 s.
SLICE=$((WARMUP < 3 ? WARMUP : 3))
slices_high=$(((WARMUP + SLICE - 1) / (SLICE > 0 ? SLICE : 1)))
slices_one=$(((WARMUP + 3 * SLICE - 1) / (3 * SLICE > 0 ? 3 * SLICE : 1)))   # a third as long, in whole slices
log "Warm-up $((slices_high * SLICE))s per target at $CONNECTIONS connections and $((slices_one * SLICE))s at 1" \
    "(in ${SLICE}s slices, in turn), then $ROUNDS round(s) of ${DURATION}s at $CONNECTIONS connections and at 1"
if ((WARMUP > 0)); then
    for ((i = 0; i < slices_high + slices_one; i++)); do
        conns=$CONNECTIONS; ((i < slices_high)) || conns=1
        wait_quiet
        log "Warming up, slice $((i + 1))/$((slices_high + slices_one)) at $conns connection(s) ..."
        for target in "${ACTIVE[@]}"; do
            alive "$target" || continue
            out="$TMP/wrk-warmup-$target.txt"
            wrk_run "$target" "$conns" "$SLICE" "$out" || log "  warm-up of $target failed: $(tail -2 "$out")"
        done
        ((${#ACTIVE[@]} > 1)) || sleep 2   # a lone target gets its pause here
    done
fi
targets_at() { echo "${ACTIVE[*]}"; }   # every target at both loads
rounds "c$CONNECTIONS" c1

# --- report --------------------------------------------------------------------------------------------------
# Medians over rounds, ratios of medians. fmt=text for the terminal, fmt=md for results/last.md.
summarize() { # fmt: text for the terminal, md for results/last.md
    awk -F'\t' -f "$BENCH/common.awk" -f "$BENCH/summarize.awk" -v fmt="$1" -v scenarios="c$CONNECTIONS c1" \
        -v order="direct nginx yarp gatehouse" \
        -v labels="${LABEL[direct]}|${LABEL[nginx]}|${LABEL[yarp]}|${LABEL[gatehouse]}" "$RECORDS"
}

STAMP=$(date -u '+%Y-%m-%d %H:%M UTC')
COMMIT=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo "none")
DIRTY=$(git -C "$REPO" status --porcelain 2>/dev/null | head -1)
MODEL=$(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -1)
{
    echo "## Benchmark $STAMP"
    echo
    echo "- commit: $COMMIT${DIRTY:+ (with uncommitted changes)}"
    echo "- machine: $CORES cores, ${MODEL:-unknown CPU}, $(uname -sr)"
    echo "- tools: dotnet $(dotnet --version), $(nginx -v 2>&1 | sed 's/.*: //'), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
    echo "- run: \`WARMUP=$WARMUP DURATION=$DURATION ROUNDS=$ROUNDS CONNECTIONS=$CONNECTIONS bash bench/run.sh\`;" \
        "wrk on core $LOADGEN_CPU, servers on core $SERVER_CPU; figures are medians over $ROUNDS round(s)"
    [[ -n $GATEHOUSE_SKIPPED ]] && echo "- Gatehouse skipped: $GATEHOUSE_SKIPPED"
    for note in "${NOTES[@]}"; do echo "- **$note**"; done
    summarize md
    echo
    echo "CPU µs/req: the server's utime+stime over the run divided by the requests completed (nginx: master+worker;"
    echo "direct: the backend itself). \"backend µs/req\": the Kestrel backend behind the proxy, in the same run."
    echo "\"added p50\": the target's one-connection p50 minus the direct backend's. \"others max %\": the largest share"
    echo "of either core that other processes took during one of the target's runs; above a few percent that run was"
    echo "disturbed (raw runs in results/last.tsv). Noise from outside the VM does not show there: it slows every"
    echo "target of a round alike, which the ratios absorb."
} | save_report ""

echo
echo "Gatehouse benchmark, $STAMP, $CORES cores (${MODEL:-unknown CPU}); wrk on core $LOADGEN_CPU, servers on core $SERVER_CPU"
echo "warm-up ${WARMUP}s, $ROUNDS round(s) of ${DURATION}s"
[[ -n $GATEHOUSE_SKIPPED ]] && echo "Gatehouse skipped: $GATEHOUSE_SKIPPED"
for note in "${NOTES[@]}"; do echo "*** $note"; done
summarize text
echo
echo "CPU us/req = server utime+stime / requests (direct: the backend; nginx: master+worker). backend us/req = the"
echo "backend behind the proxy. added p50 = target p50 - direct p50 at one connection. others = share of the wrk /"
echo "server core used by other processes during a run (live lines), worst run in the tables; high = disturbed run."
echo "Markdown: $RESULTS/last.md (also appended to history.md); raw runs: $RESULTS/last.tsv"
