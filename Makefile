# Everything sets itself up: a fresh clone needs only Python 3.11+ and make.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve test lint bench check package browser axe scorm-again engines zensical \
	properdocs lock upgrade clean

# Every package is installed from a lock file in requirements/, pinned with its hashes:
#   lock.txt       the site (make site, serve, check, package)
#   lock-test.txt  the same versions plus the test tools (make test, lint, bench)
#   zensical.txt, properdocs.txt  the two other engines' environments (make engines)
#   pyyaml-oldest.txt  the oldest PyYAML the loader is tested with (tests/test_loader.py)
#   tools.txt      uv, which writes the lock files (make lock, make upgrade)
# The project itself is installed editable on top, without its dependencies.
LOCK      := requirements/lock.txt
TEST_LOCK := requirements/lock-test.txt
PIP_HASHED := -m pip install --require-hashes --no-input --disable-pip-version-check

# $(call quietly,LOG,COMMANDS): run COMMANDS with their output in LOG, shown only when
# they fail (pip's notes about this machine's package sources are noise otherwise).
quietly = ( $(2) ) >$(1) 2>&1 || { cat $(1); echo "make: installing failed; the output above is in $(1)" >&2; exit 1; }

$(BIN)/python:
	@echo "Creating $(VENV)..."
	@$(PYTHON) -m venv $(VENV)

# Stamp files re-run an install when its lock file (or pyproject.toml) changes.
$(VENV)/.installed: $(LOCK) pyproject.toml | $(BIN)/python
	@echo "Installing the packages pinned in $(LOCK) into $(VENV)..."
	@$(call quietly,$(VENV)/install.log,\
		$(BIN)/python $(PIP_HASHED) -r $(LOCK) && \
		$(BIN)/python -m pip install --no-deps --no-build-isolation -e . && \
		$(BIN)/python -m pip check)
	@touch $@

$(VENV)/.installed-test: $(TEST_LOCK) $(VENV)/.installed
	@echo "Installing the test tools pinned in $(TEST_LOCK) into $(VENV)..."
	@$(call quietly,$(VENV)/install.log,\
		$(BIN)/python $(PIP_HASHED) -r $(TEST_LOCK) && $(BIN)/python -m pip check)
	@touch $@

# The other engines, each in its own environment built from its own lock file (the engine
# tests run them). Zensical builds the plugin-free output of `python -m generator pages`;
# ProperDocs, a continuation of MkDocs 1.x, runs our plugin, so its environment also holds
# Material and the project.
ZENSICAL   := 0.0.73
PROPERDOCS := 1.6.7

.venv-zensical/.installed: requirements/zensical.txt
	@echo "Installing Zensical $(ZENSICAL) into .venv-zensical..."
	@rm -rf .venv-zensical
	@$(PYTHON) -m venv .venv-zensical
	@$(call quietly,.venv-zensical/install.log,\
		.venv-zensical/bin/python $(PIP_HASHED) -r requirements/zensical.txt && \
		.venv-zensical/bin/python -m pip check)
	@touch $@

.venv-properdocs/.installed: requirements/properdocs.txt pyproject.toml
	@echo "Installing ProperDocs $(PROPERDOCS) and the project into .venv-properdocs..."
	@rm -rf .venv-properdocs
	@$(PYTHON) -m venv .venv-properdocs
	@$(call quietly,.venv-properdocs/install.log,\
		.venv-properdocs/bin/python $(PIP_HASHED) -r requirements/properdocs.txt && \
		.venv-properdocs/bin/python -m pip install --no-deps --no-build-isolation -e . && \
		.venv-properdocs/bin/python -m pip check)
	@touch $@

zensical: .venv-zensical/.installed
properdocs: .venv-properdocs/.installed
engines: zensical properdocs

# `make lock` brings the lock files in line with pyproject.toml (after adding or changing
# a dependency) and keeps every other pin; `make upgrade` takes the newest release of
# everything that pyproject.toml allows. Run `make test` after either, and commit
# requirements/ with the change. uv resolves from the public index alone, ignoring pip's
# configuration, for every platform and Python 3.11+, with the hashes of every file.
UV := $(BIN)/uv
PYYAML_OLDEST := 6.0
# $(call compile,INPUT,OUTPUT,OPTIONS): write the lock file OUTPUT for the requirement lines
# that INPUT prints, plus OPTIONS (more inputs, -c for the versions to keep to).
compile = @echo "Writing $(strip $(2))"; ( $(1) ) | $(UV) pip compile --quiet --universal \
	--python-version 3.11 --generate-hashes --no-header --annotation-style line \
	$(UPGRADE) - $(3) -o $(strip $(2))
# What the lock of an environment with the project adds to its dependencies: the build
# backend that the editable install uses, and pip itself.
BUILD_REQUIREMENTS = $(BIN)/python -c "import tomllib; \
	print(*tomllib.load(open('pyproject.toml', 'rb'))['build-system']['requires'], 'pip', sep='\n')"

$(UV): requirements/tools.txt | $(BIN)/python
	@$(call quietly,$(VENV)/uv-install.log,$(BIN)/python $(PIP_HASHED) -r requirements/tools.txt)
	@touch $@

lock: UPGRADE :=
upgrade: UPGRADE := --upgrade
lock upgrade: $(UV)
	$(call compile,$(BUILD_REQUIREMENTS),$(TEST_LOCK),pyproject.toml --extra test)
	$(call compile,$(BUILD_REQUIREMENTS),$(LOCK),pyproject.toml -c $(TEST_LOCK))
	$(call compile,$(BUILD_REQUIREMENTS); echo properdocs==$(PROPERDOCS),\
		requirements/properdocs.txt,pyproject.toml -c $(LOCK))
	$(call compile,echo zensical==$(ZENSICAL),requirements/zensical.txt)
	$(call compile,echo pyyaml==$(PYYAML_OLDEST),requirements/pyyaml-oldest.txt)
	$(call compile,echo uv,requirements/tools.txt)

site: $(VENV)/.installed
	$(BIN)/mkdocs build --strict

serve: $(VENV)/.installed
	$(BIN)/mkdocs serve

check: $(VENV)/.installed
	$(BIN)/python -m generator check

# SCORM 1.2 and SCORM 2004 packages of the whole site, for an LMS, into dist/, and
# SCORM 2004 once more as one package per scenario (for Moodle's 2004 player).
package: $(VENV)/.installed
	$(BIN)/python -m generator package --format scorm12
	$(BIN)/python -m generator package --format scorm2004
	$(BIN)/python -m generator package --format scorm2004 --one-per-scenario

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

test: $(VENV)/.installed-test browser axe scorm-again engines lint
	$(BIN)/python -m pytest

bench: $(VENV)/.installed-test
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf site .pytest_cache .mypy_cache .ruff_cache
