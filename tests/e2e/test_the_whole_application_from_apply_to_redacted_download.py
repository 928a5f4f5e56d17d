"""The whole application, in the browser, as the people who handle it see it.

An applicant applies online and chooses e-mail; the receipt with the 查询码 reaches a real SMTP
server on 127.0.0.1 (aiosmtpd). The clerk finds the case in 新收到, takes it on, attaches a PDF to
its 答复材料, covers one line by its text, makes the redacted file and decides 部分公开 with the
Regulations' articles and the reasons. The agency asks for approval: the head of the disclosure
office, then the deputy leader approve the reply, each in their own browser. The clerk issues and
serves it; the reply mail names the delivered document; the applicant, on /track/ with the 查询码
and the e-mail address, downloads the redacted file: the removed line is not in it, as text or as
ink, while the other two lines are.

Screenshots of each step land in the test's temporary folder, and in GONGKAI_SCREENSHOTS when set.
"""

from __future__ import annotations

import os
import re
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from PIL import ImageStat

from gongkai.agencies.models import Agency, Role
from gongkai.applications.models import Application, CaseDocument, EventKind, Letterhead, Status
from tests.applications.records_helpers import LINES, lines_pdf, page_pixels, region, text_of
from tests.applications.test_notices_reach_a_real_mail_server_once import MailServer
from tests.factories import member

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"  # tests.factories.UserFactory's
EMAIL = "zhangsan@example.com"


@pytest.fixture
def deputy_leader(bureau: Agency) -> User:
    return member(bureau, Role.DEPUTY_LEADER, username="leader", first_name="王分管")


class Shots:
    """Full-page screenshots, numbered in the order taken."""

    def __init__(self, folder: Path) -> None:
        self.folders = [folder]
        if os.environ.get("GONGKAI_SCREENSHOTS"):
            self.folders.append(Path(os.environ["GONGKAI_SCREENSHOTS"]))
        self.count = 0

    def __call__(self, page: Any, name: str) -> None:
        self.count += 1
        page.wait_for_load_state("networkidle")  # the page images drawn before the picture is taken
        for folder in self.folders:
            page.screenshot(path=str(folder / f"whole-{self.count:02d}-{name}.png"), full_page=True)


def log_in(page: Any, base: str, user: User) -> None:
    page.goto(f"{base}/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("form button:has-text('登录')")
    page.wait_for_url(re.compile(r"/work/$"))


def open_form(page: Any, action: str) -> Any:
    """Click the heading of one of the case page's forms (a <details>) and return its form."""
    section = page.locator(f"#action-{action}")
    section.locator("summary").click()
    return section.locator("form")


def track(page: Any, base: str, code: str) -> None:
    page.goto(f"{base}/track/")
    page.fill("#id_code", code)
    page.fill("#id_contact", EMAIL)
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r"/track/case/$"))


def said(page: Any) -> str:
    text: str = page.locator(".messages").inner_text()
    return text


def plain_text(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    text: str = body.get_content()
    return text


def test_applied_online_redacted_approved_served_and_the_removed_line_is_not_in_the_download(
    page: Any,
    live_server: Any,
    bureau: Agency,
    clerk: User,
    office_head: User,
    deputy_leader: User,
    mail_server: MailServer,
    tmp_path: Path,
) -> None:
    base = live_server.url
    shot = Shots(tmp_path)
    Letterhead.objects.filter(agency=bureau).update(reply_approval=True)
    User.objects.filter(pk=clerk.pk).update(first_name="李明")
    User.objects.filter(pk=office_head.pk).update(first_name="赵主任")
    source = tmp_path / "规划调整批复.pdf"
    source.write_bytes(lines_pdf())
    removed = LINES[1]
    assert removed in text_of(source.read_bytes())  # the line is there to be removed

    # 1. The applicant applies online and chooses to be told by e-mail.
    applicant = page.context.browser.new_context(accept_downloads=True, locale="zh-CN")
    public = applicant.new_page()
    public.set_default_timeout(15_000)
    public.goto(f"{base}/apply/")
    public.select_option("#id_agency", value=str(bureau.pk))
    public.check("input[name=applicant_kind][value=natural_person]")
    public.fill("#id_applicant_name", "张三")
    public.fill("#id_id_number", "11010519491231002X")
    public.fill("#id_email", EMAIL)
    public.check("#id_notify_by_email")
    public.fill("#id_description", "2024年本县城乡规划调整的批复文件")
    shot(public, "apply-form")
    public.click("button:has-text('提交申请')")
    public.wait_for_url(re.compile(r"/apply/done/$"))
    shown_code = public.locator(".public-code").inner_text()  # grouped by four, as in the mail
    code = shown_code.replace(" ", "")
    shot(public, "apply-done")

    # 2. The receipt reaches the mail server, with the 查询码 and the 回执 PDF.
    [receipt] = mail_server.inbox.messages
    assert mail_server.inbox.recipients == [[EMAIL]]
    assert f"查询码：{shown_code}" in plain_text(receipt)
    [receipt_pdf] = list(receipt.iter_attachments())
    assert receipt_pdf.get_content_type() == "application/pdf"
    case = Application.objects.get(tracking_code=code)
    assert case.number in plain_text(receipt)

    # 3. The clerk finds it in 新收到 and takes it on.
    log_in(page, base, clerk)
    new = page.locator("section:has(#list-new)")
    assert "（1件）" in new.locator("h2").inner_text()
    shot(page, "workbench-new")
    new.locator(f"a:has-text('{case.number}')").click()
    page.wait_for_url(re.compile(rf"/work/cases/{case.pk}/$"))
    form = open_form(page, "assign")
    form.locator("select[name=assignee]").select_option(str(clerk.pk))
    form.locator("button[type=submit]").click()
    assert "已分派给 李明 承办" in said(page)
    page.goto(f"{base}/work/")
    assert "（0件）" in page.locator("section:has(#list-new) h2").inner_text()
    assert case.number in page.locator("section:has(#list-to_me)").inner_text()

    # 4. It attaches the PDF to the case's 答复材料 and opens it.
    page.goto(f"{base}/work/cases/{case.pk}/")
    page.locator("#action-record-attach summary").click()
    page.set_input_files("#id_record_file", str(source))
    page.click("#action-record-attach button:has-text('上传')")
    assert "规划调整批复.pdf" in page.locator("#records").inner_text()
    shot(page, "case-with-document")
    page.click("a:has-text('规划调整批复.pdf')")
    page.wait_for_url(re.compile(r"/records/\d+/$"))

    # 5. It covers the second line by its text (Art. 15: a third party's personal information)
    # and makes the redacted file.
    text_form = page.locator("#mark-text-form")
    text_form.locator("input[name=text]").fill(removed)
    text_form.locator("select[name=basis]").select_option("15-privacy")
    text_form.locator("button[type=submit]").click()
    page.wait_for_selector("text=遮盖")
    page.click("#apply-form button")
    page.wait_for_selector("text=已生成遮盖后的文件")
    shot(page, "redaction")
    document = CaseDocument.objects.get(application=case)
    assert document.is_redacted
    assert document.delivered

    # 6. It decides 部分公开 with the articles and the reasons: the reply now waits for approval.
    page.goto(f"{base}/work/cases/{case.pk}/")
    form = open_form(page, "decide")
    form.locator("select[name=outcome]").select_option("partial")
    form.locator("input[name=articles][value='37']").check()
    form.locator("input[name=articles][value='15']").check()
    form.locator("textarea[name=legal_basis]").fill(
        "批复文件第二行载有第三方的个人信息，公开会对第三方合法权益造成损害"
    )
    form.locator("button[type=submit]").click()
    assert "已作出决定：部分公开" in said(page)
    assert page.locator("#action-reply").count() == 0  # not issued before it is approved
    shot(page, "decided-waiting-for-approval")
    early = page.context.browser.new_context(locale="zh-CN")
    look = early.new_page()
    track(look, base, shown_code)
    assert "正在制作答复书" in look.locator(".public-status").inner_text()
    assert "部分公开" not in look.content()  # the outcome is the issued reply's to tell
    early.close()

    # 7. The head of the disclosure office, then the deputy leader, approve it in their browsers.
    for approver, after in ((office_head, "待分管领导审批"), (deputy_leader, "可以出具答复")):
        context = page.context.browser.new_context(locale="zh-CN")
        desk = context.new_page()
        desk.set_default_timeout(15_000)
        log_in(desk, base, approver)
        waiting = desk.locator("section:has(#list-approvals)")
        assert "（1件）" in waiting.locator("h2").inner_text()
        waiting.locator(f"a:has-text('{case.number}')").click()
        desk.wait_for_url(re.compile(rf"/work/cases/{case.pk}/$"))
        form = open_form(desk, "approve-reply")
        form.locator("textarea[name=note]").fill("同意")
        form.locator("button[type=submit]").click()
        assert after in said(desk)
        shot(desk, f"approved-by-{approver.username}")
        context.close()
        if approver == office_head:  # what the approvers saw stays as it is until it is issued
            page.goto(f"{base}/work/cases/{case.pk}/")
            assert page.locator("#action-record-attach").count() == 0
    approvals = case.events.filter(kind=EventKind.REPLY_APPROVED).order_by("id")
    assert [e.data["role"] for e in approvals] == [Role.OFFICE_HEAD, Role.DEPUTY_LEADER]

    # 8. The clerk issues the reply and serves it; the reply mail names the delivered document.
    page.goto(f"{base}/work/cases/{case.pk}/")
    form = open_form(page, "reply")
    form.locator("button[type=submit]").click()
    assert "已出具答复" in said(page)
    form = open_form(page, "serve")
    form.locator("select[name=how]").select_option("网上送达")
    form.locator("button[type=submit]").click()
    assert "已登记送达" in said(page)
    shot(page, "case-served")
    case.refresh_from_db()
    assert case.status == Status.SERVED
    _, reply_mail = mail_server.inbox.messages
    assert mail_server.inbox.recipients[1] == [EMAIL]
    assert "所附材料：规划调整批复（区分处理）.pdf" in plain_text(reply_mail)
    # The bureau's first letter of 2026, by its 文号 pattern 示县公开〔{year}〕{serial}号.
    assert "答复书文号：示县公开〔2026〕1号" in plain_text(reply_mail)

    # 9. The applicant downloads the redacted file on /track/ with the 查询码 and the e-mail address.
    track(public, base, shown_code)
    assert "审批答复" not in public.locator("ol.timeline").inner_text()  # approval stays inside
    shot(public, "track-download")
    with public.expect_download() as info:
        public.locator("ul.public-letters a:text-is('PDF')").click()
    letter = re.sub(r"\s", "", text_of(Path(info.value.path()).read_bytes()))
    # The reply letter: its 文号, the court, and the delivered document as its 附件.
    for words in ("示县公开〔2026〕1号", "部分公开", "示例县人民法院", "（见附件）", "附件：规划调整批复"):
        assert words in letter
    assert "【" not in letter
    with public.expect_download() as info:
        public.click("a:has-text('规划调整批复（区分处理）.pdf')")
    pdf = Path(info.value.path()).read_bytes()
    (tmp_path / "downloaded.pdf").write_bytes(pdf)
    applicant.close()

    # The removed line is not in it, as text or as ink; the other two lines are still there to read.
    assert pdf.startswith(b"%PDF")
    text = text_of(pdf)
    assert removed not in text
    assert "秘密" not in text
    before, after = page_pixels(lines_pdf()), page_pixels(pdf)
    # The second line's characters stand 200-220 pt from the top, 72-332 pt from the left (13
    # characters of 20 pt): its middle band is black where the original had ink.
    assert region(before, 204, 216, 74, 330).getextrema()[0] < 100
    assert region(after, 204, 216, 74, 330).getextrema() == (0, 0)
    for top in (100, 300):  # the first and third lines carry the same ink as in the original
        was, now = region(before, top - 5, top + 25), region(after, top - 5, top + 25)
        assert now.getextrema()[0] < 100
        assert abs(ImageStat.Stat(now).mean[0] - ImageStat.Stat(was).mean[0]) < 1.5
