"""The upload of last year's published report (reports.archive), from the report list page.

A file larger than the importer's limit is dropped while it arrives (never kept whole); a file
that is not the agency's report on that year gets an error page saying why, with the form to
try again. Nothing is saved unless the whole file is accepted.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from gongkai.agencies.models import Role
from gongkai.agencies.selectors import acting_agencies
from gongkai.annual_report.importers import MAX_BYTES
from gongkai.core.pages import ActionSpec, run_action, signed_in
from gongkai.core.time import today
from gongkai.core.uploads import CappedUpload, cap_uploads

from . import forms, selectors
from .archive import import_published_report
from .models import Origin

STAFF = tuple(r.value for r in Role if r != Role.SUPERVISOR)


def _import(user: User, target: None, data: dict[str, Any], version: int | None) -> str:
    upload = data["file"]
    report = import_published_report(
        acting_user=user,
        agency=data["agency"],
        year=data["year"],
        filename=upload.name or "",
        data=upload.read(),
    )
    return f"已导入{report.title}（原文件“{report.source_filename}”），作为已发布的报告存档"


IMPORT = ActionSpec[None](
    "import", "上传上年度已发布的报告", forms.ImportForm, _import, roles=STAFF, button="上传并导入"
)


def upload_form(user: User) -> forms.ImportForm | None:
    """The empty form for the list page, or None when the user is no agency's staff."""
    agencies = acting_agencies(user)
    if not agencies.exists():
        return None
    # In January one writes last year's report and uploads the year before, its 上年度.
    return forms.ImportForm(agencies=agencies, year=today().year - 2, auto_id=IMPORT.auto_id)


@csrf_exempt  # checked below, once the upload handler is in place (the check reads the upload)
@login_required
@require_POST
def import_report(request: HttpRequest) -> HttpResponse:
    return _import_checked(request, cap_uploads(request, MAX_BYTES))


@csrf_protect
def _import_checked(request: HttpRequest, handler: CappedUpload) -> HttpResponse:
    user = signed_in(request)
    agencies: Any = acting_agencies(user)
    form = forms.ImportForm(
        request.POST,
        request.FILES,
        agencies=agencies,
        year=today().year - 2,
        too_large=handler.too_large,
        auto_id=IMPORT.auto_id,
    )

    def rerender(bound: Any, message: str, status: int) -> HttpResponse:
        context = {"form": bound, "error": message, "spec": IMPORT}
        return render(request, "reports/import_error.html", context, status=status)

    return run_action(request, IMPORT, None, form, rerender=rerender, done=reverse("reports:list"))


@login_required
@require_GET
def source_file(request: HttpRequest, pk: int) -> FileResponse:
    """The original file an imported report was read from, for those who may read the report."""
    visible = selectors.visible_reports(signed_in(request)).filter(origin=Origin.IMPORTED)
    report = get_object_or_404(visible, pk=pk)
    try:
        handle = report.source_file.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404("原文件缺失，请联系管理员") from error
    response = FileResponse(handle, content_type="application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(True, report.source_filename) or "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
