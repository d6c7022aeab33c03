#!/usr/bin/env bash
# `just dev`: install what is missing, write .env with fresh secrets on first run, build the SPA,
# seed the demo into an empty store, then serve gateway + UI on $PORT (3000).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh
if [ ! -f .env ]; then
  cat > .env <<ENV
# written by 'just dev' on first run; see .env.example for every setting
JWT_SECRET=$(.venv/bin/python -c 'import secrets; print(secrets.token_hex(32))')
ENCRYPTION_KEY=$(.venv/bin/python -c 'import secrets; print(secrets.token_hex(16))')
MONGODB_URI=mongomock://localhost/openmodelprism
PORT=3000
NODE_ENV=development
LOG_LEVEL=info
ENV
  echo "wrote .env with freshly generated JWT_SECRET and ENCRYPTION_KEY"
fi
set -a; . ./.env; set +a
case "${MONGODB_URI:-}" in
  ""|mongomock://*) MONGODB_URI=$(scripts/dev-store.sh); export MONGODB_URI ;;  # compose MongoDB when Docker runs
esac
scripts/build-frontend.sh
.venv/bin/model-prism seed-demo
echo "Model Prism on http://localhost:${PORT:-3000}/  (gateway: http://localhost:${PORT:-3000}/api/v1)"
exec .venv/bin/model-prism serve --reload
