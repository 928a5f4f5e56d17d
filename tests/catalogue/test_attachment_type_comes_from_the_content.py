"""What a file is comes from its bytes; its name must agree; sizes, zip bombs and names are checked
before anything is stored (gongkai.core.filecheck, no Django)."""

from __future__ import annotations

import pytest

from gongkai.archives import Limits
from gongkai.core import filecheck as attachments
from gongkai.core.filecheck import AttachmentError, check_file, clean_name, identify

from .attachment_files import EXE, OLE, docx_bytes, encrypted_pdf_bytes, png_bytes, xlsx_bytes, zip_bytes


def refusal(name: str, content: bytes, **kwargs: int) -> str:
    with pytest.raises(AttachmentError) as error:
        check_file(name, content, **kwargs)
    return str(error.value)


def test_each_type_is_recognised_by_its_content() -> None:
    assert identify("通知.pdf", b"%PDF-1.7\n...").content_type == "application/pdf"
    assert identify("图.png", png_bytes()).content_type == "image/png"
    assert identify("照片.JPG", b"\xff\xd8\xff\xe0\x00\x10JFIF").content_type == "image/jpeg"
    assert identify("照片.jpeg", b"\xff\xd8\xff\xe1").content_type == "image/jpeg"
    assert identify("动图.gif", b"GIF89a\x01\x00").content_type == "image/gif"
    assert identify("图.webp", b"RIFF\x24\x00\x00\x00WEBPVP8 ").content_type == "image/webp"
    assert identify("名单.docx", docx_bytes("正文")).kind == "docx"
    assert identify("名单.xlsx", xlsx_bytes(("Sheet", [["a"]]))).kind == "xlsx"


def test_a_pdf_that_is_really_a_program_or_a_zip_is_refused() -> None:
    assert (
        refusal("通知.pdf", EXE)
        == "文件“通知.pdf”的扩展名是.pdf，内容却是可执行程序：扩展名与内容不符，不能上传"
    )
    assert refusal("通知.pdf", zip_bytes({"a.txt": b"x"})) == (
        "文件“通知.pdf”的扩展名是.pdf，内容却是压缩包（ZIP）：扩展名与内容不符，不能上传"
    )
    assert refusal("通知.pdf", docx_bytes("正文")) == (
        "文件“通知.pdf”的扩展名是.pdf，内容却是Word 文档（DOCX）：扩展名与内容不符，不能上传"
    )


def test_a_document_named_as_another_kind_is_refused() -> None:
    assert "内容却是Excel 表格（XLSX）" in refusal("名单.docx", xlsx_bytes(("Sheet", [["a"]])))
    assert "内容却是PNG 图片" in refusal("照片.jpg", png_bytes())
    assert "内容却是无法识别的格式" in refusal("说明.pdf", "纯文本".encode())


def test_types_we_do_not_take_are_refused_whatever_they_contain() -> None:
    allowed = "只能上传PDF、Word（.docx、.doc）、WPS（.wps）、OFD（.ofd）、Excel（.xlsx）文件和 PNG、JPEG、GIF、WebP 图片"
    assert refusal("setup.exe", EXE) == f"不能上传“.exe”文件：{allowed}"
    assert refusal("图.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>") == f"不能上传“.svg”文件：{allowed}"
    assert refusal("旧演示.ppt", OLE) == f"不能上传“.ppt”文件：{allowed}"
    assert refusal("README", b"text") == f"文件名“README”没有扩展名：{allowed}"


def test_an_encrypted_office_file_is_told_to_drop_its_password() -> None:
    assert refusal("名单.docx", OLE) == (
        "文件“名单.docx”设置了打开密码，或是旧版 Word/Excel 格式：请去除密码，或用 Office/WPS 另存为 .docx 格式后再上传"
    )
    assert refusal("人员.xlsx", OLE).startswith("文件“人员.xlsx”设置了打开密码")
    assert (
        refusal("通知.pdf", encrypted_pdf_bytes()) == "PDF 文件“通知.pdf”设置了打开密码，请去除密码后再上传"
    )


def test_broken_files_are_refused_as_broken() -> None:
    whole = docx_bytes("正文")
    assert (
        refusal("名单.docx", whole[: len(whole) // 2])
        == "文件“名单.docx”已损坏，无法打开，请重新保存后再上传"
    )
    bad_xml = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document"})
    assert refusal("名单.docx", bad_xml) == "Word 文档“名单.docx”已损坏，无法读取，请重新保存后再上传"
    assert refusal("通知.pdf", b"%PDF-1.4 nothing else") == (
        "PDF 文件“通知.pdf”已损坏或格式有误，无法读取，请重新生成后再上传"
    )
    no_document = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/other.xml": b"<x/>"})
    assert (
        refusal("名单.docx", no_document)
        == "文件“名单.docx”已损坏或不是有效的Word 文档（DOCX），请重新保存后再上传"
    )


def test_a_zip_that_would_unpack_past_the_cap_is_refused_before_it_is_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 100,000 zero bytes squeeze into about 100 bytes; with a cap of 50,000 the file is a bomb.
    bomb = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"\x00" * 100_000})
    assert len(bomb) < 1000
    monkeypatch.setattr(attachments, "ZIP_LIMITS", Limits(total_bytes=50_000, member_bytes=200_000))
    assert refusal("名单.docx", bomb) == (
        "文件“名单.docx”解压后共有97.7 KB，超过上限48.8 KB，可能是恶意构造的压缩文件，不能处理；如是正常文件，请拆分后再上传"
    )


def test_size_limits() -> None:
    assert refusal("空.pdf", b"") == "文件“空.pdf”是空的，请选择有内容的文件"
    assert refusal("大.pdf", b"%PDF-" + b"x" * 2000, max_bytes=1024) == (
        "文件“大.pdf”超过了大小上限（1 KB），请压缩或拆分后再上传"
    )


def test_names_lose_folders_control_and_direction_characters_and_keep_their_extension() -> None:
    assert clean_name("../../etc/passwd.pdf") == "passwd.pdf"
    assert clean_name("C:\\Users\\孙丽\\Desktop\\通知.pdf") == "通知.pdf"
    # U+202E shows "abc\u202efdp.exe" as "abcexe.pdf" to a reader: it goes.
    assert clean_name("abc\u202efdp.exe") == "abcfdp.exe"
    assert clean_name("名单\x00\r\n（终稿）.docx") == "名单（终稿）.docx"
    assert clean_name("  两个   空格 .pdf ") == "两个 空格 .pdf"
    long = clean_name("长" * 300 + ".xlsx")
    assert len(long) == 200
    assert long == "长" * 195 + ".xlsx"


def test_a_checked_file_carries_its_digest_size_and_text() -> None:
    content = docx_bytes("联系电话：13800138000")
    checked = check_file("dir/名单.docx", content)
    assert checked.name == "名单.docx"
    assert checked.size == len(content)
    import hashlib

    assert checked.sha256 == hashlib.sha256(content).hexdigest()
    assert checked.text == "联系电话：13800138000"
    assert checked.note == ""
