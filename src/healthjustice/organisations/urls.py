from django.urls import path

from healthjustice.organisations import views

app_name = "organisations"

urlpatterns = [
    path("organisation/", views.organisation_detail, name="organisation_detail"),
    path("organisation/edit/", views.organisation_edit, name="organisation_edit"),
    path("organisation/sites/new/", views.site_create, name="site_create"),
    path("organisation/sites/<uuid:site_id>/edit/", views.site_edit, name="site_edit"),
    path("organisation/teams/new/", views.team_create, name="team_create"),
    path("organisation/teams/<uuid:team_id>/edit/", views.team_edit, name="team_edit"),
    path("organisation/services/new/", views.service_create, name="service_create"),
    path("organisation/services/<uuid:service_id>/edit/", views.service_edit, name="service_edit"),
    path("organisation/members/", views.member_list, name="member_list"),
    path("organisation/members/new/", views.member_add, name="member_add"),
    path("organisation/members/<uuid:member_id>/", views.member_edit, name="member_edit"),
    path(
        "organisation/members/<uuid:member_id>/end-sessions/",
        views.member_end_sessions,
        name="member_end_sessions",
    ),
    path("partnerships/", views.partnership_list, name="partnership_list"),
    path("partnerships/new/", views.partnership_create, name="partnership_create"),
    path(
        "partnerships/<uuid:partnership_id>/", views.partnership_detail, name="partnership_detail"
    ),
    path(
        "partnerships/<uuid:partnership_id>/edit/", views.partnership_edit, name="partnership_edit"
    ),
    path(
        "partnerships/<uuid:partnership_id>/organisations/new/",
        views.partnership_member_add,
        name="partnership_member_add",
    ),
    path(
        "partnerships/<uuid:partnership_id>/organisations/register/",
        views.organisation_register,
        name="organisation_register",
    ),
    path(
        "partnerships/<uuid:partnership_id>/organisations/<uuid:organisation_id>/remove/",
        views.partnership_member_remove,
        name="partnership_member_remove",
    ),
    path(
        "partnerships/<uuid:partnership_id>/pathways/new/",
        views.pathway_create,
        name="pathway_create",
    ),
    path(
        "partnerships/<uuid:partnership_id>/pathways/<uuid:pathway_id>/edit/",
        views.pathway_edit,
        name="pathway_edit",
    ),
    path(
        "partnerships/<uuid:partnership_id>/funding/new/",
        views.funding_create,
        name="funding_create",
    ),
    path(
        "partnerships/<uuid:partnership_id>/funding/<uuid:funding_id>/edit/",
        views.funding_edit,
        name="funding_edit",
    ),
]
