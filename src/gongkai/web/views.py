"""Site-wide views: the portal's front page, the CSRF failure page in Chinese."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from gongkai.catalogue.selectors import portal_front


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The portal's front: search, the newest 主动公开 items, browsing, and the 依申请公开 entry."""
    return render(request, "home.html", {"front": portal_front()})
