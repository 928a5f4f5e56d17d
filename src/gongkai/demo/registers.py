"""示例数据 for the registers behind table 二: what each demo agency made, listed, decided, collected
and bought in 2025 and 2026, entered through `gongkai.registers.actions` only.

The registers are written out below as plain data, small enough to count by hand: the test of
table 二 (tests/platform/test_demo_table_two_counts_by_hand.py) works its numbers out from these
lists. Documents made before 2025 and matters listed in 2021 are the registers' starting point,
so that 2025 has something to repeal, clean up and delist.

Only the city government (a districted city's government) makes 规章. A step dated after
today has not happened yet and is left out, as in the demo's cases (`cases`): a document made but
not yet published is registered without its 公开日期, a year's fees are recorded once the year
is over (on 15 January after it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial

from django.contrib.auth.models import User

from gongkai.agencies.models import Agency, Membership, Role
from gongkai.registers import actions
from gongkai.registers.models import (
    Cleanup,
    CleanupOutcome,
    Decision,
    DocumentKind,
    FeeCollection,
    Matter,
    NormativeDocument,
    Procurement,
)

D = dt.date.fromisoformat
RULES, NORMATIVE = DocumentKind.RULES.value, DocumentKind.NORMATIVE.value
KEPT, AMENDED, INVALID = CleanupOutcome.KEPT.value, CleanupOutcome.AMENDED.value, CleanupOutcome.INVALID.value
LISTED_2021 = "2021-01-01"  # the day the first lists of matters were published


@dataclass(frozen=True)
class Document:
    """A 规章 or 行政规范性文件: made, published (None: not yet) and perhaps repealed by a decision."""

    kind: str
    number: str
    title: str
    made: str
    published: str | None
    repealed: str | None = None
    reason: str = ""


@dataclass(frozen=True)
class Campaign:
    """A clean-up (清理): each reviewed document, by 文号, with its outcome."""

    name: str
    decided: str
    published: str
    outcomes: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Listing:
    """One matter on the agency's list (事项清单) from `listed` until `delisted` (exclusive)."""

    kind: str
    name: str
    listed: str = LISTED_2021
    delisted: str | None = None


@dataclass(frozen=True)
class Registers:
    documents: tuple[Document, ...] = ()
    cleanups: tuple[Campaign, ...] = ()
    matters: tuple[Listing, ...] = ()
    # decisions (办件): kind -> (文书编号 prefix, the dates of the decisions)
    decisions: Mapping[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    # 行政事业性收费: (item, year, 元)
    fees: tuple[tuple[str, int, str], ...] = ()
    # 政府集中采购: (project, contract date, 万元)
    procurements: tuple[tuple[str, str, str], ...] = ()


# fmt: off
REGISTERS: dict[str, Registers] = {
    "city": Registers(
        documents=(
            Document(RULES, "示例市人民政府令第8号", "示例市生活垃圾分类管理暂行办法", "2020-04-20", "2020-04-27"),
            Document(RULES, "示例市人民政府令第12号", "示例市城市绿化管理办法", "2022-06-06", "2022-06-13"),
            Document(RULES, "示例市人民政府令第15号", "示例市公共数据管理办法", "2025-09-29", "2025-10-09"),
            Document(RULES, "示例市人民政府令第16号", "示例市物业管理办法", "2026-05-25", "2026-06-01"),
            Document(NORMATIVE, "示政规〔2024〕2号", "示例市城市道路挖掘管理办法", "2024-03-18", "2024-03-25"),
            Document(NORMATIVE, "示政规〔2025〕1号", "示例市人才引进补贴实施办法", "2025-04-14", "2025-04-21"),
        ),
        cleanups=(
            Campaign("2025年度规章和行政规范性文件清理", "2025-11-14", "2025-11-21", (
                ("示例市人民政府令第8号", INVALID),
                ("示例市人民政府令第12号", KEPT),
                ("示例市人民政府令第15号", KEPT),
                ("示政规〔2024〕2号", AMENDED),
                ("示政规〔2025〕1号", KEPT),
            )),
        ),
    ),
    "nr": Registers(
        documents=(
            Document(NORMATIVE, "示自然资规〔2021〕2号", "示例市国有建设用地使用权出让管理办法", "2021-04-12", "2021-04-19", repealed="2025-05-06", reason="已被《示例市国有建设用地供应管理办法》（示自然资规〔2025〕1号）替代"),
            Document(NORMATIVE, "示自然资规〔2022〕1号", "示例市临时用地管理实施细则", "2022-03-15", "2022-03-22"),
            Document(NORMATIVE, "示自然资规〔2023〕2号", "示例市地质灾害防治管理办法", "2023-08-07", "2023-08-14", repealed="2026-03-23", reason="已被《示例市地质灾害防治管理办法（2026年修订）》（示自然资规〔2026〕1号）替代"),
            Document(NORMATIVE, "示自然资规〔2024〕1号", "示例市农村宅基地审批管理办法", "2024-11-18", "2024-11-25"),
            Document(NORMATIVE, "示自然资规〔2025〕1号", "示例市国有建设用地供应管理办法", "2025-04-21", "2025-04-28"),
            Document(NORMATIVE, "示自然资规〔2025〕2号", "示例市耕地占补平衡管理办法", "2025-08-11", "2025-08-18"),
            Document(NORMATIVE, "示自然资规〔2025〕3号", "示例市城镇开发边界内详细规划编制管理规定", "2025-12-22", "2026-01-05"),
            Document(NORMATIVE, "示自然资规〔2026〕1号", "示例市地质灾害防治管理办法（2026年修订）", "2026-03-16", "2026-03-23"),
            Document(NORMATIVE, "示自然资规〔2026〕2号", "示例市国土空间生态修复项目管理办法", "2026-09-14", "2026-09-21"),
        ),
        cleanups=(
            Campaign("2025年度行政规范性文件集中清理", "2025-10-31", "2025-11-07", (
                ("示自然资规〔2022〕1号", INVALID),
                ("示自然资规〔2023〕2号", KEPT),
                ("示自然资规〔2024〕1号", AMENDED),
                ("示自然资规〔2025〕1号", KEPT),
                ("示自然资规〔2025〕2号", KEPT),
            )),
        ),
        matters=(
            Listing("license", "建设用地规划许可证核发"),
            Listing("license", "建设工程规划许可证核发"),
            Listing("license", "乡村建设规划许可证核发"),
            Listing("license", "临时用地审批", delisted="2025-07-01"),
            Listing("license", "建设项目用地预审与选址意见书核发", listed="2025-03-01"),
            Listing("license", "国有建设用地使用权分割转让批准", listed="2025-09-01"),
            Listing("license", "开采矿产资源审批（砂石土类）", listed="2026-02-02"),
            Listing("other_services", "不动产登记资料查询"),
            Listing("other_services", "地质灾害危险性评估报告备案", delisted="2025-04-01"),
            Listing("penalty", "非法占用土地的处罚"),
            Listing("penalty", "违反城乡规划建设的处罚"),
            Listing("penalty", "违反测绘管理规定的处罚"),
            Listing("penalty", "破坏耕地的处罚", listed="2025-06-03"),
            Listing("coercion", "查封、扣押违法用地施工设备"),
            Listing("fees", "不动产登记费"),
            Listing("fees", "土地复垦费", delisted="2025-10-01"),
        ),
        decisions={
            "license": ("示自然资许", (
                "2025-01-14", "2025-02-20", "2025-04-08", "2025-06-17", "2025-09-23", "2025-12-30",
                "2026-01-20", "2026-03-10", "2026-05-26", "2026-08-18", "2026-10-13",
            )),
            "other_services": ("示自然资服", (
                "2025-03-04", "2025-05-13", "2025-08-05", "2025-11-11",
                "2026-04-14",
            )),
            "penalty": ("示自然资罚", (
                "2025-04-22", "2025-07-29", "2025-10-21",
                "2026-03-31", "2026-07-14",
            )),
            "coercion": ("示自然资强", (
                "2025-07-30",
            )),
        },
        fees=(
            ("不动产登记费", 2025, "12480.00"),
            ("土地复垦费", 2025, "86000.00"),
        ),
        procurements=(
            ("示例市国土空间基础信息平台升级项目", "2025-05-20", "86.50"),
            ("示例市不动产登记中心自助服务终端采购", "2025-09-10", "23.80"),
            ("示例市2026年度卫星遥感影像采购", "2026-03-18", "45.00"),
            ("示例市自然资源执法无人机采购", "2026-08-12", "18.60"),
        ),
    ),
    "edu": Registers(
        documents=(
            Document(NORMATIVE, "示教规〔2022〕1号", "示例市民办学校办学行为管理办法", "2022-05-09", "2022-05-16"),
            Document(NORMATIVE, "示教规〔2023〕1号", "示例市中小学校服管理规定", "2023-03-13", "2023-03-20", repealed="2026-03-02", reason="已被《示例市中小学校服采购和管理规定》（示教规〔2026〕1号）替代"),
            Document(NORMATIVE, "示教规〔2025〕1号", "示例市校外培训机构监督管理办法", "2025-06-09", "2025-06-16"),
            Document(NORMATIVE, "示教规〔2026〕1号", "示例市中小学校服采购和管理规定", "2026-02-23", "2026-03-02"),
        ),
        cleanups=(
            Campaign("2025年度教育领域行政规范性文件清理", "2025-11-28", "2025-12-05", (
                ("示教规〔2022〕1号", KEPT),
                ("示教规〔2023〕1号", KEPT),
                ("示教规〔2025〕1号", KEPT),
            )),
        ),
        matters=(
            Listing("license", "民办学校办学许可"),
            Listing("license", "教师资格认定"),
            Listing("license", "校外培训机构设立审批"),
            Listing("other_services", "学籍转接办理"),
            Listing("other_services", "学历证明书补办", listed="2025-05-06"),
            Listing("penalty", "民办学校违法办学的处罚"),
            Listing("penalty", "校外培训机构违规培训的处罚"),
            Listing("fees", "普通高中学费"),
            Listing("fees", "普通高中住宿费"),
        ),
        decisions={
            "license": ("示教许", (
                "2025-01-21", "2025-03-11", "2025-04-15", "2025-05-20", "2025-06-24", "2025-08-26", "2025-10-28", "2025-12-16",
                "2026-02-24", "2026-04-21", "2026-06-16", "2026-09-08",
            )),
            "other_services": ("示教服", (
                "2025-02-18", "2025-05-27", "2025-07-08", "2025-09-02", "2025-11-18",
                "2026-03-03", "2026-05-12",
            )),
            "penalty": ("示教罚", (
                "2025-09-16",
                "2026-06-09",
            )),
        },
        fees=(
            ("普通高中学费", 2025, "1860000.00"),
            ("普通高中住宿费", 2025, "412500.00"),
        ),
        procurements=(
            ("示例市中小学智慧教室设备采购", "2025-07-15", "268.40"),
            ("示例市校园安防监控系统升级项目", "2026-04-20", "96.75"),
        ),
    ),
    "county": Registers(
        documents=(
            Document(NORMATIVE, "示县政规〔2023〕1号", "示例县农村集体经营性建设用地入市管理暂行办法", "2023-10-09", "2023-10-16", repealed="2025-10-09", reason="暂行办法有效期（两年）届满"),
            Document(NORMATIVE, "示县政规〔2025〕1号", "示例县城乡居民医疗救助实施办法", "2025-07-07", "2025-07-14", repealed="2026-04-30", reason="《示例市医疗保障救助办法》施行，本办法不再适用"),
            Document(NORMATIVE, "示县政规〔2026〕1号", "示例县农村人居环境整治长效管护办法", "2026-03-09", "2026-03-16"),
        ),
    ),
    "ct": Registers(
        documents=(
            Document(NORMATIVE, "示县文旅规〔2023〕1号", "示例县旅游景区安全管理办法", "2023-06-12", "2023-06-19"),
            Document(NORMATIVE, "示县文旅规〔2025〕1号", "示例县非物质文化遗产保护专项资金管理办法", "2025-03-17", "2025-03-24"),
            Document(NORMATIVE, "示县文旅规〔2025〕2号", "示例县网吧和娱乐场所日常监管规定", "2025-09-08", "2025-09-15"),
            Document(NORMATIVE, "示县文旅规〔2026〕1号", "示例县旅游民宿管理办法", "2026-04-13", "2026-04-20"),
        ),
        cleanups=(
            Campaign("2025年度文化和旅游行政规范性文件清理", "2025-12-12", "2025-12-19", (
                ("示县文旅规〔2023〕1号", AMENDED),
                ("示县文旅规〔2025〕1号", KEPT),
                ("示县文旅规〔2025〕2号", KEPT),
            )),
        ),
        matters=(
            Listing("license", "营业性演出审批"),
            Listing("license", "娱乐场所从事娱乐场所经营活动审批"),
            Listing("license", "旅行社设立许可"),
            Listing("license", "互联网上网服务营业场所经营单位设立审批"),
            Listing("other_services", "文物保护单位保护范围内其他建设工程审核转报"),
            Listing("penalty", "违反娱乐场所管理条例的处罚"),
            Listing("penalty", "违反旅游法的处罚"),
            Listing("coercion", "查封、扣押违法经营的演出器材"),
        ),
        decisions={
            "license": ("示县文旅许", (
                "2025-02-11", "2025-04-22", "2025-06-10", "2025-08-19", "2025-11-04",
                "2026-03-17",
            )),
            "penalty": ("示县文旅罚", (
                "2025-05-27", "2025-10-14",
                "2026-05-19",
            )),
            "coercion": ("示县文旅强", (
                "2025-05-26",
            )),
        },
        procurements=(
            ("示例县2025年文化惠民演出服务采购", "2025-03-25", "38.00"),
            ("示例县图书馆数字资源采购", "2026-05-11", "22.50"),
        ),
    ),
    "mr": Registers(
        documents=(
            Document(NORMATIVE, "示县市监规〔2024〕1号", "示例县农贸市场计量监督管理办法", "2024-08-12", "2024-08-19"),
            Document(NORMATIVE, "示县市监规〔2025〕1号", "示例县小作坊、小餐饮、食品摊贩登记管理办法", "2025-05-12", "2025-05-19"),
            Document(NORMATIVE, "示县市监规〔2026〕1号", "示例县电动自行车销售和维修监督管理规定", "2026-06-08", "2026-06-15"),
        ),
        cleanups=(
            Campaign("2026年第一季度市场监管行政规范性文件清理", "2026-03-27", "2026-04-03", (
                ("示县市监规〔2024〕1号", KEPT),
                ("示县市监规〔2025〕1号", AMENDED),
            )),
        ),
        matters=(
            Listing("license", "食品经营许可"),
            Listing("license", "食品小作坊登记"),
            Listing("license", "特种设备使用登记"),
            Listing("license", "计量标准器具核准", delisted="2025-11-03"),
            Listing("other_services", "个体工商户登记"),
            Listing("other_services", "企业登记注册"),
            Listing("penalty", "违反食品安全法的处罚"),
            Listing("penalty", "违反价格法的处罚"),
            Listing("penalty", "违反计量法的处罚"),
            Listing("coercion", "查封、扣押不符合食品安全标准的食品"),
            Listing("coercion", "查封、扣押存在严重事故隐患的特种设备"),
        ),
        decisions={
            "license": ("示县市监许", (
                "2025-01-08", "2025-02-12", "2025-03-19", "2025-04-23", "2025-05-28", "2025-06-25", "2025-07-23", "2025-09-17", "2025-10-22", "2025-12-10",
                "2026-01-14", "2026-03-11", "2026-05-13", "2026-07-15",
            )),
            "other_services": ("示县市监服", (
                "2025-01-15", "2025-03-26", "2025-06-11", "2025-08-13", "2025-10-15", "2025-12-17",
                "2026-04-15",
            )),
            "penalty": ("示县市监处罚", (
                "2025-02-26", "2025-04-16", "2025-05-21", "2025-06-18", "2025-07-16", "2025-08-20", "2025-09-03", "2025-09-10",
                "2026-02-25", "2026-06-03",
            )),
            "coercion": ("示县市监强", (
                "2025-04-15", "2025-08-19",
                "2026-06-02",
            )),
        },
        procurements=(
            ("示例县食品安全快速检测设备采购", "2025-06-20", "31.20"),
        ),
    ),
}
# fmt: on


def clerk_of(agency: Agency) -> User:
    """The agency's first 经办人 (the one who keeps its registers in the demo)."""
    membership = (
        Membership.objects.filter(agency=agency, role=Role.CLERK)
        .select_related("user")
        .order_by("user_id")
        .first()
    )
    if membership is None:
        raise LookupError(f"{agency.name} has no clerk to keep its registers")
    return membership.user


def _reference(prefix: str, day: dt.date, serial: int) -> str:
    return f"{prefix}〔{day.year}〕{serial}号"


def build(agencies: Mapping[str, Agency], today: dt.date) -> int:
    """Enter every register of REGISTERS for the agencies given (by demo key); return the rows they hold."""
    for key, registers in REGISTERS.items():
        if key in agencies:
            _enter(agencies[key], registers, today)
    return row_count(list(agencies.values()))


def _enter(agency: Agency, registers: Registers, today: dt.date) -> None:
    """Every row of one agency's registers dated up to today, register by register."""
    clerk = clerk_of(agency)
    documents = _make_documents(clerk, agency, registers, today)
    _repeal_and_clean_up(clerk, agency, registers, documents, today)
    _list_matters(clerk, agency, registers, today)
    _record_decisions(clerk, agency, registers, today)
    _record_fees(clerk, agency, registers, today)
    _record_procurements(clerk, agency, registers, today)


def _make_documents(
    clerk: User, agency: Agency, registers: Registers, today: dt.date
) -> dict[str, NormativeDocument]:
    """The documents made by today, by 文号, published if their 公开日期 has come."""
    documents: dict[str, NormativeDocument] = {}
    for spec in registers.documents:
        made = D(spec.made)
        if made > today:
            continue
        documents[spec.number] = actions.register_document(
            acting_user=clerk,
            agency=agency,
            kind=spec.kind,
            title=spec.title,
            doc_number=spec.number,
            made_on=made,
        )
        if spec.published is not None and D(spec.published) <= today:
            documents[spec.number] = actions.publish_document(
                acting_user=clerk, document=documents[spec.number], published_on=D(spec.published)
            )
    return documents


def _repeal_and_clean_up(
    clerk: User,
    agency: Agency,
    registers: Registers,
    documents: Mapping[str, NormativeDocument],
    today: dt.date,
) -> None:
    """Repeals and clean-ups in the order they were decided: a clean-up reviews what was in force that day."""
    later: list[tuple[dt.date, Callable[[], object]]] = []
    for spec in registers.documents:
        if spec.repealed is not None and spec.number in documents:
            repeal = partial(
                actions.repeal_document,
                acting_user=clerk,
                document=documents[spec.number],
                on=D(spec.repealed),
                reason=spec.reason,
            )
            later.append((D(spec.repealed), repeal))
    for campaign in registers.cleanups:
        later.append((D(campaign.decided), _cleanup(clerk, agency, campaign, documents)))
    for day, step in sorted(later, key=lambda pair: pair[0]):
        if day <= today:
            step()


def _list_matters(clerk: User, agency: Agency, registers: Registers, today: dt.date) -> None:
    for listing in registers.matters:
        listed = D(listing.listed)
        if listed > today:
            continue
        matter = actions.list_matter(
            acting_user=clerk, agency=agency, kind=listing.kind, name=listing.name, listed_from=listed
        )
        if listing.delisted is not None and D(listing.delisted) <= today:
            actions.delist_matter(acting_user=clerk, matter=matter, on=D(listing.delisted))


def _record_decisions(clerk: User, agency: Agency, registers: Registers, today: dt.date) -> None:
    """The decisions (办件) of each kind, their 文书编号 numbered from 1 in each year."""
    for kind, (prefix, dates) in registers.decisions.items():
        serials: dict[int, int] = {}
        for text in dates:
            day = D(text)
            if day > today:
                continue
            serials[day.year] = serials.get(day.year, 0) + 1
            actions.record_decision(
                acting_user=clerk,
                agency=agency,
                kind=kind,
                decided_on=day,
                reference=_reference(prefix, day, serials[day.year]),
            )


def _record_fees(clerk: User, agency: Agency, registers: Registers, today: dt.date) -> None:
    for item, year, yuan in registers.fees:
        if dt.date(year + 1, 1, 15) <= today:  # a year's takings are entered once the year is closed
            actions.record_fee_collection(
                acting_user=clerk, agency=agency, item=item, year=year, amount_yuan=Decimal(yuan)
            )


def _record_procurements(clerk: User, agency: Agency, registers: Registers, today: dt.date) -> None:
    for project, signed, wan in registers.procurements:
        if D(signed) <= today:
            actions.record_procurement(
                acting_user=clerk,
                agency=agency,
                project=project,
                year=D(signed).year,
                amount_wan=Decimal(wan),
            )


def _cleanup(
    clerk: User, agency: Agency, campaign: Campaign, documents: Mapping[str, NormativeDocument]
) -> Callable[[], object]:
    def step() -> object:
        decisions = {documents[number]: outcome for number, outcome in campaign.outcomes}
        return actions.record_cleanup(
            acting_user=clerk,
            agency=agency,
            name=campaign.name,
            decided_on=D(campaign.decided),
            published_on=D(campaign.published),
            decisions=decisions,
        )

    return step


def row_count(agencies: list[Agency]) -> int:
    """Rows the registers hold for these agencies (documents, clean-ups, matters, decisions, fees, purchases)."""
    return sum(
        model.objects.filter(agency__in=agencies).count()
        for model in (NormativeDocument, Cleanup, Matter, Decision, FeeCollection, Procurement)
    )
