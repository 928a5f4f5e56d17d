"""DOCX and XLSX are zips: they are refused by what they unpack to, before anything in them is
unpacked or parsed, and reading a long sheet is a stream. The bombs are the ones issue 13 met: a
DOCX whose body unpacks to 190 MB, an XLSX of 500,000 rows squeezed into a few dozen KB."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from gongkai.annual_report.blocks import UnreadableError
from gongkai.annual_report.importers.docx import read_docx
from gongkai.core.filecheck import AttachmentError, check_file

from .bombs import docx_bomb, xlsx_bomb, xlsx_long

FEE_HEADERS = ("收费项目", "年度", "收费金额（元）")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bombs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bombs")
    return {
        "docx": docx_bomb(folder / "bomb.docx"),
        "xlsx": xlsx_bomb(folder / "bomb.xlsx", FEE_HEADERS),
        "long": xlsx_long(folder / "long.xlsx", FEE_HEADERS, rows=300_000),
    }


@pytest.fixture
def nothing_unpacked(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a member was unpacked")

    monkeypatch.setattr(zipfile.ZipFile, "open", refuse)


@pytest.mark.slow
def test_the_bombs_are_small_on_upload_and_huge_unpacked(bombs: dict[str, Path]) -> None:
    docx, xlsx = bombs["docx"], bombs["xlsx"]
    assert docx.stat().st_size < 1024 * 1024
    assert sum(i.file_size for i in zipfile.ZipFile(docx).infolist()) > 189 * 1024 * 1024
    assert xlsx.stat().st_size < 100 * 1024
    assert sum(i.file_size for i in zipfile.ZipFile(xlsx).infolist()) > 20 * 1024 * 1024


def test_a_docx_attachment_that_unpacks_to_190_mb_is_refused_unopened(
    bombs: dict[str, Path], nothing_unpacked: None
) -> None:
    with pytest.raises(AttachmentError) as error:
        check_file("通知.docx", bombs["docx"].read_bytes())
    assert str(error.value) == (
        "文件“通知.docx”解压后其中的“word/document.xml”有190 MB，超过单个部件上限64 MB，"
        "可能是恶意构造的压缩文件，不能处理；如是正常文件，请拆分后再上传"
    )


def test_an_xlsx_attachment_squeezed_hundreds_of_times_is_refused_unopened(
    bombs: dict[str, Path], nothing_unpacked: None
) -> None:
    # 23 MB of rows in about 70 KB: more than 300 to 1, where Office files compress 5 to 20 times.
    with pytest.raises(AttachmentError) as error:
        check_file("名单.xlsx", bombs["xlsx"].read_bytes())
    message = str(error.value)
    assert message.startswith("文件“名单.xlsx”解压后其中的“xl/worksheets/sheet1.xml”由")
    assert "展开为23.4 MB（压缩比" in message
    assert "上限100:1）" in message


def test_the_report_importer_refuses_the_docx_bomb_unopened(
    bombs: dict[str, Path], nothing_unpacked: None
) -> None:
    with pytest.raises(UnreadableError) as error:
        read_docx(bombs["docx"].read_bytes())
    assert "DOCX文件解压后其中的“word/document.xml”有190 MB，超过单个部件上限64 MB" in str(error.value)


_MEASURE = """
import json, resource, sys
from pathlib import Path
import django
django.setup()
from gongkai.core.filecheck import AttachmentError, check_file
from gongkai.annual_report.importers.docx import read_docx
from gongkai.annual_report.blocks import UnreadableError
from gongkai.registers.importing import read_sheet
import openpyxl  # imported before the baseline: its code is not what is measured
what, path = sys.argv[1], Path(sys.argv[2])
content = path.read_bytes()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    if what == "attachment":
        check_file(path.name, content)
    elif what == "report":
        read_docx(content)
    else:
        for row in read_sheet(path.name, content):
            pass
    outcome = "accepted"
except (AttachmentError, UnreadableError, ValueError) as error:
    outcome = str(error)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"grew_kb": after - before, "outcome": outcome}, ensure_ascii=False))
"""


def _measure(what: str, path: Path) -> dict[str, Any]:
    """How much the peak memory of a fresh process grows while it reads `path` (ru_maxrss, KB)."""
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "gongkai.web.settings", "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, what, str(path)], capture_output=True, text=True, env=env, check=True
    )
    return json.loads(done.stdout)  # type: ignore[no-any-return]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("what", "bomb", "refusal"),
    [
        ("attachment", "docx", "超过单个部件上限64 MB"),
        ("report", "docx", "超过单个部件上限64 MB"),
        ("attachment", "xlsx", "上限100:1"),
        ("sheet", "xlsx", "上限100:1"),
        # No bomb: 300,000 rows in 4.7 MB, 25 MB unpacked; read as a stream and refused at row 20,002.
        ("sheet", "long", "文件超过20000行（不含表头），请拆分为多个文件分批导入"),
    ],
)
def test_memory_stays_bounded_while_a_bomb_is_refused(
    bombs: dict[str, Path], what: str, bomb: str, refusal: str
) -> None:
    measured = _measure(what, bombs[bomb])
    assert refusal in measured["outcome"]
    # The DOCX unpacks to 190 MB, the XLSX bomb to 23 MB (500,000 rows: read into lists, about
    # 200 MB of Python objects), the long sheet to 25 MB and 300,000 rows; none may cost 40 MB.
    assert measured["grew_kb"] < 40 * 1024
