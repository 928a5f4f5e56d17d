"""The public deadline calculator: a GET form, the due date and how it was counted, Chinese errors."""

from __future__ import annotations

import pytest
from django.test import Client

from gongkai.core.models import CalendarYear

pytestmark = pytest.mark.django_db


def calculate(client: Client, **params: str) -> str:
    response = client.get("/deadline/", params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_empty_form_shows_no_result(client: Client) -> None:
    page = calculate(client)

    assert "答复期限届满日：" not in page
    assert 'name="received"' in page


def test_twenty_working_days_from_receipt(client: Client) -> None:
    page = calculate(client, received="2026-06-30")

    # Tuesday 2026-06-30; July has no holiday: Jul 1-3 (3), 6-10 (8), 13-17 (13), 20-24 (18), 27 (19), 28 (20).
    assert "答复期限届满日：2026年7月28日（星期二）" in page
    assert "暂定" not in page
    assert "收到申请之日：2026年6月30日（星期二）" in page  # the first explanation step
    # Correction notice: 7 working days, Jul 1-3 (3), 6-9 (7).
    assert "应在2026年7月9日（星期四）前一次性告知申请人" in page


def test_an_extension_adds_twenty_working_days(client: Client) -> None:
    page = calculate(client, received="2026-06-30", extended="on")

    # From 2026-07-28: Jul 29-31 (3), Aug 3-7 (8), 10-14 (13), 17-21 (18), 24 (19), 25 (20).
    assert "答复期限届满日：2026年8月25日（星期二）" in page
    assert "延长答复期限20个工作日，合计40个工作日" in page


def test_a_correction_restarts_the_count(client: Client) -> None:
    page = calculate(client, received="2026-06-30", corrected="2026-07-06")

    # From Monday 2026-07-06: Jul 7-10 (4), 13-17 (9), 20-24 (14), 27-31 (19), Aug 3 (20).
    assert "答复期限届满日：2026年8月3日（星期一）" in page


def test_a_consultation_is_not_counted(client: Client) -> None:
    page = calculate(
        client,
        received="2026-06-30",
        pause1_start="2026-07-06",
        pause1_end="2026-07-10",
        pause1_reason="consultation",
    )

    # Jul 6-10 (five working days) drop out: Jul 1-3 (3), 13-17 (8), 20-24 (13), 27-31 (18), Aug 3 (19), 4 (20).
    assert "答复期限届满日：2026年8月4日（星期二）" in page
    assert "其中5个工作日不计入答复期限" in page


def test_a_date_in_a_year_whose_holidays_are_not_published_is_provisional(client: Client) -> None:
    assert not CalendarYear.objects.filter(year=2027).exists()

    page = calculate(client, received="2026-12-21")

    # Monday 2026-12-21; 2027 counted by weekends and the 办法's holidays: Dec 22-25 (4), 28-31 (8),
    # Fri Jan 1 off (元旦), Jan 4-8 (13), 11-15 (18), 18 (19), 19 (20).
    assert "答复期限届满日：2027年1月19日（星期二）" in page
    assert "暂定" in page
    assert "2027年的放假安排尚未载入本系统" in page
    assert "2027年1月1日（元旦，暂定）" in page
    assert "调休上班日尚不可知" in page


def test_the_issues_december_case_is_counted_past_new_years_day(client: Client) -> None:
    # Friday 2026-12-04: Dec 7-11 (5), 14-18 (10), 21-25 (15), 28-31 (19); Jan 1 off; Mon Jan 4 (20).
    page = calculate(client, received="2026-12-04")
    assert "答复期限届满日：2027年1月4日（星期一）（暂定）" in page


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"received": ""}, "请填写收到申请之日"),
        ({"received": "2026-02-30"}, "收到申请之日格式有误，应为“年-月-日”，如 2026-06-30"),
        ({"received": "昨天"}, "收到申请之日格式有误，应为“年-月-日”，如 2026-06-30"),
        ({"received": "1899-01-01"}, "日期应在2000年至2100年之间"),
        (
            {"received": "2026-06-30", "corrected": "2026-06-01"},
            "收到补正申请之日（2026年6月1日）早于收到申请之日（2026年6月30日）",
        ),
        (
            {"received": "2026-06-30", "pause1_start": "2026-07-10", "pause1_end": "2026-07-06"},
            "期间的结束日（2026年7月6日）早于开始日（2026年7月10日）",
        ),
        (
            {"received": "2026-06-30", "pause2_start": "2026-07-10"},
            "第2段不计算期间请同时填写开始日和结束日",
        ),
        (
            {"received": "2026-06-30", "pause1_start": "2026-06-01", "pause1_end": "2026-06-05"},
            "征求第三方或者其他机关意见的期间（自2026年6月1日起）早于收到申请之日（2026年6月30日）",
        ),
        (
            {
                "received": "2026-06-30",
                "pause1_start": "2026-07-06",
                "pause1_end": "2026-07-10",
                "pause1_reason": "x",
            },
            "请选择第1段不计算期间的事由",
        ),
    ],
)
def test_bad_dates_get_a_chinese_message_and_no_result(
    client: Client, params: dict[str, str], message: str
) -> None:
    page = calculate(client, **params)

    assert message in page
    assert "答复期限届满日：" not in page


def test_the_calculator_answers_a_plain_link_without_javascript(client: Client) -> None:
    page = calculate(client, received="2026/6/30")

    assert "答复期限届满日：2026年7月28日（星期二）" in page
    assert '<form method="get"' in page
