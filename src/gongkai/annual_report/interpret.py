"""From blocks (paragraphs and tables, whatever the format) to a Report, saying what was odd.

The interpreter never guesses silently: every label it had to map, every cell it could not
place and every number written as text becomes a finding. A value it cannot place stays
missing (None), never 0.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache

from rapidfuzz.distance import OSA

from . import normalize as nz
from . import runs
from .blocks import Block, Cell, Paragraph, Table, UnreadableError
from .editions import EDITIONS, Edition, Kind, Row, TableDef, edition_for_year, outcome_row_keys
from .findings import Code, Finding, error, warning
from .model import UNNAMED_AGENCY, ExtraRow, Number, Override, Report, Section, Source, table_name
from .tidy import AGENCY_ENDINGS, tidy

TABLE_NAMES = {
    "art20_1": "表二第二十条第（一）项",
    "art20_5": "表二第二十条第（五）项",
    "art20_6": "表二第二十条第（六）项",
    "art20_8": "表二第二十条第（八）项",
    "art20_9": "表二第二十条第（九）项",
    "applications": "表三",
    "appeals": "表四",
}

SECTION_KEYWORDS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (6, ("其他需要报告", "其他事项")),
    (5, ("存在的主要问题", "存在问题", "改进情况")),
    (4, ("行政复议", "行政诉讼")),
    (3, ("收到和处理", "依申请")),
    (2, ("主动公开",)),
    (1, ("总体情况",)),
)

_HEADING = re.compile(r"^([一二三四五六七八九十]{1,3})\s*[、.．]\s*(\S.{0,40})$")
_ARABIC_HEADING = re.compile(r"^(\d{1,2})\s*[、.．]\s*(\S.{0,30})$")
_YEAR = re.compile(r"((?:19|20)\d{2}|[〇零一二三四五六七八九]{4})年")
_AGENCY_AFTER_YEAR = re.compile(r"年度?(.{2,40}?)政府信息公开")
_DATE = re.compile(
    r"^([〇零一二三四五六七八九\d]{4})年([一二三四五六七八九十\d]{1,3})月([一二三四五六七八九十\d]{1,3})日$"
)
_LABELLED_DATE = re.compile(
    r"(?:(?:发布|成文|印发)(?:日期|时间)[:：]?|(?<!统计)(?<!截止)(?:日期|时间)[:：])(\d{4})[-年/.](\d{1,2})[-月/.](\d{1,2})"
)
_PERIOD = re.compile(
    r"(?:统计(?:期限|期间|时限|时间)?|涵盖)[^。]{0,12}?(\d{4})年(\d{1,2})月(\d{1,2})日[^。]{0,8}?(?:至|到|—|-|~)"
    r"[^。]{0,4}?(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日"
)
# A notice that issues the report format, or any other document about reports, is not a report.
_OTHER_DOCUMENT = re.compile(r"关于印发|(?:通知|通告|公告|意见|办法|规定|格式|说明)[》」”\"]?$")
_PREAMBLE_OPENINGS = ("根据", "按照", "依据", "依照", "本报告", "本年度报告", "为", "现将", "现公布")
_PREAMBLE_AGENCY = re.compile(
    r"(?:现公布|现将|现公开|现向社会公布|现予公布|现予以公布|特发布|现发布|公布)(?:了)?"
    r"(.{2,40}?)((?:19|20)\d{2}|[〇零一二三四五六七八九]{4})年度?(?:政府信息公开|政务公开|信息公开)"
)
_PREAMBLE_YEAR_FIRST = re.compile(
    r"(?:现公布|现将|现公开|现向社会公布|现予公布|现予以公布|特发布|现发布|公布)"
    r"((?:19|20)\d{2}|[〇零一二三四五六七八九]{4})年度?(.{2,40}?)(?:政府信息公开|政务公开|信息公开)"
)
_COMPILED_BY = re.compile(r"由(.{2,40}?)(?:综合各项数据|根据各项数据|负责|汇总)?编制")
_SIGNATURE_END = ("局", "政府", "委员会", "办公室", "厅", "委", "部", "中心", "院", "署", "办")


@dataclass
class ImportResult:
    report: Report
    findings: list[Finding] = field(default_factory=list)
    source: str = ""


# --- label indexes, built once per edition --------------------------------------------------


@dataclass(frozen=True)
class _Match:
    key: str
    variant: bool  # matched through a known variant, not the official label
    near: str | None = None  # the official label a near miss (a character off) was taken for


@cache
def _row_index(edition: Edition, table_key: str) -> dict[str, _Match]:
    table = EDITIONS[edition].table(table_key)
    return _label_index(table.rows)


def _label_index(items: Sequence[Row] | Sequence[object]) -> dict[str, _Match]:
    index: dict[str, _Match] = {}
    for item in items:
        key: str = item.key  # type: ignore[attr-defined]
        label: str = item.label  # type: ignore[attr-defined]
        variants: tuple[str, ...] = item.variants  # type: ignore[attr-defined]
        index.setdefault(nz.core(label), _Match(key, False))
        for variant in variants:
            index.setdefault(nz.core(variant), _Match(key, True))
    return index


@cache
def _application_rows_any_edition() -> dict[str, _Match]:
    index: dict[str, _Match] = {}
    for edition in Edition:
        index.update({k: v for k, v in _row_index(edition, "applications").items() if k not in index})
    return index


@cache
def _group_labels(edition: Edition) -> dict[str, tuple[str, ...]]:
    """Group label core -> the row keys under it, for the groups of table 三."""
    groups: dict[str, list[str]] = {}
    for row in EDITIONS[edition].table("applications").rows:
        for label in row.path[1:-1]:
            groups.setdefault(nz.core(label), []).append(row.key)
    return {k: tuple(v) for k, v in groups.items()}


@cache
def _table2_vocabulary(edition: Edition) -> frozenset[str]:
    words: set[str] = set()
    for table in EDITIONS[edition].tables_in_section(2):
        for column in table.columns:
            words.add(nz.core(column.label))
            words.update(nz.core(v) for v in column.variants)
    return frozenset(words)


def _match(index: dict[str, _Match], text: str) -> _Match | None:
    label = nz.core(text)
    found = index.get(label)
    if found:
        return found
    # Labels with their explanations glued on without brackets: accept a long official label
    # as a prefix, never a short one ("其他" must not swallow "其他主动公开文件").
    best: _Match | None = None
    best_len = 0
    for known, match in index.items():
        if len(known) >= 4 and label.startswith(known) and len(known) > best_len:
            best, best_len = _Match(match.key, True), len(known)
    if best is not None:
        return best
    near = _near(index, label)
    if len(near) == 1:
        ((key, official),) = near.items()
        return _Match(key, True, official)
    return None


def _near(index: dict[str, _Match], label: str) -> dict[str, str]:
    """The rows whose label is a character or two away from `label` (one swapped, dropped, doubled
    or replaced; two in a long label), each with the label it is close to."""
    if len(label) < 4:
        return {}
    limit = 1 if len(label) < 8 else 2 if len(label) < 16 else 3
    found: dict[str, str] = {}
    for known, match in index.items():
        if len(known) < 4 or abs(len(known) - len(label)) > limit:
            continue
        if OSA.distance(label, known, score_cutoff=limit) <= limit:
            found.setdefault(match.key, known)
    return found


# --- rows -----------------------------------------------------------------------------------


def _split(cells: Sequence[Cell]) -> tuple[list[Cell], list[Cell]]:
    """Label cells (non-empty, not values) up to the last one, and the cells after it."""
    last = -1
    for i, cell in enumerate(cells):
        if cell.text.strip() and not nz.looks_like_value(cell.text):
            last = i
    labels = [c for c in cells[: last + 1] if c.text.strip()]
    return labels, list(cells[last + 1 :])


def _fit(values: list[Cell], n: int, *, merged_before: bool) -> list[Cell]:
    """Drop the empty slots merged cells leave, down to n cells.

    In table 三 a label spanning several columns leaves its empty slots *before* the values
    (so those go first: a trailing blank there is a missing total); in table 二 the last value
    spans the remaining columns, leaving its slots *after* the values.
    """
    values = list(values)
    ends = (0, -1) if merged_before else (-1, 0)
    for end in ends:
        while len(values) > n and not values[end].text.strip():
            values.pop(end)
    blank = sum(1 for c in values if not c.text.strip())
    if len(values) > n and blank == len(values) - n:
        # Value cells merged over other columns than the header's (本年新公开数量 spanning two
        # columns above, 行政许可's value spanning two below): the empty slots are exactly the
        # excess, so none of them is a blank value.
        values = [c for c in values if c.text.strip()]
    return values


class _Interpreter:
    def __init__(self, blocks: list[Block], source: str) -> None:
        self.blocks = blocks
        self.source = source
        self.findings: list[Finding] = []
        self.sources: dict[tuple[str, str, str], Source] = {}
        self.pending_runs: dict[tuple[str, str], tuple[Cell, int]] = {}
        self.extra_rows: list[ExtraRow] = []  # rows the format does not have: kept, not counted
        self.notes: list[str] = []  # the notes our renderers print under a table

    # --- the whole document -----------------------------------------------------------------

    def run(self) -> ImportResult:
        paragraphs = [b for b in self.blocks if isinstance(b, Paragraph)]
        tables = [b for b in self.blocks if isinstance(b, Table)]
        if not paragraphs and not tables:
            raise UnreadableError("文件中没有任何文字内容，无法作为年度报告读取")
        first_heading = self._first_heading_index()
        title_lines = self._title(first_heading)
        period = self._period(paragraphs)
        agency, year = self._agency_and_year(title_lines, paragraphs, period)
        rows2, rows3, rows4 = self._collect_table_rows()
        report_sections = any(_section_for_title(h[1]) is not None for h in self.headings.values())
        if not rows2 and not rows3 and not rows4 and not title_lines and not report_sections:
            raise UnreadableError(
                "不是政府信息公开工作年度报告：既没有报告标题，也没有“一、总体情况”等年度报告的章节和统计表格"
            )
        layout = self._edition(rows2, rows3, year)
        if year is None:
            year = 2019 if layout is Edition.E2019 else 2021
            self.findings.append(
                error(
                    Code.PERIOD,
                    f"标题、统计期限和落款中都没有报告年度，暂按表格所用格式适用的第一年记为{year}年度，请核对",
                    line=1,
                )
            )
        edition = layout or edition_for_year(year)
        report = Report(agency=agency or UNNAMED_AGENCY, year=year, edition=edition)
        if not agency:
            self.findings.append(
                warning(Code.STRUCTURE, "未能从标题、正文开头或落款中识别出发布机关名称", line=1)
            )
        report.published = self._published()
        report.period = period
        report.sections = self._sections(first_heading, agency)
        self._table2(report, rows2)
        self._table3(report, rows3)
        self._table4(report, rows4)
        self._settle_runs(report)
        self._absent(report, rows2, rows3, rows4)
        report.sources = self.sources
        self._read_notes(report)
        report.extra_rows = self.extra_rows
        return ImportResult(report, self.findings, self.source)

    def _first_heading_index(self) -> int | None:
        self.headings = self._find_headings()
        return min(self.headings, default=None)

    def _find_headings(self) -> dict[int, tuple[int, str, bool]]:
        """Section headings by block index. A numbered line is a section heading only in sequence:
        its number past the last section's, or its title naming a later section. Sub-parts of a
        section numbered on their own (「1、主动公开信息情况」 inside 总体情况, 「一、加强组织领导」
        under 一、总体情况) stay part of its text."""
        found: dict[int, tuple[int, str, bool]] = {}
        last = last_topic = 0
        for index, block in enumerate(self.blocks):
            if not isinstance(block, Paragraph):
                continue
            heading = self._heading(block)
            if heading is None:
                continue
            number, title, arabic = heading
            topic = _section_for_title(title)
            if arabic:
                accepted = topic == number and number > last
            else:
                accepted = number > last or (topic is not None and topic > last_topic)
            if accepted:
                found[index] = heading
                last = max(last, number)
                last_topic = max(last_topic, topic or number)
        return found

    def _heading(self, paragraph: Paragraph) -> tuple[int, str, bool] | None:
        """(number, title, written in Arabic numerals) for a section heading."""
        text = paragraph.text.strip()
        if len(text) > 48 or text.endswith(("。", "；", "：", ":")):
            return None
        match = _HEADING.match(text)
        if match:
            number = nz.chinese_number(match.group(1))
            title = match.group(2).strip()
            if _is_table_row(title):
                return None
            return (number, title, False) if number else None
        match = _ARABIC_HEADING.match(text)
        if match and _section_for_title(match.group(2)) is not None:
            return int(match.group(1)), match.group(2).strip(), True
        return None

    def _title(self, first_heading: int | None) -> list[Paragraph]:
        """The title's lines: a short line naming a report (not the preamble's sentence), with the
        short lines just before it when the title was broken over them."""
        end = first_heading if first_heading is not None else min(len(self.blocks), 6)
        lead = [b for b in self.blocks[:end] if isinstance(b, Paragraph)][:6]
        for i, paragraph in enumerate(lead):
            flat = nz.simplify("".join(paragraph.text.split()))
            if (
                "报告" in flat
                and len(flat) <= 80
                and "。" not in flat
                and not flat.startswith(_PREAMBLE_OPENINGS)
                and not _OTHER_DOCUMENT.search(flat)
            ):
                start = i
                while start > 0 and i - start < 2 and _title_piece(lead[start - 1]):
                    start -= 1
                return lead[start : i + 1]
        return []

    def _agency_and_year(
        self, title_lines: list[Paragraph], paragraphs: list[Paragraph], period: tuple[date, date] | None
    ) -> tuple[str, int | None]:
        """Agency and year from the title; else from the preamble's sentence (「现公布XX局2020年度
        政府信息公开工作年度报告」, 「由XX编制」), the 统计期限 sentence and the signature."""
        title = nz.simplify("".join("".join(p.text.split()) for p in title_lines))
        agency, year = _agency_and_year_in_title(title)
        lead = [nz.simplify("".join(p.text.split())) for p in paragraphs[:8]]
        if not agency or year is None:
            agency, year = self._agency_and_year_in_preamble(lead, agency, year)
        if not agency:
            agency = _compiling_agency(lead) or self._signature_agency(paragraphs)
        if year is None:
            year = self._year_without_title(lead, period)
        return agency, year

    def _agency_and_year_in_preamble(
        self, lead: list[str], agency: str, year: int | None
    ) -> tuple[str, int | None]:
        """What the title left open, from the preamble's sentence (「现公布XX局2020年度…」)."""
        for flat in lead:
            found = _PREAMBLE_AGENCY.search(flat) or _PREAMBLE_YEAR_FIRST.search(flat)
            if found:
                named, written = (
                    (found.group(1), found.group(2))
                    if found.re is _PREAMBLE_AGENCY
                    else (found.group(2), found.group(1))
                )
                agency = agency or _clean_agency(named)
                if year is None:
                    year = _year_number(written)
                    self.findings.append(
                        warning(Code.PERIOD, f"没有标题，按正文开头的说明读作{year}年度", line=1)
                    )
                break
        return agency, year

    def _year_without_title(self, lead: list[str], period: tuple[date, date] | None) -> int | None:
        """The year when neither the title nor the preamble names it: the 统计期限, else the year the
        opening paragraphs name most often."""
        if period is not None:
            year = period[1].year
            self.findings.append(warning(Code.PERIOD, f"标题中没有年度，按统计期限读作{year}年度", line=1))
            return year
        counts: dict[int, int] = {}
        for flat in lead[:10]:
            for found in _YEAR.finditer(flat):
                number = _year_number(found.group(1))
                counts[number] = counts.get(number, 0) + 1
        guessed = max(counts, key=lambda y: counts[y]) if counts else None
        if guessed is not None:
            self.findings.append(warning(Code.PERIOD, f"标题中没有年度，按正文推定为{guessed}年度", line=1))
        return guessed

    def _signature_agency(self, paragraphs: list[Paragraph]) -> str:
        for paragraph in reversed(paragraphs[-6:]):
            flat = nz.simplify("".join(paragraph.text.split()))
            if (
                3 <= len(flat) <= 30
                and flat.endswith(AGENCY_ENDINGS)
                and not re.search(r"[。，,；：:]", flat)
            ):
                return flat
        return ""

    def _edition(
        self,
        rows2: list[tuple[str | None, tuple[Cell, ...]]],
        rows3: list[tuple[Cell, ...]],
        year: int | None,
    ) -> Edition | None:
        layout2 = self._layout2(rows2)
        layout3 = self._layout3(rows3)
        self.layout2, self.layout3 = layout2, layout3
        return layout2 or layout3

    def _layout2(self, rows2: list[tuple[str | None, tuple[Cell, ...]]]) -> Edition | None:
        v19, v21 = _table2_vocabulary(Edition.E2019), _table2_vocabulary(Edition.E2021)
        score = {Edition.E2019: 0, Edition.E2021: 0}
        for part, cells in rows2:
            if part == "art20_9":
                score[Edition.E2019] += 1
            for cell in cells:
                label = nz.core(cell.text)
                if label in v19 and label not in v21:
                    score[Edition.E2019] += 1
                elif label in v21 and label not in v19:
                    score[Edition.E2021] += 1
        if score[Edition.E2019] == score[Edition.E2021]:
            return None
        return Edition.E2019 if score[Edition.E2019] > score[Edition.E2021] else Edition.E2021

    def _layout3(self, rows3: list[tuple[Cell, ...]]) -> Edition | None:
        index = _application_rows_any_edition()
        for cells in rows3:
            labels, values = _split(cells)
            if not labels or not values:
                continue
            match = _match(index, labels[-1].text)
            if match and match.key == "other":
                return Edition.E2019
            if match and match.key.startswith("other_"):
                return Edition.E2021
        return None

    # --- prose ------------------------------------------------------------------------------

    def _published(self) -> date | None:
        paragraphs = [b for b in self.blocks if isinstance(b, Paragraph)]
        for paragraph in paragraphs[:5] + paragraphs[-8:]:
            flat = "".join(paragraph.text.split())
            found = _LABELLED_DATE.search(flat)
            if found:
                return _date(found.group(1), found.group(2), found.group(3), paragraph.line, self.findings)
        for paragraph in reversed(paragraphs[-8:]):
            flat = "".join(paragraph.text.split())
            found = _DATE.match(flat)
            if found:
                return _date(found.group(1), found.group(2), found.group(3), paragraph.line, self.findings)
        return None

    def _period(self, paragraphs: list[Paragraph]) -> tuple[date, date] | None:
        for paragraph in paragraphs:
            flat = nz.simplify("".join(paragraph.text.split()))
            found = _PERIOD.search(flat)
            if found:
                g = found.groups()
                start = _date(g[0], g[1], g[2], paragraph.line, self.findings)
                end = _date(g[3] or g[0], g[4], g[5], paragraph.line, self.findings)
                if start and end:
                    return start, end
        return None

    def _is_signature(self, paragraph: Paragraph, agency: str) -> bool:
        flat = "".join(paragraph.text.split())
        if _DATE.match(flat) or _LABELLED_DATE.search(flat):
            return True
        return (bool(agency) and flat == agency) or (
            len(flat) <= 30 and flat.endswith(_SIGNATURE_END) and "。" not in flat
        )

    def _sections(self, first_heading: int | None, agency: str) -> list[Section]:
        if first_heading is None:
            self.findings.append(warning(Code.STRUCTURE, "未找到“一、总体情况”等章节标题", line=1))
            return []
        sections: list[Section] = []
        texts: list[list[str]] = []
        tail = self._signature_start(agency)
        for index, block in enumerate(self.blocks[first_heading:], start=first_heading):
            if not isinstance(block, Paragraph) or index >= tail:
                continue
            heading = self.headings.get(index)
            if heading is not None:
                number, title, arabic = heading
                if arabic:
                    self.findings.append(
                        warning(
                            Code.STRUCTURE,
                            f"章节标题“{block.text.strip()}”使用阿拉伯数字编号，格式要求为“一、二、三……”",
                            section=number,
                            line=block.line,
                        )
                    )
                sections.append(Section(number, title))
                texts.append([])
            elif _NOTE.match(flat := re.sub(r"\s+", "", block.text)):
                self.notes.append(flat)  # read back by _read_notes, not prose
            elif texts:
                texts[-1].append(block.text.strip())
        for section, lines in zip(sections, texts, strict=True):
            section.text = "\n".join(lines)
        return sections

    def _read_notes(self, report: Report) -> None:
        """The notes our renderers print under a table, back into the report: a hand-typed
        cell's reason (an override) and a row the format does not have (an extra row)."""
        places = {
            report.cell_place((t.key, r.key, c.key)): (t.key, r.key, c.key)
            for t in report.definition.tables
            for r in t.rows
            for c in t.columns
        }
        parts = {table_name(t): t.key for t in report.definition.tables_in_section(2)}
        for note in self.notes:
            if extra := _EXTRA_NOTE.match(note):
                name, label, cells = extra.groups()
                table = parts.get(name) or {"表三": "applications", "表四": "appeals"}.get(name, "art20")
                values = () if cells == "无数值" else tuple(cells.split("、"))
                self.extra_rows.append(ExtraRow(table, label, values))
            elif (override := _OVERRIDE_NOTE.match(note)) and override.group(1) in places:
                key = places[override.group(1)]  # the value is the table's own, read from the table
                report.override(key, Override(report.get(*key), override.group(3).removesuffix("。")))

    def _signature_start(self, agency: str) -> int:
        """Index of the first block of the closing signature (agency name, date)."""
        start = len(self.blocks)
        for index in range(len(self.blocks) - 1, max(-1, len(self.blocks) - 4), -1):
            block = self.blocks[index]
            if isinstance(block, Paragraph) and self._is_signature(block, agency):
                start = index
            else:
                break
        return start

    # --- tables -----------------------------------------------------------------------------

    def _collect_table_rows(
        self,
    ) -> tuple[list[tuple[str | None, tuple[Cell, ...]]], list[tuple[Cell, ...]], list[tuple[Cell, ...]]]:
        tables = _TableRows()
        section = 0
        for index, block in enumerate(self.blocks):
            if isinstance(block, Paragraph):
                section = self._collect_paragraph(tables, index, block, section)
            else:
                tables.flush()
                tables.state = section if section in (2, 3, 4) else 0
                tables.take(_regroup(block.rows) if _is_column(block) else block.rows)
        tables.flush()
        return tables.rows2, tables.rows3, tables.rows4

    def _collect_paragraph(self, tables: _TableRows, index: int, block: Paragraph, section: int) -> int:
        """One paragraph met while collecting table rows: a heading that opens a section, a line of a
        table copied as text, or prose. Returns the section the next block is in."""
        heading = self.headings.get(index)
        if heading is not None:
            tables.flush()
            section = _section_for_title(heading[1]) or heading[0]
            tables.state, tables.part = (section if section in (2, 3, 4) else 0), None
            return section
        if section not in (2, 3, 4):
            # A page of a report that starts inside table 三 (a PDF's later page alone).
            early = _loose_row(block) if section == 0 else None
            if (
                early
                and nz.looks_like_value(early[-1].text)
                and _match(_application_rows_any_edition(), early[0].text)
            ):
                tables.rows3.append(early)
            return section
        loose = _loose_row(block)
        if _is_stream_cell(block, loose):
            tables.stream.append(Cell(block.text.strip(), block.line))
            return section
        tables.flush()
        if loose is not None:
            tables.take((loose,))
        return section

    def _read_values(
        self, report: Report, table: TableDef, row: str, values: list[Cell], units: dict[str, str]
    ) -> None:
        for column, cell in zip(table.columns, values, strict=True):
            reading = nz.read_number(cell.text, column.kind)
            value: Number | None = reading.value
            if not (reading.missing or reading.unreadable or reading.rewritten or column.kind is Kind.AMOUNT):
                report.set(table.key, row, column.key, value)  # the common case: a plain number
                self.sources[(table.key, row, column.key)] = Source(cell.line, cell.text)
                continue
            where: dict[str, object] = {
                "section": table.section,
                "table": table.key,
                "row": row,
                "column": column.key,
                "line": cell.line,
            }
            name = f"{TABLE_NAMES[table.key]}“{table.row(row).label}”行“{column.label}”列"
            if reading.missing:
                shown = cell.text.strip() or "空白"
                self.findings.append(
                    warning(Code.MISSING, f"{name}为“{shown}”，缺少数值（不按0处理）", **where)
                )
                continue
            if reading.unreadable:
                self.findings.append(
                    warning(
                        Code.NON_NUMERIC,
                        f"{name}的“{cell.text.strip()}”不是{_kind_name(column.kind)}，未读取",
                        values={"text": cell.text},
                        **where,
                    )
                )
                continue
            if reading.rewritten:
                self.findings.append(
                    warning(
                        Code.NON_NUMERIC,
                        f"{name}的数字写成了“{reading.rewritten}”，按{value}读取",
                        values={"text": cell.text, "value": value},
                        **where,
                    )
                )
            if column.kind is Kind.AMOUNT and value is not None:
                value = self._amount(
                    name, Decimal(value), reading.unit, units.get(column.key), where, cell.text
                )
            report.set(table.key, row, column.key, value)
            self.sources[(table.key, row, column.key)] = Source(cell.line, cell.text)

    def _amount(
        self,
        name: str,
        value: Decimal,
        cell_unit: str | None,
        header_unit: str | None,
        where: dict[str, object],
        text: str,
    ) -> Decimal:
        if cell_unit:
            self.findings.append(
                warning(
                    Code.UNIT,
                    f"{name}的单位写在单元格内（“{text.strip()}”），已换算为{value}万元",
                    values={"text": text},
                    **where,
                )
            )
            return value
        if header_unit and header_unit != "万元":
            scale = Decimal("0.0001") if header_unit == "元" else Decimal(10000)
            converted = (value * scale).normalize()
            self.findings.append(
                warning(
                    Code.UNIT,
                    f"{name}以{header_unit}为单位，已换算为{converted}万元",
                    values={"text": text},
                    **where,
                )
            )
            return converted
        if header_unit is None and value != 0:
            hint = "；数值很大，可能实为以元计，请核对" if value >= 100000 else ""
            self.findings.append(
                warning(
                    Code.UNIT,
                    f"{name}未注明单位，按格式规定的万元读取为{value}万元{hint}",
                    values={"text": text},
                    **where,
                )
            )
        return value

    def _label_findings(self, where: dict[str, object], cell: Cell, match: _Match, official: str) -> None:
        label = nz.read_label(cell.text)
        reasons = []
        if label.traditional:
            reasons.append("繁体字")
        if label.spaced:
            reasons.append("词内有空格")
        if match.near:
            reasons.append(f"与格式中的“{match.near}”相差一两个字")
        elif match.variant:
            reasons.append("非标准表述")
        if reasons:
            shown = cell.text.strip().replace("\n", "")
            self.findings.append(
                warning(
                    Code.LABEL,
                    f"“{shown}”（{'、'.join(reasons)}）按格式中的“{official}”读取",
                    values={"text": cell.text},
                    line=cell.line,
                    **where,
                )
            )

    def _table2(self, report: Report, rows2: list[tuple[str | None, tuple[Cell, ...]]]) -> None:
        definition = report.definition
        parts = {t.key: t for t in definition.tables_in_section(2)}
        self.seen2: set[tuple[str, str]] = set()
        units: dict[str, dict[str, str]] = {}
        reported_parts: set[str] = set()
        for part, cells in rows2:
            labels, values = _split(cells)
            if not labels:
                continue
            if nz.article20_part(labels[0].text):
                if part and part not in parts and part not in reported_parts:
                    reported_parts.add(part)
                    self.findings.append(
                        error(
                            Code.EDITION,
                            f"{report.year}年度报告的表二含有{TABLE_NAMES.get(part, part)}，{_edition_name(report.edition)}没有这一项",
                            section=2,
                            line=labels[0].line,
                        )
                    )
                continue
            table = parts.get(part or "")
            if nz.core(labels[0].text) == "信息内容":
                if table is not None:
                    units[table.key] = self._header2(table, labels[1:])
                continue
            row_match: _Match | None = None
            if table is not None:
                row_match = _match(_row_index(report.edition, table.key), labels[-1].text)
            if row_match is None:  # the part title may have been lost: look in the other parts
                for other in parts.values():
                    row_match = _match(_row_index(report.edition, other.key), labels[-1].text)
                    if row_match:
                        table = other
                        break
            if table is None or row_match is None:
                ambiguous = (
                    table is not None
                    and len(_near(_row_index(report.edition, table.key), nz.core(labels[-1].text))) > 1
                )
                if table is not None and ambiguous:
                    self._not_a_row(table, _row_index(report.edition, table.key), labels[-1])
                elif table is not None or part is not None:
                    shown = labels[-1].text.strip().replace("\n", "")
                    self.findings.append(
                        warning(
                            Code.EXTRA,
                            f"表二{TABLE_NAMES.get(part or '', '')[2:]}中的“{_short(shown)}”不是格式规定的行，"
                            "未计入统计，原样保留并在表下注明",
                            section=2,
                            table=part,
                            line=labels[-1].line,
                            values={"text": shown, "cells": [c.text for c in values]},
                        )
                    )
                    self.extra_rows.append(
                        ExtraRow(
                            part or (table.key if table else "art20_1"), shown, tuple(c.text for c in values)
                        )
                    )
                continue
            where = {"section": 2, "table": table.key, "row": row_match.key}
            self._label_findings(where, labels[-1], row_match, table.row(row_match.key).label)
            self._place(report, table, row_match.key, values, units.get(table.key, {}), labels[-1])
            self.seen2.add((table.key, row_match.key))

    def _header2(self, table: TableDef, labels: list[Cell]) -> dict[str, str]:
        units: dict[str, str] = {}
        index = _label_index(table.columns)
        for cell in labels:
            match = _match(index, cell.text)
            if match is None:
                continue
            self._label_findings(
                {"section": 2, "table": table.key, "column": match.key},
                cell,
                match,
                table.column(match.key).label,
            )
            unit = nz.read_label(cell.text).unit
            if unit:
                units[match.key] = unit
        return units

    def _place(
        self,
        report: Report,
        table: TableDef,
        row: str,
        values: list[Cell],
        units: dict[str, str],
        label: Cell,
    ) -> None:
        """Put a row's values in place, or say why they cannot be placed."""
        fitted = _fit(values, len(table.columns), merged_before=table.section != 2)
        run = fitted[0].text.strip() if len(fitted) == 1 else ""
        if 1 < len(table.columns) <= len(run) and run.isdigit():
            cut = self._cut_run(table, row, fitted[0])
            if cut is None:
                return
            fitted = cut
        if len(fitted) != len(table.columns):
            texts = [c.text.strip() for c in fitted]
            self.findings.append(
                warning(
                    Code.CELLS,
                    f"{TABLE_NAMES[table.key]}“{_short(table.row(row).label)}”行有{len(fitted)}个数值，"
                    f"格式应为{len(table.columns)}个，无法确定各数值所属的列，未读取：{'、'.join(texts) or '（无）'}",
                    section=table.section,
                    table=table.key,
                    row=row,
                    line=label.line,
                    values={"expected": len(table.columns), "found": len(fitted), "cells": texts},
                )
            )
            return
        self._read_values(report, table, row, fitted, units)

    def _cut_run(self, table: TableDef, row: str, cell: Cell) -> list[Cell] | None:
        """Digits that ran together, cut where the row's identities allow exactly one cut.

        A run the row alone leaves open waits for the columns' identities (`_settle_runs`).
        """
        digits = cell.text.strip()
        found = runs.splits(digits, len(table.columns), runs.identities(table.key, len(table.columns)))
        if len(found) != 1:
            self.pending_runs[(table.key, row)] = (cell, len(found))
            return None
        how = (
            "按本行的合计关系" if runs.identities(table.key, len(table.columns)) else "每列只能各取一位数字，"
        )
        self._inferred(table, row, cell, found[0], how)
        return [Cell(str(n), cell.line) for n in found[0]]

    def _inferred(self, table: TableDef, row: str, cell: Cell, numbers: Sequence[int], how: str) -> None:
        self.findings.append(
            warning(
                Code.INFERRED,
                f"{TABLE_NAMES[table.key]}“{_short(table.row(row).label)}”行的数字连在一起（“{cell.text.strip()}”），"
                f"{how}唯一拆分为{'、'.join(map(str, numbers))}，请核对",
                section=table.section,
                table=table.key,
                row=row,
                line=cell.line,
                values={"text": cell.text.strip(), "cells": list(numbers)},
            )
        )

    def _settle_runs(self, report: Report) -> None:
        """Runs a row could not cut alone, cut by the columns' identities of table 三 (each column's
        outcomes add up to 总计; 新收 + 结转 = 总计 + 结转下年度), when these give exactly the
        digits written; the rest are reported."""
        grid = report.tables["applications"]
        columns = [c.key for c in report.definition.table("applications").columns]
        outcomes = outcome_row_keys(report.edition)

        def known(row: str) -> list[int] | None:
            cells = [v for c in columns if isinstance(v := grid[row][c], int)]
            return cells if len(cells) == len(columns) else None

        def derived(row: str) -> list[int] | None:
            rows = {r: known(r) for r in ("new", "carried_over", "total", "carried_forward")}
            if row == "total":
                parts = [known(r) for r in outcomes]
                if all(p is not None for p in parts):
                    return [sum(p[i] for p in parts if p is not None) for i in range(len(columns))]
            if row in rows:
                a, b, c, d = (rows[r] for r in ("new", "carried_over", "total", "carried_forward"))
                sign = {
                    "new": (c, d, b),
                    "carried_over": (c, d, a),
                    "total": (a, b, d),
                    "carried_forward": (a, b, c),
                }
                x, y, z = sign[row]
                if x is not None and y is not None and z is not None:
                    return [x[i] + y[i] - z[i] for i in range(len(columns))]
            if row in outcomes and (total := known("total")) is not None:
                others = [known(r) for r in outcomes if r != row]
                if all(o is not None for o in others):
                    return [
                        total[i] - sum(o[i] for o in others if o is not None) for i in range(len(columns))
                    ]
            return None

        progress = True
        while progress:
            progress = False
            for (table_key, row), (cell, _) in list(self.pending_runs.items()):
                if table_key != "applications":
                    continue
                expected = derived(row)
                if expected is None or min(expected) < 0 or "".join(map(str, expected)) != cell.text.strip():
                    continue
                del self.pending_runs[(table_key, row)]
                table = report.definition.table("applications")
                self._inferred(table, row, cell, expected, "按各列的勾稽关系（各项之和等于总计、收支平衡）")
                self._read_values(report, table, row, [Cell(str(n), cell.line) for n in expected], {})
                progress = True
        for (table_key, row), (cell, count) in self.pending_runs.items():
            table = report.definition.table(table_key)
            why = "有多种拆分方式" if count else "没有一种拆分方式符合本行的合计关系"
            self.findings.append(
                warning(
                    Code.CELLS,
                    f"{TABLE_NAMES[table_key]}“{_short(table.row(row).label)}”行的数字连在一起（“{cell.text.strip()}”），"
                    f"{why}，无法确定各列数值，未读取",
                    section=table.section,
                    table=table_key,
                    row=row,
                    line=cell.line,
                    values={"text": cell.text.strip(), "expected": len(table.columns), "splits": count},
                )
            )
        self.pending_runs.clear()

    def _table3(self, report: Report, rows3: list[tuple[Cell, ...]]) -> None:
        table = report.definition.table("applications")
        own = _row_index(report.edition, "applications")
        everything = _application_rows_any_edition()
        columns = _label_index(table.columns)
        # Headings that can only head columns ("总计" and "其他" also label rows).
        header_only = (set(columns) - {"总计", "其他"}) | {"申请人情况", "法人或其他组织"}
        self.seen3: set[str] = set()
        self.bare3: list[str] = []
        group_cores_seen: set[str] = set()
        mismatched: list[str] = []
        previous: str | None = None  # the last row read, and a row without a label after it
        orphan: tuple[str | None, list[Cell]] | None = None
        run: tuple[int, list[Cell], Cell] | None = None  # the values of several rows after one label
        groups = _group_labels(report.edition)
        order = [r.key for r in table.rows]
        for cells in rows3:
            labels, values = _split(cells)
            group_cores_seen.update(nz.core(c.text) for c in labels)
            heading = any(nz.core(c.text) in header_only or "勾稽关系" in c.text for c in labels)
            blank_row_of_table = (
                bool(values) and not heading and bool(labels) and nz.core(labels[-1].text) in everything
            )
            if not values and len(labels) == 1 and (bare := own.get(nz.core(labels[0].text))) is not None:
                self.bare3.append(bare.key)  # a row's label with no values at all
            if not any(c.text.strip() for c in values) and not blank_row_of_table:
                self._applicant_column_findings(table, columns, labels)  # a header row
                continue
            if not labels:
                self._unlabelled(orphan)
                orphan = (previous, values)
                continue
            label, match = _table3_row_for_labels(own, labels, group_cores_seen)
            if (
                match is None
                and nz.core(label.text) in groups
                and values
                and nz.core(label.text) not in everything
            ):
                # A group's label, then the values of its rows whose own labels were lost.
                if run is not None:
                    self._run_unplaced(table, run)
                run = (order.index(groups[nz.core(label.text)][0]), values, label)
                continue
            if (
                match is not None
                and match.key not in self.seen3
                and len(values) > len(table.columns)
                and len(values) % len(table.columns) == 0
                and all(c.text.strip() for c in values)
            ):
                if run is not None:
                    self._run_unplaced(table, run)
                run = (order.index(match.key), values, label)
                continue
            if match is None:
                if nz.core(label.text) in everything:  # a row of the other edition's table 三
                    mismatched.append(label.text.strip())
                else:
                    self._not_a_row(table, own, label)
                continue
            if match.key in self.seen3:
                shown = label.text.strip().replace("\n", "")
                self.extra_rows.append(ExtraRow("applications", shown, tuple(c.text for c in values)))
                self.findings.append(
                    warning(
                        Code.EXTRA,
                        f"表三“{_short(table.row(match.key).label)}”行出现了两次，只读取第一次，第二次原样保留并在表下注明",
                        section=3,
                        table="applications",
                        row=match.key,
                        line=label.line,
                    )
                )
                continue
            self.seen3.add(match.key)
            self._label_findings(
                {"section": 3, "table": "applications", "row": match.key},
                label,
                match,
                table.row(match.key).label,
            )
            if orphan is not None:
                self._place_orphan(report, table, orphan, match.key)
                orphan = None
            if run is not None:
                self._place_run(report, table, run, match.key)
                run = None
            self._place(report, table, match.key, values, {}, label)
            previous = match.key
        self._unlabelled(orphan)
        if run is not None:
            self._run_unplaced(table, run)
        self._other_edition_rows(report, mismatched)
        self._missing_group_labels(report, table, group_cores_seen)

    def _applicant_column_findings(
        self, table: TableDef, columns: dict[str, _Match], labels: list[Cell]
    ) -> None:
        """A header row of table 三: the applicant columns' labels checked against the format."""
        for cell in labels:
            match = columns.get(nz.core(cell.text))
            if match:
                self._label_findings(
                    {"section": 3, "table": "applications", "column": match.key},
                    cell,
                    match,
                    table.column(match.key).label,
                )

    def _other_edition_rows(self, report: Report, mismatched: list[str]) -> None:
        """Rows of table 三 that belong to the other edition's format: one error naming them all."""
        self.table3_mismatch = bool(mismatched)
        if mismatched:
            self.findings.append(
                error(
                    Code.EDITION,
                    f"表三使用了另一版格式的行（{'、'.join(mismatched)}），与{_edition_name(report.edition)}不一致，这些行未读取",
                    section=3,
                    table="applications",
                )
            )

    def _missing_group_labels(self, report: Report, table: TableDef, group_cores_seen: set[str]) -> None:
        """A group of table 三 whose rows were read though its own label never appeared."""
        for group, keys in _group_labels(report.edition).items():
            if group not in group_cores_seen and any(k in self.seen3 for k in keys):
                printed = next(lbl for r in table.rows for lbl in r.path if nz.core(lbl) == group)
                self.findings.append(
                    warning(
                        Code.LABEL,
                        f"表三缺少“{printed}”标签，其下各行按子项名称归入",
                        section=3,
                        table="applications",
                        values={"label": printed},
                    )
                )

    def _place_orphan(
        self, report: Report, table: TableDef, orphan: tuple[str | None, list[Cell]], following: str
    ) -> None:
        """A row whose label was lost, between two rows read: placed when exactly one row of the
        format lies between them and it has not been read yet."""
        before, values = orphan
        order = [r.key for r in table.rows]
        start = order.index(before) + 1 if before in order else 0
        between = order[start : order.index(following)]
        if len(between) != 1 or between[0] in self.seen3:
            self._unlabelled(orphan)
            return
        (row,) = between
        self.seen3.add(row)
        neighbours = "、".join(
            f"“{_short(table.row(k).label)}”" for k in (before, following) if k is not None
        )
        self.findings.append(
            warning(
                Code.LABEL,
                f"表三有一行数值没有行标签，位于{neighbours}之间，格式在此处只有“{_short(table.row(row).label)}”一行，按该行读取",
                section=3,
                table="applications",
                row=row,
                line=values[0].line,
                values={"cells": [c.text for c in values]},
            )
        )
        self._place(report, table, row, values, {}, values[0])

    def _not_a_row(self, table: TableDef, index: dict[str, _Match], label: Cell) -> None:
        near = _near(index, nz.core(label.text))
        shown = _short(label.text.strip())
        if len(near) > 1:
            names = "、".join(f"“{_short(table.row(k).label)}”" for k in near)
            self.findings.append(
                warning(
                    Code.LABEL,
                    f"{TABLE_NAMES[table.key]}中的“{shown}”与{names}都只差一两个字，无法确定是哪一行，未读取",
                    section=table.section,
                    table=table.key,
                    line=label.line,
                    values={"text": label.text, "candidates": list(near)},
                )
            )
            return
        self.extra_rows.append(ExtraRow(table.key, label.text.strip().replace("\n", "")))
        self.findings.append(
            warning(
                Code.EXTRA,
                f"{TABLE_NAMES[table.key]}中的“{shown}”不是格式规定的行，未计入统计，原样保留并在表下注明",
                section=table.section,
                table=table.key,
                line=label.line,
            )
        )

    def _place_run(
        self, report: Report, table: TableDef, run: tuple[int, list[Cell], Cell], following: str
    ) -> None:
        """The values of several rows after one label (the rows' own labels lost on the way), read in
        the format's order when they fill exactly the rows up to the next label read."""
        start, values, label = run
        width = len(table.columns)
        order = [r.key for r in table.rows]
        rows = order[start : start + len(values) // width]
        if order.index(following) != start + len(rows) or any(r in self.seen3 for r in rows):
            self._run_unplaced(table, run)
            return
        names = "、".join(f"“{_short(table.row(r).label, 12)}”" for r in rows)
        self.findings.append(
            warning(
                Code.LABEL,
                f"表三“{_short(label.text.strip())}”之后有{len(values)}个数值，各行的标签已丢失；"
                f"恰好是{len(rows)}行，按格式的行序依次读作{names}",
                section=3,
                table="applications",
                row=rows[0],
                line=label.line,
                values={"rows": rows},
            )
        )
        for index, row in enumerate(rows):
            self.seen3.add(row)
            self._place(report, table, row, values[index * width : (index + 1) * width], {}, label)

    def _run_unplaced(self, table: TableDef, run: tuple[int, list[Cell], Cell]) -> None:
        start, values, label = run
        self.findings.append(
            warning(
                Code.CELLS,
                f"表三“{_short(label.text.strip())}”之后有{len(values)}个数值，各行的标签已丢失，"
                f"无法确定各数值所属的行，未读取",
                section=3,
                table="applications",
                row=table.rows[start].key,
                line=label.line,
                values={"cells": [c.text for c in values]},
            )
        )

    def _unlabelled(self, orphan: tuple[str | None, list[Cell]] | None) -> None:
        if orphan is None:
            return
        values = orphan[1]
        self.findings.append(
            warning(
                Code.CELLS,
                f"表三有一行数值没有行标签，无法确定所属的行，未读取：{'、'.join(c.text for c in values if c.text.strip())}",
                section=3,
                table="applications",
                line=values[0].line,
            )
        )

    def _table4(self, report: Report, rows4: list[tuple[Cell, ...]]) -> None:
        table = report.definition.table("appeals")
        self.seen4 = False
        for cells in rows4:
            labels, values = _split(cells)
            if not any(c.text.strip() for c in values):
                continue
            anchor = labels[-1] if labels else values[0]
            self._place(report, table, "cases", values, {}, anchor)
            self.seen4 = True
            return
        # A value row left wholly blank under the header: fifteen missing cells, not a lost table.
        blank = [
            cells
            for cells in rows4
            if len(cells) >= len(table.columns) and not any(c.text.strip() for c in cells)
        ]
        if blank and len(rows4) > len(blank):
            self._place(report, table, "cases", list(blank[-1]), {}, blank[-1][0])
            self.seen4 = True
        elif rows4 and any(_row_marker(cells) for cells in rows4):
            # The header is there, the values are not (lost in copying): say so for table 四 itself.
            self.findings.append(
                warning(
                    Code.MISSING,
                    "表四只有表头，没有数值（可能在复制时丢失），各列未填入",
                    section=4,
                    table="appeals",
                    line=rows4[0][0].line if rows4[0] else None,
                )
            )
            self.seen4 = True

    def _no_tables(self, report: Report) -> None:
        """No row of any table was found: the document stops before them, or holds none readable."""
        if report.sections and not report.section(5) and not report.section(6):
            last = report.sections[-1]
            self.findings.append(
                warning(
                    Code.TRUNCATED,
                    f"文档在第{last.number}部分“{_short(last.title)}”处中断，统计表均未找到，表二、表三、表四的数字均未填入",
                    section=last.number,
                )
            )
            return
        images = any(isinstance(b, Table) for b in self.blocks)
        why = "表格可能是图片" if images else "文中没有表格"
        for name, section, key in (
            ("表二", 2, None),
            ("表三", 3, "applications"),
            ("表四", 4, "appeals"),
        ):
            self.findings.append(
                warning(
                    Code.MISSING,
                    f"报告中没有可读取的{name}（{why}），其数字均未填入",
                    section=section,
                    table=key,
                    line=1,
                )
            )

    def _absent(
        self,
        report: Report,
        rows2: list[tuple[str | None, tuple[Cell, ...]]],
        rows3: list[tuple[Cell, ...]],
        rows4: list[tuple[Cell, ...]],
    ) -> None:
        if not rows2 and not rows3 and not rows4:
            self._no_tables(report)
            return
        absent: list[str] = []
        for table in report.definition.tables:
            if table.key == "appeals":
                if not self.seen4:
                    absent.append(TABLE_NAMES["appeals"])
                continue
            if table.key == "applications":
                unseen = [r for r in table.rows if r.key not in self.seen3]
                if len(unseen) == len(table.rows) and self.bare3:
                    for key in self.bare3:
                        self.findings.append(
                            warning(
                                Code.MISSING,
                                f"表三“{_short(table.row(key).label)}”行只有行标签，没有数值（可能在复制时丢失），未填入",
                                section=3,
                                table="applications",
                                row=key,
                            )
                        )
                elif len(unseen) == len(table.rows):
                    absent.append(TABLE_NAMES["applications"])
                elif not self.table3_mismatch:
                    for row in unseen:
                        self.findings.append(
                            warning(
                                Code.MISSING,
                                f"表三缺少“{_short(row.label)}”行，该行数值未填入",
                                section=3,
                                table="applications",
                                row=row.key,
                            )
                        )
                continue
            unseen = [r for r in table.rows if (table.key, r.key) not in self.seen2]
            if len(unseen) == len(table.rows):
                absent.append(TABLE_NAMES[table.key])
            else:
                for row in unseen:
                    self.findings.append(
                        warning(
                            Code.MISSING,
                            f"{TABLE_NAMES[table.key]}缺少“{row.label}”行，该行数值未填入",
                            section=2,
                            table=table.key,
                            row=row.key,
                        )
                    )
        if absent:
            ends_in_table = isinstance(self.blocks[-1], Table)
            code = Code.TRUNCATED if ends_in_table or not report.section(6) else Code.MISSING
            reason = "文档在表格处中断，" if code is Code.TRUNCATED else ""
            self.findings.append(
                warning(code, f"{reason}未找到：{'、'.join(absent)}，其数值未填入", values={"absent": absent})
            )


# --- helpers --------------------------------------------------------------------------------


class _TableRows:
    """The rows of tables 二, 三 and 四 in the order the document gives them, each sorted to its
    table by the last row that announced one (a 第二十条 part, 三's or 四's header)."""

    def __init__(self) -> None:
        self.rows2: list[tuple[str | None, tuple[Cell, ...]]] = []
        self.rows3: list[tuple[Cell, ...]] = []
        self.rows4: list[tuple[Cell, ...]] = []
        self.state = 0  # the table being read: 2, 3, 4, or 0 for none
        self.part: str | None = None  # the 第二十条 part of table 二 being read
        self.stream: list[Cell] = []  # one cell per paragraph: a table flattened to a line per cell

    def take(self, rows: Iterable[tuple[Cell, ...]]) -> None:
        for cells in rows:
            marker = _row_marker(cells)
            if marker is not None:
                self.state = marker[0]
                if marker[1]:
                    self.part = marker[1]
            if self.state == 2:
                self.rows2.append((self.part, cells))
            elif self.state == 3:
                self.rows3.append(cells)
            elif self.state == 4:
                self.rows4.append(cells)

    def flush(self) -> None:
        # A run of cells is a table when it holds values, or the labels of several rows (a table
        # whose values were lost in copying: each row is then reported missing).
        stream = self.stream
        if (
            any(nz.looks_like_value(c.text) for c in stream)
            or sum(_known_row_label(c.text) for c in stream) >= 3
            or any(_row_marker((c,)) for c in stream)
        ):
            self.take(_regroup(tuple((c,) for c in stream)))
        stream.clear()


def _agency_and_year_in_title(title: str) -> tuple[str, int | None]:
    """The agency and year a report's title names (「XX局2020年度政府信息公开工作年度报告」)."""
    match = _YEAR.search(title)
    if not match:
        return "", None
    year = _year_number(match.group(1))
    agency = _clean_agency(title[: match.start()])
    if not agency:
        after = _AGENCY_AFTER_YEAR.search(title[match.start() :])
        agency = _clean_agency(after.group(1)) if after else ""
        if agency.endswith("人民"):  # 「…镇人民政府信息公开工作年度报告」: the 政府 is shared
            agency += "政府"
    return agency, year


def _compiling_agency(lead: list[str]) -> str:
    """The agency named in the opening paragraphs as the one that compiled the report (「由XX编制」)."""
    for flat in lead:
        found = _COMPILED_BY.search(flat)
        if found and _clean_agency(found.group(1)):
            return _clean_agency(found.group(1))
    return ""


def _row_marker(cells: Iterable[Cell]) -> tuple[int, str | None] | None:
    """Which table a row announces: (2, part) for 第二十条 parts, 3 for 三's header, 4 for 四's."""
    for cell in cells:
        text = cell.text
        if not text:
            continue
        if "第二十条" in text or "第二十條" in text:
            part = nz.article20_part(text)
            if part:
                return 2, part
        label = nz.core(text)
        if "勾稽关系" in label or label in ("申请人情况", "本年新收政府信息公开申请数量"):
            return 3, None
        if label in ("行政复议", "行政诉讼") or label == "行政复议行政诉讼":
            return 4, None
    return None


_NUMBERING_ONLY = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十]{1,3}[)）]|\d{1,2}[、.．])$"
)
_RUN_AFTER_LABEL = re.compile(r"^(.*[^\d\s.．、,，])(\d+)$")
_TABLE_WORDS = (
    "信息内容",
    "第二十条",
    "第二十條",
    "勾稽关系",
    "申请人情况",
    "行政复议",
    "行政诉讼",
    "自然人",
)


def _loose_row(paragraph: Paragraph) -> tuple[Cell, ...] | None:
    """A table row that reached us as a line of text: its cells separated by spaces, or none at all.

    「行政许可 1208」, 「一、本年新收政府信息公开申请数量  20  5  0  1  2  0  28」, 「行政许可1208」 (the
    digits run together: cut later, by the table's identities), 「信息内容 本年制发件数 …」 (a header),
    「第二十条第（一）项」 (a part's title). A sentence is not a row.
    """
    text = paragraph.text.strip()
    if not text or len(text) > 200 or "。" in text or text.endswith(("：", ":", "；")):
        return None
    tokens = text.split()
    values: list[str] = []
    while tokens and nz.looks_like_value(tokens[-1]) and not _NUMBERING_ONLY.match(tokens[-1]):
        values.insert(0, tokens.pop())
    if not values and tokens:
        run = _RUN_AFTER_LABEL.match(tokens[-1])
        if run and nz.core(run.group(1)):
            tokens[-1] = run.group(1)
            values = [run.group(2)]
    labels: list[str] = []
    for token in tokens:  # a numbering cut off its label by a space belongs to the label
        if labels and _NUMBERING_ONLY.match(labels[-1]):
            labels[-1] += token
        else:
            labels.append(token)
    if not values and not any(word in text for word in _TABLE_WORDS):
        return None
    if not values and len(labels) == 1 and nz.core(labels[0]).startswith("信息内容"):
        labels = _header_words(nz.core(labels[0]))
    if values and labels and not _known_row_label(labels[-1]):
        return None
    return tuple(Cell(t, paragraph.line) for t in (*labels, *values))


@cache
def _all_row_labels() -> dict[str, _Match]:
    index: dict[str, _Match] = {}
    for edition in Edition:
        for table in EDITIONS[edition].tables:
            index.update(_label_index(table.rows))
    return index


def _is_stream_cell(paragraph: Paragraph, loose: tuple[Cell, ...] | None) -> bool:
    """A paragraph holding one table cell: a label, a header word or a single value."""
    text = paragraph.text.strip()
    if not text or len(text) > 40 or "。" in text:
        return False
    if loose is None:
        return len(text.split()) <= 2
    has_value = any(nz.looks_like_value(c.text) for c in loose)
    has_label = any(not nz.looks_like_value(c.text) for c in loose)
    return not (has_value and has_label) and len(loose) == 1


def _is_column(table: Table) -> bool:
    """A table flattened to one cell per row (a crawler's one-cell-per-line text)."""
    return len(table.rows) >= 3 and all(sum(1 for c in row if c.text.strip()) <= 1 for row in table.rows)


def _regroup(rows: tuple[tuple[Cell, ...], ...]) -> tuple[tuple[Cell, ...], ...]:
    """Cells in reading order, one per row, back into the report's rows: a row starts at a label
    that follows a value, and at a label the format knows (a row, a group, a part's title)."""
    grouped: list[list[Cell]] = []
    after_value = True
    cells = [c for row in rows for c in row if c.text.strip() or len(row) == 1]
    for cell in cells:
        if not cell.text.strip() and not (grouped and grouped[-1]):
            continue  # an empty cell (a row of its own) counts only inside a row, after its label
        value = nz.looks_like_value(cell.text)
        starts = not value and (
            after_value
            or _known_row_label(cell.text)
            or nz.core(cell.text) in _GROUP_CORES
            or "第二十条" in cell.text
            or nz.core(cell.text) == "信息内容"
        )
        if starts or not grouped:
            grouped.append([])
        grouped[-1].append(cell)
        after_value = value
    return tuple(tuple(row) for row in grouped)


_GROUP_CORES = frozenset(("本年度办理结果", "不予公开", "无法提供", "不予处理", "其他处理", "申请人情况"))


def _header_words(header: str) -> list[str]:
    """「信息内容本年制发件数本年废止件数现行有效件数」 cut into its column labels, longest first."""
    words = sorted(
        _table2_vocabulary(Edition.E2019) | _table2_vocabulary(Edition.E2021), key=len, reverse=True
    )
    cut = ["信息内容"]
    rest = header[len("信息内容") :]
    while rest:
        word = next((w for w in words if w and rest.startswith(w)), None)
        if word is None:
            return [header]  # not made of column labels alone: leave it as it is
        cut.append(word)
        rest = rest[len(word) :]
    return cut


_GROUP_PREFIXES = ("本年度办理结果", "不予公开", "无法提供", "不予处理", "其他处理")


def _table3_row_for_labels(
    own: dict[str, _Match], labels: list[Cell], group_cores_seen: set[str]
) -> tuple[Cell, _Match | None]:
    """The row of table 三 a line's labels name, and the label that named it: the last label, the
    last label run into its group's, or a label split over the last two cells. Groups whose labels
    were run into a row's are added to ``group_cores_seen``."""
    label = labels[-1]
    match = own.get(nz.core(label.text)) or _match(own, label.text)
    if match is None and (match := _match_in_group(own, label.text)) is not None:
        core = nz.core(label.text)  # the group's label run into the row's: the group was there
        group_cores_seen.update(g for g in _GROUP_PREFIXES if core.startswith(g))
    if match is None and len(labels) >= 2:
        # A label split over two cells (「一、本年新收政府」「信息公开申请数量」).
        joined = Cell(labels[-2].text + labels[-1].text, labels[-2].line)
        joined_match = own.get(nz.core(joined.text)) or _match(own, joined.text)
        if joined_match is not None:
            return joined, joined_match
    return label, match


def _match_in_group(index: dict[str, _Match], text: str) -> _Match | None:
    """A sub-row's label run into its group's (「（六）其他处理1.申请人无正当理由逾期不补正…」)."""
    label = nz.core(text)
    for _ in range(2):  # 「三、本年度办理结果（三）不予公开1.属于国家秘密」: two groups deep
        group = next((g for g in _GROUP_PREFIXES if label.startswith(g) and len(label) > len(g)), None)
        if group is None:
            return None
        label = nz.core(label[len(group) :])
        found = index.get(label) or _match(index, label)
        if found is not None:
            return found  # the group's label in front is layout, not a variant
    return None


def _is_table_row(title: str) -> bool:
    """「一、本年新收政府信息公开申请数量 20 5 …」, 「三、本年度办理结果」: rows of table 三, not sections."""
    if _section_for_title(title) is not None:
        return False
    first = title.split()[0] if title.split() else title
    return bool(re.search(r"\d$", title)) or _known_row_label(first) or nz.core(first) in _TABLE3_GROUPS


_TABLE3_GROUPS = frozenset(("本年度办理结果", "本年度办理结果情况"))


def _known_row_label(text: str) -> bool:
    index = _all_row_labels()
    return _match(index, text) is not None or _match_in_group(index, text) is not None


def _year_number(text: str) -> int:
    return int(text) if text.isdigit() else int("".join(str(nz.chinese_number(c)) for c in text))


def _title_piece(paragraph: Paragraph) -> bool:
    """A short line before the title that belongs to it (the agency, or the year)."""
    flat = nz.simplify("".join(paragraph.text.split()))
    return (
        len(flat) <= 40
        and not re.search(r"[。，,；：:]", flat)
        and (flat.endswith(AGENCY_ENDINGS) or bool(_YEAR.search(flat)))
    )


def _clean_agency(text: str) -> str:
    """An agency's name as written, without the quotation marks, brackets and notes around it."""
    text = re.sub(r"[（(]以下简称[^）)]*[）)]", "", text)
    text = text.strip("《》<>〈〉“”\"' ：:，,、")
    if not text or len(text) > 40 or re.search(r"[。，,；]", text):
        return ""
    return text


def _section_for_title(title: str) -> int | None:
    flat = nz.simplify("".join(title.split()))
    for number, keywords in SECTION_KEYWORDS:
        if any(k in flat for k in keywords):
            return number
    return None


def _date(y: str, m: str, d: str, line: int, findings: list[Finding]) -> date | None:
    year = int(y) if y.isdigit() else int("".join(str(nz.chinese_number(c)) for c in y))
    month, day = nz.chinese_number(m), nz.chinese_number(d)
    try:
        return date(year, month or 0, day or 0)
    except ValueError:
        findings.append(warning(Code.DEADLINE, f"日期“{y}年{m}月{d}日”不存在", line=line))
        return None


def _kind_name(kind: Kind) -> str:
    return {Kind.COUNT: "非负整数", Kind.DELTA: "整数", Kind.AMOUNT: "金额"}[kind]


def _edition_name(edition: Edition) -> str:
    return "2019年版格式" if edition is Edition.E2019 else "2021年版格式"


def _short(text: str, limit: int = 24) -> str:
    text = text.replace("\n", "")
    return text if len(text) <= limit else text[:limit] + "…"


# The notes layout.table_notes prints under a table (see there).
_NOTE = re.compile(
    r"^注：(?:原表[二三四].*另有格式规定以外的.*未计入本表。|表[二三四].*为手工填报的数值.*，理由：.+)$"
)
_EXTRA_NOTE = re.compile(r"^注：原(表[二三四][^“]*)另有格式规定以外的“(.*)”一行（(.*)），未计入本表。$")
_OVERRIDE_NOTE = re.compile(r"^注：(表[二三四].*?“.*?”行“.*?”)为手工填报的数值([^，]*)，理由：(.+)$")


def interpret(blocks: list[Block], source: str = "") -> ImportResult:
    return _Interpreter(tidy(blocks), source).run()
