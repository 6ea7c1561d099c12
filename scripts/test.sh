#!/usr/bin/env bash
# Run every member's test suite (each from its own directory, as CI does), then the repository-level suite
# (deployment files and the whole stack through the gateway).
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
echo "== pytest tests (deployment files; the whole stack through the gateway)"
uv run pytest tests "$@"
status=$?
if [ "$status" -ne 0 ]; then failed+=("tests (exit $status)"); fi
if [ "${#failed[@]}" -ne 0 ]; then
  echo "FAILED: ${failed[*]}"
  exit 1
fi
echo "all suites passed"
