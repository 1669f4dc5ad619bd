from django.urls import URLPattern, path

from healthjustice.collaboration.views import consultations as views

urlpatterns: list[URLPattern] = [
    path("consultations/", views.consultation_list, name="consultation_list"),
    path("consultations/new/", views.consultation_start, name="consultation_start"),
    path(
        "referrals/<uuid:referral_id>/consultations/new/",
        views.consultation_start_about_referral,
        name="consultation_start_about_referral",
    ),
    path(
        "consultations/<uuid:consultation_id>/",
        views.consultation_detail,
        name="consultation_detail",
    ),
    path(
        "consultations/<uuid:consultation_id>/reply/",
        views.consultation_reply,
        name="consultation_reply",
    ),
    path(
        "consultations/<uuid:consultation_id>/close/",
        views.consultation_close,
        name="consultation_close",
    ),
    path(
        "consultations/<uuid:consultation_id>/reopen/",
        views.consultation_reopen,
        name="consultation_reopen",
    ),
]
