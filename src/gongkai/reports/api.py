"""/api/reports/{agency}/{year} in the site's JSON API (django-ninja, listed in /api/openapi.json).

The report as the canonical JSON of `gongkai report schema`. Public once published (the newest
published revision, byte for byte as published: its SHA-256 is the report's content_sha256);
before that, the report as it reads now, to the agency's staff and its supervisors only. Anyone
else gets 404 as for a report that does not exist, as the API's JSON error.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpRequest, HttpResponse
from ninja import Router
from ninja.errors import HttpError
from ninja.params import P, PathEx

from gongkai.agencies.models import Agency, Role
from gongkai.agencies.permissions import member_roles
from gongkai.annual_report.renderers.json import render_json
from gongkai.applications.api.errors import NOT_FOUND
from gongkai.applications.schemas import MAX_ID, ErrorOut, ValidationErrorOut

from . import selectors
from .models import AnnualReport, Status

router = Router(tags=["年度报告"])


def readable_before_publication(user: User | AnonymousUser, agency: Agency) -> bool:
    """The agency's staff and its supervisors read a report before it is published."""
    return bool(member_roles(user, agency) - {Role.SUPERVISOR}) or selectors.supervises(user, agency)


def report_for(user: User | AnonymousUser, agency_id: int, year: int) -> AnnualReport | None:
    """The newest published revision; else, to those who may read it, the newest draft; else None."""
    agency = Agency.objects.filter(pk=agency_id).first()
    if agency is None:
        return None
    rows = AnnualReport.objects.filter(agency=agency, year=year).select_related("agency")
    report = rows.filter(status=Status.PUBLISHED).order_by("-revision").first()
    if report is not None:
        return report
    report = rows.order_by("-revision").first()
    if report is None or not readable_before_publication(user, agency):
        return None
    return report


@router.get(
    "/reports/{agency_id}/{year}",
    auth=None,
    response={200: dict[str, Any], 404: ErrorOut, 422: ValidationErrorOut},
    summary="政府信息公开工作年度报告（JSON）",
    description=(
        "机关某一年度的政府信息公开工作年度报告，格式同命令 `gongkai report schema` 的 JSON，键名同 DOMAIN.md "
        "规范键。已发布的报告无须登录即可查阅（返回最新发布的版本，与发布时完全一致）；未发布的报告只有本机关"
        "工作人员和上级监督人员可以查阅（返回按现时统计数字生成的报告）。其他情形返回404。"
    ),
    operation_id="annual_report",
)
def annual_report(
    request: HttpRequest,
    agency_id: PathEx[int, P(ge=1, le=MAX_ID, title="机关编号")],
    year: PathEx[int, P(ge=2008, le=9998, title="年度")],
) -> HttpResponse:
    report = report_for(request.user, agency_id, year)
    if report is None:
        raise HttpError(404, NOT_FOUND)
    response = HttpResponse(
        render_json(selectors.composed(report, with_previous=report.content is None)),
        content_type="application/json; charset=utf-8",
    )
    response["Cache-Control"] = (
        "public, max-age=300" if report.status == Status.PUBLISHED else "private, no-store"
    )
    return response
