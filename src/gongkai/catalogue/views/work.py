"""Staff pages of the catalogue (read-only for now): the agency's items with their step and Art. 26 due date."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .. import actions, selectors


@login_required
def item_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    today = actions.today()
    rows = selectors.work_rows(user, today=today)
    context = {
        "rows": rows,
        "today": today,
        "soon": selectors.DUE_SOON_WORKING_DAYS,
        "limit": selectors.WORK_LIST_LIMIT,
    }
    return render(request, "catalogue/work/items.html", context)
