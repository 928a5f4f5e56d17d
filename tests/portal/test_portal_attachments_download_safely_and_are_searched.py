"""A public item's attachments: found by the words inside them, downloaded under their own name and
type, never rendered as a page when they could run script, and not found when the file is gone."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils.http import content_disposition_header

from gongkai.agencies.models import Agency
from gongkai.catalogue.models import Attachment, CatalogueItem
from tests.catalogue.attachment_files import docx_bytes
from tests.portal.portal_items import attach, chain_people, make_item

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def item(bureau: Agency, clerk: User, settings: object, tmp_path: object) -> CatalogueItem:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    files = {"耕地保护考核细则.docx": docx_bytes("考核对象包括貔貅山片区的全部耕地。")}
    return make_item(bureau, chain_people(bureau), "published", "关于耕地保护考核的通知", files=files)


def test_a_word_found_only_inside_an_attachment_finds_the_item(client: Client, item: CatalogueItem) -> None:
    page = client.get("/search?q=貔貅").content.decode()
    assert "找到 1 条" in page
    assert f'href="/catalogue/item/{item.index_number}"' in page
    assert "找到 0 条" in client.get("/search?q=麒麟").content.decode()


def test_a_docx_is_downloaded_under_its_original_name(client: Client, item: CatalogueItem) -> None:
    attachment = Attachment.objects.get(item=item)
    assert attachment.file.name.startswith(f"catalogue/{item.pk}/")
    assert "耕地" not in attachment.file.name  # stored under a random name
    page = client.get(f"/catalogue/item/{item.index_number}").content.decode()
    assert "耕地保护考核细则.docx" in page
    assert "Word 文档（DOCX）" in page
    response = client.get(f"/catalogue/attachments/{attachment.pk}/耕地保护考核细则.docx")
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_TYPE
    assert response["Content-Disposition"] == content_disposition_header(
        as_attachment=True, filename="耕地保护考核细则.docx"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    with attachment.file.open("rb") as stored:
        assert b"".join(response.streaming_content) == stored.read()  # type: ignore[attr-defined]


def test_a_file_that_could_run_script_is_only_ever_saved(client: Client, item: CatalogueItem) -> None:
    svg = attach(
        item,
        "示意图.svg",
        b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
        kind="image",
        content_type="image/svg+xml",
    )
    response = client.get(f"/catalogue/attachments/{svg.pk}/示意图.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    html = attach(
        item, "说明.pdf", b"<html><script>alert(1)</script></html>", kind="pdf", content_type="text/html"
    )
    response = client.get(f"/catalogue/attachments/{html.pk}/说明.pdf")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")


def test_a_missing_file_is_not_found(client: Client, item: CatalogueItem) -> None:
    attachment = Attachment.objects.get(item=item)
    attachment.file.storage.delete(attachment.file.name)
    response = client.get(f"/catalogue/attachments/{attachment.pk}/{attachment.name}")
    assert response.status_code == 404
