"""The project's own reference pages (docs/), generated from the code so they cannot drift.

- formats.md: both editions' sections, tables, rows and columns with their canonical keys,
  read from `editions.EDITIONS`;
- rules.md: every rule code of `rules.RULES`, with an example finding produced by running the
  importer and the checker on a generated report (`sample.random_report`) with one fault;
- report.schema.json: the JSON Schema of a report (`gongkai report schema`).

`make docs` (python -m gongkai.annual_report.reference docs) writes them; a test regenerates
them in memory and compares with the checked-in files.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from .blocks import Table
from .checker import check
from .editions import EDITIONS, Edition, EditionDef, Kind, TableDef
from .findings import Code, Finding
from .importers import load_bytes, read_blocks
from .importers.ocr import OcrCell, ocr_findings
from .interpret import interpret
from .model import Override, Report, Section
from .renderers.json import json_schema
from .renderers.text import render_text
from .rules import GROUP_TITLES, RULES, SEVERITY_TITLES, Group, Rule
from .sample import random_report
from .similarity import findings_for_set
from .supervision import supervisor_checks

SEED = 7  # any seed works; a fixed one keeps the pages stable

# --- example findings ---------------------------------------------------------------------


def _report(edition: Edition = Edition.E2019, year: int | None = None) -> Report:
    report = random_report(SEED, edition)
    if year is not None:
        report.year = year
        report.published = date(year + 1, 1, 20)
    return report


def _read(edit: Callable[[list[str]], list[str]], edition: Edition = Edition.E2019) -> list[Finding]:
    """Render a generated report as tab-separated text, change its lines, read it back."""
    lines = render_text(_report(edition)).splitlines()
    return load_bytes("\n".join(edit(lines)).encode()).findings


def _replace_line(label: str, change: Callable[[list[str]], list[str]]) -> Callable[[list[str]], list[str]]:
    """An edit of the first table row with a cell that starts with `label`."""

    def edit(lines: list[str]) -> list[str]:
        for index, line in enumerate(lines):
            cells = line.split("\t")
            if len(cells) > 1 and any(cell.startswith(label) for cell in cells):
                lines[index] = "\t".join(change(cells))
                return lines
        raise LookupError(label)

    return edit


def _set_last(value: str) -> Callable[[list[str]], list[str]]:
    return lambda cells: [*cells[:-1], value]


def _balance() -> list[Finding]:
    report = _report()
    report.tables["applications"]["new"]["natural_person"] = (
        int(report.tables["applications"]["new"]["natural_person"] or 0) + 1
    )
    return check(report)


def _outcome_sum() -> list[Finding]:
    report = _report()
    cells = report.tables["applications"]["granted"]
    cells["research"] = int(cells["research"] or 0) + 2
    cells["total"] = int(cells["total"] or 0) + 2
    return check(report)


def _row_total() -> list[Finding]:
    report = _report()
    cells = report.tables["applications"]["carried_forward"]
    cells["total"] = int(cells["total"] or 0) + 1
    return check(report)


def _review_total() -> list[Finding]:
    report = _report()
    cases = report.tables["appeals"]["cases"]
    cases["review_total"] = int(cases["review_total"] or 0) + 1
    return check(report)


def _carry_over() -> list[Finding]:
    last, this = _report(year=2019), _report(year=2020)
    for column, value in last.tables["applications"]["carried_forward"].items():
        this.tables["applications"]["carried_over"][column] = value
    this.tables["applications"]["carried_over"]["natural_person"] = (
        int(last.tables["applications"]["carried_forward"]["natural_person"] or 0) + 2
    )
    return check(this, last)


def _items_continuity() -> list[Finding]:
    last, this = _report(year=2019), _report(year=2020)
    last.tables["art20_5"]["license"].update(prev_items=14, delta=-2)
    this.tables["art20_5"]["license"]["prev_items"] = 14  # 14 - 2 = 12 expected
    return check(this, last)


def _in_force() -> list[Finding]:
    last, this = _report(Edition.E2021, 2021), _report(Edition.E2021, 2022)
    last.tables["art20_1"]["normative"]["in_force"] = 10
    this.tables["art20_1"]["normative"].update(issued=3, repealed=2, in_force=12)  # 10 + 3 - 2 = 11
    return check(this, last)


def _edition() -> list[Finding]:
    return check(_report(Edition.E2019, 2021))


def _period() -> list[Finding]:
    report = _report(year=2020)
    report.period = (date(2019, 1, 1), date(2019, 12, 31))
    return check(report)


def _deadline() -> list[Finding]:
    report = _report(year=2020)
    report.published = date(2021, 2, 3)
    return check(report)


def _fee_statement() -> list[Finding]:
    report = _report(Edition.E2021)
    report.sections[5].text = "无其他需要报告的事项。"
    return check(report)


def _rules_authority() -> list[Finding]:
    report = _report()
    report.tables["art20_1"]["rules"]["made"] = 1
    return check(report)


def _narrative() -> list[Finding]:
    report = _report()
    said = int(report.tables["applications"]["new"]["total"] or 0) + 5
    report.sections[0].text = f"全年共收到政府信息公开申请{said}件，均已按期答复。"
    return check(report)


def _structure() -> list[Finding]:
    report = _report()
    report.sections.append(Section(7, "工作亮点", "我局加强政策解读。"))
    return check(report)


def _override() -> list[Finding]:
    report = _report(Edition.E2021)
    report.override(
        ("art20_1", "normative", "in_force"),
        Override(42, "平台启用前制发的文件未在登记簿中，按2024年度报告的现行有效件数填报"),
    )
    return check(report)


def _jump() -> list[Finding]:
    last, this = _report(year=2019), _report(year=2020)
    last.tables["applications"]["new"]["total"] = 12
    this.tables["applications"]["new"]["total"] = 75  # 75 / 12 = 6.25 times, more than 5
    return supervisor_checks(this, last)


def _empty_section() -> list[Finding]:
    report = _report()
    report.sections[4].text = "无。"
    return supervisor_checks(report)


_NARRATIVE = (
    "{year}年，我办围绕优化营商环境，公开涉企政策文件{n}件，并在门户网站设置惠企政策专栏集中发布。",
    "对群众关注的义务教育招生和医保报销政策，邀请部门负责人在线访谈{m}次，解读政策要点和办理流程。",
    "全年收到的政府信息公开申请主要涉及征地补偿和房屋征收，均在法定期限内答复，没有超期答复的情况。",
    "一是基层政务公开标准化目录还不够完善，二是政策解读的形式较为单一，图解和视频解读偏少。",
    "下一步将对照标准目录逐项梳理，把图解、短视频解读作为重要政策发布的必备环节。",
)


def _similarity() -> list[Finding]:
    """This year's narrative is last year's with the figures changed: 照搬."""
    last, this = _report(year=2019), _report(year=2020)
    for report, n, m in ((last, 36, 4), (this, 41, 6)):
        text = [line.format(year=report.year, n=n, m=m) for line in _NARRATIVE]
        report.sections[0].text = "\n".join(text[:3])
        report.sections[4].text = "\n".join(text[3:])
        for section in (report.sections[1], report.sections[3], report.sections[5]):
            section.text = ""
    return findings_for_set([last, this], ["2019.docx", "2020.docx"])[1]


def _truncated(lines: list[str]) -> list[str]:
    cut = next(i for i, line in enumerate(lines) if "（二）部分公开" in line)
    return lines[:cut]


def _extra(lines: list[str]) -> list[str]:
    at = next(i for i, line in enumerate(lines) if line.startswith("行政强制"))
    return [*lines[: at + 1], "行政检查\t3\t1\t2", *lines[at + 1 :]]


def _run_together(lines: list[str]) -> list[str]:
    """Table 三's （一）予以公开 row with its numbers written without separators, as crawlers leave them."""
    at = next(i for i, line in enumerate(lines) if "（一）予以公开" in line)
    cells = lines[at].split("\t")
    lines[at] = "\t".join(cells[:2]) + "\t" + "".join(cells[3:])
    return lines


def _ocr() -> list[Finding]:
    """A report whose table 三 came from a picture: the cells OCR would hand over, without the pixels.

    Recognition itself is slow and needs the model; what this shows is the finding the importer
    adds for each value it took from such a cell (`ocr.ocr_findings`, as `load_bytes` calls it).
    """
    blocks = read_blocks(render_text(_report()).encode(), "txt")
    pictured = [
        Table(tuple(tuple(OcrCell(cell.text, cell.line) for cell in row) for row in block.rows), block.line)
        if isinstance(block, Table) and any("予以公开" in cell.text for row in block.rows for cell in row)
        else block
        for block in blocks
    ]
    return ocr_findings(pictured, interpret(pictured, "").report)


EXAMPLES: dict[Code, Callable[[], list[Finding]]] = {
    Code.BALANCE: _balance,
    Code.OUTCOME_SUM: _outcome_sum,
    Code.ROW_TOTAL: _row_total,
    Code.REVIEW_TOTAL: _review_total,
    Code.CARRY_OVER: _carry_over,
    Code.ITEMS_CONTINUITY: _items_continuity,
    Code.IN_FORCE: _in_force,
    Code.JUMP: _jump,
    Code.EDITION: _edition,
    Code.PERIOD: _period,
    Code.DEADLINE: _deadline,
    Code.FEE_STATEMENT: _fee_statement,
    Code.RULES_AUTHORITY: _rules_authority,
    Code.NARRATIVE: _narrative,
    Code.STRUCTURE: _structure,
    Code.OVERRIDE: _override,
    Code.EMPTY_SECTION: _empty_section,
    Code.SIMILARITY: _similarity,
    Code.CELLS: lambda: _read(_replace_line("（一）予以公开", lambda cells: cells[:-2])),
    Code.MISSING: lambda: _read(_replace_line("（二）部分公开", _set_last("/"))),
    Code.NON_NUMERIC: lambda: _read(_replace_line("行政许可", lambda c: [*c[:2], "减4", *c[3:]])),
    Code.LABEL: lambda: _read(lambda lines: [line.replace("商业企业", "商业机构") for line in lines]),
    Code.EXTRA: lambda: _read(_extra),
    Code.UNIT: lambda: _read(_replace_line("政府集中采购", lambda c: [*c[:2], c[2] + "万元", *c[3:]])),
    Code.TRUNCATED: lambda: _read(_truncated),
    Code.INFERRED: lambda: _read(_run_together),
    Code.OCR: _ocr,
}


def example(code: Code) -> Finding | None:
    """The first finding with `code` that its recipe produces (None: no recipe yet)."""
    recipe = EXAMPLES.get(code)
    if recipe is None:
        return None
    return next((f for f in recipe() if f.code == code), None)


# --- pages --------------------------------------------------------------------------------

GENERATED = "<!-- 由 `make docs` 生成，请勿手工修改 / generated by `make docs`: do not edit -->\n"


def rules_markdown() -> str:
    out = [
        GENERATED,
        "# 检查规则 / Rule codes\n",
        "每条检查结果（finding）都带一个规则代码、严重程度（错误 error / 警告 warning）、位置（部分、表、行、列、"
        "源文件行号）、中文说明和所涉数值。`gongkai report check` 在有错误时以 1 退出；警告不影响退出码。"
        "本页由检查器自己的规则表（`gongkai report rules`）生成，示例是在生成的报告上制造一处问题后由导入器和"
        "检查器实际给出的结果（`gongkai report check --json` 的格式）。表、行、列的键名见 [formats.md](formats.md)。\n",
        "| 代码 | 类别 | 严重程度 | 名称 |",
        "|---|---|---|---|",
    ]
    for rule in RULES:
        out.append(
            f"| [`{rule.code}`](#{rule.code}) | {GROUP_TITLES[rule.group]} | {_severities(rule)} | {rule.title} |"
        )
    for group in Group:
        out.append(f"\n## {GROUP_TITLES[group]}\n")
        for rule in (r for r in RULES if r.group is group):
            out.append(_rule_entry(rule))
    return "\n".join(out).rstrip() + "\n"


def _severities(rule: Rule) -> str:
    return " / ".join(f"{SEVERITY_TITLES[s]} {s}" for s in rule.severities)


def _rule_entry(rule: Rule) -> str:
    lines = [f"### `{rule.code}`\n", f"**{rule.title}**（{_severities(rule)}）：{rule.checks}\n"]
    found = example(rule.code)
    if found is None:
        lines.append("示例：暂无。\n")
    else:
        shown = json.dumps(found.to_dict(), ensure_ascii=False)
        lines.append(f"示例：\n\n```json\n{shown}\n```\n")
    return "\n".join(lines)


_KINDS = {Kind.COUNT: "件数（非负整数）", Kind.DELTA: "增减（可为负）", Kind.AMOUNT: "金额（万元）"}


def formats_markdown() -> str:
    out = [
        GENERATED,
        "# 年度报告格式 / The two report formats\n",
        "两种官方格式各自的章节、表格、行和列，以及程序在 JSON、CSV 和 API 中使用的规范键名（canonical keys）。"
        "本页由 `src/gongkai/annual_report/editions.py` 生成。单元格的位置写作 `表.行.列`，"
        "例如 `art20_5.license.delta`（2019年版表二第二十条第（五）项“行政许可”行的“本年增/减”）。"
        "空白或无法读取的单元格为 `null`，不等于 0。检查规则见 [rules.md](rules.md)。\n",
    ]
    for definition in EDITIONS.values():
        out.append(_edition_section(definition))
    return "\n".join(out).rstrip() + "\n"


def _edition_section(definition: EditionDef) -> str:
    out = [
        f"## {definition.edition}：{definition.name}（{definition.document}）\n",
        "章节："
        + " · ".join(f"{i}. {title}" for i, title in enumerate(definition.section_titles, start=1))
        + "\n",
    ]
    for table in definition.tables:
        out.append(_table_section(definition.edition, table))
    return "\n".join(out)


def _table_section(edition: Edition, table: TableDef) -> str:
    numeral = "一二三四五六"[table.section - 1]
    out = [f"### {edition} · 第{numeral}部分 · `{table.key}` {table.title}\n"]
    if table.header_note:
        out.append(f"{table.header_note}\n")
    out += ["| 列键 column | 表头 header | 类型 kind | 也读作 variants |", "|---|---|---|---|"]
    for column in table.columns:
        out.append(
            f"| `{column.key}` | {' / '.join(column.path)} | {_KINDS[column.kind]} | {'、'.join(column.variants)} |"
        )
    out += ["", "| 行键 row | 行标签 label | 也读作 variants |", "|---|---|---|"]
    for row in table.rows:
        out.append(f"| `{row.key}` | {' / '.join(row.path)} | {'、'.join(row.variants)} |")
    return "\n".join(out) + "\n"


def schema_json() -> str:
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"


def pages() -> dict[str, str]:
    """File name in docs/ -> its generated content."""
    return {
        "formats.md": formats_markdown(),
        "rules.md": rules_markdown(),
        "report.schema.json": schema_json(),
    }


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    target = Path(args[0] if args else "docs")
    target.mkdir(parents=True, exist_ok=True)
    for name, content in pages().items():
        (target / name).write_text(content, encoding="utf-8")
        print(f"已写入 {target / name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
