"""The timeline names the person who acted (林晓燕), never the log-in name."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.test import Client
from django.urls import reverse

from gongkai.agencies.models import Agency
from gongkai.applications import actions
from gongkai.core.names import person_name
from tests.factories import application

pytestmark = pytest.mark.django_db


def test_a_chinese_name_reads_family_name_first_without_a_space() -> None:
    assert person_name(User(username="lxy", first_name="晓燕", last_name="林")) == "林晓燕"
    assert person_name(User(username="lxy", first_name="林晓燕")) == "林晓燕"
    assert person_name(User(username="jd", first_name="Jane", last_name="Doe")) == "Jane Doe"
    assert person_name(User(username="nobody")) == "nobody"
    assert person_name(AnonymousUser()) == ""
    assert person_name(None) == ""


def test_the_case_timeline_shows_the_clerks_name(client: Client, bureau: Agency, clerk: User) -> None:
    clerk.first_name, clerk.last_name = "晓燕", "林"
    clerk.save()
    case = application(bureau, clerk, received=dt.date(2025, 3, 3))
    actions.decide(
        acting_user=clerk, application=case, outcome="granted", legal_basis="", on=dt.date(2025, 3, 24)
    )
    client.force_login(clerk)
    page = client.get(reverse("work:case", args=[case.pk])).content.decode()
    timeline = page[page.index("办理记录") :]
    assert "林晓燕" in timeline
    assert ">clerk<" not in timeline
    assert "晓燕 林" not in timeline


def test_an_assignment_names_the_assignee_by_name(
    client: Client, bureau: Agency, clerk: User, office_head: User
) -> None:
    clerk.first_name, clerk.last_name = "晓燕", "林"
    clerk.save()
    case = application(bureau, office_head, received=dt.date(2025, 3, 3))
    actions.assign(acting_user=office_head, application=case, assignee=clerk)
    client.force_login(office_head)
    page = client.get(reverse("work:case", args=[case.pk])).content.decode()
    timeline = page[page.index("办理记录") :]
    assert "承办人：林晓燕" in timeline
    assert "承办人：clerk" not in timeline
