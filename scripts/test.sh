#!/usr/bin/env bash
# `just test`: install everything the tests need, build the SPA, run ruff, pytest (unit, functional, e2e) and vitest.
set -euo pipefail
cd "$(dirname "$0")/.."
need_apt=()
command -v slapd >/dev/null 2>&1 || [ -x /usr/sbin/slapd ] || need_apt+=(slapd ldap-utils)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
dpkg -s libldap2-dev >/dev/null 2>&1 || need_apt+=(libldap2-dev libsasl2-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "missing system packages: ${need_apt[*]} (run as root or install them); dependent tests will say why they skip" >&2
  fi
fi
scripts/install.sh
scripts/build-frontend.sh
.venv/bin/python -m ruff check backend tests
if [ -f frontend/package.json ]; then (cd frontend && npm test --silent); fi
exec .venv/bin/python -m pytest "$@"
