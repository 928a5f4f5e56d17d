"""Last year's report from the file the agency published before the platform: uploaded once, read
by the importers, refused unless it is that agency's report on that year, kept as a published,
imported report with its original file, and then what next year's report is checked against.

Today is 2026-06-30 (the autouse `fixed_today`): 2025 and earlier are past years.
"""

from __future__ import annotations

import hashlib
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.agencies.models import Agency, Level, Role
from gongkai.annual_report.editions import Edition
from gongkai.annual_report.importers import MAX_BYTES
from gongkai.annual_report.model import Report, Section
from gongkai.annual_report.renderers.text import render_text
from gongkai.core.actions import ActionError
from gongkai.reports import actions, selectors
from gongkai.reports.models import AnnualReport, Origin, ReportEvent, Status
from tests.factories import AgencyFactory, member
from tests.report.bombs import docx_bomb
from tests.reports.reports_fixtures import client_for

pytestmark = pytest.mark.django_db

REAL = Path(__file__).parents[1] / "data" / "real" / "reports"
# Read by hand in tests/data/real/expected/32-2025-township-hantai-xuwang.toml: the township's
# 2025 report, cut off after the row 三.（一）予以公开 of table 三.
XUWANG_FILE = REAL / "32-2025-township-hantai-xuwang.txt"
XUWANG = "汉台区徐望镇人民政府"


@pytest.fixture(autouse=True)
def own_media(settings: Any, tmp_path: Path) -> None:
    """Each test its own MEDIA_ROOT: what one stored (then rolled back) is not seen by the next."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def xuwang(db: None) -> Agency:
    agency: Agency = AgencyFactory(name=XUWANG, level=Level.TOWNSHIP, is_government=True)
    return agency


@pytest.fixture
def clerk(xuwang: Agency) -> User:
    return member(xuwang, Role.CLERK, username="xw_clerk")


def _stored_files() -> list[Path]:
    root = Path(django_settings.MEDIA_ROOT) / "reports"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _nothing_saved() -> None:
    assert AnnualReport.objects.count() == 0
    assert ReportEvent.objects.count() == 0
    assert _stored_files() == []


def test_a_real_published_report_is_kept_as_published_and_imported(xuwang: Agency, clerk: User) -> None:
    data = XUWANG_FILE.read_bytes()
    report = actions.import_published_report(
        acting_user=clerk, agency=xuwang, year=2025, filename="徐望镇2025年报.txt", data=data
    )
    report.refresh_from_db()
    assert (report.status, report.origin, report.revision) == (Status.PUBLISHED, Origin.IMPORTED, 1)
    assert report.source_filename == "徐望镇2025年报.txt"
    assert report.source_file.read() == data  # the original, byte for byte
    assert report.published_sha256 == hashlib.sha256(data).hexdigest()
    assert report.edition == "E2021"
    assert report.general.startswith("2025年以来,徐望镇严格按照")

    # The content as read: the hand-read cells of the expected file.
    content = Report.from_dict(report.content)
    assert content.agency == XUWANG
    assert content.year == 2025
    assert content.get("art20_5", "license", "decisions") == 124
    assert content.get("art20_1", "normative", "in_force") == 0
    assert content.get("art20_8", "fees", "amount") == Decimal("0")
    assert content.get("applications", "new", "total") == 0
    assert content.get("applications", "granted", "total") == 0
    # The reader's findings are kept with it: the file ends inside table 三.
    assert "truncated" in {f["code"] for f in report.findings}

    event = ReportEvent.objects.get(report=report)
    assert (event.kind, event.actor, event.data["filename"]) == ("imported", clerk, "徐望镇2025年报.txt")


def test_next_years_report_finds_the_imported_one_as_last_year(xuwang: Agency, clerk: User) -> None:
    actions.import_published_report(
        acting_user=clerk, agency=xuwang, year=2025, filename="2025.txt", data=XUWANG_FILE.read_bytes()
    )
    draft = actions.start_report(acting_user=clerk, agency=xuwang, year=2026)
    previous = selectors.previous_report(draft)
    assert previous is not None
    assert (previous.agency, previous.year) == (XUWANG, 2025)
    assert previous.get("art20_5", "license", "decisions") == 124


def _published_2024(agency: str, carried_forward: int) -> bytes:
    """A 2024 report as an agency would publish it as text (tab-separated tables): one application
    received from a natural person, `carried_forward` of it still open at the year's end."""
    report = Report(agency=agency, year=2024, edition=Edition.E2021)
    report.sections = [
        Section(n, title, "本年度认真贯彻《条例》。" if n == 1 else "")
        for n, title in enumerate(report.definition.section_titles, start=1)
    ]
    for table in ("art20_1",):
        for row in ("rules", "normative"):
            for column in ("issued", "repealed", "in_force"):
                report.set(table, row, column, 0)
    for key in ("natural_person", "total"):
        report.set("applications", "new", key, 1)
        report.set("applications", "carried_forward", key, carried_forward)
    return render_text(report).encode()


def test_the_carry_over_rule_runs_against_the_imported_report(county: Agency, bureau: Agency) -> None:
    clerk = member(bureau, Role.CLERK, username="clerk")
    data = _published_2024(bureau.name, carried_forward=1)
    last = actions.import_published_report(
        acting_user=clerk, agency=bureau, year=2024, filename="2024年度报告.txt", data=data
    )
    assert Report.from_dict(last.content).get("applications", "carried_forward", "natural_person") == 1
    # The platform holds no 2024 case: it counts 0 carried over into 2025, the published 2024
    # report said 1 was carried forward. The checker says so on the 2025 draft.
    draft = actions.start_report(acting_user=clerk, agency=bureau, year=2025)
    errors = {(f["code"], f["column"]) for f in draft.findings if f["severity"] == "error"}
    assert ("carry-over", "natural_person") in errors


BAD = [
    (
        "not a report",
        "菜谱.txt",
        "红烧肉的做法：五花肉切块，冷水下锅焯水。\n".encode() * 20,
        "不是政府信息公开工作年度报告",
    ),
    ("corrupt zip", "报告.docx", b"PK\x03\x04" + b"\x00garbage" * 50, "已损坏"),
    ("an old .doc", "报告.doc", b"\xd0\xcf\x11\xe0" + b"\x00" * 600, "旧版Word"),
    ("empty", "报告.txt", b"   \n", "是空的"),
]


@pytest.mark.parametrize(("why", "filename", "data", "message"), BAD, ids=[b[0] for b in BAD])
def test_a_file_that_is_not_a_report_is_refused_and_nothing_is_saved(
    xuwang: Agency, clerk: User, why: str, filename: str, data: bytes, message: str
) -> None:
    with pytest.raises(ActionError) as refused:
        actions.import_published_report(
            acting_user=clerk, agency=xuwang, year=2025, filename=filename, data=data
        )
    assert message in str(refused.value), why
    assert refused.value.code == "invalid"
    _nothing_saved()


def test_another_years_report_is_refused(xuwang: Agency, clerk: User) -> None:
    with pytest.raises(ActionError, match="是2025年度的报告，不是2024年度的"):
        actions.import_published_report(
            acting_user=clerk, agency=xuwang, year=2024, filename="a.txt", data=XUWANG_FILE.read_bytes()
        )
    _nothing_saved()


def test_another_agencys_report_is_refused(bureau: Agency) -> None:
    clerk = member(bureau, Role.CLERK, username="clerk")
    with pytest.raises(ActionError, match=f"是“{XUWANG}”的报告，不是示例县自然资源局的"):
        actions.import_published_report(
            acting_user=clerk, agency=bureau, year=2025, filename="a.txt", data=XUWANG_FILE.read_bytes()
        )
    _nothing_saved()


def test_a_file_too_large_is_refused_before_it_is_read(xuwang: Agency, clerk: User) -> None:
    with pytest.raises(ActionError, match="超过年度报告文件的上限20 MB"):
        actions.import_published_report(
            acting_user=clerk, agency=xuwang, year=2025, filename="大.txt", data=b"x" * (MAX_BYTES + 1)
        )
    _nothing_saved()


def test_a_zip_bomb_is_refused_before_it_is_unpacked(xuwang: Agency, clerk: User, tmp_path: Path) -> None:
    bomb = docx_bomb(tmp_path / "bomb.docx", unpacked_mb=120).read_bytes()
    assert len(bomb) < MAX_BYTES
    with pytest.raises(ActionError, match="解压后"):
        actions.import_published_report(
            acting_user=clerk, agency=xuwang, year=2025, filename="b.docx", data=bomb
        )
    _nothing_saved()


def test_only_the_agencys_staff_import_and_only_once(xuwang: Agency, clerk: User, county: Agency) -> None:
    outsider = member(county, Role.CLERK, username="outsider")
    data = XUWANG_FILE.read_bytes()
    with pytest.raises(ActionError) as refused:
        actions.import_published_report(
            acting_user=outsider, agency=xuwang, year=2025, filename="a.txt", data=data
        )
    assert refused.value.code == "forbidden"
    _nothing_saved()
    actions.import_published_report(acting_user=clerk, agency=xuwang, year=2025, filename="a.txt", data=data)
    with pytest.raises(ActionError, match="2025年度报告已导入，不能再导入") as again:
        actions.import_published_report(
            acting_user=clerk, agency=xuwang, year=2025, filename="a.txt", data=data
        )
    assert again.value.code == "conflict"
    assert AnnualReport.objects.count() == 1
    assert len(_stored_files()) == 1
    with pytest.raises(ActionError, match="只能导入2025年度及以前"):
        actions.import_published_report(
            acting_user=clerk, agency=xuwang, year=2026, filename="a.txt", data=data
        )


def _text(response: object) -> str:
    return re.sub(r"\s+", " ", response.content.decode())  # type: ignore[attr-defined]


def test_the_list_page_offers_the_upload_and_imports_the_file(xuwang: Agency, clerk: User) -> None:
    client = client_for(clerk)
    assert "上传上年度已发布的报告" in _text(client.get("/work/reports/"))
    upload = SimpleUploadedFile("徐望镇2025年报.txt", XUWANG_FILE.read_bytes(), content_type="text/plain")
    response = client.post("/work/reports/import/", {"agency": xuwang.pk, "year": 2025, "file": upload})
    assert response.status_code == 302
    assert response["Location"] == "/work/reports/"
    page = _text(client.get("/work/reports/"))
    assert "已导入汉台区徐望镇人民政府2025年政府信息公开工作年度报告" in page
    assert "已发布" in page
    report = AnnualReport.objects.get()
    shown = _text(client.get(f"/work/reports/{report.pk}/"))
    assert "124" in shown
    assert "从原文件“徐望镇2025年报.txt”导入" in shown
    # Its numbers are the file's: no link to the platform's rows behind them, and no such page.
    assert "/cells/" not in shown
    assert client.get(f"/work/reports/{report.pk}/cells/art20_5.license.decisions/").status_code == 404
    original = client.get(f"/work/reports/{report.pk}/source/")
    assert original.status_code == 200
    assert b"".join(original.streaming_content) == XUWANG_FILE.read_bytes()  # type: ignore[attr-defined]
    # Another agency's staff: no such report for them.
    outsider = member(AgencyFactory(name="另一个镇人民政府"), Role.CLERK, username="other")
    assert client_for(outsider).get(f"/work/reports/{report.pk}/source/").status_code == 404


def test_a_bad_file_gets_an_error_page_that_says_why(xuwang: Agency, clerk: User) -> None:
    client = client_for(clerk)
    upload = SimpleUploadedFile("2024.txt", XUWANG_FILE.read_bytes(), content_type="text/plain")
    response = client.post("/work/reports/import/", {"agency": xuwang.pk, "year": 2024, "file": upload})
    assert response.status_code == 400
    page = _text(response)
    assert "未能导入年度报告" in page
    assert "文件“2024.txt”是2025年度的报告，不是2024年度的" in page
    assert "上传并导入" in page  # the form again, to try with the right file
    _nothing_saved()


def test_an_upload_over_the_limit_is_dropped_while_it_arrives(xuwang: Agency, clerk: User) -> None:
    upload = SimpleUploadedFile("大.txt", b"x" * (MAX_BYTES + 1), content_type="text/plain")
    response = client_for(clerk).post(
        "/work/reports/import/", {"agency": xuwang.pk, "year": 2025, "file": upload}
    )
    assert response.status_code == 400
    assert "文件超过年度报告文件的上限20 MB，未能上传" in _text(response)
    _nothing_saved()


def test_another_agencys_staff_cannot_upload_for_it(xuwang: Agency, county: Agency) -> None:
    outsider = member(county, Role.CLERK, username="outsider")
    upload = SimpleUploadedFile("a.txt", XUWANG_FILE.read_bytes(), content_type="text/plain")
    response = client_for(outsider).post(
        "/work/reports/import/", {"agency": xuwang.pk, "year": 2025, "file": upload}
    )
    assert response.status_code == 400
    assert "选择一个有效的选项" in _text(response) or "Select a valid choice" in _text(response)
    _nothing_saved()


def test_the_portal_offers_the_imported_original_and_its_sha256(xuwang: Agency, clerk: User) -> None:
    from django.test import Client

    data = XUWANG_FILE.read_bytes()
    actions.import_published_report(
        acting_user=clerk, agency=xuwang, year=2025, filename="徐望镇2025年报.txt", data=data
    )
    public = Client()
    page = public.get(f"/reports/{xuwang.pk}/2025/")
    assert page.status_code == 200
    html = page.content.decode()
    # The record is the file the township published: its SHA-256, named as the original's, and
    # a download of exactly those bytes (no PDF or DOCX was made here).
    assert "原文件 SHA-256" in html
    assert hashlib.sha256(data).hexdigest() in html
    assert "徐望镇2025年报.txt" in html
    assert "report.pdf" not in html
    download = public.get(f"/reports/{xuwang.pk}/2025/1/report.original")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == data  # type: ignore[attr-defined]
    assert public.get(f"/reports/{xuwang.pk}/2025/1/report.pdf").status_code == 404
