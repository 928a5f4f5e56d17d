"""A citizen applies online, a clerk handles the case in the browser, and it is counted in table 三.

The whole path through real pages, as people use them: the public form, the login, the case page's
forms (opened by clicking their headings), the reply letter download and the tables page.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

from gongkai.agencies.models import Agency, Level, Membership, Role
from gongkai.applications.models import Application, Letterhead, Outcome, Status
from gongkai.core import time as core_time

pytestmark = [pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"


@pytest.fixture
def bureau() -> Agency:
    county = Agency.objects.create(name="示例县人民政府", level=Level.COUNTY, is_government=True)
    bureau = Agency.objects.create(name="示例县自然资源局", level=Level.COUNTY, parent=county)
    Letterhead.objects.create(
        agency=bureau,
        full_name=bureau.name,
        red_head=bureau.name,
        number_pattern="示县资规公开〔{year}〕{serial}号",
        court="示例县人民法院",
        address="示例县人民路1号",
        phone="0000-1234567",
    )
    return bureau


@pytest.fixture
def clerk(bureau: Agency) -> User:
    user = User.objects.create_user("liming", password=PASSWORD, first_name="李明")
    Membership.objects.create(user=user, agency=bureau, role=Role.CLERK)
    return user


def open_form(page: Any, action: str) -> Any:
    """Click the heading of one of the case page's forms (a <details>) and return its form."""
    section = page.locator(f"#action-{action}")
    section.locator("summary").click()
    return section.locator("form")


def test_apply_process_and_report(
    page: Any, live_server: Any, bureau: Agency, clerk: User, tmp_path: Path
) -> None:
    base = live_server.url

    # 1. The applicant applies online and keeps the tracking code.
    page.goto(f"{base}/apply/")
    page.select_option("#id_agency", value=str(bureau.pk))
    page.check("input[name=applicant_kind][value=natural_person]")
    page.fill("#id_applicant_name", "张三")
    page.fill("#id_id_number", "11010519491231002X")
    page.fill("#id_phone", "13800138000")
    page.fill("#id_description", "2024年本县城乡规划调整的批复文件")
    page.click("button:has-text('提交申请')")
    page.wait_for_url(re.compile(r"/apply/done/$"))
    code = page.locator(".public-code").inner_text().replace(" ", "")
    case = Application.objects.get(tracking_code=code)
    assert (case.channel, case.status) == ("online", Status.REGISTERED)

    # 2. A clerk signs in and opens the case from the full list.
    page.goto(f"{base}/login/")
    page.fill("#id_username", "liming")
    page.fill("#id_password", PASSWORD)
    page.click("form button:has-text('登录')")
    page.wait_for_url(re.compile(r"/work/$"))
    assert page.locator("h1").inner_text() == "工作台"
    page.goto(f"{base}/work/cases/")
    page.click(f"a:has-text('{case.number}')")
    page.wait_for_url(re.compile(rf"/work/cases/{case.pk}/$"))
    assert code in page.locator("dl.facts").inner_text()  # the code the applicant was given
    assert "期限是怎样算出来的" in page.content()

    # 3. Request a correction, then record it: the clock restarts.
    form = open_form(page, "request-correction")
    form.locator("textarea[name=what]").fill("请写明批复文件的文号或成文日期")
    form.locator("button[type=submit]").click()
    assert "已登记告知补正" in page.locator(".messages").inner_text()
    form = open_form(page, "record-correction")
    form.locator("textarea[name=text]").fill("文号：示例政复〔2024〕12号")
    form.locator("button[type=submit]").click()
    assert "已登记收到补正" in page.locator(".messages").inner_text()
    assert "收到补正后申请之日" in page.locator(".case-deadline").inner_text()

    # 4. Decide to disclose, and issue the reply.
    form = open_form(page, "decide")
    form.locator("select[name=outcome]").select_option("granted")
    form.locator("textarea[name=decision_text]").fill("予以公开，见附件")
    form.locator("button[type=submit]").click()
    assert "已作出决定：予以公开" in page.locator(".messages").inner_text()
    form = open_form(page, "reply")
    form.locator("button[type=submit]").click()
    assert "已出具答复" in page.locator(".messages").inner_text()
    page.screenshot(path=str(tmp_path / "case.png"), full_page=True)
    case.refresh_from_db()
    assert (case.status, case.outcome) == (Status.REPLIED, Outcome.GRANTED)
    timeline = page.locator("ol.timeline").inner_text()
    for step in ("登记", "告知补正", "收到补正", "作出决定", "出具答复"):
        assert step in timeline

    # 5. The reply letter downloads as a Word document.
    try:
        import gongkai.applications.letters  # noqa: F401
    except ModuleNotFoundError:
        pass  # no letters module in this installation: nothing to download
    else:
        with page.expect_download() as download_info:
            page.click(f"a[href='/work/cases/{case.pk}/letters/reply.docx']")
        letter = Path(download_info.value.path()).read_bytes()
        assert "word/document.xml" in zipfile.ZipFile(io.BytesIO(letter)).namelist()

    # 6. The tables page counts the case in 予以公开 for 自然人.
    year = core_time.today().year
    page.goto(f"{base}/work/tables/")
    page.select_option("#id_agency", value=str(bureau.pk))
    page.fill("#id_year", str(year))
    page.click("form.filters button[type=submit]")
    assert f"示例县自然资源局{year}年度" in page.locator(".report-title").inner_text()
    assert page.locator('[data-key="applications.granted.natural_person"]').inner_text() == "1"
    assert page.locator('[data-key="applications.new.natural_person"]').inner_text() == "1"
    assert page.locator('[data-key="applications.carried_forward.total"]').inner_text() == "0"
    page.screenshot(path=str(tmp_path / "tables.png"), full_page=True)
