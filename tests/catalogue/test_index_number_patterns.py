from __future__ import annotations

import pytest

from gongkai.catalogue.index_numbers import (
    DEFAULT_PATTERN,
    IndexPatternError,
    format_index_number,
    parse_pattern,
)


def test_the_national_default_is_org_code_slash_year_dash_five_digit_serial() -> None:
    assert (
        format_index_number(DEFAULT_PATTERN, org_code="00000000X", year=2025, serial=17)
        == "00000000X/2025-00017"
    )


def test_a_local_pattern_with_literal_text_and_a_wider_serial() -> None:
    number = format_index_number(
        "ZFXXGK-{org_code}-{year}-{serial:06d}", org_code="12345678-9", year=2026, serial=3
    )
    assert number == "ZFXXGK-12345678-9-2026-000003"


def test_a_serial_that_never_resets_may_leave_out_the_year() -> None:
    assert (
        format_index_number("{org_code}-{serial}", org_code="A1", year=2026, serial=42, resets_yearly=False)
        == "A1-42"
    )


def test_a_serial_past_its_width_still_gives_a_distinct_number() -> None:
    assert format_index_number(DEFAULT_PATTERN, org_code="X", year=2026, serial=100000) == "X/2026-100000"


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("{org_code}/{year}", "必须包含且只包含一个流水号"),
        ("{serial}/{serial}", "必须包含且只包含一个流水号"),
        ("{org_code}-{serial:05d}", "必须包含年份"),
        ("{name}/{year}-{serial}", "不能使用 {name}"),
        ("{org_code}/{year}-{serial:>5}", "补零位数"),
        ("{org_code!r}/{year}-{serial}", "转换符"),
        ("{year:04d}-{serial}", "不能带格式说明"),
        ("{org_code/{year}-{serial}", "花括号"),
        ("", "1至60个字符"),
    ],
)
def test_a_pattern_that_cannot_give_unique_numbers_is_refused_in_chinese(pattern: str, message: str) -> None:
    with pytest.raises(IndexPatternError, match=message.replace("{", r"\{").replace("}", r"\}")):
        parse_pattern(pattern)


def test_an_agency_without_an_org_code_gets_no_number() -> None:
    with pytest.raises(IndexPatternError, match="未填写组织机构代码"):
        format_index_number(DEFAULT_PATTERN, org_code=" ", year=2026, serial=1)
