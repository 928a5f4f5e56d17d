"""Who may see and do what, as querysets: every read in the platform is scoped through here."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.models import User as UserModel
from django.db.models import Q, QuerySet

from .models import Agency, Membership, Role

User = UserModel | AnonymousUser


def readable_agencies(user: User) -> QuerySet[Agency]:
    """Agencies whose data the user may read: their own, and for 上级监督 the whole subtree below."""
    if not user.is_authenticated:
        return Agency.objects.none()
    memberships = list(Membership.objects.filter(user=user).select_related("agency"))
    condition = Q(pk__in=[m.agency_id for m in memberships if m.role != Role.SUPERVISOR])
    for m in memberships:
        if m.role == Role.SUPERVISOR:
            condition |= Q(path__startswith=m.agency.path)
    if not memberships:
        return Agency.objects.none()
    return Agency.objects.filter(condition)


def acting_agencies(user: User) -> QuerySet[Agency]:
    """Agencies whose cases the user may act on: their own, never a supervised one."""
    if not user.is_authenticated:
        return Agency.objects.none()
    ids = Membership.objects.filter(user=user).exclude(role=Role.SUPERVISOR).values("agency_id")
    return Agency.objects.filter(pk__in=ids)


def supervises_any(user: User) -> bool:
    """Whether the user is 上级监督 of some agency (the oversight pages are theirs)."""
    return bool(user.is_authenticated and Membership.objects.filter(user=user, role=Role.SUPERVISOR).exists())


def roles_in(user: User, agency: Agency) -> set[str]:
    if not user.is_authenticated:
        return set()
    return set(Membership.objects.filter(user=user, agency=agency).values_list("role", flat=True))
