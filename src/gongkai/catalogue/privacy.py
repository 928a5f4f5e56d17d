"""Personal data in a text that is about to be published (no Django).

Finds resident ID numbers (18 characters with a valid GB 11643 check character, and the old
15-digit ones), mobile numbers, landlines with an area code and street addresses. Every
pattern is bounded, so the check is linear in the length of the text. A flag is a question for
the reviewer, not a verdict: the agency's own switchboard or office address is flagged too, and
the reviewer confirms it is not personal data.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum


class FlagKind(StrEnum):
    ID_NUMBER = "id_number"
    MOBILE = "mobile"
    LANDLINE = "landline"
    ADDRESS = "address"


KIND_LABELS = {
    FlagKind.ID_NUMBER: "身份证号码",
    FlagKind.MOBILE: "手机号码",
    FlagKind.LANDLINE: "固定电话",
    FlagKind.ADDRESS: "住址",
}


@dataclass(frozen=True)
class Flag:
    kind: FlagKind
    start: int
    end: int
    text: str

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def key(self) -> str:
        """What a reviewer confirms: the same text stays confirmed when the item is edited around it."""
        return f"{self.kind.value}:{self.text}"


_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"

_ID18 = re.compile(
    r"(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])"
)
_ID15 = re.compile(
    r"(?<![0-9A-Za-z])[1-9]\d{5}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}(?![0-9A-Za-z])"
)
_MOBILE = re.compile(r"(?<![0-9])(?:\+?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}(?![0-9])")
# An area code (0 and 2-3 digits, in brackets or before a hyphen, space or nothing) and a local
# number of 7-8 digits that does not start with 0 or 1.
_LANDLINE = re.compile(r"(?<![0-9])(?:(?:\(|（)0\d{2,3}(?:\)|）)[- ]?|0\d{2,3}[- ]?)[2-9]\d{6,7}(?![0-9])")
_CJK = "\u4e00-\u9fff"
_ADDRESS = re.compile(
    rf"(?:[{_CJK}]{{2,8}}?(?:省|自治区))?"
    rf"(?:[{_CJK}]{{1,8}}?(?:市|州|盟))?"
    rf"(?:[{_CJK}]{{1,8}}?(?:区|县|旗))?"
    rf"[{_CJK}0-9]{{1,12}}?(?:大道|大街|路|街|巷|弄|胡同)"
    r"[0-9]{1,5}(?:-[0-9]{1,5})?号"
    r"(?:[0-9]{1,4}(?:栋|幢|号楼|单元|层|室))*"
)


def id_checksum_ok(number: str) -> bool:
    """GB 11643-1999: the weighted sum of the first 17 digits picks the 18th character."""
    if len(number) != 18 or not number[:17].isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _WEIGHTS, strict=True))
    return _CHECK[total % 11] == number[17].upper()


def _date_ok(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def find_personal_data(text: str) -> list[Flag]:
    """Every flag in the text, in order of position; overlapping finds are kept once (the longest)."""
    found: list[Flag] = []
    for m in _ID18.finditer(text):
        s = m.group()
        if id_checksum_ok(s) and _date_ok(int(s[6:10]), int(s[10:12]), int(s[12:14])):
            found.append(Flag(FlagKind.ID_NUMBER, m.start(), m.end(), s))
    for m in _ID15.finditer(text):
        s = m.group()
        if _date_ok(1900 + int(s[6:8]), int(s[8:10]), int(s[10:12])):
            found.append(Flag(FlagKind.ID_NUMBER, m.start(), m.end(), s))
    for m in _MOBILE.finditer(text):
        found.append(Flag(FlagKind.MOBILE, m.start(), m.end(), m.group()))
    for m in _LANDLINE.finditer(text):
        found.append(Flag(FlagKind.LANDLINE, m.start(), m.end(), m.group()))
    for m in _ADDRESS.finditer(text):
        found.append(Flag(FlagKind.ADDRESS, m.start(), m.end(), m.group()))
    return _without_overlaps(found)


def _without_overlaps(flags: list[Flag]) -> list[Flag]:
    kept: list[Flag] = []
    for flag in sorted(flags, key=lambda f: (f.start, -(f.end - f.start))):
        if kept and flag.start < kept[-1].end:
            continue
        kept.append(flag)
    return kept
