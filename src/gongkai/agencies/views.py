"""The public pages of each agency's 政府信息公开指南 (Art. 12)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .models import DisclosureGuide


def _public_guides() -> list[DisclosureGuide]:
    guides = DisclosureGuide.objects.filter(published=True).select_related("agency")
    return [guide for guide in guides.order_by("agency__path") if guide.is_public]


@require_GET
def guides(request: HttpRequest) -> HttpResponse:
    return render(request, "agencies/guides.html", {"guides": _public_guides()})


@require_GET
def guide(request: HttpRequest, agency_id: int) -> HttpResponse:
    found = DisclosureGuide.objects.filter(agency_id=agency_id).select_related("agency").first()
    if found is None or not found.is_public:
        raise Http404("该机关的政府信息公开指南尚未发布")
    return render(request, "agencies/guide.html", {"guide": found})
