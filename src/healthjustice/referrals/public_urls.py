"""The public self-referral pages: no sign-in, reached from a poster at a partnership site."""

from django.urls import path

from healthjustice.referrals import public_views

app_name = "self_referral"

urlpatterns = [
    path("get-advice/<uuid:site_id>/", public_views.start, name="start"),
    path("get-advice/<uuid:site_id>/sent/", public_views.done, name="done"),
    path("get-advice/<uuid:site_id>/poster.pdf", public_views.poster, name="poster"),
]
