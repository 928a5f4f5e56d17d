"""What the checker and the importer say about a report."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Code(StrEnum):
    """Rule codes; each one is described in rules.RULES (docs/rules.md, `gongkai report rules`)."""

    # arithmetic
    BALANCE = "balance"
    OUTCOME_SUM = "outcome-sum"
    ROW_TOTAL = "row-total"
    REVIEW_TOTAL = "review-total"
    # across years
    CARRY_OVER = "carry-over"
    ITEMS_CONTINUITY = "items-continuity"
    IN_FORCE = "in-force"
    JUMP = "jump"  # a figure five times last year's, or a fifth of it
    # form and compliance
    EDITION = "edition"
    PERIOD = "period"
    DEADLINE = "deadline"
    FEE_STATEMENT = "fee-statement"
    RULES_AUTHORITY = "rules-authority"
    NARRATIVE = "narrative"
    STRUCTURE = "structure"
    OVERRIDE = "override"  # a cell typed by hand (with its reason) instead of computed
    EMPTY_SECTION = "empty-section"  # 五 with nothing in it
    # comparing reports (a supervisor's folder)
    SIMILARITY = "similarity"  # 雷同
    # reading problems
    CELLS = "cells"
    MISSING = "missing"
    NON_NUMERIC = "non-numeric"
    LABEL = "label"
    EXTRA = "extra"
    UNIT = "unit"
    TRUNCATED = "truncated"
    INFERRED = "inferred"  # values cut out of digits that ran together, by the table's identities
    OCR = "ocr"  # a value read from a picture by text recognition


READING_CODES = frozenset(
    {
        Code.CELLS,
        Code.MISSING,
        Code.NON_NUMERIC,
        Code.LABEL,
        Code.EXTRA,
        Code.UNIT,
        Code.TRUNCATED,
        Code.INFERRED,
        Code.OCR,
    }
)


@dataclass(frozen=True)
class Finding:
    code: Code
    severity: Severity
    message: str  # in Chinese, for the clerk
    section: int | None = None
    table: str | None = None
    row: str | None = None
    column: str | None = None
    line: int | None = None  # 1-based line (or paragraph/row number) in the source
    values: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": str(self.code),
            "severity": str(self.severity),
            "message": self.message,
            "section": self.section,
            "table": self.table,
            "row": self.row,
            "column": self.column,
            "line": self.line,
            "values": {k: _plain(v) for k, v in self.values.items()},
        }


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def error(code: Code, message: str, **where: Any) -> Finding:
    return Finding(code, Severity.ERROR, message, **where)


def warning(code: Code, message: str, **where: Any) -> Finding:
    return Finding(code, Severity.WARNING, message, **where)
