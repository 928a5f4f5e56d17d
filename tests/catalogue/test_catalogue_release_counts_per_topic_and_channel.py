from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.agencies.models import Agency, Role
from gongkai.catalogue import actions
from gongkai.catalogue.models import Attribute, CatalogueItem, ChannelRelease, LegalGround
from gongkai.catalogue.selectors import release_counts
from tests.catalogue.workflow import Signers, draft, sign_all, signers
from tests.factories import member


def published(agency: Agency, people: Signers, topic: str, **confidentiality: object) -> CatalogueItem:
    item = sign_all(draft(agency, people.drafter, topic=topic), people, **confidentiality)
    return actions.publish(acting_user=people.office_head, item=item)


def test_releases_are_counted_per_topic_and_channel_for_the_year(
    bureau: Agency, other_bureau: Agency, clerk: User, office_head: User
) -> None:
    # Hand-made: three 自然资源 items (portal x3, WeChat x2), one 教育 item (portal, Weibo),
    # one 依申请公开 item (not counted), one release dated in 2025 (not counted).
    people = signers(bureau, clerk, office_head)
    land = [published(bureau, people, "natural_resources") for _ in range(3)]
    school = published(bureau, people, "education")
    published(
        bureau,
        people,
        "natural_resources",
        attribute=Attribute.ON_REQUEST,
        legal_ground=LegalGround.ART16,
        legal_ground_text="过程性信息",
    )
    for item in land[:2]:
        actions.record_release(
            acting_user=clerk, item=item, channel="wechat", released_on=dt.date(2026, 6, 30)
        )
    actions.record_release(acting_user=clerk, item=school, channel="weibo", released_on=dt.date(2026, 6, 30))
    ChannelRelease.objects.create(item=land[2], channel="bulletin", released_on=dt.date(2025, 12, 31))
    other_clerk = member(other_bureau, Role.CLERK, username="other-clerk")
    other_head = member(other_bureau, Role.OFFICE_HEAD, username="other-head")
    published(other_bureau, signers(other_bureau, other_clerk, other_head), "education")

    with CaptureQueriesContext(connection) as queries:
        counts = release_counts(bureau, 2026)
    assert len(queries) == 1
    assert counts == {
        ("natural_resources", "portal"): 3,
        ("natural_resources", "wechat"): 2,
        ("education", "portal"): 1,
        ("education", "weibo"): 1,
    }
    assert release_counts(bureau, 2025) == {("natural_resources", "bulletin"): 1}
    county = bureau.parent
    assert county is not None
    assert release_counts(county, 2026, subtree=True)[("education", "portal")] == 2
