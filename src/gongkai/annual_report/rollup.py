"""The roll-up (汇总): a government's report tables as its own work plus the sum over the units
that report to it, and a typed-in 汇总 compared with that sum cell by cell.

Which cells add up. The roll-up is of one year, and within one year every cell of tables 二, 三
and 四 adds across units, cell by cell under the canonical keys:

- counts of the year (本年新收, each outcome row, 本年制发/废止, 处理决定数量, 案件数) add;
- stocks add too, because each unit's stock is its own: 上年结转 and 结转下年度 (三), 现行有效件数
  (E2021 二), 上一年项目数量 and 对外公开总数量 (E2019 二), 尚未审结 (四). The government's stock is
  the sum of its units'. What never adds is a stock *across years* (this year's 上年结转 is last
  year's 结转下年度, not a sum of the two): the roll-up never mixes years;
- 本年增/减 (E2019 二) adds with its sign;
- amounts (采购总金额, 本年收费金额, in 万元) add as ``Decimal``.

Summing cell by cell keeps each unit's figures as printed: the 勾稽 identities of the form
(balance, outcome-sum, row-total, review-total) are linear, so the sum satisfies them whenever
every part does, and a part's own error shows through rather than being silently repaired.

A cell a unit left blank (or the importer could not read) is missing, not 0: the sum keeps the
known values and the cell is marked incomplete with the units that lack it.

A unit whose report uses the other edition (the old format years after it was replaced): its
tables 三 and 四 share every key but 其他处理, which is one row in E2019 and three in E2021; its
其他处理 goes into E2021's ``other_misc`` (or its three rows into E2019's ``other``), so that the
outcomes still add up to 总计. Of its table 二 only the cells both formats have under one key add
(处理决定数量 of 行政许可, 行政处罚, 行政强制); the rest measure other things. Said in a note.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from .editions import EDITIONS, Edition
from .model import CellKey, Number, Report, empty_grid, table_name

E2021_OTHER = ("other_no_correction", "other_fee_unpaid", "other_misc")
SUMMED_SECTIONS = (2, 3, 4)


@dataclass(frozen=True)
class Part:
    """One report that goes into the sum: the government's own work, or one unit's report."""

    name: str
    report: Report


@dataclass
class RollUp:
    report: Report  # the computed tables: own work + every unit's report on file
    own: Report | None  # the government's own tables (None: not counted)
    members: Report  # the sum over the units' reports alone
    counted: list[str]  # the units whose reports are in the sum, in roster order
    missing: list[str]  # the units that must report and have no report on file: the sum lacks them
    incomplete: dict[CellKey, list[str]] = field(default_factory=dict)  # cell -> parts lacking it
    notes: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.missing and not self.incomplete


@dataclass(frozen=True)
class Difference:
    key: CellKey
    place: str  # where the cell stands, as a clerk says it
    computed: Number | None
    typed: Number | None


def cell_keys(edition: Edition) -> Iterator[CellKey]:
    """Every cell of the edition's tables 二, 三 and 四, in the order of the form."""
    for table in EDITIONS[edition].tables:
        if table.section in SUMMED_SECTIONS:
            for row in table.rows:
                for column in table.columns:
                    yield (table.key, row.key, column.key)


def _mapped(key: CellKey, source: Edition, target: Edition) -> CellKey | None:
    """Where a cell of a `source`-edition report lands in a `target`-edition sum (None: nowhere)."""
    if source is target:
        return key
    table, row, column = key
    if table == "appeals":
        return key
    if table != "applications":
        # Table 二: only the cells both formats have under one key (处理决定数量 of 许可, 处罚 and
        # 强制) mean the same; the rest measure other things (制作/公开 against 制发/废止/现行有效).
        return key if _has(target, key) else None
    if target is Edition.E2021 and row == "other":
        return (table, "other_misc", column)
    if target is Edition.E2019 and row in E2021_OTHER:
        return (table, "other", column)
    return key


def _has(edition: Edition, key: CellKey) -> bool:
    definition = EDITIONS[edition]
    if key[0] not in definition.table_keys:
        return False
    table = definition.table(key[0])
    return key[1] in table.row_keys and key[2] in table.column_keys


def add_up(
    parts: Sequence[Part], *, agency: str, year: int, edition: Edition
) -> tuple[Report, dict[CellKey, list[str]], list[str]]:
    """The cell-by-cell sum of `parts` as a report of `edition`, the cells some part lacks (with
    those parts' names, in order) and a note for each part in the other edition.

    A cell no part has stays blank; a cell some parts lack holds the sum of the others."""
    grid = empty_grid(edition)
    lacking: dict[CellKey, list[str]] = {}
    notes: list[str] = []
    for part in parts:
        source = part.report.edition
        if source is not edition:
            notes.append(
                f"{part.name}的报告使用{source}格式：表二只计入两种格式相同的“处理决定数量”，"
                f"表三“其他处理”并入{edition}格式的对应行。"
            )
        values: dict[CellKey, list[Number | None]] = {}
        for key in cell_keys(source):
            target = _mapped(key, source, edition)
            if target is not None:
                values.setdefault(target, []).append(part.report.get(*key))
        for (table, row, column), found in values.items():
            if any(value is None for value in found):
                lacking.setdefault((table, row, column), []).append(part.name)
            known = [value for value in found if value is not None]
            if known:
                held = grid[table][row][column]
                grid[table][row][column] = sum(known, start=0 if held is None else held)
    report = Report(agency=agency, year=year, edition=edition, tables=grid)
    return report, lacking, notes


def roll_up(
    own: Part | None,
    members: Sequence[Part],
    *,
    missing: Sequence[str] = (),
    agency: str,
    year: int,
    edition: Edition,
) -> RollUp:
    """The government's tables computed: its own work (if counted) plus every member's report.

    `missing` names the units that must report and have none on file; they are carried into the
    result so that whoever shows the sum says it is incomplete."""
    summed, _, _ = add_up(members, agency=agency, year=year, edition=edition)
    parts = ([own] if own is not None else []) + list(members)
    total, lacking, notes = add_up(parts, agency=agency, year=year, edition=edition)
    return RollUp(
        report=total,
        own=own.report if own is not None else None,
        members=summed,
        counted=[m.name for m in members],
        missing=list(missing),
        incomplete=lacking,
        notes=notes,
    )


def place(report: Report, key: CellKey) -> str:
    """Where a cell stands, its column named with its groups where the column's own label
    repeats (表四“案件数”行“行政复议·总计”), so that no two cells read alike."""
    table = report.definition.table(key[0])
    column = table.column(key[2])
    if column.path[0] == "法人或其他组织" or len(column.path) == 1:
        return report.cell_place(key)
    return f"{table_name(table)}“{table.row(key[1]).label}”行“{'·'.join(column.path)}”"


def compare(computed: Report, typed: Report) -> list[Difference]:
    """Every cell where a typed-in 汇总 differs from the computed one, in the order of the form.

    In the same edition: every cell of 二, 三 and 四. In different editions: the cells of 三 and
    四 (其他处理 compared as the sum of its rows) and the cells of 二 both formats have. A blank typed
    cell beside a computed figure differs (missing is not 0)."""
    same = typed.edition is computed.edition
    if not same:  # both in the coarser grouping: E2019's one 其他处理 row
        coarse = Edition.E2019
        computed = add_up([Part("", computed)], agency=computed.agency, year=computed.year, edition=coarse)[0]
        typed = add_up([Part("", typed)], agency=typed.agency, year=typed.year, edition=coarse)[0]
    return [
        Difference(key, place(computed, key), computed.get(*key), typed.get(*key))
        for key in cell_keys(computed.edition)
        if (same or key[0] in ("applications", "appeals") or all(_has(e, key) for e in Edition))
        and computed.get(*key) != typed.get(*key)
    ]
