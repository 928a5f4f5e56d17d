"""区分处理 removes what is marked: the delivered file has no text at all and black pixels under
each mark, while what is not marked is still there to read. Marking by text finds every
occurrence; every mark names its legal basis."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from PIL import ImageStat

from gongkai.agencies.models import Agency
from gongkai.applications import records, redaction
from gongkai.applications.models import CaseDocument, EventKind
from gongkai.core.actions import ActionError
from tests.applications.records_helpers import (
    attach,
    lines_pdf,
    login,
    page_pixels,
    region,
    text_of,
)
from tests.factories import application

pytestmark = pytest.mark.django_db

# The second line stands 200-220 pt from the top of an 841.89 pt page: 22.5 %-27.5 % of the page
# (189.4-231.5 pt) covers it and nothing of the lines at 100 pt and 300 pt.
SECOND_LINE = {"page": "1", "left": "5", "top": "22.5", "right": "95", "bottom": "27.5"}


def test_a_marked_line_is_gone_from_the_delivered_pdf_as_text_and_as_pixels(
    bureau: Agency, clerk: User
) -> None:
    case = application(bureau, clerk)
    document = attach(case, clerk)
    original = lines_pdf()
    assert "秘密" in text_of(original)  # the line is there to be removed

    client = login(clerk)
    base = f"/work/cases/{case.pk}/records/{document.pk}"
    marked = client.post(f"{base}/mark/", {**SECOND_LINE, "basis": "15-privacy", "version": document.version})
    assert marked.status_code == 302
    document = CaseDocument.objects.get(pk=document.pk)
    applied = client.post(f"{base}/apply/", {"version": document.version})
    assert applied.status_code == 302
    delivered = client.get(f"{base}/redacted.pdf")
    assert delivered.status_code == 200
    pdf = b"".join(delivered.streaming_content)  # type: ignore[attr-defined]

    # No text survives anywhere: not the marked line, and no text layer at all (every page is a picture).
    assert text_of(pdf) == ""
    assert b"/Font" not in pdf
    # Under the mark every pixel is black (189.4-231.5 pt, 29.8-565.5 pt; 2 pt inside its edges).
    after = page_pixels(pdf)
    assert region(after, 191.5, 229.5, 31.8, 563.5).getextrema() == (0, 0)
    # What is not marked reads as before: the first and third lines carry the same ink as in the
    # original (the page picture sits up to half a pixel off the original's grid, so compared as totals).
    before = page_pixels(original)
    for top, bottom in ((95, 125), (295, 325)):
        kept, was = region(after, top, bottom), region(before, top, bottom)
        assert kept.getextrema()[0] < 100  # dark strokes of characters
        assert abs(ImageStat.Stat(kept).mean[0] - ImageStat.Stat(was).mean[0]) < 1.5
    # The marked line had ink in the original: the black box covers what was there.
    assert region(before, 191.5, 229.5, 31.8, 563.5).getextrema()[0] < 100


def test_marking_by_text_marks_every_occurrence_on_every_page(bureau: Agency, clerk: User) -> None:
    # "张三" three times on each of two pages (twice in the second line): six by hand.
    lines = ("申请人张三提交的材料", "张三与张三的联系方式", "第三行没有这个名字")
    case = application(bureau, clerk)
    document = attach(case, clerk, content=lines_pdf(lines, pages=2))

    document = records.mark_text(
        acting_user=clerk, document=document, text="张三", basis="15-privacy", version=document.version
    )

    assert len(document.marks) == 6
    assert sorted(m["page"] for m in document.marks) == [1, 1, 1, 2, 2, 2]
    event = case.events.get(kind=EventKind.REDACTION_MARKED)
    assert event.data["marks"] == 6
    assert event.data["how"] == "按文字遮盖"
    assert "第十五条" in event.reason
    assert "个人隐私" in event.reason
    document = records.apply_redaction(acting_user=clerk, document=document, version=document.version)
    with document.redacted.open("rb") as stream:
        pdf = stream.read()
    assert text_of(pdf) == ""
    # The third line, without the name, is still there; each second line has two black boxes.
    image = page_pixels(pdf, 2)
    assert region(image, 295, 325).getextrema()[0] < 100


def test_a_mark_without_its_legal_basis_is_refused_and_nothing_is_marked(bureau: Agency, clerk: User) -> None:
    case = application(bureau, clerk)
    document = attach(case, clerk)

    response = login(clerk).post(
        f"/work/cases/{case.pk}/records/{document.pk}/mark/", {**SECOND_LINE, "version": document.version}
    )

    assert response.status_code == 400
    assert "请选择遮盖的法律依据" in response.content.decode()
    assert CaseDocument.objects.get(pk=document.pk).marks == []
    with pytest.raises(ActionError, match="法律依据"):
        records.mark_text(
            acting_user=clerk, document=document, text="秘密", basis="", version=document.version
        )
    assert not case.events.filter(kind=EventKind.REDACTION_MARKED).exists()


def test_text_that_is_not_in_the_document_is_refused_with_a_hint_about_scans(
    bureau: Agency, clerk: User
) -> None:
    case = application(bureau, clerk)
    document = attach(case, clerk)

    with pytest.raises(ActionError, match=r"未在.*找到“李四”.*扫描件"):
        records.mark_text(
            acting_user=clerk, document=document, text="李四", basis="14", version=document.version
        )


def test_a_box_outside_the_page_or_upside_down_is_refused_in_words(bureau: Agency, clerk: User) -> None:
    case = application(bureau, clerk)
    document = attach(case, clerk)
    client = login(clerk)
    url = f"/work/cases/{case.pk}/records/{document.pk}/mark/"

    upside_down = client.post(url, {**SECOND_LINE, "top": "30", "basis": "14", "version": document.version})
    past_the_end = client.post(url, {**SECOND_LINE, "page": "2", "basis": "14", "version": document.version})

    assert upside_down.status_code == 400
    assert "下边位置应大于上边距" in upside_down.content.decode()
    assert past_the_end.status_code == 400
    assert "共1页，没有第2页" in past_the_end.content.decode()
    assert CaseDocument.objects.get(pk=document.pk).marks == []


def test_an_image_is_one_page_and_its_redacted_file_is_a_pdf_of_the_picture(
    bureau: Agency, clerk: User
) -> None:
    from tests.applications.records_helpers import png_bytes

    case = application(bureau, clerk)
    document = attach(case, clerk, name="现场照片.png", content=png_bytes())
    assert document.page_count == 1
    document = records.add_marks(
        acting_user=clerk,
        document=document,
        marks=[redaction.Mark(1, redaction.Box(0, 0, 0.5, 1))],
        basis="15-privacy",
        version=document.version,
    )
    document = records.apply_redaction(acting_user=clerk, document=document, version=document.version)

    with document.redacted.open("rb") as stream:
        pdf = stream.read()
    image = page_pixels(pdf, 1, dpi=150, mode="RGB")
    # 40 x 30 pixels at 150 dpi: the left half black, the right half the picture's red (200, 30, 30).
    assert image.getpixel((image.width // 4, image.height // 2)) == (0, 0, 0)
    red = image.getpixel((image.width * 3 // 4, image.height // 2))
    assert isinstance(red, tuple)
    assert abs(red[0] - 200) < 8
    assert red[1] < 40
    assert document.delivered_name == "现场照片（区分处理）.pdf"


def test_a_word_document_is_refused_for_marking_when_libreoffice_is_absent(
    bureau: Agency, clerk: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    import docx

    word = docx.Document()
    word.add_paragraph("张三的身份证号码")
    buffer = __import__("io").BytesIO()
    word.save(buffer)
    monkeypatch.setattr(redaction.shutil, "which", lambda _name: None)
    case = application(bureau, clerk)

    attached = records.attach_document(
        acting_user=clerk,
        application=case,
        filename="名单.docx",
        content=buffer.getvalue(),
        version=case.version,
    )

    assert attached.document.page_count == 0
    assert "未安装 LibreOffice" in attached.note
    page = login(clerk).get(f"/work/cases/{case.pk}/records/{attached.document.pk}/")
    assert "未安装 LibreOffice" in page.content.decode()
    with pytest.raises(ActionError, match="未安装 LibreOffice"):
        records.mark_text(
            acting_user=clerk, document=attached.document, text="张三", basis="15-privacy", version=0
        )


@pytest.mark.slow
@pytest.mark.skipif(
    not redaction.office_available(), reason="LibreOffice（soffice）未安装：Word 文档不能转换为页面"
)
def test_a_word_document_is_turned_into_pages_and_its_names_marked_by_text(
    bureau: Agency, clerk: User
) -> None:
    import io

    import docx

    word = docx.Document()
    word.add_paragraph("申请人张三，身份证号码110101199001011234。")
    word.add_paragraph("张三的联系电话为13800138000。")
    buffer = io.BytesIO()
    word.save(buffer)
    case = application(bureau, clerk)
    document = attach(case, clerk, name="名单.docx", content=buffer.getvalue())
    assert document.page_count == 1

    document = records.mark_text(
        acting_user=clerk, document=document, text="张三", basis="15-privacy", version=document.version
    )
    document = records.apply_redaction(acting_user=clerk, document=document, version=document.version)

    assert len(document.marks) == 2  # once in each paragraph
    with document.redacted.open("rb") as stream:
        assert text_of(stream.read()) == ""
    assert document.delivered_name == "名单（区分处理）.pdf"


def test_text_on_a_page_turned_a_quarter_is_marked_where_the_page_shows_it(
    bureau: Agency, clerk: User
) -> None:
    import io

    import pypdfium2 as pdfium

    # 「秘密」 are the 10th and 11th characters of the second line: 72 + 9 x 20 = 252 pt to 292 pt
    # from the left, 200-220 pt from the top of the 595.28 x 841.89 pt page. Turned a quarter
    # clockwise (/Rotate 90), the page shows them 73.9 %-76.2 % across (from (841.89 - 220) /
    # 841.89) and 42.3 %-49.1 % down (252 / 595.28, 292 / 595.28).
    turned = pdfium.PdfDocument(lines_pdf())
    turned[0].set_rotation(90)
    buffer = io.BytesIO()
    turned.save(buffer)
    case = application(bureau, clerk)
    document = attach(case, clerk, content=buffer.getvalue())

    document = records.mark_text(
        acting_user=clerk, document=document, text="秘密", basis="14", version=document.version
    )
    [mark] = document.marks
    x0, y0, x1, y1 = mark["box"]
    assert 0.72 < x0 < 0.739
    assert 0.762 < x1 < 0.78
    assert 0.40 < y0 < 0.423
    assert 0.491 < y1 < 0.51
    document = records.apply_redaction(acting_user=clerk, document=document, version=document.version)
    with document.redacted.open("rb") as stream:
        pdf = stream.read()
    image = page_pixels(pdf)
    assert image.width > image.height  # still shown turned
    inner = image.crop(
        (
            round(0.742 * image.width),
            round(0.426 * image.height),
            round(0.759 * image.width),
            round(0.488 * image.height),
        )
    )
    assert inner.getextrema() == (0, 0)


def test_a_mark_taken_back_asks_for_the_redacted_file_again(bureau: Agency, clerk: User) -> None:
    case = application(bureau, clerk)
    document = attach(case, clerk)
    client = login(clerk)
    base = f"/work/cases/{case.pk}/records/{document.pk}"
    client.post(f"{base}/mark/", {**SECOND_LINE, "basis": "16.2", "version": 0})
    client.post(f"{base}/apply/", {"version": 1})
    assert CaseDocument.objects.get(pk=document.pk).is_redacted
    page = client.get(f"{base}/").content.decode()
    assert 'name="mark" value="1"' in page  # the 取消遮盖 button of mark 1

    response = client.post(f"{base}/unmark/", {"mark": "1", "version": "1"})

    assert response.status_code == 302
    document = CaseDocument.objects.get(pk=document.pk)
    assert document.marks == []
    assert not document.is_redacted
    assert case.events.filter(kind=EventKind.REDACTION_UNMARKED).count() == 1
    # The same form sent again (a second click) is stale: 409, nothing more changes.
    again = client.post(f"{base}/unmark/", {"mark": "1", "version": "1"})
    assert again.status_code == 409
    assert case.events.filter(kind=EventKind.REDACTION_UNMARKED).count() == 1
