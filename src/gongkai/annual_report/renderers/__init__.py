"""The report written out: DOCX, HTML, Markdown and PDF in the official layout, JSON and CSV
as canonical data.

``render(report, fmt)`` is what the command line and the web app call.
"""

from __future__ import annotations

from collections.abc import Callable

from ..model import Report
from .csv import render_csv
from .docx import render_docx
from .html import render_html
from .json import json_schema, render_json
from .markdown import render_markdown
from .pdf import render_pdf
from .text import render_text

FORMATS = ("docx", "html", "md", "json", "csv", "pdf", "txt")

MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "pdf": "application/pdf",
    "txt": "text/plain; charset=utf-8",
}

_RENDERERS: dict[str, Callable[[Report], bytes]] = {
    "docx": render_docx,
    "html": lambda report: render_html(report).encode("utf-8"),
    "md": lambda report: render_markdown(report).encode("utf-8"),
    "json": lambda report: render_json(report).encode("utf-8"),
    "csv": lambda report: render_csv(report).encode("utf-8"),
    "pdf": render_pdf,
    # tab-separated rows: pastes straight into Excel or WPS 表格
    "txt": lambda report: render_text(report, "tabs").encode("utf-8"),
}


def render(report: Report, fmt: str) -> bytes:
    """The report in `fmt` (one of FORMATS), as the bytes of a file."""
    try:
        renderer = _RENDERERS[fmt]
    except KeyError:
        raise ValueError(f"不支持的输出格式“{fmt}”，可选：{'、'.join(FORMATS)}") from None
    return renderer(report)


__all__ = [
    "FORMATS",
    "MEDIA_TYPES",
    "json_schema",
    "render",
    "render_csv",
    "render_docx",
    "render_html",
    "render_json",
    "render_markdown",
    "render_pdf",
    "render_text",
]
