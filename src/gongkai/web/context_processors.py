"""Template context for every page: the workbench navigation.

The navigation needs to know which section the page belongs to (``active``, from the URL's
name), whether the user may register an application (``can_register``), and the queue counts
(``work_queues``), and the countdown to the annual reports on the year just ended
(``report_countdown``, shown on the workbench), and whether the user is 上级监督 anywhere
(``supervising``: the oversight section is shown). Views never set these: each is computed here,
lazily, only when a page shows it (and then in a fixed number of queries).
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from gongkai.agencies.selectors import acting_agencies, supervises_any
from gongkai.applications.queues import queues_of
from gongkai.core.time import today
from gongkai.reports.selectors import due_reports

# The navigation's sections, by URL namespace and name; the first match wins.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("work:index", "index"),
    ("work:new", "new"),
    ("work:tables", "tables"),
    ("work:", "cases"),
    ("catalogue:", "catalogue"),
    ("registers:table_two", "table_two"),
    ("registers:", "registers"),
    ("reports:", "reports"),
    ("oversight:", "oversight"),
)


def section_of(view_name: str) -> str:
    for prefix, section in SECTIONS:
        if view_name == prefix or (prefix.endswith(":") and view_name.startswith(prefix)):
            return section
    return ""


def workbench(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    match = getattr(request, "resolver_match", None)
    return {
        "active": section_of(match.view_name if match else ""),
        "can_register": SimpleLazyObject(lambda: acting_agencies(user).exists()),
        "work_queues": SimpleLazyObject(lambda: queues_of(request)),
        "report_countdown": SimpleLazyObject(lambda: due_reports(user, today())),
        "supervising": SimpleLazyObject(lambda: supervises_any(user)),
    }
