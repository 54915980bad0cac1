# The WeGO Portal: `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1
PORT   ?= 8000
PYTEST_ARGS ?=

.PHONY: install run serve test worker beat lint format mypy imports messages compilemessages check-deploy clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py move_private_media
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

serve: install
	$(BIN)/gunicorn wego.wsgi:application --bind $(HOST):$(PORT) --workers 3

test: install
	$(BIN)/python -m pytest --cov --cov-report=term $(PYTEST_ARGS)

worker: install
	$(BIN)/celery -A wego worker --beat --scheduler django_celery_beat.schedulers:DatabaseScheduler --pool=solo --loglevel=info

lint: install
	$(BIN)/ruff check .

format: install
	$(BIN)/ruff format .

# Type-checked with django-stubs: the shared floor and every app's services and selectors.
MYPY_PATHS ?= wego $(wildcard */services */services.py */selectors.py)
mypy: install
	$(BIN)/mypy $(MYPY_PATHS)

# The layering contracts of pyproject.toml ([tool.importlinter]).
imports: install
	$(BIN)/lint-imports

messages: install
	$(BIN)/python manage.py makemessages -l ko --ignore=.venv --ignore=staticfiles --ignore=node_modules

compilemessages: install
	$(BIN)/python manage.py compilemessages --ignore=.venv

check-deploy: install
	DJANGO_ENV=production SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
	ALLOWED_HOSTS=portal.example.org $(BIN)/python manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) staticfiles .test-media
