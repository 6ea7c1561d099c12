#!/usr/bin/env bash
# Run every member's test suite (each from its own directory, as CI does), then the repository-level suite
# (deployment files: compose, deploy/k8s, deploy/prometheus, deploy/grafana; then the whole stack through the
# gateway), then the site's checks: generated API types up to date, type-check, unit tests (vitest) and browser
# tests (Playwright with Debian's Chromium, against the stack started by `python -m tests.e2e.harness --site`).
# Extra arguments go to pytest, e.g. `scripts/test.sh -x`. Set PYTEST_WORKERS to change xdist parallelism.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/members.sh
workers="${PYTEST_WORKERS:-2}"
failed=()
for member in $MEMBERS; do
  echo "== pytest $member"
  (cd "$member" && uv run pytest -n "$workers" "$@")
  status=$?
  # Exit code 5 ("no tests collected") is a failure: every member is expected to have tests.
  if [ "$status" -ne 0 ]; then failed+=("$member (exit $status)"); fi
done
echo "== pytest tests/deploy (compose, Kubernetes manifests: kustomize, schemas, checkov; Prometheus rules: promtool; dashboards)"
uv run pytest tests/deploy "$@"
status=$?
if [ "$status" -ne 0 ]; then failed+=("tests/deploy (exit $status)"); fi
echo "== pytest tests (the whole stack through the gateway)"
uv run pytest tests --ignore=tests/deploy --ignore=tests/faults "$@"
status=$?
if [ "$status" -ne 0 ]; then failed+=("tests (exit $status)"); fi
echo "== pytest tests/faults (bounded fault injection and a short soak on a private stack: docs/reliability.md)"
uv run pytest tests/faults "$@"
status=$?
if [ "$status" -ne 0 ]; then failed+=("tests/faults (exit $status)"); fi

echo "== frontend: dependencies (npm ci when node_modules is missing or stale)"
if uv run python -m scripts.devstack.frontend deps; then
  export NEXT_TELEMETRY_DISABLED=1
  for script in check:api typecheck test test:e2e; do
    echo "== frontend: npm run $script"
    (cd frontend && npm run --silent "$script")
    status=$?
    if [ "$status" -ne 0 ]; then failed+=("frontend $script (exit $status)"); fi
  done
else
  failed+=("frontend dependencies")
fi

if [ "${#failed[@]}" -ne 0 ]; then
  echo "FAILED: ${failed[*]}"
  exit 1
fi
echo "all suites passed"
