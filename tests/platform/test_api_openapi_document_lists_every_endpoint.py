"""/api/openapi.json is a valid OpenAPI document, public, listing every endpoint and its errors."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

ACTIONS = [
    "request-correction",
    "record-correction",
    "assign",
    "consult",
    "consultation-answer",
    "extend",
    "fee-notice",
    "fee-paid",
    "abandon",
    "decide",
    "reply",
    "served",
    "close",
    "withdraw",
    "appeal",
    "appeal-conclusion",
]


@pytest.fixture
def document() -> dict[str, Any]:
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    data: dict[str, Any] = json.loads(response.content)
    return data


def test_the_document_lists_every_path(document: dict[str, Any]) -> None:
    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) == {
        "/api/me",
        "/api/cases",
        "/api/cases/{case_id}",
        "/api/deadline",
        "/api/agencies/{agency_id}/tables/{year}",
        "/api/reports/{agency_id}/{year}",
        "/api/open-data",
        "/api/open-data/{year}",
    } | {f"/api/cases/{{case_id}}/actions/{name}" for name in ACTIONS}
    assert set(document["paths"]["/api/cases"]) == {"get", "post"}


def test_every_action_documents_its_body_and_its_refusals(document: dict[str, Any]) -> None:
    for name in ACTIONS:
        operation = document["paths"][f"/api/cases/{{case_id}}/actions/{name}"]["post"]
        assert {"200", "400", "401", "403", "404", "409", "422"} <= set(operation["responses"]), name
        schema_ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        body = document["components"]["schemas"][schema_ref.rsplit("/", 1)[1]]
        assert "version" in body["required"], name
        assert body.get("additionalProperties") is False, name


def test_the_error_mapping_and_the_sign_in_are_described(document: dict[str, Any]) -> None:
    description = document["info"]["description"]
    for status in ("400", "401", "403", "404", "409", "422"):
        assert f"| {status} |" in description
    assert "X-CSRFToken" in description
    schemes = document["components"]["securitySchemes"]
    assert [(s["type"], s["in"], s["name"]) for s in schemes.values()] == [("apiKey", "cookie", "sessionid")]
    # The deadline is public; the cases are not.
    assert "security" not in document["paths"]["/api/deadline"]["get"]
    assert document["paths"]["/api/cases"]["get"]["security"]


VALIDATE = "import json, sys, openapi_spec_validator as v; v.validate(json.load(sys.stdin)); print('valid')"


@pytest.mark.slow
def test_the_document_is_valid_openapi(document: dict[str, Any]) -> None:
    try:
        import openapi_spec_validator  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        # Not in the virtualenv; the interpreter it was made from may have it (it does on the
        # project's machines): validate there, in a process of its own.
        base = getattr(sys, "_base_executable", "")
        if not base or base == sys.executable:
            pytest.skip("openapi-spec-validator is not installed")
        probe = subprocess.run(
            [base, "-c", "import openapi_spec_validator"], capture_output=True, check=False
        )
        if probe.returncode != 0:
            pytest.skip("openapi-spec-validator is not installed")
        result = subprocess.run(
            [base, "-c", VALIDATE], input=json.dumps(document), capture_output=True, text=True, check=False
        )
        assert (result.returncode, result.stdout.strip()) == (0, "valid"), result.stderr[-2000:]
    else:
        openapi_spec_validator.validate(document)


def test_the_docs_page_is_served(db: None) -> None:
    response = Client().get("/api/docs")
    assert response.status_code == 200
    assert b"/api/openapi.json" in response.content
