"""Who gets what from the staff pages of the catalogue. Another agency's clerk is told every URL of
an item does not exist (404), reading or posting, with any id; a supervisor reads the subtree but
is offered no form and every POST is refused (403); an anonymous visitor is sent to log in. None
of it changes anything."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gongkai.agencies.models import Agency, Role
from gongkai.catalogue import actions
from gongkai.catalogue.models import Attachment, CatalogueItem, Event
from gongkai.catalogue.views.work import ITEM_ACTIONS
from tests.catalogue.attachment_files import docx_bytes, png_bytes
from tests.catalogue.workflow import draft, sign_all, signers
from tests.factories import member

pytestmark = pytest.mark.django_db

POST_DATA = {
    "version": "1",
    "step": "1",
    "attribute": "proactive",
    "legal_ground": "art20",
    "reason": "试图办理",
    "title": "改名",
    "topic": "general",
    "genre": "notice",
    "written_on": "2026-06-01",
    "validity": "valid",
    "channel": "weibo",
    "released_on": "2026-06-30",
}


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def items(bureau: Agency, clerk: User, office_head: User) -> dict[str, CatalogueItem]:
    """One item in each state that offers forms: a draft with an attachment, one in review, one published."""
    people = signers(bureau, clerk, office_head)
    with_file = draft(bureau, clerk, title="有附件的草稿")
    actions.add_attachment(
        acting_user=clerk, item=with_file, filename="名单.docx", content=docx_bytes("名单")
    )
    in_review = actions.submit_for_review(
        acting_user=clerk, item=draft(bureau, clerk, title="正在审核的通知")
    )
    published = actions.publish(
        acting_user=office_head, item=sign_all(draft(bureau, clerk, title="已经发布的公告"), people)
    )
    return {
        "draft": CatalogueItem.objects.get(pk=with_file.pk),
        "in_review": in_review,
        "published": published,
    }


def state() -> list[tuple[Any, ...]]:
    rows = CatalogueItem.objects.order_by("pk").values_list("pk", "status", "steps_done", "version", "title")
    return [*rows, Event.objects.count(), Attachment.objects.count()]


def urls_of(item: CatalogueItem) -> tuple[list[str], list[str]]:
    base = f"/work/catalogue/{item.pk}/"
    attachment = item.attachments.first()
    gets = [base, f"{base}edit/"]
    if attachment is not None:
        gets.append(f"{base}attachments/{attachment.pk}/")
    posts = [f"{base}edit/", f"{base}attachments/"] + [
        f"{base}{name}/" for name in ITEM_ACTIONS if name != "attach"
    ]
    return gets, posts


def post(client: Client, url: str, item: CatalogueItem) -> int:
    data: dict[str, Any] = {**POST_DATA, "version": item.version}
    if url.endswith("/attachments/"):
        data["file"] = SimpleUploadedFile("图.png", png_bytes())
    attachment = item.attachments.first()
    if attachment is not None:
        data["attachment"] = attachment.pk
    return client.post(url, data).status_code


def test_another_agencys_clerk_finds_nothing_at_any_url(
    items: dict[str, CatalogueItem], other_bureau: Agency, media: Path
) -> None:
    stranger = member(other_bureau, Role.OFFICE_HEAD, username="stranger")
    member(other_bureau, Role.CLERK, username="stranger-clerk")
    before = state()
    files = sorted(media.rglob("*"))
    for user in (stranger, User.objects.get(username="stranger-clerk")):
        client = Client()
        client.force_login(user)
        for item in items.values():
            gets, posts = urls_of(item)
            for url in gets:
                assert client.get(url).status_code == 404, url
            for url in posts:
                assert post(client, url, item) == 404, url
        listing = client.get("/work/catalogue/").content.decode()
        assert not any(item.title in listing for item in items.values())
    assert state() == before
    assert sorted(media.rglob("*")) == files


def test_guessing_ids_finds_nothing(items: dict[str, CatalogueItem], other_bureau: Agency) -> None:
    client = Client()
    client.force_login(member(other_bureau, Role.CLERK, username="guesser"))
    attachment = Attachment.objects.get()
    assert client.get("/work/catalogue/999999/").status_code == 404
    # The bureau's attachment, asked for by its id under any of the bureau's items.
    assert (
        client.get(f"/work/catalogue/{items['published'].pk}/attachments/{attachment.pk}/").status_code == 404
    )


def test_an_attachment_is_only_served_under_its_own_item(
    items: dict[str, CatalogueItem], clerk: User
) -> None:
    client = Client()
    client.force_login(clerk)
    attachment = Attachment.objects.get()
    assert client.get(f"/work/catalogue/{items['draft'].pk}/attachments/{attachment.pk}/").status_code == 200
    assert (
        client.get(f"/work/catalogue/{items['published'].pk}/attachments/{attachment.pk}/").status_code == 404
    )


def test_a_supervisor_reads_everything_but_is_offered_no_form_and_refused_every_post(
    items: dict[str, CatalogueItem], supervisor: User, media: Path
) -> None:
    client = Client()
    client.force_login(supervisor)
    before = state()
    files = sorted(media.rglob("*"))
    for item in items.values():
        page = client.get(f"/work/catalogue/{item.pk}/")
        html = page.content.decode()
        assert page.status_code == 200
        assert item.title in html
        assert "您以上级监督身份查看本条目，只能查看，不能办理。" in html
        assert '<form method="post" action="/work/catalogue/' not in html
        assert 'href="/work/catalogue/new/"' not in client.get("/work/catalogue/").content.decode()
        attachment = item.attachments.first()
        if attachment is not None:
            assert client.get(f"/work/catalogue/{item.pk}/attachments/{attachment.pk}/").status_code == 200
        assert client.get(f"/work/catalogue/{item.pk}/edit/").status_code == 403
        _, posts = urls_of(item)
        for url in posts:
            assert post(client, url, item) == 403, url
    assert client.get("/work/catalogue/new/").status_code == 403
    assert (
        client.post("/work/catalogue/new/", {**POST_DATA, "agency": items["draft"].agency_id}).status_code
        == 403
    )
    assert state() == before
    assert sorted(media.rglob("*")) == files


def test_an_anonymous_visitor_is_sent_to_log_in(items: dict[str, CatalogueItem]) -> None:
    client = Client()
    before = state()
    for item in items.values():
        gets, posts = urls_of(item)
        for url in [*gets, "/work/catalogue/", "/work/catalogue/new/"]:
            response = client.get(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith("/login/"), url
        for url in posts:
            response = client.post(url, POST_DATA)
            assert response.status_code == 302, url
            assert response["Location"].startswith("/login/"), url
    assert state() == before


def test_colleagues_see_the_item_but_only_the_forms_their_role_allows(
    items: dict[str, CatalogueItem], bureau: Agency, clerk: User, office_head: User
) -> None:
    colleague = member(bureau, Role.CLERK, username="colleague")
    draft_item, published = items["draft"], items["published"]
    client = Client()
    client.force_login(colleague)
    html = client.get(f"/work/catalogue/{draft_item.pk}/").content.decode()
    assert "有附件的草稿" in html
    assert '<form method="post" action="/work/catalogue/' not in html  # not the drafter: nothing to do
    assert client.get(f"/work/catalogue/{draft_item.pk}/edit/").status_code == 403
    html = client.get(f"/work/catalogue/{published.pk}/").content.decode()
    assert f'action="/work/catalogue/{published.pk}/correct/"' in html
    assert f'action="/work/catalogue/{published.pk}/withdraw/"' not in html  # the office head's
    client.force_login(office_head)
    html = client.get(f"/work/catalogue/{published.pk}/").content.decode()
    assert f'action="/work/catalogue/{published.pk}/withdraw/"' in html
