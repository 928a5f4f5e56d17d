"""Documents built in the tests themselves: the official table 三 as HTML, DOCX and PDF.

Table 三 has three label columns: the header's 勾稽 note spans 3 rows x 3 columns,
"三、本年度办理结果" spans the outcome rows, and "（三）不予公开" spans its numbered reasons.
The same table, written in each format, must come back as the same grid.
"""

from __future__ import annotations

import html
import io
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache

from gongkai.annual_report.blocks import Block, Paragraph, Table


@dataclass(frozen=True)
class Placed:
    row: int
    column: int
    text: str
    rowspan: int = 1
    colspan: int = 1


NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
ZEROS = ["0"] * 7
ONE = ["1", "0", "0", "0", "0", "0", "1"]


def _values(row: int, values: list[str]) -> list[Placed]:
    return [Placed(row, 3 + i, value) for i, value in enumerate(values)]


TABLE_THREE: list[Placed] = [
    Placed(0, 0, NOTE, rowspan=3, colspan=3),
    Placed(0, 3, "申请人情况", colspan=7),
    Placed(1, 3, "自然人", rowspan=2),
    Placed(1, 4, "法人或其他组织", colspan=5),
    Placed(1, 9, "总计", rowspan=2),
    Placed(2, 4, "商业\n企业"),
    Placed(2, 5, "科研机构"),
    Placed(2, 6, "社会公益组织"),
    Placed(2, 7, "法律服务机构"),
    Placed(2, 8, "其他"),
    Placed(3, 0, "一、本年新收政府信息公开申请数量", colspan=3),
    *_values(3, ONE),
    Placed(4, 0, "二、上年结转政府信息公开申请数量", colspan=3),
    *_values(4, ZEROS),
    Placed(5, 0, "三、本年度办理结果", rowspan=6),
    Placed(5, 1, "（一）予以公开", colspan=2),
    *_values(5, ONE),
    Placed(6, 1, "（二）部分公开", colspan=2),
    *_values(6, ZEROS),
    Placed(7, 1, "（三）不予公开", rowspan=2),
    Placed(7, 2, "1.属于国家秘密"),
    *_values(7, ZEROS),
    Placed(8, 2, "2.其他法律行政法规禁止公开"),
    *_values(8, ZEROS),
    Placed(9, 1, "（六）其他处理", colspan=2),
    *_values(9, ZEROS),
    Placed(10, 1, "（七）总计", colspan=2),
    *_values(10, ONE),
    Placed(11, 0, "四、结转下年度继续办理", colspan=3),
    *_values(11, ZEROS),
]
TABLE_THREE_SHAPE = (12, 10)

# Worked out by hand from the picture of the official form, not from the code under test.
TABLE_THREE_GRID: list[list[str]] = [
    [NOTE, "", "", "申请人情况", "", "", "", "", "", ""],
    ["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"],
    ["", "", "", "", "商业\n企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""],
    ["一、本年新收政府信息公开申请数量", "", "", *ONE],
    ["二、上年结转政府信息公开申请数量", "", "", *ZEROS],
    ["三、本年度办理结果", "（一）予以公开", "", *ONE],
    ["", "（二）部分公开", "", *ZEROS],
    ["", "（三）不予公开", "1.属于国家秘密", *ZEROS],
    ["", "", "2.其他法律行政法规禁止公开", *ZEROS],
    ["", "（六）其他处理", "", *ZEROS],
    ["", "（七）总计", "", *ONE],
    ["四、结转下年度继续办理", "", "", *ZEROS],
]


def table_three_html(attributes: str = 'border="1"') -> str:
    """Table 三 as a ``<table>`` whose rows list only the cells that start in them."""
    rows = []
    for r in range(TABLE_THREE_SHAPE[0]):
        cells = []
        for cell in sorted((c for c in TABLE_THREE if c.row == r), key=lambda c: c.column):
            spans = ""
            if cell.rowspan > 1:
                spans += f' rowspan="{cell.rowspan}"'
            if cell.colspan > 1:
                spans += f' colspan="{cell.colspan}"'
            text = "<br>".join(html.escape(part) for part in cell.text.split("\n"))
            cells.append(f"<td{spans}>{text}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table {attributes}>\n" + "\n".join(rows) + "\n</table>"


def table_three_docx_into(document: object) -> None:
    """Add table 三 to a python-docx Document, merging cells as Word users do."""
    table = document.add_table(rows=TABLE_THREE_SHAPE[0], cols=TABLE_THREE_SHAPE[1])  # type: ignore[attr-defined]
    table.style = "Table Grid"
    for cell in TABLE_THREE:
        target = table.cell(cell.row, cell.column)
        if cell.rowspan > 1 or cell.colspan > 1:
            target = target.merge(table.cell(cell.row + cell.rowspan - 1, cell.column + cell.colspan - 1))
        target.text = cell.text


def grids(blocks: list[Block]) -> list[list[list[str]]]:
    """The text of every table among the blocks."""
    return [
        [[cell.text for cell in row] for row in block.rows] for block in blocks if isinstance(block, Table)
    ]


def texts(blocks: list[Block]) -> list[str]:
    """The text of every paragraph among the blocks."""
    return [block.text for block in blocks if isinstance(block, Paragraph)]


@cache
def cjk_font_available() -> bool:
    """Whether fontconfig knows a font with Chinese glyphs (WeasyPrint needs one)."""
    if shutil.which("fc-list") is None:
        return False
    listing = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, check=False)
    return bool(listing.stdout.strip())


PDF_STYLE = """
@page { size: A4 landscape; margin: 1.5cm;
        @bottom-center { content: "- " counter(page) " -"; font-size: 9pt; } }
body { font-family: "Noto Sans CJK SC", "WenQuanYi Zen Hei", sans-serif; font-size: 10pt; }
table { border-collapse: collapse; }
td, th { border: 0.8pt solid black; padding: 2pt 4pt; }
"""


def pdf_from_html(body: str, style: str = PDF_STYLE) -> bytes:
    import weasyprint

    page = f"<html><head><meta charset='utf-8'><style>{style}</style></head><body>{body}</body></html>"
    buffer = io.BytesIO()
    weasyprint.HTML(string=page).write_pdf(buffer)
    return buffer.getvalue()


def minimal_pdf(
    content: bytes, *, font: bytes | None = None, trailer: bytes = b"", extra: list[bytes] | None = None
) -> bytes:
    """A one-page PDF written by hand, with correct cross-reference offsets.

    ``content`` is the page's content stream; ``font`` replaces the Helvetica font object;
    ``extra`` objects are numbered from 5 on; ``trailer`` is added to the trailer dictionary.
    """
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 6 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        *(extra or [b"<< >>"]),
        font or b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R " % (len(objects) + 1) + trailer + b">>\n"
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)
