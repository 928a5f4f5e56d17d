"""A file written for an attachment whose row never committed is deleted by prune_attachment_files;
files that rows name, fresh files and files outside the catalogue's folder are kept."""

from __future__ import annotations

import os
import time
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command

from gongkai.agencies.models import Agency
from gongkai.catalogue import actions
from gongkai.catalogue.models import Attachment, CatalogueItem
from gongkai.core.time import today
from tests.catalogue.attachment_files import docx_bytes

pytestmark = pytest.mark.django_db(transaction=True)


class ServerStopped(BaseException):
    """The process ends between writing an upload's file and committing its row (killed, power cut)."""


def _stop(*args: Any, **kwargs: Any) -> None:
    raise ServerStopped


def _age(path: Path, minutes: int) -> None:
    past = time.time() - minutes * 60
    os.utime(path, (past, past))


def test_a_file_left_by_a_server_that_stopped_mid_upload_is_pruned(
    settings: Any, tmp_path: Path, bureau: Agency, clerk: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    item = actions.create_draft(
        acting_user=clerk,
        agency=bureau,
        title="关于湿地保护的通知",
        topic="natural_resources",
        genre="notice",
        written_on=today(),
    )
    kept = actions.add_attachment(
        acting_user=clerk, item=item, filename="名录.docx", content=docx_bytes("名录")
    )
    # An action runs in its own durable transaction: it cannot be rolled back by an outer one. What
    # leaves a file behind is the process ending after the file is written, before its row commits
    # and before the clean-up that would delete it.
    with monkeypatch.context() as patch:
        patch.setattr(actions, "_event", _stop)
        patch.setattr(FileSystemStorage, "delete", _stop)
        with pytest.raises(ServerStopped):
            actions.add_attachment(
                acting_user=clerk, item=item, filename="草稿.docx", content=docx_bytes("另一份")
            )
    assert Attachment.objects.count() == 1
    files = sorted((tmp_path / "catalogue").rglob("*.docx"))
    assert len(files) == 2  # the interrupted upload's file is still on disk
    orphan = next(f for f in files if f.name != Path(kept.file.name).name)
    outside = tmp_path / "register-imports" / "x.xlsx"
    outside.parent.mkdir()
    outside.write_bytes(b"not ours")
    for path in (*files, outside):
        _age(path, 120)

    out = StringIO()
    call_command("prune_attachment_files", "--dry-run", stdout=out)
    assert "可删除1个" in out.getvalue()
    assert orphan.exists()

    call_command("prune_attachment_files", stdout=StringIO())
    assert not orphan.exists()
    assert (tmp_path / kept.file.name).exists()
    assert outside.exists()
    assert CatalogueItem.objects.get(pk=item.pk).attachments.get().name == "名录.docx"


def test_a_fresh_orphan_is_left_for_a_later_run(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    fresh = tmp_path / "catalogue" / "7" / "abc.pdf"
    fresh.parent.mkdir(parents=True)
    fresh.write_bytes(b"%PDF-1.4")  # an upload whose row is still being committed
    out = StringIO()
    call_command("prune_attachment_files", stdout=out)
    assert fresh.exists()
    assert "已删除0个" in out.getvalue()
