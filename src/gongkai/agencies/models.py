from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models, transaction

# An agency's code in its case numbers ("SXSJ-2026-00014"): capitals and digits, a capital first.
# "J" and digits alone is kept for the code derived from the primary key when none is set.
CASE_CODE_RE = r"^(?!J[0-9]+$)[A-Z][A-Z0-9]{1,9}$"


class Level(models.TextChoices):
    NATIONAL = "national", "国务院部门"
    PROVINCE = "province", "省级"
    CITY = "city", "市级"
    COUNTY = "county", "县级"
    TOWNSHIP = "township", "乡镇（街道）"


class Agency(models.Model):
    """An administrative agency: a government (人民政府) or one of its departments."""

    name = models.CharField("名称", max_length=100, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级机关",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    level = models.CharField("层级", max_length=16, choices=Level.choices)
    is_government = models.BooleanField(
        "是否为人民政府", default=False, help_text="人民政府本级（而非其工作部门）"
    )
    org_code = models.CharField(
        "组织机构代码",
        max_length=18,
        blank=True,
        help_text="9位组织机构代码或18位统一社会信用代码，用于索引号",
    )
    case_code = models.CharField(
        "登记号代码",
        max_length=10,
        blank=True,
        default="",
        db_default="",  # rows written by code that predates the field (a rolling deploy) get none
        validators=[
            RegexValidator(
                CASE_CODE_RE,
                "登记号代码为2至10位大写字母或数字，以字母开头（“J”加数字的形式保留给系统自动生成的代码）",
            )
        ],
        help_text="写入申请登记号，使各机关的登记号互不相同，如 SXSJ-2026-00014；留空则按系统编号生成，如 J7",
    )
    # Materialised path of primary keys, "/1/5/12/": a subtree is one indexed prefix query.
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")

    class Meta:
        verbose_name = "机关"
        verbose_name_plural = "机关"
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["case_code"],
                condition=~models.Q(case_code=""),
                name="agencies_case_code_unique",
                violation_error_message="已有机关使用此登记号代码",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and self.parent is not None and f"/{self.pk}/" in self.parent.path:
            raise ValueError("不能把机关移到它自身或其下级机关之下")
        with transaction.atomic():
            old_path = self.path
            super().save(*args, **kwargs)
            new_path = f"{self.parent.path if self.parent else '/'}{self.pk}/"
            if new_path != old_path:
                Agency.objects.filter(pk=self.pk).update(path=new_path)
                self.path = new_path
                if old_path:  # moved: re-root the subtree below it
                    for child in Agency.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                        Agency.objects.filter(pk=child.pk).update(path=new_path + child.path[len(old_path) :])

    @property
    def number_code(self) -> str:
        """The code in this agency's case numbers: its own, or J and its primary key (never clashes)."""
        return self.case_code or f"J{self.pk}"

    def subtree(self) -> models.QuerySet[Agency]:
        return Agency.objects.filter(path__startswith=self.path)

    @property
    def may_make_rules(self) -> bool:
        """Only State Council departments and provincial and districted-city governments make 规章."""
        if self.level == Level.NATIONAL:
            return True
        return self.is_government and self.level in (Level.PROVINCE, Level.CITY)


class Role(models.TextChoices):
    CLERK = "clerk", "经办人"
    OFFICE_HEAD = "office_head", "公开办负责人"
    DEPUTY_LEADER = "deputy_leader", "分管领导"
    PRINCIPAL_LEADER = "principal_leader", "主要领导"
    SUPERVISOR = "supervisor", "上级监督"


class Membership(models.Model):
    """A person's role in an agency. 上级监督 reads the whole subtree below the agency and acts on nothing."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("角色", max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = "人员角色"
        verbose_name_plural = "人员角色"
        constraints = [models.UniqueConstraint(fields=["user", "agency", "role"], name="unique_membership")]

    def __str__(self) -> str:
        return f"{self.user} · {self.agency} · {self.get_role_display()}"


class DisclosureGuide(models.Model):
    """An agency's 政府信息公开指南 (Art. 12): public once published and not empty.

    The body is plain text, shown escaped with its paragraphs kept (as catalogue bodies are): no
    markup from the back office reaches the public page."""

    agency = models.OneToOneField(
        Agency, verbose_name="机关", on_delete=models.CASCADE, related_name="disclosure_guide"
    )
    body = models.TextField(
        "指南正文",
        blank=True,
        help_text="纯文本；空行分段。应写明公开的方式、途径，依申请公开的受理机构、联系方式、办理流程等（《条例》第十二条）",
    )
    published = models.BooleanField("已发布", default=False)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "政府信息公开指南"
        verbose_name_plural = "政府信息公开指南"

    def __str__(self) -> str:
        return f"{self.agency.name}政府信息公开指南"

    @property
    def is_public(self) -> bool:
        return self.published and bool(self.body.strip())


# Who may sign a step of a chain: anyone of the agency's staff roles, never its supervisor.
SIGNER_ROLES = [choice for choice in Role.choices if choice[0] != Role.SUPERVISOR]


class SignOffChain(models.Model):
    """An agency's sign-off chain for one kind of document (a catalogue item, an annual report):
    rows an administrator can change; an agency without one gets the app's default."""

    agency = models.OneToOneField(Agency, on_delete=models.CASCADE, related_name="%(app_label)s_chain")

    class Meta:
        abstract = True

    def __str__(self) -> str:
        name: str = getattr(self, "name", "")
        return f"{self.agency} · {name}"


class SignOffChainStep(models.Model):
    """One step of a chain, in order: its label and the role in the agency that signs it. The
    subclass adds ``chain``, its foreign key to the chain (related name ``steps``)."""

    position = models.PositiveSmallIntegerField("顺序")
    label = models.CharField("环节", max_length=50)
    role = models.CharField("签署人角色", max_length=20, choices=SIGNER_ROLES)

    class Meta:
        abstract = True
        ordering = ["chain", "position"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "position"], name="%(app_label)s_step_position_once")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.label}"
