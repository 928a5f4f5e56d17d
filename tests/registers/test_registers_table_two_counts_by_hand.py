"""Table 二 counted from the registers, against numbers worked out by hand, for both editions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from pytest_django import DjangoAssertNumQueries

from gongkai.agencies.models import Agency, Level, Role
from gongkai.annual_report.checker import check
from gongkai.annual_report.editions import Edition
from gongkai.annual_report.findings import Severity
from gongkai.registers import actions
from gongkai.registers.models import NormativeDocument
from gongkai.registers.selectors import table_two
from tests.factories import member
from tests.registers.registers_day import on_the_last_day_of_june  # noqa: F401  (autouse: today is 2026-06-30)

D = dt.date


def _document(
    user: User,
    agency: Agency,
    number: str,
    made: dt.date,
    published: dt.date | None = None,
    repealed: dt.date | None = None,
    kind: str = "normative",
) -> None:
    document = actions.register_document(
        acting_user=user,
        agency=agency,
        kind=kind,
        title=f"关于{number}的通知",
        doc_number=number,
        made_on=made,
        published_on=published,
    )
    if repealed is not None:
        actions.repeal_document(acting_user=user, document=document, on=repealed, reason="上位法修改")


def _matter(
    user: User, agency: Agency, kind: str, name: str, listed: dt.date, delisted: dt.date | None = None
) -> None:
    matter = actions.list_matter(acting_user=user, agency=agency, kind=kind, name=name, listed_from=listed)
    if delisted is not None:
        actions.delist_matter(acting_user=user, matter=matter, on=delisted)


def _decision(user: User, agency: Agency, kind: str, on: dt.date) -> None:
    actions.record_decision(
        acting_user=user, agency=agency, kind=kind, decided_on=on, reference=f"{kind}-{on}"
    )


def _registers(user: User, agency: Agency) -> None:
    """Five years of a county bureau's registers (the worked numbers are in the tests below)."""
    _document(user, agency, "示自然资〔2018〕1号", D(2018, 5, 1), D(2018, 5, 10))  # A
    _document(user, agency, "示自然资〔2019〕2号", D(2019, 3, 1), D(2019, 3, 5), repealed=D(2020, 6, 1))  # B
    _document(user, agency, "示自然资〔2019〕9号", D(2019, 11, 1), D(2020, 1, 3))  # E
    _document(user, agency, "示自然资〔2020〕1号", D(2020, 2, 1), D(2020, 2, 10))  # C
    _document(user, agency, "示自然资〔2020〕8号", D(2020, 12, 20), D(2021, 1, 5))  # D
    _document(user, agency, "示自然资〔2021〕3号", D(2021, 3, 1), D(2021, 3, 5), repealed=D(2022, 4, 1))  # F
    _document(user, agency, "示自然资〔2022〕1号", D(2022, 2, 2), D(2022, 2, 10))  # G
    _document(user, agency, "示自然资〔2022〕5号", D(2022, 5, 5), repealed=D(2022, 11, 11))  # H

    _matter(user, agency, "license", "采矿权新立登记", D(2018, 1, 1))  # L1
    _matter(user, agency, "license", "临时用地审批", D(2019, 6, 1), D(2020, 3, 1))  # L2
    _matter(user, agency, "license", "建设用地规划许可", D(2020, 5, 1))  # L3
    _matter(user, agency, "license", "乡村建设规划许可", D(2021, 1, 1))  # L4
    _matter(user, agency, "other_services", "不动产登记资料查询", D(2019, 12, 31))  # O1
    _matter(user, agency, "penalty", "违法占地处罚", D(2017, 1, 1))  # P1
    _matter(user, agency, "penalty", "违法采矿处罚", D(2017, 1, 1), D(2020, 1, 1))  # P2
    _matter(user, agency, "fees", "土地复垦费", D(2018, 1, 1))  # F1
    _matter(user, agency, "fees", "不动产登记费", D(2020, 7, 1))  # F2

    _decision(user, agency, "license", D(2019, 12, 31))
    for day in (D(2020, 1, 1), D(2020, 6, 15), D(2020, 12, 31)):
        _decision(user, agency, "license", day)
    _decision(user, agency, "other_services", D(2020, 4, 4))
    _decision(user, agency, "penalty", D(2020, 5, 5))
    _decision(user, agency, "penalty", D(2020, 9, 9))
    _decision(user, agency, "coercion", D(2021, 1, 1))
    _decision(user, agency, "license", D(2022, 3, 3))
    _decision(user, agency, "penalty", D(2022, 8, 8))
    _decision(user, agency, "coercion", D(2022, 2, 1))
    _decision(user, agency, "coercion", D(2022, 10, 1))

    actions.record_procurement(
        acting_user=user, agency=agency, project="测绘仪器", year=2019, amount_wan=Decimal(8)
    )
    actions.record_procurement(
        acting_user=user, agency=agency, project="办公电脑", year=2020, amount_wan=Decimal("12.5")
    )
    actions.record_procurement(
        acting_user=user, agency=agency, project="档案柜", year=2020, amount_wan=Decimal("3.25")
    )
    actions.record_fee_collection(
        acting_user=user, agency=agency, item="土地复垦费", year=2021, amount_yuan=Decimal(5000)
    )
    actions.record_fee_collection(
        acting_user=user, agency=agency, item="土地复垦费", year=2022, amount_yuan=Decimal("12000.00")
    )
    actions.record_fee_collection(
        acting_user=user, agency=agency, item="不动产登记费", year=2022, amount_yuan=Decimal("3456.78")
    )


def test_2020_report_counts_the_old_edition_by_hand(bureau: Agency, clerk: User) -> None:
    _registers(clerk, bureau)
    report = table_two(bureau, 2020)
    assert report.edition is Edition.E2019
    t = report.tables
    # made in 2020: C, D; published in 2020: E, C; published and in force on 2020-12-31: A, E, C
    # (B was repealed in June, D was only published in 2021).
    assert t["art20_1"]["normative"] == {"made": 2, "published": 2, "total_public": 3}
    assert t["art20_1"]["rules"] == {"made": 0, "published": 0, "total_public": 0}
    # licences listed on 2019-12-31: L1, L2; on 2020-12-31: L1, L3.
    assert t["art20_5"]["license"] == {"prev_items": 2, "delta": 0, "decisions": 3}
    assert t["art20_5"]["other_services"] == {"prev_items": 1, "delta": 0, "decisions": 1}
    # P2 was delisted on 2020-01-01, so it was on the list at the end of 2019 only.
    assert t["art20_6"]["penalty"] == {"prev_items": 2, "delta": -1, "decisions": 2}
    assert t["art20_6"]["coercion"] == {"prev_items": 0, "delta": 0, "decisions": 0}
    assert t["art20_8"]["fees"] == {"prev_items": 1, "delta": 1}
    assert t["art20_9"]["procurement"] == {"projects": 2, "amount": Decimal("15.75")}


def test_2019_report_counts_the_old_edition_by_hand(bureau: Agency, clerk: User) -> None:
    _registers(clerk, bureau)
    t = table_two(bureau, 2019).tables
    # made in 2019: B, E; published in 2019: B; public and in force at its end: A, B.
    assert t["art20_1"]["normative"] == {"made": 2, "published": 1, "total_public": 2}
    assert t["art20_5"]["license"] == {"prev_items": 1, "delta": 1, "decisions": 1}
    assert t["art20_5"]["other_services"] == {"prev_items": 0, "delta": 1, "decisions": 0}
    assert t["art20_6"]["penalty"] == {"prev_items": 2, "delta": 0, "decisions": 0}
    assert t["art20_8"]["fees"] == {"prev_items": 1, "delta": 0}
    assert t["art20_9"]["procurement"] == {"projects": 1, "amount": Decimal(8)}


def test_2022_report_counts_the_new_edition_by_hand(bureau: Agency, clerk: User) -> None:
    _registers(clerk, bureau)
    report = table_two(bureau, 2022)
    assert report.edition is Edition.E2021
    t = report.tables
    # issued in 2022: G, H; repealed in 2022: F, H; in force on 2022-12-31: A, E, C, D, G.
    assert t["art20_1"]["normative"] == {"issued": 2, "repealed": 2, "in_force": 5}
    assert t["art20_1"]["rules"] == {"issued": 0, "repealed": 0, "in_force": 0}
    assert t["art20_5"]["license"] == {"decisions": 1}
    assert t["art20_6"]["penalty"] == {"decisions": 1}
    assert t["art20_6"]["coercion"] == {"decisions": 2}
    # 12,000.00 + 3,456.78 = 15,456.78 元 = 1.545678 万元
    assert t["art20_8"]["fees"] == {"amount": Decimal("1.545678")}


def test_2021_report_counts_the_new_edition_by_hand(bureau: Agency, clerk: User) -> None:
    _registers(clerk, bureau)
    t = table_two(bureau, 2021).tables
    # issued in 2021: F; nothing repealed; in force at its end: A, E, C, D, F.
    assert t["art20_1"]["normative"] == {"issued": 1, "repealed": 0, "in_force": 5}
    assert t["art20_6"]["coercion"] == {"decisions": 1}
    assert t["art20_8"]["fees"] == {"amount": Decimal("0.5")}


@pytest.mark.parametrize("year", [2019, 2020, 2021, 2022, 2023])
def test_each_year_passes_the_checker_against_the_year_before(bureau: Agency, clerk: User, year: int) -> None:
    _registers(clerk, bureau)
    findings = check(table_two(bureau, year), previous=table_two(bureau, year - 1))
    assert [f.message for f in findings if f.severity is Severity.ERROR] == []


def test_a_city_government_reports_its_rules(clerk: User) -> None:
    city = Agency.objects.create(name="示例市人民政府", level=Level.CITY, is_government=True)
    user = member(city, Role.CLERK)
    _document(user, city, "示例市人民政府令第1号", D(2021, 6, 1), D(2021, 6, 5), kind="rules")
    _document(user, city, "示例市人民政府令第2号", D(2022, 3, 1), D(2022, 3, 8), kind="rules")
    _document(user, city, "示例市人民政府令第3号", D(2022, 9, 1), D(2022, 9, 8), kind="rules")
    actions.repeal_document(
        acting_user=user,
        document=NormativeDocument.objects.get(doc_number="示例市人民政府令第1号"),
        on=D(2022, 10, 1),
        reason="已被新规章替代",
    )
    this, last = table_two(city, 2022), table_two(city, 2021)
    assert this.tables["art20_1"]["rules"] == {"issued": 2, "repealed": 1, "in_force": 2}
    assert last.tables["art20_1"]["rules"] == {"issued": 1, "repealed": 0, "in_force": 1}
    assert [f for f in check(this, previous=last) if f.severity is Severity.ERROR] == []


@pytest.mark.parametrize(("year", "queries"), [(2020, 4), (2022, 3)])
@pytest.mark.parametrize("size", [1, 50])
def test_table_two_costs_the_same_queries_for_1_or_50_rows(
    bureau: Agency,
    clerk: User,
    django_assert_num_queries: DjangoAssertNumQueries,
    year: int,
    queries: int,
    size: int,
) -> None:
    for n in range(size):
        day = D(year, 1 + n % 12, 1 + n % 28)
        _document(
            clerk, bureau, f"示自然资〔{year}〕{n + 1}号", day, day, repealed=day if n % 3 == 0 else None
        )
        _decision(clerk, bureau, ("license", "penalty", "coercion")[n % 3], day)
        _matter(clerk, bureau, "license", f"事项{n}", day)
    with django_assert_num_queries(queries):
        report = table_two(bureau, year)
    decided = report.tables["art20_5"]["license"]["decisions"]
    assert decided == (size + 2) // 3
