"""A report starts from the template of what each section must cover; its figures are live
fields filled from the year's cases and last year's report; what cannot be filled blocks 送审.

The bureau's cases, counted by hand for table 三 (all from natural persons):

  D  received 2024-12-20, granted 2025-01-08   2024: new, carried forward; 2025: carried over, done
  A  received 2025-03-02, granted 2025-03-09   2025: new, done
  B  received 2025-05-06, granted 2025-05-12   2025: new, done
  C  received 2025-12-22, still open           2025: new, carried forward

  2024: new 1, carried over 0, done 0, carried forward 1   (1 + 0 = 0 + 1)
  2025: new 3, carried over 1, done 3, carried forward 1   (3 + 1 = 3 + 1)
  同比 of new applications: (3 − 1) / 1 = +200%.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine

from gongkai.agencies.models import Agency
from gongkai.applications import actions as cases
from gongkai.applications.models import FeeNotice
from gongkai.reports import actions
from gongkai.reports.models import AnnualReport, Status
from tests.factories import application
from tests.reports.reports_fixtures import People, at, client_for, drafted, filed, page_text, post

from . import reports_fixtures

pytestmark = pytest.mark.django_db

people = reports_fixtures.people
january_2026 = reports_fixtures.january_2026

PROMPT = re.compile(r"（待补充：[^）]*）")
NEW = "【表三·本年新收政府信息公开申请数量·总计】"
YOY = "【同比：表三·本年新收政府信息公开申请数量·总计】"


def _cases(bureau: Agency, people: People) -> None:
    for received, decided in (
        (dt.date(2024, 12, 20), dt.date(2025, 1, 8)),
        (dt.date(2025, 3, 2), dt.date(2025, 3, 9)),
        (dt.date(2025, 5, 6), dt.date(2025, 5, 12)),
        (dt.date(2025, 12, 22), None),
    ):
        case = application(bureau, people.clerk, received=received)
        if decided:
            cases.decide(
                acting_user=people.clerk, application=case, outcome="granted", legal_basis="", on=decided
            )


def _written(report: AnnualReport) -> dict[str, str]:
    """Every prompt of the template answered, every live field left as the template has it."""
    return {
        name: PROMPT.sub("已按要求落实。", getattr(report, name)) for name in ("general", "problems", "other")
    }


def _section(html: str, number: int) -> str:
    """The part of the page between section `number`'s heading and the next one's."""
    start = html.index(f'id="section-{number}"')
    end = html.find(f'id="section-{number + 1}"', start)
    return html[start : end if end > 0 else len(html)]


def test_the_live_fields_are_filled_from_the_cases_and_last_years_report(
    bureau: Agency, people: People
) -> None:
    with time_machine.travel(at(dt.date(2026, 1, 10)), tick=False):
        _cases(bureau, people)
    with time_machine.travel(at(dt.date(2025, 1, 10)), tick=False):
        last = filed(bureau, people, drafted(bureau, people, year=2024))
        last = actions.accept(acting_user=people.supervisor, report=last, version=last.version)
        last = actions.publish(acting_user=people.clerk, report=last, version=last.version)
        assert last.content is not None
        assert last.content["tables"]["applications"]["new"]["total"] == 1
    with time_machine.travel(at(dt.date(2026, 1, 10)), tick=False):
        report = actions.start_report(acting_user=people.clerk, agency=bureau, year=2025)
        assert f"本年度新收政府信息公开申请{NEW}件，{YOY}；" in report.general
        assert post(people.clerk, report, "save", **_written(report)) == 302
        report.refresh_from_db()
        assert [f for f in report.findings if f["severity"] == "error"] == []

        sentence = (
            "本年度新收政府信息公开申请3件，同比增长200%；上年结转1件；办理完毕3件，"
            "结转下年度继续办理1件。因政府信息公开被申请行政复议0件，被提起行政诉讼0件、复议后起诉0件。"
        )
        # The page shows the text as it will read, beside the draft that keeps its fields.
        assert sentence in _section(page_text(people.clerk, report), 1)
        # A new case is counted at once, in the same sentence: 4 new, 同比 +300%, 2 carried forward.
        application(bureau, people.clerk, received=dt.date(2025, 12, 29))
        assert (
            "本年度新收政府信息公开申请4件，同比增长300%；上年结转1件；办理完毕3件，结转下年度继续办理2件。"
            in (page_text(people.clerk, report))
        )

        assert post(people.clerk, report, "submit") == 302
        assert post(people.head, report, "approve", step=1, reason="") == 302
        assert post(people.leader, report, "approve", step=2, reason="") == 302
        report.refresh_from_db()
        assert report.status == Status.SIGNED
        # What is signed is the filled text; the draft kept its live fields.
        assert report.content is not None
        signed = report.content["sections"][0]["text"]
        assert "本年度新收政府信息公开申请4件，同比增长300%；" in signed
        assert "【" not in signed
        assert f"{NEW}件，{YOY}；" in report.general


def test_a_government_starts_with_the_three_topics_a_department_does_not(
    bureau: Agency, county: Agency, people: People, january_2026: object
) -> None:
    from tests.factories import member

    county_clerk = member(county, "clerk", username="county_clerk")
    government = actions.start_report(acting_user=county_clerk, agency=county, year=2025)
    department = actions.start_report(acting_user=people.clerk, agency=bureau, year=2025)
    both = (
        "（一）主动公开。",
        "（二）依申请公开。",
        "（三）政府信息管理。",
        "（四）平台建设。",
        "（五）监督保障。",
    )
    for report in (government, department):
        assert all(topic in report.general for topic in both)
    for topic in ("（六）考核。", "（七）社会评议。", "（八）责任追究。"):
        assert topic in government.general
        assert topic not in department.general
    assert "考核" not in department.general
    assert (
        government.problems
        == department.problems
        == (
            "（待补充：本年度政府信息公开工作存在的主要问题。）\n"
            "（待补充：针对上述问题的改进措施，以及上一年度所报问题的整改情况。）"
        )
    )
    # Sections 二 to 四 are the tables: nothing to write.
    assert (department.proactive, department.applications, department.appeals) == ("", "", "")


def test_section_six_states_the_fees_paid_in_the_year(
    bureau: Agency, other_bureau: Agency, people: People, january_2026: object
) -> None:
    def notice(agency: Agency, amount: int, paid: dt.date | None) -> None:
        clerk = people.clerk if agency == bureau else people.outsider
        case = application(agency, clerk, received=dt.date(2025, 6, 2))
        FeeNotice.objects.create(
            application=case,
            basis="by_pages",
            quantity=amount,
            amount=amount,
            notified_on=dt.date(2025, 6, 10),
            due_on=dt.date(2025, 6, 30),
            paid_on=paid,
        )

    notice(bureau, 30, dt.date(2025, 6, 20))
    notice(bureau, 45, dt.date(2025, 12, 31))
    notice(bureau, 100, dt.date(2026, 1, 5))  # paid in 2026: next year's
    notice(bureau, 60, None)  # never paid
    notice(other_bureau, 80, dt.date(2025, 7, 1))  # another agency's
    report = actions.start_report(acting_user=people.clerk, agency=bureau, year=2025)
    # Two notices paid in 2025 for this bureau: 30 + 45 = 75 元.
    assert report.other == (
        "本年度共发出收费通知2件，收取信息处理费75元。\n（待补充：本年度政务公开工作要点的落实情况。）"
    )
    from gongkai.applications.selectors import fees_paid

    assert fees_paid(bureau, 2025) == (2, Decimal(75))
    assert fees_paid(bureau, 2024) == (0, Decimal(0))


def test_the_2019_edition_has_no_fee_statement_to_start_from(
    bureau: Agency, people: People, january_2026: object
) -> None:
    report = actions.start_report(acting_user=people.clerk, agency=bureau, year=2020)
    assert report.edition == "E2019"
    assert report.other == "（待补充：其他需要报告的事项。）"
    assert "本年制发规范性文件【表二·规范性文件·本年新制作数量】件。" in report.general


def test_an_unwritten_prompt_or_an_unfillable_field_blocks_submitting(
    bureau: Agency, people: People, january_2026: object
) -> None:
    report = actions.start_report(acting_user=people.clerk, agency=bureau, year=2025)
    # No 2024 report: 同比 cannot be computed. Prompts: 4 in 一, 2 in 五, 1 in 六.
    problems = [(f["code"], f["section"]) for f in report.findings if f["severity"] == "error"]
    assert problems == [("missing-last-year", 1)] + [("prompt", 1)] * 4 + [("prompt", 5)] * 2 + [
        ("prompt", 6)
    ]
    version = report.version
    response = client_for(people.clerk).post(f"/work/reports/{report.pk}/submit/", {"version": version})
    assert response.status_code == 400
    assert "检查发现8处错误，须改正后才能送审" in response.content.decode()
    report.refresh_from_db()
    assert (report.status, report.version) == (Status.DRAFT, version)

    # Beside its section, in the words of the clerk.
    html = page_text(people.clerk, report)
    first = _section(html, 1)
    assert "尚未填写：本年度主动公开政府信息的主要内容、渠道和数量" in first
    assert "没有上一年度报告" in first
    assert "尚未填写：本年度政务公开工作要点的落实情况" in _section(html, 6)
    assert "尚未填写：本年度政府信息公开工作存在的主要问题" in _section(html, 5)

    # Written, and 同比 taken out, but a field that names no cell: still blocked.
    written = _written(report)
    written["general"] = written["general"].replace(f"，{YOY}", "") + "办理【表三·不存在的行·总计】件。"
    assert post(people.clerk, report, "save", **written) == 302
    report.refresh_from_db()
    assert [(f["code"], f["section"]) for f in report.findings if f["severity"] == "error"] == [
        ("unknown-field", 1)
    ]
    assert "【表三·不存在的行·总计】不是" in _section(page_text(people.clerk, report), 1)
    assert post(people.clerk, report, "submit") == 400

    written["general"] = written["general"].replace("办理【表三·不存在的行·总计】件。", "")
    assert post(people.clerk, report, "save", **written) == 302
    assert post(people.clerk, report, "submit") == 302
    report.refresh_from_db()
    assert report.status == Status.IN_REVIEW
