# Everything sets itself up: a fresh clone needs only Python 3.11+ and make.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve test lint bench check package browser axe scorm-again clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamp files re-run the install when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

site: $(VENV)/.installed
	$(BIN)/mkdocs build --strict

serve: $(VENV)/.installed
	$(BIN)/mkdocs serve

check: $(VENV)/.installed
	$(BIN)/python -m generator check

# SCORM 1.2 and SCORM 2004 packages of the whole site, for an LMS, into dist/.
package: $(VENV)/.installed
	$(BIN)/python -m generator package --format scorm12
	$(BIN)/python -m generator package --format scorm2004

# Debian's chromium for the browser tests (Playwright's own download cannot work here)
# and poppler-utils (pdftotext, pdftoppm) for the print tests.
browser:
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="chromium"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	if [ -z "$$missing" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing$$missing with apt-get..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else echo "$$missing missing and this user cannot apt-get: browser tests will skip (fail under CI)."; fi

# axe-core for the browser tests' accessibility checks, pinned here (tests read this line)
# and installed with npm into the git-ignored .axe/; the stamp names the version.
AXE_CORE := 4.14.1
AXE_STAMP := .axe/node_modules/axe-core/.installed-$(AXE_CORE)

$(AXE_STAMP):
	rm -rf .axe
	npm install --prefix .axe --no-save --no-audit --no-fund --loglevel=error axe-core@$(AXE_CORE)
	touch $@

axe: $(AXE_STAMP)

# scorm-again, the LMS side of SCORM 1.2 and 2004 (MIT licence, in its package) that the
# LMS tests run the packages against, pinned here (tests read this line) and installed
# with npm into the git-ignored .scorm-again/.
SCORM_AGAIN := 3.4.3
SCORM_STAMP := .scorm-again/node_modules/scorm-again/.installed-$(SCORM_AGAIN)

$(SCORM_STAMP):
	rm -rf .scorm-again
	npm install --prefix .scorm-again --no-save --no-audit --no-fund --loglevel=error scorm-again@$(SCORM_AGAIN)
	touch $@

scorm-again: $(SCORM_STAMP)

# Code checks, then the scenarios' design warnings: any warning fails.
lint: $(VENV)/.installed-test
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/ruff format --check generator tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m generator lint --strict

test: $(VENV)/.installed-test browser axe scorm-again lint
	$(BIN)/python -m pytest

bench: $(VENV)/.installed-test
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf site .pytest_cache .mypy_cache .ruff_cache
