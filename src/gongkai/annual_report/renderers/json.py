"""The report as canonical JSON, and the JSON Schema that describes it.

The JSON is ``Report.to_dict()`` under the canonical keys of DOMAIN.md, tables in edition
order, amounts (万元) written as exact JSON numbers. The schema is generated from
``EDITIONS``, so it names exactly the tables, rows and columns of each edition.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from ..editions import EDITIONS, Edition, EditionDef, Kind, TableDef
from ..findings import Code, Finding, Severity
from ..model import Level, Report
from .layout import format_value

SCHEMA_DRAFT = "https://json-schema.org/draft/2020-12/schema"
FIRST_YEAR = 2008  # the first Regulations (2007) took effect on 2008-05-01
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
INDENT = "  "


def render_json(report: Report, *, findings: Sequence[Finding] = ()) -> str:
    """The report (and, if given, what the checker found) as indented UTF-8 JSON."""
    data = report.to_dict()
    if findings:
        data["findings"] = [finding.to_dict() for finding in findings]
    return _dump(data, 0) + "\n"


def _dump(value: Any, depth: int) -> str:
    """json.dumps(indent=2, ensure_ascii=False), except that a Decimal is written as the
    exact number it holds (json.dumps would refuse it, and float() could round it)."""
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"金额不是有限数值：{value}")
        return format_value(value)
    if isinstance(value, dict):
        items = [f"{json.dumps(str(k), ensure_ascii=False)}: {_dump(v, depth + 1)}" for k, v in value.items()]
        return _bracket("{", items, "}", depth)
    if isinstance(value, list | tuple):
        return _bracket("[", [_dump(v, depth + 1) for v in value], "]", depth)
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def _bracket(opening: str, items: list[str], closing: str, depth: int) -> str:
    if not items:
        return opening + closing
    inner = INDENT * (depth + 1)
    return f"{opening}\n{inner}" + f",\n{inner}".join(items) + f"\n{INDENT * depth}{closing}"


# --- the schema ------------------------------------------------------------------------------

_KIND_DEFS = {Kind.COUNT: "count", Kind.DELTA: "delta", Kind.AMOUNT: "amount"}


def json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of a report in either edition."""
    return {
        "$schema": SCHEMA_DRAFT,
        "title": "政府信息公开工作年度报告",
        "description": (
            "年度报告的规范数据：表、行、列的键名见 docs/formats.md，检查规则代码见 docs/rules.md；"
            "null 表示该单元格未填写或无法读取，不等于 0；金额单位为万元。"
        ),
        "oneOf": [_edition_branch(EDITIONS[edition]) for edition in Edition],
        "$defs": _DEFS,
    }


def edition_schema(edition: Edition) -> dict[str, Any]:
    """The schema of one edition alone: the branch of json_schema() that fixes "edition"."""
    return {"$schema": SCHEMA_DRAFT, **_edition_branch(EDITIONS[edition]), "$defs": _DEFS}


def _edition_branch(definition: EditionDef) -> dict[str, Any]:
    return {
        "title": f"{definition.name}（{definition.document}）",
        "type": "object",
        "required": ["agency", "year", "edition"],
        "additionalProperties": False,
        "properties": {
            "agency": {"type": "string", "pattern": r"\S", "title": "机关名称"},
            "year": {"type": "integer", "minimum": FIRST_YEAR, "title": "报告年度"},
            "edition": {"const": str(definition.edition), "title": "报告格式"},
            "published": {**_DATE, "type": ["string", "null"], "title": "发布日期"},
            "level": {"enum": [*(str(level) for level in Level), None], "title": "行政层级"},
            "government": {"type": ["boolean", "null"], "title": "是否为人民政府"},
            "own_level_report": {"type": "boolean", "title": "是否为政府本级报告"},
            "period": {
                "type": ["array", "null"],
                "title": "统计期间",
                "prefixItems": [_DATE, _DATE],
                "minItems": 2,
                "maxItems": 2,
            },
            "sections": {"type": "array", "title": "正文各部分", "items": {"$ref": "#/$defs/section"}},
            "tables": _closed_object(
                {table.key: _table_schema(table) for table in definition.tables}, title="统计表"
            ),
            "findings": {"type": "array", "title": "检查发现的问题", "items": {"$ref": "#/$defs/finding"}},
            "overrides": {
                "type": "object",
                "title": "手工填报的单元格（键为“表.行.列”，须说明理由）",
                "propertyNames": {"pattern": r"^[a-z0-9_]+\.[a-z0-9_]+\.[a-z0-9_]+$"},
                "additionalProperties": {"$ref": "#/$defs/override"},
            },
            "explanations": {
                "type": "object",
                "title": "对警告的书面说明（键为“规则代码:表.行.列”或“规则代码:第N部分”）",
                "additionalProperties": {"type": "string", "pattern": r"\S"},
            },
            "extra_rows": {
                "type": "array",
                "title": "原表中有、格式中没有的行（原样保留，不计入统计）",
                "items": {"$ref": "#/$defs/extra_row"},
            },
        },
    }


def _table_schema(table: TableDef) -> dict[str, Any]:
    rows = {
        row.key: _closed_object(
            {
                column.key: {"$ref": f"#/$defs/{_KIND_DEFS[column.kind]}", "title": "／".join(column.path)}
                for column in table.columns
            },
            title="／".join(row.path),
        )
        for row in table.rows
    }
    return _closed_object(rows, title=table.title)


def _closed_object(properties: dict[str, Any], *, title: str) -> dict[str, Any]:
    return {"type": "object", "title": title, "additionalProperties": False, "properties": properties}


_DATE: dict[str, Any] = {"type": "string", "format": "date", "pattern": DATE_PATTERN}

_DEFS: dict[str, Any] = {
    "count": {"type": ["integer", "null"], "minimum": 0, "description": "件数：非负整数"},
    "delta": {"type": ["integer", "null"], "description": "本年增/减：可为负的整数"},
    "amount": {"type": ["number", "null"], "description": "金额：万元"},
    "section": {
        "type": "object",
        "required": ["number", "title"],
        "additionalProperties": False,
        "properties": {
            "number": {"type": "integer", "minimum": 1, "title": "序号（一、为 1）"},
            "title": {"type": "string", "title": "标题（不含序号）"},
            "text": {"type": "string", "title": "正文，段落以换行分隔"},
        },
    },
    "override": {
        "type": "object",
        "required": ["value", "reason"],
        "additionalProperties": False,
        "properties": {
            "value": {"type": ["number", "null"], "title": "手工填报的数值"},
            "reason": {"type": "string", "pattern": r"\S", "title": "理由"},
        },
    },
    "extra_row": {
        "type": "object",
        "required": ["table", "label"],
        "additionalProperties": False,
        "properties": {
            "table": {"type": "string", "title": "所在的表（表二各部分为第二十条的项）"},
            "label": {"type": "string", "title": "行标签（原文）"},
            "cells": {"type": "array", "items": {"type": "string"}, "title": "各单元格（原文）"},
        },
    },
    "finding": {
        "type": "object",
        "required": ["code", "severity", "message"],
        "additionalProperties": False,
        "properties": {
            "code": {"enum": [str(code) for code in Code]},
            "severity": {"enum": [str(severity) for severity in Severity]},
            "message": {"type": "string"},
            "section": {"type": ["integer", "null"]},
            "table": {"type": ["string", "null"]},
            "row": {"type": ["string", "null"]},
            "column": {"type": ["string", "null"]},
            "line": {"type": ["integer", "null"]},
            "values": {"type": "object"},
        },
    },
}
