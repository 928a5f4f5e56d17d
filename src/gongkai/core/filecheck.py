"""Files attached to a record (a catalogue item, a case), checked before anything is stored (no Django).

What a file is comes from its content, never from its name: the first bytes for PDF and the
images, the parts inside the zip for DOCX, XLSX and OFD, the streams inside the OLE2 compound file
for old Word (.doc: a ``WordDocument`` stream) and WPS (.wps: WPS Office's own ``WpsCustomData``
stream beside it, or Microsoft Works' ``CONTENTS``/``MatOST``) — read with olefile. The name's extension must then say the same
thing (a ".pdf" that is really a zip or a program is refused). Sizes are capped, and a zip is
refused before any part of it is unpacked if its parts would unpack to too much in all, one part
to too much, or one part to many times its compressed size (gongkai.archives, ZIP_LIMITS).

The text extracted here is searched with the item and read by the privacy check before the
confidentiality step can pass:
- PDF: the text layer, page by page (pdfplumber), at most MAX_PDF_PAGES pages;
- DOCX: paragraphs and tables of the body, headers, footers, foot- and endnotes, comments and
  tracked deletions (all of them are in the published file), read with lxml as a stream: each
  paragraph or table is let go once its text is taken, so a long document never sits in memory
  as a tree;
- XLSX: every sheet's cell values row by row (openpyxl, read-only), at most MAX_XLSX_CELLS cells;
- OFD (GB/T 33190, the national fixed-layout format): the TextCode of every page's Content.xml, in
  the order OFD.xml → Document.xml → Pages lists them, read with lxml without entities or network,
  at most MAX_PDF_PAGES pages; text objects on one baseline make one line;
- DOC and WPS: converted to plain text by LibreOffice (``soffice --headless --convert-to txt``, in
  a temporary folder with a profile of its own, at most CONVERT_SECONDS) when it is installed;
  without it the file is stored with no text and a note 「未能提取文字：…」 says so;
- images: no text at all (there is no OCR).
Whatever the text leaves out (an image, a scanned PDF, pictures inside a document, pages past the
cap) is named in `note`, so that a person looks at it instead.

Images are decoded in full (Pillow) before they are stored, so a file that only starts like a
picture is refused, and what a camera or an editor wrote into them besides the picture (EXIF:
where and when it was taken, the device and its owner; XMP; comments; PNG text) is removed:
the picture is saved again without it, turned first as its EXIF orientation said, so that it
looks the same. A picture that carries nothing of the kind is stored byte for byte as uploaded.
"""

from __future__ import annotations

import hashlib
import io
import os
import posixpath
import re
import shutil
import subprocess
import tempfile
import threading
import unicodedata
import warnings
import zipfile
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models
from lxml import etree

from gongkai.archives import ArchiveError, ArchiveTooLarge, Limits, open_archive
from gongkai.archives import format_size as format_size  # for the pages that show sizes

if TYPE_CHECKING:
    import PIL.Image

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_PER_ITEM = 20
MAX_NAME_CHARS = 200
ZIP_LIMITS = Limits()  # DOCX and XLSX: what their parts may unpack to (gongkai.archives)
MAX_PDF_PAGES = 300
MAX_XLSX_CELLS = 500_000
MAX_TEXT_CHARS = 1_000_000
MAX_IMAGE_PIXELS = 60_000_000  # a 60-megapixel photo; a small file claiming more is a decompression bomb


class AttachmentError(ValueError):
    """A file that cannot be attached; the message (Chinese) says why and what to do."""


class Kind(models.TextChoices):
    """What a checked file is, by its content: the ``kind`` of a catalogue attachment and of a
    case document alike."""

    PDF = "pdf", "PDF 文件"
    DOCX = "docx", "Word 文档（DOCX）"
    XLSX = "xlsx", "Excel 表格（XLSX）"
    IMAGE = "image", "图片"
    DOC = "doc", "Word 97-2003 文档（DOC）"
    WPS = "wps", "WPS 文字文档（WPS）"
    OFD = "ofd", "OFD 版式文件"


@dataclass(frozen=True)
class FileType:
    kind: Kind
    content_type: str
    label: str
    extensions: tuple[str, ...]


PDF = FileType(Kind.PDF, "application/pdf", "PDF 文件", (".pdf",))
DOCX = FileType(
    Kind.DOCX,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "Word 文档（DOCX）",
    (".docx",),
)
XLSX = FileType(
    Kind.XLSX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "Excel 表格（XLSX）",
    (".xlsx",),
)
PNG = FileType(Kind.IMAGE, "image/png", "PNG 图片", (".png",))
JPEG = FileType(Kind.IMAGE, "image/jpeg", "JPEG 图片", (".jpg", ".jpeg"))
GIF = FileType(Kind.IMAGE, "image/gif", "GIF 图片", (".gif",))
WEBP = FileType(Kind.IMAGE, "image/webp", "WebP 图片", (".webp",))
DOC = FileType(Kind.DOC, "application/msword", "Word 97-2003 文档（DOC）", (".doc",))
WPS = FileType(Kind.WPS, "application/wps-office.wps", "WPS 文字文档（WPS）", (".wps",))
OFD = FileType(Kind.OFD, "application/ofd", "OFD 版式文件", (".ofd",))
TYPES = (PDF, DOCX, XLSX, DOC, WPS, OFD, PNG, JPEG, GIF, WEBP)
BY_EXTENSION = {ext: t for t in TYPES for ext in t.extensions}
# Names that may carry other content than their own type: WPS Office saves a .wps as Word 97-2003
# (with or without its WpsCustomData stream) or, in newer versions, as a DOCX zip; its .doc files
# carry that stream too.
ALSO_NAMED: dict[str, tuple[FileType, ...]] = {".wps": (DOC, DOCX), ".doc": (WPS,)}
ACCEPT = ",".join(BY_EXTENSION)  # for <input type="file" accept=...>
ALLOWED = "PDF、Word（.docx、.doc）、WPS（.wps）、OFD（.ofd）、Excel（.xlsx）文件和 PNG、JPEG、GIF、WebP 图片"

_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file: old .doc/.xls/.wps, or an encrypted DOCX/XLSX
CONVERT_SECONDS = 60  # LibreOffice's time to turn a .doc or .wps into text


@dataclass(frozen=True)
class Extracted:
    text: str
    note: str = ""  # what the text leaves out, for a person to check; "" when the whole file was read


@dataclass(frozen=True)
class CheckedFile:
    """A file that may be attached: its cleaned name, what it is, its text, and the bytes to store
    (those uploaded, or for a picture with metadata, the picture without it)."""

    name: str
    type: FileType
    size: int
    sha256: str
    text: str
    note: str
    content: bytes

    @property
    def kind(self) -> Kind:
        return self.type.kind

    @property
    def content_type(self) -> str:
        return self.type.content_type


# --- names and sizes -------------------------------------------------------------------------------


def clean_name(raw: str) -> str:
    """The name to show and to offer on download: no folders, no control or direction characters,
    one space for any run of blanks, at most MAX_NAME_CHARS characters with the extension kept."""
    name = unicodedata.normalize("NFC", raw or "")
    name = re.split(r"[/\\]", name)[-1]
    # Category C: control characters, format characters (the right-to-left override that makes
    # "exe.pdf" read as "fdp.exe"), surrogates, private use and unassigned code points.
    name = "".join(ch for ch in name if not unicodedata.category(ch).startswith("C"))
    name = " ".join(name.split()).strip(" .")
    if len(name) > MAX_NAME_CHARS:
        stem, dot, ext = name.rpartition(".")
        if dot and 0 < len(ext) <= 10:
            name = stem[: MAX_NAME_CHARS - len(ext) - 1].rstrip(" .") + "." + ext
        else:
            name = name[:MAX_NAME_CHARS]
    return name


def extension(name: str) -> str:
    """ ".pdf" for "报告.PDF"; "" when the name has none."""
    stem, dot, ext = name.rpartition(".")
    return f".{ext.lower()}" if dot and stem and ext else ""


def check_size(name: str, size: int, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
    if size <= 0:
        raise AttachmentError(f"文件“{name}”是空的，请选择有内容的文件")
    if size > max_bytes:
        raise AttachmentError(f"文件“{name}”超过了大小上限（{format_size(max_bytes)}），请压缩或拆分后再上传")


# --- what the content is ---------------------------------------------------------------------------


def _open_zip(name: str, content: bytes) -> zipfile.ZipFile:
    """The zip, refused before any part is unpacked if it would unpack to too much (a zip bomb)."""
    try:
        return open_archive(content, f"文件“{name}”", ZIP_LIMITS)
    except ArchiveTooLarge as error:
        raise AttachmentError(str(error)) from error
    except ArchiveError as error:
        raise AttachmentError(f"文件“{name}”已损坏，无法打开，请重新保存后再上传") from error


def _sniff(name: str, content: bytes) -> FileType | str:
    """The type the content is, or a description of what it is when it is none of ours."""
    head = content[:16]
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"PK\x03\x04"):
        parts = set(_open_zip(name, content).namelist())
        if "[Content_Types].xml" in parts and "word/document.xml" in parts:
            return DOCX
        if "[Content_Types].xml" in parts and "xl/workbook.xml" in parts:
            return XLSX
        if "OFD.xml" in parts:
            return OFD
        return "压缩包（ZIP）"
    if head.startswith(_CFB):
        return _ole_type(name, content)
    if head.startswith(b"MZ") or head.startswith(b"\x7fELF"):
        return "可执行程序"
    return "无法识别的格式"


def _ole_type(name: str, content: bytes) -> FileType | str:
    """What an OLE2 compound file holds, from the names of its streams (olefile); a file olefile
    cannot read is refused here, in Chinese, whatever it claims to be."""
    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(content)) as ole:
            paths = ole.listdir(streams=True, storages=False)
            streams = {"/".join(path) for path in paths}
            for path in paths:  # every stream read whole: one cut short or looping is refused here
                if ole.get_size(path) > len(content):
                    raise ValueError("a stream larger than the file")
                ole.openstream(path).close()
    except Exception as error:  # a parser of untrusted input fails in many ways: each is "unreadable"
        raise AttachmentError(
            f"文件“{name}”已损坏或不是有效的 Office/WPS 文档，无法读取，请重新保存后再上传"
        ) from error
    if "WordDocument" in streams:
        return WPS if "WpsCustomData" in streams else DOC
    if "CONTENTS" in streams and "MatOST" in streams:
        return WPS  # Microsoft Works' word processor, which also wrote .wps
    if "EncryptedPackage" in streams:
        return "设置了打开密码的 Office 文档"
    if "Workbook" in streams or "Book" in streams:
        return "旧版 Excel 表格（.xls）"
    if "PowerPoint Document" in streams:
        return "旧版 PowerPoint 演示文稿（.ppt）"
    return "无法识别的 OLE 复合文档"


def identify(name: str, content: bytes) -> FileType:
    """The file's type, from its content; AttachmentError unless it is one we take and the
    name's extension says the same."""
    ext = extension(name)
    if not ext:
        raise AttachmentError(f"文件名“{name}”没有扩展名：只能上传{ALLOWED}")
    claimed = BY_EXTENSION.get(ext)
    if claimed is None:
        raise AttachmentError(f"不能上传“{ext}”文件：只能上传{ALLOWED}")
    if claimed in (DOCX, XLSX) and content.startswith(_CFB):
        raise AttachmentError(
            f"文件“{name}”设置了打开密码，或是旧版 Word/Excel 格式：请去除密码，"
            f"或用 Office/WPS 另存为 {ext} 格式后再上传"
        )
    found = _sniff(name, content)
    if isinstance(found, FileType) and (ext in found.extensions or found in ALSO_NAMED.get(ext, ())):
        return found
    if claimed in (DOCX, XLSX, OFD) and found == "压缩包（ZIP）":
        raise AttachmentError(f"文件“{name}”已损坏或不是有效的{claimed.label}，请重新保存后再上传")
    what = found.label if isinstance(found, FileType) else found
    raise AttachmentError(f"文件“{name}”的扩展名是{ext}，内容却是{what}：扩展名与内容不符，不能上传")


# --- text ------------------------------------------------------------------------------------------


def extract_text(name: str, file_type: FileType, content: bytes) -> Extracted:
    if file_type is PDF:
        return _pdf_text(name, content)
    if file_type is DOCX:
        return _docx_text(name, content)
    if file_type is XLSX:
        return _xlsx_text(name, content)
    if file_type is OFD:
        return _ofd_text(name, content)
    if file_type in (DOC, WPS):
        return _office_text(name, file_type, content)
    return Extracted("", "图片不提取文字（系统不做文字识别），图片内容须人工核查")


def _pdf_text(name: str, content: bytes) -> Extracted:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        with pdfplumber.open(io.BytesIO(content)) as document:
            pages = document.pages
            texts = [page.extract_text() or "" for page in pages[:MAX_PDF_PAGES]]
            total = len(pages)
    except Exception as error:  # a parser of untrusted input fails in many ways: each is "unreadable"
        cause = error.args[0] if error.args else error
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
            raise AttachmentError(f"PDF 文件“{name}”设置了打开密码，请去除密码后再上传") from error
        raise AttachmentError(f"PDF 文件“{name}”已损坏或格式有误，无法读取，请重新生成后再上传") from error
    text = "\n".join(t for t in texts if t)
    if not text.strip():
        return Extracted("", "PDF 没有文字层（可能是扫描件），未能提取文字，内容须人工核查")
    if total > MAX_PDF_PAGES:
        return Extracted(text, f"只提取了前{MAX_PDF_PAGES}页的文字（共{total}页），其余页须人工核查")
    return Extracted(text)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_XML = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True)
# Everything of a DOCX a reader of the published file can see, in the order a reader meets it.
_DOCX_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml")
_DOCX_ORDER = ("document", "header", "footer", "footnotes", "endnotes", "comments")


def _paragraph(p: etree._Element) -> str:
    parts: list[str] = []
    for node in p.iter():
        if node.tag in (f"{_W}t", f"{_W}delText"):  # tracked deletions stay in the file
            parts.append(node.text or "")
        elif node.tag == f"{_W}tab":
            parts.append("\t")
        elif node.tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")
    return "".join(parts)


def _block(element: etree._Element, lines: list[str]) -> None:
    """The lines of a paragraph, or of a table (one line per row, its cells joined by tabs)."""
    if element.tag == f"{_W}p":
        lines.append(_paragraph(element))
        return
    for row in element.findall(f"{_W}tr"):
        cells = [" ".join(_paragraph(p) for p in cell.iter(f"{_W}p")) for cell in row.iter(f"{_W}tc")]
        lines.append("\t".join(c.strip() for c in cells))


def _pictures(names: list[str], folder: str) -> str:
    media = sum(1 for n in names if n.startswith(f"{folder}/media/"))
    embedded = sum(1 for n in names if n.startswith(f"{folder}/embeddings/"))
    found = [f"{media}张图片" if media else "", f"{embedded}个嵌入对象" if embedded else ""]
    if not media and not embedded:
        return ""
    return f"文件中有{'、'.join(f for f in found if f)}，其内容未提取文字，须人工核查"


def _stream_blocks(stream: Any, lines: list[str]) -> None:
    """The paragraphs and tables of a part (body, header, notes, ...; in sections, content controls
    and the like too), read as a stream: a paragraph outside tables, or an outermost table, gives
    its lines when it ends and is then dropped with everything before it."""
    for _, element in etree.iterparse(
        stream,
        events=("end",),
        tag=(f"{_W}p", f"{_W}tbl"),
        resolve_entities=False,
        no_network=True,
        remove_comments=True,
    ):
        if next(element.iterancestors(f"{_W}tbl"), None) is not None:
            continue  # a paragraph or table inside a table: read with the outermost table
        _block(element, lines)
        element.clear()
        parent = element.getparent()
        while parent is not None and element.getprevious() is not None:
            del parent[0]


def _docx_text(name: str, content: bytes) -> Extracted:
    archive = _open_zip(name, content)
    names = archive.namelist()
    parts = sorted(
        (n for n in names if _DOCX_PARTS.fullmatch(n)),
        key=lambda n: (_DOCX_ORDER.index(re.sub(r"\d+$", "", n[5:-4])), n),
    )
    lines: list[str] = []
    try:
        for part in parts:
            with archive.open(part) as stream:
                _stream_blocks(stream, lines)
    except (etree.XMLSyntaxError, zipfile.BadZipFile, zlib.error, KeyError, ValueError, EOFError) as error:
        raise AttachmentError(f"Word 文档“{name}”已损坏，无法读取，请重新保存后再上传") from error
    return Extracted("\n".join(line for line in lines if line.strip()), _pictures(names, "word"))


def _cell(value: object) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e18:
        return str(int(value))  # 13800138000.0 is the phone number 13800138000
    return str(value).strip()


def _xlsx_text(name: str, content: bytes) -> Extracted:
    import openpyxl

    archive = _open_zip(name, content)
    names = archive.namelist()
    lines: list[str] = []
    cells = 0
    capped = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it skips
            book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            for sheet in book.worksheets:
                lines.append(str(sheet.title))
                for row in sheet.iter_rows(values_only=True):
                    values = [_cell(v) for v in row if v is not None and str(v).strip()]
                    cells += len(values)
                    if values:
                        lines.append("\t".join(values))
                    if cells >= MAX_XLSX_CELLS:
                        capped = True
                        break
                if capped:
                    break
        finally:
            book.close()
        for part in names:
            if re.fullmatch(r"xl/comments\d*\.xml", part):
                with archive.open(part) as stream:
                    for _, node in etree.iterparse(
                        stream, events=("end",), resolve_entities=False, no_network=True
                    ):
                        if etree.QName(node).localname == "t" and node.text:
                            lines.append(node.text)
                        if etree.QName(node).localname == "comment":
                            node.clear()
    except Exception as error:  # openpyxl raises whatever its parsers raise on a broken file
        raise AttachmentError(f"Excel 表格“{name}”已损坏，无法读取，请重新保存后再上传") from error
    notes = [_pictures(names, "xl")]
    if capped:
        notes.insert(0, f"只提取了前{MAX_XLSX_CELLS}个单元格的文字，其余内容须人工核查")
    return Extracted("\n".join(lines), "；".join(n for n in notes if n))


_OFD_NOT_READ = "已损坏或不是有效的 OFD 文件，无法读取，请重新生成后再上传"


def _ofd_xml(archive: zipfile.ZipFile, name: str, part: str) -> etree._Element:
    """One part of the OFD as a tree, read without entities, DTDs or the network."""
    try:
        with archive.open(part) as stream:
            return etree.parse(stream, _XML).getroot()
    except KeyError as error:
        raise AttachmentError(f"OFD 文件“{name}”缺少“{part}”，{_OFD_NOT_READ}") from error
    except (etree.XMLSyntaxError, zipfile.BadZipFile, zlib.error, ValueError, EOFError) as error:
        raise AttachmentError(f"OFD 文件“{name}”{_OFD_NOT_READ}") from error


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _ofd_path(base: str, location: str) -> str:
    """A location in the OFD as the name of a part: absolute ("/Doc_0/...") from the root,
    otherwise from the folder of the part that names it."""
    location = location.strip().replace("\\", "/")
    joined = location.lstrip("/") if location.startswith("/") else posixpath.join(base, location)
    return posixpath.normpath(joined).lstrip("/")


def _ofd_page_lines(page: etree._Element) -> list[str]:
    """The page's text, one line per baseline: the TextCodes of a text object joined, and text
    objects that follow one another on the same baseline joined into one line."""
    lines: list[str] = []
    last_y: float | None = None
    for node in page.iter():
        if _local(node) != "TextObject":
            continue
        text = "".join(str(t) for code in node.iter() if _local(code) == "TextCode" for t in code.itertext())
        if not text:
            continue
        try:
            y = float((node.get("Boundary") or "").split()[1])
        except (IndexError, ValueError):
            y = None
        if lines and y is not None and last_y is not None and abs(y - last_y) < 0.5:
            lines[-1] += text
        else:
            lines.append(text)
        last_y = y
    return lines


def _ofd_text(name: str, content: bytes) -> Extracted:
    archive = _open_zip(name, content)
    root = _ofd_xml(archive, name, "OFD.xml")
    documents = [n.text.strip() for n in root.iter() if _local(n) == "DocRoot" and n.text and n.text.strip()]
    if not documents:
        raise AttachmentError(f"OFD 文件“{name}”的 OFD.xml 没有指向任何文档，{_OFD_NOT_READ}")
    lines: list[str] = []
    total = read = 0
    for location in documents:
        part = _ofd_path("", location)
        document = _ofd_xml(archive, name, part)
        folder = posixpath.dirname(part)
        for page in (n for n in document.iter() if _local(n) == "Page" and n.get("BaseLoc")):
            total += 1
            if read >= MAX_PDF_PAGES:
                continue
            read += 1
            lines.extend(_ofd_page_lines(_ofd_xml(archive, name, _ofd_path(folder, page.get("BaseLoc", "")))))
    text = "\n".join(line for line in lines if line.strip())
    notes = []
    if total > read:
        notes.append(f"只提取了前{read}页的文字（共{total}页），其余页须人工核查")
    pictures = sum(
        1 for n in archive.namelist() if n.lower().endswith((".png", ".jpg", ".jpeg", ".bmp", ".tif", ".jb2"))
    )
    if pictures:
        notes.append(f"文件中有{pictures}张图片，其内容未提取文字，须人工核查")
    if not text.strip():
        notes.insert(0, "OFD 文件没有文字（可能是扫描件），未能提取文字，内容须人工核查")
    return Extracted(text, "；".join(notes))


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _office_text(name: str, file_type: FileType, content: bytes) -> Extracted:
    """The text of a .doc or .wps, by LibreOffice; without it (or when it fails) no text and a
    note that tells the clerk the search and the privacy check did not see the content."""
    unread = f"未能提取文字：{{}}，“{name}”的内容没有用于检索和隐私检查，须人工核查"
    soffice = _soffice()
    if soffice is None:
        return Extracted("", unread.format("本系统未安装 LibreOffice"))
    with tempfile.TemporaryDirectory(prefix="gongkai-text-") as folder:
        source = os.path.join(folder, f"document{file_type.extensions[0]}")
        with open(source, "wb") as out:
            out.write(content)
        # A profile of its own: a LibreOffice already running for someone else is not disturbed.
        profile = f"-env:UserInstallation=file://{folder}/profile"
        command = [soffice, profile, "--headless", "--norestore", "--convert-to", "txt:Text (encoded):UTF8"]
        try:
            subprocess.run(
                [*command, "--outdir", folder, source],
                check=True,
                capture_output=True,
                timeout=CONVERT_SECONDS,
            )
            with open(os.path.join(folder, "document.txt"), "rb") as converted:
                text = converted.read(MAX_TEXT_CHARS * 4 + 4).decode("utf-8", "replace")
        except subprocess.TimeoutExpired:
            return Extracted("", unread.format(f"LibreOffice 在{CONVERT_SECONDS}秒内未能读完"))
        except (subprocess.CalledProcessError, OSError):
            return Extracted("", unread.format("LibreOffice 无法读取该文件（可能已损坏或设置了密码）"))
    text = "\n".join(line.rstrip() for line in text.lstrip("\ufeff").splitlines() if line.strip())
    if not text:
        return Extracted("", f"{file_type.label}中没有文字，内容须人工核查")
    return Extracted(text)


# --- images --------------------------------------------------------------------------------------

# What an image file may keep: how to show the picture (colour profile, resolution, transparency,
# animation), nothing about who made it, where or with what. Any other key means a fresh save.
_IMAGE_INFO_KEPT = frozenset(
    {
        "adobe",
        "adobe_transform",
        "aspect",
        "background",
        "blend",
        "default_image",
        "disposal",
        "dpi",
        "duration",
        "gamma",
        "icc_profile",
        "interlace",
        "jfif",
        "jfif_density",
        "jfif_unit",
        "jfif_version",
        "loop",
        "progression",
        "progressive",
        "srgb",
        "transparency",
        "version",
    }
)
_ORIENTATION = 0x0112
STRIPPED_NOTE = "已去除图片中的拍摄信息（EXIF 等元数据，可能含拍摄地点、时间、设备和作者）"


_WHOLE_IMAGES = threading.Lock()


def _load_whole(image: PIL.Image.Image) -> None:
    """Decode every pixel, or raise OSError if the file ends early. WeasyPrint, once imported, sets
    Pillow's process-wide LOAD_TRUNCATED_IMAGES, which would fill a cut-off photo with grey and
    store it; it is set back for this decode only (other threads' decodes meanwhile are stricter,
    never laxer)."""
    from PIL import ImageFile

    with _WHOLE_IMAGES:
        lax = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            image.load()
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = lax


def clean_image(name: str, file_type: FileType, content: bytes) -> bytes | None:
    """The picture saved again without metadata, or None when it has none to remove.
    AttachmentError when it does not decode, or is too large to open safely."""
    import PIL
    from PIL import Image, ImageOps

    try:
        with warnings.catch_warnings():
            # Pillow warns past its own limit and refuses past twice that; ours is lower and says more.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(content))
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise AttachmentError(
                    f"图片“{name}”尺寸过大（{width}×{height} 像素，最多{MAX_IMAGE_PIXELS // 10_000} 万像素），"
                    "请缩小后再上传"
                )
            frames = getattr(image, "n_frames", 1)
            _load_whole(image)
            orientation = image.getexif().get(_ORIENTATION, 1) if "exif" in image.info else 1
            if set(image.info) <= _IMAGE_INFO_KEPT and orientation == 1:
                return None
            kept: dict[str | tuple[int, int], Any] = {
                k: v for k, v in image.info.items() if k in _IMAGE_INFO_KEPT
            }
            out = io.BytesIO()
            if file_type is JPEG:
                if orientation in range(2, 9):
                    picture = ImageOps.exif_transpose(image)
                    options: dict[str, object] = {"quality": 92}
                else:  # the same quantisation tables: as close to the original as a new save gets
                    picture = image
                    options = {"quality": "keep"} if image.format == "JPEG" else {"quality": 92}
                picture.info = kept
                picture.save(out, "JPEG", icc_profile=kept.get("icc_profile"), **options)
            else:
                image.info = kept
                options = {"save_all": True} if frames > 1 else {}
                if file_type is WEBP:
                    options["lossless"] = b"VP8L" in content[12:40]
                    options["quality"] = 100 if options["lossless"] else 90
                fmt = {PNG: "PNG", GIF: "GIF", WEBP: "WEBP"}[file_type]
                image.save(out, fmt, icc_profile=kept.get("icc_profile"), **options)
    except AttachmentError:
        raise
    except Image.DecompressionBombError as error:
        raise AttachmentError(f"图片“{name}”尺寸过大，请缩小后再上传") from error
    except (OSError, ValueError, SyntaxError, EOFError, PIL.UnidentifiedImageError, MemoryError) as error:
        raise AttachmentError(f"图片“{name}”已损坏或格式有误，无法打开，请重新保存后再上传") from error
    return out.getvalue()


# --- all of it -------------------------------------------------------------------------------------


def _storable(text: str) -> str:
    """Text a database column can hold: no NUL (PostgreSQL refuses it), no lone surrogates."""
    return text.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")


def check_file(raw_name: str, content: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> CheckedFile:
    """Everything about a file about to be attached, or AttachmentError saying why it cannot be."""
    name = clean_name(raw_name)
    if not name:
        raise AttachmentError("文件名无效，请改名后再上传")
    check_size(name, len(content), max_bytes)
    file_type = identify(name, content)
    extracted = extract_text(name, file_type, content)
    text, note = _storable(extracted.text), extracted.note
    if file_type.kind is Kind.IMAGE and (cleaned := clean_image(name, file_type, content)) is not None:
        content = cleaned
        note = "；".join(n for n in (note, STRIPPED_NOTE) if n)
    if len(text) > MAX_TEXT_CHARS:
        text = text[:MAX_TEXT_CHARS]
        note = "；".join(
            n
            for n in (note, f"文字超过{MAX_TEXT_CHARS}字，只保留了前{MAX_TEXT_CHARS}字，其余内容须人工核查")
            if n
        )
    return CheckedFile(
        name=name,
        type=file_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        text=text,
        note=note,
        content=content,
    )
