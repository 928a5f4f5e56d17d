"""Browser tests: headless Debian Chromium driven by Playwright against pytest-django's live server.

Select them with `pytest -m e2e`, leave them out with `-m "not e2e"`. They never download a
browser (`playwright install` is not used): without /usr/bin/chromium they are skipped.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connections

from tests.applications.test_notices_reach_a_real_mail_server_once import MailServer, free_port

HERE = Path(__file__).parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still
# plain synchronous ones, which Django would otherwise refuse inside a running loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "e2e: end-to-end test in a headless browser (needs /usr/bin/chromium)")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder is marked `e2e`, whatever its file says: a browser test that
    forgot the mark would start Playwright in the PostgreSQL run (`-m "django and not e2e"`)."""
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture
def mail_server(settings: Any) -> Iterator[MailServer]:
    """A real SMTP server on 127.0.0.1 (aiosmtpd) that the site's mail goes to."""
    server = MailServer(free_port())
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", server.port, 5
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser(django_db_setup: None) -> Iterator[Any]:
    """One Chromium for the session, stopped before the test database is dropped.

    While Playwright runs, its event loop counts as running in this thread, so Django (asgiref's
    Local) gives this thread's code a second set of database connections, the loop's own, for the
    rest of the session: every test after the first browser test, and the session's demo, query
    through them. They are closed here, while the loop still runs; left open, PostgreSQL refuses
    to drop the test database ("is being accessed by other users").
    """
    if not CHROMIUM.exists():
        pytest.skip(f"浏览器测试需要 Debian 的 chromium（{CHROMIUM} 不存在）")
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright (Python package) is not installed"
    )
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        connections.close_all()
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="zh-CN", accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
