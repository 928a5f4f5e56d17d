"""The portal says whose it is (site name in every tab, 主办单位, 网站标识码 and the 备案 numbers in
every footer), and each agency's 政府信息公开指南 (Art. 12) is public once published, linked from
/apply/; a guide not published, or with nothing in it, is not there (404)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from gongkai.agencies.models import Agency, DisclosureGuide
from gongkai.catalogue.models import Genre, Topic
from gongkai.demo.agencies import write_guides

IDENTITY = {
    "GONGKAI_SITE_NAME": "某某市政府信息公开网",
    "GONGKAI_SITE_SPONSOR": "某某市人民政府办公厅",
    "GONGKAI_SITE_CODE": "1234567890",
    "GONGKAI_SITE_ICP": "某ICP备12345678号",
    "GONGKAI_SITE_PSB": "某公网安备12345678901234号",
}


@pytest.fixture
def identity(settings: Any, db: None) -> None:
    for name, value in IDENTITY.items():
        setattr(settings, name, value)


@pytest.mark.parametrize("url", ["/", "/apply/", "/track/", "/deadline/", "/catalogue/", "/guide/"])
def test_every_public_page_names_the_site_and_its_sponsor(client: Client, identity: None, url: str) -> None:
    page = client.get(url).content.decode()
    assert "· 某某市政府信息公开网</title>" in page
    assert "<title>" in page
    assert "gongkai</title>" not in page
    footer = page[page.index('<footer class="site">') :]
    assert "主办单位：某某市人民政府办公厅" in footer
    assert "网站标识码：1234567890" in footer
    assert "某ICP备12345678号" in footer
    assert "某公网安备12345678901234号" in footer


def test_an_empty_setting_leaves_its_line_out(client: Client, identity: None, settings: Any) -> None:
    settings.GONGKAI_SITE_PSB = ""
    footer = client.get("/").content.decode().split('<footer class="site">')[1]
    assert "公网安备" not in footer
    assert "主办单位：某某市人民政府办公厅" in footer


def test_the_defaults_read_as_examples(client: Client, db: None) -> None:
    page = client.get("/").content.decode()
    assert "· 示例县政府信息公开平台</title>" in page
    assert "主办单位：示例县人民政府办公室" in page


def test_a_published_guide_is_public_and_linked_from_apply(client: Client, bureau: Agency) -> None:
    DisclosureGuide.objects.create(
        agency=bureau,
        published=True,
        body="一、主动公开\n本机关主动公开的政府信息在本网站公开。\n\n二、依申请公开\n受理机构：办公室 <b>电话</b> 0000-1234567",
    )
    listing = client.get("/apply/").content.decode()
    assert 'href="/guide/"' in listing
    guides = client.get("/guide/").content.decode()
    assert f'href="/guide/{bureau.pk}/"' in guides
    assert f"{bureau.name}政府信息公开指南" in guides

    page = client.get(f"/guide/{bureau.pk}/").content.decode()
    assert f"<h1>{bureau.name}政府信息公开指南</h1>" in page
    assert "<p>一、主动公开<br>本机关主动公开的政府信息在本网站公开。</p>" in page
    # Markup typed in the back office is shown as text, never run.
    assert "&lt;b&gt;电话&lt;/b&gt; 0000-1234567" in page
    assert "<b>电话</b>" not in page


@pytest.mark.parametrize(("published", "body"), [(False, "一、主动公开"), (True, "  \n  "), (True, "")])
def test_an_unpublished_or_empty_guide_answers_404(
    client: Client, bureau: Agency, published: bool, body: str
) -> None:
    DisclosureGuide.objects.create(agency=bureau, published=published, body=body)
    assert client.get(f"/guide/{bureau.pk}/").status_code == 404
    assert f"/guide/{bureau.pk}/" not in client.get("/guide/").content.decode()


def test_an_agency_without_a_guide_answers_404(client: Client, bureau: Agency) -> None:
    assert client.get(f"/guide/{bureau.pk}/").status_code == 404
    assert client.get("/guide/999999/").status_code == 404


def test_the_guide_is_edited_in_the_back_office(client: Client, bureau: Agency) -> None:
    admin = User.objects.create_superuser("root", password="x-Long-enough-9")
    client.force_login(admin)
    answer = client.post(
        "/admin/agencies/disclosureguide/add/",
        {"agency": bureau.pk, "body": "一、主动公开", "published": "on"},
    )
    assert answer.status_code == 302
    client.logout()
    assert "一、主动公开" in client.get(f"/guide/{bureau.pk}/").content.decode()


def test_the_national_topics_and_the_added_genres() -> None:
    # The 22 classes of the national 政府信息公开目录 (中国政府网), in its order, worked out from it by hand.
    assert Topic.labels == [
        "国务院组织机构", "综合政务", "国民经济管理、国有资产监管", "财政、金融、审计",
        "国土资源、能源", "农业、林业、水利", "工业、交通", "商贸、海关、旅游",
        "市场监管、安全生产监管", "城乡建设、环境保护", "科技、教育", "文化、广电、新闻出版",
        "卫生、体育", "人口与计划生育、妇女儿童工作", "劳动、人事、监察", "公安、安全、司法",
        "民政、扶贫、救灾", "民族、宗教", "对外事务", "港澳台侨工作", "国防", "其他",
    ]  # fmt: skip
    assert {"批复", "函", "公示", "方案"} <= set(Genre.labels)


def test_the_demo_guide_names_its_agency_and_the_articles(client: Client, bureau: Agency) -> None:
    write_guides([bureau])
    page = client.get(f"/guide/{bureau.pk}/").content.decode()
    assert f"受理机构：{bureau.name}办公室" in page
    assert "（《条例》第三十三条）" in page
    assert "（示例数据）" in page
