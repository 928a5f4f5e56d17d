"""In the browser: an applicant applies online with 「通过电子邮件接收通知」 ticked, and the receipt
reaches a real SMTP server on 127.0.0.1 (aiosmtpd) with the 查询码 the confirmation page shows and
the receipt PDF attached."""

from __future__ import annotations

import re
from typing import Any

import pytest

from gongkai.agencies.models import Agency, Level
from gongkai.applications.models import Letterhead
from tests.applications.test_notices_reach_a_real_mail_server_once import MailServer

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture
def bureau() -> Agency:
    county = Agency.objects.create(name="示例县人民政府", level=Level.COUNTY, is_government=True)
    bureau = Agency.objects.create(name="示例县自然资源局", level=Level.COUNTY, parent=county)
    Letterhead.objects.create(agency=bureau, full_name="示例县自然资源局", address="示例县人民路1号")
    return bureau


def test_the_receipt_of_an_online_application_arrives_by_email(
    page: Any, live_server: Any, bureau: Agency, mail_server: MailServer
) -> None:
    page.goto(f"{live_server.url}/apply/")
    page.select_option("#id_agency", value=str(bureau.pk))
    page.check("input[name=applicant_kind][value=natural_person]")
    page.fill("#id_applicant_name", "张三")
    page.fill("#id_id_number", "11010519491231002X")
    page.fill("#id_email", "zhangsan@example.com")
    page.check("#id_notify_by_email")
    page.fill("#id_description", "2024年本县城乡规划调整的批复文件")
    page.click("button:has-text('提交申请')")
    page.wait_for_url(re.compile(r"/apply/done/$"))
    code = page.locator(".public-code").inner_text()  # grouped by four, as in the mail

    [message] = mail_server.inbox.messages
    assert mail_server.inbox.recipients == [["zhangsan@example.com"]]
    text = message.get_body(preferencelist=("plain",))
    assert text is not None
    assert f"查询码：{code}" in text.get_content()
    [pdf] = list(message.iter_attachments())
    assert pdf.get_content_type() == "application/pdf"
    assert pdf.get_content().startswith(b"%PDF")
