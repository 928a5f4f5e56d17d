"""Last year's report from the file the agency published before the platform.

The agency uploads it once: the file is read with the importers (text, HTML, DOCX, PDF, JSON,
CSV; a zip container bounded by what it unpacks to, like every upload), refused unless it is a
report of that agency and that year, and kept as a published ``AnnualReport`` marked as imported:
the original file beside the content as read, with the reader's and the checker's findings. From
then on ``selectors.previous_report`` finds it, so next year's cross-year rules (carry-over,
in-force) run against it exactly as it was published.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from django.contrib.auth.models import User
from django.core.files.base import ContentFile

from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import require_staff
from gongkai.annual_report import checker
from gongkai.annual_report.blocks import UnreadableError
from gongkai.annual_report.findings import Code, Finding, Severity
from gongkai.annual_report.importers import MAX_BYTES, load_bytes
from gongkai.annual_report.interpret import ImportResult
from gongkai.annual_report.model import Level as ReportLevel
from gongkai.annual_report.model import Report
from gongkai.annual_report.renderers.json import render_json
from gongkai.archives import ArchiveError, check_archive, format_size
from gongkai.core.actions import ActionError, state_change
from gongkai.core.time import today

from . import checks, selectors
from .models import SECTION_FIELDS, AnnualReport, EventKind, Origin, ReportEvent, Status

MAX_FILENAME_CHARS = 255
UNKNOWN_AGENCY = "（未识别机关）"  # what the importer names a report that does not name itself
# Words an agency's name may carry in one place and not in another (人民政府 / 政府 / 办事处 …).
_NAME_NOISE = re.compile(r"\s+|人民政府|政府|办事处|办公室|机关")


def same_agency(named: str, agency: Agency) -> bool:
    """Whether the name a report gives itself is this agency's: the same name, or one of them
    the other with its place or its 人民政府 left out (徐望镇 / 汉台区徐望镇人民政府)."""
    a, b = _NAME_NOISE.sub("", named), _NAME_NOISE.sub("", agency.name)
    if not a or not b:
        return False
    return a == b or a in b or b in a


def _what(filename: str) -> str:
    return f"文件“{filename}”"


def read_report_file(filename: str, data: bytes) -> ImportResult:
    """The file read as a report; ActionError (invalid) with the reason in Chinese otherwise."""
    what = _what(filename)
    if not data.strip():
        raise ActionError(f"{what}是空的，请选择已发布的年度报告文件")
    if len(data) > MAX_BYTES:
        raise ActionError(f"{what}有{format_size(len(data))}，超过年度报告文件的上限{format_size(MAX_BYTES)}")
    if data[:4] == b"PK\x03\x04":
        try:
            check_archive(data, what)
        except ArchiveError as error:
            raise ActionError(str(error)) from error
    try:
        return load_bytes(data, filename)
    except UnreadableError as error:
        raise ActionError(f"{what}无法作为年度报告读取：{error}") from error
    except (ValueError, KeyError, IndexError, OSError, EOFError) as error:
        # A damaged PDF, DOCX or JSON the reader cannot make sense of.
        raise ActionError(f"{what}已损坏或格式不对，无法读取；请上传机关网站上发布的原文件") from error


def _refuse_other(result: ImportResult, agency: Agency, year: int, filename: str) -> None:
    """ActionError unless the file reads as a report of `agency` on `year`."""
    what = _what(filename)
    report = result.report
    no_year = any(f.code is Code.PERIOD and f.severity is Severity.ERROR for f in result.findings)
    if no_year:
        raise ActionError(f"{what}的标题、统计期限和落款中都没有报告年度，无法确认是{year}年度的报告")
    if report.year != year:
        raise ActionError(f"{what}是{report.year}年度的报告，不是{year}年度的；请上传{year}年度的报告")
    named = report.agency.strip()
    if named and named != UNKNOWN_AGENCY and not same_agency(named, agency):
        raise ActionError(f"{what}是“{named}”的报告，不是{agency.name}的；请上传本机关发布的报告")
    has_tables = any(
        value is not None
        for rows in report.tables.values()
        for cols in rows.values()
        for value in cols.values()
    )
    has_text = any(section.text.strip() for section in report.sections)
    if not has_tables and not has_text:
        raise ActionError(f"{what}中既没有年度报告的统计表格，也没有各部分的正文，不能作为年度报告导入")


def _stored_findings(result: ImportResult, report: Report, previous: Report | None) -> list[dict[str, Any]]:
    """What the reader noticed in the file, then what the checker finds in it, each once."""
    found: list[dict[str, Any]] = []
    seen: set[str] = set()
    read: list[Finding] = list(result.findings)
    for finding in [*read, *checker.check(report, previous)]:
        key = checks.finding_key(finding)
        entry = finding.to_dict() | {"key": key}
        marker = f"{key}|{finding.message}"
        if marker in seen:
            continue
        seen.add(marker)
        found.append(entry)
    return found


@state_change
def import_published_report(
    *, acting_user: User, agency: Agency, year: int, filename: str, data: bytes
) -> AnnualReport:
    """Keep `agency`'s report on `year`, published before the platform, from its file.

    Refused (nothing saved) when the user is not the agency's staff, the year is not a past one,
    the agency already has a report on that year, or the file is not that agency's report on that
    year (too large, damaged, not a report, another year, another agency)."""
    require_staff(acting_user, agency, refusal="您不是本机关的工作人员，不能为本机关导入年度报告")
    if not 2008 <= year < today().year:
        raise ActionError(f"只能导入{today().year - 1}年度及以前已发布的报告（2008年起）")
    filename = (filename or "").replace("\x00", "").strip()[-MAX_FILENAME_CHARS:] or "报告"
    result = read_report_file(filename, data)
    _refuse_other(result, agency, year, filename)
    Agency.objects.select_for_update().get(pk=agency.pk)  # two uploads at once: one waits, then is told
    existing = AnnualReport.objects.filter(agency=agency, year=year).order_by("revision").first()
    if existing is not None:
        how = "已导入" if existing.origin == Origin.IMPORTED else "已在本系统建立"
        raise ActionError(f"{agency.name}{year}年度报告{how}，不能再导入", "conflict")

    imported = result.report
    if not imported.agency.strip() or imported.agency == UNKNOWN_AGENCY:
        imported.agency = agency.name
    # What the file cannot say but the platform knows: the agency's kind (and so its deadline).
    imported.own_level_report = selectors.own_level_report(agency)
    imported.government = agency.is_government if imported.government is None else imported.government
    imported.level = imported.level or ReportLevel(agency.level)
    sections = {s.number: s.text for s in imported.sections}
    report = AnnualReport(
        agency=agency,
        year=year,
        edition=str(imported.edition),
        status=Status.PUBLISHED,
        origin=Origin.IMPORTED,
        source_filename=filename,
        published_on=imported.published,
        published_sha256=hashlib.sha256(data).hexdigest(),
        content=_frozen(imported),
        **{name: sections.get(n, "") for n, name in enumerate(SECTION_FIELDS, start=1)},
    )
    previous = selectors.previous_report(report)
    report.findings = _stored_findings(result, imported, previous)
    report.source_file.save(filename, ContentFile(data), save=False)
    try:
        report.save()
        ReportEvent.objects.create(
            report=report,
            kind=EventKind.IMPORTED,
            actor=acting_user,
            on=today(),
            data={"filename": filename, "sha256": report.published_sha256, "findings": len(report.findings)},
        )
    except BaseException:
        report.source_file.delete(save=False)  # the transaction rolls back: no file left behind
        raise
    return report


def _frozen(report: Report) -> dict[str, Any]:
    """The canonical JSON as stored (amounts exact, as text), as actions does at 签发."""
    data: dict[str, Any] = json.loads(render_json(report), parse_float=str)
    return data
