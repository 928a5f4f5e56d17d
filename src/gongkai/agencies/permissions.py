"""What every domain app's actions share: the refusal they raise and the staff check.

An action that is not allowed raises ActionError with a message for the clerk (Chinese); the
transaction leaves everything as it was. Only an agency's own staff act for it: 上级监督 reads
its subtree and never acts.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User

from .models import Agency, Membership, Role


class ActionError(Exception):
    """An action that cannot be done; the message is for the clerk (Chinese).

    `code` says why, for the API's status: "forbidden" (no right to act), "conflict" (the thing
    is in another state, was changed meanwhile, or the step was already taken), "invalid" (bad input).
    """

    def __init__(self, message: str, code: str = "invalid") -> None:
        super().__init__(message)
        self.code = code


# The HTTP status of a refusal, the same on the pages and the API: a clerk whose form was filled
# in on a copy someone else has changed since, or whose step was just taken by another, gets 409.
HTTP_STATUS = {"forbidden": 403, "conflict": 409, "invalid": 400}


def http_status(error: ActionError) -> int:
    return HTTP_STATUS.get(error.code, 400)


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
