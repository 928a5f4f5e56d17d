"""An administrator sets an agency's sign-off chain, for catalogue items and for annual reports,
on one kind of admin page (a chain and its steps below it); the chain is then what a submission
runs, and a step is refused to anyone but the role it names, in the words of the app."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from gongkai.agencies.chains import step_to_sign
from gongkai.agencies.models import Agency, Role
from gongkai.catalogue import actions as catalogue_actions
from gongkai.core.actions import ActionError
from gongkai.reports import actions as report_actions


def _post_chain(client: Client, url: str, agency: Agency, name: str, steps: list[dict[str, Any]]) -> int:
    data: dict[str, Any] = {
        "agency": agency.pk,
        "name": name,
        "steps-TOTAL_FORMS": len(steps),
        "steps-INITIAL_FORMS": 0,
        "steps-MIN_NUM_FORMS": 0,
        "steps-MAX_NUM_FORMS": 1000,
    }
    for i, step in enumerate(steps):
        data |= {f"steps-{i}-{key}": value for key, value in step.items()}
    return client.post(url, data).status_code


@pytest.fixture
def admin_client(client: Client, db: None) -> Client:
    client.force_login(User.objects.create_superuser("root", password="x"))
    return client


def test_the_catalogue_chain_set_in_the_admin_is_the_one_an_item_runs(
    admin_client: Client, bureau: Agency
) -> None:
    page = admin_client.get("/admin/catalogue/reviewchain/add/").content.decode()
    assert "签署人角色" in page
    assert "含保密审查" in page
    steps = [
        {"position": 2, "label": "主要领导审批", "role": Role.PRINCIPAL_LEADER},
        {"position": 1, "label": "公开办审核", "role": Role.OFFICE_HEAD, "confidentiality_review": "on"},
    ]
    assert _post_chain(admin_client, "/admin/catalogue/reviewchain/add/", bureau, "两级审核", steps) == 302
    assert catalogue_actions.chain_steps(bureau) == [
        {"label": "公开办审核", "role": "office_head", "confidentiality_review": True},
        {"label": "主要领导审批", "role": "principal_leader", "confidentiality_review": False},
    ]


def test_the_report_chain_set_in_the_admin_is_the_one_a_report_runs(
    admin_client: Client, bureau: Agency
) -> None:
    assert "签署人角色" in admin_client.get("/admin/reports/reportchain/add/").content.decode()
    steps = [{"position": 1, "label": "签发", "role": Role.PRINCIPAL_LEADER}]
    assert _post_chain(admin_client, "/admin/reports/reportchain/add/", bureau, "一步签发", steps) == 302
    assert report_actions.chain_steps(bureau) == [{"label": "签发", "role": "principal_leader"}]


def test_without_a_chain_each_app_runs_its_default_and_installs_it_once(bureau: Agency) -> None:
    assert [s["label"] for s in catalogue_actions.chain_steps(bureau)] == [
        "科室负责人审核",
        "公开办审核（含保密审查）",
        "分管领导审核",
        "主要领导审批",
    ]
    assert report_actions.chain_steps(bureau) == [
        {"label": "审核", "role": "office_head"},
        {"label": "签发", "role": "principal_leader"},
    ]
    for _ in range(2):
        catalogue_actions.install_default_chain(bureau)
        report_actions.install_default_chain(bureau)
    assert [s.position for s in bureau.catalogue_chain.steps.all()] == [1, 2, 3, 4]
    assert [s.position for s in bureau.reports_chain.steps.all()] == [1, 2]


STEPS = [{"label": "审核", "role": "office_head"}, {"label": "签发", "role": "principal_leader"}]


@pytest.mark.parametrize(
    ("step", "held", "message", "code"),
    [
        (3, {"office_head"}, "审签环节须为第1至2步", "invalid"),
        (1, {"office_head"}, "第1步（审核）已完成，不能重复审签", "conflict"),
        (2, {"office_head"}, "第2步（签发）须由主要领导办理", "forbidden"),
    ],
)
def test_a_step_out_of_turn_or_role_is_refused_in_the_apps_words(
    step: int, held: set[str], message: str, code: str
) -> None:
    with pytest.raises(ActionError) as refused:
        step_to_sign(STEPS, 1, step, held, verb="审签", done="已完成", signs="办理")
    assert (str(refused.value), refused.value.code) == (message, code)


def test_the_next_step_by_its_role_is_given_back() -> None:
    assert (
        step_to_sign(STEPS, 1, 2, {"principal_leader"}, verb="审签", done="已完成", signs="办理") == STEPS[1]
    )
    with pytest.raises(ActionError, match="须按顺序审核：第1步（审核）尚未完成"):
        step_to_sign(STEPS, 0, 2, {"principal_leader"}, verb="审核", done="已审核", signs="审核")
