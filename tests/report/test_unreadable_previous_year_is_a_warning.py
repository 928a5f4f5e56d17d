"""`--previous` with a file that cannot be read: the current report is still checked, and the
cross-year rules say why they were not applied; the exit code is the current report's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gongkai.cli import main

MARKET = Path(__file__).resolve().parents[1] / "data" / "layouts" / "2022-market-tabs.txt"


def test_an_unreadable_previous_year_is_a_warning_on_the_cross_year_rules(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    previous = tmp_path / "2021.pdf"
    previous.write_bytes(b"%PDF-1.4\n% cut off by the download\n")
    code = main(["report", "check", str(MARKET), "--previous", str(previous), "--json"])
    out, err = capsys.readouterr()
    (line,) = out.strip().splitlines()
    report = json.loads(line)
    assert report["agency"] == "示例区市场监督管理局"
    assert report["year"] == 2022
    (cross_year,) = [f for f in report["findings"] if f["code"] == "carry-over"]
    assert cross_year["severity"] == "warning"
    assert "无法读取" in cross_year["message"]
    assert "未做跨年度核对" in err
    # The current report has no error of its own: the unreadable previous year does not make one.
    assert code == 0
    assert not [f for f in report["findings"] if f["severity"] == "error"]
