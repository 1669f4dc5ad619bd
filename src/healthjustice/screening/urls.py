from django.urls import path

from healthjustice.screening import views

app_name = "screening"

urlpatterns = [
    path("clients/<uuid:client_id>/screening/", views.screen, name="screen"),
    path(
        "clients/<uuid:client_id>/screening/<uuid:screening_id>/",
        views.result,
        name="result",
    ),
    path(
        "partnerships/<uuid:partnership_id>/questionnaires/",
        views.partnership_questionnaires,
        name="partnership_questionnaires",
    ),
    path(
        "partnerships/<uuid:partnership_id>/questionnaires/choose/",
        views.partnership_questionnaire_choose,
        name="partnership_questionnaire_choose",
    ),
    path(
        "partnerships/<uuid:partnership_id>/questionnaires/import/",
        views.questionnaire_import,
        name="questionnaire_import",
    ),
]
