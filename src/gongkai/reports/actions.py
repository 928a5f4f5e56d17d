"""Every change of an annual report: one durable transaction, the row locked at the version the
user saw, one event.

The path: 草稿 → (送审) 审核中 → … → 待签发 → 已签发 → (报送) 已报送 → 退回 (→ 草稿) | 已接收 →
已发布. Steps of the chain are signed in order, each by a holder of the step's role, never twice
by one person in a round. Filing goes to the supervising office (the agency's parent); its
上级监督 returns the report with comments or accepts it. Once published, nothing changes the
report: a correction is a new revision with a 更正说明, and the old one stays public.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.contrib.auth.models import User

from gongkai.agencies import chains
from gongkai.agencies.models import Agency, Role
from gongkai.agencies.permissions import require_staff
from gongkai.annual_report.editions import Edition, edition_for_year
from gongkai.annual_report.model import Report
from gongkai.annual_report.renderers.json import render_json
from gongkai.applications.selectors import fees_paid
from gongkai.core.actions import STALE_MESSAGE, ActionError, bump, lock_versioned, state_change
from gongkai.core.time import today

from . import checks, publication, selectors
from .archive import import_published_report as import_published_report
from .compose import starter_texts
from .models import (
    EDITABLE,
    SECTION_FIELDS,
    AnnualReport,
    EventKind,
    ReportChain,
    ReportChainStep,
    ReportEvent,
    Status,
)

DEFAULT_STEPS = (("审核", Role.OFFICE_HEAD), ("签发", Role.PRINCIPAL_LEADER))
FIRST_YEAR = 2008  # the first Regulations took effect on 2008-05-01
MAX_SECTION_CHARS = 20_000
MAX_REASON_CHARS = 2_000
PUBLISHED_MESSAGE = "报告已发布，不能再修改；如需更正，请起草更正版本"


# --- the chain -------------------------------------------------------------------------------


def default_steps() -> list[dict[str, str]]:
    return [{"label": label, "role": str(role)} for label, role in DEFAULT_STEPS]


def chain_steps(agency: Agency) -> list[dict[str, str]]:
    """The agency's configured chain, or the default when it has none (or an empty one)."""
    return chains.chain_steps(ReportChainStep, agency) or default_steps()


def install_default_chain(agency: Agency) -> ReportChain:
    """Write the default chain as rows an administrator can then change (idempotent)."""
    chain = chains.install_default_chain(ReportChain, ReportChainStep, agency, default_steps())
    assert isinstance(chain, ReportChain)
    return chain


# --- helpers ---------------------------------------------------------------------------------


def _lock(report: AnnualReport, version: int | None) -> AnnualReport:
    """The row, locked at the version the user saw; a published report refuses every change."""
    row = lock_versioned(AnnualReport, report.pk, version)
    if row.status == Status.PUBLISHED:
        raise ActionError(PUBLISHED_MESSAGE, "conflict")
    return row


def _expect(report: AnnualReport, statuses: tuple[str, ...], step: str) -> None:
    if report.status not in statuses:
        raise ActionError(f"报告当前状态为“{report.get_status_display()}”，不能{step}", "conflict")


def _text(value: str | None, limit: int = MAX_REASON_CHARS) -> str:
    return (value or "").replace("\x00", "").strip()[:limit]


def _required(value: str | None, what: str) -> str:
    text = _text(value)
    if not text:
        raise ActionError(f"请写明{what}")
    return text


def _event(report: AnnualReport, kind: str, user: User, reason: str = "", **data: Any) -> None:
    ReportEvent.objects.create(report=report, kind=kind, actor=user, on=today(), reason=reason, data=data)


def _save(report: AnnualReport) -> None:
    bump(report)
    report.save()


def _recheck(report: AnnualReport) -> Report:
    """Compose the report as it reads now, check it and keep the findings with it. The composed
    report (what is frozen at 签发) carries the explanations of the warnings it still has."""
    composition = selectors.compose(report)
    composed = composition.report
    report.findings = checks.run(composed, composition.previous, composition.problems)
    keys = {f["key"] for f in checks.warnings(report.findings)}
    composed.explanations = {k: v for k, v in composed.explanations.items() if k in keys}
    return composed


def _frozen(composed: Report) -> dict[str, Any]:
    """The report's canonical JSON as stored (amounts kept exact, as text)."""
    data: dict[str, Any] = json.loads(render_json(composed), parse_float=str)
    return data


def _supervisor(user: User, report: AnnualReport) -> None:
    if not selectors.supervises(user, report.agency):
        raise ActionError("只有上级政务公开主管部门的监督人员才能退回或接收报送的报告", "forbidden")


# --- drafting --------------------------------------------------------------------------------


@state_change
def start_report(*, acting_user: User, agency: Agency, year: int) -> AnnualReport:
    """Open the agency's report on `year` (one per agency and year), in the year's edition."""
    require_staff(acting_user, agency)
    if not FIRST_YEAR <= year <= today().year:
        raise ActionError(f"报告年度须在{FIRST_YEAR}年至{today().year}年之间")
    Agency.objects.select_for_update().get(pk=agency.pk)  # two clerks starting it at once: one waits
    if AnnualReport.objects.filter(agency=agency, year=year).exists():
        raise ActionError(f"{agency.name}{year}年度报告已经建立，请打开已有的报告", "conflict")
    edition = edition_for_year(year)
    report = AnnualReport(agency=agency, year=year, edition=str(edition))
    # Each section starts from the template of what it must cover, its figures live fields.
    fees = fees_paid(agency, year) if edition is Edition.E2021 else None
    starters = starter_texts(edition, government=agency.is_government, fees=fees)
    for number, name in enumerate(SECTION_FIELDS, start=1):
        setattr(report, name, starters.get(number, ""))
    _recheck(report)
    report.save()
    _event(report, EventKind.CREATED, acting_user, edition=report.edition)
    return report


@state_change
def save_draft(
    *,
    acting_user: User,
    report: AnnualReport,
    version: int | None,
    sections: dict[str, str],
    explanations: dict[str, str] | None = None,
) -> AnnualReport:
    """Save the sections' text (field name → text) and the explanations of warnings (finding
    key → text; an empty text removes one). Checked again on every save."""
    report = _lock(report, version)
    require_staff(acting_user, report.agency)
    _expect(report, EDITABLE, "修改")
    for name, text in sections.items():
        if name not in SECTION_FIELDS:
            raise ActionError(f"没有这一部分：{name}")
        cleaned = (text or "").replace("\x00", "").replace("\r\n", "\n").strip()
        if len(cleaned) > MAX_SECTION_CHARS:
            raise ActionError(f"每一部分不能超过{MAX_SECTION_CHARS}个字")
        setattr(report, name, cleaned)
    kept = dict(report.explanations)
    for key, text in (explanations or {}).items():
        cleaned = _text(text)
        if cleaned:
            kept[key] = cleaned
        else:
            kept.pop(key, None)
    report.explanations = kept
    report.status = Status.DRAFT
    _recheck(report)
    _save(report)
    _event(
        report,
        EventKind.SAVED,
        acting_user,
        errors=len(checks.errors(report.findings)),
        warnings=len(checks.warnings(report.findings)),
    )
    return report


@state_change
def set_override(
    *, acting_user: User, report: AnnualReport, version: int | None, cell: str, value: str, reason: str
) -> AnnualReport:
    """Replace one counted cell by hand (data from before the platform), with the reason; an
    empty value gives the cell back to the count."""
    report = _lock(report, version)
    require_staff(acting_user, report.agency)
    _expect(report, EDITABLE, "改写单元格")
    edition = selectors.edition_of(report)
    try:
        selectors.cell_kind(edition, cell)
    except (KeyError, ValueError) as exc:
        raise ActionError("没有这个单元格") from exc
    overrides = dict(report.overrides)
    if not (value or "").strip():
        if cell not in overrides:
            raise ActionError("该单元格没有手工改写的数值")
        removed = overrides.pop(cell)
        report.overrides = overrides
        _recheck(report)
        report.status = Status.DRAFT
        _save(report)
        _event(report, EventKind.OVERRIDDEN, acting_user, cell=cell, value=None, removed=removed["value"])
        return report
    try:
        number = selectors.parse_value(edition, cell, value)
    except ValueError as exc:
        raise ActionError(str(exc)) from exc
    why = _required(reason, "手工改写的理由（例如数据来自本系统启用前的台账）")
    counted = selectors.live_tables(report.agency, report.year)
    table, row, column = cell.split(".")
    was = counted.get(table, row, column)
    overrides[cell] = {"value": str(number), "reason": why, "counted": None if was is None else str(was)}
    report.overrides = overrides
    report.status = Status.DRAFT
    _recheck(report)
    _save(report)
    _event(report, EventKind.OVERRIDDEN, acting_user, reason=why, cell=cell, value=str(number))
    return report


@state_change
def submit(*, acting_user: User, report: AnnualReport, version: int | None) -> AnnualReport:
    """Send the draft along the agency's chain; errors and unexplained warnings block it."""
    report = _lock(report, version)
    require_staff(acting_user, report.agency)
    _expect(report, EDITABLE, "送审")
    _recheck(report)
    blocked = checks.blocking_message(report.findings, "送审")
    if blocked:
        raise ActionError(blocked)
    report.steps = chain_steps(report.agency)
    report.review_round += 1
    report.steps_done = 0
    report.status = Status.TO_SIGN if len(report.steps) == 1 else Status.IN_REVIEW
    report.supervisor_comments = ""
    _save(report)
    _event(report, EventKind.SUBMITTED, acting_user, round=report.review_round)
    return report


# --- the chain -------------------------------------------------------------------------------


def _check_signer(report: AnnualReport, user: User, step: int) -> dict[str, str]:
    """The step the user may sign (or send back) now, or ActionError saying why not."""
    held = require_staff(user, report.agency, refusal="您不是本机关的工作人员，不能审签此报告")
    _expect(report, (Status.IN_REVIEW, Status.TO_SIGN), "审签")
    current: dict[str, str] = chains.step_to_sign(
        report.steps, report.steps_done, step, held, verb="审签", done="已完成", signs="办理"
    )
    signed = ReportEvent.objects.filter(
        report=report,
        kind__in=(EventKind.APPROVED, EventKind.SIGNED),
        actor=user,
        data__round=report.review_round,
    )
    if signed.exists():
        raise ActionError("同一人不能在一轮审签中签署两个环节", "forbidden")
    return current


def signable_step(user: User, report: AnnualReport) -> int | None:
    """The step number the user may sign now, or None: what the page offers."""
    if report.status not in (Status.IN_REVIEW, Status.TO_SIGN):
        return None
    try:
        _check_signer(report, user, report.steps_done + 1)
    except ActionError:
        return None
    return report.steps_done + 1


@state_change
def approve(
    *, acting_user: User, report: AnnualReport, version: int | None, step: int, reason: str = ""
) -> AnnualReport:
    """Sign step `step` (1-based). The last step is 签发: the content is frozen as signed."""
    report = _lock(report, version)
    current = _check_signer(report, acting_user, step)
    composed = _recheck(report)
    blocked = checks.blocking_message(report.findings, "审签")
    if blocked:
        raise ActionError(blocked)
    report.steps_done = step
    last = step == len(report.steps)
    if last:
        report.status = Status.SIGNED
        report.content = _frozen(composed)
    else:
        report.status = Status.TO_SIGN if step == len(report.steps) - 1 else Status.IN_REVIEW
    _save(report)
    _event(
        report,
        EventKind.SIGNED if last else EventKind.APPROVED,
        acting_user,
        reason=_text(reason),
        round=report.review_round,
        step=step,
        label=current["label"],
    )
    return report


@state_change
def return_to_drafter(
    *, acting_user: User, report: AnnualReport, version: int | None, step: int, reason: str
) -> AnnualReport:
    """The signer of the current step sends the report back to 草稿; the next submission starts over."""
    report = _lock(report, version)
    current = _check_signer(report, acting_user, step)
    why = _required(reason, "退回理由")
    report.status = Status.DRAFT
    report.steps_done = 0
    _save(report)
    _event(
        report,
        EventKind.RETURNED,
        acting_user,
        reason=why,
        round=report.review_round,
        step=step,
        label=current["label"],
    )
    return report


# --- filing, the supervisor, publication --------------------------------------------------------


@state_change
def file_report(*, acting_user: User, report: AnnualReport, version: int | None) -> AnnualReport:
    """File the signed report with the supervising office (the agency's parent)."""
    report = _lock(report, version)
    require_staff(acting_user, report.agency)
    _expect(report, (Status.SIGNED,), "报送")
    parent = report.agency.parent
    if parent is None:
        raise ActionError("本机关没有登记上级机关，无法报送；请管理员在机关设置中填写上级机关")
    report.status = Status.FILED
    _save(report)
    _event(report, EventKind.FILED, acting_user, to=parent.name)
    return report


@state_change
def return_with_comments(
    *, acting_user: User, report: AnnualReport, version: int | None, comments: str
) -> AnnualReport:
    """The supervisor sends the filed report back with comments; the agency revises it as a draft."""
    report = _lock(report, version)
    _supervisor(acting_user, report)
    _expect(report, (Status.FILED,), "退回")
    why = _required(comments, "退回意见")
    report.status = Status.RETURNED
    report.supervisor_comments = why
    report.content = None
    report.steps_done = 0
    _save(report)
    _event(report, EventKind.SUPERVISOR_RETURNED, acting_user, reason=why)
    return report


@state_change
def accept(*, acting_user: User, report: AnnualReport, version: int | None, reason: str = "") -> AnnualReport:
    report = _lock(report, version)
    _supervisor(acting_user, report)
    _expect(report, (Status.FILED,), "接收")
    report.status = Status.ACCEPTED
    _save(report)
    _event(report, EventKind.ACCEPTED, acting_user, reason=_text(reason))
    return report


def published_digest(content: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON the API serves for the published report (content_sha256);
    the published file's digest, published_sha256, is the PDF's (see publication)."""
    return publication.json_digest(content)


def publish(*, acting_user: User, report: AnnualReport, version: int | None) -> AnnualReport:
    """Publish the accepted report today: the PDF and the DOCX are rendered and published as a
    catalogue item with its 索引号, the date is recorded (the `deadline` rule) and the content
    can never change again.

    The files are typeset before the transaction, once the cheap checks have passed; the
    transaction then checks that the report is still the one rendered."""
    seen = AnnualReport.objects.select_related("agency").get(pk=report.pk)
    if version is not None and seen.version != version:
        raise ActionError(STALE_MESSAGE, "conflict")
    if seen.status == Status.PUBLISHED:
        raise ActionError(PUBLISHED_MESSAGE, "conflict")
    require_staff(acting_user, seen.agency)
    _expect_publishable(seen)
    files = publication.render_files(publication.published_content(seen, today()))
    return _publish(acting_user=acting_user, report=seen, version=seen.version, files=files)


def publishable_from(report: AnnualReport) -> tuple[str, ...]:
    """The states a report is published from: accepted by the supervising office; or, for an
    agency at the top of the platform's tree (its supervisor is not on the platform and receives
    the report outside it), signed."""
    if report.agency.parent_id is None:
        return (Status.ACCEPTED, Status.SIGNED)
    return (Status.ACCEPTED,)


def _expect_publishable(report: AnnualReport) -> None:
    top = report.agency.parent_id is None
    _expect(report, publishable_from(report), "发布（须经签发）" if top else "发布（须经上级接收）")


@state_change
def _publish(
    *, acting_user: User, report: AnnualReport, version: int, files: publication.PublicFiles
) -> AnnualReport:
    report = _lock(report, version)
    require_staff(acting_user, report.agency)
    _expect_publishable(report)
    day: dt.date = today()
    content = publication.published_content(report, day)
    if content != files.content:  # midnight passed while the files were typeset
        raise ActionError("发布日期已变化，请重新发布", "conflict")
    report.content = content
    report.published_on = day
    report.published_sha256 = files.pdf_sha256
    report.content_sha256 = files.content_sha256
    report.findings = checks.run(Report.from_dict(content), selectors.previous_report(report))
    report.catalogue_item = publication.catalogue_entry(acting_user=acting_user, report=report, files=files)
    report.status = Status.PUBLISHED
    _save(report)
    _event(
        report,
        EventKind.PUBLISHED,
        acting_user,
        sha256=report.published_sha256,
        index_number=report.catalogue_item.index_number,
    )
    return report


@state_change
def correct(*, acting_user: User, report: AnnualReport, version: int | None, note: str) -> AnnualReport:
    """Start a correction of a published report: a new revision in 草稿 with the 更正说明. The
    published report is not touched and stays public."""
    old = lock_versioned(AnnualReport, report.pk, version)
    require_staff(acting_user, old.agency)
    if old.status != Status.PUBLISHED:
        raise ActionError("只有已发布的报告才能更正；未发布的请直接修改", "conflict")
    if AnnualReport.objects.filter(supersedes=old).exists():
        raise ActionError("这份报告已有更正版本，请在最新版本上更正", "conflict")
    if (
        AnnualReport.objects.filter(agency=old.agency, year=old.year)
        .exclude(status=Status.PUBLISHED)
        .exists()
    ):
        raise ActionError("本年度已有一份尚未发布的更正版本", "conflict")
    why = _required(note, "更正说明（更正了什么、为什么）")
    new = AnnualReport(
        agency=old.agency,
        year=old.year,
        revision=old.revision + 1,
        edition=old.edition,
        supersedes=old,
        correction_note=why,
        overrides=dict(old.overrides),
        explanations=dict(old.explanations),
        **{name: getattr(old, name) for name in SECTION_FIELDS},
    )
    _recheck(new)
    new.save()
    _event(new, EventKind.CORRECTION, acting_user, reason=why, corrects=old.pk)
    return new
