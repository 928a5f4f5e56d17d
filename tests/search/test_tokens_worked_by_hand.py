"""The tokeniser on strings worked out by hand: canonical form, index tokens, query terms."""

from __future__ import annotations

import pytest

from gongkai.search.tokens import (
    SearchQueryError,
    Term,
    canonical,
    contains,
    document_text,
    parse_query,
    tokens,
)


def test_a_document_number_splits_at_its_brackets() -> None:
    assert canonical("国办函〔2020〕109号") == "国办函 2020 109号"
    # 国办函: 国办 办函 函 | 2020: 20 02 (20) 0 | 109号: 10 09 9号 号
    assert tokens(canonical("国办函〔2020〕109号")) == [
        "国办",
        "办函",
        "函",
        "20",
        "02",
        "0",
        "10",
        "09",
        "9号",
        "号",
    ]


def test_traditional_characters_are_indexed_as_simplified() -> None:
    assert canonical("國務院辦公廳") == "国务院办公厅"
    assert tokens("国务院办公厅") == ["国务", "务院", "院办", "办公", "公厅", "厅"]


def test_full_width_letters_and_digits_become_ascii_lower_case() -> None:
    assert canonical("ＧＤＰ增长２０２５年") == "gdp增长2025年"
    assert canonical("见①号文件") == "见1号文件"


def test_a_single_character_is_its_own_token() -> None:
    assert tokens(canonical("是")) == ["是"]
    assert tokens(canonical("是，否")) == ["是", "否"]


def test_invisible_characters_vanish_and_controls_separate() -> None:
    assert canonical("信\u200b息\x00公\u00ad开\n通知") == "信息 公开 通知"


def test_title_body_and_extra_text_are_kept_apart() -> None:
    assert document_text("通知", "正文", "国办函〔2020〕1号") == "通知\n正文\n国办函 2020 1号"
    assert not contains("通知\n正文", parse_query("通知正文"))


def test_one_character_query_is_a_prefix_match() -> None:
    assert parse_query("信") == (Term(text="信", tokens=(), prefix="信"),)


def test_two_character_query_is_one_token() -> None:
    assert parse_query("信息") == (Term(text="信息", tokens=("信息",), prefix=None),)


def test_longer_query_needs_every_pair() -> None:
    assert parse_query("信息公开") == (Term(text="信息公开", tokens=("信息", "息公", "公开"), prefix=None),)


def test_query_across_punctuation_needs_each_run_to_end_where_the_query_says() -> None:
    (term,) = parse_query("国办函（2020）109号")
    assert term.text == "国办函 2020 109号"
    # 函 and 0 end their runs, so a document must have them as last characters too;
    # 109号 is the last run: the document's run may go on.
    assert term.tokens == ("国办", "办函", "函", "20", "02", "0", "10", "09", "9号")
    assert term.prefix is None


def test_query_ending_in_a_single_character_run_uses_a_prefix() -> None:
    (term,) = parse_query("2020年第3")
    assert term == Term(text="2020年第3", tokens=("20", "02", "0年", "年第", "第3"), prefix=None)
    (term,) = parse_query("〔2020〕9")
    assert term == Term(text="2020 9", tokens=("20", "02", "0"), prefix="9")


def test_spaces_separate_terms_and_repeated_terms_count_once() -> None:
    terms = parse_query("信息　公开 信息 “信息”")  # an ideographic space separates too
    assert [term.text for term in terms] == ["信息", "公开"]


def test_punctuation_only_terms_are_ignored_when_others_remain() -> None:
    assert [term.text for term in parse_query("国务院 —— ！")] == ["国务院"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "请输入要检索的字词。"),
        ("  \u3000 ", "请输入要检索的字词。"),
        ("，。！？", "检索词须包含汉字、字母或数字。"),
        ("& | ! * :", "检索词须包含汉字、字母或数字。"),
        ("信" * 101, "检索词过长：最多 100 个字。"),
        ("信 " * 11, "检索词过多：最多 10 个，以空格分隔。"),
    ],
)
def test_unsearchable_queries_are_refused_with_a_chinese_message(query: str, message: str) -> None:
    with pytest.raises(SearchQueryError) as refused:
        parse_query(query)
    assert refused.value.message == message


def test_limits_are_inclusive() -> None:
    assert len(parse_query("信" * 100)[0].text) == 100
    assert len(parse_query(" ".join("一二三四五六七八九十"))) == 10
