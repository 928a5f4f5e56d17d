"""Small reports built by hand for the renderer and structured-reader tests."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from decimal import Decimal

from gongkai.annual_report.editions import EDITIONS, Edition, Kind
from gongkai.annual_report.model import Report, Section

AGENCY = "忻州市文化和旅游局"

SECTIONS = (
    Section(
        1,
        "总体情况",
        "2020年，我局认真贯彻落实《中华人民共和国政府信息公开条例》。\n（一）主动公开情况\n全年主动公开政府信息4780条。",
    ),
    Section(2, "主动公开政府信息情况", "全年新制作规范性文件3件。"),
    Section(3, "收到和处理政府信息公开申请情况", "本年度收到申请1件，已全部办结。"),
    Section(4, "政府信息公开行政复议、行政诉讼情况", "本年度未发生行政复议、行政诉讼。"),
    Section(5, "存在的主要问题及改进情况", "一是公开内容不够全面。\n二是更新不够及时。"),
    Section(6, "其他需要报告的事项", "本年度未收取信息处理费。"),
)


def sample_report(edition: Edition = Edition.E2019, *, published: date | None = date(2021, 1, 27)) -> Report:
    """A report with six sections and a handful of cells filled; every other cell is missing."""
    report = Report(
        AGENCY,
        2020 if edition is Edition.E2019 else 2022,
        edition,
        published=published,
        sections=[Section(s.number, s.title, s.text) for s in SECTIONS],
    )
    if edition is Edition.E2019:
        report.set("art20_1", "normative", "made", 3)
        report.set("art20_5", "license", "delta", -2)
        report.set("art20_9", "procurement", "amount", Decimal("484.690"))
    else:
        report.set("art20_1", "normative", "issued", 3)
        report.set("art20_8", "fees", "amount", Decimal("135.3443"))
    for row in ("new", "granted", "total"):
        report.set("applications", row, "natural_person", 1)
        report.set("applications", row, "total", 1)
    report.set("appeals", "cases", "review_total", 0)
    return report


def full_report(edition: Edition) -> Report:
    """Every cell filled with a different value: counts 1, 2, 3, ..., deltas negative,
    amounts with four decimals."""
    report = sample_report(edition)
    number = 0
    for table in EDITIONS[edition].tables:
        for row in table.rows:
            for column in table.columns:
                number += 1
                if column.kind is Kind.AMOUNT:
                    report.set(table.key, row.key, column.key, Decimal(f"{number}.0125"))
                elif column.kind is Kind.DELTA:
                    report.set(table.key, row.key, column.key, -number)
                else:
                    report.set(table.key, row.key, column.key, number)
    return report


def has_cjk_font() -> bool:
    """Whether fontconfig knows a Chinese font (PDF tests need one to typeset the text)."""
    if shutil.which("fc-list") is None:
        return False
    listing = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, check=False)
    return bool(listing.stdout.strip())
