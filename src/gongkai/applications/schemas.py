"""The shapes of the JSON API (/api/): what a request may carry and what a response holds.

Inputs forbid unknown fields (a misspelt "recieved_on" is an error, not silently ignored) and
carry the model's length limits, so a bad request is refused before it reaches an action. Every
field has a Chinese title: error messages and the OpenAPI document both use it.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db.models import Choices
from ninja import Schema
from pydantic import (
    AfterValidator,
    ConfigDict,
    Field,
    JsonValue,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from gongkai.clock import FeeBasis

from .identity import PERSON_ID_KINDS, id_kind_for, id_kind_mismatch, id_number_problem, normalize_id_number
from .models import (
    DECIDED_OUTCOMES,
    AppealKind,
    AppealOutcome,
    ApplicantKind,
    Channel,
    ConsultedParty,
    DeliveryForm,
    DeliveryMethod,
    IdKind,
    Outcome,
    Status,
)

# PositiveIntegerField holds 2**31 - 1 on PostgreSQL: a fee notice for more pages than this
# would overflow the amount column; no real application comes near it.
MAX_FEE_QUANTITY = 100_000
# Ids beyond a bigint would make the database raise instead of answering "not found".
MAX_ID = 2**63 - 1


def _no_control_characters(value: str) -> str:
    # PostgreSQL refuses NUL in text; the other control characters are never meant.
    if any(ord(c) < 32 and c not in "\n\r\t" for c in value):
        raise ValueError("含有不可见的控制字符")
    return value


# Free text: surrounding spaces removed; lengths are set per field (min_length=1: required).
Text = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_no_control_characters)]


def choices(kind: type[Choices], values: list[str] | None = None) -> str:
    """ "value=label" pairs for the OpenAPI description of an enumerated field."""
    pairs = [(v, label) for v, label in kind.choices if values is None or v in values]
    return "；".join(f"{v}={label}" for v, label in pairs)


DECIDED: list[str] = [o.value for o in DECIDED_OUTCOMES]
_DECIDED_ENUM: list[JsonValue] = [*DECIDED]

Id = Annotated[int, Field(ge=1, le=MAX_ID)]


class Input(Schema):
    model_config = ConfigDict(extra="forbid")


VERSION = Field(
    title="版本号",
    ge=0,
    le=2**31 - 1,
    description="读取申请时得到的 version；他人已在此期间办理过该申请时返回409，须刷新后重试",
)


# --- registering a case ------------------------------------------------------------------------


class RegisterIn(Input):
    """Same fields as actions.register_application."""

    agency: Id = Field(title="受理机关", description="机关编号；须为本人任职（非上级监督）的机关")
    channel: Channel = Field(title="申请方式", description=choices(Channel))
    applicant_kind: ApplicantKind = Field(title="申请人类型", description=choices(ApplicantKind))
    applicant_name: Text = Field(title="申请人姓名或名称", min_length=1, max_length=100)
    description: Text = Field(title="所需政府信息的名称、文号或者便于查询的其他特征性描述", min_length=1)
    submitted_on: dt.date = Field(title="提交日期", description="YYYY-MM-DD")
    received_on: dt.date | None = Field(
        None, title="收到申请之日", description="YYYY-MM-DD；不填则同提交日期（《条例》第三十一条）"
    )
    id_kind: IdKind | None = Field(
        None,
        title="证件类型",
        description="自然人："
        + choices(IdKind, [k.value for k in PERSON_ID_KINDS])
        + "（不填为居民身份证）；"
        "法人或其他组织：credit_code（可不填）",
    )
    id_number: Text = Field(
        "", title="证件号码或统一社会信用代码", max_length=40, description="有校验位的证件核对校验位"
    )
    contact_person: Text = Field("", title="联系人（法人或其他组织）", max_length=50)
    phone: Text = Field("", title="联系电话", max_length=30)
    email: Text = Field("", title="电子邮箱", max_length=254)
    address: Text = Field("", title="通信地址", max_length=200)
    form_wanted: DeliveryForm = Field(
        DeliveryForm.PAPER, title="获取信息的载体形式", description=choices(DeliveryForm)
    )
    delivery: DeliveryMethod = Field(
        DeliveryMethod.POST, title="获取信息的方式", description=choices(DeliveryMethod)
    )

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        if value:
            try:
                validate_email(value)
            except DjangoValidationError:
                raise ValueError("电子邮箱格式有误") from None
        return value

    @field_validator("id_kind")
    @classmethod
    def _id_kind(cls, value: IdKind | None, info: ValidationInfo) -> IdKind | None:
        applicant_kind = info.data.get("applicant_kind")
        if value and applicant_kind and not id_kind_for(applicant_kind, value):
            raise ValueError(id_kind_mismatch(applicant_kind))
        return value

    @field_validator("id_number")
    @classmethod
    def _id_number(cls, value: str, info: ValidationInfo) -> str:
        """Checked against its document kind (identity.py), check digit included where defined."""
        value = normalize_id_number(value)
        applicant_kind = info.data.get("applicant_kind")
        if not value or not applicant_kind or "id_kind" not in info.data:
            return value  # nothing to check, or the kinds are already refused
        problem = id_number_problem(id_kind_for(applicant_kind, info.data["id_kind"] or ""), value)
        if problem:
            raise ValueError(problem)
        return value


# --- one body per action -----------------------------------------------------------------------


class RequestCorrectionIn(Input):
    version: int = VERSION
    on: dt.date = Field(title="告知补正日期")
    what: Text = Field(title="需要补正的事项", min_length=1)


class RecordCorrectionIn(Input):
    version: int = VERSION
    on: dt.date = Field(title="收到补正之日")
    text: Text = Field("", title="补正内容")


class AssignIn(Input):
    version: int = VERSION
    assignee: Id = Field(title="承办人", description="用户编号；须为本机关工作人员")


class ConsultIn(Input):
    version: int = VERSION
    party_kind: ConsultedParty = Field(title="被征求意见方", description=choices(ConsultedParty))
    party_name: Text = Field(title="被征求意见方名称", min_length=1, max_length=100)
    sent_on: dt.date = Field(title="发出日期")


class ConsultationAnswerIn(Input):
    version: int = VERSION
    consultation: Id = Field(title="征求意见", description="该申请下征求意见的编号（见详情 consultations）")
    answered_on: dt.date | None = Field(
        title="收到意见日期", description="期满未答复的，填 null（须在15个工作日期满之后）"
    )
    answer: Text = Field("", title="意见")


class ExtendIn(Input):
    version: int = VERSION
    reason: Text = Field(title="延长理由", min_length=1)
    on: dt.date | None = Field(None, title="延长日期", description="不填为今天")


class FeeNoticeIn(Input):
    version: int = VERSION
    basis: FeeBasis = Field(title="计费方式", description="by_count=按件；by_pages=按量")
    quantity: int = Field(title="件数或页数", ge=1, le=MAX_FEE_QUANTITY)
    notified_on: dt.date = Field(title="通知日期")


class FeePaidIn(Input):
    version: int = VERSION
    paid_on: dt.date = Field(title="缴费日期")


class AbandonIn(Input):
    version: int = VERSION
    on: dt.date = Field(title="视为放弃之日")


class DecideIn(Input):
    version: int = VERSION
    outcome: str = Field(
        title="办理结果",
        description=choices(Outcome, DECIDED),
        json_schema_extra={"enum": _DECIDED_ENUM},
    )
    articles: list[str] = Field(
        default_factory=list,
        title="法律依据（《条例》条款）",
        description="条款代码，如 14、16.2、36.3（第三十六条第（三）项）；须与办理结果相符；不填的，按该办理结果通常依据的条款",
    )
    legal_basis: Text = Field(
        "", title="理由", description="予以公开以外的结果必须填写；写事实和理由，不写条款"
    )
    decision_text: Text = Field("", title="补充说明")
    on: dt.date = Field(title="决定日期")

    @field_validator("outcome")
    @classmethod
    def _outcome(cls, value: str) -> str:
        if value in DECIDED:
            return value
        if value in Outcome.values:
            raise ValueError("撤回、逾期不补正、逾期不缴费由相应操作登记，不能在此选择")
        raise ValueError(f"取值无效，可选：{choices(Outcome, DECIDED)}")


class ReplyIn(Input):
    version: int = VERSION
    on: dt.date = Field(title="答复日期")


class ServedIn(Input):
    version: int = VERSION
    on: dt.date = Field(title="送达日期", description="当面签收之日，或邮寄交邮之日")
    how: Text = Field("", title="送达方式", max_length=200)


class CloseIn(Input):
    version: int = VERSION


class WithdrawIn(Input):
    version: int = VERSION
    on: dt.date = Field(title="撤回日期")
    reason: Text = Field("", title="撤回理由")


class AppealIn(Input):
    version: int = VERSION
    kind: AppealKind = Field(title="类型", description=choices(AppealKind))
    body: Text = Field(title="复议机关或人民法院", min_length=1, max_length=100)
    filed_on: dt.date = Field(title="申请复议或起诉日期")


class AppealConclusionIn(Input):
    version: int = VERSION
    appeal: Id = Field(title="复议或诉讼", description="该申请下复议或诉讼的编号（见详情 appeals）")
    outcome: AppealOutcome = Field(title="结果", description=choices(AppealOutcome))
    concluded_on: dt.date = Field(title="审结日期")
    note: Text = Field("", title="备注")


# --- list filters -------------------------------------------------------------------------------


class CaseFilters(Schema):
    q: str = Field("", title="查找", max_length=50, description="登记号、申请人姓名或名称、所需信息中的文字")
    status: Status | None = Field(None, title="状态", description=choices(Status))
    year: int | None = Field(None, title="年度", ge=2000, le=2999, description="按收到申请之日所在年度")
    agency: Id | None = Field(None, title="机关", description="机关编号")
    page: int = Field(1, title="页码", ge=1, le=100_000)
    page_size: int = Field(20, title="每页条数", ge=1, le=100)


# --- responses ----------------------------------------------------------------------------------


class ErrorOut(Schema):
    detail: str = Field(title="说明")


class FieldErrorOut(Schema):
    field: str = Field(title="字段名", description="请求中的字段名；空字符串表示整个请求体")
    location: str = Field(title="位置", description="body、query 或 path")
    label: str = Field(title="字段")
    message: str = Field(title="问题")


class ValidationErrorOut(Schema):
    detail: str = Field(title="说明")
    errors: list[FieldErrorOut]


class AgencyRef(Schema):
    id: int
    name: str


class UserRef(Schema):
    id: int
    name: str


class MembershipOut(Schema):
    agency: AgencyRef
    role: str
    role_label: str


class MeOut(Schema):
    id: int
    username: str
    name: str
    memberships: list[MembershipOut]


class CaseSummary(Schema):
    """A line of the case list; personal data is always masked here."""

    id: int
    number: str = Field(title="登记号")
    agency: AgencyRef
    applicant_kind: str
    applicant_kind_label: str
    applicant_name: str
    id_kind: str = Field(title="证件类型", description=choices(IdKind))
    id_kind_label: str
    id_number: str
    phone: str
    email: str
    address: str
    description: str
    status: str
    status_label: str
    outcome: str
    outcome_label: str
    received_on: dt.date
    due_on: dt.date | None
    due_provisional: bool
    assignee: UserRef | None
    version: int


class CasePage(Schema):
    items: list[CaseSummary]
    count: int = Field(title="符合条件的申请总数")
    page: int
    page_size: int


class DeadlineOut(Schema):
    due: dt.date = Field(title="答复期限届满日")
    provisional: bool = Field(title="暂定", description="所涉年度的节假日安排尚未公布，公布后重新计算")
    steps: list[str] = Field(title="计算过程")


# The four below are filled from model instances by api.cases.from_instance: a *_label field
# holds the model's get_<field>_display().


class TimelineEntry(Schema):
    kind: str
    kind_label: str
    on: dt.date = Field(title="业务日期")
    at: dt.datetime = Field(title="记录时间")
    actor: str = Field(title="办理人")
    reason: str
    data: dict[str, Any]


class ConsultationOut(Schema):
    id: int
    party_kind: str
    party_kind_label: str
    party_name: str
    sent_on: dt.date
    due_on: dt.date
    answered_on: dt.date | None
    lapsed: bool
    answer: str


class FeeNoticeOut(Schema):
    id: int
    basis: str
    basis_label: str
    quantity: int
    amount: int = Field(title="金额（元）")
    notified_on: dt.date
    due_on: dt.date
    paid_on: dt.date | None


class AppealOut(Schema):
    id: int
    kind: str
    kind_label: str
    body: str
    filed_on: dt.date
    outcome: str
    outcome_label: str
    concluded_on: dt.date | None
    note: str


class CaseDetail(CaseSummary):
    """One case; personal data unmasked only for staff of the case's agency."""

    masked: bool = Field(title="个人信息已脱敏", description="上级监督人员查看时为 true")
    can_act: bool = Field(title="可办理", description="本人是该机关工作人员（非上级监督）")
    tracking_code: str | None = Field(title="查询码", description="仅向本机关工作人员显示")
    channel: str
    channel_label: str
    contact_person: str
    form_wanted: str
    delivery: str
    submitted_on: dt.date
    corrected_on: dt.date | None
    extended: bool
    articles: list[str]
    legal_basis: str
    decision_text: str
    letter_number: str
    concluded_on: dt.date | None
    replied_on: dt.date | None
    served_on: dt.date | None
    deadline: DeadlineOut
    consultations: list[ConsultationOut]
    fee_notices: list[FeeNoticeOut]
    appeals: list[AppealOut]
    timeline: list[TimelineEntry]


class PauseOut(Schema):
    start: dt.date = Field(alias="from", title="开始日")
    end: dt.date = Field(alias="to", title="结束日")
    reasons: list[str]
    status: str = Field(
        description="paused=不计入；before_start=在起算日之前；after_due=始于期限届满之后；counted=缴费期间按设置计入"
    )
    paused_working_days: int


class DueDateOut(Schema):
    due: dt.date
    provisional: bool
    unpublished_years: list[int]


class ReplyDeadlineOut(Schema):
    received: dt.date = Field(title="收到申请之日")
    corrected: dt.date | None = Field(title="收到补正之日")
    start: dt.date = Field(title="起算日")
    due: dt.date = Field(title="答复期限届满日")
    provisional: bool = Field(title="暂定")
    unpublished_years: list[int] = Field(title="节假日安排尚未公布的年度")
    working_days: int
    extension_days: int
    paused_working_days: int
    pauses: list[PauseOut]
    correction_notice_due: DueDateOut = Field(title="告知补正期限")
    steps: list[str] = Field(title="计算过程")


class TablesOut(Schema):
    """Tables 三 and 四 under the canonical keys of DOMAIN.md."""

    agency: str
    year: int
    edition: str
    tables: dict[str, dict[str, dict[str, int | None]]] = Field(
        description="applications（表三）与 appeals（表四），行列键名见 DOMAIN.md"
    )


class DeadlineQuery(Schema):
    received: str = Field(
        title="收到申请之日", description="如 2025-03-03（亦可写 2025/03/03、2025年3月3日）"
    )
    corrected: str | None = Field(None, title="收到补正之日", description="有补正的，答复期限自该日重新计算")
    extended: bool = Field(False, title="已延长", description="经负责人同意延长20个工作日")
    paused: list[str] = Field(
        [], title="征求意见期间", description="开始日..结束日（含首尾两日），可重复；不计入答复期限"
    )
    fee_period: list[str] = Field(
        [], title="缴费期间", description="开始日..结束日（含首尾两日），可重复；按设置不计入答复期限"
    )
