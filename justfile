# Model Prism — development and operations recipes. Run them through ./run (it provides `just`) or just directly.
set dotenv-load := true
set shell := ["bash", "-euo", "pipefail", "-c"]

venv := ".venv"
py := venv + "/bin/python"

# list recipes
default:
    @just --list

# create .venv and install the backend (editable, with dev extras) and the SPA's packages
install:
    scripts/install.sh

# gateway + admin UI on :3000 (embedded store unless MONGODB_URI points at a server), demo data on first run
dev:
    scripts/dev.sh

# Vite dev server with hot reload on :5173 (proxies /api and /v1 to :3000)
frontend:
    cd frontend && npm run dev

# the backend alone (no SPA build)
backend:
    {{py}} -m model_prism.cli serve --reload --workers 1

# install what the tests need (Python extras, npm packages, slapd and chromium), build the SPA, run every suite
test *ARGS:
    scripts/test.sh {{ARGS}}

# ruff lint + format check
lint:
    {{py}} -m ruff check backend tests bench
    {{py}} -m ruff format --check backend tests bench

# wipe the embedded store's snapshot (the setup wizard appears again)
dev-clean:
    rm -rf .data
    scripts/dev.sh
