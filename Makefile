# Brobygger — everything a developer or CI needs, from a fresh clone.
SHELL := /bin/bash
UV ?= $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
MANAGE := $(UV) run --frozen python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# Debug is off by default in the settings (a deployment that forgets it is safe);
# every make target here is development, so it asks for it. Override: BROBYGGER_DEBUG=0 make ...
export BROBYGGER_DEBUG ?= 1

.PHONY: help install messages migrate demo run worker test test-fast e2e check lint typecheck format clean

help:
	@echo "make demo    install, migrate, load the demo network and serve it on http://$(HOST):$(PORT)"
	@echo "make test    run the whole test suite (SQLite)"
	@echo "make check   ruff, mypy, import-linter, makemigrations --check"
	@echo "make run     serve without reloading demo data; make worker runs the task worker and the scheduled jobs"

install:
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	# bytecode on disk: without it every process (each test worker, each command) compiles
	# every module again, seconds of CPU (docs/deploy.md, *Start-up*); quick once compiled
	$(UV) sync --frozen --compile-bytecode
	$(UV) run --frozen python -m compileall -q src
	@$(MAKE) --no-print-directory messages

messages:
	$(UV) run --frozen python -m brobygger.core.compile_messages

migrate: install
	$(MANAGE) migrate --noinput

demo: migrate
	BROBYGGER_SITE_URL=http://$(HOST):$(PORT) $(MANAGE) load_demo
	@echo "Serving on http://$(HOST):$(PORT)/ with the task worker and its scheduled jobs (Ctrl-C stops both)."
	@trap 'kill 0' EXIT INT TERM; \
	  BROBYGGER_SITE_URL=http://$(HOST):$(PORT) $(MANAGE) worker --verbosity 0 --no-reload & \
	  BROBYGGER_SITE_URL=http://$(HOST):$(PORT) $(MANAGE) runserver $(HOST):$(PORT)

run: migrate
	$(MANAGE) runserver $(HOST):$(PORT)

worker: migrate
	$(MANAGE) worker

test: install
	$(UV) run --frozen pytest -n auto --dist loadfile

check: install
	$(UV) run --frozen ruff check src tests bench manage.py
	$(UV) run --frozen ruff format --check src tests bench manage.py
	$(UV) run --frozen mypy
	$(UV) run --frozen lint-imports
	$(MANAGE) makemigrations --check --dry-run

format:
	$(UV) run --frozen ruff format src tests bench manage.py
	$(UV) run --frozen ruff check --fix src tests bench manage.py

clean:
	rm -rf .venv data staticfiles .pytest_cache .mypy_cache .ruff_cache
