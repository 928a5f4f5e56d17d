"""/api/reports/{agency}/{year}: the report's canonical JSON, public once published; before that
only the agency's staff and its supervisors read it; anyone else gets 404."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.test import Client

from gongkai.agencies.models import Agency
from gongkai.annual_report.model import Report
from gongkai.reports import actions
from tests.reports.reports_fixtures import People, client_for, drafted, published

from . import reports_fixtures

pytestmark = pytest.mark.django_db

people = reports_fixtures.people
january_2026 = reports_fixtures.january_2026


def test_a_draft_is_read_by_its_agency_and_supervisor_only(
    bureau: Agency, people: People, january_2026: object
) -> None:
    drafted(bureau, people)
    url = f"/api/reports/{bureau.pk}/2025"
    assert Client().get(url).status_code == 404
    assert client_for(people.outsider).get(url).status_code == 404
    for reader in (people.clerk, people.supervisor):
        response = client_for(reader).get(url)
        assert response.status_code == 200
        data = json.loads(response.content)
        assert (data["agency"], data["year"], data["edition"], data["published"]) == (
            "示例县自然资源局",
            2025,
            "E2021",
            None,
        )
        assert data["sections"][5]["text"] == reports_fixtures.FEES
        assert response["Cache-Control"] == "private, no-store"
    assert Client().get(f"/api/reports/{bureau.pk}/2024").status_code == 404


def test_a_published_report_is_public_exactly_as_published(
    bureau: Agency, people: People, january_2026: object
) -> None:
    report = published(bureau, people)
    response = Client().get(f"/api/reports/{bureau.pk}/2025")
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["published"] == "2026-01-10"
    assert Report.from_dict(data).tables["applications"]["new"]["total"] == 0
    # The JSON's digest is of these bytes (the published file's, published_sha256, is the PDF's).
    assert actions.published_digest(report.content or {}) == report.content_sha256
    assert hashlib.sha256(response.content).hexdigest() == report.content_sha256
    # A correction being drafted does not replace the public report.
    actions.correct(acting_user=people.clerk, report=report, version=report.version, note="更正第三部分")
    assert json.loads(Client().get(f"/api/reports/{bureau.pk}/2025").content)["published"] == "2026-01-10"
