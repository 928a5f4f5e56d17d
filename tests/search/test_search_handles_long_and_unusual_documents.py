"""Long documents, repeated words, huge token sets and unusual characters are searched exactly
(where positional phrase queries would silently miss: PostgreSQL keeps positions only up to 16383
and at most 255 of them per word)."""

from __future__ import annotations

import random

import pytest
from django.db import connection

from gongkai.search.actions import index_document
from gongkai.search.backends import MAX_LEXEMES
from gongkai.search.selectors import search

pytestmark = pytest.mark.django_db


def _ids(query: str) -> list[int]:
    return [hit.object_id for hit in search(query).hits]


def test_a_document_number_at_the_end_of_a_long_document() -> None:
    index_document("catalogue", 1, title="长文", body="填充文字" * 5000 + "依据国办函〔2020〕109号文件")
    assert _ids("国办函〔2020〕109号") == [1]
    assert _ids("国办函(2020)109号") == [1]
    assert _ids("109号文") == [1]
    assert _ids("国办函〔2021〕109号") == []


def test_a_phrase_after_hundreds_of_repetitions() -> None:
    index_document("catalogue", 1, title="重复", body="信息公开，" * 300 + "信息化建设")
    assert _ids("信息化") == [1]
    assert _ids("公开信息化") == []


def test_a_document_with_more_tokens_than_a_tsvector_holds() -> None:
    rng = random.Random(1)
    noise = "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(MAX_LEXEMES + 20_000))
    index_document("catalogue", 1, title="大文件", body=noise[:70_000] + "，代号zqxj，" + noise[70_000:])
    index_document("catalogue", 2, title="普通文件", body="代号zqxk")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT lexemes IS NULL FROM search_searchdocument WHERE object_id = 1")
            assert cursor.fetchone() == (True,)
    assert _ids("zqxj") == [1]
    assert _ids("zqxk") == [2]
    assert _ids("代号") == [2, 1]


def test_unusual_characters_are_stored_and_found() -> None:
    index_document("catalogue", 1, title="生僻字𰻝𰻝面\x00", body="元素鿏（Mt）\ud800与\u200b零宽字符")
    assert _ids("𰻝") == [1]
    assert _ids("𰻝面") == [1]
    assert _ids("鿏") == [1]
    assert _ids("MT") == [1]
    assert _ids("零宽") == [1]


def test_snippets_show_the_text_as_written() -> None:
    index_document(
        "catalogue",
        1,
        title="國務院辦公廳關於印發《政府信息公開工作年度報告格式》的通知",
        body="各省、自治區、直轄市人民政府：現將《政府信息公開工作年度報告格式》印發給你們。２０２１年起施行。",
        extra_text="国办公开办函〔2021〕30号",
    )
    (hit,) = search("信息公开").hits
    assert hit.title_html == "國務院辦公廳關於印發《政府<mark>信息公開</mark>工作年度報告格式》的通知"
    assert hit.snippet_html == (
        "各省、自治區、直轄市人民政府：現將《政府<mark>信息公開</mark>工作年度報告格式》印發給你們。２０２１年起施行。"
    )
    (hit,) = search("2021年").hits
    assert "<mark>２０２１年</mark>起施行" in hit.snippet_html
    (hit,) = search("〔2021〕30号").hits  # found in the extra text, which is not shown
    assert "<mark>" not in hit.snippet_html
    assert hit.snippet_html.startswith("各省、自治區")
