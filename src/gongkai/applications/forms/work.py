"""The clerk's forms: counter intake, the actions on a case page, list filters, the tables query.

Each case form carries the case's `version` as a hidden field; the view hands it to the action,
which refuses a form filled in on a copy someone else has since changed. The forms only check
what a form can know (a date is a date, a required box is filled); every rule of the Regulations
is the action's to enforce, so the message a clerk sees comes from one place.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.db.models import QuerySet

from gongkai.agencies.models import Agency, Role
from gongkai.clock import ClockError, FeeBasis, receipt_date
from gongkai.core.fields import date_field, year_field

from ..articles import ARTICLES, article_label, article_order, default_articles
from ..identity import normalize_id_number
from ..models import (
    DECIDED_OUTCOMES,
    Appeal,
    AppealKind,
    AppealOutcome,
    ApplicantKind,
    Application,
    Channel,
    Consultation,
    ConsultedParty,
    DeliveryForm,
    DeliveryMethod,
    Status,
)
from . import clean_identity, id_kind_field

STALE_FORM = "表单已过期，请刷新页面查看最新情况后再操作"


def text_field(
    label: str, *, required: bool = True, long: bool = False, help_text: str = ""
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 3}) if long else forms.TextInput(),
        error_messages={"required": f"请填写{label}"},
    )


def choice_field(label: str, choices: Any, *, widget: type[forms.Widget] = forms.Select) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=widget,
        error_messages={"required": f"请选择{label}", "invalid_choice": f"请从列表中选择{label}"},
    )


# --- the case page -----------------------------------------------------------------------------


class CaseForm(forms.Form):
    """A form on the case page: bound to one case, posting the version it was filled in on."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={"required": STALE_FORM, "invalid": STALE_FORM, "min_value": STALE_FORM},
    )

    def __init__(self, *args: Any, application: Application, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.application = application
        self.fields["version"].initial = application.version
        for field in self.fields.values():
            if isinstance(field, forms.DateField) and field.required:
                field.initial = today


class RequestCorrectionForm(CaseForm):
    what = text_field(
        "需要补正的事项", long=True, help_text="一次性写明申请人需要补正的全部内容和合理的补正期限"
    )
    on = date_field("告知补正日期")


class RecordCorrectionForm(CaseForm):
    on = date_field("收到补正之日", help_text="答复期限自该日起重新计算")
    text = text_field("补正内容", required=False, long=True)


class StaffChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


class ConsultationChoiceField(forms.ModelChoiceField[Consultation]):
    def label_from_instance(self, obj: Consultation) -> str:
        return f"{obj.party_name}（{obj.sent_on.isoformat()}发出，{obj.due_on.isoformat()}到期）"


class AppealChoiceField(forms.ModelChoiceField[Appeal]):
    def label_from_instance(self, obj: Appeal) -> str:
        return f"{obj.get_kind_display()}：{obj.body}（{obj.filed_on.isoformat()}）"


class AssignForm(CaseForm):
    assignee = StaffChoiceField(
        label="承办人",
        queryset=User.objects.none(),
        empty_label="请选择",
        error_messages={"required": "请选择承办人", "invalid_choice": "承办人必须是本机关工作人员"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        staff = [role for role in Role.values if role != Role.SUPERVISOR]
        field = self.fields["assignee"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            User.objects.filter(
                memberships__agency=self.application.agency_id, memberships__role__in=staff, is_active=True
            )
            .distinct()
            .order_by("username")
        )


class StartConsultationForm(CaseForm):
    party_kind = choice_field("被征求意见方", ConsultedParty.choices, widget=forms.RadioSelect)
    party_name = text_field("名称", help_text="第三方的姓名或名称，或其他机关的名称")
    sent_on = date_field("发出征求意见之日")


class ConsultationAnswerForm(CaseForm):
    ANSWERED, LAPSED = "answered", "lapsed"

    consultation = ConsultationChoiceField(
        label="征求意见",
        queryset=Consultation.objects.none(),
        empty_label=None,
        error_messages={"required": "请选择征求意见", "invalid_choice": "该征求意见已有结果或不属于本申请"},
    )
    result = choice_field(
        "结果",
        [(ANSWERED, "已答复"), (LAPSED, "15个工作日期满未答复")],
        widget=forms.RadioSelect,
    )
    answered_on = date_field("收到意见之日", required=False, help_text="期满未答复的无需填写")
    answer = text_field("意见", required=False, long=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["consultation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = self.application.consultations.filter(answered_on__isnull=True, lapsed=False)

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        answered = data.get("result") == self.ANSWERED
        if answered and not data.get("answered_on") and "answered_on" not in self.errors:
            self.add_error("answered_on", "已答复的，请填写收到意见之日")
        return data


class ExtendForm(CaseForm):
    reason = text_field("延长理由", long=True, help_text="延长答复期限不超过20个工作日，须告知申请人")
    on = date_field("批准日期")


class FeeNoticeForm(CaseForm):
    basis = choice_field(
        "计费方式",
        [(FeeBasis.BY_COUNT.value, "按件计收"), (FeeBasis.BY_PAGES.value, "按量计收")],
        widget=forms.RadioSelect,
    )
    quantity = forms.IntegerField(
        label="件数或页数",
        min_value=1,
        help_text="按件：本件是该申请人本自然月内的第几件申请；按量：本件申请的页数",
        error_messages={
            "required": "请填写件数或页数",
            "invalid": "件数或页数应为正整数",
            "min_value": "件数或页数应为正整数",
        },
    )
    notified_on = date_field("收费通知日期")


class FeePaymentForm(CaseForm):
    paid_on = date_field("缴费日期")


class AbandonForm(CaseForm):
    on = date_field("视为放弃之日", help_text="补正或缴费期限届满后，申请人无正当理由未补正或未缴费")


def outcome_choices() -> list[tuple[str, Any]]:
    """The decided outcomes grouped as the rows of table 三."""
    groups: dict[str, list[tuple[str, str]]] = {}
    singles: list[tuple[str, str]] = []
    heads = {"不予公开": "（三）不予公开", "无法提供": "（四）无法提供", "不予处理": "（五）不予处理"}
    for outcome in DECIDED_OUTCOMES:
        group, _, detail = str(outcome.label).partition("：")
        if detail:
            rows = groups.setdefault(heads[group], [])
            # The group repeats in the option: a closed select shows the option alone.
            rows.append((outcome.value, f"{group}：{len(rows) + 1}.{detail}"))
        else:
            numeral = "（一）" if not singles else "（二）"
            singles.append((outcome.value, f"{numeral}{group}"))
    return [("", "请选择办理结果"), *singles, *groups.items()]


def article_field() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label="法律依据（《条例》条款）",
        required=False,
        choices=[(code, article_label(code)) for code in sorted(ARTICLES, key=article_order)],
        widget=forms.CheckboxSelectMultiple,
        help_text="只能选择与办理结果相符的条款；不选的，按该办理结果通常依据的条款（如国家秘密：第十四条、第三十六条第（三）项）",
        error_messages={"invalid_choice": "请从列表中选择《条例》条款"},
    )


class DecideForm(CaseForm):
    outcome = choice_field("办理结果", outcome_choices())
    articles = article_field()
    legal_basis = text_field(
        "理由",
        required=False,
        long=True,
        help_text="除予以公开外必须填写：写明事实和理由（如“该批复已于2024年5月定为秘密级国家秘密”），"
        "不写条款、不写“经审查”，答复书会自动引用所选条款",
    )
    decision_text = text_field(
        "补充说明",
        required=False,
        long=True,
        help_text="可选，在答复书中单独成段，如已公开信息的获取途径、提供方式的说明",
    )
    on = date_field("决定日期")


class CorrectDecisionForm(CaseForm):
    outcome = choice_field("办理结果", outcome_choices())
    articles = article_field()
    legal_basis = text_field("理由", required=False, long=True)
    decision_text = text_field("补充说明", required=False, long=True)
    reason = text_field("更正原因", long=True, help_text="记入办理记录，如“误选办理结果”“理由表述有误”")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        app = self.application
        self.fields["outcome"].initial = app.outcome
        self.fields["articles"].initial = app.articles or list(default_articles(app.outcome))
        self.fields["legal_basis"].initial = app.legal_basis
        self.fields["decision_text"].initial = app.decision_text


class ApproveReplyForm(CaseForm):
    note = text_field("审批意见", required=False, long=True, help_text="可选，如“同意”")


class ReplyForm(CaseForm):
    on = date_field("答复日期")


SERVICE_METHODS = [
    ("当面送达，申请人签收", "当面送达（以签收之日为准）"),
    ("邮寄送达", "邮寄送达（以交邮之日为准）"),
    ("电子邮件送达", "电子邮件送达"),
    ("网上送达", "网上平台送达"),
]


class ServeForm(CaseForm):
    on = date_field("送达日期", help_text="当面送达的为签收之日，邮寄送达的为交邮之日")
    how = choice_field("送达方式", SERVICE_METHODS)


class CloseForm(CaseForm):
    pass


class WithdrawForm(CaseForm):
    on = date_field("撤回日期")
    reason = text_field("撤回理由或申请人的说明", required=False, long=True)


class FileAppealForm(CaseForm):
    kind = choice_field("类型", AppealKind.choices)
    body = text_field("复议机关或人民法院")
    filed_on = date_field("申请复议或起诉日期")


class ConcludeAppealForm(CaseForm):
    appeal = AppealChoiceField(
        label="复议或诉讼",
        queryset=Appeal.objects.none(),
        empty_label=None,
        error_messages={
            "required": "请选择复议或诉讼",
            "invalid_choice": "该复议或诉讼已登记结果或不属于本申请",
        },
    )
    outcome = choice_field("结果", AppealOutcome.choices, widget=forms.RadioSelect)
    concluded_on = date_field("审结日期")
    note = text_field("备注", required=False, long=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["appeal"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = self.application.appeals.filter(concluded_on__isnull=True)


# --- counter intake ----------------------------------------------------------------------------

COUNTER_CHANNELS = [(c.value, c.label) for c in Channel if c != Channel.ONLINE]


class IntakeForm(forms.Form):
    """当面、邮寄或传真提交的申请，由工作人员登记。"""

    agency = forms.ModelChoiceField(
        label="受理机关",
        queryset=Agency.objects.none(),
        empty_label=None,
        error_messages={"required": "请选择受理机关", "invalid_choice": "您不能为该机关登记申请"},
    )
    channel = choice_field("申请方式", COUNTER_CHANNELS, widget=forms.RadioSelect)
    submitted_on = date_field("提交日期", help_text="当面提交之日，或申请人寄出、发出传真之日")
    received_on = date_field(
        "签收或确认之日",
        required=False,
        help_text="挂号信、快递：本机关签收之日；平信、传真：与申请人确认之日；当面提交的无需填写（《条例》第三十一条）",
    )
    applicant_kind = choice_field("申请人类型", ApplicantKind.choices)
    applicant_name = text_field("申请人姓名或名称")
    id_kind = id_kind_field()
    id_number = text_field("证件号码或统一社会信用代码", required=False)
    contact_person = text_field("联系人（法人或其他组织）", required=False)
    phone = forms.CharField(label="联系电话", required=False, widget=forms.TextInput(attrs={"type": "tel"}))
    email = forms.EmailField(
        label="电子邮箱", required=False, error_messages={"invalid": "电子邮箱格式不正确"}
    )
    notify_by_email = forms.BooleanField(
        label="申请人选择通过电子邮件接收通知",
        required=False,
        help_text="勾选后，受理回执（含查询码）及补正、延期、答复等通知发送到上面的电子邮箱",
    )
    address = text_field("通信地址", required=False)
    description = text_field("所需政府信息的名称、文号或者便于查询的其他特征性描述", long=True)
    form_wanted = choice_field("获取信息的载体形式", DeliveryForm.choices, widget=forms.RadioSelect)
    delivery = choice_field("获取信息的方式", DeliveryMethod.choices, widget=forms.RadioSelect)

    def __init__(self, *args: Any, agencies: QuerySet[Agency], today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = agencies
        self.fields["submitted_on"].initial = today
        self.fields["channel"].initial = Channel.IN_PERSON
        self.fields["applicant_kind"].initial = ApplicantKind.NATURAL_PERSON
        self.fields["form_wanted"].initial = DeliveryForm.PAPER
        self.fields["delivery"].initial = DeliveryMethod.POST

    def clean_id_number(self) -> str:
        return normalize_id_number(self.cleaned_data["id_number"])

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        clean_identity(self, data)
        channel, submitted, other = data.get("channel"), data.get("submitted_on"), data.get("received_on")
        if channel is None or submitted is None or "received_on" in self.errors:
            return data
        if channel == Channel.IN_PERSON and other is not None and other != submitted:
            self.add_error("received_on", "当面提交的，以提交之日为收到申请之日，无需另填签收或确认之日")
            return data
        try:
            data["received_on"] = receipt_date(
                channel, submitted=submitted, signed_for=other, confirmed=other
            )
        except ClockError as exc:
            self.add_error("received_on", str(exc))
        return data


# --- lists and the tables page ---------------------------------------------------------------


class CaseFilterForm(forms.Form):
    q = forms.CharField(
        label="查找",
        required=False,
        max_length=50,
        help_text="登记号、申请人姓名或名称、所需信息中的文字",
        error_messages={"max_length": "查找的文字不能超过50个字"},
    )
    status = forms.ChoiceField(
        label="状态",
        required=False,
        choices=[("", "全部状态"), *Status.choices],
        error_messages={"invalid_choice": "请从列表中选择状态"},
    )
    year = forms.IntegerField(label="收到年度", required=False)
    agency = forms.ModelChoiceField(
        label="受理机关",
        required=False,
        queryset=Agency.objects.none(),
        empty_label="全部可查看的机关",
        error_messages={"invalid_choice": "您无权查看该机关的申请"},
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"] = year_field("收到年度", required=False, today=today)
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = agencies
