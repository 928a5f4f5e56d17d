"""待登记: the online applications an agency registers only after its office confirms them.

The page of one submission shows what was sent and offers two actions (core.pages): 确认登记
(received today, Art. 31: numbered, the clock started; the case then waits in 新收到) and 不予登记
with the reason. Only the agency's own staff see a submission; anyone else gets a 404 for any id.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.agencies.selectors import acting_agencies, roles_in
from gongkai.core.pages import ActionSpec, run_action, signed_in

from .. import actions
from ..forms.work import STALE_FORM
from ..models import ApplicantKind, DeliveryForm, DeliveryMethod, IdKind, Submission, SubmissionStatus


class SubmissionForm(forms.Form):
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={"required": STALE_FORM, "invalid": STALE_FORM, "min_value": STALE_FORM},
    )

    def __init__(self, *args: Any, submission: Submission, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = submission.version


class ConfirmForm(SubmissionForm):
    pass


class DeclineForm(SubmissionForm):
    reason = forms.CharField(
        label="不予登记的理由",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text="申请人将在网上查询中看到（选择邮件通知的，同时以邮件告知），如：属于信访、投诉、举报事项，"
        "不是政府信息公开申请，请通过信访渠道反映",
        error_messages={"required": "请写明不予登记的理由"},
    )


def _confirm(user: User, sub: Submission, d: dict[str, Any], version: int | None) -> str:
    case = actions.confirm_registration(acting_user=user, submission=sub, version=version)
    due = (case.due_on.isoformat() if case.due_on else "") + ("（暂定）" if case.due_provisional else "")
    return f"已确认登记，登记号 {case.number}，收到申请之日 {case.received_on.isoformat()}，答复期限 {due}"


def _decline(user: User, sub: Submission, d: dict[str, Any], version: int | None) -> str:
    actions.decline_registration(acting_user=user, submission=sub, reason=d["reason"], version=version)
    return "已不予登记，申请人可在网上查询中看到理由"


def _pending(page: Submission) -> bool:
    return page.status == SubmissionStatus.PENDING


ACTIONS: dict[str, ActionSpec[Submission]] = {
    spec.name: spec
    for spec in (
        ActionSpec[Submission](
            name="confirm",
            title="确认登记",
            form=ConfirmForm,
            perform=_confirm,
            roles=actions.OFFICE_ROLES,
            shown=_pending,
            button="确认登记",
            help="以今天为收到申请之日（《条例》第三十一条），编登记号并起算答复期限；登记后申请列入“新收到”，"
            "选择邮件通知的申请人收到申请回执。",
        ),
        ActionSpec[Submission](
            name="decline",
            title="不予登记",
            form=DeclineForm,
            perform=_decline,
            roles=actions.OFFICE_ROLES,
            shown=_pending,
            button="不予登记",
            help="提交的内容不是政府信息公开申请（如信访、投诉、举报）的，不予登记，不计入年度报告。",
            error_field="reason",
        ),
    )
}


def _submission(request: HttpRequest, pk: int) -> Submission:
    """The submission if it is one of the user's own agencies: 404 otherwise, whatever the id."""
    user = signed_in(request)
    return get_object_or_404(
        Submission.objects.select_related("agency", "application", "decided_by"),
        pk=pk,
        agency__in=acting_agencies(user),
    )


def _label(choices: type[Any], value: object) -> str:
    return str(dict(choices.choices).get(value, value or ""))


def _facts(sub: Submission) -> list[tuple[str, str]]:
    d = sub.data
    return [
        ("受理机关", sub.agency.name),
        ("提交时间", f"{timezone.localtime(sub.submitted_at):%Y-%m-%d %H:%M}"),
        ("申请人类型", _label(ApplicantKind, d.get("applicant_kind"))),
        ("申请人姓名或名称", sub.field("applicant_name")),
        ("证件", f"{_label(IdKind, d.get('id_kind'))} {sub.field('id_number')}".strip()),
        ("联系人", sub.field("contact_person")),
        ("联系电话", sub.field("phone")),
        ("电子邮箱", sub.field("email") + ("（选择邮件通知）" if sub.notify_by_email else "")),
        ("通信地址", sub.field("address")),
        ("所需政府信息", sub.field("description")),
        ("载体形式", _label(DeliveryForm, d.get("form_wanted"))),
        ("获取方式", _label(DeliveryMethod, d.get("delivery"))),
    ]


def _page(
    request: HttpRequest,
    sub: Submission,
    *,
    bound: tuple[ActionSpec[Submission], forms.Form] | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    user = signed_in(request)
    roles = roles_in(user, sub.agency)
    forms_shown = []
    for spec in ACTIONS.values():
        if not spec.offered_to(roles) or not spec.shown(sub):
            continue
        is_bound = bound is not None and bound[0].name == spec.name
        form = (
            bound[1]
            if bound is not None and is_bound
            else cast(type[SubmissionForm], spec.form)(submission=sub, auto_id=spec.auto_id)
        )
        forms_shown.append(
            {
                "spec": spec,
                "form": form,
                "open": is_bound,
                "url": reverse("work:submission_action", args=[sub.pk, spec.name]),
            }
        )
    context = {
        "submission": sub,
        "facts": [(k, v) for k, v in _facts(sub) if v],
        "action_forms": forms_shown,
        "error": error,
        "active": "index",
    }
    return render(request, "applications/registration/submission.html", context, status=status)


@login_required
def submission(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _submission(request, pk))


@login_required
@require_POST
def submission_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404("没有这项操作")
    sub = _submission(request, pk)
    form = cast(type[SubmissionForm], spec.form)(request.POST, submission=sub, auto_id=spec.auto_id)

    def rerender(bound: forms.Form, error: str, status: int) -> HttpResponse:
        sub.refresh_from_db()
        return _page(request, sub, bound=(spec, bound), error=error, status=status)

    done = reverse("work:submission", args=[sub.pk])
    return run_action(request, spec, sub, form, rerender=rerender, done=done)
