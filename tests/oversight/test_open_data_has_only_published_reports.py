"""Open data (/open-data/, /api/open-data): the year's published reports as CSV and JSON, and
nothing else.

2025, worked out by hand: 东风镇 published (its 行政许可 本年处理决定数量 typed in as 12), then
started a correction typing 15 (a draft: not public); 自然资源局 filed, 财政局 filed and returned,
教育局 a draft, and the supervisor collected a file for 规划服务中心 (not on the platform). Only
东风镇's revision 1 is open data. A 2025 report is in the E2021 format: 200 cells (表二 6 + 1 + 2
+ 1, 表三 25 rows × 7 columns, 表四 15), so the CSV has 200 rows after its header.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from gongkai.agencies.models import Level
from gongkai.oversight import actions
from gongkai.oversight.models import CollectedReport, CollectedState, UnitKind
from gongkai.reports import actions as report_actions
from gongkai.reports.models import AnnualReport
from tests.oversight.oversight_fixtures import Tree, day, draft, file, publish, staff, tree
from tests.reports.reports_fixtures import People, drafted, filed
from tests.travel import travel_to

pytestmark = pytest.mark.django_db
__all__ = ["tree"]

LICENCE = "art20_5.license.decisions"


def _set_up(t: Tree) -> AnnualReport:
    with travel_to(day(2026, 1, 5)):
        roster = actions.build_roster(acting_user=t.supervisor, agency=t.county, year=2025)
        unit = actions.add_unit(
            acting_user=t.supervisor,
            roster=roster,
            version=roster.version,
            name="示例县规划服务中心",
            kind=UnitKind.OTHER,
            level=Level.COUNTY,
        )
    people = staff(t.town, t.supervisor)
    with travel_to(day(2026, 1, 10)):
        report = drafted(t.town, people)
        report = report_actions.set_override(
            acting_user=people.clerk,
            report=report,
            version=report.version,
            cell=LICENCE,
            value="12",
            reason="台账",
        )
        town = publish(filed(t.town, people, report), t.supervisor)
    with travel_to(day(2026, 2, 1)):
        correction = report_actions.correct(
            acting_user=people.clerk, report=town, version=town.version, note="许可决定数有误"
        )
        report_actions.set_override(
            acting_user=people.clerk,
            report=correction,
            version=correction.version,
            cell=LICENCE,
            value="15",
            reason="核对台账",
        )
    with travel_to(day(2026, 1, 20)):
        file(t.land, t.supervisor)
        finance = file(t.finance, t.supervisor)
        report_actions.return_with_comments(
            acting_user=t.supervisor, report=finance, version=finance.version, comments="请补充第五部分"
        )
        draft(t.education, t.supervisor)
    content = {"agency": unit.name, "year": 2025, "edition": "E2021", "sections": [], "tables": {}}
    CollectedReport.objects.create(
        supervisor=t.county,
        unit=unit,
        state=CollectedState.MATCHED,
        filename="规划服务中心2025.docx",
        sha256=hashlib.sha256(b"x").hexdigest(),
        first_seen=timezone.now(),
        named_agency=unit.name,
        year=2025,
        content=content,
    )
    return town


def _csv(client: Client, year: int) -> tuple[bytes, list[dict[str, str]]]:
    response = client.get(f"/open-data/{year}.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    data = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    return data, list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_the_csv_has_one_row_per_cell_of_the_published_report_only(tree: Tree) -> None:
    town = _set_up(tree)
    data, rows = _csv(Client(), 2025)
    assert data.startswith("\ufeff".encode())  # Excel reads it as UTF-8
    assert b"\r\n" in data
    assert len(rows) == 200
    assert {r["agency"] for r in rows} == {"示例县东风镇人民政府"}
    assert {r["revision"] for r in rows} == {"1"}
    (licence,) = [r for r in rows if r["key"] == LICENCE]
    assert licence["value"] == "12"  # not the correction's 15, still a draft
    assert (licence["table_label"], licence["row_label"], licence["column_label"]) == (
        "表二第（五）项",
        "行政许可",
        "本年处理决定数量",
    )
    assert licence["agency_id"] == str(tree.town.pk)
    assert licence["published_on"] == town.published_on.isoformat()


def test_the_json_gives_each_published_report_as_its_canonical_json(tree: Tree) -> None:
    town = _set_up(tree)
    response = Client().get("/open-data/2025.json")
    assert response.status_code == 200
    document = json.loads(b"".join(response.streaming_content))  # type: ignore[attr-defined]
    (only,) = document["reports"]
    assert (only["agency"], only["revision"], only["year"]) == ("示例县东风镇人民政府", 1, 2025)
    assert only["report"]["tables"]["art20_5"]["license"]["decisions"] == 12
    town.refresh_from_db()
    assert only["report"] == town.content
    assert only["content_sha256"] == town.content_sha256


def test_the_api_pages_through_the_published_reports(tree: Tree) -> None:
    _set_up(tree)
    with travel_to(day(2026, 1, 20)):
        people = staff(tree.other_bureau, tree.other_supervisor)
        publish(filed(tree.other_bureau, people), tree.other_supervisor)
    client = Client()
    first = client.get("/api/open-data/2025?page=1&page_size=1").json()
    second = client.get("/api/open-data/2025?page=2&page_size=1").json()
    assert (first["count"], second["count"]) == (2, 2)
    names = [first["results"][0]["agency"], second["results"][0]["agency"]]
    assert sorted(names) == ["另一县交通运输局", "示例县东风镇人民政府"]
    assert client.get("/api/open-data/2025?page=3&page_size=1").json()["results"] == []
    years = client.get("/api/open-data").json()
    assert years == [
        {
            "year": 2025,
            "agencies": 2,
            "csv": "/open-data/2025.csv",
            "json_url": "/open-data/2025.json",
            "api": "/api/open-data/2025",
        }
    ]


def test_a_year_without_published_reports_and_a_bad_page_are_refused(tree: Tree) -> None:
    _set_up(tree)
    client = Client()
    assert client.get("/open-data/2024.csv").status_code == 404
    assert client.get("/open-data/2024.json").status_code == 404
    missing = client.get("/api/open-data/2024")
    assert missing.status_code == 404
    assert missing.json()["detail"] == "该年度没有已发布的年度报告"
    assert client.get("/api/open-data/2025?page_size=500").status_code == 422
    assert client.get("/api/open-data/2025?page=0").status_code == 422


def test_the_open_data_page_lists_the_years_and_the_agencies_with_their_downloads(tree: Tree) -> None:
    _set_up(tree)
    response = Client().get("/open-data/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '2025年度 <span class="count">（1个机关）</span>' in html
    assert 'href="/open-data/2025.csv"' in html
    assert "示例县东风镇人民政府" in html
    for name in ("示例县自然资源局", "示例县财政局", "示例县教育局", "示例县规划服务中心"):
        assert name not in html
    assert Client().post("/open-data/2025.csv").status_code == 405


def test_a_published_correction_replaces_the_report_it_corrects(tree: Tree) -> None:
    _set_up(tree)
    tag = tree.town.pk
    people = People(
        clerk=User.objects.get(username=f"clerk{tag}"),
        head=User.objects.get(username=f"head{tag}"),
        leader=User.objects.get(username=f"leader{tag}"),
        supervisor=tree.supervisor,
        outsider=tree.supervisor,
    )
    correction = AnnualReport.objects.get(agency=tree.town, year=2025, revision=2)
    with travel_to(day(2026, 2, 3)):
        publish(filed(tree.town, people, correction), tree.supervisor)
    _, rows = _csv(Client(), 2025)
    assert len(rows) == 200  # one report per agency: the correction, not both
    assert {r["revision"] for r in rows} == {"2"}
    (licence,) = [r for r in rows if r["key"] == LICENCE]
    assert licence["value"] == "15"
    assert licence["published_on"] == "2026-02-03"
