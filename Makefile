# Haven's two commands: `make run` and `make test`. Everything else here serves them.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HAVEN_DATA_DIR ?= $(CURDIR)/var
export HAVEN_DATA_DIR

.PHONY: run test lint format browser clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
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

test: $(STAMP) lint browser
	$(BIN)/pytest

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
