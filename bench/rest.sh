#!/usr/bin/env bash
# Gatehouse's REST API benchmark (issue 7): what a REST API's mapping templates cost, as requests/s against an HTTP
# API. One Gatehouse serves every target; wrk on one core, the servers (Gatehouse, the bench backend) on the other.
#   Throughput, at CONNECTIONS connections back to back (requests/s, p50/p99, CPU per request):
#     http    an HTTP API route GET /hello by HTTP_PROXY to the bench backend (bench/Backend answers "hello"): the
#             baseline of the ratios
#     mock    a REST API method GET /hello with a MOCK integration: a request template ({"statusCode": 200} chosen
#             for the request's content type) and a response template that renders "hello", so that both answer the
#             same body; no backend
#     proxy   a REST API method GET /hello by HTTP_PROXY to the same backend (REST's data plane against the HTTP
#             API's on the same work; not in the default TARGETS)
# Gatehouse is configured through its control plane with curl, signed (lib.sh's gh_call): the HTTP API with lib.sh's
# create_hello_api, the REST APIs with CreateRestApi, CreateResource, PutMethod, PutIntegration, PutMethodResponse,
# PutIntegrationResponse and CreateDeployment on stage bench. Every target must answer "hello" before the runs.
#
# Usage: bash bench/rest.sh            (the full run: 15 s warm-up per target, 3 rounds of 10 s)
#        QUICK=1 bash bench/rest.sh    (a check that everything works: 1 round of 3 s; figures are rough)
#        TARGETS="http mock proxy" ROUNDS=5 bash bench/rest.sh
# See docs/benchmarks.md ("REST APIs (issue 7)"). The render time of the guide's templates alone is bench/Templates
# (BenchmarkDotNet).

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
TARGETS=${TARGETS:-http mock}
QUIET_BUDGET=${QUIET_BUDGET:-600} # seconds of waiting for a quiet machine in the whole run, at most
# (LOADGEN_CPU SERVER_CPU GATEHOUSE_DLL QUIET_WAIT QUIET_MAX RETRIES KEEP_TMP: lib.sh)

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=bench/lib.sh
source "$BENCH/lib.sh"   # REPO BUILD RESULTS, log die, cleanup, tools, build, servers, measuring, report
# The MOCK method's templates: the request template every MOCK integration needs (it chooses the status), and a
# response template with a little VTL (a variable, a condition) that renders what the backend answers.
REQUEST_TEMPLATE='{"statusCode": 200}'
RESPONSE_TEMPLATE='#set($greeting = "hello")#if($context.httpMethod == "GET")$greeting#{else}other#end'

require_whole WARMUP DURATION ROUNDS CONNECTIONS LOADGEN_CPU SERVER_CPU QUIET_WAIT QUIET_MAX QUIET_BUDGET RETRIES
((DURATION > 0 && ROUNDS > 0 && CONNECTIONS > 0)) || die "DURATION, ROUNDS and CONNECTIONS must be positive"
for t in $TARGETS; do
    [[ " http mock proxy " == *" $t "* ]] || die "unknown target '$t' (http mock proxy)"
done
# Every target is measured against http: it comes first, always.
others=""
for t in $TARGETS; do [[ $t == http ]] || others+=" $t"; done
TARGETS="http$others"

init_tmp gatehouse-rest-bench rest-logs
cleanup_extra() { cp "$TMP"/wrk-* "$RESULTS/rest-logs/" 2>/dev/null || true; }
need_tools wrk curl taskset jq
check_cores
build_for_run backend

declare -A LABEL URL HOST
LABEL=([http]="HTTP API, HTTP_PROXY" [mock]="REST API, MOCK + templates" [proxy]="REST API, HTTP_PROXY")
ACTIVE=()

free_port BACKEND_PORT
start backend dotnet "$BACKEND_DLL" --urls "http://127.0.0.1:$BACKEND_PORT"
wait_for backend "$PID_backend" "http://127.0.0.1:$BACKEND_PORT/hello" || die "the backend did not start"
GH_TIMEOUT=10
start_node gh "$TMP/data" --account-rate-limit 0 || die "Gatehouse did not start: $WHY"
BASE="http://127.0.0.1:$NODE_PORT"

# rest_hello NAME TYPE: a REST API NAME with GET /hello integrated as TYPE (MOCK or HTTP_PROXY), deployed on stage
# bench; sets API; false with WHY.
rest_hello() {
    local root resource integration
    gh_call POST /restapis "{\"name\":\"$1\"}" || { WHY="CreateRestApi failed: $GH_BODY"; return 1; }
    API=$(jq -r .id <<<"$GH_BODY"); root=$(jq -r .rootResourceId <<<"$GH_BODY")
    gh_call POST "/restapis/$API/resources/$root" '{"pathPart":"hello"}' || { WHY="CreateResource failed"; return 1; }
    resource=$(jq -r .id <<<"$GH_BODY")
    gh_call PUT "/restapis/$API/resources/$resource/methods/GET" '{"authorizationType":"NONE"}' \
        || { WHY="PutMethod failed"; return 1; }
    if [[ $2 == MOCK ]]; then
        integration=$(jq -cn --arg t "$REQUEST_TEMPLATE" '{type: "MOCK", requestTemplates: {"application/json": $t}}')
    else
        integration=$(jq -cn --arg u "http://127.0.0.1:$BACKEND_PORT/hello" '{type: "HTTP_PROXY", httpMethod: "GET", uri: $u}')
    fi
    gh_call PUT "/restapis/$API/resources/$resource/methods/GET/integration" "$integration" \
        || { WHY="PutIntegration failed"; return 1; }
    gh_call PUT "/restapis/$API/resources/$resource/methods/GET/responses/200" '{}' \
        || { WHY="PutMethodResponse failed"; return 1; }
    if [[ $2 == MOCK ]]; then
        gh_call PUT "/restapis/$API/resources/$resource/methods/GET/integration/responses/200" \
            "$(jq -cn --arg t "$RESPONSE_TEMPLATE" '{responseTemplates: {"text/plain": $t}}')" \
            || { WHY="PutIntegrationResponse failed"; return 1; }
    fi
    gh_call POST "/restapis/$API/deployments" '{"stageName":"bench"}' || { WHY="CreateDeployment failed"; return 1; }
}
for t in $TARGETS; do
    case $t in
        http) create_hello_api rest-bench-http || die "the baseline (http) failed: $WHY" ;;
        mock) rest_hello rest-bench-mock MOCK || { NOTES+=("${LABEL[$t]} not measured: $WHY"); continue; } ;;
        proxy) rest_hello rest-bench-proxy HTTP_PROXY || { NOTES+=("${LABEL[$t]} not measured: $WHY"); continue; } ;;
    esac
    URL[$t]="http://127.0.0.1:$NODE_PORT/bench/hello"
    HOST[$t]="$API.execute-api.localhost:$NODE_PORT"
    if ! wait_for gh "$PID_gh" "${URL[$t]}" "${HOST[$t]}" 10; then
        [[ $t != http ]] || die "the baseline (http) does not answer hello"
        NOTES+=("${LABEL[$t]} not measured: GET http://${HOST[$t]}/bench/hello did not answer hello"); continue
    fi
    ACTIVE+=("$t")
    log "  ${LABEL[$t]}: http://${HOST[$t]}/bench/hello"
done

# --- measuring (lib.sh: measure_run, warm_up, rounds) ----------------------------------------------------------
wrk_run() { # TARGET CONNECTIONS SECONDS OUT
    timeout --foreground $(($3 + 30)) taskset -c "$LOADGEN_CPU" wrk -t1 "-c$2" "-d$3s" --latency \
        -H "Host: ${HOST[$1]}" -s "$BENCH/report.lua" "${URL[$1]}" >"$4" 2>&1
}
target_ticks() { # TARGET: Gatehouse's CPU and the backend's
    local g b
    g=$(cpu_of "$PID_gh") || return 1
    b=$(cpu_of "$PID_backend") || return 1
    echo "$g $b"
}
RECORDS="$TMP/records.tsv"
: >"$RECORDS"
# measure ROUND SCENARIO TARGET CONNECTIONS [ATTEMPT]: one recorded run, one line in records.tsv (ratios.awk's fields)
measure() {
    local round=$1 scenario=$2 target=$3 load=$4 attempt=${5:-0} out="$TMP/wrk-$1-$2-$3.txt"
    local requests duration p50 p99 sockerr non2xx rps cpu_gh cpu_be tag=""
    measure_run "$target" "$load" "$out" || return 0
    cpu_gh=$(per_req "${TICKS[0]}" "$requests"); cpu_be=$(per_req "${TICKS[1]}" "$requests")
    if disturbed "$attempt" "$NOISE0" "$NOISE1"; then tag="   disturbed, measuring again"; fi
    [[ -n $tag ]] || printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$scenario" "$target" "$round" "$rps" \
        "$p50" "$p99" "$sockerr" "$non2xx" "$cpu_gh" "$cpu_be" "$NOISE0" "$NOISE1" >>"$RECORDS"
    printf '  %-28s %7s req/s  p50 %7.3f ms  p99 %7.3f ms  Gatehouse %6s µs/req  backend %6s µs/req  others %2s%%/%2s%%%s\n' \
        "${LABEL[$target]}" "$rps" "$(us_to_ms "$p50")" "$(us_to_ms "$p99")" "$cpu_gh" "$cpu_be" "$NOISE0" "$NOISE1" \
        "$(errors_note "$sockerr" "$non2xx")$tag" >&2
    [[ -z $tag ]] || measure "$round" "$scenario" "$target" "$load" $((attempt + 1))
}
SCENARIO="c$CONNECTIONS"
targets_at() { printf '%s ' "${ACTIVE[@]}"; }

log ""
log "Targets: ${ACTIVE[*]}; wrk on core $LOADGEN_CPU, Gatehouse and the backend on core $SERVER_CPU"
warm_up "$CONNECTIONS"
rounds "$SCENARIO"

# --- report --------------------------------------------------------------------------------------------------
summarize() { # fmt
    awk -F'\t' -f "$BENCH/common.awk" -f "$BENCH/ratios.awk" -v fmt="$1" -v scenarios="$SCENARIO" \
        -v order="http mock proxy" -v base=http -v labels="${LABEL[http]}|${LABEL[mock]}|${LABEL[proxy]}" "$RECORDS"
}
STAMP=$(date -u '+%Y-%m-%d %H:%M UTC')
MODEL=$(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo | head -1)
RUN="QUICK=$QUICK WARMUP=$WARMUP DURATION=$DURATION ROUNDS=$ROUNDS CONNECTIONS=$CONNECTIONS TARGETS=\"$TARGETS\""
{
    echo "## REST API benchmark $STAMP"
    echo
    echo "- commit: $COMMIT${DIRTY:+ (with uncommitted changes in src/)}; Gatehouse: $GATEHOUSE_DLL"
    echo "- machine: $CORES cores (nproc), ${MODEL:-unknown CPU}, $(uname -sr)"
    echo "- tools: dotnet $(dotnet --version), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
    echo "- run: \`$RUN bash bench/rest.sh\`; wrk -t1 on core $LOADGEN_CPU; Gatehouse and the backend on core" \
        "$SERVER_CPU; figures are medians over $ROUNDS round(s); --account-rate-limit 0"
    echo "- mock: request template \`$REQUEST_TEMPLATE\`, response template \`$RESPONSE_TEMPLATE\`"
    for note in "${NOTES[@]}"; do echo "- **$note**"; done
    summarize md
    echo
    echo "× http: median requests/s over the HTTP API's; \"rounds × http\": the ratio within each round."
    echo "Gatehouse µs/req: its utime+stime over the run / the requests completed; backend: the bench backend's (mock"
    echo "does not reach it). \"others max %\": the largest share of either core other processes took during a run."
} | save_report rest-

echo
echo "Gatehouse REST API benchmark, $STAMP, commit $COMMIT, $CORES cores (${MODEL:-unknown CPU})"
for note in "${NOTES[@]}"; do echo "*** $note"; done
summarize text
echo
echo "Took $((SECONDS / 60)) min $((SECONDS % 60)) s (of which $QUIET_SPENT s waiting for a quiet machine)"
echo "Markdown: $RESULTS/rest-last.md (also appended to rest-history.md); raw runs: $RESULTS/rest-last.tsv"
exit
}
