"""Catalogue items in every state, built through the actions, and attachments beside them: what
the portal tests try to see from the outside."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from gongkai.agencies.models import Agency, Role
from gongkai.catalogue import actions
from gongkai.catalogue.models import Attachment, Attribute, CatalogueItem, LegalGround
from tests.catalogue.workflow import Signers, draft
from tests.factories import member
from tests.travel import travel_to

STATES = (
    "draft",
    "in_review",
    "returned",
    "approved",
    "published",
    "on_request",  # published, but fixed as 依申请公开 by the confidentiality review
    "withheld",  # 不予公开: approved, and publication refuses it
    "withdrawn",
    "corrected",
)
PUBLIC_STATES = ("published", "corrected")

GROUNDS = {
    Attribute.PROACTIVE: {"attribute": Attribute.PROACTIVE, "legal_ground": LegalGround.ART20},
    Attribute.ON_REQUEST: {
        "attribute": Attribute.ON_REQUEST,
        "legal_ground": LegalGround.ART16,
        "legal_ground_text": "属于过程性信息",
    },
    Attribute.WITHHELD: {
        "attribute": Attribute.WITHHELD,
        "legal_ground": LegalGround.ART14,
        "legal_ground_text": "涉及国家秘密",
    },
}


@contextmanager
def on_day(day: dt.date) -> Iterator[None]:
    """Run actions as if today were `day` (the platform's clock, moved by time-machine)."""
    with travel_to(day):
        yield


def chain_people(agency: Agency) -> Signers:
    """A drafter and the four signers of the default chain, in one agency."""
    prefix = f"p{agency.pk}"
    return Signers(
        drafter=member(agency, Role.CLERK, username=f"{prefix}-drafter"),
        section_head=member(agency, Role.CLERK, username=f"{prefix}-section"),
        office_head=member(agency, Role.OFFICE_HEAD, username=f"{prefix}-head"),
        deputy=member(agency, Role.DEPUTY_LEADER, username=f"{prefix}-deputy"),
        principal=member(agency, Role.PRINCIPAL_LEADER, username=f"{prefix}-principal"),
    )


def make_item(
    agency: Agency,
    people: Signers,
    state: str,
    title: str,
    *,
    day: dt.date = dt.date(2026, 6, 30),
    files: dict[str, bytes] | None = None,
    **fields: Any,
) -> CatalogueItem:
    """An item walked through the actions to `state` (see STATES), everything done on `day`;
    `files` (name: content) are attached to the draft through the attachment action."""
    values: dict[str, Any] = {"written_on": day, "body": f"{title}的正文。", "summary": "", "keywords": ""}
    values.update(fields)
    with on_day(day):
        item = draft(agency, people.drafter, title=title, **values)
        for name, content in (files or {}).items():
            actions.add_attachment(acting_user=people.drafter, item=item, filename=name, content=content)
            item.refresh_from_db()
        if state == "draft":
            return item
        item = actions.submit_for_review(acting_user=people.drafter, item=item)
        if state == "in_review":
            return actions.approve_step(acting_user=people.section_head, item=item, step=1)
        if state == "returned":
            return actions.return_to_drafter(acting_user=people.section_head, item=item, reason="请补充依据")
        attribute = {"on_request": Attribute.ON_REQUEST, "withheld": Attribute.WITHHELD}.get(
            state, Attribute.PROACTIVE
        )
        for number, person in enumerate(people.in_order(), start=1):
            extra = GROUNDS[attribute] if number == 2 else {}
            item = actions.approve_step(acting_user=person, item=item, step=number, **extra)
        if state in ("approved", "withheld"):
            return item
        item = actions.publish(acting_user=people.office_head, item=item)
        if state == "withdrawn":
            item = actions.withdraw(acting_user=people.office_head, item=item, reason="该文件已被新文件代替")
        elif state == "corrected":
            item = actions.correct_published(
                acting_user=people.office_head,
                item=item,
                reason="第二段的日期写错了，已改正",
                body=f"{title}的正文（已更正）。",
            )
        return item


def attach(
    item: CatalogueItem,
    name: str,
    data: bytes,
    *,
    kind: str = "pdf",
    content_type: str = "application/pdf",
) -> Attachment:
    """An attachment row with its file saved under a random name in the default storage."""
    suffix = name.rsplit(".", 1)[-1]
    stored = default_storage.save(f"catalogue/{item.pk}/{uuid.uuid4().hex}.{suffix}", ContentFile(data))
    return Attachment.objects.create(
        item=item,
        name=name,
        kind=kind,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        file=stored,
        uploaded_by=item.drafted_by,
    )
