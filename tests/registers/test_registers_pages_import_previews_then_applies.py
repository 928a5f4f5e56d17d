"""Importing a register through the pages: upload, a preview that lists what will be added and
every bad row with its number and reason, then a confirmation that applies all rows or none.

The upload is kept on the server under a random token; confirming posts the token only. A
token that was altered, used, is too old, belongs to another session or register, or whose
file changed is refused, and nothing is saved. Today is pinned to 2026-06-30.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook, load_workbook

from gongkai.agencies.models import Agency
from gongkai.registers import actions
from gongkai.registers.importing import REGISTERS, preview
from gongkai.registers.models import Decision, FeeCollection, RegisterEvent
from gongkai.registers.views.imports import SESSION_KEY
from tests.registers.registers_day import on_the_last_day_of_june  # noqa: F401  (autouse: today is 2026-06-30)

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture(autouse=True)
def uploads(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path / "register-imports"


def login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def xlsx(*rows: tuple[object, ...]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client: Client, agency: Agency, key: str, name: str, content: bytes) -> Any:
    return client.post(
        f"/work/registers/{agency.pk}/{key}/import/", {"file": SimpleUploadedFile(name, content)}
    )


def error_rows(response: Any) -> list[tuple[str, str]]:
    tree = lxml.html.fromstring(response.content.decode())
    return [
        (tr.xpath("./th")[0].text_content().strip(), tr.xpath("./td")[0].text_content().strip())
        for tr in tree.xpath('//table[contains(@class, "import-errors")]/tbody/tr')
    ]


def rows_to_add(response: Any) -> list[list[str]]:
    tree = lxml.html.fromstring(response.content.decode())
    return [
        [c.text_content().strip() for c in tr]
        for tr in tree.xpath('//table[contains(@class, "import-rows")]/tbody/tr')
    ]


def token_of(response: Any) -> str:
    match = re.search(r'name="token" value="([^"]+)"', response.content.decode())
    assert match, "no confirmation offered"
    return match.group(1)


def confirm(client: Client, agency: Agency, key: str, token: str) -> Any:
    return client.post(f"/work/registers/{agency.pk}/{key}/import/confirm/", {"token": token})


def refusal(response: Any) -> str:
    tree = lxml.html.fromstring(response.content.decode())
    return " ".join(
        p.text_content().strip() for p in tree.xpath('//div[contains(@class, "error-summary")]/p')
    )


FEE_HEADERS = ("收费项目", "年度", "收费金额（元）")
DECISION_HEADERS = ("决定类型", "文书编号", "决定日期")


def test_a_sheet_with_wrong_headers_is_refused_at_its_first_row(bureau: Agency, clerk: User) -> None:
    client = login(clerk)
    response = upload(
        client, bureau, "fees", "收费.xlsx", xlsx(("收费项目", "年份", "金额"), ("土地复垦费", 2025, 1000))
    )
    assert response.status_code == 400
    assert error_rows(response) == [
        (
            "第1行",
            "表头不符。行政事业性收费的表头应为“收费项目、年度、收费金额（元）”，实际为“收费项目、年份、金额”"
            "（缺少：年度、收费金额（元）；无法识别：年份、金额）",
        )
    ]
    assert 'name="token"' not in response.content.decode()
    assert FeeCollection.objects.count() == 0
    assert RegisterEvent.objects.count() == 0


def test_every_bad_row_is_listed_with_its_number_and_reason_and_nothing_is_saved(
    bureau: Agency, clerk: User, uploads: Path
) -> None:
    client = login(clerk)
    content = xlsx(
        FEE_HEADERS,
        ("土地复垦费", 2025, 1000),  # row 2: fine on its own
        ("耕地开垦费", 2025, "一万元"),  # row 3: text in a number cell
        ("土地复垦费", 2025, 1000),  # row 4: the same as row 2
        ("土地闲置费", "二〇二五", 50),  # row 5: text in the year
        ("不动产登记费", 2027, 80),  # row 6: a year not yet come
        ("土地出让金", 2025, 20.5),  # row 7: fine
    )
    response = upload(client, bureau, "fees", "收费.xlsx", content)
    assert response.status_code == 400
    assert error_rows(response) == [
        ("第3行", "“收费金额（元）”“一万元”不是数值（只填数字，不带单位）"),
        ("第4行", "与第2行重复（收费项目“土地复垦费”，年度“2025”）"),
        ("第5行", "“年度”“二〇二五”不是整数"),
        ("第6行", "年度“2027”不在1990年至今年之间"),
    ]
    page = response.content.decode()
    assert "发现4处错误，改正后重新上传才能导入" in page
    assert 'name="token"' not in page  # nothing to confirm
    assert not uploads.exists() or not any(uploads.iterdir())  # a refused file is not kept
    assert FeeCollection.objects.count() == 0
    assert RegisterEvent.objects.count() == 0

    dates = xlsx(
        DECISION_HEADERS,
        ("行政许可", "示自然资许〔2026〕1号", "2026-06-30"),  # today: fine
        ("行政许可", "示自然资许〔2026〕2号", "2026-07-01"),  # row 3: after today
        ("行政审批", "示自然资许〔2026〕3号", "2026-06-01"),  # row 4: not a kind of decision
        ("行政处罚", "示自然资罚〔2026〕1号", "6月1日"),  # row 5: not a date
    )
    response = upload(client, bureau, "decisions", "决定.xlsx", dates)
    assert error_rows(response) == [
        ("第3行", "决定日期（2026-07-01）晚于今天"),
        (
            "第4行",
            "“决定类型”“行政审批”不是可选的类型（可选：行政许可、其他对外管理服务事项、行政处罚、行政强制）",
        ),
        ("第5行", "“决定日期”“6月1日”不是有效日期（应写作2024-03-01）"),
    ]
    assert Decision.objects.count() == 0


def test_a_good_sheet_previews_what_it_adds_then_applies_it(
    bureau: Agency, clerk: User, uploads: Path
) -> None:
    actions.record_decision(
        acting_user=clerk,
        agency=bureau,
        kind="license",
        decided_on=D(2026, 1, 5),
        reference="示自然资许〔2026〕1号",
    )
    client = login(clerk)
    content = xlsx(
        DECISION_HEADERS,
        ("行政许可", "示自然资许〔2026〕1号", D(2026, 1, 5)),  # already registered as it is
        ("行政处罚", "示自然资罚〔2026〕1号", "2026/3/2"),
        ("行政强制", "示自然资强〔2026〕1号", "2026年4月1日"),
    )
    response = upload(client, bureau, "decisions", "决定.xlsx", content)
    assert response.status_code == 200
    page = response.content.decode()
    assert "将新增2条，已登记且内容相同1条" in page
    assert "已登记且内容相同、将跳过的行：第2行。" in page
    assert rows_to_add(response) == [
        ["第3行", "行政处罚", "示自然资罚〔2026〕1号", "2026-03-02"],
        ["第4行", "行政强制", "示自然资强〔2026〕1号", "2026-04-01"],
    ]
    assert Decision.objects.count() == 1  # a preview saves nothing
    token = token_of(response)
    assert (uploads / token).read_bytes() == content  # kept on the server, not sent to the browser

    done = confirm(client, bureau, "decisions", token)
    assert done.status_code == 302
    assert done["Location"] == f"/work/registers/{bureau.pk}/decisions/"
    listing = client.get(done["Location"]).content.decode()
    assert "已从“决定.xlsx”导入处理决定2条" in listing
    assert sorted(Decision.objects.values_list("reference", "kind", "decided_on")) == [
        ("示自然资强〔2026〕1号", "coercion", D(2026, 4, 1)),
        ("示自然资罚〔2026〕1号", "penalty", D(2026, 3, 2)),
        ("示自然资许〔2026〕1号", "license", D(2026, 1, 5)),
    ]
    assert RegisterEvent.objects.filter(kind="imported").count() == 1
    assert not (uploads / token).exists()

    again = confirm(client, bureau, "decisions", token)  # a token is used once
    assert again.status_code == 400
    assert refusal(again) == "导入确认无效或已过期，请重新上传文件"
    assert Decision.objects.count() == 3


def _previewed(client: Client, agency: Agency) -> str:
    content = xlsx(DECISION_HEADERS, ("行政处罚", "示自然资罚〔2026〕7号", "2026-03-02"))
    return token_of(upload(client, agency, "decisions", "决定.xlsx", content))


def test_an_altered_or_foreign_token_is_refused(bureau: Agency, clerk: User, office_head: User) -> None:
    client = login(clerk)
    token = _previewed(client, bureau)
    altered = token[:-1] + ("A" if token[-1] != "A" else "B")
    for bad in (altered, "", "../../etc/passwd", token + "x"):
        response = confirm(client, bureau, "decisions", bad)
        assert response.status_code == 400
        assert refusal(response) == "导入确认无效或已过期，请重新上传文件"
    # The token belongs to the clerk's session: a colleague cannot confirm it.
    colleague = confirm(login(office_head), bureau, "decisions", token)
    assert colleague.status_code == 400
    # Nor does it confirm another register's import.
    wrong_register = confirm(client, bureau, "fees", token)
    assert wrong_register.status_code == 400
    assert Decision.objects.count() == 0
    assert RegisterEvent.objects.count() == 0


def test_an_expired_preview_is_refused(bureau: Agency, clerk: User) -> None:
    client = login(clerk)
    token = _previewed(client, bureau)
    session = client.session
    pending = session[SESSION_KEY]
    pending[token]["at"] -= 31 * 60
    session[SESSION_KEY] = pending
    session.save()
    response = confirm(client, bureau, "decisions", token)
    assert response.status_code == 400
    assert refusal(response) == "预览已超过30分钟，已失效，请重新上传文件"
    assert Decision.objects.count() == 0


def test_a_kept_file_that_changed_is_refused(bureau: Agency, clerk: User, uploads: Path) -> None:
    client = login(clerk)
    token = _previewed(client, bureau)
    (uploads / token).write_bytes(xlsx(DECISION_HEADERS, ("行政处罚", "示自然资罚〔2026〕8号", "2026-03-02")))
    response = confirm(client, bureau, "decisions", token)
    assert response.status_code == 400
    assert refusal(response) == "暂存的导入文件已被改动，未导入任何记录；请重新上传文件"
    assert Decision.objects.count() == 0


def test_confirming_checks_the_file_again_against_the_registers_as_they_are_now(
    bureau: Agency, clerk: User
) -> None:
    client = login(clerk)
    token = _previewed(client, bureau)
    # Meanwhile someone registers the same 文书编号 with another date.
    actions.record_decision(
        acting_user=clerk,
        agency=bureau,
        kind="penalty",
        decided_on=D(2026, 3, 3),
        reference="示自然资罚〔2026〕7号",
    )
    response = confirm(client, bureau, "decisions", token)
    assert response.status_code == 400
    assert "自预览以来登记簿已有变化，文件现在有错误，未导入任何记录" in refusal(response)
    assert error_rows(response) == [
        (
            "第2行",
            "已登记过（文书编号“示自然资罚〔2026〕7号”，决定类型“行政处罚”），但决定日期与已登记的不同；"
            "导入只新增记录，修改已登记的记录请在登记簿中逐条办理",
        )
    ]
    assert list(Decision.objects.values_list("decided_on", flat=True)) == [D(2026, 3, 3)]


def test_an_upload_that_is_not_a_sheet_is_explained_beside_the_field(bureau: Agency, clerk: User) -> None:
    client = login(clerk)
    response = upload(client, bureau, "fees", "收费.pdf", b"%PDF-1.4")
    assert response.status_code == 400
    assert "只能导入XLSX或CSV文件（文件名以 .xlsx 或 .csv 结尾）" in response.content.decode()
    response = upload(client, bureau, "fees", "收费.xlsx", b"PK not really a workbook")
    assert error_rows(response) == [
        ("整个文件", "无法读取该XLSX文件，请确认文件未损坏且为Excel 2007及以上格式")
    ]
    csv = "收费项目,年度,收费金额（元）\r\n土地复垦费,2025,1000\r\n".encode("gb18030")
    response = upload(client, bureau, "fees", "收费.csv", csv)
    assert response.status_code == 200
    assert rows_to_add(response) == [["第2行", "土地复垦费", "2025", "1000"]]


def test_the_template_has_the_headers_the_import_expects(clerk: User) -> None:
    client = login(clerk)
    for key, register in REGISTERS.items():
        response = client.get(f"/work/registers/templates/{key}.xlsx")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        book = load_workbook(io.BytesIO(response.content))
        rows = list(book.worksheets[0].iter_rows(values_only=True))
        assert rows == [register.headers], key
        assert book.sheetnames == [register.name, "填写说明"]
    assert client.get("/work/registers/templates/cleanups.xlsx").status_code == 404


def test_the_export_reads_back_as_it_was_and_never_runs_a_formula(bureau: Agency, clerk: User) -> None:
    for project, amount in (('=HYPERLINK("http://example.com","点此")', "12.3456"), ("测绘设备", "86.5")):
        actions.record_procurement(
            acting_user=clerk, agency=bureau, project=project, year=2026, amount_wan=Decimal(amount)
        )
    actions.record_procurement(
        acting_user=clerk, agency=bureau, project="+1-2", year=2025, amount_wan=Decimal("1")
    )
    client = login(clerk)
    response = client.get(f"/work/registers/{bureau.pk}/procurements.xlsx", {"year": 2026})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows == [
        ("采购项目", "年度", "采购金额（万元）"),
        ('=HYPERLINK("http://example.com","点此")', 2026, 12.3456),
        ("测绘设备", 2026, 86.5),
    ]
    formula_like = sheet["A2"]
    assert (formula_like.data_type, formula_like.quotePrefix) == ("s", True)  # text, shown as typed
    assert sheet["A3"].quotePrefix is False
    # What was exported imports again as "already registered", nothing to add.
    again = preview(bureau, "procurements", "采购.xlsx", response.content)
    assert (again.errors, again.to_add, again.unchanged) == ([], [], [2, 3])
