"""The forms of the case page, as the platform's action specs (gongkai.core.pages): each names its
action, its form, and when it is offered (CasePage holds what decides that).

A form is offered when the case's state allows it (a convenience for the clerk); whether it may
be done is decided again by the action itself, which raises ActionError otherwise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User

from gongkai.agencies.models import Role
from gongkai.core.names import person_name
from gongkai.core.pages import ActionSpec, Perform

from .. import actions
from ..articles import default_articles
from ..forms import work as work_forms
from ..forms.work import CaseForm
from ..models import OPEN_STATUSES, Application, EventKind, Status


def iso_date(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


@dataclass
class CasePage:
    """What decides which forms show: the case (with its related rows loaded) and the user's roles."""

    application: Application
    roles: set[str]
    today: dt.date

    @property
    def status(self) -> str:
        return self.application.status

    def in_status(self, *statuses: str) -> bool:
        return self.status in statuses

    @property
    def correction_requested(self) -> bool:
        return any(e.kind == EventKind.CORRECTION_REQUESTED for e in self.application.events.all())

    @property
    def open_consultations(self) -> bool:
        return any(not c.answered_on and not c.lapsed for c in self.application.consultations.all())

    @property
    def approval_waits_for(self) -> str | None:
        return actions.pending_approval(self.application)

    @property
    def open_appeals(self) -> bool:
        return any(a.concluded_on is None for a in self.application.appeals.all())


def _request_correction(user: User, app: Application, d: dict[str, Any], version: int | None) -> str:
    actions.request_correction(acting_user=user, application=app, on=d["on"], what=d["what"], version=version)
    return "已登记告知补正，等待申请人补正"


def _record_correction(user: User, app: Application, d: dict[str, Any], version: int | None) -> str:
    case = actions.record_correction(
        acting_user=user, application=app, on=d["on"], text=d["text"], version=version
    )
    return f"已登记收到补正，答复期限重新计算为 {iso_date(case.due_on)}"


def _assign(user: User, app: Application, d: dict[str, Any], version: int | None) -> str:
    actions.assign(acting_user=user, application=app, assignee=d["assignee"], version=version)
    return f"已分派给 {person_name(d['assignee'])} 承办"


def _start_consultation(user: User, app: Application, d: dict[str, Any], version: int | None) -> str:
    consultation = actions.start_consultation(
        acting_user=user,
        application=app,
        party_kind=d["party_kind"],
        party_name=d["party_name"],
        sent_on=d["sent_on"],
        version=version,
    )
    return f"已登记征求意见，对方应于 {iso_date(consultation.due_on)} 前答复"


def _consultation_answer(user: User, app: Application, d: dict[str, Any], version: int | None) -> str:
    lapsed = d["result"] == work_forms.ConsultationAnswerForm.LAPSED
    actions.record_consultation_answer(
        acting_user=user,
        consultation=d["consultation"],
        answered_on=None if lapsed else d["answered_on"],
        answer=d["answer"],
        version=version,
    )
    return "已登记征求意见期满未答复" if lapsed else "已登记收到意见"


def _extend(user: User, app: Application, d: dict[str, Any], version: int | None) -> str:
    case = actions.extend_deadline(
        acting_user=user, application=app, reason=d["reason"], on=d["on"], version=version
    )
    return f"已延长答复期限至 {iso_date(case.due_on)}，请告知申请人"


def _fee_notice(user: User, app: Application, d: dict[str, Any], version: int | None) -> str:
    notice = actions.issue_fee_notice(
        acting_user=user,
        application=app,
        basis=d["basis"],
        quantity=d["quantity"],
        notified_on=d["notified_on"],
        version=version,
    )
    return f"已发出收费通知，金额 {notice.amount:,} 元，缴费期限 {iso_date(notice.due_on)}"


def _fee_payment(user: User, app: Application, d: dict[str, Any], version: int | None) -> str:
    actions.record_fee_payment(acting_user=user, application=app, paid_on=d["paid_on"], version=version)
    return "已登记缴费"


def _abandon(user: User, app: Application, d: dict[str, Any], version: int | None) -> str:
    case = actions.abandon(acting_user=user, application=app, on=d["on"], version=version)
    return f"已登记为视为放弃申请（{case.get_outcome_display()}）"


def _decide(user: User, app: Application, d: dict[str, Any], version: int | None) -> str:
    case = actions.decide(
        acting_user=user,
        application=app,
        outcome=d["outcome"],
        articles=d["articles"],
        legal_basis=d["legal_basis"],
        decision_text=d["decision_text"],
        on=d["on"],
        version=version,
    )
    return f"已作出决定：{case.get_outcome_display()}"


def _correct_decision(user: User, app: Application, d: dict[str, Any], version: int | None) -> str:
    case = actions.correct_decision(
        acting_user=user,
        application=app,
        outcome=d["outcome"],
        articles=d["articles"] or list(default_articles(d["outcome"])),
        legal_basis=d["legal_basis"],
        decision_text=d["decision_text"],
        reason=d["reason"],
        version=version,
    )
    return f"已更正决定：{case.get_outcome_display()}"


def _approve_reply(user: User, app: Application, d: dict[str, Any], version: int | None) -> str:
    actions.approve_reply(acting_user=user, application=app, note=d["note"], version=version)
    waiting = actions.pending_approval(Application.objects.get(pk=app.pk))
    return f"已审批，待{Role(waiting).label}审批" if waiting else "已审批，可以出具答复"


def _reply(user: User, app: Application, d: dict[str, Any], version: int | None) -> str:
    actions.reply(acting_user=user, application=app, on=d["on"], version=version)
    return "已出具答复"


def _serve(user: User, app: Application, d: dict[str, Any], version: int | None) -> str:
    actions.mark_served(acting_user=user, application=app, on=d["on"], how=d["how"], version=version)
    return "已登记送达"


def _close(user: User, app: Application, d: dict[str, Any], version: int | None) -> str:
    actions.close(acting_user=user, application=app, version=version)
    return "已办结"


def _withdraw(user: User, app: Application, d: dict[str, Any], version: int | None) -> str:
    actions.withdraw(acting_user=user, application=app, on=d["on"], reason=d["reason"], version=version)
    return "已登记申请人撤回申请"


def _file_appeal(user: User, app: Application, d: dict[str, Any], version: int | None) -> str:
    actions.file_appeal(
        acting_user=user,
        application=app,
        kind=d["kind"],
        body=d["body"],
        filed_on=d["filed_on"],
        version=version,
    )
    return "已登记行政复议或行政诉讼"


def _conclude_appeal(user: User, app: Application, d: dict[str, Any], version: int | None) -> str:
    actions.conclude_appeal(
        acting_user=user,
        appeal=d["appeal"],
        outcome=d["outcome"],
        concluded_on=d["concluded_on"],
        note=d["note"],
        version=version,
    )
    return "已登记复议或诉讼结果"


_DECIDABLE = (Status.REGISTERED, Status.IN_PROGRESS)


def _spec(
    name: str,
    title: str,
    button: str,
    form: type[CaseForm],
    perform: Perform[Application],
    shown: Callable[[CasePage], bool],
    help: str = "",
) -> ActionSpec[Application]:
    """A form of the case page; any member of the agency's staff is offered it when `shown` says
    the case's state allows it (the extension's and the approval's roles are in `shown`)."""
    return ActionSpec(
        name=name,
        title=title,
        form=form,
        perform=perform,
        shown=shown,
        button=button,
        help=help,
        stale=work_forms.STALE_FORM,
    )


CASE_ACTIONS: dict[str, ActionSpec[Application]] = {
    a.name: a
    for a in (
        _spec(
            "request-correction",
            "告知补正",
            "登记告知补正",
            work_forms.RequestCorrectionForm,
            _request_correction,
            lambda p: p.in_status(*_DECIDABLE) and not p.correction_requested,
            "申请内容不明确的，应自收到申请之日起7个工作日内一次性告知申请人补正（《条例》第三十条）。",
        ),
        _spec(
            "record-correction",
            "收到补正",
            "登记收到补正",
            work_forms.RecordCorrectionForm,
            _record_correction,
            lambda p: p.in_status(Status.AWAITING_CORRECTION),
        ),
        _spec(
            "assign",
            "分派承办人",
            "分派",
            work_forms.AssignForm,
            _assign,
            lambda p: p.in_status(*_DECIDABLE),
        ),
        _spec(
            "start-consultation",
            "征求意见",
            "登记征求意见",
            work_forms.StartConsultationForm,
            _start_consultation,
            lambda p: p.in_status(*_DECIDABLE, Status.CONSULTING),
            "征求意见所需时间不计算在答复期限内；第三方或其他机关应在15个工作日内提出意见（《条例》第三十二条、第三十四条）。",
        ),
        _spec(
            "consultation-answer",
            "征求意见结果",
            "登记结果",
            work_forms.ConsultationAnswerForm,
            _consultation_answer,
            lambda p: p.open_consultations,
            "其他机关逾期未提出意见的视为同意；第三方逾期未提出意见的，由本机关依法决定。",
        ),
        _spec(
            "extend",
            "延长答复期限",
            "延长20个工作日",
            work_forms.ExtendForm,
            _extend,
            lambda p: (
                p.in_status(*OPEN_STATUSES) and not p.application.extended and Role.OFFICE_HEAD in p.roles
            ),
            "须经政府信息公开工作机构负责人同意并告知申请人，只能延长一次（《条例》第三十三条）。",
        ),
        _spec(
            "fee-notice",
            "收取信息处理费",
            "发出收费通知",
            work_forms.FeeNoticeForm,
            _fee_notice,
            lambda p: p.in_status(*_DECIDABLE),
            "按件或按量计收，只能选择一种（国办函〔2020〕109号）。先点“试算金额”查看应收金额。",
        ),
        _spec(
            "fee-payment",
            "缴费",
            "登记缴费",
            work_forms.FeePaymentForm,
            _fee_payment,
            lambda p: p.in_status(Status.AWAITING_FEE),
        ),
        _spec(
            "abandon",
            "视为放弃申请",
            "登记为视为放弃",
            work_forms.AbandonForm,
            _abandon,
            lambda p: p.in_status(Status.AWAITING_CORRECTION, Status.AWAITING_FEE),
            "申请人无正当理由逾期不补正或逾期未缴费的，视为放弃申请，计入“其他处理”。",
        ),
        _spec(
            "decide",
            "作出决定",
            "作出决定",
            work_forms.DecideForm,
            _decide,
            lambda p: p.in_status(*_DECIDABLE),
            "办理结果即年度报告表三中的行次。",
        ),
        _spec(
            "correct-decision",
            "更正决定",
            "更正决定",
            work_forms.CorrectDecisionForm,
            _correct_decision,
            lambda p: p.in_status(Status.DECIDED, Status.REPLIED),
            "答复书送达前可以更正决定（办理结果、条款、理由），更正原因记入办理记录；送达后不能更正。",
        ),
        _spec(
            "approve-reply",
            "审批答复",
            "同意出具",
            work_forms.ApproveReplyForm,
            _approve_reply,
            lambda p: p.in_status(Status.DECIDED) and p.approval_waits_for in p.roles,
            "本机关的答复书须先经公开办负责人、再经分管领导审批。请先下载答复书核对。",
        ),
        _spec(
            "reply",
            "出具答复",
            "出具答复",
            work_forms.ReplyForm,
            _reply,
            lambda p: p.in_status(Status.DECIDED) and p.approval_waits_for is None,
        ),
        _spec(
            "serve", "送达", "登记送达", work_forms.ServeForm, _serve, lambda p: p.in_status(Status.REPLIED)
        ),
        _spec("close", "办结", "办结", work_forms.CloseForm, _close, lambda p: p.in_status(Status.SERVED)),
        _spec(
            "withdraw",
            "申请人撤回申请",
            "登记撤回",
            work_forms.WithdrawForm,
            _withdraw,
            lambda p: p.in_status(*OPEN_STATUSES),
            "作出决定前申请人撤回的，计入“其他处理”。",
        ),
        _spec(
            "file-appeal",
            "行政复议、行政诉讼",
            "登记复议或诉讼",
            work_forms.FileAppealForm,
            _file_appeal,
            lambda p: p.application.concluded_on is not None,
        ),
        _spec(
            "conclude-appeal",
            "复议或诉讼结果",
            "登记结果",
            work_forms.ConcludeAppealForm,
            _conclude_appeal,
            lambda p: p.open_appeals,
        ),
    )
}
