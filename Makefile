# The two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2
PYTEST_ARGS ?=

.PHONY: run serve test lint format install install-test system-packages clean backup restore bench

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

## make run: set up the embedded SQLite site with the demo content and serve it,
## with the task worker (db_worker) beside gunicorn; Ctrl-C stops both.
run: install
	@./scripts/system-packages.sh runtime
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py rebuild_search_index -v0
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/python manage.py tasks_schedule -v0
	@echo
	@echo "门户网站已启动: http://$(HOST):$(PORT)/"
	@echo "管理后台: http://$(HOST):$(PORT)/$${ADMIN_URL:-admin/}"
	@echo "创建管理员账号: $(BIN)/python manage.py createsuperuser"
	@echo "绑定身份验证器: $(BIN)/python manage.py two_factor_link <用户名> --site http://$(HOST):$(PORT)"
	@echo
	@echo "后台任务(网站体检、每日清理等)由 db_worker 执行,与网站一同启动;按 Ctrl-C 同时停止两者。"
	$(BIN)/python scripts/supervise.py \
		-- $(BIN)/gunicorn portal.wsgi --preload --bind $(HOST):$(PORT) --workers $(WORKERS) --access-logfile - \
		-- $(BIN)/python manage.py db_worker --no-reload

## make test: install what the tests need (system packages too, as root) and run them all.
test: install-test system-packages lint
	$(BIN)/python manage.py collectstatic --noinput -v0 --settings=portal.settings.test
	$(BIN)/pytest $(PYTEST_ARGS)

## make lint: ruff's lint rules and formatting (pyproject.toml); make test runs it first.
lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## make format: format the code and apply ruff's safe fixes.
format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

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

## make bench: seed BENCH_ARTICLES (default 100,000) once into the configured
## database (DATABASE_URL, else var/bench.sqlite3), run every benchmark and
## print one table of figures with the machine, database and date.
bench: install
	$(BIN)/python benchmarks/run_all.py
