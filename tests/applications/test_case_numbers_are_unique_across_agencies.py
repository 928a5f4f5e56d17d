"""Case numbers carry the agency's code: two agencies' first cases of a year never share a number,
the counter stays per agency and per year, and an agency without a code gets one from its id."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from gongkai.agencies.models import Agency
from gongkai.core import time as core_time
from tests.factories import AgencyFactory, application

pytestmark = pytest.mark.django_db


def test_two_agencies_first_cases_differ_by_their_codes(bureau: Agency, other_bureau: Agency) -> None:
    today = core_time.today()
    year = today.year
    ours = [application(bureau, None, received=today, channel="online").number for _ in range(2)]
    theirs = application(other_bureau, None, received=today, channel="online").number

    assert ours == [f"SXZRZY-{year}-00001", f"SXZRZY-{year}-00002"]
    assert theirs == f"SXJYJ-{year}-00001"


def test_the_counter_starts_again_each_year(bureau: Agency) -> None:
    last_year = application(
        bureau, None, received=dt.date(core_time.today().year - 1, 12, 31), channel="online"
    )
    this_year = application(bureau, None, received=core_time.today(), channel="online")

    assert last_year.number == f"SXZRZY-{core_time.today().year - 1}-00001"
    assert this_year.number == f"SXZRZY-{core_time.today().year}-00001"


def test_an_agency_without_a_code_numbers_with_j_and_its_id(county: Agency) -> None:
    plain: Agency = AgencyFactory(name="示例县统计局", parent=county)

    number = application(plain, None, received=core_time.today(), channel="online").number

    assert plain.case_code == ""
    assert number == f"J{plain.pk}-{core_time.today().year}-00001"


def test_a_code_is_checked_and_not_shared(bureau: Agency, county: Agency) -> None:
    for bad in ["sx", "X", "1ABC", "J12", "SX-ZR", "ABCDEFGHIJK"]:
        county.case_code = bad
        with pytest.raises(ValidationError) as caught:
            county.full_clean()
        assert "登记号代码" in str(caught.value.message_dict["case_code"])
    county.case_code = "SXZRZY"
    with pytest.raises(ValidationError) as taken:
        county.full_clean()
    assert "已有机关使用此登记号代码" in str(taken.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        county.save()
