# The two commands the README opens with. Both do their own set-up on a fresh machine.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP_CORE := $(VENV)/.installed-core
STAMP_TEST := $(VENV)/.installed-test

.PHONY: demo test lint bench bench-e2e bench-scaling clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_CORE): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[cli,wiod,plan]'
	touch $@

$(STAMP_TEST): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(STAMP_CORE)

demo: $(STAMP_CORE)
	$(BIN)/interlabor demo --out results

test: $(STAMP_TEST)
	$(BIN)/python -m pytest

lint: $(STAMP_TEST)
	$(BIN)/python -m pip install --quiet ruff mypy
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy src

bench: $(STAMP_TEST)
	$(BIN)/python -m pip install --quiet psutil threadpoolctl
	$(BIN)/python benchmarks/bench_footprints.py

bench-e2e: $(STAMP_TEST)
	$(BIN)/python benchmarks/bench_e2e.py --repeat 3

bench-scaling: $(STAMP_TEST)
	$(BIN)/python benchmarks/bench_scaling.py

clean:
	rm -rf $(VENV) results build *.egg-info src/*.egg-info
