"""The collaboration routes, one module per activity."""

from healthjustice.collaboration.urls import analytics, consultations, evidence, feedback

app_name = "collaboration"

urlpatterns = [
    *evidence.urlpatterns,
    *consultations.urlpatterns,
    *feedback.urlpatterns,
    *analytics.urlpatterns,
]
