"""Log-in attempts limited per account and per client address, on every log-in page (staff and admin).

Failures are counted from Django's own signal, whatever form or backend checked the password; the
middleware refuses a log-in POST before any password is checked once the account or the address
has used up its attempts, so that while an account is locked even the right password waits
(a guesser learns nothing from it). A successful log-in clears the account's count.

Weighed against django-axes: axes does the same with its own tables, backend and middleware and
answers a lockout without Retry-After; this is the site's one throttle (the shared cache, the
limits in GONGKAI_LIMITS, the same 429 page as /track/ and /apply/) in some fifty lines.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from gongkai.core import throttle

logger = logging.getLogger(__name__)


def _account(username: object) -> str:
    return str(username or "").strip().lower()


def on_login_failed(
    sender: object, credentials: dict[str, Any], request: HttpRequest | None = None, **_: Any
) -> None:
    account = _account(credentials.get("username"))
    if account and throttle.count("login.account", account) == throttle.limit("login.account").attempts:
        logger.warning("账号 %s 登录连续失败，已暂时锁定", account)
    if request is not None:
        throttle.count("login.address", throttle.client_address(request))


def on_logged_in(sender: object, request: HttpRequest | None, user: Any, **_: Any) -> None:
    throttle.forget("login.account", _account(user.get_username()))


def connect() -> None:
    user_login_failed.connect(on_login_failed, dispatch_uid="gongkai.login_throttle.failed")
    user_logged_in.connect(on_logged_in, dispatch_uid="gongkai.login_throttle.logged_in")


class LoginThrottleMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.paths: set[str] | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.paths is None:
            self.paths = {reverse("login"), reverse("admin:login")}
        if request.method == "POST" and request.path in self.paths:
            wait = max(
                throttle.wait_for("login.account", _account(request.POST.get("username"))),
                throttle.wait_for("login.address", throttle.client_address(request)),
            )
            if wait:
                message = f"登录失败次数过多，为保护账号安全已暂时停止登录，{throttle.when(wait)}。忘记密码的，请联系系统管理员。"
                page = render(request, "429.html", {"title": "登录失败次数过多", "message": message})
                return throttle.too_many(page, wait)
        return self.get_response(request)
