"""The forms of the registers' staff pages: list filters, one form per action, import, table 二.

A form checks what a form can know (a date is a date, an amount is a number, a box is filled).
The rules of the registers (no date after today, no 规章 from an agency that cannot make them,
no duplicate 文号) are the actions'; `add_action_error` puts an action's refusal next to the
field it is about, so the clerk reads it where the mistake is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet

from gongkai.agencies.models import Agency
from gongkai.annual_report.editions import Edition, edition_for_year
from gongkai.core.actions import ActionError
from gongkai.core.fields import date_field

from .actions import RULES_FORBIDDEN
from .models import CleanupOutcome, DecisionKind, DocumentKind, MatterKind, NormativeDocument

FIRST_YEAR = 1990  # the importer's earliest year too
FIRST_REPORT_YEAR = 2019  # the current Regulations and report formats apply from 2019
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
IMPORT_SUFFIXES = (".xlsx", ".csv")


def text_field(
    label: str, *, required: bool = True, max_length: int = 300, help_text: str = ""
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        error_messages={"required": f"请填写{label}", "max_length": f"{label}不能超过{max_length}个字"},
    )


def choice_field(
    label: str, choices: Any, *, radio: bool = False, required: bool = True
) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=required,
        widget=forms.RadioSelect if radio else forms.Select,
        error_messages={"required": f"请选择{label}", "invalid_choice": f"请从列表中选择{label}"},
    )


def year_field(
    label: str, *, today: dt.date, required: bool = True, first: int = FIRST_YEAR
) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=first,
        max_value=today.year,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": f"请填写{label}",
            "invalid": f"{label}应为四位数字，如{today.year}",
            "min_value": f"{label}不能早于{first}年",
            "max_value": f"{label}不能晚于{today.year}年",
        },
    )


def amount_field(label: str, *, decimal_places: int) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=Decimal(0),
        max_digits=16,
        decimal_places=decimal_places,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={
            "required": f"请填写{label}",
            "invalid": f"{label}应为数字，不带单位和逗号，如 1234.5",
            "min_value": f"{label}不能为负数",
            "max_digits": f"{label}位数过多",
            "max_decimal_places": f"{label}最多保留{decimal_places}位小数",
            "max_whole_digits": f"{label}过大",
        },
    )


class ActionForm(forms.Form):
    """A form whose action may refuse: its message goes next to the field it names.

    `action_fields` pairs words of the actions' messages with the field they are about; the
    word found first in the message wins. A conflict (a duplicate) goes to `conflict_field`.
    """

    action_fields: tuple[tuple[str, str], ...] = ()
    conflict_field = ""

    def add_action_error(self, exc: ActionError) -> None:
        message = str(exc)
        if exc.code == "conflict" and self.conflict_field:
            self.add_error(self.conflict_field, message)
            return
        found = [(message.find(word), name) for word, name in self.action_fields if word in message]
        self.add_error(min(found)[1] if found else None, message)


# --- normative documents ------------------------------------------------------------------------


class DocumentForm(ActionForm):
    kind = choice_field("类别", DocumentKind.choices, radio=True)
    title = text_field("文件名称")
    doc_number = text_field("文号", max_length=100, help_text="如“示自然资规〔2026〕1号”")
    made_on = date_field("制发日期")
    published_on = date_field("公开日期", required=False, help_text="尚未公开的，公开后在文件页登记")

    action_fields = (
        ("规章", "kind"),
        ("文件类别", "kind"),
        ("文件名称", "title"),
        ("文号", "doc_number"),
        ("制发日期", "made_on"),
        ("公开日期", "published_on"),
    )
    conflict_field = "doc_number"

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agency = agency
        self.fields["kind"].initial = DocumentKind.NORMATIVE
        if not agency.may_make_rules:
            self.fields["kind"].help_text = f"{agency.name}无权制定规章，只能登记行政规范性文件"

    def clean_kind(self) -> str:
        kind: str = self.cleaned_data["kind"]
        if kind == DocumentKind.RULES and not self.agency.may_make_rules:
            raise forms.ValidationError(RULES_FORBIDDEN.format(agency=self.agency.name))
        return kind


class PublishForm(ActionForm):
    published_on = date_field("公开日期")
    action_fields = (("公开日期", "published_on"),)


class RepealForm(ActionForm):
    on = date_field("废止日期")
    reason = text_field("废止原因", help_text="如“被《……》替代”“上位法已修改”")
    action_fields = (("废止日期", "on"), ("废止原因", "reason"))


NOT_REVIEWED = ""
CLEANUP_CHOICES = [(NOT_REVIEWED, "不列入本次清理"), *CleanupOutcome.choices]


class CleanupForm(ActionForm):
    """A clean-up campaign: its name and dates, and a decision for each document it reviewed."""

    name = text_field("清理名称", max_length=200, help_text="如“2026年度行政规范性文件集中清理”")
    decided_on = date_field("清理决定日期")
    published_on = date_field("公布日期", required=False, help_text="清理结果向社会公布之日")

    def __init__(self, *args: Any, documents: Iterable[NormativeDocument], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.documents = list(documents)
        words = [("清理名称", "name"), ("清理决定日期", "decided_on"), ("公布日期", "published_on")]
        for document in self.documents:
            name = self.document_field(document)
            self.fields[name] = forms.ChoiceField(
                label=f"《{document.title}》的清理结果",
                choices=CLEANUP_CHOICES,
                required=False,
                error_messages={"invalid_choice": "请从列表中选择清理结果"},
            )
            words.append((f"《{document.title}》", name))
        self.action_fields = tuple(words)

    @staticmethod
    def document_field(document: NormativeDocument) -> str:
        return f"document_{document.pk}"

    def rows(self) -> list[tuple[NormativeDocument, forms.BoundField]]:
        return [(d, self[self.document_field(d)]) for d in self.documents]

    def decisions(self) -> dict[NormativeDocument, str]:
        return self.decisions_in(self.documents, self.cleaned_data)

    @classmethod
    def decisions_in(
        cls, documents: list[NormativeDocument], data: dict[str, Any]
    ) -> dict[NormativeDocument, str]:
        """The outcome chosen for each reviewed document; the ones left out are not listed."""
        return {d: data[cls.document_field(d)] for d in documents if data.get(cls.document_field(d))}

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        if not self.errors and not self.decisions():
            raise forms.ValidationError("请至少为一件文件选择清理结果（继续有效、修改或宣布失效）")
        return data


# --- Art. 20 registers --------------------------------------------------------------------------


class MatterForm(ActionForm):
    kind = choice_field("事项类型", MatterKind.choices)
    name = text_field("事项名称")
    listed_from = date_field("列入日期", help_text="列入本机关事项清单之日")
    action_fields = (("事项类型", "kind"), ("事项名称", "name"), ("列入日期", "listed_from"))
    conflict_field = "name"


class DelistForm(ActionForm):
    on = date_field("移出日期", help_text="自该日起不再在清单上")
    action_fields = (("移出日期", "on"),)


class DecisionForm(ActionForm):
    kind = choice_field("决定类型", DecisionKind.choices)
    reference = text_field("文书编号", max_length=100, help_text="如许可决定书、处罚决定书的编号")
    decided_on = date_field("决定日期")
    action_fields = (("决定类型", "kind"), ("文书编号", "reference"), ("决定日期", "decided_on"))
    conflict_field = "reference"


class FeeForm(ActionForm):
    item = text_field("收费项目", max_length=200)
    amount = amount_field("收费金额（元）", decimal_places=2)
    action_fields = (("收费项目", "item"), ("收费金额", "amount"), ("尚未到来", "year"))
    conflict_field = "item"

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"] = year_field("年度", today=today)
        self.fields["year"].initial = today.year
        self.order_fields(["item", "year", "amount"])


class ProcurementForm(ActionForm):
    project = text_field("采购项目")
    amount = amount_field("采购金额（万元）", decimal_places=4)
    action_fields = (("采购项目", "project"), ("采购金额", "amount"), ("尚未到来", "year"))
    conflict_field = "project"

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"] = year_field("年度", today=today)
        self.fields["year"].initial = today.year
        self.order_fields(["project", "year", "amount"])


# --- lists, import, table 二 --------------------------------------------------------------------


class ListFilterForm(forms.Form):
    year = forms.IntegerField(required=False)
    kind = forms.ChoiceField(required=False)
    q = forms.CharField(
        label="查找",
        required=False,
        max_length=50,
        error_messages={"max_length": "查找的文字不能超过50个字"},
    )

    def __init__(
        self,
        *args: Any,
        today: dt.date,
        year_label: str,
        search_help: str,
        kinds: list[tuple[str, str]] | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"] = year_field(year_label, today=today, required=False)
        self.fields["year"].help_text = "不填为全部年度"
        self.fields["q"].help_text = search_help
        if kinds:
            self.fields["kind"] = choice_field("类型", [("", "全部类型"), *kinds], required=False)
        else:
            del self.fields["kind"]
        self.order_fields(["q", "year", "kind"])


class ImportConfirmForm(forms.Form):
    """Confirming a previewed import: only the token of the upload the server kept."""

    token = forms.CharField(required=False, widget=forms.HiddenInput)


class ImportForm(forms.Form):
    file = forms.FileField(
        label="导入文件",
        help_text="XLSX（Excel 2007及以上）或CSV（UTF-8或GB18030编码），第一行为表头，不超过5MB",
        error_messages={
            "required": "请选择要导入的文件",
            "empty": "上传的文件是空的",
            "invalid": "未收到文件，请重新选择",
            "missing": "未收到文件，请重新选择",
        },
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not str(upload.name).lower().endswith(IMPORT_SUFFIXES):
            raise forms.ValidationError("只能导入XLSX或CSV文件（文件名以 .xlsx 或 .csv 结尾）")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"文件过大（{upload.size / 1024 / 1024:.1f}MB），不能超过5MB；请分成几个文件导入"
            )
        return upload


class ChooseAgencyForm(forms.Form):
    agency = forms.ModelChoiceField(
        label="机关",
        queryset=Agency.objects.none(),
        empty_label=None,
        error_messages={"required": "请选择机关", "invalid_choice": "您无权查看该机关的登记簿"},
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = agencies
        self.fields["year"] = year_field("年度", today=today)


EDITION_CHOICES = [
    ("", "按年度适用的格式"),
    (Edition.E2019.value, "2019年版格式（国办公开办函〔2019〕60号）"),
    (Edition.E2021.value, "2021年版格式（国办公开办函〔2021〕30号）"),
]


class TableTwoForm(ChooseAgencyForm):
    edition = choice_field("格式", EDITION_CHOICES, required=False)

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, today=today, **kwargs)
        self.fields["year"] = year_field("年度", today=today, first=FIRST_REPORT_YEAR)
        self.fields["agency"].error_messages["invalid_choice"] = "您无权查看该机关的统计"
        self.order_fields(["agency", "year", "edition"])

    def chosen_edition(self) -> Edition:
        chosen = self.cleaned_data.get("edition")
        return Edition(chosen) if chosen else edition_for_year(self.cleaned_data["year"])
