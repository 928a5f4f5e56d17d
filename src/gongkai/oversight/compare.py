"""The roll-up (汇总) and the comparisons of a supervisor's units, read from the reports on file.

Both read every unit's report through :func:`on_file.reports_on_file` (platform and collected
alike) and leave the arithmetic to the pure core (``annual_report.rollup`` and
``annual_report.measures``). A fixed number of queries whatever the number of units and years:
the reports on file (four), the roster's units of the year, and the government's own report (its
frozen content, else its live tables from the registers and cases).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from gongkai.agencies.models import Agency, Level
from gongkai.annual_report.editions import edition_for_year
from gongkai.annual_report.measures import (
    MEASURE_BY_KEY,
    MEASURES,
    NOT_RATED,
    OUTCOME_GROUPS,
    Measure,
    Measures,
    measures,
    outcomes,
    quartiles,
    ranker,
    rated,
    ratio,
    total,
)
from gongkai.annual_report.model import Report
from gongkai.annual_report.rollup import Part, RollUp, roll_up
from gongkai.reports.models import AnnualReport
from gongkai.reports.models import Status as ReportStatus
from gongkai.reports.selectors import live_tables

from .models import RosterUnit, UnitKind
from .on_file import OnFile, reports_on_file

OWN_SUFFIX = "（本级）"


# --- the roll-up -------------------------------------------------------------------------------


@dataclass
class Rollup:
    agency: Agency
    year: int
    result: RollUp
    own_source: str  # where the government's own tables come from, as the page says it
    on_file: list[OnFile]
    missing: list[RosterUnit]
    units: int  # the roster's units that must report (0: no roster for the year)
    platform: Report | None  # the government's own report on the platform (frozen), if any
    notes: list[str] = field(default_factory=list)

    @property
    def report(self) -> Report:
        return self.result.report


def platform_report(agency: Agency, year: int) -> tuple[Report, str] | None:
    """The government's own report on the platform with its tables frozen (the published revision,
    else the newest filed one), with its state; None when it has none."""
    rows = AnnualReport.objects.filter(agency=agency, year=year, content__isnull=False).order_by("revision")
    chosen: AnnualReport | None = None
    for row in rows.only("id", "revision", "status", "content"):
        if chosen is None or chosen.status != ReportStatus.PUBLISHED or row.status == ReportStatus.PUBLISHED:
            chosen = row
    if chosen is None or chosen.content is None:
        return None
    return Report.from_dict(chosen.content), chosen.get_status_display()


LIVE_SOURCE = "本机关平台上登记的办理情况（实时统计）"


def rollup(agency: Agency, year: int, *, own_live: bool = False) -> Rollup:
    """The government's tables computed for `year`: its own work plus every roster unit's report
    on file; the roster's units without one are listed (the sum lacks them).

    The own work is the government's own report's frozen tables, else its live tables (from its
    registers and cases). `own_live`: the live tables even when it has a report, for when that
    report is itself the typed-in 汇总 being checked (it cannot be a part of its own sum)."""
    found = reports_on_file(agency, [year])
    units = list(
        RosterUnit.objects.filter(roster__agency=agency, roster__year=year, excluded=False).order_by("id")
    )
    with_report = {f.unit.pk for f in found}
    missing = [u for u in units if u.pk not in with_report]
    notes = []
    members = []
    for one in found:
        if one.unit.agency_id == agency.pk:
            notes.append(f"{one.unit.name}即本机关，已按本机关的工作计入，不再重复相加。")
            continue
        if one.report.year != year:
            notes.append(
                f"{one.unit.name}的报告读出的年度是{one.report.year}年，与名单年度{year}年不同，请核对。"
            )
        members.append(Part(one.unit.name, one.report))
    platform = platform_report(agency, year)
    if platform is not None and not own_live:
        own, own_source = platform[0], f"本机关{platform[1]}的年度报告"
    else:
        own, own_source = live_tables(agency, year), LIVE_SOURCE
    result = roll_up(
        Part(agency.name + OWN_SUFFIX, own),
        members,
        missing=[u.name for u in missing],
        agency=agency.name,
        year=year,
        edition=edition_for_year(year),
    )
    return Rollup(
        agency,
        year,
        result,
        own_source,
        found,
        missing,
        len(units),
        platform[0] if platform is not None else None,
        notes + result.notes,
    )


# --- comparing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rating:
    """One measure of one unit in one year, against its peers."""

    value: Decimal | None
    sample: int | None
    rated: bool
    rank: Decimal | None  # percentile rank among the rated peers (None: not rated)

    @property
    def note(self) -> str:
        return "" if self.rated or self.value is None else NOT_RATED


@dataclass
class UnitYear:
    key: str
    name: str
    kind: str
    level: str
    year: int
    source: str
    figures: Measures
    outcomes: dict[str, int | None]
    ratings: dict[str, Rating] = field(default_factory=dict)

    @property
    def peer_group(self) -> tuple[int, str, str]:
        return (self.year, self.kind, self.level)

    @property
    def kind_label(self) -> str:
        return str(dict(UnitKind.choices).get(self.kind, self.kind))

    @property
    def level_label(self) -> str:
        return str(dict(Level.choices).get(self.level, self.level))

    def rating(self, key: str) -> Rating:
        return self.ratings[key]


@dataclass(frozen=True)
class PeerStats:
    year: int
    kind: str
    level: str
    measure: Measure
    units: int  # units of the group with a value
    rated: int  # of which with at least the minimum sample
    p25: Decimal | None
    p50: Decimal | None
    p75: Decimal | None

    @property
    def kind_label(self) -> str:
        return str(dict(UnitKind.choices).get(self.kind, self.kind))

    @property
    def level_label(self) -> str:
        return str(dict(Level.choices).get(self.level, self.level))


@dataclass(frozen=True)
class YearTotal:
    """The whole subtree (or the filtered part of it) in one year."""

    year: int
    roster_units: int  # units of the roster that must report
    units: int  # units with a report on file
    received: int | None
    concluded: int | None
    disclosed: int | None
    corrected: int | None
    appeals_concluded: int | None
    outcomes: dict[str, int | None]

    @property
    def disclosure_rate(self) -> Decimal | None:
        return ratio(self.disclosed, self.concluded)

    @property
    def correction_rate(self) -> Decimal | None:
        return ratio(self.corrected, self.appeals_concluded)

    @property
    def per_unit(self) -> Decimal | None:
        return None if self.received is None or not self.units else Decimal(self.received) / self.units


@dataclass(frozen=True)
class CompareFilters:
    kind: str = ""
    level: str = ""
    year: int | None = None
    measure: str = "received"

    def keep(self, row: UnitYear) -> bool:
        return (not self.kind or row.kind == self.kind) and (not self.level or row.level == self.level)


@dataclass
class Comparison:
    agency: Agency
    years: list[int]  # every year on file (before the year filter), newest first
    rows: list[UnitYear]  # the kept rows, newest year first, then roster order
    every_year: list[UnitYear]  # the rows of every year the kind and level filters keep
    peers: list[PeerStats]
    totals: list[YearTotal]  # per year, oldest first (the trend)
    ranking_year: int | None
    measure: Measure
    filters: CompareFilters

    @property
    def ranked(self) -> list[UnitYear]:
        """The units of the ranking year by the chosen measure, largest first (no value: last)."""
        rows = [r for r in self.rows if r.year == self.ranking_year]
        key = self.measure.key
        return sorted(
            rows, key=lambda r: (r.ratings[key].value is None, -(r.ratings[key].value or 0), r.name)
        )

    def pivot(self) -> tuple[list[int], list[tuple[str, dict[int, Rating]]]]:
        """The chosen measure as a table unit × year over every year, the year filter aside (oldest
        year first): each unit once, by its key across the years' rosters, named as in its newest
        year, in the newest roster's order."""
        years = sorted({r.year for r in self.every_year})
        units: dict[str, tuple[str, dict[int, Rating]]] = {}
        for row in sorted(self.every_year, key=lambda r: r.year):
            held = units.get(row.key)
            cells = held[1] if held is not None else {}
            cells[row.year] = row.ratings[self.measure.key]
            units[row.key] = (row.name, cells)
        order: dict[str, int] = {}
        for row in self.every_year:  # newest year first, each year in its roster's order
            order.setdefault(row.key, len(order))
        return years, [units[key] for key in sorted(units, key=lambda k: order[k])]


def _unit_years(found: Iterable[OnFile]) -> list[UnitYear]:
    return [
        UnitYear(
            one.key,
            one.unit.name,
            one.unit.kind,
            one.unit.level,
            one.year,
            one.source,
            measures(one.report),
            outcomes(one.report),
        )
        for one in found
    ]


def _rate(rows: list[UnitYear]) -> list[PeerStats]:
    """Each row's rating on each measure against its peers (same year, kind and level), and the
    quartiles of each group over its rated members."""
    groups: dict[tuple[int, str, str], list[UnitYear]] = defaultdict(list)
    for row in rows:
        groups[row.peer_group].append(row)
    stats = []
    for (year, kind, level), members in sorted(groups.items(), key=lambda g: (-g[0][0], g[0][1], g[0][2])):
        for measure in MEASURES:
            values = [(row, measure.value(row.figures), measure.sample(row.figures)) for row in members]
            rated_values = [v for _, v, s in values if v is not None and rated(s)]
            rank_of = ranker(rated_values)
            for row, value, sample in values:
                ok = value is not None and rated(sample)
                rank = rank_of(value) if ok and value is not None else None
                row.ratings[measure.key] = Rating(value, sample, ok, rank)
            p25, p50, p75 = quartiles(rated_values)
            with_value = sum(1 for _, v, _ in values if v is not None)
            stats.append(PeerStats(year, kind, level, measure, with_value, len(rated_values), p25, p50, p75))
    return stats


def _totals(rows: list[UnitYear], roster_sizes: dict[int, int]) -> list[YearTotal]:
    by_year: dict[int, list[UnitYear]] = defaultdict(list)
    for row in rows:
        by_year[row.year].append(row)
    found = []
    for year in sorted(by_year):
        members = by_year[year]
        found.append(
            YearTotal(
                year,
                roster_sizes.get(year, 0),
                len(members),
                total([r.figures.received for r in members]),
                total([r.figures.concluded for r in members]),
                total([r.figures.disclosed for r in members]),
                total([r.figures.corrected for r in members]),
                total([r.figures.appeals_concluded for r in members]),
                {key: total([r.outcomes[key] for r in members]) for key, _, _ in OUTCOME_GROUPS},
            )
        )
    return found


@dataclass
class Rated:
    """Every unit-year on file under a supervisor, rated against its peers: what any view of the
    comparison filters (a filter never changes a rating: peers share a kind and a level)."""

    agency: Agency
    rows: list[UnitYear]
    peers: list[PeerStats]
    roster: list[tuple[int, str, str]]  # every unit that must report: (year, kind, level)

    @property
    def years(self) -> list[int]:
        return sorted({r.year for r in self.rows}, reverse=True)

    def view(self, filters: CompareFilters) -> Comparison:
        """The rows, peers and yearly totals the filters keep; the totals keep every year (the
        trend), the year filter picks the rows, the peers and the ranking."""
        kept = [r for r in self.rows if filters.keep(r)]
        every_year = sorted(kept, key=lambda r: -r.year)
        sizes: dict[int, int] = defaultdict(int)
        for year, kind, level in self.roster:
            if (not filters.kind or kind == filters.kind) and (not filters.level or level == filters.level):
                sizes[year] += 1
        totals = _totals(kept, sizes)
        if filters.year is not None:
            kept = [r for r in kept if r.year == filters.year]
        kept.sort(key=lambda r: -r.year)  # stable: roster order within a year
        years = self.years
        ranking_year = filters.year if filters.year is not None else (years[0] if years else None)
        peers = [
            p
            for p in self.peers
            if (not filters.kind or p.kind == filters.kind)
            and (not filters.level or p.level == filters.level)
            and (filters.year is None or p.year == filters.year)
        ]
        measure = MEASURE_BY_KEY.get(filters.measure, MEASURES[0])
        return Comparison(self.agency, years, kept, every_year, peers, totals, ranking_year, measure, filters)


def rated_on_file(agency: Agency) -> Rated:
    """Every unit's measures over every year on file, rated against its peers. Five queries: the
    reports on file (four) and the rosters' units."""
    rows = _unit_years(reports_on_file(agency))
    peers = _rate(rows)
    units = RosterUnit.objects.filter(roster__agency=agency, excluded=False)
    roster = [(int(y), str(k), str(lv)) for y, k, lv in units.values_list("roster__year", "kind", "level")]
    return Rated(agency, rows, peers, roster)


def comparison(agency: Agency, filters: CompareFilters) -> Comparison:
    return rated_on_file(agency).view(filters)
