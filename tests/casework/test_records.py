"""The pages that add to a case file: issues, outcomes, notes, documents, wellbeing and summaries
shared with the referrer. Each stores what the adviser entered, refuses bad input clearly with
nothing stored, and is closed to anyone outside the advice organisation's case workers."""

import html
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.utils import timezone

from healthjustice.casework import wellbeing
from healthjustice.casework.models import (
    Case,
    CaseDocument,
    CaseIssue,
    CaseNote,
    CaseSource,
    CaseStatus,
    CountingMethod,
    IssueStatus,
    Outcome,
    SharedUpdate,
    WellbeingMeasure,
)
from healthjustice.clients.models import ConsentScope
from healthjustice.core.models import AuditAction, AuditEvent, Notification, NotificationKind
from tests.casework.factories import case_for, case_url, issue_for
from tests.clients.factories import ClientFactory, ConsentFactory
from tests.conftest import Tenant, signed_in_client
from tests.organisations.helpers import WRITES
from tests.referrals.factories import referral_for

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"


def casework_state() -> dict[str, Any]:
    """Every row of every case-file model, the notifications and the count of write events:
    equal before and after a refused request when nothing changed."""
    state: dict[str, Any] = {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model in apps.get_app_config("casework").get_models()
    }
    state["notifications"] = Notification.objects.count()
    state["writes"] = AuditEvent.objects.filter(action__in=WRITES).count()
    return state


def text(response: HttpResponse) -> str:
    return html.unescape(response.content.decode())


def flashed(response: HttpResponse) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]  # type: ignore[attr-defined]


def detail_url(case: Case, section: str) -> str:
    return f"{case_url('case_detail', case)}#{section}"


def assert_refused(response: HttpResponse, message: str, before: dict[str, Any]) -> None:
    assert response.status_code == 400
    page = text(response)
    assert "There is a problem" in page
    assert message in page
    assert casework_state() == before


# Issues -----------------------------------------------------------------------------------------


def test_an_issue_is_added_with_a_category_from_the_grouped_list(own: Tenant) -> None:
    case = case_for(own)
    adviser = signed_in_client(own.adviser)
    url = case_url("issue_add", case)

    page = text(adviser.get(url))
    assert '<optgroup label="Debt — priority">' in page
    assert '<option value="debt.priority.rent"' in page

    response = adviser.post(
        url,
        {
            "category": "benefits.personal_independence_payment",
            "advice_level": "representation",
            "description": "PIP refused after assessment.",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == detail_url(case, "issues")
    issue = CaseIssue.objects.get(case=case)
    assert issue.category == "benefits.personal_independence_payment"
    assert issue.advice_level == "representation"
    assert issue.description == "PIP refused after assessment."
    assert flashed(response) == ["Issue added: Personal Independence Payment."]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"category": "benefits.made_up"}, "Choose a category from the list."),
        ({"category": ""}, "Choose a category from the list."),
        ({"advice_level": "miracle"}, "Choose the level of advice."),
    ],
    ids=["unknown-category", "no-category", "unknown-level"],
)
def test_a_bad_issue_is_refused_and_nothing_is_stored(
    own: Tenant, change: dict[str, str], message: str
) -> None:
    case = case_for(own)
    before = casework_state()

    response = signed_in_client(own.adviser).post(
        case_url("issue_add", case),
        {"category": "debt.priority.rent", "advice_level": "advice", **change},
    )

    assert_refused(response, message, before)


def test_an_issue_is_changed_and_concluded(own: Tenant) -> None:
    case = case_for(own)
    issue = issue_for(case, description="First look.")
    url = case_url("issue_edit", case, issue_id=issue.public_id)
    adviser = signed_in_client(own.adviser)

    page = text(adviser.get(url))
    assert '<option value="benefits.personal_independence_payment" selected>' in page

    response = adviser.post(
        url,
        {
            "category": "benefits.universal_credit",
            "advice_level": "casework",
            "description": "Moved to Universal Credit.",
            "status": IssueStatus.CONCLUDED,
        },
    )

    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.category == "benefits.universal_credit"
    assert issue.description == "Moved to Universal Credit."
    assert issue.status == IssueStatus.CONCLUDED


def test_a_closed_case_refuses_a_new_issue_and_says_why(own: Tenant) -> None:
    case = case_for(own, status=CaseStatus.CLOSED, closed_at=timezone.now())
    before = casework_state()

    response = signed_in_client(own.adviser).post(
        case_url("issue_add", case), {"category": "debt.priority.rent", "advice_level": "advice"}
    )

    assert_refused(response, "This case is closed.", before)


# Outcomes ---------------------------------------------------------------------------------------


def _outcome(own: Tenant, issue: CaseIssue, **fields: str) -> HttpResponse:
    case = issue.case
    return signed_in_client(own.adviser).post(
        case_url("outcome_add", case, issue_id=issue.public_id),
        {"achieved_on": timezone.localdate().isoformat(), "evidence_note": "", **fields},
    )


def test_a_weekly_award_is_stored_with_its_yearly_amount_and_counting_method(own: Tenant) -> None:
    issue = issue_for(case_for(own))

    response = _outcome(
        own, issue, kind="new_award", amount="95.50", evidence_note="DWP award letter on file."
    )

    assert response.status_code == 302
    assert response["Location"] == detail_url(issue.case, "issues")
    outcome = Outcome.objects.get(issue=issue)
    assert outcome.amount == Decimal("95.50")
    assert outcome.annual_amount == Decimal("4966.00")
    assert outcome.counting_method == CountingMethod.WEEKLY_ANNUALISED
    assert outcome.evidence_note == "DWP award letter on file."
    assert flashed(response) == [
        "Outcome recorded: £95.50 a week, reported as £4,966.00 a year (× 52)."  # noqa: RUF001
    ]


def test_a_debt_write_off_is_stored_as_a_total_without_a_yearly_amount(own: Tenant) -> None:
    issue = issue_for(case_for(own), category="debt.priority.council_tax")

    response = _outcome(own, issue, kind="debt_written_off", amount="£1,200")

    assert response.status_code == 302
    outcome = Outcome.objects.get(issue=issue)
    assert outcome.amount == Decimal("1200.00")
    assert outcome.counting_method == CountingMethod.DEBT_TOTAL_WRITTEN_OFF
    assert outcome.annual_amount is None
    assert flashed(response) == ["Outcome recorded: £1,200.00."]


def test_the_outcome_page_groups_money_and_other_results_with_hints(own: Tenant) -> None:
    issue = issue_for(case_for(own))

    page = text(
        signed_in_client(own.adviser).get(
            case_url("outcome_add", issue.case, issue_id=issue.public_id)
        )
    )

    assert page.index(">Money<") < page.index("New award or increase") < page.index("Other results")
    assert "the weekly amount; reported as a yearly amount (× 52)" in page.lower()  # noqa: RUF001
    assert page.index("Other results") < page.index("Eviction prevented")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "eviction_prevented", "amount": "50"}, "This outcome has no amount"),
        ({"kind": "new_award", "amount": ""}, "Enter the amount in pounds."),
        ({"kind": "new_award", "amount": "0"}, "The amount must be more than £0."),
        ({"kind": "new_award", "amount": "twelve"}, "Enter the amount in pounds and pence"),
        ({"kind": "lump_sum", "amount": "12.345"}, "no more than 2 digits after the decimal"),
        (
            {
                "kind": "lump_sum",
                "amount": "300",
                "achieved_on": (timezone.localdate() + timedelta(days=1)).isoformat(),
            },
            "The date cannot be in the future.",
        ),
        ({"kind": "lump_sum", "amount": "300", "achieved_on": "2025-02-30"}, "a real date"),
        ({"kind": "promotion"}, "Choose what the result was."),
    ],
    ids=[
        "non-financial-with-amount",
        "award-without-amount",
        "zero",
        "not-a-number",
        "fractions-of-a-penny",
        "future-date",
        "impossible-date",
        "unknown-kind",
    ],
)
def test_a_bad_outcome_is_refused_and_nothing_is_stored(
    own: Tenant, fields: dict[str, str], message: str
) -> None:
    issue = issue_for(case_for(own))
    before = casework_state()

    response = _outcome(own, issue, **fields)

    assert_refused(response, message, before)


# Notes ------------------------------------------------------------------------------------------


def test_a_note_posted_from_the_case_page_is_stored_and_leads_back_to_the_notes(
    own: Tenant,
) -> None:
    case = case_for(own)

    response = signed_in_client(own.adviser).post(
        case_url("note_add", case),
        {"kind": "phone_call", "body": "Client called about the PIP form.", "occurred_at": ""},
    )

    assert response.status_code == 302
    assert response["Location"] == detail_url(case, "notes")
    note = CaseNote.objects.get(case=case)
    assert note.kind == "phone_call"
    assert note.body == "Client called about the PIP form."
    assert note.author == own.adviser.user
    assert timezone.now() - note.occurred_at < timedelta(minutes=1)


def test_a_note_keeps_the_time_it_happened(own: Tenant) -> None:
    case = case_for(own)
    when = timezone.localtime() - timedelta(days=2)

    response = signed_in_client(own.adviser).post(
        case_url("note_add", case),
        {
            "kind": "meeting",
            "body": "Met at the surgery.",
            "occurred_at": when.strftime("%Y-%m-%dT%H:%M"),
        },
    )

    assert response.status_code == 302
    assert CaseNote.objects.get().occurred_at == when.replace(second=0, microsecond=0)


def test_the_note_page_says_notes_are_privileged(own: Tenant) -> None:
    response = signed_in_client(own.adviser).get(case_url("note_add", case_for(own)))

    assert response.status_code == 200
    assert "Only your organisation can see notes" in text(response)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"body": "   "}, "Write the note."),
        (
            {"occurred_at": (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")},
            "The date cannot be in the future.",
        ),
        ({"occurred_at": "yesterday"}, "Enter the date and time as a real date and time."),
    ],
    ids=["empty", "future", "not-a-time"],
)
def test_a_refused_note_is_shown_on_its_own_page_with_what_was_written(
    own: Tenant, fields: dict[str, str], message: str
) -> None:
    case = case_for(own)
    before = casework_state()

    response = signed_in_client(own.adviser).post(
        case_url("note_add", case), {"kind": "note", "body": "Draft of the note.", **fields}
    )

    assert_refused(response, message, before)
    assert "Only your organisation can see notes" in text(response)


# Documents --------------------------------------------------------------------------------------


def test_a_document_is_added_and_only_its_organisation_can_download_it(
    own: Tenant, other: Tenant
) -> None:
    case = case_for(own)

    response = signed_in_client(own.adviser).post(
        case_url("document_add", case),
        {
            "attachment": SimpleUploadedFile("../PIP decision.pdf", PDF),
            "description": "PIP decision letter",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == detail_url(case, "documents")
    document = CaseDocument.objects.get(case=case)
    assert document.original_name == "PIP decision.pdf"
    assert document.description == "PIP decision letter"
    assert document.content_type == "application/pdf"
    assert "PIP" not in document.file.name

    url = case_url("document_download", case, document_id=document.public_id)
    download = signed_in_client(own.adviser).get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF  # type: ignore[attr-defined]
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert AuditEvent.objects.filter(
        action=AuditAction.EXPORT, object_id=str(document.public_id)
    ).exists()

    assert signed_in_client(other.adviser).get(url).status_code == 404


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("run-me.exe", b"MZ\x90\x00"),
            "The file must be a PDF, a JPEG or PNG image, or a Word document.",
        ),
        (
            SimpleUploadedFile("letter.pdf", PNG),
            "The file's contents do not match its type. Choose another file.",
        ),
        (SimpleUploadedFile("empty.pdf", b""), "The file is empty."),
        (None, "Choose a file to upload."),
    ],
    ids=["executable", "png-named-pdf", "empty", "no-file"],
)
def test_a_bad_document_is_refused_and_nothing_is_stored(
    own: Tenant, upload: SimpleUploadedFile | None, message: str
) -> None:
    case = case_for(own)
    before = casework_state()
    data: dict[str, Any] = {"description": "Letter"}
    if upload is not None:
        data["attachment"] = upload

    response = signed_in_client(own.adviser).post(case_url("document_add", case), data)

    assert_refused(response, message, before)


# Wellbeing --------------------------------------------------------------------------------------


def _answers(value: int) -> dict[str, str]:
    return {code: str(value) for code, _statement in wellbeing.ITEMS}


def test_swemwbs_answers_at_the_start_are_scored_and_shown_again_when_re_recorded(
    own: Tenant,
) -> None:
    case = case_for(own)
    adviser = signed_in_client(own.adviser)
    url = case_url("wellbeing_record", case, stage="start")

    page = text(adviser.get(url))
    assert (
        "Below are some statements about feelings and thoughts. Please tick the box that best "
        "describes your experience of each over the last 2 weeks"
    ) in page
    words = " ".join(page.split())
    for _code, statement in wellbeing.ITEMS:
        assert f"{statement} </legend>" in words
    assert page.count('type="radio"') == 35

    response = adviser.post(url, _answers(3))

    assert response.status_code == 302
    assert response["Location"] == detail_url(case, "wellbeing")
    measure = WellbeingMeasure.objects.get(case=case, stage="start")
    assert measure.raw_score == 21
    assert measure.metric_score == Decimal("19.25")
    assert measure.answers == {code: 3 for code, _statement in wellbeing.ITEMS}
    assert flashed(response) == [
        "Wellbeing at the start recorded: raw score 21 out of 35, metric score 19.25."
    ]

    again = text(adviser.get(url))
    assert again.count('value="3" checked') == 7
    assert "raw score 21 out of 35, metric score 19.25. Saving replaces them." in again


def test_a_stage_other_than_start_or_close_is_not_found(own: Tenant) -> None:
    response = signed_in_client(own.adviser).get(
        case_url("wellbeing_record", case_for(own), stage="middle")
    )

    assert response.status_code == 404


def test_swemwbs_with_an_unanswered_statement_is_refused(own: Tenant) -> None:
    case = case_for(own)
    answers = _answers(4)
    del answers["relaxed"]
    before = casework_state()

    response = signed_in_client(own.adviser).post(
        case_url("wellbeing_record", case, stage="close"), answers
    )

    assert_refused(response, "Choose an answer for “I've been feeling relaxed”.", before)


# Sharing a summary with the referrer ------------------------------------------------------------


def _referred_case(own: Tenant, *, feedback_consent: bool) -> Case:
    referral = referral_for(own, status="in_progress")
    if feedback_consent:
        ConsentFactory(
            client=referral.client,
            scope=ConsentScope.FEEDBACK_TO_REFERRER,
            recorded_by=own.referrer.user,
        )
    return case_for(own, referral=referral, source=CaseSource.REFERRAL)


def test_without_feedback_consent_the_page_explains_and_offers_no_form(own: Tenant) -> None:
    case = _referred_case(own, feedback_consent=False)
    url = case_url("summary_share", case)
    adviser = signed_in_client(own.adviser)
    explanation = "The client has not agreed to outcome feedback being sent to the referrer."

    page = adviser.get(url)
    assert page.status_code == 200
    assert explanation in text(page)
    assert "<textarea" not in text(page)
    assert "Record the client's consent" in text(page)

    before = casework_state()
    response = adviser.post(url, {"summary": "Appeal lodged."})
    assert response.status_code == 400
    assert explanation in text(response)
    assert casework_state() == before


def test_a_walk_in_case_has_no_referrer_to_share_with(own: Tenant) -> None:
    response = signed_in_client(own.adviser).get(case_url("summary_share", case_for(own)))

    assert response.status_code == 200
    assert "did not come from a professional's referral" in text(response)
    assert "<textarea" not in text(response)


def test_with_consent_the_summary_is_shared_and_the_referrer_is_told(own: Tenant) -> None:
    case = _referred_case(own, feedback_consent=True)
    adviser = signed_in_client(own.adviser)
    url = case_url("summary_share", case)

    page = text(adviser.get(url))
    assert "must not contain them" in page

    response = adviser.post(url, {"summary": "We have asked for a mandatory reconsideration."})

    assert response.status_code == 302
    assert response["Location"] == detail_url(case, "shared")
    update = SharedUpdate.objects.get(case=case)
    assert update.summary == "We have asked for a mandatory reconsideration."
    assert update.referral == case.referral
    assert update.shared_by == own.adviser.user
    notification = Notification.objects.get(recipient=own.referrer.user)
    assert notification.kind == NotificationKind.REFERRAL_FEEDBACK
    assert notification.organisation == own.health


def test_an_empty_summary_is_refused(own: Tenant) -> None:
    case = _referred_case(own, feedback_consent=True)
    before = casework_state()

    response = signed_in_client(own.adviser).post(
        case_url("summary_share", case), {"summary": "  "}
    )

    assert_refused(response, "Write the summary to share.", before)


# Who may use these pages ------------------------------------------------------------------------


def _routes(case: Case) -> list[tuple[str, str]]:
    issue = issue_for(case)
    document = CaseDocument.objects.create(
        case=case,
        file=ContentFile(PDF, name="letter.pdf"),
        original_name="letter.pdf",
        content_type="application/pdf",
        size=len(PDF),
        uploaded_by=case.adviser,
    )
    return [
        ("GET", case_url("issue_add", case)),
        ("POST", case_url("issue_add", case)),
        ("GET", case_url("issue_edit", case, issue_id=issue.public_id)),
        ("POST", case_url("issue_edit", case, issue_id=issue.public_id)),
        ("GET", case_url("outcome_add", case, issue_id=issue.public_id)),
        ("POST", case_url("outcome_add", case, issue_id=issue.public_id)),
        ("GET", case_url("note_add", case)),
        ("POST", case_url("note_add", case)),
        ("GET", case_url("document_add", case)),
        ("POST", case_url("document_add", case)),
        ("GET", case_url("document_download", case, document_id=document.public_id)),
        ("GET", case_url("wellbeing_record", case, stage="start")),
        ("POST", case_url("wellbeing_record", case, stage="close")),
        ("GET", case_url("summary_share", case)),
        ("POST", case_url("summary_share", case)),
    ]


def test_a_referrer_is_refused_every_page_and_cannot_find_an_advice_case(own: Tenant) -> None:
    referrer = signed_in_client(own.referrer)
    # A case file in the referrer's own organisation: found, so the refusal is the permission's.
    own_organisation_case = case_for(
        own, organisation=own.health, client=ClientFactory(organisation=own.health)
    )
    advice_case = case_for(own)
    before = casework_state()

    for method, url in _routes(own_organisation_case):
        response = referrer.get(url) if method == "GET" else referrer.post(url, {})
        assert response.status_code == 403, (method, url)
    for method, url in _routes(advice_case):
        response = referrer.get(url) if method == "GET" else referrer.post(url, {})
        assert response.status_code == 404, (method, url)

    assert Notification.objects.count() == before["notifications"]
    assert AuditEvent.objects.filter(action=AuditAction.PERMISSION_DENIED).count() == 30
