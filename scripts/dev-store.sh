#!/usr/bin/env bash
# Prints the MONGODB_URI `just dev` should use and says on stderr which store that is:
#   - MongoDB 7 from docker/compose.yaml (a single-node replica set, so change streams work) when Docker and
#     Compose v2 are usable: starts the `mongodb` service and waits until it is the writable primary;
#   - the embedded store (mongomock) otherwise, or when starting the container fails.
# DEV_STORE=embedded or DEV_STORE=docker forces one (docker then fails instead of falling back).
set -euo pipefail
cd "$(dirname "$0")/.."
embedded="mongomock://localhost/openmodelprism"
mode="${DEV_STORE:-auto}"

docker_usable() {
  command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1 && docker compose version >/dev/null 2>&1
}

if [ "$mode" = embedded ] || { [ "$mode" = auto ] && ! docker_usable; }; then
  echo "store: embedded (mongomock), one process, persisted to ${DATA_DIR:-.data}/ — Docker not used" >&2
  echo "$embedded"
  exit 0
fi
# compose interpolates every service; the app's secrets are not needed to start MongoDB alone.
if JWT_SECRET="${JWT_SECRET:-unused}" ENCRYPTION_KEY="${ENCRYPTION_KEY:-unused}" \
   docker compose -f docker/compose.yaml up -d --wait mongodb >&2; then
  echo "store: MongoDB 7 from docker/compose.yaml on localhost:27017 (replica set rs0, change streams on)" >&2
  # directConnection: the member is registered as mongodb:27017, a name only the compose network resolves.
  echo "mongodb://localhost:27017/openmodelprism?directConnection=true"
elif [ "$mode" = docker ]; then
  echo "store: could not start MongoDB from docker/compose.yaml (DEV_STORE=docker)" >&2
  exit 1
else
  echo "store: embedded (mongomock) — starting MongoDB from docker/compose.yaml failed" >&2
  echo "$embedded"
fi
