"""A register import is refused, with a message and nothing saved, when its XLSX would unpack to
too much or it has too many rows; a sheet with many bad rows lists the first errors and counts
the rest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

from gongkai.agencies.models import Agency
from gongkai.registers import importing
from gongkai.registers.models import FeeCollection, RegisterEvent
from tests.registers.registers_day import on_the_last_day_of_june  # noqa: F401  (autouse: today is 2026-06-30)
from tests.report.bombs import xlsx_bomb

from .test_registers_pages_import_previews_then_applies import FEE_HEADERS, error_rows, login, upload, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def uploads(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path / "register-imports"


def test_the_500000_row_bomb_is_refused_as_a_whole_with_one_message(
    bureau: Agency, clerk: User, tmp_path: Path
) -> None:
    bomb = xlsx_bomb(tmp_path / "收费.xlsx", FEE_HEADERS).read_bytes()
    response = upload(login(clerk), bureau, "fees", "收费.xlsx", bomb)
    assert response.status_code == 400
    [(where, message)] = error_rows(response)
    assert where == "整个文件"
    assert message.startswith("文件“收费.xlsx”解压后其中的“xl/worksheets/sheet1.xml”由")
    assert "上限100:1" in message
    assert len(response.content) < 100_000  # one message, not a page per row
    assert FeeCollection.objects.count() == 0
    assert RegisterEvent.objects.count() == 0


def test_a_sheet_past_the_row_cap_is_refused(
    bureau: Agency, clerk: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importing, "MAX_ROWS", 30)
    rows = [(f"收费项目{n}", 2025, 100) for n in range(31)]
    response = upload(login(clerk), bureau, "fees", "收费.xlsx", xlsx(FEE_HEADERS, *rows))
    assert response.status_code == 400
    assert error_rows(response) == [("整个文件", "文件超过30行（不含表头），请拆分为多个文件分批导入")]
    # 30 rows under the header are within the cap.
    response = upload(login(clerk), bureau, "fees", "收费.xlsx", xlsx(FEE_HEADERS, *rows[:30]))
    assert response.status_code == 200
    assert error_rows(response) == []
    assert FeeCollection.objects.count() == 0


def test_the_first_200_errors_are_listed_and_the_rest_counted(bureau: Agency, clerk: User) -> None:
    # 250 rows, each with one error (the year is not a number): rows 2 to 251 of the sheet.
    rows = [(f"收费项目{n}", "二〇二五", 100) for n in range(250)]
    response = upload(login(clerk), bureau, "fees", "收费.xlsx", xlsx(FEE_HEADERS, *rows))
    assert response.status_code == 400
    listed = error_rows(response)
    assert len(listed) == 200
    assert listed[0] == ("第2行", "“年度”“二〇二五”不是整数")
    assert listed[-1] == ("第201行", "“年度”“二〇二五”不是整数")
    page = response.content.decode()
    assert "发现250处错误，改正后重新上传才能导入" in page
    assert "错误（250处，列出前200处）" in page
    assert "另有50处错误未列出" in page
    assert FeeCollection.objects.count() == 0
