"""A published report's public record: the PDF and the DOCX of the frozen content, and the
catalogue item (主动公开, with its 索引号) that carries them, so that the portal lists it and its
search finds it.

The files are rendered before the publishing transaction takes any lock (typesetting a PDF takes
a moment); ``actions.publish`` then checks, under the lock, that the content is still the one
rendered. The report's chain is the item's sign-off: the catalogue publishes it at once
(``catalogue.actions.publish_signed_elsewhere``), inside the report's own transaction.

A correction is a new revision and gets a new item with its 更正说明; the old item stays public.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User

from gongkai.annual_report.editions import SECTION_NUMERALS
from gongkai.annual_report.model import Report
from gongkai.annual_report.renderers.docx import render_docx
from gongkai.annual_report.renderers.json import render_json
from gongkai.annual_report.renderers.pdf import render_pdf
from gongkai.catalogue import actions as catalogue_actions
from gongkai.catalogue.models import CatalogueItem, Genre, Topic

from .models import AnnualReport, EventKind

# The national class of the 公开目录 that holds an agency's annual report on its disclosure work.
TOPIC = Topic.GENERAL
GENRE = Genre.REPORT
LEGAL_GROUND = (
    "《中华人民共和国政府信息公开条例》第四十九条、第五十条：政府信息公开工作年度报告应当向社会公布"
)
PDF_TYPE = "application/pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class PublicFiles:
    """The report as published: the canonical JSON it was rendered from and the two files."""

    content: dict[str, Any]
    pdf: bytes
    docx: bytes

    @property
    def pdf_sha256(self) -> str:
        return hashlib.sha256(self.pdf).hexdigest()

    @property
    def content_sha256(self) -> str:
        return json_digest(self.content)


def published_content(report: AnnualReport, day: dt.date) -> dict[str, Any]:
    """The frozen content with its publication date, exactly what is rendered and served."""
    assert report.content is not None  # frozen at 签发, kept while filed and accepted
    return dict(report.content) | {"published": day.isoformat()}


def json_digest(content: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON (render_json), the bytes the API serves for a published report."""
    return hashlib.sha256(render_json(Report.from_dict(content)).encode()).hexdigest()


def render_files(content: dict[str, Any]) -> PublicFiles:
    report = Report.from_dict(content)
    return PublicFiles(content=content, pdf=render_pdf(report), docx=render_docx(report))


def file_name(report: AnnualReport, suffix: str) -> str:
    """The name a download gets: the report's title (with 更正N), then .pdf or .docx."""
    return f"{report}.{suffix}"


def _signed_on(report: AnnualReport, default: dt.date) -> dt.date:
    """成文日期: the day of 签发 (the last signature of the last round)."""
    signed = report.events.filter(kind=EventKind.SIGNED).order_by("-at").values_list("on", flat=True).first()
    return signed or default


def _signed_by(report: AnnualReport) -> str:
    steps = "、".join(step["label"] for step in report.steps) or "签发"
    return f"年度报告审签（{steps}，第{report.review_round}轮），上级政务公开主管部门已接收"


def _correction_note(report: AnnualReport) -> str:
    old = report.supersedes
    if old is None:
        return ""
    index = f"，索引号 {old.catalogue_item.index_number}" if old.catalogue_item is not None else ""
    published = f"{old.published_on:%Y-%m-%d}" if old.published_on else ""
    return f"本报告更正{published}发布的报告{index}，原报告继续公开。更正说明：{report.correction_note}"


def catalogue_entry(*, acting_user: User, report: AnnualReport, files: PublicFiles) -> CatalogueItem:
    """Publish the report's catalogue item with the two files (inside the report's transaction)."""
    on = dt.date.fromisoformat(files.content["published"])
    composed = Report.from_dict(files.content)
    titles = composed.definition.section_titles
    body = "\n\n".join(
        f"{SECTION_NUMERALS[number - 1]}、{titles[number - 1]}\n{found.text}"
        for number in range(1, len(titles) + 1)
        if (found := composed.section(number)) and found.text
    )
    return catalogue_actions.publish_signed_elsewhere(
        acting_user=acting_user,
        agency=report.agency,
        title=str(report),
        topic=TOPIC,
        genre=GENRE,
        written_on=_signed_on(report, on),
        summary=(
            f"{report.agency.name}{report.year}年度政府信息公开工作情况，"
            "含主动公开、依申请公开、行政复议和行政诉讼情况统计表。"
        ),
        body=body,
        keywords=f"政府信息公开工作年度报告 年度报告 {report.year}年",
        files=[(file_name(report, "pdf"), files.pdf), (file_name(report, "docx"), files.docx)],
        signed_by=_signed_by(report),
        legal_ground_text=LEGAL_GROUND,
        correction_note=_correction_note(report),
    )
