"""The receipt (回执) an applicant keeps: the registration number, the 查询码, the day the
application was received and the reply deadline with its explanation, from the agency named
on its letterhead. One HTML page, printed by the browser or typeset by WeasyPrint as a PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header

from gongkai.annual_report.renderers.pdf import pdf_fonts
from gongkai.clock.deadlines import chinese_day

from . import actions
from .models import Application, Letterhead

# The page's own style sheet (a static file, for the Content-Security-Policy), inlined for WeasyPrint.
STYLE_SHEET = Path(__file__).resolve().parent.parent / "web" / "static" / "gongkai" / "receipt.css"


def grouped(code: str) -> str:
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))


def receipt_context(application: Application) -> dict[str, Any]:
    letterhead = Letterhead.objects.filter(agency=application.agency).first()
    deadline = actions.deadline_of(application)
    return {
        "application": application,
        "agency_name": (letterhead.full_name if letterhead else "") or application.agency.name,
        "address": letterhead.address if letterhead else "",
        "phone": letterhead.phone if letterhead else "",
        "code": grouped(application.tracking_code),
        "received": chinese_day(application.received_on),
        "due": chinese_day(deadline.due),
        "provisional": deadline.provisional,
        "steps": deadline.steps,
        "fonts": pdf_fonts(),
    }


def receipt_html(application: Application, *, printable: bool = True) -> str:
    context = receipt_context(application) | {"printable": printable}
    if not printable:
        context["css"] = STYLE_SHEET.read_text(encoding="utf-8")
    return render_to_string("applications/receipt/receipt.html", context)


def receipt_pdf(application: Application) -> bytes:
    from weasyprint import HTML  # imported here: loading pango takes a moment

    pdf: bytes = HTML(string=receipt_html(application, printable=False)).write_pdf()
    return pdf


def receipt_response(application: Application, fmt: str) -> HttpResponse:
    """The receipt as a page to print (fmt "html") or a PDF to download (fmt "pdf")."""
    if fmt == "html":
        response = HttpResponse(receipt_html(application), content_type="text/html; charset=utf-8")
    elif fmt == "pdf":
        response = HttpResponse(receipt_pdf(application), content_type="application/pdf")
        filename = f"{application.number}-申请回执.pdf"
        response["Content-Disposition"] = (
            content_disposition_header(as_attachment=True, filename=filename) or ""
        )
    else:
        raise Http404("不支持的格式")
    response["Cache-Control"] = "no-store, private"
    return response
