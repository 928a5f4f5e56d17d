"""Loading the demo: the agencies and people first, then their cases, catalogue and registers, all
in one transaction; nothing when the demo is already there, and a clear refusal when the database
holds accounts or agencies of the same names."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User

from gongkai.agencies.models import Agency
from gongkai.applications.models import OPEN_STATUSES, Application
from gongkai.core import time
from gongkai.core.actions import batch

from . import annual_reports, catalogue, oversight, registers
from .agencies import AGENCIES, PEOPLE, ROOT, create_tree, logins, write_guides
from .cases import tell_cases

__all__ = ["ROOT", "DemoConflict", "DemoResult", "is_loaded", "load_demo", "logins"]


class DemoConflict(Exception):
    """The database already holds something the demo would have to overwrite (message in Chinese)."""


@dataclass(frozen=True)
class DemoResult:
    created: bool
    agencies: int
    users: int
    cases: int
    open_cases: int
    catalogue_items: int = 0
    published_items: int = 0
    register_rows: int = 0
    published_reports: int = 0  # annual reports published (each agency's 2024 one imported)
    collected_reports: int = 0  # report files of units not on the platform, collected by the county


def is_loaded() -> bool:
    return Agency.objects.filter(name=ROOT).exists()


def load_demo(seed: int = 2025) -> DemoResult:
    """Create the demo agencies, people and their work; if they are already there, change nothing."""
    if is_loaded():
        return _already_loaded()
    _refuse_clashes()
    with batch():  # a failure leaves nothing behind
        tree = create_tree()
        write_guides(tree.agencies.values())
        cases = tell_cases(tree, seed)
        in_catalogue = catalogue.build(tree.agencies, seed)
        register_rows = registers.build(tree.agencies, time.today())
        published_reports = annual_reports.build(tree, time.today())
        collected = oversight.build(tree, time.today(), seed)
        made = Application.objects.filter(agency__in=tree.agencies.values())
        return DemoResult(
            created=True,
            agencies=len(AGENCIES),
            users=len(PEOPLE),
            cases=cases,
            open_cases=made.filter(status__in=OPEN_STATUSES).count(),
            catalogue_items=in_catalogue.items,
            published_items=in_catalogue.published,
            register_rows=register_rows,
            published_reports=published_reports,
            collected_reports=collected.files,
        )


def _already_loaded() -> DemoResult:
    root = Agency.objects.get(name=ROOT)
    cases = Application.objects.filter(agency__path__startswith=root.path)
    tree = list(root.subtree())
    in_catalogue = catalogue.summary(tree)
    return DemoResult(
        created=False,
        agencies=len(tree),
        users=User.objects.filter(username__in=[p.username for p in PEOPLE]).count(),
        cases=cases.count(),
        open_cases=cases.filter(status__in=OPEN_STATUSES).count(),
        catalogue_items=in_catalogue.items,
        published_items=in_catalogue.published,
        register_rows=registers.row_count(tree),
        published_reports=annual_reports.published(tree),
        collected_reports=oversight.summary(root).files,
    )


def _refuse_clashes() -> None:
    taken = sorted(
        User.objects.filter(username__in=[p.username for p in PEOPLE]).values_list("username", flat=True)
    )
    if taken:
        raise DemoConflict(f"用户名{'、'.join(taken)}已被占用，示例数据未创建（请使用空数据库）")
    clashing = sorted(
        Agency.objects.filter(name__in=[a.name for a in AGENCIES]).values_list("name", flat=True)
    )
    if clashing:
        raise DemoConflict(f"机关“{'、'.join(clashing)}”已存在，示例数据未创建（请使用空数据库）")
