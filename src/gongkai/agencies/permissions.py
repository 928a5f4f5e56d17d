"""Who may act for an agency: the staff check every domain app's actions make.

An action that is not allowed raises ActionError with a message for the clerk (Chinese); the
transaction leaves everything as it was. Only an agency's own staff act for it: 上级监督 reads
its subtree and never acts.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User

from gongkai.core.actions import ActionError

from .models import Agency, Membership, Role


def member_roles(user: User | AnonymousUser | None, agency: Agency) -> set[str]:
    """Every role the user holds in the agency, 上级监督 included."""
    if user is None or not user.is_authenticated:
        return set()
    return set(Membership.objects.filter(user=user, agency=agency).values_list("role", flat=True))


def staff_roles(user: User | AnonymousUser | None, agency: Agency) -> set[str]:
    """The roles with which the user may act for the agency (上级监督 is not one)."""
    return member_roles(user, agency) - {Role.SUPERVISOR}


def require_staff(
    user: User | AnonymousUser | None,
    agency: Agency,
    *roles: str,
    refusal: str = "您不是本机关的工作人员，不能办理",
) -> set[str]:
    """The user's acting roles in the agency; ActionError unless they hold one (of `roles`, if given)."""
    held = staff_roles(user, agency)
    if not held:
        raise ActionError(refusal, "forbidden")
    if roles and not held & set(roles):
        names = "、".join(Role(r).label for r in roles)
        raise ActionError(f"此操作须由{names}办理", "forbidden")
    return held
