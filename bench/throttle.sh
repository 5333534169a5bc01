#!/usr/bin/env bash
# Gatehouse's throttling benchmark (issue 5). Every target is an HTTP API with one route, GET /hello, going by
# HTTP_PROXY to the bench backend (bench/Backend, "hello"), on a Gatehouse of its own; wrk on one core, every server
# (Gatehouse, the backend, redis-server) on the other.
#   Throughput, at CONNECTIONS connections back to back (requests/s, p50/p99, CPU per request):
#     off     throttling off: no stage settings, --account-rate-limit 0, in-memory store (the baseline of the ratios)
#     off2    the same as off in a second process: an A/A control, how far two identical Gatehouses differ on this
#             machine (not in the default TARGETS)
#     mem     throttling on, limits far above the load: stage defaultRouteSettings rate/burst 1,000,000 and
#             --account-rate-limit/--account-burst-limit 1,000,000; in-memory store (goal: >= 0.97 x off)
#     redis   the same on --state-store redis:// (a redis-server of its own): the ratio and the added p99
#   Accuracy, the seed's stage limit (defaultRouteSettings rate 1000, burst 500) under ~3x overload, paced with
#   bench/throttle/count.lua (wrk's delay(); it counts answers by status and measures the rate it really offered):
#     acc1    one node, in-memory store, one wrk offering ACC_RATE requests/s
#     acc2    two nodes sharing one --data-dir and one redis-server (another one), one wrk per node each offering
#             ACC_RATE/2; the admitted requests of both summed
#   admitted rate = (200 answers - the burst) / the run's duration (the bucket is full when a run starts: the script
#   waits for it to refill), against the limit.
# Gatehouse is configured through its control plane with curl, signed (lib.sh's gh_call), as run.sh does: CreateApi,
# CreateIntegration, CreateRoute, CreateStage, CreateDeployment, then PATCH /v2/apis/{id}/stages/bench with the
# limits, read back with GET. The second node of acc2 starts after that (Gatehouse has no cross-process change feed).
#
# Usage: bash bench/throttle.sh            (the full run: 15 s warm-up per target, 3 rounds of 10 s)
#        QUICK=1 bash bench/throttle.sh    (a check that everything works: 1 round of 3 s; figures are rough)
#        TARGETS="off mem acc1" bash bench/throttle.sh
# A Gatehouse without the throttling options (--state-store, --account-rate-limit) is run without them, and the
# report says so: everything is then answered 200 and the accuracy figures show what no throttling admits.
# See docs/benchmarks.md ("Throttling (issue 5)").

{ # One brace group: bash reads the whole script before running it, so editing it during a run cannot derail that run.
set -euo pipefail

QUICK=${QUICK:-0}
if [[ $QUICK == 1 ]]; then
    : "${WARMUP:=3}" "${DURATION:=3}" "${ROUNDS:=1}" "${QUIET_WAIT:=0}" "${RETRIES:=0}"
fi
WARMUP=${WARMUP:-15}              # seconds of unrecorded load per target, in 3 s slices taken in turn
DURATION=${DURATION:-10}          # seconds per measured run
ROUNDS=${ROUNDS:-3}               # rounds; each runs every throughput target, then every accuracy target
CONNECTIONS=${CONNECTIONS:-64}    # connections of the throughput runs (wrk -t1)
ACC_RATE=${ACC_RATE:-3000}        # requests/s offered in an accuracy run (acc2: half by each of its two wrk)
ACC_CONNECTIONS=${ACC_CONNECTIONS:-16}   # connections of each wrk of an accuracy run (enough for the pacing)
LIMIT_RATE=${LIMIT_RATE:-1000}    # the accuracy targets' stage limit: throttlingRateLimit (requests/s)
LIMIT_BURST=${LIMIT_BURST:-500}   # ... and throttlingBurstLimit
ACC_TOLERANCE=${ACC_TOLERANCE:-5} # the report marks an admitted rate within this % of LIMIT_RATE
TARGETS=${TARGETS:-off mem redis acc1 acc2}
REDIS_CPU=${REDIS_CPU:-}          # core for redis-server ("" = SERVER_CPU, with Gatehouse)
QUIET_BUDGET=${QUIET_BUDGET:-600} # seconds of waiting for a quiet machine in the whole run, at most
# (LOADGEN_CPU SERVER_CPU GATEHOUSE_DLL QUIET_WAIT QUIET_MAX RETRIES KEEP_TMP: lib.sh)

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=bench/lib.sh
source "$BENCH/lib.sh"   # REPO BUILD RESULTS, log die, cleanup, tools, build, servers, measuring, report
REDIS_CPU=${REDIS_CPU:-$SERVER_CPU}
HIGH_LIMIT=1000000                # "far above the load": stage and account limits of the mem and redis targets
GOAL_MEM=97                       # issue 5: requests/s with throttling on >= 97 % of off (in-memory store)
COUNT_LUA="$BENCH/throttle/count.lua"

require_whole WARMUP DURATION ROUNDS CONNECTIONS ACC_RATE ACC_CONNECTIONS LIMIT_RATE LIMIT_BURST ACC_TOLERANCE \
    LOADGEN_CPU SERVER_CPU REDIS_CPU QUIET_WAIT QUIET_MAX QUIET_BUDGET RETRIES
((DURATION > 0 && ROUNDS > 0 && CONNECTIONS > 0 && ACC_CONNECTIONS > 0)) \
    || die "DURATION, ROUNDS, CONNECTIONS and ACC_CONNECTIONS must be positive"
((ACC_RATE > 1 && LIMIT_RATE > 0)) || die "ACC_RATE must be above 1 and LIMIT_RATE above 0"
for t in $TARGETS; do
    [[ " off off2 mem redis acc1 acc2 " == *" $t "* ]] || die "unknown target '$t' (off off2 mem redis acc1 acc2)"
done
# The throughput targets are measured against off: it comes first whenever one of them is asked for.
if [[ " $TARGETS " == *" mem "* || " $TARGETS " == *" redis "* || " $TARGETS " == *" off2 "* ]]; then
    others=""
    for t in $TARGETS; do [[ $t == off ]] || others+=" $t"; done
    TARGETS="off$others"
fi

# --- cleanup: stop everything this script started (lib.sh) ---------------------------------------------------
init_tmp gatehouse-throttle-bench throttle-logs
# wrk's outputs too (count.lua's STATUS, CODES and SAMPLE lines: the bodies of the first answers that were not 200)
cleanup_extra() { cp "$TMP"/wrk-* "$RESULTS/throttle-logs/" 2>/dev/null || true; }

# --- tools ---------------------------------------------------------------------------------------------------
need_tools wrk curl taskset
if want redis || want acc2; then need_tools redis-server; fi
check_cores
((REDIS_CPU < CORES)) || die "this machine has $CORES cores; set REDIS_CPU"

# --- build: into bench/.build (lib.sh) ------------------------------------------------------------------------
build_for_run backend

# Which throttling options this Gatehouse has (issue 5 adds them): those it lacks are left out, and said.
serve_help   # HELP, has_option (lib.sh)
HAS_ACCOUNT=0; HAS_STORE=0
if has_option --account-rate-limit && has_option --account-burst-limit; then HAS_ACCOUNT=1; fi
if has_option --state-store; then HAS_STORE=1; fi
((HAS_ACCOUNT)) || NOTES+=("this Gatehouse has no --account-rate-limit/--account-burst-limit: run without them \
(throttling is probably not built in: off and on are the same server)")
((HAS_STORE)) || NOTES+=("this Gatehouse has no --state-store: the Redis targets ran on the in-memory store")
account_args() { # rate [burst]: the options, when this Gatehouse has them (rate 0: no account limit)
    ((HAS_ACCOUNT)) || return 0
    printf '%s\n' --account-rate-limit "$1"
    [[ -z ${2:-} ]] || printf '%s\n' --account-burst-limit "$2"
}
store_args() { # redis port
    ((HAS_STORE)) && printf '%s\n' --state-store "redis://127.0.0.1:$1" || true
}

# --- servers (free_port, start, start_node, wait_for, gh_call, create_hello_api: lib.sh) ----------------------
declare -A LABEL URL HOST NODES REDIS_PORT_OF REDIS_PID_OF
LABEL=([off]="throttling off" [off2]="off, 2nd process (A/A)" [mem]="on, in-memory store" [redis]="on, Redis store"
    [acc1]="1 node, in-memory" [acc2]="2 nodes, Redis")
ACTIVE=()

free_port BACKEND_PORT
start backend dotnet "$BACKEND_DLL" --urls "http://127.0.0.1:$BACKEND_PORT"
wait_for backend "$PID_backend" "http://127.0.0.1:$BACKEND_PORT/hello" || die "the backend did not start"

redis_cmd() { # port command words: the reply (a simple or bulk string); false when there is none within 2 s
    local port=$1 fd line n body=""; shift
    exec {fd}<>"/dev/tcp/127.0.0.1/$port" 2>/dev/null || return 1
    printf '%s\r\n' "$*" >&"$fd"
    if ! IFS= read -r -t 2 line <&"$fd"; then exec {fd}>&-; return 1; fi
    line=${line%$'\r'}
    case $line in
        '+'*) body=${line#+} ;;
        '$'[0-9]*) n=${line#\$}; IFS= read -r -d '' -N "$n" -t 2 body <&"$fd" || true ;;
        *) exec {fd}>&-; return 1 ;;
    esac
    exec {fd}>&-
    printf '%s\n' "$body"
}
redis_commands() { # port: commands the server has processed so far
    redis_cmd "$1" INFO stats | sed -n 's/^total_commands_processed:\([0-9]*\).*/\1/p'
}
# start_redis NAME: a redis-server of this run's own on a free port, on REDIS_CPU, nothing saved to disk; sets
# REDIS_PORT and PID_<NAME>.
start_redis() {
    local name=$1 pid i
    free_port REDIS_PORT
    mkdir -p "$TMP/$name"
    SERVER_CPU=$REDIS_CPU start "$name" redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" \
        --appendonly no --dir "$TMP/$name" --loglevel warning
    pid="PID_$name"
    for ((i = 0; i < 50; i++)); do
        [[ $(redis_cmd "$REDIS_PORT" PING 2>/dev/null) == PONG ]] && return 0
        kill -0 "${!pid}" 2>/dev/null || { tail -5 "$TMP/$name.log" >&2; return 1; }
        sleep 0.2
    done
    return 1
}

GH_TIMEOUT=10   # seconds per control-plane call (gh_call)
# setup_api PORT RATE BURST: on the Gatehouse at PORT, the API (lib.sh's create_hello_api); with RATE, PATCH the
# stage's defaultRouteSettings to RATE/BURST and read them back. Sets API.
setup_api() {
    local rate=$2 burst=$3 stage
    BASE="http://127.0.0.1:$1"
    create_hello_api throttle-bench || return 1
    [[ -n $rate ]] || return 0
    gh_call PATCH "/v2/apis/$API/stages/bench" \
        "{\"defaultRouteSettings\":{\"throttlingBurstLimit\":$burst,\"throttlingRateLimit\":$rate}}" \
        || { WHY="UpdateStage (defaultRouteSettings $rate/$burst) failed: $GH_STATUS $GH_BODY"; return 1; }
    gh_call GET "/v2/apis/$API/stages/bench" || { WHY="GetStage failed"; return 1; }
    stage=$(tr -d ' \n' <<<"$GH_BODY")
    [[ $stage =~ \"throttlingRateLimit\":$rate(\.0+)?[,}] && $stage =~ \"throttlingBurstLimit\":$burst[,}] ]] \
        || { WHY="GetStage does not show the limits $rate/$burst: $GH_BODY"; return 1; }
}
skip() { # target why
    NOTES+=("${LABEL[$1]} not measured: $2")
    log ""; log "*** Skipping ${LABEL[$1]}: $2"; log ""
}
# register_node TARGET NAME PORT: NAME (listening on PORT) serves TARGET through the API just set up; until it
# answers hello there.
register_node() {
    local target=$1 name=$2 port=$3 pid="PID_$2"
    URL[$name]="http://127.0.0.1:$port/bench/hello"
    HOST[$name]="$API.execute-api.localhost:$port"
    NODES[$target]+="$name "
    wait_for "$name" "${!pid}" "${URL[$name]}" "${HOST[$name]}" 10 \
        || { WHY="$name: GET http://${HOST[$name]}/bench/hello did not answer hello"; return 1; }
}
# one_target TARGET RATE BURST REDIS ARGS...: its node (with REDIS, on a redis-server of its own), the API with the
# stage limits RATE/BURST (none when RATE is ""), Gatehouse's ARGS. acc2: a second node on the same data directory
# and redis-server, started once the API and its limits exist (Gatehouse has no cross-process change feed yet).
one_target() {
    local target=$1 rate=$2 burst=$3 redis=$4 pid; shift 4
    local args=("$@")
    if [[ -n $redis ]]; then
        start_redis "redis_$target" || { WHY="redis-server did not start"; return 1; }
        REDIS_PORT_OF[$target]=$REDIS_PORT; pid="PID_redis_$target"; REDIS_PID_OF[$target]=${!pid}
        mapfile -t -O "${#args[@]}" args < <(store_args "$REDIS_PORT")
    fi
    start_node "gh_$target" "$TMP/data-$target" "${args[@]}" || return 1
    local port=$NODE_PORT
    setup_api "$port" "$rate" "$burst" || return 1
    register_node "$target" "gh_$target" "$port" || return 1
    if [[ $target == acc2 ]]; then
        start_node gh_acc2b "$TMP/data-$target" "${args[@]}" || return 1
        register_node acc2 gh_acc2b "$NODE_PORT" || return 1
    fi
}
mapfile -t ACCOUNT_OFF < <(account_args 0)
mapfile -t ACCOUNT_HIGH < <(account_args "$HIGH_LIMIT" "$HIGH_LIMIT")
for t in $TARGETS; do
    case $t in
        off) one_target off "" "" "" "${ACCOUNT_OFF[@]}" || die "the baseline (off) failed: $WHY" ;;
        off2) one_target off2 "" "" "" "${ACCOUNT_OFF[@]}" || { skip off2 "$WHY"; continue; } ;;
        mem) one_target mem "$HIGH_LIMIT" "$HIGH_LIMIT" "" "${ACCOUNT_HIGH[@]}" || { skip mem "$WHY"; continue; } ;;
        redis) one_target redis "$HIGH_LIMIT" "$HIGH_LIMIT" 1 "${ACCOUNT_HIGH[@]}" || { skip redis "$WHY"; continue; } ;;
        acc1) one_target acc1 "$LIMIT_RATE" "$LIMIT_BURST" "" || { skip acc1 "$WHY"; continue; } ;;
        acc2) one_target acc2 "$LIMIT_RATE" "$LIMIT_BURST" 1 || { skip acc2 "$WHY"; continue; } ;;
    esac
    ACTIVE+=("$t")
    log "  ${LABEL[$t]}: $(for n in ${NODES[$t]}; do printf 'http://%s/bench/hello ' "${HOST[$n]}"; done)${REDIS_PORT_OF[$t]:+(redis-server :${REDIS_PORT_OF[$t]})}"
done
((${#ACTIVE[@]})) || die "no target to measure (TARGETS=$TARGETS)"

# --- measuring -----------------------------------------------------------------------------------------------
# (core_ticks, children_ticks, noise, wait_quiet, proc_ticks, our_ticks, measure_run, warm_up, rounds: lib.sh)
is_acc() { [[ $1 == acc* ]]; }
# wrk_one NAME CONNECTIONS SECONDS OUT [RATE]: one wrk on NAME's node; with RATE, paced by count.lua, else report.lua.
wrk_one() {
    local name=$1 conns=$2 secs=$3 out=$4 rate=${5:-}
    local args=(-t1 "-c$conns" "-d${secs}s" --latency -H "Host: ${HOST[$name]}")
    if [[ -n $rate ]]; then args+=(-s "$COUNT_LUA" "${URL[$name]}" -- "rate=$rate" threads=1)
    else args+=(-s "$BENCH/report.lua" "${URL[$name]}"); fi
    timeout --foreground $((secs + 30)) taskset -c "$LOADGEN_CPU" wrk "${args[@]}" >"$out" 2>&1
}
# combine FILE...: the STATUS lines count.lua printed in the files as one: counts summed; the duration from the first
# start to the last end (start_s, end_s: one monotonic clock for all; the wrk do not start at the same instant and each
# stops up to 100 ms after its -d), the rates over it; p50/p99 the largest of the runs'. And a BENCH line as
# report.lua's for lib.sh's read_bench: requests are every answer, non2xx the answers neither 200 nor 429. Plus the
# SAMPLE lines. False when a file has no STATUS line.
combine() {
    local f
    for f in "$@"; do grep -q '^STATUS ' "$f" || return 1; done
    grep -h '^SAMPLE ' "$@" || true
    grep -h '^STATUS ' "$@" | awk '
        {
            for (i = 2; i <= NF; i++) {
                split($i, kv, "="); v[kv[1]] += kv[2]
                if (!(kv[1] in m) || kv[2] + 0 > m[kv[1]] + 0) m[kv[1]] = kv[2]
                if (!(kv[1] in least) || kv[2] + 0 < least[kv[1]] + 0) least[kv[1]] = kv[2]
            }
        }
        END {
            d = ("start_s" in least && "end_s" in m) ? (m["end_s"] - least["start_s"]) * 1e6 : v["duration_us"] / NR
            printf "STATUS 200=%d 429=%d other=%d requests=%d duration_us=%d offered_rps=%.1f admitted_rps=%.1f target_rps=%.1f late_pct=%.1f socket_errors=%d p50_us=%.1f p99_us=%.1f wrk=%d\n",
                v["200"], v["429"], v["other"], v["requests"], d, v["requests"] / (d / 1e6), v["200"] / (d / 1e6),
                v["target_rps"], v["late_pct"] / NR, v["socket_errors"], m["p50_us"], m["p99_us"], NR
            printf "BENCH requests=%d duration_us=%d p50_us=%.1f p99_us=%.1f socket_errors=%d non2xx=%d\n",
                v["requests"], d, m["p50_us"], m["p99_us"], v["socket_errors"], v["other"]
        }'
}
# wrk_run TARGET LOAD SECONDS OUT (lib.sh's measure_run and warm_up): throughput targets at LOAD connections back to
# back; accuracy targets paced, one wrk per node sharing ACC_RATE, started together, their results combined.
wrk_run() {
    local target=$1 load=$2 secs=$3 out=$4 nodes n k=0 rc=0 pids=() files=()
    read -r -a nodes <<<"${NODES[$target]}"
    if ! is_acc "$target"; then
        wrk_one "${nodes[0]}" "$load" "$secs" "$out"
        return
    fi
    n=${#nodes[@]}
    for name in "${nodes[@]}"; do
        k=$((k + 1)); files+=("$out.$k")
        wrk_one "$name" "$ACC_CONNECTIONS" "$secs" "$out.$k" \
            "$(awk -v r="$ACC_RATE" -v n="$n" 'BEGIN { printf "%g", r / n }')" &
        pids+=($!)
    done
    for k in "${pids[@]}"; do wait "$k" || rc=1; done
    { cat "${files[@]}"; combine "${files[@]}"; } >"$out" || rc=1
    return $rc
}
# prepare TARGET (before every run, outside the measurement): an accuracy run starts with full buckets. The last run
# emptied them; they refill in burst / rate seconds: wait that, and half a second more (one at least).
REFILL=$(awk -v b="$LIMIT_BURST" -v r="$LIMIT_RATE" 'BEGIN { s = b / r + 0.5; printf "%.1f", s < 1 ? 1 : s }')
prepare() { if is_acc "$1"; then sleep "$REFILL"; fi; }

# target_ticks TARGET: Gatehouse's CPU (all the target's nodes), the backend's, redis-server's, and the commands
# redis-server has processed.
target_ticks() {
    local name pid g=0 t b r=0 c=0
    for name in ${NODES[$1]}; do
        pid="PID_$name"; t=$(cpu_of "${!pid}") || return 1; g=$((g + t))
    done
    b=$(cpu_of "$PID_backend") || return 1
    if [[ -n ${REDIS_PORT_OF[$1]:-} ]]; then
        r=$(cpu_of "${REDIS_PID_OF[$1]}") || return 1
        c=$(redis_commands "${REDIS_PORT_OF[$1]}") || return 1
        [[ -n $c ]] || c=0
    fi
    echo "$g $b $r $c"
}
alive() { # TARGET: its nodes, its redis-server, the backend
    local name pid
    for name in ${NODES[$1]}; do pid="PID_$name"; kill -0 "${!pid}" 2>/dev/null || return 1; done
    [[ -z ${REDIS_PID_OF[$1]:-} ]] || kill -0 "${REDIS_PID_OF[$1]}" 2>/dev/null || return 1
    kill -0 "$PID_backend" 2>/dev/null
}
status_field() { # key line: the value of key=value in line
    sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" $2"
}

RECORDS="$TMP/records.tsv"
: >"$RECORDS"
THROTTLED_BODY='{"message":"Too Many Requests"}'
# measure ROUND SCENARIO TARGET LOAD [ATTEMPT]: one recorded run, one line in records.tsv:
#   scenario target round req/s p50_us p99_us socket_errors non2xx cpu_gatehouse_us/req cpu_backend_us/req
#   cpu_redis_us/req redis_commands/req others_core0% others_core1% n200 n429 duration_us late_pct body429
# (accuracy: req/s is the offered rate, every answer; non2xx the answers neither 200 nor 429; body429 ok, BAD or -)
measure() {
    local round=$1 scenario=$2 target=$3 load=$4 attempt=${5:-0} out="$TMP/wrk-$1-$2-$3.txt"
    local requests duration p50 p99 sockerr non2xx rps cpu_gh cpu_be cpu_rd="-" cmds="-" tag="" line
    local n200="-" n429="-" late="-" body="-" extra=""
    alive "$target" || { log "  ${LABEL[$target]}: skipped, a server is gone"; return 0; }
    measure_run "$target" "$load" "$out" || return 0
    cpu_gh=$(per_req "${TICKS[0]}" "$requests"); cpu_be=$(per_req "${TICKS[1]}" "$requests")
    if [[ -n ${REDIS_PORT_OF[$target]:-} ]]; then
        cpu_rd=$(per_req "${TICKS[2]}" "$requests")
        cmds=$(awk -v c="${TICKS[3]}" -v r="$requests" 'BEGIN { printf "%.2f", c / r }')
    fi
    if is_acc "$target"; then
        line=$(grep '^STATUS ' "$out" | tail -1)
        n200=$(status_field 200 "$line"); n429=$(status_field 429 "$line"); late=$(status_field late_pct "$line")
        if ((n429 > 0)); then
            body=ok
            while IFS= read -r l; do [[ ${l#SAMPLE status=429 body=} == "$THROTTLED_BODY" ]] || body=BAD
            done < <(grep '^SAMPLE status=429 ' "$out" || true)
        fi
        extra=$(awk -v ok="$n200" -v b="$LIMIT_BURST" -v d="$duration" -v lim="$LIMIT_RATE" -v no="$n429" -v late="$late" \
            'BEGIN { a = (ok - b) / (d / 1e6); printf "   200: %d  429: %d  admitted %.0f req/s (%.3f x limit)  late %s%%", ok, no, a, a / lim, late }')
    fi
    warn_once "$target" "$cmds" "$n429" "$body"
    if disturbed "$attempt" "$NOISE0" "$NOISE1"; then tag="   disturbed, measuring again"; fi
    [[ -n $tag ]] || printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$scenario" \
        "$target" "$round" "$rps" "$p50" "$p99" "$sockerr" "$non2xx" "$cpu_gh" "$cpu_be" "$cpu_rd" "$cmds" "$NOISE0" \
        "$NOISE1" "$n200" "$n429" "$duration" "$late" "$body" >>"$RECORDS"
    printf '  %-22s %7s req/s  p50 %7.3f ms  p99 %7.3f ms  Gatehouse %6s µs/req  redis %5s (%s cmd/req)  others %2s%%/%2s%%%s%s\n' \
        "${LABEL[$target]}" "$rps" "$(us_to_ms "$p50")" "$(us_to_ms "$p99")" "$cpu_gh" "$cpu_rd" "$cmds" "$NOISE0" \
        "$NOISE1" "$extra" "$(errors_note "$sockerr" "$non2xx")$tag" >&2
    [[ -z $tag ]] || measure "$round" "$scenario" "$target" "$load" $((attempt + 1))
}
# warn_once TARGET REDIS-CMDS-PER-REQ N429 BODY: what makes a target's figures meaningless, in the report's notes, once
# per target: a Redis target whose requests hardly reached Redis (a node falls back to local buckets when Redis is
# unreachable); an accuracy run under 3x overload without a single 429; a 429 whose body is not AWS's.
declare -A WARNED
warn_once() {
    local target=$1 cmds=$2 n429=$3 body=$4 why=""
    if ((HAS_STORE)) && [[ $cmds != - ]] && awk -v c="$cmds" 'BEGIN { exit !(c < 0.5) }'; then
        why="${LABEL[$target]}: redis-server processed $cmds commands per request: the nodes did not use Redis (see results/throttle-logs)"
    elif is_acc "$target" && [[ $n429 == 0 ]]; then
        why="${LABEL[$target]}: no 429 at all at ~$ACC_RATE req/s against a limit of $LIMIT_RATE: throttling was not in effect"
    elif [[ $body == BAD ]]; then
        why="${LABEL[$target]}: a 429 did not carry $THROTTLED_BODY (SAMPLE lines in results/throttle-logs/wrk-*.txt)"
    fi
    [[ -n $why && -z ${WARNED[$target]:-} ]] || return 0
    WARNED[$target]=1
    NOTES+=("$why")
    log "  *** $why"
}
SCEN_TPUT="c$CONNECTIONS"
targets_at() { # scenario: the throughput targets at cN, the accuracy targets at "acc"
    local t
    for t in "${ACTIVE[@]}"; do
        if [[ $1 == acc ]]; then is_acc "$t" && printf '%s ' "$t"; else is_acc "$t" || printf '%s ' "$t"; fi
    done
    return 0
}
SCENARIOS=""
[[ -z $(targets_at "$SCEN_TPUT") ]] || SCENARIOS+="$SCEN_TPUT "
[[ -z $(targets_at acc) ]] || SCENARIOS+="acc"
SCENARIOS=${SCENARIOS% }

log ""
log "Targets: ${ACTIVE[*]}; wrk on core $LOADGEN_CPU, Gatehouse and the backend on core $SERVER_CPU, redis-server on core $REDIS_CPU"
# Warm-up (lib.sh's warm_up: 3 s slices taken in turn, see "The harness" in docs/benchmarks.md), the throughput
# targets at CONNECTIONS; then the accuracy targets at their paced load, in slices as well (prepare refills them).
[[ -z $(targets_at "$SCEN_TPUT") ]] || warm_up "$CONNECTIONS"
if ((WARMUP > 0)) && [[ -n $(targets_at acc) ]]; then
    SLICE=$((WARMUP < 3 ? WARMUP : 3))
    for ((i = 1; i <= (WARMUP + SLICE - 1) / SLICE; i++)); do
        wait_quiet
        log "Warming up the accuracy targets at ~$ACC_RATE req/s, slice $i/$(((WARMUP + SLICE - 1) / SLICE)) ..."
        for t in $(targets_at acc); do
            prepare "$t"
            wrk_run "$t" acc "$SLICE" "$TMP/wrk-warmup-$t.txt" || log "  warm-up of $t failed: $(tail -2 "$TMP/wrk-warmup-$t.txt")"
        done
    done
fi
# shellcheck disable=SC2086 # SCENARIOS: a list
rounds $SCENARIOS

# --- report --------------------------------------------------------------------------------------------------
summarize() { # fmt
    awk -F'\t' -f "$BENCH/common.awk" -f "$BENCH/throttle/summarize.awk" -v fmt="$1" -v scenarios="$SCENARIOS" \
        -v order="off off2 mem redis acc1 acc2" -v goal_mem="$GOAL_MEM" -v limit="$LIMIT_RATE" -v burst="$LIMIT_BURST" \
        -v tolerance="$ACC_TOLERANCE" \
        -v labels="${LABEL[off]}|${LABEL[off2]}|${LABEL[mem]}|${LABEL[redis]}|${LABEL[acc1]}|${LABEL[acc2]}" "$RECORDS"
}
STAMP=$(date -u '+%Y-%m-%d %H:%M UTC')
MODEL=$(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo | head -1)
RUN="QUICK=$QUICK WARMUP=$WARMUP DURATION=$DURATION ROUNDS=$ROUNDS CONNECTIONS=$CONNECTIONS ACC_RATE=$ACC_RATE ACC_CONNECTIONS=$ACC_CONNECTIONS TARGETS=\"$TARGETS\""
REDIS_VERSION=$(redis-server --version 2>/dev/null | sed -n 's/.* v=\([^ ]*\).*/\1/p' || true)
{
    echo "## Throttling benchmark $STAMP"
    echo
    echo "- commit: $COMMIT${DIRTY:+ (with uncommitted changes in src/)}; Gatehouse: $GATEHOUSE_DLL" \
        "(throttling options: account $( ((HAS_ACCOUNT)) && echo yes || echo NO), --state-store $( ((HAS_STORE)) && echo yes || echo NO))"
    echo "- machine: $CORES cores (nproc), ${MODEL:-unknown CPU}, $(uname -sr)"
    echo "- tools: dotnet $(dotnet --version), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2), redis-server ${REDIS_VERSION:-?}"
    echo "- run: \`$RUN bash bench/throttle.sh\`; wrk -t1 on core $LOADGEN_CPU; Gatehouse and the backend on core" \
        "$SERVER_CPU, redis-server on core $REDIS_CPU; figures are medians over $ROUNDS round(s)"
    echo "- limits: mem and redis: stage defaultRouteSettings and account $HIGH_LIMIT/$HIGH_LIMIT (rate/burst); off:" \
        "none, account limit off; acc1 and acc2: stage $LIMIT_RATE/$LIMIT_BURST, account at Gatehouse's default"
    for note in "${NOTES[@]}"; do echo "- **$note**"; done
    summarize md
    echo
    echo "× off: median requests/s over the throttling-off target's; \"rounds × off\": the ratio within each round."
    echo "Gatehouse µs/req: its utime+stime over the run / the requests completed (acc2: both nodes); redis: the"
    echo "redis-server's, and the commands it processed per request. Accuracy: offered = every answer / the run's"
    echo "duration as wrk measured it; admitted = (200 answers - the burst $LIMIT_BURST) / duration; \"late %\": paced"
    echo "requests the connections could not send on time. \"others max %\": the largest share of either core other"
    echo "processes took during one of the target's runs."
} | save_report throttle-

echo
echo "Gatehouse throttling benchmark, $STAMP, commit $COMMIT, $CORES cores (${MODEL:-unknown CPU})"
echo "wrk on core $LOADGEN_CPU; servers on core $SERVER_CPU (redis-server $REDIS_CPU); warm-up ${WARMUP}s per target, $ROUNDS round(s) of ${DURATION}s"
for note in "${NOTES[@]}"; do echo "*** $note"; done
summarize text
echo
echo "Took $((SECONDS / 60)) min $((SECONDS % 60)) s (of which $QUIET_SPENT s waiting for a quiet machine)"
echo "Markdown: $RESULTS/throttle-last.md (also appended to throttle-history.md); raw runs: $RESULTS/throttle-last.tsv"
exit
}
