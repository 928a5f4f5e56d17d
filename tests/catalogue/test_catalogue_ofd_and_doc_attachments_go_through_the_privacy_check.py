"""An OFD or a .doc attached to a catalogue item goes through the confidentiality step like a DOCX:
an ID number in an OFD's pages is found; a .doc whose text could not be read (no LibreOffice) must
be looked at by a person, who is told why."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from gongkai.agencies.models import Agency
from gongkai.catalogue import actions
from gongkai.catalogue.models import CatalogueItem
from gongkai.core import filecheck
from tests.catalogue.test_attachment_doc_wps_ofd_are_typed_and_read import ofd_bytes, ole_bytes
from tests.catalogue.workflow import Signers, draft, signers

pytestmark = pytest.mark.django_db

ID_NUMBER = "11010519491231002X"


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def people(bureau: Agency, clerk: User, office_head: User) -> Signers:
    return signers(bureau, clerk, office_head)


def at_step_two(bureau: Agency, people: Signers, name: str, content: bytes) -> CatalogueItem:
    item = draft(bureau, people.drafter, body="现将名单公布如下（见附件）。")
    actions.add_attachment(acting_user=people.drafter, item=item, filename=name, content=content)
    item = actions.submit_for_review(acting_user=people.drafter, item=CatalogueItem.objects.get(pk=item.pk))
    return actions.approve_step(acting_user=people.section_head, item=item, step=1)


def post_step_two(client: Client, item: CatalogueItem, *confirmed: str) -> Any:
    return client.post(
        f"/work/catalogue/{item.pk}/approve/",
        {
            "version": CatalogueItem.objects.get(pk=item.pk).version,
            "step": "2",
            "attribute": "proactive",
            "legal_ground": "art20",
            "confirmed": list(confirmed),
        },
    )


def test_an_id_number_in_an_attached_ofd_blocks_the_step(bureau: Agency, people: Signers) -> None:
    content = ofd_bytes([(20, "补偿名单")], [(20, "李某"), (30, f"身份证号{ID_NUMBER}")])
    item = at_step_two(bureau, people, "补偿名单.ofd", content)
    assert item.attachments.get().kind == "ofd"
    client = Client()
    client.force_login(people.office_head)
    response = post_step_two(client, item)
    assert response.status_code == 400
    assert (
        f"个人信息核查发现附件“补偿名单.ofd”中的身份证号码“{ID_NUMBER}”：请删除或处理后再审核"
        in response.content.decode()
    )
    assert post_step_two(client, item, f"id_number:{ID_NUMBER}").status_code == 302


def test_a_doc_whose_text_was_not_read_must_be_looked_at(
    bureau: Agency, people: Signers, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(filecheck, "_soffice", lambda: None)
    item = at_step_two(bureau, people, "名单.doc", ole_bytes("WordDocument"))
    attachment = item.attachments.get()
    assert (attachment.kind, attachment.text) == ("doc", "")
    client = Client()
    client.force_login(people.office_head)
    response = post_step_two(client, item)
    assert response.status_code == 400
    assert (
        "附件“名单.doc”：未能提取文字：本系统未安装 LibreOffice，“名单.doc”的内容没有用于检索和隐私检查，须人工核查"
        in response.content.decode()
    )
    assert post_step_two(client, item, f"attachment:{attachment.sha256}").status_code == 302
