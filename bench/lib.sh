# Shared pieces of bench/run.sh and bench/lambda.sh; sourced by both once they have set BENCH (this folder) and
# their settings. Not a script of its own.
# shellcheck shell=bash

# Settings every script shares, in the environment (a script may set its own default before sourcing this file):
LOADGEN_CPU=${LOADGEN_CPU:-0}     # core for wrk and curl (and the AWS CLI)
SERVER_CPU=${SERVER_CPU:-1}       # core for every server (Gatehouse's function workers inherit it)
GATEHOUSE_DLL=${GATEHOUSE_DLL:-}  # a prebuilt gatehouse.dll to run instead of building src/Gatehouse
QUIET_WAIT=${QUIET_WAIT:-60}      # before each run, wait up to this many seconds for other work to stop (0: never)
QUIET_MAX=${QUIET_MAX:-10}        # ... "stopped" meaning under this % of the machine busy
QUIET_BUDGET=${QUIET_BUDGET:-}    # seconds of such waiting in the whole run, at most ("": no limit)
RETRIES=${RETRIES:-1}             # a run where others took over QUIET_MAX % of a core is measured again, this often
KEEP_TMP=${KEEP_TMP:-0}           # 1 keeps the temporary folder (logs, wrk output, Gatehouse's data directory)
TMP_ROOT=${TMP_ROOT:-/tmp}        # where that folder is made (/dev/shm: the servers' data directories in memory)

REPO=$(cd "$BENCH/.." && pwd)
BUILD="$BENCH/.build"
RESULTS="$BENCH/results"

log() { printf '%s\n' "$*" >&2; }
die() { log "${0##*/}: $*"; exit 1; }

require_whole() { # VAR...: each must hold a whole number
    local v
    for v in "$@"; do
        [[ ${!v} =~ ^[0-9]+$ ]] || die "$v must be a whole number, not '${!v}'"
    done
}

# --- cleanup: stop everything this script started -------------------------------------------------------------
# init_tmp PREFIX LOGS: a temporary folder $TMP_ROOT/PREFIX.XXXXXX in TMP; at exit every server in PIDS is stopped and the
# *.log files of TMP are copied to results/LOGS, where a server that died or complained can be looked at afterwards.
# A script may define cleanup_extra to save more.
init_tmp() {
    TMP=$(mktemp -d "$TMP_ROOT/$1.XXXXXX")
    LOGS_DIR=$2
    PIDS=()
    declare -gA NAME_OF   # pid -> server name
    NOTES=()              # what went wrong, for the report
    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
}
cleanup() {
    local pid i
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do
        for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
    done
    if [[ -d $RESULTS ]]; then
        rm -rf "${RESULTS:?}/$LOGS_DIR"; mkdir -p "$RESULTS/$LOGS_DIR"
        cp "$TMP"/*.log "$RESULTS/$LOGS_DIR/" 2>/dev/null || true
        if declare -F cleanup_extra >/dev/null; then cleanup_extra; fi
    fi
    if [[ $KEEP_TMP == 1 ]]; then log "Kept $TMP"; else rm -rf "$TMP"; fi
}

# --- tools ---------------------------------------------------------------------------------------------------
# need_tools COMMAND...: installs the missing ones with apt-get when root (taskset comes with util-linux), then checks
# for dotnet and the cores, and sets CORES and CLK_TCK.
need_tools() {
    local tool missing=()
    export PATH="$PATH:/usr/sbin:/sbin"
    for tool in "$@"; do command -v "$tool" >/dev/null || missing+=("${tool/#taskset/util-linux}"); done
    if ((${#missing[@]})); then
        [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null \
            || die "missing ${missing[*]}; install them (apt-get install -y ${missing[*]}) or run as root"
        log "Installing ${missing[*]} ..."
        timeout 600 apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
    command -v dotnet >/dev/null || die "the .NET 10 SDK (dotnet) is needed"
}
check_cores() {
    CORES=$(nproc)
    ((LOADGEN_CPU < CORES && SERVER_CPU < CORES)) || die "this machine has $CORES cores; set LOADGEN_CPU and SERVER_CPU"
    [[ $LOADGEN_CPU != "$SERVER_CPU" ]] || log "warning: wrk and the servers share core $SERVER_CPU"
    CLK_TCK=$(getconf CLK_TCK)
}

# --- build ---------------------------------------------------------------------------------------------------
# Everything builds into bench/.build (--artifacts-path), never into src/*/bin, so a benchmark can run while
# someone else builds or tests in the same checkout.
build() { # name project; the output goes to $TMP/build-NAME.log
    log "Building $1 (Release) ..."
    timeout --foreground 900 dotnet build -c Release --nologo -v q --disable-build-servers \
        --artifacts-path "$BUILD" "$2" >"$TMP/build-$1.log" 2>&1
}
build_errors() { # name: the compiler's errors from $TMP/build-NAME.log (or its end)
    grep -E ' error ' "$TMP/build-$1.log" | sort -u | head -10 >&2 || tail -20 "$TMP/build-$1.log" >&2
}
build_gatehouse() { # sets GATEHOUSE_DLL unless given; false (errors shown) when it does not build
    if build gatehouse "$REPO/src/Gatehouse/Gatehouse.csproj"; then
        GATEHOUSE_DLL="$BUILD/bin/Gatehouse/release/gatehouse.dll"
    else
        build_errors gatehouse
        return 1
    fi
}

# build_for_run [backend]: reads COMMIT and DIRTY now (others may commit while the benchmark runs; the working tree is
# what gets built), builds bench/Backend when asked (BACKEND_DLL), and Gatehouse unless GATEHOUSE_DLL names one.
build_for_run() {
    COMMIT=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo "none")
    DIRTY=$(git -C "$REPO" status --porcelain -- src 2>/dev/null | head -1)
    if [[ ${1:-} == backend ]]; then
        build backend "$BENCH/Backend/Backend.csproj" || { tail -30 "$TMP/build-backend.log" >&2; die "backend build failed"; }
        BACKEND_DLL="$BUILD/bin/Backend/release/bench-backend.dll"
    fi
    if [[ -n $GATEHOUSE_DLL ]]; then
        [[ -f $GATEHOUSE_DLL ]] || die "GATEHOUSE_DLL=$GATEHOUSE_DLL does not exist"
    else
        build_gatehouse || die "src/Gatehouse does not build (errors above)"
    fi
}

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
start() { # name command... ; sets PID_<name>. Runs in START_DIR (default: here); exec keeps the pid the server's.
    local name=$1; shift
    (cd "${START_DIR:-.}" && exec taskset -c "$SERVER_CPU" "$@") >"$TMP/$name.log" 2>&1 &
    PIDS+=($!)
    NAME_OF[$!]=$name
    printf -v "PID_$name" '%s' "$!"
}
# start_gatehouse DATA-DIR ARGS...: Gatehouse on GATEHOUSE_PORT (chosen here), in START_DIR if set; then until it says
# it listens. False with WHY ("exited at start", ...) when it does not.
start_gatehouse() {
    local data=$1 i; shift
    free_port GATEHOUSE_PORT
    BASE="http://127.0.0.1:$GATEHOUSE_PORT"
    start gatehouse dotnet "$GATEHOUSE_DLL" serve --urls "$BASE" --data-dir "$data" --log-level Warning "$@"
    for ((i = 0; i < 300; i++)); do
        grep -q 'Gatehouse listening on' "$TMP/gatehouse.log" 2>/dev/null && return 0
        if ! kill -0 "$PID_gatehouse" 2>/dev/null; then
            tail -20 "$TMP/gatehouse.log" >&2
            WHY="exited at start"
            return 1
        fi
        sleep 0.2
    done
    WHY="did not print 'Gatehouse listening on' within 60 s"
    return 1
}
# start_node NAME DATA-DIR ARGS...: gatehouse serve on a free port (NODE_PORT), log $TMP/NAME.log, PID_<NAME>; until it
# says it listens. False with WHY when it does not.
start_node() {
    local name=$1 data=$2 pid i; shift 2
    free_port NODE_PORT
    mkdir -p "$data"
    start "$name" dotnet "$GATEHOUSE_DLL" serve --urls "http://127.0.0.1:$NODE_PORT" --data-dir "$data" \
        --log-level Warning --control-plane-rate-limit 0 "$@"
    pid="PID_$name"
    for ((i = 0; i < 300; i++)); do
        grep -q 'Gatehouse listening on' "$TMP/$name.log" 2>/dev/null && return 0
        kill -0 "${!pid}" 2>/dev/null || { tail -20 "$TMP/$name.log" >&2; WHY="$name exited at start"; return 1; }
        sleep 0.2
    done
    WHY="$name did not print 'Gatehouse listening on' within 60 s"
    return 1
}
# serve_help: what `gatehouse serve --help` says, in HELP; has_option OPTION: whether it names OPTION (a Gatehouse
# older than a benchmark runs without the options it lacks, and the report says so).
serve_help() { HELP=$(timeout 60 dotnet "$GATEHOUSE_DLL" serve --help 2>&1 || true); }
has_option() { [[ $HELP == *"$1 "* || $HELP == *"$1="* ]]; }
# wait_for NAME PID URL [HOST] [SECONDS]: until URL answers "hello", bounded in time; false (said, with the end of the
# server's log) when it does not.
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
# The control plane wants SigV4 signatures: curl signs with the development key test/test that Gatehouse accepts on
# loopback, for the service that owns the path (apigateway for /v2, lambda for /2015-03-31).
gh_call() { # method path [json] -> GH_STATUS, GH_BODY; false unless 2xx. Waits GH_TIMEOUT seconds at most.
    local data=() service=apigateway
    [[ -z ${3:-} ]] || data=(-d "$3")
    [[ $2 != /20[0-9][0-9]-* ]] || service=lambda
    GH_STATUS=$(curl -s --max-time "$GH_TIMEOUT" -X "$1" -H 'Content-Type: application/json' "${data[@]}" \
        --aws-sigv4 "aws:amz:us-east-1:$service" --user "$DEV_KEY" \
        -o "$TMP/gh-response.json" -w '%{http_code}' "$BASE$2" || echo 000)
    GH_BODY=$(cat "$TMP/gh-response.json" 2>/dev/null || true)
    [[ $GH_STATUS == 2?? ]] || { log "Gatehouse: $1 $2 answered $GH_STATUS: $GH_BODY"; return 1; }
}
# The development key Gatehouse accepts on loopback, and curl's arguments to sign a Lambda API call with it.
DEV_KEY=test:test
LAMBDA_SIGNED=(--aws-sigv4 "aws:amz:us-east-1:lambda" --user "$DEV_KEY")
# sign_request SERVICE ACCESS-KEY:SECRET URL [CURL-ARGS...]: sends one request signed by a real SigV4 signer (curl's
# --aws-sigv4, for SERVICE in us-east-1) and keeps what it signed with, for wrk, which cannot sign: SIGNED_H gets
# -H "Name: value" for the Authorization header and every header its SignedHeaders names (host, x-amz-date, ...), as
# curl sent them; SIGNED_STATUS the status of the answer. The request wrk repeats must be the same one (method, path,
# query, those headers, body), and a signature is valid for 5 minutes: sign again before every wrk run. The key goes
# to curl on its standard input, not its command line; the trace (signatures) stays in $TMP. False (said) when curl
# did not sign.
sign_request() {
    local service=$1 key=$2 url=$3 auth names name line
    shift 3
    SIGNED_H=()
    SIGNED_STATUS=$(printf 'user = "%s"\n' "$key" | taskset -c "$LOADGEN_CPU" curl -sS -v --max-time 10 -K - \
        --aws-sigv4 "aws:amz:us-east-1:$service" -o "$TMP/signed-body" -w '%{http_code}' "$@" "$url" \
        2>"$TMP/signed-trace" || echo 000)
    auth=$(sed -n 's/^> \([Aa]uthorization: AWS4-HMAC-SHA256 .*\)/\1/p' "$TMP/signed-trace" | tr -d '\r' | head -1)
    names=$(sed -n 's/.*SignedHeaders=\([^,]*\),.*/\1/p' <<<"$auth")
    [[ -n $names ]] || { log "curl did not sign $url ($SIGNED_STATUS): $(tail -2 "$TMP/signed-trace")"; return 1; }
    SIGNED_H=(-H "$auth")
    for name in ${names//;/ }; do
        line=$(sed -n 's/^> //p' "$TMP/signed-trace" | tr -d '\r' | grep -i -m1 "^$name:" || true)
        [[ -n $line ]] || { log "curl signed $name but did not send it"; return 1; }
        SIGNED_H+=(-H "$line")
    done
}
json_field() { # name json -> value of the first "name": "value"
    sed -n "s/.*\"$1\"[[:space:]]*:[[:space:]]*\"\([^\"]*\)\".*/\1/p" <<<"$2" | head -1
}
# gh_json_call SERVICE TARGET JSON: an awsJson 1.1 call on Gatehouse's POST / (X-Amz-Target: TARGET, e.g.
# Logs_20140328.FilterLogEvents), signed for SERVICE (logs, monitoring, ...) -> GH_STATUS, GH_BODY; false unless 2xx
# (not said: a service this Gatehouse lacks is an answer the caller may expect). Waits GH_TIMEOUT seconds at most.
gh_json_call() {
    GH_STATUS=$(curl -s --max-time "$GH_TIMEOUT" -X POST -H 'Content-Type: application/x-amz-json-1.1' \
        -H "X-Amz-Target: $2" -d "$3" --aws-sigv4 "aws:amz:us-east-1:$1" --user "$DEV_KEY" \
        -o "$TMP/gh-response.json" -w '%{http_code}' "$BASE/" || echo 000)
    GH_BODY=$(cat "$TMP/gh-response.json" 2>/dev/null || true)
    [[ $GH_STATUS == 2?? ]]
}
# create_hello_api NAME: on the Gatehouse at BASE, the benchmarks' API: NAME, one route GET /hello by HTTP_PROXY to
# the bench backend's /hello (BACKEND_PORT), stage bench, deployed. Sets API; false with WHY.
create_hello_api() {
    local integration
    gh_call POST /v2/apis "{\"name\":\"$1\",\"protocolType\":\"HTTP\"}" || { WHY="CreateApi failed"; return 1; }
    API=$(json_field apiId "$GH_BODY")
    [[ -n $API ]] || { WHY="CreateApi returned no apiId"; return 1; }
    gh_call POST "/v2/apis/$API/integrations" "{\"integrationType\":\"HTTP_PROXY\",\"integrationMethod\":\"ANY\",
        \"payloadFormatVersion\":\"1.0\",\"integrationUri\":\"http://127.0.0.1:$BACKEND_PORT/hello\"}" \
        || { WHY="CreateIntegration failed"; return 1; }
    integration=$(json_field integrationId "$GH_BODY")
    [[ -n $integration ]] || { WHY="CreateIntegration returned no integrationId"; return 1; }
    gh_call POST "/v2/apis/$API/routes" "{\"routeKey\":\"GET /hello\",\"target\":\"integrations/$integration\"}" \
        || { WHY="CreateRoute failed"; return 1; }
    gh_call POST "/v2/apis/$API/stages" '{"stageName":"bench"}' || { WHY="CreateStage failed"; return 1; }
    gh_call POST "/v2/apis/$API/deployments" '{"stageName":"bench"}' || { WHY="CreateDeployment failed"; return 1; }
}
want() { [[ " $TARGETS " == *" $1 "* ]]; }

# --- measuring -----------------------------------------------------------------------------------------------
stat_fields() { # pid -> fields 3.. of /proc/pid/stat as an array in F; false when the process is gone
    # (read, not $(<file): under set -e bash 5.2 ends the whole shell when $(<file) cannot open its file, and
    # processes do come and go)
    local stat=""
    { read -r stat <"/proc/$1/stat"; } 2>/dev/null || return 1
    stat=${stat##*) }          # drop "pid (comm) ": comm may hold spaces
    read -r -a F <<<"$stat"    # F[11] utime, F[12] stime, F[13] cutime, F[14] cstime
    ((${#F[@]} > 14))
}
# core_ticks CORE -> "busy total" in clock ticks from /proc/stat (CORE "" = the whole machine).
# busy = user+nice+system+steal; irq and softirq are left out, as tasks are not charged for them either.
core_ticks() {
    local f
    read -r -a f < <(grep "^cpu$1 " /proc/stat)
    echo "$((f[1] + f[2] + f[3] + f[8])) $((f[1] + f[2] + f[3] + f[4] + f[5] + f[6] + f[7] + f[8]))"
}
# children_ticks: CPU of this script's finished children (wrk, once reaped), fields 16 and 17 of /proc/$$/stat.
children_ticks() { stat_fields $$; echo $((F[13] + F[14])); }
# noise BUSY TOTAL OURS -> percent of the core that something else used (other processes; steal time where the
# hypervisor reports it).
noise() { awk -v b="$1" -v t="$2" -v o="$3" 'BEGIN { n = t > 0 ? (b - o) * 100 / t : 0; printf "%.0f", n < 0 ? 0 : n }'; }

# children PID: the process's live children (Gatehouse's function workers, nginx's worker), one pid a line.
children() { cat /proc/"$1"/task/*/children 2>/dev/null | tr ' ' '\n' | sed '/^$/d' || true; }
# proc_ticks PID -> "self children": the process's own CPU, and its children's (reaped ones from cutime/cstime, live
# ones read one by one), in clock ticks; false when the process is gone.
proc_ticks() {
    local self kids pid
    stat_fields "$1" || return 1
    self=$((F[11] + F[12])); kids=$((F[13] + F[14]))
    for pid in $(children "$1"); do
        if stat_fields "$pid"; then kids=$((kids + F[11] + F[12])); fi
    done
    echo "$self $kids"
}
cpu_of() { # pid -> its utime+stime and its children's, in ticks
    local s k
    read -r s k < <(proc_ticks "$1") || return 1
    echo $((s + k))
}
# our_ticks: CPU of every server this script started and of their children (dead ones count 0).
our_ticks() {
    local total=0 pid s k
    for pid in "${PIDS[@]}"; do
        read -r s k < <(proc_ticks "$pid" 2>/dev/null || echo "0 0")
        total=$((total + s + k))
    done
    echo "$total"
}

# wait_quiet: the machine is shared; give other work (a build, a test run) up to QUIET_WAIT seconds to finish, and
# QUIET_BUDGET seconds over the whole run where set. Our own servers' CPU (our_ticks) does not count.
QUIET_SPENT=0
wait_quiet() {
    local start=$SECONDS b0 t0 b1 t1 o0 o1 busy said=""
    ((QUIET_WAIT > 0)) || return 0
    while :; do
        read -r b0 t0 < <(core_ticks ""); o0=$(our_ticks)
        sleep 1
        read -r b1 t1 < <(core_ticks ""); o1=$(our_ticks)
        busy=$(((b1 - b0 - (o1 - o0)) * 100 / (t1 > t0 ? t1 - t0 : 1)))
        if ((busy <= QUIET_MAX)); then break; fi
        if ((SECONDS - start >= QUIET_WAIT)); then
            log "  the machine is still ${busy}% busy with other work after ${QUIET_WAIT}s; measuring anyway"
            break
        fi
        if [[ -n ${QUIET_BUDGET:-} ]] && ((QUIET_SPENT + SECONDS - start >= QUIET_BUDGET)); then
            log "  the machine is still ${busy}% busy with other work; measuring anyway"
            break
        fi
        [[ -n $said ]] || log "  the machine is ${busy}% busy with other work; waiting up to ${QUIET_WAIT}s ..."
        said=1
    done
    QUIET_SPENT=$((QUIET_SPENT + SECONDS - start - 1))
}

# prepare TARGET: what a run of TARGET needs made just before it starts (a fresh signature, ...), outside the
# measurement; a script that needs something defines its own. False: the run is skipped.
prepare() { :; }
# measure_run TARGET LOAD OUT: one measured run, the script's wrk_run TARGET LOAD DURATION OUT, between two readings of
# /proc, once the machine is quiet and prepare TARGET is done. The script's target_ticks TARGET prints the counters to
# follow (CPU clock ticks, or any other count, as many as it likes; false when a server is gone): TICKS gets how much
# each grew. NOISE0 / NOISE1: the share of the
# wrk core / the server core that other processes took (ours being our_ticks' servers and this script's children).
# read_bench then sets the caller's requests duration p50 p99 sockerr non2xx rps. False (said) when wrk fails, a
# server died or wrk has no result.
measure_run() {
    local target=$1 load=$2 out=$3 i a0 a1 o0 o1 l0 lt0 v0 vt0 c0 l1 lt1 v1 vt1 c1
    wait_quiet
    prepare "$target" || return 1
    a0=$(target_ticks "$target") || { log "  $target: skipped, its server is gone"; return 1; }
    o0=$(our_ticks)
    read -r l0 lt0 < <(core_ticks "$LOADGEN_CPU"); read -r v0 vt0 < <(core_ticks "$SERVER_CPU"); c0=$(children_ticks)
    wrk_run "$target" "$load" "$DURATION" "$out" || { log "  $target: wrk failed: $(tail -3 "$out")"; return 1; }
    a1=$(target_ticks "$target") || { log "  $target: a server died during the run"; return 1; }
    o1=$(our_ticks)
    read -r l1 lt1 < <(core_ticks "$LOADGEN_CPU"); read -r v1 vt1 < <(core_ticks "$SERVER_CPU"); c1=$(children_ticks)
    NOISE0=$(noise $((l1 - l0)) $((lt1 - lt0)) $((c1 - c0)))
    NOISE1=$(noise $((v1 - v0)) $((vt1 - vt0)) $((o1 - o0)))
    read -r -a a0 <<<"$a0"; read -r -a a1 <<<"$a1"
    TICKS=()
    for i in "${!a0[@]}"; do TICKS+=($((a1[i] - a0[i]))); done
    read_bench "$target" "$out"
}
# warm_up CONNECTIONS...: WARMUP seconds of unrecorded load per target, spread over the connection counts given, from
# the highest down, in 3 s slices that the targets (the script's targets_at cN) take in turn: see "The harness" in
# docs/benchmarks.md (a .NET server kept busy on one core without a pause stays on tier-0 code).
warm_up() {
    local slice=$((WARMUP < 3 ? WARMUP : 3)) conns per i target loads n
    ((WARMUP > 0 && $# > 0)) || return 0
    loads=$(printf '%s\n' "$@" | sort -nru | tr '\n' ' '); loads=${loads% }
    n=$(wc -w <<<"$loads")
    per=$(((((WARMUP + slice - 1) / slice) + n - 1) / n))
    log "Warm-up: $per slice(s) of ${slice}s per target at each of $loads connection(s)"
    for conns in $loads; do
        for ((i = 0; i < per; i++)); do
            wait_quiet
            log "Warming up at $conns connection(s), slice $((i + 1))/$per ..."
            for target in $(targets_at "c$conns"); do
                prepare "$target" || continue
                wrk_run "$target" "$conns" "$slice" "$TMP/wrk-warmup-$target.txt" \
                    || log "  warm-up of $target failed: $(tail -2 "$TMP/wrk-warmup-$target.txt")"
            done
        done
    done
}

# read_bench TARGET OUT: the BENCH line report.lua printed into OUT, in the caller's requests duration p50 p99
# sockerr non2xx, and rps; false (said) when there is none or no request completed.
read_bench() {
    local line
    line=$(grep '^BENCH ' "$2" || true)
    [[ -n $line ]] || { log "  $1: no result from wrk: $(tail -3 "$2")"; return 1; }
    read -r requests duration p50 p99 sockerr non2xx < <(sed -E 's/[a-z0-9_]+=//g; s/^BENCH //' <<<"$line")
    ((requests > 0)) || { log "  $1: no request completed"; return 1; }
    rps=$(awk -v r="$requests" -v d="$duration" 'BEGIN { printf "%.0f", r / (d / 1e6) }')
}
per_req() { # ticks requests -> µs of CPU per request
    awk -v t="$1" -v hz="$CLK_TCK" -v r="$2" 'BEGIN { printf "%.2f", t * 1e6 / hz / r }'
}
us_to_ms() { awk -v v="$1" 'BEGIN { print v / 1000 }'; }
# disturbed ATTEMPT NOISE0 NOISE1: true when others took over QUIET_MAX % of a core and a retry is left.
disturbed() { ((${1} < RETRIES && (${2} > QUIET_MAX || ${3} > QUIET_MAX))); }
errors_note() { # sockerr non2xx
    if (($1 + $2 > 0)); then echo "   ERRORS: $1 socket, $2 non-2xx"; fi
}

# rounds SCENARIO...: ROUNDS rounds, each measuring at every scenario (a load after a "c": c64, c4p4) the targets
# the script's targets_at SCENARIO names, their order rotated each round so that no target always follows the same
# neighbour.
rounds() {
    local round scenario here n k
    for ((round = 1; round <= ROUNDS; round++)); do
        for scenario in "$@"; do
            log "Round $round/$ROUNDS, $scenario:"
            read -r -a here <<<"$(targets_at "$scenario")"
            n=${#here[@]}
            for ((k = 0; k < n; k++)); do
                measure "$round" "$scenario" "${here[$(((k + round - 1) % n))]}" "${scenario#c}"
            done
        done
    done
}

# --- report --------------------------------------------------------------------------------------------------
# save_report NAME: stdin to results/NAME-last.md (NAME "" for run.sh: last.md), appended to NAME-history.md; the
# records to NAME-last.tsv.
save_report() {
    mkdir -p "$RESULTS"
    cat >"$RESULTS/${1}last.md"
    { echo; cat "$RESULTS/${1}last.md"; } >>"$RESULTS/${1}history.md"
    cp "$RECORDS" "$RESULTS/${1}last.tsv"
}
