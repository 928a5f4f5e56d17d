"""The supervisor's roll-up (汇总) and comparison pages, with their charts and Excel downloads.

Only the agency's 上级监督 reaches them; anyone else (another supervisor, a unit's staff) gets
404, as on the board. Nothing here changes the database: comparing a typed-in 汇总 reads the
uploaded file and shows the differing cells, keeping nothing.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from gongkai.agencies.models import Agency, Level, Membership, Role
from gongkai.annual_report.editions import SECTION_NUMERALS
from gongkai.annual_report.measures import MEASURES, NOT_RATED, OUTCOME_GROUPS
from gongkai.annual_report.model import Number
from gongkai.annual_report.renderers.layout import format_value, section_tables, template_table
from gongkai.annual_report.rollup import Difference, cell_keys, compare, place
from gongkai.core.actions import ActionError
from gongkai.core.pages import signed_in
from gongkai.core.time import today
from gongkai.reports.archive import read_report_file
from gongkai.web.xlsx import XLSX_TYPE, header_row, new_book, put, save_book

from . import selectors
from .actions import FIRST_YEAR
from .compare import CompareFilters, Comparison, Rollup, rated_on_file, rollup
from .models import UnitKind

MAX_UPLOAD = 20 * 1024 * 1024


def supervised_agency(request: HttpRequest, agency_pk: int) -> Agency:
    """The agency, if the user is its 上级监督 (anyone else: 404, never a hint it exists)."""
    user = signed_in(request)
    ids = Membership.objects.filter(user=user, role=Role.SUPERVISOR, agency_id=agency_pk).values("agency_id")
    return get_object_or_404(Agency.objects.filter(pk__in=ids), pk=agency_pk)


def _year(year: int) -> int:
    if not FIRST_YEAR <= year <= today().year:
        raise Http404("没有这个年度")
    return year


def percent(value: Decimal | None) -> str:
    return "" if value is None else f"{value * 100:.1f}%"


def shown(value: Decimal | int | None, rate: bool) -> str:
    if value is None:
        return "—"
    return percent(Decimal(value)) if rate else format_value(value)


# --- the roll-up -------------------------------------------------------------------------------


class TypedRollupForm(forms.Form):
    file = forms.FileField(
        label="填报的汇总报告文件",
        help_text="已发布或拟发布的汇总报告：DOCX、PDF、HTML、TXT、CSV 或 JSON，与计算结果逐格比对，文件不保存",
    )


def _tables(found: Rollup, differing: set[tuple[str, str, str]]) -> list[dict[str, Any]]:
    """Tables 二, 三 and 四 of the computed roll-up as the report pages print them; a cell some unit
    left blank is marked ＊, a cell the typed 汇总 differs on †."""
    report = found.report
    incomplete = {".".join(k) for k in found.result.incomplete}
    marked = {".".join(k) for k in differing}
    tables = []
    n = 0
    for number in (2, 3, 4):
        for layout in section_tables(report, number):
            table = template_table(layout)
            n += 1
            table["n"] = n
            table["caption"] = f"表{SECTION_NUMERALS[number - 1]}　{layout.caption}"
            for group in table["groups"]:  # type: ignore[attr-defined]
                for row in group:
                    for cell in row:
                        if cell["key"] in incomplete:
                            cell["text"] = f"{cell['text']}＊"
                        if cell["key"] in marked:
                            cell["text"] = f"{cell['text']}†"
            tables.append(table)
    return tables


def _rollup_page(
    request: HttpRequest,
    agency: Agency,
    year: int,
    *,
    form: TypedRollupForm | None = None,
    differences: list[Difference] | None = None,
    typed_name: str = "",
    error: str = "",
    status: int = 200,
    found: Rollup | None = None,
) -> HttpResponse:
    found = found or rollup(agency, year)
    result = found.result
    platform = sum(1 for f in found.on_file if f.source == "platform")
    context = {
        "agency": agency,
        "year": year,
        "years": sorted({today().year - 1, *(r.year for r in selectors.rosters_of(agency))}, reverse=True),
        "found": found,
        "counted": len(result.counted),
        "platform": platform,
        "collected": len(found.on_file) - platform,
        "incomplete": [
            {"place": place(result.report, key), "names": names} for key, names in result.incomplete.items()
        ],
        "tables": _tables(found, {d.key for d in differences or []}),
        "form": form or TypedRollupForm(),
        "differences": [
            {"place": d.place, "computed": format_value(d.computed), "typed": format_value(d.typed)}
            for d in differences or []
        ],
        "compared": differences is not None,
        "typed_name": typed_name,
        "error": error,
        "xlsx_url": reverse("oversight:rollup_xlsx", args=[agency.pk, year]),
    }
    return render(request, "oversight/rollup.html", context, status=status)


@login_required
@require_GET
def rollup_page(request: HttpRequest, agency: int, year: int) -> HttpResponse:
    """The computed roll-up; with ``?against=platform``, compared with the government's own report
    on the platform as the typed-in 汇总 (its own work then counted from its registers and cases)."""
    supervised = supervised_agency(request, agency)
    year = _year(year)
    if request.GET.get("against") != "platform":
        return _rollup_page(request, supervised, year)
    found = rollup(supervised, year, own_live=True)
    if found.platform is None:
        message = f"本机关还没有报送或发布{year}年度的年度报告，无法与之比对"
        return _rollup_page(request, supervised, year, error=message, found=found)
    name = f"本机关在平台上的{year}年度报告"
    differences = compare(found.report, found.platform)
    return _rollup_page(request, supervised, year, found=found, differences=differences, typed_name=name)


@login_required
@require_POST
def rollup_compare(request: HttpRequest, agency: int, year: int) -> HttpResponse:
    """The typed-in 汇总 read from the uploaded file and compared with the computed one."""
    supervised = supervised_agency(request, agency)
    year = _year(year)
    form = TypedRollupForm(request.POST, request.FILES)
    if not form.is_valid():
        return _rollup_page(request, supervised, year, form=form, error="请选择汇总报告文件", status=400)
    upload = form.cleaned_data["file"]
    name = str(upload.name or "汇总报告")
    if upload.size > MAX_UPLOAD:
        message = f"文件“{name}”超过{MAX_UPLOAD // 1024 // 1024} MB，不能作为年度报告读取"
        form.add_error("file", message)
        return _rollup_page(request, supervised, year, form=form, error=message, status=400)
    try:
        typed = read_report_file(name, upload.read()).report
    except ActionError as refused:
        form.add_error("file", str(refused))
        return _rollup_page(request, supervised, year, form=form, error=str(refused), status=400)
    if typed.year != year:
        message = f"文件“{name}”是{typed.year}年度的报告，不是{year}年度的；请选择{year}年度的汇总报告"
        form.add_error("file", message)
        return _rollup_page(request, supervised, year, form=form, error=message, status=400)
    found = rollup(supervised, year)
    differences = compare(found.report, typed)
    return _rollup_page(
        request, supervised, year, form=form, differences=differences, typed_name=name, found=found
    )


ROLLUP_HEADERS = ("表", "行", "列", "规范键", "本级", "各单位合计", "汇总（计算）", "缺数的单位")


@login_required
@require_GET
def rollup_xlsx(request: HttpRequest, agency: int, year: int) -> HttpResponse:
    """Every cell of the computed roll-up with its parts, the units counted and those missing."""
    supervised = supervised_agency(request, agency)
    found = rollup(supervised, _year(year))
    result = found.result
    book, sheet = new_book(f"{year}年度汇总")
    header_row(sheet, ROLLUP_HEADERS, [18, 40, 24, 36, 10, 12, 14, 30])
    definition = result.report.definition
    for number, key in enumerate(cell_keys(result.report.edition), start=2):
        table = definition.table(key[0])
        values: tuple[str | Number | None, ...] = (
            f"表{SECTION_NUMERALS[table.section - 1]} {table.title}"
            if table.section == 2
            else f"表{SECTION_NUMERALS[table.section - 1]}",
            " ".join(table.row(key[1]).path),
            " ".join(table.column(key[2]).path),
            ".".join(key),
            _own_value(result, key),
            result.members.get(*key),
            result.report.get(*key),
            "、".join(result.incomplete.get(key, [])),
        )
        for column, value in enumerate(values, start=1):
            put(sheet, number, column, value)
    units = book.create_sheet("计入的单位")
    header_row(units, ("单位", "来源", "报告年度", "格式"), [36, 12, 10, 10])
    for number, one in enumerate(found.on_file, start=2):
        row: tuple[str | int, ...] = (
            one.unit.name,
            _source(one.source),
            one.report.year,
            str(one.report.edition),
        )
        for column, cell in enumerate(row, start=1):
            put(units, number, column, cell)
    missing = book.create_sheet("未报告的单位")
    header_row(missing, ("单位", "类别", "层级"), [36, 20, 12])
    for number, unit in enumerate(found.missing, start=2):
        names = (unit.name, unit.get_kind_display(), unit.get_level_display())
        for column, name in enumerate(names, start=1):
            put(missing, number, column, name)
    return _xlsx(book, f"rollup-{supervised.pk}-{year}.xlsx")


def _own_value(result: Any, key: tuple[str, str, str]) -> Number | None:
    own = result.own
    if own is None or own.edition is not result.report.edition:
        return None
    value: Number | None = own.get(*key)
    return value


def _xlsx(book: Any, filename: str) -> HttpResponse:
    response = HttpResponse(save_book(book), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- comparing ---------------------------------------------------------------------------------


class CompareFilterForm(forms.Form):
    kind = forms.ChoiceField(label="类别", required=False, choices=[("", "全部"), *UnitKind.choices])
    level = forms.ChoiceField(label="层级", required=False, choices=[("", "全部"), *Level.choices])
    year = forms.ChoiceField(label="年度", required=False)
    measure = forms.ChoiceField(
        label="排名指标", required=False, choices=[(m.key, m.label) for m in MEASURES]
    )

    ALL_YEARS = "all"

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.years = years
        field = self.fields["year"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [*((str(y), f"{y}年度") for y in years), (self.ALL_YEARS, "全部年度")]
        field.initial = str(years[0]) if years else self.ALL_YEARS

    def filters(self) -> CompareFilters:
        """The filters asked for; the newest year unless a year (or 全部年度) is chosen, so that a
        province's thousands of units open on one year."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        chosen = data.get("year") or ""
        newest = self.years[0] if self.years else None
        return CompareFilters(
            kind=data.get("kind") or "",
            level=data.get("level") or "",
            year=None if chosen == self.ALL_YEARS else int(chosen) if chosen else newest,
            measure=data.get("measure") or "received",
        )


def _found(request: HttpRequest, agency: Agency) -> tuple[Comparison, CompareFilterForm]:
    everything = rated_on_file(agency)
    form = CompareFilterForm(request.GET or None, years=everything.years)
    return everything.view(form.filters()), form


def _cell(rating: Any, rate: bool) -> dict[str, Any]:
    return {
        "value": shown(rating.value, rate),
        "rank": "" if rating.rank is None else f"{rating.rank:.0f}",
        "note": rating.note,
    }


def chart_data(found: Comparison) -> dict[str, Any]:
    """What the charts draw (the tables beside them print the same numbers)."""

    def number(value: Decimal | int | None, rate: bool = False) -> float | None:
        if value is None:
            return None
        return round(float(value) * 100, 1) if rate else round(float(value), 2)

    measure = found.measure
    ranked = [r for r in found.ranked if r.ratings[measure.key].value is not None]
    return {
        "trend": {
            "years": [str(t.year) for t in found.totals],
            "series": [
                {"name": "收到申请", "data": [number(t.received) for t in found.totals]},
                {"name": "办结", "data": [number(t.concluded) for t in found.totals]},
                {"name": "每单位收到申请", "data": [number(t.per_unit) for t in found.totals]},
            ],
        },
        "outcomes": {
            "years": [str(t.year) for t in found.totals],
            "series": [
                {"name": label, "data": [number(t.outcomes[key]) for t in found.totals]}
                for key, label, _ in OUTCOME_GROUPS
            ],
        },
        "ranking": {
            "title": f"{found.ranking_year}年度各单位{measure.label}" if found.ranking_year else "",
            "unit": "%" if measure.rate else "件",
            "names": [r.name for r in reversed(ranked)],
            "values": [number(r.ratings[measure.key].value, measure.rate) for r in reversed(ranked)],
            "rated": [r.ratings[measure.key].rated for r in reversed(ranked)],
        },
    }


@login_required
@require_GET
def compare_page(request: HttpRequest, agency: int) -> HttpResponse:
    supervised = supervised_agency(request, agency)
    found, form = _found(request, supervised)
    rows = [
        {"row": row, "cells": [_cell(row.ratings[m.key], m.rate) for m in MEASURES]} for row in found.rows
    ]
    peers = [
        {
            "stats": p,
            "values": [shown(v, p.measure.rate) for v in (p.p25, p.p50, p.p75)],
        }
        for p in found.peers
    ]
    totals = [
        {
            "total": t,
            "received": shown(t.received, False),
            "concluded": shown(t.concluded, False),
            "disclosure_rate": shown(t.disclosure_rate, True),
            "correction_rate": shown(t.correction_rate, True),
            "per_unit": "—" if t.per_unit is None else f"{t.per_unit:.1f}",
            "outcomes": [shown(t.outcomes[key], False) for key, _, _ in OUTCOME_GROUPS],
        }
        for t in found.totals
    ]
    ranked = [
        {"row": r, "cell": _cell(r.ratings[found.measure.key], found.measure.rate)} for r in found.ranked
    ]
    pivot_years, pivot_units = found.pivot()
    pivot = [
        {
            "name": name,
            "cells": [_cell(cells[y], found.measure.rate) if y in cells else None for y in pivot_years],
        }
        for name, cells in pivot_units
    ]
    query = request.GET.urlencode()
    context = {
        "pivot_years": pivot_years,
        "pivot": pivot,
        "agency": supervised,
        "found": found,
        "form": form,
        "measures": MEASURES,
        "outcome_groups": [label for _, label, _ in OUTCOME_GROUPS],
        "rows": rows,
        "peers": peers,
        "totals": totals,
        "ranked": ranked,
        "charts": chart_data(found),
        "not_rated": NOT_RATED,
        "xlsx_url": reverse("oversight:compare_xlsx", args=[supervised.pk]) + (f"?{query}" if query else ""),
        "year": today().year - 1,
    }
    return render(request, "oversight/compare.html", context)


@login_required
@require_GET
def compare_xlsx(request: HttpRequest, agency: int) -> HttpResponse:
    """The comparison as filtered on the page: units, the subtree per year, peers, the ranking."""
    supervised = supervised_agency(request, agency)
    found, _ = _found(request, supervised)
    book, sheet = new_book("各单位")
    headers = ["年度", "单位", "类别", "层级", "来源"]
    for m in MEASURES:
        headers += [m.label, f"{m.label}样本", f"{m.label}同类百分位", f"{m.label}说明"]
    header_row(sheet, headers)
    for number, row in enumerate(found.rows, start=2):
        values: list[Any] = [row.year, row.name, row.kind_label, row.level_label, _source(row.source)]
        for m in MEASURES:
            rating = row.ratings[m.key]
            rank = None if rating.rank is None else round(rating.rank, 1)
            values += [_xlsx_value(rating.value, m.rate), rating.sample, rank, rating.note]
        _put_row(sheet, number, values, rates=[6 + 4 * i for i, m in enumerate(MEASURES) if m.rate])

    totals = book.create_sheet("全辖区逐年")
    header_row(
        totals,
        ["年度", "应报告单位", "有报告的单位", "收到申请", "办结", "公开率", "纠错率", "每单位收到申请"]
        + [label for _, label, _ in OUTCOME_GROUPS],
    )
    for number, t in enumerate(found.totals, start=2):
        per_unit = None if t.per_unit is None else round(t.per_unit, 2)
        values = [t.year, t.roster_units, t.units, t.received, t.concluded]
        values += [_xlsx_value(t.disclosure_rate, True), _xlsx_value(t.correction_rate, True), per_unit]
        values += [t.outcomes[key] for key, _, _ in OUTCOME_GROUPS]
        _put_row(totals, number, values, rates=[6, 7])

    peers = book.create_sheet("同类分位")
    header_row(peers, ["年度", "类别", "层级", "指标", "有数值的单位", "参与评价的单位", "P25", "P50", "P75"])
    for number, p in enumerate(found.peers, start=2):
        values = [p.year, p.kind_label, p.level_label, p.measure.label, p.units, p.rated]
        values += [_xlsx_value(v, p.measure.rate) for v in (p.p25, p.p50, p.p75)]
        _put_row(peers, number, values, rates=[7, 8, 9] if p.measure.rate else [])

    measure = found.measure
    ranking = book.create_sheet("排名")
    header_row(ranking, ["年度", "名次", "单位", measure.label, "样本", "同类百分位", "说明"])
    for number, row in enumerate(found.ranked, start=2):
        rating = row.ratings[measure.key]
        values = [row.year, number - 1, row.name, _xlsx_value(rating.value, measure.rate)]
        values += [rating.sample, None if rating.rank is None else round(rating.rank, 1), rating.note]
        _put_row(ranking, number, values, rates=[4] if measure.rate else [])
    years, units = found.pivot()
    pivot = book.create_sheet("逐年对照")
    header_row(pivot, ["单位", *(f"{y}年度{measure.label}" for y in years)], [36, *(16 for _ in years)])
    for number, (name, cells) in enumerate(units, start=2):
        values = [name, *(_xlsx_value(cells[y].value, measure.rate) if y in cells else None for y in years)]
        _put_row(pivot, number, values, rates=list(range(2, len(years) + 2)) if measure.rate else [])
    return _xlsx(book, f"compare-{supervised.pk}.xlsx")


def _source(source: str) -> str:
    return "本平台" if source == "platform" else "收集的文件"


def _xlsx_value(value: Decimal | None, rate: bool) -> Decimal | None:
    if value is None:
        return None
    return round(value, 4) if rate else round(value, 2)


def _put_row(sheet: Any, number: int, values: list[Any], *, rates: list[int]) -> None:
    for column, value in enumerate(values, start=1):
        if isinstance(value, Decimal) and value == value.to_integral_value() and column not in rates:
            value = int(value)
        cell = put(sheet, number, column, value)
        if column in rates and value is not None:
            cell.number_format = "0.0%"
