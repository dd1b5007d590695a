# The front door. `make report` sets up and builds the report from the data in raw/;
# `make test` sets up and runs the tests. Both create .venv from requirements.lock.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: report concept preview watch test test-fast lint format benchmark benchmark-scale clean

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

report: $(STAMP)
	$(BIN)/enquete build

concept: $(STAMP)
	$(BIN)/enquete build --concept

# Live preview for writing tekst/: http://127.0.0.1:8000, a saved text shows within a second.
preview: report
	$(BIN)/enquete preview

# Rebuild on every saved input (answers, examples, codebook, templates); stop with Ctrl+C.
watch: $(STAMP)
	$(BIN)/enquete build --watch

test: $(STAMP)
	HYPOTHESIS_PROFILE=$${HYPOTHESIS_PROFILE:-ci} $(BIN)/python -m pytest -n auto --dist loadfile

# The tests that build nothing and open no browser: under a minute, for while you work.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -n auto -m "not slow"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/snakefmt --check Snakefile

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/snakefmt Snakefile

benchmark: $(STAMP)
	$(BIN)/python benchmarks/build_time.py

benchmark-scale: $(STAMP)
	$(BIN)/python benchmarks/scale.py

clean:
	rm -rf processed analysis report site .snakemake .site.new .site.old .site.pdf .preview .enquete-cache
