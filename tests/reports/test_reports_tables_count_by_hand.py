"""The compose page's tables 二, 三 and 四 are counted from the year's work, never typed: a small
bureau's 2025, worked out by hand, in the 2021 format; and a 2020 report in the 2019 format."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.test import Client

from gongkai.agencies.models import Agency
from gongkai.applications import actions as cases
from gongkai.registers import actions as registers
from gongkai.reports import actions
from gongkai.reports.models import AnnualReport
from tests.factories import application
from tests.reports.reports_fixtures import People, page_text

from . import reports_fixtures

pytestmark = pytest.mark.django_db

people = reports_fixtures.people
january_2026 = reports_fixtures.january_2026

D = dt.date
BASIS = "《中华人民共和国政府信息公开条例》第三十六条"


def _decided(
    clerk: User, agency: Agency, received: dt.date, on: dt.date, outcome: str, kind: str = "natural_person"
):  # type: ignore[no-untyped-def]
    case = application(agency, clerk, received=received, applicant_kind=kind)
    return cases.decide(acting_user=clerk, application=case, outcome=outcome, legal_basis=BASIS, on=on)


def _year_of_work(clerk: User, agency: Agency) -> None:
    a = _decided(clerk, agency, D(2024, 12, 20), D(2025, 1, 10), "granted")  # carried over from 2024
    _decided(clerk, agency, D(2025, 3, 3), D(2025, 3, 20), "partial")
    c = _decided(clerk, agency, D(2025, 5, 6), D(2025, 5, 20), "unavailable_not_held", kind="commercial")
    application(agency, clerk, received=D(2025, 12, 25))  # still open on December 31
    application(agency, clerk, received=D(2026, 1, 5), applicant_kind="research")  # next year's
    review = cases.file_appeal(
        acting_user=clerk, application=a, kind="review", body="示例县人民政府", filed_on=D(2025, 2, 1)
    )
    cases.conclude_appeal(acting_user=clerk, appeal=review, outcome="upheld", concluded_on=D(2025, 4, 1))
    cases.file_appeal(
        acting_user=clerk, application=c, kind="suit_direct", body="示例县人民法院", filed_on=D(2025, 6, 1)
    )

    registers.register_document(
        acting_user=clerk,
        agency=agency,
        kind="normative",
        title="关于规范用地的通知",
        doc_number="示自然资〔2025〕1号",
        made_on=D(2025, 2, 1),
        published_on=D(2025, 2, 10),
    )
    for kind, day in (("license", D(2025, 3, 1)), ("license", D(2025, 4, 1)), ("penalty", D(2025, 5, 5))):
        registers.record_decision(
            acting_user=clerk, agency=agency, kind=kind, decided_on=day, reference=f"{kind}-{day}"
        )
    registers.record_decision(
        acting_user=clerk, agency=agency, kind="penalty", decided_on=D(2024, 5, 5), reference="old"
    )
    registers.record_fee_collection(
        acting_user=clerk, agency=agency, item="土地复垦费", year=2025, amount_yuan=Decimal(5000)
    )


def _cells(text: str) -> dict[str, str]:
    return dict(re.findall(r'data-key="([^"]+)">(?:<a href="[^"]*">)?([^<]*)(?:</a>)?</td>', text))


def test_the_compose_page_shows_the_years_work_as_counted_by_hand(
    bureau: Agency, people: People, january_2026: object
) -> None:
    _year_of_work(people.clerk, bureau)
    report = actions.start_report(acting_user=people.clerk, agency=bureau, year=2025)
    cells = _cells(page_text(people.clerk, report))

    # Table 三: new = B, D (natural persons) and C (a company); carried over = A; concluded in
    # 2025: A granted, B partial, C not held; D carried forward. The 2026 case counts nowhere.
    expected_three = {
        "new": {"natural_person": "2", "commercial": "1", "research": "0", "total": "3"},
        "carried_over": {"natural_person": "1", "commercial": "0", "total": "1"},
        "granted": {"natural_person": "1", "total": "1"},
        "partial": {"natural_person": "1", "total": "1"},
        "unavailable_not_held": {"commercial": "1", "total": "1"},
        "total": {"natural_person": "2", "commercial": "1", "total": "3"},
        "carried_forward": {"natural_person": "1", "commercial": "0", "total": "1"},
        "withheld_secret": {"total": "0"},
    }
    for row, columns in expected_three.items():
        for column, value in columns.items():
            assert cells[f"applications.{row}.{column}"] == value, (row, column)
    # Table 四: A's review upheld in 2025; C's suit still pending at year end.
    assert cells["appeals.cases.review_upheld"] == "1"
    assert cells["appeals.cases.review_total"] == "1"
    assert cells["appeals.cases.suit_direct_pending"] == "1"
    assert cells["appeals.cases.suit_direct_total"] == "1"
    assert cells["appeals.cases.suit_after_review_total"] == "0"
    # Table 二: one normative document issued and in force; two licences and one penalty decided
    # in 2025 (the 2024 penalty not); 5,000 元 of fees = 0.5 万元.
    assert cells["art20_1.normative.issued"] == "1"
    assert cells["art20_1.normative.in_force"] == "1"
    assert cells["art20_1.normative.repealed"] == "0"
    assert cells["art20_5.license.decisions"] == "2"
    assert cells["art20_6.penalty.decisions"] == "1"
    assert cells["art20_6.coercion.decisions"] == "0"
    assert cells["art20_8.fees.amount"] == "0.5"
    # The counts agree with themselves: the checker finds nothing in the tables.
    report.refresh_from_db()
    assert [f for f in report.findings if f["table"]] == []


def test_a_2020_report_is_laid_out_in_the_2019_format(
    bureau: Agency, people: People, january_2026: object
) -> None:
    registers.record_procurement(
        acting_user=people.clerk, agency=bureau, project="办公电脑", year=2020, amount_wan=Decimal("12.5")
    )
    report = actions.start_report(acting_user=people.clerk, agency=bureau, year=2020)
    assert AnnualReport.objects.get(pk=report.pk).edition == "E2019"
    text = page_text(people.clerk, report)
    cells = _cells(text)
    assert cells["art20_9.procurement.projects"] == "1"
    assert cells["art20_9.procurement.amount"] == "12.5"
    assert "applications.other.total" in cells  # the 2019 format's single 其他处理 row
    assert "applications.other_fee_unpaid.total" not in cells
    # The 2019 format does not ask for the fee statement: no warning about it.
    assert "fee-statement" not in {f["code"] for f in report.findings}


def _listed(user: User, url: str) -> list[str]:
    """The first column of a drill-down page: the records behind the number."""
    response = reports_fixtures.client_for(user).get(url)
    assert response.status_code == 200
    return re.findall(r'<th scope="row">(?:<a href="[^"]*">)?([^<]*)', response.content.decode())


def test_every_number_opens_the_records_behind_it(
    bureau: Agency, people: People, january_2026: object
) -> None:
    _year_of_work(people.clerk, bureau)
    report = actions.start_report(acting_user=people.clerk, agency=bureau, year=2025)
    numbers = {
        a.received_on: a.number
        for a in bureau.applications.all()  # type: ignore[attr-defined]
    }
    base = f"/work/reports/{report.pk}/cells/"
    assert f'href="{base}applications.new.natural_person/"' in page_text(people.clerk, report)
    # 新收 by natural persons: B (March 3) and D (December 25); carried forward: D.
    assert _listed(people.clerk, f"{base}applications.new.natural_person/") == [
        numbers[D(2025, 3, 3)],
        numbers[D(2025, 12, 25)],
    ]
    assert _listed(people.clerk, f"{base}applications.carried_forward.total/") == [numbers[D(2025, 12, 25)]]
    assert _listed(people.clerk, f"{base}applications.total.total/") == [
        numbers[D(2024, 12, 20)],
        numbers[D(2025, 3, 3)],
        numbers[D(2025, 5, 6)],
    ]
    assert _listed(people.supervisor, f"{base}appeals.cases.suit_direct_pending/") == [numbers[D(2025, 5, 6)]]
    assert _listed(people.clerk, f"{base}art20_5.license.decisions/") == [
        "license-2025-03-01",
        "license-2025-04-01",
    ]
    assert _listed(people.clerk, f"{base}art20_8.fees.amount/") == ["土地复垦费"]
    # Staff of another agency, the public, and cells that do not exist: nothing.
    assert (
        reports_fixtures.client_for(people.outsider).get(f"{base}applications.new.total/").status_code == 404
    )
    assert Client().get(f"{base}applications.new.total/").status_code == 302  # to the sign-in
    assert (
        reports_fixtures.client_for(people.clerk).get(f"{base}applications.nothing.total/").status_code == 404
    )
