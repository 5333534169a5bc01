#!/usr/bin/env bash
# Builds Gatehouse, starts it on http://127.0.0.1:8080 with a small backend on :9000, and creates the example
# HTTP API "hello" (GET /greeting/{name} → the backend), deployed to the stage "production". Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT=${PORT:-8080}
BACKEND_PORT=${BACKEND_PORT:-9000}
DATA_DIR=${DATA_DIR:-./.gatehouse}

command -v python3 >/dev/null || { echo "python3 is needed for the example backend" >&2; exit 1; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/Gatehouse/Gatehouse.csproj -c Release -v quiet -nologo

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

python3 examples/hello-http/backend.py "$BACKEND_PORT" &
pids+=($!)

log=$(mktemp)
dotnet src/Gatehouse/bin/Release/net10.0/gatehouse.dll serve --urls "http://127.0.0.1:$PORT" --data-dir "$DATA_DIR" >"$log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do grep -q "Gatehouse listening" "$log" && break; sleep 0.2; done
grep -q "Gatehouse listening" "$log" || { cat "$log" >&2; exit 1; }

# The control plane wants SigV4 signatures: curl signs with the development key test/test, accepted on loopback.
cp=http://127.0.0.1:$PORT/v2/apis
apigw() { curl -sf --aws-sigv4 "aws:amz:us-east-1:apigateway" --user test:test "$@"; }
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
api=$(apigw "$cp" | json "['items']" | python3 -c "
import ast,sys
items = ast.literal_eval(sys.stdin.read())
print(next((a['apiId'] for a in items if a['name'] == 'hello'), ''))")
if [ -z "$api" ]; then
  api=$(apigw -X POST "$cp" -d '{"name":"hello","protocolType":"HTTP"}' | json "['apiId']")
  integration=$(apigw -X POST "$cp/$api/integrations" \
    -d "{\"integrationType\":\"HTTP_PROXY\",\"integrationMethod\":\"ANY\",\"integrationUri\":\"http://127.0.0.1:$BACKEND_PORT/greeting/{name}\",\"payloadFormatVersion\":\"1.0\"}" | json "['integrationId']")
  apigw -X POST "$cp/$api/routes" -d "{\"routeKey\":\"GET /greeting/{name}\",\"target\":\"integrations/$integration\"}" >/dev/null
  apigw -X POST "$cp/$api/stages" -d '{"stageName":"production"}' >/dev/null
  apigw -X POST "$cp/$api/deployments" -d '{"stageName":"production"}' >/dev/null
fi

cat <<TEXT

Gatehouse is running on http://127.0.0.1:$PORT with the HTTP API "hello" ($api). Try:

  curl http://$api.execute-api.localhost:$PORT/production/greeting/world
  curl http://127.0.0.1:$PORT/_aws/execute-api/$api/production/greeting/world

Manage it with the AWS CLI v2 (signing with the development key test/test):

  export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1
  /usr/bin/aws apigatewayv2 get-routes --api-id $api --endpoint-url http://127.0.0.1:$PORT

Configuration is kept in $DATA_DIR. Press Ctrl-C to stop.
TEXT
wait "${pids[1]}"
