"""Zip bombs as issue 13 met them: small on upload, huge once unpacked. Written member by member in
chunks, so building one never holds what it unpacks to."""

from __future__ import annotations

import zipfile
from pathlib import Path

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_SHEET = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _office(
    path: Path, parts: dict[str, str], big: str, chunks: int, chunk: bytes, head: str, tail: str
) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
        with archive.open(big, "w") as member:
            member.write(head.encode())
            for _ in range(chunks):
                member.write(chunk)
            member.write(tail.encode())


def docx_bomb(path: Path, unpacked_mb: int = 190) -> Path:
    """A Word document whose body is `unpacked_mb` MB of one paragraph said again and again."""
    paragraph = f"<w:p><w:r><w:t>{'政府信息公开' * 8}</w:t></w:r></w:p>".encode()
    chunk = paragraph * (1024 * 1024 // len(paragraph))
    _office(
        path,
        {
            "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
            "_rels/.rels": f'<?xml version="1.0"?><Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
            f'Type="{_R}/officeDocument" Target="word/document.xml"/></Relationships>',
        },
        "word/document.xml",
        unpacked_mb,
        chunk,
        f'<?xml version="1.0"?><w:document xmlns:w="{_W}"><w:body>',
        "</w:body></w:document>",
    )
    return path


def xlsx_bomb(path: Path, headers: tuple[str, ...], rows: int = 500_000) -> Path:
    """A workbook with the given header row and then `rows` rows of one cell, "x", each."""
    cells = "".join(f'<c t="inlineStr"><is><t>{h}</t></is></c>' for h in headers)
    row = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>'
    per_chunk = 10_000
    _office(
        path,
        {
            "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
            "_rels/.rels": f'<?xml version="1.0"?><Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
            f'Type="{_R}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
            "xl/workbook.xml": f'<?xml version="1.0"?><workbook xmlns="{_SHEET}" xmlns:r="{_R}"><sheets>'
            '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
            "xl/_rels/workbook.xml.rels": f'<?xml version="1.0"?><Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
            f'Type="{_R}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        },
        "xl/worksheets/sheet1.xml",
        rows // per_chunk,
        row * per_chunk,
        f'<?xml version="1.0"?><worksheet xmlns="{_SHEET}"><sheetData><row>{cells}</row>',
        "</sheetData></worksheet>",
    )
    return path


def xlsx_long(path: Path, headers: tuple[str, ...], rows: int) -> Path:
    """A workbook of `rows` rows of different numbers: long, but no bomb (it compresses as sheets do)."""
    cells = "".join(f'<c t="inlineStr"><is><t>{h}</t></is></c>' for h in headers)
    body = "".join(
        f'<row r="{n}"><c r="A{n}"><v>{n * 7919 % 1_000_003}</v></c><c r="B{n}"><v>{n * 104_729 % 999_983}</v></c></row>'
        for n in range(2, rows + 2)
    ).encode()
    bomb = path.with_suffix(".tmp.xlsx")
    xlsx_bomb(bomb, headers, rows=0)
    with zipfile.ZipFile(bomb) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", body + b"</sheetData>").replace(
                    f"<row>{cells}</row>".encode(), f'<row r="1">{cells}</row>'.encode()
                )
            target.writestr(info.filename, data)
    bomb.unlink()
    return path
