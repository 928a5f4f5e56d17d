"""Who sees and changes which register: guessing addresses and ids gets nobody anywhere.

A clerk of another agency gets 404 for every register page of the bureau and for every form
posted to it, and 400 ("无权查看") where an agency is chosen in a query. The county's supervisor
(上级监督) reads every register of the bureau and is refused (403) on every form. Anonymous
visitors are sent to the login page. Whatever is refused, no register changes.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from gongkai.agencies.models import Agency, Role
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
from gongkai.registers.views.pages import PAGES
from tests.factories import member
from tests.registers.registers_day import on_the_last_day_of_june  # noqa: F401  (autouse: today is 2026-06-30)

pytestmark = pytest.mark.django_db

D = dt.date
KEYS = ["documents", "cleanups", "matters", "decisions", "fees", "procurements"]
IMPORTABLE = ["documents", "matters", "decisions", "fees", "procurements"]


def test_the_lists_here_cover_every_register_the_pages_offer() -> None:
    assert sorted(KEYS) == sorted(PAGES)


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


@pytest.fixture
def records(bureau: Agency, clerk: User) -> dict[str, Any]:
    document = actions.register_document(
        acting_user=clerk,
        agency=bureau,
        kind="normative",
        title="关于规范临时用地管理的通知",
        doc_number="示自然资规〔2026〕1号",
        made_on=D(2026, 2, 1),
    )
    kept = actions.register_document(
        acting_user=clerk,
        agency=bureau,
        kind="normative",
        title="关于耕地保护的通知",
        doc_number="示自然资规〔2025〕3号",
        made_on=D(2025, 2, 1),
        published_on=D(2025, 2, 3),
    )
    cleanup = actions.record_cleanup(
        acting_user=clerk,
        agency=bureau,
        name="2026年文件清理",
        decided_on=D(2026, 3, 1),
        decisions={kept: "kept"},
    )
    matter = actions.list_matter(
        acting_user=clerk, agency=bureau, kind="license", name="临时用地审批", listed_from=D(2020, 1, 1)
    )
    return {"document": document, "cleanup": cleanup, "matter": matter}


def xlsx(*rows: tuple[object, ...]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read_urls(agency: Agency, records: dict[str, Any]) -> list[str]:
    base = f"/work/registers/{agency.pk}"
    return [
        *[f"{base}/{key}/" for key in KEYS],
        *[f"{base}/{key}/?year=2026&q=临时" for key in KEYS],
        *[f"{base}/{key}.xlsx" for key in KEYS],
        f"{base}/documents/{records['document'].pk}/",
        f"{base}/matters/{records['matter'].pk}/",
        f"{base}/cleanups/{records['cleanup'].pk}/",
    ]


def form_pages(agency: Agency) -> list[str]:
    base = f"/work/registers/{agency.pk}"
    return [*[f"{base}/{key}/new/" for key in KEYS], *[f"{base}/{key}/import/" for key in IMPORTABLE]]


def posts(agency: Agency, records: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Every form of the registers, filled in as it would be accepted from the bureau's own clerk."""
    base = f"/work/registers/{agency.pk}"
    document, matter = records["document"], records["matter"]
    sheet = xlsx(("决定类型", "文书编号", "决定日期"), ("行政许可", "示自然资许〔2026〕9号", "2026-05-01"))
    return [
        (
            f"{base}/documents/new/",
            {
                "kind": "normative",
                "title": "新文件",
                "doc_number": "示自然资规〔2026〕9号",
                "made_on": "2026-06-01",
            },
        ),
        (
            f"{base}/cleanups/new/",
            {"name": "又一次清理", "decided_on": "2026-06-01", f"document_{document.pk}": "amended"},
        ),
        (f"{base}/matters/new/", {"kind": "penalty", "name": "违法占地处罚", "listed_from": "2026-01-01"}),
        (
            f"{base}/decisions/new/",
            {"kind": "license", "reference": "示自然资许〔2026〕1号", "decided_on": "2026-05-01"},
        ),
        (f"{base}/fees/new/", {"item": "土地复垦费", "year": "2026", "amount": "1000"}),
        (f"{base}/procurements/new/", {"project": "测绘设备", "year": "2026", "amount": "12.5"}),
        (f"{base}/documents/{document.pk}/publish/", {"published_on": "2026-06-02"}),
        (f"{base}/documents/{document.pk}/repeal/", {"on": "2026-06-02", "reason": "被替代"}),
        (f"{base}/matters/{matter.pk}/delist/", {"on": "2026-06-02"}),
        (f"{base}/decisions/import/", {"file": SimpleUploadedFile("决定.xlsx", sheet)}),
        (f"{base}/decisions/import/confirm/", {"token": "x" * 43}),
    ]


def test_a_clerk_of_another_agency_finds_nothing_and_changes_nothing(
    bureau: Agency, other_bureau: Agency, records: dict[str, Any]
) -> None:
    stranger = login(member(other_bureau, Role.CLERK, username="stranger"))
    for url in read_urls(bureau, records) + form_pages(bureau):
        assert stranger.get(url).status_code == 404, url
    before = snapshot()
    for url, data in posts(bureau, records):
        assert stranger.post(url, data).status_code == 404, url
    assert snapshot() == before

    # Choosing the bureau in a query is refused in words; the stranger's own registers are empty.
    index = stranger.get("/work/registers/", {"agency": bureau.pk})
    assert index.status_code == 400
    assert "您无权查看该机关的登记簿" in index.content.decode()
    assert "临时用地审批" not in index.content.decode()
    for url in (
        "/work/registers/table-two/",
        "/work/registers/table-two.json",
        "/work/registers/table-two.xlsx",
    ):
        response = stranger.get(url, {"agency": bureau.pk, "year": 2026})
        assert response.status_code == 400, url
        assert "您无权查看该机关的统计" in response.content.decode()
    own = stranger.get(f"/work/registers/{other_bureau.pk}/documents/")
    assert own.status_code == 200
    assert "关于规范临时用地管理的通知" not in own.content.decode()


def test_ids_of_another_agencys_records_are_not_found_under_ones_own_agency(
    bureau: Agency, other_bureau: Agency, records: dict[str, Any]
) -> None:
    stranger = login(member(other_bureau, Role.CLERK, username="stranger"))
    base = f"/work/registers/{other_bureau.pk}"
    document, matter, cleanup = records["document"], records["matter"], records["cleanup"]
    for url in (
        f"{base}/documents/{document.pk}/",
        f"{base}/matters/{matter.pk}/",
        f"{base}/cleanups/{cleanup.pk}/",
    ):
        assert stranger.get(url).status_code == 404, url
    before = snapshot()
    assert (
        stranger.post(
            f"{base}/documents/{document.pk}/repeal/", {"on": "2026-06-02", "reason": "x"}
        ).status_code
        == 404
    )
    assert stranger.post(f"{base}/matters/{matter.pk}/delist/", {"on": "2026-06-02"}).status_code == 404
    # Another agency's document cannot be slipped into one's own clean-up either.
    response = stranger.post(
        f"{base}/cleanups/new/",
        {"name": "清理", "decided_on": "2026-06-01", f"document_{document.pk}": "invalid"},
    )
    assert response.status_code == 400
    assert snapshot() == before


@pytest.mark.slow
def test_the_supervisor_reads_every_register_and_is_refused_every_form(
    bureau: Agency, supervisor: User, records: dict[str, Any]
) -> None:
    client = login(supervisor)
    for url in read_urls(bureau, records):
        assert client.get(url).status_code == 200, url
    index = client.get("/work/registers/", {"agency": bureau.pk, "year": 2026})
    assert index.status_code == 200
    page = index.content.decode()
    assert "只能查看示例县自然资源局的登记簿" in page
    assert "/new/" not in page
    assert "/import/" not in page
    listing = client.get(f"/work/registers/{bureau.pk}/documents/").content.decode()
    assert "关于规范临时用地管理的通知" in listing
    assert "登记文件</a>" not in listing
    detail = client.get(f"/work/registers/{bureau.pk}/documents/{records['document'].pk}/").content.decode()
    assert '<form method="post"' not in detail.split("<main", 1)[1]
    assert client.get("/work/registers/table-two/", {"agency": bureau.pk, "year": 2026}).status_code == 200

    for url in form_pages(bureau):
        assert client.get(url).status_code == 403, url
    before = snapshot()
    for url, data in posts(bureau, records):
        assert client.post(url, data).status_code == 403, url
    assert snapshot() == before


def test_anonymous_visitors_are_sent_to_log_in(bureau: Agency, records: dict[str, Any]) -> None:
    client = Client()
    others = ["/work/registers/", "/work/registers/table-two/", "/work/registers/templates/fees.xlsx"]
    for url in read_urls(bureau, records) + form_pages(bureau) + others:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/login/"), url
    before = snapshot()
    for url, data in posts(bureau, records):
        response = client.post(url, data)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/login/"), url
    assert snapshot() == before


def test_the_bureaus_own_clerk_may_do_what_the_others_were_refused(
    bureau: Agency, clerk: User, records: dict[str, Any]
) -> None:
    """The refusals above are about who asks, not about the forms: the same posts succeed."""
    client = login(clerk)
    for url, data in posts(bureau, records)[:9]:
        response = client.post(url, data)
        assert response.status_code == 302, (url, response.content.decode()[-2000:])
    assert NormativeDocument.objects.filter(agency=bureau).count() == 3
    assert Matter.objects.get(pk=records["matter"].pk).delisted_on == D(2026, 6, 2)
    assert FeeCollection.objects.get().amount == Decimal("1000")
