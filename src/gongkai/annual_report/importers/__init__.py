"""Read a published annual report in any format it is found in.

`load_bytes` sniffs the format from the content (never from the file name alone), reads it
into blocks, and interprets them. JSON and CSV written by gongkai are read directly.
"""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

from ..blocks import Block, Paragraph, UnreadableError
from ..interpret import ImportResult, interpret

MAX_BYTES = 20 * 1024 * 1024
FORMATS = ("text", "html", "docx", "pdf", "json", "csv")


def sniff(data: bytes) -> str:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableError("这是旧版Word（.doc）或Excel（.xls）文件，暂不支持，请另存为.docx后再导入")
    if head.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(BytesIO(data)).namelist())
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise UnreadableError("文件是损坏的压缩包（DOCX文件已损坏或不完整）") from exc
        if "word/document.xml" in names:
            return "docx"
        if any(n.startswith("xl/") for n in names):
            raise UnreadableError("这是Excel文件，不是年度报告；请导入报告的DOCX、PDF、HTML或文本文件")
        raise UnreadableError("这是一个压缩包，不是Word文档（缺少word/document.xml）")
    lower = head[:2048].lower()
    if head.startswith(b"{"):
        return "json"
    if head.startswith(b"agency,year,edition"):
        return "csv"
    if any(
        tag in lower for tag in (b"<!doctype html", b"<html", b"<table", b"<body", b"<meta", b"<p>", b"<div")
    ):
        return "html"
    return "text"


def read_blocks(data: bytes, fmt: str) -> list[Block]:
    if fmt == "pdf":
        from .pdf import read_pdf

        return read_pdf(data)
    if fmt == "docx":
        from .docx import read_docx

        return read_docx(data)
    if fmt == "html":
        from .html import read_html

        return read_html(data)
    from .text import decode, read_text

    return [_unescaped(block) for block in read_text(decode(data))]


def _unescaped(block: Block) -> Block:
    """Markdown writes a "|" of running text as "\\|", so that no paragraph reads as a table row
    (gongkai's own Markdown does so); in a paragraph it stands for the bar itself."""
    if isinstance(block, Paragraph) and "\\|" in block.text:
        return Paragraph(block.text.replace("\\|", "|"), block.line)
    return block


def load_bytes(data: bytes, source: str = "") -> ImportResult:
    if len(data) > MAX_BYTES:
        raise UnreadableError(
            f"文件过大（{len(data) / 1024 / 1024:.1f} MB），年度报告文件不能超过{MAX_BYTES // 1024 // 1024} MB"
        )
    if not data.strip():
        raise UnreadableError("文件是空的")
    fmt = sniff(data)
    if fmt in ("json", "csv"):
        from .structured import read_csv, read_json
        from .text import decode

        text = decode(data)
        report = read_json(text) if fmt == "json" else read_csv(text)
        return ImportResult(report, [], source)
    return interpret(read_blocks(data, fmt), source)


def load_path(path: str | Path) -> ImportResult:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise UnreadableError(
                f"文件过大（{size / 1024 / 1024:.1f} MB），年度报告文件不能超过{MAX_BYTES // 1024 // 1024} MB"
            )
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise UnreadableError("文件不存在") from exc
    except IsADirectoryError as exc:
        raise UnreadableError("这是一个文件夹，不是文件") from exc
    except PermissionError as exc:
        raise UnreadableError("没有读取该文件的权限") from exc
    except OSError as exc:
        raise UnreadableError(f"无法读取文件（{exc.strerror or exc}）") from exc
    return load_bytes(data, str(path))
