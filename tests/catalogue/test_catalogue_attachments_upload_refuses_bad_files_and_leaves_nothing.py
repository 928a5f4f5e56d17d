"""Uploading attachments on the item page: good files are stored under a random name and served
back to the agency's staff with their own name; bad ones are refused with a Chinese message next
to the file field, and leave no row and no file behind."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gongkai.agencies.models import Agency, Role
from gongkai.catalogue import actions
from gongkai.catalogue.models import Attachment, CatalogueItem, EventKind
from tests.catalogue.attachment_files import (
    EXE,
    OLE,
    camera_photo_bytes,
    docx_bytes,
    png_bytes,
    xlsx_bytes,
    zip_bytes,
)
from tests.catalogue.workflow import draft
from tests.factories import member

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def stored_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def upload(client: Client, item: CatalogueItem, name: str, content: bytes, **extra: Any) -> Response:
    version = CatalogueItem.objects.get(pk=item.pk).version
    data = {"version": version, "file": SimpleUploadedFile(name, content), **extra}
    return client.post(f"/work/catalogue/{item.pk}/attachments/", data)


def refused(response: Response, message: str, media: Path, item: CatalogueItem) -> None:
    html = response.content.decode()
    assert response.status_code == 400, html[:500]
    assert message in html
    assert '<div class="field invalid">' in html  # the message sits by the file field
    assert not Attachment.objects.exists()
    assert stored_files(media) == []
    assert CatalogueItem.objects.get(pk=item.pk).version == item.version
    assert not item.events.filter(kind=EventKind.ATTACHED).exists()


def test_a_docx_is_stored_under_a_random_name_and_downloads_with_its_own(
    bureau: Agency, clerk: User, media: Path
) -> None:
    item = draft(bureau, clerk)
    content = docx_bytes("获奖名单：李某")
    client = login(clerk)
    response = upload(client, item, "获奖名单（终稿）.docx", content)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "已上传附件“获奖名单（终稿）.docx”" in page

    attachment = Attachment.objects.get()
    assert (attachment.name, attachment.kind, attachment.size) == (
        "获奖名单（终稿）.docx",
        "docx",
        len(content),
    )
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    assert attachment.text == "获奖名单：李某"
    [path] = stored_files(media)
    assert path.parent == media / "catalogue" / str(item.pk)
    assert "获奖" not in path.name
    assert path.suffix == ".docx"
    assert path.read_bytes() == content
    assert CatalogueItem.objects.get(pk=item.pk).version == item.version + 1
    assert item.events.filter(kind=EventKind.ATTACHED).count() == 1

    download = client.get(f"/work/catalogue/{item.pk}/attachments/{attachment.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content  # type: ignore[attr-defined]
    assert download["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert download["Content-Disposition"] == (
        "attachment; filename*=utf-8''%E8%8E%B7%E5%A5%96%E5%90%8D%E5%8D%95%EF%BC%88%E7%BB%88%E7%A8%BF%EF%BC%89.docx"
    )
    assert download["X-Content-Type-Options"] == "nosniff"


def test_a_photo_is_stored_and_served_without_its_location_device_and_author(
    bureau: Agency, clerk: User, media: Path
) -> None:
    item = draft(bureau, clerk)
    photo = camera_photo_bytes()
    client = login(clerk)
    response = upload(client, item, "检查现场.jpg", photo)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "已去除图片中的拍摄信息" in page  # the clerk is told

    attachment = Attachment.objects.get()
    [path] = stored_files(media)
    stored = path.read_bytes()
    download = client.get(f"/work/catalogue/{item.pk}/attachments/{attachment.pk}/")
    served = b"".join(download.streaming_content)  # type: ignore[attr-defined]
    assert served == stored
    for trace in (b"Zhang San", b"PhoneMaker", b"2026:05:01", b"Exif\x00\x00"):
        assert trace in photo
        assert trace not in stored
    assert (attachment.size, attachment.sha256) == (len(stored), hashlib.sha256(stored).hexdigest())
    assert stored[:3] == b"\xff\xd8\xff"  # still a JPEG


def test_a_pdf_that_is_a_program_is_refused(bureau: Agency, clerk: User, media: Path) -> None:
    item = draft(bureau, clerk)
    response = upload(login(clerk), item, "通知.pdf", EXE)
    refused(
        response, "文件“通知.pdf”的扩展名是.pdf，内容却是可执行程序：扩展名与内容不符，不能上传", media, item
    )


def test_a_pdf_that_is_a_zip_is_refused(bureau: Agency, clerk: User, media: Path) -> None:
    item = draft(bureau, clerk)
    response = upload(login(clerk), item, "通知.pdf", zip_bytes({"a.txt": b"x"}))
    refused(response, "内容却是压缩包（ZIP）", media, item)


def test_a_program_is_refused(bureau: Agency, clerk: User, media: Path) -> None:
    item = draft(bureau, clerk)
    response = upload(login(clerk), item, "setup.exe", EXE)
    refused(response, "不能上传“.exe”文件", media, item)


def test_a_corrupt_docx_is_refused(bureau: Agency, clerk: User, media: Path) -> None:
    item = draft(bureau, clerk)
    whole = docx_bytes("正文")
    response = upload(login(clerk), item, "名单.docx", whole[:-200])
    refused(response, "文件“名单.docx”已损坏，无法打开，请重新保存后再上传", media, item)


def test_a_password_protected_xlsx_is_refused(bureau: Agency, clerk: User, media: Path) -> None:
    item = draft(bureau, clerk)
    response = upload(login(clerk), item, "人员.xlsx", OLE)
    refused(response, "文件“人员.xlsx”设置了打开密码", media, item)


def test_a_file_over_the_limit_is_refused(bureau: Agency, clerk: User, media: Path, settings: Any) -> None:
    settings.GONGKAI_ATTACHMENT_MAX_BYTES = 2048
    item = draft(bureau, clerk)
    response = upload(login(clerk), item, "大表.xlsx", xlsx_bytes(("表", [["x" * 100] * 50] * 20)))
    refused(response, "文件超过了大小上限（2 KB），请压缩或拆分后再上传", media, item)


def test_an_empty_file_is_refused(bureau: Agency, clerk: User, media: Path) -> None:
    item = draft(bureau, clerk)
    response = upload(login(clerk), item, "空.pdf", b"")
    refused(response, "文件是空的，请选择有内容的文件", media, item)


def test_the_same_file_twice_and_more_than_the_limit_are_refused(
    bureau: Agency, clerk: User, media: Path, settings: Any
) -> None:
    settings.GONGKAI_ATTACHMENTS_PER_ITEM = 2
    item = draft(bureau, clerk)
    client = login(clerk)
    assert upload(client, item, "图一.png", png_bytes()).status_code == 302
    response = upload(client, item, "图一（副本）.png", png_bytes())
    assert response.status_code == 409
    assert "该文件已作为附件“图一.png”上传过" in response.content.decode()
    assert upload(client, item, "名单.docx", docx_bytes("名单")).status_code == 302
    response = upload(client, item, "另一份.docx", docx_bytes("另一份"))
    assert response.status_code == 409
    assert "每个条目最多2个附件" in response.content.decode()
    assert Attachment.objects.count() == 2
    assert len(stored_files(media)) == 2


def test_a_file_is_deleted_when_its_row_cannot_be_written(
    bureau: Agency, clerk: User, media: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    item = draft(bureau, clerk)

    def fail(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(actions, "_event", fail)
    with pytest.raises(RuntimeError):
        actions.add_attachment(acting_user=clerk, item=item, filename="名单.docx", content=docx_bytes("名单"))
    assert not Attachment.objects.exists()
    assert stored_files(media) == []


def test_removing_an_attachment_deletes_its_file_once_committed(
    bureau: Agency, clerk: User, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    item = draft(bureau, clerk)
    client = login(clerk)
    upload(client, item, "图.png", png_bytes())
    attachment = Attachment.objects.get()
    [path] = stored_files(media)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            f"/work/catalogue/{item.pk}/detach/",
            {"version": CatalogueItem.objects.get(pk=item.pk).version, "attachment": attachment.pk},
        )
        assert response.status_code == 302
        assert path.exists()  # not yet: the removal has not committed
    for callback in callbacks:
        callback()
    assert not path.exists()
    assert not Attachment.objects.exists()
    assert item.events.filter(kind=EventKind.DETACHED).get().data["name"] == "图.png"


def test_only_the_drafter_attaches_and_only_while_the_item_can_be_edited(
    bureau: Agency, clerk: User, media: Path
) -> None:
    item = draft(bureau, clerk)
    colleague = member(bureau, Role.CLERK, username="colleague")
    response = upload(login(colleague), item, "图.png", png_bytes())
    assert response.status_code == 403
    assert "只有起草人可以添加附件" in response.content.decode()
    actions.submit_for_review(acting_user=clerk, item=item)
    response = upload(login(clerk), item, "图.png", png_bytes())
    assert response.status_code == 409
    assert "条目当前状态为“审核中”，不能添加附件" in response.content.decode()
    assert not Attachment.objects.exists()
    assert stored_files(media) == []


def test_the_upload_is_protected_against_cross_site_requests(
    bureau: Agency, clerk: User, media: Path
) -> None:
    # The upload view reads the file through its own size-capping handler, so it runs the CSRF
    # check itself: prove it still refuses a form posted from another site.
    item = draft(bureau, clerk)
    client = Client(enforce_csrf_checks=True)
    client.force_login(clerk)
    data = {"version": item.version, "file": SimpleUploadedFile("图.png", png_bytes())}
    assert client.post(f"/work/catalogue/{item.pk}/attachments/", data).status_code == 403
    assert not Attachment.objects.exists()
    assert stored_files(media) == []

    client.get(f"/work/catalogue/{item.pk}/")
    token = client.cookies["csrftoken"].value
    data = {
        "version": item.version,
        "file": SimpleUploadedFile("图.png", png_bytes()),
        "csrfmiddlewaretoken": token,
    }
    assert client.post(f"/work/catalogue/{item.pk}/attachments/", data).status_code == 302
    assert Attachment.objects.count() == 1
