"""Form fields every app's pages use: a date with a date picker, a report year; Chinese messages
that say what is expected."""

from __future__ import annotations

import datetime as dt

from django import forms

FIRST_REPORT_YEAR = 2019  # the current Regulations and report format apply from 2019

DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"]


def date_field(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    """A date field with a date picker and Chinese messages that show the expected format."""
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": f"请填写{label}",
            "invalid": f"{label}格式有误，应为“年-月-日”，如 2026-06-30",
        },
    )


def year_field(label: str, *, required: bool, today: dt.date) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=FIRST_REPORT_YEAR,
        max_value=today.year,
        error_messages={
            "required": f"请填写{label}",
            "invalid": f"{label}应为四位数字",
            "min_value": f"{label}不能早于{FIRST_REPORT_YEAR}年",
            "max_value": f"{label}不能晚于{today.year}年",
        },
    )
