"""Readers for the two structured formats the renderers write: canonical JSON and long CSV.

These are data, not documents: they are read strictly. Anything malformed raises
:class:`UnreadableError` with one line of Chinese that says where (field path or CSV line)
and what is wrong; no other exception escapes.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any, NoReturn

from jsonschema import Draft202012Validator, ValidationError

from ..blocks import UnreadableError
from ..editions import EDITIONS, Edition, EditionDef, Kind
from ..model import Grid, Report, Section, coerce, empty_grid
from ..renderers.csv import BOM, HEADER, SECTION_FIELDS, SECTION_TABLE
from ..renderers.json import edition_schema

if TYPE_CHECKING:
    from _csv import Reader

EDITION_NAMES = "、".join(str(e) for e in Edition)


def _show(value: Any, limit: int = 40) -> str:
    """A value quoted for a one-line message."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    text = text.replace("\r", " ").replace("\n", " ")
    return f"“{text[:limit]}…”" if len(text) > limit else f"“{text}”"


# --- JSON ------------------------------------------------------------------------------------


class _DuplicateKey(Exception):
    pass


def read_json(text: str) -> Report:
    data = _parse_json(text.removeprefix(BOM))
    if not isinstance(data, dict):
        raise UnreadableError(f"JSON 顶层应为对象（{{...}}），实际为{_type_name(data)}")
    if "edition" not in data:
        raise UnreadableError(f"JSON 缺少必填字段“edition”（报告格式，应为 {EDITION_NAMES}）")
    if not isinstance(data["edition"], str) or data["edition"] not in {str(e) for e in Edition}:
        raise UnreadableError(f"JSON 字段 edition 应为 {EDITION_NAMES} 之一，实际为{_show(data['edition'])}")
    edition = Edition(data["edition"])
    error = next(iter(_validator(edition).iter_errors(data)), None)
    if error is not None:
        raise UnreadableError(_schema_message(error, EDITIONS[edition]))
    try:
        return Report.from_dict(data)
    except (ValueError, KeyError, TypeError) as exc:  # the schema should have caught it
        raise UnreadableError(f"JSON 内容无法转换为年度报告：{exc}") from exc


@cache
def _validator(edition: Edition) -> Draft202012Validator:
    return Draft202012Validator(edition_schema(edition), format_checker=Draft202012Validator.FORMAT_CHECKER)


def _parse_json(text: str) -> Any:
    def unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                raise _DuplicateKey(key)
            result[key] = value
        return result

    def no_constant(name: str) -> NoReturn:
        raise ValueError(f"JSON 不允许 {name}")

    if not text.strip():
        raise UnreadableError("JSON 为空")
    try:
        return json.loads(text, parse_float=Decimal, object_pairs_hook=unique, parse_constant=no_constant)
    except json.JSONDecodeError as exc:
        problem = next((cn for en, cn in _JSON_SYNTAX if exc.msg.startswith(en)), "语法错误")
        raise UnreadableError(f"JSON 第{exc.lineno}行第{exc.colno}列：{problem}") from exc
    except _DuplicateKey as exc:
        raise UnreadableError(f"JSON 同一对象中字段“{exc.args[0]}”出现了不止一次") from exc
    except ValueError as exc:  # NaN, Infinity, or a number too long to read
        raise UnreadableError(f"JSON 含有非法数值：{exc}") from exc
    except RecursionError as exc:
        raise UnreadableError("JSON 嵌套层数过多") from exc


_JSON_SYNTAX = (
    ("Expecting value", "此处应为一个值（数字、字符串、对象、数组、true、false 或 null）"),
    ("Expecting property name enclosed in double quotes", "字段名应使用英文双引号，或多了一个逗号"),
    ("Expecting ',' delimiter", "缺少英文逗号分隔符"),
    ("Expecting ':' delimiter", "字段名后缺少英文冒号"),
    ("Unterminated string", "字符串缺少结尾的双引号"),
    ("Invalid control character", "字符串中有未转义的控制字符（如换行，应写作 \\n）"),
    ("Invalid \\escape", "字符串中有非法的反斜杠转义"),
    ("Invalid \\uXXXX escape", "字符串中有非法的 \\u 转义"),
    ("Extra data", "JSON 已结束，后面还有多余内容"),
    ("Illegal trailing comma", "最后一项后面多了一个逗号"),
)

_TYPE_NAMES = {
    "integer": "整数",
    "number": "数值",
    "string": "字符串",
    "null": "空值 null",
    "object": "对象",
    "array": "数组",
    "boolean": "true/false",
}


def _type_name(value: Any) -> str:
    return _TYPE_NAMES[_json_type(value)]


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float | Decimal):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _schema_message(error: ValidationError, definition: EditionDef) -> str:
    path = list(error.absolute_path)
    where = _json_path(path) + (_cell_label(path, definition) or (" " if path else ""))
    # jsonschema types these as "or Unset"; an error from iter_errors always has them.
    keyword: Any = error.validator
    expected: Any = error.validator_value
    instance: Any = error.instance
    schema: Any = error.schema
    if keyword == "required":
        missing = next(k for k in expected if k not in instance)
        return f"JSON {where}缺少必填字段“{missing}”"
    if keyword == "additionalProperties":
        known = schema.get("properties", {})
        extra = next(k for k in instance if k not in known)
        return f"JSON {where}有{definition.edition}格式中没有的字段“{extra}”"
    if keyword == "type":
        types = [expected] if isinstance(expected, str) else expected
        wanted = "或".join(_TYPE_NAMES.get(t, t) for t in types)
        return f"JSON {where}应为{wanted}，实际为{_type_name(instance)}{_show(instance)}"
    if keyword == "minimum":
        return f"JSON {where}不能小于 {expected}，实际为 {instance}"
    if keyword in {"format", "pattern"} and isinstance(instance, str) and schema.get("format") == "date":
        return f"JSON {where}应为 YYYY-MM-DD 格式的有效日期，实际为{_show(instance)}"
    if keyword == "pattern":
        return f"JSON {where}不能为空白，实际为{_show(instance)}"
    if keyword in {"const", "enum"}:
        allowed = [expected] if keyword == "const" else expected
        return f"JSON {where}应为 {'、'.join(_show(a) for a in allowed)} 之一，实际为{_show(instance)}"
    if keyword in {"minItems", "maxItems", "items"}:
        return f"JSON {where}项数不对：应为 2 项（起、止日期），实际为 {len(instance)} 项"
    return f"JSON {where}不符合格式要求（{keyword}）"


def _json_path(path: list[str | int]) -> str:
    if not path:
        return "顶层"
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return f"字段 {text}"


def _cell_label(path: list[str | int], definition: EditionDef) -> str:
    """For a path inside "tables", the printed labels of the table, row and column."""
    if len(path) < 2 or path[0] != "tables" or path[1] not in definition.table_keys:
        return ""
    table = definition.table(str(path[1]))
    labels = [table.title]
    if len(path) > 2 and path[2] in table.row_keys:
        labels.append(table.row(str(path[2])).label)
        if len(path) > 3 and path[3] in table.column_keys:
            labels.append(table.column(str(path[3])).label)
    return f"（{'／'.join(labels)}）"


# --- CSV -------------------------------------------------------------------------------------

_NUMBER_PATTERNS = {
    Kind.COUNT: (re.compile(r"[0-9]+"), "非负整数"),
    Kind.DELTA: (re.compile(r"[+-]?[0-9]+"), "整数（可为负）"),
    Kind.AMOUNT: (re.compile(r"-?[0-9]+(\.[0-9]+)?"), "数值（万元，如 135.3443）"),
}
_REPORT_FIELDS = ("agency", "year", "edition", "published")
_FIELD_NAMES = {"agency": "机关名称", "year": "年度", "edition": "报告格式", "published": "发布日期"}


def read_csv(text: str) -> Report:
    reader = csv.reader(io.StringIO(text.removeprefix(BOM), newline=""), strict=True)
    records = _csv_records(reader)
    first = next(records, None)
    if first is None:
        raise UnreadableError(f"CSV 为空：第1行应为表头 {','.join(HEADER)}")
    line, header = first
    if [h.strip() for h in header] != list(HEADER):
        raise UnreadableError(
            f"CSV 第{line}行表头应为“{','.join(HEADER)}”，实际为“{_show(','.join(header), 80)[1:-1]}”"
        )
    return _CsvReport().read(records)


def _csv_records(reader: Reader) -> Iterator[tuple[int, list[str]]]:
    """(line number where the record starts, fields), skipping blank lines."""
    line = 0
    while True:
        start = line + 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            problem = next((cn for en, cn in _CSV_SYNTAX if str(exc).startswith(en)), "引号或分隔符用错了")
            raise UnreadableError(f"CSV 第{start}行格式错误：{problem}") from exc
        line = reader.line_num
        if any(field.strip() for field in record):
            yield start, record


_CSV_SYNTAX = (
    ("unexpected end of data", "引号没有闭合，一直到文件结束"),
    ("',' expected after '\"'", '字段的结尾引号后应紧跟英文逗号；字段中的引号应写成两个（""）'),
    ("line contains NUL", "含有空字符（NUL），可能不是文本文件"),
    ("field larger than field limit", "字段过长"),
)


class _CsvReport:
    """Accumulates the data lines of one report."""

    def __init__(self) -> None:
        self.identity: tuple[str, ...] = ()
        self.identity_line = 0
        self.edition = Edition.E2019
        self.tables: Grid = {}
        self.cell_lines: dict[tuple[str, str, str], int] = {}
        # In the order written: a title line opens a section, its text line follows. A number may come
        # again (a report that numbers two parts 一、 prints them so), each time with its own title.
        self.sections: list[Section] = []
        self.section_lines: list[dict[str, int]] = []
        self.untitled: tuple[int, int] | None = None  # (line, number) of a text line with no title before it

    def read(self, records: Iterator[tuple[int, list[str]]]) -> Report:
        for line, record in records:
            if len(record) != len(HEADER):
                raise UnreadableError(f"CSV 第{line}行应有{len(HEADER)}列，实际为{len(record)}列")
            self.check_identity(line, tuple(record[:4]))
            table, row, column, value = record[4:]
            if table == SECTION_TABLE:
                self.section(line, row, column, value)
            else:
                self.cell(line, table, row, column, value)
        if not self.identity:
            raise UnreadableError("CSV 只有表头，没有数据行")
        if self.untitled:
            line, number = self.untitled
            raise UnreadableError(f"CSV 第{line}行：第{number}部分只有正文，缺少 column 为 title 的标题行")
        agency, year, _, published = self.identity
        return Report(
            agency=agency,
            year=int(year),
            edition=self.edition,
            published=date.fromisoformat(published) if published else None,
            sections=self.sections,
            tables=self.tables,
        )

    def check_identity(self, line: int, identity: tuple[str, ...]) -> None:
        if self.identity:
            for name, mine, theirs in zip(_REPORT_FIELDS, identity, self.identity, strict=True):
                if mine != theirs:
                    raise UnreadableError(
                        f"CSV 第{line}行的 {name}（{_FIELD_NAMES[name]}）为{_show(mine)}，"
                        f"与第{self.identity_line}行的{_show(theirs)}不一致：一个文件只能有一份报告"
                    )
            return
        agency, year, edition, published = identity
        if not agency.strip():
            raise UnreadableError(f"CSV 第{line}行：agency（机关名称）为空")
        if not re.fullmatch(r"[0-9]{4}", year):
            raise UnreadableError(f"CSV 第{line}行：year（年度）应为四位数字，实际为{_show(year)}")
        if edition not in {str(e) for e in Edition}:
            raise UnreadableError(
                f"CSV 第{line}行：edition（报告格式）应为 {EDITION_NAMES} 之一，实际为{_show(edition)}"
            )
        if published:
            try:
                if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", published):
                    raise ValueError(published)
                date.fromisoformat(published)
            except ValueError:
                problem = f"published（发布日期）应为 YYYY-MM-DD 格式的有效日期，实际为{_show(published)}"
                raise UnreadableError(f"CSV 第{line}行：{problem}") from None
        self.identity, self.identity_line, self.edition = identity, line, Edition(edition)
        self.tables = empty_grid(self.edition)

    def cell(self, line: int, table_key: str, row_key: str, column_key: str, value: str) -> None:
        definition = EDITIONS[self.edition]
        where = f"CSV 第{line}行："
        if table_key not in definition.table_keys:
            known = "、".join((*definition.table_keys, SECTION_TABLE))
            raise UnreadableError(
                f"{where}table 为{_show(table_key)}，{self.edition}格式中没有这张表（应为 {known}）"
            )
        table = definition.table(table_key)
        if row_key not in table.row_keys:
            raise UnreadableError(
                f"{where}row 为{_show(row_key)}，表 {table_key}（{table.title}）中没有这一行"
            )
        if column_key not in table.column_keys:
            raise UnreadableError(
                f"{where}column 为{_show(column_key)}，表 {table_key}（{table.title}）中没有这一列"
            )
        key = (table_key, row_key, column_key)
        if key in self.cell_lines:
            raise UnreadableError(f"{where}单元格 {'.'.join(key)} 重复，第{self.cell_lines[key]}行已经给出")
        self.cell_lines[key] = line
        column = table.column(column_key)
        pattern, description = _NUMBER_PATTERNS[column.kind]
        value = value.strip()
        if value and not pattern.fullmatch(value):
            label = f"{table.row(row_key).label}／{column.label}"
            raise UnreadableError(
                f"{where}{'.'.join(key)}（{label}）的值应为{description}，实际为{_show(value)}"
            )
        self.tables[table_key][row_key][column_key] = coerce(value, column.kind)

    def section(self, line: int, row: str, column: str, value: str) -> None:
        where = f"CSV 第{line}行："
        if not re.fullmatch(r"[0-9]+", row) or int(row) < 1:
            raise UnreadableError(f"{where}正文部分的 row 应为部分序号（1 表示“一、”），实际为{_show(row)}")
        if column not in SECTION_FIELDS:
            raise UnreadableError(f"{where}正文部分的 column 应为 title 或 text，实际为{_show(column)}")
        number = int(row)
        if column == "title":
            self.sections.append(Section(number, value, ""))
            self.section_lines.append({"title": line})
            return
        if not self.sections or self.sections[-1].number != number:
            self.untitled = self.untitled or (line, number)
            return
        lines = self.section_lines[-1]
        if "text" in lines:
            raise UnreadableError(f"{where}第{number}部分的 text 重复，第{lines['text']}行已经给出")
        lines["text"] = line
        self.sections[-1].text = value
