# EcoBureau — the two commands: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml 2>/dev/null | sha256sum | cut -c1-16)
PYTEST_WORKERS ?= 2

.PHONY: install run test lint typecheck migrations-check unit browser-test pg-test fuzz bench hj212-fault hj212-failover hj212-bench load-day audit lock messages help

help:
	@echo "make run            install, migrate, load reference and demo data, start every process"
	@echo "make test           lint, type-check, migrations check, the whole suite (SQLite)"
	@echo "make pg-test        the suite on PostgreSQL (DATABASE_URL or the local server)"
	@echo "make browser-test   Playwright tests against a server in its own process"
	@echo "make bench          benchmarks (see bench/README.md)"
	@echo "make fuzz           fuzz targets, outside the normal suite"
	@echo "make hj212-fault    HJ 212 gateway killed under load: every acknowledged packet stored once"
	@echo "make hj212-failover three hosts (netns): a gateway host killed, every acknowledged packet stored once"
	@echo "make audit          pip-audit of the pinned dependencies (needs pypi.org)"
	@echo "make hj212-bench    HJ 212 decode rate and gateway load benchmark (PostgreSQL)"

# Shared first step of run and test; idempotent (skips pip when the lock is unchanged).
install: $(STAMP)
	@test -f .secret_key || $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > .secret_key
	@$(BIN)/python manage.py migrate --no-input -v 0
	@$(BIN)/python manage.py load_reference -v 0

$(STAMP):
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is required"'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --only-binary=:all: -r requirements.lock
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

run: install
	DEMO_DATA=$${DEMO_DATA:-true} $(BIN)/python manage.py run_all

test: install lint typecheck migrations-check unit

lint:
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

typecheck:
	$(BIN)/mypy ecobureau

migrations-check:
	$(BIN)/python manage.py makemigrations --check --dry-run

unit:
	$(BIN)/pytest -n $(PYTEST_WORKERS) -q --create-db

pg-test: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/ecobureau_ci} \
		$(BIN)/pytest -n $(PYTEST_WORKERS) -q --create-db

browser-test: install
	$(BIN)/pytest browser_tests -q -p no:xdist

fuzz: install
	$(BIN)/python -m fuzz.run
	$(BIN)/python -m fuzz.hj212 --inputs $${HJ212_FUZZ_INPUTS:-1000000}
	API_FUZZ_EXPLORE=1 API_FUZZ_EXAMPLES=$${API_FUZZ_EXAMPLES:-500} \
		$(BIN)/pytest ecobureau/core/tests/test_api_schemathesis.py -p no:xdist -q

bench: install
	$(BIN)/python -m bench.run_all

# HJ 212 gateway: SIGKILL fault test and load benchmark (PostgreSQL). Long: run once, not in CI.
hj212-fault: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/ecobureau_bench} \
		$(BIN)/python -m bench.hj212_fault --packets $${HJ212_FAULT_PACKETS:-100000}

# Three hosts in network namespaces (two gateways, one database), one gateway host
# killed under load; needs root and iproute2. Long: run once, not in CI.
hj212-failover: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/ecobureau_bench} \
		$(BIN)/python -m bench.hj212_failover --packets $${HJ212_FAILOVER_PACKETS:-30000}

# A working day against gunicorn, the worker, the scheduler and the gateway on
# PostgreSQL (bench/load_day.py); the database is made on first use.
LOAD_DB ?= ecobureau_load
load-day: install
	psql -h 127.0.0.1 -U postgres -tc "SELECT 1 FROM pg_database WHERE datname = '$(LOAD_DB)'" \
		| grep -q 1 || psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE $(LOAD_DB)"
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/$(LOAD_DB) \
		$(BIN)/python -m bench.load_day $${LOAD_DAY_ARGS:-}

hj212-bench: install
	$(BIN)/python -m bench.hj212_decode
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/ecobureau_bench} \
		$(BIN)/python -m bench.hj212_gateway

# Known vulnerabilities in the pinned dependencies (pip-audit, PyPI's advisory data).
# --strict: a package that could not be checked fails the audit instead of passing it.
audit: install
	$(BIN)/pip-audit --strict --progress-spinner off --no-deps --disable-pip -r requirements.lock

lock:
	$(BIN)/pip-compile --extra dev --strip-extras --no-header --quiet -o requirements.lock pyproject.toml

# Refresh the English catalogue after changing marked strings (needs GNU gettext on
# the developer's machine; the compiled .mo is committed, so running needs nothing).
messages:
	$(BIN)/python manage.py makemessages -l en -i ".venv/*" -i "bench/*" -i "browser_tests/*" -i "staticfiles/*" -i "artifacts/*"
	$(BIN)/python manage.py compilemessages -l en -i ".venv"
