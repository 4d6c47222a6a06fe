from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from .api import api

admin.site.site_header = "EcoBureau 管理后台"
admin.site.site_title = "EcoBureau"

urlpatterns = [
    # The admin logs in through the one throttled, audited log-in page.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="accounts:login", query_string=True),
    ),
    path("admin/", admin.site.urls),
    path("accounts/", include("ecobureau.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
    path("", include("ecobureau.casework.urls")),
    path("enterprises/", include("ecobureau.enterprises.urls")),
    path("notifications/", include("ecobureau.notifications.urls")),
    path("services/", include("ecobureau.permits.urls")),
    path("complaints/", include("ecobureau.complaints.urls")),
    path("open311/", include("ecobureau.complaints.urls_open311")),
    path("rewards/", include("ecobureau.rewards.urls")),
    path("grid/", include("ecobureau.grid.urls")),
    path("monitoring/", include("ecobureau.monitoring.urls")),
    path("air/", include("ecobureau.air.urls")),
    path("enforcement/", include("ecobureau.enforcement.urls")),
    path("rectification/", include("ecobureau.rectification.urls")),
    path("credit/", include("ecobureau.credit.urls")),
    path("engagement/", include("ecobureau.engagement.urls")),
    path("quality/", include("ecobureau.quality.urls")),
    path("emergencies/", include("ecobureau.emergencies.urls")),
    path("leadership/", include("ecobureau.leadership.urls")),
    path("", include("ecobureau.portal.urls")),
]

# Under /api/ a path no operation matches answers in JSON (ecobureau/api.py).
handler404 = "ecobureau.api.not_found"
