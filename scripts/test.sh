#!/usr/bin/env bash
# The test command: starts the real services if they are not running (idempotent), then runs
# the unit and integration tests, then the fault tests (they stop validators and kill processes,
# so they run alone). Arguments go to jest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/services.sh up
# The mobile page's end-to-end test drives Debian's Chromium; CJK fonts so its screenshot is legible.
if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi 'Noto Sans CJK'; then
  echo "installing chromium and CJK fonts for the browser test"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-noto-cjk >/dev/null \
    || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-noto-cjk >/dev/null; }
fi
eval "$(bash scripts/services.sh env)"
export TZ=UTC
# PGlite loads its WASM with a dynamic import, which jest's CommonJS runtime only allows with VM modules.
export NODE_OPTIONS="--experimental-vm-modules --no-warnings=ExperimentalWarning ${NODE_OPTIONS:-}"
mkdir -p test-artifacts
status=0
npx jest --selectProjects unit integration --maxWorkers=2 --json --outputFile=test-artifacts/jest-main.json "$@" || status=$?
npx jest --selectProjects fault --runInBand --json --outputFile=test-artifacts/jest-fault.json "$@" || status=$?
# One plain closing line, the same for every runner: "N passed, N failed, N skipped".
node -e '
  const runs = ["main", "fault"].map((n) => { try { return require(`./test-artifacts/jest-${n}.json`); } catch { return null; } }).filter(Boolean);
  const sum = (k) => runs.reduce((t, r) => t + r[k], 0);
  console.log(`jest: ${sum("numPassedTests")} passed, ${sum("numFailedTests")} failed, ${sum("numPendingTests") + sum("numTodoTests")} skipped`);
' || true
exit "$status"
