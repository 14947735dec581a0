"""Top-level URLs."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("commissioning.core.urls")),
    path("", include("commissioning.programmes.urls")),
    path("", include("commissioning.plans.urls")),
    path("", include("commissioning.partnership.urls")),
    path("", include("commissioning.partnership.governance_urls")),
    path("", include("commissioning.reports.urls")),
    path("", include("commissioning.outcomes.urls")),
    path("", include("commissioning.finance.urls")),
    path("", include("commissioning.performance.urls")),
    path("", include("commissioning.commissions.urls")),
    path("api/v1/", include("commissioning.api_urls")),
    path("admin/", admin.site.urls),
]

handler404 = "commissioning.core.views.page_not_found"
