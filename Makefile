# jointops: `make run` sets up everything and serves the dashboard; `make test` sets up
# everything and runs the whole suite.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
JOINTOPS := $(BIN)/jointops
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8050
# Tests use the local PostgreSQL server of this machine kind unless told otherwise.
export JOINTOPS_TEST_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

.PHONY: help install db demo run test test-fast lint browser messages bench load clean

help:
	@echo "make run     set up (venv, install, schema, demo operation) and serve on http://$(HOST):$(PORT)"
	@echo "make test    set up and run the whole test suite (SQLite, PostgreSQL, headless Chromium)"
	@echo "make lint    ruff and the architecture contracts (import-linter)"
	@echo "make bench   benchmark suite (BENCH_SIZES=10000,100000,1000000; PostgreSQL too when"
	@echo "             JOINTOPS_BENCH_DATABASE_URL is set); table on screen, JSON in bench/results/"
	@echo "make load    load test: 40 commanders + 60 focal points for LOAD_SECONDS=120 s"
	@echo "make clean   remove the venv and the local database"

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(INSTALLED)

db: install
	$(JOINTOPS) db upgrade

demo: db
	$(JOINTOPS) demo --if-missing

run: demo
	$(JOINTOPS) serve --host $(HOST) --port $(PORT)

# Headless Chromium and its driver from Debian, for the browser tests (needs root).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver; }

# One worker per core; each test file stays on one worker (module fixtures such as private
# servers are built once). `pytest -n0 ...` runs in one process, e.g. to debug one test.
XDIST := -n auto --dist loadfile

test: install browser
	$(BIN)/python -m pytest $(XDIST)

test-fast: install
	$(BIN)/python -m pytest $(XDIST) -m "not browser"

lint: install
	$(BIN)/ruff check dashboard data_access geo tests scripts
	$(BIN)/lint-imports

messages: install
	$(BIN)/python scripts/update_translations.py

# Benchmarks and load test: loopback only; figures are printed, never asserted.
bench: install browser
	$(BIN)/python bench/run.py

load: install browser
	$(BIN)/python bench/load.py

clean:
	rm -rf $(VENV) var *.egg-info
