"""What every registers page shares: the user, the agency in the address, rendering, downloads."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from gongkai.agencies.models import Agency
from gongkai.agencies.selectors import acting_agencies, readable_agencies
from gongkai.web.responses import download as download

READ_ONLY = "上级监督人员只能查看登记簿，不能登记或修改"


def user_of(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):  # login_required has run: never anonymous here
        raise PermissionDenied
    return user


def readable_agency(request: HttpRequest, agency_id: int) -> Agency:
    """The agency if the user may read it: 404 otherwise, whatever the id."""
    return get_object_or_404(readable_agencies(user_of(request)), pk=agency_id)


def acts_for(user: User, agency: Agency) -> bool:
    return acting_agencies(user).filter(pk=agency.pk).exists()


def require_acting(request: HttpRequest, agency: Agency) -> User:
    user = user_of(request)
    if not acts_for(user, agency):
        raise PermissionDenied(READ_ONLY)
    return user


def page(request: HttpRequest, template: str, context: dict[str, Any], *, status: int = 200) -> HttpResponse:
    user = user_of(request)
    context.setdefault("can_register", acting_agencies(user).exists())  # the workbench nav's 登记申请
    return render(request, template, context, status=status)


def index_url(agency: Agency, year: int | None = None) -> str:
    query = f"?agency={agency.pk}" + (f"&year={year}" if year else "")
    return reverse("registers:index") + query
