"""The report's chain through its pages: drafted, 审核, 签发, filed, returned by the supervisor,
fixed, filed again, accepted, published; and every way of jumping the queue refused."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.agencies.models import Agency, Membership, Role
from gongkai.reports.models import AnnualReport, EventKind, ReportChain, ReportChainStep, Status
from tests.factories import member
from tests.reports.reports_fixtures import FEES, People, client_for, drafted, filed, page_text, post

from . import reports_fixtures

pytestmark = pytest.mark.django_db

people = reports_fixtures.people
january_2026 = reports_fixtures.january_2026

SECTIONS = {"general": "本年度，本局认真贯彻《条例》。", "problems": "公开内容还不够全面。", "other": FEES}


def test_the_whole_path_through_the_pages(bureau: Agency, people: People, january_2026: object) -> None:
    response = client_for(people.clerk).post("/work/reports/", {"agency": bureau.pk, "year": 2025})
    report = AnnualReport.objects.get(agency=bureau, year=2025)
    assert response.status_code == 302
    assert response["Location"] == f"/work/reports/{report.pk}/"
    assert report.edition == "E2021"  # a 2025 report uses the 2021 format

    assert post(people.clerk, report, "save", **SECTIONS) == 302
    assert post(people.clerk, report, "submit") == 302
    assert post(people.head, report, "approve", step=1, reason="同意") == 302
    report.refresh_from_db()
    assert report.status == Status.TO_SIGN
    assert post(people.leader, report, "approve", step=2) == 302
    report.refresh_from_db()
    assert report.status == Status.SIGNED
    assert post(people.clerk, report, "file") == 302

    # The county's 政务公开办 sends it back; the bureau sees why, fixes it and files it again.
    assert (
        post(people.supervisor, report, "supervisor_return", comments="第五部分过于简单，请补充改进措施")
        == 302
    )
    report.refresh_from_db()
    assert report.status == Status.RETURNED
    assert "第五部分过于简单，请补充改进措施" in page_text(people.clerk, report)
    fixed = SECTIONS | {"problems": "公开内容还不够全面。下一步将完善公开目录，按月检查更新情况。"}
    assert post(people.clerk, report, "save", **fixed) == 302
    report.refresh_from_db()
    assert report.status == Status.DRAFT
    assert post(people.clerk, report, "submit") == 302
    assert post(people.head, report, "approve", step=1) == 302
    assert post(people.leader, report, "approve", step=2) == 302
    assert post(people.clerk, report, "file") == 302
    assert post(people.supervisor, report, "accept") == 302
    assert post(people.clerk, report, "publish") == 302

    report.refresh_from_db()
    assert report.status == Status.PUBLISHED
    assert report.published_on == dt.date(2026, 1, 10)
    assert len(report.published_sha256) == 64
    assert report.content is not None
    assert report.content["sections"][4]["text"] == fixed["problems"]
    text = page_text(people.supervisor, report)
    assert report.published_sha256 in text
    assert "按期发布" in text
    assert [e.kind for e in report.events.all()] == [
        EventKind.CREATED,
        EventKind.SAVED,
        EventKind.SUBMITTED,
        EventKind.APPROVED,
        EventKind.SIGNED,
        EventKind.FILED,
        EventKind.SUPERVISOR_RETURNED,
        EventKind.SAVED,
        EventKind.SUBMITTED,
        EventKind.APPROVED,
        EventKind.SIGNED,
        EventKind.FILED,
        EventKind.ACCEPTED,
        EventKind.PUBLISHED,
    ]
    assert [e.who for e in report.events.filter(kind=EventKind.SIGNED)] == ["leader", "leader"]


def _unchanged(report: AnnualReport, status: str) -> None:
    before = report.version
    report.refresh_from_db()
    assert (report.status, report.version) == (status, before)


def test_a_step_cannot_be_skipped_taken_twice_or_signed_by_the_wrong_role(
    bureau: Agency, people: People, january_2026: object
) -> None:
    report = drafted(bureau, people)
    assert post(people.clerk, report, "submit") == 302
    report.refresh_from_db()
    # 签发 before 审核: refused as out of order.
    assert post(people.leader, report, "approve", step=2) == 409
    _unchanged(report, Status.IN_REVIEW)
    # The leader may not take the office head's step, nor may a clerk.
    assert post(people.leader, report, "approve", step=1) == 403
    assert post(people.clerk, report, "approve", step=1) == 403
    _unchanged(report, Status.IN_REVIEW)
    assert post(people.head, report, "approve", step=1) == 302
    report.refresh_from_db()
    # 审核 again, or the office head signing for the leader: refused.
    assert post(people.head, report, "approve", step=1) == 409
    assert post(people.head, report, "approve", step=2) == 403
    _unchanged(report, Status.TO_SIGN)
    # Filing or publishing before it is signed: refused.
    assert post(people.clerk, report, "file") == 409
    assert post(people.clerk, report, "publish") == 409
    _unchanged(report, Status.TO_SIGN)
    assert [e.kind for e in report.events.all()][-2:] == [EventKind.SUBMITTED, EventKind.APPROVED]


def test_a_returned_report_starts_the_chain_again(
    bureau: Agency, people: People, january_2026: object
) -> None:
    report = drafted(bureau, people)
    post(people.clerk, report, "submit")
    post(people.head, report, "approve", step=1)
    assert post(people.leader, report, "return", step=2, reason="") == 400  # a reason is required
    assert post(people.leader, report, "return", step=2, reason="表述不准确") == 302
    report.refresh_from_db()
    assert (report.status, report.steps_done) == (Status.DRAFT, 0)
    post(people.clerk, report, "submit")
    assert post(people.leader, report, "approve", step=2) == 409  # 审核 must be signed again first


def test_the_agencys_own_chain_is_followed_and_one_person_signs_one_step(
    bureau: Agency, people: People, january_2026: object
) -> None:
    chain = ReportChain.objects.create(agency=bureau)
    for position, (label, role) in enumerate(
        [("初审", Role.OFFICE_HEAD), ("复核", Role.DEPUTY_LEADER), ("签发", Role.PRINCIPAL_LEADER)], start=1
    ):
        ReportChainStep.objects.create(chain=chain, position=position, label=label, role=role)
    deputy = member(bureau, Role.DEPUTY_LEADER, username="deputy")
    report = drafted(bureau, people)
    post(people.clerk, report, "submit")
    report.refresh_from_db()
    assert [s["label"] for s in report.steps] == ["初审", "复核", "签发"]
    assert post(people.head, report, "approve", step=1) == 302
    report.refresh_from_db()
    assert report.status == Status.IN_REVIEW
    # The deputy also holds the leader's role: one person still signs only one step of a round.
    Membership.objects.create(user=deputy, agency=bureau, role=Role.PRINCIPAL_LEADER)
    assert post(deputy, report, "approve", step=2) == 302
    report.refresh_from_db()
    assert report.status == Status.TO_SIGN
    assert post(deputy, report, "approve", step=3) == 403
    assert post(people.leader, report, "approve", step=3) == 302
    report.refresh_from_db()
    assert report.status == Status.SIGNED


def test_another_agencys_staff_see_nothing_and_change_nothing(
    bureau: Agency, people: People, january_2026: object
) -> None:
    report = drafted(bureau, people)
    outsider = client_for(people.outsider)
    assert outsider.get(f"/work/reports/{report.pk}/").status_code == 404
    assert post(people.outsider, report, "save", general="改写") == 404
    assert post(people.outsider, report, "submit") == 404
    assert f"/work/reports/{report.pk}/" not in outsider.get("/work/reports/").content.decode()
    # Nor may they open a report for an agency that is not theirs.
    response = outsider.post("/work/reports/", {"agency": bureau.pk, "year": 2024})
    assert response.status_code == 400
    assert not AnnualReport.objects.filter(agency=bureau, year=2024).exists()
    _unchanged(report, Status.DRAFT)


def test_the_supervisor_reads_but_acts_only_on_what_is_filed(
    bureau: Agency, people: People, january_2026: object
) -> None:
    report = drafted(bureau, people)
    assert "上级监督" in page_text(people.supervisor, report)
    assert post(people.supervisor, report, "save", general="上级改写") == 403
    assert post(people.supervisor, report, "accept") == 409  # not filed yet
    report = filed(bureau, people, report)
    assert post(people.clerk, report, "accept") == 403  # only the supervisor accepts
    assert post(people.head, report, "supervisor_return", comments="自己退回") == 403
    _unchanged(report, Status.FILED)
