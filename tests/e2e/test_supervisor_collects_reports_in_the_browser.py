"""The supervisor in a headless browser: uploads a ZIP of real reports (with a zip bomb, a file
that is not a report and a copy in it), sees the batch, confirms the uncertain match, opens a
finding's evidence, downloads the original and the 整改通知, and finds the unit 已发布 on the
board. Screenshots are kept in the test's folder (and in $GONGKAI_SCREENSHOTS when set)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from gongkai.oversight import collect_views
from gongkai.oversight.models import CollectedReport, CollectedState
from tests.oversight.collect_fixtures import LONGTIAN, ZHENGYANG, ZHONGSHAN, bomb, roster_2021, unit, zipped
from tests.oversight.oversight_fixtures import Tree, tree

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]
__all__ = ["tree"]

PASSWORD = "correct horse battery"


def _shot(page: Any, folder: Path, name: str) -> None:
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    if os.environ.get("GONGKAI_SCREENSHOTS"):
        shutil.copy(path, Path(os.environ["GONGKAI_SCREENSHOTS"]) / path.name)


def test_upload_a_zip_confirm_open_evidence_and_see_the_board(
    live_server: Any,
    tree: Tree,
    tmp_path: Path,
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
    page: Any,
) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    roster = roster_2021(
        tree, "石家庄市桥西区中山街道办事处", "龙田镇人民政府", "正阳镇人民政府", "示例县某某乡人民政府"
    )
    tree.supervisor.set_password(PASSWORD)
    tree.supervisor.save()
    archive = tmp_path / "2021年度报告.zip"
    archive.write_bytes(
        zipped(
            {
                "中山街道.txt": ZHONGSHAN.read_bytes(),
                "龙田镇.txt": LONGTIAN.read_bytes(),
                "正阳镇.txt": ZHENGYANG.read_bytes(),
                "炸弹.zip": bomb(),
                "会议通知.txt": "会议通知\n请各单位按时参会。\n".encode(),
                "龙田镇（重复）.txt": LONGTIAN.read_bytes(),
            }
        )
    )
    base = live_server.url
    page.goto(f"{base}/login/")
    page.fill("#id_username", tree.supervisor.username)
    page.fill("#id_password", PASSWORD)
    page.click("form button:has-text('登录')")
    page.wait_for_url(re.compile(r"/work/"))

    # 1. Upload the ZIP from the collecting page.
    page.goto(f"{base}/work/oversight/{tree.county.pk}/2021/collect/")
    _shot(page, tmp_path, "collect-upload")
    page.check("input[name=source][value=zip]")
    page.set_input_files("input[name=uploads]", str(archive))
    page.click("button:has-text('上传并处理')")
    page.wait_for_url(re.compile(r"/collect/batches/\d+/$"))
    assert "已处理6个，共6个" in page.locator(".batch-progress").inner_text()
    _shot(page, tmp_path, "collect-batch")
    states = {
        row.get_attribute("data-file"): row.locator(".collected-state").inner_text()
        for row in page.locator("tr.collected-row").all()
    }
    assert states == {
        "中山街道.txt": "已匹配",
        "龙田镇.txt": "已匹配",
        "正阳镇.txt": "待确认",
        "炸弹.zip": "已拒收",
        "会议通知.txt": "已拒收",
        "龙田镇（重复）.txt": "重复",
    }

    # 2. Confirm the uncertain one: 平利县正阳镇 is the roster's 正阳镇人民政府.
    page.click("a:has-text('正阳镇.txt')")
    page.wait_for_url(re.compile(r"/collect/files/\d+/$"))
    form = page.locator("#action-confirm form")
    form.locator("select[name=unit]").select_option(str(unit(roster, "正阳镇人民政府").pk))
    _shot(page, tmp_path, "collect-confirm")
    form.locator("button[type=submit]").click()
    assert "已确认“正阳镇.txt”是正阳镇人民政府的报告" in page.locator(".messages").inner_text()
    assert CollectedReport.objects.get(filename="正阳镇.txt").state == CollectedState.MATCHED
    _shot(page, tmp_path, "collect-file")

    # 3. A finding's evidence, and the original byte for byte.
    page.locator("ol.evidence-list a:has-text('查看依据')").first.click()
    page.wait_for_url(re.compile(r"/findings/\d+/$"))
    assert page.locator("h1").inner_text() == "检查依据"
    _shot(page, tmp_path, "collect-evidence")
    with page.expect_download() as download:
        page.click("a:has-text('下载“正阳镇.txt”')")
    assert Path(download.value.path()).read_bytes() == ZHENGYANG.read_bytes()

    # 3b. The evidence of a finding read from a line: the line and the lines around it.
    page.goto(f"{base}/work/oversight/{tree.county.pk}/2021/collect/")
    page.click("a:has-text('中山街道.txt')")
    page.locator("li.finding", has_text="规范性文件").locator("a:has-text('查看依据')").click()
    assert page.locator("tr.evidence-here").inner_text().split() == ["29", "规范性文件"]
    _shot(page, tmp_path, "collect-evidence-line")

    # 3c. A batch larger than one request's share (ten files here): cut off, resumed by 继续处理.
    monkeypatch.setattr(collect_views, "PER_REQUEST", 10)
    many = tmp_path / "十二份.zip"
    many.write_bytes(zipped({f"第{n}份.txt": LONGTIAN.read_bytes() + f"\n{n}".encode() for n in range(12)}))
    page.goto(f"{base}/work/oversight/{tree.county.pk}/2021/collect/")
    page.check("input[name=source][value=zip]")
    page.set_input_files("input[name=uploads]", str(many))
    page.click("button:has-text('上传并处理')")
    page.wait_for_url(re.compile(r"/collect/batches/\d+/$"))
    assert "已处理10个，共12个" in page.locator(".batch-progress").inner_text()
    _shot(page, tmp_path, "collect-batch-cut")
    page.click("button:has-text('继续处理')")
    page.wait_for_url(re.compile(r"/collect/batches/\d+/$"))
    assert "已处理12个，共12个" in page.locator(".batch-progress").inner_text()

    # 4. The board: the three collected units 已发布, the fourth 未找到 with its notice.
    page.goto(f"{base}/work/oversight/{tree.county.pk}/2021/")
    statuses = {
        row.get_attribute("data-unit"): row.locator(".board-status .badge").first.inner_text()
        for row in page.locator("tr.board-row").all()
    }
    assert statuses["石家庄市桥西区中山街道办事处"] == "已发布"
    assert statuses["正阳镇人民政府"] == "已发布"
    assert statuses["示例县某某乡人民政府"] == "未找到"
    _shot(page, tmp_path, "board")
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{base}/work/oversight/{tree.county.pk}/2021/collect/")
    _shot(page, tmp_path, "collect-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/work/oversight/{tree.county.pk}/2021/")
    row = page.locator("tr.board-row[data-unit='示例县某某乡人民政府']")
    with page.expect_download() as download:
        row.locator("a.board-notice").click()
    notice = tmp_path / "notice.docx"
    download.value.save_as(str(notice))
    assert notice.read_bytes()[:2] == b"PK"
    if os.environ.get("GONGKAI_SCREENSHOTS"):
        shutil.copy(notice, Path(os.environ["GONGKAI_SCREENSHOTS"]) / "notice-not-found.docx")
