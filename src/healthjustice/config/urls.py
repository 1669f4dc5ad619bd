from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("", include("healthjustice.core.urls")),
    path("", include("healthjustice.accounts.urls")),
    path("", include("healthjustice.organisations.urls")),
    path("", include("healthjustice.clients.urls")),
    path("", include("healthjustice.screening.urls")),
    path("", include("healthjustice.referrals.urls")),
    path("", include("healthjustice.referrals.public_urls")),
    path("", include("healthjustice.casework.urls")),
    path("", include("healthjustice.collaboration.urls")),
    path("language/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
]

handler400 = "healthjustice.core.errors.bad_request"
handler403 = "healthjustice.core.errors.permission_denied"
handler404 = "healthjustice.core.errors.page_not_found"
handler500 = "healthjustice.core.errors.server_error"
