#!/usr/bin/env bash
# Runs schemathesis (PyPI, pinned) from a virtualenv kept in .venv/, installing it on first use:
# CI reaches only the package registries, and PyPI is one. Arguments go to `st`.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=4.32.5
VENV=".venv/schemathesis-$VERSION"
if [ ! -x "$VENV/bin/st" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check "schemathesis==$VERSION" >&2
fi
exec "$VENV/bin/st" "$@"
