from django.urls import path

from healthjustice.casework.views import cases, deadlines, feedback, records

app_name = "casework"

CASE = "cases/<uuid:case_id>/"

urlpatterns = [
    # Cases: lists, opening, the case page, assignment, hold and closure.
    path("cases/", cases.case_list, name="case_list"),
    path("cases/caseloads/", cases.caseloads, name="caseloads"),
    path("clients/<uuid:client_id>/cases/new/", cases.case_open, name="case_open"),
    path(
        "referrals/<uuid:referral_id>/open-case/",
        cases.case_open_from_referral,
        name="case_open_from_referral",
    ),
    path(CASE, cases.case_detail, name="case_detail"),
    path(CASE + "assign/", cases.case_assign, name="case_assign"),
    path(CASE + "hold/", cases.case_hold, name="case_hold"),
    path(CASE + "close/", cases.case_close, name="case_close"),
    # What the case holds: issues and their outcomes, notes, documents, wellbeing, shared news.
    path(CASE + "issues/new/", records.issue_add, name="issue_add"),
    path(CASE + "issues/<uuid:issue_id>/", records.issue_edit, name="issue_edit"),
    path(
        CASE + "issues/<uuid:issue_id>/outcomes/new/",
        records.outcome_add,
        name="outcome_add",
    ),
    path(CASE + "notes/new/", records.note_add, name="note_add"),
    path(CASE + "documents/new/", records.document_add, name="document_add"),
    path(
        CASE + "documents/<uuid:document_id>/",
        records.document_download,
        name="document_download",
    ),
    path(CASE + "wellbeing/<str:stage>/", records.wellbeing_record, name="wellbeing_record"),
    path(CASE + "share/", records.summary_share, name="summary_share"),
    # Deadlines.
    path(CASE + "deadlines/new/", deadlines.deadline_add, name="deadline_add"),
    path(
        CASE + "deadlines/<uuid:deadline_id>/done/",
        deadlines.deadline_complete,
        name="deadline_complete",
    ),
    path(
        CASE + "deadlines/<uuid:deadline_id>/statement/",
        deadlines.deadline_statement,
        name="deadline_statement",
    ),
    path("deadlines/overdue/", deadlines.overdue, name="overdue_deadlines"),
    # The client's own feedback: recorded by the adviser, or given by the client by a link.
    path(CASE + "client-feedback/", feedback.client_feedback, name="client_feedback"),
    path("feedback/<str:token>/", feedback.public_feedback, name="public_feedback"),
]
