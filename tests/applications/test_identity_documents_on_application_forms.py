"""Applicants identify with any of the documents a person in China may hold, each number checked
against its own rules (check digits where defined), and the kind recorded, shown and exported."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from gongkai.agencies.models import Agency
from gongkai.applications.identity import id_number_problem
from gongkai.applications.models import Application, IdKind
from tests.factories import application

pytestmark = pytest.mark.django_db

# Worked by hand with the GB 11643 weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2 and "10X98765432":
# 81000019900101001: 56+9+0+0+0+0+2+9+54+0+0+9+0+5+0+0+2 = 146; 146 mod 11 = 3 -> "9".
HK_RESIDENCE_PERMIT = "810000199001010019"
# 83000019850615002: 56+27+0+0+0+0+2+9+48+15+0+54+10+25+0+0+4 = 250; 250 mod 11 = 8 -> "4".
TW_RESIDENCE_PERMIT = "830000198506150024"
# 91184019800101001: 63+9+10+40+32+0+2+9+48+0+0+9+0+5+0+0+2 = 229; 229 mod 11 = 9 -> "3".
FOREIGN_PR_2023 = "911840198001010013"


@pytest.mark.parametrize(
    ("kind", "number", "problem"),
    [
        (IdKind.HMT_RESIDENCE_PERMIT, HK_RESIDENCE_PERMIT, None),
        (IdKind.HMT_RESIDENCE_PERMIT, TW_RESIDENCE_PERMIT, None),
        (IdKind.HMT_RESIDENCE_PERMIT, "830000198506150026", "港澳台居民居住证号码校验位不正确，请逐位核对"),
        (
            IdKind.HMT_RESIDENCE_PERMIT,
            "11010519491231002X",  # a valid resident ID, but not a residence permit
            "港澳台居民居住证号码应以810000（香港）、820000（澳门）或830000（台湾）开头",
        ),
        (IdKind.HMT_RESIDENCE_PERMIT, "82000019900101001", "港澳台居民居住证号码应为18位，您填写了17位"),
        (
            IdKind.HMT_RESIDENCE_PERMIT,
            "820000199002300010",
            "港澳台居民居住证号码中的出生日期（第7至14位）不是有效日期",
        ),
        (IdKind.FOREIGN_PERMANENT_RESIDENT, FOREIGN_PR_2023, None),
        (
            IdKind.FOREIGN_PERMANENT_RESIDENT,
            "911840198001010014",
            "外国人永久居留身份证号码校验位不正确，请逐位核对",
        ),
        (IdKind.FOREIGN_PERMANENT_RESIDENT, "USA310850615012", None),  # a card issued before 2023-12
        (
            IdKind.FOREIGN_PERMANENT_RESIDENT,
            "US3108506150129",
            "外国人永久居留身份证号码（2023年12月以前签发的15位号码）应为3位字母加12位数字",
        ),
        (
            IdKind.FOREIGN_PERMANENT_RESIDENT,
            "11010519491231002X",  # 18 characters, but a citizen's number
            "外国人永久居留身份证号码（18位）应以数字9开头",
        ),
        (
            IdKind.FOREIGN_PERMANENT_RESIDENT,
            "USA3108506150",
            "外国人永久居留身份证号码应为18位（2023年12月起签发）或15位（此前签发），您填写了13位",
        ),
        (IdKind.HK_MACAO_PERMIT, "H12345678", None),
        (IdKind.HK_MACAO_PERMIT, "M1234567801", None),  # an older card, with its renewal count
        (
            IdKind.HK_MACAO_PERMIT,
            "C12345678",
            "港澳居民来往内地通行证号码应为字母H（香港居民）或M（澳门居民）加8位数字，如 H12345678"
            "（旧证末尾表示换证次数的2位数字可一并填写）",
        ),
        (IdKind.TAIWAN_PERMIT, "12345678", None),
        (
            IdKind.TAIWAN_PERMIT,
            "1234567801",
            "台湾居民来往大陆通行证号码应为8位数字（一人一号、终身不变），如 12345678",
        ),
        (IdKind.PASSPORT, "E12345678", None),
        (IdKind.PASSPORT, "E1234-567", "护照号码只含字母和数字"),
        (IdKind.PASSPORT, "E123", "护照号码应为5至20位字母或数字，您填写了4位"),
        (IdKind.RESIDENT_ID, "11010519491231002X", None),
        (IdKind.CREDIT_CODE, "91350100M000100Y43", None),
        ("driving_licence", "11010519491231002X", "请选择证件类型"),
    ],
)
def test_each_kind_of_number_is_checked_by_its_own_rules(kind: str, number: str, problem: str | None) -> None:
    assert id_number_problem(kind, number) == problem


# --- the online form --------------------------------------------------------------------------


def apply(client: Client, agency: Agency, **changes: str) -> Any:
    page = client.get("/apply/").content.decode()
    token = re.search(r'name="form_token" value="([0-9a-f]+)"', page)
    assert token is not None
    data = {
        "agency": str(agency.pk),
        "applicant_kind": "natural_person",
        "applicant_name": "陈大文",
        "id_kind": "hk_macao_permit",
        "id_number": "H12345678",
        "contact_person": "",
        "phone": "13800138000",
        "email": "",
        "address": "",
        "description": "2024年本县城乡规划调整的批复文件",
        "form_wanted": "electronic",
        "delivery": "online",
        "form_token": token.group(1),
        **changes,
    }
    return client.post("/apply/", data)


def test_the_online_form_offers_every_kind_and_records_the_one_chosen(client: Client, bureau: Agency) -> None:
    page = client.get("/apply/").content.decode()
    for label in (
        "居民身份证",
        "港澳台居民居住证",
        "港澳居民来往内地通行证",
        "台湾居民来往大陆通行证",
        "外国人永久居留身份证",
        "护照",
    ):
        assert f">{label}</option>" in page

    response = apply(
        client, bureau, id_number="ｈ１２３４５６７８"
    )  # full-width, as an input method types it
    assert response.status_code == 302
    case = Application.objects.get()
    assert (case.id_kind, case.id_number) == (IdKind.HK_MACAO_PERMIT, "H12345678")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"id_kind": "taiwan_permit", "id_number": "H12345678"}, "台湾居民来往大陆通行证号码应为8位数字"),
        (
            {"id_kind": "hmt_residence_permit", "id_number": "830000198506150026"},
            "港澳台居民居住证号码校验位不正确，请逐位核对",
        ),
        ({"id_kind": "resident_id", "id_number": "H12345678"}, "身份证号码应为18位，您填写了9位"),
        ({"id_kind": "credit_code", "id_number": "91350100M000100Y43"}, None),  # not a person's document
    ],
)
def test_a_number_that_does_not_fit_its_kind_is_refused_naming_the_kind(
    client: Client, bureau: Agency, changes: dict[str, str], message: str | None
) -> None:
    response = apply(client, bureau, **changes)
    assert response.status_code == 200
    page = response.content.decode()
    if message is None:
        assert "请选择证件类型" in page  # the choice itself is refused
    else:
        assert message in page
    assert Application.objects.count() == 0


def test_an_organisation_gives_its_credit_code_whatever_the_persons_choice_shows(
    client: Client, bureau: Agency
) -> None:
    response = apply(
        client,
        bureau,
        applicant_kind="research",
        applicant_name="示例研究院",
        contact_person="李四",
        id_kind="passport",
        id_number="91350100M000100Y43",
    )
    assert response.status_code == 302
    assert Application.objects.get().id_kind == IdKind.CREDIT_CODE


# --- the counter, the case page, the export ------------------------------------------------------


def login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def counter_form(agency: Agency, **fields: str) -> dict[str, Any]:
    return {
        "agency": agency.pk,
        "channel": "in_person",
        "submitted_on": "2026-06-29",
        "received_on": "",
        "applicant_kind": "natural_person",
        "applicant_name": "林美玲",
        "id_kind": "hmt_residence_permit",
        "id_number": TW_RESIDENCE_PERMIT,
        "contact_person": "",
        "phone": "13900139000",
        "email": "",
        "address": "",
        "description": "本县2025年度土地出让收支情况",
        "form_wanted": "paper",
        "delivery": "post",
        **fields,
    }


def test_the_counter_records_the_kind_and_checks_the_number(bureau: Agency, clerk: User) -> None:
    client = login(clerk)
    refused = client.post("/work/cases/new/", counter_form(bureau, id_number="830000198506150026"))
    assert refused.status_code == 400
    assert "港澳台居民居住证号码校验位不正确，请逐位核对" in refused.content.decode()
    assert Application.objects.count() == 0

    response = client.post("/work/cases/new/", counter_form(bureau))
    assert response.status_code == 302
    case = Application.objects.get()
    assert (case.id_kind, case.id_number) == (IdKind.HMT_RESIDENCE_PERMIT, TW_RESIDENCE_PERMIT)
    page = client.get(response["Location"]).content.decode()
    assert "港澳台居民居住证" in page
    assert TW_RESIDENCE_PERMIT in page  # staff of the agency see the number in full on the case page


def test_the_export_shows_the_kind_and_masks_the_number(bureau: Agency, clerk: User) -> None:
    application(bureau, clerk, id_kind="passport", id_number="E12345678", applicant_name="Anna Schmidt")
    application(bureau, clerk, applicant_name="张三")  # no kind given: 居民身份证, as existing cases
    response = login(clerk).get("/work/cases.csv")
    rows = {
        r["申请人姓名或名称"]: r for r in csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    }
    # E12345678 is 9 characters: the first and the last kept, the 7 between hidden.
    assert (rows["Anna Schmidt"]["证件类型"], rows["Anna Schmidt"]["身份证件号码"]) == ("护照", "E*******8")
    assert (rows["张三"]["证件类型"], rows["张三"]["身份证件号码"]) == ("居民身份证", "110101********1234")


def test_the_action_refuses_a_kind_that_does_not_fit_the_applicant(bureau: Agency, clerk: User) -> None:
    from gongkai.core.actions import ActionError

    with pytest.raises(ActionError, match="法人或其他组织应以统一社会信用代码作为身份证明"):
        application(bureau, clerk, applicant_kind="commercial", contact_person="李四", id_kind="passport")
    with pytest.raises(ActionError, match="自然人的证件类型应为居民身份证、"):
        application(bureau, clerk, id_kind="credit_code")
    assert (
        application(bureau, clerk, applicant_kind="commercial", contact_person="李四").id_kind
        == "credit_code"
    )


# --- the API ---------------------------------------------------------------------------------------


def register(clerk: User, agency: Agency, **fields: str) -> Any:
    body = {
        "agency": agency.pk,
        "channel": "in_person",
        "applicant_kind": "natural_person",
        "applicant_name": "Anna Schmidt",
        "description": "2024年本县城乡规划调整的批复文件",
        "submitted_on": "2026-06-29",
        "phone": "13800138000",
        **fields,
    }
    return login(clerk).post("/api/cases", json.dumps(body), content_type="application/json")


def test_the_api_takes_the_kind_and_checks_the_number(bureau: Agency, clerk: User) -> None:
    refused = register(clerk, bureau, id_kind="foreign_permanent_resident", id_number="911840198001010014")
    assert refused.status_code == 422
    assert "外国人永久居留身份证号码校验位不正确，请逐位核对" in refused.content.decode()
    mismatched = register(clerk, bureau, id_kind="credit_code", id_number="91350100M000100Y43")
    assert mismatched.status_code == 422
    assert "自然人的证件类型应为" in mismatched.content.decode()
    assert Application.objects.count() == 0

    created = register(clerk, bureau, id_kind="foreign_permanent_resident", id_number=FOREIGN_PR_2023)
    assert created.status_code == 201
    body = created.json()
    assert (body["id_kind"], body["id_kind_label"], body["id_number"]) == (
        "foreign_permanent_resident",
        "外国人永久居留身份证",
        FOREIGN_PR_2023,
    )
    listed = login(clerk).get("/api/cases").json()["items"][0]
    assert (listed["id_kind_label"], listed["id_number"]) == ("外国人永久居留身份证", "911840********0013")
