"""Cases registered before the document kind existed: a person's number is a 居民身份证, an
organisation's a 统一社会信用代码 (migration 0006)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("applications", "0005_appeal_agency")]
AFTER = [("applications", "0006_application_id_kind")]


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_existing_cases_are_given_the_kind_their_applicant_had() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        old = executor.loader.project_state(BEFORE).apps
        agency = old.get_model("agencies", "Agency").objects.create(name="示例县档案局", level="county")
        cases = old.get_model("applications", "Application").objects
        day = dt.date(2025, 3, 3)
        common = {"agency": agency, "channel": "in_person", "description": "某文件", "status": "registered"}
        dates = {"submitted_on": day, "received_on": day, "due_on": day}
        cases.create(
            number="2025-00001",
            tracking_code="A",
            applicant_kind="natural_person",
            applicant_name="张三",
            id_number="11010519491231002X",
            **common,
            **dates,
        )
        cases.create(
            number="2025-00002",
            tracking_code="B",
            applicant_kind="commercial",
            applicant_name="示例公司",
            id_number="91350100M000100Y43",
            **common,
            **dates,
        )

        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        new = executor.loader.project_state(AFTER).apps.get_model("applications", "Application")
        kinds = dict(new.objects.values_list("applicant_name", "id_kind"))
        assert kinds == {"张三": "resident_id", "示例公司": "credit_code"}
    finally:
        MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
