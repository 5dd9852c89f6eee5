# My Sister's House: everyday commands. `make help` lists them.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Two workers: one per core of the machines we run on. PYTEST_ARGS="-n 0" for one.
PYTEST_ARGS ?= -n 2 --dist loadfile

.DEFAULT_GOAL := help
.PHONY: help run serve test lint format messages install install-dev clean

help: ## List what this Makefile can do
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*## "}; {printf "  make %-12s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python requirements.txt
	$(BIN)/pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@touch $@

install: $(VENV)/.installed ## Create .venv and install the site's requirements

install-dev: $(VENV)/.installed-dev ## Also install the test and lint tools

# One line per step; the address and, on a first run, the admin's password last.
# Every link the site writes points at SITE_URL: the port served, unless set
# already. bootstrap_site moves the Wagtail site there, so migrate skips the check
# that would warn it has not moved yet; runserver runs the others.
run: export SITE_URL ?= http://127.0.0.1:$(PORT)
run: install ## Set everything up and serve the site on http://127.0.0.1:$(PORT)
	@echo "Preparing the database..."
	@$(BIN)/python manage.py migrate --noinput --verbosity 0 --skip-checks
	@$(BIN)/python manage.py bootstrap_site --verbosity 0
	@$(BIN)/python manage.py ensure_admin
	@$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install-dev ## Run the test suite (SQLite, or the database in DATABASE_URL)
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install-dev ## Check style, Django's system checks and missing migrations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

messages: install ## Gather the site's words into locale/*/django.po, and compile them (needs gettext)
	$(BIN)/python manage.py makemessages --all --no-obsolete --ignore=staticfiles --ignore=build
	$(BIN)/python manage.py compilemessages --ignore=.venv

format: install-dev ## Rewrite files to the project's style
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean: ## Remove the virtualenv, the local database and uploaded media
	rm -rf $(VENV) db.sqlite3 media staticfiles
