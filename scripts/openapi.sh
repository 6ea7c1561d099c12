#!/usr/bin/env bash
# Regenerate each service's committed OpenAPI snapshot (the contract tests compare against these files), then the
# site's TypeScript types generated from them (frontend/src/lib/api-types/; `npm run check:api` fails when stale).
set -euo pipefail
cd "$(dirname "$0")/.."
for pair in auth:ani_auth write-api:ani_write read-api:ani_read; do
  dir="${pair%%:*}"; pkg="${pair##*:}"
  if uv run python -c "import ${pkg}.openapi" 2>/dev/null; then
    uv run python -m "${pkg}.openapi" > "services/${dir}/openapi.json"
    echo "wrote services/${dir}/openapi.json"
  fi
done
uv run python -m scripts.devstack.frontend deps   # npm ci when node_modules is missing or stale
(cd frontend && npm run --silent gen:api)
echo "wrote frontend/src/lib/api-types/*.ts"
