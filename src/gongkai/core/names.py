"""How a person is named on timelines and lists: the name, in Chinese order, never the log-in."""

from __future__ import annotations

import re

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

_CJK = re.compile(r"[\u3400-\u9fff]")


def person_name(user: AbstractBaseUser | AnonymousUser | None) -> str:
    """张三 (family name first, no space, when the name is Chinese), "Jane Doe" otherwise; the user
    name only for an account that has no name at all."""
    if user is None or not user.is_authenticated:
        return ""
    first = str(getattr(user, "first_name", "") or "").strip()
    last = str(getattr(user, "last_name", "") or "").strip()
    if _CJK.search(first + last):
        return last + first
    return " ".join(part for part in (first, last) if part) or user.get_username()
