"""Table 二 of the demo's registers, for a year of demo data, against numbers worked out by hand from
the demo's own lists (gongkai.demo.registers.REGISTERS), in both editions.

The demo is built once for the session (tests/web/demo_once.py), today being 2026-06-30.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongkai.agencies.models import Agency
from gongkai.annual_report.checker import check
from gongkai.annual_report.editions import Edition
from gongkai.annual_report.findings import Severity
from gongkai.registers.selectors import table_two

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("demo"),
    pytest.mark.slow,
]  # the shared demo takes seconds to build

BUREAU = "示例市自然资源和规划局"


def _art20(report_tables: dict[str, dict[str, dict[str, object]]]) -> dict[str, dict[str, dict[str, object]]]:
    return {table: rows for table, rows in report_tables.items() if table.startswith("art20")}


def test_the_bureaus_2025_table_two_in_the_2021_edition_matches_the_hand_count() -> None:
    bureau = Agency.objects.get(name=BUREAU)
    report = table_two(bureau, 2025)
    assert report.edition is Edition.E2021

    # 行政规范性文件 of 示例市自然资源和规划局 (its Document lines in REGISTERS["nr"]):
    #   made in 2025: 〔2025〕1号 (04-21), 〔2025〕2号 (08-11), 〔2025〕3号 (12-22)            -> issued 3
    #   repealed in 2025: 〔2021〕2号 (05-06, replaced), 〔2022〕1号 (10-31, clean-up: invalid) -> repealed 2
    #   in force on 2025-12-31: 〔2023〕2号 (repealed only 2026-03-23), 〔2024〕1号 (amended,
    #   still in force), 〔2025〕1号, 〔2025〕2号, 〔2025〕3号                                   -> in force 5
    #   (and 2024-12-31 had 〔2021〕2号, 〔2022〕1号, 〔2023〕2号, 〔2024〕1号 = 4; 4 + 3 - 2 = 5)
    # A bureau makes no 规章: every rules cell is 0.
    # Decisions dated 2025: 行政许可 01-14, 02-20, 04-08, 06-17, 09-23, 12-30 -> 6;
    #   行政处罚 04-22, 07-29, 10-21 -> 3; 行政强制 07-30 -> 1.
    # Fees collected in 2025: 不动产登记费 12,480.00 + 土地复垦费 86,000.00 = 98,480 元 = 9.848 万元.
    assert _art20(report.tables) == {
        "art20_1": {
            "rules": {"issued": 0, "repealed": 0, "in_force": 0},
            "normative": {"issued": 3, "repealed": 2, "in_force": 5},
        },
        "art20_5": {"license": {"decisions": 6}},
        "art20_6": {"penalty": {"decisions": 3}, "coercion": {"decisions": 1}},
        "art20_8": {"fees": {"amount": Decimal("9.848")}},
    }


def test_the_bureaus_2025_table_two_in_the_2019_edition_matches_the_hand_count() -> None:
    bureau = Agency.objects.get(name=BUREAU)
    report = table_two(bureau, 2025, edition=Edition.E2019)

    # 规范性文件: made in 2025: 〔2025〕1, 2, 3号 -> 3; published in 2025: 〔2025〕1号 (04-28),
    #   〔2025〕2号 (08-18) -> 2 (〔2025〕3号 was published on 2026-01-05); public and in force on
    #   2025-12-31: 〔2023〕2号, 〔2024〕1号, 〔2025〕1号, 〔2025〕2号 -> 4 (〔2025〕3号 not yet public).
    # Lists of matters (all first listed 2021-01-01 unless said), on 2024-12-31 -> on 2025-12-31:
    #   行政许可: 建设用地规划, 建设工程规划, 乡村建设规划, 临时用地 -> 4; 临时用地 delisted 07-01,
    #     用地预审与选址 listed 03-01, 分割转让 listed 09-01 -> 5: delta +1 (开采矿产 comes in 2026).
    #   其他对外管理服务事项: 资料查询, 评估报告备案 -> 2; 备案 delisted 04-01 -> 1: delta -1.
    #   行政处罚: 非法占地, 城乡规划, 测绘 -> 3; 破坏耕地 listed 06-03 -> 4: delta +1.
    #   行政强制: 查封扣押施工设备 -> 1 -> 1: delta 0.
    #   行政事业性收费: 不动产登记费, 土地复垦费 -> 2; 复垦费 delisted 10-01 -> 1: delta -1.
    # Decisions dated 2025: 许可 6, 其他服务 03-04, 05-13, 08-05, 11-11 -> 4, 处罚 3, 强制 1.
    # Procurement contracted in 2025: 基础信息平台升级 86.50 + 自助服务终端 23.80 = 110.30 万元, 2 projects.
    assert _art20(report.tables) == {
        "art20_1": {
            "rules": {"made": 0, "published": 0, "total_public": 0},
            "normative": {"made": 3, "published": 2, "total_public": 4},
        },
        "art20_5": {
            "license": {"prev_items": 4, "delta": 1, "decisions": 6},
            "other_services": {"prev_items": 2, "delta": -1, "decisions": 4},
        },
        "art20_6": {
            "penalty": {"prev_items": 3, "delta": 1, "decisions": 3},
            "coercion": {"prev_items": 1, "delta": 0, "decisions": 1},
        },
        "art20_8": {"fees": {"prev_items": 2, "delta": -1}},
        "art20_9": {"procurement": {"projects": 2, "amount": Decimal("110.30")}},
    }


def test_only_the_city_government_registers_rules_and_its_2025_counts_match_the_hand_count() -> None:
    city = Agency.objects.get(name="示例市人民政府")
    assert city.may_make_rules
    # 规章 (示例市人民政府令): 第8号 (2020) declared invalid by the clean-up of 2025-11-14; 第12号
    #   (2022) kept; 第15号 made 2025-09-29, published 2025-10-09; 第16号 comes in 2026.
    #   -> issued 1, repealed 1, in force on 2025-12-31: 第12号, 第15号 = 2.
    # 行政规范性文件: 示政规〔2024〕2号 (amended, in force), 示政规〔2025〕1号 made 2025-04-14 -> 1, 0, 2.
    assert _art20(table_two(city, 2025).tables)["art20_1"] == {
        "rules": {"issued": 1, "repealed": 1, "in_force": 2},
        "normative": {"issued": 1, "repealed": 0, "in_force": 2},
    }
    # E2019: made 1 / published 1 (令第15号 on 10-09) / public and in force at the end 2, for each kind.
    assert _art20(table_two(city, 2025, edition=Edition.E2019).tables)["art20_1"] == {
        "rules": {"made": 1, "published": 1, "total_public": 2},
        "normative": {"made": 1, "published": 1, "total_public": 2},
    }
    others = Agency.objects.exclude(pk=city.pk)
    assert [a.name for a in others if table_two(a, 2025).tables["art20_1"]["rules"]["in_force"]] == []


def test_the_checker_finds_no_error_in_any_agencys_table_two_for_2026_against_2025() -> None:
    def table_two_errors(agency: Agency, edition: Edition) -> list[str]:
        findings = check(table_two(agency, 2026, edition), table_two(agency, 2025, edition))
        return [
            f.message
            for f in findings
            if f.severity is Severity.ERROR and f.table is not None and f.table.startswith("art20")
        ]

    agencies = list(Agency.objects.all())
    assert len(agencies) == 6
    for agency in agencies:
        # E2021: in force this year = last year's + issued - repealed; E2019: this year's
        # 上一年项目数量 = last year's + 增/减; and 规章 only where the agency may make them.
        assert table_two_errors(agency, Edition.E2021) == [], agency.name
        assert table_two_errors(agency, Edition.E2019) == [], agency.name
    # The bureau's 2026 so far (today is 2026-06-30): 〔2026〕1号 made 03-16, 〔2023〕2号 repealed 03-23.
    bureau = Agency.objects.get(name=BUREAU)
    assert table_two(bureau, 2026).tables["art20_1"]["normative"] == {
        "issued": 1,
        "repealed": 1,
        "in_force": 5,
    }
