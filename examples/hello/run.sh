#!/usr/bin/env bash
# Builds Gatehouse, starts it on http://127.0.0.1:8080, and sets up the tutorial: the Node.js function "hello"
# (index.js here) behind GET /greeting/{name} of the HTTP API "hello" (AWS_PROXY, payload format 2.0), deployed to
# the stage "production". Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT=${PORT:-8080}
DATA_DIR=${DATA_DIR:-./.gatehouse}

command -v node >/dev/null || { echo "Node.js (node) is needed to run the example function" >&2; exit 1; }
command -v python3 >/dev/null || { echo "python3 is needed by this script" >&2; exit 1; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/Gatehouse/Gatehouse.csproj -c Release -v quiet -nologo

log=$(mktemp)
dotnet src/Gatehouse/bin/Release/net10.0/gatehouse.dll serve --urls "http://127.0.0.1:$PORT" --data-dir "$DATA_DIR" >"$log" 2>&1 &
gatehouse=$!
trap 'kill $gatehouse 2>/dev/null || true; wait 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 1 100); do grep -q "Gatehouse listening" "$log" && break; sleep 0.2; done
grep -q "Gatehouse listening" "$log" || { cat "$log" >&2; exit 1; }

# The control plane speaks the AWS wire protocols and wants SigV4 signatures; curl signs them with the development
# key test/test, which Gatehouse accepts on loopback (the AWS CLI works the same).
base=http://127.0.0.1:$PORT
lambda() { curl -sf --aws-sigv4 "aws:amz:us-east-1:lambda" --user test:test "$@"; }
apigw() { curl -sf --aws-sigv4 "aws:amz:us-east-1:apigateway" --user test:test "$@"; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
zip=$(python3 - <<'PY'
import base64, io, zipfile
buffer = io.BytesIO()
with zipfile.ZipFile(buffer, "w") as z:
    z.write("examples/hello/index.js", "index.js")
print(base64.b64encode(buffer.getvalue()).decode())
PY
)
if lambda "$base/2015-03-31/functions/hello" >/dev/null; then
  lambda -X PUT "$base/2015-03-31/functions/hello/code" -d "{\"ZipFile\":\"$zip\"}" >/dev/null
else
  lambda -X POST "$base/2015-03-31/functions" -d "{\"FunctionName\":\"hello\",\"Runtime\":\"nodejs20.x\",\"Handler\":\"index.handler\",
    \"Role\":\"arn:aws:iam::000000000000:role/hello\",\"Code\":{\"ZipFile\":\"$zip\"}}" >/dev/null
fi
for _ in $(seq 1 50); do
  state=$(lambda "$base/2015-03-31/functions/hello" | json "d['Configuration']['State'], d['Configuration']['LastUpdateStatus']")
  [ "$state" = "Active Successful" ] && break
  sleep 0.1
done

api=$(apigw "$base/v2/apis" | json "next((a['apiId'] for a in d['items'] if a['name'] == 'hello'), '')")
if [ -z "$api" ]; then
  api=$(apigw -X POST "$base/v2/apis" -d '{"name":"hello","protocolType":"HTTP"}' | json "d['apiId']")
  integration=$(apigw -X POST "$base/v2/apis/$api/integrations" -d '{"integrationType":"AWS_PROXY",
    "integrationUri":"arn:aws:lambda:us-east-1:000000000000:function:hello","payloadFormatVersion":"2.0"}' | json "d['integrationId']")
  apigw -X POST "$base/v2/apis/$api/routes" -d "{\"routeKey\":\"GET /greeting/{name}\",\"target\":\"integrations/$integration\"}" >/dev/null
  apigw -X POST "$base/v2/apis/$api/stages" -d '{"stageName":"production"}' >/dev/null
  apigw -X POST "$base/v2/apis/$api/deployments" -d '{"stageName":"production"}' >/dev/null
fi

cat <<TEXT

Gatehouse is running on $base with the Node.js function "hello" behind the HTTP API "hello" ($api). Try:

  curl http://$api.execute-api.localhost:$PORT/production/greeting/John
  curl $base/_aws/execute-api/$api/production/greeting/John

Manage it with the AWS CLI v2 (signing with the development key test/test):

  export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1
  /usr/bin/aws lambda invoke --function-name hello --endpoint-url $base /dev/stdout
  /usr/bin/aws apigatewayv2 get-routes --api-id $api --endpoint-url $base

Configuration and code are kept in $DATA_DIR. Press Ctrl-C to stop.
TEXT
wait $gatehouse
