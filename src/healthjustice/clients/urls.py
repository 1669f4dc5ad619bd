from django.urls import path

from healthjustice.clients import views

app_name = "clients"

urlpatterns = [
    path("clients/", views.client_find, name="client_find"),
    path("clients/new/", views.client_create, name="client_create"),
    path("clients/<uuid:client_id>/", views.client_detail, name="client_detail"),
    path("clients/<uuid:client_id>/edit/", views.client_edit, name="client_edit"),
    path("clients/<uuid:client_id>/consent/", views.consent_record, name="consent_record"),
    path(
        "clients/<uuid:client_id>/consent/<uuid:consent_id>/withdraw/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
]
