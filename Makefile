# Commissioning: make run (demo server and its background worker) and make test (everything)
# on a fresh Debian 12.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
# Installed packages are compiled once, so no process (worker, command, test) compiles them
# again at start.
export UV_COMPILE_BYTECODE := 1

.PHONY: install run test test-sqlite test-postgres lint bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml uv.lock package.json package-lock.json
	scripts/system-deps run
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv==0.13.9"
	$(BIN)/uv sync --frozen --inexact --quiet --python $(BIN)/python
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

run: install
	$(BIN)/commissioning migrate --noinput
	$(BIN)/commissioning load_demo
	scripts/with-worker $(BIN)/commissioning runserver 127.0.0.1:8000

test: install
	scripts/system-deps test
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite:
	@echo "== tests on SQLite"
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest -q -n 2

test-postgres:
	@echo "== tests on PostgreSQL"
	@# The pure packages (domain, reading) touch no database: the SQLite pass runs them.
	scripts/with-postgres $(BIN)/pytest -q -n 2 -m "not browser" \
		--ignore=commissioning/domain --ignore=commissioning/reading

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo
	$(BIN)/commissioning check
	$(BIN)/commissioning makemigrations --check --dry-run >/dev/null

BENCH_SCALE ?= 1
BENCH_WEB_OPTIONS ?=

bench: install
	command -v wrk >/dev/null || scripts/system-deps bench
	$(BIN)/python -m bench imports --scale $(BENCH_SCALE)
	$(BIN)/python -m bench finance
	$(BIN)/python -m bench performance
	$(BIN)/python -m bench web --scale $(BENCH_SCALE) $(BENCH_WEB_OPTIONS)
	scripts/with-postgres $(BIN)/python -m bench web --scale $(BENCH_SCALE) $(BENCH_WEB_OPTIONS)
	$(BIN)/python -m bench profile

clean:
	rm -rf $(VENV) var staticfiles node_modules
