# The two commands the README opens with. Both do their own set-up on a fresh machine.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP_CORE := $(VENV)/.installed-core
STAMP_TEST := $(VENV)/.installed-test

.PHONY: demo test lint bench bench-e2e bench-scaling fuzz clean

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

# Longer fuzzing than `make test` does (docs/reliability.md): the hypothesis fuzz tests with
# FUZZ_SCALE times their cases, then atheris (coverage-guided) for FUZZ_SECONDS per reader.
FUZZ_SCALE ?= 20
FUZZ_SECONDS ?= 300
FUZZ_READERS ?= wiod2013 wiod2013-xlsx wiod2016 wiod2016-niot exiobase3 oecd eora26 gloria pymrio interlabor
fuzz: $(STAMP_TEST)
	INTERLABOR_FUZZ_SCALE=$(FUZZ_SCALE) INTERLABOR_FUZZ_REPORT=fuzz-report.json \
		$(BIN)/python -m pytest tests/fuzz -p no:cacheprovider -q
	@if $(BIN)/python -m pip install --quiet atheris; then \
		for r in $(FUZZ_READERS); do \
			$(BIN)/python tests/fuzz/atheris_fuzz.py $$r $(FUZZ_SECONDS) || exit 1; done; \
	else echo "atheris does not install here (no wheel for this Python): hypothesis part only"; fi

bench: $(STAMP_TEST)
	$(BIN)/python -m pip install --quiet psutil threadpoolctl
	$(BIN)/python benchmarks/bench_footprints.py

bench-e2e: $(STAMP_TEST)
	$(BIN)/python benchmarks/bench_e2e.py --repeat 3

bench-scaling: $(STAMP_TEST)
	$(BIN)/python benchmarks/bench_scaling.py

clean:
	rm -rf $(VENV) results build *.egg-info src/*.egg-info
