"""The year's 考评 (scores: each unit's 100 less the rubric's deductions, with the evidence), its
rubric form and XLSX export, and one unit's 上级检查 with the passages a 雷同 finding shares.

Only the agency's 上级监督 reaches them (as the board: 404 for anyone else); the rubric's form
goes through ``core.pages.run_action``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from gongkai.agencies.models import Agency
from gongkai.annual_report.editions import section_numeral
from gongkai.core.pages import ActionSpec, run_action
from gongkai.core.time import today
from gongkai.web.xlsx import XLSX_TYPE, header_row, new_book, put, save_book

from . import forms, selectors
from .checks import roster_checks
from .models import Roster, ScoringRubric
from .scoring import ITEM_TITLES, Item, UnitScore
from .scoring_actions import set_rubric
from .scoring_facts import roster_scores, rubric_of
from .views import SUPERVISOR, _others, _supervised, _years

# --- the rubric --------------------------------------------------------------------------------


def _set(user: User, target: tuple[Agency, int], data: dict[str, Any], version: int | None) -> str:
    agency, year = target
    set_rubric(
        acting_user=user, agency=agency, year=year, version=version, points={i: data[i.value] for i in Item}
    )
    return f"已保存{year}年度考评扣分标准"


RUBRIC = ActionSpec[tuple[Agency, int]](
    "rubric",
    "设置考评扣分标准",
    forms.RubricForm,
    _set,
    roles=SUPERVISOR,
    button="保存",
    help="每项对每个单位至多扣一次；总分 = 100 − 各项扣分（不低于0）。设为0即不扣该项。",
)


def _rubric_form(data: Any, row: ScoringRubric | None) -> forms.RubricForm:
    points = {i.value: (getattr(row, i.value) if row else 5) for i in Item}
    return forms.RubricForm(data, points=points, version=row.version if row else 0, auto_id=RUBRIC.auto_id)


def _roster(agency: Agency, year: int) -> Roster:
    roster = selectors.roster_of(agency, year)
    if roster is None:
        raise Http404("本年度还没有名单")
    return roster


def _evidence_url(agency: Agency, year: int, score: UnitScore) -> str:
    return reverse("oversight:unit_checks", args=[agency.pk, year, score.facts.unit_id])


def _scores_page(
    request: HttpRequest, agency: Agency, year: int, *, bound: Any = None, error: str = "", status: int = 200
) -> HttpResponse:
    rosters = selectors.rosters_of(agency)
    context: dict[str, Any] = {
        "agency": agency,
        "year": year,
        "years": _years(agency, rosters),
        "others": _others(request, agency),
        "error": error,
        "today": today(),
        "items": [(item.value, ITEM_TITLES[item]) for item in Item],
    }
    roster = selectors.roster_of(agency, year)
    context["roster"] = roster
    if roster is not None:
        scores, rubric, row = roster_scores(roster, today())
        context |= {
            "scores": [
                {
                    "score": s,
                    "cells": [s.deducted(item) for item in Item],
                    "evidence_url": _evidence_url(agency, year, s),
                }
                for s in scores
            ],
            "points": [(ITEM_TITLES[i], rubric.points[i]) for i in Item],
            "rubric": row,
            "action_forms": [
                {
                    "spec": RUBRIC,
                    "form": bound if bound is not None else _rubric_form(None, row),
                    "url": reverse("oversight:rubric", args=[agency.pk, year]),
                    "open": bound is not None,
                }
            ],
            "xlsx_url": reverse("oversight:scores_xlsx", args=[agency.pk, year]),
        }
    return render(request, "oversight/scores.html", context, status=status)


@login_required
@require_GET
def scores(request: HttpRequest, agency: int, year: int) -> HttpResponse:
    return _scores_page(request, _supervised(request, agency, year), year)


@login_required
@require_POST
def rubric(request: HttpRequest, agency: int, year: int) -> HttpResponse:
    supervised = _supervised(request, agency, year)
    _roster(supervised, year)
    form = _rubric_form(request.POST, rubric_of(supervised, year))

    def rerender(bound: Any, message: str, status: int) -> HttpResponse:
        return _scores_page(request, supervised, year, bound=bound, error=message, status=status)

    done = reverse("oversight:scores", args=[supervised.pk, year])
    return run_action(request, RUBRIC, (supervised, year), form, rerender=rerender, done=done)


SCORE_HEADERS = (
    "名次",
    "单位",
    "类别",
    "层级",
    "公开期限",
    *(ITEM_TITLES[i] for i in Item),
    "扣分合计",
    "得分",
    "扣分依据",
)


@login_required
@require_GET
def scores_xlsx(request: HttpRequest, agency: int, year: int) -> HttpResponse:
    """The scores as on the page, one row per unit, each deduction's evidence in the last column."""
    supervised = _supervised(request, agency, year)
    roster = _roster(supervised, year)
    found, _, _ = roster_scores(roster, today())
    units = {u.id: u for u in roster.units.all()}
    book, sheet = new_book(f"{year}年度考评")
    header_row(sheet, SCORE_HEADERS, [6, 30, 14, 10, 12, 10, 10, 10, 10, 12, 10, 8, 80])
    for number, one in enumerate(found, start=2):
        unit = units[one.facts.unit_id]
        values: list[Any] = [
            one.rank,
            unit.name,
            unit.get_kind_display(),
            unit.get_level_display(),
            one.facts.due,
        ]
        for item in Item:
            deduction = one.deducted(item)
            values.append(-deduction.points if deduction else None)
        values += [
            one.deducted_points,
            one.total,
            "；".join(f"{d.title}：{'；'.join(e.text for e in d.evidence)}" for d in one.deductions),
        ]
        for column, value in enumerate(values, start=1):
            put(sheet, number, column, value)
    response = HttpResponse(save_book(book), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="scores-{supervised.pk}-{year}.xlsx"'
    return response


# --- one unit's 上级检查 -------------------------------------------------------------------------


def _passages(finding: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        p
        | {
            "where": f"第{section_numeral(int(p['section']))}部分",
            "other_where": f"第{section_numeral(int(p['other_section']))}部分",
        }
        for p in (finding.get("values") or {}).get("passages") or []
    ]


@login_required
@require_GET
def unit_checks(request: HttpRequest, agency: int, year: int, unit: int) -> HttpResponse:
    """A unit's findings for the year: its report's own (the checker's, when filed or read) and the
    supervisor's (上级检查), the 雷同 ones with the passages side by side; its scoring."""
    supervised = _supervised(request, agency, year)
    roster = _roster(supervised, year)
    member = get_object_or_404(roster.units.all(), pk=unit)
    checked = roster_checks(roster)
    on_file = checked.on_file.get(member.pk)
    found, _, _ = roster_scores(roster, today(), checked)
    mine = next((s for s in found if s.facts.unit_id == member.pk), None)
    supervision = [f | {"passages": _passages(f)} for f in checked.for_unit(member.pk)]
    context = {
        "agency": supervised,
        "year": year,
        "unit": member,
        "on_file": on_file,
        "own": on_file.findings if on_file else [],
        "supervision": supervision,
        "score": mine,
        "due": member.due(year),
        "report_url": reverse("reports:report", args=[on_file.record_id])
        if on_file and on_file.source == "platform"
        else "",
    }
    return render(request, "oversight/unit_checks.html", context)
