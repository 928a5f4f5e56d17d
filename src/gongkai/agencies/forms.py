"""Forms about agencies that every app's pages share: which agency and year a page of yearly
figures shows, chosen among the agencies the user may read."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpRequest

from gongkai.core import time as core_time
from gongkai.core.fields import year_field
from gongkai.core.pages import signed_in

from .models import Agency, Role
from .selectors import acting_agencies, readable_agencies


class TablesForm(forms.Form):
    agency = forms.ModelChoiceField(
        label="机关",
        queryset=Agency.objects.none(),
        empty_label=None,
        error_messages={"required": "请选择机关", "invalid_choice": "您无权查看该机关的统计"},
    )
    year = forms.IntegerField(label="年度")
    subtree = forms.BooleanField(label="包括所属机关（上级监督）", required=False)

    def __init__(
        self, *args: Any, agencies: QuerySet[Agency], today: dt.date, subtree_allowed: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.agencies = agencies
        self.fields["year"] = year_field("年度", required=True, today=today)
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = agencies
        if not subtree_allowed:
            del self.fields["subtree"]

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        agency = data.get("agency")
        if data.get("subtree") and agency is not None:
            unreadable = agency.subtree().exclude(pk__in=self.agencies.values("pk"))
            if unreadable.exists():
                self.add_error("subtree", "您只能查看本人监督范围内机关的合计")
        return data


def tables_form(request: HttpRequest) -> TablesForm:
    """Agency, year (and subtree for 上级监督) from the address, among what the user may read;
    shared by every page of yearly figures."""
    user: User = signed_in(request)
    today = core_time.today()
    agencies = readable_agencies(user)
    supervising = user.memberships.filter(role=Role.SUPERVISOR).exists()
    # Whatever the address leaves out takes its default: the user's own agency, this year.
    first = acting_agencies(user).first() or agencies.first()
    data: Any = {"agency": first.pk if first else "", "year": today.year} | request.GET.dict()
    return TablesForm(data, agencies=agencies, today=today, subtree_allowed=supervising)
