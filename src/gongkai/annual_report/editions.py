"""The two official formats of the annual report, defined once.

E2019: 国办公开办函〔2019〕60号, for reports on 2019 and 2020.
E2021: 国办公开办函〔2021〕30号, for reports on 2021 onward.

Parsing, checking and rendering all read these definitions; nothing else in the
package spells out a row or a column of the official tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Edition(StrEnum):
    E2019 = "E2019"
    E2021 = "E2021"


class Kind(StrEnum):
    """What a column holds."""

    COUNT = "count"  # a non-negative whole number
    DELTA = "delta"  # a signed whole number (本年增/减)
    AMOUNT = "amount"  # money, normalised to 万元


@dataclass(frozen=True)
class Column:
    key: str
    path: tuple[str, ...]  # header labels from the outermost group to the column itself
    kind: Kind = Kind.COUNT
    variants: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.path[-1]


@dataclass(frozen=True)
class Row:
    key: str
    path: tuple[
        str, ...
    ]  # printed labels, outermost first: ("三、本年度办理结果", "（三）不予公开", "1.属于国家秘密")
    variants: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.path[-1]


@dataclass(frozen=True)
class TableDef:
    key: str
    section: int  # 2, 3 or 4: the report section the table belongs to
    title: str  # for table 二's parts: "第二十条第（一）项"; otherwise the table's name
    rows: tuple[Row, ...]
    columns: tuple[Column, ...]
    header_note: str = ""  # text of the corner cell, e.g. the 勾稽关系 note of table 三

    def row(self, key: str) -> Row:
        for row in self.rows:
            if row.key == key:
                return row
        raise KeyError(key)

    def column(self, key: str) -> Column:
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)

    @property
    def row_keys(self) -> tuple[str, ...]:
        return tuple(r.key for r in self.rows)

    @property
    def column_keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.columns)


@dataclass(frozen=True)
class EditionDef:
    edition: Edition
    name: str
    document: str
    tables: tuple[TableDef, ...]
    section_titles: tuple[str, ...] = field(
        default=(
            "总体情况",
            "主动公开政府信息情况",
            "收到和处理政府信息公开申请情况",
            "政府信息公开行政复议、行政诉讼情况",
            "存在的主要问题及改进情况",
            "其他需要报告的事项",
        )
    )

    def table(self, key: str) -> TableDef:
        for table in self.tables:
            if table.key == key:
                return table
        raise KeyError(key)

    @property
    def table_keys(self) -> tuple[str, ...]:
        return tuple(t.key for t in self.tables)

    def tables_in_section(self, section: int) -> tuple[TableDef, ...]:
        return tuple(t for t in self.tables if t.section == section)


# --- table 二 -------------------------------------------------------------------------------

_ITEM_COLUMNS_2019 = (
    Column("prev_items", ("上一年项目数量",)),
    Column("delta", ("本年增/减",), Kind.DELTA, ("本年增减", "本年增加/减少")),
    Column("decisions", ("处理决定数量",)),
)

_TABLE2_2019 = (
    TableDef(
        "art20_1",
        2,
        "第二十条第（一）项",
        rows=(
            Row("rules", ("规章",)),
            Row("normative", ("规范性文件",), ("行政规范性文件",)),
        ),
        columns=(
            Column("made", ("本年新制作数量",), variants=("本年制作数量",)),
            Column("published", ("本年新公开数量",), variants=("本年公开数量",)),
            Column("total_public", ("对外公开总数量",), variants=("对外公开总数",)),
        ),
    ),
    TableDef(
        "art20_5",
        2,
        "第二十条第（五）项",
        rows=(
            Row("license", ("行政许可",)),
            Row("other_services", ("其他对外管理服务事项",)),
        ),
        columns=_ITEM_COLUMNS_2019,
    ),
    TableDef(
        "art20_6",
        2,
        "第二十条第（六）项",
        rows=(Row("penalty", ("行政处罚",)), Row("coercion", ("行政强制",))),
        columns=_ITEM_COLUMNS_2019,
    ),
    TableDef(
        "art20_8",
        2,
        "第二十条第（八）项",
        rows=(Row("fees", ("行政事业性收费",)),),
        columns=_ITEM_COLUMNS_2019[:2],
    ),
    TableDef(
        "art20_9",
        2,
        "第二十条第（九）项",
        rows=(Row("procurement", ("政府集中采购",)),),
        columns=(
            Column("projects", ("采购项目数量",)),
            Column("amount", ("采购总金额",), Kind.AMOUNT),
        ),
    ),
)

_DECISIONS_2021 = Column("decisions", ("本年处理决定数量",), variants=("处理决定数量",))

_TABLE2_2021 = (
    TableDef(
        "art20_1",
        2,
        "第二十条第（一）项",
        rows=(
            Row("rules", ("规章",)),
            Row("normative", ("行政规范性文件",), ("规范性文件",)),
        ),
        columns=(
            Column("issued", ("本年制发件数",), variants=("本年新制发件数",)),
            Column("repealed", ("本年废止件数",)),
            Column("in_force", ("现行有效件数",)),
        ),
    ),
    TableDef(
        "art20_5", 2, "第二十条第（五）项", rows=(Row("license", ("行政许可",)),), columns=(_DECISIONS_2021,)
    ),
    TableDef(
        "art20_6",
        2,
        "第二十条第（六）项",
        rows=(Row("penalty", ("行政处罚",)), Row("coercion", ("行政强制",))),
        columns=(_DECISIONS_2021,),
    ),
    TableDef(
        "art20_8",
        2,
        "第二十条第（八）项",
        rows=(Row("fees", ("行政事业性收费",)),),
        columns=(Column("amount", ("本年收费金额",), Kind.AMOUNT, ("收费金额",)),),
    ),
)

# --- table 三 -------------------------------------------------------------------------------

APPLICANT_COLUMNS = (
    Column("natural_person", ("自然人",)),
    Column("commercial", ("法人或其他组织", "商业企业"), variants=("商业机构", "企业")),
    Column("research", ("法人或其他组织", "科研机构")),
    Column("public_interest", ("法人或其他组织", "社会公益组织"), variants=("公益组织",)),
    Column("legal_services", ("法人或其他组织", "法律服务机构")),
    Column("other_org", ("法人或其他组织", "其他")),
    Column("total", ("总计",), variants=("合计",)),
)

_RESULTS = "三、本年度办理结果"
_WITHHELD = "（三）不予公开"
_UNAVAILABLE = "（四）无法提供"
_REJECTED = "（五）不予处理"
_OTHER = "（六）其他处理"


def _application_rows(edition: Edition) -> tuple[Row, ...]:
    head = (
        Row("new", ("一、本年新收政府信息公开申请数量",), ("本年新收申请数量", "本年新收")),
        Row("carried_over", ("二、上年结转政府信息公开申请数量",), ("上年结转申请数量", "上年结转")),
        Row("granted", (_RESULTS, "（一）予以公开")),
        Row("partial", (_RESULTS, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）")),
        Row("withheld_secret", (_RESULTS, _WITHHELD, "1.属于国家秘密")),
        Row("withheld_law", (_RESULTS, _WITHHELD, "2.其他法律行政法规禁止公开")),
        Row("withheld_security", (_RESULTS, _WITHHELD, "3.危及“三安全一稳定”"), ("危及三安全一稳定",)),
        Row("withheld_third_party", (_RESULTS, _WITHHELD, "4.保护第三方合法权益")),
        Row("withheld_internal", (_RESULTS, _WITHHELD, "5.属于三类内部事务信息"), ("属于三类内容事务信息",)),
        Row("withheld_process", (_RESULTS, _WITHHELD, "6.属于四类过程性信息")),
        Row("withheld_enforcement", (_RESULTS, _WITHHELD, "7.属于行政执法案卷")),
        Row("withheld_query", (_RESULTS, _WITHHELD, "8.属于行政查询事项")),
        Row("unavailable_not_held", (_RESULTS, _UNAVAILABLE, "1.本机关不掌握相关政府信息")),
        Row("unavailable_needs_creation", (_RESULTS, _UNAVAILABLE, "2.没有现成信息需要另行制作")),
        Row("unavailable_unclear", (_RESULTS, _UNAVAILABLE, "3.补正后申请内容仍不明确")),
        Row("rejected_petition", (_RESULTS, _REJECTED, "1.信访举报投诉类申请")),
        Row("rejected_repeat", (_RESULTS, _REJECTED, "2.重复申请")),
        Row("rejected_publication", (_RESULTS, _REJECTED, "3.要求提供公开出版物")),
        Row("rejected_vexatious", (_RESULTS, _REJECTED, "4.无正当理由大量反复申请")),
        Row("rejected_confirmation", (_RESULTS, _REJECTED, "5.要求行政机关确认或重新出具已获取信息")),
    )
    if edition is Edition.E2019:
        other: tuple[Row, ...] = (Row("other", (_RESULTS, _OTHER)),)
    else:
        other = (
            Row(
                "other_no_correction",
                (_RESULTS, _OTHER, "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
                ("申请人无正当理由逾期不补正",),
            ),
            Row(
                "other_fee_unpaid",
                (
                    _RESULTS,
                    _OTHER,
                    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                ),
                ("申请人逾期未按收费通知要求缴纳费用",),
            ),
            Row("other_misc", (_RESULTS, _OTHER, "3.其他")),
        )
    tail = (
        Row("total", (_RESULTS, "（七）总计")),
        Row("carried_forward", ("四、结转下年度继续办理",), ("结转下年度继续办理申请数量", "结转下年度")),
    )
    return head + other + tail


# Outcome rows: every row of 三 between the two carry rows, except the total.
def outcome_row_keys(edition: Edition) -> tuple[str, ...]:
    rows = _application_rows(edition)
    return tuple(r.key for r in rows if r.key not in {"new", "carried_over", "total", "carried_forward"})


APPLICATIONS_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

# --- table 四 -------------------------------------------------------------------------------

APPEAL_SUFFIXES = (
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
)
APPEAL_GROUPS = (
    ("review", ("行政复议",)),
    ("suit_direct", ("行政诉讼", "未经复议直接起诉")),
    ("suit_after_review", ("行政诉讼", "复议后起诉")),
)

_APPEAL_COLUMNS = tuple(
    Column(f"{group}_{suffix}", (*path, label))
    for group, path in APPEAL_GROUPS
    for suffix, label in APPEAL_SUFFIXES
)

_APPEALS = TableDef(
    "appeals",
    4,
    "政府信息公开行政复议、行政诉讼情况",
    rows=(Row("cases", ("案件数",)),),
    columns=_APPEAL_COLUMNS,
)


def _edition(edition: Edition, name: str, document: str, table2: tuple[TableDef, ...]) -> EditionDef:
    applications = TableDef(
        "applications",
        3,
        "收到和处理政府信息公开申请情况",
        rows=_application_rows(edition),
        columns=APPLICANT_COLUMNS,
        header_note=APPLICATIONS_NOTE,
    )
    return EditionDef(edition, name, document, (*table2, applications, _APPEALS))


EDITIONS: dict[Edition, EditionDef] = {
    Edition.E2019: _edition(
        Edition.E2019,
        "政府信息公开工作年度报告格式（试行）",
        "国办公开办函〔2019〕60号",
        _TABLE2_2019,
    ),
    Edition.E2021: _edition(
        Edition.E2021,
        "中华人民共和国政府信息公开工作年度报告格式",
        "国办公开办函〔2021〕30号",
        _TABLE2_2021,
    ),
}


def edition_for_year(year: int) -> Edition:
    """The edition a report on `year` must use."""
    return Edition.E2019 if year <= 2020 else Edition.E2021


SECTION_NUMERALS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十")


def section_numeral(n: int) -> str:
    """A section's number as printed: 五 for 5 (beyond 十, the digits)."""
    return SECTION_NUMERALS[n - 1] if 1 <= n <= len(SECTION_NUMERALS) else str(n)
