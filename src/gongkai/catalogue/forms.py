"""The staff forms of the catalogue: the draft, the list filter, and one form per action of the
item page.

Each item form carries the item's `version` as a hidden field; the view hands it to the action,
which refuses a form filled in on a copy someone else has since changed. The forms check what a
form can know (a date is a date, a required box is filled, a choice is on the list); whether the
user may do it, and in which order, is the action's to decide, so that every page, the API and
the tests meet the same rules.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet

from gongkai.agencies.models import Agency
from gongkai.core.fields import date_field
from gongkai.core.filecheck import ALLOWED
from gongkai.core.uploads import AttachmentUploadForm

from . import actions
from .models import (
    GROUNDS_FOR,
    Attachment,
    Attribute,
    CatalogueItem,
    ChannelKind,
    Genre,
    LegalGround,
    Status,
    Topic,
    Validity,
)

STALE_FORM = actions.STALE_MESSAGE
# A page lists at most this many privacy findings, each with its box. An item with more carries
# too much personal data to be confirmed one by one: it can only go back to its drafter.
MAX_LISTED_FINDINGS = 200


def text_field(label: str, *, max_length: int, required: bool = False, rows: int = 0) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput(),
        error_messages={
            "required": f"请填写{label}",
            "max_length": f"{label}不能超过{max_length}个字（现有%(show_value)d个字）",
        },
    )


def choice_field(
    label: str, choices: Any, *, widget: type[forms.Widget] = forms.Select, required: bool = True
) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=widget,
        required=required,
        error_messages={"required": f"请选择{label}", "invalid_choice": f"请从列表中选择{label}"},
    )


def reason_field(label: str, help_text: str = "", *, required: bool = True) -> forms.CharField:
    field = text_field(label, max_length=actions.MAX_REASON_CHARS, required=required, rows=3)
    field.help_text = help_text
    return field


# --- the draft -------------------------------------------------------------------------------------


class AgencyChoiceField(forms.ModelChoiceField[Agency]):
    def label_from_instance(self, obj: Agency) -> str:
        return obj.name


class DraftForm(forms.Form):
    """The metadata and body of a new or returned draft (actions.DRAFT_FIELDS)."""

    agency = AgencyChoiceField(
        label="发布机构",
        queryset=Agency.objects.none(),
        empty_label=None,
        error_messages={"required": "请选择发布机构", "invalid_choice": "只能以本人所在机关的名义起草"},
    )
    title = text_field("名称", max_length=200, required=True)
    topic = choice_field("主题分类", [("", "请选择"), *Topic.choices])
    genre = choice_field("体裁", [("", "请选择"), *Genre.choices])
    written_on = date_field("成文日期", help_text="发布期限（20个工作日）自成文日期起算")
    doc_number = text_field("文号", max_length=100)
    validity = choice_field("有效性", Validity.choices, widget=forms.RadioSelect)
    keywords = text_field("关键词", max_length=200)
    summary = text_field("内容概述", max_length=5000, rows=3)
    body = text_field("正文", max_length=200_000, rows=14)
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={"required": STALE_FORM, "invalid": STALE_FORM, "min_value": STALE_FORM},
    )

    def __init__(
        self,
        *args: Any,
        today: dt.date,
        agencies: QuerySet[Agency] | None = None,
        item: CatalogueItem | None = None,
        **kwargs: Any,
    ) -> None:
        if item is not None and "initial" not in kwargs:  # a bound form ignores it
            kwargs["initial"] = {name: getattr(item, name) for name in actions.DRAFT_FIELDS}
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["doc_number"].help_text = "如：示自然资发〔2026〕12号；没有文号的可不填"
        self.fields["keywords"].help_text = "以空格或逗号分隔"
        self.fields["body"].help_text = "纯文本；段落之间空一行"
        self.fields["validity"].initial = Validity.VALID
        if agencies is None:
            del self.fields["agency"]
        else:
            field = self.fields["agency"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = agencies
            field.initial = agencies.first()
        if item is None:
            del self.fields["version"]
        else:
            self.fields["version"].initial = item.version

    def clean_written_on(self) -> dt.date:
        day: dt.date = self.cleaned_data["written_on"]
        if day > self.today:
            raise forms.ValidationError(f"成文日期（{day.isoformat()}）不能晚于今天")
        return day

    def draft_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in actions.DRAFT_FIELDS}


class ListFilterForm(forms.Form):
    status = choice_field("状态", [("", "全部"), *Status.choices], required=False)


# --- the item page ---------------------------------------------------------------------------------


class ItemForm(forms.Form):
    """A form of the item page: bound to one item, posting the version it was filled in on."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={"required": STALE_FORM, "invalid": STALE_FORM, "min_value": STALE_FORM},
    )

    def __init__(self, *args: Any, item: CatalogueItem, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.item = item
        self.today = today
        self.fields["version"].initial = item.version
        for field in self.fields.values():
            if isinstance(field, forms.DateField) and field.required:
                field.initial = today


class SubmitForm(ItemForm):
    pass


def privacy_findings(item: CatalogueItem) -> list[tuple[str, str]]:
    """One box per distinct finding (the same number in the body and an attachment is one box),
    then one per attachment the check could not read."""
    places: dict[str, list[str]] = defaultdict(list)
    labels: dict[str, str] = {}
    for where, flag in actions.privacy_flags(item):
        if where not in places[flag.key]:
            places[flag.key].append(where)
        labels[flag.key] = f"{flag.label}“{flag.text}”"
    found = [(key, f"{'、'.join(places[key])}中的{labels[key]}") for key in places]
    return found + actions.manual_checks(item)


def _grounds(attribute: Attribute) -> list[tuple[str, str]]:
    return [(g.value, g.label) for g in LegalGround if g in GROUNDS_FOR[attribute]]


class ApproveForm(ItemForm):
    """Sign a step. The step the form was shown for travels with it: a form for step 3 posted while
    step 2 waits is refused by the action, never applied to step 2. On a confidentiality step the
    attribute, its ground and the privacy confirmations are asked too."""

    step = forms.IntegerField(
        widget=forms.HiddenInput, min_value=1, error_messages={"required": STALE_FORM, "invalid": STALE_FORM}
    )
    attribute = choice_field("公开属性", Attribute.choices, widget=forms.RadioSelect)
    legal_ground = choice_field(
        "公开属性依据",
        [
            ("", "请选择"),
            ("主动公开的依据", _grounds(Attribute.PROACTIVE)),
            ("依申请公开、不予公开的依据", _grounds(Attribute.WITHHELD)),
        ],
    )
    legal_ground_text = reason_field(
        "依据说明", "确定为依申请公开或不予公开的，须写明具体理由", required=False
    )
    confirmed = forms.MultipleChoiceField(
        label="个人信息核查",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "核查结果已有变化，请刷新页面后重新确认"},
    )
    reason = reason_field("审核意见", "可不填", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        item = self.item
        step = item.steps_done + 1
        if self.is_bound:
            try:
                step = int(self.data.get("step", ""))
            except ValueError:
                step = 0
        self.fields["step"].initial = step
        self.confidential = 1 <= step <= len(item.steps) and bool(
            item.steps[step - 1].get("confidentiality_review")
        )
        if self.confidential:
            findings = privacy_findings(item)
            self.privacy_total = len(findings)
            self.privacy_choices = findings[:MAX_LISTED_FINDINGS]
            field = self.fields["confirmed"]
            assert isinstance(field, forms.MultipleChoiceField)
            field.choices = self.privacy_choices
        else:
            self.privacy_choices = []
            self.privacy_total = 0
            for name in ("attribute", "legal_ground", "legal_ground_text", "confirmed"):
                del self.fields[name]

    def clean(self) -> dict[str, Any] | None:
        if "step" in self.errors and "version" not in self.errors:
            # The step is hidden like the version: a form without it is a stale copy (409).
            self.add_error("version", STALE_FORM)
        return super().clean()


class ReturnForm(ItemForm):
    reason = reason_field("退回理由", "写明需要修改的内容，起草人修改后重新送审，审核从第一步重新开始")


class PublishForm(ItemForm):
    pass


class ReleaseForm(ItemForm):
    channel = choice_field("发布渠道", [("", "请选择")])
    released_on = date_field("发布日期")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        done = {release.channel for release in self.item.releases.all()}
        field = self.fields["channel"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "请选择"), *((k, v) for k, v in ChannelKind.choices if k not in done)]


class CorrectForm(ItemForm):
    """Correct a published item: the fields actions.CORRECTABLE_FIELDS, filled in as they are now."""

    reason = reason_field("更正说明", "公开页面将显示此说明")
    title = text_field("名称", max_length=200, required=True)
    doc_number = text_field("文号", max_length=100)
    validity = choice_field("有效性", Validity.choices, widget=forms.RadioSelect)
    keywords = text_field("关键词", max_length=200)
    summary = text_field("内容概述", max_length=5000, rows=3)
    body = text_field("正文", max_length=200_000, rows=10)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in actions.CORRECTABLE_FIELDS:
            self.fields[name].initial = getattr(self.item, name)


class WithdrawForm(ItemForm):
    reason = reason_field("撤回理由", "撤回后公开页面不再显示该条目，索引号保留不再使用")


class AttachForm(ItemForm, AttachmentUploadForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            f"可上传{ALLOWED}，每个不超过{self.size_limit}，每个条目最多"
            f"{settings.GONGKAI_ATTACHMENTS_PER_ITEM}个。文件类型按内容识别，须与扩展名一致。"
        )


class AttachmentChoiceField(forms.ModelChoiceField[Attachment]):
    def label_from_instance(self, obj: Attachment) -> str:
        return obj.name


class DetachForm(ItemForm):
    attachment = AttachmentChoiceField(
        label="附件",
        queryset=Attachment.objects.none(),
        widget=forms.HiddenInput,
        error_messages={"required": "请选择要删除的附件", "invalid_choice": "该附件已被删除"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["attachment"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Attachment.objects.filter(item=self.item)
