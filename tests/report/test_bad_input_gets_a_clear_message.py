"""Bad input: a one-line Chinese reason, the documented exit code, never a traceback or a hang."""

from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.annual_report.blocks import UnreadableError
from gongkai.annual_report.importers import load_bytes
from gongkai.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CELL_PER_LINE = EXAMPLES / "2020-示例县文化和旅游局-每格一行.txt"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_chinese_line(err: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert any("\u4e00" <= ch <= "\u9fff" for ch in lines[0])


def test_empty_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    code, _, err = run(["report", "check", str(path)], capsys)
    assert code == 2
    assert_one_chinese_line(err)
    assert "空" in err


def test_binary_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "random.bin"
    path.write_bytes(os.urandom(4096) + b"\x00" * 16)
    code, _, err = run(["report", "check", str(path)], capsys)
    assert code == 2
    assert_one_chinese_line(err)


def test_a_50_megabyte_file_is_refused_by_its_size_unread(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)

    def read_bytes(self: Path) -> bytes:
        raise AssertionError(f"{self} was read")

    monkeypatch.setattr(Path, "read_bytes", read_bytes)  # refused from its size alone: nothing is read
    code, _, err = run(["report", "check", str(path)], capsys)
    assert code == 2
    assert "文件过大（50.0 MB），年度报告文件不能超过20 MB" in err


def test_a_word_file_that_is_not_a_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("关于召开2025年第一季度安全生产工作会议的通知")
    document.add_paragraph("各科室：经研究，定于3月5日上午9时在三楼会议室召开会议，请准时参加。")
    buffer = io.BytesIO()
    document.save(buffer)
    path = tmp_path / "notice.docx"
    path.write_bytes(buffer.getvalue())
    code, _, err = run(["report", "check", str(path)], capsys)
    assert code == 2
    assert_one_chinese_line(err)
    assert "年度报告" in err


def test_a_report_cut_off_mid_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = CELL_PER_LINE.read_text(encoding="utf-8")
    cut = text.index("（四）无法提供")  # in the middle of table 三
    path = tmp_path / "cut.txt"
    path.write_text(text[:cut], encoding="utf-8")
    code, out, _ = run(["report", "check", "--json", str(path)], capsys)
    assert code in (0, 1)
    import json

    document = json.loads(out)
    found = {f["code"] for f in document["findings"]}
    assert "truncated" in found
    # Nothing invented: the rows after the cut are missing, not zero.
    assert document["tables"]["applications"]["total"]["total"] is None
    assert document["tables"]["appeals"]["cases"]["review_total"] is None
    # What was read before the cut is kept.
    assert document["tables"]["applications"]["new"]["total"] == 12


def test_a_missing_file_and_a_bad_option(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["report", "check", "no-such-report.txt"], capsys)
    assert code == 2
    assert "不存在" in err
    code, _, err = run(["report", "convert", str(CELL_PER_LINE), "--to", "xls", "-o", "x"], capsys)
    assert code == 2
    assert_one_chinese_line(err)


def test_old_binary_word_files_are_named() -> None:
    with pytest.raises(UnreadableError, match="doc"):
        load_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)


@settings(max_examples=300)
@given(
    st.text(
        alphabet=st.sampled_from(
            list(
                "\t\n 0123456789一二三四五六、（）()年月日第十条项总计合计规章行政许可申请予以公开|-—－/报告局"
            )
        ),
        max_size=2000,
    )
)
def test_fuzz_text_importer_reads_or_refuses(text: str) -> None:
    """Any text either imports (with findings) or is refused with UnreadableError: nothing else."""
    refusal = None
    try:
        result = load_bytes(text.encode("utf-8"), "fuzz.txt")
    except UnreadableError as exc:
        refusal = str(exc)
    if refusal is None:
        assert result.report.year > 0
    else:
        assert refusal  # a refusal says why


@pytest.mark.slow
@settings(max_examples=150)
@given(st.data())
def test_fuzz_mangled_real_layouts(data: st.DataObject) -> None:
    """Cut, duplicate and delete lines of a real layout: still read or refused, never a crash."""
    lines = CELL_PER_LINE.read_text(encoding="utf-8").split("\n")
    for _ in range(data.draw(st.integers(1, 8))):
        i = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["drop", "dup", "blank", "tab", "garble"]))
        if action == "drop":
            del lines[i]
        elif action == "dup":
            lines.insert(i, lines[i])
        elif action == "blank":
            lines[i] = ""
        elif action == "tab":
            lines[i] = "\t" + lines[i]
        else:
            lines[i] = data.draw(st.text(max_size=30))
        if not lines:
            lines = [""]
    with contextlib.suppress(UnreadableError):
        load_bytes("\n".join(lines).encode("utf-8"), "mangled.txt")
