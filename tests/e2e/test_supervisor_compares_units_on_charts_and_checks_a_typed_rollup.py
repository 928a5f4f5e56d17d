"""A county supervisor goes from the board to the comparison page and sees its three charts drawn
(ECharts from this site, under the site's Content-Security-Policy, no error in the console), then
to the 汇总 and uploads a typed-in 汇总 with one wrong cell, which is the one cell listed."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

from gongkai.agencies.models import Agency, Level, Membership, Role
from gongkai.annual_report.renderers.text import render_text
from gongkai.oversight import actions
from tests.oversight.compare_fixtures import add_roster_only, collect, made
from tests.travel import travel_to

pytestmark = [pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"
UNITS = {"示例县甲局": (40, 30), "示例县乙局": (55, 20), "示例县丙局": (12, 12)}


def test_the_charts_draw_and_a_typed_rollup_shows_its_wrong_cell(
    browser: Any, live_server: Any, tmp_path: Path
) -> None:
    county = Agency.objects.create(name="示例县人民政府", level=Level.COUNTY, is_government=True)
    user = User.objects.create_user("wujing", password=PASSWORD, first_name="吴静")
    Membership.objects.create(user=user, agency=county, role=Role.SUPERVISOR)
    for year in (2024, 2025):
        with travel_to(dt.date(year + 1, 1, 3)):
            roster = actions.build_roster(acting_user=user, agency=county, year=year)
            for name in UNITS:
                add_roster_only(user, roster, name)
        for name, (new, granted) in UNITS.items():
            cells = {
                "applications.new.total": new + year - 2024,
                "applications.granted.total": granted,
                "applications.other_misc.total": new + year - 2024 - granted,
                "applications.total.total": new + year - 2024,
            }
            collect(county, roster, name, made(name, year, cells))

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems: list[str] = []
    # a script refused by the CSP or failing says so in the console; a missing file is a response
    page.on(
        "console", lambda m: problems.append(m.text) if m.type == "error" and "404" not in m.text else None
    )
    page.on(
        "response",
        lambda r: problems.append(r.url) if r.status >= 400 and not r.url.endswith("favicon.ico") else None,
    )
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "wujing")
    page.fill("#id_password", PASSWORD)
    page.click("form button:has-text('登录')")
    page.wait_for_url(re.compile(r"/work/$"))

    page.goto(f"{live_server.url}/work/oversight/{county.pk}/2025/")
    page.click("text=各单位比较和图表")
    page.wait_for_selector("#chart-ranking svg")
    assert page.locator(".chart svg").count() == 3
    bars = page.locator("#chart-ranking svg path").count()
    assert bars >= len(UNITS)
    assert problems == []

    page.click("text=2025年度汇总")
    # the sum of 2025: 新收 41 + 56 + 13 = 110, 予以公开 30 + 20 + 12 = 62, 其他 11 + 36 + 1 = 48,
    # 总计 110; typed with 新收 111
    assert page.locator('td[data-key="applications.new.total"]').inner_text() == "110"
    typed = made(
        county.name,
        2025,
        {
            "applications.new.total": 111,
            "applications.granted.total": 62,
            "applications.other_misc.total": 48,
            "applications.total.total": 110,
        },
    )
    path = tmp_path / "汇总.txt"
    path.write_text(render_text(typed), encoding="utf-8")
    page.set_input_files("input[type=file]", str(path))
    page.click("button:has-text('比对')")
    page.wait_for_url(re.compile(r"/rollup/compare/$"))
    assert page.locator("tr.difference").count() == 1
    cells = page.locator("tr.difference").inner_text().split("\t")
    assert [c.strip() for c in cells] == ["表三“一、本年新收政府信息公开申请数量”行“总计”", "110", "111"]
    context.close()
