"""From a page as it was found to the report it carries.

Reports reach the importer through crawlers, mirror sites and copy-and-paste: a breadcrumb
(「当前位置：首页 > 政务公开 > …」), a crawler's field labels (「标题：」, 「正文」), the site's
chrome (「【字体：大 中 小】」, 「打印本页」), advertising injected before the title and after the
signature, and sometimes the whole report run together on a few long lines, its section headings
in the middle of them. This module takes all of that away and puts each section heading at the
start of a paragraph of its own, so that the interpreter sees the report as its authors wrote it.
Nothing of the report itself is dropped: only what comes before its title and after its signature
date, and lines that are the site's and never a report's.
"""

from __future__ import annotations

import re
from itertools import pairwise

from . import normalize as nz
from .blocks import Block, Cell, Paragraph, Table

# A crawler's labels in front of the fields it extracted.
_FIELD_LABEL = re.compile(
    r"^\s*(?:标\s*题|標\s*題|題\s*目|题\s*目|題名|名\s*称|名\s*稱|文章标题|正文|內容|内容|正文内容)\s*[:：]\s*"
)
# A PDF shown as an online flip book: 「Page 8 - 威海市文登区信访局2022年…」, 「P. 9」.
_PAGE_HEADER = re.compile(r"^\s*(?:Page\s*\d+\s*[-–—]\s*|P\.\s*\d+\s*$)")
# Mirror sites annotate characters with their pinyin to defeat duplicate detection: 「區(qū)」.
_PINYIN = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}[)）]")
_CHROME = re.compile(
    r"^\s*(?:当前位置|您现在的位置|您的位置|现在位置|所在位置|当前的位置|位置)\s*[:：]"
    r"|^\s*首页\s*(?:>|＞|»|›|→|/)"
    r"|【?\s*字[体号]\s*[:：]?\s*[【\[]?\s*大"
    r"|打印本页|关闭窗口|打印\s*关闭|分享到\s*[:：]?|扫一扫在手机|浏览次数|访问次数|阅读次数|点击数\s*[:：]"
    r"|^\s*(?:正文|【打印】|【关闭】|返回顶部|上一篇|下一篇|相关链接|网站地图|联系我们)\s*$"
    r"|版权所有|ICP备|网站标识码|公网安备"
)
AGENCY_ENDINGS = (
    "局", "政府", "委员会", "办公室", "厅", "委", "部", "中心", "院", "署", "办", "办事处", "镇", "乡",
    "街道", "所", "站", "会", "处", "馆", "队", "室", "集团", "公司", "银行", "机关", "分局",
)  # fmt: skip
_TITLE_WORDS = ("报告", "報告")
_TITLE_TOPIC = ("公开", "公開")
_YEAR = re.compile(r"(?:19|20)\d{2}\s*年|[〇零一二三四五六七八九]{4}\s*年")
_SIGNATURE_DATE = re.compile(
    r"^[（(]?\s*([〇零一二三四五六七八九\d]{4})\s*年\s*([一二三四五六七八九十\d]{1,3})\s*月\s*([一二三四五六七八九十\d]{1,3})\s*日\s*[)）]?$"
)
# The six official section titles, as they stand after their numeral, so that a heading run
# into the middle of a line can be found (「…总结如下：二、主动公开政府信息情况 第二十条…」).
_SECTION_TITLES = (
    r"(?:政府信息公开(?:工作)?)?总体情况",
    r"主动公开政府信息(?:的)?情况",
    r"收到和处理政府信息公开申请(?:的)?情况",
    r"政府信息公开行政复议[、，,]?\s*行政诉讼(?:的)?情况",
    r"(?:政府信息公开工作)?存在的主要问题及改进情况",
    r"其他需要报告的事项",
)
_EMBEDDED_HEADING = re.compile(
    r"(?<=\S)\s*(?=[一二三四五六][、.．]\s*(?:" + "|".join(_SECTION_TITLES) + r"))"
)
# 「2024年丽水市政府信息公开工作年度报告根据《条例》编制并向社会公布。」: a title run into the first sentence.
_GLUED_TITLE = re.compile(
    r"^((?!根据|按照|依据|现|本)[^，,。；：:]{0,40}?(?:(?:19|20)\d{2}|[〇零一二三四五六七八九]{4})\s*年度?"
    r"[^，,。；：:]{0,40}?(?:政府信息公开|政务公开|信息公开)工作(?:年度)?报告)(?=根据|按照|依据|为|本)"
)
_HEADING_AT_START = re.compile(
    r"^\s*(?:[一二三四五六]|[1-6])\s*[、.．]\s*(?:" + "|".join(_SECTION_TITLES) + r")"
)
_EMBEDDED_PART = re.compile(r"(?<=\S)\s*(?=第二十[条條]第[（(][一二三四五六七八九十]{1,3}[)）]项)")


_CATALOGUE_LABELS = frozenset(
    ("名称", "标题", "索引号", "发布日期", "成文日期", "发布机构", "文号", "主题分类")
)


def _traditional_forms(words: str) -> frozenset[str]:
    import opencc

    converted = opencc.OpenCC("s2t").convert(words)
    return frozenset(t for s, t in zip(words, converted, strict=False) if s != t)


# The traditional forms of the characters the patterns below look for: a text without any of them
# is matched as it is, without converting it (most reports; converting every paragraph is slow).
_TRADITIONAL = re.compile(
    "["
    + "".join(
        sorted(
            _traditional_forms(
                "总体情况主动公开政府信息收到和处理申请行政复议诉讼存在的主要问题及改进其他需要报告事项第二十条项年月日"
            )
        )
    )
    + "]"
)


def _matchable(text: str) -> str:
    return nz.simplify(text) if _TRADITIONAL.search(text) else text


def tidy(blocks: list[Block]) -> list[Block]:
    pinyin = any(isinstance(b, Paragraph) and _PINYIN.search(b.text) for b in blocks[:40])
    blocks = [b for block in _catalogue_fields(blocks) for b in _pieces(block, pinyin)]
    start = _title_index(blocks)
    if start:
        kept: list[Block] = [b for b in blocks[:start] if isinstance(b, Paragraph) and "日期" in b.text]
        blocks = kept + blocks[start:]
    end = _end_index(blocks)
    return blocks[:end]


def _catalogue_fields(blocks: list[Block]) -> list[Block]:
    """A table of catalogue metadata above the report (「| 名称 | …年度报告 |」, 「| 发布日期 | 2026-01-20 |」)
    becomes the lines 「名称：…」, 「发布日期：…」 a page would show, so that title and date are found."""
    out: list[Block] = []
    for index, block in enumerate(blocks):
        if index >= 12 or (isinstance(block, Paragraph) and _HEADING_AT_START.match(block.text)):
            return out + blocks[index:]  # the report has begun
        if isinstance(block, Table) and len(block.rows) <= 12:  # metadata tables are small
            fields = [
                (row[i], row[i + 1])
                for row in block.rows
                for i in range(len(row) - 1)
                if "".join(row[i].text.split()) in _CATALOGUE_LABELS and row[i + 1].text.strip()
            ]
            if fields:
                out.extend(
                    Paragraph(f"{''.join(k.text.split())}：{v.text.strip()}", k.line) for k, v in fields
                )
                continue
        out.append(block)
    return out


def _pieces(block: Block, pinyin: bool) -> list[Block]:
    if isinstance(block, Table):
        if pinyin:  # a mirror that annotates its text annotates its tables too
            rows = tuple(tuple(Cell(_PINYIN.sub("", c.text), c.line) for c in row) for row in block.rows)
            return [Table(rows, block.line)]
        return [block]
    text = _FIELD_LABEL.sub("", _PAGE_HEADER.sub("", _PINYIN.sub("", block.text)))
    if not text.strip() or (len(text) <= 120 and _CHROME.search(text) and "日期" not in text):
        return []
    glued = _GLUED_TITLE.match(text)
    if glued and len(text) > glued.end():
        text = glued.group(1) + "\n" + text[glued.end() :]
        return [Paragraph(p.strip(), block.line) for p in text.split("\n") if p.strip()]
    pieces = [
        p
        for part in _split(text, _EMBEDDED_HEADING)
        for heading_and_text in _after_heading(part)
        for p in _split(heading_and_text, _EMBEDDED_PART)
    ]
    return [Paragraph(p.strip(), block.line) for p in pieces if p.strip()]


def _after_heading(text: str) -> list[str]:
    """「六、其他需要报告的事项 本年度共发出…」: the heading, then its text."""
    matchable = _matchable(text)
    found = _HEADING_AT_START.match(matchable)
    if found is None or len(matchable) != len(text):
        return [text]
    rest = text[found.end() :]
    if not rest.strip() or rest.lstrip()[0] in '）)”"':
        return [text]
    return [text[: found.end()], rest]


def _split(text: str, pattern: re.Pattern[str]) -> list[str]:
    """Split before each match, found in the simplified text (a mirror's headings are traditional)."""
    simplified = _matchable(text)
    if len(simplified) != len(text):  # pragma: no cover - t2s maps character to character here
        simplified = text
    cuts = [m.start() for m in pattern.finditer(simplified)]
    if not cuts:
        return [text]
    bounds = [0, *cuts, len(text)]
    return [text[a:b] for a, b in pairwise(bounds)]


def _is_title(paragraph: Paragraph) -> bool:
    text = paragraph.text
    return (
        len(text) <= 80
        and any(w in text for w in _TITLE_WORDS)
        and any(w in text for w in _TITLE_TOPIC)
        and "。" not in text
    )


def _title_index(blocks: list[Block]) -> int:
    """Where the report starts: its title, with the line before it when that holds the agency or
    the year (「古县文化和旅游局」 / 「2022年政府信息公开工作年度报告」)."""
    for index, block in enumerate(blocks[:40]):
        if isinstance(block, Table):
            return 0  # a table before any title: nothing to strip safely
        if _is_title(block):
            before = blocks[index - 1] if index else None
            if not isinstance(before, Paragraph) or len(before.text) > 40 or "。" in before.text:
                return index
            flat = "".join(nz.simplify(before.text).split())
            year = _YEAR.search(block.text)
            if not year and _YEAR.search(flat):
                return index - 1
            if year and not block.text[: year.start()].strip("《》 ") and flat.endswith(AGENCY_ENDINGS):
                return index - 1
            return index
    return 0


def _end_index(blocks: list[Block]) -> int:
    """Just after the signature's date, the report's last line; the whole list if there is none."""
    last_heading = 0
    for index, block in enumerate(blocks):
        if isinstance(block, Paragraph) and _HEADING_AT_START.match(_matchable(block.text)):
            last_heading = index
    if not last_heading:
        return len(blocks)
    for index in range(last_heading + 1, len(blocks)):
        block = blocks[index]
        if isinstance(block, Paragraph) and _SIGNATURE_DATE.match(_matchable(block.text).strip()):
            return index + 1
    return len(blocks)
