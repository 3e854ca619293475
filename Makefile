# Haven's two commands: `make run` and `make test`. Everything else here serves them.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HAVEN_DATA_DIR ?= $(CURDIR)/var
export HAVEN_DATA_DIR

.PHONY: run test lint format browser gettext catalogs messages clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP) catalogs
	$(BIN)/haven init
	$(BIN)/haven serve --host 127.0.0.1 --port 8000

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	HAVEN_SECRET_KEY=type-checking-only $(BIN)/mypy haven

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Browser tests drive Debian's chromium; install it when missing and we may (root).
browser:
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi
	@# The person's copy prints Tigrinya (Ethiopic script) and Chinese: Debian's fonts for them.
	@if ! { fc-list | grep -q Abyssinica && fc-list | grep -q "WenQuanYi Micro Hei"; } 2>/dev/null; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing fonts-sil-abyssinica and fonts-wqy-microhei for the person's copy"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
				fonts-sil-abyssinica fonts-wqy-microhei >/dev/null; \
		fi; \
	fi

# Translations (docs/languages.md): Django's compilemessages and makemessages call GNU gettext's
# msgfmt and xgettext; install Debian's gettext when missing and we may (root).
gettext:
	@if ! command -v msgfmt >/dev/null && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's gettext for the translation catalogs"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; \
	fi
	@command -v msgfmt >/dev/null || { echo "GNU gettext (msgfmt) is missing: install your system's gettext package"; exit 1; }

# Every app's haven/<app>/locale/*/LC_MESSAGES/django.po into its .mo (never committed).
catalogs: $(STAMP) gettext
	cd haven && ../$(BIN)/django-admin compilemessages --verbosity 0

# Refresh every app's catalogs from its templates and code (then fill in the new msgstr).
messages: $(STAMP) gettext
	@for locale in haven/*/locale; do \
		app=$$(dirname $$locale); echo "makemessages: $$app"; \
		(cd $$app && HAVEN_SECRET_KEY=makemessages-only DJANGO_SETTINGS_MODULE=haven.settings \
			$(CURDIR)/$(BIN)/django-admin makemessages -l ar -l es -l fr -l ru -l zh_Hans \
			--add-location=file --no-obsolete) || exit 1; \
	done

test: $(STAMP) lint browser catalogs
	$(BIN)/pytest

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
