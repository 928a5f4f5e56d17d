"""The back office lists every register read-only: changes go through the actions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.test import Client

from gongkai.agencies.models import Agency
from gongkai.registers import actions
from tests.registers.registers_day import on_the_last_day_of_june  # noqa: F401  (autouse: today is 2026-06-30)

PAGES = [
    "normativedocument",
    "cleanup",
    "matter",
    "decision",
    "feecollection",
    "procurement",
    "registerevent",
]


@pytest.mark.parametrize("model", PAGES)
def test_each_register_lists_its_rows_and_offers_no_add_button(
    client: Client, bureau: Agency, clerk: User, model: str
) -> None:
    actions.register_document(
        acting_user=clerk,
        agency=bureau,
        kind="normative",
        title="关于土地复垦的通知",
        doc_number="示自然资规〔2020〕1号",
        made_on=dt.date(2020, 2, 1),
    )
    admin = User.objects.create_superuser("root", password="x")
    client.force_login(admin)
    page = client.get(f"/admin/registers/{model}/")
    assert page.status_code == 200
    assert f"/admin/registers/{model}/add/" not in page.content.decode()
    assert client.get(f"/admin/registers/{model}/add/").status_code == 403
