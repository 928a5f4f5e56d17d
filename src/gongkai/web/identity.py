"""The portal's identity for every page: the site's name and the footer's 备案 lines (settings)."""

from django.conf import settings
from django.http import HttpRequest


def portal_identity(request: HttpRequest) -> dict[str, str]:
    return {
        "site_name": settings.GONGKAI_SITE_NAME,
        "site_sponsor": settings.GONGKAI_SITE_SPONSOR,
        "site_code": settings.GONGKAI_SITE_CODE,
        "site_icp": settings.GONGKAI_SITE_ICP,
        "site_psb": settings.GONGKAI_SITE_PSB,
    }
