"""The workbench (/work/) of everyone in the chain counts down to the report on the year just
ended: the clerk who drafts it, the 公开办负责人 and 主要领导 who sign it, and the 上级监督 it is
filed with (who sees every agency below). A department by January 31, the county government's
own report by March 31; overdue flagged."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine

from gongkai.agencies.models import Agency
from tests.reports.reports_fixtures import People, at, client_for, drafted

from . import reports_fixtures

pytestmark = pytest.mark.django_db

people = reports_fixtures.people


def _countdown(user: object) -> dict[str, tuple[str, str, str]]:
    """The workbench's countdown block: agency → (status, deadline, days left)."""
    html = client_for(user).get("/work/").content.decode()  # type: ignore[arg-type]
    match = re.search(r'<section class="worklist report-countdown".*?</section>', html, re.S)
    if match is None:
        return {}
    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", match.group(0), re.S)[1:]:
        cells = [
            " ".join(re.sub(r"<[^>]+>", " ", c).split())
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        rows[cells[0]] = (cells[1], cells[2], cells[3])
    return rows


def test_the_clerk_the_approvers_and_the_supervisor_see_the_countdown(bureau: Agency, people: People) -> None:
    with time_machine.travel(at(dt.date(2026, 1, 10)), tick=False):
        drafted(bureau, people)
        # 2026-01-10: 21 days to January 31.
        mine = {"示例县自然资源局": ("草稿", "2026-01-31", "还剩21天")}
        for user in (people.clerk, people.head, people.leader):
            assert _countdown(user) == mine
        # The supervisor: every agency below, begun or not; the county government by March 31
        # (21 + 28 + 31 = 80 days).
        assert _countdown(people.supervisor) == {
            "示例县人民政府": ("尚未起草", "2026-03-31", "还剩80天"),
            "示例县自然资源局": ("草稿", "2026-01-31", "还剩21天"),
            "示例县教育局": ("尚未起草", "2026-01-31", "还剩21天"),
        }
        html = client_for(people.clerk).get("/work/").content.decode()
        assert "2025年政府信息公开工作年度报告" in html

    with time_machine.travel(at(dt.date(2026, 2, 3)), tick=False):
        # Three days past January 31, still unpublished: flagged as overdue.
        assert _countdown(people.head) == {"示例县自然资源局": ("草稿", "2026-01-31", "已超期3天")}
        html = client_for(people.head).get("/work/").content.decode()
        assert '<tr class="overdue">' in html
        assert _countdown(people.supervisor)["示例县人民政府"] == ("尚未起草", "2026-03-31", "还剩56天")


def test_a_published_report_says_when_it_was_published(bureau: Agency, people: People) -> None:
    with time_machine.travel(at(dt.date(2026, 1, 20)), tick=False):
        reports_fixtures.published(bureau, people)
        assert _countdown(people.clerk) == {"示例县自然资源局": ("已发布", "2026-01-31", "按期发布")}
