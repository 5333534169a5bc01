#!/usr/bin/env bash
# Installs what the tests need (Debian packages) and runs every test: unit tests and the integration tests that
# drive a real Gatehouse process with the real AWS CLI v2 (/usr/bin/aws from Debian's awscli).
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
[ -x /usr/bin/aws ] || missing+=(awscli)
command -v python3 >/dev/null || missing+=(python3)
command -v curl >/dev/null || missing+=(curl)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
command -v setpriv >/dev/null || missing+=(util-linux)
command -v wrk >/dev/null || missing+=(wrk)
[ -x /usr/bin/redis-server ] || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
/usr/bin/aws --version
# The npm SigV4 signers that the signer interop tests run, as pinned by tests/signers/package-lock.json.
(cd tests/signers && npm ci --no-audit --no-fund --loglevel=error)

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build Gatehouse.slnx -c Release -warnaserror
dotnet format Gatehouse.slnx --verify-no-changes --no-restore

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
# The Lambda runtime clients (Node.js, Python) against a fake Runtime API: their own suite, counted below.
python3 --version && node --version
bash tests/runtimes/run.sh 2>&1 | tee -a "$log" || status=$?
dotnet test Gatehouse.slnx -c Release --no-build 2>&1 | tee -a "$log" || status=$?

# One closing line for humans and CI: the sums over every test assembly.
sum() { grep -oE "$1: +[0-9]+" "$log" | awk '{ total += $2 } END { print total + 0 }'; }
# Python's unittest (the runtime clients) says "Ran N tests" and then "OK" or "FAILED (failures=F, errors=E)".
ran=$( (grep -oE '^Ran [0-9]+ tests?' "$log" || true) | awk '{ total += $2 } END { print total + 0 }')
unittest_failed=$( (grep -oE '^FAILED \((failures|errors)=[0-9]+(, (failures|errors)=[0-9]+)?' "$log" || true) | (grep -oE '[0-9]+' || true) | awk '{ total += $1 } END { print total + 0 }')
passed=$(($(sum Passed) + ran - unittest_failed))
failed=$(($(sum Failed) + unittest_failed))
skipped=$(sum Skipped)
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$passed" = 0 ]; then
  echo "no test ran" >&2
  exit 1
fi
exit $status
