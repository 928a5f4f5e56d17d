"""Hand-made examples. The ID number 11010519491231002X is valid: the 17 digits weighted by
7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2 sum to 167, 167 mod 11 = 2, and check character 2 is X."""

from __future__ import annotations

import pytest

from gongkai.catalogue.privacy import FlagKind, find_personal_data, id_checksum_ok


def kinds_and_texts(text: str) -> list[tuple[FlagKind, str]]:
    return [(f.kind, f.text) for f in find_personal_data(text)]


def test_a_valid_id_number_is_flagged_with_its_position() -> None:
    text = "申请人王某，身份证号11010519491231002X。"
    [flag] = find_personal_data(text)
    assert flag.kind == FlagKind.ID_NUMBER
    assert (flag.start, flag.end) == (10, 28)
    assert text[flag.start : flag.end] == "11010519491231002X"
    assert flag.label == "身份证号码"


def test_a_lower_case_check_character_is_still_an_id_number() -> None:
    assert kinds_and_texts("号码11010519491231002x") == [(FlagKind.ID_NUMBER, "11010519491231002x")]


def test_eighteen_digits_with_a_wrong_check_character_are_not_flagged() -> None:
    assert not id_checksum_ok("110105194912310021")
    assert kinds_and_texts("编号110105194912310021") == []


def test_an_id_number_inside_a_longer_number_is_not_flagged() -> None:
    assert kinds_and_texts("流水号911010519491231002X7") == []


def test_an_old_fifteen_digit_id_number_is_flagged() -> None:
    # 110105 area, born 49-12-31, sequence 002.
    assert kinds_and_texts("旧证号110105491231002") == [(FlagKind.ID_NUMBER, "110105491231002")]


def test_fifteen_digits_that_are_no_date_are_not_an_id_number() -> None:
    assert kinds_and_texts("合同号110105491331002") == []


def test_mobile_numbers_plain_and_grouped() -> None:
    assert kinds_and_texts("手机13800138000或139-1234-5678") == [
        (FlagKind.MOBILE, "13800138000"),
        (FlagKind.MOBILE, "139-1234-5678"),
    ]


def test_a_number_starting_12_or_with_twelve_digits_is_no_mobile() -> None:
    assert kinds_and_texts("编码12800138000和138001380001") == []


def test_landlines_need_an_area_code() -> None:
    assert kinds_and_texts("咨询电话：0791-86265100，（010）66668888") == [
        (FlagKind.LANDLINE, "0791-86265100"),
        (FlagKind.LANDLINE, "（010）66668888"),
    ]
    assert kinds_and_texts("电话86265100") == []


def test_a_street_address_with_province_city_district_road_and_number() -> None:
    text = "江西省南昌市东湖区八一大道358号3栋201室"
    assert kinds_and_texts(text) == [(FlagKind.ADDRESS, text)]


def test_a_road_and_number_alone_is_flagged_for_the_reviewer_to_confirm() -> None:
    assert kinds_and_texts("办公地址：人民路1号") == [(FlagKind.ADDRESS, "人民路1号")]


def test_a_document_number_is_not_personal_data() -> None:
    assert kinds_and_texts("根据国办函〔2020〕109号和县政办发〔2026〕5号文件") == []


def test_dates_amounts_and_years_are_not_flagged() -> None:
    assert kinds_and_texts("2026年6月30日，共拨付资金1380013800元，占比13.8%。") == []


@pytest.mark.slow
def test_a_long_text_without_personal_data_is_checked_quickly() -> None:
    assert find_personal_data("省市区县路街号" * 20000 + "1" * 5000) == []
