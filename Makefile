# ani — every target is a thin wrapper over `uv run …` or a script in scripts/, so nobody needs Make to read it.
.DEFAULT_GOAL := help
SHELL := /bin/bash
UV ?= uv

.PHONY: help
help: ## Show this help
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z0-9_.-]+:.*## / {printf "  \033[36m%-18s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

.PHONY: install
install: ## Install every workspace member and the dev tools from uv.lock
	@command -v $(UV) >/dev/null || python3 -m pip install --quiet uv
	$(UV) sync --locked --all-packages --all-groups

.PHONY: dev
dev: install ## Run the whole stack, the site included, on http://127.0.0.1:8080 with demo data (Ctrl-C stops it); ARGS=--no-frontend for the API only; OBSERVE=1 adds Prometheus on :9090
	$(UV) run python -m scripts.devstack $(if $(REPLICAS),--replicas $(REPLICAS),) $(if $(OBSERVE),--observe,) $(ARGS)

.PHONY: test
test: install ## Run the whole test suite (Python suites, then the site's checks and browser tests) against real PostgreSQL and Redis on 127.0.0.1
	scripts/test.sh

.PHONY: test-common test-auth test-write-api test-read-api test-parser
test-common: ## Tests of libs/common only
	cd libs/common && $(UV) run pytest -n 2
test-auth: ## Tests of the auth service only
	cd services/auth && $(UV) run pytest -n 2
test-write-api: ## Tests of the write-api only
	cd services/write-api && $(UV) run pytest -n 2
test-read-api: ## Tests of the read-api only
	cd services/read-api && $(UV) run pytest -n 2
test-parser: ## Tests of the parser only
	cd services/parser && $(UV) run pytest -n 2

.PHONY: test-frontend
test-frontend: install ## The site only: generated API types up to date, tsc, vitest, Playwright (starts the site harness)
	$(UV) run python -m scripts.devstack.frontend deps
	cd frontend && npm run check:api && npm run typecheck && npm run test && npm run test:e2e

.PHONY: soak
soak: install ## Load with accounting: N simulated viewers against 2 instances of each service (own stack, gateway :18680), then the report; ARGS="--viewers 40 --duration 60"
	$(UV) run python -m tests.soak $(ARGS)

.PHONY: bench
bench: install ## Benchmarks (bench/README.md): the list, then every one; B=<name> runs one (B=list: the list only), ARGS="--help" or its options
	$(UV) run python bench/run.py $(B) $(ARGS)

.PHONY: lint
lint: ## ruff format --check, ruff check, import-linter, deptry, mypy --strict per member, ESLint + Prettier on the site
	scripts/lint.sh

.PHONY: fmt
fmt: ## Format and autofix
	$(UV) run ruff format .
	$(UV) run ruff check --fix .

.PHONY: check
check: lint test ## What CI runs: lint, then the whole suite

.PHONY: openapi
openapi: ## Regenerate the committed OpenAPI snapshots (services/*/openapi.json) and the site's TS types from them
	scripts/openapi.sh

.PHONY: migration
migration: ## New Alembic revision: make migration svc=write-api msg="add status"
	@test -n "$(svc)" -a -n "$(msg)" || (echo 'usage: make migration svc=<auth|write-api> msg="..."' && exit 2)
	cd services/$(svc) && $(UV) run alembic -c alembic.ini revision --autogenerate -m "$(msg)"

.PHONY: migrate
migrate: ## Upgrade the databases to head (DATABASE_URL of each service from env or .env)
	$(UV) run --package ani-auth ani-auth migrate
	$(UV) run --package ani-write-api ani-write migrate
