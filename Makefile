# Relais — the two commands of the quick start are `make run` and `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

UV_VERSION := 0.13.9
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
export UV_PYTHON_DOWNLOADS := never
export RASA_TELEMETRY_ENABLED := false
APP := .venv/bin
BOT := .venv-bot/bin
TEST_DATABASES ?= sqlite postgresql
# The NLU development set given with the project, or our own held-out set on a plain clone.
EVAL_SET ?= $(if $(wildcard ../shared/eval/nlu_dev.yml),../shared/eval/nlu_dev.yml,tests/nlu/holdout.yml)
ANSWERS_SET ?= eval/answers_dev.yml
DANGER_SET ?= eval/danger_dev.yml

.PHONY: help setup app-env bot-env model db run test lint typecheck pytest bot-lock eval eval-set bot-check browser

help:
	@echo "make run    set up both environments, train if needed, migrate, seed, start everything"
	@echo "make test   the same set-up, then lint, type checks and the whole test suite"
	@echo "make eval   train if needed, then score the NLU and the safety net on EVAL_SET, and"
	@echo "            the answer readers and the safety net on ANSWERS_SET and DANGER_SET"

.tools/bin/uv:
	python3 -m venv .tools
	.tools/bin/pip install --quiet "uv==$(UV_VERSION)"

app-env: $(UV)
	$(UV) sync --frozen --quiet

.venv-bot/.installed: bot/requirements.lock | $(UV)
	@test -x $(BOT)/python || $(UV) venv --quiet --python "$$(scripts/find-python310)" .venv-bot
	$(UV) pip sync --quiet --python $(BOT)/python bot/requirements.lock
	touch $@

bot-env: .venv-bot/.installed

bot-lock: $(UV)
	$(UV) pip compile --quiet --python-version 3.10 --python-platform x86_64-unknown-linux-gnu \
	  bot/requirements.in -o bot/requirements.lock

model: bot-env
	scripts/train-model

setup: app-env bot-env model

# The browser tests drive Debian's chromium (never a downloaded browser); a fresh machine lacks it.
browser:
	@test -x /usr/bin/chromium || scripts/install-chromium

eval-set:
	@test -f "$(EVAL_SET)" || { echo "evaluation set not found: $(EVAL_SET)" >&2; exit 2; }

# Intent accuracy, macro F1, emergency recall (NLU alone, NLU or safety net), confusion pairs;
# then the share of natural answers read right per question, and the safety net's recall and
# false alarms on phrasings with tense and context (eval/, docs/benchmarks.md).
eval: eval-set setup
	$(APP)/python scripts/eval_nlu.py --eval-set "$(EVAL_SET)" --model "$$(scripts/model-path)"
	$(APP)/python scripts/eval_answers.py --answers "$(ANSWERS_SET)" --danger "$(DANGER_SET)"

db: app-env
	$(APP)/relais db upgrade
	$(APP)/relais seed demo

run: setup db
	@$(APP)/relais info
	$(APP)/honcho start --no-prefix -f Procfile

lint: app-env
	$(APP)/ruff check .
	$(APP)/ruff format --check .

typecheck: app-env
	$(APP)/mypy

# The browser checks (tests/browser: axe-core, keyboard, reflow) look at the pages' HTML, which
# does not depend on the database: they run once, in the first database's pass.
pytest: setup browser
	@first=1; for db in $(TEST_DATABASES); do \
	  echo "=== test suite on $$db ==="; \
	  only_once=$$( [ $$first = 1 ] || echo --ignore=tests/browser ); first=0; \
	  RELAIS_TEST_DATABASE=$$db RELAIS_RASA_MODEL=$$(scripts/model-path) $(APP)/pytest $$only_once; \
	done

# The Rasa project: domain, rules and stories consistent; every conversation test story
# (bot/tests: every flow, every interruption) predicted exactly by the trained policies.
bot-check: setup
	scripts/check-bot

test: setup lint typecheck bot-check pytest
