# Warta: a bilingual (Indonesian/English) news site built with Pelican.
# `make html` and `make test` bootstrap .venv from the pinned requirements.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CONTENT ?= content
OUTPUT ?= output
PORT ?= 8000
GITHUB_PAGES_BRANCH ?= gh-pages

# Values given on the command line (make new TITLE='…') or in the environment
# never reach a shell, and make does not expand a `$` in them: each is
# exported unexpanded as WARTA_<NAME> for bilingual.newsroom.targets, which
# reads it and runs the command without a shell. NAME itself is kept out of
# the environment, where make would expand it (and run any $(shell …) in it).
USER_VALUES := TITLE SLUG CATEGORY AUTHORS STORY CONTENT OUTPUT PORT SITEURL SSH_TARGET \
	GITHUB_PAGES_BRANCH JSON STRICT DEBUG NO_WAIT FULL
unexport $(USER_VALUES)
$(foreach name,$(USER_VALUES),$(eval export WARTA_$(name) := $$(value $(name))))
TARGET := PYTHONPATH=plugins $(BIN)/python -m bilingual.newsroom.targets

.PHONY: help html publish serve devserver clean test check messages new status translated \
	frontmatter github rsync_upload screenshots cms cms-install

help:
	@echo "make html       build the site into output/ (OUTPUT=...; a second build waits, NO_WAIT=1 stops;"
	@echo "                incremental: only what changed is rendered again; FULL=1 builds from scratch)"
	@echo "make publish    build the public site with absolute URLs (SITEURL=...)"
	@echo "make serve      serve output/ on http://127.0.0.1:8000/ (PORT=...)"
	@echo "make devserver  preview in output-preview/: rebuild on every change, drafts included"
	@echo "make test       run every test"
	@echo "make check      check a built output/: broken pages and links, CSP, hreflang, feeds..."
	@echo "make messages   extract theme strings and update the gettext catalogs"
	@echo "make new TITLE=\"...\" CATEGORY=... [SLUG=] [AUTHORS=]   scaffold a story in both languages"
	@echo "make status [JSON=1] [STRICT=1]   translation status and editorial advisories"
	@echo "make translated STORY=articles/2025/slug   record that its translations are current"
	@echo "make frontmatter STORY=articles/2025/slug   rewrite its header as YAML front matter,"
	@echo "                for the browser editor (every language; STORY=all: every story and page)"
	@echo "make github     make publish, then push output/ to the gh-pages branch"
	@echo "make rsync_upload SSH_TARGET=user@host:/var/www/site   make publish, then rsync"
	@echo "make screenshots   PNGs of home and story pages for the README (needs chromium)"
	@echo "make cms        the browser editor on this repository: http://localhost:8000/admin/ (PORT=...)"
	@echo "make cms-install   install the pinned Decap CMS (npm ci in cms/; make cms and make test run it)"
	@echo "make clean      remove output/ and caches"
	@echo "DEBUG=1 shows the Python traceback of a failed build."

# The stamps hold the checksums of what was installed: a file that is only
# newer (a fresh clone, a checkout) installs nothing when its bytes are the same.
$(BIN)/.installed: requirements.txt requirements-test.txt
	test -x $(BIN)/pip || { rm -rf $(VENV); $(PYTHON) -m venv $(VENV); }
	cksum requirements.txt requirements-test.txt | cmp -s - $@ || \
		$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	cksum requirements.txt requirements-test.txt > $@

# bilingual.newsroom.build: one build of a folder at a time; Pelican with
# --fatal warnings into output.tmp/, the search index, then output.tmp/ takes
# the place of output/ in one step, so output/ is never missing or half-built.
html: $(BIN)/.installed
	@$(TARGET) html

publish: $(BIN)/.installed
	@$(TARGET) publish

serve: $(BIN)/.installed
	@$(TARGET) serve

devserver: $(BIN)/.installed
	@$(TARGET) devserver

# pytest runs one worker per core (at most 4), each module's tests in one
# worker, so a module's fixtures are built once; the sites the session
# fixtures build are shared by the workers (tests/conftest.py, once_per_run).
# mypy type-checks plugins/bilingual/ strictly ([tool.mypy] in pyproject.toml).
# actionlint checks the publishing workflow; shellcheck and pyflakes stay
# off so the result is the same on every machine, whatever is installed.
test: $(BIN)/.installed cms/node_modules/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/actionlint -shellcheck= -pyflakes= .github/workflows/publish.yml
	$(BIN)/python -m pytest -n auto --maxprocesses 4 --dist loadscope --no-loadscope-reorder

messages: $(BIN)/.installed
	$(BIN)/pybabel extract --no-location -F theme/babel.cfg -o theme/translations/messages.pot theme/templates plugins/bilingual/body.py
	$(BIN)/pybabel update --no-fuzzy-matching -i theme/translations/messages.pot -d theme/translations

# The SITEURL the build used is read from its home page; a SITEURL given
# here must match it.
check: $(BIN)/.installed
	@$(TARGET) check

new: $(BIN)/.installed
	@$(TARGET) new

status: $(BIN)/.installed
	@$(TARGET) status

translated: $(BIN)/.installed
	@$(TARGET) translated

# The `Key: value` header of a story's files as YAML front matter, the same
# fields and body (newsroom/convert_header.py), so the browser editor reads it.
frontmatter: $(BIN)/.installed
	@$(TARGET) frontmatter

# The browser editor (docs/writers-guide.md, "Writing in the browser"): Decap
# CMS pinned by cms/package-lock.json, installed without running any package's
# install scripts; needed by make cms, make test and builds with BILINGUAL_CMS.
cms-install: cms/node_modules/.installed

cms/node_modules/.installed: cms/package.json cms/package-lock.json
	cksum cms/package.json cms/package-lock.json | cmp -s - $@ || \
		{ cd cms && npm ci --ignore-scripts --no-audit --no-fund; }
	cksum cms/package.json cms/package-lock.json > $@

# decap-server (writing into content/) and the live preview with /admin/ on.
cms: $(BIN)/.installed cms/node_modules/.installed
	@$(TARGET) cms

github: publish
	@$(TARGET) github

rsync_upload: publish
	@$(TARGET) rsync_upload

screenshots: $(BIN)/.installed
	$(BIN)/python tools/screenshots.py docs/screenshots

# The output folder's name reaches rm as one quoted argument: the shell
# substitutes the variable but runs and splits nothing in it.
clean:
	rm -rf -- "$$WARTA_OUTPUT" "$$WARTA_OUTPUT.tmp" "$$WARTA_OUTPUT.old" "$$WARTA_OUTPUT.lock" \
		"$$WARTA_OUTPUT.cache" "$$WARTA_OUTPUT-preview" "$$WARTA_OUTPUT-preview.tmp" \
		"$$WARTA_OUTPUT-preview.old" "$$WARTA_OUTPUT-preview.lock" "$$WARTA_OUTPUT-preview.cache" \
		cache .pytest_cache
	find . -name __pycache__ -not -path './$(VENV)/*' -prune -exec rm -rf {} +
