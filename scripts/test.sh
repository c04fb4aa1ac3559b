#!/usr/bin/env bash
# The test command: starts the real services if they are not running (idempotent), then runs
# every unit, integration and e2e test against them. Arguments go to jest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/services.sh up
eval "$(bash scripts/services.sh env)"
export TZ=UTC
# PGlite loads its WASM with a dynamic import, which jest's CommonJS runtime only allows with VM modules.
export NODE_OPTIONS="--experimental-vm-modules --no-warnings=ExperimentalWarning ${NODE_OPTIONS:-}"
mkdir -p test-artifacts
status=0
npx jest --maxWorkers=2 --json --outputFile=test-artifacts/jest-results.json "$@" || status=$?
# One plain closing line, the same for every runner: "N passed, N failed, N skipped".
node -e '
  const r = require("./test-artifacts/jest-results.json");
  console.log(`jest: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
' || true
exit "$status"
