"""Log-in attempts limited per account and per client address, on every log-in page (staff and admin).

The middleware counts a log-in POST against the account and the address before any password is
checked (one atomic check and count: of many guesses sent at once, no more than the limit reach the
password), and refuses it once either has used up its attempts, so that while an account is locked
even the right password waits (a guesser learns nothing from it). A successful log-in gives its
attempt back and clears the account's count. A password checked anywhere else (Django's own signal)
counts its failure afterwards.

Weighed against django-axes: axes does the same with its own tables, backend and middleware and
answers a lockout without Retry-After; this is the site's one throttle (the shared counts, the
limits in GONGKAI_LIMITS, the same 429 page as /track/ and /apply/) in some seventy lines.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable
from typing import Any

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from gongkai.core import throttle
from gongkai.core.busy import busy_response, is_busy

logger = logging.getLogger(__name__)

# The attempt the middleware counted for the log-in request it is letting through.
_counted: weakref.WeakKeyDictionary[HttpRequest, throttle.Attempt] = weakref.WeakKeyDictionary()


def _account(username: object) -> str:
    return str(username or "").strip().lower()


def on_login_failed(
    sender: object, credentials: dict[str, Any], request: HttpRequest | None = None, **_: Any
) -> None:
    account = _account(credentials.get("username"))
    attempt = _counted.get(request) if request is not None else None
    if attempt is not None:  # counted by the middleware before the password was checked
        failures = attempt.counts.get("login.account")
    else:
        failures = throttle.count("login.account", account) if account else None
        if request is not None:
            throttle.count("login.address", throttle.client_address(request))
    if failures == throttle.limit("login.account").attempts:
        logger.warning("账号 %s 登录连续失败，已暂时锁定", account)


def on_logged_in(sender: object, request: HttpRequest | None, user: Any, **_: Any) -> None:
    attempt = _counted.pop(request, None) if request is not None else None
    if attempt is not None:
        attempt.give_back()
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
            account = _account(request.POST.get("username"))
            try:
                attempt = throttle.attempt(
                    *([("login.account", account)] if account else []),
                    ("login.address", throttle.client_address(request)),
                )
            except OperationalError as exc:  # raised here, outside the view: no middleware would catch it
                if is_busy(exc):
                    return busy_response(request)
                raise
            if attempt.wait:
                message = f"登录失败次数过多，为保护账号安全已暂时停止登录，{throttle.when(attempt.wait)}。忘记密码的，请联系系统管理员。"
                page = render(request, "429.html", {"title": "登录失败次数过多", "message": message})
                return throttle.too_many(page, attempt.wait)
            _counted[request] = attempt
            try:
                return self.get_response(request)
            finally:
                _counted.pop(request, None)
        return self.get_response(request)
