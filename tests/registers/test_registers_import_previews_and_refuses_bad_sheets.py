"""Importing a register from XLSX or CSV: a preview first, and a sheet with any error saves nothing."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from openpyxl import Workbook

from gongkai.agencies.models import Agency, Role
from gongkai.core.actions import ActionError
from gongkai.registers import actions
from gongkai.registers.importing import apply_preview, preview
from gongkai.registers.models import Decision, FeeCollection, Matter, NormativeDocument, RegisterEvent
from tests.factories import member
from tests.registers.registers_day import on_the_last_day_of_june  # noqa: F401  (autouse: today is 2026-06-30)

D = dt.date


def xlsx(*rows: tuple[object, ...]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(*lines: str, encoding: str = "utf-8-sig") -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def _messages(result: object) -> list[str]:
    return [str(e) for e in result.errors]  # type: ignore[attr-defined]


def test_a_clean_matter_sheet_previews_then_adds_every_row(bureau: Agency, clerk: User) -> None:
    actions.list_matter(
        acting_user=clerk, agency=bureau, kind="license", name="采矿权新立登记", listed_from=D(2018, 1, 1)
    )
    content = xlsx(
        ("事项类型", "事项名称", "列入日期", "移出日期"),
        ("行政许可", "采矿权新立登记", dt.datetime(2018, 1, 1), None),  # already registered as it is
        ("行政许可", "临时用地审批", "2019-06-01", "2020/3/1"),
        ("行政处罚", "违法占地处罚", "2017年1月1日", ""),
        (None, None, None, None),  # a blank row is skipped
        ("行政事业性收费", "土地复垦费", D(2018, 1, 1), None),
    )
    result = preview(bureau, "matters", "事项清单.xlsx", content)
    assert _messages(result) == []
    assert [n for n, _ in result.to_add] == [3, 4, 6]
    assert result.unchanged == [2]
    assert result.summary == "将新增3条，已登记且内容相同1条"
    assert Matter.objects.count() == 1  # a preview saves nothing

    assert apply_preview(acting_user=clerk, agency=bureau, preview=result) == 3
    assert Matter.objects.count() == 4
    temporary = Matter.objects.get(name="临时用地审批")
    assert (temporary.kind, temporary.listed_from, temporary.delisted_on) == (
        "license",
        D(2019, 6, 1),
        D(2020, 3, 1),
    )
    assert RegisterEvent.objects.filter(kind="imported").count() == 1


def test_wrong_headers_are_named_expected_against_found(bureau: Agency, clerk: User) -> None:
    content = xlsx(("类型", "事项名称", "列入时间"), ("行政许可", "临时用地审批", "2019-06-01"))
    result = preview(bureau, "matters", "事项清单.xlsx", content)
    assert _messages(result) == [
        "第1行：表头不符。事项清单的表头应为“事项类型、事项名称、列入日期、移出日期”，"
        "实际为“类型、事项名称、列入时间”（缺少：事项类型、列入日期、移出日期；无法识别：类型、列入时间）"
    ]
    assert result.to_add == []
    with pytest.raises(ActionError, match="导入文件有1处错误，未导入任何记录"):
        apply_preview(acting_user=clerk, agency=bureau, preview=result)
    assert not Matter.objects.exists()


def test_a_malformed_decision_sheet_lists_every_bad_row_and_saves_nothing(
    bureau: Agency, clerk: User
) -> None:
    actions.record_decision(
        acting_user=clerk,
        agency=bureau,
        kind="license",
        decided_on=D(2022, 3, 3),
        reference="示许字〔2022〕1号",
    )
    actions.record_decision(
        acting_user=clerk,
        agency=bureau,
        kind="penalty",
        decided_on=D(2022, 3, 1),
        reference="示罚字〔2022〕1号",
    )
    content = xlsx(
        ("决定类型", "文书编号", "决定日期"),
        ("行政许可", "示许字〔2022〕2号", D(2022, 4, 1)),  # 2: good
        ("行政许可", "示许字〔2022〕3号", "四月一日"),  # 3: text in a date cell
        ("行政奖励", "示奖字〔2022〕1号", D(2022, 4, 2)),  # 4: unknown kind
        ("行政许可", "示许字〔2022〕2号", D(2022, 4, 1)),  # 5: same as row 2
        ("行政许可", "示许字〔2022〕1号", D(2022, 3, 4)),  # 6: registered already, another date
        ("行政处罚", "示罚字〔2022〕1号", "2022-03-01"),  # 7: registered already, same: unchanged
        ("行政处罚", None, D(2027, 1, 1)),  # 8: no reference, and a date after today
    )
    result = preview(bureau, "decisions", "办件.xlsx", content)
    assert _messages(result) == [
        "第3行：“决定日期”“四月一日”不是有效日期（应写作2024-03-01）",
        "第4行：“决定类型”“行政奖励”不是可选的类型（可选：行政许可、其他对外管理服务事项、行政处罚、行政强制）",
        "第5行：与第2行重复（文书编号“示许字〔2022〕2号”，决定类型“行政许可”）",
        "第6行：已登记过（文书编号“示许字〔2022〕1号”，决定类型“行政许可”），但决定日期与已登记的不同；"
        "导入只新增记录，修改已登记的记录请在登记簿中逐条办理",
        "第8行：“文书编号”不能为空",
    ]
    assert result.unchanged == [7]
    with pytest.raises(ActionError, match="导入文件有5处错误，未导入任何记录"):
        apply_preview(acting_user=clerk, agency=bureau, preview=result)
    assert sorted(Decision.objects.values_list("reference", "decided_on")) == [
        ("示罚字〔2022〕1号", D(2022, 3, 1)),
        ("示许字〔2022〕1号", D(2022, 3, 3)),
    ]
    assert not RegisterEvent.objects.filter(kind="imported").exists()


def test_text_in_number_cells_of_a_csv_is_refused_row_by_row(bureau: Agency, clerk: User) -> None:
    content = csv_bytes(
        "收费项目,年度,收费金额（元）",
        '土地复垦费,2022,"12,000.00"',
        "不动产登记费,二〇二二,3456.78",
        "耕地开垦费,2022,一万元",
        "土地复垦费,2022,500",
        "测绘成果使用费,2022,-5",
        encoding="gb18030",
    )
    result = preview(bureau, "fees", "收费.csv", content)
    assert _messages(result) == [
        "第3行：“年度”“二〇二二”不是整数",
        "第4行：“收费金额（元）”“一万元”不是数值（只填数字，不带单位）",
        "第5行：与第2行重复（收费项目“土地复垦费”，年度“2022”）",
        "第6行：“收费金额（元）”“-5”不能为负数",
    ]
    with pytest.raises(ActionError):
        apply_preview(acting_user=clerk, agency=bureau, preview=result)
    assert not FeeCollection.objects.exists()


def test_a_clean_fee_csv_keeps_the_amount_exact_and_accepts_half_width_brackets(
    bureau: Agency, clerk: User
) -> None:
    content = csv_bytes(
        "收费项目,年度,收费金额(元)", '土地复垦费,2022,"12,000.00"', "不动产登记费,2022,3456.78"
    )
    result = preview(bureau, "fees", "收费.csv", content)
    apply_preview(acting_user=clerk, agency=bureau, preview=result)
    assert sorted(FeeCollection.objects.values_list("amount", flat=True)) == [
        Decimal("3456.78"),
        Decimal("12000.00"),
    ]


def test_a_county_bureau_cannot_import_a_rule(bureau: Agency, clerk: User) -> None:
    content = xlsx(
        ("文件类型", "文件名称", "文号", "制发日期", "公开日期", "废止日期", "废止原因"),
        ("规范性文件", "关于土地复垦的通知", "示自然资规〔2020〕1号", "2020-02-01", "2020-02-10", None, None),
        ("规章", "示例县土地管理办法", "示自然资〔2020〕2号", "2020-03-01", None, None, None),
        (
            "行政规范性文件",
            "关于采矿的通知",
            "示自然资规〔2020〕3号",
            "2020-04-01",
            "2020-03-01",
            "2021-01-01",
            None,
        ),
    )
    result = preview(bureau, "documents", "文件.xlsx", content)
    assert _messages(result) == [
        "第3行：示例县自然资源局无权制定规章（只有国务院部门、省级人民政府和设区的市级人民政府可以制定规章），请登记为行政规范性文件",
        "第4行：公开日期（2020-03-01）早于制发日期（2020-04-01）",
        "第4行：填写了废止日期，请同时填写废止原因",
    ]
    assert not NormativeDocument.objects.exists()


def test_a_document_sheet_registers_repealed_documents_as_repealed(bureau: Agency, clerk: User) -> None:
    content = xlsx(
        ("文件类型", "文件名称", "文号", "制发日期", "公开日期", "废止日期", "废止原因"),
        (
            "行政规范性文件",
            "关于土地复垦的通知",
            "示自然资规〔2019〕1号",
            "2019-02-01",
            "2019-02-10",
            "2020-11-20",
            "清理失效",
        ),
    )
    apply_preview(
        acting_user=clerk, agency=bureau, preview=preview(bureau, "documents", "文件.xlsx", content)
    )
    document = NormativeDocument.objects.get()
    assert (document.get_status_display(), document.repealed_on) == ("已废止", D(2020, 11, 20))


def test_only_the_agencys_staff_may_apply_and_only_to_their_own_agency(
    bureau: Agency, other_bureau: Agency, clerk: User, supervisor: User
) -> None:
    content = csv_bytes("决定类型,文书编号,决定日期", "行政许可,示许字〔2022〕9号,2022-05-05")
    result = preview(bureau, "decisions", "办件.csv", content)
    with pytest.raises(ActionError, match="不是示例县自然资源局的工作人员"):
        apply_preview(acting_user=supervisor, agency=bureau, preview=result)
    with pytest.raises(ActionError, match="该预览不属于本机关"):
        apply_preview(acting_user=member(other_bureau, Role.CLERK), agency=other_bureau, preview=result)
    assert not Decision.objects.exists()


def test_a_row_registered_between_preview_and_apply_saves_nothing(bureau: Agency, clerk: User) -> None:
    content = csv_bytes(
        "决定类型,文书编号,决定日期",
        "行政许可,示许字〔2022〕8号,2022-05-05",
        "行政许可,示许字〔2022〕9号,2022-05-06",
    )
    result = preview(bureau, "decisions", "办件.csv", content)
    actions.record_decision(
        acting_user=clerk,
        agency=bureau,
        kind="license",
        decided_on=D(2022, 5, 6),
        reference="示许字〔2022〕9号",
    )
    with pytest.raises(ActionError, match="重新上传预览") as conflict:
        apply_preview(acting_user=clerk, agency=bureau, preview=result)
    assert conflict.value.code == "conflict"
    assert list(Decision.objects.values_list("reference", flat=True)) == ["示许字〔2022〕9号"]


def test_a_damaged_file_is_refused_with_a_message(bureau: Agency) -> None:
    result = preview(bureau, "matters", "事项.xlsx", b"PK\x03\x04 not really a workbook")
    assert _messages(result) == ["无法读取该XLSX文件，请确认文件未损坏且为Excel 2007及以上格式"]
