from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from gongkai.agencies.models import Agency
from gongkai.catalogue import actions
from gongkai.catalogue.models import (
    Attribute,
    CatalogueItem,
    ChannelKind,
    EventKind,
    IndexNumberCounter,
    IndexNumberPattern,
    LegalGround,
    SerialReset,
    Status,
)
from gongkai.core.actions import ActionError
from gongkai.search.selectors import search
from tests.catalogue.workflow import Signers, draft, sign_all, signers


@pytest.fixture
def people(bureau: Agency, clerk: User, office_head: User) -> Signers:
    return signers(bureau, clerk, office_head)


def approved(
    agency: Agency, people: Signers, title: str = "关于2026年耕地保护目标责任考核的通知"
) -> CatalogueItem:
    return sign_all(draft(agency, people.drafter, title=title), people)


def test_two_publications_get_consecutive_numbers_in_the_national_format(
    bureau: Agency, people: Signers
) -> None:
    first = actions.publish(acting_user=people.office_head, item=approved(bureau, people, "第一份通知"))
    second = actions.publish(acting_user=people.drafter, item=approved(bureau, people, "第二份通知"))
    code = bureau.org_code
    assert first.index_number == f"{code}/2026-00001"
    assert second.index_number == f"{code}/2026-00002"
    assert (first.published_on, first.status) == (dt.date(2026, 6, 30), Status.PUBLISHED)
    assert IndexNumberCounter.objects.get(agency=bureau, year=2026).last_serial == 2


def test_the_database_refuses_a_second_item_with_the_same_index_number(
    bureau: Agency, people: Signers
) -> None:
    first = actions.publish(acting_user=people.office_head, item=approved(bureau, people))
    other = approved(bureau, people, "另一份通知")
    other.index_number = first.index_number
    with pytest.raises(IntegrityError), transaction.atomic():
        other.save()


def test_a_local_pattern_and_a_serial_that_never_resets(bureau: Agency, people: Signers) -> None:
    IndexNumberPattern.objects.create(agency=bureau, pattern="ZRZY-{serial:04d}", reset=SerialReset.NEVER)
    IndexNumberCounter.objects.create(agency=bureau, year=0, last_serial=41)
    item = actions.publish(acting_user=people.office_head, item=approved(bureau, people))
    assert item.index_number == "ZRZY-0042"


def test_a_pattern_that_would_repeat_numbers_blocks_publication_and_gives_nothing_away(
    bureau: Agency, people: Signers
) -> None:
    IndexNumberPattern.objects.create(agency=bureau, pattern="ZRZY-{serial:04d}", reset=SerialReset.YEARLY)
    item = approved(bureau, people)
    with pytest.raises(ActionError, match="无法生成索引号：流水号每年重新编号时，索引号格式必须包含年份"):
        actions.publish(acting_user=people.office_head, item=item)
    item.refresh_from_db()
    assert (item.status, item.index_number) == (Status.APPROVED, None)
    assert not IndexNumberCounter.objects.exists()


def test_an_agency_without_org_code_is_told_to_fill_it_in(bureau: Agency, people: Signers) -> None:
    Agency.objects.filter(pk=bureau.pk).update(org_code="")
    item = approved(bureau, people)
    item.agency.refresh_from_db()
    with pytest.raises(ActionError, match="本机关未填写组织机构代码"):
        actions.publish(acting_user=people.office_head, item=item)


def test_publication_records_the_portal_release_and_makes_the_item_searchable(
    bureau: Agency, people: Signers
) -> None:
    item = actions.publish(acting_user=people.office_head, item=approved(bureau, people))
    assert [(r.channel, r.released_on) for r in item.releases.all()] == [
        (ChannelKind.PORTAL, dt.date(2026, 6, 30))
    ]
    page = search("耕地保护")
    assert [(h.kind, h.object_id) for h in page.hits] == [("catalogue_item", item.pk)]
    assert search(item.index_number or "").total == 1


def test_an_item_open_on_request_is_catalogued_but_not_searchable(bureau: Agency, people: Signers) -> None:
    item = sign_all(
        draft(bureau, people.drafter),
        people,
        attribute=Attribute.ON_REQUEST,
        legal_ground=LegalGround.ART16,
        legal_ground_text="属于过程性信息",
    )
    item = actions.publish(acting_user=people.office_head, item=item)
    assert item.index_number is not None
    assert search("耕地保护").total == 0


def test_a_withheld_item_is_never_published(bureau: Agency, people: Signers) -> None:
    item = sign_all(
        draft(bureau, people.drafter),
        people,
        attribute=Attribute.WITHHELD,
        legal_ground=LegalGround.ART14,
        legal_ground_text="经保密审查属于工作秘密",
    )
    with pytest.raises(ActionError, match="确定为不予公开，不能发布"):
        actions.publish(acting_user=people.office_head, item=item)
    assert not IndexNumberCounter.objects.exists()


def test_publishing_twice_is_refused(bureau: Agency, people: Signers) -> None:
    item = actions.publish(acting_user=people.office_head, item=approved(bureau, people))
    with pytest.raises(ActionError, match="条目当前状态为“已发布”，不能发布"):
        actions.publish(acting_user=people.office_head, item=item)
    assert IndexNumberCounter.objects.get(agency=bureau, year=2026).last_serial == 1


def test_a_supervisor_cannot_publish(bureau: Agency, people: Signers, supervisor: User) -> None:
    item = approved(bureau, people)
    with pytest.raises(ActionError, match="您不是本机关的工作人员"):
        actions.publish(acting_user=supervisor, item=item)


def test_a_correction_keeps_the_index_number_and_shows_its_note(bureau: Agency, people: Signers) -> None:
    item = actions.publish(acting_user=people.office_head, item=approved(bureau, people))
    number = item.index_number
    with pytest.raises(ActionError, match="更正须填写理由"):
        actions.correct_published(acting_user=people.drafter, item=item, reason="", title="x")
    item = actions.correct_published(
        acting_user=people.drafter, item=item, reason="更正文号笔误", doc_number="示自然资发〔2026〕13号"
    )
    assert (item.index_number, item.doc_number) == (number, "示自然资发〔2026〕13号")
    assert (item.correction_note, item.corrected_on) == ("更正文号笔误", dt.date(2026, 6, 30))
    event = item.events.get(kind=EventKind.CORRECTED)
    assert event.data["before"] == {"doc_number": "示自然资发〔2026〕12号"}
    assert search("13号").total == 1


def test_withdrawal_needs_a_reason_keeps_the_number_and_leaves_search(
    bureau: Agency, people: Signers
) -> None:
    item = actions.publish(acting_user=people.office_head, item=approved(bureau, people))
    number = item.index_number
    with pytest.raises(ActionError, match="此操作须由公开办负责人办理"):
        actions.withdraw(acting_user=people.drafter, item=item, reason="重复发布")
    item = actions.withdraw(acting_user=people.office_head, item=item, reason="重复发布")
    assert (item.status, item.index_number, item.withdrawal_reason) == (Status.WITHDRAWN, number, "重复发布")
    assert search("耕地保护").total == 0
    # the number is never given again
    again = actions.publish(acting_user=people.office_head, item=approved(bureau, people, "重新发布的通知"))
    assert again.index_number == f"{bureau.org_code}/2026-00002"


def test_another_channel_is_recorded_once_and_not_before_publication(bureau: Agency, people: Signers) -> None:
    item = actions.publish(acting_user=people.office_head, item=approved(bureau, people))
    actions.record_release(
        acting_user=people.drafter, item=item, channel="wechat", released_on=dt.date(2026, 6, 30)
    )
    with pytest.raises(ActionError, match="已登记过在“微信公众号”发布"):
        actions.record_release(
            acting_user=people.drafter, item=item, channel="wechat", released_on=dt.date(2026, 6, 30)
        )
    with pytest.raises(ActionError, match="须在发布日期（2026-06-30）与今天之间"):
        actions.record_release(
            acting_user=people.drafter, item=item, channel="weibo", released_on=dt.date(2026, 6, 29)
        )
    assert sorted(item.releases.values_list("channel", flat=True)) == ["portal", "wechat"]
