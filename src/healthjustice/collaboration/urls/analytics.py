from django.urls import URLPattern, path

from healthjustice.collaboration.views import analytics, exchanges

PARTNERSHIP = "analytics/<uuid:partnership_id>/"

urlpatterns: list[URLPattern] = [
    # The collaboration analytics, for partnership coordinators.
    path("analytics/", analytics.analytics_overview, name="analytics_overview"),
    path(
        PARTNERSHIP + "teams/<uuid:team_id>/",
        analytics.analytics_team,
        name="analytics_team",
    ),
    path(PARTNERSHIP + "thresholds/", analytics.analytics_thresholds, name="analytics_thresholds"),
    # The information-exchange log, for those who hold the client's records.
    path(
        "clients/<uuid:client_id>/information-shared/",
        exchanges.exchanges_client,
        name="exchanges_client",
    ),
    path(
        "cases/<uuid:case_id>/information-shared/",
        exchanges.exchanges_case,
        name="exchanges_case",
    ),
]
