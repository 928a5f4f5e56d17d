"""区分处理 (Art. 37): areas of a document's pages blacked out for good (no Django).

The delivered file is made by rasterising every page (pypdfium2), painting each mark black on the
page image (Pillow) and writing a new PDF that holds nothing but those images: no text layer, no
fonts, no vector drawing, no embedded picture and no metadata of the original survives anywhere,
so nothing under a mark can be copied, searched or uncovered by removing a box. The price is that
no text of the delivered file can be copied at all; the page says so to the clerk.

(PyMuPDF's ``apply_redactions`` keeps the rest of the text selectable, and its AGPL licence would
fit this project, but whether a mark removes everything depends on how each PDF draws its
content — vector paths, form XObjects, text drawn as glyph outlines, images with soft masks — and
it is one more large binary dependency. Rasterising has no such cases: what is not painted over
is a picture of the page, what is painted over is black pixels.)

Pages come from pypdfium2: a PDF's own pages, a DOCX or XLSX converted to PDF by LibreOffice
(``soffice --headless --convert-to pdf``, bounded in time; refused with a message when LibreOffice
is not installed), an image as one page. Marks are boxes in fractions of the page, from its top
left corner, as the clerk sees the page; marking by text finds every occurrence of the text with
pdfium's text search and marks the boxes of its characters.
"""

from __future__ import annotations

import io
import math
import os
import shutil
import struct
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import PIL.Image
    import pypdfium2

DELIVERY_DPI = 150  # the delivered page images: small print stays legible, a page is ~100-300 KB
PREVIEW_WIDTH = 1000  # pixels across a page as the clerk sees it
CONVERT_SECONDS = (
    45  # LibreOffice gets this long to turn a document into PDF (within the worker timeout, 60 s)
)
MAX_PAGES = 300
TEXT_PAD = 0.15  # a found text's box grows by this share of its height on each side (accents, descenders)

REDACTED_NOTE = "遮盖后的文件为图片格式（每页转为图片，遮盖处涂黑），文字不可复制"


class RedactionError(ValueError):
    """A document that cannot be redacted here; the message (Chinese) says why and what to do."""


@dataclass(frozen=True)
class Box:
    """A rectangle on a page, in fractions of its width and height from the top left corner."""

    x0: float
    y0: float
    x1: float
    y1: float

    def clamped(self) -> Box:
        def c(v: float) -> float:
            return min(1.0, max(0.0, v))

        return Box(
            c(min(self.x0, self.x1)),
            c(min(self.y0, self.y1)),
            c(max(self.x0, self.x1)),
            c(max(self.y0, self.y1)),
        )

    def pixels(self, width: int, height: int) -> tuple[int, int, int, int]:
        """The pixels the box covers, rounded outwards: a mark never leaves a sliver uncovered."""
        return (
            math.floor(self.x0 * width),
            math.floor(self.y0 * height),
            math.ceil(self.x1 * width),
            math.ceil(self.y1 * height),
        )

    def as_list(self) -> list[float]:
        return [round(v, 5) for v in (self.x0, self.y0, self.x1, self.y1)]


@dataclass(frozen=True)
class Mark:
    page: int  # 1-based
    box: Box


# --- pages -------------------------------------------------------------------------------------


def office_available() -> bool:
    return _soffice() is not None


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def office_missing(name: str) -> str:
    return (
        f"本系统未安装 LibreOffice，不能将“{name}”转换为页面进行遮盖；"
        "请用 Office/WPS 将其另存为 PDF 后作为答复材料上传，再进行遮盖"
    )


def ofd_unmarkable(name: str) -> str:
    return f"“{name}”是 OFD 版式文件，系统不能在其页面上遮盖，请另存为 PDF 后上传再遮盖"


def to_pdf(kind: str, name: str, content: bytes) -> bytes | None:
    """The document as PDF pages: None for a PDF or an image (their own content is used), the
    converted PDF for a DOCX, XLSX, DOC or WPS; RedactionError when it cannot be converted."""
    if kind in ("pdf", "image"):
        return None
    if kind == "ofd":  # LibreOffice does not read OFD
        raise RedactionError(ofd_unmarkable(name))
    soffice = _soffice()
    if soffice is None:
        raise RedactionError(office_missing(name))
    suffix = f".{kind}"  # docx, xlsx, doc or wps: LibreOffice reads each by its content
    with tempfile.TemporaryDirectory(prefix="gongkai-redact-") as folder:
        source = os.path.join(folder, f"document{suffix}")
        with open(source, "wb") as out:
            out.write(content)
        # A profile of its own: a LibreOffice already running for someone else is not disturbed.
        profile = f"-env:UserInstallation=file://{folder}/profile"
        try:
            subprocess.run(
                [
                    soffice,
                    profile,
                    "--headless",
                    "--norestore",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    folder,
                    source,
                ],
                check=True,
                capture_output=True,
                timeout=CONVERT_SECONDS,
            )
            with open(os.path.join(folder, "document.pdf"), "rb") as pdf:
                return pdf.read()
        except subprocess.TimeoutExpired as error:
            raise RedactionError(
                f"“{name}”转换为页面超时（{CONVERT_SECONDS}秒），请另存为 PDF 后上传再遮盖"
            ) from error
        except (subprocess.CalledProcessError, OSError) as error:
            needs = "（转换 Excel 表格需安装 LibreOffice Calc）" if kind == "xlsx" else ""
            raise RedactionError(f"“{name}”未能转换为页面{needs}，请另存为 PDF 后上传再遮盖") from error


def _open_pdf(content: bytes) -> pypdfium2.PdfDocument:
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(content)
    except pdfium.PdfiumError as error:
        raise RedactionError("文件已损坏或设置了打开密码，无法显示页面") from error


def _is_image(content: bytes) -> bool:
    return not content.startswith(b"%PDF-")


def _open_image(content: bytes) -> PIL.Image.Image:
    from PIL import Image, ImageOps

    image = ImageOps.exif_transpose(Image.open(io.BytesIO(content)))
    return image.convert("RGB")


def page_count(content: bytes) -> int:
    """How many pages: 1 for an image. RedactionError past MAX_PAGES."""
    if _is_image(content):
        return 1
    document = _open_pdf(content)
    try:
        count = len(document)
    finally:
        document.close()
    if count > MAX_PAGES:
        raise RedactionError(f"文件共{count}页，超过了可遮盖的上限（{MAX_PAGES}页），请拆分后上传")
    if count == 0:
        raise RedactionError("文件没有页面")
    return count


def _pages(content: bytes, scale_for: float | None, dpi: int | None) -> Iterator[PIL.Image.Image]:
    """Each page as an RGB image: `dpi` for a PDF (or `scale_for` pixels across)."""
    if _is_image(content):
        image = _open_image(content)
        if scale_for and image.width > scale_for:
            image = image.resize((int(scale_for), max(1, round(image.height * scale_for / image.width))))
        yield image
        return
    document = _open_pdf(content)
    try:
        for page in document:
            yield _render(page, scale_for, dpi)
            page.close()
    finally:
        document.close()


def _render(page: pypdfium2.PdfPage, scale_for: float | None, dpi: int | None) -> PIL.Image.Image:
    width, _ = page.get_size()
    scale = (scale_for / width) if scale_for else (dpi or DELIVERY_DPI) / 72
    bitmap = page.render(scale=scale, draw_annots=True, may_draw_forms=True)
    image: PIL.Image.Image = bitmap.to_pil().convert("RGB")
    bitmap.close()
    return image


def page_image(
    content: bytes, number: int, marks: Iterable[Box] = (), *, width: float = PREVIEW_WIDTH
) -> bytes:
    """Page `number` (1-based) as a PNG the clerk marks on, with the marks drawn over it: black,
    outlined in red so that a mark is seen as a mark."""
    from PIL import ImageDraw

    if _is_image(content):
        image = next(_pages(content, width, None))
    else:
        document = _open_pdf(content)
        try:
            if not 1 <= number <= len(document):
                raise RedactionError(f"文件没有第{number}页")
            page = document[number - 1]
            image = _render(page, width, None)
            page.close()
        finally:
            document.close()
    draw = ImageDraw.Draw(image)
    for box in marks:
        x0, y0, x1, y1 = box.pixels(image.width, image.height)
        draw.rectangle((x0, y0, x1 - 1, y1 - 1), fill=(0, 0, 0), outline=(220, 0, 0), width=2)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


# --- finding text ----------------------------------------------------------------------------------


def find_text(content: bytes, text: str) -> list[Mark]:
    """A mark over every occurrence of `text` on every page (case and width of letters ignored),
    one box per line an occurrence spans. [] for an image or a page without a text layer."""
    needle = text.strip()
    if not needle or _is_image(content):
        return []
    found: list[Mark] = []
    document = _open_pdf(content)
    try:
        for number, page in enumerate(document, start=1):
            left, bottom, right, top = page.get_bbox()  # the visible area, in PDF points
            rotation = page.get_rotation()
            textpage = page.get_textpage()
            searcher = textpage.search(needle, match_case=False, match_whole_word=False)
            while (hit := searcher.get_next()) is not None:
                index, count = hit
                for i in range(textpage.count_rects(index, count)):
                    x0, y0, x1, y1 = textpage.get_rect(i)
                    pad = (y1 - y0) * TEXT_PAD
                    box = _to_fractions(
                        (x0 - pad, y0 - pad, x1 + pad, y1 + pad), (left, bottom, right, top), rotation
                    )
                    found.append(Mark(number, box))
            searcher.close()
            textpage.close()
            page.close()
    finally:
        document.close()
    return found


def _to_fractions(
    rect: tuple[float, float, float, float], bbox: tuple[float, float, float, float], rotation: int
) -> Box:
    """A rectangle in PDF points (origin bottom left) as fractions of the page as displayed
    (origin top left, the page turned by its /Rotate)."""
    x0, y0, x1, y1 = rect
    left, bottom, right, top = bbox
    width, height = right - left, top - bottom
    # Unrotated fractions from the top left.
    u0, u1 = (x0 - left) / width, (x1 - left) / width
    v0, v1 = (top - y1) / height, (top - y0) / height
    turn = rotation % 360
    if turn == 90:  # the page is shown turned clockwise
        u0, v0, u1, v1 = 1 - v1, u0, 1 - v0, u1
    elif turn == 180:
        u0, v0, u1, v1 = 1 - u1, 1 - v1, 1 - u0, 1 - v0
    elif turn == 270:
        u0, v0, u1, v1 = v0, 1 - u1, v1, 1 - u0
    return Box(u0, v0, u1, v1).clamped()


# --- the redacted file -----------------------------------------------------------------------------


def redact(content: bytes, marks: Iterable[Mark], *, dpi: int = DELIVERY_DPI) -> bytes:
    """The document as a PDF of page images with every mark painted black. Every page becomes an
    image, marked or not: nothing of the original file's structure is carried over."""
    from PIL import ImageDraw

    by_page: dict[int, list[Box]] = {}
    for mark in marks:
        by_page.setdefault(mark.page, []).append(mark.box)
    writer = _ImagePdf()
    if _is_image(content):
        image = _open_image(content)
        size_points = (image.width * 72 / dpi, image.height * 72 / dpi)
        pages: Iterable[tuple[PIL.Image.Image, tuple[float, float]]] = [(image, size_points)]
    else:
        pages = _pdf_pages(content, dpi)
    for number, (image, size) in enumerate(pages, start=1):
        draw = ImageDraw.Draw(image)
        for box in by_page.get(number, []):
            x0, y0, x1, y1 = box.pixels(image.width, image.height)
            draw.rectangle((x0, y0, x1 - 1, y1 - 1), fill=(0, 0, 0))
        writer.add_page(image, size)
    return writer.finish()


def _pdf_pages(content: bytes, dpi: int) -> Iterator[tuple[PIL.Image.Image, tuple[float, float]]]:
    document = _open_pdf(content)
    try:
        for page in document:
            yield _render(page, None, dpi), page.get_size()  # as shown: a turned page's sides swapped
            page.close()
    finally:
        document.close()


_SIXTEEN_GREYS = [(v // 17) * 17 for v in range(256)]


class _ImagePdf:
    """A PDF of page images, written as it goes (one page's image in memory at a time).

    Each image is stored lossless: the zlib stream of its PNG encoding is exactly a FlateDecode
    stream with PNG predictors, so Pillow's encoder does the work and nothing is re-compressed.
    """

    def __init__(self) -> None:
        self.out = io.BytesIO()
        self.offsets: list[int] = []
        self.pages: list[int] = []
        self.out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        # 1: catalog, 2: page tree; written at the end with the list of pages.
        self.offsets = [0, 0]

    def _object(self, body: bytes, stream: bytes | None = None) -> int:
        self.offsets.append(self.out.tell())
        number = len(self.offsets)
        self.out.write(f"{number} 0 obj\n".encode())
        self.out.write(body)
        if stream is not None:
            self.out.write(b"\nstream\n" + stream + b"\nendstream")
        self.out.write(b"\nendobj\n")
        return number

    def add_page(self, image: PIL.Image.Image, size: tuple[float, float]) -> None:
        from PIL import ImageChops

        grey = image.convert("L")
        if ImageChops.difference(grey.convert("RGB"), image).getbbox() is None:
            # 16 shades of grey are enough for type and shrink a page by a third (black stays 0).
            image, colours, space = grey.point(_SIXTEEN_GREYS), 1, b"/DeviceGray"
        else:
            colours, space = 3, b"/DeviceRGB"
        data = _png_idat(image)
        width, height = image.size
        xobject = self._object(
            b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s /BitsPerComponent 8"
            b" /Filter /FlateDecode /DecodeParms << /Predictor 15 /Colors %d /BitsPerComponent 8 /Columns %d >>"
            b" /Length %d >>" % (width, height, space, colours, width, len(data)),
            data,
        )
        w, h = size
        drawing = f"q {w:.2f} 0 0 {h:.2f} 0 0 cm /Page Do Q".encode()
        content = self._object(b"<< /Length %d >>" % len(drawing), drawing)
        page = self._object(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {w:.2f} {h:.2f}] "
            f"/Resources << /XObject << /Page {xobject} 0 R >> >> /Contents {content} 0 R >>".encode()
        )
        self.pages.append(page)

    def finish(self) -> bytes:
        for number, body in (
            (1, b"<< /Type /Catalog /Pages 2 0 R >>"),
            (
                2,
                b"<< /Type /Pages /Count %d /Kids [%s] >>"
                % (len(self.pages), b" ".join(b"%d 0 R" % p for p in self.pages)),
            ),
        ):
            self.offsets[number - 1] = self.out.tell()
            self.out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
        xref = self.out.tell()
        self.out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(self.offsets) + 1))
        for offset in self.offsets:
            self.out.write(b"%010d 00000 n \n" % offset)
        self.out.write(
            b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(self.offsets) + 1, xref)
        )
        return self.out.getvalue()


def _png_idat(image: PIL.Image.Image) -> bytes:
    """The concatenated IDAT data of the image's PNG encoding (8 bits, not interlaced)."""
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=6)
    png = buffer.getvalue()
    position, data = 8, []
    while position < len(png):
        (length,) = struct.unpack(">I", png[position : position + 4])
        kind = png[position + 4 : position + 8]
        if kind == b"IDAT":
            data.append(png[position + 8 : position + 8 + length])
        position += 12 + length
    return b"".join(data)
