"""Forms of the applications app, one module per side of the site (public, work)."""

from __future__ import annotations

from django import forms

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
