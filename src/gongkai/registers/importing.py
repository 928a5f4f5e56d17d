"""Bulk import of a register from an XLSX or CSV sheet, with a preview before anything is saved.

`preview(agency, register, filename, content)` reads the sheet, checks every row against the
fixed Chinese headers, the register's rules and the database, and returns a Preview: the rows
it would add, the rows already registered with the same content, and every error with its
row number. `apply_preview(...)` saves the rows only when there is no error at all: a sheet
with one bad row changes nothing, so a clerk fixes the file and uploads it again.

Rows are only ever added: a row that matches a registered record by its identity (文号,
文书编号, ...) but differs in content is an error, never an update.

A sheet is read as a stream, row by row (openpyxl's read-only mode over an XLSX whose zip has been
checked first against what it unpacks to, gongkai.archives), and refused past MAX_ROWS rows;
errors are listed up to LISTED_ERRORS, with the number of the rest, so that neither the
server's memory nor the page grows with a hostile file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, models, transaction

from gongkai.agencies.models import Agency
from gongkai.archives import ArchiveError, ArchiveTooLarge, check_archive
from gongkai.core.actions import ActionError, state_change
from gongkai.core.time import today

from . import actions
from .models import (
    Decision,
    DecisionKind,
    DocumentKind,
    DocumentStatus,
    FeeCollection,
    Matter,
    MatterKind,
    NormativeDocument,
    Procurement,
    RegisterEventKind,
)

MAX_ROWS = 20_000  # rows under the header; more is refused (split the file)
LISTED_ERRORS = 200  # errors listed on the preview; the rest are counted

Value = str | int | Decimal | dt.date | None
Record = dict[str, Value]


@dataclass(frozen=True)
class Column:
    header: str
    attr: str
    kind: str  # "text", "date", "int", "decimal" or "choice"
    required: bool = True
    choices: tuple[tuple[str, str], ...] = ()  # (printed label, stored value)


@dataclass(frozen=True)
class Register:
    key: str
    name: str
    model: type[models.Model]
    columns: tuple[Column, ...]
    identity: tuple[str, ...]  # attrs that say "the same record"
    check: Callable[[Record, Agency], list[str]] = lambda record, agency: []

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(c.header for c in self.columns)


def _labels(choices: Any) -> tuple[tuple[str, str], ...]:
    return tuple((str(label), str(value)) for value, label in choices.choices)


def _describe(record: Record, register: Register) -> str:
    columns = {c.attr: c for c in register.columns}
    parts = []
    for attr in register.identity:
        column, value = columns[attr], record[attr]
        labels = {stored: label for label, stored in reversed(column.choices)}
        parts.append(f"{column.header}“{labels.get(_show(value), _show(value))}”")
    return "，".join(parts)


def _show(value: Value) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


def _not_after_today(record: Record, *attrs_and_names: tuple[str, str]) -> list[str]:
    problems = []
    for attr, name in attrs_and_names:
        day = record.get(attr)
        if isinstance(day, dt.date) and day > today():
            problems.append(f"{name}（{day.isoformat()}）晚于今天")
    return problems


def _check_matter(record: Record, agency: Agency) -> list[str]:
    listed, delisted = record["listed_from"], record["delisted_on"]
    if isinstance(listed, dt.date) and isinstance(delisted, dt.date) and delisted <= listed:
        return [f"移出日期（{delisted.isoformat()}）应晚于列入日期（{listed.isoformat()}）"]
    return []


def _check_decision(record: Record, agency: Agency) -> list[str]:
    return _not_after_today(record, ("decided_on", "决定日期"))


def _check_document(record: Record, agency: Agency) -> list[str]:
    problems = _not_after_today(
        record, ("made_on", "制发日期"), ("published_on", "公开日期"), ("repealed_on", "废止日期")
    )
    made = record["made_on"]
    if record["kind"] == DocumentKind.RULES and not agency.may_make_rules:
        problems.append(actions.RULES_FORBIDDEN.format(agency=agency.name))
    for attr, name in (("published_on", "公开日期"), ("repealed_on", "废止日期")):
        day = record[attr]
        if isinstance(day, dt.date) and isinstance(made, dt.date) and day < made:
            problems.append(f"{name}（{day.isoformat()}）早于制发日期（{made.isoformat()}）")
    if record["repealed_on"] is not None and not record["repeal_reason"]:
        problems.append("填写了废止日期，请同时填写废止原因")
    if record["repealed_on"] is None and record["repeal_reason"]:
        problems.append("填写了废止原因，请同时填写废止日期")
    return problems


def _check_year(record: Record, agency: Agency) -> list[str]:
    year = record["year"]
    if isinstance(year, int) and not 1990 <= year <= today().year:
        return [f"年度“{year}”不在1990年至今年之间"]
    return []


REGISTERS: dict[str, Register] = {
    r.key: r
    for r in (
        Register(
            "matters",
            "事项清单",
            Matter,
            (
                Column("事项类型", "kind", "choice", choices=_labels(MatterKind)),
                Column("事项名称", "name", "text"),
                Column("列入日期", "listed_from", "date"),
                Column("移出日期", "delisted_on", "date", required=False),
            ),
            identity=("name", "kind", "listed_from"),
            check=_check_matter,
        ),
        Register(
            "decisions",
            "处理决定",
            Decision,
            (
                Column("决定类型", "kind", "choice", choices=_labels(DecisionKind)),
                Column("文书编号", "reference", "text"),
                Column("决定日期", "decided_on", "date"),
            ),
            identity=("reference", "kind"),
            check=_check_decision,
        ),
        Register(
            "documents",
            "规章和规范性文件",
            NormativeDocument,
            (
                Column(
                    "文件类型",
                    "kind",
                    "choice",
                    choices=(*_labels(DocumentKind), ("规范性文件", "normative")),
                ),
                Column("文件名称", "title", "text"),
                Column("文号", "doc_number", "text"),
                Column("制发日期", "made_on", "date"),
                Column("公开日期", "published_on", "date", required=False),
                Column("废止日期", "repealed_on", "date", required=False),
                Column("废止原因", "repeal_reason", "text", required=False),
            ),
            identity=("doc_number",),
            check=_check_document,
        ),
        Register(
            "fees",
            "行政事业性收费",
            FeeCollection,
            (
                Column("收费项目", "item", "text"),
                Column("年度", "year", "int"),
                Column("收费金额（元）", "amount", "decimal"),
            ),
            identity=("item", "year"),
            check=_check_year,
        ),
        Register(
            "procurements",
            "政府集中采购",
            Procurement,
            (
                Column("采购项目", "project", "text"),
                Column("年度", "year", "int"),
                Column("采购金额（万元）", "amount", "decimal"),
            ),
            identity=("project", "year"),
            check=_check_year,
        ),
    )
}


@dataclass(frozen=True)
class RowError:
    row: int | None  # the sheet's row number (the header is row 1); None for the whole file
    message: str

    def __str__(self) -> str:
        return self.message if self.row is None else f"第{self.row}行：{self.message}"


@dataclass
class Preview:
    register: str
    agency_id: int
    to_add: list[tuple[int, Record]] = field(default_factory=list)  # (row number, values)
    unchanged: list[int] = field(default_factory=list)  # row numbers already registered as they are
    errors: list[RowError] = field(default_factory=list)  # the first LISTED_ERRORS found
    error_count: int = 0  # all of them

    def add_error(self, error: RowError) -> None:
        self.error_count += 1
        if len(self.errors) < LISTED_ERRORS:
            self.errors.append(error)

    @property
    def unlisted_errors(self) -> int:
        return self.error_count - len(self.errors)

    @property
    def ok(self) -> bool:
        return not self.error_count

    @property
    def summary(self) -> str:
        if self.error_count:
            return f"发现{self.error_count}处错误，改正后重新上传才能导入"
        return f"将新增{len(self.to_add)}条，已登记且内容相同{len(self.unchanged)}条"


# --- reading cells --------------------------------------------------------------------------

_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def _clean(cell: object) -> object:
    if isinstance(cell, str):
        text = unicodedata.normalize("NFKC", cell).strip()
        return text or None
    return cell


def _date(cell: object) -> dt.date:
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    match = _DATE.match(str(cell))
    if match:
        try:
            return dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            pass
    raise ValueError(f"“{cell}”不是有效日期（应写作2024-03-01）")


def _int(cell: object) -> int:
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    if isinstance(cell, int) and not isinstance(cell, bool):
        return cell
    if isinstance(cell, str) and re.fullmatch(r"\d{1,6}", cell):
        return int(cell)
    raise ValueError(f"“{cell}”不是整数")


def _decimal(cell: object) -> Decimal:
    if isinstance(cell, bool):
        raise ValueError(f"“{cell}”不是数值")
    text = str(cell).replace(",", "") if isinstance(cell, str) else repr(cell)
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"“{cell}”不是数值（只填数字，不带单位）") from None
    if not number.is_finite():
        raise ValueError(f"“{cell}”不是数值")
    if number < 0:
        raise ValueError(f"“{cell}”不能为负数")
    return number


def _text_value(cell: object) -> str:
    return str(cell)[:300]


_READERS: dict[str, Callable[[object], Value]] = {
    "text": _text_value,
    "date": _date,
    "int": _int,
    "decimal": _decimal,
}


def _choice(column: Column, cell: object) -> str:
    labels = dict(column.choices)
    if str(cell) not in labels:
        expected = "、".join(dict.fromkeys(label for label, _ in column.choices))
        raise ValueError(f"“{cell}”不是可选的类型（可选：{expected}）")
    return labels[str(cell)]


def _cell(column: Column, raw: object) -> Value:
    """The cell's value in the column's kind; raises ValueError with the reason in Chinese."""
    cell = _clean(raw)
    if cell is None:
        if column.required:
            raise ValueError("不能为空")
        return "" if column.kind == "text" else None
    reader = _READERS.get(column.kind)
    return reader(cell) if reader is not None else _choice(column, cell)


class SheetTooLong(ValueError):
    pass


def read_sheet(filename: str, content: bytes) -> Iterator[list[object]]:
    """The rows of the first worksheet of an XLSX file, or of a CSV file (UTF-8 or GB18030), one
    at a time; ValueError (in Chinese) for a file that cannot be read, SheetTooLong past the
    header and MAX_ROWS rows."""
    for number, row in enumerate(_rows(filename, content), start=1):
        if number > MAX_ROWS + 1:
            raise SheetTooLong(f"文件超过{MAX_ROWS}行（不含表头），请拆分为多个文件分批导入")
        yield row


def _rows(filename: str, content: bytes) -> Iterator[list[object]]:
    if filename.lower().endswith(".xlsx") or content[:2] == b"PK":
        from openpyxl import load_workbook

        unreadable = "无法读取该XLSX文件，请确认文件未损坏且为Excel 2007及以上格式"
        try:
            check_archive(content, f"文件“{filename}”")
        except ArchiveTooLarge as exc:
            raise ValueError(str(exc)) from exc
        except ArchiveError as exc:
            raise ValueError(unreadable) from exc
        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise ValueError(unreadable) from exc
        try:
            rows = workbook.worksheets[0].iter_rows(values_only=True)
            while True:
                try:
                    row = next(rows, None)
                except Exception as exc:  # a damaged sheet breaks while it is read
                    raise ValueError(unreadable) from exc
                if row is None:
                    return
                yield list(row)
        finally:
            workbook.close()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValueError("无法识别CSV文件的编码，请另存为UTF-8编码")
    for line in csv.reader(io.StringIO(text)):
        yield list[object](line)


def _header_problem(register: Register, found: Sequence[object]) -> RowError | None:
    cells = [str(_clean(c) or "") for c in found]
    while cells and not cells[-1]:
        cells.pop()
    # Full-width and half-width brackets and spaces are the same header (NFKC on both sides).
    if tuple(cells) == tuple(str(_clean(h)) for h in register.headers):
        return None
    expected = "、".join(register.headers)
    actual = "、".join(c or "（空）" for c in cells) or "（空）"
    normal = [str(_clean(h)) for h in register.headers]
    missing = [h for h, n in zip(register.headers, normal, strict=True) if n not in cells]
    unknown = [c for c in cells if c not in normal]
    detail = []
    if missing:
        detail.append("缺少：" + "、".join(missing))
    if unknown:
        detail.append("无法识别：" + "、".join(c or "（空）" for c in unknown))
    if not detail:
        detail.append("列的顺序不对")
    return RowError(
        1, f"表头不符。{register.name}的表头应为“{expected}”，实际为“{actual}”（{'；'.join(detail)}）"
    )


# --- preview and apply ----------------------------------------------------------------------


def preview(agency: Agency, register_key: str, filename: str, content: bytes) -> Preview:
    register = REGISTERS[register_key]
    result = Preview(register=register_key, agency_id=agency.pk)
    rows = read_sheet(filename, content)
    try:
        header = next(rows, None)
        if header is None:
            result.add_error(RowError(None, "文件是空的"))
            return result
        problem = _header_problem(register, header)
        if problem:
            result.add_error(problem)
            return result
        parsed = _parse_rows(result, register, agency, rows)
    except ValueError as exc:  # unreadable, or too long: nothing of it is previewed
        result.errors, result.error_count = [], 0
        result.add_error(RowError(None, str(exc)))
        return result

    attrs = [c.attr for c in register.columns]
    first = register.identity[0]
    existing = {
        tuple(row[a] for a in register.identity): row
        for row in register.model._default_manager.filter(
            agency=agency, **{f"{first}__in": {r[first] for _, r in parsed}}
        ).values(*attrs)
    }
    for number, record in parsed:
        key = tuple(record[a] for a in register.identity)
        if key not in existing:
            result.to_add.append((number, record))
        elif all(_same(existing[key][a], record[a]) for a in attrs):
            result.unchanged.append(number)
        else:
            names = {c.attr: c.header for c in register.columns}
            differing = "、".join(names[a] for a in attrs if not _same(existing[key][a], record[a]))
            result.add_error(
                RowError(
                    number,
                    f"已登记过（{_describe(record, register)}），但{differing}与已登记的不同；"
                    "导入只新增记录，修改已登记的记录请在登记簿中逐条办理",
                )
            )
    result.errors.sort(key=lambda e: e.row or 0)
    return result


def _parse_rows(
    result: Preview, register: Register, agency: Agency, rows: Iterator[list[object]]
) -> list[tuple[int, Record]]:
    """The rows under the header that read cleanly; the others' errors go into `result`."""
    width = len(register.columns)
    parsed: list[tuple[int, Record]] = []
    seen: dict[tuple[Value, ...], int] = {}
    for number, cells in enumerate(rows, start=2):
        if all(_clean(c) is None for c in cells):
            continue
        extra = [c for c in cells[width:] if _clean(c) is not None]
        if extra:
            result.add_error(RowError(number, f"表头之外还有{len(extra)}个单元格有内容"))
        cells = list(cells[:width]) + [None] * (width - len(cells))
        record: Record = {}
        problems = []
        for column, raw in zip(register.columns, cells, strict=True):
            try:
                record[column.attr] = _cell(column, raw)
            except ValueError as exc:
                problems.append(f"“{column.header}”{exc}")
        if not problems:
            problems += register.check(record, agency)
        if problems:
            for problem in problems:
                result.add_error(RowError(number, problem))
            continue
        key = tuple(record[a] for a in register.identity)
        if key in seen:
            result.add_error(RowError(number, f"与第{seen[key]}行重复（{_describe(record, register)}）"))
            continue
        seen[key] = number
        parsed.append((number, record))
    return parsed


def _same(stored: Any, given: Value) -> bool:
    if isinstance(given, Decimal) and stored is not None:
        return Decimal(str(stored)) == given
    return bool(stored == given) or (stored in (None, "") and given in (None, ""))


@state_change
def apply_preview(*, acting_user: User, agency: Agency, preview: Preview) -> int:
    """Save a clean preview's rows in one transaction; with any error, save nothing."""
    actions.require_staff(acting_user, agency)
    if preview.agency_id != agency.pk:
        raise ActionError("该预览不属于本机关，请重新上传", "forbidden")
    if preview.error_count:
        raise ActionError(f"导入文件有{preview.error_count}处错误，未导入任何记录；请改正后重新上传")
    register = REGISTERS[preview.register]
    objects = []
    for _, record in preview.to_add:
        values = dict(record)
        if register.model is NormativeDocument:
            values["status"] = DocumentStatus.REPEALED if values["repealed_on"] else DocumentStatus.IN_FORCE
        objects.append(register.model(agency=agency, **values))
    try:
        with transaction.atomic():  # a savepoint: a row registered meanwhile is a conflict
            register.model._default_manager.bulk_create(objects)
    except IntegrityError:
        raise ActionError(
            "导入期间已有人登记了其中的记录，未导入任何记录；请重新上传预览", "conflict"
        ) from None
    actions.record_event(
        agency,
        RegisterEventKind.IMPORTED,
        acting_user,
        f"导入{register.name}{len(objects)}条",
        register=register.key,
        added=len(objects),
    )
    return len(objects)
