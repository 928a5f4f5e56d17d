"""Made-up but valid reports, for examples, property tests and benchmarks.

`valid_report(draw, edition)` builds a report that satisfies every arithmetic rule; the
caller decides where the randomness comes from (`draw(low, high)` returns an int in the
closed range), so hypothesis can shrink what it draws and benchmarks can use `random`.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from .editions import APPEAL_GROUPS, APPEAL_SUFFIXES, EDITIONS, Edition, Kind, outcome_row_keys
from .model import Report, Section

Draw = Callable[[int, int], int]

AGENCIES = (
    "示例市文化和旅游局",
    "示例县人民政府办公室",
    "示例区市场监督管理局",
    "示例县自然资源局",
    "示例市生态环境局",
    "示例县教育和体育局",
)
# Text for the narrative sections: common characters, no digits, no "、" (so no line can
# look like a section heading), every paragraph ends with "。".
_WORDS = (
    "我局",
    "政府信息",
    "公开",
    "工作",
    "进一步",
    "加强",
    "完善",
    "制度",
    "平台",
    "建设",
    "主动",
    "依申请",
    "办理",
    "规范",
    "及时",
    "准确",
    "群众",
    "关切",
    "回应",
    "解读",
    "政策",
    "文件",
    "网站",
    "栏目",
    "更新",
    "培训",
    "考核",
    "监督",
    "保障",
    "落实",
)
SECTION_TITLES = EDITIONS[Edition.E2019].section_titles


def _paragraph(draw: Draw) -> str:
    words = [_WORDS[draw(0, len(_WORDS) - 1)] for _ in range(draw(2, 14))]
    cut = draw(0, len(words) - 1)
    if 0 < cut < len(words) - 1:
        words[cut] += "，"
    return "".join(words) + "。"


def valid_report(draw: Draw, edition: Edition, *, sparse: bool = True) -> Report:
    """A report with random values that passes every arithmetic rule of its edition."""
    year = draw(2019, 2020) if edition is Edition.E2019 else draw(2021, 2026)
    agency = AGENCIES[draw(0, len(AGENCIES) - 1)]
    report = Report(agency=agency, year=year, edition=edition, published=date(year + 1, 1, draw(5, 31)))

    def small() -> int:
        # Most cells of a real report are 0; `sparse` keeps it that way.
        return draw(0, 3) if sparse and draw(0, 3) else draw(0, 40)

    _fill_article20_tables(report, draw, small)
    _fill_applications(report, draw, small)
    _fill_appeals(report, small)
    report.sections = _sections(draw, edition)
    return report


def _fill_article20_tables(report: Report, draw: Draw, small: Callable[[], int]) -> None:
    """Section 二's tables (第二十条), with 规章 zero and, in the 2021 edition, enough in force."""
    definition = EDITIONS[report.edition]
    for table in definition.tables_in_section(2):
        for row in table.rows:
            for column in table.columns:
                if column.kind is Kind.AMOUNT:
                    value: int | Decimal = Decimal(draw(0, 99_999_999)) / Decimal(10_000)
                elif column.kind is Kind.DELTA:
                    value = draw(-20, 20)
                else:
                    value = small()
                report.set(table.key, row.key, column.key, value)
    if report.edition is Edition.E2021:  # issued <= in_force + repealed
        for key in ("rules", "normative"):
            cells = report.tables["art20_1"][key]
            floor = max(0, int(cells["issued"] or 0) - int(cells["repealed"] or 0))
            cells["in_force"] = floor + draw(0, 30)
    # None of the sample agencies may make 规章 (only the State Council's departments and
    # provincial and districted-city governments may).
    for key in report.tables["art20_1"]["rules"]:
        report.tables["art20_1"]["rules"][key] = 0


def _fill_applications(report: Report, draw: Draw, small: Callable[[], int]) -> None:
    """Table 三, each applicant's column adding up: outcomes to the total, new plus carried
    forward less carried over to the same total, and a total column across applicants."""
    applications = report.tables["applications"]
    outcomes = outcome_row_keys(report.edition)
    for applicant in (
        "natural_person",
        "commercial",
        "research",
        "public_interest",
        "legal_services",
        "other_org",
    ):
        total = 0
        for outcome in outcomes:
            count = small()
            applications[outcome][applicant] = count
            total += count
        forward = small()
        carried_over = draw(0, total + forward)
        applications["total"][applicant] = total
        applications["carried_forward"][applicant] = forward
        applications["carried_over"][applicant] = carried_over
        applications["new"][applicant] = total + forward - carried_over
    for cells in applications.values():
        cells["total"] = sum(int(cells[c] or 0) for c in cells if c != "total")


def _fill_appeals(report: Report, small: Callable[[], int]) -> None:
    """Table 四: each group's total is the sum of its four outcomes."""
    cases = report.tables["appeals"]["cases"]
    for group, _ in APPEAL_GROUPS:
        parts = [small() for _ in APPEAL_SUFFIXES[:4]]
        for (suffix, _), value in zip(APPEAL_SUFFIXES[:4], parts, strict=True):
            cases[f"{group}_{suffix}"] = value
        cases[f"{group}_total"] = sum(parts)


def _sections(draw: Draw, edition: Edition) -> list[Section]:
    """The six sections' prose; the 2021 edition's sixth says no fee was charged."""
    sections = []
    for number, title in enumerate(SECTION_TITLES, start=1):
        paragraphs = [_paragraph(draw) for _ in range(draw(0 if number in (2, 3, 4) else 1, 3))]
        if number == 6 and edition is Edition.E2021:
            paragraphs.append("本年度未收取信息处理费。")
        sections.append(Section(number, title, "\n".join(paragraphs)))
    return sections


def random_report(seed: int, edition: Edition | None = None) -> Report:
    rng = random.Random(seed)
    chosen = edition or (Edition.E2019 if rng.random() < 0.5 else Edition.E2021)
    return valid_report(rng.randint, chosen)
