"""The annual report end to end, through the real pages in headless Chromium, each person in their
own browser session: a clerk composes the 2025 report, meets a check error and fixes it, explains
a warning, the chain signs in order, the report is filed, the supervisor returns it, the clerk
fixes it and files it again, the supervisor accepts, the clerk publishes; then anyone finds it on
the portal by search and downloads the DOCX and the PDF, whose SHA-256 is the one on the page.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import User

from gongkai.agencies.models import Agency, Level, Membership, Role
from gongkai.reports.checks import field_name
from gongkai.reports.models import AnnualReport, Status

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"
ORG_CODE = "11500000MB0000002X"
AGENCY = "示例县林业局"
TITLE = f"{AGENCY}2025年政府信息公开工作年度报告"
FEES = "本年度未收取信息处理费，未发出收费通知。"
GENERAL = "本年度，本局认真贯彻落实《中华人民共和国政府信息公开条例》，主动公开政府信息。"
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def january_2026() -> Iterator[None]:
    """The month the 2025 reports are due; the clock ticks (the browser waits for real pages)."""
    with time_machine.travel(dt.datetime(2026, 1, 12, 9, 0, tzinfo=SHANGHAI), tick=True):
        yield


@pytest.fixture
def bureau() -> Agency:
    county = Agency.objects.create(name="示例县人民政府", level=Level.COUNTY, is_government=True)
    return Agency.objects.create(name=AGENCY, level=Level.COUNTY, parent=county, org_code=ORG_CODE)


def person(agency: Agency, username: str, name: str, role: str) -> User:
    user = User.objects.create_user(username, password=PASSWORD, first_name=name)
    Membership.objects.create(user=user, agency=agency, role=role)
    return user


@pytest.fixture
def people(bureau: Agency) -> dict[str, User]:
    assert bureau.parent is not None
    return {
        "clerk": person(bureau, "liming", "李明", Role.CLERK),
        "office": person(bureau, "zhaolei", "赵磊", Role.OFFICE_HEAD),
        "head": person(bureau, "zhouqiang", "周强", Role.PRINCIPAL_LEADER),
        "supervisor": person(bureau.parent, "qianjun", "钱军", Role.SUPERVISOR),
    }


@pytest.fixture
def session(browser: Any, live_server: Any) -> Iterator[Any]:
    contexts: list[Any] = []

    def open_as(username: str | None) -> Any:
        context = browser.new_context(
            viewport={"width": 1280, "height": 900}, locale="zh-CN", accept_downloads=True
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(30_000)
        if username is not None:
            page.goto(f"{live_server.url}/login/")
            page.fill("#id_username", username)
            page.fill("#id_password", PASSWORD)
            page.click("form button:has-text('登录')")
            page.wait_for_url(re.compile(r"/work/$"))
        return page

    yield open_as
    for context in contexts:
        context.close()


def origin(page: Any) -> str:
    """The live server's address, from the page the session is on."""
    found = re.match(r"https?://[^/]+", page.url)
    assert found is not None
    return found.group()


def action_form(page: Any, name: str) -> Any:
    section = page.locator(f"#action-{name}")
    if section.get_attribute("open") is None:
        section.locator("summary").click()
    return section.locator("form")


def act(page: Any, report: AnnualReport, name: str, button: str, **fields: str) -> None:
    """Fill in and send one form of the report page; the page comes back (redirect or refusal)."""
    page.goto(f"{origin(page)}/work/reports/{report.pk}/")
    form = action_form(page, name)
    for field, value in fields.items():
        form.locator(f"#id_{name}_{field}").fill(value)
    with page.expect_navigation():
        form.locator(f"button:has-text('{button}')").click()


def save(page: Any, report: AnnualReport, **fields: str) -> str:
    page.goto(f"{origin(page)}/work/reports/{report.pk}/")
    for field, value in fields.items():
        page.fill(f"#id_save_{field}", value)
    with page.expect_navigation():
        page.click("#action-save button:has-text('保存并检查')")
    return str(page.inner_text("main"))


def status(report: AnnualReport) -> str:
    report.refresh_from_db()
    return report.status


def test_an_annual_report_from_the_draft_to_the_portal(
    session: Any,
    live_server: Any,
    bureau: Agency,
    people: dict[str, User],
    january_2026: None,
    tmp_path: Path,
) -> None:
    base = live_server.url

    # 1. The clerk opens the 2025 report of the bureau.
    clerk = session("liming")
    clerk.goto(f"{base}/work/reports/")
    clerk.select_option("#id_start_agency", label=AGENCY)
    clerk.fill("#id_start_year", "2025")
    with clerk.expect_navigation():
        clerk.click("button:has-text('建立')")
    report = AnnualReport.objects.get(agency=bureau, year=2025)
    assert status(report) == Status.DRAFT

    # 2. A cell typed by hand with nothing to balance it: the check finds errors and 送审 refuses.
    act(clerk, report, "override", "改写", value="1", reason="系统启用前的纸质登记")
    clerk.goto(f"{base}/work/reports/{report.pk}/")
    assert "错误（须改正后才能送审、审签）" in clerk.inner_text("main")
    act(clerk, report, "submit", "送审")
    assert "须改正后才能送审" in clerk.inner_text("main")
    assert status(report) == Status.DRAFT
    # Fixed: the cell is given back to the count.
    clerk.goto(f"{base}/work/reports/{report.pk}/")
    form = action_form(clerk, "override")
    form.locator("#id_override_value").fill("")
    with clerk.expect_navigation():
        form.locator("button:has-text('改写')").click()
    report.refresh_from_db()
    assert report.overrides == {}

    # 3. Section 六 without the fee statement: a warning, explained in writing.
    text = save(clerk, report, general=GENERAL, problems="公开内容还不够全面。", other="年度工作要点已落实。")
    report.refresh_from_db()
    assert [f["code"] for f in report.findings] == ["fee-statement"], report.findings
    assert "尚未说明" in text
    explanation = "本局本年度未收到须收费的申请，已在第一部分说明。"
    save(clerk, report, **{field_name(report.findings[0]["key"]): explanation})
    report.refresh_from_db()
    assert report.explanations == {report.findings[0]["key"]: explanation}

    # 4. 送审, then the chain in order: the principal leader cannot sign before the office head.
    act(clerk, report, "submit", "送审")
    assert status(report) == Status.IN_REVIEW
    head = session("zhouqiang")
    head.goto(f"{base}/work/reports/{report.pk}/")
    assert head.locator("#action-approve").count() == 0
    office = session("zhaolei")
    act(office, report, "approve", "同意")
    assert explanation in office.inner_text("main")  # the approver reads why the warning stands
    act(head, report, "approve", "同意")
    assert status(report) == Status.SIGNED
    act(clerk, report, "file", "报送")
    assert status(report) == Status.FILED

    # 5. The supervisor returns it with comments; the clerk fixes section 六 and files it again.
    supervisor = session("qianjun")
    comments = "第六部分须按2021年格式说明信息处理费的收取情况。"
    act(supervisor, report, "supervisor_return", "退回", comments=comments)
    assert status(report) == Status.RETURNED
    clerk.goto(f"{base}/work/reports/{report.pk}/")
    assert comments in clerk.inner_text("main")
    save(clerk, report, other=f"{FEES}年度工作要点已落实。")
    report.refresh_from_db()
    assert report.findings == []
    act(clerk, report, "submit", "送审")
    act(office, report, "approve", "同意")
    act(head, report, "approve", "同意")
    act(clerk, report, "file", "报送")
    act(supervisor, report, "accept", "接收")
    assert status(report) == Status.ACCEPTED

    # 6. Published: the public record is made.
    act(clerk, report, "publish", "发布")
    assert status(report) == Status.PUBLISHED
    assert "已于2026-01-12发布" in clerk.inner_text("main")
    report.refresh_from_db()
    assert report.catalogue_item is not None

    # 7. Anyone finds it from the front page's search box and opens it in the report column.
    public = session(None)
    public.goto(f"{base}/")
    public.fill("#home-q", "年度报告")
    with public.expect_navigation():
        public.click("form[role=search] button:has-text('检索')")
    public.click(f"a:has-text('{TITLE}')")
    public.wait_for_url(re.compile(r"/catalogue/item/"))
    assert report.catalogue_item.index_number in public.inner_text("main")
    public.click("header nav a:has-text('年度报告')")
    public.wait_for_url(re.compile(r"/reports/$"))
    public.click(f"main a:has-text('{TITLE}')")
    public.wait_for_url(re.compile(rf"/reports/{bureau.pk}/2025/$"))
    page_text = public.inner_text("main")
    assert report.published_sha256 in page_text
    assert FEES in page_text

    # 8. The DOCX and the PDF download; the PDF is the published file.
    downloaded = {}
    for suffix in ("docx", "pdf"):
        with public.expect_download() as info:
            public.click(f".report-downloads a[href$='report.{suffix}']")
        path = tmp_path / f"report.{suffix}"
        info.value.save_as(path)
        assert info.value.suggested_filename == f"{TITLE}.{suffix}"
        downloaded[suffix] = path.read_bytes()
    assert downloaded["docx"].startswith(b"PK")
    assert hashlib.sha256(downloaded["pdf"]).hexdigest() == report.published_sha256
