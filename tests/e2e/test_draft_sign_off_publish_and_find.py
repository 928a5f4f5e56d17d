"""A clerk drafts an item, four colleagues sign it off in order, it is published, and anyone finds
it on the portal by typing two characters into the home page's search box.

Every step through the real pages in headless Chromium, each person in their own browser session.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User

from gongkai.agencies.models import Agency, Level, Membership, Role
from gongkai.catalogue.models import CatalogueItem, Status

pytestmark = [pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"
ORG_CODE = "11500000MB0000001X"
TITLE = "关于公布本县湿地保护名录的通知"


@pytest.fixture
def bureau() -> Agency:
    county = Agency.objects.create(name="示例县人民政府", level=Level.COUNTY, is_government=True)
    return Agency.objects.create(name="示例县林业局", level=Level.COUNTY, parent=county, org_code=ORG_CODE)


def person(agency: Agency, username: str, name: str, role: str) -> User:
    user = User.objects.create_user(username, password=PASSWORD, first_name=name)
    Membership.objects.create(user=user, agency=agency, role=role)
    return user


@pytest.fixture
def people(bureau: Agency) -> dict[str, User]:
    return {
        "drafter": person(bureau, "liming", "李明", Role.CLERK),
        "section": person(bureau, "wangfang", "王芳", Role.CLERK),  # 科室负责人审核 is a clerk's step
        "office": person(bureau, "zhaolei", "赵磊", Role.OFFICE_HEAD),
        "deputy": person(bureau, "sunli", "孙丽", Role.DEPUTY_LEADER),
        "head": person(bureau, "zhouqiang", "周强", Role.PRINCIPAL_LEADER),
    }


@pytest.fixture
def session(browser: Any, live_server: Any) -> Iterator[Any]:
    """Open a fresh browser session (its own cookies) signed in as a user."""
    contexts: list[Any] = []

    def open_as(username: str | None) -> Any:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        if username is not None:
            page.goto(f"{live_server.url}/login/")
            page.fill("#id_username", username)
            page.fill("#id_password", PASSWORD)
            page.click("form button:has-text('登录')")
            page.wait_for_url(re.compile(r"/work/$"))
        return page

    yield open_as
    for context in contexts:
        context.close()


def action_form(page: Any, name: str) -> Any:
    """One of the item page's forms (a <details>), opened if it is folded."""
    section = page.locator(f"#action-{name}")
    if section.get_attribute("open") is None:
        section.locator("summary").click()
    return section.locator("form")


def sign(page: Any, base: str, item: CatalogueItem) -> None:
    page.goto(f"{base}/work/catalogue/{item.pk}/")
    action_form(page, "approve").locator("button:has-text('同意')").click()
    page.wait_for_url(re.compile(rf"/work/catalogue/{item.pk}/$"))


def test_draft_sign_off_publish_and_find_by_two_characters(
    session: Any, live_server: Any, bureau: Agency, people: dict[str, User]
) -> None:
    base = live_server.url
    written = dt.date.today() - dt.timedelta(days=3)

    # 1. The drafter fills in the catalogue form and sends the draft for review.
    page = session("liming")
    page.goto(f"{base}/work/catalogue/")
    page.click("a:has-text('新建条目')")
    page.fill("#id_title", TITLE)
    page.select_option("#id_topic", value="natural_resources")
    page.select_option("#id_genre", value="notice")
    page.fill("#id_written_on", written.isoformat())
    page.fill("#id_doc_number", "示林发〔2026〕3号")
    page.fill("#id_keywords", "湿地 名录")
    page.fill("#id_summary", "公布本县第一批湿地保护名录。")
    page.fill("#id_body", "根据有关规定，现将本县第一批湿地保护名录予以公布。")
    page.click("button:has-text('保存草稿')")
    page.wait_for_url(re.compile(r"/work/catalogue/\d+/$"))
    item = CatalogueItem.objects.get(title=TITLE)
    assert item.status == Status.DRAFT
    action_form(page, "submit").locator("button:has-text('送审')").click()
    page.wait_for_url(re.compile(rf"/work/catalogue/{item.pk}/$"))
    assert "审核中" in page.content()
    # The drafter has no form to sign their own draft.
    assert page.locator("#action-approve").count() == 0

    # 2. Before the chain is done nobody sees a publish form, and the office head cannot sign out of turn.
    office = session("zhaolei")
    office.goto(f"{base}/work/catalogue/{item.pk}/")
    assert office.locator("#action-approve").count() == 0
    assert office.locator("#action-publish").count() == 0

    # 3. The four steps, in order, each by its own person; the office head fixes the attribute.
    sign(session("wangfang"), base, item)
    office.goto(f"{base}/work/catalogue/{item.pk}/")
    form = action_form(office, "approve")
    form.locator("input[name=attribute][value=proactive]").check()
    form.locator("select[name=legal_ground]").select_option(value="art20")
    form.locator("button:has-text('同意')").click()
    office.wait_for_url(re.compile(rf"/work/catalogue/{item.pk}/$"))
    sign(session("sunli"), base, item)
    sign(session("zhouqiang"), base, item)
    item.refresh_from_db()
    assert (item.status, item.steps_done, item.attribute) == (Status.APPROVED, 4, "proactive")

    # 4. The office head publishes: the 索引号 is the agency's code, the year and serial 00001.
    office.goto(f"{base}/work/catalogue/{item.pk}/")
    action_form(office, "publish").locator("button:has-text('发布')").click()
    office.wait_for_url(re.compile(rf"/work/catalogue/{item.pk}/$"))
    index_number = f"{ORG_CODE}/{dt.date.today().year}-00001"
    assert index_number in office.content()

    # 5. Anyone, without an account, finds it from the home page by two characters.
    public = session(None)
    public.goto(f"{base}/")
    public.fill("#home-q", "湿地")
    public.click("form[role=search] button:has-text('检索')")
    public.wait_for_url(re.compile(r"/search/?\?q="))
    result = public.locator(".portal-entry h3 a", has_text="湿地保护名录")
    assert result.count() == 1
    assert result.locator("mark").first.inner_text() == "湿地"
    result.click()
    public.wait_for_url(re.compile(r"/catalogue/item/"))
    assert public.locator("h1").inner_text() == TITLE
    assert index_number in public.locator("main").inner_text()
