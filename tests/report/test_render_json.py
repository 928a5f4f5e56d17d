"""Canonical JSON and its schema."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from jsonschema import Draft202012Validator, ValidationError

from gongkai.annual_report.editions import Edition
from gongkai.annual_report.findings import Code, error
from gongkai.annual_report.renderers import json_schema, render_json

from .render_samples import full_report, sample_report


def _validate(data: dict[str, Any]) -> None:
    Draft202012Validator(json_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER).validate(data)


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = json_schema()
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert [branch["properties"]["edition"]["const"] for branch in schema["oneOf"]] == ["E2019", "E2021"]


@pytest.mark.parametrize("edition", list(Edition))
def test_rendered_reports_validate(edition: Edition) -> None:
    _validate(json.loads(render_json(sample_report(edition))))
    _validate(json.loads(render_json(full_report(edition))))


def test_json_is_indented_utf8_with_keys_in_edition_order() -> None:
    text = render_json(sample_report(Edition.E2019))
    assert '  "agency": "忻州市文化和旅游局",\n' in text  # not \\u escapes
    data = json.loads(text)
    assert list(data)[:3] == ["agency", "year", "edition"]
    assert list(data["tables"]) == [
        "art20_1",
        "art20_5",
        "art20_6",
        "art20_8",
        "art20_9",
        "applications",
        "appeals",
    ]
    assert list(data["tables"]["applications"]["new"])[:2] == ["natural_person", "commercial"]
    assert data["tables"]["art20_5"]["license"] == {"prev_items": None, "delta": -2, "decisions": None}


def test_amounts_are_exact_json_numbers() -> None:
    report = sample_report(Edition.E2021)
    report.set("art20_8", "fees", "amount", Decimal("88479733"))
    assert '"amount": 88479733\n' in render_json(report)
    report.set("art20_8", "fees", "amount", Decimal("0.123456789012345678"))
    text = render_json(report)
    assert '"amount": 0.123456789012345678\n' in text
    assert json.loads(text, parse_float=Decimal)["tables"]["art20_8"]["fees"]["amount"] == Decimal(
        "0.123456789012345678"
    )
    assert '"amount": 484.69\n' in render_json(sample_report(Edition.E2019))


def _minimal(**tables: Any) -> dict[str, Any]:
    return {"agency": "某县文化和旅游局", "year": 2020, "edition": "E2019", "tables": tables}


@pytest.mark.parametrize(
    "data",
    [
        _minimal(applications={"new": {"total": "3"}}),  # a string where a count belongs
        _minimal(applications={"new": {"total": 1.5}}),  # not a whole number
        _minimal(applications={"new": {"total": -1}}),  # a negative count
        _minimal(art20_9={"procurement": {"amount": "484.69万元"}}),
        _minimal(art20_5={"license": {"delta": 0.5}}),
        _minimal(applications={"new": {"grand_total": 3}}),  # no such column
        _minimal(art20_9={"procurement": {"amount": 1}}) | {"edition": "E2021"},  # 第（九）项 is E2019 only
        {"agency": "某县文化和旅游局", "year": 2020},  # no edition
        _minimal() | {"published": "2021年1月27日"},
    ],
)
def test_wrong_data_is_rejected_by_the_schema(data: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        _validate(data)


def test_negative_delta_and_missing_cells_are_allowed() -> None:
    _validate(_minimal(art20_5={"license": {"delta": -4, "decisions": None}}))


def test_findings_can_travel_with_the_report() -> None:
    finding = error(
        Code.BALANCE, "申请数不平衡", section=3, table="applications", column="total", values={"a": 1}
    )
    data = json.loads(render_json(sample_report(), findings=[finding]))
    assert data["findings"][0]["code"] == "balance"
    assert data["findings"][0]["column"] == "total"
    _validate(data)
