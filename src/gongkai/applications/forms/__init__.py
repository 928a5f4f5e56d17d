"""Forms of the applications app, one module per side of the site (public, work)."""

from __future__ import annotations

from typing import Any

from django import forms

from ..identity import PERSON_ID_KINDS, id_kind_for, id_number_problem
from ..models import ApplicantKind, IdKind


def id_kind_field() -> forms.ChoiceField:
    """The person's identity document; an organisation's is its 统一社会信用代码, not chosen here."""
    return forms.ChoiceField(
        label="证件类型",
        choices=[(kind.value, kind.label) for kind in PERSON_ID_KINDS],
        initial=IdKind.RESIDENT_ID,
        required=False,
        help_text="个人选择所持证件；法人或其他组织无需选择，证件号码栏填写统一社会信用代码。",
        error_messages={"invalid_choice": "请选择证件类型"},
    )


def clean_identity(form: forms.Form, data: dict[str, Any]) -> None:
    """Settle ``data["id_kind"]`` from the applicant kind and check ``id_number`` against it."""
    kind = data.get("applicant_kind")
    if not kind:
        return
    chosen = data.get("id_kind", "") if kind == ApplicantKind.NATURAL_PERSON else ""
    data["id_kind"] = id_kind_for(kind, chosen)
    number = data.get("id_number")
    if number and not form.has_error("id_kind"):
        problem = id_number_problem(data["id_kind"], number)
        if problem:
            form.add_error("id_number", problem)
