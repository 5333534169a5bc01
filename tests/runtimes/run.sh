#!/usr/bin/env bash
# Tests Gatehouse's Lambda runtime clients (src/Gatehouse.Functions/Runtimes) against a fake Runtime API.
# Needs node (18+) and python3 (3.8+) on PATH; nothing else. Exits non-zero if any test fails.
#   run.sh            the tests
#   run.sh --bench    the tests, then the per-invocation overhead benchmark (a report, never a failure)
set -euo pipefail
cd "$(dirname "$0")"
export PYTHONDONTWRITEBYTECODE=1  # keep __pycache__ out of the fixture folders

node --version >/dev/null
python3 --version >/dev/null
python3 -m unittest -v test_runtimes
if [ "${1:-}" = "--bench" ]; then
  shift
  python3 bench.py "$@"
fi
