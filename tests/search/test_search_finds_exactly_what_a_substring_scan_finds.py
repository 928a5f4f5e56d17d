"""Every query returns exactly the documents a plain substring scan over the normalised texts
returns: a few hundred generated documents with traditional characters and full-width digits,
every one- and two-character query that occurs in them, longer ones, and absent ones."""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from dataclasses import dataclass
from functools import cached_property

import opencc
import pytest

from gongkai.search.actions import index_document
from gongkai.search.selectors import search

VOCABULARY = [
    "国务院",
    "办公厅",
    "关于",
    "印发",
    "政府信息公开",
    "工作",
    "年度报告",
    "通知",
    "意见",
    "实施",
    "方案",
    "自然资源",
    "教育局",
    "财政",
    "预算",
    "决算",
    "行政许可",
    "行政处罚",
    "依申请公开",
    "主动公开",
    "答复",
    "补正",
    "延期",
    "听证",
    "复议",
    "诉讼",
    "乡村振兴",
    "规划",
    "土地",
    "征收",
    "补偿",
    "标准",
    "公示",
    "名单",
    "招标",
    "采购",
    "项目",
    "审批",
    "环境保护",
    "监测",
    "医疗保障",
    "住房公积金",
    "社会救助",
    "就业",
    "创业",
    "补贴",
    "发放",
    "情况",
    "统计",
    "数据",
    "人民政府",
    "办法",
    "规定",
    "条例",
    "解读",
    "政策",
    "问答",
    "县",
    "市",
    "省",
    "第",
    "号",
    "年",
    "月",
    "日",
    "GDP",
    "PDF",
]
PUNCTUATION = ["，", "。", "、", "；", "：", "《", "》", "〔", "〕", " ", "\n"]
FULL_WIDTH = str.maketrans("0123456789GDPF", "０１２３４５６７８９ＧＤＰＦ")
S2T = opencc.OpenCC("s2t")
T2S = opencc.OpenCC("t2s")


@dataclass
class Generated:
    object_id: int
    fields: tuple[str, str, str]  # title, body, extra text, as written

    @cached_property
    def normalised(self) -> tuple[str, ...]:
        return tuple(normalised(field) for field in self.fields)


def _words(rng: random.Random, count: int) -> str:
    parts: list[str] = []
    for _ in range(count):
        word = rng.choice(VOCABULARY)
        if rng.random() < 0.15:
            word += str(rng.randint(1, 2030))
        parts.append(word)
        if rng.random() < 0.3:
            parts.append(rng.choice(PUNCTUATION))
    text = "".join(parts)
    if rng.random() < 0.25:
        text = str(S2T.convert(text))  # written in traditional characters
    if rng.random() < 0.25:
        text = text.translate(FULL_WIDTH)
    return text


def _corpus(size: int, seed: int = 20261122) -> list[Generated]:
    rng = random.Random(seed)
    corpus = []
    for object_id in range(1, size + 1):
        extra = f"国办函〔{rng.randint(2018, 2026)}〕{rng.randint(1, 200)}号" if rng.random() < 0.2 else ""
        corpus.append(
            Generated(object_id, (_words(rng, rng.randint(2, 5)), _words(rng, rng.randint(5, 25)), extra))
        )
    return corpus


def normalised(text: str) -> str:
    """The scan's own normalisation, written independently of gongkai.search.tokens."""
    return str(T2S.convert(unicodedata.normalize("NFKC", text))).lower()


def scan(corpus: list[Generated], query: str) -> set[int]:
    needle = normalised(query)
    return {item.object_id for item in corpus if any(needle in field for field in item.normalised)}


def found(query: str) -> set[int]:
    ids: set[int] = set()
    offset = 0
    while True:
        page = search(query, limit=100, offset=offset)
        ids |= {hit.object_id for hit in page.hits}
        offset += 100
        if offset >= page.total:
            assert len(ids) == page.total
            return ids


def _letters_and_digits(text: str) -> bool:
    return all(char.isalnum() for char in text)


def _substrings(corpus: list[Generated], length: int) -> set[str]:
    out = set()
    for item in corpus:
        for text in item.normalised:
            out |= {text[i : i + length] for i in range(len(text) - length + 1)}
    return {piece for piece in out if _letters_and_digits(piece)}


@pytest.fixture
def corpus(db: None) -> list[Generated]:
    generated = _corpus(300)
    rng = random.Random(7)
    for item in generated:
        title, body, extra = item.fields
        index_document(
            "catalogue",
            item.object_id,
            title=title,
            body=body,
            extra_text=extra,
            agency_id=rng.choice([1, 2, 3]),
            published_on=dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 500)),
        )
    return generated


def _mismatches(corpus: list[Generated], queries: set[str]) -> list[tuple[str, set[int], set[int]]]:
    wrong = []
    for query in sorted(queries):
        expected, actual = scan(corpus, query), found(query)
        if expected != actual:
            wrong.append((query, expected - actual, actual - expected))
    return wrong


@pytest.mark.slow
def test_every_one_character_query(corpus: list[Generated]) -> None:
    queries = _substrings(corpus, 1)
    assert len(queries) > 100
    assert _mismatches(corpus, queries) == []


@pytest.mark.slow
def test_every_two_character_query(corpus: list[Generated]) -> None:
    queries = _substrings(corpus, 2)
    assert len(queries) > 1000
    assert _mismatches(corpus, queries) == []


@pytest.mark.slow
def test_queries_written_in_traditional_characters_and_full_width_digits(corpus: list[Generated]) -> None:
    written = set()
    for item in corpus:
        for field in item.fields:
            written |= {field[i : i + n] for n in (1, 2, 3) for i in range(len(field) - n + 1)}
    different = sorted(
        piece for piece in written if _letters_and_digits(piece) and normalised(piece) != piece
    )
    queries = {piece for piece in different if len(piece) == 1} | set(
        random.Random(11).sample(different, 300)
    )
    assert any("國" in query for query in queries)
    assert any("２" in query for query in queries)
    assert _mismatches(corpus, queries) == []


def test_three_to_six_character_queries(corpus: list[Generated]) -> None:
    rng = random.Random(3)
    queries: set[str] = set()
    for length in range(3, 7):
        queries |= set(rng.sample(sorted(_substrings(corpus, length)), 60))
    assert _mismatches(corpus, queries) == []


def test_absent_queries_find_nothing(corpus: list[Generated]) -> None:
    present = _substrings(corpus, 2)
    rng = random.Random(5)
    characters = sorted({char for word in VOCABULARY for char in word})
    absent = {"鑫", "z", "院务国", "开公息信", "gdpx"}
    while len(absent) < 100:
        candidate = "".join(rng.sample(characters, 2))
        if candidate not in present:
            absent.add(candidate)
    assert _mismatches(corpus, absent) == []
    assert all(scan(corpus, query) == set() for query in {"鑫", "z", "院务国", "开公息信", "gdpx"})
