# gongkai — two commands on a fresh machine with Python 3.11 and make:
#   make run    set everything up, check the example reports and render them
#   make test   lint, type-check and run the whole suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
OUT := out/examples

.PHONY: run test lint bench system-deps clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	rm -f $(VENV)/.installed-* && touch $@

run: $(STAMP)
	@mkdir -p $(OUT)
	@$(BIN)/gongkai report check examples/ || test $$? -eq 1
	@for f in examples/*.*; do \
	  name=$$(basename "$${f%.*}"); \
	  $(BIN)/gongkai report convert "$$f" --to docx -o "$(OUT)/$$name.docx" 2>/dev/null && \
	  $(BIN)/gongkai report convert "$$f" --to html -o "$(OUT)/$$name.html" 2>/dev/null || exit 2; \
	done
	@echo "示例报告已检查完毕，渲染结果（DOCX、HTML）已写入 $(OUT)/"

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

test: lint
	$(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python -m bench

# Optional Debian packages some tests use (CJK fonts for PDF, LibreOffice and poppler for
# looking at DOCX output, Chromium for browser tests); tests that need them skip without.
system-deps:
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk poppler-utils libreoffice-writer-nogui chromium

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache .hypothesis
