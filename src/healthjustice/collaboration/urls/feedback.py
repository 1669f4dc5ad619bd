from django.urls import URLPattern, path

from healthjustice.collaboration.views import feedback as views

urlpatterns: list[URLPattern] = [
    path("referrals/<uuid:referral_id>/rating/", views.referral_rate, name="referral_rate"),
    path(
        "referrals/<uuid:referral_id>/not-appropriate/",
        views.referral_mark_not_appropriate,
        name="referral_mark_not_appropriate",
    ),
    path("learning/", views.learning_from_referrals, name="learning_from_referrals"),
]
