"""The 考评 rubric's one action: the supervisor sets the points deducted per item for a year.

The first change creates the year's rubric (the page showed the defaults, at version 0); every
later one locks it at the version the page showed (409 when someone changed it meanwhile). Each
change writes one event with the points before and after.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.contrib.auth.models import User
from django.db import IntegrityError

from gongkai.agencies.models import Agency
from gongkai.core.actions import ActionError, bump, lock_versioned, state_change
from gongkai.core.time import today

from .actions import FIRST_YEAR, supervises_agency
from .models import RubricEvent, ScoringRubric
from .scoring import DEFAULT_POINTS, ITEM_TITLES, MAX_POINTS, Item

STALE = "考评扣分标准已被他人修改，请刷新页面查看后再操作"


@state_change
def set_rubric(
    *, acting_user: User, agency: Agency, year: int, version: int | None, points: Mapping[Item, int]
) -> ScoringRubric:
    if not supervises_agency(acting_user, agency):
        raise ActionError("只有本机关的上级监督人员才能设置考评扣分标准", "forbidden")
    if not FIRST_YEAR <= year <= today().year:
        raise ActionError(f"报告年度应在{FIRST_YEAR}年至{today().year}年之间")
    for item in Item:
        value = points.get(item)
        if value is None or not 0 <= value <= MAX_POINTS:
            raise ActionError(f"“{ITEM_TITLES[item]}”的扣分应为0至{MAX_POINTS}之间的整数")
    existing = ScoringRubric.objects.filter(agency=agency, year=year).values_list("pk", flat=True).first()
    if existing is None:
        if version not in (None, 0):
            raise ActionError(STALE, "conflict")
        try:
            rubric = ScoringRubric.objects.create(agency=agency, year=year, updated_by=acting_user)
        except IntegrityError as exc:  # created at the same moment by someone else
            raise ActionError(STALE, "conflict") from exc
        before = dict(DEFAULT_POINTS)
    else:
        if version == 0:
            raise ActionError(STALE, "conflict")  # the page showed the defaults: someone set them since
        rubric = lock_versioned(ScoringRubric, existing, version, stale=STALE)
        before = {item: getattr(rubric, item.value) for item in Item}
        bump(rubric)
    for item in Item:
        setattr(rubric, item.value, points[item])
    rubric.updated_by = acting_user
    rubric.save()
    changed = {str(i): [before[i], points[i]] for i in Item if before[i] != points[i]}
    RubricEvent.objects.create(
        rubric=rubric, kind="changed", actor=acting_user, on=today(), data={"changed": changed}
    )
    return rubric
