"""Snippets show the text as it was written, escaped, with every match marked."""

from __future__ import annotations

from gongkai.search.tokens import highlight


def test_a_traditional_document_is_marked_for_a_simplified_query() -> None:
    assert highlight("國務院辦公廳關於", "办公厅") == "國務院<mark>辦公廳</mark>關於"


def test_latin_matches_ignore_case() -> None:
    assert highlight("Download the PDF file", "pdf") == "Download the <mark>PDF</mark> file"


def test_full_width_digits_and_circled_numbers_are_marked_as_written() -> None:
    assert highlight("２０２０年度报告", "2020年") == "<mark>２０２０年</mark>度报告"
    assert highlight("见①号文件", "1号") == "见<mark>①号</mark>文件"


def test_a_match_across_punctuation_marks_the_punctuation_too() -> None:
    assert (
        highlight("依据国办函〔2020〕109号文件", "国办函(2020)109号")
        == "依据<mark>国办函〔2020〕109号</mark>文件"
    )


def test_html_in_the_text_is_escaped() -> None:
    assert (
        highlight('<b>信息</b>公开 & "引号"', "信息")
        == "&lt;b&gt;<mark>信息</mark>&lt;/b&gt;公开 &amp; &quot;引号&quot;"
    )


def test_every_match_of_every_term_is_marked() -> None:
    assert highlight("信息公开，公开信息", "信息 公开") == ("<mark>信息公开</mark>，<mark>公开信息</mark>")


def test_a_long_text_is_cut_around_the_first_match() -> None:
    text = "甲" * 200 + "信息" + "乙" * 200
    # 120 characters: 40 before the match, the match, 78 after.
    assert highlight(text, "信息") == "…" + "甲" * 40 + "<mark>信息</mark>" + "乙" * 78 + "…"


def test_without_a_match_the_snippet_is_the_beginning() -> None:
    assert highlight("第一段\n第二段", "无关") == "第一段 第二段"
    assert highlight("甲" * 130, "无关") == "甲" * 120 + "…"


def test_a_bad_query_still_gives_a_snippet() -> None:
    assert highlight("政府信息", "！！") == "政府信息"


def test_a_match_deep_in_a_long_text_is_found_and_marked_as_near_the_start() -> None:
    # The snippet maps only a beginning of the text, longer each time it finds no match there:
    # the answer must not depend on where those cuts fall. 120 characters, 40 before the match.
    for before in (
        0,
        10,
        40,
        41,
        *range(150, 300, 7),
        470,
        479,
        480,
        481,
        *range(1_090, 1_140, 3),
        7_000,
        30_000,
    ):
        text = "甲" * before + "候鳥" + "乙" * 200
        expected = ("…" if before > 40 else "") + "甲" * min(before, 40) + "<mark>候鳥</mark>"
        expected += "乙" * (118 - min(before, 40)) + "…"
        assert highlight(text, "候鸟") == expected, before


def test_a_traditional_phrase_across_a_cut_is_marked_whole() -> None:
    # 乾燥 is one OpenCC phrase (干燥): wherever the beginnings mapped are cut (a few hundred
    # characters, then four times as many), the phrase is found whole.
    for before in (*range(41, 600), *range(1_000, 1_300)):
        text = "甲" * before + "乾燥" + "乙" * 300
        snippet = highlight(text, "干燥")
        assert snippet == "…" + "甲" * 40 + "<mark>乾燥</mark>" + "乙" * 78 + "…", before


def test_no_match_in_a_long_text_gives_its_beginning() -> None:
    assert highlight("甲" * 50_000, "无关") == "甲" * 120 + "…"


def test_every_match_in_the_snippet_is_marked_when_the_second_term_comes_later() -> None:
    text = "丙" * 600 + "公开" + "丁" * 20 + "信息" + "丁" * 5_000
    # 40 before, 公开, 20, 信息, and 56 more: 120.
    assert highlight(text, "信息 公开") == (
        "…" + "丙" * 40 + "<mark>公开</mark>" + "丁" * 20 + "<mark>信息</mark>" + "丁" * 56 + "…"
    )
