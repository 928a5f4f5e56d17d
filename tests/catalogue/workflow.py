"""Helpers for the platform tests of the catalogue: the people of a bureau's sign-off chain,
a draft, and walking it through the chain."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User

from gongkai.agencies.models import Agency, Role
from gongkai.catalogue import actions
from gongkai.catalogue.models import Attribute, CatalogueItem, LegalGround
from tests.factories import member


@dataclass
class Signers:
    drafter: User
    section_head: User
    office_head: User
    deputy: User
    principal: User

    def in_order(self) -> list[User]:
        return [self.section_head, self.office_head, self.deputy, self.principal]


def signers(agency: Agency, drafter: User, office_head: User) -> Signers:
    prefix = f"a{agency.pk}"
    return Signers(
        drafter=drafter,
        section_head=member(agency, Role.CLERK, username=f"{prefix}-section"),
        office_head=office_head,
        deputy=member(agency, Role.DEPUTY_LEADER, username=f"{prefix}-deputy"),
        principal=member(agency, Role.PRINCIPAL_LEADER, username=f"{prefix}-principal"),
    )


def draft(agency: Agency, drafter: User, **fields: Any) -> CatalogueItem:
    values: dict[str, Any] = {
        "title": "关于2026年耕地保护目标责任考核的通知",
        "topic": "natural_resources",
        "genre": "notice",
        "written_on": dt.date(2026, 6, 22),
        "doc_number": "示自然资发〔2026〕12号",
        "keywords": "耕地保护 考核",
        "summary": "部署2026年度耕地保护目标责任考核工作。",
        "body": "各乡镇人民政府：现将考核有关事项通知如下。",
    }
    values.update(fields)
    return actions.create_draft(acting_user=drafter, agency=agency, **values)


CONFIDENTIALITY = {"attribute": Attribute.PROACTIVE, "legal_ground": LegalGround.ART20}


def sign_all(item: CatalogueItem, people: Signers, **confidentiality: Any) -> CatalogueItem:
    """Submit and sign every step of the default chain in order."""
    item = actions.submit_for_review(acting_user=people.drafter, item=item)
    for number, person in enumerate(people.in_order(), start=1):
        extra = (confidentiality or CONFIDENTIALITY) if number == 2 else {}
        item = actions.approve_step(acting_user=person, item=item, step=number, **extra)
    return item
