"""The title breaks only between phrases in DOCX, HTML and PDF; the PDF embeds its (free 仿宋) fonts;
a row the official format lacks is kept, shown under its table, and survives the JSON."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document

from gongkai.annual_report.importers import load_bytes, load_path
from gongkai.annual_report.importers.structured import read_json
from gongkai.annual_report.model import ExtraRow
from gongkai.annual_report.renderers import render_docx, render_html, render_json, render_pdf, render_text
from gongkai.annual_report.renderers.layout import title_lines, title_phrases
from gongkai.annual_report.renderers.pdf import font_faces

from .composed_sample import composed_2025

SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"
DOCX_LINE = 20.1  # 二号 (22 pt) characters across the 156 mm of text


@pytest.mark.parametrize(
    ("agency", "lines"),
    [
        # 7 + 3 (2025年: four half-width digits) + 8 = 18; + 4 = 22 > 20.1
        ("示例县人民政府", ["示例县人民政府2025年政府信息公开工作", "年度报告"]),
        # 16 + 3 = 19; + 8 = 27: the next line takes 政府信息公开工作年度报告 (12)
        (
            "示例省示例市示例县市场监督管理局",
            ["示例省示例市示例县市场监督管理局2025年", "政府信息公开工作年度报告"],
        ),
        # 3 + 3 + 8 + 4 = 18: one line
        ("示例局", ["示例局2025年政府信息公开工作年度报告"]),
    ],
)
def test_title_lines_hold_whole_phrases(agency: str, lines: list[str]) -> None:
    report = composed_2025()
    report.agency = agency
    phrases = title_phrases(report)
    assert "".join(phrases) == report.title
    assert title_lines(phrases, DOCX_LINE) == lines


def test_docx_and_html_titles_break_between_phrases() -> None:
    report = composed_2025()
    doc = Document(io.BytesIO(render_docx(report)))
    assert doc.paragraphs[0].text == "示例县人民政府2025年政府信息公开工作\n年度报告"
    html = render_html(report)
    assert (
        '<h1><span class="phrase">示例县人民政府</span><span class="phrase">2025年</span>'
        '<span class="phrase">政府信息公开工作</span><span class="phrase">年度报告</span></h1>'
    ) in html
    assert "h1 .phrase {\n  display: inline-block;" in html


def test_a_docx_title_that_fills_its_line_to_the_last_character_breaks_between_phrases() -> None:
    # 示例县文化和旅游局 (9) + 2025年 (3) + 政府信息公开工作 (8) = 20 of the 20.1 characters a line
    # holds by count: with Word's space around digits, 「作」 would wrap alone (seen in LibreOffice).
    report = composed_2025()
    report.agency = "示例县文化和旅游局"
    doc = Document(io.BytesIO(render_docx(report)))
    assert doc.paragraphs[0].text == "示例县文化和旅游局2025年\n政府信息公开工作年度报告"


needs_fonts = pytest.mark.skipif(
    not font_faces() or shutil.which("pdffonts") is None,
    reason="需要 `make fonts` 安装的 Fandol 字体和 poppler-utils（make system-deps）",
)


@needs_fonts
def test_pdf_title_breaks_between_phrases_and_every_font_is_embedded(tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    data = render_pdf(composed_2025())
    pdf = pdfium.PdfDocument(data)
    text = pdf[0].get_textpage().get_text_range()
    assert text.replace("\r", "").split("\n")[:2] == ["示例县人民政府2025年政府信息公开工作", "年度报告"]
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    fonts = [line.split() for line in listing.splitlines()[2:]]
    names = {row[0].split("+")[-1] for row in fonts}
    assert {"FandolFang", "FandolSong-Bold"} <= names  # 仿宋 for the text, 小标宋's stand-in for the title
    assert all(row[-5] == "yes" for row in fonts), listing  # the "emb" column


def test_a_row_the_format_lacks_is_kept_shown_and_round_tripped() -> None:
    result = load_path(SEEDS / "000_04704cbcf4aa470b.txt")
    report = result.report
    (extra,) = report.extra_rows
    assert extra.table == "art20_1"
    assert extra.label.startswith("其他主动公开文件（含以本单位")
    assert extra.cells == ("19", "19", "19")
    (finding,) = [f for f in result.findings if f.code == "extra"]
    assert "原样保留" in finding.message

    back = read_json(render_json(report))
    assert back.extra_rows == [extra]
    assert json.loads(render_json(report))["extra_rows"][0]["cells"] == ["19", "19", "19"]

    note = f"注：原表二第（一）项另有格式规定以外的“{extra.label}”一行（19、19、19），未计入本表。"
    assert f'<p class="note">{note}</p>' in render_html(back)
    doc = Document(io.BytesIO(render_docx(back)))
    assert note in [p.text for p in doc.paragraphs]


def test_an_extra_row_of_a_part_the_edition_lacks_still_shows_under_table_two() -> None:
    report = composed_2025()  # E2021: no 第二十条第（九）项
    report.extra_rows.append(ExtraRow("art20_9", "政府集中采购", ("3", "12.5")))
    assert "注：原表二另有格式规定以外的“政府集中采购”一行（3、12.5），未计入本表。" in render_html(report)


def test_a_row_printed_twice_keeps_its_second_printing() -> None:
    lines = render_text(composed_2025()).splitlines()
    at = next(i for i, line in enumerate(lines) if "（一）予以公开" in line)
    lines.insert(at + 1, lines[at].replace("\t25\t5\t", "\t26\t5\t"))  # a second, different 予以公开
    report = load_bytes("\n".join(lines).encode()).report
    assert report.get("applications", "granted", "natural_person") == 25  # the first one counts
    (extra,) = report.extra_rows
    assert (extra.table, extra.label) == ("applications", "（一）予以公开")
    note = "注：原表三另有格式规定以外的“（一）予以公开”一行（26、5、0、0、0、0、30），未计入本表。"
    assert f'<p class="note">{note}</p>' in render_html(report)


@pytest.mark.parametrize("fmt", ["docx", "html", "md"])
def test_notes_read_back_as_what_they_say_not_as_prose(fmt: str) -> None:
    from gongkai.annual_report.model import Override
    from gongkai.annual_report.renderers import render

    report = composed_2025()
    report.override(("art20_5", "license", "decisions"), Override(1600, "旧系统的台账"))
    report.extra_rows.append(ExtraRow("art20_1", "其他主动公开文件", ("19", "19", "19")))
    back = load_bytes(render(report, fmt), f"r.{fmt}").report
    assert [s.text for s in back.sections] == [s.text for s in report.sections]
    assert back.overrides == {("art20_5", "license", "decisions"): Override(1600, "旧系统的台账")}
    assert back.extra_rows == report.extra_rows
