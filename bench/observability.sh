#!/usr/bin/env bash
# Gatehouse's observability benchmark (issue 6): what access logs, CloudWatch metrics, tracing headers and OTLP export
# cost. Every target is an HTTP API with one route, GET /hello, going by HTTP_PROXY to the bench backend
# (bench/Backend, "hello"), on a Gatehouse of its own (--account-rate-limit 0 on all); wrk on one core, every server
# (the Gatehouses, the backend) on the other.
#   Throughput, at CONNECTIONS connections back to back (requests/s, p50/p99, CPU per request):
#     off     no access log on the stage, --cloudwatch-metrics off, no OTLP (the baseline of the ratios)
#     off2    the same as off in a second process: an A/A control, how far two identical Gatehouses differ on this
#             machine (not in the default TARGETS)
#     log     the access log alone (as on, with --cloudwatch-metrics off); metrics: CloudWatch metrics alone (no access
#             log): the two parts of on, measured apart (not in the default TARGETS)
#     on      the stage's access log on (a JSON format of 12 $context variables, to the log group /bench/access),
#             CloudWatch metrics on (Gatehouse's default); tracing headers are always on (goal: >= 0.95 x off)
#     on2     the same as on in a second process (not in the default TARGETS): with off2, the report adds a line
#             that pools two processes a side (on + on2 against off + off2), since one process's own state moves
#             its throughput by as much as the goal's margin (the A/A control shows it)
#     otlp    on, plus --otlp-endpoint http://127.0.0.1:{backend} --otlp-protocol http/protobuf: the spans of every
#             request (--trace-sample-ratio 1) and the metrics exported to the backend, which answers any POST
#             (informational, no goal)
# Gatehouse is configured through its control plane with curl, signed (lib.sh's gh_call), as throttle.sh does:
# CreateApi, CreateIntegration, CreateRoute, CreateStage, CreateDeployment (lib.sh's create_hello_api), then for on and
# otlp PATCH /v2/apis/{id}/stages/bench with accessLogSettings, read back with GET. After the rounds the script reads
# /bench/access back (FilterLogEvents, a signed awsJson call) from every target that logs: a line must be there and
# carry the format's fields, and the lines of the target's last run are counted against its requests; a Gatehouse
# without the CloudWatch Logs API is reported "access log lines not verified".
#
# Usage: bash bench/observability.sh            (the full run: 15 s warm-up per target, 3 rounds of 10 s)
#        QUICK=1 bash bench/observability.sh    (a check that everything works: 1 round of 3 s; figures are rough)
#        TARGETS="off off2 on" ROUNDS=5 bash bench/observability.sh
#        TARGETS="off off2 on on2" ROUNDS=5 bash bench/observability.sh   (two processes a side, pooled)
# A Gatehouse without --cloudwatch-metrics is run without it (off then has whatever metrics it has by default), one
# without --otlp-endpoint skips otlp; the report says so. Exits 1 when a target's access log is verifiably empty.
# See docs/benchmarks.md ("Observability (issue 6)").

{ # One brace group: bash reads the whole script before running it, so editing it during a run cannot derail that run.
set -euo pipefail

QUICK=${QUICK:-0}
if [[ $QUICK == 1 ]]; then
    : "${WARMUP:=3}" "${DURATION:=3}" "${ROUNDS:=1}" "${QUIET_WAIT:=0}" "${RETRIES:=0}"
fi
WARMUP=${WARMUP:-15}              # seconds of unrecorded load per target, in 3 s slices taken in turn
DURATION=${DURATION:-10}          # seconds per measured run
ROUNDS=${ROUNDS:-3}               # rounds; each runs every target once, in a rotated order
CONNECTIONS=${CONNECTIONS:-64}    # connections (wrk -t1)
TARGETS=${TARGETS:-off on otlp}
QUIET_BUDGET=${QUIET_BUDGET:-600} # seconds of waiting for a quiet machine in the whole run, at most
# (LOADGEN_CPU SERVER_CPU GATEHOUSE_DLL QUIET_WAIT QUIET_MAX RETRIES KEEP_TMP: lib.sh)

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=bench/lib.sh
source "$BENCH/lib.sh"   # REPO BUILD RESULTS, log die, cleanup, tools, build, servers, measuring, report
GOAL_ON=95                        # issue 6: requests/s with everything on >= 95 % of everything off
LOG_GROUP=/bench/access
ACCESS_ARN="arn:aws:logs:us-east-1:000000000000:log-group:$LOG_GROUP"
# The access log format: AWS's JSON example for HTTP APIs (http-api-logging), 12 $context variables.
ACCESS_FORMAT='{"requestId":"$context.requestId","ip":"$context.identity.sourceIp",'
ACCESS_FORMAT+='"requestTime":"$context.requestTime","httpMethod":"$context.httpMethod",'
ACCESS_FORMAT+='"routeKey":"$context.routeKey","status":"$context.status","protocol":"$context.protocol",'
ACCESS_FORMAT+='"responseLength":"$context.responseLength","integrationLatency":"$context.integrationLatency",'
ACCESS_FORMAT+='"responseLatency":"$context.responseLatency","path":"$context.path","stage":"$context.stage"}'

require_whole WARMUP DURATION ROUNDS CONNECTIONS LOADGEN_CPU SERVER_CPU QUIET_WAIT QUIET_MAX QUIET_BUDGET RETRIES
((DURATION > 0 && ROUNDS > 0 && CONNECTIONS > 0)) || die "DURATION, ROUNDS and CONNECTIONS must be positive"
for t in $TARGETS; do
    [[ " off off2 log metrics on on2 otlp " == *" $t "* ]] || die "unknown target '$t' (off off2 log metrics on on2 otlp)"
done
# Every target is measured against off: it comes first, always.
others=""
for t in $TARGETS; do [[ $t == off ]] || others+=" $t"; done
TARGETS="off$others"

# "No OTLP" means none: Gatehouse also reads its collector from the environment.
unset OTEL_EXPORTER_OTLP_ENDPOINT OTEL_EXPORTER_OTLP_PROTOCOL

# --- cleanup: stop everything this script started (lib.sh) ---------------------------------------------------
init_tmp gatehouse-observability-bench observability-logs
# wrk's outputs and what FilterLogEvents answered, too
cleanup_extra() { cp "$TMP"/wrk-* "$TMP"/access-log-* "$RESULTS/observability-logs/" 2>/dev/null || true; }

# --- tools ---------------------------------------------------------------------------------------------------
need_tools wrk curl taskset jq
check_cores

# --- build: into bench/.build (lib.sh) ------------------------------------------------------------------------
build_for_run backend

# Which options this Gatehouse has (issue 6 adds them): those it lacks are left out, and said.
serve_help   # HELP, has_option (lib.sh)
HAS_ACCOUNT=0; HAS_METRICS=0; HAS_OTLP=0; HAS_SAMPLE=0
if has_option --account-rate-limit; then HAS_ACCOUNT=1; fi
if has_option --cloudwatch-metrics; then HAS_METRICS=1; fi
if has_option --otlp-endpoint && has_option --otlp-protocol; then HAS_OTLP=1; fi
if has_option --trace-sample-ratio; then HAS_SAMPLE=1; fi
((HAS_METRICS)) || NOTES+=("this Gatehouse has no --cloudwatch-metrics: every target ran with its default (the \
AWS/ApiGateway metrics are probably not built in: off and on differ by the access log only)")
((HAS_ACCOUNT)) || NOTES+=("this Gatehouse has no --account-rate-limit: run without it")

# --- servers (free_port, start, start_node, wait_for, gh_call, create_hello_api: lib.sh) ------------------------
declare -A LABEL URL HOST PID_OF LOGS_TO
LABEL=([off]="all off" [off2]="off, 2nd process (A/A)" [log]="access log only" [metrics]="metrics only"
    [on]="access log + metrics on" [on2]="on, 2nd process" [otlp]="on + OTLP export")
ACTIVE=()

free_port BACKEND_PORT
start backend dotnet "$BACKEND_DLL" --urls "http://127.0.0.1:$BACKEND_PORT"
wait_for backend "$PID_backend" "http://127.0.0.1:$BACKEND_PORT/hello" || die "the backend did not start"

GH_TIMEOUT=10   # seconds per control-plane call (gh_call, gh_json_call)
# serve_args TARGET: Gatehouse's options for the target, those this Gatehouse has.
serve_args() {
    ((HAS_ACCOUNT)) && printf '%s\n' --account-rate-limit 0
    case $1 in
        off | off2 | log) ((HAS_METRICS)) && printf '%s\n' --cloudwatch-metrics off ;;
        otlp)
            printf '%s\n' --otlp-endpoint "http://127.0.0.1:$BACKEND_PORT" --otlp-protocol http/protobuf
            ((HAS_SAMPLE)) && printf '%s\n' --trace-sample-ratio 1
            ;;
    esac
    return 0
}
# access_log_on: the stage's access log, as a user turns it on (UpdateStage), read back with GetStage.
access_log_on() {
    local settings got
    settings=$(jq -cn --arg arn "$ACCESS_ARN" --arg format "$ACCESS_FORMAT" \
        '{accessLogSettings: {destinationArn: $arn, format: $format}}')
    gh_call PATCH "/v2/apis/$API/stages/bench" "$settings" \
        || { WHY="UpdateStage (accessLogSettings) failed: $GH_STATUS $GH_BODY"; return 1; }
    gh_call GET "/v2/apis/$API/stages/bench" || { WHY="GetStage failed"; return 1; }
    got=$(jq -cS .accessLogSettings <<<"$GH_BODY" 2>/dev/null || true)
    [[ $got == "$(jq -cS .accessLogSettings <<<"$settings")" ]] \
        || { WHY="GetStage does not show the access log settings sent: $GH_BODY"; return 1; }
}
skip() { # target why
    NOTES+=("${LABEL[$1]} not measured: $2")
    log ""; log "*** Skipping ${LABEL[$1]}: $2"; log ""
}
# one_target TARGET: its Gatehouse, the API, the access log for on and otlp; until it answers hello. False with WHY.
one_target() {
    local target=$1 args pid
    mapfile -t args < <(serve_args "$target")
    start_node "gh_$target" "$TMP/data-$target" "${args[@]}" || return 1
    BASE="http://127.0.0.1:$NODE_PORT"
    pid="PID_gh_$target"; PID_OF[$target]=${!pid}
    create_hello_api observability-bench || return 1
    if [[ $target == on || $target == on2 || $target == otlp || $target == log ]]; then
        access_log_on || return 1
        LOGS_TO[$target]=$BASE
    fi
    URL[$target]="http://127.0.0.1:$NODE_PORT/bench/hello"
    HOST[$target]="$API.execute-api.localhost:$NODE_PORT"
    wait_for "gh_$target" "${PID_OF[$target]}" "${URL[$target]}" "${HOST[$target]}" 10 \
        || { WHY="GET http://${HOST[$target]}/bench/hello did not answer hello"; return 1; }
}
for t in $TARGETS; do
    if [[ $t == otlp ]] && ((!HAS_OTLP)); then
        skip otlp "this Gatehouse has no --otlp-endpoint/--otlp-protocol"; continue
    fi
    if ! one_target "$t"; then
        [[ $t != off ]] || die "the baseline (off) failed: $WHY"
        skip "$t" "$WHY"; continue
    fi
    ACTIVE+=("$t")
    log "  ${LABEL[$t]}: http://${HOST[$t]}/bench/hello${LOGS_TO[$t]:+ (access log to $LOG_GROUP)}"
done
((${#ACTIVE[@]})) || die "no target to measure (TARGETS=$TARGETS)"

# --- measuring -----------------------------------------------------------------------------------------------
# (core_ticks, children_ticks, noise, wait_quiet, cpu_of, our_ticks, measure_run, warm_up, rounds: lib.sh)
# wrk_run TARGET CONNECTIONS SECONDS OUT (lib.sh's measure_run and warm_up): back to back, report.lua's BENCH line;
# WRK_START and WRK_END: when it ran, in milliseconds since the epoch (the access log's clock).
wrk_run() {
    WRK_START=$(date +%s%3N)
    timeout --foreground $(($3 + 30)) taskset -c "$LOADGEN_CPU" wrk -t1 "-c$2" "-d$3s" --latency \
        -H "Host: ${HOST[$1]}" -s "$BENCH/report.lua" "${URL[$1]}" >"$4" 2>&1
    local rc=$?
    WRK_END=$(date +%s%3N)
    return $rc
}
# target_ticks TARGET: the target's Gatehouse's CPU and the backend's (which the OTLP exports reach too).
target_ticks() {
    local g b
    g=$(cpu_of "${PID_OF[$1]}") || return 1
    b=$(cpu_of "$PID_backend") || return 1
    echo "$g $b"
}
alive() { kill -0 "${PID_OF[$1]}" 2>/dev/null && kill -0 "$PID_backend" 2>/dev/null; }

RECORDS="$TMP/records.tsv"
: >"$RECORDS"
declare -A RUN_START RUN_END RUN_REQUESTS   # the last recorded run of each target: when, and the requests wrk counted
# measure ROUND SCENARIO TARGET CONNECTIONS [ATTEMPT]: one recorded run, one line in records.tsv:
#   scenario target round req/s p50_us p99_us socket_errors non2xx cpu_gatehouse_us/req cpu_backend_us/req
#   others_core0% others_core1%
measure() {
    local round=$1 scenario=$2 target=$3 load=$4 attempt=${5:-0} out="$TMP/wrk-$1-$2-$3.txt"
    local requests duration p50 p99 sockerr non2xx rps cpu_gh cpu_be tag=""
    alive "$target" || { log "  ${LABEL[$target]}: skipped, a server is gone"; return 0; }
    measure_run "$target" "$load" "$out" || return 0
    cpu_gh=$(per_req "${TICKS[0]}" "$requests"); cpu_be=$(per_req "${TICKS[1]}" "$requests")
    RUN_START[$target]=$WRK_START; RUN_END[$target]=$WRK_END; RUN_REQUESTS[$target]=$requests
    if disturbed "$attempt" "$NOISE0" "$NOISE1"; then tag="   disturbed, measuring again"; fi
    [[ -n $tag ]] || printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$scenario" "$target" "$round" "$rps" \
        "$p50" "$p99" "$sockerr" "$non2xx" "$cpu_gh" "$cpu_be" "$NOISE0" "$NOISE1" >>"$RECORDS"
    printf '  %-24s %7s req/s  p50 %7.3f ms  p99 %7.3f ms  Gatehouse %6s µs/req  backend %6s µs/req  others %2s%%/%2s%%%s\n' \
        "${LABEL[$target]}" "$rps" "$(us_to_ms "$p50")" "$(us_to_ms "$p99")" "$cpu_gh" "$cpu_be" "$NOISE0" "$NOISE1" \
        "$(errors_note "$sockerr" "$non2xx")$tag" >&2
    [[ -z $tag ]] || measure "$round" "$scenario" "$target" "$load" $((attempt + 1))
}
SCENARIO="c$CONNECTIONS"
targets_at() { printf '%s ' "${ACTIVE[@]}"; }   # one scenario: every target

log ""
log "Targets: ${ACTIVE[*]}; wrk on core $LOADGEN_CPU, the Gatehouses and the backend on core $SERVER_CPU"
warm_up "$CONNECTIONS"
rounds "$SCENARIO"

# --- the access log: did it get lines? -------------------------------------------------------------------------
# check_access_log TARGET: FilterLogEvents on its Gatehouse for one line of /bench/access (the writer works in the
# background: a few tries); ACCESS_CHECK[TARGET] says what was found, and a line that lacks the format's fields or no
# line at all (no events, or ResourceNotFoundException: no such log group) is a failure (EMPTY_LOG=1). A Gatehouse
# that answers FilterLogEvents with another error has no CloudWatch Logs API yet: "not verified". Then count_lines.
declare -A ACCESS_CHECK
EMPTY_LOG=0
check_access_log() {
    local target=$1 i n=0 message fields type answer="$TMP/access-log-$1.json"
    BASE=${LOGS_TO[$target]}
    for ((i = 0; i < 10; i++)); do
        if ! gh_json_call logs Logs_20140328.FilterLogEvents "{\"logGroupName\":\"$LOG_GROUP\",\"limit\":1}"; then
            printf '%s\n' "$GH_BODY" >"$answer"
            # The logs API's own "no such group" is an answer: nothing was written. Any other error: no logs API.
            type=$(jq -r '.__type // empty' <<<"$GH_BODY" 2>/dev/null || true)
            [[ $type != *ResourceNotFoundException ]] || { sleep 0.5; continue; }
            ACCESS_CHECK[$target]="access log lines not verified: FilterLogEvents answered $GH_STATUS \
$(head -c 200 <<<"$GH_BODY")"
            return 0
        fi
        printf '%s\n' "$GH_BODY" >"$answer"
        n=$(jq '.events | length' <<<"$GH_BODY" 2>/dev/null || echo 0)
        ((n == 0)) || break
        sleep 0.5
    done
    if ((n == 0)); then
        ACCESS_CHECK[$target]="NO ACCESS LOG LINE in $LOG_GROUP after every run (FilterLogEvents: \
$(head -c 200 <<<"$GH_BODY"))"
        EMPTY_LOG=1
        return 0
    fi
    message=$(jq -r '.events[0].message' <<<"$GH_BODY")
    fields=$(jq -r 'if .routeKey == "GET /hello" and .status == "200" and (.path | endswith("/hello")) and .stage == "bench"
        and (.requestId | length > 0) and (.integrationLatency | test("^[0-9]+$")) then keys | length else 0 end' \
        <<<"$message" 2>/dev/null || echo 0)
    if ((fields != 12)); then
        ACCESS_CHECK[$target]="ACCESS LOG LINE WRONG: $(head -c 300 <<<"$message")"
        EMPTY_LOG=1
        return 0
    fi
    ACCESS_CHECK[$target]="access log verified: a line in $LOG_GROUP (FilterLogEvents), e.g. $message"
    count_lines "$target"
}
# count_lines TARGET: the lines its last recorded run wrote (FilterLogEvents from the run's start to 2 s after its end,
# 10,000 a page, COUNT_PAGES pages at most; nothing else reaches that Gatehouse meanwhile) against the requests wrk
# counted there, appended to ACCESS_CHECK[TARGET]; fewer lines than requests: a note (the writer drops under overload,
# and then the figures measure dropping, not logging).
COUNT_PAGES=200
count_lines() {
    local target=$1 body token="" pages=0 lines=0 n requests=${RUN_REQUESTS[$1]:-} more=""
    [[ -n $requests ]] || return 0
    while :; do
        body=$(jq -cn --arg g "$LOG_GROUP" --argjson s "${RUN_START[$target]}" --argjson e "$((RUN_END[$target] + 2000))" \
            --arg t "$token" '{logGroupName: $g, startTime: $s, endTime: $e, limit: 10000}
                + (if $t == "" then {} else {nextToken: $t} end)')
        if ! GH_TIMEOUT=60 gh_json_call logs Logs_20140328.FilterLogEvents "$body"; then
            ACCESS_CHECK[$target]+="; lines not counted: FilterLogEvents answered $GH_STATUS $(head -c 200 <<<"$GH_BODY")"
            return 0
        fi
        read -r n token < <(jq -r '"\(.events | length) \(.nextToken // "")"' "$TMP/gh-response.json")
        lines=$((lines + n)); pages=$((pages + 1))
        [[ -n $token ]] || break
        ((pages < COUNT_PAGES)) || { more="at least "; break; }
    done
    ACCESS_CHECK[$target]+="; the last run wrote $more$lines lines for the $requests requests wrk counted"
    ((lines < requests)) || return 0
    NOTES+=("${LABEL[$target]}: the access log has $lines lines for $requests requests: the writer dropped lines, and \
the figures measure dropping them, not logging")
}
for t in "${ACTIVE[@]}"; do
    [[ -n ${LOGS_TO[$t]:-} ]] || continue
    check_access_log "$t"
    log "  ${LABEL[$t]}: ${ACCESS_CHECK[$t]}"
done

# --- report --------------------------------------------------------------------------------------------------
summarize() { # fmt
    awk -F'\t' -f "$BENCH/common.awk" -f "$BENCH/ratios.awk" -v fmt="$1" -v scenarios="$SCENARIO" \
        -v order="off off2 log metrics on on2 otlp" -v base=off -v goal_target=on -v goal="$GOAL_ON" \
        -v pool_base=off2 -v pool_target=on2 \
        -v labels="${LABEL[off]}|${LABEL[off2]}|${LABEL[log]}|${LABEL[metrics]}|${LABEL[on]}|${LABEL[on2]}|${LABEL[otlp]}" "$RECORDS"
}
STAMP=$(date -u '+%Y-%m-%d %H:%M UTC')
MODEL=$(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo | head -1)
RUN="QUICK=$QUICK WARMUP=$WARMUP DURATION=$DURATION ROUNDS=$ROUNDS CONNECTIONS=$CONNECTIONS TARGETS=\"$TARGETS\""
yes_no() { (($1)) && echo yes || echo NO; }
{
    echo "## Observability benchmark $STAMP"
    echo
    echo "- commit: $COMMIT${DIRTY:+ (with uncommitted changes in src/)}; Gatehouse: $GATEHOUSE_DLL (options:" \
        "--cloudwatch-metrics $(yes_no "$HAS_METRICS"), --otlp-endpoint $(yes_no "$HAS_OTLP")," \
        "--trace-sample-ratio $(yes_no "$HAS_SAMPLE"))"
    echo "- machine: $CORES cores (nproc), ${MODEL:-unknown CPU}, $(uname -sr)"
    echo "- tools: dotnet $(dotnet --version), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
    echo "- run: \`$RUN bash bench/observability.sh\`; wrk -t1 on core $LOADGEN_CPU; the Gatehouses and the backend" \
        "on core $SERVER_CPU; figures are medians over $ROUNDS round(s)"
    echo "- targets: off: no access log, --cloudwatch-metrics off, no OTLP; on: the stage's access log to" \
        "$LOG_GROUP (12 variables), CloudWatch metrics at the default; otlp: on + --otlp-endpoint (the backend)" \
        "--otlp-protocol http/protobuf; all: --account-rate-limit 0"
    for t in "${ACTIVE[@]}"; do
        [[ -z ${ACCESS_CHECK[$t]:-} ]] || echo "- ${LABEL[$t]}: ${ACCESS_CHECK[$t]}"
    done
    for note in "${NOTES[@]}"; do echo "- **$note**"; done
    summarize md
    echo
    echo "× off: median requests/s over the all-off target's; \"rounds × off\": the ratio within each round."
    echo "Gatehouse µs/req: its utime+stime over the run / the requests completed; backend: the bench backend's (it"
    echo "also receives otlp's exports). \"others max %\": the largest share of either core other processes took"
    echo "during one of the target's runs."
} | save_report observability-

echo
echo "Gatehouse observability benchmark, $STAMP, commit $COMMIT, $CORES cores (${MODEL:-unknown CPU})"
echo "wrk on core $LOADGEN_CPU; servers on core $SERVER_CPU; warm-up ${WARMUP}s per target, $ROUNDS round(s) of ${DURATION}s"
for t in "${ACTIVE[@]}"; do
    [[ -z ${ACCESS_CHECK[$t]:-} ]] || echo "${LABEL[$t]}: ${ACCESS_CHECK[$t]}"
done
for note in "${NOTES[@]}"; do echo "*** $note"; done
summarize text
echo
echo "Took $((SECONDS / 60)) min $((SECONDS % 60)) s (of which $QUIET_SPENT s waiting for a quiet machine)"
echo "Markdown: $RESULTS/observability-last.md (also appended to observability-history.md);" \
    "raw runs: $RESULTS/observability-last.tsv"
if ((EMPTY_LOG)); then
    echo "*** An access log had no line, or a wrong one: the 'on' figures do not measure logging"
    exit 1
fi
exit
}
