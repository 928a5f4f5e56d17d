"""/api/deadline works out a reply deadline for anyone, explains it, and refuses impossible dates."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def deadline(query: str) -> tuple[int, dict[str, Any]]:
    response = Client().get(f"/api/deadline?{query}")
    return response.status_code, response.json()


def test_twenty_working_days_from_receipt() -> None:
    status, body = deadline("received=2025-03-03")
    # Monday 2025-03-03: Mar 4-7 (4), 10-14 (9), 17-21 (14), 24-28 (19), 31 (20).
    assert (status, body["due"], body["provisional"]) == (200, "2025-03-31", False)
    # The correction notice is due within 7 working days: Mar 4-7 (4), 10-12 (7).
    assert body["correction_notice_due"] == {
        "due": "2025-03-12",
        "provisional": False,
        "unpublished_years": [],
    }
    assert body["steps"][0].startswith("收到申请之日：2025年3月3日（星期一）")


def test_a_correction_restarts_the_clock_and_an_extension_adds_twenty_days() -> None:
    # From Monday 2025-03-10: Mar 11-14 (4), 17-21 (9), 24-28 (14), 31 (15), Apr 1-3 (18),
    # Apr 4 清明 off, Apr 7 (19), Apr 8 (20).
    assert deadline("received=2025-03-03&corrected=2025-03-10")[1]["due"] == "2025-04-08"
    # 40 working days from 2025-03-03: Mar 31 (20), Apr 1-3 (23), 7-11 (28), 14-18 (33), 21-25 (38),
    # Sunday Apr 27 is a make-up working day (39), Apr 28 (40).
    status, body = deadline("received=2025-03-03&extended=true")
    assert (status, body["due"], body["working_days"], body["extension_days"]) == (200, "2025-04-28", 40, 20)


def test_consultation_periods_are_not_counted_and_may_repeat() -> None:
    status, body = deadline("received=2025-03-03&paused=2025-03-05..2025-03-07&paused=2025-03-10..2025-03-10")
    # Four working days paused (Mar 5, 6, 7 and 10): 2025-03-31 + 4 = Apr 1-3, Apr 4 off, Apr 7.
    assert (status, body["due"], body["paused_working_days"]) == (200, "2025-04-07", 4)
    assert [(p["from"], p["to"], p["paused_working_days"]) for p in body["pauses"]] == [
        ("2025-03-05", "2025-03-07", 3),
        ("2025-03-10", "2025-03-10", 1),
    ]


def test_the_deadline_is_provisional_until_next_years_holidays_are_published() -> None:
    # Received 2026-12-21: the 20 working days run into 2027, whose calendar is not yet published.
    status, body = deadline("received=2026-12-21")
    assert (status, body["provisional"], body["unpublished_years"]) == (200, True, [2027])
    # Dec 22-25 (4), 28-31 (8); Fri 2027-01-01 off by the 办法 (元旦); Jan 4-8 (13), 11-15 (18), 18, 19 (20).
    assert body["due"] == "2027-01-19"
    assert "期间内的法定节假日不计算：2027年1月1日（元旦，暂定）。" in body["steps"]


def test_the_issues_hand_worked_provisional_deadlines() -> None:
    # Fri 2026-12-04 -> Mon 2027-01-04; Tue 2026-12-15 -> Wed 2027-01-13 (worked in tests/clock).
    assert deadline("received=2026-12-04")[1]["due"] == "2027-01-04"
    assert deadline("received=2026-12-15")[1]["due"] == "2027-01-13"


def test_dates_as_clerks_write_them_are_understood() -> None:
    assert deadline("received=2025年3月3日")[1]["due"] == "2025-03-31"
    assert deadline("received=2025/03/03")[1]["due"] == "2025-03-31"


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("received=2025-02-30", "日期无效"),
        ("received=yesterday", "日期无效"),
        ("received=2025-03-03&corrected=2025-03-01", "早于收到申请之日"),
        ("received=2025-03-03&paused=2025-03-05", "期间格式有误"),
        ("received=2025-03-03&paused=2025-03-07..2025-03-05", "早于开始日"),
        ("received=2025-03-03&paused=2025-03-01..2025-03-05", "早于收到申请之日"),
        ("received=9999-12-31", "日期超出可计算的范围"),
    ],
)
def test_bad_dates_are_a_400_with_a_chinese_sentence(query: str, says: str) -> None:
    status, body = deadline(query)
    assert status == 400
    assert says in str(body["detail"])


def test_a_missing_receipt_date_names_the_field() -> None:
    status, body = deadline("corrected=2025-03-10")
    assert status == 422
    assert body == {
        "detail": "请求数据有误：收到申请之日（received）：必须填写",
        "errors": [
            {"field": "received", "location": "query", "label": "收到申请之日", "message": "必须填写"}
        ],
    }
