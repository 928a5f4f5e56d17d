from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import caches
from django.test.utils import override_settings

from gongkai.agencies.models import Agency, Level, Role
from tests.demo_once import demo, demo_db, pytest_collection_modifyitems  # noqa: F401 (fixtures and hook)
from tests.factories import AgencyFactory, letterhead, member
from tests.travel import travel_to


@pytest.fixture(scope="session", autouse=True)
def uploads_in_a_temporary_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Attachments any test writes (the demo's too) go to a temporary folder, never the project's."""
    with override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media"))):
        yield


@pytest.fixture(autouse=True)
def fresh_throttle_counts(request: pytest.FixtureRequest) -> None:
    """The throttle's locks live in the shared cache, a database table that transactional tests do
    not empty (its counts' own table they do): each test that uses the database starts with none,
    as if from a new day."""
    if request.node.get_closest_marker("django_db") or "db" in request.fixturenames:
        request.getfixturevalue("db")
        caches["default"].clear()


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    """PBKDF2 costs a second per user; the tests are not about password strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fixed_today() -> Iterator[dt.date]:
    """Actions refuse dates after today; the tests live on 2026-06-30 (time-machine)."""
    day = dt.date(2026, 6, 30)
    with travel_to(day):
        yield day


@pytest.fixture
def county(db: None) -> Agency:
    agency: Agency = AgencyFactory(name="示例县人民政府", is_government=True)
    letterhead(agency)
    return agency


@pytest.fixture
def bureau(county: Agency) -> Agency:
    agency: Agency = AgencyFactory(name="示例县自然资源局", parent=county, case_code="SXZRZY")
    letterhead(agency)
    return agency


@pytest.fixture
def other_bureau(county: Agency) -> Agency:
    agency: Agency = AgencyFactory(name="示例县教育局", parent=county, case_code="SXJYJ")
    letterhead(agency)
    return agency


@pytest.fixture
def clerk(bureau: Agency) -> User:
    return member(bureau, Role.CLERK, username="clerk")


@pytest.fixture
def office_head(bureau: Agency) -> User:
    return member(bureau, Role.OFFICE_HEAD, username="head")


@pytest.fixture
def supervisor(county: Agency) -> User:
    return member(county, Role.SUPERVISOR, username="supervisor")


__all__ = ["Level"]
