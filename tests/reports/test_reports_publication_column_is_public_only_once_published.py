"""The portal's 年度报告 column: every agency's published reports, newest year first; one agency's;
the report as a printable page with its PDF and DOCX. A report that is not published answers
404 to the public at every address, and no address of the column changes anything (POST: 405)."""

from __future__ import annotations

import hashlib
import re

import pytest
from django.test import Client

from gongkai.agencies.models import Agency, DisclosureGuide
from gongkai.reports import actions, checks
from gongkai.reports.models import AnnualReport
from tests.reports.reports_fixtures import People, client_for, drafted, filed, published

from . import reports_fixtures

pytestmark = pytest.mark.django_db

people = reports_fixtures.people
january_2026 = reports_fixtures.january_2026


def _text(response: object) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))  # type: ignore[attr-defined]


def _published_on(agency: Agency, people: People, year: int) -> AnnualReport:
    """A report on `year` through the whole chain, every warning of the checker explained."""
    report = drafted(agency, people, year=year)
    if checks.warnings(report.findings):
        report = actions.save_draft(
            acting_user=people.clerk,
            report=report,
            version=report.version,
            sections={},
            explanations={
                f["key"]: "本年度数据来自系统启用前的台账" for f in checks.warnings(report.findings)
            },
        )
    report = filed(agency, people, report)
    report = actions.accept(acting_user=people.supervisor, report=report, version=report.version)
    return actions.publish(acting_user=people.clerk, report=report, version=report.version)


def _addresses(agency: Agency, year: int, revision: int = 1) -> list[str]:
    base = f"/reports/{agency.pk}/{year}/"
    return [base, f"{base}{revision}/", f"{base}{revision}/report.pdf", f"{base}{revision}/report.docx"]


def test_a_report_is_public_only_once_published(bureau: Agency, people: People, january_2026: object) -> None:
    report = drafted(bureau, people)
    steps = [
        lambda r: actions.submit(acting_user=people.clerk, report=r, version=r.version),
        lambda r: actions.approve(acting_user=people.head, report=r, version=r.version, step=1),
        lambda r: actions.approve(acting_user=people.leader, report=r, version=r.version, step=2),
        lambda r: actions.file_report(acting_user=people.clerk, report=r, version=r.version),
        lambda r: actions.accept(acting_user=people.supervisor, report=r, version=r.version),
    ]
    for step in [None, *steps]:
        if step is not None:
            report = step(report)
        for address in _addresses(bureau, 2025):
            # Not even its own staff see it on the portal before publication.
            for client in (Client(), client_for(people.clerk)):
                assert client.get(address).status_code == 404, (report.status, address)
        assert bureau.name not in _text(Client().get("/reports/"))
    report = actions.publish(acting_user=people.clerk, report=report, version=report.version)
    for address in _addresses(bureau, 2025):
        assert Client().get(address).status_code == 200, address
    # A correction being drafted is not public; the published original still is.
    draft = actions.correct(acting_user=people.clerk, report=report, version=report.version, note="更正")
    assert draft.revision == 2
    for address in _addresses(bureau, 2025, revision=2)[1:]:
        assert Client().get(address).status_code == 404, address
    assert "更正版本" not in _text(Client().get(f"/reports/{bureau.pk}/2025/"))


def test_the_report_page_shows_the_report_its_index_number_digest_and_downloads(
    bureau: Agency, people: People, january_2026: object
) -> None:
    report = published(bureau, people)
    assert report.catalogue_item is not None
    page = Client().get(f"/reports/{bureau.pk}/2025/")
    text = _text(page)
    assert "示例县自然资源局2025年政府信息公开工作年度报告" in text
    for expected in (
        "一、总体情况",
        "六、其他需要报告的事项",
        reports_fixtures.FEES,
        f"索引号 {report.catalogue_item.index_number}",
        f"PDF 文件 SHA-256 {report.published_sha256}",
        "发布日期 2026-01-10",
        "原报告（第1版）",
    ):
        assert expected in text, expected
    html = page.content.decode()
    assert '<html lang="zh-CN">' in html
    assert "<caption>" in html
    # The same page by the agency's 组织机构代码.
    assert Client().get(f"/reports/{bureau.org_code}/2025/").status_code == 200
    # The downloads are the published files, byte for byte.
    pdf = Client().get(f"/reports/{bureau.pk}/2025/1/report.pdf")
    body = b"".join(pdf.streaming_content)
    assert hashlib.sha256(body).hexdigest() == report.published_sha256
    assert pdf["Content-Type"] == "application/pdf"
    assert "attachment" in pdf["Content-Disposition"]
    assert ".pdf" in pdf["Content-Disposition"]
    docx = Client().get(f"/reports/{bureau.pk}/2025/1/report.docx")
    assert docx["Content-Type"].endswith("wordprocessingml.document")
    assert b"".join(docx.streaming_content).startswith(b"PK")
    for missing in (
        "/reports/999999/2025/",
        f"/reports/{bureau.pk}/2024/",
        f"/reports/{bureau.pk}/2025/1/report.exe",
        f"/reports/{bureau.pk}/2025/3/",
        "/reports/没有这个机关/",
    ):
        assert Client().get(missing).status_code == 404, missing


def test_the_column_lists_every_agency_newest_year_first(
    bureau: Agency, other_bureau: Agency, people: People, january_2026: object
) -> None:
    older = _published_on(bureau, people, 2024)
    newer = _published_on(bureau, people, 2025)
    actions.start_report(acting_user=people.outsider, agency=other_bureau, year=2025)  # never published
    text = _text(Client().get("/reports/"))
    assert text.index("2025年度") < text.index("2024年度")
    assert text.index(newer.title) < text.index(older.title)
    assert "示例县教育局" not in text
    agency_page = _text(Client().get(f"/reports/{bureau.pk}/"))
    assert agency_page.index(newer.title) < agency_page.index(older.title)
    assert "示例县教育局暂无已发布的年度报告" in _text(Client().get(f"/reports/{other_bureau.pk}/"))
    # Found from the front page, every page's navigation and the agency's guide.
    home = Client().get("/").content.decode()
    assert 'href="/reports/"' in home
    DisclosureGuide.objects.create(agency=bureau, body="指南正文", published=True)
    guide = Client().get(f"/guide/{bureau.pk}/").content.decode()
    assert f'href="/reports/{bureau.pk}/"' in guide
    browse = Client().get("/catalogue/", {"agency": bureau.pk}).content.decode()
    assert f'href="/reports/{bureau.pk}/"' in browse


def test_no_address_of_the_column_changes_a_published_report(
    bureau: Agency, people: People, january_2026: object
) -> None:
    report = published(bureau, people)
    before = (report.version, report.content, report.published_sha256, report.catalogue_item_id)
    addresses = ["/reports/", f"/reports/{bureau.pk}/", *_addresses(bureau, 2025)]
    for client in (Client(), client_for(people.clerk), client_for(people.supervisor)):
        for address in addresses:
            for method in ("post", "put", "patch", "delete"):
                response = getattr(client, method)(address, data={"general": "改写"})
                assert response.status_code == 405, (method, address)
    report.refresh_from_db()
    assert (report.version, report.content, report.published_sha256, report.catalogue_item_id) == before
