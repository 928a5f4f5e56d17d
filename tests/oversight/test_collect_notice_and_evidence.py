"""A finding of a collected file leads to its evidence: where it is in the format (表二 第二十条
第（一）项, the row as printed, the line of the file) and the text read there, with the lines
around it from the original. A unit not on the platform gets a 整改通知 (DOCX) listing its
findings with that evidence, the deadline for correction and the supervisor's name and date."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from docx import Document

from gongkai.oversight.collect import process, start_batch
from gongkai.oversight.models import BatchSource, CollectedReport, CollectedState
from tests.travel import travel_to

from .collect_fixtures import ZHONGSHAN, media, roster_2021, unit
from .oversight_fixtures import Tree, client_for, tree

__all__ = ["media", "tree"]


def _collected(tree: Tree) -> CollectedReport:
    roster_2021(tree, "石家庄市桥西区中山街道办事处", "示例县某某乡人民政府")
    batch = start_batch(
        acting_user=tree.supervisor,
        supervisor=tree.county,
        year=2021,
        source=BatchSource.FILES,
        files=[("中山街道2021.txt", ZHONGSHAN.read_bytes())],
    )
    process(batch)
    row = CollectedReport.objects.get(batch=batch)
    assert row.state == CollectedState.MATCHED
    return row


@pytest.mark.django_db
def test_a_findings_evidence_is_the_line_of_the_file_it_was_read_from(tree: Tree, media: Path) -> None:
    row = _collected(tree)
    # Line 29 of the file reads “规范性文件”, the 2021 format's row is “行政规范性文件”: the
    # reader takes it for that row and says so.
    lines = ZHONGSHAN.read_text(encoding="utf-8").splitlines()
    assert lines[28] == "规范性文件"
    n, finding = next(
        (n, f) for n, f in enumerate(row.findings) if f["code"] == "label" and f["row"] == "normative"
    )
    assert finding["evidence"] == {"line": 29, "text": "规范性文件"}

    client = client_for(tree.supervisor)
    page = client.get(f"/work/oversight/{tree.county.pk}/2021/collect/files/{row.pk}/").content.decode()
    assert f"/collect/files/{row.pk}/findings/{n}/" in page
    evidence = client.get(f"/work/oversight/{tree.county.pk}/2021/collect/files/{row.pk}/findings/{n}/")
    assert evidence.status_code == 200
    html = evidence.content.decode()
    assert "第二部分" in html
    assert "表二：第二十条第（一）项" in html
    assert "“行政规范性文件”行" in html
    assert "第29行" in html
    assert "<mark>规范性文件</mark>" in html
    # The lines around it, from the original: line 26 is “0”, line 32 “0”.
    assert "<td>26</td><td>0</td>" in html
    assert f"/collect/files/{row.pk}/original/" in html


@pytest.mark.django_db
def test_the_notice_lists_the_findings_with_their_evidence_and_the_deadline(tree: Tree, media: Path) -> None:
    row = _collected(tree)
    CollectedReport.objects.filter(pk=row.pk).update(
        findings=[
            {
                "code": "label",
                "severity": "warning",
                "message": "“规范性文件”（非标准表述）按格式中的“行政规范性文件”读取",
                "section": 2,
                "table": "art20_1",
                "row": "normative",
                "column": None,
                "line": 29,
                "evidence": {"line": 29, "text": "规范性文件"},
            },
            {"code": "structure", "severity": "error", "message": "缺少第四部分“行政复议”", "section": 4},
            {"code": "note", "severity": "info", "message": "仅供参考"},
        ]
    )
    target = unit(row.unit.roster, "石家庄市桥西区中山街道办事处")
    with travel_to(dt.date(2022, 4, 1)):
        response = client_for(tree.supervisor).get(
            f"/work/oversight/{tree.county.pk}/2021/collect/units/{target.pk}/notice.docx?days=20"
        )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    text = [p.text for p in Document(io.BytesIO(response.content)).paragraphs if p.text.strip()]
    assert text[0] == "关于2021年政府信息公开工作年度报告问题整改的通知"
    assert text[1] == "石家庄市桥西区中山街道办事处："
    assert "于2022年1月30日公开的2021年政府信息公开工作年度报告" in text[2]
    assert "中山街道2021.txt" in text[2]
    # Errors first, then warnings; the 提示 (info) is not a problem to correct.
    assert text[3] == "一、缺少第四部分“行政复议”（第四部分）。"
    assert text[4] == (
        "二、“规范性文件”（非标准表述）按格式中的“行政规范性文件”读取"
        "（第二部分，表二：第二十条第（一）项，“行政规范性文件”行，原文第29行：“规范性文件”）。"
    )
    assert "于2022年4月21日前重新公开整改后的年度报告" in text[5]  # 2022-04-01 + 20 days
    assert "示例县人民政府" in text[5]
    assert text[-2:] == ["示例县人民政府", "2022年4月1日"]


@pytest.mark.django_db
def test_a_unit_whose_report_was_not_found_is_told_so(tree: Tree, media: Path) -> None:
    row = _collected(tree)
    nobody = unit(row.unit.roster, "示例县某某乡人民政府")
    with travel_to(dt.date(2022, 3, 1)):
        response = client_for(tree.supervisor).get(
            f"/work/oversight/{tree.county.pk}/2021/collect/units/{nobody.pk}/notice.docx"
        )
    text = [p.text for p in Document(io.BytesIO(response.content)).paragraphs if p.text.strip()]
    assert text[3] == (
        "一、截至2022年3月1日，未找到你单位公开的2021年政府信息公开工作年度报告"
        "（应于2022年1月31日前公开，《中华人民共和国政府信息公开条例》第四十九条）。"
    )
    assert "2022年3月16日前" in text[4]  # 15 days unless told otherwise


@pytest.mark.django_db
def test_a_unit_on_the_platform_gets_no_notice_here(tree: Tree, media: Path) -> None:
    row = _collected(tree)
    on_platform = row.unit.roster.units.get(agency=tree.land)
    response = client_for(tree.supervisor).get(
        f"/work/oversight/{tree.county.pk}/2021/collect/units/{on_platform.pk}/notice.docx"
    )
    assert response.status_code == 404


def test_a_pdf_line_is_placed_on_its_page() -> None:
    from weasyprint import HTML

    from gongkai.oversight.evidence import pdf_page, where_in_file

    html = (
        '<html><body style="font-family: sans-serif">'
        "<p>一、总体情况</p><p style='page-break-after: always'>本机关主动公开信息。</p>"
        "<p>三、收到和处理政府信息公开申请情况</p></body></html>"
    )
    data = HTML(string=html).write_pdf()
    assert pdf_page(data, "一、总体情况") == 1
    assert pdf_page(data, "三、收到和处理 政府信息公开申请情况") == 2  # spaces do not matter
    assert pdf_page(data, "不在文件中的话") is None
    assert (
        where_in_file(data, 3, "三、收到和处理政府信息公开申请情况")
        == "第2页，第3行（按页面从上到下的顺序计数）"
    )
    assert where_in_file("一、总体情况\n".encode(), 1, "一、总体情况") == "第1行"
