#################################################################################
# GLOBALS                                                                       #
#################################################################################

PROJECT_NAME = readouts
PYTHON_VERSION = 3.11
CORPUS ?= seeds
# where the report goes (the HTML under $(BUILD)/html)
BUILD ?= build
# SKIP_BAD=1 leaves out files that cannot be read; NAME_PATTERN='(?P<date>...)_...' reads metadata from file names
SKIP_BAD ?=
NAME_PATTERN ?=
# MAX_MB=50 reads documents up to 50 MB (default 10: a bigger one is usually many documents in one)
MAX_MB ?=
# notebook settings, e.g. PARAMS="kwic_terms='Taiwan; history' top_n=10" (readouts report --param NAME=VALUE)
PARAMS ?=
# The variables reach the command as environment variables, never as shell text: quotes, backticks, $ and
# spaces in them are data ($(value ...) keeps make from expanding a $ in them either).
export RO_CORPUS := $(value CORPUS)
export RO_BUILD := $(value BUILD)
export RO_SKIP_BAD := $(value SKIP_BAD)
export RO_NAME_PATTERN := $(value NAME_PATTERN)
export RO_MAX_MB := $(value MAX_MB)
export RO_PARAMS := $(value PARAMS)
# (and the originals are not exported: make would expand them to build the environment)
unexport CORPUS BUILD SKIP_BAD NAME_PATTERN MAX_MB PARAMS
REPORT_FLAGS := $${RO_SKIP_BAD:+--skip-bad} $${RO_NAME_PATTERN:+--name-pattern "$$RO_NAME_PATTERN"} \
	$${RO_MAX_MB:+--max-mb "$$RO_MAX_MB"} $${RO_PARAMS:+--params "$$RO_PARAMS"}

# Use the active virtualenv or conda environment (not conda's base); otherwise .venv.
ifneq ($(VIRTUAL_ENV),)
  ENV_DIR := $(VIRTUAL_ENV)
else ifneq ($(and $(CONDA_PREFIX),$(filter-out base,$(CONDA_DEFAULT_ENV))),)
  ENV_DIR := $(CONDA_PREFIX)
else
  ENV_DIR := .venv
endif
PYTHON := $(ENV_DIR)/bin/python
# Re-install when the pins or the package metadata change.
ENV_STAMP := $(ENV_DIR)/.readouts-installed

#################################################################################
# COMMANDS                                                                      #
#################################################################################

.DEFAULT_GOAL := help

## Set up the environment: .venv (or the active one) with requirements.txt and the package (with its Dask extra)
.PHONY: requirements
requirements: $(ENV_STAMP)

$(ENV_STAMP): requirements.txt requirements-dask.txt pyproject.toml
	@if [ ! -x "$(PYTHON)" ]; then \
		command -v python$(PYTHON_VERSION) >/dev/null 2>&1 && PY=python$(PYTHON_VERSION) || PY=python3; \
		echo ">>> creating $(ENV_DIR) with $$($$PY --version)"; \
		$$PY -m venv $(ENV_DIR); \
	fi
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -r requirements.txt -e '.[dask]'
	@touch $@

## Run the notebooks on CORPUS (default: seeds/) and render the HTML report into build/html/
.PHONY: report
report: $(ENV_STAMP)
	$(PYTHON) -m readouts report --corpus "$$RO_CORPUS" --build "$$RO_BUILD" $(REPORT_FLAGS)

## Run the tests (unit tests, notebooks executed with papermill, no outputs in git)
.PHONY: test
test: $(ENV_STAMP)
	$(PYTHON) -m pytest

## Open JupyterLab on the notebooks (token authentication stays on; as root, with --allow-root)
.PHONY: lab
lab: $(ENV_STAMP)
	@if [ "$$(id -u)" = 0 ]; then echo ">>> running as root: JupyterLab started with --allow-root (token authentication stays on)"; fi
	$(PYTHON) -m jupyterlab --notebook-dir=. $$([ "$$(id -u)" = 0 ] && echo --allow-root)

## Score every layer against hand coding (../shared/validation-data, validation/) into VALIDATION.md
.PHONY: validate
validate: $(ENV_STAMP)
	$(PYTHON) -m readouts validate

## Measure speed and memory of every stage against floors (seed, UN corpus or a synthetic one) into BENCHMARKS.md
.PHONY: bench
bench: $(ENV_STAMP)
	$(PYTHON) bench/bench.py

## Delete build outputs and caches (keeps .venv)
.PHONY: clean
clean:
	rm -rf build .pytest_cache
	find . -type d -name __pycache__ -not -path "./.venv/*" -prune -exec rm -rf {} +

#################################################################################
# Self-documenting help                                                         #
#################################################################################

## Show this help
.PHONY: help
help:
	@awk '/^## /{desc=substr($$0,4); next} /^[a-zA-Z_-]+:/{ if (desc) { split($$1,t,":"); printf "  make %-14s %s\n", t[1], desc; desc="" } }' $(MAKEFILE_LIST)
	@echo ""
	@echo "  make report CORPUS=path/to/texts   reruns every notebook on another corpus"
	@echo "  make report SKIP_BAD=1             leaves out files that cannot be read, and lists them"
	@echo "  make report PARAMS=\"kwic_terms='Taiwan; history' top_n=10\""
	@echo "                                     notebook settings (readouts report --param NAME=VALUE); an"
	@echo "                                     unknown NAME is an error that lists the known ones"
