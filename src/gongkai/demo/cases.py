"""The demo's applications: about two hundred cases received from December 2024 to today, worked
through by the bureaus' clerks and office heads only through `gongkai.applications.actions`, so the
timelines, deadlines and report tables are exactly what real use would leave behind.

In 2025 every row of table 三 and every group of table 四 gets at least one case; a few December
2025 cases are decided in January 2026 (结转), and some 2026 cases are still open today.

A case stops at the last step whose date is not after today (`gongkai.core.time.today()`): run on
an earlier date, the later steps simply have not happened yet.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import User

from gongkai.agencies.models import Agency, Role
from gongkai.applications import actions
from gongkai.applications.models import (
    AppealKind,
    AppealOutcome,
    ApplicantKind,
    Application,
    Channel,
    ConsultedParty,
    DeliveryForm,
    DeliveryMethod,
    Outcome,
)
from gongkai.clock import WorkingCalendar
from gongkai.core import time
from gongkai.core.calendar import current_calendar

from .agencies import BUREAUS, Tree
from .days import first_working_day_from, working_days_before

# --- what applicants ask for, and who they are --------------------------------------------------

REQUESTS = {
    "nr": (
        "示例市中心城区控制性详细规划（2021—2035年）的批复文件",
        "2024年示例市国有建设用地使用权出让计划",
        "示例市城东片区集体土地征收补偿安置方案及批准文件",
        "示例市人民路12号地块建设工程规划许可证及附图",
        "2025年度示例市耕地保护目标责任考核结果",
        "示例市锦绣花园小区容积率调整的论证材料和批准文件",
    ),
    "edu": (
        "2025年示例市义务教育阶段学校招生划片方案",
        "示例市第一中学2024年食堂食材采购招标结果",
        "2024年示例市教育经费执行情况统计公告",
        "示例市民办学校2024年度年检结果",
        "2025年示例市中小学教师招聘笔试成绩及拟录用名单",
        "示例市校外培训机构白名单",
    ),
    "ct": (
        "2024年度示例县A级旅游景区复核结果",
        "示例县非物质文化遗产保护专项资金2024年使用情况",
        "示例县图书馆新馆建设项目立项批复",
        "2025年示例县文化惠民演出采购合同",
        "示例县星河网吧行政处罚决定书",
        "示例县旅行社经营许可名单",
    ),
    "mr": (
        "2025年第一季度示例县食品安全监督抽检结果",
        "示例县万家福超市食品经营许可证信息",
        "示例县农贸市场计量器具检定记录",
        "2024年示例县特种设备安全检查通报",
        "示例县恒通建材有限公司行政处罚决定书",
        "示例县2025年上半年重要商品价格监测报告",
    ),
}

PEOPLE_NAMES = (
    "张伟",
    "王芳",
    "李秀英",
    "刘洋",
    "杨帆",
    "周杰",
    "吴婷",
    "徐涛",
    "朱红",
    "胡斌",
    "林晓燕",
    "何建国",
    "高志强",
    "罗敏",
    "梁宇",
)
ORGANISATIONS = {
    ApplicantKind.COMMERCIAL: ("示例市华兴置业有限公司", "示例县恒通建材有限公司", "示例市云帆科技有限公司"),
    ApplicantKind.RESEARCH: ("示例大学城乡规划研究院", "示例市社会科学院", "示例师范学院教育研究所"),
    ApplicantKind.PUBLIC_INTEREST: ("示例市绿源环保志愿者协会", "示例市消费者权益保护促进会"),
    ApplicantKind.LEGAL_SERVICES: ("示例市明理律师事务所", "示例县正和法律服务所"),
    ApplicantKind.OTHER_ORG: ("示例县东关村村民委员会", "示例市人民路社区居民委员会"),
}

# The clerk's reasons: facts, in the clerk's words (the letter cites the articles chosen itself).
REASONS = {
    Outcome.GRANTED: "",
    Outcome.PARTIAL: "所申请文件的附件载有相关人员的身份证号码和住址，属于个人隐私，已作删除处理",
    Outcome.WITHHELD_SECRET: "所申请文件已依法定为秘密级国家秘密，尚在保密期限内",
    Outcome.WITHHELD_LAW: "所申请信息属于《中华人民共和国统计法》规定应当保密的统计调查对象资料",
    Outcome.WITHHELD_SECURITY: "所申请信息载有重要基础设施的精确位置，公开后可能危及公共安全",
    Outcome.WITHHELD_THIRD_PARTY: "所申请信息涉及第三方的商业秘密，经征求意见，第三方不同意公开，不公开不会对公共利益造成重大影响",
    Outcome.WITHHELD_INTERNAL: "所申请信息系本机关内部人事管理制度",
    Outcome.WITHHELD_PROCESS: "所申请信息系尚在讨论中的方案过程稿",
    Outcome.WITHHELD_ENFORCEMENT: "所申请信息系行政处罚案件的调查笔录",
    Outcome.WITHHELD_QUERY: "所申请信息属于登记资料，请依照有关规定到登记机构查询",
    Outcome.UNAVAILABLE_NOT_HELD: "本机关档案室和业务科室均未存有所申请的信息",
    Outcome.UNAVAILABLE_NEEDS_CREATION: "本机关未按申请所要求的口径统计相关数据",
    Outcome.UNAVAILABLE_UNCLEAR: "补正后的申请仍未说明所需信息的年度和事项",
    Outcome.REJECTED_PETITION: "申请内容系反映相关单位的违法行为并要求查处",
    Outcome.REJECTED_REPEAT: "申请的内容与您此前提出并已获答复的申请相同",
    Outcome.REJECTED_PUBLICATION: "所申请文件已刊登在本级人民政府公报上",
    Outcome.REJECTED_VEXATIOUS: "您在一个月内提出同类申请逾百件，说明的理由不合理",
    Outcome.REJECTED_CONFIRMATION: "您要求本机关对已获取的文件盖章确认",
}

NOTES = {
    Outcome.GRANTED: "所申请信息随本答复书一并提供",
    Outcome.PARTIAL: "可以公开的部分随本答复书一并提供",
}

SERVICE = {
    DeliveryMethod.POST: "邮寄（EMS），当日交邮",
    DeliveryMethod.EMAIL: "以电子邮件发送，系统显示已送达",
    DeliveryMethod.PICKUP: "申请人当面领取并签收",
    DeliveryMethod.ONLINE: "在网上发布，告知申请人查看",
}


# --- cases as they unfold ------------------------------------------------------------------------


class _NotYet(Exception):
    """The next step of a story lies after today: the case stays as it is now."""


@dataclass
class _Desk:
    agency: Agency
    clerk: User
    head: User


class _Case:
    """One application and the working days that pass while its story is told."""

    def __init__(self, demo: _Demo, desk: _Desk, received: dt.date, kind: str, request: str) -> None:
        self.demo, self.desk = demo, desk
        received = demo.working_day_from(received)
        if received > demo.today:
            raise _NotYet
        self.day = received
        self.app = demo.register(desk, received, kind, request)
        demo.cases += 1

    def wait(self, working_days: int) -> dt.date:
        day = self.demo.calendar.add_working_days(self.day, working_days)
        if day > self.demo.today:
            raise _NotYet
        self.day = day
        return day

    def fresh(self) -> Application:
        self.app = Application.objects.get(pk=self.app.pk)
        return self.app

    # the steps

    def correct(self, *, answered: bool) -> None:
        self.app = actions.request_correction(
            acting_user=self.desk.clerk,
            application=self.app,
            on=self.wait(3),
            what="请写明所需信息的文件名称、文号或形成时间，并在15个工作日内提交补正",
        )
        if answered:
            self.app = actions.record_correction(
                acting_user=self.desk.clerk,
                application=self.app,
                on=self.wait(5),
                text="补充说明所需信息的形成时间和文号",
            )

    def consult(self, party_kind: str, party_name: str, *, answered: bool, answer: str = "") -> None:
        consultation = actions.start_consultation(
            acting_user=self.desk.clerk,
            application=self.app,
            party_kind=party_kind,
            party_name=party_name,
            sent_on=self.wait(3),
        )
        if answered:
            actions.record_consultation_answer(
                acting_user=self.desk.clerk,
                consultation=consultation,
                answered_on=self.wait(9),
                answer=answer,
            )
        else:  # the 15 working days run out; the clerk records it the next working day
            self.day = consultation.due_on
            self.wait(1)
            actions.record_consultation_answer(
                acting_user=self.desk.clerk, consultation=consultation, answered_on=None
            )
        self.fresh()

    def extend(self) -> None:
        due = self.fresh().due_on
        day = self.wait(2)
        if due is not None and day <= due:
            self.app = actions.extend_deadline(
                acting_user=self.desk.head,
                application=self.app,
                reason="所申请信息数量较大，需要调档汇总，经公开办负责人同意延长答复期限",
                on=day,
            )

    def fee(self, *, paid: bool, basis: str, quantity: int) -> None:
        notice = actions.issue_fee_notice(
            acting_user=self.desk.clerk,
            application=self.app,
            basis=basis,
            quantity=quantity,
            notified_on=self.wait(4),
        )
        if paid:
            self.app = actions.record_fee_payment(
                acting_user=self.desk.clerk, application=self.app, paid_on=self.wait(6)
            )
        else:
            self.day = notice.due_on
            self.app = actions.abandon(acting_user=self.desk.clerk, application=self.app, on=self.wait(1))

    def abandon_uncorrected(self) -> None:
        self.correct(answered=False)
        self.app = actions.abandon(acting_user=self.desk.clerk, application=self.app, on=self.wait(16))

    def withdraw(self, after: int) -> None:
        self.app = actions.withdraw(
            acting_user=self.desk.clerk,
            application=self.app,
            on=self.wait(after),
            reason="申请人来电表示已通过其他途径获得所需信息，书面撤回申请",
        )

    def decide(self, outcome: str, after: int) -> None:
        self.app = actions.decide(
            acting_user=self.desk.clerk,
            application=self.app,
            outcome=outcome,
            legal_basis=REASONS[Outcome(outcome)],
            decision_text=NOTES.get(Outcome(outcome), ""),
            on=self.wait(after),
        )
        self.app = actions.reply(acting_user=self.desk.clerk, application=self.app, on=self.day)
        how = SERVICE[DeliveryMethod(self.app.delivery)]
        self.app = actions.mark_served(
            acting_user=self.desk.clerk, application=self.app, on=self.wait(1), how=how
        )

    def appeal(
        self, kind: str, body: str, after: int, outcome: str | None = None, decided_after: int = 0
    ) -> None:
        appeal = actions.file_appeal(
            acting_user=self.desk.clerk, application=self.app, kind=kind, body=body, filed_on=self.wait(after)
        )
        if outcome is not None:
            actions.conclude_appeal(
                acting_user=self.desk.clerk,
                appeal=appeal,
                outcome=outcome,
                concluded_on=self.wait(decided_after),
                note="复议机关（人民法院）作出决定（判决）",
            )

    def assign(self) -> None:
        self.app = actions.assign(acting_user=self.desk.head, application=self.app, assignee=self.desk.clerk)


Story = Callable[[_Case], None]


def _decided(outcome: str, after: int = 8) -> Story:
    return lambda case: case.decide(outcome, after)


def _corrected_then_granted(case: _Case) -> None:
    case.correct(answered=True)
    case.decide(Outcome.GRANTED, 8)


# Where the 2025 decisions are challenged: the city government reviews, the district court hears suits.
REVIEW_BODY, COURT = "示例市人民政府", "示例市示例区人民法院"


def _consulted_then(outcome: str, kind: str, name: str, answered: bool, answer: str = "") -> Story:
    def story(case: _Case) -> None:
        case.consult(kind, name, answered=answered, answer=answer)
        case.decide(outcome, 4)

    return story


def _corrected_then(outcome: str) -> Story:
    def story(case: _Case) -> None:
        case.correct(answered=True)
        case.decide(outcome, 10)

    return story


def _extended_then(outcome: str) -> Story:
    def story(case: _Case) -> None:
        case.extend()
        case.decide(outcome, 26)

    return story


def _paid_then(outcome: str) -> Story:
    def story(case: _Case) -> None:
        case.fee(paid=True, basis="by_pages", quantity=150)  # 30 free, 70 x 10 + 50 x 20 = 1,700 元
        case.decide(outcome, 5)

    return story


def _then_review(outcome: str, concluded: bool) -> Story:
    def story(case: _Case) -> None:
        case.decide(outcome, 12)
        if concluded:
            case.appeal(AppealKind.REVIEW, REVIEW_BODY, 20, AppealOutcome.UPHELD, 35)
            case.appeal(AppealKind.SUIT_AFTER_REVIEW, COURT, 10)
        else:
            case.appeal(AppealKind.REVIEW, REVIEW_BODY, 25)

    return story


def _then_suit(outcome: str) -> Story:
    def story(case: _Case) -> None:
        case.decide(outcome, 10)
        case.appeal(AppealKind.SUIT_DIRECT, COURT, 30, AppealOutcome.CORRECTED, 80)

    return story


def _fee_unpaid(case: _Case) -> None:
    case.fee(paid=False, basis="by_count", quantity=12)  # the 12th this month: 100 元


class _Demo:
    def __init__(self, seed: int, tree: Tree) -> None:
        self.rng = random.Random(seed)
        self.today = time.today()
        self.calendar: WorkingCalendar = current_calendar()
        self.desks = {
            key: _Desk(tree.agencies[key], tree.person(key, Role.CLERK), tree.person(key, Role.OFFICE_HEAD))
            for key in BUREAUS
        }
        self.cases = 0
        self.serial = 0

    def working_day_from(self, day: dt.date) -> dt.date:
        return first_working_day_from(self.calendar, day)

    def working_days_ago(self, n: int) -> dt.date:
        return working_days_before(self.calendar, self.today, n)

    def register(self, desk: _Desk, received: dt.date, kind: str, request: str) -> Application:
        """The applicant's form, filled in with made-up but plausible details, registered by the clerk."""
        self.serial += 1
        rng, n = self.rng, self.serial
        person = kind == ApplicantKind.NATURAL_PERSON
        return actions.register_application(
            acting_user=desk.clerk,
            agency=desk.agency,
            channel=rng.choice([Channel.ONLINE, Channel.ONLINE, Channel.IN_PERSON, Channel.REGISTERED_MAIL]),
            applicant_kind=kind,
            applicant_name=rng.choice(PEOPLE_NAMES if person else ORGANISATIONS[ApplicantKind(kind)]),
            contact_person="" if person else rng.choice(PEOPLE_NAMES),
            id_number=_id_number(rng) if person else f"9199{rng.randint(0, 10**14 - 1):014d}",
            description=request,
            submitted_on=received,
            received_on=received,
            phone=f"1990000{n:04d}",
            email="" if person else f"applicant{n}@example.com",
            address=f"示例市人民路{rng.randint(1, 300)}号",
            form_wanted=rng.choice([DeliveryForm.PAPER, DeliveryForm.ELECTRONIC]),
            delivery=rng.choice([DeliveryMethod.POST, DeliveryMethod.EMAIL, DeliveryMethod.PICKUP]),
        )

    def run(self, desk: str, received: dt.date, kind: str, story: Story, request: str | None = None) -> None:
        text = request or self.rng.choice(REQUESTS[desk])
        with contextlib.suppress(_NotYet):
            story(_Case(self, self.desks[desk], received, kind, text))

    # the cases

    def tell_every_row_of_2025(self) -> None:
        """One case for each row of table 三 and each group of table 四, and the ways a case can go."""
        d = dt.date
        person, company = ApplicantKind.NATURAL_PERSON, ApplicantKind.COMMERCIAL
        research, charity = ApplicantKind.RESEARCH, ApplicantKind.PUBLIC_INTEREST
        lawyer, other = ApplicantKind.LEGAL_SERVICES, ApplicantKind.OTHER_ORG

        scripted: list[tuple[str, dt.date, str, Story, str | None]] = [
            ("nr", d(2025, 1, 6), person, _decided(Outcome.GRANTED), None),
            (
                "nr",
                d(2025, 1, 15),
                company,
                _consulted_then(
                    Outcome.PARTIAL,
                    ConsultedParty.THIRD_PARTY,
                    "示例市华兴置业有限公司",
                    True,
                    "同意公开，但请隐去报价明细",
                ),
                "示例市锦绣花园项目土地出让合同及补充协议",
            ),
            (
                "nr",
                d(2025, 2, 17),
                research,
                _decided(Outcome.WITHHELD_SECRET),
                "示例市1:2000基础测绘成果（涉密版）",
            ),
            (
                "edu",
                d(2025, 2, 24),
                person,
                _decided(Outcome.WITHHELD_LAW),
                "示例市第三小学2024年学生心理健康档案",
            ),
            (
                "nr",
                d(2025, 3, 10),
                charity,
                _decided(Outcome.WITHHELD_SECURITY),
                "示例市城区地下燃气管网详细走向图",
            ),
            (
                "mr",
                d(2025, 3, 17),
                company,
                _consulted_then(
                    Outcome.WITHHELD_THIRD_PARTY,
                    ConsultedParty.THIRD_PARTY,
                    "示例县万家福超市有限公司",
                    True,
                    "涉及本公司商业秘密，不同意公开",
                ),
                "示例县万家福超市2024年进货供应商名录和进价",
            ),
            (
                "edu",
                d(2025, 3, 24),
                person,
                _decided(Outcome.WITHHELD_INTERNAL),
                "示例市教育局机关内部考勤和请休假制度",
            ),
            (
                "nr",
                d(2025, 4, 7),
                research,
                _then_review(Outcome.WITHHELD_PROCESS, True),
                "示例市国土空间规划审查会议纪要",
            ),
            (
                "mr",
                d(2025, 4, 14),
                lawyer,
                _then_suit(Outcome.WITHHELD_ENFORCEMENT),
                "示例县恒通建材有限公司行政处罚案卷全部材料",
            ),
            (
                "mr",
                d(2025, 4, 21),
                company,
                _decided(Outcome.WITHHELD_QUERY),
                "示例县云帆商贸有限公司的工商登记档案",
            ),
            (
                "ct",
                d(2025, 5, 6),
                person,
                _decided(Outcome.UNAVAILABLE_NOT_HELD),
                "示例县1985年文物普查原始记录",
            ),
            (
                "edu",
                d(2025, 5, 12),
                research,
                _decided(Outcome.UNAVAILABLE_NEEDS_CREATION),
                "近十年示例市各校教师流动情况的统计分析",
            ),
            (
                "ct",
                d(2025, 5, 19),
                person,
                _corrected_then(Outcome.UNAVAILABLE_UNCLEAR),
                "县里关于那个景区的所有文件",
            ),
            (
                "nr",
                d(2025, 6, 3),
                person,
                _decided(Outcome.REJECTED_PETITION),
                "要求查处邻居违法加盖并书面答复处理结果",
            ),
            (
                "nr",
                d(2025, 6, 16),
                person,
                _decided(Outcome.REJECTED_REPEAT),
                "示例市城东片区集体土地征收补偿安置方案及批准文件",
            ),
            (
                "ct",
                d(2025, 6, 23),
                charity,
                _decided(Outcome.REJECTED_PUBLICATION),
                "《示例县志（1991—2010）》全书",
            ),
            (
                "mr",
                d(2025, 7, 7),
                person,
                _then_review(Outcome.REJECTED_VEXATIOUS, False),
                "示例县全部个体工商户2015年以来的年报信息",
            ),
            (
                "edu",
                d(2025, 7, 14),
                person,
                _decided(Outcome.REJECTED_CONFIRMATION),
                "要求盖章确认已获取的2024年招生划片方案复印件为真实",
            ),
            ("ct", d(2025, 8, 4), other, lambda case: case.abandon_uncorrected(), "有关我村的文件"),
            ("mr", d(2025, 8, 11), company, _fee_unpaid, "示例县2024年全部食品经营许可决定书"),
            (
                "edu",
                d(2025, 8, 18),
                charity,
                lambda case: case.withdraw(6),
                "2025年示例市中小学校舍安全排查报告",
            ),
            # the ways a case can go, beside its row
            (
                "nr",
                d(2025, 9, 1),
                lawyer,
                _extended_then(Outcome.GRANTED),
                "示例市2020—2024年全部建设用地批准文件",
            ),
            (
                "nr",
                d(2025, 9, 15),
                company,
                _paid_then(Outcome.GRANTED),
                "示例市2024年度全部建设工程规划许可证及附图",
            ),
            (
                "edu",
                d(2025, 9, 22),
                other,
                _consulted_then(Outcome.GRANTED, ConsultedParty.AGENCY, "示例市财政局", False),
                "2025年示例市学前教育补助资金分配表",
            ),
            (
                "ct",
                d(2025, 10, 13),
                company,
                _consulted_then(
                    Outcome.PARTIAL, ConsultedParty.THIRD_PARTY, "示例县山水旅游开发有限公司", False
                ),
                "示例县桃花谷景区经营权转让合同",
            ),
            (
                "mr",
                d(2025, 10, 20),
                lawyer,
                _corrected_then(Outcome.GRANTED),
                "示例县农贸市场计量器具检定记录",
            ),
        ]
        for desk, received, kind, story, request in scripted:
            self.run(desk, received, kind, story, request)

    def tell_year_ends(self) -> None:
        """Cases received in late December and decided in January: 结转 across both year ends."""
        person, company = ApplicantKind.NATURAL_PERSON, ApplicantKind.COMMERCIAL

        def extended(case: _Case) -> None:
            case.extend()
            case.decide(Outcome.GRANTED, 20)

        for desk, received, kind, story in [
            ("nr", dt.date(2024, 12, 17), person, _decided(Outcome.GRANTED, 15)),
            ("edu", dt.date(2024, 12, 23), ApplicantKind.RESEARCH, _decided(Outcome.PARTIAL, 12)),
            ("mr", dt.date(2024, 12, 27), company, _decided(Outcome.UNAVAILABLE_NOT_HELD, 9)),
            ("nr", dt.date(2025, 12, 15), company, extended),
            ("edu", dt.date(2025, 12, 22), person, _decided(Outcome.GRANTED, 10)),
            ("ct", dt.date(2025, 12, 24), ApplicantKind.PUBLIC_INTEREST, _decided(Outcome.PARTIAL, 12)),
            ("mr", dt.date(2025, 12, 29), person, lambda case: case.withdraw(5)),
        ]:
            self.run(desk, received, kind, story)

    def tell_everyday_cases(self, year: int, per_bureau: int, last: dt.date) -> None:
        """The ordinary run of a year: mostly granted, partly granted or not held."""
        first = dt.date(year, 1, 5)
        if last < first:
            return
        span = (last - first).days
        stories: list[tuple[Story, int]] = [
            (_decided(Outcome.GRANTED, 6), 40),
            (_decided(Outcome.GRANTED, 14), 14),
            (_decided(Outcome.PARTIAL, 12), 12),
            (_decided(Outcome.UNAVAILABLE_NOT_HELD, 9), 16),
            (_decided(Outcome.UNAVAILABLE_NEEDS_CREATION, 12), 3),
            (_decided(Outcome.REJECTED_REPEAT, 5), 2),
            (_decided(Outcome.WITHHELD_PROCESS, 15), 2),
            (_decided(Outcome.WITHHELD_THIRD_PARTY, 15), 1),
            (lambda case: case.withdraw(4), 4),
            (lambda case: case.abandon_uncorrected(), 2),
            (_corrected_then_granted, 4),
        ]
        kinds = [
            (ApplicantKind.NATURAL_PERSON, 70),
            (ApplicantKind.COMMERCIAL, 14),
            (ApplicantKind.RESEARCH, 3),
            (ApplicantKind.PUBLIC_INTEREST, 3),
            (ApplicantKind.LEGAL_SERVICES, 6),
            (ApplicantKind.OTHER_ORG, 4),
        ]
        plan = []
        for desk in BUREAUS:
            for _ in range(per_bureau):
                received = first + dt.timedelta(days=self.rng.randint(0, span))
                story = self.rng.choices([s for s, _ in stories], [w for _, w in stories])[0]
                kind = self.rng.choices([k for k, _ in kinds], [w for _, w in kinds])[0]
                plan.append((received, desk, kind, story))
        plan.sort(key=lambda p: p[0])  # registration numbers follow the receipt dates
        for received, desk, kind, story in plan:
            self.run(desk, received, kind, story)

    def tell_open_now(self) -> None:
        """Cases on the clerks' desks today: new, in progress, due soon, overdue, waiting."""
        person, company = ApplicantKind.NATURAL_PERSON, ApplicantKind.COMMERCIAL

        def in_progress(case: _Case) -> None:
            case.assign()

        def consulting(case: _Case) -> None:
            case.wait(2)
            actions.start_consultation(
                acting_user=case.desk.clerk,
                application=case.app,
                party_kind=ConsultedParty.THIRD_PARTY,
                party_name="示例县绿野农业发展有限公司",
                sent_on=case.day,
            )

        def extended(case: _Case) -> None:
            case.extend()

        def awaiting_fee(case: _Case) -> None:
            case.fee(paid=False, basis="by_pages", quantity=80)  # 50 pages x 10 = 500 元, not yet due

        for desk, days_ago, kind, story in [
            ("nr", 17, person, in_progress),  # due in three working days
            ("nr", 6, company, consulting),
            ("edu", 1, person, lambda case: None),  # just registered
            ("edu", 4, ApplicantKind.PUBLIC_INTEREST, lambda case: case.correct(answered=False)),
            ("ct", 23, person, lambda case: None),  # overdue
            ("ct", 9, ApplicantKind.LEGAL_SERVICES, in_progress),
            ("mr", 25, company, extended),  # extended: still in time
            ("mr", 8, person, awaiting_fee),
        ]:
            self.run(desk, self.working_days_ago(days_ago), kind, story)


def _id_number(rng: random.Random) -> str:
    """A made-up resident ID number (fictional area code 990101) with a valid check digit."""
    born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randint(0, 365 * 50))
    body = f"990101{born:%Y%m%d}{rng.randint(100, 999)}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]


def tell_cases(tree: Tree, seed: int) -> int:
    """Every case of the bureaus, each up to today; returns how many were registered."""
    demo = _Demo(seed, tree)
    demo.tell_year_ends()
    demo.tell_every_row_of_2025()
    # The longest everyday story takes 20 working days: cases received by November 28 are done by
    # New Year, so the only cases carried into 2026 are the four of tell_year_ends.
    demo.tell_everyday_cases(2025, per_bureau=22, last=dt.date(2025, 11, 28))
    this_year_last = min(dt.date(2026, 12, 12), demo.working_days_ago(30))
    demo.tell_everyday_cases(2026, per_bureau=12, last=this_year_last)
    demo.tell_open_now()
    return demo.cases
