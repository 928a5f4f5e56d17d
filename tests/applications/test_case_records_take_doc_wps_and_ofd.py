"""A case's documents may be old Word (.doc) or OFD files too: the .doc is turned into pages for
marking by LibreOffice like a DOCX; an OFD is kept and delivered as it is, and the clerk is told it
cannot be marked in the system (LibreOffice does not read OFD)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from gongkai.agencies.models import Agency
from gongkai.applications import records
from gongkai.core.actions import ActionError
from tests.applications.records_helpers import text_of
from tests.catalogue.test_attachment_doc_wps_ofd_are_typed_and_read import (
    needs_office,
    ofd_bytes,
    word97_bytes,
)
from tests.factories import application

pytestmark = pytest.mark.django_db


def test_an_ofd_is_attached_but_cannot_be_marked(bureau: Agency, clerk: User) -> None:
    case = application(bureau, clerk)
    attached = records.attach_document(
        acting_user=clerk,
        application=case,
        filename="批复.ofd",
        content=ofd_bytes([(20, "关于城乡规划调整的批复")]),
        version=case.version,
    )
    assert (attached.document.kind, attached.document.content_type) == ("ofd", "application/ofd")
    assert attached.document.page_count == 0
    assert attached.note == (
        "该材料可以提供，但不能在系统中遮盖：“批复.ofd”是 OFD 版式文件，系统不能在其页面上遮盖，请另存为 PDF 后上传再遮盖"
    )
    with pytest.raises(ActionError, match="是 OFD 版式文件，系统不能在其页面上遮盖"):
        records.mark_text(
            acting_user=clerk, document=attached.document, text="批复", basis="15-privacy", version=0
        )
    client = Client()
    client.force_login(clerk)
    page = client.get(f"/work/cases/{case.pk}/records/{attached.document.pk}/")
    assert page.status_code == 200
    assert "是 OFD 版式文件，系统不能在其页面上遮盖" in page.content.decode()


@pytest.mark.slow
@needs_office
def test_a_doc_is_turned_into_pages_for_marking(bureau: Agency, clerk: User) -> None:
    case = application(bureau, clerk)
    attached = records.attach_document(
        acting_user=clerk,
        application=case,
        filename="名单.doc",
        content=word97_bytes("获奖名单", "李某"),
        version=case.version,
    )
    assert attached.document.kind == "doc"
    assert attached.document.page_count == 1
    with attached.document.pages_file.open("rb") as pages:
        text = text_of(pages.read())
    assert "获奖名单" in text
    assert "李某" in text
