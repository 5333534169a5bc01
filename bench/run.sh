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
LOADGEN_CPU=${LOADGEN_CPU:-0}        # core for wrk
SERVER_CPU=${SERVER_CPU:-1}          # core for every server
TARGETS=${TARGETS:-direct nginx yarp gatehouse}
GATEHOUSE_DLL=${GATEHOUSE_DLL:-}     # a prebuilt gatehouse.dll to run instead of building src/Gatehouse
QUIET_WAIT=${QUIET_WAIT:-60}         # before each run, wait up to this many seconds for other work to stop (0: never)
QUIET_MAX=${QUIET_MAX:-10}           # ... "stopped" meaning under this % of the machine busy
RETRIES=${RETRIES:-1}                # a run where others took over QUIET_MAX % of a core is measured again, this often
KEEP_TMP=${KEEP_TMP:-0}              # 1 keeps the temporary folder (server logs, wrk output)

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH/.." && pwd)
BUILD="$BENCH/.build"
RESULTS="$BENCH/results"

log() { printf '%s\n' "$*" >&2; }
die() { log "run.sh: $*"; exit 1; }

for v in WARMUP DURATION ROUNDS CONNECTIONS LOADGEN_CPU SERVER_CPU QUIET_WAIT QUIET_MAX RETRIES; do
    [[ ${!v} =~ ^[0-9]+$ ]] || die "$v must be a whole number, not '${!v}'"
done
((DURATION > 0 && ROUNDS > 0 && CONNECTIONS > 0)) || die "DURATION, ROUNDS and CONNECTIONS must be positive"

# --- cleanup: stop everything this script started -------------------------------------------------------------
TMP=$(mktemp -d /tmp/gatehouse-bench.XXXXXX)
chmod 755 "$TMP"   # nginx workers run as an unprivileged user
PIDS=()
declare -A NAME_OF GONE   # pid -> server name; names already reported gone
NOTES=()                  # what went wrong, for the report
cleanup() {
    local pid i
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do
        for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
    done
    # Server logs outlive the run: a server that died or complained can be looked at afterwards.
    if [[ -d $RESULTS ]]; then
        rm -rf "$RESULTS/logs"; mkdir -p "$RESULTS/logs"
        cp "$TMP"/*.log "$RESULTS/logs/" 2>/dev/null || true
        cp "$TMP/nginx/error.log" "$RESULTS/logs/nginx-error.log" 2>/dev/null || true
    fi
    if [[ $KEEP_TMP == 1 ]]; then log "Kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- tools ---------------------------------------------------------------------------------------------------
export PATH="$PATH:/usr/sbin:/sbin"
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v nginx >/dev/null || missing+=(nginx)
command -v curl >/dev/null || missing+=(curl)
command -v taskset >/dev/null || missing+=(util-linux)
if ((${#missing[@]})); then
    [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null \
        || die "missing ${missing[*]}; install them (apt-get install -y ${missing[*]}) or run as root"
    log "Installing ${missing[*]} ..."
    timeout 600 apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v dotnet >/dev/null || die "the .NET 10 SDK (dotnet) is needed"
CORES=$(nproc)
((LOADGEN_CPU < CORES && SERVER_CPU < CORES)) || die "this machine has $CORES cores; set LOADGEN_CPU and SERVER_CPU"
[[ $LOADGEN_CPU != "$SERVER_CPU" ]] || log "warning: wrk and the servers share core $SERVER_CPU"
CLK_TCK=$(getconf CLK_TCK)

# --- build ---------------------------------------------------------------------------------------------------
# Everything builds into bench/.build (--artifacts-path), never into src/*/bin, so a benchmark can run while
# someone else builds or tests in the same checkout.
build() { # name project
    log "Building $1 (Release) ..."
    timeout --foreground 900 dotnet build -c Release --nologo -v q --disable-build-servers \
        --artifacts-path "$BUILD" "$2" >"$TMP/build-$1.log" 2>&1
}
build backend "$BENCH/Backend/Backend.csproj" || { tail -30 "$TMP/build-backend.log" >&2; die "backend build failed"; }
BACKEND_DLL="$BUILD/bin/Backend/release/bench-backend.dll"

want() { [[ " $TARGETS " == *" $1 "* ]]; }
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
    elif build gatehouse "$REPO/src/Gatehouse/Gatehouse.csproj"; then
        GATEHOUSE_DLL="$BUILD/bin/Gatehouse/release/gatehouse.dll"
    else
        grep -E ' error ' "$TMP/build-gatehouse.log" | sort -u | head -10 >&2 || tail -20 "$TMP/build-gatehouse.log" >&2
        skip_gatehouse "src/Gatehouse does not build yet (errors above)"
    fi
fi

# --- servers -------------------------------------------------------------------------------------------------
TAKEN=" "
free_port() { # VAR: a port nobody listens on and this script has not handed out yet
    local port i
    for ((i = 0; i < 200; i++)); do
        port=$((20000 + RANDOM % 20000))
        [[ $TAKEN == *" $port "* ]] && continue
        if [[ -z $(ss -Htln "sport = :$port") ]]; then TAKEN+="$port "; printf -v "$1" '%s' "$port"; return 0; fi
    done
    die "no free port found"
}

start() { # name command... ; prints nothing, sets PID_<name>
    local name=$1; shift
    taskset -c "$SERVER_CPU" "$@" >"$TMP/$name.log" 2>&1 &
    PIDS+=($!)
    NAME_OF[$!]=$name
    printf -v "PID_$name" '%s' "$!"
}

# wait_for NAME PID URL [HOST] [SECONDS]: until URL answers "hello", bounded in time.
wait_for() {
    local name=$1 pid=$2 url=$3 host=${4:-} seconds=${5:-30} body i
    local args=(-s --max-time 2)
    [[ -n $host ]] && args+=(-H "Host: $host")
    for ((i = 0; i < seconds * 5; i++)); do
        kill -0 "$pid" 2>/dev/null || { tail -20 "$TMP/$name.log" >&2; return 1; }
        body=$(curl "${args[@]}" "$url" 2>/dev/null || true)
        [[ $body == hello ]] && return 0
        sleep 0.2
    done
    log "$name did not answer 'hello' on $url within ${seconds}s; last answer: ${body:-none}"
    tail -20 "$TMP/$name.log" >&2
    return 1
}

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
gh_call() { # method path json -> sets GH_STATUS, GH_BODY
    GH_STATUS=$(curl -s --max-time 10 -X "$1" -H 'Content-Type: application/json' -d "$3" \
        -o "$TMP/gh-response.json" -w '%{http_code}' "http://127.0.0.1:$GATEHOUSE_PORT$2" || echo 000)
    GH_BODY=$(cat "$TMP/gh-response.json" 2>/dev/null || true)
    [[ $GH_STATUS == 2?? ]] || { log "Gatehouse: $1 $2 answered $GH_STATUS: $GH_BODY"; return 1; }
}
json_field() { # name json -> value of the first "name": "value"
    sed -n "s/.*\"$1\"[[:space:]]*:[[:space:]]*\"\([^\"]*\)\".*/\1/p" <<<"$2" | head -1
}
setup_gatehouse() {
    local i api integration body
    free_port GATEHOUSE_PORT
    mkdir -p "$TMP/gatehouse-data"
    start gatehouse dotnet "$GATEHOUSE_DLL" serve --urls "http://127.0.0.1:$GATEHOUSE_PORT" \
        --data-dir "$TMP/gatehouse-data" --log-level Warning
    for ((i = 0; i < 300; i++)); do
        grep -q 'Gatehouse listening on' "$TMP/gatehouse.log" 2>/dev/null && break
        if ! kill -0 "$PID_gatehouse" 2>/dev/null; then
            tail -20 "$TMP/gatehouse.log" >&2
            skip_gatehouse "it exited at start"
            return 1
        fi
        sleep 0.2
    done
    ((i < 300)) || { skip_gatehouse "it did not print 'Gatehouse listening on' within 60 s"; return 1; }

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
cpu_ticks() { # pids... -> utime+stime summed, in clock ticks (fields 14 and 15 of /proc/PID/stat)
    local total=0 pid stat f
    for pid in "$@"; do
        stat=$(<"/proc/$pid/stat") || return 1
        stat=${stat##*) }            # drop "pid (comm) ": comm may hold spaces
        read -r -a f <<<"$stat"      # f[0] is field 3, so utime (14) is f[11] and stime (15) is f[12]
        total=$((total + f[11] + f[12]))
    done
    echo "$total"
}

# our_ticks: CPU of every server this script started (dead ones count 0).
our_ticks() {
    local total=0 pid t
    for pid in "${PIDS[@]}" ${NGINX_WORKERS:-}; do t=$(cpu_ticks "$pid" 2>/dev/null) && total=$((total + t)); done
    echo "$total"
}
# wait_quiet: the machine is shared; give other work (a build, a test run) up to QUIET_WAIT seconds to finish.
wait_quiet() {
    local start=$SECONDS b0 t0 b1 t1 o0 o1 busy said=""
    ((QUIET_WAIT > 0)) || return 0
    while :; do
        read -r b0 t0 < <(core_ticks ""); o0=$(our_ticks)
        sleep 1
        read -r b1 t1 < <(core_ticks ""); o1=$(our_ticks)
        busy=$(((b1 - b0 - (o1 - o0)) * 100 / (t1 > t0 ? t1 - t0 : 1)))
        ((busy <= QUIET_MAX)) && return 0
        if ((SECONDS - start >= QUIET_WAIT)); then
            log "  the machine is still ${busy}% busy with other work after ${QUIET_WAIT}s; measuring anyway"
            return 0
        fi
        [[ -n $said ]] || log "  the machine is ${busy}% busy with other work; waiting up to ${QUIET_WAIT}s ..."
        said=1
    done
}

# core_ticks CORE -> "busy total" in clock ticks from /proc/stat (CORE "" = the whole machine).
# busy = user+nice+system+steal; irq and softirq are left out, as tasks are not charged for them either.
core_ticks() {
    local f
    read -r -a f < <(grep "^cpu$1 " /proc/stat)
    echo "$((f[1] + f[2] + f[3] + f[8])) $((f[1] + f[2] + f[3] + f[4] + f[5] + f[6] + f[7] + f[8]))"
}
# children_ticks: CPU of this script's finished children (wrk, once reaped), fields 16 and 17 of /proc/$$/stat.
children_ticks() {
    local stat f
    stat=$(<"/proc/$$/stat"); stat=${stat##*) }; read -r -a f <<<"$stat"
    echo $((f[13] + f[14]))
}
# noise BUSY TOTAL OURS -> percent of the core that something else used (other processes; steal time where the
# hypervisor reports it).
noise() { awk -v b="$1" -v t="$2" -v o="$3" 'BEGIN { n = t > 0 ? (b - o) * 100 / t : 0; printf "%.0f", n < 0 ? 0 : n }'; }

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
measure() {
    local round=$1 scenario=$2 target=$3 conns=$4 attempt=${5:-0} out="$TMP/wrk-$1-$2-$3.txt"
    local s0 s1 b0 b1 line requests duration p50 p99 sockerr non2xx rps cpu_srv cpu_be="-"
    local l0 l1 lt0 lt1 v0 v1 vt0 vt1 k0 k1 ours noise0 noise1
    alive "$target" || { log "  ${LABEL[$target]}: skipped, a server is gone"; return 0; }
    wait_quiet
    s0=$(cpu_ticks ${SRV_PIDS[$target]}) && b0=$(cpu_ticks "$PID_backend") || return 0
    read -r l0 lt0 < <(core_ticks "$LOADGEN_CPU"); read -r v0 vt0 < <(core_ticks "$SERVER_CPU"); k0=$(children_ticks)
    wrk_run "$target" "$conns" "$DURATION" "$out" || { log "  $target: wrk failed: $(tail -3 "$out")"; return 0; }
    s1=$(cpu_ticks ${SRV_PIDS[$target]}) && b1=$(cpu_ticks "$PID_backend") \
        || { log "  $target: a server died during the run"; return 0; }
    read -r l1 lt1 < <(core_ticks "$LOADGEN_CPU"); read -r v1 vt1 < <(core_ticks "$SERVER_CPU"); k1=$(children_ticks)
    ours=$((s1 - s0)); [[ $target == direct ]] || ours=$((ours + b1 - b0))
    noise0=$(noise $((l1 - l0)) $((lt1 - lt0)) $((k1 - k0)))
    noise1=$(noise $((v1 - v0)) $((vt1 - vt0)) "$ours")
    line=$(grep '^BENCH ' "$out" || true)
    [[ -n $line ]] || { log "  $target: no result from wrk: $(tail -3 "$out")"; return 0; }
    read -r requests duration p50 p99 sockerr non2xx < <(sed -E 's/[a-z0-9_]+=//g; s/^BENCH //' <<<"$line")
    ((requests > 0)) || { log "  $target: no request completed"; return 0; }
    rps=$(awk -v r="$requests" -v d="$duration" 'BEGIN { printf "%.0f", r / (d / 1e6) }')
    cpu_srv=$(awk -v t=$((s1 - s0)) -v hz="$CLK_TCK" -v r="$requests" 'BEGIN { printf "%.2f", t * 1e6 / hz / r }')
    [[ $target == direct ]] \
        || cpu_be=$(awk -v t=$((b1 - b0)) -v hz="$CLK_TCK" -v r="$requests" 'BEGIN { printf "%.2f", t * 1e6 / hz / r }')
    local tag=""
    if ((attempt < RETRIES && (noise0 > QUIET_MAX || noise1 > QUIET_MAX))); then tag="   disturbed, measuring again"; fi
    [[ -n $tag ]] || printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$scenario" "$target" "$round" "$rps" \
        "$p50" "$p99" "$sockerr" "$non2xx" "$cpu_srv" "$cpu_be" "$noise0" "$noise1" >>"$RECORDS"
    printf '  %-22s %8s req/s   p50 %7.3f ms   p99 %7.3f ms   CPU %7s µs/req (backend %5s)   others %2s%%/%2s%%%s\n' \
        "${LABEL[$target]}" "$rps" "$(awk -v v="$p50" 'BEGIN { print v / 1000 }')" \
        "$(awk -v v="$p99" 'BEGIN { print v / 1000 }')" "$cpu_srv" "$cpu_be" "$noise0" "$noise1" \
        "$( ((sockerr + non2xx > 0)) && echo "   ERRORS: $sockerr socket, $non2xx non-2xx" )$tag" >&2
    [[ -z $tag ]] || measure "$round" "$scenario" "$target" "$conns" $((attempt + 1))
}

n=${#ACTIVE[@]}
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
for ((round = 1; round <= ROUNDS; round++)); do
    for scenario in "c$CONNECTIONS" c1; do
        log "Round $round/$ROUNDS, $scenario:"
        # Rotate the order each round so that no target always follows the same neighbour.
        for ((k = 0; k < n; k++)); do
            target=${ACTIVE[$(((k + round - 1) % n))]}
            measure "$round" "$scenario" "$target" "${scenario#c}"
        done
    done
done

# --- report --------------------------------------------------------------------------------------------------
# Medians over rounds, ratios of medians. fmt=text for the terminal, fmt=md for results/last.md.
summarize() { # fmt: text for the terminal, md for results/last.md
    awk -F'\t' -f "$BENCH/summarize.awk" -v fmt="$1" -v scenarios="c$CONNECTIONS c1" \
        -v order="direct nginx yarp gatehouse" \
        -v labels="${LABEL[direct]}|${LABEL[nginx]}|${LABEL[yarp]}|${LABEL[gatehouse]}" "$RECORDS"
}

mkdir -p "$RESULTS"
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
} >"$RESULTS/last.md"
{ echo; cat "$RESULTS/last.md"; } >>"$RESULTS/history.md"
cp "$RECORDS" "$RESULTS/last.tsv"

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
