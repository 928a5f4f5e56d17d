"""A county government's 2025 report (E2021) composed from its tables, and its 2024 report.

Every figure is set by hand below, so that tests can work out what the composed text must say.

Table 三, the columns that are not all zero (every other applicant column is 0):

                          自然人  商业企业  总计
  一、本年新收              40       8      48
  二、上年结转               3       0       3
  （一）予以公开            25       5      30
  （二）部分公开             6       0       6
  （三）4.保护第三方合法权益  0       1       1
  （四）1.本机关不掌握       5       0       5
  （五）2.重复申请           2       0       2
  （六）3.其他               0       1       1
  （七）总计                38       7      45
  四、结转下年度继续办理     5       1       6

  balance: 40 + 3 = 38 + 5; 8 + 0 = 7 + 1; 48 + 3 = 45 + 6.
Last year (2024): 40 new applications in all, 3 carried forward (all from natural persons),
37 行政规范性文件 in force; this year 6 issued, 2 repealed: 37 + 6 − 2 = 41 in force.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from gongkai.annual_report.compose import fee_statement, fill_sections, section_templates
from gongkai.annual_report.editions import Edition
from gongkai.annual_report.model import Level, Report, Section

AGENCY = "示例县人民政府"

TABLE_THREE = {
    "natural_person": {
        "new": 40,
        "carried_over": 3,
        "granted": 25,
        "partial": 6,
        "unavailable_not_held": 5,
        "rejected_repeat": 2,
        "total": 38,
        "carried_forward": 5,
    },
    "commercial": {
        "new": 8,
        "granted": 5,
        "withheld_third_party": 1,
        "other_misc": 1,
        "total": 7,
        "carried_forward": 1,
    },
}

# What the clerk wrote in place of each prompt, in order.
WRITTEN = {
    "本年度主动公开政府信息的主要内容、渠道和数量": "全年通过政府网站主动公开政府信息1260条。",
    "政府信息公开属性审查、保密审查和政策文件清理情况": "坚持先审查后公开。",
    "政府网站、政务新媒体和政府信息公开专栏的建设和更新情况": "优化政府信息公开专栏。",
    "工作机构、人员、培训和制度保障情况": "举办业务培训两期。",
    "政务公开工作纳入绩效考核的情况": "政务公开纳入年度绩效考核。",
    "开展社会评议的方式和结果": "邀请群众代表评议。",
    "责任追究情况；没有的写明本年度未发生责任追究": "本年度未发生责任追究。",
    "本年度政府信息公开工作存在的主要问题": "政策解读形式较为单一。",
    "针对上述问题的改进措施，以及上一年度所报问题的整改情况": "下一步将丰富解读形式。",
    "本年度政务公开工作要点的落实情况": "本年度政务公开工作要点已全部落实。",
}


def tables_2025() -> Report:
    report = Report(
        agency=AGENCY,
        year=2025,
        edition=Edition.E2021,
        published=date(2026, 3, 20),
        level=Level.COUNTY,
        government=True,
        own_level_report=True,
        period=(date(2025, 1, 1), date(2025, 12, 31)),
    )
    for table in report.definition.tables:
        for row in table.rows:
            for column in table.columns:
                report.set(table.key, row.key, column.key, 0)
    report.tables["art20_1"]["normative"].update(issued=6, repealed=2, in_force=41)
    report.set("art20_5", "license", "decisions", 1520)
    report.set("art20_6", "penalty", "decisions", 87)
    report.set("art20_6", "coercion", "decisions", 3)
    report.set("art20_8", "fees", "amount", Decimal("12.5"))
    applications = report.tables["applications"]
    for column, rows in TABLE_THREE.items():
        for row, value in rows.items():
            applications[row][column] = value
    for row, cells in applications.items():
        cells["total"] = sum(int(v or 0) for k, v in cells.items() if k != "total")
        assert row  # every row summed
    cases = report.tables["appeals"]["cases"]
    cases.update(
        review_upheld=2, review_corrected=1, review_total=3, suit_direct_upheld=1, suit_direct_total=1
    )
    return report


def report_2024() -> Report:
    last = Report(
        agency=AGENCY, year=2024, edition=Edition.E2021, published=date(2025, 3, 25), government=True
    )
    for table in last.definition.tables:
        for row in table.rows:
            for column in table.columns:
                last.set(table.key, row.key, column.key, 0)
    last.tables["art20_1"]["normative"].update(issued=5, repealed=1, in_force=37)
    apps = last.tables["applications"]
    apps["new"].update(natural_person=33, commercial=7, total=40)
    apps["granted"].update(natural_person=30, commercial=7, total=37)
    apps["total"].update(natural_person=30, commercial=7, total=37)
    apps["carried_forward"].update(natural_person=3, total=3)
    return last


def draft_sections() -> list[Section]:
    """The templates with every prompt written by the clerk, fields left as typed."""
    sections = section_templates(
        Edition.E2021, government=True, fee_statement=fee_statement(notices=2, amount=Decimal("300"))
    )
    for section in sections:
        for prompt, text in WRITTEN.items():
            section.text = section.text.replace(f"（待补充：{prompt}。）", text)
    return sections


def composed_2025() -> Report:
    report = tables_2025()
    report.sections, problems = fill_sections(report, draft_sections(), report_2024())
    assert not problems, problems
    return report
