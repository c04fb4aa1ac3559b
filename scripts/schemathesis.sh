#!/usr/bin/env bash
# Runs schemathesis (PyPI, pinned) from a virtualenv kept in .venv/, installing it on first use:
# CI reaches only the package registries, and PyPI is one. Arguments go to `st`.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=4.32.5
VENV=".venv/schemathesis-$VERSION"
if [ ! -x "$VENV/bin/st" ]; then
  # A fresh Debian has python3 without venv/ensurepip: install them as test.sh installs Chromium.
  if ! python3 -m venv "$VENV" >/dev/null 2>&1; then
    rm -rf "$VENV"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3 python3-venv >/dev/null \
      || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3 python3-venv >/dev/null; }
    python3 -m venv "$VENV"
  fi
  "$VENV/bin/pip" install -q --disable-pip-version-check "schemathesis==$VERSION" >&2
fi
exec "$VENV/bin/st" "$@"
