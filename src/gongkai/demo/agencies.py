"""The demo's agency tree and its people: 示例市人民政府 with two city bureaus and 示例县人民政府 with
two county bureaus, each with its letter settings and its 政府信息公开指南; in every agency the whole
default sign-off chain (a clerk who drafts, a 科室负责人, the office head, 分管领导, 主要领导), a
上级监督 at each government, and a superuser. The accounts' passwords are published (`logins`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User

from gongkai.agencies.models import Agency, DisclosureGuide, Level, Membership, Role
from gongkai.applications.models import Letterhead

DEMO_PASSWORD = "gongkai-demo"
ADMIN_PASSWORD = "gongkai-admin"


def org_code(body: str) -> str:
    """A 9-character organisation code: 8 characters and the GB 11714 check character."""
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(ch, 36) * w for ch, w in zip(body, weights, strict=True))
    check = 11 - total % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


@dataclass(frozen=True)
class AgencySpec:
    key: str
    name: str
    parent: str | None
    level: str
    is_government: bool
    code: str


AGENCIES = (
    AgencySpec("city", "示例市人民政府", None, Level.CITY, True, org_code("11990000")),
    AgencySpec("nr", "示例市自然资源和规划局", "city", Level.CITY, False, org_code("11990101")),
    AgencySpec("edu", "示例市教育局", "city", Level.CITY, False, org_code("11990102")),
    AgencySpec("county", "示例县人民政府", "city", Level.COUNTY, True, org_code("11991000")),
    AgencySpec("ct", "示例县文化和旅游局", "county", Level.COUNTY, False, org_code("11991101")),
    AgencySpec("mr", "示例县市场监督管理局", "county", Level.COUNTY, False, org_code("11991102")),
)
ROOT = AGENCIES[0].name
BUREAUS = ("nr", "edu", "ct", "mr")


@dataclass(frozen=True)
class PersonSpec:
    username: str
    name: str
    agency: str | None  # None: the superuser, who belongs to no agency
    role: str | None
    title: str = ""  # what the person does, beside the role (科室负责人 is a clerk who signs first)


PEOPLE = (
    # Every agency has the whole of the default sign-off chain of the catalogue (三级联签): the
    # clerk who drafts, a second clerk heading the section (科室负责人, the first signature), the
    # office head (公开办, with the confidentiality review), 分管领导 and 主要领导. The bureaus'
    # first clerk and office head also handle applications.
    PersonSpec("admin", "系统管理员", None, None),
    PersonSpec("city_supervisor", "周明", "city", Role.SUPERVISOR),
    PersonSpec("szf_clerk", "钱伟", "city", Role.CLERK),
    PersonSpec("szf_section", "冯雪", "city", Role.CLERK, "科室负责人"),
    PersonSpec("szf_head", "蒋涛", "city", Role.OFFICE_HEAD),
    PersonSpec("szf_deputy", "沈国华", "city", Role.DEPUTY_LEADER),
    PersonSpec("szf_chief", "韩志刚", "city", Role.PRINCIPAL_LEADER),
    PersonSpec("zrzy_clerk", "李娜", "nr", Role.CLERK),
    PersonSpec("zrzy_section", "杨光", "nr", Role.CLERK, "科室负责人"),
    PersonSpec("zrzy_head", "王强", "nr", Role.OFFICE_HEAD),
    PersonSpec("zrzy_deputy", "朱建平", "nr", Role.DEPUTY_LEADER),
    PersonSpec("zrzy_chief", "秦海", "nr", Role.PRINCIPAL_LEADER),
    PersonSpec("jyj_clerk", "陈静", "edu", Role.CLERK),
    PersonSpec("jyj_section", "许婷", "edu", Role.CLERK, "科室负责人"),
    PersonSpec("jyj_head", "赵磊", "edu", Role.OFFICE_HEAD),
    PersonSpec("jyj_deputy", "何伟民", "edu", Role.DEPUTY_LEADER),
    PersonSpec("jyj_chief", "吕红", "edu", Role.PRINCIPAL_LEADER),
    PersonSpec("county_supervisor", "吴静", "county", Role.SUPERVISOR),
    PersonSpec("xzf_clerk", "施琳", "county", Role.CLERK),
    PersonSpec("xzf_section", "张晨", "county", Role.CLERK, "科室负责人"),
    PersonSpec("xzf_head", "孔德明", "county", Role.OFFICE_HEAD),
    PersonSpec("xzf_deputy", "曹文", "county", Role.DEPUTY_LEADER),
    PersonSpec("xzf_chief", "严立新", "county", Role.PRINCIPAL_LEADER),
    PersonSpec("wlj_clerk", "孙丽", "ct", Role.CLERK),
    PersonSpec("wlj_section", "华欣", "ct", Role.CLERK, "科室负责人"),
    PersonSpec("wlj_head", "马超", "ct", Role.OFFICE_HEAD),
    PersonSpec("wlj_deputy", "金鹏", "ct", Role.DEPUTY_LEADER),
    PersonSpec("wlj_chief", "魏东", "ct", Role.PRINCIPAL_LEADER),
    PersonSpec("scjg_clerk", "黄敏", "mr", Role.CLERK),
    PersonSpec("scjg_section", "陶然", "mr", Role.CLERK, "科室负责人"),
    PersonSpec("scjg_head", "郭佳", "mr", Role.OFFICE_HEAD),
    PersonSpec("scjg_deputy", "姜涛", "mr", Role.DEPUTY_LEADER),
    PersonSpec("scjg_chief", "戚军", "mr", Role.PRINCIPAL_LEADER),
)


@dataclass(frozen=True)
class Login:
    username: str
    password: str
    name: str
    role: str  # in Chinese
    agency: str


def logins() -> list[Login]:
    """The demo accounts, as `load_demo` prints them."""
    names = {a.key: a.name for a in AGENCIES}
    result = []
    for person in PEOPLE:
        if person.role is None:
            result.append(Login(person.username, ADMIN_PASSWORD, person.name, "系统管理员（后台）", "—"))
        else:
            agency = names[person.agency or ""]
            role = Role(person.role).label + (f"（{person.title}）" if person.title else "")
            if person.role == Role.SUPERVISOR:
                role += "（只读，含下级机关）"
            result.append(Login(person.username, DEMO_PASSWORD, person.name, role, agency))
    return result


# Each agency's letter settings (a short 机关代字 for the 文号; a government is sued in the
# intermediate court, a department in the basic court; the city government is reviewed by the province).
# Each agency's code in its case numbers: SXSJ-2026-00014 is the county market bureau's.
CASE_CODES = {"city": "SSZF", "nr": "SSZG", "edu": "SSJY", "county": "SXZF", "ct": "SXWL", "mr": "SXSJ"}

LETTERHEADS = {
    "city": ("示市政府公开", "示例市中级人民法院", "示例省人民政府"),
    "nr": ("示市资规公开", "示例市城区人民法院", ""),
    "edu": ("示市教公开", "示例市城区人民法院", ""),
    "county": ("示县政府公开", "示例市中级人民法院", ""),
    "ct": ("示县文旅公开", "示例县人民法院", ""),
    "mr": ("示县市监公开", "示例县人民法院", ""),
}


@dataclass(frozen=True)
class Tree:
    """The demo's agencies and accounts, by key and by username."""

    agencies: dict[str, Agency]
    users: dict[str, User]

    def person(self, key: str, role: str) -> User:
        """The first person of agency `key` in `role` (a bureau's clerk or office head)."""
        spec = next(p for p in PEOPLE if p.agency == key and p.role == role)
        return self.users[spec.username]


def create_tree() -> Tree:
    """The agencies with their letter settings, and the accounts with their memberships."""
    made: dict[str, Agency] = {}
    for spec in AGENCIES:
        made[spec.key] = Agency.objects.create(
            name=spec.name,
            parent=made[spec.parent] if spec.parent else None,
            level=spec.level,
            is_government=spec.is_government,
            org_code=spec.code,
            case_code=CASE_CODES[spec.key],
        )
        code, court, review_body = LETTERHEADS[spec.key]
        Letterhead.objects.create(
            agency=made[spec.key],
            full_name=spec.name,
            red_head=spec.name,
            number_pattern=f"{code}〔{{year}}〕{{serial}}号",
            court=court,
            review_body=review_body,
            address=f"{spec.name[:3]}人民路{len(made)}号",
            phone=f"0999-{8100000 + len(made) * 1111}",
            fee_payment=f"通过非税收入电子缴款码缴纳，收款单位：{spec.name[:3]}财政局",
        )
    # Hashing is slow on purpose: hash each demo password once and share it among the accounts.
    hashed = {DEMO_PASSWORD: make_password(DEMO_PASSWORD), ADMIN_PASSWORD: make_password(ADMIN_PASSWORD)}
    users: dict[str, User] = {}
    for person in PEOPLE:
        superuser = person.role is None
        users[person.username] = user = User.objects.create(
            username=person.username,
            password=hashed[ADMIN_PASSWORD if superuser else DEMO_PASSWORD],
            first_name=person.name,
            email=f"{person.username}@example.com" if superuser else "",
            is_staff=superuser,
            is_superuser=superuser,
        )
        if person.role is not None:
            Membership.objects.create(user=user, agency=made[person.agency or ""], role=person.role)
    return Tree(made, users)


GUIDE = """为便于公民、法人和其他组织获取{name}的政府信息，根据《中华人民共和国政府信息公开条例》（以下简称《条例》）第十二条，编制本指南。（示例数据）

一、主动公开
本机关主动公开的政府信息，在本平台“公开目录”栏目公开，自信息形成或者变更之日起20个工作日内公开。

二、依申请公开
（一）受理机构：{name}办公室（政府信息公开工作机构）。
（二）申请方式：通过本平台“申请公开”栏目在线提交，或者到受理机构当面提交、邮寄书面申请。申请应当包括申请人的姓名或者名称、身份证明、联系方式，申请公开的政府信息的名称、文号或者便于查询的其他特征性描述，以及获取信息的方式、途径（《条例》第二十九条）。
（三）办理期限：能够当场答复的当场答复；不能当场答复的，自收到申请之日起20个工作日内答复；需要延长的，经负责人同意可延长不超过20个工作日（《条例》第三十三条）。
（四）收费：依申请提供政府信息不收取费用；申请数量、频次明显超过合理范围的，可以收取信息处理费（《条例》第四十二条）。

三、监督和救济
申请人认为本机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼（《条例》第五十一条）。"""


def write_guides(agencies: Iterable[Agency]) -> None:
    """Each demo agency's 政府信息公开指南, published (Art. 12)."""
    DisclosureGuide.objects.bulk_create(
        DisclosureGuide(agency=agency, body=GUIDE.format(name=agency.name), published=True)
        for agency in agencies
    )
