"""Files for the attachment tests, made in the test with the libraries people use to write them."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import docx
import openpyxl


def docx_bytes(
    *paragraphs: str,
    table: list[list[str]] | None = None,
    header: str = "",
    comment: str = "",
    picture: bool = False,
) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    if header:
        document.sections[0].header.paragraphs[0].text = header
    if comment:
        run = document.add_paragraph("审核意见见批注").runs[0]
        document.add_comment(run, text=comment, author="审核人")
    if picture:
        document.add_picture(io.BytesIO(png_bytes()))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes(*sheets: tuple[str, list[list[object]]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def pdf_bytes(*pages: str) -> bytes:
    """A PDF with a text layer, one page per argument (WeasyPrint, with the CJK fonts of the machine)."""
    import weasyprint

    body = "".join(f'<p style="break-after: page">{text}</p>' for text in pages)
    html = f'<html lang="zh"><body style="font-family: Noto Sans CJK SC, sans-serif">{body}</body></html>'
    return weasyprint.HTML(string=html).write_pdf()  # type: ignore[no-any-return]


def encrypted_pdf_bytes() -> bytes:
    """A PDF whose standard security handler wants a user password (the empty one does not open it)."""
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
        b"3 0 obj << /Filter /Standard /V 1 /R 2 /O <"
        + b"11" * 32
        + b"> /U <"
        + b"22" * 32
        + b"> /P -4 >> endobj\n"
        b"trailer << /Root 1 0 R /Encrypt 3 0 R /ID [<" + b"33" * 16 + b"> <" + b"33" * 16 + b">] >>\n%%EOF\n"
    )


def png_bytes() -> bytes:
    """A real 1x1 white PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def camera_photo_bytes(orientation: int = 1) -> bytes:
    """A 40x20 JPEG, red left half and blue right, with what a phone camera writes besides the
    picture: EXIF (author "Zhang San", maker "PhoneMaker", time, GPS position, orientation)."""
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (40, 20), (0, 0, 255))
    ImageDraw.Draw(picture).rectangle((0, 0, 19, 19), fill=(255, 0, 0))
    exif = Image.Exif()
    exif[0x013B] = "Zhang San"  # Artist
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0132] = "2026:05:01 09:30:00"  # DateTime
    exif[0x0112] = orientation
    exif.get_ifd(0x8825).update({1: "N", 2: (39.0, 54.0, 27.0), 3: "E", 4: (116.0, 23.0, 30.0)})  # GPS
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=90, exif=exif)
    return out.getvalue()


def zip_bytes(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500  # an encrypted DOCX/XLSX, or an old .doc/.xls
