"""Old Word (.doc), WPS (.wps) and OFD (.ofd) attachments: typed from their content, their text
read for the search and the privacy check where a library can, hostile files refused in Chinese.

The OFD is made here by hand with the minimal structure of GB/T 33190 (OFD.xml → Doc_0/Document.xml
→ Pages → Page BaseLoc → Content.xml with TextObject/TextCode). The .doc is a DOCX converted by
LibreOffice, so those tests skip where LibreOffice is not installed (`make system-deps` installs it,
and CI runs them)."""

from __future__ import annotations

import shutil
import struct
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from gongkai.catalogue.privacy import FlagKind, find_personal_data
from gongkai.core import filecheck
from gongkai.core.filecheck import AttachmentError, check_file

from .attachment_files import OLE, docx_bytes, png_bytes, zip_bytes

OFD_NS = "http://www.ofdspec.org/2016"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_office = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed here")


def refusal(name: str, content: bytes) -> str:
    with pytest.raises(AttachmentError) as caught:
        check_file(name, content)
    return str(caught.value)


def ofd_bytes(*pages: list[tuple[float, str]], base: str = "Pages/Page_{n}/Content.xml") -> bytes:
    """An OFD with one page per argument, each a list of (baseline y in mm, text) text objects.
    Page_1 is listed first in Document.xml but stored second, so the order read must come from
    Document.xml, not from the zip."""
    page_list = "".join(f'<ofd:Page ID="{n + 10}" BaseLoc="{base.format(n=n)}"/>' for n in range(len(pages)))
    parts: dict[str, bytes] = {
        "OFD.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{OFD_NS}" Version="1.0" DocType="OFD">'
            "<ofd:DocBody><ofd:DocInfo><ofd:DocID>0</ofd:DocID></ofd:DocInfo>"
            "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"
        ).encode(),
        "Doc_0/Document.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{OFD_NS}">'
            "<ofd:CommonData><ofd:MaxUnitID>99</ofd:MaxUnitID><ofd:PageArea>"
            "<ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData>"
            f"<ofd:Pages>{page_list}</ofd:Pages></ofd:Document>"
        ).encode(),
    }
    stored = {}
    for n, objects in enumerate(pages):
        texts = "".join(
            f'<ofd:TextObject ID="{n * 100 + i + 20}" Boundary="20 {y} 170 6" Font="1" Size="4">'
            f'<ofd:TextCode X="0" Y="5">{text}</ofd:TextCode></ofd:TextObject>'
            for i, (y, text) in enumerate(objects)
        )
        location = base.format(n=n)
        stored[location.lstrip("/") if location.startswith("/") else f"Doc_0/{location}"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{OFD_NS}"><ofd:Content>'
            f'<ofd:Layer ID="{n * 100 + 1}">{texts}</ofd:Layer></ofd:Content></ofd:Page>'
        ).encode()
    for name in reversed(list(stored)):
        parts[name] = stored[name]
    return zip_bytes(parts)


# --- OFD -------------------------------------------------------------------------------------------


def test_an_ofd_is_taken_and_its_pages_text_comes_out_in_page_order() -> None:
    content = ofd_bytes(
        [(20, "示例县自然资源局"), (40, "关于公布征收补偿名单的通知")],
        [(20, "第二页：补偿对象"), (30, "李某，"), (30, "身份证号11010519491231002X")],
    )
    checked = check_file("通知.ofd", content)
    assert checked.type is filecheck.OFD
    assert checked.kind == "ofd"
    assert checked.content_type == "application/ofd"
    # Page 1's two lines, then page 2's: the two text objects on the baseline y=30 make one line.
    assert checked.text.split("\n") == [
        "示例县自然资源局",
        "关于公布征收补偿名单的通知",
        "第二页：补偿对象",
        "李某，身份证号11010519491231002X",
    ]
    assert checked.note == ""


def test_the_privacy_check_finds_an_id_number_inside_an_ofd() -> None:
    checked = check_file("名单.ofd", ofd_bytes([(20, "申请人王某"), (30, "身份证号11010519491231002X")]))
    flags = [(f.kind, f.text) for f in find_personal_data(checked.text)]
    assert (FlagKind.ID_NUMBER, "11010519491231002X") in flags


def test_an_ofd_page_given_from_the_package_root_is_read_too() -> None:
    content = ofd_bytes([(20, "绝对路径的页面")], base="/Doc_0/Pages/Page_{n}/Content.xml")
    assert check_file("a.ofd", content).text == "绝对路径的页面"


def test_an_ofd_is_typed_from_its_content_whatever_its_name() -> None:
    content = ofd_bytes([(20, "正文")])
    assert refusal("通知.pdf", content) == (
        "文件“通知.pdf”的扩展名是.pdf，内容却是OFD 版式文件：扩展名与内容不符，不能上传"
    )
    assert refusal("照片.ofd", png_bytes()) == (
        "文件“照片.ofd”的扩展名是.ofd，内容却是PNG 图片：扩展名与内容不符，不能上传"
    )
    assert refusal("压缩包.ofd", zip_bytes({"a.txt": b"x"})) == (
        "文件“压缩包.ofd”已损坏或不是有效的OFD 版式文件，请重新保存后再上传"
    )


def test_an_ofd_with_entities_is_read_without_expanding_them() -> None:
    content = ofd_bytes([(20, "正文")])
    evil = (
        f'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        f'<ofd:Page xmlns:ofd="{OFD_NS}"><ofd:Content><ofd:Layer ID="1"><ofd:TextObject ID="2" '
        'Boundary="0 0 1 1"><ofd:TextCode>&x;正文</ofd:TextCode></ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>'
    ).encode()
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(content)) as original:
        parts = {n: original.read(n) for n in original.namelist()}
    parts["Doc_0/Pages/Page_0/Content.xml"] = evil
    text = check_file("a.ofd", zip_bytes(parts)).text
    assert "root:" not in text
    assert text == "&x;正文"  # the reference is left as written, never resolved


def test_an_ofd_missing_its_page_is_refused_in_chinese() -> None:
    content = ofd_bytes([(20, "正文")])
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(content)) as original:
        parts = {n: original.read(n) for n in original.namelist() if not n.endswith("Content.xml")}
    assert refusal("a.ofd", zip_bytes(parts)) == (
        "OFD 文件“a.ofd”缺少“Doc_0/Pages/Page_0/Content.xml”，已损坏或不是有效的 OFD 文件，无法读取，请重新生成后再上传"
    )


def test_a_zip_bomb_named_ofd_is_refused_before_it_is_unpacked() -> None:
    # 300 MB of zeros in one part (about 300 KB compressed): more than a part may unpack to.
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("OFD.xml", b"<ofd:OFD/>")
        with archive.open("Doc_0/Document.xml", "w", force_zip64=True) as part:
            for _ in range(300):
                part.write(b"\x00" * 1024 * 1024)
    started = time.perf_counter()
    message = refusal("炸弹.ofd", out.getvalue())
    assert time.perf_counter() - started < 1.0
    assert message.startswith("文件“炸弹.ofd”")
    assert "解压" in message or "过大" in message or "超过" in message


# --- DOC and WPS --------------------------------------------------------------------------------

END, FREE, FATSECT = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD


def ole_bytes(*stream_names: str, stream_size: int = 4096) -> bytes:
    """A compound file (CFB version 3, 512-byte sectors) with the named streams, each stream_size
    bytes of "x" in regular sectors: sector 0 the FAT, sector 1 the directory, then the streams."""
    assert len(stream_names) <= 3
    assert stream_size % 512 == 0
    assert stream_size >= 4096
    per = stream_size // 512
    fat = [FATSECT, END]
    starts = []
    for _ in stream_names:
        first = len(fat)
        starts.append(first)
        fat += [first + i + 1 for i in range(per - 1)] + [END]
    fat += [FREE] * (128 - len(fat))

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", FREE, right, child)
            + b"\0" * 16
            + b"\0" * 4
            + b"\0" * 16
            + struct.pack("<IQ", start, size)
        )

    # Streams form a chain to the right, which is a valid (all black) tree when sorted: CFB sorts
    # names by length, then upper-cased.
    order = sorted(range(len(stream_names)), key=lambda i: (len(stream_names[i]), stream_names[i].upper()))
    entries = [entry("Root Entry", 5, order[0] + 1 if order else FREE, FREE, END, 0)]
    for i, name in enumerate(stream_names):
        position = order.index(i)
        right = order[position + 1] + 1 if position + 1 < len(order) else FREE
        entries.append(entry(name, 2, FREE, right, starts[i], stream_size))
    directory = b"".join(entries).ljust(512, b"\0")
    for n in range(len(entries), 4):  # unused entries: empty names, no siblings
        directory = (
            directory[: n * 128]
            + entry("", 0, FREE, FREE, 0, 0)[:66]
            + b"\0" * 62
            + directory[(n + 1) * 128 :]
        )
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, END, 0, END, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", FREE) * 108
    )
    assert len(header) == 512, len(header)
    body = b"".join(struct.pack("<I", v) for v in fat) + directory
    return header + body + b"x" * (stream_size * len(stream_names))


@pytest.fixture
def no_office(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(filecheck, "_soffice", lambda: None)


NO_TEXT = "未能提取文字：本系统未安装 LibreOffice，“{}”的内容没有用于检索和隐私检查，须人工核查"


def test_ole_files_are_told_apart_by_their_streams_not_their_names(no_office: None) -> None:
    wps = ole_bytes("WordDocument", "WpsCustomData")  # what WPS Office writes
    word = ole_bytes("WordDocument")
    works = ole_bytes("CONTENTS", "MatOST")  # Microsoft Works' word processor
    assert check_file("说明.wps", wps).type is filecheck.WPS
    assert check_file("说明.wps", works).type is filecheck.WPS
    assert check_file("公告.doc", word).type is filecheck.DOC
    # WPS Office also saves .doc files with its own stream, and .wps files in the Word 97 format.
    assert check_file("公告.doc", wps).type is filecheck.WPS
    assert check_file("说明.wps", word).type is filecheck.DOC
    assert refusal("通知.pdf", wps) == (
        "文件“通知.pdf”的扩展名是.pdf，内容却是WPS 文字文档（WPS）：扩展名与内容不符，不能上传"
    )
    assert refusal("通知.pdf", word) == (
        "文件“通知.pdf”的扩展名是.pdf，内容却是Word 97-2003 文档（DOC）：扩展名与内容不符，不能上传"
    )
    assert refusal("名单.doc", ole_bytes("Workbook")) == (
        "文件“名单.doc”的扩展名是.doc，内容却是旧版 Excel 表格（.xls）：扩展名与内容不符，不能上传"
    )
    assert refusal("名单.wps", works[:2000]) == (
        "文件“名单.wps”已损坏或不是有效的 Office/WPS 文档，无法读取，请重新保存后再上传"
    )


def test_a_doc_or_wps_is_stored_without_text_when_libreoffice_is_absent(no_office: None) -> None:
    checked = check_file("说明.wps", ole_bytes("WordDocument", "WpsCustomData"))
    assert (checked.text, checked.note) == ("", NO_TEXT.format("说明.wps"))
    assert checked.kind == "wps"
    assert checked.content_type == "application/wps-office.wps"


def test_a_broken_ole_file_is_refused_in_chinese_whatever_its_name() -> None:
    expected = "已损坏或不是有效的 Office/WPS 文档，无法读取，请重新保存后再上传"
    assert refusal("旧文件.doc", OLE) == f"文件“旧文件.doc”{expected}"
    assert refusal("旧文件.wps", OLE[:300]) == f"文件“旧文件.wps”{expected}"
    assert refusal("通知.pdf", OLE + b"\xff" * 4000) == f"文件“通知.pdf”{expected}"


def word97_bytes(*paragraphs: str) -> bytes:
    """A real Word 97-2003 file: a DOCX made with python-docx, converted by LibreOffice."""
    assert SOFFICE is not None
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "source.docx"
        source.write_bytes(docx_bytes(*paragraphs))
        subprocess.run(
            [
                SOFFICE,
                f"-env:UserInstallation=file://{folder}/profile",
                "--headless",
                "--convert-to",
                "doc",
                "--outdir",
                folder,
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        return (Path(folder) / "source.doc").read_bytes()


@needs_office
def test_a_doc_is_taken_and_its_text_read_for_the_privacy_check() -> None:
    content = word97_bytes("关于征收补偿的公告", "被征收人张某，身份证号11010519491231002X")
    checked = check_file("公告.doc", content)
    assert checked.type is filecheck.DOC
    assert checked.content_type == "application/msword"
    assert checked.text.split("\n") == ["关于征收补偿的公告", "被征收人张某，身份证号11010519491231002X"]
    assert checked.note == ""
    assert [f.kind for f in find_personal_data(checked.text)] == [FlagKind.ID_NUMBER]


@needs_office
def test_a_doc_named_pdf_is_typed_as_a_doc_and_refused() -> None:
    content = word97_bytes("正文")
    assert refusal("通知.pdf", content) == (
        "文件“通知.pdf”的扩展名是.pdf，内容却是Word 97-2003 文档（DOC）：扩展名与内容不符，不能上传"
    )


@needs_office
def test_a_wps_saved_in_word_97_format_is_taken_and_read() -> None:
    # WPS Office saves .wps files in the Word 97-2003 format: typed from the content as such.
    checked = check_file("说明.wps", word97_bytes("WPS 文字的说明"))
    assert checked.type is filecheck.DOC
    assert checked.text == "WPS 文字的说明"


def test_a_newer_wps_that_is_really_a_docx_is_typed_as_docx() -> None:
    checked = check_file("说明.wps", docx_bytes("新版 WPS 文字保存的文件"))
    assert checked.type is filecheck.DOCX
    assert checked.text == "新版 WPS 文字保存的文件"


@needs_office
def test_without_libreoffice_a_doc_is_kept_with_no_text_and_the_clerk_is_told(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    content = word97_bytes("正文")
    monkeypatch.setattr(filecheck, "_soffice", lambda: None)
    checked = check_file("公告.doc", content)
    assert checked.type is filecheck.DOC
    assert checked.text == ""
    assert checked.note == (
        "未能提取文字：本系统未安装 LibreOffice，“公告.doc”的内容没有用于检索和隐私检查，须人工核查"
    )
