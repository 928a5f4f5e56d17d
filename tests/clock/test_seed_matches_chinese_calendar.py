"""The frozen seed file agrees with the chinesecalendar package for every year it covers."""

import pytest

from gongkai.clock import load_seed_data
from gongkai.clock.seed import data_from_chinese_calendar


def test_seed_file_equals_the_installed_package() -> None:
    pytest.importorskip("chinese_calendar")
    fresh = data_from_chinese_calendar()
    seed = load_seed_data()
    assert fresh, "the package covers no year?"
    for year, data in fresh.items():
        assert seed[year] == data, year


def test_seed_covers_2004_to_2026_and_nothing_invented() -> None:
    assert sorted(load_seed_data()) == [str(y) for y in range(2004, 2027)]
