# gongkai — two commands on a fresh machine with Python 3.11 and make:
#   make run    set everything up, load the demo data, start the site on http://127.0.0.1:8000 and the
#               background worker beside it (mails: shown in the terminal, kept in var/mail/)
#   make test   lint, type-check and run the whole suite (SQLite, then PostgreSQL when one answers)
#   make test-fast  the suite on SQLite without the tests marked slow, no lint (about a minute; see README)
#   make lock   re-resolve requirements/dev.lock after a change to pyproject.toml (UPGRADE=1: newest allowed)
#   make serve  production mode on this machine: gunicorn (4 workers), WhiteNoise and the background worker, no demo, plain HTTP
#               on 127.0.0.1 only, data in out/serve/ (docs/deployment.md for a real server)
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# Every install comes from the lock file (exact versions, made by uv from pyproject.toml's ranges:
# docs/dependencies.md); the stamp changes, and the next command re-installs, when either changes.
LOCK := requirements/dev.lock
UV_VERSION := 0.13.8
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml $(LOCK) | cksum | cut -d' ' -f1)
OUT := out/examples
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/test
HOST ?= 127.0.0.1:8000
SERVE_DIR ?= $(CURDIR)/out/serve

.PHONY: run serve examples test test-fast lint lock docs bench system-deps fonts clean

$(STAMP): pyproject.toml $(LOCK)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	rm -f $(VENV)/.installed-* && touch $@

# Re-resolves the lock from pyproject.toml, keeping every pinned version that still fits
# (UPGRADE=1 takes the newest each range allows). Nothing else writes the lock.
lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet uv==$(UV_VERSION)
	$(BIN)/uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 \
	  --custom-compile-command "make lock" $(if $(UPGRADE),--upgrade) --quiet -o $(LOCK)

# The background worker (huey: the mails of the outbox, the 08:00 digest) runs beside the site and
# stops with it. Without EMAIL_HOST the mails stay on this machine: shown in this terminal, kept in var/mail/.
run: $(STAMP)
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo
	@echo "网站：http://$(HOST)/   工作台：http://$(HOST)/work/   后台：http://$(HOST)/admin/   （Ctrl+C 停止）"
	@echo "后台任务（发送邮件通知）随网站启动；未设置 EMAIL_HOST 时，邮件显示在本终端并保存在 var/mail/"
	@export GONGKAI_SITE_URL=$${GONGKAI_SITE_URL:-http://$(HOST)}; \
	$(BIN)/python manage.py run_huey --quiet & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST) --insecure

# Production mode locally: a secret key made once and kept in $(SERVE_DIR), its own database there
# (SQLite unless DATABASE_URL says otherwise), no demo and no demo accounts. HTTPS is off because
# the server answers on 127.0.0.1 only; behind a real proxy it is on (docs/deployment.md).
serve: $(STAMP)
	@mkdir -p $(SERVE_DIR)
	@test -s $(SERVE_DIR)/secret-key || $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > $(SERVE_DIR)/secret-key
	@export GONGKAI_PRODUCTION=1 GONGKAI_HTTPS=0 GONGKAI_DATA_DIR=$(SERVE_DIR) \
	  GONGKAI_ALLOWED_HOSTS=127.0.0.1,localhost GONGKAI_SECRET_KEY=$$(cat $(SERVE_DIR)/secret-key); \
	$(BIN)/python manage.py migrate --no-input && \
	{ test -z "$$(find src $(STAMP) -newer $(SERVE_DIR)/static/staticfiles.json -path '*static*' -o -newer $(SERVE_DIR)/static/staticfiles.json -name '.installed-*' 2>&1 | head -1)" || \
	  $(BIN)/python manage.py collectstatic --no-input -v 0; } && \
	echo "生产模式：http://$(HOST)/ （gunicorn 4个进程和后台任务进程；没有示例账号，先用 manage.py createsuperuser 建立管理员；Ctrl+C 停止）" && \
	{ $(BIN)/python manage.py run_huey --quiet & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/gunicorn -c deploy/gunicorn.conf.py --bind $(HOST) gongkai.web.wsgi; }

examples: $(STAMP)
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
	$(BIN)/lint-imports --no-cache

test: lint
	$(BIN)/pytest -q
	@if $(BIN)/python -c "import psycopg; psycopg.connect('$(PG_TEST_URL)', connect_timeout=3).close()" 2>/dev/null; then \
	  echo "== 在 PostgreSQL 上再运行用到数据库的测试（$(PG_TEST_URL)） =="; \
	  DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest -q -m "django and not e2e"; \
	else \
	  echo "PostgreSQL 不可用（$(PG_TEST_URL)）：已跳过在 PostgreSQL 上的再次运行"; \
	fi

# Everything but the tests marked slow (each over about two seconds: the PDF and OCR readers, the
# Hypothesis properties over whole case histories, the demo); `make test` runs them all.
test-fast: $(STAMP)
	$(BIN)/pytest -q -m "not slow"

# The reference pages in docs/ are generated from the code (formats, rule codes with real
# example findings, the JSON Schema); a test fails when the checked-in ones are stale.
docs: $(STAMP)
	$(BIN)/python -m gongkai.annual_report.reference docs

bench: $(STAMP)
	$(BIN)/python -m bench
	$(BIN)/python -m bench.cases
	$(BIN)/python -m bench.report
	$(BIN)/python -m bench.oversight
	$(BIN)/python -m bench.search
	$(BIN)/python -m bench.search_index
	$(BIN)/python -m bench.pdf_pages
	$(BIN)/python -m bench.load

# Optional Debian packages some tests use (CJK fonts for PDF and the free 仿宋 of `make fonts`, LibreOffice and poppler for
# looking at DOCX output, Chromium for browser tests, Redis for the throttling test on Redis, libGL and
# GLib for the OpenCV that the OCR package loads, the PostgreSQL server's rum extension for search in
# date order); tests that need them skip without.
system-deps:
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk poppler-utils libreoffice-writer-nogui chromium libgl1 libglib2.0-0
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server
	# The rum extension for each PostgreSQL server installed here (search in date order: gongkai/search/rum.py).
	for server in $$(dpkg-query -W -f '$${db:Status-Abbrev}$${Package}\n' 'postgresql-[0-9]*' 2>/dev/null \
	    | sed -n 's/^ii *//p' | grep -E '^postgresql-[0-9]+$$'); do \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$server-rum; done
	$(MAKE) fonts

# Free substitutes for the official 公文 fonts (仿宋_GB2312, 方正小标宋简体, 黑体), which Debian lacks:
# FandolFang, FandolSong Bold and FandolHei (GPL with the font exception) from Debian's
# texlive-lang-chinese, fetched with apt, checked against deploy/fonts.sha256 and put where
# fontconfig looks, with aliases from the official names. The PDF renderer embeds them.
FONT_DIR ?= $(HOME)/.local/share/fonts/gongkai
FANDOL := usr/share/texlive/texmf-dist/fonts/opentype/public/fandol
fonts:
	@if (cd $(FONT_DIR) 2>/dev/null && sha256sum --quiet -c $(CURDIR)/deploy/fonts.sha256 2>/dev/null); then \
	  echo "字体已安装：$(FONT_DIR)"; \
	else \
	  rm -rf $(FONT_DIR)/.download && mkdir -p $(FONT_DIR)/.download && cd $(FONT_DIR)/.download && \
	  apt-get download texlive-lang-chinese && dpkg-deb -x texlive-lang-chinese_*.deb unpacked && \
	  cp unpacked/$(FANDOL)/FandolFang-Regular.otf unpacked/$(FANDOL)/FandolSong-Bold.otf \
	     unpacked/$(FANDOL)/FandolHei-Regular.otf $(FONT_DIR)/ && \
	  cd $(FONT_DIR) && rm -rf .download && sha256sum -c $(CURDIR)/deploy/fonts.sha256; \
	fi
	@mkdir -p $(HOME)/.config/fontconfig/conf.d
	@cp deploy/fontconfig-gongkai.conf $(HOME)/.config/fontconfig/conf.d/60-gongkai.conf
	@fc-cache -f $(FONT_DIR) >/dev/null 2>&1 || true

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache .hypothesis
