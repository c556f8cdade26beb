# Warta: a bilingual (Indonesian/English) news site built with Pelican.
# `make html` and `make test` bootstrap .venv from the pinned requirements.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PELICAN := $(BIN)/pelican
CONTENT ?= content
OUTPUT ?= output
PORT ?= 8000
# Content errors and warnings stop the build: nothing is dropped silently.
PELICAN_FLAGS := --fatal warnings
NEWSROOM := PYTHONPATH=plugins $(BIN)/python -m bilingual.newsroom

.PHONY: help html publish serve devserver clean test check messages new status translated \
	github rsync_upload screenshots

help:
	@echo "make html       build the site into $(OUTPUT)/ (development settings)"
	@echo "make publish    build the public site with absolute URLs (SITEURL=...)"
	@echo "make serve      serve $(OUTPUT)/ on http://127.0.0.1:$(PORT)/"
	@echo "make devserver  preview in $(OUTPUT)-preview/: rebuild on every change, drafts included"
	@echo "make test       run every test"
	@echo "make check      check a built $(OUTPUT)/: broken pages and links, CSP, hreflang, feeds..."
	@echo "make messages   extract theme strings and update the gettext catalogs"
	@echo "make new TITLE=\"...\" [SLUG=] [CATEGORY=] [AUTHORS=]   scaffold a story in both languages"
	@echo "make status [JSON=1] [STRICT=1]   translation status and editorial advisories"
	@echo "make translated STORY=articles/2025/slug   record that its translations are current"
	@echo "make github     make publish, then push $(OUTPUT)/ to the gh-pages branch"
	@echo "make rsync_upload SSH_TARGET=user@host:/var/www/site   make publish, then rsync"
	@echo "make screenshots   PNGs of home and story pages for the README (needs chromium)"
	@echo "make clean      remove $(OUTPUT)/ and caches"

$(BIN)/.installed: requirements.txt requirements-test.txt
	test -x $(BIN)/pip || { rm -rf $(VENV); $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

# Build into a scratch folder, index it for search, and swap it in only when
# everything succeeded, so a broken story never leaves a half-written site.
define build
	rm -rf $(OUTPUT).tmp
	$(PELICAN) $(CONTENT) -s $(1) -o $(OUTPUT).tmp $(PELICAN_FLAGS)
	$(NEWSROOM).search_index $(OUTPUT).tmp
	rm -rf $(OUTPUT) && mv $(OUTPUT).tmp $(OUTPUT)
endef

html: $(BIN)/.installed
	$(call build,pelicanconf.py)

publish: $(BIN)/.installed
	$(call build,publishconf.py)

serve: $(BIN)/.installed
	$(PELICAN) --listen --bind 127.0.0.1 --port $(PORT) -s pelicanconf.py -o $(OUTPUT)

devserver: $(BIN)/.installed
	$(PELICAN) --autoreload --listen --bind 127.0.0.1 --port $(PORT) $(CONTENT) -s pelicanconf.py -o $(OUTPUT)-preview \
		-e BILINGUAL_PREVIEW_DRAFTS=true

test: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

messages: $(BIN)/.installed
	$(BIN)/pybabel extract --no-location -F theme/babel.cfg -o theme/translations/messages.pot theme/templates plugins/bilingual/body.py
	$(BIN)/pybabel update --no-fuzzy-matching -i theme/translations/messages.pot -d theme/translations

# The SITEURL the build used is read from its home page; a SITEURL given
# here must match it.
check: $(BIN)/.installed
	@$(NEWSROOM).check $(OUTPUT) $(if $(SITEURL),--siteurl "$(SITEURL)")

new: $(BIN)/.installed
	@test -n "$(TITLE)" || { echo 'usage: make new TITLE="..." [SLUG=...] [CATEGORY=...] [AUTHORS=...]'; exit 2; }
	@$(NEWSROOM) new "$(TITLE)" $(if $(SLUG),--slug "$(SLUG)") $(if $(CATEGORY),--category "$(CATEGORY)") $(if $(AUTHORS),--authors "$(AUTHORS)")

status: $(BIN)/.installed
	@$(NEWSROOM) status $(if $(JSON),--json) $(if $(STRICT),--strict)

translated: $(BIN)/.installed
	@test -n "$(STORY)" || { echo 'usage: make translated STORY=articles/2025/slug'; exit 2; }
	@$(NEWSROOM) translated "$(STORY)"

GITHUB_PAGES_BRANCH ?= gh-pages

github: publish
	$(BIN)/ghp-import -m "Publish site" -b $(GITHUB_PAGES_BRANCH) --no-jekyll $(OUTPUT)
	git push origin $(GITHUB_PAGES_BRANCH)

rsync_upload: publish
	@test -n "$(SSH_TARGET)" || { echo 'usage: make rsync_upload SSH_TARGET=user@host:/var/www/site'; exit 2; }
	rsync -e ssh -P -rvzc --delete $(OUTPUT)/ "$(SSH_TARGET)" --cvs-exclude

screenshots: $(BIN)/.installed
	$(BIN)/python tools/screenshots.py docs/screenshots

clean:
	rm -rf $(OUTPUT) $(OUTPUT).tmp $(OUTPUT)-preview cache .pytest_cache
	find . -name __pycache__ -not -path './$(VENV)/*' -prune -exec rm -rf {} +
