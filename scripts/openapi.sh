#!/usr/bin/env bash
# Regenerate each service's committed OpenAPI snapshot (the contract tests compare against these files), then the
# site's TypeScript types generated from them (frontend/src/lib/api-types/; `npm run check:api` fails when stale).
set -euo pipefail
cd "$(dirname "$0")/.."
trap 'rm -f services/*/openapi.json.tmp' EXIT
for pair in auth:ani_auth write-api:ani_write read-api:ani_read; do
  dir="${pair%%:*}"; pkg="${pair##*:}"
  # Written through a temporary file: a service that fails to build its document stops the script with its error and
  # leaves the committed snapshot as it was.
  uv run python -m "${pkg}.openapi" > "services/${dir}/openapi.json.tmp"
  mv "services/${dir}/openapi.json.tmp" "services/${dir}/openapi.json"
  echo "wrote services/${dir}/openapi.json"
done
uv run python -m scripts.devstack.frontend deps   # npm ci when node_modules is missing or stale
(cd frontend && npm run --silent gen:api)
echo "wrote frontend/src/lib/api-types/*.ts"
