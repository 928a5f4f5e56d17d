"""The report as one standalone, accessible HTML5 page (also the source of the PDF)."""

from __future__ import annotations

from html import escape
from importlib.resources import files

from ..model import Report
from .layout import Axis, Cell, Paragraph, Role, TableLayout, document

# Named as WPS and Word name them (仿宋_GB2312 first, as the official layout asks), then the
# free 仿宋 that `make fonts` installs (FandolFang), then any CJK serif.
DEFAULT_FONTS = (
    '"仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "STFangsong", "FandolFang", '
    '"Noto Serif CJK SC", "Source Han Serif SC", "SimSun", serif'
)
WIDE_TABLE = 10  # columns from which a table keeps a minimum width and scrolls on a phone


def render_html(report: Report, *, fonts: str = DEFAULT_FONTS) -> str:
    """A complete HTML page: UTF-8, lang="zh-CN", inline CSS, no script, no external resource."""
    page = _Page()
    for block in document(report):
        if isinstance(block, TableLayout):
            page.table(block)
        else:
            page.paragraph(block)
    page.close()
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(report.title)}</title>\n"
        f"<style>\n{stylesheet(fonts)}</style>\n"
        "</head>\n<body>\n<main>\n<article>\n" + "".join(page.out) + "</article>\n</main>\n</body>\n</html>\n"
    )


def stylesheet(fonts: str) -> str:
    if any(c in fonts for c in "{};<>"):
        raise ValueError(f"字体设置不是合法的 CSS font-family 值：{fonts}")
    css = files(__package__).joinpath("report.css").read_text(encoding="utf-8")
    return f"html {{\n  font-family: {fonts};\n}}\n\n{css}"


class _Page:
    """Writes blocks in order, wrapping each section (and the closing lines) in its element."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.container = ""  # the open element: "", "section" or "footer"
        self.sections = 0
        self.tables = 0

    def enter(self, container: str, attributes: str = "") -> None:
        if self.container:
            self.out.append(f"</{self.container}>\n")
        self.container = container
        if container:
            self.out.append(f"<{container}{attributes}>\n")

    def close(self) -> None:
        self.enter("")

    def paragraph(self, block: Paragraph) -> None:
        text = escape(block.text)
        match block.role:
            case Role.TITLE:
                if block.phrases:  # a line breaks between phrases only (.phrase: inline-block)
                    text = "".join(f'<span class="phrase">{escape(p)}</span>' for p in block.phrases)
                self.out.append(f"<header>\n<h1>{text}</h1>\n</header>\n")
            case Role.HEADING:
                self.sections += 1
                anchor = f"section-{self.sections}"
                self.enter("section", f' aria-labelledby="{anchor}"')
                self.out.append(f'<h2 id="{anchor}">{text}</h2>\n')
            case Role.BODY:
                self.out.append(f"<p>{text}</p>\n")
            case Role.NOTE:
                self.out.append(f'<p class="note">{text}</p>\n')
            case Role.CLOSING:
                if self.container != "footer":
                    self.enter("footer")
                if block.published:
                    text = f'<time datetime="{block.published.isoformat()}">{text}</time>'
                self.out.append(f'<p class="closing">{text}</p>\n')

    def table(self, table: TableLayout) -> None:
        self.tables += 1
        anchor = f"table-{self.tables}"
        # A table without a head of its own (table 二) is a run of parts, each kept on one page.
        classes = " ".join(
            c for c, on in (("wide", table.width >= WIDE_TABLE), ("parts", not table.head)) if on
        )
        total = sum(table.column_weights)
        out = self.out
        out.append(f'<div class="table-frame" role="region" aria-labelledby="{anchor}" tabindex="0">\n')
        out.append(f'<table class="{classes}">\n')
        out.append(f'<caption id="{anchor}" class="visually-hidden">{escape(table.caption)}</caption>\n')
        out.append("<colgroup>")
        out.extend(f'<col style="width: {100 * w / total:.2f}%">' for w in table.column_weights)
        out.append("</colgroup>\n")
        rows = table.rows()
        if table.head:
            out.append("<thead>\n")
            out.extend(_row(cells) for cells in rows[: table.head])
            out.append("</thead>\n")
        for start, stop in table.row_groups():
            out.append("<tbody>\n")
            out.extend(_row(cells) for cells in rows[start:stop])
            out.append("</tbody>\n")
        out.append("</table>\n</div>\n")


def _row(cells: list[Cell]) -> str:
    return "<tr>" + "".join(_cell(cell) for cell in cells) + "</tr>\n"


def _cell(cell: Cell) -> str:
    spans = (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "") + (
        f' colspan="{cell.colspan}"' if cell.colspan > 1 else ""
    )
    text = escape(cell.text)
    if cell.axis is None:
        return f"<td{spans}>{text}</td>"
    if cell.axis is Axis.COLUMN:
        scope = "colgroup" if cell.colspan > 1 else "col"
    else:
        scope = "rowgroup" if cell.rowspan > 1 else "row"
    return f'<th scope="{scope}"{spans}>{text}</th>'
