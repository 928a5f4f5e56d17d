"""Read tables that are pictures: scanned PDFs, and screenshots in HTML pages and DOCX files.

The ruling of a table is found in the picture itself: dark runs at least a few percent of
the page long are its horizontal and vertical lines, and the boxes they close are found as
in a PDF (``pdf.ruled_tables``). Each box's text lines are cut out along the gaps between
them and read by the recognition model of RapidOCR (PP-OCRv4, shipped inside the
``rapidocr-onnxruntime`` package and run by ONNX Runtime: nothing is downloaded at run time).
The lines of text outside the tables are cut out and read the same way. The result is the
same paragraphs and tables a PDF with a text layer gives, and goes to the same interpreter.

Every table cell read here is an ``OcrCell``; ``ocr_findings`` turns each value the report
took from one into an ``ocr`` warning, so that a clerk checks it against the original, and the
checker's identities (row totals, outcome sums) catch what the model misread.

A picture without a ruled table (a seal, a logo, a photograph) in an HTML page or a DOCX
file is left out, as before; a scanned PDF is read whole.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
import threading
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from gongkai.annual_report.blocks import Block, Cell, Paragraph, Table, UnreadableError
from gongkai.annual_report.findings import Code, Finding, warning
from gongkai.annual_report.importers.pdf import (
    _MARGIN,
    _PAGE_NUMBER,
    Grid,
    PageContent,
    TextLine,
    assemble,
    ruled_tables,
)

MAX_PIXELS = 40_000_000  # a bigger picture is not a screenshot of a table
_DARK = 160  # grey level below which a pixel is ink
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


@dataclass(frozen=True)
class OcrCell(Cell):
    """A table cell whose text was read from a picture by OCR."""


def unavailable() -> str | None:
    """Why OCR cannot run here, in Chinese; None when it can."""
    try:
        import numpy  # noqa: F401
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError as error:
        return f"文字识别（OCR）组件 rapidocr-onnxruntime 无法加载（{error.name or error}）"
    return None


# Reading a picture --------------------------------------------------------------------------


def read_picture(picture: Any, *, tables_only: bool = False) -> PageContent:
    """The lines and ruled tables of one picture (a PIL image), top to bottom, in pixels.

    With ``tables_only``, a picture without a ruled table is not read at all (no items).
    """
    import numpy as np

    grey = np.asarray(picture.convert("L"))
    ink = grey < _DARK
    height, width = ink.shape
    tolerance = max(4.0, width / 300)
    # Strokes of big characters end at one height too: only long rules are closed at a cut.
    tables = ruled_tables(
        _rules(ink),
        tolerance=tolerance,
        min_length=3 * tolerance,
        closing_length=max(6 * tolerance, height / 20),
    )
    if tables_only and not any(len({box[0] for box in boxes}) > 1 for boxes in tables):
        return PageContent([], characters=0, unmapped=0)
    crops: list[Any] = []  # every text line to recognise, in one batch
    placed: list[tuple[Any, int, bool]] = []  # (the line, its index in crops, in a page margin)
    grids: list[tuple[Grid, list[list[list[int]]]]] = []
    covered = np.zeros_like(ink)
    for boxes in tables:
        columns = sorted({box[0] for box in boxes})
        if len(columns) < 2:
            continue
        rows: dict[float, dict[float, list[int]]] = {}
        for x0, top, x1, bottom in sorted(boxes, key=lambda box: (box[1], box[0])):
            indexes = []
            for crop in _text_lines(grey, ink, int(x0), int(top), int(x1), int(bottom), inset=tolerance):
                indexes.append(len(crops))
                crops.append(crop)
            rows.setdefault(top, {})[x0] = indexes
        left, top = min(box[0] for box in boxes), min(box[1] for box in boxes)
        right, bottom = max(box[2] for box in boxes), max(box[3] for box in boxes)
        covered[int(top) : int(bottom) + 1, int(left) : int(right) + 1] = True
        slots = [[row.get(column, []) for column in columns] for row in rows.values()]
        grids.append((Grid([], columns, left, right, top), slots))
    outside = ink & ~covered
    for band_top, band_bottom in _bands(outside.any(axis=1)):
        band = outside[band_top:band_bottom]
        xs = np.flatnonzero(band.any(axis=0))
        if len(xs) == 0 or band_bottom - band_top < 4:
            continue
        crop = _crop(grey, int(xs[0]), band_top, int(xs[-1]) + 1, band_bottom)
        in_margin = band_bottom < height * _MARGIN or band_top > height * (1 - _MARGIN)
        placed.append((TextLine("", float(band_top)), len(crops), in_margin))
        crops.append(crop)
    texts = _recognise(crops)
    items: list[TextLine | Grid] = []
    for line, index, in_margin in placed:
        # Outside a table, a line of nothing but dashes and bars is a rule's or a page number's remnant,
        # and a page number in a margin is no content either.
        furniture = not re.search(r"\w", texts[index]) or (in_margin and _PAGE_NUMBER.match(texts[index]))
        if texts[index] and not furniture:
            items.append(TextLine(texts[index], line.top))
    for grid, slots in grids:
        grid.rows = [["\n".join(t for i in slot if (t := texts[i])) for slot in row] for row in slots]
        items.append(grid)
    items.sort(key=lambda item: item.top)
    return PageContent(items, characters=sum(len(text) for text in texts), unmapped=0)


def _rules(ink: Any) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]:
    """Runs of ink long enough to be table rules: horizontal (y, x0, x1), vertical (x, top, bottom)."""
    height, width = ink.shape
    return _runs(ink, max(30, width // 40)), _runs(ink.T, max(30, height // 60))


def _runs(ink: Any, minimum: int) -> list[tuple[float, float, float]]:
    """Every run of ink at least ``minimum`` pixels long along each row: (row, start, end)."""
    import numpy as np

    padded = np.zeros((ink.shape[0], ink.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = ink
    steps = np.diff(padded, axis=1)
    starts = np.argwhere(steps == 1)
    ends = np.argwhere(steps == -1)
    long = (ends[:, 1] - starts[:, 1]) >= minimum
    return [
        (float(row), float(start), float(end))
        for (row, start), (_, end) in zip(starts[long], ends[long], strict=True)
    ]


def _bands(rows_with_ink: Any, gap: int = 2) -> Iterator[tuple[int, int]]:
    """Runs of rows that hold ink, allowing ``gap`` blank rows inside one: text lines."""
    import numpy as np

    rows = np.flatnonzero(rows_with_ink)
    if len(rows) == 0:
        return
    start = previous = int(rows[0])
    for row in rows[1:]:
        row = int(row)
        if row - previous > gap + 1:
            yield start, previous + 1
            start = row
        previous = row
    yield start, previous + 1


def _text_lines(grey: Any, ink: Any, x0: int, top: int, x1: int, bottom: int, inset: float) -> Iterator[Any]:
    """The text lines inside one box, as crops, its rules left out."""
    margin = int(inset)
    inner = ink[top + margin : bottom - margin + 1, x0 + margin : x1 - margin + 1]
    if inner.size == 0:
        return
    # What is left of a rule (a double line, a thick one) runs through the whole box: no text does.
    inner = inner.copy()
    inner[:, inner.mean(axis=0) > 0.8] = False
    inner[inner.mean(axis=1) > 0.8, :] = False
    for band_top, band_bottom in _bands(inner.any(axis=1)):
        if band_bottom - band_top < 4:
            continue  # a speck or the remains of a rule
        xs = inner[band_top:band_bottom].any(axis=0).nonzero()[0]
        yield _crop(
            grey,
            x0 + margin + int(xs[0]),
            top + margin + band_top,
            x0 + margin + int(xs[-1]) + 1,
            top + margin + band_bottom,
        )


def _crop(grey: Any, x0: int, top: int, x1: int, bottom: int) -> Any:
    """The piece of the picture with a white border, as the 3-channel image the model wants."""
    import numpy as np

    piece = grey[top:bottom, x0:x1]
    pad = max(4, (bottom - top) // 4)
    framed = np.pad(piece, pad, constant_values=255)
    return np.repeat(framed[:, :, None], 3, axis=2)


_engine_lock = threading.Lock()
_engine: Any = None


def _recognise(crops: list[Any]) -> list[str]:
    global _engine
    if not crops:
        return []
    with _engine_lock:
        if _engine is None:
            from rapidocr_onnxruntime import RapidOCR

            # Crops as narrow as they are (a digit is not padded to 320 pixels), one thread:
            # three times faster on a busy two-core machine, the same text.
            _engine = RapidOCR(
                use_det=False,
                use_cls=False,
                rec_img_shape=[3, 48, 48],
                rec_batch_num=16,
                intra_op_num_threads=1,
            )
        results, _ = _engine.text_rec(crops)
    return [_tidy(text) for text, _score in results]


def _tidy(text: str) -> str:
    return re.sub(r"\s+", " ", text.translate(_FULL_WIDTH_DIGITS)).strip()


# Where pictures come from -------------------------------------------------------------------


def read_scanned_pdf(data: bytes) -> list[Block]:
    """A PDF without a text layer, page by page through OCR; tables cut by a page break joined."""
    from gongkai.annual_report.importers.pdf import NO_TEXT, page_images

    reason = unavailable()
    if reason:
        raise UnreadableError(f"{NO_TEXT}；{reason}")
    pages = [read_picture(image) for image in page_images(data)]
    if not any(page.items for page in pages):
        raise UnreadableError(f"{NO_TEXT}；图片中也未识别出文字")
    return assemble(pages, cell=OcrCell)


def picture_blocks(data: bytes, line: int) -> list[Block]:
    """The text and tables of a picture that holds a ruled table, all at ``line``; else nothing.

    A picture that cannot be decoded, or holds no table, or OCR that is not installed: nothing,
    as a picture was read before.
    """
    if unavailable():
        return []
    from PIL import Image, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        if image.width * image.height > MAX_PIXELS:
            return []
        image.load()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return []
    page = read_picture(image, tables_only=True)
    if not any(isinstance(item, Grid) for item in page.items):
        return []
    blocks: list[Block] = []
    for block in assemble([page], cell=OcrCell):
        if isinstance(block, Paragraph):
            blocks.append(Paragraph(block.text, line))
        else:
            blocks.append(Table(tuple(tuple(OcrCell(c.text, line) for c in row) for row in block.rows), line))
    return blocks


def data_uri_bytes(src: str | None) -> bytes | None:
    """The bytes of an ``<img>`` given inline (``data:image/...;base64,...``); None otherwise."""
    if not src or not src.startswith("data:image/") or ";base64," not in src[:80]:
        return None
    try:
        return base64.b64decode(src.split(",", 1)[1], validate=False)
    except (binascii.Error, ValueError):
        return None


_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
PICTURE = f"{{{_A}}}blip"  # where a DOCX drawing names its picture


class DocxPictures:
    """The pictures of a DOCX file's main part, found by the relationship ids its drawings name."""

    def __init__(self, data: bytes, main_part: Callable[[zipfile.ZipFile], str | None]) -> None:
        self._data = data
        self._main_part = main_part  # the archive name of the main part, found when needed
        self._folder = ""
        self._targets: dict[str, str] | None = None

    def blocks(self, element: Any, line: int) -> list[Block]:
        """The tables in the pictures drawn in one body paragraph."""
        found: list[Block] = []
        for blip in element.iter(PICTURE):
            rid = blip.get(f"{{{_R}}}embed")
            data = self._picture(rid) if rid else None
            if data:
                found.extend(picture_blocks(data, line))
        return found

    def _picture(self, rid: str) -> bytes | None:
        from lxml import etree

        try:
            with zipfile.ZipFile(io.BytesIO(self._data)) as archive:
                if self._targets is None:
                    main = self._main_part(archive) or ""
                    self._folder, _, name = main.rpartition("/")
                    rels = f"{self._folder}/_rels/{name}.rels" if self._folder else f"_rels/{name}.rels"
                    root = etree.fromstring(archive.read(rels))
                    self._targets = {
                        rel.get("Id", ""): rel.get("Target", "")
                        for rel in root.iter(f"{{{_PACKAGE_RELS}}}Relationship")
                        if rel.get("TargetMode") != "External"
                    }
                target = self._targets.get(rid)
                if not target:
                    return None
                path = target.lstrip("/") if target.startswith("/") else _join(self._folder, target)
                return archive.read(path)
        except (KeyError, zipfile.BadZipFile, OSError, etree.XMLSyntaxError):
            return None


def _join(folder: str, target: str) -> str:
    parts = [*folder.split("/"), *target.split("/")] if folder else target.split("/")
    out: list[str] = []
    for part in parts:
        if part == "..":
            if out:
                out.pop()
        elif part and part != ".":
            out.append(part)
    return "/".join(out)


# What the report took from OCR ---------------------------------------------------------------


def ocr_findings(blocks: Iterable[Block], report: Any) -> list[Finding]:
    """One ``ocr`` warning for each value of the report that was read from a picture."""
    read = {
        (cell.line, cell.text)
        for block in blocks
        if isinstance(block, Table)
        for row in block.rows
        for cell in row
        if isinstance(cell, OcrCell) and cell.text
    }
    if not read:
        return []
    from gongkai.annual_report.interpret import TABLE_NAMES

    definition = report.definition
    findings = []
    for (table_key, row, column), source in report.sources.items():
        if (source.line, source.text) not in read:
            continue
        table = definition.table(table_key)
        name = f"{TABLE_NAMES.get(table_key, table_key)}“{table.row(row).label}”行“{table.column(column).label}”列"
        findings.append(
            warning(
                Code.OCR,
                f"{name}的“{source.text}”是从图片中识别（OCR）的，请与原件核对",
                section=table.section,
                table=table_key,
                row=row,
                column=column,
                line=source.line,
                values={"text": source.text},
            )
        )
    return findings
