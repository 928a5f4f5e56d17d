"""The published report files of the demo county's units that are not on the platform: 8 townships
and 13 county departments, each with its 2024 and 2025 report (2025: one township has published
none, one department was merged away), written in the formats real ones are found in.

Everything here is pure Python: :func:`report_files` builds each report from numbers drawn from a
seeded generator (the same files for the same seed, byte for byte except the PDF's and DOCX's own
timestamps), then writes it with the project's renderers, as the unit's clerk would have published
it: text copied out of Word (制表符, `examples/2022-…-制表符.txt`) or out of a web page (每格一行,
`examples/2020-…-每格一行.txt`), an HTML page, a Word document or a PDF. The files are made when the
demo is loaded, not committed: they follow the renderers and importers as those change, and the
repository holds no binaries that nobody can diff.

Each unit's two years agree where the law says they must (上年结转 = last year's 结转下年度,
现行有效 = last year's + 制发 − 废止), its figures move within a plausible range, and its narrative
is its own (sentences put together from the unit's own work, different each year), so a report
with none of the defects below draws no finding at all.

The defects, one per unit and year, as found in real published reports (:data:`DEFECTS`, which the
demo tests read):

========================================  ======  ==================  ===========================================
unit                                      year    rule                what is wrong
========================================  ======  ==================  ===========================================
示例县民政局                              2025    ``balance``         表三 自然人 and 总计 columns do not balance
                                                                      (本年新收 2 more than the outcomes allow)
示例县财政局                              2025    ``similarity``      the narrative is 2024's with the year changed
                                                                      (雷同, 照搬 its own earlier year)
示例县石桥镇人民政府                      2025    ``empty-section``   section 五 says only 「无。」
示例县白沙乡人民政府                      2024    ``edition``         the 2019 format's tables, three years after 2021
示例县交通运输局                          2024    ``deadline``        published on 2025-03-12, after January 31
示例县东湖镇人民政府                      2025    ``rules-authority`` a township reports a 规章 (issued 1, in force 1)
示例县住房和城乡建设局                    2025    ``jump``            applications ×10 on 2024 (9 → 90)
示例县卫生健康局                          2024    ``narrative``       the text says 3 more applications than 表三
示例县柳林乡人民政府                      2025    ``fee-statement``   section 六 says nothing of processing fees
========================================  ======  ==================  ===========================================

And, not a defect of the report: 示例县人力资源和社会保障局 signs its 2025 report with its short
name 「示例县人社局」, so the match to the roster is uncertain and the supervisor confirms it;
示例县南山乡人民政府 has published no 2025 report (未找到).
"""

from __future__ import annotations

import datetime as dt
import io
import random
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Literal

from gongkai.annual_report.editions import APPEAL_GROUPS, EDITIONS, Edition, Kind, outcome_row_keys
from gongkai.annual_report.model import Report, Section
from gongkai.annual_report.renderers import render
from gongkai.annual_report.renderers.text import render_text

Format = Literal["tabs", "cells", "html", "docx", "pdf"]
UnitKindKey = Literal["government", "department", "other"]
YEARS = (2024, 2025)
COUNTY = "示例县人民政府"
SUFFIX: dict[Format, str] = {"tabs": "txt", "cells": "txt", "html": "html", "docx": "docx", "pdf": "pdf"}


@dataclass(frozen=True)
class Unit:
    name: str
    kind: UnitKindKey
    level: Literal["county", "township"]
    fmt: Format  # the format it publishes in, both years
    size: int  # about how many applications it receives a year
    topics: tuple[str, ...]  # its own lines of work, for its narrative
    signs_as: str = ""  # the name it signs its 2025 report with, when not its own


TOWNSHIP_TOPICS = (
    "村务公开",
    "惠农补贴发放",
    "农村危房改造",
    "征地拆迁补偿",
    "低保和特困供养",
    "乡村振兴项目",
)

UNITS: tuple[Unit, ...] = (
    Unit(
        "示例县城关镇人民政府",
        "government",
        "township",
        "tabs",
        5,
        ("老旧小区改造", "社区网格服务", *TOWNSHIP_TOPICS[:2]),
    ),
    Unit(
        "示例县东湖镇人民政府",
        "government",
        "township",
        "cells",
        3,
        ("湖区生态保护", "渔业补助", *TOWNSHIP_TOPICS[2:4]),
    ),
    Unit(
        "示例县青山镇人民政府",
        "government",
        "township",
        "html",
        2,
        ("林权流转", "森林防火", *TOWNSHIP_TOPICS[4:]),
    ),
    Unit(
        "示例县石桥镇人民政府",
        "government",
        "township",
        "docx",
        2,
        ("集镇规划", "农贸市场管理", *TOWNSHIP_TOPICS[:2]),
    ),
    Unit(
        "示例县白沙乡人民政府",
        "government",
        "township",
        "tabs",
        1,
        ("高标准农田建设", "水利设施管护", *TOWNSHIP_TOPICS[2:4]),
    ),
    Unit(
        "示例县柳林乡人民政府",
        "government",
        "township",
        "cells",
        1,
        ("特色种植基地", "农村人居环境整治", *TOWNSHIP_TOPICS[4:]),
    ),
    Unit(
        "示例县红旗乡人民政府",
        "government",
        "township",
        "pdf",
        2,
        ("移民后期扶持", "村级集体经济", *TOWNSHIP_TOPICS[:2]),
    ),
    Unit(
        "示例县南山乡人民政府",
        "government",
        "township",
        "html",
        1,
        ("茶叶产业发展", "地质灾害防治", *TOWNSHIP_TOPICS[2:4]),
    ),
    Unit(
        "示例县发展和改革局",
        "department",
        "county",
        "docx",
        8,
        ("重大项目审批", "价格监测", "粮食储备", "节能审查"),
    ),
    Unit(
        "示例县教育和体育局",
        "department",
        "county",
        "tabs",
        14,
        ("义务教育招生", "学生资助", "校外培训监管", "全民健身"),
    ),
    Unit(
        "示例县民政局",
        "department",
        "county",
        "cells",
        10,
        ("最低生活保障", "养老服务", "婚姻登记", "社会组织管理"),
    ),
    Unit(
        "示例县财政局",
        "department",
        "county",
        "html",
        6,
        ("预算决算公开", "政府采购", "惠民惠农补贴", "政府债务管理"),
    ),
    Unit(
        "示例县人力资源和社会保障局",
        "department",
        "county",
        "docx",
        16,
        ("就业创业补贴", "社会保险待遇", "职称评审", "根治欠薪"),
        signs_as="示例县人社局",
    ),
    Unit(
        "示例县自然资源局",
        "department",
        "county",
        "html",
        24,
        ("国土空间规划", "不动产登记", "土地征收", "矿产资源管理"),
    ),
    Unit(
        "示例县住房和城乡建设局",
        "department",
        "county",
        "tabs",
        9,
        ("保障性住房分配", "建筑市场监管", "城镇燃气安全", "物业管理"),
    ),
    Unit(
        "示例县交通运输局",
        "department",
        "county",
        "cells",
        4,
        ("农村公路建设", "道路运输许可", "公交运营补贴", "治超执法"),
    ),
    Unit(
        "示例县农业农村局",
        "department",
        "county",
        "html",
        7,
        ("耕地地力保护补贴", "农产品质量安全", "动物防疫", "农村宅基地管理"),
    ),
    Unit(
        "示例县卫生健康局",
        "department",
        "county",
        "docx",
        11,
        ("医疗机构执业", "疾病预防控制", "家庭医生签约", "计划生育奖励扶助"),
    ),
    Unit(
        "示例县医疗保障局",
        "department",
        "county",
        "tabs",
        6,
        ("医保目录调整", "定点医药机构管理", "异地就医备案", "医疗救助"),
    ),
    Unit(
        "示例县住房公积金管理中心",
        "other",
        "county",
        "cells",
        3,
        ("公积金缴存", "公积金贷款", "提取审批", "归集资金管理"),
    ),
    Unit(
        "示例县乡村振兴局",
        "department",
        "county",
        "html",
        2,
        ("防止返贫监测", "帮扶项目资金", "易地搬迁后续扶持", "消费帮扶"),
    ),
)
NO_REPORT = {("示例县南山乡人民政府", 2025)}  # published nothing: 未找到
MERGED = "示例县乡村振兴局"  # 2025: merged into 农业农村局, excluded from the roster with the reason
MERGED_REASON = "2025年机构改革，职责并入示例县农业农村局，由示例县农业农村局一并报告"
# Never a unit of its own on the roster: listed both years, excluded with the reason.
CO_LOCATED = "示例县人民防空办公室"
CO_LOCATED_REASON = "与示例县住房和城乡建设局合署办公，年度报告由示例县住房和城乡建设局一并发布"

# (unit, year) -> the rule code its report breaks (see the module's table).
DEFECTS: dict[tuple[str, int], str] = {
    ("示例县民政局", 2025): "balance",
    ("示例县财政局", 2025): "similarity",
    ("示例县石桥镇人民政府", 2025): "empty-section",
    ("示例县白沙乡人民政府", 2024): "edition",
    ("示例县交通运输局", 2024): "deadline",
    ("示例县东湖镇人民政府", 2025): "rules-authority",
    ("示例县住房和城乡建设局", 2025): "jump",
    ("示例县卫生健康局", 2024): "narrative",
    ("示例县柳林乡人民政府", 2025): "fee-statement",
}
UNCERTAIN = ("示例县人力资源和社会保障局", 2025)  # signed with the short name


def short_name(name: str) -> str:
    """The name a unit signs with when it is not its own (its own name otherwise)."""
    return next((u.signs_as or u.name for u in UNITS if u.name == name), name)


@dataclass(frozen=True)
class ReportFile:
    unit: Unit
    year: int
    filename: str
    data: bytes
    report: Report  # what was written (before rendering)


# --- the narrative ---------------------------------------------------------------------------

# Sentences are put together from four parts; two units, or one unit's two years, never draw the
# same whole sentence (the 雷同 check would rightly take that for copying).
_WHEN = (
    "年初即制定政务公开工作要点",
    "结合机构职能调整",
    "对照上级部署",
    "围绕群众关心的热点",
    "按照公开目录编制要求",
    "针对往年群众反映的问题",
    "在日常办公中",
    "会同相关股室",
    "通过召开专题会议",
    "在年中自查时",
    "依托门户网站专栏",
    "借助政务新媒体",
)
_DID = (
    "梳理了公开事项清单",
    "逐条核对了公开内容的准确性",
    "增设了办事指南和常见问答",
    "明确了信息发布的审核流程",
    "及时更新了办事流程和联系方式",
    "开展了政策解读和答疑",
    "规范了公开信息的分类和命名",
    "补充了历年文件的电子版本",
    "建立了信息公开台账",
    "落实了专人负责更新维护",
    "畅通了意见建议的反馈渠道",
    "推行了办理进度的实时查询",
)
_SO = (
    "群众查阅更加方便",
    "公开内容更加完整",
    "办事群众少跑了冤枉路",
    "相关咨询明显减少",
    "公开的时效性有所提高",
    "社会监督得到加强",
    "基层干部的公开意识有所增强",
    "信息发布差错明显减少",
    "服务对象的满意度有所提升",
    "公开工作的规范化水平逐步提高",
)
_PROBLEMS = (
    "政策解读的形式比较单一，图解和视频解读较少",
    "个别栏目更新不够及时",
    "公开内容与群众需求的衔接还不够紧密",
    "工作人员的业务能力有待提高",
    "依申请公开的答复文书还不够规范",
    "基层公开的覆盖面还不够广",
    "信息公开的考核机制还不够健全",
    "公开平台的检索功能还不够完善",
)
_FIXES = (
    "将每季度组织一次业务培训",
    "将建立栏目更新提醒制度并按月检查",
    "将丰富解读形式并邀请业务骨干参与解读",
    "将完善答复文书模板并加强法制审核",
    "将把公开工作纳入股室年度考核",
    "将优化检索功能并完善索引号编制",
)


def _narrative_sentences(
    unit: Unit, rng: random.Random, used: set[tuple[int, int, int]], own: set[tuple[str, int]]
) -> list[str]:
    """Five sentences of the unit's own work in the year, none drawn before by anyone, and none
    saying what the unit did in an earlier year (`own`: what it did then)."""
    out: list[str] = []
    topics = list(unit.topics)
    rng.shuffle(topics)
    while len(out) < 5:
        pick = (rng.randrange(len(_WHEN)), rng.randrange(len(_DID)), rng.randrange(len(_SO)))
        if pick in used or ("did", pick[1]) in own:
            continue
        used.add(pick)
        own.add(("did", pick[1]))
        topic = topics[len(out) % len(topics)]
        when, did, so = _WHEN[pick[0]], _DID[pick[1]], _SO[pick[2]]
        out.append(f"{when}，围绕{topic}{did}，{so}。")
    return out


def _sections(
    unit: Unit, report: Report, rng: random.Random, used: set[tuple[int, int, int]], own: set[tuple[str, int]]
) -> list[Section]:
    year = report.year
    apps = report.tables["applications"]
    received = apps["new"]["total"] or 0
    forward = apps["carried_forward"]["total"] or 0
    said = received + 3 if DEFECTS.get((unit.name, year)) == "narrative" else received
    self_word = (
        "我镇" if unit.name.endswith("镇人民政府") else "我乡" if unit.level == "township" else "本单位"
    )
    work = _narrative_sentences(unit, rng, used, own)
    general = (
        f"{year}年，{unit.name}认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外。\n"
        + "".join(work[:3])
        + "\n"
        + (f"全年新收政府信息公开申请{said}件" if said else "本年度未收到政府信息公开申请")
        + (f"，结转下年度继续办理{forward}件。" if forward else "。")
        + "".join(work[3:])
    )
    fresh = [i for i in range(len(_PROBLEMS)) if ("problem", i) not in own]
    problems_picked = rng.sample(fresh, 2)
    fix = rng.choice([i for i in range(len(_FIXES)) if ("fix", i) not in own])
    own.update({("problem", problems_picked[0]), ("problem", problems_picked[1]), ("fix", fix)})
    problems = (
        f"{self_word}政府信息公开工作还存在一些不足：一是{_PROBLEMS[problems_picked[0]]}；"
        f"二是{_PROBLEMS[problems_picked[1]]}。下一步，{_FIXES[fix]}，推动公开工作提质增效。"
    )
    if DEFECTS.get((unit.name, year)) == "empty-section":
        problems = "无。"
    other = "本年度未收取信息处理费，发出收费通知的件数为0件，总金额为0元。"
    if DEFECTS.get((unit.name, year)) == "fee-statement":
        other = f"{year}年政务公开工作要点确定的各项任务均已落实。"
    titles = EDITIONS[report.edition].section_titles
    texts = (general, "", "", "", problems, other)
    return [
        Section(n, title, text) for n, (title, text) in enumerate(zip(titles, texts, strict=True), start=1)
    ]


# --- the tables ------------------------------------------------------------------------------

APPLICANTS = ("natural_person", "commercial", "research", "public_interest", "legal_services", "other_org")
_SHARES = (70, 15, 0, 2, 8, 5)  # per cent of the applications, by applicant


def _split(total: int, shares: tuple[int, ...], rng: random.Random) -> list[int]:
    """`total` spread over the shares, whole numbers adding up exactly."""
    parts = [total * s // 100 for s in shares]
    for _ in range(total - sum(parts)):
        parts[rng.choices(range(len(shares)), weights=[s or 0.01 for s in shares])[0]] += 1
    return parts


def _fill_applications(report: Report, new: list[int], carried_over: list[int], rng: random.Random) -> None:
    """Table 三 for the year's new applications and last year's carried forward, per applicant:
    a few still open at the year's end, the rest concluded in fixed shares of outcomes (so that a
    unit's figures move together from year to year, as a real unit's do)."""
    t = report.tables["applications"]
    outcomes = outcome_row_keys(report.edition)
    other = "other_misc" if report.edition is Edition.E2021 else "other"
    for row in t.values():
        for column in row:
            row[column] = 0
    for i, column in enumerate(APPLICANTS):
        handled = new[i] + carried_over[i]
        forward = min(handled, 1) if handled >= 4 and rng.random() < 0.4 else 0
        done = handled - forward
        # About 60% granted (it takes what rounding leaves), 15% partly, 15% not held, 10% else.
        partial, not_held, rest = done * 15 // 100, done * 15 // 100, done * 10 // 100
        granted = done - partial - not_held - rest
        t["granted"][column] = granted
        t["partial"][column] = partial
        t["unavailable_not_held"][column] = not_held
        t["rejected_repeat"][column] = rest // 2
        t[other][column] = rest - rest // 2
        t["new"][column], t["carried_over"][column] = new[i], carried_over[i]
        t["total"][column], t["carried_forward"][column] = done, forward
        assert sum(t[o][column] or 0 for o in outcomes) == done
    for row in t.values():
        row["total"] = sum(int(row[c] or 0) for c in APPLICANTS)


def _fill_table_two(report: Report, unit: Unit, rng: random.Random, in_force: int) -> int:
    """Section 二's tables; returns the 行政规范性文件 in force at the year's end."""
    busy = 1 if unit.level == "township" else 6
    if report.edition is Edition.E2021:
        issued, repealed = rng.randint(0, 2), rng.randint(0, min(1, in_force))
        in_force += issued - repealed
        report.tables["art20_1"]["rules"].update(issued=0, repealed=0, in_force=0)
        report.tables["art20_1"]["normative"].update(issued=issued, repealed=repealed, in_force=in_force)
        report.set("art20_5", "license", "decisions", rng.randint(0, 40) * busy)
        report.set("art20_6", "penalty", "decisions", rng.randint(0, 12) * busy)
        report.set("art20_6", "coercion", "decisions", rng.randint(0, 2))
        report.set("art20_8", "fees", "amount", Decimal(rng.randint(0, 300) * busy) / 100)
        return in_force
    # The 2019 format (a unit that kept last decade's template): its own columns.
    made = rng.randint(0, 2)
    report.tables["art20_1"]["rules"].update(made=0, published=0, total_public=0)
    report.tables["art20_1"]["normative"].update(made=made, published=made, total_public=in_force + made)
    for table in EDITIONS[report.edition].tables_in_section(2):
        if table.key == "art20_1":
            continue
        for row in table.rows:
            for column in table.columns:
                if column.kind is Kind.AMOUNT:
                    value: int | Decimal = Decimal(rng.randint(0, 5000)) / 100
                elif column.kind is Kind.DELTA:
                    value = rng.randint(-2, 2)
                else:
                    value = rng.randint(0, 30)
                report.set(table.key, row.key, column.key, value)
    return in_force + made


def _fill_appeals(report: Report, unit: Unit, rng: random.Random) -> None:
    cases = report.tables["appeals"]["cases"]
    for group, _ in APPEAL_GROUPS:
        upheld = rng.randint(0, 1) if unit.size >= 10 and group != "suit_after_review" else 0
        cases.update({f"{group}_upheld": upheld, f"{group}_corrected": 0, f"{group}_other": 0})
        cases.update({f"{group}_pending": 0, f"{group}_total": upheld})


def _published(unit: Unit, year: int, rng: random.Random) -> dt.date:
    if DEFECTS.get((unit.name, year)) == "deadline":
        return dt.date(year + 1, 3, 12)
    return dt.date(year + 1, 1, rng.randint(10, 27))


# --- the files -------------------------------------------------------------------------------


def reports(seed: int = 2025) -> Iterator[tuple[Unit, Report]]:
    """Each unit's reports, 2024 then 2025 (as data), with the defects of :data:`DEFECTS`."""
    used: set[tuple[int, int, int]] = set()
    for index, unit in enumerate(UNITS):
        rng = random.Random(seed * 1000 + index)
        carried = [0] * len(APPLICANTS)
        in_force = rng.randint(0, 4) if unit.level == "township" else rng.randint(3, 20)
        base = max(0, unit.size + rng.randint(-1, 2))
        first_sections: list[Section] = []
        own: set[tuple[str, int]] = set()
        for year in YEARS:
            defect = DEFECTS.get((unit.name, year))
            edition = Edition.E2019 if defect == "edition" else Edition.E2021
            report = Report(agency=unit.name, year=year, edition=edition)
            report.published = _published(unit, year, rng)
            if year == YEARS[0]:
                total = base
            elif defect == "jump":
                total = base * 10
            elif DEFECTS.get((unit.name, year)) == "similarity":
                total = base  # the copy's own figures stand as last year's did
            else:
                total = max(0, round(base * rng.uniform(0.7, 1.4)))
            new = _split(total, _SHARES, rng)
            _fill_applications(report, new, carried, rng)
            if defect == "balance":
                for column in ("natural_person", "total"):
                    report.tables["applications"]["new"][column] = (
                        int(report.get("applications", "new", column) or 0) + 2
                    )
            in_force = _fill_table_two(report, unit, rng, in_force)
            if defect == "rules-authority":
                report.tables["art20_1"]["rules"].update(issued=1, repealed=0, in_force=1)
            _fill_appeals(report, unit, rng)
            report.sections = _sections(unit, report, rng, used, own)
            if defect == "similarity":  # last year's text, the year changed
                report.sections = [
                    Section(s.number, s.title, s.text.replace(f"{year - 1}年", f"{year}年"))
                    for s in first_sections
                ]
            if (unit.name, year) == UNCERTAIN:
                report.agency = unit.signs_as
                report.sections = [
                    Section(s.number, s.title, s.text.replace(unit.name, unit.signs_as))
                    for s in report.sections
                ]
            first_sections = report.sections
            carried = [int(report.get("applications", "carried_forward", c) or 0) for c in APPLICANTS]
            if (unit.name, year) in NO_REPORT or (unit.name == MERGED and year > YEARS[0]):
                continue
            yield unit, report


def write(report: Report, fmt: Format) -> bytes:
    """The report as its unit published it."""
    if fmt == "tabs":
        return render_text(report, "tabs").encode("utf-8")
    if fmt == "cells":
        return render_text(report, "cells").encode("utf-8")
    return render(report, fmt)


def report_files(seed: int = 2025, years: tuple[int, ...] = YEARS) -> list[ReportFile]:
    """Every unit's published files for the years, named as downloaded from its website."""
    return [
        ReportFile(
            unit,
            report.year,
            f"{report.agency}{report.year}年政府信息公开工作年度报告.{SUFFIX[unit.fmt]}",
            write(report, unit.fmt),
            report,
        )
        for unit, report in reports(seed)
        if report.year in years
    ]


def zipped(files: list[ReportFile]) -> bytes:
    """The files in one ZIP, as a supervisor gathers a year's reports (names in UTF-8)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for one in files:
            archive.writestr(zipfile.ZipInfo(one.filename, date_time=(one.year + 1, 2, 1, 9, 0, 0)), one.data)
    return buffer.getvalue()


def write_folder(folder: Path, seed: int = 2025) -> list[Path]:
    """The files into `folder`, to try collecting by hand: the 2024 ones in one ZIP (as the demo
    uploads them), the 2025 ones one by one. Another seed makes other files for the same units."""
    folder.mkdir(parents=True, exist_ok=True)
    made = report_files(seed)
    written = [folder / "2024年度各单位政府信息公开工作年度报告.zip"]
    written[0].write_bytes(zipped([f for f in made if f.year == 2024]))
    for one in (f for f in made if f.year == 2025):
        written.append(folder / one.filename)
        written[-1].write_bytes(one.data)
    return written


if __name__ == "__main__":  # python -m gongkai.demo.oversight_files FOLDER [SEED]
    import sys

    paths = write_folder(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 2025)
    print(f"已写入{len(paths)}个文件：{paths[0].parent}")
