"""Publishing a report makes its public record: the PDF and the DOCX of the frozen content,
stored as the files of a catalogue item (体裁 报告, 主题 综合政务) published at once with the
next 索引号, found by the portal search; the PDF's SHA-256 is the report's. A correction is a
new item with its 更正说明, and the old one stays public."""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile

import pytest
from django.test import Client

from gongkai.agencies.models import Agency
from gongkai.catalogue import actions as catalogue_actions
from gongkai.catalogue.models import Attachment, CatalogueItem, EventKind, Genre, Topic
from gongkai.catalogue.models import Status as ItemStatus
from gongkai.core.actions import ActionError
from gongkai.reports import actions
from gongkai.reports.models import AnnualReport, Status
from tests.reports.reports_fixtures import People, client_for, filed, published

from . import reports_fixtures

pytestmark = pytest.mark.django_db

people = reports_fixtures.people
january_2026 = reports_fixtures.january_2026

TITLE = "示例县自然资源局2025年政府信息公开工作年度报告"


def _body(response: object) -> bytes:
    return b"".join(response.streaming_content)  # type: ignore[attr-defined]


def _text(response: object) -> str:
    """The page's text as a reader sees it (tags such as a search hit's <mark> taken out)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", response.content.decode()))  # type: ignore[attr-defined]


def test_publication_files_the_report_as_a_catalogue_item_with_pdf_and_docx(
    bureau: Agency, people: People, january_2026: object
) -> None:
    report = published(bureau, people)
    item = report.catalogue_item
    assert item is not None
    # Published at once, as 主动公开, with the agency's first 索引号 of 2026 (national pattern).
    assert (item.status, item.attribute, item.genre, item.topic) == (
        "published",
        "proactive",
        Genre.REPORT,
        Topic.GENERAL,
    )
    assert item.index_number == f"{bureau.org_code}/2026-00001"
    assert (item.title, str(item.published_on)) == (TITLE, "2026-01-10")
    assert item.drafted_by == people.clerk
    # One event in the item's history, saying where it was signed.
    events = list(item.events.all())
    assert [e.kind for e in events] == [EventKind.PUBLISHED]
    assert "审核、签发" in events[0].data["signed_elsewhere"]
    assert [r.channel for r in item.releases.all()] == ["portal"]

    files = {a.kind: a for a in Attachment.objects.filter(item=item)}
    assert set(files) == {"pdf", "docx"}
    pdf = files["pdf"].file.read()
    docx = files["docx"].file.read()
    assert pdf.startswith(b"%PDF-")
    assert files["pdf"].name == f"{TITLE}.pdf"
    # The published file's digest is the PDF's; the JSON the API serves has its own.
    assert report.published_sha256 == hashlib.sha256(pdf).hexdigest() == files["pdf"].sha256
    api = Client().get(f"/api/reports/{bureau.pk}/2025")
    assert report.content_sha256 == hashlib.sha256(api.content).hexdigest()
    # The DOCX is the report: its title and the fee statement of section 六 are in it.
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        xml = archive.read("word/document.xml").decode()
    text = re.sub(r"<[^>]+>", "", xml)
    assert "政府信息公开工作" in text
    assert reports_fixtures.FEES in text
    # The catalogue item's page lists the two files for download.
    page = Client().get(f"/catalogue/item/{item.index_number}")
    assert page.status_code == 200
    assert f"{TITLE}.pdf" in _text(page)
    assert f"{TITLE}.docx" in _text(page)


def test_the_portal_search_finds_the_report_by_its_name_and_the_agency(
    bureau: Agency, people: People, january_2026: object
) -> None:
    published(bureau, people)
    for query in ("年度报告", "示例县自然资源局", "政府信息公开工作年度报告"):
        response = Client().get("/search", {"q": query})
        assert response.status_code == 200
        assert TITLE in _text(response), query
    # Another agency's name does not find it.
    assert TITLE not in _text(Client().get("/search", {"q": "示例县教育局"}))


def test_a_correction_publishes_a_new_item_and_both_stay_public(
    bureau: Agency, people: People, january_2026: object
) -> None:
    first = published(bureau, people)
    draft = actions.correct(
        acting_user=people.clerk, report=first, version=first.version, note="更正第五部分的文字"
    )
    second = published_again(draft, people)
    assert (second.revision, second.status) == (2, Status.PUBLISHED)
    assert second.catalogue_item is not None
    assert first.catalogue_item is not None
    assert second.catalogue_item.index_number == f"{bureau.org_code}/2026-00002"
    assert second.catalogue_item.title == f"{TITLE}（更正1）"
    assert "更正说明：更正第五部分的文字" in second.catalogue_item.correction_note
    assert first.catalogue_item.index_number in second.catalogue_item.correction_note
    public = CatalogueItem.objects.filter(status=ItemStatus.PUBLISHED, agency=bureau)
    assert public.count() == 2
    # The column's page of the year is the correction; the original keeps its own address.
    newest = _text(Client().get(f"/reports/{bureau.pk}/2025/"))
    assert "更正版本1" in newest
    assert "更正第五部分的文字" in newest
    newest_html = Client().get(f"/reports/{bureau.pk}/2025/").content.decode()
    assert f'href="/reports/{bureau.pk}/2025/1/"' in newest_html  # links back to the original
    original_html = Client().get(f"/reports/{bureau.pk}/2025/1/").content.decode()
    assert f'href="/reports/{bureau.pk}/2025/2/"' in original_html  # and forward
    original = _text(Client().get(f"/reports/{bureau.pk}/2025/1/"))
    assert "本报告已于 2026-01-10 更正" in original
    assert first.published_sha256 in original
    assert second.published_sha256 in newest


def published_again(report: AnnualReport, people: People) -> AnnualReport:
    report = filed(report.agency, people, report)
    report = actions.accept(acting_user=people.supervisor, report=report, version=report.version)
    return actions.publish(acting_user=people.clerk, report=report, version=report.version)


def test_a_refused_publication_leaves_no_item_no_file_and_the_report_accepted(
    bureau: Agency, people: People, january_2026: object
) -> None:
    report = filed(bureau, people)
    report = actions.accept(acting_user=people.supervisor, report=report, version=report.version)
    # A 主要领导 may publish the report but not a catalogue item (clerks and the office head do).
    with pytest.raises(ActionError) as refused:
        actions.publish(acting_user=people.leader, report=report, version=report.version)
    assert refused.value.code == "forbidden"
    # Another agency's clerk, a stale version: refused before anything is typeset.
    with pytest.raises(ActionError):
        actions.publish(acting_user=people.outsider, report=report, version=report.version)
    with pytest.raises(ActionError) as stale:
        actions.publish(acting_user=people.clerk, report=report, version=report.version - 1)
    assert stale.value.code == "conflict"
    report.refresh_from_db()
    assert (report.status, report.catalogue_item_id, report.published_sha256) == (Status.ACCEPTED, None, "")
    assert not CatalogueItem.objects.exists()
    assert not Attachment.objects.exists()


def test_publish_signed_elsewhere_refuses_other_agencies_and_bad_files(
    bureau: Agency, people: People, january_2026: object
) -> None:
    import datetime as dt

    fields = {
        "agency": bureau,
        "title": "某报告",
        "topic": Topic.GENERAL,
        "genre": Genre.REPORT,
        "written_on": dt.date(2026, 1, 5),
        "summary": "",
        "body": "正文",
        "keywords": "",
        "signed_by": "另一流程",
    }
    with pytest.raises(ActionError) as outsider:
        catalogue_actions.publish_signed_elsewhere(acting_user=people.outsider, files=[], **fields)
    assert outsider.value.code == "forbidden"
    with pytest.raises(ActionError) as bad:
        catalogue_actions.publish_signed_elsewhere(
            acting_user=people.clerk, files=[("报告.pdf", b"not a pdf")], **fields
        )
    assert "PDF" in str(bad.value) or "文件" in str(bad.value)
    assert not CatalogueItem.objects.exists()
    # Alone, it is its own action: published at once, with the next 索引号.
    item = catalogue_actions.publish_signed_elsewhere(acting_user=people.clerk, files=[], **fields)
    assert (item.status, item.index_number) == ("published", f"{bureau.org_code}/2026-00001")


def test_the_api_serves_the_published_json_from_the_openapi_router(
    bureau: Agency, people: People, january_2026: object
) -> None:
    report = published(bureau, people)
    document = json.loads(Client().get("/api/openapi.json").content)
    operation = document["paths"]["/api/reports/{agency_id}/{year}"]["get"]
    assert "security" not in operation
    assert {"200", "404", "422"} <= set(operation["responses"])
    data = json.loads(Client().get(f"/api/reports/{bureau.pk}/2025").content)
    assert (data["published"], data["agency"]) == ("2026-01-10", report.agency.name)
    missing = Client().get(f"/api/reports/{bureau.pk}/2024")
    assert missing.status_code == 404
    assert json.loads(missing.content) == {"detail": "未找到该资源，或您无权查看"}
    bad = Client().get(f"/api/reports/{bureau.pk}/99999")
    assert bad.status_code == 422
    assert "errors" in json.loads(bad.content)
    # The API only reads: every other method is refused and nothing changes.
    client = client_for(people.clerk)
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)(
            f"/api/reports/{bureau.pk}/2025", data={}, content_type="application/json"
        )
        assert response.status_code == 405, method
    fresh = AnnualReport.objects.get(pk=report.pk)
    assert (fresh.version, fresh.content) == (report.version, report.content)


def test_the_catalogue_pages_cannot_correct_or_withdraw_the_reports_item(
    bureau: Agency, people: People, january_2026: object
) -> None:
    report = published(bureau, people)
    item = report.catalogue_item
    assert item is not None
    before = (item.version, item.title, item.body, item.status)
    forms = {
        "correct": {
            "title": "改过的名称",
            "body": "改过的正文",
            "summary": "",
            "keywords": "",
            "doc_number": "",
            "validity": "valid",
            "reason": "更正",
        },
        "withdraw": {"reason": "撤回"},
    }
    for action, data in forms.items():
        response = client_for(people.head).post(
            f"/work/catalogue/{item.pk}/{action}/", {"version": item.version, **data}
        )
        assert response.status_code == 409, action
        assert "请在原处起草更正版本" in response.content.decode()
    item.refresh_from_db()
    assert (item.version, item.title, item.body, item.status) == before


def test_the_items_text_is_the_reports_sections_under_their_headings(
    bureau: Agency, people: People, january_2026: object
) -> None:
    report = published(bureau, people)
    assert report.catalogue_item is not None
    # drafted() wrote sections 一, 五 and 六; the others have no text of their own.
    assert report.catalogue_item.body == (
        "一、总体情况\n本年度，本局认真贯彻《条例》。\n\n"
        "五、存在的主要问题及改进情况\n公开内容还不够全面。\n\n"
        f"六、其他需要报告的事项\n{reports_fixtures.FEES}"
    )
