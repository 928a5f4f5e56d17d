"""The annual report as data.

A report holds every cell of its edition's tables; a cell nobody filled in (or that the
importer could not read) is ``None``, never 0. Amounts are in 万元.

Besides the tables and sections a report carries three things an agency's work adds:

- ``overrides``: cells typed by hand (data from before the platform), each with its reason,
  keyed by canonical key ``(table, row, column)``. The table holds the overridden value; the
  checker reports every override (rule ``override``) and the renderers footnote it.
- ``explanations``: the written explanation of a warning, keyed by :func:`finding_key`
  (``"code:table.row.column"``, see ``compose.finding_key``).
- ``extra_rows``: rows an imported document had that the national format does not (Hubei's
  「其他主动公开文件」): kept as printed, never counted, shown under their table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from functools import cache
from typing import Any

from .editions import EDITIONS, Edition, EditionDef, Kind, TableDef

Number = int | Decimal
Grid = dict[str, dict[str, dict[str, Number | None]]]  # table -> row -> column -> value


class Level(StrEnum):
    NATIONAL = "national"  # 国务院部门
    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"
    TOWNSHIP = "township"


LEVEL_NAMES = {
    Level.NATIONAL: "国务院部门",
    Level.PROVINCE: "省级",
    Level.CITY: "市级",
    Level.COUNTY: "县级",
    Level.TOWNSHIP: "乡镇级",
}


@dataclass
class Section:
    number: int  # as printed: 1 for 一、
    title: str  # as printed, without the number
    text: str = ""  # paragraphs joined by "\n"


@dataclass(frozen=True)
class Source:
    """Where a cell's value came from in an imported document."""

    line: int | None
    text: str


@dataclass(frozen=True)
class Override:
    """A cell typed by hand instead of computed from the registers: only with a reason."""

    value: Number | None
    reason: str

    def __post_init__(self) -> None:
        if not self.reason.strip():
            raise ValueError("手工修改单元格必须说明理由")


@dataclass(frozen=True)
class ExtraRow:
    """A row of a source table that the edition's format does not have, kept as printed."""

    table: str  # the table (or part of table 二) it stood in, a canonical table key
    label: str
    cells: tuple[str, ...] = ()  # the values as printed, not interpreted

    def to_dict(self) -> dict[str, Any]:
        return {"table": self.table, "label": self.label, "cells": list(self.cells)}


CellKey = tuple[str, str, str]
UNNAMED_AGENCY = "（未识别机关）"  # what the importer writes when the text names no agency
TABLE_NUMBERS = {2: "表二", 3: "表三", 4: "表四"}  # the official tables by the section they stand in


@dataclass
class Report:
    agency: str
    year: int
    edition: Edition
    published: date | None = None
    level: Level | None = None
    government: bool | None = None  # a 人民政府 (rather than one of its departments)
    own_level_report: bool = False  # a government's 本级 report: due March 31
    period: tuple[date, date] | None = None
    sections: list[Section] = field(default_factory=list)
    tables: Grid = field(default_factory=dict)
    sources: dict[tuple[str, str, str], Source] = field(default_factory=dict, compare=False, repr=False)
    overrides: dict[CellKey, Override] = field(default_factory=dict)
    explanations: dict[str, str] = field(default_factory=dict)  # finding key -> explanation
    extra_rows: list[ExtraRow] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.edition = Edition(self.edition)
        grid = empty_grid(self.edition)
        for table, rows in self.tables.items():
            for row, columns in rows.items():
                for column, value in columns.items():
                    if table in grid and row in grid[table] and column in grid[table][row]:
                        grid[table][row][column] = value
                    else:
                        raise KeyError(f"{table}.{row}.{column} 不属于{self.edition}格式")
        self.tables = grid
        for key, override in self.overrides.items():
            self.override(key, override)

    def override(self, key: CellKey, override: Override) -> None:
        """Put a hand-typed value in a cell, with its reason (the cell shows the value)."""
        table, row, column = key
        if table not in self.tables or row not in self.tables[table] or column not in self.tables[table][row]:
            raise KeyError(f"{table}.{row}.{column} 不属于{self.edition}格式")
        self.tables[table][row][column] = override.value
        self.overrides[key] = override

    @property
    def definition(self) -> EditionDef:
        return EDITIONS[self.edition]

    def get(self, table: str, row: str, column: str) -> Number | None:
        return self.tables[table][row][column]

    def set(self, table: str, row: str, column: str, value: Number | None) -> None:
        if column not in self.tables[table][row]:
            raise KeyError(f"{table}.{row}.{column}")
        self.tables[table][row][column] = value

    def cell_place(self, key: CellKey) -> str:
        """Where a cell stands, as a clerk says it: 表二第（五）项“行政许可”行“本年处理决定数量”."""
        table = self.definition.table(key[0])
        return f"{table_name(table)}“{table.row(key[1]).label}”行“{table.column(key[2]).label}”"

    def section(self, number: int) -> Section | None:
        for section in self.sections:
            if section.number == number:
                return section
        return None

    @property
    def named(self) -> bool:
        """Whether the agency is known: two reports that name none are not the same agency's."""
        return self.agency not in ("", UNNAMED_AGENCY)

    @property
    def title(self) -> str:
        return f"{self.agency}{self.year}年政府信息公开工作年度报告"

    # --- canonical data ----------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """The report under the canonical keys of DOMAIN.md (amounts as Decimal)."""
        data: dict[str, Any] = {
            "agency": self.agency,
            "year": self.year,
            "edition": str(self.edition),
            "published": self.published.isoformat() if self.published else None,
            "level": str(self.level) if self.level else None,
            "government": self.government,
            "own_level_report": self.own_level_report,
            "period": [self.period[0].isoformat(), self.period[1].isoformat()] if self.period else None,
            "sections": [{"number": s.number, "title": s.title, "text": s.text} for s in self.sections],
            "tables": {t: {r: dict(cols) for r, cols in rows.items()} for t, rows in self.tables.items()},
        }
        # Written only when present, so that a plain report's JSON stays what it always was.
        if self.overrides:
            data["overrides"] = {
                ".".join(key): {"value": o.value, "reason": o.reason} for key, o in self.overrides.items()
            }
        if self.explanations:
            data["explanations"] = dict(self.explanations)
        if self.extra_rows:
            data["extra_rows"] = [row.to_dict() for row in self.extra_rows]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        edition = Edition(data["edition"])
        definition = EDITIONS[edition]
        tables: Grid = {}
        for table_key, rows in (data.get("tables") or {}).items():
            kinds = _column_kinds(edition, table_key)
            grid = tables.setdefault(table_key, {})
            for row_key, columns in rows.items():
                cells = grid.setdefault(row_key, {})
                for column_key, value in columns.items():
                    if column_key not in kinds:
                        raise KeyError(column_key)
                    cells[column_key] = coerce(value, kinds[column_key])
        period = data.get("period")
        level = data.get("level")
        overrides: dict[CellKey, Override] = {}
        for dotted, entry in (data.get("overrides") or {}).items():
            try:
                table_key, row_key, column_key = str(dotted).split(".")
                definition.table(table_key).row(row_key)
                kind = definition.table(table_key).column(column_key).kind
            except (ValueError, KeyError):
                raise ValueError(f"手工填报的单元格“{dotted}”不属于{edition}格式") from None
            overrides[(table_key, row_key, column_key)] = Override(
                coerce(entry.get("value"), kind), str(entry.get("reason") or "")
            )
        return cls(
            agency=data["agency"],
            year=int(data["year"]),
            edition=edition,
            published=date.fromisoformat(data["published"]) if data.get("published") else None,
            level=Level(level) if level else None,
            government=data.get("government"),
            own_level_report=bool(data.get("own_level_report", False)),
            period=(date.fromisoformat(period[0]), date.fromisoformat(period[1])) if period else None,
            sections=[
                Section(int(s["number"]), s["title"], s.get("text", "")) for s in data.get("sections", [])
            ],
            tables=tables,
            overrides=overrides,
            explanations={str(k): str(v) for k, v in (data.get("explanations") or {}).items()},
            extra_rows=[
                ExtraRow(str(e["table"]), str(e["label"]), tuple(str(c) for c in e.get("cells", ())))
                for e in data.get("extra_rows") or ()
            ],
        )


def table_name(table: TableDef) -> str:
    """表三, 表四, and a part of table 二 as 表二第（五）项: the word 第二十条 is left out, since
    readers take it for the title of a part of the table itself."""
    return TABLE_NUMBERS[table.section] + (table.title.removeprefix("第二十条") if table.section == 2 else "")


@cache
def _column_kinds(edition: Edition, table_key: str) -> dict[str, Kind]:
    return {column.key: column.kind for column in EDITIONS[edition].table(table_key).columns}


def empty_grid(edition: Edition) -> Grid:
    return {
        table.key: {row.key: {column.key: None for column in table.columns} for row in table.rows}
        for table in EDITIONS[edition].tables
    }


def coerce(value: Any, kind: Kind) -> Number | None:
    """A JSON or CSV value as the column's kind; raises ValueError for anything else."""
    if type(value) is int:  # the common case, from JSON: no round trip through text
        if kind is Kind.COUNT and value < 0:
            raise ValueError(f"不能为负数：{value!r}")
        return Decimal(value) if kind is Kind.AMOUNT else value
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(f"不是数值：{value!r}")
    if kind is Kind.AMOUNT:
        amount = Decimal(str(value))
        if not amount.is_finite():
            raise ValueError(f"不是有限数值：{value!r}")
        return amount
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(f"应为整数：{value!r}")
        value = int(value)
    number = int(str(value))
    if kind is Kind.COUNT and number < 0:
        raise ValueError(f"不能为负数：{value!r}")
    return number
