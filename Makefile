# Two promises: `make run` serves the dashboard on the demo warehouse; `make test` passes the tests.
# Both work from a fresh clone: they create .venv, install, and build the warehouse when it is missing.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
export PYTHONPATH := $(CURDIR)
export STREAMLIT_BROWSER_GATHER_USAGE_STATS := false

.PHONY: run test setup warehouse system-deps lint unit e2e bench bench-scale bench-screen clean

run: setup warehouse
	$(PY) -m dashboard run

test: setup system-deps warehouse lint
	$(PY) -m pytest -q

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

warehouse: setup
	$(PY) -m dashboard build --if-missing

system-deps:
	@bash .ci/system-deps

lint: setup
	$(PY) -m ruff check dashboard tests benchmarks
	$(VENV)/bin/lint-imports

unit: setup warehouse
	$(PY) -m pytest -q -m "not e2e"

e2e: setup system-deps warehouse
	$(PY) -m pytest -q -m e2e

bench: setup warehouse
	$(PY) -m benchmarks.bench_queries
	$(PY) -m benchmarks.bench_workbench
	$(PY) -m benchmarks.bench_load
	$(PY) -m benchmarks.bench_maps

# 10M questionnaires and 5M visits: page times in Chromium beside a trivial page
# (for many viewers: .venv/bin/python -m benchmarks.bench_scale --viewers 20 --replicas 2).
bench-scale: setup system-deps warehouse
	$(PY) -m benchmarks.bench_scale

# The big screen left cycling in Chromium for an hour: server memory and its slope per hour (a day extrapolated).
bench-screen: setup system-deps warehouse
	$(PY) -m benchmarks.bench_screen --minutes 60 --every 30 --cycle 5

clean:
	rm -rf var test-artifacts .pytest_cache
