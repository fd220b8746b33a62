# Guichet — the two commands a newcomer needs: `make demo` and `make test`.
# Both work on a fresh machine: they build .venv from the lock file, and start an
# embedded PostgreSQL and Redis when DATABASE_URL / REDIS_URL are not set.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements/dev.lock pyproject.toml setup.py | cksum | cut -d' ' -f1)

.PHONY: install demo test lint typecheck pytest bench lock clean messages

$(STAMP): requirements/dev.lock pyproject.toml setup.py
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv==0.13.9"
	$(BIN)/uv pip sync --quiet --python $(BIN)/python requirements/dev.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/python -m guichet.local.demo

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python infra/check_syntax.py

typecheck: install
	$(BIN)/python -m guichet.local.typecheck

pytest: install
	$(BIN)/pytest

test: lint typecheck pytest

bench: install
	$(BIN)/pytest tests/benchmarks -m benchmark -s -p no:cacheprovider

lock:
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 -o requirements/dev.lock
	$(BIN)/uv pip compile pyproject.toml --python-version 3.11 -o requirements/base.lock

# Gettext catalogues (needs GNU gettext): French is the source language, so the French
# catalogue repeats each msgid; English is translated by hand in its .po file.
messages: install
	rm -f platform/locale/fr/LC_MESSAGES/django.po  # rebuilt from scratch: no fuzzy guesses in the source language
	DJANGO_SETTINGS_MODULE=guichet.settings.dev $(BIN)/django-admin makemessages -l en -l fr --no-obsolete \
		--ignore=.venv --ignore=var --ignore=infra --ignore=tests
	msgen -o platform/locale/fr/LC_MESSAGES/django.po platform/locale/fr/LC_MESSAGES/django.po
	sed -i -e '/^#, fuzzy$$/d' -e 's/^"Language: \\n"/"Language: fr\\n"/' platform/locale/fr/LC_MESSAGES/django.po
	cd platform && DJANGO_SETTINGS_MODULE=guichet.settings.dev ../$(BIN)/django-admin compilemessages

clean:
	rm -rf $(VENV) var/test
