"""Medical-evidence requests: the adviser's side under evidence/requests/ (and on the case), the
clinician's side under evidence/received/."""

from django.urls import URLPattern, path

from healthjustice.collaboration.views import evidence

MADE = "evidence/requests/<uuid:evidence_id>/"
RECEIVED = "evidence/received/<uuid:evidence_id>/"

urlpatterns: list[URLPattern] = [
    # The adviser's side.
    path(
        "cases/<uuid:case_id>/evidence/new/",
        evidence.evidence_request_create,
        name="evidence_request_create",
    ),
    path("evidence/requests/", evidence.evidence_list, name="evidence_list"),
    path(MADE, evidence.evidence_detail, name="evidence_detail"),
    path(MADE + "withdraw/", evidence.evidence_withdraw, name="evidence_withdraw"),
    path("evidence/templates/", evidence.evidence_templates, name="evidence_templates"),
    path(
        "evidence/templates/change/", evidence.evidence_template_edit, name="evidence_template_edit"
    ),
    # The clinician's side.
    path("evidence/received/", evidence.evidence_inbox, name="evidence_inbox"),
    path(RECEIVED, evidence.evidence_received, name="evidence_received"),
    path(RECEIVED + "accept/", evidence.evidence_accept, name="evidence_accept"),
    path(RECEIVED + "decline/", evidence.evidence_decline, name="evidence_decline"),
    path(RECEIVED + "answer/", evidence.evidence_provide, name="evidence_provide"),
    path(RECEIVED + "draft-letter/", evidence.evidence_draft_pdf, name="evidence_draft_pdf"),
    path(
        RECEIVED + "letters/<uuid:letter_id>/",
        evidence.evidence_letter_download,
        name="evidence_letter_download",
    ),
]
