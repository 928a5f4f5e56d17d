"""The demo's annual reports: each agency's 2024 report imported from the file it published before
the platform (reports_2024/, text as copied out of Word), and its 2025 report composed, checked,
signed, filed, accepted and published in January 2026, only through `gongkai.reports.actions`.

The 2024 files hold what the demo's own 2024 data says (the 行政规范性文件 in the registers, the
cases received in December 2024 and carried into 2025) plus what was kept on paper before the
platform took the applications in December 2024 (a few applications, all 予以公开, and the year's
许可、处罚、强制 decisions and fees), so the 2025 reports' cross-year rules (carry-over, in-force)
pass against them.

示例市教育局's 2025 report is returned once by the 上级监督 (its section 五 lists problems without
the improvements) and fixed. 示例市人民政府 is the top of the demo's tree: its supervising office is
not on the platform (it receives the report outside it), so its report is published once signed.

Each step is done on its own January 2026 working day (`core.time.pinned`), and not at all when
the demo is loaded on an earlier day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from django.contrib.auth.models import User

from gongkai.agencies.models import Agency, Role
from gongkai.core import time
from gongkai.reports import actions, checks, selectors
from gongkai.reports.models import AnnualReport, Status

from .agencies import Tree

FILES = Path(__file__).parent / "reports_2024"
YEAR = 2025
IMPORTED_ON = dt.date(2026, 1, 5)
RETURNED = "edu"  # the report the supervisor returns once
TOP = "city"  # no supervising office above it on the platform: published once signed

# Working days of January 2026, per agency: drafted, submitted, 审核, 签发, filed, accepted, published.
DAYS: dict[str, tuple[int, ...]] = {
    "nr": (6, 7, 8, 9, 12, 14, 16),
    "edu": (6, 7, 8, 9, 12, 20, 21),  # returned on the 13th, fixed and signed again 14th-15th, filed 16th
    "ct": (6, 7, 8, 9, 12, 14, 15),
    "mr": (7, 8, 9, 12, 13, 15, 16),
    "county": (19, 20, 21, 22, 23, 26, 27),
    "city": (19, 20, 21, 22, 26),  # drafted, submitted, 审核, 签发, published
}
RETURN_DAYS = (13, 14, 15, 16)  # returned, fixed and submitted, 审核 and 签发, filed again

SUPERVISOR_COMMENTS = (
    "第五部分“存在的主要问题及改进情况”只列了问题，没有写改进措施和完成时限，请补充后重新报送。"
)
PROBLEMS = (
    "本年度政府信息公开工作仍有不足：一是政策解读形式较为单一，图解、视频解读较少；二是部分栏目更新不够及时。"
)
PROBLEMS_FIXED = (
    PROBLEMS + "改进措施：一是2026年上半年起，重要政策文件均同步发布图解或视频解读；"
    "二是建立栏目更新台账，由办公室每月检查一次，6月底前完成全部栏目的梳理。"
)


def _problems(key: str) -> str:
    if key == RETURNED:
        return PROBLEMS  # without its measures: the supervisor returns it (PROBLEMS_FIXED)
    return OWN_PROBLEMS.get(key, PROBLEMS_FIXED)


# A warning the checker raises and the clerk explains, by rule; the fallback says what was checked.
EXPLAIN = {
    "narrative": "正文所述数字与表格统计口径不同（正文含本系统启用前的纸质台账），已逐项核对。",
    "in-force": "现行有效件数已与规范性文件登记簿逐件核对。",
    "items-continuity": "已与上年度报告及规范性文件登记簿逐件核对。",
}
EXPLAINED = "已与登记台账逐项核对，数据无误。"


# What each agency's clerk writes of its own year: every agency its own words (the supervisor's
# 雷同 check compares the reports of one roster, and nobody copied anybody here).
WORK: dict[str, tuple[str, str]] = {
    # (主动公开 …, the rest of 总体情况 after 依申请公开)
    "nr": (
        "主动公开方面，国土空间总体规划、控制性详细规划调整和建设用地批准信息均在公开目录发布，"
        "征收土地信息做到批前告知、批后公告。",
        "政府信息管理方面，规划公示与批后公告统一编制索引号归档。平台建设方面，不动产登记办事指南与"
        "公开目录互相链接。监督保障方面，局务会每季度听取一次公开工作汇报。",
    ),
    "edu": (
        "主动公开方面，围绕义务教育招生入学、学生资助和校外培训治理，及时发布政策文件和办事指南，"
        "招生划片范围在报名前一个月公布。",
        "政府信息管理方面，对历年印发的教育规范性文件逐件核对效力状态。平台建设方面，招生入学咨询与"
        "依申请公开共用一个受理入口。监督保障方面，将公开工作纳入对直属学校的年度考核。",
    ),
    "ct": (
        "主动公开方面，公共文化场馆开放时间、文化惠民演出和A级旅游景区名录按月更新，"
        "节假日旅游安全提示提前发布。",
        "政府信息管理方面，对文物保护和旅游市场管理的文件建立台账。平台建设方面，景区预约和投诉渠道"
        "在公开专栏集中展示。监督保障方面，邀请游客代表对公开内容提出意见。",
    ),
    "mr": (
        "主动公开方面，“双随机、一公开”抽查结果、食品安全监督抽检信息和行政处罚决定依法按时公示，"
        "个体工商户登记指南全部上网。",
        "政府信息管理方面，行政处罚信息公示期满后按规定撤下。平台建设方面，抽检结果可按企业名称检索。"
        "监督保障方面，聘请社会监督员对公示情况开展暗访。",
    ),
    "county": (
        "主动公开方面，县政府常务会议议定事项、财政预决算、重大建设项目和乡村振兴资金使用情况按季度公开，"
        "县长信箱办理情况每月通报。",
        "政府信息管理方面，对县政府及办公室文件开展全面清理。平台建设方面，各乡镇政务公开专区统一接入"
        "县政府门户网站。监督保障方面，政务公开工作列入对各乡镇和县直部门的年度考核。",
    ),
    "city": (
        "主动公开方面，市政府规章、重大行政决策事项目录和政府工作报告重点任务进展全部公开，"
        "重要政策均配发解读材料。",
        "政府信息管理方面，规章和规范性文件实行统一登记、统一编号、统一发布。平台建设方面，市政府网站"
        "设立政策文件库。监督保障方面，市政务公开办每半年通报各区县和市直部门公开情况。",
    ),
}

# Section 五 of each agency (示例市教育局's first draft lists problems only: see PROBLEMS).
OWN_PROBLEMS: dict[str, str] = {
    "nr": "本年度存在的主要问题是规划批后公告的更新存在滞后。改进措施：2026年起规划批后公告在批准后5个工作日内发布，由规划科每月核对。",
    "ct": "本年度存在的主要问题是部分景区信息由景区自行发布，口径不一。改进措施：2026年3月底前统一景区信息发布模板，由市场管理股审核后发布。",
    "mr": "本年度存在的主要问题是抽检信息的通俗解读不足，群众不易看懂。改进措施：自2026年第二季度起，每批次抽检结果附简要说明，并在微信公众号同步推送。",
    "county": "本年度存在的主要问题是乡镇公开专区内容更新不均衡。改进措施：县政务公开办每季度对各乡镇专区检查一次，检查结果纳入年度考核，2026年6月底前完成全部专区的栏目规范。",
    "city": "本年度存在的主要问题是部分区县政策解读质量不高。改进措施：2026年起市政务公开办对区县重要政策解读实行抽查点评，每半年通报一次。",
}


def _general(agency: Agency, key: str) -> str:
    counted = selectors.live_tables(agency, YEAR)
    received = counted.get("applications", "new", "total") or 0
    forward = counted.get("applications", "carried_forward", "total") or 0
    applications = (
        f"全年新收政府信息公开申请{received}件，均依法登记、按期答复"
        + (f"，{forward}件结转至2026年继续办理。" if forward else "。")
        if received
        else "本年度未收到政府信息公开申请。"
    )
    proactive, rest = WORK[key]
    return (
        f"{YEAR}年，{agency.name}深入贯彻《中华人民共和国政府信息公开条例》，全面推进政务公开。"
        f"{proactive}依申请公开方面，{applications}{rest}"
    )


def _sections(agency: Agency, key: str, problems: str) -> dict[str, str]:
    return {
        "general": _general(agency, key),
        "problems": problems,
        "other": (
            "本年度未收取信息处理费，发出收费通知的件数为0件，总金额为0元。"
            f"{YEAR}年政务公开工作要点确定的各项任务均已落实。"
        ),
    }


class _Desk:
    """One agency's people working on its report, each step on its day (or not yet)."""

    def __init__(self, tree: Tree, key: str, today: dt.date) -> None:
        self.agency = tree.agencies[key]
        self.clerk = tree.person(key, Role.CLERK)
        self.head = tree.person(key, Role.OFFICE_HEAD)
        self.chief = tree.person(key, Role.PRINCIPAL_LEADER)
        parent = "city" if key in ("nr", "edu", "county") else "county"
        self.supervisor = tree.person(parent, Role.SUPERVISOR) if key != TOP else None
        self.today = today

    def on(self, day: int, step: Callable[[], None]) -> bool:
        """Do `step` on January `day`, 2026, if that day has come; whether it was done."""
        date = dt.date(2026, 1, day)
        if date > self.today:
            return False
        with time.pinned(date):
            step()
        return True

    def run(self, *steps: tuple[int, Callable[[], None]]) -> bool:
        """The steps in order, each on its day, until one whose day has not come; whether all were done."""
        return all(self.on(day, step) for day, step in steps)


def import_2024(tree: Tree, today: dt.date) -> int:
    """Each agency's 2024 report, from its published file; how many were imported."""
    if today < IMPORTED_ON:
        return 0
    with time.pinned(IMPORTED_ON):
        for key, agency in tree.agencies.items():
            path = FILES / f"{key}-2024.txt"
            actions.import_published_report(
                acting_user=tree.person(key, Role.CLERK),
                agency=agency,
                year=2024,
                filename=f"{agency.name}2024年政府信息公开工作年度报告.txt",
                data=path.read_bytes(),
            )
    return len(tree.agencies)


def _explain(report: AnnualReport, user: User) -> AnnualReport:
    """Save again with an explanation of every warning still open; an error is a bug of the demo."""
    wrong = checks.errors(report.findings)
    if wrong:
        raise RuntimeError(f"示例数据：{report}检查发现错误：{'；'.join(f['message'] for f in wrong)}")
    open_warnings = checks.unexplained(report.findings)
    if not open_warnings:
        return report
    explanations = {f["key"]: EXPLAIN.get(f["code"], EXPLAINED) for f in open_warnings}
    return actions.save_draft(
        acting_user=user, report=report, version=report.version, sections={}, explanations=explanations
    )


def _through_the_chain(desk: _Desk, report: AnnualReport, days: tuple[int, int, int]) -> AnnualReport:
    """Submitted, 审核, 签发 on the three days; the report as it stands after the last one done."""
    submitted, reviewed, signed = days
    state = {"report": report}

    def submit() -> None:
        state["report"] = actions.submit(acting_user=desk.clerk, report=state["report"], version=None)

    def review() -> None:
        state["report"] = actions.approve(
            acting_user=desk.head, report=state["report"], version=None, step=1, reason="同意"
        )

    def sign() -> None:
        state["report"] = actions.approve(
            acting_user=desk.chief, report=state["report"], version=None, step=2, reason="同意发布"
        )

    desk.run((submitted, submit), (reviewed, review), (signed, sign))
    return state["report"]


def report_2025(tree: Tree, key: str, today: dt.date) -> AnnualReport | None:
    """The agency's 2025 report, as far as `today` lets it go."""
    desk = _Desk(tree, key, today)
    days = DAYS[key]
    state: dict[str, AnnualReport] = {}

    def draft() -> None:
        started = actions.start_report(acting_user=desk.clerk, agency=desk.agency, year=YEAR)
        saved = actions.save_draft(
            acting_user=desk.clerk,
            report=started,
            version=started.version,
            sections=_sections(desk.agency, key, _problems(key)),
        )
        state["report"] = _explain(saved, desk.clerk)

    if not desk.on(days[0], draft):
        return None
    report = _through_the_chain(desk, state["report"], (days[1], days[2], days[3]))
    if report.status != Status.SIGNED:
        return report
    if desk.supervisor is None:  # the top of the tree: nobody on the platform to file with
        state["report"] = report

        def publish_signed() -> None:
            state["report"] = actions.publish(acting_user=desk.clerk, report=state["report"], version=None)

        desk.on(days[4], publish_signed)
        return state["report"]
    supervisor = desk.supervisor
    state["report"] = report

    def file() -> None:
        state["report"] = actions.file_report(acting_user=desk.clerk, report=state["report"], version=None)

    def send_back() -> None:
        state["report"] = actions.return_with_comments(
            acting_user=supervisor, report=state["report"], version=None, comments=SUPERVISOR_COMMENTS
        )

    def fix() -> None:
        fixed = actions.save_draft(
            acting_user=desk.clerk,
            report=state["report"],
            version=None,
            sections={"problems": PROBLEMS_FIXED},
        )
        state["report"] = _explain(fixed, desk.clerk)

    def accept() -> None:
        state["report"] = actions.accept(
            acting_user=supervisor, report=state["report"], version=None, reason="内容完整，同意发布"
        )

    def publish() -> None:
        state["report"] = actions.publish(acting_user=desk.clerk, report=state["report"], version=None)

    if not desk.on(days[4], file):
        return state["report"]
    if key == RETURNED:
        returned, fixed, signed, refiled = RETURN_DAYS
        if not desk.run((returned, send_back), (fixed, fix)):
            return state["report"]
        state["report"] = _through_the_chain(desk, state["report"], (fixed, signed, signed))
        if state["report"].status != Status.SIGNED or not desk.on(refiled, file):
            return state["report"]
    desk.run((days[5], accept), (days[6], publish))
    return state["report"]


def build(tree: Tree, today: dt.date) -> int:
    """The 2024 reports imported and the 2025 reports as far as `today`; how many are published."""
    import_2024(tree, today)
    for key in DAYS:
        report_2025(tree, key, today)
    return published(list(tree.agencies.values()))


def published(agencies: list[Agency]) -> int:
    return AnnualReport.objects.filter(agency__in=agencies, status=Status.PUBLISHED).count()
