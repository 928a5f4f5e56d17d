"""The year's 政务公开 考评 of the units on a roster: 100 points each, less the points the
supervisor's rubric deducts per item, each deduction with its evidence. Plain Python (no
Django): the views gather each unit's facts, this decides.

The items (each deducted at most once per unit, whatever the number of findings behind it):

- 报送逾期 ``filed_late``: a unit on the platform filed its report to the supervisor after the due
  date, or has not filed it by the day of scoring when that is after the due date. A report
  imported from the file the unit published (from before the platform) and units not on the
  platform file nothing here: they are not scored on this item.
- 发布逾期 ``published_late``: first published after the due date, or not published (not found) by
  the day of scoring when that is after the due date. A collected file that states no date is
  not scored on this item (its ``deadline`` warning asks a person to look).
- 要素缺失 ``elements_missing``: a required element is missing: a section missing (``structure``
  findings that say 缺少/未找到), a section present but empty (``empty-section``: 一 or 五), a
  table cut off (``truncated``), or the 2021 format's statement of processing fees left out of
  section 六 (``fee-statement``).
- 雷同 ``similarity``: a ``similarity`` finding (照搬 or 轻度改写) against the unit's earlier years
  or a peer.
- 退回未整改 ``returned_unfixed``: the supervisor returned the report and the unit has not filed
  it again.

Total = 100 − the deductions, never below 0. Units are ranked by total, highest first; equal
totals share a rank (1, 2, 2, 4) and keep the roster's order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

FULL_MARKS = 100
MAX_POINTS = 100  # a rubric's deduction per item


class Item(StrEnum):
    FILED_LATE = "filed_late"
    PUBLISHED_LATE = "published_late"
    ELEMENTS_MISSING = "elements_missing"
    SIMILARITY = "similarity"
    RETURNED_UNFIXED = "returned_unfixed"


ITEM_TITLES: dict[Item, str] = {
    Item.FILED_LATE: "报送逾期",
    Item.PUBLISHED_LATE: "发布逾期",
    Item.ELEMENTS_MISSING: "要素缺失",
    Item.SIMILARITY: "雷同",
    Item.RETURNED_UNFIXED: "退回未整改",
}

ITEM_HELP: dict[Item, str] = {
    Item.FILED_LATE: "平台上的单位晚于公开期限报送，或评分之日已过期限仍未报送",
    Item.PUBLISHED_LATE: "晚于公开期限发布，或评分之日已过期限仍未发布（未找到报告）",
    Item.ELEMENTS_MISSING: "缺少章节、第一或第五部分为空、表格不完整、未说明信息处理费收取情况",
    Item.SIMILARITY: "正文与本单位以前年度或同级单位的报告雷同（照搬或轻度改写）",
    Item.RETURNED_UNFIXED: "上级退回修改后尚未重新报送",
}

DEFAULT_POINTS: dict[Item, int] = {item: 5 for item in Item}


@dataclass(frozen=True)
class UnitFacts:
    """What the scoring reads of one unit of the roster."""

    unit_id: int
    name: str
    due: dt.date
    files_on_platform: bool  # scored on 报送逾期 (on the platform, its report composed here)
    filed_on: dt.date | None  # the day it first filed this year's report to the supervisor
    published_on: dt.date | None  # the day it first published it (the date a collected file states)
    publication_unknown: bool = False  # a report on file that states no date of publication
    returned_on: dt.date | None = None  # returned and not filed again since: the day it was returned
    findings: Sequence[Mapping[str, Any]] = ()  # its findings (the checker's and the supervisor's)
    report: str = ""  # the record the findings are about, e.g. "platform:12" or "collected:3"


@dataclass(frozen=True)
class Evidence:
    text: str  # what shows it, in Chinese
    on: dt.date | None = None
    finding: Mapping[str, Any] | None = None  # the finding, when one is the evidence


@dataclass(frozen=True)
class Deduction:
    item: Item
    points: int
    evidence: tuple[Evidence, ...]

    @property
    def title(self) -> str:
        return ITEM_TITLES[self.item]


@dataclass(frozen=True)
class UnitScore:
    facts: UnitFacts
    deductions: tuple[Deduction, ...]
    total: int
    rank: int = 0

    def deducted(self, item: Item) -> Deduction | None:
        return next((d for d in self.deductions if d.item is item), None)

    @property
    def deducted_points(self) -> int:
        return sum(d.points for d in self.deductions)


@dataclass(frozen=True)
class Rubric:
    points: Mapping[Item, int] = field(default_factory=lambda: dict(DEFAULT_POINTS))

    def __post_init__(self) -> None:
        for item in Item:
            value = self.points.get(item, 0)
            if not 0 <= value <= MAX_POINTS:
                raise ValueError(f"“{ITEM_TITLES[item]}”的扣分应在0至{MAX_POINTS}分之间")


def _cn(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def missing_element(finding: Mapping[str, Any]) -> bool:
    """A finding that says a required element is missing (see the module's 要素缺失)."""
    code = finding.get("code")
    if code == "structure":
        return str(finding.get("message", "")).startswith(("缺少", "未找到"))
    return code in ("empty-section", "truncated", "fee-statement")


def copied(finding: Mapping[str, Any]) -> bool:
    return finding.get("code") == "similarity"


def _filed_late(facts: UnitFacts, today: dt.date) -> tuple[Evidence, ...]:
    if not facts.files_on_platform:
        return ()
    if facts.filed_on is not None:
        if facts.filed_on <= facts.due:
            return ()
        late = (facts.filed_on - facts.due).days
        return (Evidence(f"{_cn(facts.filed_on)}报送，晚于期限{_cn(facts.due)}{late}天", facts.filed_on),)
    if today > facts.due:
        return (Evidence(f"截至{_cn(today)}未报送（期限{_cn(facts.due)}）", today),)
    return ()


def _published_late(facts: UnitFacts, today: dt.date) -> tuple[Evidence, ...]:
    if facts.published_on is not None:
        if facts.published_on <= facts.due:
            return ()
        late = (facts.published_on - facts.due).days
        return (
            Evidence(f"{_cn(facts.published_on)}发布，晚于期限{_cn(facts.due)}{late}天", facts.published_on),
        )
    if facts.publication_unknown or today <= facts.due:
        return ()
    if not facts.files_on_platform:  # known by its published file only: none has been found
        return (Evidence(f"截至{_cn(today)}未找到已发布的报告（期限{_cn(facts.due)}）", today),)
    return (Evidence(f"截至{_cn(today)}未发布（期限{_cn(facts.due)}）", today),)


def _from_findings(facts: UnitFacts, keep: Any) -> tuple[Evidence, ...]:
    return tuple(Evidence(str(f.get("message", "")), finding=f) for f in facts.findings if keep(f))


def _returned(facts: UnitFacts) -> tuple[Evidence, ...]:
    if facts.returned_on is None:
        return ()
    return (Evidence(f"{_cn(facts.returned_on)}退回修改，至今未重新报送", facts.returned_on),)


def score_unit(facts: UnitFacts, rubric: Rubric, today: dt.date) -> UnitScore:
    found = {
        Item.FILED_LATE: _filed_late(facts, today),
        Item.PUBLISHED_LATE: _published_late(facts, today),
        Item.ELEMENTS_MISSING: _from_findings(facts, missing_element),
        Item.SIMILARITY: _from_findings(facts, copied),
        Item.RETURNED_UNFIXED: _returned(facts),
    }
    deductions = tuple(
        Deduction(item, rubric.points.get(item, 0), evidence)
        for item, evidence in found.items()
        if evidence and rubric.points.get(item, 0) > 0
    )
    total = max(0, FULL_MARKS - sum(d.points for d in deductions))
    return UnitScore(facts, deductions, total)


def score(units: Sequence[UnitFacts], rubric: Rubric, today: dt.date) -> list[UnitScore]:
    """Every unit's score, highest first (ties share a rank and keep the given order)."""
    scored = sorted((score_unit(f, rubric, today) for f in units), key=lambda s: -s.total)
    ranked: list[UnitScore] = []
    for position, one in enumerate(scored, start=1):
        rank = ranked[-1].rank if ranked and ranked[-1].total == one.total else position
        ranked.append(UnitScore(one.facts, one.deductions, one.total, rank))
    return ranked
