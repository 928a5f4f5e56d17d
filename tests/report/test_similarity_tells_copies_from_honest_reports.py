"""雷同: a copied year, a lightly edited copy and an honest report, told apart (tests/report/similarity_pairs.py).

The expected figures are counted by hand from the texts: figures, years and the agency's name are
masked, spaces and punctuation dropped, and only sentences of 12 characters or more count.
"""

from __future__ import annotations

import random

from gongkai.annual_report.model import Level, Section
from gongkai.annual_report.similarity import (
    Verdict,
    common_sentences,
    compare_set,
    findings_for_set,
    peers,
    sentences,
    similarity,
)
from tests.report import similarity_pairs as pairs

# 「将政务公开纳入年度目标考核，组织业务培训0次，参训人员0人次」 flattened: 13 + 6 + 2 + 4 + 3 characters.
TRAINING = 28
# The sentences the edited copy leaves as they were (figures aside): 主动公开 39, 保密审查 31, training 28.
UNCHANGED_IN_EDITED = 39 + 31 + TRAINING
# The one sentence the edited copy writes anew: 「优化门户网站自然资源专栏新增国土空间规划公示栏目」, 6 + 6 + 2 + 10.
NEW_IN_EDITED = 24


def test_the_opening_every_report_must_carry_is_not_counted() -> None:
    counted = [s.text for s in sentences(pairs.last_year())]
    assert not any(text.startswith("本报告根据") for text in counted)
    assert "一是主动公开的深度不够，政策解读形式较为单一；" in counted
    assert "（三）政府信息管理。" not in counted  # shorter than 12 characters: says nothing


def test_last_years_text_with_this_years_figures_is_a_copy() -> None:
    result = similarity(pairs.copied(), pairs.last_year())
    assert result.verdict is Verdict.COPIED
    assert result.same == result.close == result.counted  # every sentence, figures aside
    longest = result.passages[0]
    assert (longest.section, longest.other_section, longest.same) == (1, 1, True)
    assert "主动公开政府信息141条" in longest.text
    assert "主动公开政府信息126条" in longest.other_text
    assert [p.section for p in result.passages] == [1, 5]


def test_a_lightly_edited_copy_is_told_from_the_copy_and_from_an_honest_report() -> None:
    result = similarity(pairs.edited(), pairs.last_year())
    assert result.verdict is Verdict.EDITED
    assert result.same == UNCHANGED_IN_EDITED
    assert result.close == result.counted - NEW_IN_EDITED
    assert result.same_share < 0.8  # not 照搬 ...
    assert result.close_share >= 0.5  # ... but more than half the same or lightly edited


def test_an_honest_report_of_the_same_unit_is_distinct_though_it_repeats_one_sentence() -> None:
    result = similarity(pairs.honest(), pairs.last_year())
    assert result.verdict is Verdict.DISTINCT
    assert result.same == result.close == TRAINING
    (passage,) = result.passages
    assert passage.text == "将政务公开纳入年度目标考核，组织业务培训3次，参训人员60人次。"
    assert passage.other_text == "将政务公开纳入年度目标考核，组织业务培训2次，参训人员45人次。"


def test_a_peer_that_put_its_own_name_in_is_a_lightly_edited_copy() -> None:
    result = similarity(pairs.peer_copy(), pairs.last_year())
    assert result.verdict is Verdict.EDITED  # the subject words were changed in three sentences
    assert result.close == result.counted


def test_too_little_text_is_not_rated() -> None:
    short = pairs.report(pairs.AGENCY, 2025, "全年主动公开政府信息141条。", "无。")
    assert similarity(short, pairs.last_year()).verdict is Verdict.TOO_SHORT
    assert findings_for_set([pairs.last_year(), short]) == [[], []]


def test_in_a_folder_each_report_is_compared_with_its_earlier_years_and_its_peers_only() -> None:
    reports = [pairs.last_year(), pairs.copied(), pairs.peer_copy()]
    relations = {(c.index, c.other): c.relation for c in compare_set(reports)}
    # 2025 against 2024 of the same unit; the two 2024 reports against each other; never 2024 against 2025.
    assert relations == {(1, 0): "earlier-year", (0, 2): "peer", (2, 0): "peer"}


def test_the_finding_names_the_other_report_and_quotes_the_shared_passage() -> None:
    reports = [pairs.last_year(), pairs.copied(), pairs.honest()]
    reports[2].agency = "示例县另一个局"  # a third unit, so that no report is compared with itself twice
    reports[2].year = 2024
    found = findings_for_set(reports, ["2024.docx", "2025.pdf", "other.html"])
    (copy,) = found[1]
    assert (copy.code, copy.severity) == ("similarity", "warning")
    assert copy.values["verdict"] == "copied"
    assert copy.values["relation"] == "earlier-year"
    assert (copy.values["other_agency"], copy.values["other_year"]) == (pairs.AGENCY, 2024)
    assert copy.values["other_file"] == "2024.docx"
    assert copy.values["same_share"] == 1.0
    assert "本单位2024年度报告雷同（照搬）" in copy.message
    assert "100%相同" in copy.message
    assert "最长的相同段落在第一部分" in copy.message
    assert copy.values["passages"][0]["other_text"].startswith("2024年，示例县自然资源局")
    assert found[0] == [] or all(f.values["relation"] == "peer" for f in found[0])
    assert found[2] == [] or all(f.values["relation"] == "peer" for f in found[2])


def test_an_edited_copy_says_so() -> None:
    (finding,) = findings_for_set([pairs.last_year(), pairs.edited()])[1]
    assert finding.values["verdict"] == "edited"
    assert "轻度改写" in finding.message
    assert "相同或仅个别字词改动" in finding.message


def test_a_sentence_three_units_share_is_a_template_not_a_copy() -> None:
    template = "我单位高度重视政务公开工作，成立了由主要负责同志任组长的政务公开工作领导小组。"
    reports = []
    own = ("全年完成道路养护里程的公开。", "全年公开了全部学校的招生计划。", "全年发布了各批次药品抽检结果。")
    for agency, text in zip(("甲局", "乙局", "丙局"), own, strict=True):
        report = pairs.report(agency, 2025, text, "无。")
        report.sections[0].text += template
        reports.append(report)
    common = common_sentences(reports)
    assert len(common) == 1
    assert all(template not in [s.text for s in sentences(r, common)] for r in reports)
    # ... while two units alone sharing it is just what they share
    assert common_sentences(reports[:2]) == frozenset()


def test_peers_are_other_units_of_the_same_year_and_level() -> None:
    county = pairs.last_year()
    township = pairs.report(
        "示例镇人民政府", 2024, pairs.PEER_2024, pairs.PROBLEMS_2024, level=Level.TOWNSHIP
    )
    assert [(c.index, c.other) for c in compare_set([county, township])] == []
    township.level = None  # level unknown: compared
    assert [(c.index, c.other) for c in compare_set([county, township])] == [(0, 1), (1, 0)]


def test_sections_without_text_do_not_break_the_comparison() -> None:
    empty = pairs.last_year()
    empty.sections = [Section(1, "总体情况", "")]
    assert similarity(empty, pairs.last_year()).verdict is Verdict.TOO_SHORT
    assert similarity(pairs.last_year(), empty).verdict is Verdict.DISTINCT


def test_reading_only_the_peers_that_share_wording_finds_every_copy_that_reading_every_pair_finds() -> None:
    # 40 units x 2 years of made-up narratives, 12 of them replaced by a peer's text copied
    # as it is or with 3% or 8% of its characters changed; then every pair read in full, for comparison.
    rng = random.Random(11)
    pool = pairs.OVERVIEW_2025_HONEST + pairs.OVERVIEW_2024 + pairs.PROBLEMS_2025_HONEST + pairs.PROBLEMS_2024
    words = [pool[i : i + 2] for i in range(len(pool) - 2)]

    def text(count: int) -> str:
        return (
            "。".join("".join(rng.choice(words) for _ in range(rng.randint(8, 22))) for _ in range(count))
            + "。"
        )

    reports = [
        pairs.report(f"示例县第{u}局", 2024 + y, text(12), text(4)) for u in range(40) for y in range(2)
    ]
    for _ in range(12):
        a = rng.randrange(len(reports))
        b = rng.choice([k for k, r in enumerate(reports) if r.year == reports[a].year and k != a])  # a peer
        rate = rng.choice([0.0, 0.03, 0.08])
        for mine, theirs in zip(reports[a].sections, reports[b].sections, strict=True):
            mine.text = "".join(
                rng.choice(pool) if rng.random() < rate and ch != "。" else ch for ch in theirs.text
            )
    flagged = (Verdict.COPIED, Verdict.EDITED)
    found = {
        (c.index, c.other, c.result.verdict) for c in compare_set(reports) if c.result.verdict in flagged
    }
    common = common_sentences(reports)
    counted = [sentences(r, common) for r in reports]
    every_pair = {
        (i, j, verdict)
        for i, mine in enumerate(reports)
        for j, theirs in enumerate(reports)
        if i != j
        and (peers(mine, theirs) or (theirs.agency == mine.agency and theirs.year < mine.year))
        and (verdict := similarity(mine, theirs, common=common).verdict) in flagged
    }
    assert len(counted) == 80
    assert found == every_pair
    assert len(found) >= 12  # each copy seen from both sides, but a copy may be copied over again
