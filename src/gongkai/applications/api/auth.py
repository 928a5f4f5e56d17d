"""Signed in through the pages' Django session, with the pages' CSRF protection.

Anonymous callers get 401 before anything else is looked at; a signed-in caller's unsafe
request (POST) must carry the CSRF token (header X-CSRFToken, value of the csrftoken cookie).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.http import HttpRequest
from django.middleware.csrf import get_token
from ninja import Router
from ninja.errors import HttpError
from ninja.security import APIKeyCookie
from ninja.utils import check_csrf

from gongkai.agencies.models import Membership
from gongkai.core.names import person_name

from ..schemas import AgencyRef, ErrorOut, MembershipOut, MeOut
from .errors import CSRF_FAILED


class SessionAuth(APIKeyCookie):
    """ninja.security.django_auth, except that anonymous comes before CSRF (401, not 403)."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        if self.csrf and not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(403, CSRF_FAILED)
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return request.user if request.user.is_authenticated else None


session_auth = SessionAuth()


def signed_in_user(request: HttpRequest) -> User:
    """The caller; every operation but the public ones runs behind session_auth."""
    user = request.user
    if not isinstance(user, User):  # pragma: no cover (auth has already refused anonymous callers)
        raise HttpError(401, "请先登录后再使用此接口")
    return user


def display_name(user: User) -> str:
    """How a person is named in responses: full name if known, else the user name."""
    return person_name(user)


router = Router(tags=["账号"])


@router.get(
    "/me",
    response={200: MeOut, 401: ErrorOut},
    summary="当前登录人及其在各机关的角色",
    description="同时设置 csrftoken Cookie，供之后的 POST 请求放入 X-CSRFToken 请求头。",
    operation_id="me",
)
def me(request: HttpRequest) -> MeOut:
    user = signed_in_user(request)
    get_token(request)  # the CSRF middleware then sets the cookie on the response
    memberships = Membership.objects.filter(user=user).select_related("agency").order_by("agency__path")
    return MeOut(
        id=user.pk,
        username=user.get_username(),
        name=display_name(user),
        memberships=[
            MembershipOut(
                agency=AgencyRef(id=m.agency.pk, name=m.agency.name),
                role=m.role,
                role_label=m.get_role_display(),
            )
            for m in memberships
        ],
    )
