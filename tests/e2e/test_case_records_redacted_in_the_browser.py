"""A clerk attaches a PDF, marks a line by dragging over the page, makes the redacted file, and
the applicant downloads it from /track/ once the reply is served: the marked text is not in it.

Screenshots of the pages land in GONGKAI_SCREENSHOTS when that folder is given (to look at them).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

from gongkai.agencies.models import Agency
from gongkai.applications import actions
from gongkai.applications.models import Application, CaseDocument, EventKind
from tests.applications.records_helpers import LINE_TOPS, PAGE_H, lines_pdf, text_of
from tests.factories import application

pytestmark = [pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"  # tests.factories.UserFactory's


def shot(page: Any, name: str) -> None:
    folder = os.environ.get("GONGKAI_SCREENSHOTS")
    if folder:
        page.wait_for_load_state("networkidle")  # the page images drawn before the picture is taken
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def test_a_line_marked_by_dragging_is_not_in_what_the_applicant_downloads(
    page: Any, live_server: Any, bureau: Agency, clerk: User, tmp_path: Path
) -> None:
    base = live_server.url
    case = application(bureau, clerk)
    source = tmp_path / "批复文件.pdf"
    source.write_bytes(lines_pdf())

    page.goto(f"{base}/login/")
    page.fill("#id_username", clerk.username)
    page.fill("#id_password", PASSWORD)
    page.click("form button:has-text('登录')")
    page.goto(f"{base}/work/cases/{case.pk}/")
    page.locator("#action-record-attach summary").click()
    page.set_input_files("#id_record_file", str(source))
    page.click("#action-record-attach button:has-text('上传')")
    page.click("a:has-text('批复文件.pdf')")
    page.wait_for_url(re.compile(r"/records/\d+/$"))

    # Drag over the second line (200-220 pt of 841.89 pt), across the page's width.
    box = page.locator("#redact-page").bounding_box()
    page.mouse.wheel(0, box["y"] + box["height"] * LINE_TOPS[1] / PAGE_H - 300)  # the line in view
    page.wait_for_timeout(200)
    box = page.locator("#redact-page").bounding_box()
    top = box["y"] + box["height"] * (LINE_TOPS[1] - 8) / PAGE_H
    bottom = box["y"] + box["height"] * (LINE_TOPS[1] + 28) / PAGE_H
    page.mouse.move(box["x"] + box["width"] * 0.05, top)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.6, (top + bottom) / 2, steps=5)
    page.mouse.move(box["x"] + box["width"] * 0.95, bottom, steps=5)
    page.mouse.up()
    assert float(page.input_value("#id_mark_top")) == pytest.approx(
        100 * (LINE_TOPS[1] - 8) / PAGE_H, abs=0.3
    )
    page.select_option("#id_mark_basis", value="15-privacy")
    page.click("#mark-form button")
    page.wait_for_selector("text=已在第1页标出遮盖区域")
    page.click("#apply-form button")
    page.wait_for_selector("text=已生成遮盖后的文件")
    shot(page, "records-document")

    document = CaseDocument.objects.get()
    assert document.is_redacted
    assert [e.kind for e in case.events.filter(kind__startswith="redaction")] == [
        EventKind.REDACTION_MARKED,
        EventKind.REDACTION_APPLIED,
    ]
    case = actions.decide(
        acting_user=clerk,
        application=Application.objects.get(pk=case.pk),
        outcome="partial",
        articles=["15", "37"],
        legal_basis="批复文件第二行含有第三方的个人信息",
        on=dt.date(2026, 6, 29),
    )
    case = actions.reply(acting_user=clerk, application=case, on=dt.date(2026, 6, 30))
    actions.mark_served(acting_user=clerk, application=case, on=dt.date(2026, 6, 30), how="网上送达")
    page.goto(f"{base}/work/cases/{case.pk}/")
    shot(page, "records-case")

    applicant = page.context.browser.new_context(accept_downloads=True, locale="zh-CN")
    public = applicant.new_page()
    public.goto(f"{base}/track/")
    public.fill("#id_code", case.tracking_code)
    public.fill("#id_contact", "13800138000")
    public.click("form button[type=submit]")
    public.wait_for_url(re.compile(r"/track/case/$"))
    shot(public, "records-track")
    with public.expect_download() as info:
        public.click("a:has-text('批复文件（区分处理）.pdf')")
    pdf = Path(info.value.path()).read_bytes()
    applicant.close()

    assert pdf.startswith(b"%PDF")
    assert "秘密" not in text_of(pdf)
    assert text_of(lines_pdf()).count("秘密") == 1
