"""The normative-document register: who may register what, repeal, and clean-up campaigns."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User

from gongkai.agencies.models import Agency, Level, Role
from gongkai.core.actions import ActionError
from gongkai.registers import actions
from gongkai.registers.models import Cleanup, CleanupOutcome, DocumentStatus, NormativeDocument, RegisterEvent
from gongkai.registers.selectors import table_two
from tests.factories import member
from tests.registers.registers_day import on_the_last_day_of_june  # noqa: F401  (autouse: today is 2026-06-30)

D = dt.date


def _register(user: User, agency: Agency, n: int, kind: str = "normative") -> NormativeDocument:
    return actions.register_document(
        acting_user=user,
        agency=agency,
        kind=kind,
        title=f"关于规范第{n}项工作的通知",
        doc_number=f"示自然资规〔2015〕{n}号",
        made_on=D(2015, 1, n),
        published_on=D(2015, 2, n),
    )


def test_a_county_bureau_cannot_register_a_rule(bureau: Agency, clerk: User) -> None:
    with pytest.raises(ActionError) as refused:
        _register(clerk, bureau, 1, kind="rules")
    assert refused.value.code == "forbidden"
    assert "示例县自然资源局无权制定规章" in str(refused.value)
    assert not NormativeDocument.objects.exists()
    assert not RegisterEvent.objects.exists()


def test_a_county_government_cannot_register_a_rule_either(county: Agency) -> None:
    user = member(county, Role.CLERK)
    with pytest.raises(ActionError, match="无权制定规章"):
        _register(user, county, 1, kind="rules")


def test_a_provincial_government_registers_a_rule(db: None) -> None:
    province = Agency.objects.create(name="示例省人民政府", level=Level.PROVINCE, is_government=True)
    user = member(province, Role.CLERK)
    rule = _register(user, province, 1, kind="rules")
    assert rule.get_kind_display() == "规章"
    assert rule.status == DocumentStatus.IN_FORCE


def test_a_supervisor_or_another_agency_cannot_register(
    bureau: Agency, other_bureau: Agency, supervisor: User
) -> None:
    outsider = member(other_bureau, Role.OFFICE_HEAD)
    for user in (supervisor, outsider):
        with pytest.raises(ActionError, match="不是示例县自然资源局的工作人员") as refused:
            _register(user, bureau, 1)
        assert refused.value.code == "forbidden"
    assert not NormativeDocument.objects.exists()


def test_bad_dates_and_duplicate_numbers_are_refused(bureau: Agency, clerk: User) -> None:
    with pytest.raises(ActionError, match="公开日期（2020-01-01）不能早于制发日期（2020-02-01）"):
        actions.register_document(
            acting_user=clerk,
            agency=bureau,
            kind="normative",
            title="通知",
            doc_number="X1",
            made_on=D(2020, 2, 1),
            published_on=D(2020, 1, 1),
        )
    with pytest.raises(ActionError, match="不能晚于今天"):
        actions.register_document(
            acting_user=clerk,
            agency=bureau,
            kind="normative",
            title="通知",
            doc_number="X1",
            made_on=D(2026, 7, 1),
        )
    document = _register(clerk, bureau, 1)
    with pytest.raises(ActionError, match="已登记过") as duplicate:
        _register(clerk, bureau, 1)
    assert duplicate.value.code == "conflict"
    with pytest.raises(ActionError, match="不能早于制发日期"):
        actions.repeal_document(acting_user=clerk, document=document, on=D(2014, 1, 1), reason="过时")
    with pytest.raises(ActionError, match="请填写废止原因"):
        actions.repeal_document(acting_user=clerk, document=document, on=D(2020, 1, 1), reason="  ")
    document.refresh_from_db()
    assert document.status == DocumentStatus.IN_FORCE
    assert document.repealed_on is None
    assert NormativeDocument.objects.count() == 1


def test_cleanup_of_thirteen_declares_ten_invalid_and_keeps_three(bureau: Agency, clerk: User) -> None:
    """Seed 003: 13 documents reviewed, 10 declared invalid, 3 kept."""
    documents = [_register(clerk, bureau, n) for n in range(1, 14)]
    outcomes = {d: CleanupOutcome.INVALID if i < 10 else CleanupOutcome.KEPT for i, d in enumerate(documents)}
    cleanup = actions.record_cleanup(
        acting_user=clerk,
        agency=bureau,
        name="2020年度规范性文件清理",
        decided_on=D(2020, 11, 20),
        published_on=D(2020, 11, 25),
        decisions=outcomes,
    )
    assert cleanup.decisions.count() == 13
    assert cleanup.decisions.filter(decision=CleanupOutcome.INVALID).count() == 10
    assert cleanup.decisions.filter(decision=CleanupOutcome.KEPT).count() == 3
    repealed = NormativeDocument.objects.filter(status=DocumentStatus.REPEALED)
    assert repealed.count() == 10
    assert set(repealed.values_list("repealed_on", flat=True)) == {D(2020, 11, 20)}
    assert repealed.first().repeal_reason == "经2020年度规范性文件清理宣布失效"  # type: ignore[union-attr]
    # the old edition counts what is public and in force at year end: 13 - 10 = 3
    assert table_two(bureau, 2020).tables["art20_1"]["normative"]["total_public"] == 3
    assert table_two(bureau, 2019).tables["art20_1"]["normative"]["total_public"] == 13


def test_a_cleanup_with_one_bad_document_changes_nothing(
    bureau: Agency, other_bureau: Agency, clerk: User
) -> None:
    mine = _register(clerk, bureau, 1)
    theirs = _register(member(other_bureau, Role.CLERK), other_bureau, 2)
    with pytest.raises(ActionError, match="不是示例县自然资源局制发的文件"):
        actions.record_cleanup(
            acting_user=clerk,
            agency=bureau,
            name="清理",
            decided_on=D(2020, 11, 20),
            decisions={mine: CleanupOutcome.INVALID, theirs: CleanupOutcome.INVALID},
        )
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.status == theirs.status == DocumentStatus.IN_FORCE
    assert not Cleanup.objects.exists()
