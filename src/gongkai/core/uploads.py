"""Uploads bounded while they arrive: a file past the limit is never kept whole; the file field
every attachment form shares (a catalogue item's, a case's records)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest

from .filecheck import ACCEPT, AttachmentError, check_size, format_size


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


def cap_uploads(request: HttpRequest, limit: int) -> CappedUpload:
    """Put a CappedUpload first among the request's upload handlers (before anything reads the
    upload: the view is csrf_exempt and checks the token once the handler is in place)."""
    handler = CappedUpload(request, limit)
    handlers = request.upload_handlers
    assert isinstance(handlers, list)  # still a list: nothing has read the upload yet
    handlers.insert(0, handler)
    return handler


class AttachmentUploadForm(forms.Form):
    """The file of an attachment (GONGKAI_ATTACHMENT_MAX_BYTES at most), with the reason when the
    upload handler dropped it half-way. `too_large`: CappedUpload.too_large of the request."""

    file = forms.FileField(
        label="选择文件",
        allow_empty_file=False,
        error_messages={
            "required": "请选择要上传的文件",
            "empty": "文件是空的，请选择有内容的文件",
            "invalid": "没有收到文件，请重新选择",
            "missing": "没有收到文件，请重新选择",
        },
    )

    def __init__(self, *args: Any, too_large: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.too_large = too_large
        self.fields["file"].widget.attrs["accept"] = ACCEPT

    @property
    def size_limit(self) -> str:
        return format_size(settings.GONGKAI_ATTACHMENT_MAX_BYTES)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        try:
            check_size(upload.name or "", upload.size or 0, settings.GONGKAI_ATTACHMENT_MAX_BYTES)
        except AttachmentError as error:
            raise forms.ValidationError(str(error)) from error
        return upload

    def clean(self) -> dict[str, Any] | None:
        if self.too_large:
            # The upload handler dropped the file half-way: say why instead of "no file chosen".
            self.errors.pop("file", None)
            self.add_error("file", f"文件超过了大小上限（{self.size_limit}），请压缩或拆分后再上传")
        return super().clean()
