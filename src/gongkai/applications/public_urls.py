"""The public site: apply online, follow a case, the deadline calculator (no account needed)."""

from django.urls import URLPattern, URLResolver, path, re_path

from .views import public

app_name = "public"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", public.home, name="home"),
    path("apply/", public.apply, name="apply"),
    path("apply/done/", public.apply_done, name="apply_done"),
    path("track/", public.track, name="track"),
    path("track/case/", public.track_case, name="track_case"),
    path("track/case/withdraw/", public.withdraw, name="withdraw"),
    re_path(r"^track/case/letters/(?P<key>[-\w]+)\.(?P<fmt>docx|pdf)$", public.letter, name="letter"),
    path("track/leave/", public.track_leave, name="track_leave"),
    path("deadline/", public.deadline, name="deadline"),
]
