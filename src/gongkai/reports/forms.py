"""The report pages' forms: one per action, each carrying the version the page was drawn at."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from gongkai.agencies.models import Agency
from gongkai.annual_report.editions import EDITIONS, Edition

from . import checks, selectors
from .actions import MAX_REASON_CHARS, MAX_SECTION_CHARS
from .models import SECTION_FIELDS, AnnualReport

SECTION_HELP = {
    "general": "写明主动公开、依申请公开、政府信息管理、平台建设、监督保障等方面的总体情况；"
    "【】内是与表格单元格绑定的数字（如【表三·本年新收政府信息公开申请数量·总计】），随统计更新，签发时填入",
    "proactive": "表二的数字由登记簿统计，不需手填；此处可补充说明",
    "applications": "表三的数字由申请登记统计，不需手填；此处可补充说明",
    "appeals": "表四的数字由复议、诉讼登记统计，不需手填；此处可补充说明",
    "problems": "如实写明存在的主要问题及改进情况，不宜只写“无”",
    "other": "2021年版格式要求说明本年度收取信息处理费的情况（发出收费通知的件数和总金额）及年度工作要点落实情况",
}


class ReportForm(forms.Form):
    """Every report form: built for one report; `version` is the copy the user saw."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, report: AnnualReport, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})["version"] = report.version
        super().__init__(*args, **kwargs)
        self.report = report


class DraftForm(ReportForm):
    """The six sections' text, and an explanation field for every warning the checker found."""

    def __init__(self, *args: Any, report: AnnualReport, **kwargs: Any) -> None:
        initial = kwargs.setdefault("initial", {})
        titles = EDITIONS[Edition(report.edition)].section_titles
        numerals = "一二三四五六"
        for name in SECTION_FIELDS:
            initial.setdefault(name, getattr(report, name))
        self.explained: dict[str, str] = {}  # field name → finding key
        for finding in filter(checks.needs_explanation, report.findings):
            name = checks.field_name(finding["key"])
            self.explained[name] = finding["key"]
            initial.setdefault(name, report.explanations.get(finding["key"], ""))
        super().__init__(*args, report=report, **kwargs)
        for number, name in enumerate(SECTION_FIELDS, start=1):
            self.fields[name] = forms.CharField(
                label=f"{numerals[number - 1]}、{titles[number - 1]}（正文）",
                required=False,
                max_length=MAX_SECTION_CHARS,
                widget=forms.Textarea(attrs={"rows": 8 if number in (1, 5, 6) else 3}),
                help_text=SECTION_HELP[name],
            )
        for finding in filter(checks.needs_explanation, report.findings):
            name = checks.field_name(finding["key"])
            self.fields[name] = forms.CharField(
                label=f"说明：{finding['message']}",
                required=False,
                max_length=MAX_REASON_CHARS,
                widget=forms.Textarea(attrs={"rows": 2}),
            )


class OverrideForm(ReportForm):
    cell = forms.ChoiceField(label="单元格")
    value = forms.CharField(
        label="数值", required=False, max_length=30, help_text="留空则取消手工改写，恢复为系统统计的数字"
    )
    reason = forms.CharField(
        label="理由",
        required=False,
        max_length=MAX_REASON_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="必填，例如：本系统启用前受理的申请，数字取自纸质台账",
    )

    def __init__(self, *args: Any, report: AnnualReport, **kwargs: Any) -> None:
        super().__init__(*args, report=report, **kwargs)
        self.fields["cell"].choices = selectors.cell_choices(Edition(report.edition))  # type: ignore[attr-defined]


class StepForm(ReportForm):
    step = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, report: AnnualReport, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})["step"] = report.steps_done + 1
        super().__init__(*args, report=report, **kwargs)


class ApproveForm(StepForm):
    reason = forms.CharField(
        label="意见", required=False, max_length=MAX_REASON_CHARS, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReturnForm(StepForm):
    reason = forms.CharField(
        label="退回理由", max_length=MAX_REASON_CHARS, widget=forms.Textarea(attrs={"rows": 3})
    )


class SupervisorReturnForm(ReportForm):
    comments = forms.CharField(
        label="退回意见", max_length=MAX_REASON_CHARS, widget=forms.Textarea(attrs={"rows": 3})
    )


class AcceptForm(ReportForm):
    reason = forms.CharField(
        label="意见", required=False, max_length=MAX_REASON_CHARS, widget=forms.Textarea(attrs={"rows": 2})
    )


class CorrectForm(ReportForm):
    note = forms.CharField(
        label="更正说明",
        max_length=MAX_REASON_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="写明更正了什么、为什么；原报告继续公开",
    )


class StartForm(forms.Form):
    agency = forms.ModelChoiceField(label="机关", queryset=Agency.objects.none(), empty_label=None)
    year = forms.IntegerField(label="报告年度", min_value=2008, max_value=2100)

    def __init__(self, *args: Any, agencies: QuerySet[Agency], year: int, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})["year"] = year
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]


class ImportForm(forms.Form):
    """Last year's report as the agency published it, uploaded once (reports.archive)."""

    agency = forms.ModelChoiceField(label="机关", queryset=Agency.objects.none(), empty_label=None)
    year = forms.IntegerField(label="报告年度", min_value=2008, max_value=2100)
    file = forms.FileField(
        label="已发布的报告文件",
        allow_empty_file=False,
        help_text="机关网站上发布的原文件：文本、HTML、DOCX、PDF，或本系统导出的JSON、CSV，不超过20 MB",
        error_messages={
            "required": "请选择已发布的年度报告文件",
            "empty": "文件是空的，请选择已发布的年度报告文件",
            "invalid": "没有收到文件，请重新选择",
            "missing": "没有收到文件，请重新选择",
        },
    )

    def __init__(
        self, *args: Any, agencies: QuerySet[Agency], year: int, too_large: bool = False, **kwargs: Any
    ) -> None:
        kwargs.setdefault("initial", {})["year"] = year
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["file"].widget.attrs["accept"] = ".txt,.md,.html,.htm,.docx,.pdf,.json,.csv"
        self.too_large = too_large

    def clean(self) -> dict[str, Any] | None:
        if self.too_large:  # the upload handler dropped the file half-way: say why
            from gongkai.annual_report.importers import MAX_BYTES
            from gongkai.archives import format_size

            self.errors.pop("file", None)
            self.add_error("file", f"文件超过年度报告文件的上限{format_size(MAX_BYTES)}，未能上传")
        return super().clean()
