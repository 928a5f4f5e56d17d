"""Whatever goes wrong inside, an API client reads JSON; the traceback goes to the log."""

from __future__ import annotations

import json
import logging

import pytest
from django.contrib.auth.models import User
from django.test import Client

from gongkai.agencies.models import Agency
from gongkai.applications import actions
from gongkai.applications.models import Application, Status
from tests.factories import application

pytestmark = pytest.mark.django_db


def test_an_unexpected_error_is_a_json_500_with_its_traceback_logged(
    bureau: Agency, clerk: User, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    case = application(bureau, clerk)

    def broken(**kwargs: object) -> Application:
        raise RuntimeError("磁盘已满")

    monkeypatch.setattr(actions, "decide", broken)
    client = Client()
    client.force_login(clerk)
    with caplog.at_level(logging.ERROR):
        response = client.post(
            f"/api/cases/{case.pk}/actions/decide",
            json.dumps({"version": case.version, "outcome": "granted", "on": "2026-06-10"}),
            content_type="application/json",
        )

    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {
        "detail": "服务器内部错误，未能完成请求；错误已记录，请稍后重试，如仍出现请联系系统管理员"
    }
    assert "磁盘已满" not in response.content.decode()  # nothing of the inside reaches the client
    [record] = [r for r in caplog.records if r.exc_info]
    assert f"/api/cases/{case.pk}/actions/decide" in record.getMessage()
    assert record.exc_info
    assert isinstance(record.exc_info[1], RuntimeError)
    assert Application.objects.get(pk=case.pk).status == Status.REGISTERED
