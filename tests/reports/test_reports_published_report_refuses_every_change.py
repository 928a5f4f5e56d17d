"""A published report never changes again: every form of its page and every action refuses it
(409) and leaves it as published; a correction is a new revision and both stay."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from gongkai.agencies.models import Agency
from gongkai.core.actions import ActionError
from gongkai.reports import actions
from gongkai.reports.models import AnnualReport, EventKind, Status
from gongkai.reports.views import REPORT_ACTIONS
from tests.reports.reports_fixtures import People, client_for, page_text, post, published

from . import reports_fixtures

pytestmark = pytest.mark.django_db

people = reports_fixtures.people
january_2026 = reports_fixtures.january_2026

# A filled-in, valid form for every action of the page (the version is added by `post`).
FORMS: dict[str, dict[str, object]] = {
    "save": {"general": "发布后改写", "other": "发布后改写"},
    "override": {"cell": "applications.new.natural_person", "value": "9", "reason": "发布后改写"},
    "submit": {},
    "approve": {"step": 1},
    "return": {"step": 1, "reason": "发布后退回"},
    "file": {},
    "supervisor_return": {"comments": "发布后退回"},
    "accept": {},
    "publish": {},
}


def _snapshot(report: AnnualReport) -> tuple[Any, ...]:
    report.refresh_from_db()
    return (
        report.status,
        report.version,
        report.content,
        report.published_on,
        report.published_sha256,
        report.general,
        report.overrides,
        report.events.count(),
    )


def test_every_form_of_the_page_refuses_a_published_report(
    bureau: Agency, people: People, january_2026: object
) -> None:
    report = published(bureau, people)
    before = _snapshot(report)
    assert set(FORMS) | {"correct"} == set(REPORT_ACTIONS)  # every action of the page is tried
    for action, data in FORMS.items():
        for user in (people.clerk, people.head, people.leader, people.supervisor):
            status = post(user, report, action, **data)
            assert status in (403, 409), (action, user, status)
            if user in (people.clerk, people.supervisor):
                assert status == 409, (action, user)
    assert _snapshot(report) == before
    # Nor does opening it again for the year make a second report.
    response = client_for(people.clerk).post("/work/reports/", {"agency": bureau.pk, "year": 2025})
    assert response.status_code == 409
    assert AnnualReport.objects.filter(agency=bureau, year=2025).count() == 1


def test_every_action_refuses_a_published_report(
    bureau: Agency, people: People, january_2026: object
) -> None:
    report = published(bureau, people)
    before = _snapshot(report)
    calls: list[tuple[User, Any, dict[str, Any]]] = [
        (people.clerk, actions.save_draft, {"sections": {"general": "改"}}),
        (
            people.clerk,
            actions.set_override,
            {"cell": "appeals.cases.review_total", "value": "1", "reason": "改"},
        ),
        (people.clerk, actions.submit, {}),
        (people.head, actions.approve, {"step": 1}),
        (people.head, actions.return_to_drafter, {"step": 1, "reason": "改"}),
        (people.clerk, actions.file_report, {}),
        (people.supervisor, actions.return_with_comments, {"comments": "改"}),
        (people.supervisor, actions.accept, {}),
        (people.clerk, actions.publish, {}),
    ]
    for user, action, kwargs in calls:
        for version in (report.version, None):
            with pytest.raises(ActionError) as refused:
                action(acting_user=user, report=report, version=version, **kwargs)
            assert refused.value.code == "conflict", action
            assert "已发布" in str(refused.value)
    assert _snapshot(report) == before


def test_a_correction_is_a_new_revision_and_the_published_one_stays(
    bureau: Agency, people: People, january_2026: object
) -> None:
    report = published(bureau, people)
    before = _snapshot(report)
    assert post(people.clerk, report, "correct", note="") == 400
    assert post(people.clerk, report, "correct", note="第三部分的申请数字有误，予以更正") == 302
    assert _snapshot(report) == before
    correction = AnnualReport.objects.get(supersedes=report)
    assert (correction.revision, correction.status, correction.year) == (2, Status.DRAFT, 2025)
    assert correction.general == report.general
    assert [e.kind for e in correction.events.all()] == [EventKind.CORRECTION]
    text = page_text(people.clerk, correction)
    assert "第三部分的申请数字有误，予以更正" in text
    assert "更正版本1" in text
    # The published one is corrected once; a second correction goes on the newest revision.
    assert post(people.clerk, report, "correct", note="再更正") == 409
    assert 'id="action-correct"' not in page_text(people.clerk, report)  # no form offered any more
    assert AnnualReport.objects.filter(agency=bureau, year=2025).count() == 2
