"""The forms of a case's records (答复材料) and of their 区分处理.

Each document form carries the document's `version`: two clerks marking the same document at
once, the second one's form is refused (409). The attach form carries the case's.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from gongkai.core.filecheck import ALLOWED
from gongkai.core.uploads import AttachmentUploadForm

from ..models import Application, CaseDocument
from ..records import ground_choices
from .work import STALE_FORM


def _version() -> forms.IntegerField:
    return forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={"required": STALE_FORM, "invalid": STALE_FORM, "min_value": STALE_FORM},
    )


def _ground() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="遮盖的法律依据",
        choices=[("", "请选择《条例》条款"), *ground_choices()],
        help_text="每处遮盖都须写明依据，记入办理记录",
        error_messages={
            "required": "请选择遮盖的法律依据（《条例》第十四条、第十五条或第十六条）",
            "invalid_choice": "请从列表中选择遮盖的法律依据",
        },
    )


class AttachDocumentForm(AttachmentUploadForm):
    version = _version()

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.application = application
        self.fields["version"].initial = application.version
        self.fields["file"].help_text = (
            f"答复申请人所提供的政府信息：{ALLOWED}，每个不超过{self.size_limit}。文件类型按内容识别，"
            "须与扩展名一致；图片中的拍摄信息会被去除。"
        )


class DocumentForm(forms.Form):
    """A form on a document's page: bound to the document, posting the version it was filled in on."""

    version = _version()

    def __init__(self, *args: Any, document: CaseDocument, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.document = document
        self.fields["version"].initial = document.version


def _percent(label: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=Decimal(0),
        max_value=Decimal(100),
        decimal_places=2,
        max_digits=5,
        error_messages={
            "required": f"请填写{label}",
            "invalid": f"{label}应为0到100之间的数字（页面宽度或高度的百分比）",
            "min_value": f"{label}应为0到100之间的数字",
            "max_value": f"{label}应为0到100之间的数字",
            "max_decimal_places": f"{label}最多保留两位小数",
            "max_digits": f"{label}应为0到100之间的数字",
        },
    )


class MarkForm(DocumentForm):
    """A rectangle on a page, in % of the page from its top left corner (the page image fills
    these in when the clerk drags over it; without JavaScript they are typed)."""

    page = forms.IntegerField(
        label="页码",
        min_value=1,
        error_messages={"required": "请填写页码", "invalid": "页码应为正整数", "min_value": "页码应为正整数"},
    )
    left = _percent("左边距（%）")
    top = _percent("上边距（%）")
    right = _percent("右边位置（%）")
    bottom = _percent("下边位置（%）")
    basis = _ground()

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        if all(data.get(k) is not None for k in ("left", "top", "right", "bottom")):
            if data["right"] <= data["left"]:
                self.add_error("right", "右边位置应大于左边距")
            if data["bottom"] <= data["top"]:
                self.add_error("bottom", "下边位置应大于上边距")
        return data


class MarkTextForm(DocumentForm):
    text = forms.CharField(
        label="要遮盖的文字",
        max_length=100,
        help_text="如姓名、身份证号码、电话号码：文件各页中出现的每一处都会被遮盖（不区分大小写）",
        error_messages={"required": "请输入要遮盖的文字", "max_length": "要遮盖的文字不能超过100个字"},
    )
    basis = _ground()


class UnmarkForm(DocumentForm):
    mark = forms.IntegerField(widget=forms.HiddenInput, error_messages={"required": "请选择要取消的遮盖"})


class ApplyForm(DocumentForm):
    pass


class DeliverForm(DocumentForm):
    delivered = forms.TypedChoiceField(
        label="是否提供给申请人",
        choices=[("1", "提供给申请人"), ("0", "不提供（整份不予公开或仅供内部参考）")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        error_messages={"required": "请选择是否提供给申请人", "invalid_choice": "请选择是否提供给申请人"},
    )


class RemoveForm(DocumentForm):
    pass
