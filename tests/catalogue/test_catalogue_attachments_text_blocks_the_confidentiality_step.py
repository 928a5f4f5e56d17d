"""Personal data in an attachment stops the confidentiality step, through the item page, until the
reviewer confirms each finding; an image (no text: no OCR) must be confirmed after looking at it.
Once published, the attachment's text is found by the search."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from gongkai.agencies.models import Agency
from gongkai.catalogue import actions, forms
from gongkai.catalogue.models import CatalogueItem, Status
from gongkai.search.selectors import search
from tests.catalogue.attachment_files import docx_bytes, png_bytes
from tests.catalogue.workflow import Signers, draft, signers

pytestmark = pytest.mark.django_db

ID_NUMBER = "11010519491231002X"


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def people(bureau: Agency, clerk: User, office_head: User) -> Signers:
    return signers(bureau, clerk, office_head)


def at_step_two(bureau: Agency, people: Signers, *files: tuple[str, bytes]) -> CatalogueItem:
    item = draft(bureau, people.drafter, body="现将获奖名单公布如下（见附件）。")
    for name, content in files:
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


def test_an_id_number_in_an_attached_docx_blocks_the_step_until_confirmed(
    bureau: Agency, people: Signers
) -> None:
    table = [["姓名", "身份证号"], ["李某", ID_NUMBER]]
    item = at_step_two(bureau, people, ("获奖名单.docx", docx_bytes("获奖名单", table=table)))
    client = Client()
    client.force_login(people.office_head)

    page = client.get(f"/work/catalogue/{item.pk}/").content.decode()
    finding = f"附件“获奖名单.docx”中的身份证号码“{ID_NUMBER}”"
    assert finding in page
    assert f'value="id_number:{ID_NUMBER}"' in page
    assert f'确认不属于个人信息<span class="visually-hidden">：{finding}</span>' in page

    response = post_step_two(client, item)
    assert response.status_code == 400
    assert (
        f"个人信息核查发现{finding}：请删除或处理后再审核，或逐项确认不属于个人信息"
        in response.content.decode()
    )
    item.refresh_from_db()
    assert (item.status, item.steps_done, item.attribute) == (Status.IN_REVIEW, 1, "")

    response = post_step_two(client, item, f"id_number:{ID_NUMBER}")
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.steps_done, item.attribute) == (2, "proactive")
    assert item.reviews.get(step_index=2).data["confirmed_not_personal"] == [f"id_number:{ID_NUMBER}"]


def test_an_image_must_be_looked_at_before_the_step_passes(bureau: Agency, people: Signers) -> None:
    item = at_step_two(bureau, people, ("现场照片.png", png_bytes()))
    attachment = item.attachments.get()
    client = Client()
    client.force_login(people.office_head)
    response = post_step_two(client, item)
    assert response.status_code == 400
    assert (
        "附件“现场照片.png”：图片不提取文字（系统不做文字识别），图片内容须人工核查。请人工查看后确认不含个人信息"
        in response.content.decode()
    )
    assert post_step_two(client, item, f"attachment:{attachment.sha256}").status_code == 302
    assert CatalogueItem.objects.get(pk=item.pk).steps_done == 2


def test_a_finding_the_page_did_not_offer_is_refused(bureau: Agency, people: Signers) -> None:
    item = at_step_two(bureau, people)
    client = Client()
    client.force_login(people.office_head)
    response = post_step_two(client, item, "id_number:110105194912310038")
    assert response.status_code == 400
    assert "核查结果已有变化，请刷新页面后重新确认" in response.content.decode()
    assert CatalogueItem.objects.get(pk=item.pk).steps_done == 1


def test_attachment_text_is_searched_once_published(bureau: Agency, people: Signers) -> None:
    item = at_step_two(bureau, people, ("名单.docx", docx_bytes("获奖单位：示例县青山镇文化站")))
    item = actions.approve_step(
        acting_user=people.office_head, item=item, step=2, attribute="proactive", legal_ground="art20"
    )
    item = actions.approve_step(acting_user=people.deputy, item=item, step=3)
    item = actions.approve_step(acting_user=people.principal, item=item, step=4)
    assert search("青山镇文化站").total == 0
    actions.publish(acting_user=people.office_head, item=item)
    hits = search("青山镇文化站")
    assert [(h.kind, h.object_id) for h in hits.hits] == [("catalogue_item", item.pk)]


def test_an_item_with_too_many_findings_cannot_be_confirmed_only_returned(
    bureau: Agency, people: Signers, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(forms, "MAX_LISTED_FINDINGS", 2)
    phones = ["13800138001", "13800138002", "13800138003"]
    item = at_step_two(bureau, people, ("名单.docx", docx_bytes(*(f"联系电话{p}" for p in phones))))
    client = Client()
    client.force_login(people.office_head)
    page = client.get(f"/work/catalogue/{item.pk}/").content.decode()
    assert page.count("确认不属于个人信息<span") == 2
    assert "共发现3处，只列出前2处。个人信息过多，无法逐项确认，请退回起草人处理。" in page

    response = post_step_two(client, item, *(f"mobile:{p}" for p in phones))
    assert response.status_code == 400
    assert "核查结果已有变化，请刷新页面后重新确认" in response.content.decode()
    response = post_step_two(client, item, *(f"mobile:{p}" for p in phones[:2]))
    assert response.status_code == 400
    assert "附件“名单.docx”中的手机号码“13800138003”" in response.content.decode()
    assert CatalogueItem.objects.get(pk=item.pk).steps_done == 1
