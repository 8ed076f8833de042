# The two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2
PYTEST_ARGS ?=

.PHONY: run serve test install install-test system-packages clean backup restore

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements-test.txt $(VENV)/.installed
	$(BIN)/pip install -q -r requirements-test.txt
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

## make run: set up the embedded SQLite site with the demo content and serve it.
run: install
	@./scripts/system-packages.sh runtime
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py rebuild_search_index -v0
	$(BIN)/python manage.py collectstatic --noinput -v0
	@echo
	@echo "门户网站已启动: http://$(HOST):$(PORT)/"
	@echo "管理后台: http://$(HOST):$(PORT)/$${ADMIN_URL:-admin/}"
	@echo "创建管理员账号: $(BIN)/python manage.py createsuperuser"
	@echo "绑定身份验证器: $(BIN)/python manage.py two_factor_link <用户名> --site http://$(HOST):$(PORT)"
	@echo
	$(BIN)/gunicorn portal.wsgi --preload --bind $(HOST):$(PORT) --workers $(WORKERS) --access-logfile -

## make test: install what the tests need (system packages too, as root) and run them all.
test: install-test system-packages
	$(BIN)/python manage.py collectstatic --noinput -v0 --settings=portal.settings.test
	$(BIN)/pytest $(PYTEST_ARGS)

## make backup: database (pg_dump, or SQLite's backup API) and uploaded files into var/backups/portal-<date>-<time>.tar.gz.
backup: install
	$(BIN)/python manage.py backup

## make restore [ARCHIVE=var/backups/portal-….tar.gz]: into an empty, new database (the latest archive by default).
restore: install
	$(BIN)/python manage.py restore $(ARCHIVE) $(if $(REPLACE),--replace)

system-packages:
	@./scripts/system-packages.sh test

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
