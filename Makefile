# AlleyWeb — `make run` serves the demo site, `make test` runs the whole suite. Both are idempotent.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
WORKERS ?= 2
export FLASK_APP := wsgi

.PHONY: install install-dev translations db demo run test test-fast test-stress test-tools screenshots bench lighthouse lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

translations: install
	$(BIN)/flask translate compile

db: install
	$(BIN)/flask db upgrade

demo: db
	$(BIN)/flask seed demo

run: translations demo
	@echo "AlleyWeb on http://$(HOST):$(PORT)/"
	GUNICORN_WORKERS=$(WORKERS) GUNICORN_BIND=$(HOST):$(PORT) $(BIN)/gunicorn -c gunicorn.conf.py wsgi:app

# The Nu HTML checker for the page gates (needs npm and Java 17; the tests say so if missing).
node_modules/vnu-jar/build/dist/vnu.jar: package.json
	@if command -v npm >/dev/null 2>&1; then npm install --ignore-scripts --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: HTML checker tests will be skipped"; fi

test-tools: node_modules/vnu-jar/build/dist/vnu.jar

# The suite in TEST_WORKERS processes (pytest-xdist; 0: in this one), a test module never split between
# two (its fixtures are built once), the slow groups' modules handed out first (tests/conftest.py, which
# also gives each process its own database; each has its own live server and browser).
# docs/PERFORMANCE.md, "Test suite time", has the figures.
TEST_WORKERS ?= 2
XDIST := -n $(TEST_WORKERS) --dist loadscope --no-loadscope-reorder

test: install-dev translations test-tools
	$(BIN)/python -m pytest $(XDIST) $(PYTEST_ARGS)

# Everything but the slow groups (pytest.ini's markers, applied in tests/conftest.py): the browser gates,
# load and fault runs, fuzzing and the few slow tests. For the edit-test loop; `make test` before pushing.
test-fast: install-dev translations
	$(BIN)/python -m pytest $(XDIST) -m "not browser and not load and not fuzz and not slow" $(PYTEST_ARGS)

# The browser gates, saving a full-page screenshot of every page they check in test-artifacts/screenshots/
# (tests/browser/gates.py, SCREENSHOTS): for looking at the pages, at 375 px above all.
screenshots: install-dev translations test-tools
	ALLEYWEB_SCREENSHOTS=1 $(BIN)/python -m pytest $(XDIST) -m browser $(PYTEST_ARGS)

# The browser gates and the server/worker/fault tests, 3 times in a row, with every core kept busy.
test-stress: install-dev translations test-tools
	$(BIN)/python tests/stress.py $(STRESS_ARGS)

bench: install-dev translations
	$(BIN)/python benchmarks/pages.py

lighthouse: install translations
	bash benchmarks/lighthouse.sh

lint: install-dev
	$(BIN)/ruff check alleyweb tests benchmarks migrations wsgi.py
	$(BIN)/flask translate check

clean:
	rm -rf $(VENV) node_modules test-artifacts .pytest_cache
