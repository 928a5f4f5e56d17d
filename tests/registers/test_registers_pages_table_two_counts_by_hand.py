"""The table 二 page: the registers of a year counted into the official table, in either edition,
with the checker's findings and the downloads. Every figure below is worked out by hand from
the records the test makes; today is pinned to 2026-06-30 and the year is 2025.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from docx import Document
from openpyxl import load_workbook

from gongkai.agencies.models import Agency
from gongkai.registers import actions
from tests.registers.registers_day import on_the_last_day_of_june  # noqa: F401  (autouse: today is 2026-06-30)

pytestmark = pytest.mark.django_db

D = dt.date


def login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def cell(html: str, key: str) -> str:
    marker = f'data-key="{key}">'
    start = html.index(marker) + len(marker)
    return html[start : html.index("<", start)]


@pytest.fixture
def registers(bureau: Agency, clerk: User) -> None:
    def document(number: str, made: dt.date, published: dt.date | None = None) -> Any:
        return actions.register_document(
            acting_user=clerk,
            agency=bureau,
            kind="normative",
            title=f"文件{number}",
            doc_number=number,
            made_on=made,
            published_on=published,
        )

    document("N1", D(2023, 5, 1), D(2023, 5, 10))  # in force throughout
    n2 = document("N2", D(2024, 3, 1), D(2024, 3, 5))
    actions.repeal_document(acting_user=clerk, document=n2, on=D(2025, 6, 1), reason="被替代")
    document("N3", D(2025, 2, 1), D(2025, 2, 10))
    document("N4", D(2025, 8, 1), D(2026, 1, 5))  # made in 2025, published only in 2026
    n5 = document("N5", D(2025, 9, 1))  # never published, declared invalid by the clean-up
    document("N6", D(2024, 11, 1), D(2025, 1, 10))  # made in 2024, published in 2025
    actions.record_cleanup(
        acting_user=clerk,
        agency=bureau,
        name="2025年清理",
        decided_on=D(2025, 12, 1),
        decisions={n5: "invalid"},
    )

    def matter(kind: str, name: str, listed: dt.date, delisted: dt.date | None = None) -> None:
        row = actions.list_matter(acting_user=clerk, agency=bureau, kind=kind, name=name, listed_from=listed)
        if delisted:
            actions.delist_matter(acting_user=clerk, matter=row, on=delisted)

    matter("license", "L1", D(2018, 1, 1))
    matter("license", "L2", D(2025, 3, 1))
    matter("license", "L3", D(2019, 1, 1), D(2025, 7, 1))
    matter("other_services", "O1", D(2020, 1, 1))
    matter("penalty", "P1", D(2018, 1, 1))
    matter("penalty", "P2", D(2018, 1, 1), D(2026, 1, 1))  # still on the list on 31 December 2025
    matter("penalty", "P3", D(2025, 5, 1))
    matter("fees", "F1", D(2018, 1, 1))
    matter("fees", "F2", D(2025, 1, 1), D(2025, 12, 31))  # off the list on 31 December
    matter("fees", "F3", D(2025, 6, 1))

    decisions = [
        ("license", D(2025, 1, 2)),
        ("license", D(2025, 6, 1)),
        ("license", D(2025, 12, 31)),
        ("license", D(2024, 12, 31)),  # last year
        ("other_services", D(2025, 3, 3)),
        ("penalty", D(2025, 4, 4)),
        ("penalty", D(2025, 5, 5)),
        ("penalty", D(2026, 1, 1)),  # next year
        ("coercion", D(2025, 7, 7)),
    ]
    for n, (kind, on) in enumerate(decisions):
        actions.record_decision(acting_user=clerk, agency=bureau, kind=kind, decided_on=on, reference=f"R{n}")

    actions.record_fee_collection(
        acting_user=clerk, agency=bureau, item="土地复垦费", year=2025, amount_yuan=Decimal("12345.60")
    )
    actions.record_fee_collection(
        acting_user=clerk, agency=bureau, item="土地闲置费", year=2025, amount_yuan=Decimal("7654.40")
    )
    actions.record_fee_collection(
        acting_user=clerk, agency=bureau, item="土地复垦费", year=2024, amount_yuan=Decimal("5000")
    )
    actions.record_procurement(
        acting_user=clerk, agency=bureau, project="测绘设备", year=2025, amount_wan=Decimal("86.5")
    )
    actions.record_procurement(
        acting_user=clerk, agency=bureau, project="系统升级", year=2025, amount_wan=Decimal("13.5")
    )
    actions.record_procurement(
        acting_user=clerk, agency=bureau, project="办公家具", year=2026, amount_wan=Decimal("3")
    )


# 2021 edition, 2025: made in 2025 = N3, N4, N5; repealed in 2025 = N2 (June), N5 (clean-up);
# in force on 31 December = N1, N3, N4, N6 (last year's 3 = N1, N2, N6; 3 + 3 - 2 = 4).
E2021 = {
    "art20_1.rules.issued": "0",
    "art20_1.rules.repealed": "0",
    "art20_1.rules.in_force": "0",
    "art20_1.normative.issued": "3",
    "art20_1.normative.repealed": "2",
    "art20_1.normative.in_force": "4",
    "art20_5.license.decisions": "3",
    "art20_6.penalty.decisions": "2",
    "art20_6.coercion.decisions": "1",
    "art20_8.fees.amount": "2",  # 12,345.60 + 7,654.40 = 20,000 元 = 2 万元
}

# 2019 edition, 2025: published in 2025 = N3, N6; public and in force at the end = N1, N3, N6
# (N4 is published only in 2026, N2 and N5 are repealed). Matters on 31 Dec 2024 → 31 Dec 2025:
# licence L1, L3 → L1, L2; services O1 → O1; penalty P1, P2 → P1, P2, P3; coercion none;
# fees F1 → F1, F3 (F2 came and went within 2025).
E2019 = {
    "art20_1.rules.made": "0",
    "art20_1.normative.made": "3",
    "art20_1.normative.published": "2",
    "art20_1.normative.total_public": "3",
    "art20_5.license.prev_items": "2",
    "art20_5.license.delta": "0",
    "art20_5.license.decisions": "3",
    "art20_5.other_services.prev_items": "1",
    "art20_5.other_services.delta": "0",
    "art20_5.other_services.decisions": "1",
    "art20_6.penalty.prev_items": "2",
    "art20_6.penalty.delta": "1",
    "art20_6.penalty.decisions": "2",
    "art20_6.coercion.prev_items": "0",
    "art20_6.coercion.delta": "0",
    "art20_6.coercion.decisions": "1",
    "art20_8.fees.prev_items": "1",
    "art20_8.fees.delta": "1",
    "art20_9.procurement.projects": "2",
    "art20_9.procurement.amount": "100",  # 86.5 + 13.5 万元
}


def test_the_year_in_its_own_edition_shows_the_figures_worked_out_by_hand(
    bureau: Agency, clerk: User, registers: None
) -> None:
    response = login(clerk).get("/work/registers/table-two/", {"agency": bureau.pk, "year": 2025})
    assert response.status_code == 200
    page = response.content.decode()
    assert "格式：中华人民共和国政府信息公开工作年度报告格式（国办公开办函〔2021〕30号）" in page
    for key, value in E2021.items():
        assert cell(page, key) == value, key
    assert 'data-key="art20_9' not in page  # the 2021 edition has no procurement row
    assert "未发现问题。" in page


def test_the_same_year_in_the_2019_edition(bureau: Agency, clerk: User, registers: None) -> None:
    response = login(clerk).get(
        "/work/registers/table-two/", {"agency": bureau.pk, "year": 2025, "edition": "E2019"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "政府信息公开工作年度报告格式（试行）（国办公开办函〔2019〕60号）" in page
    for key, value in E2019.items():
        assert cell(page, key) == value, key
    # The checker says the year's report must use the other edition, and nothing else.
    assert (
        "2025年度报告应使用2021年版格式（国办公开办函〔2021〕30号），实际使用的是2019年版格式（国办公开办函〔2019〕60号）"
        in page
    )
    assert "未发现问题。" not in page


def test_the_downloads_carry_the_same_figures(bureau: Agency, clerk: User, registers: None) -> None:
    client = login(clerk)
    query = {"agency": bureau.pk, "year": 2025}
    page = client.get("/work/registers/table-two/", query).content.decode()
    for fmt in ("docx", "xlsx", "csv", "json"):
        assert f'href="/work/registers/table-two.{fmt}?agency={bureau.pk}&amp;year=2025"' in page

    data = json.loads(client.get("/work/registers/table-two.json", query).content)
    assert (data["edition"], data["year"]) == ("E2021", 2025)
    assert data["tables"]["art20_1"]["normative"] == {"issued": 3, "repealed": 2, "in_force": 4}
    assert data["tables"]["art20_8"]["fees"] == {"amount": 2}
    assert [f["code"] for f in data.get("findings", [])] == []

    text = client.get("/work/registers/table-two.csv", query).content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0] == ["agency", "year", "edition", "published", "table", "row", "column", "value"]
    assert {line[4] for line in lines[1:]} == {"art20_1", "art20_5", "art20_6", "art20_8"}
    cells = {".".join(line[4:7]): line[7] for line in lines[1:]}
    assert cells == E2021

    e2019 = client.get("/work/registers/table-two.xlsx", {**query, "edition": "E2019"})
    assert e2019.status_code == 200
    sheet = load_workbook(io.BytesIO(e2019.content)).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "示例县自然资源局2025年度 二、主动公开政府信息情况"
    procurement = next(r for r in rows if r[0] == "政府集中采购")
    assert procurement[1:3] == [2, 100]
    penalty = next(r for r in rows if r[0] == "行政处罚")
    assert penalty[1:4] == [2, 1, 2]

    document = Document(io.BytesIO(client.get("/work/registers/table-two.docx", query).content))
    texts = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    normative = next(r for r in texts if r[0] == "行政规范性文件")
    assert normative[1:] == ["3", "2", "4"]
    assert len(document.tables) == 1  # table 二 alone, not the blank tables 三 and 四


def test_a_download_for_an_agency_out_of_reach_says_so_in_plain_text(bureau: Agency, clerk: User) -> None:
    other = Agency.objects.create(name="另一机关", level=bureau.level)
    bad = login(clerk).get("/work/registers/table-two.csv", {"agency": other.pk, "year": 2025})
    assert bad.status_code == 400
    assert bad["Content-Type"] == "text/plain; charset=utf-8"
    assert bad.content.decode() == "查询条件有误：您无权查看该机关的统计"


def test_the_page_takes_as_many_queries_whatever_the_registers_hold(
    bureau: Agency, clerk: User, registers: None
) -> None:
    client = login(clerk)
    query = {"agency": bureau.pk, "year": 2025, "edition": "E2019"}
    with CaptureQueriesContext(connection) as before:
        client.get("/work/registers/table-two/", query)
    for n in range(30):
        actions.record_decision(
            acting_user=clerk, agency=bureau, kind="penalty", decided_on=D(2025, 8, 1), reference=f"X{n}"
        )
    with CaptureQueriesContext(connection) as after:
        page = client.get("/work/registers/table-two/", query).content.decode()
    assert cell(page, "art20_6.penalty.decisions") == "32"
    assert len(after.captured_queries) == len(before.captured_queries)


def test_the_workbench_links_to_table_two(clerk: User) -> None:
    client = login(clerk)
    assert 'href="/work/registers/table-two/"' in client.get("/work/").content.decode()
    assert 'href="/work/registers/table-two/"' in client.get("/work/tables/").content.decode()
