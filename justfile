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

# benchmark: gateway vs direct, the bare-proxy floor, optional --litellm PATH (see bench/README.md)
bench *ARGS:
    {{py}} -m bench.run {{ARGS}}

# ruff lint + format check
lint:
    {{py}} -m ruff check backend tests bench
    {{py}} -m ruff format --check backend tests bench

# wipe the embedded store's snapshot (the setup wizard appears again)
dev-clean:
    rm -rf .data
    if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then docker compose -f docker/compose.yaml -p model-prism down -v || true; fi
    scripts/dev.sh

# build the Docker image (docker/Dockerfile) through docker/compose.yaml
build:
    JWT_SECRET="${JWT_SECRET:-unused-for-build}" ENCRYPTION_KEY="${ENCRYPTION_KEY:-unused-for-build}" docker compose -f docker/compose.yaml build

# start in Docker: `just up` (app + MongoDB on :3000) or `just up scaled 3` (control + 3 workers + nginx on :3000)
up mode="single" workers="2":
    #!/usr/bin/env bash
    set -euo pipefail
    [ -n "${JWT_SECRET:-}" ] && [ -n "${ENCRYPTION_KEY:-}" ] || { echo "JWT_SECRET and ENCRYPTION_KEY must be set (run 'just dev' once to write .env, or see .env.example)" >&2; exit 1; }
    case "{{mode}}" in
      single) docker compose -f docker/compose.yaml up -d --build --remove-orphans ;;
      scaled) docker compose -f docker/compose.scaled.yaml up -d --build --remove-orphans --scale worker={{workers}} ;;
      *) echo "mode must be 'single' or 'scaled'" >&2; exit 2 ;;
    esac
    echo "Model Prism on http://localhost:${PORT:-3000}/ (gateway: http://localhost:${PORT:-3000}/api/v1)"

# stop the Docker stack (either mode); data stays in the mongodb_data volume
down:
    docker compose -p model-prism down --remove-orphans

# follow the Docker stack's logs (all services, or the ones named: `just logs app`)
logs *services:
    docker compose -p model-prism logs -f --tail=200 {{services}}

# a mongosh shell on the stack's database
mongo:
    docker exec -it "$(docker compose -p model-prism ps -q mongodb)" mongosh openmodelprism

# remove the Docker stack with its data volume, node_modules, the SPA build, .venv and build artefacts
clean:
    if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then docker compose -p model-prism down -v --remove-orphans; fi
    rm -rf frontend/node_modules frontend/dist build dist backend/*.egg-info .pytest_cache .ruff_cache .venv
