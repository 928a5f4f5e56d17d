"""索引号 patterns (no Django): which parts a pattern may use, and the number it gives.

A pattern is literal text with three kinds of field: ``{org_code}`` (the agency's organisation
code), ``{year}`` (the year of publication) and ``{serial}`` or ``{serial:05d}`` (the serial,
zero-padded to the given width). The national default is ``{org_code}/{year}-{serial:05d}``,
e.g. ``00000000X/2025-00017``.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

DEFAULT_PATTERN = "{org_code}/{year}-{serial:05d}"
MAX_PATTERN_CHARS = 60
MAX_SERIAL_WIDTH = 10
_SERIAL_SPEC = re.compile(r"0?([1-9]\d?)?d")
_FIELDS = ("org_code", "year", "serial")


class IndexPatternError(ValueError):
    """A pattern an administrator typed that cannot give numbers; the message is Chinese."""


@dataclass(frozen=True)
class IndexPattern:
    text: str
    uses_org_code: bool
    uses_year: bool


def parse_pattern(text: str, *, resets_yearly: bool = True) -> IndexPattern:
    """Check a pattern: only the three known fields, exactly one serial, and a year when the
    serial starts again each year (or the same number would be given twice)."""
    if not text or len(text) > MAX_PATTERN_CHARS:
        raise IndexPatternError(f"索引号格式须为1至{MAX_PATTERN_CHARS}个字符")
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError as error:
        raise IndexPatternError("索引号格式中的花括号不成对") from error
    names: list[str] = []
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in _FIELDS:
            raise IndexPatternError(
                f"索引号格式只能使用 {{org_code}}、{{year}}、{{serial}}，不能使用 {{{name}}}"
            )
        if conversion:
            raise IndexPatternError("索引号格式中不能使用转换符（!r、!s）")
        if name == "serial":
            if spec and not _SERIAL_SPEC.fullmatch(spec):
                raise IndexPatternError("流水号只能写成 {serial} 或 {serial:05d} 这样的补零位数")
            width = re.search(r"\d+", spec or "")
            if width and int(width.group()) > MAX_SERIAL_WIDTH:
                raise IndexPatternError(f"流水号位数不能超过{MAX_SERIAL_WIDTH}")
        elif spec:
            raise IndexPatternError(f"{{{name}}} 不能带格式说明")
        names.append(name)
    if names.count("serial") != 1:
        raise IndexPatternError("索引号格式必须包含且只包含一个流水号 {serial}")
    if resets_yearly and "year" not in names:
        raise IndexPatternError("流水号每年重新编号时，索引号格式必须包含年份 {year}，否则会出现重复的索引号")
    return IndexPattern(text=text, uses_org_code="org_code" in names, uses_year="year" in names)


def format_index_number(
    pattern: str, *, org_code: str, year: int, serial: int, resets_yearly: bool = True
) -> str:
    """The 索引号 for one publication."""
    parsed = parse_pattern(pattern, resets_yearly=resets_yearly)
    if parsed.uses_org_code and not org_code.strip():
        raise IndexPatternError("本机关未填写组织机构代码，无法生成索引号")
    if serial < 1:
        raise IndexPatternError(f"流水号必须从1开始：{serial}")
    return pattern.format(org_code=org_code.strip(), year=year, serial=serial)
