"""Uploads bounded while they arrive: a file past the limit is never kept whole."""

from __future__ import annotations

from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest


class CappedUpload(FileUploadHandler):
    """Stops keeping a file once it passes the size limit: the rest of the upload is read and
    dropped (so the browser gets the page back) instead of filling the temporary folder.
    `too_large` tells the view, so the form can say why the file is missing."""

    def __init__(self, request: HttpRequest, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.too_large = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if start + len(raw_data) > self.limit:
            self.too_large = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None
