"""Two clerks upload last year's report at the same moment: one import lands, the other is told
it is already there (409), and one report and one stored file remain.

Real threads with their own connections, released together (as in
test_concurrent_writes_queue_instead_of_failing); `make test` runs tests/web on SQLite and again on
PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.agencies.models import Level, Role
from gongkai.reports.models import AnnualReport
from tests.factories import AgencyFactory, member
from tests.platform.test_concurrent_writes_queue_instead_of_failing import all_at_once
from tests.reports.reports_fixtures import client_for

pytestmark = pytest.mark.django_db(transaction=True)

REPORT = Path(__file__).parents[1] / "data" / "real" / "reports" / "32-2025-township-hantai-xuwang.txt"


def test_two_uploads_at_once_one_lands_and_the_other_is_told(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    agency = AgencyFactory(name="汉台区徐望镇人民政府", level=Level.TOWNSHIP, is_government=True)
    clients = [client_for(member(agency, Role.CLERK, username=f"clerk{i}")) for i in (1, 2)]

    def upload(i: int) -> tuple[int, str]:
        file = SimpleUploadedFile("2025.txt", REPORT.read_bytes(), content_type="text/plain")
        response = clients[i].post("/work/reports/import/", {"agency": agency.pk, "year": 2025, "file": file})
        return response.status_code, response.content.decode()

    results = all_at_once([lambda: upload(0), lambda: upload(1)])
    assert sorted(status for status, _ in results) == [302, 409]
    refused = next(page for status, page in results if status == 409)
    assert "汉台区徐望镇人民政府2025年度报告已导入，不能再导入" in refused
    assert AnnualReport.objects.filter(agency=agency, year=2025).count() == 1
    assert len([p for p in tmp_path.rglob("*") if p.is_file()]) == 1
