from django.urls import path

from healthjustice.referrals import views

app_name = "referrals"

urlpatterns = [
    path("clients/<uuid:client_id>/refer/", views.referral_create, name="referral_create"),
    path("referrals/", views.my_referrals, name="my_referrals"),
    path("referrals/team/", views.team_referrals, name="team_referrals"),
    path("referrals/inbox/", views.inbox, name="inbox"),
    path("referrals/<uuid:referral_id>/", views.referral_detail, name="referral_detail"),
    path("referrals/<uuid:referral_id>/sent/", views.referral_sent, name="referral_sent"),
    path(
        "referrals/<uuid:referral_id>/status/",
        views.referral_transition,
        name="referral_transition",
    ),
    path(
        "referrals/<uuid:referral_id>/contact-attempts/",
        views.contact_attempt_create,
        name="contact_attempt_create",
    ),
    path(
        "referrals/<uuid:referral_id>/redirect/",
        views.referral_redirect,
        name="referral_redirect",
    ),
    path(
        "referrals/<uuid:referral_id>/attachments/<uuid:attachment_id>/",
        views.attachment_download,
        name="attachment_download",
    ),
]
