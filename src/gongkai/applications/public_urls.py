"""The public site: apply online, follow a case, the deadline calculator (no account needed)."""

from django.urls import URLPattern, URLResolver, path, re_path

from .views import public, records

app_name = "public"

urlpatterns: list[URLPattern | URLResolver] = [
    path("apply/", public.apply, name="apply"),
    path("apply/done/", public.apply_done, name="apply_done"),
    re_path(r"^apply/done/receipt\.(?P<fmt>html|pdf)$", public.apply_done_receipt, name="apply_done_receipt"),
    path("track/", public.track, name="track"),
    path("track/case/", public.track_case, name="track_case"),
    path("track/pending/", public.track_submission, name="track_submission"),
    path("track/pending/withdraw/", public.withdraw_submission, name="withdraw_submission"),
    path("track/case/withdraw/", public.withdraw, name="withdraw"),
    re_path(r"^track/case/letters/(?P<key>[-\w]+)\.(?P<fmt>docx|pdf)$", public.letter, name="letter"),
    re_path(r"^track/case/receipt\.(?P<fmt>html|pdf)$", public.track_receipt, name="track_receipt"),
    path("track/case/records/<int:doc>/", records.track_document, name="record"),
    path("track/leave/", public.track_leave, name="track_leave"),
    path("deadline/", public.deadline, name="deadline"),
]
