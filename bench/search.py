"""Search over a million catalogue items, beside the floor: fetching the same page's rows by primary key.

Usage: python -m bench.search [--documents N] [--databases sqlite,postgres] [--runs 10] [--rebuild]
                              [--queries] [--check] [--explain]

The corpus: N catalogue items published over ten years by 2,000 agencies, generated from a seed.
Titles follow the patterns of real ones (关于印发《…实施方案》的通知, …的公示, …年度报告); bodies of 200-800
characters are sentences of government-document phrases drawn with Zipf-like frequencies, with
the long tail real documents have (place, company and person names, project names, amounts,
dates, laws), a few topical phrases that only some years use (十三五, 十四五, 新冠肺炎疫情) and rare
ones; the extra text is the 索引号, the 文号 and keywords, as catalogue.actions indexes them.

Building the corpus once takes minutes, so it is kept: SQLite in out/bench/search-<N>-<key>.sqlite3,
PostgreSQL in the database gongkai_bench_search, with a marker row that names N and the key (a hash
of the generator, the functions of tokens.py that make a row's canonical text and tokens, OpenCC's
version, models.py and the search migrations: everything that decides what the index holds). A second run finds the marker and only measures; --rebuild builds again.

The documents are inserted in bulk (executemany / COPY), NOT through index_document, which would
take hours; but each row and its tokens are exactly what index_document stores: the same
document_text() and tokens(), into the same FTS5 table (SQLite) or the same tsvector column
(PostgreSQL). tests/search/test_search_bench_loads_like_index_document.py proves it on a sample.
Secondary indexes are dropped during the load and created again after it from their own
definitions; the FTS5 index is then merged into one segment ('optimize').

Queries: a fixed mix of what people type (one character, common and rare; two characters, common,
medium and rare; phrases of 3-6 characters; two terms; 文号 and 索引号; a query with no match),
each as the portal asks it (search(query, kinds=["catalogue_item"], limit=20): the first page,
newest first, and the count, which search() takes to 1,000 and then says "more"), over all
agencies, the busiest one and one of median size. Each is run once to warm up, then --runs
times; median and p95 per category and overall (of every run of every query in it), beside the
floor: the same 20 rows fetched by primary key. --queries prints each query; --check compares
every page with a plain count and sort over every match (slow: seconds per common word).
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import datetime as dt
import functools
import hashlib
import itertools
import math
import multiprocessing
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from bench import database_arguments

BENCH_DATABASE = "gongkai_bench_search"
CACHE_FOLDER = Path("out/bench")
CORPUS_VERSION = "1"  # change when the generator changes: the cached corpora are then built again
MARKER_TABLE = "bench_search_corpus"
KIND = "catalogue_item"  # gongkai.catalogue.actions.SEARCH_KIND
AGENCIES = 2000
FIRST_DAY, LAST_DAY = dt.date(2016, 7, 1), dt.date(2026, 6, 30)
YEARLY_GROWTH = 1.08  # each year publishes a little more than the one before
CHUNK = 5000
PAGE = 20

# --- the vocabulary ----------------------------------------------------------------------------

# Phrases of government documents, roughly from the most to the least frequent: drawn with
# weight 1/rank, so the first few are in nearly every document and the last in a few per cent.
PHRASES = """
工作 管理 建设 发展 服务 有关 单位 部门 相关 规定 要求 实施 开展 推进 加强 政府 公开
信息 人民 社会 经济 企业 项目 落实 按照 组织 负责 进行 提高 完善 制度 机制 情况 重点
任务 措施 标准 依法 保障 安全 监督 检查 群众 政策 领域 全面 进一步 行政 资金 市场
体系 工程 规划 方案 年度 目标 问题 统筹 协调 指导 提升 质量 改革 创新 审批 办理 申请
材料 通知 意见 办法 决定 内容 范围 对象 条件 程序 时间 地点 联系 各级 乡镇 街道 社区
农村 城市 区域 环境 生态 保护 治理 污染 防治 交通 道路 运输 住房 教育 学校 医疗 卫生
健康 养老 救助 补贴 就业 培训 社会保险 农业 粮食 水利 文化 旅游 科技 财政 预算 统计
数据 采购 招标 合同 验收 考核 评估 调查 公告 名单 结果 执法 整改 民生 应急 消防
安全生产 营商环境 政务服务 便民 窗口 网上办理 行政许可 行政处罚 信访 投诉 举报 公示
乡村振兴 人居环境 食品安全 市场主体 耕地 防汛 绿化 排放 大气 水质 土壤 公路 桥梁 物业
学生 教师 招生 医院 疾病 预防 低保 创业 工资 种植 养殖 灌溉 抗旱 林业 体育 数字化
招商引资 决算 收费 税收 审计 价格 投标 中标 违法行为 依申请公开 主动公开 政府信息公开
年度报告 征收 补偿 拆迁 安置 土地 不动产登记 规划许可 药品 特种设备 自然灾害 脱贫 巩固
衔接 实事 残疾人 退役军人 优抚 殡葬 婚姻登记 户籍 营业执照 知识产权 计量 标准化
双随机一公开 放管服 一网通办 热线 电子证照 行政强制 行政复议 行政诉讼 听证 森林防火
保障性住房 棚户区改造 老旧小区 垃圾分类 河长制 高标准农田 电商 冷链 物流 新能源 充电桩
停车 公交 出租车 校车 托育 学前教育 义务教育 职业教育 家庭医生 医保 药品集采 疫苗 传染病
慢性病 中医药 献血 红十字 慈善 志愿服务 社会组织 基层治理 网格化 平安建设 扫黑除恶 禁毒
反诈 普法 法律援助 人民调解 公证 律师 仲裁 劳动保障 欠薪 农民工 技能人才 人才引进
高校毕业生 见习 公益性岗位 稳岗 减税降费 专项债券 政府债务 国有资产 产权交易 公共资源交易
政府采购 工程建设 质量安全 建筑施工 燃气 供水 排水 污水处理 海绵城市 地下管网 城市更新
历史文化街区 文物 博物馆 图书馆 全民健身 赛事 非遗 景区 民宿
""".split()  # noqa: SIM905

# Topical phrases that only some years use: (phrase, first year, last year, share of that period's items).
PERIOD_PHRASES = [
    ("十三五", 2016, 2020, 0.25),
    ("十四五", 2021, 2025, 0.25),
    ("十五五", 2025, 2026, 0.15),
    ("新冠肺炎疫情", 2020, 2022, 0.30),
    ("常态化疫情防控", 2021, 2022, 0.15),
    ("高质量发展", 2018, 2026, 0.20),
]

# Rare subjects: each in about one item in ten thousand.
RARE_PHRASES = """
古树名木 渔船 碑刻 蜂农 候鸟 温泉 野生菌 地下水超采 滑坡隐患 船闸 茶园 蚕桑 马术
冰雪运动 盐碱地 石窟 牧区 草原 湿地公园 水库移民 烈士陵园 地名普查 方言 古籍 皮影 龙舟
沙棘 枸杞 苗木 花卉
""".split()  # noqa: SIM905
RARE_SHARE = 1e-4

LAWS = [
    "《中华人民共和国政府信息公开条例》",
    "《中华人民共和国行政许可法》",
    "《中华人民共和国行政处罚法》",
    "《中华人民共和国预算法》",
    "《中华人民共和国土地管理法》",
    "《国有土地上房屋征收与补偿条例》",
    "《中华人民共和国环境保护法》",
    "《中华人民共和国安全生产法》",
    "《中华人民共和国政府采购法》",
    "《优化营商环境条例》",
    "《社会救助暂行办法》",
    "《中华人民共和国食品安全法》",
]

DEPARTMENTS = """
人民政府办公室 发展和改革委员会 教育局 科学技术局 工业和信息化局 公安局 民政局 司法局 财政局
人力资源和社会保障局 自然资源和规划局 生态环境局 住房和城乡建设局 交通运输局 水利局 农业农村局
商务局 文化广电和旅游局 卫生健康委员会 退役军人事务局 应急管理局 审计局 市场监督管理局 统计局
医疗保障局 林业局 体育局 城市管理局 数据资源管理局 行政审批局 信访局 乡村振兴局
粮食和物资储备局 民族宗教事务局 机关事务管理局 国有资产监督管理委员会 地方金融监督管理局
人民防空办公室 供销合作社 档案馆 地震局 气象局 投资促进局
""".split()  # noqa: SIM905
ABBREVIATIONS = """
政办 发改 教 科 工信 公 民 司 财 人社 自然资规 环 建 交 水 农 商 文旅 卫健 退役
应急 审 市监 统 医保 林 体 城管 数据 审批 信访 振兴 粮 民宗 机关 国资 金融 人防
供销 档 震 气 投促
""".split()  # noqa: SIM905
GENRES = [
    "通知",
    "公告",
    "通告",
    "意见",
    "办法",
    "决定",
    "批复",
    "报告",
    "规划",
    "方案",
    "函",
    "答复",
    "解读",
]
PLACE_CHARACTERS = (
    "东西南北中山水江河湖海安平宁康泰和丰华兴长新阳城林石桥田家庄集口湾坪岭峰溪源泉云龙凤鹤松柏桃李杨柳"
    "清明光永福寿昌盛乐嘉定远广德仁义信宝金银玉青白黄红沙河洲台塘坝营堡寨屯关镇铺渡浦港滨"
)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
BUSINESS = [
    "科技",
    "建筑",
    "建设",
    "工程",
    "农业",
    "食品",
    "医药",
    "物流",
    "贸易",
    "环保",
    "能源",
    "实业",
    "置业",
    "商贸",
]
PROJECT = [
    "道路改造工程",
    "小区改造项目",
    "污水管网工程",
    "学校建设项目",
    "卫生院改扩建工程",
    "农田水利工程",
    "桥梁维修工程",
]
CONNECTORS = ["", "", "", "", "", "", "", "的", "和", "、", "，", "及"]


def _gb2312_level(level: int) -> list[str]:
    """The GB 2312 characters of level 1 (3,755 common ones) or level 2 (3,008 rarer ones)."""
    rows = range(0xB0, 0xD8) if level == 1 else range(0xD8, 0xF8)
    found = []
    for high in rows:
        for low in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                found.append(bytes([high, low]).decode("gb2312"))
    return found


def _cumulative(weights: Sequence[float]) -> list[float]:
    return list(itertools.accumulate(weights))


# --- the corpus --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """What is decided for the whole corpus before any text is written: dates, agencies, numbers."""

    seed: int
    agencies: list[tuple[str, str, str]]  # (name, 文号 prefix, organisation code) per agency id - 1
    published_on: list[dt.date]  # per document, ascending: ids follow publication, as in the portal
    agency_ids: list[int]
    serials: list[int]  # the document's serial within its agency and year


def plan(count: int, seed: int) -> Plan:
    rng = random.Random(seed)
    places = _place_names(rng, 21 + AGENCIES)
    city, counties = places[0] + "市", [name + rng.choice("县区") for name in places[1:21]]
    towns = iter(places[21:])
    agencies: list[tuple[str, str, str]] = []
    for number in range(AGENCIES):
        if number < 21 * 30:  # 30 departments of the city and of each county
            seat = city if number < 30 else counties[number // 30 - 1]
            department = number % 30
            name, prefix = seat + DEPARTMENTS[department], seat[0] + ABBREVIATIONS[department]
        else:
            county = counties[number % 20]
            town = next(towns) + rng.choice(["镇", "乡", "街道"])
            office = "办事处" if town.endswith("街道") else "人民政府"
            name, prefix = county + town + office, town[:2]
        agencies.append((name, prefix, f"{11320000 + number:08d}-{number % 10}"))
    weights = [rng.lognormvariate(0, 1.2) for _ in range(AGENCIES)]
    agency_ids = [pk + 1 for pk in rng.choices(range(AGENCIES), cum_weights=_cumulative(weights), k=count)]
    days = (LAST_DAY - FIRST_DAY).days + 1
    day_weights = [YEARLY_GROWTH ** (day / 365) for day in range(days)]
    offsets = sorted(rng.choices(range(days), cum_weights=_cumulative(day_weights), k=count))
    published_on = [FIRST_DAY + dt.timedelta(days=offset) for offset in offsets]
    counters: dict[tuple[int, int], int] = {}
    serials = []
    for agency, day in zip(agency_ids, published_on, strict=True):
        key = (agency, day.year)
        counters[key] = serials_so_far = counters.get(key, 0) + 1
        serials.append(serials_so_far)
    return Plan(seed, agencies, published_on, agency_ids, serials)


def _place_names(rng: random.Random, count: int) -> list[str]:
    names: dict[str, None] = {}
    while len(names) < count:
        names["".join(rng.sample(PLACE_CHARACTERS, 2))] = None
    return list(names)


class Writer:
    """Writes the text of documents; the same seed and document number always give the same text."""

    def __init__(self, seed: int) -> None:
        rng = random.Random(seed)
        self.seed = seed
        self.common = _gb2312_level(1)
        self.rare = _gb2312_level(2)
        rng.shuffle(self.common)
        self.common_weights = _cumulative([1 / math.sqrt(rank + 1) for rank in range(len(self.common))])
        self.phrase_weights = _cumulative([1 / (rank + 1) for rank in range(len(PHRASES))])
        # The long tail: names that recur in a few dozen documents each.
        self.companies = [self._name(rng, 2, 3) + rng.choice(BUSINESS) + "有限公司" for _ in range(50_000)]
        self.villages = [self._name(rng, 2, 2) + rng.choice(["村", "社区", "组"]) for _ in range(20_000)]
        self.projects = [self._name(rng, 2, 2) + rng.choice(PROJECT) for _ in range(20_000)]

    def _name(self, rng: random.Random, shortest: int, longest: int) -> str:
        size = rng.randint(shortest, longest)
        return "".join(rng.choices(self.common, cum_weights=self.common_weights, k=size))

    def _person(self, rng: random.Random) -> str:
        given = rng.choices(self.common, cum_weights=self.common_weights, k=rng.choice([1, 2, 2]))
        if rng.random() < 0.02:  # one name in fifty has a rarer character
            given[-1] = rng.choice(self.rare)
        return rng.choice(SURNAMES) + "".join(given)

    def _phrases(self, rng: random.Random, count: int) -> str:
        words = rng.choices(PHRASES, cum_weights=self.phrase_weights, k=count)
        glue = rng.choices(CONNECTORS, k=count)
        return "".join(word + joint for word, joint in zip(words, glue, strict=True)).rstrip("，、和及的")

    def document(
        self, number: int, day: dt.date, agency: tuple[str, str, str], serial: int
    ) -> tuple[str, str, str]:
        """(title, body, extra text) of document `number`."""
        rng = random.Random(self.seed * 1_000_003 + number)
        name, prefix, org_code = agency
        kind = rng.random()
        topic = "".join(rng.choices(PHRASES, cum_weights=self.phrase_weights, k=rng.randint(1, 3)))
        listing: list[str] = []
        if kind < 0.15:
            subject = rng.choice(self.projects) if rng.random() < 0.5 else f"{day.year}年度{topic}拟补助对象"
            title = f"关于{subject}的公示"
            listing = [
                self._person(rng) if rng.random() < 0.7 else rng.choice(self.companies)
                for _ in range(rng.randint(3, 25))
            ]
        elif kind < 0.20:
            title = f"{name}{day.year - 1}年政府信息公开工作年度报告"
        elif kind < 0.35:
            title = f"关于印发《{rng.choice([name[:3], ''])}{topic}实施方案》的通知"
        elif kind < 0.45:
            company = rng.choice(self.companies)
            title = f"{company}{rng.choice(['行政处罚决定书', '行政许可决定书', '责令改正通知书'])}"
        else:
            title = f"{rng.choice([name, ''])}关于{topic}的{rng.choice(GENRES)}"
        target = rng.randint(200, 800)
        parts: list[str] = []
        size = 0
        if rng.random() < 0.6:
            opening = f"为{self._phrases(rng, 3)}，根据{rng.choice(LAWS)}等有关规定，结合实际，现就有关事项通知如下。"
            parts.append(opening)
            size += len(opening)
        if listing:
            roll = f"经审核，现将名单公示如下：{'、'.join(listing)}。公示期为{rng.randint(5, 7)}个工作日。"
            parts.append(roll)
            size += len(roll)
        for phrase, first, last, share in PERIOD_PHRASES:
            if first <= day.year <= last and rng.random() < share:
                parts.append(f"{phrase}期间{self._phrases(rng, 3)}。")
        if rng.random() < RARE_SHARE * len(RARE_PHRASES):
            parts.append(f"{rng.choice(RARE_PHRASES)}{self._phrases(rng, 2)}。")
        while size < target:
            roll = rng.random()
            if roll < 0.08:
                when = day - dt.timedelta(days=rng.randint(0, 400))
                sentence = (
                    f"{when.year}年{when.month}月{when.day}日，{self._phrases(rng, rng.randint(3, 8))}。"
                )
            elif roll < 0.14:
                sentence = (
                    f"安排资金{rng.randint(1, 9999)}.{rng.randint(0, 9)}万元，用于{self._phrases(rng, 3)}。"
                )
            elif roll < 0.20:
                sentence = f"{rng.choice(self.villages)}{self._phrases(rng, rng.randint(2, 6))}。"
            elif roll < 0.24:
                sentence = (
                    f"{rng.choice(self.projects)}由{rng.choice(self.companies)}{self._phrases(rng, 3)}。"
                )
            else:
                sentence = self._phrases(rng, rng.randint(4, 14)) + rng.choice(["。", "。", "；"])
            parts.append(sentence)
            size += len(sentence)
        parts.append(f"联系电话：0{rng.randint(510, 599)}-{rng.randint(1000000, 9999999)}。")
        body = "".join(parts)
        genre = title[-2:] if title[-2:] in GENRES else "发"
        doc_number = f"{prefix}{'函' if genre == '函' else '发'}〔{day.year}〕{serial % 400 + 1}号"
        index_number = f"{org_code}/{day.year}-{serial:05d}"
        keywords = " ".join(rng.sample(PHRASES[:80], 2))
        return title, body, f"{index_number} {doc_number} {keywords}"


Row = tuple[
    int, str, int, int, dt.date, str, str, str, list[str]
]  # id, kind, object id, agency, date, title, body, canonical, tokens

_WRITER: Writer | None = None


@functools.lru_cache(maxsize=2)
def writer(seed: int) -> Writer:
    return Writer(seed)


def _start_writer(seed: int) -> None:
    global _WRITER
    _WRITER = writer(seed)


def _rows(job: tuple[int, int, list[dt.date], list[int], list[int], list[tuple[str, str, str]]]) -> list[Row]:
    """Documents start .. start + len(dates) - 1, each with its canonical text and tokens."""
    from gongkai.search.actions import _clean
    from gongkai.search.tokens import document_text, tokens

    start, _, dates, agency_ids, serials, agencies = job
    assert _WRITER is not None
    rows = []
    for offset, (day, agency, serial) in enumerate(zip(dates, agency_ids, serials, strict=True)):
        number = start + offset
        title, body, extra = _WRITER.document(number, day, agencies[agency - 1], serial)
        title, body = _clean(title), _clean(body)
        canonical = document_text(title, body, _clean(extra))
        rows.append((number + 1, KIND, number + 1, agency, day, title, body, canonical, tokens(canonical)))
    return rows


def generate(corpus: Plan, processes: int) -> Iterator[list[Row]]:
    """The documents in chunks, in order, written by `processes` worker processes."""
    count = len(corpus.published_on)
    jobs = (
        (
            start,
            count,
            corpus.published_on[start : start + CHUNK],
            corpus.agency_ids[start : start + CHUNK],
            corpus.serials[start : start + CHUNK],
            corpus.agencies,
        )
        for start in range(0, count, CHUNK)
    )
    if processes <= 1:
        _start_writer(corpus.seed)
        yield from map(_rows, jobs)
        return
    context = multiprocessing.get_context("fork")
    with context.Pool(processes, initializer=_start_writer, initargs=(corpus.seed,)) as pool:
        yield from pool.imap(_rows, jobs)


def _definitions(path: Path, names: set[str]) -> str:
    """The source of the top-level functions, classes and assignments of `path` named in `names`."""
    text = path.read_text(encoding="utf-8")
    found: dict[str, str] = {}
    for node in ast.parse(text).body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            defined = [node.name]
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            defined = [target.id for target in targets if isinstance(target, ast.Name)]
        else:
            continue
        for name in set(defined) & names:
            found[name] = ast.get_source_segment(text, node) or ""
    missing = names - found.keys()
    assert not missing, f"{path.name} no longer defines {sorted(missing)}: update corpus_key"
    return "\n".join(found[name] for name in sorted(found))


def corpus_key() -> str:
    """What decides the stored corpus and its index: the generator, the tokeniser, the schema."""
    import inspect

    import gongkai.search

    digest = hashlib.sha256(CORPUS_VERSION.encode())
    for source in (Writer, plan, _gb2312_level, _place_names):
        digest.update(inspect.getsource(source).encode())
    digest.update(repr((PHRASES, PERIOD_PHRASES, RARE_PHRASES, LAWS, DEPARTMENTS, ABBREVIATIONS)).encode())
    package = Path(gongkai.search.__file__).parent
    # What each row and its tokens are made of (not the snippets, which tokens.py also holds),
    # read from the sources: importing actions or backends would need Django set up.
    made_of = {
        "actions.py": {"_clean"},
        "backends.py": {"MAX_LEXEMES"},
        "tokens.py": {"_SEPARATOR", "FIELD_BREAK", "_T2S", "_CharTable", "_compatibility", "_fold"}
        | {"_simplified", "_simplified_char", "_COMPATIBILITY", "_FOLD", "canonical", "document_text"}
        | {"_run_tokens", "tokens"},
    }
    for name, wanted in made_of.items():
        digest.update(_definitions(package / name, wanted).encode())
    digest.update(version("OpenCC").encode())
    for path in [package / "models.py", *sorted((package / "migrations").glob("0*.py"))]:
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:12]


# --- the parent: one process per database ------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.search", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--documents", type=int, default=1_000_000, help="catalogue items (default 1,000,000)"
    )
    database_arguments(parser)
    parser.add_argument("--runs", type=int, default=10, help="timed runs per query, after one warm-up")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rebuild", action="store_true", help="build the corpus again even if one is kept")
    parser.add_argument(
        "--queries", action="store_true", help="print a line per query, not only per category"
    )
    parser.add_argument("--explain", action="store_true", help="print the query plans of the slowest queries")
    parser.add_argument(
        "--check",
        action="store_true",
        help="compare every page with a plain exact count and sort over all matches (slow on common terms)",
    )
    parser.add_argument("--processes", type=int, default=max(1, min(4, os.cpu_count() or 1)))
    parser.add_argument("--build", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--key", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker(args)

    args.key = corpus_key()
    print(
        f"gongkai bench.search — search over {args.documents:,} catalogue items, Python {sys.version.split()[0]}; "
        f"median and p95 of {args.runs} runs per query (ms), beside the floor: the page's rows fetched by id"
    )
    failed = 0
    for database in args.databases.split(","):
        if database == "sqlite":
            failed |= _with_sqlite(args)
        elif database == "postgres":
            failed |= _with_postgres(args)
        else:
            parser.error(f"unknown database {database!r}")
    return failed


def _run_worker(args: argparse.Namespace, database: str, url: str, build: bool) -> int:
    command = [sys.executable, "-m", "bench.search", "--worker", database, "--key", args.key]
    command += ["--documents", str(args.documents), "--runs", str(args.runs), "--seed", str(args.seed)]
    command += ["--processes", str(args.processes)]
    for flag in ("build", "queries", "explain", "check"):
        if (flag == "build" and build) or (flag != "build" and getattr(args, flag)):
            command.append(f"--{flag}")
    env = os.environ | {"DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "gongkai.web.settings"}
    return subprocess.run(command, env=env, check=False).returncode


def _marker_sql() -> str:
    return f"SELECT key, documents FROM {MARKER_TABLE}"


def _with_sqlite(args: argparse.Namespace) -> int:
    import sqlite3

    folder = Path(__file__).resolve().parent.parent / CACHE_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"search-{args.documents}-{args.seed}-{args.key}.sqlite3"
    build = args.rebuild or not path.exists()
    if not build:
        try:
            with sqlite3.connect(path) as database:
                build = database.execute(_marker_sql()).fetchall() != [(args.key, args.documents)]
        except sqlite3.Error:
            build = True
    if build:
        # Corpora of the same size built by an older generator or tokeniser are of no more use.
        for old in folder.glob(f"search-{args.documents}-{args.seed}-*.sqlite3*"):
            old.unlink()
    return _run_worker(args, "sqlite", f"sqlite:///{path}", build)


def _with_postgres(args: argparse.Namespace) -> int:
    import psycopg

    parts = urlsplit(args.postgres_url)
    bench_url = urlunsplit(parts._replace(path=f"/{BENCH_DATABASE}"))
    build = args.rebuild
    if not build:
        try:
            with psycopg.connect(bench_url) as database:
                build = database.execute(_marker_sql()).fetchall() != [(args.key, args.documents)]
        except psycopg.Error:
            build = True
    if build:
        with psycopg.connect(args.postgres_url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)")
            admin.execute(f"CREATE DATABASE {BENCH_DATABASE}")
    return _run_worker(args, "postgres", bench_url, build)


# --- the worker: build (once) and measure -------------------------------------------------------


def worker(args: argparse.Namespace) -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    name = "SQLite" if args.worker == "sqlite" else "PostgreSQL"
    call_command("migrate", verbosity=0)
    corpus = plan(args.documents, args.seed)
    if args.build:
        started = time.perf_counter()
        build(corpus, args.processes)
        seconds = time.perf_counter() - started
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TABLE {MARKER_TABLE} (key TEXT, documents INTEGER, seconds REAL, built_on TEXT)"
            )
            cursor.execute(
                f"INSERT INTO {MARKER_TABLE} VALUES (%s, %s, %s, %s)",
                [args.key, args.documents, seconds, dt.date.today().isoformat()],
            )
        how = "built now"
    else:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT seconds, built_on FROM {MARKER_TABLE}")
            seconds, built_on = cursor.fetchone()
        how = f"kept from {built_on}"
    print(
        f"{name}: {args.documents:,} items, {_size(connection)}, {how}: built in {seconds / 60:.1f} min "
        f"({seconds / args.documents * 1e6:.0f} µs per item, generating the text included)",
        flush=True,
    )
    measure_all(name, corpus, args)
    return 0


def _size(connection: Any) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")
        else:
            cursor.execute("SELECT pg_database_size(current_database())")
        (size,) = cursor.fetchone()
    return f"{size / 2**30:.1f} GiB"


def build(corpus: Plan, processes: int) -> None:
    """Insert the corpus and its token index in bulk; the rows and tokens are index_document's."""
    from django.db import connection

    if connection.vendor == "sqlite":
        _build_sqlite(corpus, processes)
    else:
        _build_postgres(corpus, processes)


def _progress(done: int, count: int, started: float) -> None:
    if done % 100_000 < CHUNK or done == count:
        elapsed = time.perf_counter() - started
        print(f"  … {done:,} of {count:,} items in {elapsed:.0f} s", flush=True)


def _build_sqlite(corpus: Plan, processes: int) -> None:
    from django.db import OperationalError, connection, transaction
    from django.utils import timezone

    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        # WAL cannot be left while another connection has the file open (in the test suite, a
        # thread's): then the rows are loaded in WAL, more slowly but the same.
        with contextlib.suppress(OperationalError):
            cursor.execute("PRAGMA journal_mode = OFF")
        cursor.execute("PRAGMA synchronous = OFF")
        cursor.execute("PRAGMA cache_size = -1000000")  # 1 GB
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'search_searchdocument' "
            "AND sql IS NOT NULL"
        )
        indexes = cursor.fetchall()
        for index, _ in indexes:
            cursor.execute(f'DROP INDEX "{index}"')
    started, done, count = time.perf_counter(), 0, len(corpus.published_on)
    with transaction.atomic(), connection.cursor() as cursor:
        for rows in generate(corpus, processes):
            cursor.executemany(
                "INSERT INTO search_searchdocument (id, kind, object_id, agency_id, published_on, title, body, "
                "canonical, indexed_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                [(*row[:4], row[4].isoformat(), *row[5:8], now) for row in rows],
            )
            # SqliteBackend.add, many at a time.
            cursor.executemany(
                "INSERT INTO search_token_index (rowid, tokens) VALUES (%s, %s)",
                [(row[0], " ".join(row[8])) for row in rows],
            )
            done += len(rows)
            _progress(done, count, started)
    with connection.cursor() as cursor:
        print("  merging the FTS5 index into one segment, creating the indexes, ANALYZE", flush=True)
        cursor.execute("INSERT INTO search_token_index (search_token_index) VALUES ('optimize')")
        for _, sql in indexes:
            cursor.execute(sql)
        cursor.execute("ANALYZE")
        cursor.execute("PRAGMA journal_mode = WAL")  # as the site's connections open it


def _lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def _build_postgres(corpus: Plan, processes: int) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from gongkai.search.backends import MAX_LEXEMES

    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'search_searchdocument' "
            "AND indexname NOT IN (SELECT conname FROM pg_constraint)"
        )
        indexes = cursor.fetchall()
        for index, _ in indexes:
            cursor.execute(f'DROP INDEX "{index}"')
    started, done, count = time.perf_counter(), 0, len(corpus.published_on)
    columns = "id, kind, object_id, agency_id, published_on, title, body, canonical, indexed_at, lexemes"
    with transaction.atomic(), connection.cursor() as cursor:
        for rows in generate(corpus, processes):
            with cursor.cursor.copy(f"COPY search_searchdocument ({columns}) FROM STDIN") as copy:
                for row in rows:
                    # What PostgresBackend.add stores: array_to_tsvector(tokens), as tsvector text.
                    lexemes = None if len(row[8]) > MAX_LEXEMES else " ".join(map(_lexeme, row[8]))
                    copy.write_row((*row[:8], now, lexemes))
            done += len(rows)
            _progress(done, count, started)
    with connection.cursor() as cursor:
        print("  creating the indexes (GIN included), VACUUM ANALYZE", flush=True)
        cursor.execute("SET maintenance_work_mem = '1GB'")
        for _, sql in indexes:
            cursor.execute(sql)
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('search_searchdocument', 'id'), "
            "(SELECT max(id) FROM search_searchdocument))"
        )
        cursor.execute("VACUUM ANALYZE search_searchdocument")


# --- the queries --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    category: str
    text: str


CATEGORIES = [
    ("1 char, common", ["公", "的", "市", "年", "工"]),
    ("1 char, rare", []),  # characters of GB 2312 level 2, met only in a few people's names: see queries()
    ("2 chars, common", ["通知", "公开", "工作", "政府", "关于"]),
    ("2 chars, medium", ["信访", "殡葬", "听证", "征收", "物流"]),
    ("2 chars, rare", ["渔船", "碑刻", "蜂农", "候鸟", "茶园"]),
    ("3-6 chars", ["政府信息公开", "行政许可", "乡村振兴", "十三五", "新冠肺炎疫情", "实施方案"]),
    ("two terms", ["行政许可 2024", "补偿 标准", "教育局 通知", "公示 名单", "十四五 规划"]),
    ("文号, 索引号", []),  # some of the corpus's own, and patterns many share: see queries()
    ("no match", ["量子计算", "元宇宙", "区块链"]),
]


def queries(corpus: Plan) -> list[Query]:
    rng = random.Random(corpus.seed + 5)
    written = "".join(
        [*PHRASES, *RARE_PHRASES, *LAWS, *DEPARTMENTS, PLACE_CHARACTERS, SURNAMES, *BUSINESS, *PROJECT]
    )
    rare = rng.sample([char for char in _gb2312_level(2) if char not in written], 4)
    texts = writer(corpus.seed)
    count = len(corpus.published_on)
    numbers: list[str] = []
    for number in (count // 3, 2 * count // 3, count - 7):
        day, agency = corpus.published_on[number], corpus.agency_ids[number]
        extra = texts.document(number, day, corpus.agencies[agency - 1], corpus.serials[number])[2]
        index_number, doc_number = extra.split()[:2]
        numbers += [doc_number] if len(numbers) < 2 else [index_number]
    last_year = corpus.published_on[-1].year
    numbers += [f"〔{last_year - 1}〕15号", f"{last_year - 2}-00012"]
    found = []
    for category, texts in CATEGORIES:
        if category == "1 char, rare":
            texts = rare
        elif category.startswith("文号"):
            texts = numbers
        found += [Query(category, text) for text in texts]
    return found


# --- the measurement -----------------------------------------------------------------------------


@dataclass
class Timing:
    query: Query
    total: int
    times: list[float]  # ms
    floor: list[float]  # ms
    statements: list[tuple[str, Any]]


def _percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1)]


def _fetch_rows(ids: list[int]) -> Callable[[], object]:
    """The floor: the page's rows (the columns search() shows) fetched by primary key."""
    from django.db import connection

    ids = ids or [0]  # an empty page still costs a round trip; no row has id 0
    marks = ", ".join(["%s"] * len(ids))
    sql = f"SELECT id, kind, object_id, title, body, published_on FROM search_searchdocument WHERE id IN ({marks})"

    def fetch() -> object:
        with connection.cursor() as cursor:
            cursor.execute(sql, ids)
            return cursor.fetchall()

    return fetch


def measure(query: Query, agency_ids: list[int] | None, runs: int) -> Timing:
    from django.db import connection

    from gongkai.search.selectors import search

    def run() -> Any:
        return search(query.text, kinds=[KIND], agency_ids=agency_ids, limit=PAGE)

    statements: list[tuple[str, Any]] = []

    def record(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        page = run()  # warm-up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    fetch = _fetch_rows([hit.object_id for hit in page.hits])  # id == object_id in this corpus
    fetch()
    floor = []
    for _ in range(runs):
        started = time.perf_counter()
        fetch()
        floor.append((time.perf_counter() - started) * 1000)
    return Timing(query, page.total, times, floor, statements)


def _check(query: Query, agency_ids: list[int] | None) -> None:
    """The page is what a plain count and sort over every match give (the way search() worked before
    it stopped early), the count is exact or says "more", and every hit contains every term."""
    from django.db import connection
    from django.db.models import F, Value
    from django.db.models.expressions import RawSQL
    from django.db.models.functions import StrIndex

    from gongkai.search.backends import fts5_expression, tsquery
    from gongkai.search.models import SearchDocument
    from gongkai.search.selectors import search
    from gongkai.search.tokens import contains, parse_query

    terms = parse_query(query.text)
    documents = SearchDocument.objects.filter(kind=KIND)
    if agency_ids is not None:
        documents = documents.filter(agency_id__in=agency_ids)
    if connection.vendor == "sqlite":
        sql, param = (
            "SELECT rowid FROM search_token_index WHERE search_token_index MATCH %s",
            fts5_expression(terms),
        )
        documents = documents.filter(id__in=RawSQL(sql, [param]))
    else:
        documents = documents.extra(where=["lexemes @@ %s::tsquery"], params=[tsquery(terms)])
    for number, term in enumerate(terms):
        found = f"found_{number}"
        documents = documents.alias(**{found: StrIndex("canonical", Value(term.text))}).filter(
            **{f"{found}__gt": 0}
        )
    total = documents.count()
    ordered = documents.order_by(F("published_on").desc(nulls_last=True), "-id")
    expected = list(ordered.values_list("id", flat=True)[:PAGE])
    page = search(query.text, kinds=[KIND], agency_ids=agency_ids, limit=PAGE)
    got = [hit.object_id for hit in page.hits]
    assert got == expected, f"{query.text!r}: the page is {got}, an exact sort gives {expected}"
    assert (page.total, page.more) == ((total, False) if total <= page.total else (page.total, True)), (
        f"{query.text!r}: total {page.total} (more: {page.more}), exact count {total}"
    )
    rows = SearchDocument.objects.in_bulk(got)
    assert all(contains(rows[pk].canonical, terms) for pk in got)


def measure_all(database: str, corpus: Plan, args: argparse.Namespace) -> None:
    from collections import Counter

    sizes = Counter(corpus.agency_ids).most_common()
    busy, typical = sizes[0], sizes[len(sizes) // 2]
    variants: list[tuple[str, list[int] | None]] = [
        ("all agencies", None),
        (f"busiest agency ({busy[1]:,} items)", [busy[0]]),
        (f"typical agency ({typical[1]:,} items)", [typical[0]]),
    ]
    mix = queries(corpus)
    header = f"{'':<2}{'category':<18}{'matches':>19}{'median':>9}{'p95':>9}{'floor':>8}{'ratio':>8}"
    for label, agency_ids in variants:
        print(f"{database}, {label}: first page of {PAGE}, newest first", flush=True)
        print(header)
        timings = []
        for query in mix:
            if args.check:
                _check(query, agency_ids)
            timing = measure(query, agency_ids, args.runs)
            timings.append(timing)
            if args.queries:
                _print_query(timing)
        for category, _ in CATEGORIES:
            chosen = [t for t in timings if t.query.category == category]
            _print_line(category, chosen)
        _print_line("overall", timings)
        if args.explain:
            for timing in sorted(timings, key=lambda t: -statistics.median(t.times))[:3]:
                _explain(timing)
    if args.check:
        print(f"{database}: every page checked against an exact count and sort over all matches")


def _print_line(label: str, timings: list[Timing]) -> None:
    times = [ms for t in timings for ms in t.times]
    floor = [ms for t in timings for ms in t.floor]
    totals = sorted(t.total for t in timings)
    matches = f"{totals[0]:,}" if totals[0] == totals[-1] else f"{totals[0]:,}–{totals[-1]:,}"
    floor_ms = statistics.median(floor)
    ratio = f"{statistics.median(times) / floor_ms:>7.0f}×" if totals[-1] else f"{'—':>8}"
    print(
        f"  {label:<18}{matches:>19}{statistics.median(times):>9.1f}{_percentile(times, 0.95):>9.1f}"
        f"{floor_ms:>8.2f}{ratio}",
        flush=True,
    )


def _print_query(timing: Timing) -> None:
    print(
        f"    {timing.query.text:<22}{timing.total:>11,}{statistics.median(timing.times):>9.1f}"
        f"{_percentile(timing.times, 0.95):>9.1f}{statistics.median(timing.floor):>8.2f}",
        flush=True,
    )


def _explain(timing: Timing) -> None:
    from django.db import connection, transaction

    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN (ANALYZE, BUFFERS) "
    print(f"--- {timing.query.text!r}")
    # In one transaction, as search() ran them: its savepoints and its settings (set_config(...,
    # true): enable_seqscan and the like) hold for the statements after them.
    with transaction.atomic():
        _explain_statements(timing, prefix)


def _explain_statements(timing: Timing, prefix: str) -> None:
    from django.db import connection

    for sql, params in timing.statements:
        if sql.split(None, 1)[0].upper() in ("SAVEPOINT", "RELEASE", "ROLLBACK"):
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
            continue
        with connection.cursor() as cursor:
            started = time.perf_counter()
            cursor.execute(sql, params)
            cursor.fetchall()
            ms = (time.perf_counter() - started) * 1000
            cursor.execute(prefix + sql, params)
            plan_lines = cursor.fetchall()
        print(f"    {ms:.1f} ms: {sql[:300]}")
        for line in plan_lines:
            print("        " + str(line[-1]))


if __name__ == "__main__":
    sys.exit(main())
