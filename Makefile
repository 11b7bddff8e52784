# Two commands from a fresh machine: `make demo` and `make test`.
# Everything else is bootstrapped here: uv (into .tools/), then the project's
# virtual environment (.venv/) from the committed uv.lock.

PYTHON ?= python3
TOOLS  := .tools
UV     := $(TOOLS)/bin/uv
VENV   := .venv
RUN    := $(UV) run --frozen --no-sync
DEMO_DB := .demo/nextround-demo.sqlite

.PHONY: help setup system-deps demo test lint unit bench clean help-cache model evaluate rules

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check "uv>=0.4,<1"

$(VENV)/.synced: $(UV) uv.lock pyproject.toml
	UV_PYTHON=$(PYTHON) $(UV) sync --frozen --quiet --compile-bytecode
	@touch $@

setup: $(VENV)/.synced  ## create .venv with the locked dependencies

demo: setup  ## seed sample data into a demo SQLite database and walk the loop
	@rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	@mkdir -p .demo
	$(RUN) python -m nextround.demo --db $(DEMO_DB)

lint: setup  ## ruff, formatting, mypy --strict, import-linter
	$(RUN) ruff check src tests bench
	$(RUN) ruff format --check src tests bench
	$(RUN) mypy
	$(RUN) lint-imports

unit: setup  ## the tests only
	$(RUN) pytest -q

system-deps:  ## the system packages some tests drive for real (installed when root)
	@bash scripts/system-deps.sh

test: lint system-deps unit  ## lint and every test

model: setup  ## retrain the shipped models from corpus/ (deterministic for a seed)
	$(RUN) nextround model train

rules: setup  ## rewrite analysis/rules/compiled.json after editing analysis/rules/*.toml
	$(RUN) python -c "from nextround.analysis.ruletable import write_compiled; write_compiled()"

EVAL_DIR ?= ../shared/eval
evaluate: setup  ## cross-validate, check on the external set if present, write corpus/EVALUATION.md
	$(RUN) nextround model evaluate --eval-dir $(EVAL_DIR) --write corpus/EVALUATION.md

bench: setup  ## every benchmark (ratios against a baseline measured in the same run; minutes)
	$(RUN) python bench/startup.py
	$(RUN) python bench/analysis_speed.py
	$(RUN) python bench/mail_import.py
	$(RUN) python bench/history_import.py
	$(RUN) python bench/web_latency.py
	$(RUN) python bench/stats_speed.py

clean:  ## remove the environments and caches
	rm -rf $(TOOLS) $(VENV) .demo .pytest_cache .mypy_cache .ruff_cache

help-cache: setup  ## rewrite the cached `nextround --help` page after changing commands
	$(RUN) python -c "from nextround.cli import render_help; from nextround.__main__ import HELP_PAGE; HELP_PAGE.write_text(render_help(), encoding='utf-8')"
