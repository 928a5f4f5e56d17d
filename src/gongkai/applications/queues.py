"""The desks' queues: what waits for the disclosure office, and what waits for this user.

待登记: online applications waiting for the office to confirm them, where the agency registers
them only after review (Letterhead.register_after_review; elsewhere an online application is
registered as it is submitted). 新收到: registered online, not yet assigned to a clerk. 待分派:
registered by any channel, not yet assigned.
待我处理: the open cases assigned to the user (and their decided or issued replies still to be
issued or served), the replies waiting for the user's approval (公开办负责人, then 分管领导), and the
catalogue items waiting for the user's step of the sign-off chain, sent back to the user as
drafter, or approved and waiting to be published. Each in the user's own agencies only (上级监督
acts on nothing, so nothing waits for them). A fixed number of queries, whatever the numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.models import User as UserModel
from django.db.models import Q
from django.http import HttpRequest

from gongkai.agencies.models import Membership, Role
from gongkai.catalogue.models import CatalogueItem, Review
from gongkai.catalogue.models import Status as ItemStatus

from .actions import APPROVAL_CHAIN
from .models import (
    OPEN_STATUSES,
    Application,
    Channel,
    Event,
    EventKind,
    Letterhead,
    Status,
    Submission,
    SubmissionStatus,
)

User = UserModel | AnonymousUser

_APPROVAL_EVENTS = [EventKind.DECIDED, EventKind.DECISION_CORRECTED, EventKind.REPLY_APPROVED]


@dataclass
class Queues:
    pending: list[Submission] = field(default_factory=list)  # 待登记
    new: list[Application] = field(default_factory=list)  # 新收到
    unassigned: list[Application] = field(default_factory=list)  # 待分派
    my_cases: list[Application] = field(default_factory=list)  # 待我处理: my cases
    my_approvals: list[Application] = field(default_factory=list)  # 待我审批的答复
    my_items: list[CatalogueItem] = field(default_factory=list)  # 待我处理: catalogue

    @property
    def to_me(self) -> int:
        return len(self.my_cases) + len(self.my_approvals) + len(self.my_items)


def _pending_role(events: list[tuple[str, dict[str, object]]]) -> str | None:
    """actions.pending_approval over a case's events read at once (newest first): no query per case."""
    approved: set[str] = set()
    for kind, data in events:
        if kind != EventKind.REPLY_APPROVED:
            break
        approved.add(str(data.get("role", "")))
    return next((role for role in APPROVAL_CHAIN if role not in approved), None)


def _pending_submissions(office: list[int]) -> list[Submission]:
    """待登记: the online submissions waiting for the office of these agencies (one query)."""
    if not office:
        return []
    return list(
        Submission.objects.filter(agency__in=office, status=SubmissionStatus.PENDING)
        .select_related("agency")
        .order_by("submitted_at", "id")
    )


def queues(user: User) -> Queues:
    """Seven queries for a member of staff whatever the numbers, one for anyone else."""
    if not user.is_authenticated:
        return Queues()
    roles: dict[int, set[str]] = {}
    for agency_id, role in (
        Membership.objects.filter(user=user).exclude(role=Role.SUPERVISOR).values_list("agency_id", "role")
    ):
        roles.setdefault(agency_id, set()).add(role)
    if not roles:
        return Queues()
    office = [a for a, held in roles.items() if held & {Role.CLERK, Role.OFFICE_HEAD}]
    result = Queues()
    result.pending = _pending_submissions(office)

    asking = Letterhead.objects.filter(agency__in=list(roles), reply_approval=True).values("agency_id")
    decided = list(
        Application.objects.filter(agency__in=asking, status=Status.DECIDED)
        .select_related("agency", "assignee")
        .order_by("due_on", "id")
    )
    history: dict[int, list[tuple[str, dict[str, object]]]] = {}
    for application_id, kind, data in (
        Event.objects.filter(
            application__agency__in=asking, application__status=Status.DECIDED, kind__in=_APPROVAL_EVENTS
        )
        .order_by("-at", "-id")
        .values_list("application_id", "kind", "data")
    ):
        history.setdefault(application_id, []).append((kind, data))
    awaiting_approval: set[int] = set()
    for case in decided:
        waiting = _pending_role(history.get(case.pk, []))
        if waiting is None:
            continue
        awaiting_approval.add(case.pk)
        if waiting in roles[case.agency_id]:
            result.my_approvals.append(case)

    # A decided reply waiting for approval waits for the approver, not for the clerk.
    mine_statuses = [*OPEN_STATUSES, Status.DECIDED, Status.REPLIED]
    condition = Q(agency__in=list(roles), assignee=user.pk, status__in=mine_statuses)
    condition |= Q(agency__in=office, assignee__isnull=True, status=Status.REGISTERED)
    cases = (
        Application.objects.filter(condition)
        .select_related("agency", "assignee")
        .order_by("due_on", "received_on", "id")
    )
    for case in cases:
        if case.assignee_id == user.pk:
            if case.pk not in awaiting_approval:
                result.my_cases.append(case)
        else:
            result.unassigned.append(case)
            if case.channel == Channel.ONLINE:
                result.new.append(case)

    item_condition = Q(agency__in=list(roles), status=ItemStatus.IN_REVIEW) & ~Q(drafted_by=user.pk)
    item_condition |= Q(agency__in=list(roles), status=ItemStatus.RETURNED, drafted_by=user.pk)
    item_condition |= Q(agency__in=office, status=ItemStatus.APPROVED)
    items = list(CatalogueItem.objects.filter(item_condition).select_related("agency").order_by("id"))
    signed = set(
        Review.objects.filter(
            item__agency__in=list(roles), item__status=ItemStatus.IN_REVIEW, actor=user.pk
        ).values_list("item_id", "review_round")
    )
    for item in items:
        if item.status == ItemStatus.IN_REVIEW:
            step = item.current_step
            if (
                step is None
                or step["role"] not in roles[item.agency_id]
                or (item.pk, item.review_round) in signed
            ):
                continue
        result.my_items.append(item)
    return result


def queues_of(request: HttpRequest) -> Queues:
    """The signed-in user's queues, worked out once per request: the navigation (the context
    processor) and the workbench page read the same ones."""
    cached = getattr(request, "_gongkai_queues", None)
    if not isinstance(cached, Queues):
        cached = queues(request.user)
        request._gongkai_queues = cached  # type: ignore[attr-defined]
    return cached
