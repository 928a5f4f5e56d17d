"""Factories for the platform tests: agencies in a tree, people with roles, applications."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.contrib.auth.models import User

from gongkai.agencies.models import Agency, Level, Membership, Role
from gongkai.applications import actions
from gongkai.applications.models import Application, Letterhead


class AgencyFactory(factory.django.DjangoModelFactory):  # type: ignore[misc]
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"示例县第{n}局")
    level = Level.COUNTY
    org_code = factory.Sequence(lambda n: f"{n:08d}X")


class UserFactory(factory.django.DjangoModelFactory):  # type: ignore[misc]
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")

    @factory.post_generation
    def password(self, create: bool, extracted: str | None, **kwargs: Any) -> None:
        self.set_password(extracted or "correct horse battery")  # type: ignore[attr-defined]
        if create:
            self.save(update_fields=["password"])  # type: ignore[attr-defined]


def letterhead(agency: Agency, **overrides: Any) -> Letterhead:
    """An agency's letter settings, every one filled (a test that needs one missing blanks it)."""
    values: dict[str, Any] = {
        "full_name": agency.name,
        "red_head": agency.name,
        "number_pattern": "示县公开〔{year}〕{serial}号",
        "court": "示例县人民法院",
        "address": "示例县人民路1号",
        "phone": "0000-1234567",
        "fee_payment": "通过非税收入缴款码缴纳，收款单位：示例县财政局",
    }
    return Letterhead.objects.create(agency=agency, **(values | overrides))


def member(agency: Agency, role: str = Role.CLERK, **kwargs: Any) -> User:
    user = UserFactory(**kwargs)
    Membership.objects.create(user=user, agency=agency, role=role)
    return user  # type: ignore[no-any-return]


def application(
    agency: Agency, clerk: User | None = None, received: dt.date | None = None, **fields: Any
) -> Application:
    day = received or dt.date(2025, 3, 3)
    values: dict[str, Any] = {
        "channel": "in_person",
        "applicant_kind": "natural_person",
        "applicant_name": "张三",
        "description": "2024年本县城乡规划调整的批复文件",
        "phone": "13800138000",
        "id_number": "110101199001011234",
        "address": "示例县人民路1号",
        "submitted_on": day,
        "received_on": day,
    }
    values.update(fields)
    return actions.register_application(acting_user=clerk, agency=agency, **values)
