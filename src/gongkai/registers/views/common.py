"""What every registers page shares: the agency in the address, who may act for it, downloads."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse

from gongkai.agencies.models import Agency
from gongkai.agencies.selectors import acting_agencies, readable_agencies
from gongkai.core.pages import signed_in
from gongkai.web.responses import download as download

READ_ONLY = "上级监督人员只能查看登记簿，不能登记或修改"


def readable_agency(request: HttpRequest, agency_id: int) -> Agency:
    """The agency if the user may read it: 404 otherwise, whatever the id."""
    return get_object_or_404(readable_agencies(signed_in(request)), pk=agency_id)


def acts_for(user: User, agency: Agency) -> bool:
    return acting_agencies(user).filter(pk=agency.pk).exists()


def require_acting(request: HttpRequest, agency: Agency) -> User:
    user = signed_in(request)
    if not acts_for(user, agency):
        raise PermissionDenied(READ_ONLY)
    return user


def index_url(agency: Agency, year: int | None = None) -> str:
    query = f"?agency={agency.pk}" + (f"&year={year}" if year else "")
    return reverse("registers:index") + query
