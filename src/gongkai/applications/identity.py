"""The identity documents an applicant may give (《条例》第二十九条：身份证明), and their checks.

Each check returns why a number cannot be right for its kind of document, in Chinese and naming
the document, or None. Where the issuing rules define a check digit it is verified:

* 居民身份证 — GB 11643-1999 《公民身份号码》: 6-digit address code, 8-digit birth date, 3-digit
  sequence, check digit by ISO 7064 MOD 11-2 ("X" for 10).
* 港澳台居民居住证 (《港澳台居民居住证申领发放办法》, 2018) — a 公民身份号码 in the same GB 11643 form
  whose address code is 810000 (香港), 820000 (澳门) or 830000 (台湾).
* 外国人永久居留身份证 — the card issued from 2023-12-01 (国家移民管理局《新版外国人永久居留身份证机读
  信息规则（2023版）》): 18 characters, first digit 9, 17 digits and an ISO 7064 MOD 11-2 check digit
  "与公民身份号码校验方式相同"; the cards issued before (2004 and 2017 editions) carry 15 characters:
  3 Latin letters (nationality) and 12 digits, with no published check-digit rule, so only the
  form is checked.
* 港澳居民来往内地通行证 — 公安部出入境管理局《港澳居民来往内地通行证号码规则》 (2010): "H" (香港) or
  "M" (澳门), an 8-digit lifetime number, and on older cards 2 digits counting renewals; no check digit.
* 台湾居民来往大陆通行证 — since 2008-09-25 an 8-digit lifetime number ("一人一号、终身不变"); no
  check digit.
* 护照 — Chinese or foreign: the document number of ICAO Doc 9303 is letters and digits (9 in the
  machine-readable zone, some countries more); no check digit outside the MRZ, so only the form.
* 统一社会信用代码 — GB 32100-2015: 18 characters of 0-9 and A-Y without I, O, S, V, Z; MOD 31 check.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from .models import ApplicantKind, IdKind

PERSON_ID_KINDS = (
    IdKind.RESIDENT_ID,
    IdKind.HMT_RESIDENCE_PERMIT,
    IdKind.HK_MACAO_PERMIT,
    IdKind.TAIWAN_PERMIT,
    IdKind.FOREIGN_PERMANENT_RESIDENT,
    IdKind.PASSPORT,
)
"""The documents of a natural person; an organisation gives its 统一社会信用代码."""

_MOD11_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_MOD11_CHECK = "10X98765432"
_HMT_PREFIXES = {"810000": "香港", "820000": "澳门", "830000": "台湾"}
_CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def normalize_id_number(value: str) -> str:
    """Full-width characters made plain, spaces removed, letters in capitals."""
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", value)).upper()


def id_kind_for(applicant_kind: str, id_kind: str = "") -> str:
    """The document kind to record: an organisation's is its 统一社会信用代码; a person's is the one
    chosen among ``PERSON_ID_KINDS``, 居民身份证 when none was. Anything else is returned as given,
    for the caller to refuse (see ``id_kind_mismatch``)."""
    if applicant_kind and applicant_kind != ApplicantKind.NATURAL_PERSON:
        return IdKind.CREDIT_CODE if id_kind in ("", IdKind.CREDIT_CODE) else ""
    if not id_kind:
        return IdKind.RESIDENT_ID
    return id_kind if id_kind in PERSON_ID_KINDS else ""


def id_kind_mismatch(applicant_kind: str) -> str:
    """The refusal when the document kind does not fit the applicant."""
    if applicant_kind and applicant_kind != ApplicantKind.NATURAL_PERSON:
        return "法人或其他组织应以统一社会信用代码作为身份证明"
    kinds = "、".join(IdKind(kind).label for kind in PERSON_ID_KINDS)
    return f"自然人的证件类型应为{kinds}之一"


def mod11_2_check(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character of 17 digits (GB 11643-1999)."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, _MOD11_WEIGHTS, strict=True))
    return _MOD11_CHECK[total % 11]


def _gb11643_problem(value: str, name: str) -> str | None:
    if len(value) != 18:
        return f"{name}应为18位，您填写了{len(value)}位"
    if not value[:17].isdigit() or not (value[17].isdigit() or value[17] == "X"):
        return f"{name}前17位应为数字，最后一位为数字或字母X"
    try:
        born = dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return f"{name}中的出生日期（第7至14位）不是有效日期"
    if born.year < 1900:
        return f"{name}中的出生日期（第7至14位）不是有效日期"
    if mod11_2_check(value[:17]) != value[17]:
        return f"{name}校验位不正确，请逐位核对"
    return None


def resident_id_problem(value: str) -> str | None:
    """Why an 18-character resident ID number (GB 11643-1999) is not valid, or None if it is."""
    return _gb11643_problem(value, "身份证号码")


def residence_permit_problem(value: str) -> str | None:
    """港澳台居民居住证: a GB 11643 number with the address code 810000, 820000 or 830000."""
    name = "港澳台居民居住证号码"
    if len(value) == 18 and value[:6] not in _HMT_PREFIXES:
        return f"{name}应以810000（香港）、820000（澳门）或830000（台湾）开头"
    return _gb11643_problem(value, name)


def foreign_permanent_resident_problem(value: str) -> str | None:
    """外国人永久居留身份证: 18 characters from 2023-12-01 (MOD 11-2), 15 before (3 letters, 12 digits)."""
    name = "外国人永久居留身份证号码"
    if len(value) == 15:
        if not re.fullmatch(r"[A-Z]{3}\d{12}", value):
            return f"{name}（2023年12月以前签发的15位号码）应为3位字母加12位数字"
        return None
    if len(value) != 18:
        return f"{name}应为18位（2023年12月起签发）或15位（此前签发），您填写了{len(value)}位"
    if not value[:17].isdigit() or not (value[17].isdigit() or value[17] == "X"):
        return f"{name}（18位）前17位应为数字，最后一位为数字或字母X"
    if value[0] != "9":
        return f"{name}（18位）应以数字9开头"
    if mod11_2_check(value[:17]) != value[17]:
        return f"{name}校验位不正确，请逐位核对"
    return None


def hk_macao_permit_problem(value: str) -> str | None:
    if re.fullmatch(r"[HM]\d{8}(\d{2})?", value):
        return None
    return (
        "港澳居民来往内地通行证号码应为字母H（香港居民）或M（澳门居民）加8位数字，如 H12345678"
        "（旧证末尾表示换证次数的2位数字可一并填写）"
    )


def taiwan_permit_problem(value: str) -> str | None:
    if re.fullmatch(r"\d{8}", value):
        return None
    return "台湾居民来往大陆通行证号码应为8位数字（一人一号、终身不变），如 12345678"


def passport_problem(value: str) -> str | None:
    if not re.fullmatch(r"[A-Z0-9]+", value):
        return "护照号码只含字母和数字"
    if not 5 <= len(value) <= 20:
        return f"护照号码应为5至20位字母或数字，您填写了{len(value)}位"
    return None


def credit_code_problem(value: str) -> str | None:
    """Why an 18-character unified social credit code (GB 32100-2015) is not valid, or None."""
    if len(value) != 18:
        return f"统一社会信用代码应为18位，您填写了{len(value)}位"
    if any(ch not in _CREDIT_ALPHABET for ch in value):
        return "统一社会信用代码只含数字和大写字母（不含I、O、S、V、Z）"
    total = sum(
        _CREDIT_ALPHABET.index(ch) * weight for ch, weight in zip(value[:17], _CREDIT_WEIGHTS, strict=True)
    )
    if _CREDIT_ALPHABET[(31 - total % 31) % 31] != value[17]:
        return "统一社会信用代码校验位不正确，请逐位核对"
    return None


_CHECKS = {
    IdKind.RESIDENT_ID: resident_id_problem,
    IdKind.HMT_RESIDENCE_PERMIT: residence_permit_problem,
    IdKind.FOREIGN_PERMANENT_RESIDENT: foreign_permanent_resident_problem,
    IdKind.HK_MACAO_PERMIT: hk_macao_permit_problem,
    IdKind.TAIWAN_PERMIT: taiwan_permit_problem,
    IdKind.PASSPORT: passport_problem,
    IdKind.CREDIT_CODE: credit_code_problem,
}


def id_number_problem(kind: str, value: str) -> str | None:
    """Why ``value`` (normalised) cannot be a number of the document ``kind``, or None."""
    try:
        check = _CHECKS[IdKind(kind)]
    except ValueError:
        return "请选择证件类型"
    return check(value)
