"""/api/agencies/{id}/tables/{year} gives tables 三 and 四 under the canonical keys, counted from
the cases: new in the year received, a row in the year concluded, carried forward while open."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.test import Client

from gongkai.agencies.models import Agency, Role
from gongkai.applications import actions
from tests.factories import application, member

pytestmark = pytest.mark.django_db

NOBODY = {"research": 0, "public_interest": 0, "legal_services": 0, "other_org": 0}


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(User.objects.get(pk=user.pk))
    return client


@pytest.fixture
def cases(bureau: Agency, other_bureau: Agency, clerk: User) -> None:
    """Two granted natural-person cases and one commercial case open at the end of 2025 (decided
    in 2026), an appeal filed in 2025 and concluded in 2026; one granted case in the other bureau."""
    first = application(bureau, clerk, received=dt.date(2025, 2, 10))
    first = actions.decide(
        acting_user=clerk, application=first, outcome="granted", legal_basis="", on=dt.date(2025, 3, 1)
    )
    second = application(bureau, clerk, received=dt.date(2025, 5, 6))
    actions.decide(
        acting_user=clerk, application=second, outcome="granted", legal_basis="", on=dt.date(2025, 5, 20)
    )
    company = application(
        bureau,
        clerk,
        received=dt.date(2025, 12, 15),
        applicant_kind="commercial",
        applicant_name="示例县某某建材有限公司",
    )
    actions.decide(
        acting_user=clerk,
        application=company,
        outcome="partial",
        legal_basis="《中华人民共和国政府信息公开条例》第三十七条",
        on=dt.date(2026, 1, 9),
    )
    appeal = actions.file_appeal(
        acting_user=clerk,
        application=first,
        kind="review",
        body="示例县人民政府",
        filed_on=dt.date(2025, 6, 1),
    )
    actions.conclude_appeal(
        acting_user=clerk, appeal=appeal, outcome="upheld", concluded_on=dt.date(2026, 2, 1)
    )

    other_clerk = member(other_bureau, Role.CLERK)
    elsewhere = application(other_bureau, other_clerk, received=dt.date(2025, 4, 1))
    actions.decide(
        acting_user=other_clerk,
        application=elsewhere,
        outcome="granted",
        legal_basis="",
        on=dt.date(2025, 4, 10),
    )


def test_the_year_of_receipt_with_one_case_carried_forward(cases: None, clerk: User, bureau: Agency) -> None:
    body = signed_in(clerk).get(f"/api/agencies/{bureau.pk}/tables/2025").json()
    assert set(body) == {"agency", "year", "edition", "tables"}
    assert (body["agency"], body["year"], body["edition"]) == ("示例县自然资源局", 2025, "E2021")
    assert set(body["tables"]) == {"applications", "appeals"}
    table = body["tables"]["applications"]
    assert table["new"] == {"natural_person": 2, "commercial": 1, **NOBODY, "total": 3}
    assert table["carried_over"] == {"natural_person": 0, "commercial": 0, **NOBODY, "total": 0}
    assert table["granted"] == {"natural_person": 2, "commercial": 0, **NOBODY, "total": 2}
    assert table["partial"]["total"] == 0
    assert table["total"] == {"natural_person": 2, "commercial": 0, **NOBODY, "total": 2}
    assert table["carried_forward"] == {"natural_person": 0, "commercial": 1, **NOBODY, "total": 1}
    # The form's own check: new + carried over = handled + carried forward (3 + 0 = 2 + 1).
    appeals = body["tables"]["appeals"]["cases"]
    assert (appeals["review_pending"], appeals["review_upheld"], appeals["review_total"]) == (1, 0, 1)
    assert appeals["suit_direct_total"] == appeals["suit_after_review_total"] == 0


def test_the_next_year_carries_the_open_case_over_and_concludes_it(
    cases: None, clerk: User, bureau: Agency
) -> None:
    body = signed_in(clerk).get(f"/api/agencies/{bureau.pk}/tables/2026").json()
    table = body["tables"]["applications"]
    assert table["new"]["total"] == 0
    assert table["carried_over"] == {"natural_person": 0, "commercial": 1, **NOBODY, "total": 1}
    assert table["partial"] == {"natural_person": 0, "commercial": 1, **NOBODY, "total": 1}
    assert table["granted"]["total"] == 0
    assert (table["total"]["total"], table["carried_forward"]["total"]) == (1, 0)
    appeals = body["tables"]["appeals"]["cases"]
    assert (appeals["review_upheld"], appeals["review_pending"], appeals["review_total"]) == (1, 0, 1)


def test_a_supervisor_totals_the_whole_county(cases: None, supervisor: User, county: Agency) -> None:
    client = signed_in(supervisor)
    subtree = client.get(f"/api/agencies/{county.pk}/tables/2025?subtree=true").json()
    assert subtree["agency"] == "示例县人民政府及所属机关"
    table = subtree["tables"]["applications"]
    assert table["new"] == {"natural_person": 3, "commercial": 1, **NOBODY, "total": 4}
    assert table["granted"]["natural_person"] == 3
    assert table["carried_forward"]["total"] == 1
    # Without subtree: the government's own cases only, of which there are none.
    own = client.get(f"/api/agencies/{county.pk}/tables/2025").json()
    assert own["tables"]["applications"]["new"]["total"] == 0


def test_a_2020_report_uses_the_2019_edition_with_one_other_row(clerk: User, bureau: Agency) -> None:
    case = application(bureau, clerk, received=dt.date(2020, 6, 1))
    actions.withdraw(acting_user=clerk, application=case, on=dt.date(2020, 6, 3))
    body = signed_in(clerk).get(f"/api/agencies/{bureau.pk}/tables/2020").json()
    assert body["edition"] == "E2019"
    table = body["tables"]["applications"]
    assert table["other"]["natural_person"] == 1
    assert "other_misc" not in table


def test_a_year_outside_the_regulations_is_refused(clerk: User, bureau: Agency) -> None:
    response = signed_in(clerk).get(f"/api/agencies/{bureau.pk}/tables/1999")
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "year", "location": "path", "label": "年度", "message": "不能小于2008"}
    ]
