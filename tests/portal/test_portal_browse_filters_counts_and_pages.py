"""/catalogue/ lists the public items newest first, filtered by agency, 主题分类, year and 有效性,
each choice counted under the other filters, in pages of plain links and a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gongkai.agencies.models import Agency
from gongkai.catalogue import selectors
from gongkai.catalogue.models import Topic
from tests.factories import AgencyFactory
from tests.portal.portal_items import chain_people, make_item

# Worked out by hand from these rows below: (title, agency, topic, day published, validity).
ROWS = [
    ("条目甲", "bureau", "natural_resources", dt.date(2026, 6, 1), "valid"),
    ("条目乙", "bureau", "education", dt.date(2025, 5, 5), "expired"),
    ("条目丙", "bureau", "natural_resources", dt.date(2026, 2, 2), "valid"),
    ("条目丁", "other", "education", dt.date(2026, 3, 3), "valid"),
    ("条目戊", "other", "education", dt.date(2025, 11, 11), "repealed"),
    ("条目己", "county", "general", dt.date(2024, 1, 15), "valid"),
]
NEWEST_FIRST = ["条目甲", "条目丁", "条目丙", "条目戊", "条目乙", "条目己"]


@pytest.fixture
def agencies(county: Agency, bureau: Agency, other_bureau: Agency) -> dict[str, Agency]:
    return {"county": county, "bureau": bureau, "other": other_bureau}


@pytest.fixture
def rows(agencies: dict[str, Agency]) -> None:
    people = {key: chain_people(agency) for key, agency in agencies.items()}
    for title, key, topic, day, validity in ROWS:
        make_item(agencies[key], people[key], "published", title, topic=topic, day=day, validity=validity)
    # Never counted: not published.
    make_item(agencies["bureau"], people["bureau"], "approved", "条目庚", topic="natural_resources")
    make_item(agencies["other"], people["other"], "on_request", "条目辛", topic="education")


def listed(client: Client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    return [
        unescape(t)
        for t in re.findall(r'<h3><a href="/catalogue/item/[^"]+">(.*?)</a></h3>', response.content.decode())
    ]


def options(client: Client, url: str, name: str) -> dict[str, str]:
    """The choices of one filter select: value -> its label with the count, as shown."""
    page = client.get(url).content.decode()
    select = re.search(rf'<select id="f-{name}" name="{name}">(.*?)</select>', page, re.S)
    assert select is not None
    found = re.findall(r'<option value="([^"]*)"[^>]*>(.*?)</option>', select.group(1))
    return {value: unescape(label).strip("\u3000") for value, label in found if value}


def test_everything_public_newest_first(client: Client, rows: None) -> None:
    assert listed(client, "/catalogue/") == NEWEST_FIRST
    page = client.get("/catalogue/").content.decode()
    assert "共 6 条" in page


def test_each_filter_counts_its_choices(client: Client, rows: None, agencies: dict[str, Agency]) -> None:
    assert options(client, "/catalogue/", "topic") == {
        **{value: f"{label}（0）" for value, label in Topic.choices},
        "natural_resources": "国土资源、能源（2）",
        "education": "科技、教育（3）",
        "general": "综合政务（1）",
    }
    assert options(client, "/catalogue/", "year") == {
        "2026": "2026年（3）",
        "2025": "2025年（2）",
        "2024": "2024年（1）",
    }
    assert options(client, "/catalogue/", "validity") == {
        "valid": "有效（4）",
        "expired": "失效（1）",
        "repealed": "废止（1）",
    }
    assert options(client, "/catalogue/", "agency") == {
        str(agencies["county"].pk): "示例县人民政府（1）",
        str(agencies["bureau"].pk): "示例县自然资源局（3）",
        str(agencies["other"].pk): "示例县教育局（2）",
    }


def test_filters_narrow_the_list_and_the_other_counts(
    client: Client, rows: None, agencies: dict[str, Agency]
) -> None:
    assert listed(client, "/catalogue/?topic=education") == ["条目丁", "条目戊", "条目乙"]
    by_agency = options(client, "/catalogue/?topic=education", "agency")
    assert by_agency[str(agencies["bureau"].pk)] == "示例县自然资源局（1）"
    assert by_agency[str(agencies["other"].pk)] == "示例县教育局（2）"
    assert options(client, "/catalogue/?topic=education", "year") == {
        "2026": "2026年（1）",
        "2025": "2025年（2）",
    }

    assert listed(client, "/catalogue/?year=2026") == ["条目甲", "条目丁", "条目丙"]
    assert listed(client, "/catalogue/?year=2024") == ["条目己"]
    assert listed(client, "/catalogue/?validity=expired") == ["条目乙"]
    assert listed(client, f"/catalogue/?agency={agencies['bureau'].pk}&validity=valid") == [
        "条目甲",
        "条目丙",
    ]
    # An agency's own items: the county government's list does not take in its departments'.
    assert listed(client, f"/catalogue/?agency={agencies['county'].pk}") == ["条目己"]
    assert listed(client, f"/catalogue/?agency={agencies['bureau'].pk}&year=2025&topic=education") == [
        "条目乙"
    ]
    page = client.get(f"/catalogue/?agency={agencies['other'].pk}&topic=education").content.decode()
    assert "示例县教育局 · 科技、教育" in page
    assert "共 2 条" in page


def test_a_chosen_link_takes_its_filter_off_and_keeps_the_others(
    client: Client, rows: None, agencies: dict[str, Agency]
) -> None:
    page = client.get("/catalogue/?topic=education&year=2025").content.decode()
    # The 科技、教育 link (chosen) leads back to the year alone; the 2026 link keeps the topic.
    assert 'href="?year=2025" aria-current="true" class="portal-chosen">科技、教育' in page
    assert 'href="?topic=education&amp;year=2026">2026年' in page


def test_pages_of_plain_links(client: Client, rows: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(selectors, "PORTAL_PAGE_SIZE", 4)
    assert listed(client, "/catalogue/") == NEWEST_FIRST[:4]
    assert listed(client, "/catalogue/?page=2") == NEWEST_FIRST[4:]
    first = client.get("/catalogue/").content.decode()
    assert "共 6 条，第 1/2 页" in first
    assert 'href="?page=2" rel="next"' in first
    filtered = client.get("/catalogue/?topic=education").content.decode()
    assert "共 3 条" in filtered
    assert 'rel="next"' not in filtered
    # Out of range or not a number: the nearest page.
    assert listed(client, "/catalogue/?page=99") == NEWEST_FIRST[4:]
    assert listed(client, "/catalogue/?page=-1") == NEWEST_FIRST[:4]
    assert listed(client, "/catalogue/?page=abc") == NEWEST_FIRST[:4]


def test_bad_filters_are_left_out_with_a_message(client: Client, rows: None) -> None:
    cases = {
        "/catalogue/?agency=abc": "发布机构参数无效",
        "/catalogue/?topic=nonsense": "没有这个主题分类",
        "/catalogue/?year=20x6": "发布年份须为四位数字",
        "/catalogue/?year=99999": "发布年份须为四位数字",
        "/catalogue/?validity=maybe": "有效性只能是有效、失效或废止",
    }
    for url, message in cases.items():
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert message in page, url
        assert listed(client, url) == NEWEST_FIRST, url
    response = client.get("/catalogue/?agency=999999")
    assert "没有这个发布机构" in response.content.decode()
    assert listed(client, "/catalogue/?agency=999999") == []


def test_the_list_takes_the_same_queries_however_many_items(
    client: Client, rows: None, agencies: dict[str, Agency]
) -> None:
    url = "/catalogue/?topic=education&year=2025&page=1"
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    newcomer = AgencyFactory(name="示例县卫生健康委员会", parent=agencies["county"])
    people = chain_people(newcomer)
    for n in range(5):
        make_item(newcomer, people, "published", f"新条目{n}", topic="education", day=dt.date(2025, 8, n + 1))
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    # The agencies, four counts (agency, topic, validity, year) and the page's rows.
    assert len(few) == len(many) == 6
    with CaptureQueriesContext(connection) as home:
        assert client.get("/").status_code == 200
    assert len(home) == 4  # the newest items, the agencies and two counts
