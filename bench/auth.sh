#!/usr/bin/env bash
# Gatehouse's authorization benchmark (issue 4). One Gatehouse, one HTTP API, stage "bench", four routes that all go
# by HTTP_PROXY to the bench backend (bench/Backend, "hello"), each guarded differently:
#   open     GET /open     no authorization: the baseline;
#   iam      GET /iam      AWS_IAM: requests SigV4-signed for execute-api by an IAM user made through Gatehouse's IAM
#                          API (create-user, create-access-key, put-user-policy allowing execute-api:Invoke on the API);
#                          wrk cannot sign, so before every wrk run curl --aws-sigv4 signs the same request and wrk
#                          repeats it with exactly the headers curl signed (valid 5 minutes);
#   jwt      GET /jwt      a JWT authorizer whose issuer is bench/auth/issuer.mjs (a local OIDC issuer, RS256, jose);
#                          Authorization: Bearer <its token>;
#   lambda   GET /lambda   a Lambda (REQUEST) authorizer, bench/auth/authorizer.js on nodejs20.x, payload 2.0, simple
#                          responses, results cached 300 s: under load it is answered from the cache.
# Everything is configured with the real AWS CLI (/usr/bin/aws --endpoint-url), as a user would. wrk runs pinned to
# one core, the servers (and the authorizer's worker, Gatehouse's child) to the other; rounds in rotating order. It
# reports requests/s, p50/p99 and each route's requests/s as a ratio of /open's (goals: AWS_IAM and JWT >= 0.85,
# the cached Lambda authorizer >= 0.80), and Gatehouse's CPU per request for each route.
#
# Usage: bash bench/auth.sh               (the full run: about 12 minutes on a quiet machine)
#        QUICK=1 bash bench/auth.sh       (a one-minute check that everything works; figures are rough)
#        TARGETS="open lambda" bash bench/auth.sh     (some routes only; open is always measured, as the baseline)
# See docs/benchmarks.md ("Authorization (issue 4)") for every setting and the recorded results.

{ # One brace group: bash reads the whole script before running it, so editing it during a run cannot derail that run.
set -euo pipefail

QUICK=${QUICK:-0}
if [[ $QUICK == 1 ]]; then
    : "${WARMUP:=3}" "${DURATION:=3}" "${ROUNDS:=1}" "${LOADS:=16 1}" "${QUIET_WAIT:=0}" "${RETRIES:=0}"
fi
WARMUP=${WARMUP:-15}              # seconds of unrecorded load per target, spread over the loads in 3 s slices
DURATION=${DURATION:-10}          # seconds per measured run
ROUNDS=${ROUNDS:-3}               # rounds; each runs every target at every load, in a rotating order
LOADS=${LOADS:-64 16 1}           # connection counts (wrk -c)
WRK_THREADS=${WRK_THREADS:-1}     # wrk threads (never more than connections); wrk runs on one core anyway
TARGETS=${TARGETS:-open iam jwt lambda}
OPEN_AS=${OPEN_AS:-}              # iam: /open is sent /iam's signed headers too (the request the same size; only the
                                  # authorization differs), so the ratios isolate the authorizer's work
QUIET_BUDGET=${QUIET_BUDGET:-600} # seconds of such waiting in the whole run, at most (the run must end)
# (LOADGEN_CPU SERVER_CPU GATEHOUSE_DLL QUIET_MAX RETRIES KEEP_TMP, and the others' defaults: lib.sh)

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=bench/lib.sh
source "$BENCH/lib.sh"   # REPO BUILD RESULTS, log die, cleanup, tools, build, servers, signing, measuring, report
AWS=/usr/bin/aws                  # the AWS CLI v2 (Debian's awscli), as the integration tests use it
GOALS="iam=85 jwt=85 lambda=80"   # issue 4: requests/s at least this % of the same route without authorization
LAMBDA_TTL=300                    # seconds the Lambda authorizer's answers are cached

require_whole WARMUP DURATION ROUNDS WRK_THREADS LOADGEN_CPU SERVER_CPU QUIET_WAIT QUIET_MAX QUIET_BUDGET RETRIES
for c in $LOADS; do [[ $c =~ ^[1-9][0-9]*$ ]] || die "LOADS takes connection counts, not '$c'"; done
[[ -n ${LOADS// /} ]] || die "LOADS must name at least one connection count"
((DURATION > 0 && ROUNDS > 0 && WRK_THREADS > 0)) || die "DURATION, ROUNDS and WRK_THREADS must be positive"
[[ -z $OPEN_AS || $OPEN_AS == iam ]] || die "OPEN_AS takes iam or nothing, not '$OPEN_AS'"
for t in $TARGETS; do [[ " open iam jwt lambda " == *" $t "* ]] || die "unknown target '$t' (open iam jwt lambda)"; done
# shellcheck disable=SC2086 # TARGETS: a list, spaces folded
TARGETS=$(echo open ${TARGETS//open/})   # the baseline of every ratio, first

# --- cleanup: stop everything this script started (lib.sh) ---------------------------------------------------
init_tmp gatehouse-auth-bench auth-logs

# --- tools ---------------------------------------------------------------------------------------------------
need_tools wrk curl taskset sqlite3
command -v node >/dev/null || die "Node.js (node) is needed: the issuer and the Lambda authorizer run on it"
command -v python3 >/dev/null || die "python3 is needed (the authorizer's zip)"
[[ -x $AWS ]] || die "the AWS CLI v2 is needed at $AWS (apt-get install awscli)"
check_cores
if want jwt && [[ ! -f $BENCH/auth/node_modules/jose/package.json ]]; then
    log "Installing the issuer's packages (npm ci in bench/auth) ..."
    (cd "$BENCH/auth" && timeout 300 npm ci --no-audit --no-fund >"$TMP/npm.log" 2>&1) \
        || { tail -5 "$TMP/npm.log" >&2; die "npm ci in bench/auth failed"; }
fi

# --- build: into bench/.build (lib.sh) ------------------------------------------------------------------------------
build_for_run backend

# --- servers (free_port, start, start_gatehouse, wait_for, sign_request: lib.sh) ---------------------------------
declare -A URL LABEL WRK_H
LABEL=([open]="GET /open (none)" [iam]="GET /iam (AWS_IAM, SigV4)" [jwt]="GET /jwt (JWT)"
    [lambda]="GET /lambda (Lambda, cached)")
ACTIVE=()

free_port BACKEND_PORT
start backend dotnet "$BACKEND_DLL" --urls "http://127.0.0.1:$BACKEND_PORT"
wait_for backend "$PID_backend" "http://127.0.0.1:$BACKEND_PORT/hello" || die "the backend did not start"

DATA="$TMP/gatehouse/.gatehouse"
mkdir -p "$DATA"
START_DIR="$TMP/gatehouse" start_gatehouse "$DATA" --control-plane-rate-limit 0 --account-rate-limit 0 || die "Gatehouse $WHY"

# cli ARGS...: the AWS CLI against Gatehouse, signing with the development key, in text output (ask with --query);
# CLI_OUT gets what it printed. Config files that do not exist keep the user's own ~/.aws out of it. The output is
# not logged: create-access-key prints a secret. False (said, with the CLI's error) when it fails.
mkdir -p "$TMP/no-aws"
cli() {
    if env -u AWS_PROFILE -u AWS_SESSION_TOKEN AWS_ACCESS_KEY_ID="${DEV_KEY%%:*}" AWS_SECRET_ACCESS_KEY="${DEV_KEY#*:}" \
        AWS_DEFAULT_REGION=us-east-1 AWS_PAGER="" AWS_CONFIG_FILE="$TMP/no-aws/config" \
        AWS_SHARED_CREDENTIALS_FILE="$TMP/no-aws/credentials" AWS_EC2_METADATA_DISABLED=true \
        timeout 120 taskset -c "$LOADGEN_CPU" "$AWS" "$@" --endpoint-url "$BASE" --output text \
        >"$TMP/cli.out" 2>"$TMP/cli.err"; then
        CLI_OUT=$(cat "$TMP/cli.out")
        return 0
    fi
    WHY="aws $1 $2 failed: $(grep -v '^$' "$TMP/cli.err" | tail -2 | tr '\n' ' ')"
    log "  $WHY"
    return 1
}

log "Configuring Gatehouse with the AWS CLI ..."
cli apigatewayv2 create-api --name auth-bench --protocol-type HTTP --query ApiId || die "$WHY"
API=$CLI_OUT
cli apigatewayv2 create-integration --api-id "$API" --integration-type HTTP_PROXY --integration-method ANY \
    --integration-uri "http://127.0.0.1:$BACKEND_PORT/hello" --payload-format-version 1.0 --query IntegrationId \
    || die "$WHY"
INTEGRATION=$CLI_OUT
HOST="$API.execute-api.localhost:$GATEHOUSE_PORT"
route() { # name [create-route arguments...]: GET /name to the backend
    local name=$1; shift
    cli apigatewayv2 create-route --api-id "$API" --route-key "GET /$name" --target "integrations/$INTEGRATION" "$@" \
        --query RouteId || return 1
    URL[$name]="$BASE/bench/$name"
}
SKIPPED=()
skip() { # target why
    SKIPPED+=("$1")
    NOTES+=("${LABEL[$1]} not measured: $2")
    log ""; log "*** Skipping ${LABEL[$1]}: $2"; log ""
}

route open || die "$WHY"

# AWS_IAM: an IAM user of Gatehouse's IAM API, allowed to invoke this API; its key signs the requests.
setup_iam() {
    local policy
    policy="{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"execute-api:Invoke\","
    policy+="\"Resource\":\"arn:aws:execute-api:us-east-1:000000000000:$API/*\"}]}"
    cli iam create-user --user-name bench --query User.UserName || return 1
    cli iam create-access-key --user-name bench --query 'AccessKey.[AccessKeyId,SecretAccessKey]' || return 1
    read -r IAM_KEY_ID IAM_SECRET <<<"$CLI_OUT"
    [[ -n $IAM_KEY_ID && -n $IAM_SECRET ]] || { WHY="create-access-key returned no key"; return 1; }
    IAM_KEY="$IAM_KEY_ID:$IAM_SECRET"
    cli iam put-user-policy --user-name bench --policy-name invoke-auth-bench --policy-document "$policy" || return 1
    route iam --authorization-type AWS_IAM
}
# JWT: the local issuer (RS256 key pair made at its start; discovery document and JWKS on loopback; its token in a
# file, not in its log).
setup_jwt() {
    local i
    free_port ISSUER_PORT
    start issuer node "$BENCH/auth/issuer.mjs" "$ISSUER_PORT" "$TMP/jwt-token"
    for ((i = 0; i < 50; i++)); do
        grep -q 'issuer listening' "$TMP/issuer.log" 2>/dev/null && break
        kill -0 "$PID_issuer" 2>/dev/null || { WHY="the issuer exited: $(tail -3 "$TMP/issuer.log")"; return 1; }
        sleep 0.2
    done
    [[ -s $TMP/jwt-token ]] || { WHY="the issuer made no token within 10 s"; return 1; }
    JWT_TOKEN=$(cat "$TMP/jwt-token")
    cli apigatewayv2 create-authorizer --api-id "$API" --name jwt --authorizer-type JWT \
        --identity-source '$request.header.Authorization' \
        --jwt-configuration "Audience=bench,Issuer=http://127.0.0.1:$ISSUER_PORT" --query AuthorizerId || return 1
    route jwt --authorization-type JWT --authorizer-id "$CLI_OUT"
}
# Lambda: the authorizer function, allowing this run's token; its answers cached 300 s.
setup_lambda() {
    local arn
    LAMBDA_TOKEN="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
    (cd "$BENCH/auth" && python3 -m zipfile -c "$TMP/authorizer.zip" authorizer.js) \
        || { WHY="could not zip authorizer.js"; return 1; }
    cli lambda create-function --function-name bench-authorizer --runtime nodejs20.x --handler authorizer.handler \
        --role arn:aws:iam::000000000000:role/bench --zip-file "fileb://$TMP/authorizer.zip" \
        --environment "Variables={BENCH_TOKEN=$LAMBDA_TOKEN}" --query FunctionArn || return 1
    arn=$CLI_OUT
    cli lambda wait function-active-v2 --function-name bench-authorizer || return 1
    cli apigatewayv2 create-authorizer --api-id "$API" --name lambda --authorizer-type REQUEST \
        --identity-source '$request.header.Authorization' \
        --authorizer-uri "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/$arn/invocations" \
        --authorizer-payload-format-version 2.0 --enable-simple-responses --authorizer-result-ttl-in-seconds "$LAMBDA_TTL" \
        --query AuthorizerId || return 1
    route lambda --authorization-type CUSTOM --authorizer-id "$CLI_OUT"
}
for t in iam jwt lambda; do
    if want "$t"; then "setup_$t" || skip "$t" "$WHY"; fi
done
cli apigatewayv2 create-stage --api-id "$API" --stage-name bench --query StageName || die "$WHY"
cli apigatewayv2 create-deployment --api-id "$API" --stage-name bench --query DeploymentId || die "$WHY"
wait_for gatehouse "$PID_gatehouse" "${URL[open]}" "$HOST" 10 || die "GET http://$HOST/bench/open did not answer hello"
ACTIVE+=(open)
log "Gatehouse: API $API, stage bench on http://$HOST/bench/{open,iam,jwt,lambda} -> HTTP_PROXY http://127.0.0.1:$BACKEND_PORT/hello"

# Before measuring, each route once the right way (200 hello) and the wrong ways (as AWS answers them).
status_of() { # url [curl arguments...] -> the status; the body in $TMP/check-body
    local url=$1; shift
    taskset -c "$LOADGEN_CPU" curl -s --max-time 10 -o "$TMP/check-body" -w '%{http_code}' -H "Host: $HOST" "$@" \
        "$url" || echo 000
}
expect() { # target status url [curl arguments...]: false (WHY) unless the answer has that status (and 200 says hello)
    local target=$1 want=$2 url=$3 got; shift 3
    got=$(status_of "$url" "$@")
    if [[ $got == "$want" ]] && { [[ $want != 200 ]] || [[ $(cat "$TMP/check-body") == hello ]]; }; then return 0; fi
    WHY="${LABEL[$target]} answered $got (expected $want) $*: $(head -c 200 "$TMP/check-body")"
    return 1
}
check_iam() {
    sign_request execute-api "$IAM_KEY" "${URL[iam]}" -H "Host: $HOST" || { WHY="curl could not sign"; return 1; }
    [[ $SIGNED_STATUS == 200 && $(cat "$TMP/signed-body") == hello ]] \
        || { WHY="the signed request answered $SIGNED_STATUS: $(head -c 200 "$TMP/signed-body")"; return 1; }
    expect iam 403 "${URL[iam]}"   # unsigned (AWS: 403 {"message":"Forbidden"})
}
check_jwt() {
    expect jwt 200 "${URL[jwt]}" -H "Authorization: Bearer $JWT_TOKEN" && expect jwt 401 "${URL[jwt]}" \
        && expect jwt 401 "${URL[jwt]}" -H "Authorization: Bearer not.a.token"
}
check_lambda() {
    expect lambda 200 "${URL[lambda]}" -H "Authorization: $LAMBDA_TOKEN" \
        && expect lambda 403 "${URL[lambda]}" -H "Authorization: wrong" && expect lambda 401 "${URL[lambda]}"
}
for t in iam jwt lambda; do
    want "$t" && [[ " ${SKIPPED[*]} " != *" $t "* ]] || continue
    if "check_$t"; then
        ACTIVE+=("$t")
        log "  ${LABEL[$t]}: checked (authorized 200, unauthorized as AWS answers)"
    else
        skip "$t" "$WHY"
    fi
done
WRK_H[jwt]="Authorization: Bearer ${JWT_TOKEN:-}"
WRK_H[lambda]="Authorization: ${LAMBDA_TOKEN:-}"
log "Gatehouse pid $PID_gatehouse on core(s) $(taskset -pc "$PID_gatehouse" | sed 's/.*: //'); its workers' cores:" \
    "$(for pid in $(children "$PID_gatehouse"); do taskset -pc "$pid" | sed 's/.*: //'; done | tr '\n' ' ')"

# --- measuring -----------------------------------------------------------------------------------------------
# (core_ticks, children_ticks, noise, wait_quiet, proc_ticks, our_ticks, measure_run, warm_up, rounds: lib.sh)
wrk_run() { # target connections seconds outfile
    local target=$1 conns=$2 secs=$3 out=$4 threads=$WRK_THREADS
    ((threads <= conns)) || threads=$conns
    local args=("-t$threads" "-c$conns" "-d${secs}s" --latency -s "$BENCH/report.lua")
    if [[ $target == iam || ($target == open && $OPEN_AS == iam) ]]; then
        args+=("${SIGNED_H[@]}")   # made by prepare, just before
    else
        args+=(-H "Host: $HOST")
        [[ -z ${WRK_H[$target]:-} ]] || args+=(-H "${WRK_H[$target]}")
    fi
    timeout --foreground $((secs + 30)) taskset -c "$LOADGEN_CPU" wrk "${args[@]}" "${URL[$target]}" >"$out" 2>&1
}
# prepare TARGET (called by lib.sh's measure_run and warm_up right before wrk_run, outside the measurement):
# - iam: a fresh signature for every run (valid 5 minutes): curl signs GET /bench/iam for this Host, wrk repeats it;
# - lambda: the authorizer's answer is cached LAMBDA_TTL s per identity (the Authorization header). A run must not
#   straddle an expiry (every connection would miss at once and invoke the authorizer): when the current token's
#   entry could expire before the run ends, the next token (this run's token, a dot and a counter, which the
#   authorizer allows too) is authorized once, so that the run is answered from the cache.
LAMBDA_N=0
LAMBDA_PRIMED=$SECONDS   # check_lambda just authorized $LAMBDA_TOKEN
prepare() {
    case $1 in
        open)
            [[ $OPEN_AS == iam ]] || return 0
            sign_request execute-api "$IAM_KEY" "${URL[iam]}" -H "Host: $HOST" || return 1
            ;;
        iam)
            sign_request execute-api "$IAM_KEY" "${URL[iam]}" -H "Host: $HOST" || return 1
            [[ $SIGNED_STATUS == 200 ]] || log "  the signed request answered $SIGNED_STATUS: $(head -c 200 "$TMP/signed-body")"
            ;;
        lambda)
            ((SECONDS - LAMBDA_PRIMED < LAMBDA_TTL - DURATION - 20)) && return 0
            LAMBDA_N=$((LAMBDA_N + 1))
            WRK_H[lambda]="Authorization: $LAMBDA_TOKEN.$LAMBDA_N"
            expect lambda 200 "${URL[lambda]}" -H "${WRK_H[lambda]}" || { log "  $WHY"; return 1; }
            LAMBDA_PRIMED=$SECONDS
            sleep 1   # the function log (authorizer_runs) is written in the background
            ;;
    esac
}
alive() {
    local pid
    for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null || return 1; done
}
# The authorizer's runs, from the function log Gatehouse keeps in its log store (one START line per invocation).
authorizer_runs() {
    sqlite3 -readonly "$DATA/logs/logs.db" "SELECT count(*) FROM log_events e JOIN log_groups g ON g.id = e.group_id
        WHERE g.name = '/aws/lambda/bench-authorizer' AND e.message LIKE 'START RequestId%';" 2>/dev/null || echo 0
}
target_ticks() { # Gatehouse's own CPU, its workers' (the authorizer), the backend's; the authorizer's runs so far
    local g b
    g=$(proc_ticks "$PID_gatehouse") && b=$(proc_ticks "$PID_backend") && echo "$g ${b%% *} $(authorizer_runs)"
}

RECORDS="$TMP/records.tsv"
: >"$RECORDS"
measure() { # round scenario target connections [attempt]
    local round=$1 scenario=$2 target=$3 conns=$4 attempt=${5:-0} out="$TMP/wrk-$1-$2-$3.txt" runs="-"
    local requests duration p50 p99 sockerr non2xx rps cpu_gh cpu_be cpu_w="-" tag=""
    alive || { log "  ${LABEL[$target]}: skipped, a server is gone"; return 0; }
    measure_run "$target" "$conns" "$out" || return 0
    cpu_gh=$(per_req "${TICKS[0]}" "$requests"); cpu_be=$(per_req "${TICKS[2]}" "$requests")
    if [[ $target == lambda ]]; then
        cpu_w=$(per_req "${TICKS[1]}" "$requests")
        runs=${TICKS[3]}
    fi
    if disturbed "$attempt" "$NOISE0" "$NOISE1"; then tag="   disturbed, measuring again"; fi
    [[ -n $tag ]] || printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$scenario" "$target" "$round" \
        "$rps" "$p50" "$p99" "$sockerr" "$non2xx" "$cpu_gh" "$cpu_be" "$cpu_w" "$runs" "$NOISE0" "$NOISE1" >>"$RECORDS"
    printf '  %-28s %7s req/s  p50 %7.3f ms  p99 %7.3f ms  Gatehouse %6s µs/req  backend %5s  authorizer %5s (runs %s)  others %2s%%/%2s%%%s\n' \
        "${LABEL[$target]}" "$rps" "$(us_to_ms "$p50")" "$(us_to_ms "$p99")" "$cpu_gh" "$cpu_be" "$cpu_w" "$runs" \
        "$NOISE0" "$NOISE1" "$(errors_note "$sockerr" "$non2xx")$tag" >&2
    [[ -z $tag ]] || measure "$round" "$scenario" "$target" "$conns" $((attempt + 1))
}
targets_at() { echo "${ACTIVE[*]}"; }   # every target at every load

SCENARIOS=""
for c in $LOADS; do [[ " $SCENARIOS " == *" c$c "* ]] || SCENARIOS+="c$c "; done
SCENARIOS=${SCENARIOS% }
log ""
log "Targets: ${ACTIVE[*]}; loads: $SCENARIOS; wrk on core $LOADGEN_CPU, servers on core $SERVER_CPU"
# shellcheck disable=SC2086 # LOADS: a list
warm_up $LOADS
RUNS_BEFORE=$(authorizer_runs); PRIMED_BEFORE=$LAMBDA_N
# shellcheck disable=SC2086 # SCENARIOS: a list
rounds $SCENARIOS
sleep 1   # the function log is written in the background
RUNS_MEASURED=$(($(authorizer_runs) - RUNS_BEFORE)); PRIMED=$((LAMBDA_N - PRIMED_BEFORE))
ISSUER_FETCHES=$(grep -c '^GET ' "$TMP/issuer.log" 2>/dev/null || true)

# --- report --------------------------------------------------------------------------------------------------
summarize() { # fmt
    awk -F'\t' -f "$BENCH/common.awk" -f "$BENCH/auth/summarize.awk" -v fmt="$1" -v scenarios="$SCENARIOS" \
        -v order="open iam jwt lambda" -v goals="$GOALS" \
        -v labels="${LABEL[open]}|${LABEL[iam]}|${LABEL[jwt]}|${LABEL[lambda]}" "$RECORDS"
}
STAMP=$(date -u '+%Y-%m-%d %H:%M UTC')
MODEL=$(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo | head -1)
RUN="QUICK=$QUICK WARMUP=$WARMUP DURATION=$DURATION ROUNDS=$ROUNDS LOADS=\"$LOADS\" TARGETS=\"$TARGETS\" OPEN_AS=\"$OPEN_AS\""
{
    echo "## Authorization benchmark $STAMP"
    echo
    echo "- commit: $COMMIT${DIRTY:+ (with uncommitted changes in src/)}; Gatehouse: $GATEHOUSE_DLL"
    echo "- machine: $CORES cores (nproc), ${MODEL:-unknown CPU}, $(uname -sr)"
    echo "- tools: dotnet $(dotnet --version), node $(node --version), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)," \
        "$(curl --version | head -1 | cut -d' ' -f1-2), $("$AWS" --version 2>&1 | cut -d' ' -f1)"
    echo "- run: \`$RUN bash bench/auth.sh\`; wrk -t$WRK_THREADS (or fewer) and curl on core $LOADGEN_CPU;" \
        "Gatehouse (and its authorizer worker), the backend and the issuer on core $SERVER_CPU; figures are medians over $ROUNDS round(s)"
    echo "- Lambda authorizer runs from the first measured run to the last: $RUNS_MEASURED, of which $PRIMED to authorize a new token between runs (answers cached ${LAMBDA_TTL} s); issuer documents fetched by Gatehouse in the whole run: ${ISSUER_FETCHES:-0}"
    for note in "${NOTES[@]}"; do echo "- **$note**"; done
    summarize md
    echo
    echo "× /open: the route's median requests/s over /open's at the same load; \"rounds × /open\": the range of the"
    echo "ratio taken within each round. Gatehouse µs/req: its utime+stime over the run divided by the requests"
    echo "completed; \"+µs/req\": over /open's (the authorization's CPU cost); authorizer µs/req: the Lambda"
    echo "authorizer's worker (Gatehouse's child). \"others max %\": the largest share of either core taken by other"
    echo "processes during one of the target's runs; above a few percent that run was disturbed."
} | save_report auth-

echo
echo "Gatehouse authorization benchmark, $STAMP, commit $COMMIT, $CORES cores (${MODEL:-unknown CPU})"
echo "wrk on core $LOADGEN_CPU; servers on core $SERVER_CPU; warm-up ${WARMUP}s per target, $ROUNDS round(s) of ${DURATION}s"
for note in "${NOTES[@]}"; do echo "*** $note"; done
summarize text
echo
echo "Lambda authorizer runs from the first measured run to the last: $RUNS_MEASURED ($PRIMED between runs, for a new token); issuer documents fetched: ${ISSUER_FETCHES:-0}"
echo "Took $((SECONDS / 60)) min $((SECONDS % 60)) s (of which $QUIET_SPENT s waiting for a quiet machine)"
echo "Markdown: $RESULTS/auth-last.md (also appended to auth-history.md); raw runs: $RESULTS/auth-last.tsv"
exit
}
