"""The demo's catalogue (公开目录): two years of published items for every demo agency, work in every
state on the desks, and the figures of the year worked out by hand from the demo's own lists
(RECURRING and the stories of gongkai.demo.catalogue, gongkai.demo.registers.REGISTERS).

The demo is built once for the session (tests/web/demo_once.py), today being 2026-06-30.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from gongkai.agencies.models import Agency
from gongkai.catalogue.models import (
    Attachment,
    Attribute,
    CatalogueItem,
    Decision,
    EventKind,
    Status,
    Validity,
)
from gongkai.catalogue.privacy import find_personal_data
from gongkai.catalogue.selectors import publication_due_list, published_per_year, release_counts

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("demo"),
    pytest.mark.slow,
]  # the shared demo takes seconds to build

CULTURE = "示例县文化和旅游局"


def test_every_agency_published_in_both_years_and_has_work_in_every_state_today() -> None:
    agencies = list(Agency.objects.all())
    assert len(agencies) == 6
    for agency in agencies:
        per_year = published_per_year(agency)
        assert per_year.get(2025, 0) > 0, agency.name
        assert per_year.get(2026, 0) > 0, agency.name
        # On every desk today: a fresh draft and one overdue, one waiting for the first signature
        # and one for the last, one sent back, one approved (and, at the market bureau, the item
        # fixed as 不予公开, approved and never to be published).
        waiting = Counter(
            CatalogueItem.objects.filter(agency=agency)
            .exclude(status__in=[Status.PUBLISHED, Status.WITHDRAWN])
            .values_list("status", flat=True)
        )
        approved = 2 if agency.name == "示例县市场监督管理局" else 1
        assert waiting == {"draft": 2, "in_review": 2, "returned": 1, "approved": approved}, agency.name
        # Art. 26: the draft written 25 working days ago is overdue; the one waiting for the 主要领导,
        # written 18 working days ago, has two working days left. Nothing else is due within three.
        due = publication_due_list(agency)
        assert [(d.overdue, d.working_days_left) for d in due] == [(True, 0), (False, 2)], agency.name

    assert set(CatalogueItem.objects.values_list("status", flat=True)) == set(Status.values)

    # The county culture bureau (RECURRING["ct"], its register, the corrected A级 announcement):
    # 2025: nine lines + the A级 announcement + 示县文旅规〔2025〕1号 and 2号 = 12.
    # 2026 by June 30: 春节 (01-13), 文化惠民 (02-17), 非遗 (03-24, sent back once), 五一 (04-21),
    # 阅读推广 (06-23, published 06-30) and 示县文旅规〔2026〕1号 (04-20) = 6; and its 2025 年度报告,
    # published 01-15 through the report's own chain (gongkai.demo.annual_reports) = 7.
    assert published_per_year(Agency.objects.get(name=CULTURE)) == {2025: 12, 2026: 7}


def test_release_counts_per_channel_for_the_culture_bureau_in_2025_match_the_hand_count() -> None:
    culture = Agency.objects.get(name=CULTURE)
    per_channel: Counter[str] = Counter()
    for (_topic, channel), n in release_counts(culture, 2025).items():
        per_channel[channel] += n
    # The twelve items published in 2025 and their channels besides the portal:
    #   春节 WX, 文化惠民 WXBD, 非遗 WX, 五一 WXB, 阅读推广 WXBDG, 扫黄打非 W, 旅行社 WX, 国庆 WXB,
    #   公共文化服务报告 W, A级景区复核 WXBD, 示县文旅规〔2025〕1号 WX, 〔2025〕2号 WX.
    # portal 12; website (W) 12; WeChat (X) all but 扫黄打非 and the report: 10;
    # Weibo (B) 文化惠民, 五一, 阅读推广, 国庆, A级: 5; Douyin (D) 文化惠民, 阅读推广, A级: 3; bulletin (G) 1.
    assert per_channel == {"portal": 12, "website": 12, "wechat": 10, "weibo": 5, "douyin": 3, "bulletin": 1}

    # 索引号 are given in the order of publication: serials 1 to 12 for 2025.
    numbers = list(
        CatalogueItem.objects.filter(agency=culture, published_on__year=2025)
        .order_by("published_on", "id")
        .values_list("index_number", flat=True)
    )
    assert numbers == [f"{culture.org_code}/2025-{n:05d}" for n in range(1, 13)]


def test_every_published_item_was_signed_by_four_other_people_in_order() -> None:
    # The six 2025 年度报告 are signed through the report's own chain, not the catalogue's: each
    # agency's is one item, published with its report.
    reports = CatalogueItem.objects.filter(annual_report__isnull=False)
    assert sorted(reports.values_list("agency__name", flat=True)) == sorted(
        Agency.objects.values_list("name", flat=True)
    )
    assert all(item.reviews.count() == 0 for item in reports)
    published = CatalogueItem.objects.filter(
        status__in=[Status.PUBLISHED, Status.WITHDRAWN], annual_report__isnull=True
    ).prefetch_related("reviews", "events")
    assert published.count() > 100
    for item in published:
        last_round = [r for r in item.reviews.all() if r.review_round == item.review_round]
        assert [r.step_index for r in last_round] == [1, 2, 3, 4], item.title
        assert all(r.decision == Decision.APPROVE for r in last_round), item.title
        signers = {r.actor_id for r in last_round}
        assert len(signers) == 4, item.title
        assert item.drafted_by_id not in signers, item.title
        kinds = [e.kind for e in item.events.all()]
        assert kinds[0] == EventKind.CREATED, item.title
        assert EventKind.PUBLISHED in kinds, item.title


def test_the_items_with_a_story_of_their_own() -> None:
    by_attribute = Counter(CatalogueItem.objects.values_list("attribute", flat=True))
    assert (by_attribute[Attribute.ON_REQUEST], by_attribute[Attribute.WITHHELD]) == (1, 1)
    withheld = CatalogueItem.objects.get(attribute=Attribute.WITHHELD)
    assert (withheld.status, withheld.index_number, withheld.legal_ground) == (Status.APPROVED, None, "art16")

    withdrawn = CatalogueItem.objects.get(status=Status.WITHDRAWN)
    assert "录入有误" in withdrawn.withdrawal_reason
    again = CatalogueItem.objects.get(title=withdrawn.title + "（更正后重新发布）")
    assert again.status == Status.PUBLISHED
    assert again.index_number != withdrawn.index_number

    ranking = CatalogueItem.objects.get(title="关于公布示例县2024年度A级旅游景区复核结果的公告")
    assert "AAA级" in ranking.correction_note
    assert ranking.corrected_on == dt.date(2025, 5, 28)
    assert "桃花谷景区（AAA级）" in ranking.body
    assert "AAAA" not in ranking.body
    # A register document repealed on 2026-04-30 is marked 废止 in the catalogue that day.
    relief = CatalogueItem.objects.get(doc_number="示县政规〔2025〕1号")
    assert (relief.validity, relief.corrected_on) == (Validity.REPEALED, dt.date(2026, 4, 30))

    # The ID number in the penalty decision was flagged; the 公开办 sent it back and it went out masked.
    penalty = CatalogueItem.objects.get(doc_number="示县市监处罚〔2025〕8号")
    assert penalty.status == Status.PUBLISHED
    assert penalty.review_round == 2
    sent_back = penalty.reviews.get(review_round=1, decision=Decision.RETURN)
    assert sent_back.step_index == 2
    assert "身份证号码" in sent_back.reason
    assert [f.kind for f in find_personal_data(penalty.body)] == []
    assert "********" in penalty.body

    # The specimen ID number in the city's guide was flagged and confirmed as not personal data.
    guide = CatalogueItem.objects.get(title="示例市政务服务个人事项网上办理操作指南")
    flags = find_personal_data(guide.body)
    assert [f.kind for f in flags if f.kind == "id_number"] == ["id_number"]
    confirmed = guide.reviews.get(step_index=2).data["confirmed_not_personal"]
    assert {f.key for f in flags} <= set(confirmed)


def test_a_few_lines_go_out_with_a_generated_docx_or_xlsx() -> None:
    # ATTACHED: 民生实事 (city, 03-10, DOCX), 基准地价 (nr, 06-16, XLSX), 高中招生计划 (edu, 06-22,
    # XLSX), 第一季度抽检 (mr, 04-21, XLSX), 阅读推广 (ct, 06-23, DOCX); each drafted in 2025 and,
    # by June 30, in 2026: 10 files, 4 DOCX and 6 XLSX. Each of the six published 2025 年度报告
    # carries its PDF and DOCX: 6 more of each.
    kinds = Counter(Attachment.objects.values_list("kind", flat=True))
    assert kinds == {"docx": 4 + 6, "xlsx": 6, "pdf": 6}
    prices = Attachment.objects.get(name="示例市2025年度基准地价表.xlsx")
    assert prices.item.status == Status.PUBLISHED
    assert "一级" in prices.text
    assert "6800" in prices.text
    assert prices.file.read()[:2] == b"PK"
