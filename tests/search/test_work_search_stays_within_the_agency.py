"""Searching the case list (pages, CSV, API) finds only what the searcher may read."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.test import Client

from gongkai.agencies.models import Agency, Role
from tests.factories import application, member

pytestmark = pytest.mark.django_db


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_clerk_cannot_find_another_agencys_case(
    bureau: Agency, other_bureau: Agency, clerk: User, supervisor: User
) -> None:
    other_clerk = member(other_bureau, Role.CLERK, username="other")
    mine = application(
        bureau, clerk, received=dt.date(2026, 5, 6), applicant_name="王小明", description="本局2025年预算"
    )
    theirs = application(
        other_bureau,
        other_clerk,
        received=dt.date(2026, 5, 6),
        applicant_name="赵大勇",
        description="学校招生计划",
    )

    page = signed_in(clerk).get("/work/cases/", {"q": "赵大勇"}).content.decode()
    assert theirs.number not in page
    assert "共 0 件" in page
    page = signed_in(clerk).get("/work/cases/", {"q": "预算"}).content.decode()
    assert mine.number in page
    assert "共 1 件" in page
    assert "赵大勇" not in signed_in(clerk).get("/work/cases.csv", {"q": "赵"}).content.decode("utf-8-sig")
    api = signed_in(clerk).get("/api/cases", {"q": "招生"}).json()
    assert api["count"] == 0
    # The other agency's clerk finds it; the supervisor of both finds both.
    assert signed_in(other_clerk).get("/api/cases", {"q": "招生"}).json()["count"] == 1
    assert signed_in(supervisor).get("/api/cases", {"q": "2026-"}).json()["count"] == 2
