"""`manage.py load_demo` sets up the demo once; a second run changes nothing and says so."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from gongkai.agencies.models import Agency, Membership
from gongkai.agencies.selectors import acting_agencies, readable_agencies
from gongkai.applications.models import Appeal, Application, Event
from tests.demo_once import TODAY, on_the_demo_day

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # the demo takes seconds to load


@pytest.fixture
def fixed_today() -> Iterator[dt.date]:
    """A test here that builds its own demo (it writes): the clock itself stands on the demo's day,
    so the demo's steps on past days (`gongkai.core.time.pinned`) see their own day."""
    with on_the_demo_day():
        yield TODAY


def _counts() -> tuple[int, ...]:
    return (
        Agency.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        Application.objects.count(),
        Event.objects.count(),
        Appeal.objects.count(),
    )


def test_loading_twice_changes_nothing_and_says_so() -> None:
    first = StringIO()
    call_command("load_demo", stdout=first)
    before = _counts()
    second = StringIO()
    call_command("load_demo", stdout=second)
    assert _counts() == before
    assert "已载入示例数据" in first.getvalue()
    assert "本次未做任何更改" in second.getvalue()
    # Six agencies; the superuser, two supervisors and a sign-off chain of five in each agency
    # (clerk, section head, office head, deputy and principal leader): 33 accounts, 32 with a role.
    assert before[:3] == (6, 33, 32)


def test_the_printed_log_ins_work_in_the_tree_they_describe(demo: None) -> None:
    # On the session's demo (tests/web/demo_once.py): a second run prints the same log-ins.
    out = StringIO()
    call_command("load_demo", stdout=out)
    text = out.getvalue()
    assert "zrzy_clerk" in text
    assert "gongkai-demo" in text
    assert "经办人" in text
    clerk = authenticate(username="zrzy_clerk", password="gongkai-demo")
    admin = authenticate(username="admin", password="gongkai-admin")
    supervisor = authenticate(username="county_supervisor", password="gongkai-demo")
    assert clerk is not None
    assert admin is not None
    assert supervisor is not None
    assert admin.is_superuser
    assert [a.name for a in acting_agencies(clerk)] == ["示例市自然资源和规划局"]
    assert sorted(a.name for a in readable_agencies(supervisor)) == sorted(
        ["示例县人民政府", "示例县文化和旅游局", "示例县市场监督管理局"]
    )
    assert list(acting_agencies(supervisor)) == []

    governments = set(Agency.objects.filter(is_government=True).values_list("name", flat=True))
    assert governments == {"示例市人民政府", "示例县人民政府"}
    county = Agency.objects.get(name="示例县人民政府")
    assert county.parent is not None
    assert county.parent.name == "示例市人民政府"
    assert {a.name for a in county.children.all()} == {"示例县文化和旅游局", "示例县市场监督管理局"}
    assert all(len(code) == 9 for code in Agency.objects.values_list("org_code", flat=True))


def test_a_taken_username_stops_the_demo_before_it_writes_anything() -> None:
    User.objects.create_user("admin", password="someone-elses")
    with pytest.raises(CommandError, match="admin"):
        call_command("load_demo", stdout=StringIO())
    assert Agency.objects.count() == 0
    assert Application.objects.count() == 0
