"""Every rule code a finding can carry, with what it checks: the one registry.

The checker and the importers emit `findings.Code` members; this table says what each one
means. `gongkai report rules` prints it and `make docs` writes it to docs/rules.md, so the
reference can never drift from the code (a test fails when a code has no entry here, or
when the checked-in page is stale).

Adding a code: a member of `Code` in findings.py, one `Rule(...)` line below, an example
recipe in `reference.py`, then `make docs`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum

from .findings import Code, Severity


class Group(StrEnum):
    ARITHMETIC = "arithmetic"
    ACROSS_YEARS = "across-years"
    FORM = "form"
    SIMILARITY = "similarity"
    READING = "reading"


GROUP_TITLES = {
    Group.ARITHMETIC: "勾稽关系（表内算术）",
    Group.ACROSS_YEARS: "跨年度衔接（需上一年度报告）",
    Group.FORM: "格式与合规",
    Group.SIMILARITY: "雷同比对（需本单位其他年度或同级单位的报告）",
    Group.READING: "读取问题（导入时发现，不作猜测）",
}

SEVERITY_TITLES = {Severity.ERROR: "错误", Severity.WARNING: "警告"}


@dataclass(frozen=True)
class Rule:
    code: Code
    group: Group
    severities: tuple[Severity, ...]  # the first is the usual one
    title: str  # a few words, in Chinese
    checks: str  # what it checks, in Chinese

    def to_dict(self) -> dict[str, object]:
        return {
            "code": str(self.code),
            "group": str(self.group),
            "severities": [str(s) for s in self.severities],
            "title": self.title,
            "checks": self.checks,
        }


E, W = Severity.ERROR, Severity.WARNING
A, Y, F, R = Group.ARITHMETIC, Group.ACROSS_YEARS, Group.FORM, Group.READING
S = Group.SIMILARITY

RULES: tuple[Rule, ...] = (
    Rule(
        Code.BALANCE,
        A,
        (E,),
        "收结平衡",
        "表三每一列：本年新收 + 上年结转 = 办理结果总计 + 结转下年度继续办理。",
    ),
    Rule(Code.OUTCOME_SUM, A, (E,), "办理结果合计", "表三每一列：（七）总计 = 各项办理结果之和。"),
    Rule(
        Code.ROW_TOTAL,
        A,
        (E,),
        "申请人合计",
        "表三每一行：总计 = 六类申请人（自然人及五类法人或其他组织）之和。",
    ),
    Rule(
        Code.REVIEW_TOTAL,
        A,
        (E,),
        "复议诉讼合计",
        "表四每一组：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结。",
    ),
    Rule(
        Code.CARRY_OVER,
        Y,
        (E,),
        "上年结转",
        "表三每一列：本年“上年结转” = 上一年度报告的“结转下年度继续办理”。",
    ),
    Rule(
        Code.ITEMS_CONTINUITY,
        Y,
        (E,),
        "项目数量衔接",
        "2019年版表二：本年“上一年项目数量” = 上一年度的“上一年项目数量 + 本年增/减”。",
    ),
    Rule(
        Code.IN_FORCE,
        Y,
        (E,),
        "现行有效件数",
        "2021年版表二：现行有效件数 = 上一年度现行有效件数 + 本年制发 − 本年废止；没有上一年度报告时，至少本年制发 ≤ 现行有效 + 本年废止。",
    ),
    Rule(
        Code.JUMP,
        Y,
        (W,),
        "同比异常变动",
        "表三、表四的主要数字（新收申请、办理结果总计、予以公开、行政复议、行政诉讼）与上一年度相比超过5倍或不足五分之一时提示"
        "（上年为0时视为超过5倍）；两年中较大的数字不足20件时不提示，以免小数字的正常波动被当作异常。",
    ),
    Rule(
        Code.EDITION,
        F,
        (E,),
        "报告格式版本",
        "表格格式应为报告年度所要求的版本（2019、2020年度用2019年版，2021年度起用2021年版）。",
    ),
    Rule(
        Code.PERIOD,
        F,
        (E, W),
        "统计期限",
        "标题年度、统计期限与报告年度一致；标题中没有年度时按正文推定并提示。",
    ),
    Rule(
        Code.DEADLINE,
        F,
        (E, W),
        "发布期限",
        "报告应于次年1月31日前发布（县级以上人民政府本级报告为3月31日前）；未注明或日期不存在时提示。"
        "上级检查另按名单上该单位的公开期限，核对平台记录的首次发布日期或收集的报告所署日期（报告自身的检查已指出的不重复提示）。",
    ),
    Rule(Code.FEE_STATEMENT, F, (W,), "收费说明", "2021年版报告第六部分应说明信息处理费的收取情况。"),
    Rule(
        Code.RULES_AUTHORITY,
        F,
        (E,),
        "规章制定权",
        "无规章制定权的机关不应填报规章数量（只有国务院部门、省级政府和设区的市级政府可以制定规章）。",
    ),
    Rule(
        Code.NARRATIVE, F, (E,), "正文与表格一致", "正文中的数字（如“收到申请1件”）应与表格中的对应数值一致。"
    ),
    Rule(Code.STRUCTURE, F, (W,), "章节结构", "报告应有六个部分，依次编号，标题可识别；发布机关名称可识别。"),
    Rule(
        Code.OVERRIDE,
        F,
        (W,),
        "手工填报的单元格",
        "单元格的数值不是由登记簿和案件统计得出，而是手工填报（如平台启用前的数据），须附理由；每一处都列出，供审核、签发和上级公开办核对。",
    ),
    Rule(
        Code.EMPTY_SECTION,
        F,
        (W,),
        "正文章节为空",
        "第一部分“总体情况”和第五部分“存在的主要问题及改进情况”应有实际内容，不能空白或只写“无”“暂无”“略”"
        "（第二至四部分为表格；第六部分可以写“无”，2021年版的收费说明另由 fee-statement 检查）。",
    ),
    Rule(
        Code.SIMILARITY,
        S,
        (W,),
        "雷同",
        "正文与本单位以前年度报告或同一年度同级单位的报告逐句比对（数字、年份、机关名称不计差别，格式套话和多个单位共有的句子不计）："
        "80%以上的文字为相同的句子为“照搬”，50%以上为相同或仅个别字词改动的句子为“轻度改写”；"
        "计入比对的文字不足150字时不作评价。结果列出相同的段落。",
    ),
    Rule(Code.CELLS, R, (W,), "单元格数", "一行的数值个数应与表格的列数相同。"),
    Rule(Code.MISSING, R, (W,), "缺少数值", "应填数字处为空白、“/”“-”“—”等：记为缺失，不按0处理。"),
    Rule(
        Code.NON_NUMERIC,
        R,
        (W,),
        "非标准数字",
        "数字写成文字或全角形式（如“减4”“+8”“－2”），已按其含义读取。",
    ),
    Rule(
        Code.LABEL,
        R,
        (W,),
        "非标准标签",
        "行或列的标签与格式不同（如“商业机构”、繁体字），已对应到标准行列。",
    ),
    Rule(
        Code.EXTRA,
        R,
        (W,),
        "格式外的行",
        "表格中有全国格式没有的行（如“其他主动公开文件”）：不计入统计，原样保留在报告中，并在该表下注明。",
    ),
    Rule(
        Code.UNIT,
        R,
        (W,),
        "金额单位",
        "金额没有单位，或单位写在单元格内（如“484.69万元”）：已换算为万元并提示。",
    ),
    Rule(Code.TRUNCATED, R, (W,), "文档不完整", "文档在表格结束之前就结束了。"),
    Rule(
        Code.INFERRED,
        R,
        (W,),
        "连写数字的拆分",
        "一行的数字连在一起、没有分隔（网页转成文字时常见），只有当表内勾稽关系（各项之和等于总计、各列收支平衡）只容许一种拆分时才拆分，并逐行标出，请核对；否则报 cells。",
    ),
    Rule(
        Code.OCR,
        R,
        (W,),
        "从图片中识别的数值",
        "表格是图片（扫描件、截图），数值由文字识别（OCR）读出，每个这样读出的数值都标出，请与原件核对；表内勾稽关系可发现多数误识。",
    ),
)

BY_CODE: dict[Code, Rule] = {rule.code: rule for rule in RULES}


def rule_for(code: Code) -> Rule:
    return BY_CODE[code]


def as_text() -> str:
    """The registry as a plain list, one code per line, grouped."""
    lines: list[str] = []
    for group in Group:
        lines.append(GROUP_TITLES[group])
        for rule in (r for r in RULES if r.group is group):
            severity = "/".join(SEVERITY_TITLES[s] for s in rule.severities)
            lines.append(f"  {rule.code:<17} {severity:<5}  {rule.title}：{rule.checks}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def as_json() -> str:
    return json.dumps([rule.to_dict() for rule in RULES], ensure_ascii=False, indent=2) + "\n"
