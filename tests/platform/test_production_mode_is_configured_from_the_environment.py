"""Production mode (GONGKAI_PRODUCTION=1): it refuses to start without a secret key and host names,
`check --deploy` is clean under the environment docs/deployment.md documents
(deploy/gongkai.env.example), HTTPS works behind a proxy, and every page carries a
Content-Security-Policy that its own markup keeps (no inline script or style)."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from django.contrib.auth.models import User
from django.template import loader
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]
KEY = secrets.token_urlsafe(50)


def documented_environment() -> dict[str, str]:
    """deploy/gongkai.env.example as an administrator fills it in: a real secret key."""
    env = {}
    for line in (ROOT / "deploy" / "gongkai.env.example").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, value = line.partition("=")
            env[name] = value
    assert env["GONGKAI_SECRET_KEY"] == "replace-with-the-output-of-the-command-above"
    return env | {"GONGKAI_SECRET_KEY": KEY}


def run(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    # A fresh shell's environment, not the test run's (a browser test sets DJANGO_ALLOW_ASYNC_UNSAFE,
    # which check --deploy rightly reports).
    clean = {
        k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "PYTHONPATH")
    }
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=clean | {"DJANGO_SETTINGS_MODULE": "gongkai.web.settings"} | env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_production_refuses_to_start_without_a_secret_key_or_host_names() -> None:
    done = run(["manage.py", "check"], GONGKAI_PRODUCTION="1")
    assert done.returncode != 0
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith(
        "django.core.exceptions.ImproperlyConfigured: 生产模式（GONGKAI_PRODUCTION=1）无法启动"
    )
    assert "GONGKAI_SECRET_KEY（至少50个字符的随机串" in last
    assert "GONGKAI_ALLOWED_HOSTS（网站的域名" in last


def test_a_short_key_or_debug_is_refused_too() -> None:
    done = run(
        ["manage.py", "check"],
        GONGKAI_PRODUCTION="1",
        GONGKAI_SECRET_KEY="secret",
        GONGKAI_ALLOWED_HOSTS="gk.example.gov.cn",
        GONGKAI_DEBUG="1",
    )
    assert done.returncode != 0
    last = done.stderr.strip().splitlines()[-1]
    assert "GONGKAI_SECRET_KEY（至少50个字符" in last
    assert "GONGKAI_DEBUG 须关闭" in last
    assert "GONGKAI_ALLOWED_HOSTS" not in last


def test_the_wsgi_server_is_production_unless_told_otherwise() -> None:
    # gunicorn imports gongkai.web.wsgi: with nothing set, that is production, and it refuses.
    done = run(["-c", "import gongkai.web.wsgi"])
    assert done.returncode != 0
    assert "GONGKAI_SECRET_KEY" in done.stderr
    started = run(["-c", "import gongkai.web.wsgi"], **documented_environment())
    assert started.returncode == 0, started.stderr


@pytest.mark.slow
def test_check_deploy_is_clean_under_the_documented_environment() -> None:
    done = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **documented_environment())
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "System check identified no issues (0 silenced)."


@pytest.mark.slow
def test_the_demo_cannot_be_loaded_in_production() -> None:
    done = run(["manage.py", "load_demo"], **documented_environment())
    assert done.returncode != 0
    assert "生产模式（GONGKAI_PRODUCTION=1）下不能载入示例数据" in done.stderr


_SETTINGS = [
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_PROXY_SSL_HEADER",
    "CSRF_TRUSTED_ORIGINS",
    "ALLOWED_HOSTS",
    "SECURE_HSTS_SECONDS",
]


def production_settings() -> dict[str, Any]:
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {_SETTINGS!r}}}))"
    )
    done = run(["-c", script], **documented_environment())
    assert done.returncode == 0, done.stderr
    values: dict[str, Any] = json.loads(done.stdout)
    return values


@pytest.mark.slow
@pytest.mark.django_db
def test_behind_the_https_proxy_forms_work_and_cookies_stay_on_https(settings: Any, db: None) -> None:
    values = production_settings()
    assert values["CSRF_TRUSTED_ORIGINS"] == ["https://gk.example.gov.cn"]
    assert values["SECURE_HSTS_SECONDS"] == 31536000
    for name, value in values.items():
        setattr(settings, name, tuple(value) if name == "SECURE_PROXY_SSL_HEADER" else value)
    User.objects.create_user("clerk", password="a-long-password-1")
    client = Client(enforce_csrf_checks=True, HTTP_HOST="gk.example.gov.cn")
    # Plain HTTP straight to the server goes to HTTPS.
    plain = client.get("/login/")
    assert plain.status_code == 301
    assert plain["Location"] == "https://gk.example.gov.cn/login/"
    # Through the proxy (it sets X-Forwarded-Proto): the form, its cookie only over HTTPS, then the
    # log-in posted from the site's own origin is accepted, not refused as a forgery (403).
    proxied = {"HTTP_X_FORWARDED_PROTO": "https", "HTTP_ORIGIN": "https://gk.example.gov.cn"}
    form = client.get("/login/", **proxied)  # type: ignore[arg-type]
    assert form.status_code == 200
    assert form.cookies["csrftoken"]["secure"] is True
    assert "max-age=31536000" in form["Strict-Transport-Security"]
    token = form.cookies["csrftoken"].value
    posted = client.post(
        "/login/",
        {"username": "clerk", "password": "a-long-password-1", "csrfmiddlewaretoken": token},
        **proxied,  # type: ignore[arg-type]
    )
    assert posted.status_code == 302
    assert posted.cookies["sessionid"]["secure"] is True
    assert posted.cookies["sessionid"]["httponly"] is True
    # A page posted from another site is still refused.
    elsewhere = client.post(
        "/login/",
        {"username": "clerk", "password": "x", "csrfmiddlewaretoken": token},
        HTTP_X_FORWARDED_PROTO="https",
        HTTP_ORIGIN="https://evil.example.com",
    )
    assert elsewhere.status_code == 403


def inline_code(html: str) -> list[str]:
    tree = lxml.html.fromstring(html)
    found = [
        f"<script> {s.text_content()[:40]!r}"
        for s in tree.xpath("//script[not(@src)]")
        if s.get("type") != "application/json"
    ]
    found += [f"<style> {s.text_content()[:40]!r}" for s in tree.xpath("//style")]
    found += [f"style= on <{e.tag}>" for e in tree.xpath("//*[@style]")]
    found += [
        f"{a} on <{e.tag}>"
        for e in tree.iter()
        if isinstance(e.tag, str)
        for a in e.attrib
        if a.startswith("on")
    ]
    return found


PUBLIC = [
    "/",
    "/catalogue/",
    "/search?q=公开",
    "/apply/",
    "/track/",
    "/deadline/",
    "/login/",
    "/api/docs",
    "/admin/login/",
]
STAFF = ["/work/", "/work/catalogue/", "/work/catalogue/new/", "/work/registers/", "/work/tables/"]


@pytest.mark.django_db
def test_every_page_carries_the_policy_and_has_no_inline_script_or_style(clerk: User) -> None:
    public = Client()
    staff = Client()
    staff.force_login(clerk)
    for client, paths in ((public, PUBLIC), (staff, STAFF)):
        for path in paths:
            response = client.get(path, follow=True)
            assert response.status_code == 200, path
            policy = response["Content-Security-Policy"]
            assert "script-src 'self'" in policy, path
            assert "style-src 'self'" in policy, path
            assert "unsafe-inline" not in policy
            assert inline_code(response.content.decode()) == [], path
    assert inline_code(loader.render_to_string("500.html")) == []
