"""The public forms: the online application (Art. 29), following a case, the deadline calculator.

The application form checks what an applicant can get wrong on a screen (a missing field, a
mistyped phone number, an ID number whose check digit does not match) and says so in Chinese
next to the field; the rules of the Regulations stay with `actions.register_application`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Collection
from typing import Any

from django import forms
from django.db.models import QuerySet

from gongkai.agencies.models import Agency
from gongkai.clock import Pause, PauseReason
from gongkai.core.fields import date_field

from ..identity import normalize_id_number
from ..models import ApplicantKind, DeliveryForm, DeliveryMethod
from . import clean_identity, id_kind_field

DESCRIPTION_MIN = 5
DESCRIPTION_MAX = 2000
MAX_PAUSES = 3
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100


class AccessibleForm(forms.Form):
    """Points each box at its help text and, once checked, at its errors (aria-describedby)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._describe(errors=())

    def full_clean(self) -> None:
        super().full_clean()
        self._describe(errors=self.errors)

    def _describe(self, errors: Collection[str]) -> None:
        for name, field in self.fields.items():
            described = []
            if field.help_text:
                described.append(f"id_{name}_help")
            if name in errors:
                described.append(f"id_{name}_error")
                field.widget.attrs["aria-invalid"] = "true"
            if described:
                field.widget.attrs["aria-describedby"] = " ".join(described)


def _required(what: str) -> dict[str, str]:
    return {"required": f"请填写{what}"}


def _chosen(what: str) -> dict[str, str]:
    return {"required": f"请选择{what}", "invalid_choice": f"请选择{what}"}


def _radio(label: str, choices: list[tuple[str, str]], initial: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, choices=choices, widget=forms.RadioSelect, initial=initial, error_messages=_chosen(label)
    )


def _text(value: str) -> str:
    """Full-width digits, letters and hyphens, as a Chinese input method types them, made plain."""
    return unicodedata.normalize("NFKC", value).strip()


# --- phone numbers -------------------------------------------------------------------------------

_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"(0\d{2,3})-([2-9]\d{6,7})(?:-(\d{1,6}))?")


def normalize_phone(value: str) -> str | None:
    """A mobile number as 11 digits, a landline as 区号-号码[-分机]; None if it is neither."""
    text = re.sub(r"[\s()（）]", "", _text(value))
    text = text.removeprefix("+86").removeprefix("0086")
    digits = text.replace("-", "")
    if _MOBILE.fullmatch(digits):
        return digits
    if "-" not in text and digits.isdigit() and digits.startswith("0"):
        # No hyphen: 010 and 02x are the three-digit area codes, every other one has four.
        cut = 3 if digits.startswith(("010", "02")) else 4
        text = f"{digits[:cut]}-{digits[cut:]}"
    match = _LANDLINE.fullmatch(text)
    if match is None:
        return None
    area, local, extension = match.groups()
    if len(area) == 3 and not area.startswith(("010", "02")):
        return None
    return f"{area}-{local}" + (f"-{extension}" if extension else "")


def contact_digits(value: str) -> str:
    return re.sub(r"\D", "", _text(value))


# --- the online application ------------------------------------------------------------------------


def agency_choices(agencies: QuerySet[Agency]) -> list[tuple[str, list[tuple[str, str]]]]:
    """Agencies grouped under their top-level agency, in tree order, indented by depth."""
    rows = list(agencies.only("id", "name", "path"))
    names = {a.pk: a.name for a in rows}

    def ids(agency: Agency) -> list[int]:
        return [int(part) for part in agency.path.strip("/").split("/") if part]

    # Siblings by name, each agency right after its parent: sort on the names along the path.
    rows.sort(key=lambda a: [names.get(pk, "") for pk in ids(a)])
    groups: dict[int, list[tuple[str, str]]] = {}
    for agency in rows:
        chain = ids(agency)
        root = chain[0] if chain else agency.pk
        indent = "\u3000" * (len(chain) - 1)
        groups.setdefault(root, []).append((str(agency.pk), f"{indent}{agency.name}"))
    return [(names.get(root, ""), options) for root, options in groups.items()]


class ApplicationForm(AccessibleForm):
    """《条例》第二十九条：申请人的姓名或者名称、身份证明、联系方式；所需信息的描述；获取方式。"""

    # What the form hands to actions.register_application as it is, besides the agency.
    APPLICANT_FIELDS = (
        "applicant_kind",
        "applicant_name",
        "id_kind",
        "id_number",
        "contact_person",
        "phone",
        "email",
        "notify_by_email",
        "address",
        "description",
        "form_wanted",
        "delivery",
    )

    agency = forms.ChoiceField(
        label="向哪个机关申请",
        help_text="请选择制作或者保存您所需政府信息的机关。",
        error_messages=_chosen("受理申请的机关"),
    )
    applicant_kind = _radio("申请人类型", ApplicantKind.choices, ApplicantKind.NATURAL_PERSON)
    applicant_name = forms.CharField(
        label="姓名或名称",
        max_length=100,
        help_text="个人填写本人姓名；法人或其他组织填写全称。",
        error_messages={**_required("姓名或名称"), "max_length": "姓名或名称不能超过100个字"},
    )
    id_kind = id_kind_field()
    id_number = forms.CharField(
        label="证件号码或统一社会信用代码",
        max_length=30,
        help_text="个人填写所选证件的号码；法人或其他组织填写18位统一社会信用代码。",
        error_messages={
            **_required("证件号码或统一社会信用代码"),
            "max_length": "证件号码或统一社会信用代码过长，请核对",
        },
    )
    contact_person = forms.CharField(
        label="联系人",
        max_length=50,
        required=False,
        help_text="法人或其他组织必填，个人不填。",
        error_messages={"max_length": "联系人姓名不能超过50个字"},
    )
    phone = forms.CharField(
        label="联系电话",
        max_length=30,
        required=False,
        help_text="手机号码（11位）或带区号的固定电话，如 0571-87654321。电话和电子邮箱至少填写一项。",
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
        error_messages={"max_length": "联系电话过长，请核对"},
    )
    email = forms.EmailField(
        label="电子邮箱",
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "invalid": "请填写正确的电子邮箱地址，如 name@example.com",
            "max_length": "电子邮箱地址过长",
        },
    )
    notify_by_email = forms.BooleanField(
        label="通过电子邮件接收通知",
        required=False,
        help_text="勾选后，受理回执（含查询码）以及补正、延期、答复等通知将发送到上面的电子邮箱。",
    )
    address = forms.CharField(
        label="通信地址",
        max_length=200,
        required=False,
        help_text="选择邮寄方式获取信息的必填。",
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
        error_messages={"max_length": "通信地址不能超过200个字"},
    )
    description = forms.CharField(
        label="所需政府信息的描述",
        help_text=(
            "请写明所需政府信息的名称、文号或者便于查询的其他特征性描述"
            f"（{DESCRIPTION_MIN}至{DESCRIPTION_MAX}字）。一份申请宜只申请一项内容。"
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages=_required("所需政府信息的描述"),
    )
    form_wanted = _radio("获取信息的载体形式", DeliveryForm.choices, DeliveryForm.ELECTRONIC)
    delivery = _radio("获取信息的方式", DeliveryMethod.choices, DeliveryMethod.ONLINE)

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agencies = agencies
        choices: list[Any] = [("", "请选择机关")]
        choices += agency_choices(agencies)
        field = self.fields["agency"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def clean_agency(self) -> Agency:
        value = self.cleaned_data["agency"]
        agency = self.agencies.filter(pk=int(value)).first() if str(value).isdigit() else None
        if agency is None:
            raise forms.ValidationError("请选择受理申请的机关")
        return agency

    def clean_applicant_name(self) -> str:
        return _text(self.cleaned_data["applicant_name"])

    def clean_id_number(self) -> str:
        return normalize_id_number(self.cleaned_data["id_number"])

    def clean_contact_person(self) -> str:
        return _text(self.cleaned_data["contact_person"])

    def clean_phone(self) -> str:
        value = _text(self.cleaned_data["phone"])
        if not value:
            return ""
        phone = normalize_phone(value)
        if phone is None:
            raise forms.ValidationError("请填写11位手机号码，或带区号的固定电话（如 0571-87654321）")
        return phone

    def clean_address(self) -> str:
        return _text(self.cleaned_data["address"])

    def clean_description(self) -> str:
        value = str(self.cleaned_data["description"]).strip()
        if len(value) < DESCRIPTION_MIN:
            raise forms.ValidationError(
                f"描述太短（{len(value)}个字）：请至少写{DESCRIPTION_MIN}个字，说明所需信息的名称、文号或特征"
            )
        if len(value) > DESCRIPTION_MAX:
            raise forms.ValidationError(
                f"描述太长（{len(value)}个字）：请不超过{DESCRIPTION_MAX}个字；内容较多的，可分别提出申请"
            )
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("applicant_kind")
        clean_identity(self, data)
        if kind and kind != ApplicantKind.NATURAL_PERSON and not data.get("contact_person"):
            self.add_error("contact_person", "法人或其他组织申请的，请填写联系人")
        phone_ok = "phone" not in self.errors
        if not data.get("phone") and not data.get("email") and phone_ok and "email" not in self.errors:
            self.add_error("phone", "请至少填写联系电话或电子邮箱中的一项，用于查询办理进度和接收通知")
        if data.get("notify_by_email") and not data.get("email") and "email" not in self.errors:
            self.add_error("email", "选择通过电子邮件接收通知的，请填写电子邮箱")
        delivery = data.get("delivery")
        if delivery == DeliveryMethod.POST and not data.get("address") and "address" not in self.errors:
            self.add_error("address", "选择邮寄方式的，请填写通信地址")
        if delivery == DeliveryMethod.EMAIL and not data.get("email") and "email" not in self.errors:
            self.add_error("email", "选择通过电子邮件获取的，请填写电子邮箱")
        if data.get("form_wanted") == DeliveryForm.PAPER and delivery in (
            DeliveryMethod.EMAIL,
            DeliveryMethod.ONLINE,
        ):
            self.add_error("delivery", "纸质载体只能邮寄或当面领取；如需通过网络获取，请选择电子载体")
        return data


# --- following a case ------------------------------------------------------------------------------


def normalize_tracking_code(value: str) -> str:
    return re.sub(r"[\s-]", "", _text(value)).upper()


class TrackForm(AccessibleForm):
    code = forms.CharField(
        label="查询码",
        max_length=40,
        help_text="提交申请后页面上显示的12位查询码。",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
        error_messages={**_required("查询码"), "max_length": "查询码应为12位"},
    )
    contact = forms.CharField(
        label="申请时填写的手机号码、固定电话或电子邮箱",
        max_length=254,
        error_messages={**_required("申请时填写的联系电话或电子邮箱"), "max_length": "联系方式过长"},
    )

    def clean_code(self) -> str:
        return normalize_tracking_code(self.cleaned_data["code"])

    def clean_contact(self) -> str:
        return _text(self.cleaned_data["contact"])


class WithdrawForm(AccessibleForm):
    reason = forms.CharField(
        label="撤回理由（可不填）",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "撤回理由不能超过500个字"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


# --- the deadline calculator --------------------------------------------------------------------


def _date_field(label: str, *, required: bool = False, help_text: str = "") -> forms.DateField:
    return date_field(label, required=required, help_text=help_text)


class DeadlineForm(AccessibleForm):
    received = _date_field(
        "收到申请之日",
        required=True,
        help_text="当面提交的为提交之日；邮寄的为签收之日；网络或传真提交的为双方确认之日。",
    )
    corrected = _date_field("收到补正申请之日（如有）", help_text="补正后答复期限自该日重新计算。")
    extended = forms.BooleanField(label="已延长答复期限（20个工作日）", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n in range(1, MAX_PAUSES + 1):
            self.fields[f"pause{n}_start"] = _date_field(f"第{n}段不计算期间的开始日")
            self.fields[f"pause{n}_end"] = _date_field(f"第{n}段不计算期间的结束日")
            self.fields[f"pause{n}_reason"] = forms.ChoiceField(
                label=f"第{n}段不计算期间的事由",
                choices=[(r.value, r.label) for r in PauseReason],
                initial=PauseReason.CONSULTATION,
                required=False,
                error_messages={"invalid_choice": f"请选择第{n}段不计算期间的事由"},
            )

    def pause_fields(self) -> list[tuple[int, forms.BoundField, forms.BoundField, forms.BoundField]]:
        return [
            (n, self[f"pause{n}_start"], self[f"pause{n}_end"], self[f"pause{n}_reason"])
            for n in range(1, MAX_PAUSES + 1)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, value in list(data.items()):
            if isinstance(value, dt.date) and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
                self.add_error(name, f"日期应在{EARLIEST_YEAR}年至{LATEST_YEAR}年之间")
        for n in range(1, MAX_PAUSES + 1):
            start, end = data.get(f"pause{n}_start"), data.get(f"pause{n}_end")
            if bool(start) != bool(end) and not self.has_error(f"pause{n}_start"):
                missing = f"pause{n}_end" if start else f"pause{n}_start"
                if not self.has_error(missing):
                    self.add_error(missing, f"第{n}段不计算期间请同时填写开始日和结束日")
        return data

    def pauses(self) -> list[Pause]:
        """The pauses entered (call after is_valid); Pause itself refuses an end before the start."""
        result = []
        for n in range(1, MAX_PAUSES + 1):
            start = self.cleaned_data.get(f"pause{n}_start")
            end = self.cleaned_data.get(f"pause{n}_end")
            if start and end:
                reason = PauseReason(self.cleaned_data.get(f"pause{n}_reason") or PauseReason.CONSULTATION)
                result.append(Pause(start, end, reason))
        return result
