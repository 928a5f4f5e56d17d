"""/api/agencies/{id}/tables/{year}: tables 三 and 四 worked out from the cases."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router
from ninja.errors import HttpError
from ninja.params import P, PathEx

from gongkai.agencies.selectors import readable_agencies

from ..schemas import MAX_ID, ErrorOut, TablesOut, ValidationErrorOut
from ..selectors import annual_tables
from .auth import signed_in_user
from .errors import NOT_FOUND

router = Router(tags=["年度报告"])

# Tables 三 and 四 are the ones the cases produce; the others come from other registers.
CASE_TABLES = ("applications", "appeals")


@router.get(
    "/agencies/{agency_id}/tables/{year}",
    response={200: TablesOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut},
    summary="年度报告表三、表四",
    description=(
        "由申请办理记录统计的表三（applications）和表四（appeals），键名同 DOMAIN.md 规范键。"
        "subtree=true 汇总该机关及其全部下级机关，须对其中每个机关都有查阅权限（上级监督），否则返回403。"
        "无权查阅的机关返回404。"
    ),
    operation_id="agency_tables",
)
def agency_tables(
    request: HttpRequest,
    agency_id: PathEx[int, P(ge=1, le=MAX_ID, title="机关编号")],
    year: PathEx[int, P(ge=2008, le=9998, title="年度")],
    subtree: bool = False,
) -> TablesOut:
    readable = readable_agencies(signed_in_user(request))
    agency = readable.filter(pk=agency_id).first()
    if agency is None:
        raise HttpError(404, NOT_FOUND)
    if subtree and agency.subtree().exclude(pk__in=readable.values("pk")).exists():
        raise HttpError(403, "您无权查阅该机关的全部下级机关，不能汇总（subtree=true 仅供上级监督使用）")
    report = annual_tables(agency, year, subtree=subtree)
    data = report.to_dict()
    return TablesOut(
        agency=data["agency"],
        year=data["year"],
        edition=data["edition"],
        tables={key: data["tables"][key] for key in CASE_TABLES},
    )
