"""Responses shared by the apps' views."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.http import content_disposition_header


def download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    """The file as an attachment under its own (Chinese) name."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    return response
