"""Entering the registers through the pages: every action has a form, a refusal is explained in
Chinese beside the field it is about and saves nothing, success redirects with a message.

Today is pinned to 2026-06-30.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import lxml.html
import pytest
from django.contrib.auth.models import User
from django.test import Client

from gongkai.agencies.models import Agency, Level, Role
from gongkai.registers import actions
from gongkai.registers.models import (
    Cleanup,
    CleanupDecision,
    Decision,
    FeeCollection,
    Matter,
    NormativeDocument,
    Procurement,
    RegisterEvent,
)
from tests.factories import AgencyFactory, member
from tests.registers.registers_day import on_the_last_day_of_june  # noqa: F401  (autouse: today is 2026-06-30)

pytestmark = pytest.mark.django_db

D = dt.date


def login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def snapshot() -> list[list[dict[str, Any]]]:
    models = (
        NormativeDocument,
        Cleanup,
        CleanupDecision,
        Matter,
        Decision,
        FeeCollection,
        Procurement,
        RegisterEvent,
    )
    return [list(m.objects.order_by("pk").values()) for m in models]  # type: ignore[attr-defined]


def errors_beside(html: str, name: str) -> list[str]:
    """The error messages shown inside the field (its div or fieldset) that holds input `name`."""
    tree = lxml.html.fromstring(html)
    holders = tree.xpath(
        f'//*[(self::div or self::fieldset) and contains(concat(" ", @class, " "), " field ")][.//*[@name="{name}"]]'
    )
    assert holders, f"no field named {name}"
    return [li.text_content().strip() for li in holders[-1].xpath('.//ul[contains(@class, "errorlist")]/li')]


def summary_errors(html: str) -> list[str]:
    tree = lxml.html.fromstring(html)
    return [li.text_content().strip() for li in tree.xpath('//div[@id="errors"]//li')]


def messages_shown(html: str) -> list[str]:
    tree = lxml.html.fromstring(html)
    return [li.text_content().strip() for li in tree.xpath('//ul[contains(@class, "messages")]/li')]


RULES_REFUSAL = "示例县自然资源局无权制定规章（只有国务院部门、省级人民政府和设区的市级人民政府可以制定规章），请登记为行政规范性文件"


def test_a_department_that_may_not_make_rules_is_told_on_the_form_and_refused(
    bureau: Agency, clerk: User
) -> None:
    client = login(clerk)
    url = f"/work/registers/{bureau.pk}/documents/new/"
    form = client.get(url).content.decode()
    assert "示例县自然资源局不能登记规章。" in form
    assert "示例县自然资源局无权制定规章，只能登记行政规范性文件" in form  # beside the 类别 choice

    response = client.post(
        url,
        {
            "kind": "rules",
            "title": "示例县土地管理办法",
            "doc_number": "示自然资〔2026〕1号",
            "made_on": "2026-06-01",
        },
    )
    assert response.status_code == 400
    assert errors_beside(response.content.decode(), "kind") == [RULES_REFUSAL]
    assert NormativeDocument.objects.count() == 0
    assert RegisterEvent.objects.count() == 0


def test_a_government_that_may_make_rules_registers_one(db: None) -> None:
    city = AgencyFactory(name="示例市人民政府", level=Level.CITY, is_government=True)
    client = login(member(city, Role.CLERK, username="city_clerk"))
    url = f"/work/registers/{city.pk}/documents/new/"
    assert "不能登记规章" not in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "kind": "rules",
            "title": "示例市城市绿化管理办法",
            "doc_number": "示例市人民政府令第1号",
            "made_on": "2026-06-01",
        },
        follow=True,
    )
    document = NormativeDocument.objects.get()
    assert (document.kind, document.agency) == ("rules", city)
    assert response.redirect_chain[-1][0] == f"/work/registers/{city.pk}/documents/{document.pk}/"
    assert messages_shown(response.content.decode()) == [
        "已登记规章《示例市城市绿化管理办法》（示例市人民政府令第1号）"
    ]


def test_each_register_form_saves_and_says_so(bureau: Agency, clerk: User) -> None:
    client = login(clerk)
    base = f"/work/registers/{bureau.pk}"
    filled = [
        (
            "documents",
            {
                "kind": "normative",
                "title": "关于规范临时用地管理的通知",
                "doc_number": "示自然资规〔2026〕1号",
                "made_on": "2026-02-01",
            },
            "已登记行政规范性文件《关于规范临时用地管理的通知》（示自然资规〔2026〕1号）",
        ),
        (
            "matters",
            {"kind": "license", "name": "临时用地审批", "listed_from": "2020-01-01"},
            "已将“临时用地审批”列入行政许可事项清单",
        ),
        (
            "decisions",
            {"kind": "penalty", "reference": "示自然资罚〔2026〕3号", "decided_on": "2026-04-01"},
            "已登记行政处罚决定 示自然资罚〔2026〕3号",
        ),
        (
            "fees",
            {"item": "土地复垦费", "year": "2025", "amount": "12345.6"},
            "已登记2025年“土地复垦费”收费 12,345.60 元",
        ),
        (
            "procurements",
            {"project": "不动产登记系统升级", "year": "2026", "amount": "86.5"},
            "已登记2026年采购项目“不动产登记系统升级” 86.5 万元",
        ),
    ]
    for key, data, said in filled:
        response = client.post(f"{base}/{key}/new/", data, follow=True)
        assert response.status_code == 200, key
        assert messages_shown(response.content.decode()) == [said], key
    document = NormativeDocument.objects.get()
    matter = Matter.objects.get()
    assert (document.made_on, document.published_on, document.status) == (D(2026, 2, 1), None, "in_force")
    assert FeeCollection.objects.get().amount == Decimal("12345.60")
    assert Procurement.objects.get().amount == Decimal("86.5")
    assert Decision.objects.get().kind == "penalty"

    response = client.post(
        f"{base}/documents/{document.pk}/publish/", {"published_on": "2026-02-05"}, follow=True
    )
    assert messages_shown(response.content.decode()) == [
        "已登记《关于规范临时用地管理的通知》于2026-02-05公开"
    ]
    response = client.post(
        f"{base}/documents/{document.pk}/repeal/", {"on": "2026-06-01", "reason": "被新文件替代"}, follow=True
    )
    assert messages_shown(response.content.decode()) == [
        "已登记《关于规范临时用地管理的通知》于2026-06-01废止"
    ]
    page = response.content.decode()
    assert "被新文件替代" in page
    assert "已废止" in page
    assert 'action="/work/registers/' not in page  # published and repealed: nothing left to do
    response = client.post(f"{base}/matters/{matter.pk}/delist/", {"on": "2026-03-01"}, follow=True)
    assert messages_shown(response.content.decode()) == ["已将“临时用地审批”自2026-03-01起移出清单"]

    document.refresh_from_db()
    matter.refresh_from_db()
    assert (document.published_on, document.status, document.repealed_on) == (
        D(2026, 2, 5),
        "repealed",
        D(2026, 6, 1),
    )
    assert matter.delisted_on == D(2026, 3, 1)
    assert RegisterEvent.objects.count() == 8  # one per action


def test_the_clean_up_form_records_each_documents_fate(bureau: Agency, clerk: User) -> None:
    def made(title: str, number: str, on: dt.date) -> NormativeDocument:
        return actions.register_document(
            acting_user=clerk, agency=bureau, kind="normative", title=title, doc_number=number, made_on=on
        )

    kept = made("关于耕地保护的通知", "示自然资规〔2020〕1号", D(2020, 3, 1))
    invalid = made("关于土地出让的通知", "示自然资规〔2021〕2号", D(2021, 3, 1))
    untouched = made("关于测绘管理的通知", "示自然资规〔2022〕3号", D(2022, 3, 1))
    client = login(clerk)
    url = f"/work/registers/{bureau.pk}/cleanups/new/"
    form = client.get(url).content.decode()
    for document in (kept, invalid, untouched):
        assert f'name="document_{document.pk}"' in form
        assert (
            f'<label class="visually-hidden" for="id_document_{document.pk}">《{document.title}》的清理结果</label>'
            in form
        )

    response = client.post(
        url,
        {
            "name": "2026年规范性文件清理",
            "decided_on": "2026-05-20",
            "published_on": "2026-05-25",
            f"document_{kept.pk}": "kept",
            f"document_{invalid.pk}": "invalid",
            f"document_{untouched.pk}": "",
        },
        follow=True,
    )
    cleanup = Cleanup.objects.get()
    assert response.redirect_chain[-1][0] == f"/work/registers/{bureau.pk}/cleanups/{cleanup.pk}/"
    page = response.content.decode()
    assert messages_shown(page) == ["已登记“2026年规范性文件清理”：审查2件，宣布失效1件"]
    assert "清理结果（2件）" in page
    tree = lxml.html.fromstring(page)
    rows = [
        [c.text_content().strip() for c in tr]
        for tr in tree.xpath('//table[contains(@class, "register")]/tbody/tr')
    ]
    assert rows == [
        ["关于耕地保护的通知", "示自然资规〔2020〕1号", "行政规范性文件", "继续有效"],
        ["关于土地出让的通知", "示自然资规〔2021〕2号", "行政规范性文件", "宣布失效"],
    ]
    invalid.refresh_from_db()
    untouched.refresh_from_db()
    assert (invalid.status, invalid.repealed_on) == ("repealed", D(2026, 5, 20))
    assert untouched.status == "in_force"
    # The next clean-up offers only what is still in force.
    form = client.get(url).content.decode()
    assert f'name="document_{invalid.pk}"' not in form
    assert f'name="document_{kept.pk}"' in form


def test_bad_input_is_explained_beside_its_field_and_saves_nothing(bureau: Agency, clerk: User) -> None:
    document = actions.register_document(
        acting_user=clerk,
        agency=bureau,
        kind="normative",
        title="关于规范临时用地管理的通知",
        doc_number="示自然资规〔2026〕1号",
        made_on=D(2026, 2, 1),
    )
    matter = actions.list_matter(
        acting_user=clerk, agency=bureau, kind="license", name="临时用地审批", listed_from=D(2020, 1, 1)
    )
    actions.record_procurement(
        acting_user=clerk, agency=bureau, project="测绘设备", year=2026, amount_wan=Decimal("10")
    )
    client = login(clerk)
    base = f"/work/registers/{bureau.pk}"
    document_form = {
        "kind": "normative",
        "title": "新通知",
        "doc_number": "示自然资规〔2026〕2号",
        "made_on": "2026-06-01",
    }
    cases: list[tuple[str, dict[str, str], str, str]] = [
        (
            "documents/new/",
            {**document_form, "made_on": "2026-07-01"},
            "made_on",
            "制发日期（2026-07-01）不能晚于今天",
        ),
        (
            "documents/new/",
            {**document_form, "published_on": "2026-05-01"},
            "published_on",
            "公开日期（2026-05-01）不能早于制发日期（2026-06-01）",
        ),
        (
            "documents/new/",
            {**document_form, "doc_number": "示自然资规〔2026〕1号"},
            "doc_number",
            "文号“示自然资规〔2026〕1号”已登记过，请勿重复登记",
        ),
        ("documents/new/", {**document_form, "title": ""}, "title", "请填写文件名称"),
        (
            "documents/new/",
            {**document_form, "made_on": "2026-13-01"},
            "made_on",
            "制发日期格式有误，应为“年-月-日”，如 2026-06-30",
        ),
        (
            "matters/new/",
            {"kind": "license", "name": "临时用地审批", "listed_from": "2020-01-01"},
            "name",
            "“临时用地审批”已于2020-01-01列入清单，请勿重复登记",
        ),
        (
            "decisions/new/",
            {"kind": "license", "reference": "示自然资许〔2026〕1号", "decided_on": "2026-07-01"},
            "decided_on",
            "决定日期（2026-07-01）不能晚于今天",
        ),
        (
            "fees/new/",
            {"item": "土地复垦费", "year": "2026", "amount": "一千元"},
            "amount",
            "收费金额（元）应为数字，不带单位和逗号，如 1234.5",
        ),
        (
            "fees/new/",
            {"item": "土地复垦费", "year": "2026", "amount": "-5"},
            "amount",
            "收费金额（元）不能为负数",
        ),
        ("fees/new/", {"item": "土地复垦费", "year": "2027", "amount": "5"}, "year", "年度不能晚于2026年"),
        (
            "procurements/new/",
            {"project": "测绘设备", "year": "2026", "amount": "3"},
            "project",
            "2026年“测绘设备”已登记过",
        ),
        (
            "cleanups/new/",
            {
                "name": "清理",
                "decided_on": "2026-06-01",
                "published_on": "2026-05-01",
                f"document_{document.pk}": "kept",
            },
            "published_on",
            "公布日期不能早于清理决定日期",
        ),
        (
            "cleanups/new/",
            {"name": "清理", "decided_on": "2026-01-10", f"document_{document.pk}": "kept"},
            f"document_{document.pk}",
            "《关于规范临时用地管理的通知》制发于清理决定之后，不能列入本次清理",
        ),
        (
            f"documents/{document.pk}/repeal/",
            {"on": "2026-01-01", "reason": "被替代"},
            "on",
            "废止日期（2026-01-01）不能早于制发日期（2026-02-01）",
        ),
        (f"documents/{document.pk}/repeal/", {"on": "2026-06-01", "reason": " "}, "reason", "请填写废止原因"),
        (
            f"documents/{document.pk}/publish/",
            {"published_on": "2026-01-05"},
            "published_on",
            "公开日期（2026-01-05）不能早于制发日期（2026-02-01）",
        ),
        (
            f"matters/{matter.pk}/delist/",
            {"on": "2019-12-31"},
            "on",
            "移出日期（2019-12-31）应晚于列入日期（2020-01-01）",
        ),
    ]
    before = snapshot()
    for path, data, field, message in cases:
        response = client.post(f"{base}/{path}", data)
        # Already recorded is a conflict with what is there (409, as on the API); the rest is bad input.
        assert response.status_code == (409 if "已登记过" in message or "请勿重复登记" in message else 400), (
            path,
            data,
        )
        assert errors_beside(response.content.decode(), field) == [message], (path, data)
    assert snapshot() == before

    response = client.post(f"{base}/cleanups/new/", {"name": "清理", "decided_on": "2026-06-01"})
    assert response.status_code == 400
    assert summary_errors(response.content.decode()) == [
        "请至少为一件文件选择清理结果（继续有效、修改或宣布失效）"
    ]
    assert snapshot() == before


def test_the_lists_filter_by_year_and_text_and_go_page_by_page(bureau: Agency, clerk: User) -> None:
    for n in range(1, 61):
        actions.record_decision(
            acting_user=clerk,
            agency=bureau,
            kind="license",
            decided_on=D(2026, 1, 1) + dt.timedelta(days=n),
            reference=f"许{n:03d}",
        )
    for n in range(1, 4):
        actions.record_decision(
            acting_user=clerk, agency=bureau, kind="penalty", decided_on=D(2025, 5, n), reference=f"罚{n:03d}"
        )
    client = login(clerk)
    url = f"/work/registers/{bureau.pk}/decisions/"

    def references(response: Any) -> list[str]:
        tree = lxml.html.fromstring(response.content.decode())
        return [
            th.text_content().strip()
            for th in tree.xpath('//table[contains(@class, "register")]/tbody/tr/th')
        ]

    assert references(client.get(url, {"year": 2025})) == ["罚003", "罚002", "罚001"]
    assert references(client.get(url, {"year": 2026, "kind": "penalty"})) == []
    assert references(client.get(url, {"q": "许05"})) == [f"许{n:03d}" for n in range(59, 49, -1)]
    first, second = client.get(url, {"year": 2026}), client.get(url, {"year": 2026, "page": 2})
    assert references(first) == [f"许{n:03d}" for n in range(60, 10, -1)]
    assert references(second) == [f"许{n:03d}" for n in range(10, 0, -1)]
    assert "共 60 条，第 1/2 页" in first.content.decode()
    bad = client.get(url, {"year": "明年"})
    assert bad.status_code == 400
    assert errors_beside(bad.content.decode(), "year") == ["决定年度应为四位数字，如2026"]
