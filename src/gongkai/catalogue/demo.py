"""示例数据 for the catalogue (公开目录): what each demo agency published in 2025 and 2026, and what
is on its desks today, every step taken through `gongkai.catalogue.actions`.

Each agency publishes its yearly round of notices, announcements and reports (RECURRING, one
item a year for each line) and the 规章 and 行政规范性文件 of its register (`registers.demo`),
each drafted by its clerk, signed by the four people of the default 三级联签 chain (科室负责人,
公开办 with the confidentiality review, 分管领导, 主要领导), published with its 索引号 and
released on the channels its line names; a few lines carry a generated DOCX or XLSX (ATTACHED).
Beside them: one item of each kind the workbench must show (a draft, one overdue under Art. 26,
items waiting at the first and the last step, one returned with a reason, one approved and not
yet published), and a few with a history of their own (`plan_special`): 依申请公开, 不予公开,
withdrawn, corrected, an ID number removed after the privacy check, a specimen ID number
confirmed as not personal data.

The actions stamp and check dates with the platform's today, so every step runs with today set
to the day it happened (`platform_today`); the steps of all items run in date order, so the
索引号 serials follow the publication dates. A step dated after the real today has not happened
yet: the item stays where it is, as in the applications demo.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import heapq
import io
import random
import re
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import docx
import openpyxl
from django.contrib.auth.models import User
from django.db.models import Count, Q
from django.db.models.fields.files import FieldFile

from gongkai.agencies.models import Agency, Membership, Role
from gongkai.applications.calendar import current_calendar
from gongkai.core import time as core_time
from gongkai.registers.demo import REGISTERS, Document
from gongkai.registers.models import CleanupOutcome, DocumentKind

from . import actions
from .models import Attribute, CatalogueItem, ChannelKind, Genre, LegalGround, Status, Topic, Validity
from .privacy import id_checksum_ok

# A story is a generator: it yields the day of its next step, and takes that step when resumed.
Story = Generator[dt.date, None, None]
Steps = Generator[dt.date, None, CatalogueItem]

CHANNELS = {
    "W": ChannelKind.WEBSITE,
    "X": ChannelKind.WECHAT,
    "B": ChannelKind.WEIBO,
    "D": ChannelKind.DOUYIN,
    "G": ChannelKind.BULLETIN,
}
# Working days after publication on the portal: the website and WeChat the same day, Weibo and
# Douyin the next working day, the bulletin board the one after.
RELEASE_LAG = {"W": 0, "X": 0, "B": 1, "D": 1, "G": 2}
CONFIDENTIALITY_STEP = 2  # the default chain's 公开办审核（含保密审查）


@contextlib.contextmanager
def platform_today(day: dt.date) -> Iterator[None]:
    """Let the platform's today() be `day` while a step of the past is taken (the catalogue
    actions stamp events and publication dates with it and refuse dates after it)."""
    with core_time.pinned(day):
        yield


# --- the agencies' people ------------------------------------------------------------------------


@dataclass(frozen=True)
class Crew:
    """Who drafts and who signs in one agency: the default chain needs four signers besides the drafter."""

    agency: Agency
    drafter: User
    section_head: User  # a second 经办人, head of the drafting section
    office_head: User
    deputy: User
    principal: User
    contact: str  # the office's published phone and address, flagged by the privacy check

    @property
    def signers(self) -> tuple[User, User, User, User]:
        return (self.section_head, self.office_head, self.deputy, self.principal)


CONTACTS = {
    "city": ("0999-2301000", "示例市人民路1号"),
    "nr": ("0999-2301101", "示例市建设路18号"),
    "edu": ("0999-2301102", "示例市文化路6号"),
    "county": ("0998-5201000", "示例县城关镇中山路2号"),
    "ct": ("0998-5201101", "示例县城关镇文昌路9号"),
    "mr": ("0998-5201102", "示例县城关镇解放路26号"),
}


def crew_of(key: str, agency: Agency) -> Crew:
    by_role: dict[str, list[User]] = {}
    for membership in Membership.objects.filter(agency=agency).select_related("user").order_by("user_id"):
        by_role.setdefault(membership.role, []).append(membership.user)
    try:
        drafter, section_head = by_role[Role.CLERK][:2]
        office_head = by_role[Role.OFFICE_HEAD][0]
        deputy = by_role[Role.DEPUTY_LEADER][0]
        principal = by_role[Role.PRINCIPAL_LEADER][0]
    except (KeyError, ValueError, IndexError) as error:
        raise LookupError(f"{agency.name} lacks someone for the sign-off chain") from error
    phone, address = CONTACTS[key]
    return Crew(
        agency, drafter, section_head, office_head, deputy, principal, f"联系电话：{phone}，地址：{address}。"
    )


# --- what the agencies publish -------------------------------------------------------------------

T, G = Topic, Genre

# One line a year per agency: (成文日期 MM-DD, 名称 with {year} and {prev}, 主题分类, 体裁, 有文号,
# 关键词, channels besides the portal: W website, X WeChat, B Weibo, D Douyin, G bulletin board).
Line = tuple[str, str, Topic, Genre, bool, str, str]

# fmt: off
RECURRING: dict[str, tuple[Line, ...]] = {
    "city": (
        ("01-20", "关于印发{year}年示例市政府工作报告重点工作分工方案的通知", T.GENERAL, G.NOTICE, True, "政府工作报告 分工", "WX"),
        ("02-17", "示例市{prev}年国民经济和社会发展统计公报", T.ECONOMY, G.REPORT, False, "统计公报 国民经济", "WXB"),
        ("03-10", "关于公布{year}年示例市民生实事项目的通告", T.GENERAL, G.CIRCULAR, True, "民生实事", "WXBD"),
        ("04-14", "示例市人民政府关于{prev}年度法治政府建设情况的报告", T.PUBLIC_SECURITY, G.REPORT, True, "法治政府", "W"),
        ("05-19", "关于做好{year}年防汛抗旱工作的通知", T.GENERAL, G.NOTICE, True, "防汛抗旱", "WX"),
        ("06-23", "示例市{prev}年度市级预算执行和其他财政收支的审计工作报告", T.FINANCE, G.REPORT, False, "审计 预算执行", "W"),
        ("07-21", "关于{year}年进一步优化营商环境的若干意见", T.ECONOMY, G.OPINION, True, "营商环境", "WXB"),
        ("09-15", "关于印发示例市{year}年秋冬季大气污染防治攻坚方案的通知", T.CONSTRUCTION, G.NOTICE, True, "大气污染防治", "WX"),
        ("10-20", "关于{year}年调整示例市最低工资标准的通知", T.LABOUR, G.NOTICE, True, "最低工资", "WXBD"),
        ("11-17", "关于做好{year}年冬季供暖保障工作的通知", T.CONSTRUCTION, G.NOTICE, True, "供暖 民生保障", "WXG"),
    ),
    "nr": (
        ("01-13", "关于公布示例市{year}年国有建设用地供应计划的公告", T.NATURAL_RESOURCES, G.ANNOUNCEMENT, True, "土地供应 计划", "WX"),
        ("02-24", "关于开展{year}年度耕地保护目标责任考核的通知", T.AGRICULTURE, G.NOTICE, True, "耕地保护 考核", "W"),
        ("03-17", "关于{year}年第一批次城镇建设用地批准情况的公告", T.NATURAL_RESOURCES, G.ANNOUNCEMENT, False, "建设用地 批准", "WX"),
        ("04-14", "示例市{prev}年度自然资源统计公报", T.NATURAL_RESOURCES, G.REPORT, False, "统计公报 自然资源", "WXB"),
        ("05-12", "关于做好{year}年汛期地质灾害防治工作的通知", T.PUBLIC_SECURITY, G.NOTICE, True, "地质灾害 汛期", "WXBD"),
        ("06-16", "关于公布{year}年度示例市基准地价更新成果的公告", T.NATURAL_RESOURCES, G.ANNOUNCEMENT, True, "基准地价", "WXG"),
        ("07-14", "关于{year}年第二批次城镇建设用地批准情况的公告", T.NATURAL_RESOURCES, G.ANNOUNCEMENT, False, "建设用地 批准", "WX"),
        ("08-25", "关于开展{year}年度全市卫片执法图斑核查工作的通知", T.NATURAL_RESOURCES, G.NOTICE, True, "卫片执法", "W"),
        ("10-13", "关于{year}年第三批次城镇建设用地批准情况的公告", T.NATURAL_RESOURCES, G.ANNOUNCEMENT, False, "建设用地 批准", "WX"),
        ("11-10", "关于示例市{year}年度土地征收成片开发方案（草案）的公示", T.CONSTRUCTION, G.ANNOUNCEMENT, False, "土地征收 成片开发", "WXG"),
    ),
    "edu": (
        ("01-20", "关于做好{year}年寒假期间学生安全工作的通知", T.EDUCATION, G.NOTICE, True, "寒假 学生安全", "WX"),
        ("03-03", "示例市{prev}年教育事业发展统计公报", T.EDUCATION, G.REPORT, False, "教育统计", "WXB"),
        ("04-07", "关于印发《{year}年示例市义务教育招生入学工作方案》的通知", T.EDUCATION, G.NOTICE, True, "义务教育 招生", "WXBD"),
        ("04-28", "关于公布{year}年示例市中小学教师公开招聘岗位的公告", T.LABOUR, G.ANNOUNCEMENT, False, "教师招聘", "WXB"),
        ("05-26", "关于做好{year}年普通高校招生考试工作的通知", T.EDUCATION, G.NOTICE, True, "高考 招生考试", "WX"),
        ("06-22", "关于公布示例市{year}年普通高中招生计划的公告", T.EDUCATION, G.ANNOUNCEMENT, False, "高中招生 计划", "WXBDG"),
        ("08-18", "关于做好{year}年秋季学期开学工作的通知", T.EDUCATION, G.NOTICE, True, "秋季开学", "WX"),
        ("09-08", "关于表彰{year}年度示例市优秀教师和优秀教育工作者的决定", T.EDUCATION, G.DECISION, True, "优秀教师 表彰", "WXB"),
        ("10-27", "关于公布示例市校外培训机构白名单（{year}年第二批）的公告", T.EDUCATION, G.ANNOUNCEMENT, False, "校外培训 白名单", "WXG"),
        ("11-24", "关于开展{year}年中小学校舍安全排查的通知", T.EDUCATION, G.NOTICE, True, "校舍安全", "W"),
    ),
    "county": (
        ("01-27", "关于印发示例县{year}年政务公开工作要点的通知", T.GENERAL, G.NOTICE, True, "政务公开 工作要点", "WX"),
        ("02-24", "示例县{prev}年国民经济和社会发展统计公报", T.ECONOMY, G.REPORT, False, "统计公报", "WXB"),
        ("03-24", "关于做好{year}年春耕生产工作的通知", T.AGRICULTURE, G.NOTICE, True, "春耕 粮食生产", "WXG"),
        ("04-21", "示例县人民政府关于{prev}年度法治政府建设情况的报告", T.PUBLIC_SECURITY, G.REPORT, True, "法治政府", "W"),
        ("05-26", "关于公布示例县{year}年农村公路建设计划的通告", T.TRANSPORT, G.CIRCULAR, True, "农村公路", "WXB"),
        ("06-16", "示例县{prev}年度县级预算执行和其他财政收支的审计工作报告", T.FINANCE, G.REPORT, False, "审计", "W"),
        ("07-28", "关于做好{year}年秋粮生产和收购工作的通知", T.AGRICULTURE, G.NOTICE, True, "秋粮 收购", "WX"),
        ("09-22", "关于做好{year}年国庆节期间安全生产工作的通知", T.PUBLIC_SECURITY, G.NOTICE, True, "安全生产 国庆", "WXBD"),
        ("10-27", "关于发放{year}年度城乡居民基本养老保险待遇的通告", T.LABOUR, G.CIRCULAR, False, "养老保险", "WXG"),
        ("11-24", "关于做好{year}年冬春季森林防火工作的通知", T.GENERAL, G.NOTICE, True, "森林防火", "WX"),
    ),
    "ct": (
        ("01-13", "关于做好{year}年春节期间文化和旅游市场安全工作的通知", T.CULTURE, G.NOTICE, True, "春节 市场安全", "WX"),
        ("02-17", "关于公布{year}年示例县“文化惠民”演出计划的公告", T.CULTURE, G.ANNOUNCEMENT, False, "文化惠民 演出", "WXBD"),
        ("03-24", "关于开展{year}年度非物质文化遗产代表性项目申报工作的通知", T.CULTURE, G.NOTICE, True, "非物质文化遗产 申报", "WX"),
        ("04-21", "关于做好{year}年“五一”假期文化和旅游工作的通知", T.CULTURE, G.NOTICE, True, "五一 假期", "WXB"),
        ("06-23", "关于举办{year}年示例县暑期阅读推广活动的公告", T.CULTURE, G.ANNOUNCEMENT, False, "阅读推广 图书馆", "WXBDG"),
        ("07-21", "关于开展{year}年文化市场“扫黄打非”专项行动的通知", T.PUBLIC_SECURITY, G.NOTICE, True, "扫黄打非 文化市场", "W"),
        ("08-25", "关于公布{year}年示例县旅行社经营许可名单的公告", T.CULTURE, G.ANNOUNCEMENT, False, "旅行社 许可", "WX"),
        ("09-15", "关于做好{year}年国庆假期文化和旅游工作的通知", T.CULTURE, G.NOTICE, True, "国庆 假期", "WXB"),
        ("11-17", "示例县{year}年公共文化服务体系建设情况报告", T.CULTURE, G.REPORT, False, "公共文化服务", "W"),
    ),
    "mr": (
        ("01-20", "关于做好{year}年春节期间食品安全保障工作的通知", T.MARKET, G.NOTICE, True, "食品安全 春节", "WX"),
        ("01-27", "关于{prev}年第四季度食品安全监督抽检结果的公告", T.MARKET, G.ANNOUNCEMENT, False, "食品抽检", "WXBD"),
        ("03-09", "关于开展{year}年“3·15”消费者权益保护宣传活动的通知", T.MARKET, G.NOTICE, True, "消费者权益", "WXBDG"),
        ("04-21", "关于{year}年第一季度食品安全监督抽检结果的公告", T.MARKET, G.ANNOUNCEMENT, False, "食品抽检", "WXBD"),
        ("05-12", "关于开展{year}年特种设备安全专项检查的通知", T.PUBLIC_SECURITY, G.NOTICE, True, "特种设备", "W"),
        ("06-15", "关于公布{year}年上半年示例县重要商品价格监测情况的通告", T.ECONOMY, G.CIRCULAR, False, "价格监测", "WX"),
        ("07-21", "关于{year}年第二季度食品安全监督抽检结果的公告", T.MARKET, G.ANNOUNCEMENT, False, "食品抽检", "WXBD"),
        ("09-07", "关于开展{year}年计量器具专项监督检查的通知", T.MARKET, G.NOTICE, True, "计量 监督检查", "W"),
        ("10-20", "关于{year}年第三季度食品安全监督抽检结果的公告", T.MARKET, G.ANNOUNCEMENT, False, "食品抽检", "WXBD"),
        ("11-10", "关于公布{year}年度示例县“守合同重信用”企业名单的公告", T.MARKET, G.ANNOUNCEMENT, False, "守合同重信用", "WXG"),
    ),
}
# fmt: on
# Each year the third line of every agency is sent back once by the 公开办 before it goes out.
RETURNED_LINE = 2
RETURN_REASON = "请补充政策解读要点，并核对成文日期和文号后重新送审"

# On the desks today, for every agency, in this order: a fresh draft, a draft overdue under Art. 26,
# one waiting for the first signature, one waiting for the last with the deadline close, one sent
# back, one approved and not yet published. (名称, 主题分类, 体裁, 关键词)
Desk = tuple[str, Topic, Genre, str]
# fmt: off
DESKS: dict[str, tuple[Desk, ...]] = {
    "city": (
        ("关于印发示例市{year}年重点项目建设计划调整方案的通知", T.ECONOMY, G.NOTICE, "重点项目"),
        ("关于{year}年政务服务“好差评”情况的通报", T.GENERAL, G.OTHER, "好差评 政务服务"),
        ("关于成立示例市城市更新工作领导小组的通知", T.CONSTRUCTION, G.NOTICE, "城市更新"),
        ("关于公布第三批示例市级非物质文化遗产代表性项目名录的通知", T.CULTURE, G.NOTICE, "非物质文化遗产"),
        ("关于加强城市道路挖掘管理的通告", T.CONSTRUCTION, G.CIRCULAR, "道路挖掘"),
        ("关于{year}年市本级政府性基金预算调整情况的报告", T.FINANCE, G.REPORT, "预算调整"),
    ),
    "nr": (
        ("关于{year}年第四批次城镇建设用地批准情况的公告", T.NATURAL_RESOURCES, G.ANNOUNCEMENT, "建设用地"),
        ("关于开展违法占用耕地建房专项整治的通知", T.AGRICULTURE, G.NOTICE, "耕地 专项整治"),
        ("关于公布示例市历史文化街区保护规划的公告", T.CONSTRUCTION, G.ANNOUNCEMENT, "历史文化街区"),
        ("关于做好{year}年度不动产登记“跨省通办”工作的通知", T.NATURAL_RESOURCES, G.NOTICE, "不动产登记"),
        ("关于示例市城北片区控制性详细规划修改的公示", T.CONSTRUCTION, G.ANNOUNCEMENT, "控制性详细规划"),
        ("示例市{year}年上半年自然资源执法监督情况报告", T.NATURAL_RESOURCES, G.REPORT, "执法监督"),
    ),
    "edu": (
        ("关于做好{year}年中小学生暑期托管服务工作的通知", T.EDUCATION, G.NOTICE, "暑期托管"),
        ("关于开展{year}年度中小学教辅材料使用情况检查的通知", T.EDUCATION, G.NOTICE, "教辅材料"),
        ("关于公布{year}年示例市义务教育学校招生范围的公告", T.EDUCATION, G.ANNOUNCEMENT, "招生范围"),
        ("关于加强中小学生心理健康教育的意见", T.HEALTH, G.OPINION, "心理健康"),
        ("关于{year}年示例市学前教育资助资金分配的公示", T.FINANCE, G.ANNOUNCEMENT, "学前教育 资助"),
        ("示例市{year}年上半年教育督导工作情况报告", T.EDUCATION, G.REPORT, "教育督导"),
    ),
    "county": (
        ("关于做好{year}年秋季农作物病虫害防控工作的通知", T.AGRICULTURE, G.NOTICE, "病虫害防控"),
        ("关于{year}年示例县重点民生项目进展情况的通报", T.GENERAL, G.OTHER, "民生项目"),
        ("关于调整示例县城乡居民最低生活保障标准的通知", T.LABOUR, G.NOTICE, "最低生活保障"),
        ("关于印发示例县农村供水工程运行管理办法的通知", T.AGRICULTURE, G.NOTICE, "农村供水"),
        ("关于示例县{year}年度征地补偿标准的公告", T.NATURAL_RESOURCES, G.ANNOUNCEMENT, "征地补偿"),
        ("示例县{year}年上半年政务公开工作情况报告", T.GENERAL, G.REPORT, "政务公开"),
    ),
    "ct": (
        ("关于开展{year}年示例县乡村文化振兴示范村评选的通知", T.CULTURE, G.NOTICE, "乡村文化振兴"),
        ("关于公布示例县第五批县级文物保护单位名单的公告", T.CULTURE, G.ANNOUNCEMENT, "文物保护单位"),
        ("关于加强旅游景区节假日客流管理的通知", T.CULTURE, G.NOTICE, "景区 客流管理"),
        ("关于{year}年示例县全民健身运动会赛事安排的公告", T.CULTURE, G.ANNOUNCEMENT, "全民健身"),
        ("关于开展{year}年A级旅游景区动态复核的通知", T.CULTURE, G.NOTICE, "A级景区 复核"),
        ("示例县{year}年上半年文化市场综合执法情况报告", T.CULTURE, G.REPORT, "综合执法"),
    ),
    "mr": (
        ("关于开展{year}年校园及周边食品安全专项检查的通知", T.MARKET, G.NOTICE, "校园食品安全"),
        ("关于开展{year}年电动自行车产品质量专项整治的通知", T.MARKET, G.NOTICE, "电动自行车"),
        ("关于公布{year}年示例县放心消费示范单位名单的公告", T.MARKET, G.ANNOUNCEMENT, "放心消费"),
        ("关于加强燃气器具和配件质量监管的通告", T.PUBLIC_SECURITY, G.CIRCULAR, "燃气器具"),
        ("关于{year}年示例县农贸市场计量专项检查结果的公告", T.MARKET, G.ANNOUNCEMENT, "计量检查"),
        ("示例县{year}年上半年市场主体发展情况报告", T.ECONOMY, G.REPORT, "市场主体"),
    ),
}
# fmt: on

DOC_PREFIX = {
    "city": "示政发",
    "nr": "示自然资发",
    "edu": "示教发",
    "county": "示县政发",
    "ct": "示县文旅发",
    "mr": "示县市监发",
}
HOME_TOPIC = {
    "city": T.GENERAL,
    "nr": T.NATURAL_RESOURCES,
    "edu": T.EDUCATION,
    "county": T.GENERAL,
    "ct": T.CULTURE,
    "mr": T.MARKET,
}
ADDRESSEES = {
    "city": "各区人民政府，市政府各部门，各有关单位：",
    "nr": "各区自然资源分局，局属各单位：",
    "edu": "各区教育局，市直各学校：",
    "county": "各乡镇人民政府，县政府各部门：",
    "ct": "各乡镇综合文化站，县直有关单位：",
    "mr": "各市场监督管理所，局机关各股室：",
}
# Sentences the bodies are put together from, one agency's way of putting things.
POINTS = {
    "city": (
        "各地各部门要把这项工作摆上重要议事日程，主要负责同志亲自抓，分管负责同志具体抓。",
        "要细化任务分工，明确责任单位和完成时限，确保各项措施落到实处。",
        "市政府督查室将把落实情况纳入年度督查重点，定期通报进展。",
        "要加强政策解读和舆论引导，及时回应社会关切。",
        "所需经费按现行财政体制分级负担，市财政予以适当补助。",
    ),
    "nr": (
        "各单位要严格落实耕地保护和节约集约用地制度，守住耕地保护红线。",
        "要加强国土空间规划实施监督，确保各类开发建设活动符合规划管控要求。",
        "要强化自然资源执法监管，对发现的违法违规问题依法依规处理。",
        "要按时报送工作进展情况，遇有重大问题及时请示报告。",
        "要加强政策宣传解读，主动接受社会监督。",
    ),
    "edu": (
        "各区各校要高度重视，成立工作专班，层层压实责任。",
        "要严格执行招生、收费等各项政策规定，坚决杜绝违规行为。",
        "要加强家校沟通，通过家长会、致家长的一封信等方式做好宣传。",
        "市教育局将适时开展督导检查，检查结果纳入年度考核。",
        "要做好安全隐患排查，确保师生人身安全和校园稳定。",
    ),
    "county": (
        "各乡镇、各部门要提高思想认识，加强组织领导，确保工作取得实效。",
        "要坚持问题导向，建立工作台账，逐项销号管理。",
        "县政府将把工作开展情况纳入年度目标责任考核。",
        "要加强部门协作，形成工作合力。",
        "要注重总结经验，及时报送工作信息。",
    ),
    "ct": (
        "各单位要落实安全生产责任，加强对旅游景区、演出场所的安全检查。",
        "要丰富文化产品供给，满足群众多样化的精神文化需求。",
        "要加强文化市场执法，依法查处违法违规经营行为。",
        "要做好宣传推广，提升示例县文化和旅游品牌影响力。",
        "遇有突发事件，要立即启动应急预案并按规定报告。",
    ),
    "mr": (
        "各所要落实属地监管责任，加大对重点区域、重点品种的监督检查力度。",
        "对检查中发现的问题，要责令限期整改，依法查处违法行为。",
        "要畅通投诉举报渠道，及时受理和处置消费者投诉。",
        "要加强对经营者的行政指导，督促落实主体责任。",
        "检查结果将依法向社会公布，接受社会监督。",
    ),
}
ANNOUNCE_GENRES = (Genre.ANNOUNCEMENT, Genre.CIRCULAR, Genre.OTHER)


# --- attachments: a few lines go out with a table, as a DOCX or an XLSX made here -------------------


def _docx(title: str, lead: str, rows: Sequence[Sequence[str]]) -> bytes:
    document = docx.Document()
    document.add_heading(title, level=1)
    document.add_paragraph(lead)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _xlsx(sheet: str, rows: Sequence[Sequence[object]]) -> bytes:
    book = openpyxl.Workbook()
    grid = book.active
    assert grid is not None
    grid.title = sheet
    for row in rows:
        grid.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _projects(year: int) -> tuple[str, bytes]:
    rows = [
        ("序号", "项目名称", "牵头单位", "完成时限"),
        ("1", "新建和改造城市口袋公园10个", "市住房和城乡建设局", f"{year}年10月"),
        ("2", "改造老旧小区30个", "市住房和城乡建设局", f"{year}年11月"),
        ("3", "新增公办幼儿园学位1200个", "市教育局", f"{year}年9月"),
        ("4", "为65岁以上老年人免费健康体检", "市卫生健康委员会", f"{year}年12月"),
        ("5", "新增城市公共停车泊位2000个", "市城市管理局", f"{year}年12月"),
    ]
    title = f"{year}年示例市民生实事项目清单"
    return f"{title}.docx", _docx(title, "以下项目由牵头单位负责组织实施，完成情况向社会公布。", rows)


def _land_prices(year: int) -> tuple[str, bytes]:
    step = year - 2025  # prices move a little each year
    rows: list[list[object]] = [
        ["土地级别", "商服用地（元/平方米）", "住宅用地（元/平方米）", "工业用地（元/平方米）"]
    ]
    for n, grade in enumerate(("一级", "二级", "三级", "四级", "五级")):
        rows.append(
            [grade, 6800 - 1100 * n + 120 * step, 5200 - 850 * n + 90 * step, 620 - 60 * n + 10 * step]
        )
    return f"示例市{year}年度基准地价表.xlsx", _xlsx("基准地价", rows)


def _school_places(year: int) -> tuple[str, bytes]:
    schools = ("示例市第一中学", "示例市第二中学", "示例市实验中学", "示例市第四中学", "示例市外国语学校")
    rows: list[list[object]] = [["学校", "招生计划（人）", "其中：指标到校（人）"]]
    for n, school in enumerate(schools):
        places = 600 - 60 * n + 20 * (year - 2025)
        rows.append([school, places, places // 2])
    return f"示例市{year}年普通高中招生计划表.xlsx", _xlsx("招生计划", rows)


def _food_samples(year: int) -> tuple[str, bytes]:
    rows: list[list[object]] = [["序号", "食品名称", "被抽样单位", "检验结果"]]
    samples = (
        ("鲜鸡蛋", "示例县万家福超市", "合格"),
        ("小麦粉", "示例县惠民粮油店", "合格"),
        ("豆腐", "示例县东关农贸市场某摊位", "不合格（大肠菌群超标）"),
        ("食用植物油", "示例县华联超市", "合格"),
        ("饮用纯净水", "示例县清泉饮品有限公司", "合格"),
    )
    for n, (food, seller, result) in enumerate(samples, start=1):
        rows.append([n, food, seller, result])
    return f"{year}年第一季度食品安全监督抽检结果.xlsx", _xlsx("抽检结果", rows)


def _reading_events(year: int) -> tuple[str, bytes]:
    rows = [
        ("日期", "活动", "地点"),
        (f"{year}年7月5日", "暑期阅读推广启动仪式", "示例县图书馆报告厅"),
        (f"{year}年7月12日", "少儿绘本共读会", "示例县图书馆少儿阅览室"),
        (f"{year}年7月26日", "非遗故事分享会", "示例县文化馆"),
        (f"{year}年8月9日", "“书香家庭”评选展示", "示例县图书馆"),
    ]
    title = f"{year}年示例县暑期阅读推广活动安排"
    return f"{title}.docx", _docx(title, "活动免费参加，名额有限，请提前预约。", rows)


# (agency, line of RECURRING) -> the file that goes out with it, for the year
ATTACHED: dict[tuple[str, int], Callable[[int], tuple[str, bytes]]] = {
    ("city", 2): _projects,
    ("nr", 5): _land_prices,
    ("edu", 5): _school_places,
    ("mr", 3): _food_samples,
    ("ct", 4): _reading_events,
}


# --- fields of an item ---------------------------------------------------------------------------


@dataclass
class Plan:
    """One item as it will be drafted (the fields of create_draft) and where it will go out."""

    key: str
    title: str
    topic: str
    genre: str
    written: dt.date
    keywords: str
    numbered: bool = False
    channels: str = ""
    doc_number: str = ""
    summary: str = ""
    body: str = ""
    attachments: list[tuple[str, bytes]] = field(default_factory=list)  # (file name, content)

    def fields(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "topic": self.topic,
            "genre": self.genre,
            "written_on": self.written,
            "doc_number": self.doc_number,
            "keywords": self.keywords,
            "summary": self.summary,
            "body": self.body,
        }


_SUBJECT = re.compile(r"(?:.*?)关于(.+?)的(?:通知|公告|通告|意见|决定|报告|公示|通报|若干意见)")


def _subject(title: str) -> str:
    """What a title is about: 关于公布X的公告 -> X."""
    found = _SUBJECT.fullmatch(title)
    return found.group(1).removeprefix("公布") if found else title


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def specimen_id_number(born: dt.date, sequence: int) -> str:
    """A made-up resident ID number (fictional area code 990101) whose check character is valid."""
    body = f"990101{born:%Y%m%d}{sequence:03d}"
    return next(body + check for check in "0123456789X" if id_checksum_ok(body + check))


class _Catalogue:
    def __init__(self, crews: Mapping[str, Crew], seed: int, today: dt.date) -> None:
        self.crews = crews
        self.rng = random.Random(seed)
        self.today = today
        self.calendar = current_calendar()
        self.plans: list[Plan] = []
        self.stories: list[Story] = []
        self.stored: list[FieldFile] = []  # attachment files written, to delete if the demo fails

    def tell(self, plan: Plan, story: Story) -> None:
        """Plan a story (its generator runs nothing until `run` asks for its first step)."""
        self.plans.append(plan)
        self.stories.append(story)

    # days

    def workday(self, day: dt.date) -> dt.date:
        return day if self.calendar.is_working_day(day) else self.calendar.add_working_days(day, 1)

    def after(self, day: dt.date, n: int) -> dt.date:
        return self.calendar.add_working_days(day, n)

    def working_days_ago(self, n: int) -> dt.date:
        day, left = self.today, n
        while left:
            day -= dt.timedelta(days=1)
            if self.calendar.is_working_day(day):
                left -= 1
        return day

    # texts

    def write(self, plan: Plan) -> Plan:
        """The summary and the body, put together from the agency's sentences."""
        crew, genre = self.crews[plan.key], Genre(plan.genre)
        subject = _subject(plan.title)
        place = "本县" if plan.key in ("county", "ct", "mr") else "本市"
        points = self.rng.sample(POINTS[plan.key], 3)
        numerals = "一二三"
        words = "、".join(plan.keywords.split())
        paragraphs: list[str] = []
        if genre in (Genre.NOTICE, Genre.OPINION, Genre.DECISION):
            paragraphs.append(ADDRESSEES[plan.key])
            verb = {Genre.NOTICE: "通知如下", Genre.OPINION: "提出如下意见", Genre.DECISION: "决定如下"}[
                genre
            ]
            paragraphs.append(f"根据有关法律法规和上级部署，结合{place}实际，现就{subject}有关事项{verb}。")
            closing = {Genre.NOTICE: "特此通知。", Genre.OPINION: "", Genre.DECISION: "特此决定。"}[genre]
        elif genre is Genre.REPORT:
            paragraphs.append(f"现将{subject}报告如下。")
            closing = ""
        else:
            paragraphs.append(f"根据有关规定，现将{subject}有关事项公布如下。")
            closing = "特此公告。" if genre is Genre.ANNOUNCEMENT else ""
        paragraphs += [f"{numerals[n]}、{point}" for n, point in enumerate(points)]
        if genre in ANNOUNCE_GENRES:
            paragraphs.append(f"如有疑问，请在工作日与我单位联系。{crew.contact}")
        if closing:
            paragraphs.append(closing)
        paragraphs += [crew.agency.name, cn_date(plan.written)]
        plan.summary = f"本{genre.label if genre is not Genre.OTHER else '文'}就{subject}有关事项作出说明，主要涉及{words}。"
        plan.body = "\n\n".join(paragraphs)
        return plan

    # the steps of a story, each yielding the day it is taken on

    def draft(self, plan: Plan, day: dt.date) -> Steps:
        yield day
        crew = self.crews[plan.key]
        return actions.create_draft(acting_user=crew.drafter, agency=crew.agency, **plan.fields())

    def submit(self, plan: Plan, item: CatalogueItem, day: dt.date) -> Steps:
        yield day
        return actions.submit_for_review(acting_user=self.crews[plan.key].drafter, item=item)

    def sign(
        self,
        plan: Plan,
        item: CatalogueItem,
        days: Sequence[dt.date],
        *,
        attribute: str = Attribute.PROACTIVE,
        ground: str = "",
        ground_text: str = "",
        confirm: Sequence[str] = (),
        reason: str = "",
    ) -> Steps:
        """Sign the steps of the chain in order, one on each of `days` (as many steps as days).

        At the confidentiality review, the flags the privacy check raises on the office's own
        phone and address (and any text in `confirm`) are confirmed as not personal data."""
        crew = self.crews[plan.key]
        for number, (signer, day) in enumerate(zip(crew.signers, days, strict=False), start=1):
            yield day
            review: dict[str, Any] = {}
            if number == CONFIDENTIALITY_STEP:
                flags = [flag for _label, flag in actions.privacy_flags(item)]
                review = {
                    "attribute": attribute,
                    "legal_ground": ground
                    or (LegalGround.ART19 if plan.genre in ANNOUNCE_GENRES else LegalGround.ART20),
                    "legal_ground_text": ground_text,
                    "confirmed_not_personal": [
                        f.key
                        for f in flags
                        if f.text in crew.contact or any(f.text in text for text in confirm)
                    ],
                    "reason": reason,
                }
            item = actions.approve_step(acting_user=signer, item=item, step=number, **review)
        return item

    def send_back(self, plan: Plan, item: CatalogueItem, day: dt.date, reason: str) -> Steps:
        yield day
        return actions.return_to_drafter(
            acting_user=self.crews[plan.key].office_head, item=item, reason=reason
        )

    def revise(self, plan: Plan, item: CatalogueItem, day: dt.date, **changes: Any) -> Steps:
        yield day
        drafter = self.crews[plan.key].drafter
        item = actions.edit_draft(acting_user=drafter, item=item, **changes)
        return actions.submit_for_review(acting_user=drafter, item=item)

    def publish(self, plan: Plan, item: CatalogueItem, day: dt.date) -> Steps:
        yield day
        drafter = self.crews[plan.key].drafter
        item = actions.publish(acting_user=drafter, item=item)
        for code in plan.channels:
            on = self.after(day, RELEASE_LAG[code])
            yield on
            actions.record_release(acting_user=drafter, item=item, channel=CHANNELS[code], released_on=on)
        return item

    def days(self, first: dt.date, n: int, last: dt.date | None = None) -> list[dt.date]:
        """n working days after `first`, none after `last`."""
        found = [self.after(first, k) for k in range(1, n + 1)]
        return [min(day, last) for day in found] if last else found

    # stories

    def published(self, plan: Plan, *, sent_back: bool = False) -> Story:
        """Drafted on its 成文日期, signed on the next four working days (after being sent back
        once, if so), published the day after and released on its channels."""
        day = plan.written
        item = yield from self.draft(plan, day)
        for name, content in plan.attachments:
            yield day
            self.stored.append(
                actions.add_attachment(
                    acting_user=self.crews[plan.key].drafter, item=item, filename=name, content=content
                ).file
            )
        item = yield from self.submit(plan, item, day)
        if sent_back:
            item = yield from self.sign(plan, item, self.days(day, 1))
            item = yield from self.send_back(plan, item, self.after(day, 2), RETURN_REASON)
            day = self.after(day, 3)
            signature = f"\n\n{self.crews[plan.key].agency.name}\n\n"
            explanation = "\n\n政策解读：本文件是对现行政策的细化落实，不新设审批事项，不增加群众和企业负担。"
            explained = plan.body.replace(signature, explanation + signature, 1)
            item = yield from self.revise(plan, item, day, body=explained)
        item = yield from self.sign(plan, item, self.days(day, 4))
        yield from self.publish(plan, item, self.after(day, 5))

    def document(self, plan: Plan, published: dt.date, repealed: dt.date | None, note: str) -> Story:
        """A 规章 or 规范性文件 of the register: published on the day the register says, marked
        废止 (a correction with the reason) on the day it is repealed."""
        item = yield from self.draft(plan, plan.written)
        item = yield from self.submit(plan, item, plan.written)
        item = yield from self.sign(plan, item, self.days(plan.written, 4, last=published))
        item = yield from self.publish(plan, item, published)
        if repealed is not None:
            yield repealed
            actions.correct_published(
                acting_user=self.crews[plan.key].drafter,
                item=item,
                reason=f"本文件已于{cn_date(repealed)}废止：{note}",
                validity=Validity.REPEALED,
            )

    # the plan of everything

    def plan_year(self, key: str, year: int) -> None:
        for n, (when, title, topic, genre, numbered, keywords, channels) in enumerate(RECURRING[key]):
            plan = Plan(
                key,
                title.format(year=year, prev=year - 1),
                topic,
                genre,
                self.workday(dt.date.fromisoformat(f"{year}-{when}")),
                keywords,
                numbered=numbered,
                channels=channels,
            )
            self.write(plan)
            if (key, n) in ATTACHED:
                plan.attachments.append(ATTACHED[(key, n)](year))
            self.tell(plan, self.published(plan, sent_back=n == RETURNED_LINE))

    def number(self) -> None:
        """文号 for the numbered items drafted by today: each agency's serials run in 成文日期 order."""
        serials: dict[tuple[str, int], int] = {}
        numbered = [p for p in self.plans if p.numbered and p.written <= self.today]
        for plan in sorted(numbered, key=lambda p: p.written):
            serials[(plan.key, plan.written.year)] = serial = (
                serials.get((plan.key, plan.written.year), 0) + 1
            )
            plan.doc_number = f"{DOC_PREFIX[plan.key]}〔{plan.written.year}〕{serial}号"

    def plan_documents(self, key: str) -> None:
        registers = REGISTERS.get(key)
        if registers is None:
            return
        invalid = {
            number: campaign
            for campaign in registers.cleanups
            for number, outcome in campaign.outcomes
            if outcome == CleanupOutcome.INVALID
        }
        for document in registers.documents:
            if document.published is None or dt.date.fromisoformat(document.published).year not in (
                2025,
                2026,
            ):
                continue
            repealed, note = _repeal_of(document, invalid)
            plan = self.document_plan(key, document)
            self.tell(plan, self.document(plan, dt.date.fromisoformat(document.published), repealed, note))

    def document_plan(self, key: str, document: Document) -> Plan:
        rules = document.kind == DocumentKind.RULES
        genre = Genre.MEASURES if document.title.endswith("办法") else Genre.PROVISIONS
        made = dt.date.fromisoformat(document.made)
        name = "本规章" if rules else ("本办法" if genre is Genre.MEASURES else "本规定")
        subject = (
            document.title.removeprefix("示例市")
            .removeprefix("示例县")
            .removesuffix("办法")
            .removesuffix("规定")
        )
        place = "本县" if key in ("county", "ct", "mr") else "本市"
        articles = (
            f"第一条　为了加强和规范{subject}工作，根据有关法律、法规和上级规定，结合{place}实际，制定{name}。",
            f"第二条　{place}行政区域内的{subject}活动，适用{name}。",
            f"第三条　{self.crews[key].agency.name}负责{name}的组织实施，有关部门按照各自职责做好相关工作。",
            f"第四条　违反{name}规定的，由有关部门依照有关法律、法规的规定处理。",
            f"第五条　{name}自{cn_date(made + dt.timedelta(days=30))}起施行。",
        )
        plan = Plan(
            key,
            document.title,
            HOME_TOPIC[key],
            genre,
            made,
            f"{'规章' if rules else '行政规范性文件'} {subject}",
            doc_number=document.number,
            channels="WX",
            summary=f"《{document.title}》（{document.number}）全文。",
            body="\n\n".join((*articles, self.crews[key].agency.name, cn_date(made))),
        )
        return plan

    def plan_desk(self, key: str) -> None:
        """Work in hand today, dated back from today in working days."""
        year = self.today.year
        stories = (
            self.desk_draft,
            self.desk_overdue,
            self.desk_first,
            self.desk_last,
            self.desk_returned,
            self.desk_approved,
        )
        written = (2, 25, 4, 18, 6, 5)
        for (title, topic, genre, keywords), story, ago in zip(DESKS[key], stories, written, strict=True):
            plan = Plan(key, title.format(year=year), topic, genre, self.working_days_ago(ago), keywords)
            plan.numbered = genre in (Genre.NOTICE, Genre.OPINION)
            self.tell(self.write(plan), story(plan))

    def desk_draft(self, plan: Plan) -> Story:
        yield from self.draft(plan, self.working_days_ago(1))

    def desk_overdue(self, plan: Plan) -> Story:
        # Drafted and left: its 20 working days from 成文日期 ran out three working days ago.
        yield from self.draft(plan, self.working_days_ago(23))

    def desk_first(self, plan: Plan) -> Story:
        item = yield from self.draft(plan, self.working_days_ago(3))
        yield from self.submit(plan, item, self.working_days_ago(2))

    def desk_last(self, plan: Plan) -> Story:
        # Three signatures; the 主要领导 has two working days left to sign before Art. 26's limit.
        item = yield from self.draft(plan, self.working_days_ago(17))
        item = yield from self.submit(plan, item, self.working_days_ago(16))
        yield from self.sign(plan, item, [self.working_days_ago(n) for n in (15, 14, 13)])

    def desk_returned(self, plan: Plan) -> Story:
        item = yield from self.draft(plan, self.working_days_ago(5))
        item = yield from self.submit(plan, item, self.working_days_ago(4))
        item = yield from self.sign(plan, item, [self.working_days_ago(3)])
        yield from self.send_back(
            plan, item, self.working_days_ago(2), "文中引用的上级文件已修订，请按新文件核对有关表述后重新送审"
        )

    def desk_approved(self, plan: Plan) -> Story:
        item = yield from self.draft(plan, self.working_days_ago(5))
        item = yield from self.submit(plan, item, self.working_days_ago(5))
        yield from self.sign(plan, item, [self.working_days_ago(n) for n in (4, 3, 2, 1)])

    # items with a history of their own (all in 2025)

    def plan_special(self) -> None:
        d = dt.date
        on_request = Plan(
            "nr",
            "示例市城东片区集体土地征收社会稳定风险评估报告",
            T.NATURAL_RESOURCES,
            G.REPORT,
            d(2025, 6, 9),
            "土地征收 风险评估",
        )
        self.tell(self.write(on_request), self.on_request(on_request))
        withheld = Plan(
            "mr",
            "示例县食品安全突发事件应急处置内部工作规程",
            T.MARKET,
            G.PROVISIONS,
            d(2025, 8, 11),
            "应急处置 内部规程",
        )
        self.tell(self.write(withheld), self.withheld(withheld))
        listing = Plan(
            "edu",
            "关于2025年示例市中小学教师公开招聘拟聘用人员名单的公示",
            T.LABOUR,
            G.ANNOUNCEMENT,
            d(2025, 7, 1),
            "教师招聘 拟聘用",
            channels="WX",
        )
        self.tell(self.write(listing), self.withdrawn(listing))
        ranking = Plan(
            "ct",
            "关于公布示例县2024年度A级旅游景区复核结果的公告",
            T.CULTURE,
            G.ANNOUNCEMENT,
            d(2025, 5, 19),
            "A级旅游景区 复核",
            channels="WXBD",
        )
        self.tell(self.write(ranking), self.corrected(ranking))
        penalty = Plan(
            "mr",
            "示例县市场监督管理局行政处罚决定书（示县市监处罚〔2025〕8号）",
            T.MARKET,
            G.DECISION,
            d(2025, 9, 10),
            "行政处罚 食品安全",
            doc_number="示县市监处罚〔2025〕8号",
            channels="W",
        )
        self.tell(penalty, self.id_removed(penalty))
        guide = Plan(
            "city",
            "示例市政务服务个人事项网上办理操作指南",
            T.GENERAL,
            G.OTHER,
            d(2025, 3, 3),
            "政务服务 网上办理 操作指南",
            channels="WXBD",
        )
        self.tell(self.write(guide), self.specimen_confirmed(guide))

    def on_request(self, plan: Plan) -> Story:
        """Fixed as 依申请公开 at the confidentiality review: listed in the catalogue, not released."""
        item = yield from self.draft(plan, plan.written)
        item = yield from self.submit(plan, item, plan.written)
        item = yield from self.sign(
            plan,
            item,
            self.days(plan.written, 4),
            attribute=Attribute.ON_REQUEST,
            ground=LegalGround.ART15,
            ground_text="报告载有被征收户家庭成员、收入和住房等第三方信息，依申请公开时须征求第三方意见并作区分处理"
            "（《条例》第十五条、第三十二条）",
        )
        yield from self.publish(plan, item, self.after(plan.written, 5))

    def withheld(self, plan: Plan) -> Story:
        """Fixed as 不予公开: signed through the chain, never published."""
        item = yield from self.draft(plan, plan.written)
        item = yield from self.submit(plan, item, plan.written)
        yield from self.sign(
            plan,
            item,
            self.days(plan.written, 4),
            attribute=Attribute.WITHHELD,
            ground=LegalGround.ART16,
            ground_text="属于本机关内部管理制度，仅在系统内部使用（《条例》第十六条第一款），不予公开",
        )

    def withdrawn(self, plan: Plan) -> Story:
        """Published, withdrawn two working days later with the reason, published again corrected."""
        yield from self.published(plan)
        published = self.after(plan.written, 5)
        yield self.after(published, 2)
        item = CatalogueItem.objects.get(agency=self.crews[plan.key].agency, title=plan.title)
        actions.withdraw(
            acting_user=self.crews[plan.key].office_head,
            item=item,
            reason="名单中一名拟聘用人员的报考岗位录入有误，撤回核实后重新公示",
        )
        again = replace(plan, title=plan.title + "（更正后重新发布）", written=self.after(published, 2))
        yield from self.published(again)

    def corrected(self, plan: Plan) -> Story:
        """Published with a wrong grade, corrected with the reason (the 索引号 stays)."""
        listing = "桃花谷景区（AAAA级）、青龙山景区（AAA级）、古城文化街区（AA级）通过复核，保留等级。"
        plan.body = plan.body.replace("\n\n一、", f"\n\n{listing}\n\n一、", 1)
        yield from self.published(plan)
        day = self.after(plan.written, 7)
        yield day
        item = CatalogueItem.objects.get(agency=self.crews[plan.key].agency, title=plan.title)
        actions.correct_published(
            acting_user=self.crews[plan.key].drafter,
            item=item,
            reason="原公告将桃花谷景区的等级误写为“AAAA级”，现更正为“AAA级”",
            body=item.body.replace("桃花谷景区（AAAA级）", "桃花谷景区（AAA级）"),
        )

    def id_removed(self, plan: Plan) -> Story:
        """The privacy check finds the party's ID number and address; the 公开办 sends the item
        back, the clerk masks them, and it goes through."""
        id_number = specimen_id_number(dt.date(1978, 4, 12), 35)
        party = f"当事人：张某某，身份证号码：{id_number}，住址：示例县东关路15号。"
        plan.summary = "对示例县某超市经营超过保质期食品的行为作出行政处罚决定。"
        plan.body = "\n\n".join(
            (
                party,
                "经查，当事人于2025年7月在其经营场所销售超过保质期的食品，违反了《中华人民共和国食品安全法》"
                "第三十四条第（十）项的规定。",
                "依据《中华人民共和国食品安全法》第一百二十四条第一款的规定，本局决定对当事人作出如下行政处罚："
                "一、没收超过保质期的食品；二、罚款人民币五万元。",
                "当事人如不服本处罚决定，可以在收到本决定书之日起六十日内依法申请行政复议，或者在六个月内依法提起行政诉讼。",
                self.crews[plan.key].agency.name,
                cn_date(plan.written),
            )
        )
        day = plan.written
        item = yield from self.draft(plan, day)
        item = yield from self.submit(plan, item, day)
        item = yield from self.sign(plan, item, self.days(day, 1))
        item = yield from self.send_back(
            plan,
            item,
            self.after(day, 2),
            "正文载有当事人的身份证号码和住址，属于个人信息，请作去标识化处理后再送审",
        )
        masked = f"当事人：张某某，身份证号码：{id_number[:6]}********{id_number[-4:]}，住址：示例县（略）。"
        day = self.after(day, 3)
        item = yield from self.revise(plan, item, day, body=item.body.replace(party, masked))
        item = yield from self.sign(plan, item, self.days(day, 4))
        yield from self.publish(plan, item, self.after(day, 5))

    def specimen_confirmed(self, plan: Plan) -> Story:
        """A specimen ID number in a guide: flagged, and confirmed as not personal data."""
        specimen = specimen_id_number(dt.date(1990, 1, 1), 123)
        plan.body = plan.body.replace(
            "\n\n一、",
            f"\n\n在线填写申请表时，证件号码栏应填写申请人本人的居民身份证号码，"
            f"填写样例：{specimen}（样例号码，非真实身份信息）。\n\n一、",
            1,
        )
        item = yield from self.draft(plan, plan.written)
        item = yield from self.submit(plan, item, plan.written)
        item = yield from self.sign(
            plan,
            item,
            self.days(plan.written, 4),
            confirm=[specimen],
            reason="正文中的证件号码为填写样例，经核实不是真实个人信息；联系电话和地址为本机关办公电话和地址",
        )
        yield from self.publish(plan, item, self.after(plan.written, 5))

    # running the stories

    def run(self) -> None:
        """Every step of every story in date order (stories started first go first on a day)."""
        queue: list[tuple[dt.date, int, Story]] = []
        for order, story in enumerate(self.stories):
            first = next(story, None)
            if first is not None:
                queue.append((first, order, story))
        heapq.heapify(queue)
        while queue:
            day, order, story = heapq.heappop(queue)
            if day > self.today:
                continue  # this step, and every later one of the story, has not happened yet
            with platform_today(day):
                following = next(story, None)
            if following is not None:
                heapq.heappush(queue, (max(following, day), order, story))


def _repeal_of(document: Document, invalid: Mapping[str, Any]) -> tuple[dt.date | None, str]:
    if document.repealed is not None:
        return dt.date.fromisoformat(document.repealed), document.reason
    campaign = invalid.get(document.number)
    if campaign is not None:
        return dt.date.fromisoformat(campaign.decided), f"经{campaign.name}宣布失效"
    return None, ""


@dataclass(frozen=True)
class CatalogueSummary:
    items: int
    published: int
    by_status: dict[str, int] = field(default_factory=dict)


def build(agencies: Mapping[str, Agency], seed: int = 2025) -> CatalogueSummary:
    """Install the default chain for each agency (by demo key) and tell every story up to today."""
    today = core_time.today()
    crews = {key: crew_of(key, agency) for key, agency in agencies.items()}
    for agency in agencies.values():
        actions.install_default_chain(agency)
    catalogue = _Catalogue(crews, seed, today)
    for key in crews:
        for year in (2025, 2026):
            catalogue.plan_year(key, year)
        catalogue.plan_documents(key)
    catalogue.plan_special()
    for key in crews:
        catalogue.plan_desk(key)
    catalogue.number()
    try:
        catalogue.run()
    except BaseException:
        # The demo's transaction rolls back, but the attachment files are already written.
        for stored in catalogue.stored:
            if stored.name:
                stored.storage.delete(stored.name)
        raise
    return summary(list(agencies.values()))


def summary(agencies: list[Agency]) -> CatalogueSummary:
    items = CatalogueItem.objects.filter(agency__in=agencies)
    counts = dict(items.values_list("status").annotate(n=Count("id")).order_by())
    published = items.aggregate(n=Count("id", filter=Q(status=Status.PUBLISHED)))["n"]
    return CatalogueSummary(items=sum(counts.values()), published=int(published), by_status=counts)
