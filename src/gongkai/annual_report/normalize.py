"""Reading labels and numbers as people actually write them in published reports.

Every function here says what it had to change, so that the importer can report each
normalisation as a finding instead of guessing silently.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import opencc

from .editions import Kind

_T2S = opencc.OpenCC("t2s")
# Mirror sites convert with Taiwan phrasing (s2twp), which swaps words, not just characters:
# converted back character by character, 文件 comes back as 档案 and 信息 as 资讯. Undone in
# text that was traditional only (a simplified report may well speak of 档案).
_MIRROR_SLIPS = (("档案", "文件"), ("资讯", "信息"), ("网路", "网络"), ("软体", "软件"), ("萤幕", "屏幕"))


@lru_cache(maxsize=8192)
def simplify(text: str) -> str:
    """Traditional script to simplified, undoing the word swaps of machine conversion."""
    simplified: str = _T2S.convert(text)
    if simplified != text:
        for slip, word in _MIRROR_SLIPS:
            simplified = simplified.replace(slip, word)
    return simplified


# All patterns below are anchored and bounded; inputs are cut to MAX_CELL characters first.
MAX_CELL = 400

_SPACE = re.compile(r"\s+")
_CJK = r"\u3400-\u9fff"
_SPACE_INSIDE_WORD = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")
_NUMBERING = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、.．]|\([一二三四五六七八九十]{1,3}\)|\d{1,2}(?:[、.．]|\s)|\(\d{1,2}\))"
)
_PARENTHETICAL = re.compile(r"\([^()]{0,300}\)")
_UNCLOSED_PAREN = re.compile(r"\([^()]{0,300}$")
_UNIT_NOTE = re.compile(r"(?:单位[:：])?(万元|元|亿元)")

MISSING_MARKERS = frozenset({"", "/", "／", "-", "－", "—", "——", "–", "无", "空", "--", "\\"})


@dataclass(frozen=True)
class Label:
    core: str  # what is matched against the edition's labels
    traditional: bool  # written in traditional characters
    spaced: bool  # had spaces inside words ("结 果 纠 正")
    unit: str | None  # a unit written in the label, e.g. "万元" from "（单位：万元）"


@lru_cache(maxsize=4096)
def read_label(text: str) -> Label:
    text = text[:MAX_CELL].replace("\n", "")  # a header broken across lines is layout, not a variant
    simplified = simplify(text)
    traditional = simplified != text
    spaced = bool(_SPACE_INSIDE_WORD.search(simplified))
    flat = _SPACE.sub("", unicodedata.normalize("NFKC", simplified))
    flat = flat.replace("“", "").replace("”", "").replace('"', "")
    unit = None
    for match in _PARENTHETICAL.finditer(flat):
        found = _UNIT_NOTE.search(match.group(0))
        if found and len(match.group(0)) <= 12:
            unit = found.group(1)
    core = _NUMBERING.sub("", flat, count=1)
    previous = None
    while previous != core:  # nested or repeated instructions in brackets
        previous = core
        core = _PARENTHETICAL.sub("", core)
    core = _UNCLOSED_PAREN.sub("", core)
    return Label(core=core, traditional=traditional, spaced=spaced, unit=unit)


def core(text: str) -> str:
    return read_label(text).core


_PART = re.compile(r"第二十条第\(?([一二三四五六七八九十]{1,3})\)?项")


def article20_part(text: str) -> str | None:
    """'第二十条第（五）项' -> 'art20_5'."""
    flat = _SPACE.sub("", unicodedata.normalize("NFKC", simplify(text[:MAX_CELL])))
    match = _PART.search(flat)
    if not match:
        return None
    number = chinese_number(match.group(1))
    return f"art20_{number}" if number else None


# --- numbers ------------------------------------------------------------------------------

_NUMBER = re.compile(r"^[+-]?\d{1,15}(?:\.\d{1,10})?$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:,\d{3}){1,4}(?:\.\d{1,10})?$")
_WORD_SIGN = re.compile(r"^(增加|增|减少|减)(.{1,40})$")
_COUNT_SUFFIX = re.compile(r"^(.{1,40}?)(件|个|项|条|份|次|家)$")
_MONEY_SUFFIX = re.compile(r"^(.{1,40}?)(亿元|万元|元)$")
_UNIT_SCALE = {"万元": Decimal(1), "元": Decimal("0.0001"), "亿元": Decimal(10000)}


@dataclass(frozen=True)
class Reading:
    """A cell read as a number of a column's kind."""

    value: int | Decimal | None
    missing: bool = False  # blank or a dash: not a number, and not 0 either
    unreadable: bool = False  # text that is not a number at all
    rewritten: str | None = None  # a number written as text: what was written, e.g. "减4", "＋8"
    unit: str | None = None  # a unit written inside the cell ("484.69万元")


@lru_cache(maxsize=8192)
def looks_like_value(text: str) -> bool:
    """True for a cell that holds a value (or a missing-value marker), not a label."""
    text = text.strip()
    if _SPACE.sub("", text) in MISSING_MARKERS:
        return True
    reading = read_number(text, Kind.AMOUNT)
    return not reading.unreadable


@lru_cache(maxsize=4096)
def read_number(text: str, kind: Kind) -> Reading:
    raw = text.strip()[:MAX_CELL]
    flat = _SPACE.sub("", unicodedata.normalize("NFKC", raw))
    if flat in MISSING_MARKERS:
        return Reading(None, missing=True)
    rewritten = flat != _SPACE.sub("", raw)  # full-width digits or signs
    sign = 1
    word = _WORD_SIGN.match(flat)
    if word:
        sign = -1 if word.group(1).startswith("减") else 1
        flat = word.group(2)
        rewritten = True
    unit = None
    money = _MONEY_SUFFIX.match(flat)
    if money:
        flat, unit = money.group(1), money.group(2)
    else:
        counted = _COUNT_SUFFIX.match(flat)
        if counted:
            flat = counted.group(1)
            rewritten = True
    if flat.startswith("+"):
        rewritten = True
    if _GROUPED.match(flat):
        flat = flat.replace(",", "")
        rewritten = True
    if not _NUMBER.match(flat):
        return Reading(None, unreadable=True)
    try:
        number = Decimal(flat) * sign
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
        return Reading(None, unreadable=True)
    written = raw if rewritten else None
    if kind is Kind.AMOUNT:
        if unit:
            number = number * _UNIT_SCALE[unit]
        return Reading(number.normalize() if number != 0 else Decimal(0), rewritten=written, unit=unit)
    if unit or number != number.to_integral_value():
        return Reading(None, unreadable=True)
    whole = int(number)
    if kind is Kind.COUNT and whole < 0:
        return Reading(None, unreadable=True)
    return Reading(whole, rewritten=written)


# --- dates and numerals ---------------------------------------------------------------------

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


def chinese_number(text: str) -> int | None:
    """'3', '十二', '二十', '一百零五' -> int; None when it is not a small number."""
    text = unicodedata.normalize("NFKC", text.strip())
    if text.isdigit():
        return int(text)
    if not text or len(text) > 6:
        return None
    total, current = 0, 0
    for char in text:
        if char in _CN_DIGITS:
            current = _CN_DIGITS[char]
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current
