"""Importing a register from XLSX or CSV: upload, preview, confirm; and the empty template.

The uploaded bytes never travel back to the browser. A clean preview keeps them in a file
named by a random token, and the session (server-side) keeps the token with the agency, the
register, the time and the file's SHA-256. Confirming posts only the token: the server takes
its own copy, checks it is the user's, recent and unchanged, previews it again against the
registers as they are now, and saves all rows or none. A token is used once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.agencies.models import Agency
from gongkai.core.pages import run_action
from gongkai.web.xlsx import XLSX_TYPE

from .. import exports
from ..forms import ImportConfirmForm, ImportForm
from ..importing import REGISTERS, Preview, Record, Register, preview
from .action_specs import IMPORT, Confirmed
from .common import download, index_url, readable_agency, require_acting

SESSION_KEY = "registers_imports"
LIFETIME_SECONDS = 30 * 60
SHOWN_ROWS = 500  # rows to add listed on the preview page; errors are always listed in full
TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")  # secrets.token_urlsafe(32)
INVALID_TOKEN = "导入确认无效或已过期，请重新上传文件"
EXPIRED = "预览已超过30分钟，已失效，请重新上传文件"
CHANGED = "暂存的导入文件已被改动，未导入任何记录；请重新上传文件"


class Refused(Exception):
    pass


def _store() -> Path:
    return Path(settings.MEDIA_ROOT) / "register-imports"


def _sweep(store: Path) -> None:
    """Forget uploads nobody confirmed (their session entries expire on their own)."""
    limit = time.time() - 2 * LIFETIME_SECONDS
    for path in store.glob("*"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)
        except OSError:
            continue


def _keep(request: HttpRequest, agency: Agency, key: str, filename: str, content: bytes) -> str:
    store = _store()
    store.mkdir(parents=True, exist_ok=True)
    _sweep(store)
    token = secrets.token_urlsafe(32)
    (store / token).write_bytes(content)
    pending: dict[str, Any] = dict(request.session.get(SESSION_KEY) or {})
    now = time.time()
    pending = {t: e for t, e in pending.items() if now - float(e.get("at", 0)) <= LIFETIME_SECONDS}
    pending[token] = {
        "agency": agency.pk,
        "register": key,
        "filename": filename,
        "sha256": hashlib.sha256(content).hexdigest(),
        "at": now,
    }
    request.session[SESSION_KEY] = pending
    return token


def _take(request: HttpRequest, agency: Agency, key: str, token: str) -> tuple[str, bytes]:
    """The upload the token stands for, used up; Refused unless it is this user's, for this
    agency and register, recent, and unchanged."""
    pending: dict[str, Any] = dict(request.session.get(SESSION_KEY) or {})
    entry = pending.pop(token, None) if TOKEN.match(token) else None
    request.session[SESSION_KEY] = pending
    if entry is None or entry.get("agency") != agency.pk or entry.get("register") != key:
        raise Refused(INVALID_TOKEN)
    path = _store() / token
    try:
        content = path.read_bytes()
    except OSError:
        raise Refused(INVALID_TOKEN) from None
    finally:
        path.unlink(missing_ok=True)
    if time.time() - float(entry["at"]) > LIFETIME_SECONDS:
        raise Refused(EXPIRED)
    if hashlib.sha256(content).hexdigest() != entry["sha256"]:
        raise Refused(CHANGED)
    return str(entry["filename"]), content


def _register(key: str) -> Register:
    if key not in REGISTERS:
        raise Http404("该登记簿不能导入")
    return REGISTERS[key]


def _shown(register: Register, record: Record) -> list[str]:
    cells = []
    for column in register.columns:
        value = record[column.attr]
        if column.kind == "choice":
            cells.append(next(label for label, stored in column.choices if stored == value))
        elif isinstance(value, dt.date):
            cells.append(value.isoformat())
        else:
            cells.append("" if value is None else str(value))
    return cells


def _page(
    request: HttpRequest,
    agency: Agency,
    key: str,
    *,
    form: ImportForm | None = None,
    result: Preview | None = None,
    filename: str = "",
    token: str = "",
    refusal: str = "",
    status: int = 200,
) -> HttpResponse:
    register = _register(key)
    context: dict[str, Any] = {
        "agency": agency,
        "register": register,
        "form": form or ImportForm(),
        "template_url": reverse("registers:template", args=[key]),
        "list_url": reverse("registers:list", args=[agency.pk, key]),
        "back": index_url(agency),
        "refusal": refusal,
        "filename": filename,
        "token": token,
    }
    if result is not None:
        context |= {
            "result": result,
            "headers": register.headers,
            "to_add": [(number, _shown(register, record)) for number, record in result.to_add[:SHOWN_ROWS]],
            "more": max(0, len(result.to_add) - SHOWN_ROWS),
            "confirm_url": reverse("registers:import_confirm", args=[agency.pk, key]),
        }
    return render(request, "registers/import.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, agency_id: int, key: str) -> HttpResponse:
    _register(key)
    agency = readable_agency(request, agency_id)
    require_acting(request, agency)
    if request.method == "GET":
        return _page(request, agency, key)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, agency, key, form=form, status=400)
    upload = form.cleaned_data["file"]
    filename, content = str(upload.name), upload.read()
    result = preview(agency, key, filename, content)
    if not result.ok:
        return _page(request, agency, key, result=result, filename=filename, status=400)
    token = _keep(request, agency, key, filename, content) if result.to_add else ""
    return _page(request, agency, key, result=result, filename=filename, token=token)


@login_required
@require_POST
def confirm(request: HttpRequest, agency_id: int, key: str) -> HttpResponse:
    _register(key)
    agency = readable_agency(request, agency_id)
    require_acting(request, agency)
    form = ImportConfirmForm(request.POST)
    try:
        filename, content = _take(request, agency, key, request.POST.get("token", ""))
    except Refused as exc:
        return _page(request, agency, key, refusal=str(exc), status=400)
    # The registers may have changed since the preview: check the file again, as it is now.
    result = preview(agency, key, filename, content)
    if not result.ok:
        refusal = "自预览以来登记簿已有变化，文件现在有错误，未导入任何记录"
        return _page(request, agency, key, result=result, filename=filename, refusal=refusal, status=400)
    return run_action(
        request,
        IMPORT,
        Confirmed(agency, filename, result),
        form,
        rerender=lambda _form, message, status: _page(request, agency, key, refusal=message, status=status),
        done=reverse("registers:list", args=[agency.pk, key]),
    )


@login_required
@require_GET
def template(request: HttpRequest, key: str) -> HttpResponse:
    register = _register(key)
    return download(exports.template(key), XLSX_TYPE, f"{register.name}导入模板.xlsx")
