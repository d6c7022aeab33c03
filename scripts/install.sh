#!/usr/bin/env bash
# Creates .venv and installs the backend with its dev extras; installs the SPA's npm packages.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
stamp=.venv/.installed-$(sha256sum setup.cfg | cut -c1-16)
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e '.[dev]'
  touch "$stamp"
fi
if [ -f frontend/package.json ]; then
  lock=frontend/node_modules/.installed-$(sha256sum frontend/package-lock.json 2>/dev/null | cut -c1-16)
  if [ ! -f "$lock" ]; then
    (cd frontend && npm ci --no-audit --no-fund --loglevel=error)
    touch "$lock"
  fi
fi
