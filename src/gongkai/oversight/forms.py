"""The oversight pages' forms: the board's filters, and one form per roster action, each carrying
the version of the roster the page was drawn at."""

from __future__ import annotations

from typing import Any

from django import forms

from gongkai.agencies.models import Level

from .actions import MAX_REASON_CHARS
from .models import Deadline, Roster, UnitKind
from .scoring import ITEM_HELP, ITEM_TITLES, MAX_POINTS, Item
from .selectors import RULE_TITLES, BoardStatus, Filters


class BoardFilterForm(forms.Form):
    level = forms.ChoiceField(label="层级", required=False, choices=[("", "全部"), *Level.choices])
    kind = forms.ChoiceField(label="类别", required=False, choices=[("", "全部"), *UnitKind.choices])
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *BoardStatus.choices])
    rule = forms.ChoiceField(label="检查规则", required=False)
    problems = forms.BooleanField(label="只看问题", required=False)

    def __init__(self, *args: Any, rules: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["rule"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "全部"), *((r, f"{RULE_TITLES.get(r, r)}（{r}）") for r in rules)]

    def filters(self) -> Filters:
        data = self.cleaned_data if self.is_valid() else {}
        return Filters(
            level=data.get("level") or "",
            kind=data.get("kind") or "",
            status=data.get("status") or "",
            rule=data.get("rule") or "",
            problems_only=bool(data.get("problems")),
        )


class RosterForm(forms.Form):
    """Every roster form: `version` is the copy of the roster the user saw."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, roster: Roster, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})["version"] = roster.version
        super().__init__(*args, **kwargs)
        self.roster = roster


class UnitFields(forms.Form):
    name = forms.CharField(label="单位名称", max_length=100)
    kind = forms.ChoiceField(label="类别", choices=UnitKind.choices)
    level = forms.ChoiceField(label="层级", choices=Level.choices)
    parent_name = forms.CharField(label="上级机关", max_length=100, required=False)
    deadline = forms.ChoiceField(
        label="公开期限",
        choices=[("", "按类别和层级确定"), *Deadline.choices],
        required=False,
        help_text="县级以上人民政府本级为3月31日前，其他单位为1月31日前",
    )


class AddUnitForm(RosterForm, UnitFields):
    pass


class UnitForm(RosterForm):
    unit = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class EditUnitForm(UnitForm, UnitFields):
    pass


class ExcludeForm(UnitForm):
    reason = forms.CharField(
        label="不列入的理由",
        max_length=MAX_REASON_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="如：已撤销、已并入某单位、由某单位合并报告",
    )


class IncludeForm(UnitForm):
    reason = forms.CharField(label="说明", max_length=MAX_REASON_CHARS, required=False)


class BuildForm(forms.Form):
    """Build the year's roster from the agency tree; the year is the page's, carried in the
    cleaned data."""

    def __init__(self, *args: Any, year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.year = year

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["year"] = self.year
        return data


class CopyForm(BuildForm):
    from_year = forms.TypedChoiceField(label="复制哪一年度的名单", coerce=int)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["from_year"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(y, f"{y}年度") for y in years]


class RubricForm(forms.Form):
    """The year's 考评 rubric: the points deducted per item; `version` 0 while only the defaults apply."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, points: dict[str, int], version: int, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).update({"version": version, **points})
        super().__init__(*args, **kwargs)
        for item in Item:
            self.fields[item.value] = forms.IntegerField(
                label=f"{ITEM_TITLES[item]}扣分",
                min_value=0,
                max_value=MAX_POINTS,
                help_text=ITEM_HELP[item],
                error_messages={
                    "required": f"请填写“{ITEM_TITLES[item]}”的扣分",
                    "invalid": "请填写整数",
                    "min_value": "扣分不能小于0",
                    "max_value": f"扣分不能超过{MAX_POINTS}",
                },
            )
