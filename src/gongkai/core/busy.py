"""A database too busy to take a write in time: answered 503 with a Chinese message and when to try
again, never a bare 500.

On SQLite a writer waits for the write lock up to the busy timeout (`GONGKAI_SQLITE_TIMEOUT`, 20 s)
and then gets "database is locked"; on PostgreSQL a lock or statement timeout, a deadlock or a
serialization failure end the same way. The request's transaction has rolled back, so nothing
was written: the person may simply send it again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

logger = logging.getLogger("gongkai")

RETRY_AFTER_SECONDS = 5
BUSY_MESSAGE = f"系统正忙，您这次提交的内容没有保存，请在{RETRY_AFTER_SECONDS}秒后重新提交。"
# PostgreSQL: lock_not_available, query_canceled (statement/lock timeout), serialization_failure,
# deadlock_detected.
_BUSY_SQLSTATES = {"55P03", "57014", "40001", "40P01"}


def is_busy(exc: BaseException) -> bool:
    """Whether `exc` says the database could not take the work in time (rather than a fault)."""
    if not isinstance(exc, OperationalError):
        return False
    if "database is locked" in str(exc) or "database table is locked" in str(exc):
        return True
    cause = exc.__cause__
    return getattr(cause, "sqlstate", None) in _BUSY_SQLSTATES


def busy_response(request: HttpRequest) -> HttpResponse:
    logger.warning("数据库正忙，请求未完成：%s %s", request.method, request.path)
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse({"detail": BUSY_MESSAGE}, status=503)
    else:
        response = render(request, "503.html", {"message": BUSY_MESSAGE}, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class BusyDatabaseMiddleware:
    """Turns a busy database into 503 for the pages (the API's own handler does it for the API)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        return busy_response(request) if is_busy(exception) else None
