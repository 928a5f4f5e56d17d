"""A ZIP of reports collected and read: each real report matched to its unit by the name it
signs, a zip bomb, a file that is not a report and a picture refused with their reasons, a second
copy marked 重复, and the batch finished; a batch cut off half-way goes on where it stopped."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from gongkai.oversight.collect import process, start_batch
from gongkai.oversight.models import BatchSource, CollectedReport, CollectedState

from .collect_fixtures import LONGTIAN, ZHENGYANG, ZHONGSHAN, bomb, media, roster_2021, unit, zipped
from .oversight_fixtures import Tree, tree

__all__ = ["media", "tree"]

NOT_A_REPORT = "会议通知\n请各单位于下周一上午九点到县政府三楼会议室开会。\n".encode()


def _zip() -> bytes:
    return zipped(
        {
            "2021/中山街道.txt": ZHONGSHAN.read_bytes(),
            "2021/龙田镇.txt": LONGTIAN.read_bytes(),
            "../../etc/正阳镇.txt": ZHENGYANG.read_bytes(),
            "炸弹.zip": bomb(),
            "会议通知.txt": NOT_A_REPORT,
            "扫描件.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
            "副本/龙田镇（副本）.txt": LONGTIAN.read_bytes(),
        },
    )


@pytest.mark.django_db
def test_a_zip_of_reports_is_matched_and_the_bad_members_refused_with_reasons(
    tree: Tree, media: Path
) -> None:
    roster = roster_2021(tree, "石家庄市桥西区中山街道办事处", "龙田镇人民政府", "平利县正阳镇人民政府")
    batch = start_batch(
        acting_user=tree.supervisor,
        supervisor=tree.county,
        year=2021,
        source=BatchSource.ZIP,
        files=[("收集.zip", _zip())],
    )
    assert batch.total == 7
    rows = {r.filename: r for r in CollectedReport.objects.filter(batch=batch)}
    # Paths inside the ZIP are dropped: only the member's own name is kept.
    assert set(rows) == {
        "中山街道.txt",
        "龙田镇.txt",
        "正阳镇.txt",
        "炸弹.zip",
        "会议通知.txt",
        "扫描件.png",
        "龙田镇（副本）.txt",
    }
    assert rows["中山街道.txt"].state == CollectedState.PENDING
    assert rows["扫描件.png"].state == CollectedState.REFUSED  # never read: a picture

    batch = process(batch)

    rows = {r.filename: r for r in CollectedReport.objects.filter(batch=batch)}
    assert batch.finished_at is not None
    assert rows["中山街道.txt"].state == CollectedState.MATCHED
    assert rows["中山街道.txt"].unit == unit(roster, "石家庄市桥西区中山街道办事处")
    assert rows["龙田镇.txt"].unit == unit(roster, "龙田镇人民政府")
    # 平利县正阳镇 signs without 人民政府: the same name once that is left out.
    assert rows["正阳镇.txt"].unit == unit(roster, "平利县正阳镇人民政府")
    assert rows["正阳镇.txt"].year == 2021
    assert rows["正阳镇.txt"].named_agency == "平利县正阳镇"

    assert rows["炸弹.zip"].state == CollectedState.REFUSED
    assert "压缩比" in rows["炸弹.zip"].reason
    assert "50 MB" in rows["炸弹.zip"].reason
    assert rows["会议通知.txt"].state == CollectedState.REFUSED
    assert "不是政府信息公开工作年度报告" in rows["会议通知.txt"].reason
    assert "图片" in rows["扫描件.png"].reason
    duplicate = rows["龙田镇（副本）.txt"]
    assert duplicate.state == CollectedState.DUPLICATE
    assert "“龙田镇.txt”" in duplicate.reason
    assert duplicate.unit is None
    # The original is kept byte for byte, under its hash.
    kept = rows["龙田镇.txt"]
    assert kept.sha256 == hashlib.sha256(LONGTIAN.read_bytes()).hexdigest()
    assert kept.size == len(LONGTIAN.read_bytes())
    with kept.original.open("rb") as handle:
        assert handle.read() == LONGTIAN.read_bytes()


@pytest.mark.django_db
def test_a_batch_cut_off_after_one_file_goes_on_where_it_stopped(tree: Tree, media: Path) -> None:
    roster_2021(tree, "石家庄市桥西区中山街道办事处", "龙田镇人民政府")
    batch = start_batch(
        acting_user=tree.supervisor,
        supervisor=tree.county,
        year=2021,
        source=BatchSource.FILES,
        files=[("中山.txt", ZHONGSHAN.read_bytes()), ("龙田.txt", LONGTIAN.read_bytes())],
    )
    batch = process(batch, limit=1)
    states = list(CollectedReport.objects.filter(batch=batch).order_by("id").values_list("state", flat=True))
    assert states == [CollectedState.MATCHED, CollectedState.PENDING]
    assert batch.finished_at is None

    batch = process(batch)
    states = list(CollectedReport.objects.filter(batch=batch).order_by("id").values_list("state", flat=True))
    assert states == [CollectedState.MATCHED, CollectedState.MATCHED]
    assert batch.finished_at is not None


@pytest.mark.django_db
def test_a_request_out_of_time_still_reads_one_file(tree: Tree, media: Path) -> None:
    roster_2021(tree, "石家庄市桥西区中山街道办事处", "龙田镇人民政府")
    batch = start_batch(
        acting_user=tree.supervisor,
        supervisor=tree.county,
        year=2021,
        source=BatchSource.FILES,
        files=[("中山.txt", ZHONGSHAN.read_bytes()), ("龙田.txt", LONGTIAN.read_bytes())],
    )
    batch = process(batch, seconds=0)  # no time at all: one file, so every call moves on
    states = list(CollectedReport.objects.filter(batch=batch).order_by("id").values_list("state", flat=True))
    assert states == [CollectedState.MATCHED, CollectedState.PENDING]
    assert batch.finished_at is None


@pytest.mark.django_db
def test_a_zip_made_on_a_chinese_windows_keeps_its_chinese_names(tree: Tree, media: Path) -> None:
    roster_2021(tree, "龙田镇人民政府")
    # zipfile marks non-ASCII names as UTF-8; an old Chinese Windows writes GBK bytes unmarked.
    # Written with an ASCII name of the same length, then the name's bytes swapped for GBK.
    gbk = "龙田镇.txt".encode("gbk")
    stand_in = b"x" * (len(gbk) - 4) + b".txt"
    data = zipped({stand_in.decode(): LONGTIAN.read_bytes()}).replace(stand_in, gbk)
    batch = start_batch(
        acting_user=tree.supervisor,
        supervisor=tree.county,
        year=2021,
        source=BatchSource.ZIP,
        files=[("a.zip", data)],
    )
    process(batch)
    row = CollectedReport.objects.get(batch=batch)
    assert row.filename == "龙田镇.txt"
    assert row.state == CollectedState.MATCHED


@pytest.mark.django_db
def test_a_word_file_or_a_text_file_sent_as_a_zip_is_read_as_one_file(tree: Tree, media: Path) -> None:
    from gongkai.annual_report.importers import load_bytes
    from gongkai.annual_report.renderers import render

    roster_2021(tree, "龙田镇人民政府", "石家庄市桥西区中山街道办事处")
    docx = render(load_bytes(LONGTIAN.read_bytes(), "龙田镇.txt").report, "docx")
    batch = start_batch(
        acting_user=tree.supervisor,
        supervisor=tree.county,
        year=2021,
        source=BatchSource.ZIP,
        files=[("龙田镇.docx", docx), ("中山.txt", ZHONGSHAN.read_bytes())],
    )
    assert batch.total == 2  # not the Word file's XML parts
    process(batch)
    rows = {r.filename: r for r in CollectedReport.objects.filter(batch=batch)}
    assert rows["龙田镇.docx"].state == CollectedState.MATCHED
    assert rows["中山.txt"].state == CollectedState.MATCHED


@pytest.mark.django_db
def test_the_command_line_finishes_a_batch_cut_off(tree: Tree, media: Path) -> None:
    from io import StringIO

    from django.core.management import call_command

    roster_2021(tree, "石家庄市桥西区中山街道办事处", "龙田镇人民政府")
    batch = start_batch(
        acting_user=tree.supervisor,
        supervisor=tree.county,
        year=2021,
        source=BatchSource.FILES,
        files=[("中山.txt", ZHONGSHAN.read_bytes()), ("龙田.txt", LONGTIAN.read_bytes())],
    )
    out = StringIO()
    call_command("collect_pending", stdout=out)
    assert out.getvalue().strip() == f"第{batch.pk}批：处理2个，剩余0个"
    batch.refresh_from_db()
    assert batch.finished_at is not None
