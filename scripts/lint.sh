#!/usr/bin/env bash
# Static checks: formatting, lint, layering contracts, undeclared dependencies, strict typing per member, tests that
# cannot fail (scripts/scan_tests.py), and the site's ESLint.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/members.sh

echo "== ruff format --check"; uv run ruff format --check .
echo "== ruff check";          uv run ruff check .
echo "== import-linter";       uv run lint-imports
echo "== mypy --strict scripts tests"; uv run mypy scripts tests
echo "== tests that cannot fail";  uv run python scripts/scan_tests.py   # an AST scan; see its docstring
for member in $MEMBERS; do
  echo "== deptry $member"
  (cd "$member" && uv run deptry src)
  echo "== mypy --strict $member"
  (cd "$member" && MYPYPATH=src uv run mypy --config-file ../../pyproject.toml src tests)
done
echo "== eslint frontend"
uv run python -m scripts.devstack.frontend deps   # npm ci when node_modules is missing or stale
(cd frontend && npm run --silent lint)
