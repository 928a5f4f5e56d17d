"""Template context for every page: the workbench navigation's queue counts, computed only when
a page's navigation shows them (and then in a fixed number of queries)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from gongkai.applications.queues import queues


def work_queues(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"work_queues": SimpleLazyObject(lambda: queues(user))}
