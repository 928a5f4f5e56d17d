"""Bad input on the application form: a Chinese message next to the field, and nothing registered."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from gongkai.agencies.models import Agency
from gongkai.applications.forms.public import normalize_phone
from gongkai.applications.identity import credit_code_problem
from gongkai.applications.identity import resident_id_problem as id_number_problem
from gongkai.applications.models import Application

pytestmark = pytest.mark.django_db


def submit(client: Client, agency: Agency, changes: dict[str, str]) -> str:
    page = client.get("/apply/").content.decode()
    token = re.search(r'name="form_token" value="([0-9a-f]+)"', page)
    assert token is not None
    data: dict[str, Any] = {
        "agency": str(agency.pk),
        "applicant_kind": "natural_person",
        "applicant_name": "张三",
        "id_number": "11010519491231002X",
        "contact_person": "",
        "phone": "13800138000",
        "email": "",
        "address": "示例县人民路1号",
        "description": "2024年本县城乡规划调整的批复文件",
        "form_wanted": "electronic",
        "delivery": "online",
        "form_token": token.group(1),
    }
    data.update(changes)
    response = client.post("/apply/", data)
    assert response.status_code == 200, "a form with errors is shown again, not redirected"
    return response.content.decode()


def field_errors(page: str, field: str) -> list[str]:
    block = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', page, re.S)
    return re.findall(r"<li>(.*?)</li>", block.group(1)) if block else []


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"agency": ""}, "agency", "请选择受理申请的机关"),
        ({"agency": "999999"}, "agency", "请选择受理申请的机关"),
        ({"applicant_name": "  "}, "applicant_name", "请填写姓名或名称"),
        ({"applicant_kind": "robot"}, "applicant_kind", "请选择申请人类型"),
        ({"id_number": ""}, "id_number", "请填写证件号码或统一社会信用代码"),
        ({"id_number": "1101051949123100"}, "id_number", "身份证号码应为18位，您填写了16位"),
        # 11010519491231002X is valid (weighted sum 167, 167 mod 11 = 2 -> "X"); a final 1 is not.
        ({"id_number": "110105194912310021"}, "id_number", "身份证号码校验位不正确，请逐位核对"),
        ({"id_number": "110105194902300021"}, "id_number", "身份证号码中的出生日期（第7至14位）不是有效日期"),
        ({"phone": "1380013800"}, "phone", "请填写11位手机号码，或带区号的固定电话（如 0571-87654321）"),
        ({"phone": "87654321"}, "phone", "请填写11位手机号码，或带区号的固定电话（如 0571-87654321）"),
        (
            {"phone": "", "email": ""},
            "phone",
            "请至少填写联系电话或电子邮箱中的一项，用于查询办理进度和接收通知",
        ),
        ({"email": "zhangsan@"}, "email", "请填写正确的电子邮箱地址，如 name@example.com"),
        (
            {"description": "规划"},
            "description",
            "描述太短（2个字）：请至少写5个字，说明所需信息的名称、文号或特征",
        ),
        (
            {"description": "规" * 2001},
            "description",
            "描述太长（2001个字）：请不超过2000个字；内容较多的，可分别提出申请",
        ),
        ({"description": ""}, "description", "请填写所需政府信息的描述"),
        ({"delivery": "post", "address": ""}, "address", "选择邮寄方式的，请填写通信地址"),
        ({"delivery": "email"}, "email", "选择通过电子邮件获取的，请填写电子邮箱"),
        (
            {"form_wanted": "paper", "delivery": "online"},
            "delivery",
            "纸质载体只能邮寄或当面领取；如需通过网络获取，请选择电子载体",
        ),
        (
            {"applicant_kind": "research", "id_number": "91350100M000100Y43"},
            "contact_person",
            "法人或其他组织申请的，请填写联系人",
        ),
        (
            {"applicant_kind": "research", "id_number": "91350100M000100Y44", "contact_person": "李四"},
            "id_number",
            "统一社会信用代码校验位不正确，请逐位核对",
        ),
        ({"applicant_name": "张" * 101}, "applicant_name", "姓名或名称不能超过100个字"),
    ],
)
def test_each_mistake_gets_its_own_message_and_nothing_is_registered(
    client: Client, bureau: Agency, changes: dict[str, str], field: str, message: str
) -> None:
    page = submit(client, bureau, changes)

    assert message in field_errors(page, field)
    assert 'aria-invalid="true"' in page
    assert "请修改以下内容后再提交" in page  # the summary at the top links to each field
    assert Application.objects.count() == 0


def test_the_answers_are_kept_when_the_form_comes_back(client: Client, bureau: Agency) -> None:
    page = submit(client, bureau, {"phone": "12345", "address": "示例县人民路1号3单元"})

    assert 'value="12345"' in page
    assert "示例县人民路1号3单元" in page
    assert "2024年本县城乡规划调整的批复文件" in page


def test_a_resident_id_number_is_checked_against_gb_11643() -> None:
    assert id_number_problem("11010519491231002X") is None
    # 110101199001011237: digits times weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2 are
    # 7+9+0+5+0+4+2+9+54+0+0+9+0+5+8+8+6 = 126; 126 mod 11 = 5; "10X98765432"[5] = "7".
    assert id_number_problem("110101199001011237") is None
    assert id_number_problem("110101199001011234") == "身份证号码校验位不正确，请逐位核对"
    assert id_number_problem("11010119900101123") == "身份证号码应为18位，您填写了17位"
    assert id_number_problem("1101011990010112XX") == "身份证号码前17位应为数字，最后一位为数字或字母X"


def test_a_credit_code_is_checked_against_gb_32100() -> None:
    assert credit_code_problem("91350100M000100Y43") is None
    assert (
        credit_code_problem("91350100M000100Y4I") == "统一社会信用代码只含数字和大写字母（不含I、O、S、V、Z）"
    )
    assert credit_code_problem("91350100M000100Y4") == "统一社会信用代码应为18位，您填写了17位"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("13800138000", "13800138000"),
        ("138-0013-8000", "13800138000"),
        ("+86 138 0013 8000", "13800138000"),
        ("１３８００１３８０００", "13800138000"),  # full-width digits from a Chinese input method
        ("0571 87654321", "0571-87654321"),
        ("057187654321", "0571-87654321"),
        ("02087654321", "020-87654321"),  # 010 and 02x are the three-digit area codes
        ("010-62345678", "010-62345678"),
        ("0755-2345678", "0755-2345678"),
        ("0571-87654321-801", "0571-87654321-801"),
        ("12800138000", None),  # no mobile number begins 12
        ("87654321", None),  # a landline needs its area code
        ("031-12345678", None),  # 031 is not an area code (0311 is)
    ],
)
def test_phone_numbers_are_read_as_people_type_them(typed: str, stored: str | None) -> None:
    assert normalize_phone(typed) == stored
