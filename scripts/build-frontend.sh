#!/usr/bin/env bash
# Builds the SPA into frontend/dist when its sources changed since the last build.
set -euo pipefail
cd "$(dirname "$0")/../frontend"
[ -f package.json ] || exit 0
sum=$(find src index.html package.json vite.config.* -type f 2>/dev/null | sort | xargs sha256sum | sha256sum | cut -c1-16)
if [ ! -f dist/index.html ] || [ "$(cat dist/.build-sum 2>/dev/null)" != "$sum" ]; then
  npm run build --silent
  echo "$sum" > dist/.build-sum
fi
