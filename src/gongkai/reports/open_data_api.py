"""/api/open-data: the published annual reports as data, in the site's JSON API (public).

The same reports as /open-data/<year>.json (open_data.py), a page at a time, and the years
there are. Only the newest published revision of each agency's report; nothing unpublished.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.params import P, PathEx

from gongkai.applications.schemas import ErrorOut, ValidationErrorOut

from . import open_data

router = Router(tags=["开放数据"])

NO_YEAR = "该年度没有已发布的年度报告"


class YearOut(Schema):
    year: int = Field(title="年度")
    agencies: int = Field(title="发布了该年度报告的机关数")
    csv: str = Field(title="CSV下载地址")
    json_url: str = Field(title="JSON下载地址")
    api: str = Field(title="分页接口地址")


class PageQuery(Schema):
    page: int = Field(1, title="页码", ge=1, le=100_000)
    page_size: int = Field(50, title="每页报告数", ge=1, le=200)


class OpenDataPage(Schema):
    year: int = Field(title="年度")
    count: int = Field(title="该年度发布了报告的机关总数")
    page: int = Field(title="页码")
    page_size: int = Field(title="每页报告数")
    results: list[dict[str, Any]] = Field(
        title="报告",
        description="每个机关一项：agency_id、agency、org_code、level、year、revision、published_on、"
        "content_sha256，和 report（规范JSON，同 /api/reports/{agency_id}/{year}）",
    )


@router.get(
    "/open-data",
    auth=None,
    response={200: list[YearOut]},
    summary="开放数据：有已发布年度报告的年度",
    description="各年度已发布年度报告的机关数和下载地址，新年度在前。",
    operation_id="open_data_years",
)
def open_data_years(request: HttpRequest) -> list[YearOut]:
    return [
        YearOut(
            year=y.year,
            agencies=y.agencies,
            csv=reverse("open_data:csv", args=[y.year]),
            json_url=reverse("open_data:json", args=[y.year]),
            api=f"/api/open-data/{y.year}",
        )
        for y in open_data.years()
    ]


@router.get(
    "/open-data/{year}",
    auth=None,
    response={200: OpenDataPage, 404: ErrorOut, 422: ValidationErrorOut},
    summary="开放数据：一个年度已发布的年度报告",
    description=(
        "该年度每个机关最新发布的年度报告（更正后的取代被更正的），按机关目录顺序分页。"
        "未发布的报告（草稿、审签中、已报送、退回、已接收）一律不在其中；上级收集的不在本平台上的单位的报告也不在其中。"
        "该年度没有已发布的报告时返回404；页码超出时返回空的 results。"
    ),
    operation_id="open_data_year",
)
def open_data_year(
    request: HttpRequest,
    year: PathEx[int, P(ge=2008, le=9998, title="年度")],
    query: Query[PageQuery],
) -> HttpResponse | OpenDataPage:
    found = open_data.year_page(year, query.page, query.page_size)
    if found.count == 0:
        raise HttpError(404, NO_YEAR)
    return OpenDataPage(
        year=found.year, count=found.count, page=found.page, page_size=found.page_size, results=found.results
    )
