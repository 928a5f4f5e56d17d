"""The collecting pages' forms: the upload (files, a ZIP or URLs) and the supervisor's word on one
collected file, each carrying the version of the file the page was drawn at."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from .collect import MAX_FILES
from .models import BatchSource, CollectedReport, RosterUnit

MAX_URLS_CHARS = 200_000
MAX_BATCH_BYTES = 200 * 1024 * 1024  # all the files of one upload together


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class UploadForm(forms.Form):
    source = forms.ChoiceField(
        label="收集方式", choices=BatchSource.choices, widget=forms.RadioSelect, initial=BatchSource.FILES
    )
    uploads = MultipleFileField(
        label="文件",
        required=False,
        help_text="可一次选择多个文件（DOCX、PDF、HTML、文本等，最多100个，更多请打包为ZIP），或一个ZIP压缩包",
    )
    urls = forms.CharField(
        label="网址",
        required=False,
        max_length=MAX_URLS_CHARS,
        widget=forms.Textarea(
            attrs={"rows": 5, "placeholder": "https://www.example.gov.cn/…/2024年度报告.pdf"}
        ),
        help_text=f"每行一个网址（http或https），一次最多{MAX_FILES}个；逐个下载，同一网站每次间隔1秒",
    )

    def __init__(self, *args: Any, too_large: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.too_large = too_large

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        source = data.get("source")
        if self.too_large:
            self.add_error("uploads", "有文件超过上传上限，未能收到；请拆分后再上传")
        elif source == BatchSource.URLS:
            urls = [line.strip() for line in (data.get("urls") or "").splitlines() if line.strip()]
            if not urls:
                self.add_error("urls", "请填写至少一个网址，每行一个")
            data["url_list"] = urls
        elif sum(f.size or 0 for f in data.get("uploads") or []) > MAX_BATCH_BYTES:
            self.add_error(
                "uploads", f"一次上传的文件合计超过{MAX_BATCH_BYTES // (1024 * 1024)} MB，请分批上传"
            )
        elif source in (BatchSource.FILES, BatchSource.ZIP) and not data.get("uploads"):
            self.add_error(
                "uploads", "请选择要上传的文件" if source == BatchSource.FILES else "请选择ZIP压缩包"
            )
        return data


class CollectedForm(forms.Form):
    """Every form on one collected file: `version` is the copy the user saw."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, collected: CollectedReport, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})["version"] = collected.version
        super().__init__(*args, **kwargs)
        self.collected = collected


class ConfirmForm(CollectedForm):
    unit = forms.TypedChoiceField(label="所属单位", coerce=int)

    def __init__(self, *args: Any, units: list[RosterUnit], scores: dict[int, float], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.TypedChoiceField)
        ranked = sorted(units, key=lambda u: (-scores.get(u.pk, 0), u.pk))
        field.choices = [
            (u.pk, f"{u.name}（相似度{scores[u.pk]:.0%}）" if u.pk in scores else u.name) for u in ranked
        ]
        if ranked and not self.is_bound:
            self.initial.setdefault("unit", ranked[0].pk)


class RefuseForm(CollectedForm):
    reason = forms.CharField(label="拒收理由", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class PlainForm(CollectedForm):
    pass
